"""The graph -> files: entities (JSONL), events (JSONL or a GDELT-like CSV), the entity graph (GraphML).

Exports stream: entities are read in pages ordered by id (``WHERE e.id > $after ... LIMIT $page``),
events per relationship type in pages ordered by their key, and each record is written as soon as it
arrives, so memory stays flat however large the graph. Offsets (``start``/``end``) are the trigger's
character offsets into the stored article text (``Article.text``), as are ``sentence_start/end``.

``system_view`` reads the same streams into the plain dataclasses ``graphkit evaluate`` scores.
"""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any, TextIO

from graphkit.cameo import REL_TYPES
from graphkit.evaluate import SystemEntity, SystemEvent
from graphkit.store import Store

PAGE = 500

ENTITY_PAGE = """
MATCH (e:Entity)
WHERE e.id > $after
WITH e ORDER BY e.id LIMIT $page
OPTIONAL MATCH (e)-[m:MENTIONED_IN]->(art:Article)
WITH e, collect(CASE WHEN art IS NULL THEN null
                ELSE {source: art.source, texts: m.texts, starts: m.starts, ends: m.ends, rules: m.rules} END) AS mentions
RETURN e.id AS id, e.name AS name, e.type AS type, e.wikidata AS wikidata, e.country AS country,
       e.aliases AS aliases, mentions
ORDER BY id
"""

# One constant statement per relationship type: keyset paging then rides each type's key index.
_EVENT_PAGE = """
MATCH (a:Entity)-[r:{rel_type}]->(t:Entity)
WHERE r.key > $after
WITH a, r, t ORDER BY r.key LIMIT $page
OPTIONAL MATCH (art:Article)
WHERE art.id = r.article_id
RETURN r.key AS key, '{rel_type}' AS rel_type,
       r.article_id AS article_id, art.title AS title, coalesce(art.source, r.source) AS source,
       coalesce(art.published, r.published) AS published,
       a.id AS actor_id, a.name AS actor_name, a.type AS actor_type, a.wikidata AS actor_wikidata,
       a.country AS actor_country,
       r.root AS root, r.code AS code, r.name AS name, r.trigger AS trigger, r.lemma AS lemma,
       r.quad_class AS quad_class, r.goldstein AS goldstein,
       t.id AS target_id, t.name AS target_name, t.type AS target_type, t.wikidata AS target_wikidata,
       t.country AS target_country,
       r.sentence AS sentence, r.sentence_start AS sentence_start, r.sentence_end AS sentence_end,
       r.trigger_start AS trigger_start, r.trigger_end AS trigger_end,
       r.negated AS negated, r.modality AS modality, r.claimed_by AS claimed_by
ORDER BY key
"""

EVENT_PAGES: dict[str, str] = {t: _EVENT_PAGE.format(rel_type=t) for t in REL_TYPES}


def all_statements() -> list[str]:
    return [ENTITY_PAGE, *EVENT_PAGES.values()]


# ---------------------------------------------------------------- streams


def iter_entities(store: Store, page: int = PAGE) -> Iterator[dict[str, Any]]:
    """Canonical entities in id order, each with its aliases and mentions (article source, text, offsets)."""
    for row in store.pages(ENTITY_PAGE, "id", page):
        mentions = []
        for m in row["mentions"]:
            texts, starts, ends = m.get("texts") or [], m.get("starts") or [], m.get("ends") or []
            rules = m.get("rules") or []
            for i, text in enumerate(texts):
                mentions.append(
                    {
                        "article": m.get("source"),
                        "text": text,
                        "start": starts[i] if i < len(starts) else None,
                        "end": ends[i] if i < len(ends) else None,
                        "rule": rules[i] if i < len(rules) else None,  # how it was linked
                    }
                )
        mentions.sort(key=lambda x: (x["article"] or "", x["start"] if x["start"] is not None else -1))
        yield {
            "id": row["id"],
            "name": row["name"],
            "type": row["type"],
            "wikidata": row["wikidata"],
            "country": row["country"],
            "aliases": list(row["aliases"] or []),
            "mentions": mentions,
        }


def iter_event_rows(store: Store, page: int = PAGE) -> Iterator[dict[str, Any]]:
    """Flat event rows (one per event edge), relationship type by type, in key order."""
    for query in EVENT_PAGES.values():
        yield from store.pages(query, "key", page)


