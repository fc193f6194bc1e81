"""One entity's dossier: NAME -> the canonical entity -> Dossier (aliases, events in and out, citations).

NAME is resolved by exact id, then by canonical name, then by alias, ignoring case (no fulltext
index: ArcadeDB has none). A name that fits several entities at the first level that matches is an
error listing the candidates with their ids, so the caller can repeat with the id.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from graphkit.errors import ConfigError
from graphkit.store import Store

_ENTITY_FIELDS = """e.id AS id, e.name AS name, e.type AS type, e.wikidata AS wikidata,
       COUNT { (e)-[:MENTIONED_IN]->() } AS articles"""

BY_ID = f"MATCH (e:Entity {{id: $name}}) RETURN {_ENTITY_FIELDS}"

BY_NAME = f"""
MATCH (e:Entity)
WHERE toLower(e.name) = toLower($name)
RETURN {_ENTITY_FIELDS}
ORDER BY articles DESC, id
"""

BY_ALIAS = f"""
MATCH (e:Entity)
WHERE any(alias IN coalesce(e.aliases, []) WHERE toLower(alias) = toLower($name))
RETURN {_ENTITY_FIELDS}
ORDER BY articles DESC, id
"""

SUGGEST = f"""
MATCH (e:Entity)
WHERE toLower(e.name) CONTAINS toLower($name)
   OR any(alias IN coalesce(e.aliases, []) WHERE toLower(alias) CONTAINS toLower($name))
RETURN {_ENTITY_FIELDS}
ORDER BY articles DESC, id
LIMIT 8
"""

ENTITY = """
MATCH (e:Entity {id: $id})
RETURN e.id AS id, e.name AS name, e.type AS type, e.wikidata AS wikidata, labels(e) AS labels,
       coalesce(e.aliases, []) AS aliases
