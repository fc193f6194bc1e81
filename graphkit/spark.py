"""Files and folders -> the graph store, on Apache Spark (``graphkit ingest --engine spark``).

Contract
    spark_ingest(paths, store, ...) -> IngestSummary, the same summary a plain ingest returns
    spark_session(master)           -> a quiet SparkSession whose Python workers run this interpreter

The driver applies the schema once and lists the files. Spark reads them (a JSONL file gives one
record per article), then spreads the articles over partitions by content hash, so every copy of
one content meets in one partition and in corpus order, as in a plain ingest. Each partition loads
the analyzer once (per Python worker, which Spark reuses), skips articles already stored before
spaCy runs, and writes through ingest's own writer: whole articles per transaction, retried, and
idempotent, so a partition Spark runs again changes nothing. Partitions send back their counts,
errors and the paths of unchanged copies; the driver records those paths (claim_paths), prunes if
asked, and counts the graph.

Executors reach the store over Bolt with the driver's connection (Store.connection); they never
start a store of their own. The embedded store listens on 127.0.0.1, so with it only local masters
work; a cluster needs a Neo4j every executor can reach.
"""

from __future__ import annotations

import contextlib
import functools
import os
import queue
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphkit.errors import ConfigError, GraphkitError
from graphkit.ingest import READ_CHUNK, STORE_TIMEOUT, IngestSummary, _Writer, corpus_files
from graphkit.models import Article
from graphkit.prune import claim_paths
from graphkit.prune import prune as run_prune
from graphkit.signals import deferred
from graphkit.sources import load_file
from graphkit.store import Connection, Store, connect
from graphkit.write import apply_schema, chunked, existing_article_ids, graph_counts

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from graphkit.pipeline import Analyzer

DEFAULT_MASTER = "local[*]"

# Spark's own logging: errors only, on stderr. Its launch banner goes to the run's log file.
_LOG4J = """\
rootLogger.level = error
rootLogger.appenderRef.console.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = spark %p %c{1}: %m%n
"""

# The position of a record in the corpus: (file number, record number in the file, article id).
Key = tuple[int, int, str]


@dataclass(frozen=True)
class _Report:
    """Something reading a file produced besides articles: an error or a warning."""

    kind: str  # "error" or "warning"
    message: str
    path: str


@dataclass
class _PartitionResult:
    summary: IngestSummary
    entity_ids: set[str] = field(default_factory=set)
    # (position, path, its file's fingerprint) of unchanged copies
    claims: list[tuple[Key, str, str]] = field(default_factory=list)
    seen_paths: set[str] = field(default_factory=set)
    failed_files: set[str] = field(default_factory=set)


# ---------------------------------------------------------------- the session


