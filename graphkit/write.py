"""ArticleGraph -> the graph store. One transaction per batch of whole articles; Cypher as constants.

Graph model (Neo4j 5 native; schema in cypher/schema.cypher):
  (:Article {id: content hash, title, source, path, url, publisher, published, ingested_at, text})
  (:ArticlePath {path, fingerprint})-[:HOLDS]->(:Article)       one per path in an article's paths
  (:Entity:<TypeLabel> {id, name, type, wikidata, aliases})
  (:Entity)-[:MENTIONED_IN {count, texts, starts, ends, rules}]->(:Article)
  (:Entity)-[:<CAMEO root type> {key, article_id, code, root, name, trigger, lemma, quad_class, goldstein,
                                 negated, modality, claimed_by, sentence, sentence_start, sentence_end,
                                 trigger_start, trigger_end, published, source}]->(:Entity)
  (:UnlinkedEvent {key, ...})-[:REPORTED_IN]->(:Article)        only with --keep-unlinked

Every article and everything derived from it is written in one transaction, so a crash or a kill
never leaves an article half-written. Articles are keyed by content hash and written only when not
stored yet, entities are MERGEd on deterministic ids, so re-running an ingest changes nothing.
A file whose content changed gets a new article id; the article previously read from the same
path is deleted with everything derived from it in that same transaction.
Relationship types and labels come only from fixed lists (cameo.REL_TYPES, TYPE_LABELS), one
constant statement each; values always travel as parameters.
"""

from __future__ import annotations

import random
import secrets
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j.exceptions import ConstraintError, Neo4jError, TransientError

from graphkit.cameo import REL_TYPES
from graphkit.config import packaged_cypher_dir
from graphkit.models import ArticleGraph, Citation, Entity
from graphkit.store import Store

# Entity type -> extra node label. Types outside this list get only :Entity.
TYPE_LABELS: dict[str, str] = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "GPE",
    "LOC": "Location",
    "FAC": "Facility",
    "NORP": "Group",
    "EVENT": "Event",
    "ROLE": "Role",
}

# Mentions linked by these rules are recorded on MENTIONED_IN but never become aliases.
NOT_ALIAS_RULES = frozenset({"pronoun"})

EXISTING_ARTICLES = "MATCH (a:Article) WHERE a.id IN $ids RETURN a.id AS id"

# Paths that hold the article their file gives, known by the file's fingerprint (sources.fingerprint:
# its bytes and the reader's revision); one index seek a path.
FINGERPRINTED_PATHS = """
UNWIND $rows AS row
MATCH (p:ArticlePath {path: row.path})-[:HOLDS]->(a:Article)
WHERE p.fingerprint = row.fingerprint
RETURN row.path AS path, a.id AS id
"""

# An article is keyed by its content, so several files can hold it: ``paths`` lists them all
# (``path`` is the one it was last read from). Articles stored before ``paths`` existed count
# their ``path`` as their only one.

# Claims the batch's articles before anything else is written. MERGE on the uniquely constrained id
# makes a concurrent writer of the same article wait for this transaction (Neo4j) or fail it with a
# ConstraintError that is retried (ArcadeDB); either way it then finds the article stored, and only
# the transaction whose token is on the new node writes its mentions and events. A plain existence
# check is not enough on Neo4j: both writers see the article missing, and both CREATE its relationships.
# The claim creates the node, so it also stamps when the article was ingested.
CLAIM_ARTICLES = """
UNWIND $ids AS id
MERGE (a:Article {id: id})
ON CREATE SET a.claim = $claim, a.ingested_at = datetime()
RETURN a.id AS id, coalesce(a.claim = $claim, false) AS claimed
"""

# Which other article a path holds now. Neither store indexes the elements of a list property, so
# each path in ``paths`` also has an (:ArticlePath)-[:HOLDS]-> node under a unique constraint: the
# lookup is one index seek, where matching ``row.path IN a.paths`` scanned every article per batch
# and made a large ingest slow down as the corpus grew.
PATH_HOLDERS = """
UNWIND $rows AS row
MATCH (:ArticlePath {path: row.path})-[:HOLDS]->(a:Article)
WHERE a.id <> row.id
RETURN a.id AS id, row.path AS path
"""