"""

ALIASES = """
MATCH (e:Entity {id: $id})-[m:MENTIONED_IN]->(art:Article)
UNWIND range(0, size(m.texts) - 1) AS i
WITH art, m.texts[i] AS text, m.rules[i] AS rule
WHERE rule IS NULL OR rule <> 'pronoun'
RETURN text, count(*) AS mentions, count(DISTINCT art) AS articles
ORDER BY mentions DESC, text
"""

_EVENT_FIELDS = """type(r) AS action, r.root AS root, r.code AS code, r.name AS code_name,
       other.id AS other_id, other.name AS other_name, other.type AS other_type,
       r.trigger AS trigger, r.sentence AS sentence, coalesce(r.negated, false) AS negated,
       r.modality AS modality, r.claimed_by AS claimed_by,
       r.article_id AS article_id, coalesce(art.source, r.source) AS source, art.title AS title,
       coalesce(r.published, art.published) AS date"""

# The article is matched in its own clause with WHERE: ArcadeDB drops every row when a MATCH
# right after the event pattern uses the event's property inline ({id: r.article_id}).
EVENTS_OUT = f"""
MATCH (e:Entity {{id: $id}})-[r]->(other:Entity)
WHERE r.root IS NOT NULL
OPTIONAL MATCH (art:Article)
WHERE art.id = r.article_id
RETURN {_EVENT_FIELDS}
ORDER BY action, date, source, r.sentence_start
"""

EVENTS_IN = f"""
MATCH (other:Entity)-[r]->(e:Entity {{id: $id}})
WHERE r.root IS NOT NULL
OPTIONAL MATCH (art:Article)
WHERE art.id = r.article_id
RETURN {_EVENT_FIELDS}
ORDER BY action, date, source, r.sentence_start
"""


def all_statements() -> list[str]:
    return [BY_ID, BY_NAME, BY_ALIAS, SUGGEST, ENTITY, ALIASES, EVENTS_OUT, EVENTS_IN]


@dataclass(frozen=True)
class Alias:
    text: str
    mentions: int
    articles: int


@dataclass(frozen=True)
class DossierEvent:
    action: str  # relationship type, e.g. FIGHT
    root: str
    code: str
    code_name: str
    other_id: str  # the target of an outgoing event, the actor of an incoming one
    other_name: str
    other_type: str
    trigger: str
    sentence: str
    source: str  # article file name or url
    title: str | None
    date: str | None
    article_id: str
    negated: bool = False
    modality: str | None = None
    claimed_by: str | None = None


@dataclass(frozen=True)
class Dossier:
    id: str
    name: str
    type: str
    wikidata: str | None
    labels: tuple[str, ...]
    aliases: tuple[Alias, ...]
    articles: int
    events_out: dict[str, tuple[DossierEvent, ...]] = field(default_factory=dict)  # by action
    events_in: dict[str, tuple[DossierEvent, ...]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def resolve_entity(store: Store, name: str) -> dict[str, Any]:
    """NAME -> the one entity it names (id, name, type, wikidata, articles); ConfigError otherwise."""
    name = name.strip()
    if not name:
        raise ConfigError("give an entity name, alias or id")
    for query, how in ((BY_ID, "id"), (BY_NAME, "name"), (BY_ALIAS, "alias")):
        rows = store.read(query, {"name": name})
        if len(rows) == 1:
            return rows[0]
        if len(rows) > 1:
            listed = "; ".join(
                f"{r['name']} [{r['id']}, {r['type']}, {r['articles']} articles]" for r in rows[:12]
            )
            more = f" and {len(rows) - 12} more" if len(rows) > 12 else ""
            raise ConfigError(
                f"{name!r} is the {how} of {len(rows)} entities: {listed}{more}; repeat with one of the ids"
            )
    close = store.read(SUGGEST, {"name": name})
    hint = "; did you mean: " + "; ".join(f"{r['name']} [{r['id']}]" for r in close) if close else ""
    raise ConfigError(f"no entity has the id, name or alias {name!r}{hint}")


def _events(rows: list[dict[str, Any]]) -> dict[str, tuple[DossierEvent, ...]]:
    grouped: dict[str, list[DossierEvent]] = defaultdict(list)
    for r in rows:
        grouped[r["action"]].append(
            DossierEvent(
                action=r["action"],
                root=r["root"] or "",
                code=r["code"] or "",
                code_name=r["code_name"] or "",
                other_id=r["other_id"],
                other_name=r["other_name"] or r["other_id"],
                other_type=r["other_type"] or "",
                trigger=r["trigger"] or "",
                sentence=(r["sentence"] or "").strip(),
                source=r["source"] or "",
                title=r["title"],
                date=r["date"],
                article_id=r["article_id"] or "",
                negated=bool(r["negated"]),
                modality=r["modality"],
                claimed_by=r["claimed_by"],
            )
        )
    # CAMEO root order reads from cooperation to violence.
    return {k: tuple(v) for k, v in sorted(grouped.items(), key=lambda kv: (kv[1][0].root, kv[0]))}


def build_dossier(store: Store, name: str) -> Dossier:
    found = resolve_entity(store, name)
    entity = store.read(ENTITY, {"id": found["id"]})[0]
    aliases = tuple(
        Alias(r["text"], int(r["mentions"]), int(r["articles"]))
        for r in store.read(ALIASES, {"id": found["id"]})
    )
    # Aliases stored on the node but no longer backed by a mention still show, with zero counts.
    seen = {a.text for a in aliases}
    aliases += tuple(Alias(text, 0, 0) for text in entity["aliases"] if text not in seen)
    return Dossier(
        id=entity["id"],
        name=entity["name"] or entity["id"],
        type=entity["type"] or "",
        wikidata=entity["wikidata"],
        labels=tuple(entity["labels"] or ()),
        aliases=aliases,
        articles=int(found["articles"]),
        events_out=_events(store.read(EVENTS_OUT, {"id": found["id"]})),
        events_in=_events(store.read(EVENTS_IN, {"id": found["id"]})),
    )


def _event_line(ev: DossierEvent, outgoing: bool, me: str) -> list[str]:
    flags = []
    if ev.negated:
        flags.append("NOT")
    if ev.modality:
        flags.append(ev.modality)
    flag = f" ({', '.join(flags)})" if flags else ""
    who = f"{me} -> {ev.other_name}" if outgoing else f"{ev.other_name} -> {me}"
    head = f"  - {who}: {ev.code} {ev.code_name}{flag}, trigger “{ev.trigger}”"
    cite = f"    “{' '.join(ev.sentence.split())}” — {ev.source}"
    if ev.date:
        cite += f", {ev.date}"
    if ev.claimed_by:
        cite += f" (according to {ev.claimed_by})"
    return [head, cite]


def format_dossier(d: Dossier) -> str:
    """A plain-text dossier for the terminal."""
    lines = [f"{d.name}  [{d.id}]", f"type: {d.type}" + (f"   wikidata: {d.wikidata}" if d.wikidata else "")]
    lines.append(f"mentioned in {d.articles} article(s)")
    if d.aliases:
        lines.append("aliases: " + ", ".join(f"{a.text} ({a.mentions})" for a in d.aliases))
    for title, groups, outgoing in (
        ("Actions by", d.events_out, True),
        ("Actions on", d.events_in, False),
    ):
        total = sum(len(v) for v in groups.values())
        lines.append("")
        lines.append(f"{title} {d.name}: {total}" if total else f"{title} {d.name}: none")
        for action, events in groups.items():
            lines.append(f"{action} ({len(events)})")
            for ev in events:
                lines.extend(_event_line(ev, outgoing, d.name))
    return "\n".join(lines) + "\n"
