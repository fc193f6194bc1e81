"""`graphkit neo4j start|stop|status`: a local Neo4j 5 with Browser, for people with Java but no Docker."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graphkit.cli_common import cli_errors, err, out
from graphkit.neo4j_local import DEFAULT_STATE_DIR, LocalNeo4j, running, start, stop

neo4j_app = typer.Typer(
    help="Run a local Neo4j 5 with Neo4j Browser on 127.0.0.1 (needs Java 17+; `make neo4j` builds it).",
    no_args_is_help=True,
)

StateDir = Annotated[
    Path,
    typer.Option(
        "--dir",
        envvar="GRAPHKIT_NEO4J_DIR",
        help="Folder for its data, log and credentials (neo4j.json, mode 0600).",
        file_okay=False,
    ),
]


def _describe(server: LocalNeo4j) -> None:
    out.print(f"bolt     {server.uri}", highlight=False)
    out.print(f"browser  {server.browser or '(not served)'}", highlight=False)
    out.print(f"user     {server.user}", highlight=False)
    out.print(f"password {server.password}", highlight=False)
    out.print(
        f"ingest   graphkit ingest seeds/ --uri {server.uri} --password '{server.password}'", highlight=False
    )


@neo4j_app.command("start")
def start_cmd(
    state_dir: StateDir = DEFAULT_STATE_DIR,
    bolt_port: Annotated[int, typer.Option("--bolt-port", help="0 picks a free port.", min=0)] = 7687,
    http_port: Annotated[
        int, typer.Option("--http-port", help="Neo4j Browser; 0 picks a free port.", min=0)
    ] = 7474,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Do not serve Neo4j Browser.")] = False,
) -> None:
    """Start Neo4j in the background and print its URI, Browser address and password."""
    with cli_errors():
        server = start(state_dir, bolt_port=bolt_port, http_port=http_port, browser=not no_browser)
    err.print(
        f"started Neo4j {server.version} (pid {server.pid}); data in {state_dir / 'data'}", highlight=False
    )
    _describe(server)


@neo4j_app.command("stop")
def stop_cmd(state_dir: StateDir = DEFAULT_STATE_DIR) -> None:
    """Stop the Neo4j started from this folder (its data stays)."""
    with cli_errors():
        stopped = stop(state_dir)
    if stopped is None:
        err.print(f"no local Neo4j is running from {state_dir}", highlight=False)
        return
    err.print(f"stopped Neo4j (pid {stopped.pid}); data kept in {state_dir / 'data'}", highlight=False)


@neo4j_app.command("status")
def status_cmd(state_dir: StateDir = DEFAULT_STATE_DIR) -> None:
    """Print where the local Neo4j listens; exit code 1 when it is not running."""
    with cli_errors():
        server = running(state_dir.resolve())
    if server is None:
        err.print(f"not running (start it with `graphkit neo4j start --dir {state_dir}`)", highlight=False)
        raise typer.Exit(1)
    err.print(f"running: Neo4j {server.version} (pid {server.pid})", highlight=False)
    _describe(server)


def register(app: typer.Typer) -> None:
    app.add_typer(neo4j_app, name="neo4j")