# Index the paths an article is read from (rows: id, path, fingerprint; never an empty path). A path
# read without a fingerprint (a record of a jsonl file) loses any it had.
HOLD_PATHS = """
UNWIND $rows AS row
MATCH (a:Article {id: row.id})
MERGE (p:ArticlePath {path: row.path})
SET p.fingerprint = row.fingerprint
MERGE (p)-[:HOLDS]->(a)
"""

# Take paths out of the index for one article; a path node holding nothing else goes.
UNHOLD_PATHS = """
UNWIND $rows AS row
MATCH (p:ArticlePath)-[h:HOLDS]->(:Article {id: row.id})
WHERE p.path IN row.paths
DELETE h
WITH DISTINCT p
WHERE NOT EXISTS { (p)-[:HOLDS]->() }
DELETE p
"""

# Stores written before the path index existed: index their articles' paths once. The NOT EXISTS
# keeps it a no-op (one pass over the articles) on every later ingest.
INDEX_STORED_PATHS = """
MATCH (a:Article)
WHERE a.path IS NOT NULL AND NOT EXISTS { (:ArticlePath)-[:HOLDS]->(a) }
UNWIND [p IN coalesce(a.paths, [a.path]) WHERE p <> ''] AS path
MERGE (p:ArticlePath {path: path})
MERGE (p)-[:HOLDS]->(a)
"""

# Take the paths now holding other content off the older articles; return those left with none.
RELEASE_PATHS = """
UNWIND $rows AS row
MATCH (a:Article {id: row.id})
WITH a, [p IN coalesce(a.paths, [a.path]) WHERE NOT p IN row.paths] AS kept
SET a.paths = kept, a.path = CASE WHEN a.path IN kept THEN a.path ELSE kept[0] END
WITH a, kept
WHERE size(kept) = 0
RETURN a.id AS id
"""

ENTITIES_OF_ARTICLES = """
MATCH (e:Entity)-[:MENTIONED_IN]->(a:Article)
WHERE a.id IN $ids
RETURN DISTINCT e.id AS id
"""

DELETE_EVENTS_OF_ARTICLES = "MATCH (:Entity)-[r]->(:Entity) WHERE r.article_id IN $ids DELETE r"

DELETE_UNLINKED_OF_ARTICLES = """
MATCH (u:UnlinkedEvent)-[:REPORTED_IN]->(a:Article)
WHERE a.id IN $ids
DETACH DELETE u
"""

DELETE_ARTICLES = "MATCH (a:Article) WHERE a.id IN $ids DETACH DELETE a"

DELETE_ORPHAN_ENTITIES = """
MATCH (e:Entity)
WHERE e.id IN $ids AND NOT EXISTS { (e)--() }
DELETE e
"""

MERGE_ARTICLES = """
UNWIND $rows AS row
MERGE (a:Article {id: row.id})
SET a.title = row.title, a.source = row.source, a.path = row.path, a.url = row.url,
    a.publisher = row.publisher, a.published = row.published, a.text = row.text,
    a.paths = coalesce(a.paths, []) + [p IN [row.path] WHERE NOT p IN coalesce(a.paths, [])]
REMOVE a.claim
"""

# New entities are created with their type label in the MERGE itself: ArcadeDB cannot add a label
# to a node under a uniqueness constraint (SET e:Label fails), and an id keeps the type it was
# first written with, so a later article typing it differently never clashes with the constraint.
_CREATE_ENTITIES = """
UNWIND $rows AS row
OPTIONAL MATCH (existing:Entity {{id: row.id}})
WITH row, existing
WHERE existing IS NULL
MERGE (e:{labels} {{id: row.id}})
ON CREATE SET e.name = row.name, e.type = row.type, e.wikidata = row.wikidata, e.aliases = [],
              e.country = row.country
"""

CREATE_ENTITIES: dict[str | None, str] = {
    None: _CREATE_ENTITIES.format(labels="Entity"),
    **{t: _CREATE_ENTITIES.format(labels=f"Entity:{label}") for t, label in TYPE_LABELS.items()},
}

# Aliases accumulate on the node across articles; a country code learnt later fills a missing one.
# Neo4j reads committed data without locking, so two writers could each read the old list and the
# second would drop the first's alias: writing the lock property first takes the node's write lock,
# and the list is read only after that.
ADD_ENTITY_ALIASES = """
UNWIND $rows AS row
MATCH (e:Entity {id: row.id})
SET e._lock = true
WITH e, row
SET e.aliases = e.aliases + [x IN row.aliases WHERE NOT x IN e.aliases],
    e.country = coalesce(e.country, row.country)
REMOVE e._lock
"""

