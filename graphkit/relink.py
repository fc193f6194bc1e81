"""The stored graph + the (updated) gazetteer -> merged entity nodes, without re-ingesting.

After aliases change (a new --aliases file, a gazetteer update), an entity node may now resolve to
another canonical entity. Relink re-resolves every node's name and aliases through the gazetteer
(exact alias or code matches only: a short form or a role is too context-dependent to rewrite
stored data with), then merges each node into its canonical one: mentions, events and their
citations move to the target, aliases are unioned, and the old node is deleted. Each merge is one
transaction, so an interrupted relink leaves every node either merged or untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import neo4j

from graphkit.cameo import REL_TYPES
from graphkit.link import Gazetteer
from graphkit.models import Entity
from graphkit.store import Store
from graphkit.write import CREATE_ENTITIES, TYPE_LABELS

EXACT_RULES = frozenset({"gazetteer", "code"})
PAGE = 500

LIST_ENTITIES = """
MATCH (e:Entity)
WHERE e.id > $after
RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases
ORDER BY e.id
LIMIT $page
"""

MOVE_MENTIONS = """
MATCH (old:Entity {id: $old})-[m:MENTIONED_IN]->(a:Article)
MATCH (new:Entity {id: $new})
MERGE (new)-[n:MENTIONED_IN]->(a)
SET n.texts = coalesce(n.texts, []) + m.texts,
    n.starts = coalesce(n.starts, []) + m.starts,
    n.ends = coalesce(n.ends, []) + m.ends,
    n.rules = coalesce(n.rules, []) + m.rules,
    n.count = coalesce(n.count, 0) + m.count
DELETE m
"""

_MOVE_OUT = """
MATCH (old:Entity {{id: $old}})-[r:{t}]->(other:Entity)
MATCH (new:Entity {{id: $new}})
WITH old, r, other, new, properties(r) AS props
WHERE other.id <> $new
MERGE (new)-[moved:{t} {{key: r.key}}]->(other)
SET moved += props
DELETE r
"""

_MOVE_IN = """
MATCH (other:Entity)-[r:{t}]->(old:Entity {{id: $old}})
MATCH (new:Entity {{id: $new}})
WITH old, r, other, new, properties(r) AS props
WHERE other.id <> $new
MERGE (other)-[moved:{t} {{key: r.key}}]->(new)
SET moved += props
DELETE r
"""

MOVE_EVENTS_OUT = {t: _MOVE_OUT.format(t=t) for t in REL_TYPES}
MOVE_EVENTS_IN = {t: _MOVE_IN.format(t=t) for t in REL_TYPES}

MERGE_ALIASES = """
MATCH (old:Entity {id: $old})
MATCH (new:Entity {id: $new})
SET new.aliases = new.aliases + [x IN coalesce(old.aliases, []) WHERE NOT x IN new.aliases]
"""

# Whatever is still attached was between the two merged nodes: an event of an entity on itself.
DELETE_OLD = "MATCH (old:Entity {id: $old}) DETACH DELETE old"


def all_statements() -> list[str]:
    return [
        LIST_ENTITIES,
        MOVE_MENTIONS,
        MERGE_ALIASES,
        DELETE_OLD,
        *MOVE_EVENTS_OUT.values(),
        *MOVE_EVENTS_IN.values(),
    ]


@dataclass(frozen=True)
class Merge:
    source_id: str
    source_name: str
    target: Entity
    via: str  # the name or alias that resolved, and the rule


def iter_entities(store: Store) -> Iterator[dict[str, Any]]:
    return store.pages(LIST_ENTITIES, "id", PAGE)


def plan(entities: Iterable[dict[str, Any]], gazetteer: Gazetteer) -> list[Merge]:
    """Pure: which stored nodes now resolve to another canonical entity."""
    merges = []
    for row in entities:
        for name in (row["name"], *(row.get("aliases") or [])):
            exact = [c for c in gazetteer.lookup(name) if c.rule in EXACT_RULES]
            targets = {c.entity.id for c in exact}
            if len(targets) != 1:
                continue  # unknown, or ambiguous: leave the node alone
            target = exact[0].entity
            if target.id != row["id"]:
                merges.append(Merge(row["id"], row["name"], target, f"{name!r} ({exact[0].rule})"))
            break
    return merges


def _merge_tx(tx: neo4j.ManagedTransaction, merge: Merge) -> None:
    label_key = merge.target.type if merge.target.type in TYPE_LABELS else None
    row = {
        "id": merge.target.id,
        "name": merge.target.name,
        "type": merge.target.type,
        "wikidata": merge.target.wikidata,
    }
    tx.run(CREATE_ENTITIES[label_key], {"rows": [row]}).consume()
    params = {"old": merge.source_id, "new": merge.target.id}
    tx.run(MOVE_MENTIONS, params).consume()
    for t in REL_TYPES:
        tx.run(MOVE_EVENTS_OUT[t], params).consume()
        tx.run(MOVE_EVENTS_IN[t], params).consume()
    tx.run(MERGE_ALIASES, params).consume()
    tx.run(DELETE_OLD, params).consume()


def relink(
    store: Store,
    gazetteer: Gazetteer,
    *,
    dry_run: bool = False,
    on_merge: Callable[[Merge], None] | None = None,
) -> list[Merge]:
    """Re-resolve every entity node and merge those that now belong to another canonical entity."""
    merges = plan(iter_entities(store), gazetteer)
    if dry_run:
        return merges
    with store.driver.session(database=store.database) as session:
        for merge in merges:
            session.execute_write(_merge_tx, merge)
            if on_merge:
                on_merge(merge)
    return merges