def require_spark() -> None:
    """Raise a one-line ConfigError unless PySpark and a Java for it are installed."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise ConfigError(
            "--engine spark needs PySpark: pip install 'graphkit[spark]' (or pip install pyspark)"
        ) from None
    java_home = os.environ.get("JAVA_HOME")
    if not (java_home and Path(java_home, "bin", "java").is_file()) and not shutil.which("java"):
        raise ConfigError("--engine spark needs Java 17+ for Spark: install a JDK or set JAVA_HOME")


@contextlib.contextmanager
def spark_session(master: str | None = None, *, log_dir: Path | None = None) -> Iterator[SparkSession]:
    """The active SparkSession if there is one (left running), else a new quiet one, stopped on exit.

    Python workers run this interpreter (or PYSPARK_PYTHON), so they import the same graphkit and
    spaCy model. Spark's launch lines and logs below ERROR stay off the terminal."""
    require_spark()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    own_dir = log_dir is None
    folder = Path(tempfile.mkdtemp(prefix="graphkit-spark-")) if log_dir is None else log_dir
    folder.mkdir(parents=True, exist_ok=True)
    log4j = folder / "log4j2.properties"
    log4j.write_text(_LOG4J)
    java_opts = f"-Dlog4j2.configurationFile=file:{log4j}"
    # PySpark's RDD functions run under PYSPARK_PYTHON (read when the context starts), else a bare
    # "python3" that may lack graphkit's dependencies.
    python = os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master or DEFAULT_MASTER)
        .appName("graphkit ingest")
        .config("spark.pyspark.python", python)
        .config("spark.pyspark.driver.python", sys.executable)
        .config("spark.driver.extraJavaOptions", java_opts)
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.ui.enabled", "false")
    )
    # PySpark's context takes over SIGINT (to cancel its jobs); give the caller's handler back after.
    on_sigint = (
        signal.getsignal(signal.SIGINT) if threading.current_thread() is threading.main_thread() else None
    )
    log = folder / "spark.log"
    session = None
    try:
        # A signal waits until Spark is up: interrupted mid-launch, its JVM was left running alone.
        # The JVM inherits stderr; its start-up banner goes to the log file instead.
        with deferred(), _stderr_to(log):
            try:
                session = builder.getOrCreate()
            except Exception as exc:  # PySpark's own error types: the JVM did not start, a bad master URL
                raise ConfigError(
                    f"Spark did not start on {master or DEFAULT_MASTER}: {_last_line(exc)} (log: {log})"
                ) from exc
        session.sparkContext.setLogLevel("ERROR")
        yield session
    finally:
        from pyspark import SparkContext

        with deferred():
            if session is not None:
                session.stop()
            elif SparkContext._active_spark_context is not None:
                # Interrupted between the context and the session: stop the context alone.
                SparkContext._active_spark_context.stop()
        if on_sigint is not None:
            signal.signal(signal.SIGINT, on_sigint)
        if own_dir and session is not None:
            shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def _stderr_to(path: Path) -> Iterator[None]:
    saved = os.dup(2)
    try:
        with open(path, "a") as log:
            os.dup2(log.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


# ---------------------------------------------------------------- executors


def _load(item: tuple[int, str], max_bytes: int) -> Iterator[tuple[Key, Article | _Report]]:
    """One file -> its articles keyed by their place in the corpus, and what went wrong reading it."""
    number, path = item
    loaded = load_file(Path(path), max_bytes=max_bytes)
    for w in loaded.warnings:
        yield (number, -1, ""), _Report("warning", w, loaded.path)
    for e in loaded.errors:
        yield (number, -1, ""), _Report("error", str(e), e.path)
    for i, article in enumerate(loaded.articles):
        yield (number, i, article.id), article


def _by_article(key: Key) -> int:
    """Partition by content hash: all copies of an article go to one partition."""
    from pyspark.rdd import portable_hash

    return int(portable_hash(key[2]))


@functools.lru_cache(maxsize=2)
def _analyzer(model: str, aliases: tuple[str, ...]) -> Analyzer:
    # Once per Python worker: Spark reuses its workers across tasks, and loading spaCy takes seconds.
    from graphkit.matrix_ops import single_threaded_blas
    from graphkit.pipeline import load_analyzer

    single_threaded_blas()  # Spark runs a Python worker per core already
    return load_analyzer(model, aliases)


def _ingest_partition(
    records: Iterable[tuple[Key, Article | _Report]],
    connection: Connection,
    model: str,
    aliases: tuple[str, ...],
    batch_size: int,
    keep_unlinked: bool,
    store_timeout: float,
) -> Iterator[_PartitionResult]:
    """One partition, in corpus order: skip stored content, analyse the rest, write it whole."""
    result = _PartitionResult(IngestSummary())
    summary = result.summary
    seen: set[str] = set()
    records = iter(records)
    with connect(connection) as store:
        writer = _Writer(store, summary, keep_unlinked, lambda _: None, store_timeout)

        def fresh() -> Iterator[tuple[Article, None]]:
            for chunk in chunked(records, READ_CHUNK):
                articles = [(k, a) for k, a in chunk if isinstance(a, Article)]
                for _, report in (r for r in chunk if isinstance(r[1], _Report)):
                    _note(result, report)
                known = existing_article_ids(store, sorted({a.id for _, a in articles} - seen))
                for key, a in articles:
                    result.seen_paths.add(a.path)
                    if a.id in known or a.id in seen:
                        summary.unchanged += 1
                        result.claims.append((key, a.path, a.fingerprint))
                    else:
                        seen.add(a.id)
                        yield a, None
                if writer.fatal is not None:
                    return

        def not_analysed(article: Article, _: None, exc: Exception) -> None:
            summary.failed += 1
            summary.errors.append(f"{article.path or article.source}: not analysed: {exc}")

        analyzer = _analyzer(model, aliases)
        writer.start()
        try:
            writer.write_all(analyzer.analyse(fresh(), batch_size=batch_size, on_error=not_analysed))
        except BaseException:
            writer.abandon = True  # the transaction in flight ends whole; Spark retries the task
            with contextlib.suppress(queue.Full):
                writer.inbox.put_nowait(None)
            raise
        if writer.fatal is not None:
            # The task fails and Spark runs it again; what this attempt committed is skipped then.
            raise writer.fatal
        result.entity_ids = writer.entity_ids
    yield result


def _note(result: _PartitionResult, report: _Report) -> None:
    if report.kind == "warning":
        result.summary.warnings.append(report.message)
    else:
        result.summary.failed += 1
        result.summary.errors.append(report.message)
        result.failed_files.add(report.path)


# ---------------------------------------------------------------- the driver


def spark_ingest(
    paths: Sequence[str | Path],
    store: Store,
    *,
    model: str,
    aliases: Sequence[str | Path] = (),
    master: str | None = None,
    partitions: int | None = None,
    max_bytes: int = 10_000_000,
    batch_size: int = 32,
    keep_unlinked: bool = False,
    store_timeout: float = STORE_TIMEOUT,
    prune: bool = False,
) -> IngestSummary:
    """Ingest files and folders into ``store`` on Spark; bad files are in the summary, as in ingest().

    Uses the active SparkSession if there is one, else starts one on ``master`` (default local[*])
    and stops it after. ``partitions`` defaults to twice Spark's default parallelism."""
    started = time.perf_counter()
    connection = store.connection
    if connection is None:
        raise ConfigError("this store was not opened by open_store, so Spark executors cannot reach it")
    require_spark()
    _check_reachable(store, master)
    summary = IngestSummary()
    files, item_errors = corpus_files(paths, store, summary)
    failed_files = {e.path for e in item_errors}
    apply_schema(store)  # once, here: executors only write
    log_dir = Path(store.location) / "log" if store.kind == "embedded" else None
    with spark_session(master, log_dir=log_dir) as spark:
        _check_reachable(store, spark.sparkContext.master)
        results = _run_job(
            spark,
            files,
            connection,
            model=model,
            aliases=tuple(str(Path(a).resolve()) for a in aliases),
            partitions=partitions,
            max_bytes=max_bytes,
            batch_size=batch_size,
            keep_unlinked=keep_unlinked,
            store_timeout=store_timeout,
        )
    entity_ids: set[str] = set()
    claims: list[tuple[Key, str, str]] = []
    seen_paths: set[str] = set()
    for part in results:
        _add(summary, part.summary)
        entity_ids |= part.entity_ids
        claims += part.claims
        seen_paths |= part.seen_paths
        failed_files |= part.failed_files
    # Unchanged copies, in corpus order as a plain ingest records them, now list their paths.
    summary.replaced += claim_paths(store, [(key[2], path, fp) for key, path, fp in sorted(claims)]).articles
    if prune:
        summary.pruned = run_prune(store, paths, seen_paths, failed_files).articles
    summary.entities = len(entity_ids)
    counts = graph_counts(store)
    summary.nodes, summary.relationships = counts["nodes"], counts["relationships"]
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


def _check_reachable(store: Store, master: str | None) -> None:
    if store.kind == "embedded" and master and not master.startswith("local"):
        raise ConfigError(
            f"the embedded store listens on 127.0.0.1 only, so executors of {master} cannot reach it; "
            "use --master local[N], or a Neo4j store every executor reaches (--uri neo4j://...)"
        )


def _run_job(
    spark: SparkSession,
    files: list[Path],
    connection: Connection,
    *,
    partitions: int | None,
    max_bytes: int,
    **analysis: Any,
) -> list[_PartitionResult]:
    if not files:
        return []
    sc = spark.sparkContext
    n = partitions or 2 * sc.defaultParallelism
    records = (
        sc.parallelize([(i, str(f)) for i, f in enumerate(files)], min(len(files), n))
        .flatMap(functools.partial(_load, max_bytes=max_bytes))
        # Spark sorts each partition by key (spilling to disk), so partitions stream in corpus order.
        .repartitionAndSortWithinPartitions(n, _by_article)
    )
    job = records.mapPartitions(functools.partial(_ingest_partition, connection=connection, **analysis))
    try:
        return list(job.collect())
    except Exception as exc:  # Py4J and PySpark wrap the executors' errors in their own types
        raise GraphkitError(f"the Spark job failed: {_last_line(exc)}") from exc


def _last_line(exc: BaseException) -> str:
    """PySpark's errors carry the executor's whole traceback; its last line names the cause."""
    lines = [ln.strip() for ln in str(exc).strip().splitlines() if ln.strip()]
    return lines[-1] if lines else type(exc).__name__


def _add(total: IngestSummary, part: IngestSummary) -> None:
    for name in ("new", "unchanged", "replaced", "failed", "mentions", "events", "unlinked_events"):
        setattr(total, name, getattr(total, name) + getattr(part, name))
    total.errors += part.errors
    total.warnings += part.warnings