# An article's relationships are CREATEd, not MERGEd: the transaction only writes articles that are
# not stored yet (see _write_tx), so none of them can exist, and MERGE would scan every relationship
# of hub entities (a country mentioned in every article), making ingest quadratic in corpus size.
# Properties go in the CREATE itself: the embedded store rewrites a relationship for every later
# SET, and creating them bare then setting them cost a quarter of an ingest's write time.
# One row per article (its node is looked up once), holding a row per entity it mentions.
CREATE_MENTIONS = """
UNWIND $rows AS row
MATCH (a:Article {id: row.article})
UNWIND row.mentions AS m
MATCH (e:Entity {id: m.entity})
CREATE (e)-[:MENTIONED_IN {count: m.count, texts: m.texts, starts: m.starts, ends: m.ends, rules: m.rules}]->(a)
"""

# What an event relationship carries besides its key (the rows _event_rows builds).
EVENT_PROPERTIES = (
    "article_id",
    "source",
    "code",
    "root",
    "name",
    "quad_class",
    "goldstein",
    "trigger",
    "lemma",
    "negated",
    "modality",
    "claimed_by",
    "sentence",
    "sentence_start",
    "sentence_end",
    "trigger_start",
    "trigger_end",
    "published",
)

_CREATE_EVENTS = """
UNWIND $rows AS row
MATCH (s:Entity {{id: row.actor}})
MATCH (t:Entity {{id: row.target}})
CREATE (s)-[:{rel_type} {{key: row.key, {properties}}}]->(t)
"""

CREATE_EVENTS: dict[str, str] = {
    t: _CREATE_EVENTS.format(rel_type=t, properties=", ".join(f"{k}: row.{k}" for k in EVENT_PROPERTIES))
    for t in REL_TYPES
}

MERGE_UNLINKED = """
UNWIND $rows AS row
MATCH (a:Article {id: row.article})
MERGE (u:UnlinkedEvent {key: row.key})
SET u += row.props
MERGE (u)-[:REPORTED_IN]->(a)
"""


GRAPH_COUNTS = """
MATCH (n)
WITH count(n) AS nodes
OPTIONAL MATCH ()-[r]->()
RETURN nodes, count(r) AS relationships
"""


def schema_statements() -> list[str]:
    """The statements of cypher/schema.cypher, comments dropped."""
    text = (packaged_cypher_dir() / "schema.cypher").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def all_statements() -> list[str]:
    """Every statement this module can send (for the Neo4j linter test)."""
    fixed = [
        EXISTING_ARTICLES,
        FINGERPRINTED_PATHS,
        CLAIM_ARTICLES,
        PATH_HOLDERS,
        HOLD_PATHS,
        UNHOLD_PATHS,
        INDEX_STORED_PATHS,
        RELEASE_PATHS,
        ENTITIES_OF_ARTICLES,
        DELETE_EVENTS_OF_ARTICLES,
        DELETE_UNLINKED_OF_ARTICLES,
        DELETE_ARTICLES,
        DELETE_ORPHAN_ENTITIES,
        MERGE_ARTICLES,
        CREATE_MENTIONS,
        MERGE_UNLINKED,
        GRAPH_COUNTS,
        ADD_ENTITY_ALIASES,
    ]
    return fixed + list(CREATE_ENTITIES.values()) + list(CREATE_EVENTS.values())


# Two ingests starting together both run CREATE ... IF NOT EXISTS; on Neo4j the slower one can
# still fail with one of these when the other's identical rule commits first. The rule exists: go on.
_SCHEMA_RACE_CODES = frozenset(
    {
        "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
        "Neo.ClientError.Schema.IndexAlreadyExists",
        "Neo.ClientError.Schema.ConstraintAlreadyExists",
    }
)


def apply_schema(store: Store) -> None:
    for statement in schema_statements():
        try:
            store.run(statement)
        except Neo4jError as exc:
            if exc.code not in _SCHEMA_RACE_CODES:
                raise
    store.run(INDEX_STORED_PATHS)


def existing_article_ids(store: Store, ids: Sequence[str]) -> set[str]:
    if not ids:
        return set()
    return {r["id"] for r in store.run(EXISTING_ARTICLES, {"ids": list(ids)})}


