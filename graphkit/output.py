"""Rows -> text for a reader: a terminal table, or csv, tsv, json or markdown for pipes and files.

Values are made plain first (``plain``): nodes and relationships keep their labels or type, ids
and every property; temporal values become ISO 8601 strings. Nothing here prints; the CLI does.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

import neo4j.graph
import neo4j.time


class Format(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    markdown = "markdown"


def default_format(is_terminal: bool) -> Format:
    """A table for people; tsv for pipes and files (one line per row, nothing folded)."""
    return Format.table if is_terminal else Format.tsv


def plain(value: Any) -> Any:
    """A driver value as JSON-able data."""
    if isinstance(value, neo4j.graph.Node):
        return {
            "_id": value.element_id,
            "_labels": sorted(value.labels),
            **{k: plain(v) for k, v in value.items()},
        }
    if isinstance(value, neo4j.graph.Relationship):
        return {
            "_id": value.element_id,
            "_type": value.type,
            "_start": value.start_node.element_id if value.start_node is not None else None,
            "_end": value.end_node.element_id if value.end_node is not None else None,
            **{k: plain(v) for k, v in value.items()},
        }
    if isinstance(value, neo4j.graph.Path):
        return {
            "nodes": [plain(n) for n in value.nodes],
            "relationships": [plain(r) for r in value.relationships],
        }
    if isinstance(value, (neo4j.time.DateTime, neo4j.time.Date, neo4j.time.Time, neo4j.time.Duration)):
        return value.iso_format()
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, bytes):
        return value.hex()
    return value


def plain_rows(records: Sequence[Any]) -> list[dict[str, Any]]:
    """Driver records (or mappings) -> plain dicts, columns in RETURN order."""
    return [{k: plain(v) for k, v in (r.items() if hasattr(r, "items") else r)} for r in records]


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for r in rows:
        for k in r:
            seen.setdefault(k, None)
    return list(seen)


def _tsv_cell(value: Any) -> str:
    # One row per line, one column per tab, whatever the text holds (the convention of
    # PostgreSQL's COPY and MySQL's tab output).
    return cell(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def to_tsv(rows: Sequence[Mapping[str, Any]]) -> str:
    cols = columns(rows)
    if not cols:
        return ""
    lines = ["\t".join(_tsv_cell(c) for c in cols)]
    lines += ["\t".join(_tsv_cell(r.get(c)) for c in cols) for r in rows]
    return "\n".join(lines) + "\n"


def to_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    buf = io.StringIO()
    cols = columns(rows)
    if not cols:
        return ""
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(cols)
    for r in rows:
        writer.writerow([cell(r.get(c)) for c in cols])
    return buf.getvalue()


def to_json(rows: Sequence[Mapping[str, Any]]) -> str:
    return json.dumps([plain(dict(r)) for r in rows], ensure_ascii=False, indent=2, default=str) + "\n"


def to_markdown(rows: Sequence[Mapping[str, Any]]) -> str:
    cols = columns(rows)
    if not cols:
        return "(no rows)\n"

    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", "<br>")

    lines = ["| " + " | ".join(esc(c) for c in cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    lines += ["| " + " | ".join(esc(cell(r.get(c))) for c in cols) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def render(rows: Sequence[Mapping[str, Any]], fmt: Format) -> str:
    """csv, tsv, json or markdown text (tables are drawn by the CLI's console)."""
    return {Format.csv: to_csv, Format.tsv: to_tsv, Format.json: to_json, Format.markdown: to_markdown}[
        Format(fmt)
    ](rows)
