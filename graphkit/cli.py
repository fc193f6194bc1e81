"""The typer app: thin commands that parse options, call one library function, and print.

Only this module prints or exits. Library errors (GraphkitError) become one line on stderr:
exit 2 for store, configuration and usage problems, exit 1 when some input failed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from graphkit.config import DEFAULT_MAX_BYTES, DEFAULT_MODEL, Settings
from graphkit.errors import GraphkitError, SourceError, StoreError

app = typer.Typer(
    name="graphkit",
    help="News articles -> a cited, CAMEO-coded who-did-what-to-whom knowledge graph (Neo4j / embedded).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

# ---------------------------------------------------------------- shared options

Uri = Annotated[
    str | None,
    typer.Option("--uri", envvar="NEO4J_URI", help="Neo4j URI (bolt:// or neo4j://). Unset: the embedded store."),
]
User = Annotated[str, typer.Option("--user", envvar="NEO4J_USERNAME", help="Neo4j user.")]
Password = Annotated[
    str | None, typer.Option("--password", envvar="NEO4J_PASSWORD", help="Neo4j password.", show_default=False)
]
Database = Annotated[
    str | None, typer.Option("--database", envvar="NEO4J_DATABASE", help="Neo4j database (default: the server's).")
]
DbDir = Annotated[
    Path, typer.Option("--db", envvar="GRAPHKIT_DB", help="Folder of the embedded store.", file_okay=False)
]
Model = Annotated[str, typer.Option("--model", envvar="GRAPHKIT_SPACY_MODEL", help="spaCy pipeline to load.")]
Aliases = Annotated[
    list[Path] | None,
    typer.Option("--aliases", help="Extra entities/aliases (YAML or CSV); repeatable.", exists=True, dir_okay=False),
]
JsonOut = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def _settings(uri: str | None, user: str, password: str | None, database: str | None, db: Path, **kw: Any) -> Settings:
    return Settings(uri=uri or None, user=user, password=password, database=database, db_dir=db, **kw)


T = TypeVar("T")


@contextmanager
def _errors() -> Iterator[None]:
    """Turn library errors into one clear line and an exit code, never a traceback."""
    try:
        yield
    except SourceError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from None
    except GraphkitError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        err.print("interrupted: every article committed so far is complete; re-run to continue", highlight=False)
        raise typer.Exit(130) from None


def _open(settings: Settings) -> Any:
    from graphkit.store import open_store

    return open_store(settings)


def _analyzer(model: str, aliases: list[Path] | None) -> Any:
    from graphkit.pipeline import load_analyzer

    return load_analyzer(model, aliases or [])


def _print_rows(rows: list[dict[str, Any]], fmt: str = "table", title: str | None = None) -> None:
    if fmt == "json":
        out.print_json(json.dumps(rows, default=str, ensure_ascii=False))
        return
    if not rows:
        out.print("(no rows)")
        return
    table = Table(title=title, show_lines=False)
    columns = list(rows[0].keys())
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*[_cell(r.get(c)) for c in columns])
    out.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _parse_params(params: list[str] | None) -> dict[str, Any]:
    parsed: dict[str, Any] = {}
    for p in params or []:
        if "=" not in p:
            raise typer.BadParameter(f"{p!r}: expected key=value", param_hint="--param")
        key, _, raw = p.partition("=")
        try:
            parsed[key.strip()] = json.loads(raw)  # numbers, booleans, lists, quoted strings
        except ValueError:
            parsed[key.strip()] = raw
    return parsed


# ---------------------------------------------------------------- commands


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (txt, md, html, json, jsonl).")],
    uri: Uri = None,
    user: User = "neo4j",
    password: Password = None,
    database: Database = None,
    db: DbDir = Path(".graphkit"),
    model: Model = DEFAULT_MODEL,
    aliases: Aliases = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes", envvar="GRAPHKIT_MAX_BYTES", help="Skip larger files.")] = DEFAULT_MAX_BYTES,
    batch_size: Annotated[int, typer.Option("--batch-size", help="spaCy nlp.pipe batch size.", min=1)] = 32,
    keep_unlinked: Annotated[bool, typer.Option("--keep-unlinked", help="Keep events whose actor or target is unlinked.")] = False,
    as_json: JsonOut = False,
) -> None:
    """Ingest articles into the graph: atomically per article, skipping unchanged content."""
    from graphkit.ingest import ingest as run_ingest

    settings = _settings(uri, user, password, database, db, spacy_model=model, max_bytes=max_bytes)
    with _errors():
        analyzer = _analyzer(model, aliases)
        with _open(settings) as store:
            summary = _with_progress(
                lambda progress: run_ingest(
                    [str(p) for p in paths],
                    store,
                    analyzer,
                    max_bytes=max_bytes,
                    batch_size=batch_size,
                    keep_unlinked=keep_unlinked,
                    on_progress=progress,
                ),
                enabled=not as_json and err.is_terminal,
            )
            where = f"{store.kind} store {store.location}"
    if as_json:
        out.print_json(json.dumps(summary.to_dict(), ensure_ascii=False))
    else:
        for w in summary.warnings:
            err.print(f"[yellow]warning:[/yellow] {w}", highlight=False)
        for e in summary.errors:
            err.print(f"[red]failed:[/red] {e}", highlight=False)
        out.print(
            f"Ingested {summary.files} files in {summary.seconds:.1f} s: {summary.new} new, "
            f"{summary.unchanged} unchanged, {summary.replaced} replaced, {summary.failed} failed\n"
            f"  entities {summary.entities} · mentions {summary.mentions} · events {summary.events}"
            f" · unlinked events {summary.unlinked_events}\n"
            f"  graph: {summary.nodes} nodes, {summary.relationships} relationships ({where})",
            highlight=False,
        )
    if summary.failed:
        raise typer.Exit(1)


def _with_progress(run: Callable[[Callable[[int, int], None] | None], T], *, enabled: bool) -> T:
    if not enabled:
        return run(None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err, transient=True
    ) as progress:
        task = progress.add_task("ingest", total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        return run(update)


@app.command()
def query(
    cypher: Annotated[str, typer.Argument(help="A Cypher statement.")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="key=value (JSON values allowed).")] = None,
    uri: Uri = None,
    user: User = "neo4j",
    password: Password = None,
    database: Database = None,
    db: DbDir = Path(".graphkit"),
    as_json: JsonOut = False,
) -> None:
    """Run a Cypher statement and print the result as a table."""
    params = _parse_params(param)
    with _errors(), _open(_settings(uri, user, password, database, db)) as store:
        from neo4j.exceptions import Neo4jError

        try:
            rows = store.run(cypher, params)
        except Neo4jError as exc:
            raise StoreError(f"query failed: {exc.message}") from exc
    _print_rows(rows, "json" if as_json else "table")


@app.command()
def doctor(
    uri: Uri = None,
    user: User = "neo4j",
    password: Password = None,
    database: Database = None,
    db: DbDir = Path(".graphkit"),
    model: Model = DEFAULT_MODEL,
) -> None:
    """Check the Python environment, the spaCy model and the graph store."""
    import importlib.metadata as md
    import platform

    ok = True

    def line(status: bool, what: str, detail: str) -> None:
        nonlocal ok
        ok &= status
        mark = "[green]ok[/green]  " if status else "[red]FAIL[/red]"
        out.print(f"{mark} {what}: {detail}", highlight=False)

    line(sys.version_info >= (3, 11), "python", platform.python_version())
    for dist in ("graphkit", "spacy", "neo4j", "arcadedb-embedded", "typer"):
        try:
            line(True, dist, md.version(dist))
        except md.PackageNotFoundError:
            line(False, dist, "not installed")
    try:
        import spacy

        nlp = spacy.load(model)
        line(True, "spaCy model", f"{model} {nlp.meta.get('version', '?')} ({', '.join(nlp.pipe_names)})")
    except Exception as exc:  # any load failure is a doctor finding, not a crash
        line(False, "spaCy model", f"{model}: {exc}; set --model or GRAPHKIT_SPACY_MODEL")
    try:
        from graphkit.write import graph_counts

        with _open(_settings(uri, user, password, database, db)) as store:
            counts = graph_counts(store)
            line(True, "graph store", f"{store.kind} {store.location}: {counts['nodes']} nodes, "
                 f"{counts['relationships']} relationships")
    except GraphkitError as exc:
        line(False, "graph store", str(exc))
    if not ok:
        raise typer.Exit(1)


if __name__ == "__main__":  # pragma: no cover
    app()