def fingerprinted_paths(store: Store, files: Sequence[tuple[str, str]]) -> dict[str, str]:
    """(path, fingerprint) pairs -> {path: the id of the article it holds} for the paths that hold
    an article read from a file with that fingerprint."""
    rows = [{"path": path, "fingerprint": fp} for path, fp in files if fp]
    if not rows:
        return {}
    return {r["path"]: r["id"] for r in store.run(FINGERPRINTED_PATHS, {"rows": rows})}


# ---------------------------------------------------------------- rows


def _article_row(g: ArticleGraph) -> dict[str, Any]:
    a = g.article
    return {
        "id": a.id,
        "title": a.title,
        "source": a.source,
        "path": a.path,
        "url": a.url,
        "publisher": a.publisher,
        "published": a.published,
        "text": a.text,
    }


def _standard_names(entity: Entity) -> list[str]:
    """Names a node carries whether or not an article used them (a country's inverted ISO name)."""
    return [entity.iso_name] if entity.iso_name else []


def _entity_rows(graphs: Sequence[ArticleGraph]) -> dict[str | None, list[dict[str, Any]]]:
    by_id: dict[str, dict[str, Any]] = {}
    for g in graphs:
        for m in g.mentions:
            row = by_id.setdefault(
                m.entity.id,
                {
                    "id": m.entity.id,
                    "name": m.entity.name,
                    "type": m.entity.type,
                    "wikidata": m.entity.wikidata,
                    "country": m.entity.country,
                    "aliases": _standard_names(m.entity),
                },
            )
            # Pronouns are mentions (they cite the entity) but not names: keep them out of aliases.
            if m.rule not in NOT_ALIAS_RULES and m.text not in row["aliases"]:
                row["aliases"].append(m.text)
        for e in g.events:
            for ent in (e.actor, e.target):
                by_id.setdefault(
                    ent.id,
                    {
                        "id": ent.id,
                        "name": ent.name,
                        "type": ent.type,
                        "wikidata": ent.wikidata,
                        "country": ent.country,
                        "aliases": _standard_names(ent),
                    },
                )
    grouped: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for row in by_id.values():
        grouped[row["type"] if row["type"] in TYPE_LABELS else None].append(row)
    return grouped


MENTIONS_PER_ROW = 500


def _mention_rows(graphs: Sequence[ArticleGraph]) -> list[dict[str, Any]]:
    """A row per article that mentions anything: its id and a row per entity it mentions."""
    rows = []
    for g in graphs:
        per_entity: dict[str, dict[str, Any]] = {}
        for m in g.mentions:
            row = per_entity.setdefault(
                m.entity.id,
                {"entity": m.entity.id, "texts": [], "starts": [], "ends": [], "rules": []},
            )
            row["texts"].append(m.text)
            row["starts"].append(m.start)
            row["ends"].append(m.end)
            row["rules"].append(m.rule)
        for row in per_entity.values():
            row["count"] = len(row["texts"])
        # A huge article's mentions go in several rows, so _run_rows can still keep messages small.
        for piece in chunked(per_entity.values(), MENTIONS_PER_ROW):
            rows.append({"article": g.article.id, "mentions": piece})
    return rows


def _citation_properties(c: Citation) -> dict[str, Any]:
    return {
        "sentence": c.sentence,
        "sentence_start": c.sentence_start,
        "sentence_end": c.sentence_end,
        "trigger_start": c.trigger_start,
        "trigger_end": c.trigger_end,
        "published": c.published,
    }