def event_record(row: dict[str, Any]) -> dict[str, Any]:
    """A flat event row -> the nested JSONL record."""
    return {
        "key": row["key"],
        "article": {
            "id": row["article_id"],
            "title": row["title"],
            "source": row["source"],
            "published": row["published"],
        },
        "actor": {
            "id": row["actor_id"],
            "name": row["actor_name"],
            "type": row["actor_type"],
            "wikidata": row["actor_wikidata"],
            "country": row["actor_country"],
        },
        "action": {
            "type": row["rel_type"],
            "root": row["root"],
            "code": row["code"],
            "name": row["name"],
            "trigger": row["trigger"],
            "quad_class": row["quad_class"],
            "goldstein": row["goldstein"],
        },
        "target": {
            "id": row["target_id"],
            "name": row["target_name"],
            "type": row["target_type"],
            "wikidata": row["target_wikidata"],
            "country": row["target_country"],
        },
        "sentence": row["sentence"],
        "start": row["trigger_start"],
        "end": row["trigger_end"],
        "sentence_start": row["sentence_start"],
        "sentence_end": row["sentence_end"],
        "negated": bool(row["negated"]),
        "modality": row["modality"],
        "claimed_by": row["claimed_by"],
    }


def iter_events(store: Store, page: int = PAGE) -> Iterator[dict[str, Any]]:
    for row in iter_event_rows(store, page):
        yield event_record(row)


# ---------------------------------------------------------------- writers (each returns records written)


