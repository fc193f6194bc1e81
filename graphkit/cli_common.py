"""What every CLI command shares: the app, store options, error handling and table printing."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from graphkit.config import Settings
from graphkit.errors import GraphkitError, SourceError
from graphkit.output import Format, cell, columns, default_format, render


def _flag_type_hidden() -> None:
    """Typer 0.29 labels every flag `<bool>` in --help, which reads as if it took a value; show
    flags bare, as Click does."""
    from typer.core import TyperOption

    shown = TyperOption.display_type_rich

    def display(self: TyperOption, ctx: Any) -> str | None:
        return None if self.is_flag else shown(self, ctx)

    TyperOption.display_type_rich = display  # type: ignore[method-assign]


_flag_type_hidden()


def _usage_error_in_one_line(exc: Any) -> None:
    """A usage error (bad option value, missing argument) as one line naming the problem, like
    every other graphkit error, instead of a usage block and a framed panel."""
    if type(exc).__name__ == "NoArgsIsHelpError":  # the help text has been printed
        return
    ctx = getattr(exc, "ctx", None)
    hint = f" (see: {ctx.command_path} --help)" if ctx is not None else ""
    message = " ".join(str(exc.format_message()).split())
    Console(stderr=True, soft_wrap=True).print(
        f"[red]error:[/red] {message}{hint}", highlight=False, markup=True
    )


def _one_line_usage_errors() -> None:
    from typer import rich_utils

    rich_utils.rich_format_error = _usage_error_in_one_line  # type: ignore[assignment]


_one_line_usage_errors()

app = typer.Typer(
    name="graphkit",
    help="News articles -> a cited, CAMEO-coded who-did-what-to-whom knowledge graph (Neo4j / embedded).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Libraries log through `logging` (trafilatura warns on odd HTML, the driver on notifications);
# graphkit reports what matters itself, so keep their chatter off the user's terminal.
# Even their ERROR lines ("Failed to read from defunct connection") would reach stderr through
# logging's last-resort handler next to our own one-line message, so they go nowhere.
for _name in ("trafilatura", "htmldate", "courlan", "neo4j", "arcadedb_embedded", "jpype"):
    _logger = logging.getLogger(_name)
    _logger.setLevel(logging.CRITICAL)
    _logger.addHandler(logging.NullHandler())
    _logger.propagate = False


@app.callback()
def _main() -> None:
    """News articles -> a cited, CAMEO-coded who-did-what-to-whom knowledge graph (Neo4j / embedded)."""
    from graphkit.signals import install

    install()  # SIGTERM/SIGHUP take the Ctrl-C path (exit 143/129), in every command


out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

# ---------------------------------------------------------------- shared options

Uri = Annotated[
    str | None,
    typer.Option(
        "--uri", envvar="NEO4J_URI", help="Neo4j URI (bolt:// or neo4j://). Unset: the embedded store."
    ),
]
User = Annotated[str, typer.Option("--user", envvar="NEO4J_USERNAME", help="Neo4j user.")]
Password = Annotated[
    str | None,
    typer.Option("--password", envvar="NEO4J_PASSWORD", help="Neo4j password.", show_default=False),
]
Database = Annotated[
    str | None,
    typer.Option("--database", envvar="NEO4J_DATABASE", help="Neo4j database (default: the server's)."),
]
DbDir = Annotated[
    Path, typer.Option("--db", envvar="GRAPHKIT_DB", help="Folder of the embedded store.", file_okay=False)
]
Model = Annotated[str, typer.Option("--model", envvar="GRAPHKIT_SPACY_MODEL", help="spaCy pipeline to load.")]
Aliases = Annotated[
    list[Path] | None,
    typer.Option(
        "--aliases", help="Extra entities/aliases (YAML or CSV); repeatable.", exists=True, dir_okay=False
    ),
]
JsonOut = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON (same as --format json).")]
FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="table, csv, tsv, json or markdown. Default: table on a terminal, tsv otherwise.",
        show_default=False,
    ),
]


def make_settings(
    uri: str | None, user: str, password: str | None, database: str | None, db: Path, **kw: Any
) -> Settings:
    return Settings(uri=uri or None, user=user, password=password, database=database, db_dir=db, **kw)


@contextmanager
def cli_errors() -> Iterator[None]:
    """Turn library errors into one clear line and an exit code, never a traceback."""
    try:
        yield
    except SourceError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from None
    except GraphkitError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None
    except KeyboardInterrupt as exc:
        from graphkit.signals import Interrupted

        stop = exc if isinstance(exc, Interrupted) else Interrupted()
        committed = "" if stop.committed is None else f" {stop.committed} new article(s) committed;"
        err.print(
            f"interrupted ({stop.name}):{committed} every article committed so far is complete; "
            "re-run to continue",
            highlight=False,
        )
        raise typer.Exit(stop.exit_code) from None
    except Exception as exc:
        # The driver's own errors (a store gone away or refusing a statement mid-command) are a
        # store failure with one line, like the ones the store module raises itself.
        if not type(exc).__module__.startswith("neo4j"):
            raise
        from graphkit.store import describe_driver_error

        err.print(f"[red]error:[/red] {describe_driver_error(exc)}", highlight=False)
        raise typer.Exit(2) from None


def open_configured(
    settings: Settings, *, create: bool = False, share: bool = True, bulk: bool = False
) -> Any:
    """Open the store for a command. Only writers that fill a store (ingest, eval) pass
    create=True: a read in the wrong folder must not leave an empty store behind. Reads share a
    store an ingest is running; writers (ingest, relink) pass share=False and are refused. An
    ingest passes bulk=True (a fixed heap for the embedded store)."""
    from graphkit.store import open_store

    return open_store(settings, create=create, share=share, bulk=bulk)


def load_configured_analyzer(model: str, aliases: list[Path] | None) -> Any:
    from graphkit.pipeline import load_analyzer

    return load_analyzer(model, aliases or [])


def print_rows(rows: list[dict[str, Any]], fmt: str | Format | None = None, title: str | None = None) -> None:
    """Print rows in the chosen format; by default a table on a terminal and tsv otherwise."""
    chosen = Format(fmt) if fmt else default_format(out.is_terminal)
    if chosen is not Format.table:
        sys.stdout.write(render(rows, chosen))
        sys.stdout.flush()
        return
    # A table asked for in a pipe is drawn at its natural width rather than folded to 80 columns.
    console = out if out.is_terminal else Console(width=100_000, color_system=None, soft_wrap=True)
    draw_table(console, rows, title)


def draw_table(console: Console, rows: list[dict[str, Any]], title: str | None = None) -> None:
    if not rows:
        console.print("(no rows)")
        return
    table = Table(title=title, show_lines=False)
    cols = columns(rows)
    for c in cols:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*[cell(r.get(c)) for c in cols], style=None)
    console.print(table, markup=False, highlight=False)


_INT64 = (-(2**63), 2**63 - 1)


def _fits(value: Any) -> bool:
    """Bolt integers are 64-bit; a bigger one made the driver raise OverflowError mid-run."""
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return _INT64[0] <= value <= _INT64[1]
    if isinstance(value, list):
        return all(_fits(v) for v in value)
    if isinstance(value, dict):
        return all(_fits(v) for v in value.values())
    return True


def parse_params(params: list[str] | None) -> dict[str, Any]:
    """--param key=value pairs (JSON values allowed). A bad one is one line on stderr and exit 2."""
    parsed: dict[str, Any] = {}
    for p in params or []:
        key, eq, raw = p.partition("=")
        if not eq or not key.strip():
            _usage(f"--param {p!r}: expected key=value, e.g. --param limit=10")
        try:
            value = json.loads(raw)  # numbers, booleans, lists, quoted strings
        except ValueError:
            value = raw
        if not _fits(value):
            _usage(f"--param {key.strip()}={raw}: integers must lie between -2^63 and 2^63-1")
        parsed[key.strip()] = value
    return parsed


def _usage(message: str) -> NoReturn:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(2)