def _event_rows(graphs: Sequence[ArticleGraph]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in graphs:
        for e in g.events:
            c = e.citation
            grouped[e.action.rel_type].append(
                {
                    "actor": e.actor.id,
                    "target": e.target.id,
                    "key": e.key,
                    "article_id": c.article_id,
                    "source": g.article.source,
                    "code": e.action.code,
                    "root": e.action.root,
                    "name": e.action.name,
                    "quad_class": e.action.quad_class,
                    "goldstein": e.action.goldstein,
                    "trigger": e.trigger,
                    "lemma": e.lemma,
                    "negated": e.negated,
                    "modality": e.modality,
                    "claimed_by": e.claimed_by,
                    **_citation_properties(c),
                }
            )
    return grouped


def _unlinked_rows(graphs: Sequence[ArticleGraph]) -> list[dict[str, Any]]:
    rows = []
    for g in graphs:
        for u in g.unlinked:
            c = u.citation
            rows.append(
                {
                    "article": g.article.id,
                    "key": u.key,
                    "props": {
                        "article_id": c.article_id,
                        "actor_text": u.actor_text,
                        "target_text": u.target_text,
                        "code": u.action.code,
                        "root": u.action.root,
                        "rel_type": u.action.rel_type,
                        "trigger": u.trigger,
                        **_citation_properties(c),
                    },
                }
            )
    return rows


# ---------------------------------------------------------------- transactions


def _run(tx: neo4j.ManagedTransaction, query: str, **params: Any) -> list[dict[str, Any]]:
    return [r.data() for r in tx.run(query, params)]


# One Bolt message per statement: ArcadeDB refuses messages over 16 MB, and a huge message stalls
# both stores. UNWIND rows go in pieces of about this many bytes, all in the same transaction.
STATEMENT_BYTES = 2_000_000


def row_bytes(row: Any) -> int:
    """A cheap upper-bound estimate of a row's size on the wire (strings dominate)."""
    if isinstance(row, str):
        return len(row) * 2 + 8
    if isinstance(row, dict):
        return sum(len(k) + row_bytes(v) for k, v in row.items()) + 8
    if isinstance(row, (list, tuple)):
        return sum(row_bytes(v) for v in row) + 8
    return 9


def graph_bytes(g: ArticleGraph) -> int:
    """About how many bytes writing one article sends (for byte-sized write batches)."""
    a = g.article
    return (
        2 * (len(a.text) + len(a.title or ""))
        + sum(2 * len(e.citation.sentence) + 600 for e in g.events)
        + sum(2 * len(u.citation.sentence) + 600 for u in g.unlinked)
        + 120 * len(g.mentions)
    )


def _run_rows(tx: neo4j.ManagedTransaction, query: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``UNWIND $rows`` in byte-bounded pieces within the transaction."""
    results: list[dict[str, Any]] = []
    piece: list[dict[str, Any]] = []
    size = 0
    for row in rows:
        n = row_bytes(row)
        if piece and size + n > STATEMENT_BYTES:
            results += _run(tx, query, rows=piece)
            piece, size = [], 0
        piece.append(row)
        size += n
    if piece:
        results += _run(tx, query, rows=piece)
    return results


def release_paths(tx: neo4j.ManagedTransaction, held: dict[str, list[str]]) -> list[str]:
    """Take each article's given paths off it (and out of the path index); return the ids of the
    articles left with no path, which the caller deletes in the same transaction."""
    if not held:
        return []
    rows = [{"id": i, "paths": sorted(set(p))} for i, p in held.items()]
    _run(tx, UNHOLD_PATHS, rows=rows)
    return sorted(r["id"] for r in _run(tx, RELEASE_PATHS, rows=rows))


def _write_tx(tx: neo4j.ManagedTransaction, graphs: Sequence[ArticleGraph], keep_unlinked: bool) -> int:
    """Replace superseded versions, then write every article of the batch that is not stored yet.
    Returns how many of the written articles are new versions of a stored path.

    Checking inside the transaction keeps a retried or repeated write idempotent: an article that
    is already there (same content hash) is left exactly as it is."""
    claim = secrets.token_hex(8)
    claims = _run(tx, CLAIM_ARTICLES, ids=sorted({g.article.id for g in graphs}), claim=claim)
    stored = {r["id"] for r in claims if not r["claimed"]}
    fresh: dict[str, ArticleGraph] = {}
    for g in graphs:
        if g.article.id not in stored:
            fresh.setdefault(g.article.id, g)  # the same content twice in one batch is written once
    graphs = list(fresh.values())
    if not graphs:
        return 0
    article_rows = [_article_row(g) for g in graphs]
    fresh_ids = {a["id"] for a in article_rows}
    held: dict[str, list[str]] = defaultdict(list)  # older article -> the paths it loses
    path_rows = [
        {"id": g.article.id, "path": g.article.path, "fingerprint": g.article.fingerprint or None}
        for g in graphs
        if g.article.path
    ]
    for r in _run(tx, PATH_HOLDERS, rows=path_rows):
        if r["id"] not in fresh_ids:
            held[r["id"]].append(r["path"])
    replacing = len({p for paths in held.values() for p in paths})  # articles that are new versions
    # An older article another file still holds only loses this path; with none left, it goes.
    replaced = release_paths(tx, held)
    if replaced:
        touched = [r["id"] for r in _run(tx, ENTITIES_OF_ARTICLES, ids=replaced)]
        _run(tx, DELETE_EVENTS_OF_ARTICLES, ids=replaced)
        _run(tx, DELETE_UNLINKED_OF_ARTICLES, ids=replaced)
        _run(tx, DELETE_ARTICLES, ids=replaced)
    _run_rows(tx, MERGE_ARTICLES, article_rows)
    if path_rows:
        _run(tx, HOLD_PATHS, rows=path_rows)
    entity_rows = _entity_rows(graphs)
    for type_key, rows in entity_rows.items():
        _run_rows(tx, CREATE_ENTITIES[type_key], rows)
    _run_rows(tx, ADD_ENTITY_ALIASES, [r for rows in entity_rows.values() for r in rows])
    mention_rows = _mention_rows(graphs)
    if mention_rows:
        _run_rows(tx, CREATE_MENTIONS, mention_rows)
    for rel_type, rows in _event_rows(graphs).items():
        _run_rows(tx, CREATE_EVENTS[rel_type], rows)
    if keep_unlinked:
        unlinked = _unlinked_rows(graphs)
        if unlinked:
            _run_rows(tx, MERGE_UNLINKED, unlinked)
    if replaced:
        _run(tx, DELETE_ORPHAN_ENTITIES, ids=touched)
    return replacing


# The store ends a write transaction that runs longer than this (seconds); the ingest's watchdog
# covers a store that stops answering altogether.
WRITE_TIMEOUT = 300.0
_timed_write_tx = neo4j.unit_of_work(timeout=WRITE_TIMEOUT)(_write_tx)


def write_batch(store: Store, graphs: Sequence[ArticleGraph], *, keep_unlinked: bool = False) -> int:
    """Write whole articles in one transaction (all or nothing). Returns how many older versions it replaced.

    The driver's managed transaction retries transient errors; ArcadeDB can also report a
    uniqueness clash between concurrent MERGEs as ConstraintError, which is retried here too.
    """
    for attempt in range(_WRITE_ATTEMPTS):
        try:
            with store.driver.session(database=store.database) as session:
                return int(session.execute_write(_timed_write_tx, graphs, keep_unlinked))
        except Neo4jError as exc:
            if attempt == _WRITE_ATTEMPTS - 1 or not _retryable(store, exc):
                raise
            # two ingests writing the same entities collide again if they retry in step: back off
            # exponentially, with jitter, so one of them commits first
            time.sleep(min(1.0, 0.05 * 2**attempt) * random.uniform(0.5, 1.5))
    raise AssertionError("unreachable")


_WRITE_ATTEMPTS = 8


def _retryable(store: Store, exc: Neo4jError) -> bool:
    """A clash with a concurrent writer, worth one more try.

    ArcadeDB reports two transactions creating the same entity at once either as a ConstraintError
    or as a bare 50N42 "unexpected error" with no cause; on ArcadeDB a retry finds the entity stored.
    """
    if isinstance(exc, ConstraintError):
        return True
    return store.kind == "embedded" and getattr(exc, "gql_status", None) == "50N42"


@dataclass
class WriteOutcome:
    graphs: Sequence[ArticleGraph]
    error: Exception | None = None
    replaced: int = 0


def write_isolating_failures(
    store: Store,
    graphs: Sequence[ArticleGraph],
    *,
    keep_unlinked: bool = False,
    on_outcome: Callable[[WriteOutcome], None],
) -> None:
    """Write a batch in one transaction; if it fails, write each article alone so one bad article
    costs only itself. on_outcome is called for each committed (or failed) unit."""
    try:
        replaced = write_batch(store, graphs, keep_unlinked=keep_unlinked)
        on_outcome(WriteOutcome(graphs, None, replaced))
        return
    except (Neo4jError, TransientError, ValueError, TypeError) as exc:
        if len(graphs) == 1:
            on_outcome(WriteOutcome(graphs, exc))
            return
    for g in graphs:
        try:
            replaced = write_batch(store, [g], keep_unlinked=keep_unlinked)
            on_outcome(WriteOutcome([g], None, replaced))
        except (Neo4jError, TransientError, ValueError, TypeError) as exc:
            on_outcome(WriteOutcome([g], exc))


def graph_counts(store: Store) -> dict[str, int]:
    rows = store.run(GRAPH_COUNTS)
    return {"nodes": int(rows[0]["nodes"]), "relationships": int(rows[0]["relationships"])}


def chunked(items: Iterable[Any], size: int) -> Iterable[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
