"""Saved reports: cypher/reports/*.cypher -> Report, run read-only against the store -> rows.

A report is a plain Cypher file that also runs as-is in Neo4j Browser (parameters set with
``:param``). Its opening comment lines are the header::

    // name: entity-timeline
    // description: Every event an entity takes part in, in date order.
    // param: name = "Iran"          (the default, as JSON; text after it is the parameter's help)

Other comment lines are notes for the reader. Values always travel as Cypher parameters: the
defaults fill whatever the caller does not set, an unknown parameter is an error naming the valid
ones, and a value of the wrong kind ("limit=abc") is refused before the query runs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neo4j.exceptions import Neo4jError

from graphkit.config import packaged_cypher_dir
from graphkit.errors import ConfigError, StoreError
from graphkit.store import Store

_HEADER = re.compile(r"^//\s*(name|description|param)\s*:\s*(.*?)\s*$")
_PARAM_DECL = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$")
_COMMENT_LINE = re.compile(r"^\s*//.*$", re.MULTILINE)
_STRING_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class Report:
    name: str
    description: str
    params: dict[str, Any]  # parameter -> default value
    query: str  # the file's text, comments included (Neo4j and ArcadeDB both accept them)
    path: Path
    param_help: dict[str, str] = field(default_factory=dict)


def parse_report(text: str, path: Path) -> Report:
    """One .cypher file -> Report. Raises ConfigError naming the file and what is wrong with it."""
    name = path.stem
    description = ""
    params: dict[str, Any] = {}
    param_help: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("//"):
            break  # the header is the opening comment block
        m = _HEADER.match(stripped)
        if not m:
            continue
        key, value = m.groups()
        if key == "name":
            name = value
        elif key == "description":
            description = value
        else:
            decl = _PARAM_DECL.match(value)
            if not decl:
                raise ConfigError(
                    f"{path}: bad parameter line {stripped!r}; expected '// param: name = <JSON default>'"
                )
            pname, raw = decl.groups()
            try:
                default, end = json.JSONDecoder().raw_decode(raw)
            except ValueError:
                raise ConfigError(
                    f"{path}: the default of parameter {pname!r} is not JSON ({raw!r}); "
                    'quote strings: // param: name = "Iran"'
                ) from None
            params[pname] = default
            help_text = raw[end:].strip().strip("()").strip()
            if help_text:
                param_help[pname] = help_text
    query = text.strip().rstrip(";").strip()
    used = set(_PARAM_USE.findall(_STRING_LITERAL.sub("''", _COMMENT_LINE.sub("", query))))
    undeclared = sorted(used - params.keys())
    if undeclared:
        raise ConfigError(
            f"{path}: the query uses ${', $'.join(undeclared)} but the header declares no such parameter; "
            "add '// param: <name> = <default>'"
        )
    unused = sorted(params.keys() - used)
    if unused:
        raise ConfigError(f"{path}: parameter(s) {', '.join(unused)} declared but never used in the query")
    if not _COMMENT_LINE.sub("", query).strip():
        raise ConfigError(f"{path}: the report has no query")
    return Report(name, description, params, query, path, param_help)


def load_reports(directory: Path) -> dict[str, Report]:
    """Every *.cypher report in a folder, by name (sorted)."""
    if not directory.is_dir():
        raise ConfigError(
            f"no reports folder at {directory}; pass --cypher-dir pointing at graphkit's cypher/"
        )
    reports: dict[str, Report] = {}
    for path in sorted(directory.glob("*.cypher")):
        report = parse_report(path.read_text(encoding="utf-8"), path)
        if report.name in reports:
            raise ConfigError(
                f"two reports are named {report.name!r}: {reports[report.name].path} and {path}"
            )
        reports[report.name] = report
    return reports


def get_report(reports: Mapping[str, Report], name: str) -> Report:
    try:
        return reports[name]
    except KeyError:
        raise ConfigError(
            f"no report named {name!r}; reports: {', '.join(sorted(reports)) or '(none)'}"
        ) from None


def _coerce(report: Report, key: str, value: Any) -> Any:
    """Bring a CLI value to the kind of its default: 'limit=10' is a number, 'name=1984' stays text."""
    default = report.params[key]
    if default is None or value is None:
        return value
    kind = type(default)
    if kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
    elif kind is int:
        number = value if isinstance(value, int) and not isinstance(value, bool) else None
        if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
            number = int(value)
        if number is not None:
            if not -(2**63) <= number < 2**63:  # Bolt integers are 64-bit
                raise ConfigError(f"report {report.name}: parameter {key}={number} is out of range (64-bit)")
            return number
    elif kind is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif kind is str:
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return json.dumps(value)
    elif kind is list:
        if isinstance(value, list):
            return value
        return [value]
    else:
        return value
    raise ConfigError(
        f"report {report.name}: parameter {key!r} takes {kind.__name__} values like "
        f"{json.dumps(default, ensure_ascii=False)}, not {json.dumps(value, ensure_ascii=False)}"
    )


def resolve_params(report: Report, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Defaults overlaid with the given values; unknown names are an error listing the valid ones."""
    given = dict(given or {})
    unknown = sorted(given.keys() - report.params.keys())
    if unknown:
        valid = ", ".join(report.params) if report.params else "(none)"
        raise ConfigError(
            f"report {report.name} has no parameter {', '.join(unknown)}; its parameters: {valid}"
        )
    return {k: _coerce(report, k, given[k]) if k in given else v for k, v in report.params.items()}


def run_report(store: Store, report: Report, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run a report in a read transaction and return its rows as plain dicts (columns in RETURN order)."""
    values = resolve_params(report, params)
    try:
        return store.read(report.query, values)
    except Neo4jError as exc:
        raise StoreError(f"report {report.name} failed on the {store.kind} store: {exc.message}") from exc


def all_statements() -> list[str]:
    """The packaged reports' queries (for the Neo4j linter test)."""
    return [r.query for r in load_reports(packaged_cypher_dir() / "reports").values()]
