"""The typer app: thin commands that parse options, call one library function, and print.

Only the CLI modules print or exit. Library errors (GraphkitError) become one line on stderr:
exit 2 for store, configuration and usage problems, exit 1 when some input failed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from graphkit.cli_common import (
    Aliases,
    Database,
    DbDir,
    FormatOpt,
    JsonOut,
    Model,
    Password,
    Uri,
    User,
    app,
    cli_errors,
    err,
    load_configured_analyzer,
    make_settings,
    open_configured,
    out,
    parse_params,
    print_rows,
)
from graphkit.cli_neo4j import register as register_neo4j_commands
from graphkit.cli_reports import register as register_report_commands
from graphkit.config import DEFAULT_MAX_BYTES, DEFAULT_MODEL
from graphkit.errors import ConfigError, GraphkitError, StoreError

T = TypeVar("T")


class Engine(StrEnum):
    """Where ingest analyses articles."""

    local = "local"
    spark = "spark"


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
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", envvar="GRAPHKIT_MAX_BYTES", help="Skip larger files.")
    ] = DEFAULT_MAX_BYTES,
    batch_size: Annotated[int, typer.Option("--batch-size", help="spaCy nlp.pipe batch size.", min=1)] = 32,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            envvar="GRAPHKIT_WORKERS",
            min=0,
            help="Analysis processes (spaCy, linking, extraction). Default: one per core, at most 4; "
            "1 for a tiny input. 0 analyses in the ingest process.",
        ),
    ] = None,
    keep_unlinked: Annotated[
        bool, typer.Option("--keep-unlinked", help="Keep events whose actor or target is unlinked.")
    ] = False,
    prune: Annotated[
        bool,
        typer.Option("--prune", help="Also remove articles whose files under PATHS are gone."),
    ] = False,
    as_json: JsonOut = False,
    engine: Annotated[
        Engine,
        typer.Option("--engine", help="local: in this process; spark: on Spark (needs graphkit[spark])."),
    ] = Engine.local,
    master: Annotated[
        str | None,
        typer.Option(
            "--master", help="Spark master URL for --engine spark (default local[*]).", show_default=False
        ),
    ] = None,
) -> None:
    """Ingest articles into the graph: atomically per article, skipping unchanged content."""
    from graphkit.ingest import ingest as run_ingest
    from graphkit.workers import open_analysis, require_model

    settings = make_settings(uri, user, password, database, db, spacy_model=model, max_bytes=max_bytes)
    with cli_errors():
        if master is not None and engine is not Engine.spark:
            raise ConfigError("--master is for --engine spark; add --engine spark, or drop --master")
        if engine is Engine.spark:
            from graphkit.spark import require_spark, spark_ingest

            require_spark()  # before the store starts: no PySpark or no Java is one line, at once
            with open_configured(settings, create=True, share=False, bulk=True) as store:
                summary = spark_ingest(
                    [str(p) for p in paths],
                    store,
                    model=model,
                    aliases=aliases or [],
                    master=master,
                    max_bytes=max_bytes,
                    batch_size=batch_size,
                    keep_unlinked=keep_unlinked,
                    prune=prune,
                )
                where = f"{store.kind} store {store.location}, on Spark"
        else:
            # Spark's executors load the model where they run, which need not be this machine.
            require_model(model)
            with (
                open_analysis(model, aliases or [], workers, paths) as analyzer,
                open_configured(settings, create=True, share=False, bulk=True) as store,
            ):
                summary = _with_progress(
                    lambda progress: run_ingest(
                        [str(p) for p in paths],
                        store,
                        analyzer,
                        max_bytes=max_bytes,
                        batch_size=batch_size,
                        keep_unlinked=keep_unlinked,
                        on_progress=progress,
                        prune=prune,
                    ),
                    bar=not as_json and err.is_terminal,
                )
                where = f"{store.kind} store {store.location}"
    if as_json:
        out.print_json(json.dumps(summary.to_dict(), ensure_ascii=False))
    else:
        for w in summary.warnings:
            err.print(f"[yellow]warning:[/yellow] {w}", highlight=False)
        for e in summary.errors:
            err.print(f"[red]failed:[/red] {e}", highlight=False)
        pruned = f", {summary.pruned} pruned" if prune else ""
        out.print(
            f"Read {summary.files} files in {summary.seconds:.1f} s. Articles: {summary.new} new, "
            f"{summary.unchanged} unchanged, {summary.replaced} replaced{pruned}; "
            f"{summary.failed} failed{' (files or records, listed above)' if summary.failed else ''}\n"
            f"  entities {summary.entities} · mentions {summary.mentions} · events {summary.events}"
            f" · unlinked events {summary.unlinked_events}\n"
            f"  graph: {summary.nodes} nodes, {summary.relationships} relationships ({where})",
            highlight=False,
        )
    if summary.failed:
        raise typer.Exit(1)


def _with_progress(run: Callable[[Callable[[int, int], None] | None], T], *, bar: bool) -> T:
    """A live bar on a terminal; otherwise a plain line every 5% on stderr, for logs and scripts."""
    if not bar:
        last = -1

        def lines(done: int, total: int) -> None:
            nonlocal last
            step = max(1, total // 20)
            if done == total or done // step != last:
                last = done // step
                print(f"progress: {done}/{total} files", file=sys.stderr, flush=True)

        return run(lines)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("ingest", total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        return run(update)


@app.command()
def query(
    cypher: Annotated[str, typer.Argument(help="A Cypher statement.")],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="key=value (JSON values allowed).")
    ] = None,
    uri: Uri = None,
    user: User = "neo4j",
    password: Password = None,
    database: Database = None,
    db: DbDir = Path(".graphkit"),
    fmt: FormatOpt = None,
    as_json: JsonOut = False,
) -> None:
    """Run a Cypher statement and print the result.

    Nodes and relationships come out with labels or type and every property; dates as ISO 8601.
    """
    params = parse_params(param)
    with cli_errors(), open_configured(make_settings(uri, user, password, database, db)) as store:
        from neo4j.exceptions import Neo4jError

        from graphkit.output import plain_rows

        try:
            rows = plain_rows(store.records(cypher, params))
        except Neo4jError as exc:
            raise StoreError(f"query failed: {exc.message}") from exc
        except (OverflowError, TypeError, ValueError) as exc:  # a parameter the driver cannot send
            raise ConfigError(f"query parameters cannot be sent: {exc}") from exc
    print_rows(rows, "json" if as_json else fmt)


@app.command()
def forget(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders whose articles to forget.")],
    uri: Uri = None,
    user: User = "neo4j",
    password: Password = None,
    database: Database = None,
    db: DbDir = Path(".graphkit"),
    as_json: JsonOut = False,
) -> None:
    """Forget files that left the corpus, removing articles no other file holds.

    Each article goes with its mentions, events and citations, in one transaction per article.
    """
    from graphkit.prune import forget as run_forget

    settings = make_settings(uri, user, password, database, db)
    with cli_errors(), open_configured(settings, share=False) as store:
        result = run_forget(store, [str(p) for p in paths])
    if as_json:
        sys.stdout.write(json.dumps({"paths": result.paths, "articles": result.articles}) + "\n")
        return
    out.print(
        f"forgot {result.paths} path(s); removed {result.articles} article(s) no other file holds",
        highlight=False,
    )
    if not result.paths:
        err.print("note: no stored article came from those paths", highlight=False)


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

        with open_configured(make_settings(uri, user, password, database, db)) as store:
            counts = graph_counts(store)
            line(
                True,
                "graph store",
                f"{store.kind} {store.location}: {counts['nodes']} nodes, "
                f"{counts['relationships']} relationships",
            )
    except GraphkitError as exc:
        line(False, "graph store", str(exc))
    if not ok:
        raise typer.Exit(1)


@app.command("eval")
def eval_(
    sets: Annotated[
        list[Path],
        typer.Argument(
            help="Gold sets: a gold .jsonl file followed by the articles it annotates, or a folder "
            "holding gold.jsonl and articles/. Several sets give one table.",
            show_default=False,
        ),
    ],
    model: Model = DEFAULT_MODEL,
    aliases: Aliases = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Details per set: every entity, misses, false positives.")
    ] = False,
    as_json: JsonOut = False,
) -> None:
    """Ingest each gold set's articles into a temporary store and score linking and events."""
    import tempfile

    from graphkit.evaluate import (
        SetScore,
        format_report,
        format_table,
        gold_sets,
        load_gold,
        report_json,
        score_events,
        score_linking,
    )
    from graphkit.export import system_view
    from graphkit.ingest import ingest as run_ingest

    scores: list[SetScore] = []
    with cli_errors():
        chosen = gold_sets(sets)
        golds = [load_gold(s.gold) for s in chosen]
        analyzer = load_configured_analyzer(model, aliases)
        with (
            tempfile.TemporaryDirectory(prefix="graphkit-eval-") as tmp,
            open_configured(
                make_settings(None, "root", None, None, Path(tmp) / "store"), create=True, share=False
            ) as store,
        ):
            for gold_set, gold_rows in zip(chosen, golds, strict=True):
                # one set at a time in an empty graph: sets may reuse file names
                store.run("MATCH (n) DETACH DELETE n")
                run_ingest([str(p) for p in gold_set.articles], store, analyzer)
                entities, events = system_view(store)
                linking = score_linking(gold_rows, entities)
                scores.append(
                    SetScore(
                        gold_set.name, len(gold_rows), linking, score_events(gold_rows, entities, events)
                    )
                )
    if as_json:
        rows = [s.row() | {"report": report_json(s.linking, s.events)} for s in scores]
        out.print_json(json.dumps(rows if len(rows) > 1 else rows[0]["report"], ensure_ascii=False))
        return
    if verbose or len(scores) == 1:
        for s in scores:
            if len(scores) > 1:
                out.print(f"== {s.name}", highlight=False, markup=False)
            out.print(format_report(s.linking, s.events, verbose=verbose), highlight=False, markup=False)
            out.print("")
    out.print(format_table(scores), highlight=False, markup=False)


