"""CLI commands that read the graph: report list/run, entity dossiers, exports and the HTML view.

Thin commands: parse options, call one library function (reports, dossier, export, view), print.
Library errors become one line on stderr with exit code 2 (cli_common.cli_errors).
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console

from graphkit.cli_common import (
    Database,
    DbDir,
    FormatOpt,
    JsonOut,
    Password,
    Uri,
    User,
    cli_errors,
    draw_table,
    err,
    make_settings,
    open_configured,
    out,
    parse_params,
    print_rows,
)
from graphkit.config import Settings, reports_dir
from graphkit.errors import ConfigError
from graphkit.output import Format, default_format

CypherDir = Annotated[
    Path | None,
    typer.Option(
        "--cypher-dir",
        envvar="GRAPHKIT_CYPHER_DIR",
        help="Folder of report .cypher files (or a cypher/ folder holding reports/). "
        "Default: ./cypher/reports, else the installed copy.",
        file_okay=False,
    ),
]
Params = Annotated[
    list[str] | None,
    typer.Option("--param", "-p", help="Report parameter key=value (JSON values allowed); repeatable."),
]
OutFile = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Write to this file instead of standard output.", dir_okay=False),
]


ReportFormat = Format  # table, csv, tsv, json, markdown


class EntitiesFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"


class EventsFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"


class GraphFormat(StrEnum):
    graphml = "graphml"


def _settings(
    uri: str | None,
    user: str,
    password: str | None,
    database: str | None,
    db: Path,
    cypher_dir: Path | None = None,
) -> Settings:
    return make_settings(uri, user, password, database, db, cypher_dir=cypher_dir)


@contextlib.contextmanager
def _output(path: Path | None, newline: str | None = None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    try:
        fh = path.open("w", encoding="utf-8", newline=newline)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror}") from exc
    try:
        with fh:
            yield fh
    except OSError as exc:  # a full disk, a quota, a vanished mount: while writing or closing
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from exc


# ---------------------------------------------------------------- report list / run

report_app = typer.Typer(
    name="report",
    help="Saved Cypher reports (cypher/reports/*.cypher): list them, run one.",
    no_args_is_help=True,
)


@report_app.command("list")
def report_list(cypher_dir: CypherDir = None, fmt: FormatOpt = None, as_json: JsonOut = False) -> None:
    """List the reports with their parameters and defaults."""
    from graphkit.reports import load_reports

    with cli_errors():
        reports = load_reports(reports_dir(Settings(cypher_dir=cypher_dir)))
    rows = [
        {
            "name": r.name,
            "description": r.description,
            "parameters": ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in r.params.items()),
        }
        for r in reports.values()
    ]
    if as_json or fmt is Format.json:
        print_rows(
            [{**row, "parameters": r.params} for row, r in zip(rows, reports.values(), strict=True)], "json"
        )
    else:
        print_rows(rows, fmt)


@report_app.command("run")
def report_run(
    name: Annotated[str, typer.Argument(help="Report name (see: graphkit report list).")],
    param: Params = None,
    fmt: FormatOpt = None,
    out_file: OutFile = None,
    cypher_dir: CypherDir = None,
    uri: Uri = None,
    user: User = "neo4j",
    password: Password = None,
    database: Database = None,
    db: DbDir = Path(".graphkit"),
) -> None:
    """Run a report; parameters travel as Cypher parameters, never pasted into the query."""
    from graphkit.output import plain_rows, render
    from graphkit.reports import get_report, load_reports, resolve_params, run_report

    settings = _settings(uri, user, password, database, db, cypher_dir)
    params = parse_params(param)
    with cli_errors():
        report = get_report(load_reports(reports_dir(settings)), name)
        resolve_params(report, params)  # unknown parameters fail before the store starts
        with open_configured(settings) as store:
            rows = plain_rows(run_report(store, report, params))
        if out_file is None:
            print_rows(rows, fmt, title=report.name)
            return
        chosen = fmt or Format.tsv
        with _output(out_file, newline="") as fh:
            if chosen is Format.table:
                draw_table(
                    Console(file=fh, width=100_000, color_system=None, soft_wrap=True), rows, report.name
                )
            else:
                fh.write(render(rows, chosen))
    err.print(f"wrote {len(rows)} rows to {out_file}", highlight=False)


# ---------------------------------------------------------------- entity dossier


def entity(
    name: Annotated[str, typer.Argument(help="Entity id, canonical name or alias (case-insensitive).")],
    uri: Uri = None,
    user: User = "neo4j",
    password: Password = None,
    database: Database = None,
    db: DbDir = Path(".graphkit"),
    fmt: FormatOpt = None,
    as_json: JsonOut = False,
) -> None:
    """Print an entity's dossier: aliases, and what it did and had done to it, with citations.

    table (the default on a terminal) is the dossier as text; json is the whole dossier; csv, tsv
    and markdown give one row per event."""
    from graphkit.dossier import build_dossier, format_dossier

    with cli_errors(), open_configured(_settings(uri, user, password, database, db)) as store:
        dossier = build_dossier(store, name)
    chosen = Format.json if as_json else fmt or default_format(out.is_terminal)
    if chosen is Format.json:
        sys.stdout.write(json.dumps(dossier.to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif chosen is Format.table:
        out.print(format_dossier(dossier), highlight=False, markup=False, end="")
    else:
        rows = [
            {"direction": direction, **asdict(ev)}
            for direction, events in (("out", dossier.events_out), ("in", dossier.events_in))
            for evs in events.values()
            for ev in evs
        ]
        print_rows(rows, chosen)


# ---------------------------------------------------------------- exports

export_app = typer.Typer(
    name="export",
    help="Export the graph: entities (JSONL), events (JSONL, CSV), or the whole graph (GraphML).",
    no_args_is_help=True,
)


def _export(
    kind: str, settings: Settings, out_file: Path | None, write: Any, newline: str | None = None
) -> None:
    with cli_errors(), open_configured(settings) as store, _output(out_file, newline) as fh:
        n = write(store, fh)
    if out_file is not None:
        err.print(f"exported {n} {kind} to {out_file}", highlight=False)


@export_app.command("entities")
def export_entities(
    fmt: Annotated[
        EntitiesFormat, typer.Option("--format", "-f", help="Output format.")
    ] = EntitiesFormat.jsonl,
    out_file: OutFile = None,
    uri: Uri = None,
    user: User = "neo4j",
    password: Password = None,
    database: Database = None,
    db: DbDir = Path(".graphkit"),
) -> None:
    """One canonical entity per line: JSONL with its mentions (article, text, offsets), or CSV/TSV counts."""
    from functools import partial

    from graphkit.export import write_entities_jsonl, write_entities_table

    settings = _settings(uri, user, password, database, db)
    if fmt is EntitiesFormat.jsonl:
        _export("entities", settings, out_file, write_entities_jsonl)
    else:
        write = partial(write_entities_table, tsv=fmt is EntitiesFormat.tsv)
        _export("entities", settings, out_file, write, newline="")


@export_app.command("events")
def export_events(
    fmt: Annotated[EventsFormat, typer.Option("--format", "-f", help="Output format.")] = EventsFormat.jsonl,
    out_file: OutFile = None,
    uri: Uri = None,
    user: User = "neo4j",
    password: Password = None,
    database: Database = None,
    db: DbDir = Path(".graphkit"),
) -> None:
    """Every event: JSONL (nested, with the trigger's offsets) or a flat GDELT-like CSV or TSV."""
    from graphkit.export import write_events_csv, write_events_jsonl, write_events_tsv

    settings = _settings(uri, user, password, database, db)
    if fmt is EventsFormat.csv:
        _export("events", settings, out_file, write_events_csv, newline="")
    elif fmt is EventsFormat.tsv:
        _export("events", settings, out_file, write_events_tsv, newline="")
    else:
        _export("events", settings, out_file, write_events_jsonl)


@export_app.command("graph")
def export_graph(
    fmt: Annotated[GraphFormat, typer.Option("--format", "-f", help="Output format.")] = GraphFormat.graphml,
    out_file: OutFile = None,
    uri: Uri = None,
    user: User = "neo4j",
    password: Password = None,
    database: Database = None,
    db: DbDir = Path(".graphkit"),
) -> None:
    """Entities and events as GraphML, for Gephi, yEd or Cytoscape."""
    from graphkit.export import write_graphml

    _export("nodes and edges", _settings(uri, user, password, database, db), out_file, write_graphml)


# ---------------------------------------------------------------- view

# A report can be drawn when it returns actor, action and target columns.
_EVENT_SHAPED = [re.compile(r"\bAS actor\b"), re.compile(r"\baction\b"), re.compile(r"\bAS target\b")]


def view(
    report: Annotated[
        str | None, typer.Argument(help="Report to draw (default: who-did-what-to-whom).", show_default=False)
    ] = None,
    entity_name: Annotated[
        str | None, typer.Option("--entity", "-e", help="Draw one entity's neighbourhood instead.")
    ] = None,
    param: Params = None,
    out_file: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.", dir_okay=False)] = Path(
        "graph.html"
    ),
    limit: Annotated[
        int, typer.Option("--limit", help="At most this many edges (entity view).", min=1)
    ] = 300,
    cypher_dir: CypherDir = None,
    uri: Uri = None,
    user: User = "neo4j",
    password: Password = None,
    database: Database = None,
    db: DbDir = Path(".graphkit"),
) -> None:
    """Write an interactive graph (self-contained HTML, works offline) of a report or an entity."""
    from graphkit.dossier import resolve_entity
    from graphkit.reports import get_report, load_reports, resolve_params, run_report
    from graphkit.view import graph_from_rows, is_event_shaped, neighbourhood_rows, render_html, write_html

    settings = _settings(uri, user, password, database, db, cypher_dir)
    params = parse_params(param)
    with cli_errors():
        if report and entity_name:
            raise ConfigError("give a report or --entity, not both")
        if entity_name and params:
            raise ConfigError("--param applies to reports; --entity takes no parameters")
        rep = None
        reports = {}
        if not entity_name:
            reports = load_reports(reports_dir(settings))
            rep = get_report(reports, report or "who-did-what-to-whom")
            resolve_params(rep, params)
        with open_configured(settings) as store:
            if entity_name:
                found = resolve_entity(store, entity_name)
                rows = neighbourhood_rows(store, found["id"], limit)
                title = f"graphkit: {found['name']}"
            else:
                assert rep is not None
                rows = run_report(store, rep, params)
                title = f"graphkit: {rep.name}"
        if rows and not is_event_shaped(rows):
            drawable = [r.name for r in reports.values() if all(p.search(r.query) for p in _EVENT_SHAPED)]
            raise ConfigError(
                f"report {rep.name if rep else '?'} has no actor, action and target columns to draw; "
                f"drawable reports: {', '.join(drawable)}"
            )
        graph = graph_from_rows(rows)
        write_html(out_file, render_html(graph, title))
    err.print(f"wrote {out_file}: {len(graph.nodes)} entities, {len(graph.edges)} edges", highlight=False)


def register(app: typer.Typer) -> None:
    """Add report, entity, export and view to the graphkit app."""
    app.add_typer(report_app, name="report")
    app.add_typer(export_app, name="export")
    app.command("entity")(entity)
    app.command("view")(view)