def _jsonl(records: Iterator[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_entities_jsonl(store: Store, out: TextIO, page: int = PAGE) -> int:
    return _jsonl(iter_entities(store, page), out)


def write_entities_table(store: Store, out: TextIO, page: int = PAGE, *, tsv: bool = False) -> int:
    """One entity per line (CSV or TSV): id, name, type, wikidata, aliases (JSON), mention and
    article counts. The mentions themselves are in the JSONL export."""
    writer = (
        csv.writer(
            out, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar=None, quotechar=None, lineterminator="\n"
        )
        if tsv
        else csv.writer(out, lineterminator="\n")
    )
    writer.writerow(["id", "name", "type", "wikidata", "aliases", "mentions", "articles"])
    n = 0
    for e in iter_entities(store, page):
        values = [
            e["id"],
            e["name"],
            e["type"],
            e["wikidata"] or "",
            json.dumps(e["aliases"], ensure_ascii=False),
            len(e["mentions"]),
            len({m["article"] for m in e["mentions"]}),
        ]
        writer.writerow([_tsv_value(v) for v in values] if tsv else values)
        n += 1
    return n


def write_events_jsonl(store: Store, out: TextIO, page: int = PAGE) -> int:
    return _jsonl(iter_events(store, page), out)


# GDELT-like column names and order: date, actor 1, event code / root / quad class / Goldstein,
# actor 2, then the citation.
CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    ("date", "published"),
    ("actor1_id", "actor_id"),
    ("actor1_name", "actor_name"),
    ("actor1_type", "actor_type"),
    ("actor1_wikidata", "actor_wikidata"),
    ("actor1_country_code", "actor_country"),
    ("event_code", "code"),
    ("event_root_code", "root"),
    ("event_type", "rel_type"),
    ("event_name", "name"),
    ("quad_class", "quad_class"),
    ("goldstein", "goldstein"),
    ("actor2_id", "target_id"),
    ("actor2_name", "target_name"),
    ("actor2_type", "target_type"),
    ("actor2_wikidata", "target_wikidata"),
    ("actor2_country_code", "target_country"),
    ("trigger", "trigger"),
    ("negated", "negated"),
    ("modality", "modality"),
    ("claimed_by", "claimed_by"),
    ("article_id", "article_id"),
    ("source", "source"),
    ("title", "title"),
    ("sentence", "sentence"),
    ("sentence_start", "sentence_start"),
    ("sentence_end", "sentence_end"),
    ("trigger_start", "trigger_start"),
    ("trigger_end", "trigger_end"),
    ("event_key", "key"),
)


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_events_tsv(store: Store, out: TextIO, page: int = PAGE) -> int:
    """The CSV's columns, tab-separated, one event per line (tabs and line breaks escaped)."""
    return write_events_csv(store, out, page, tsv=True)


def _tsv_value(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def write_events_csv(store: Store, out: TextIO, page: int = PAGE, *, tsv: bool = False) -> int:
    writer = (
        csv.writer(
            out, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar=None, quotechar=None, lineterminator="\n"
        )
        if tsv
        else csv.writer(out, lineterminator="\n")
    )
    writer.writerow([name for name, _ in CSV_COLUMNS])
    n = 0
    for row in iter_event_rows(store, page):
        if row.get("negated") is None:
            row = {**row, "negated": False}
        values = [_csv_value(row.get(field)) for _, field in CSV_COLUMNS]
        writer.writerow([_tsv_value(v) for v in values] if tsv else values)
        n += 1
    return n


# ---------------------------------------------------------------- GraphML

_GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_NODE_KEYS = (("name", "string"), ("type", "string"), ("wikidata", "string"), ("aliases", "string"))
_EDGE_KEYS = (
    ("type", "string"),
    ("root", "string"),
    ("code", "string"),
    ("label", "string"),
    ("trigger", "string"),
    ("goldstein", "double"),
    ("quad_class", "int"),
    ("negated", "boolean"),
    ("sentence", "string"),
    ("article", "string"),
    ("article_id", "string"),
    ("published", "string"),
)
# XML 1.0 refuses most control characters; article text can carry them.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _XML_INVALID.sub("", str(value))


def _element(tag: str, attrs: dict[str, str], data: dict[str, Any], prefix: str) -> str:
    el = ET.Element(tag, attrs)
    for key, value in data.items():
        if value is None or value == "":
            continue
        d = ET.SubElement(el, "data", {"key": f"{prefix}_{key}"})
        d.text = _xml_text(value)
    return "    " + ET.tostring(el, encoding="unicode") + "\n"


def write_graphml(store: Store, out: TextIO, page: int = PAGE) -> int:
    """Entities as nodes, events as directed edges; for Gephi, yEd, Cytoscape. Returns nodes + edges."""
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<graphml xmlns="{_GRAPHML_NS}">\n')
    for name, kind in _NODE_KEYS:
        out.write(f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{kind}"/>\n')
    for name, kind in _EDGE_KEYS:
        out.write(f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>\n')
    out.write('  <graph id="graphkit" edgedefault="directed">\n')
    n = 0
    for ent in iter_entities(store, page):
        data = {
            "name": ent["name"],
            "type": ent["type"],
            "wikidata": ent["wikidata"],
            "aliases": "; ".join(ent["aliases"]),
        }
        out.write(_element("node", {"id": _xml_text(ent["id"])}, data, "n"))
        n += 1
    for row in iter_event_rows(store, page):
        data = {
            "type": row["rel_type"],
            "root": row["root"],
            "code": row["code"],
            "label": row["name"],
            "trigger": row["trigger"],
            "goldstein": row["goldstein"],
            "quad_class": row["quad_class"],
            "negated": bool(row["negated"]),
            "sentence": row["sentence"],
            "article": row["source"],
            "article_id": row["article_id"],
            "published": row["published"],
        }
        attrs = {
            "id": _xml_text(f"{row['rel_type']}:{row['key']}"),
            "source": _xml_text(row["actor_id"]),
            "target": _xml_text(row["target_id"]),
        }
        out.write(_element("edge", attrs, data, "e"))
        n += 1
    out.write("  </graph>\n</graphml>\n")
    return n


# ---------------------------------------------------------------- the system view for evaluation


def system_view(store: Store) -> tuple[list[SystemEntity], list[SystemEvent]]:
    """The graph as graphkit.evaluate scores it: entities with their mentions, and event edges."""
    entities = [
        SystemEntity(
            id=e["id"],
            name=e["name"] or "",
            type=e["type"] or "",
            wikidata=e["wikidata"],
            aliases=tuple(e["aliases"]),
            mentions=tuple((m["article"] or "", m["text"]) for m in e["mentions"]),
        )
        for e in iter_entities(store)
    ]
    events = [
        SystemEvent(
            article=r["source"] or "",
            actor_id=r["actor_id"],
            target_id=r["target_id"],
            root=r["root"] or "",
            sentence=r["sentence"] or "",
            trigger=r["trigger"] or "",
        )
        for r in iter_event_rows(store)
    ]
    return entities, events