@app.command()
def link(
    name: Annotated[str, typer.Argument(help="A name, alias, title or short form.")],
    date: Annotated[str | None, typer.Option("--date", help="Article date (YYYY-MM-DD) for roles.")] = None,
    aliases: Aliases = None,
    fmt: FormatOpt = None,
    as_json: JsonOut = False,
) -> None:
    """Explain how a name resolves: candidate entities, the rule that found each, and a score."""
    from graphkit.link import Gazetteer, explain

    with cli_errors():
        gazetteer = Gazetteer.load(aliases or [])
        candidates = explain(name, gazetteer, date)
    rows = [
        {
            "id": c.entity.id,
            "name": c.entity.name,
            "type": c.entity.type,
            "wikidata": c.entity.wikidata,
            "rule": c.rule,
            "score": round(c.score, 3),
        }
        for c in candidates
    ]
    print_rows(rows, "json" if as_json else fmt, title=f"{name!r} resolves to")


@app.command()
def relink(
    uri: Uri = None,
    user: User = "neo4j",
    password: Password = None,
    database: Database = None,
    db: DbDir = Path(".graphkit"),
    aliases: Aliases = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the merges without writing.")] = False,
    as_json: JsonOut = False,
) -> None:
    """Re-resolve the stored graph after alias changes: merge nodes, moving mentions, events and citations."""
    from graphkit.link import Gazetteer
    from graphkit.relink import relink as run_relink

    with cli_errors():
        gazetteer = Gazetteer.load(aliases or [])
        with open_configured(make_settings(uri, user, password, database, db), share=False) as store:
            merges = run_relink(store, gazetteer, dry_run=dry_run)
    rows = [
        {
            "from": m.source_id,
            "name": m.source_name,
            "into": m.target.id,
            "canonical": m.target.name,
            "via": m.via,
        }
        for m in merges
    ]
    if as_json:
        print_rows(rows, "json")
        return
    print_rows(rows, title="would merge" if dry_run else "merged")
    out.print(f"{len(merges)} node(s) {'to merge' if dry_run else 'merged'}", highlight=False)


# Commands that live in their own module: reports, dossiers, exports and views.
register_report_commands(app)
register_neo4j_commands(app)

if __name__ == "__main__":  # pragma: no cover
    app()
