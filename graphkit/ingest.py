"""Files and folders -> the graph store: read, skip unchanged content, analyse, write.

The loop streams: files are read in small chunks; a file whose path already holds its fingerprint
(its bytes and the reader's revision, hashed) is skipped without parsing, and articles whose content
hash is already in the store are skipped before spaCy runs; the rest are analysed (in this process
by an Analyzer, or in spawned processes by an AnalysisPool, see workers.py), and each ArticleGraph
goes, in input order, to a writer thread that commits whole articles per transaction while the
next documents are parsed. Nothing is held per corpus except counters and the ids seen in this run.
"""

from __future__ import annotations

import contextlib
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from neo4j.exceptions import DriverError, Neo4jError

from graphkit.errors import SourceError, StoreError
from graphkit.models import Article, ArticleGraph
from graphkit.prune import claim_paths
from graphkit.prune import prune as run_prune
from graphkit.signals import Interrupted
from graphkit.sources import SUPPORTED_SUFFIXES, Loaded, RawFile, iter_files, parse_file, read_file
from graphkit.store import Store
from graphkit.workers import Analysis
from graphkit.write import (
    WriteOutcome,
    apply_schema,
    chunked,
    existing_article_ids,
    fingerprinted_paths,
    graph_bytes,
    graph_counts,
    write_isolating_failures,
)

READ_CHUNK = 32  # files read (and checked against the store) at a time
# Whole articles per write transaction, at most. Each transaction runs a statement per entity type
# and relationship type (about thirty), whose fixed cost the store pays per batch: writing into the
# embedded store took 3.5 ms of CPU an article with 64 a batch, 3.9 ms with 32, 8.5-10 ms with 16
# (with the driver's Rust packstream).
WRITE_BATCH = 64
WRITE_BYTES = 4_000_000  # and about this many bytes (a long article goes alone)
# Seconds a batch waits for more articles after its first. Analysed articles arrive a worker's chunk
# at a time, so writing whatever was queued made most transactions half as big as WRITE_BATCH allows.
# The wait costs no throughput (writes overlap the analysis) and the last batch goes at once.
BATCH_WAIT = 2.0
STORE_TIMEOUT = 300.0  # seconds a write transaction may take before the run gives up on the store


@dataclass
class IngestSummary:
    files: int = 0
    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    failed: int = 0
    entities: int = 0
    mentions: int = 0
    events: int = 0
    unlinked_events: int = 0
    seconds: float = 0.0
    nodes: int = 0
    relationships: int = 0
    pruned: int = 0  # articles removed because their files are gone (--prune)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


ProgressFn = Callable[[int, int], None]  # (files done, files total)


class _Writer(threading.Thread):
    """Commits ArticleGraphs in batches while the main thread keeps spaCy busy.

    Each batch is written by a short-lived thread the writer waits on for at most ``timeout``
    seconds: a store that does not answer costs that batch's articles (reported as failed), never
    the run. A late commit is still whole, and a re-run reports those articles unchanged."""

    def __init__(
        self,
        store: Store,
        summary: IngestSummary,
        keep_unlinked: bool,
        on_done: Callable[[Article], None],
        timeout: float = STORE_TIMEOUT,
    ):
        super().__init__(name="graphkit-writer", daemon=True)
        self.store = store
        self.summary = summary
        self.keep_unlinked = keep_unlinked
        self.on_done = on_done
        self.timeout = timeout
        self.inbox: queue.Queue[ArticleGraph | None] = queue.Queue(maxsize=4 * WRITE_BATCH)
        self.fatal: BaseException | None = None
        self.entity_ids: set[str] = set()
        # Set on Ctrl-C/SIGTERM: finish the transaction in flight, drop what is still queued.
        self.abandon = False
        self.late: list[threading.Thread] = []  # writes given up on; they may still commit

    def run(self) -> None:
        done = False
        while not done:
            batch: list[ArticleGraph] = []
            size = 0
            batch_ends = 0.0
            item = self.inbox.get()
            while True:
                if item is None:
                    done = True
                    break
                batch.append(item)
                size += graph_bytes(item)
                if len(batch) >= WRITE_BATCH or size >= WRITE_BYTES:
                    break
                if not batch_ends:
                    batch_ends = time.monotonic() + BATCH_WAIT
                try:
                    item = self.inbox.get(timeout=max(0.0, batch_ends - time.monotonic()))
                except queue.Empty:
                    break
            if batch and self.fatal is None and not self.abandon:
                self._write(batch)

    def write_all(self, graphs: Iterable[tuple[ArticleGraph, Any]]) -> None:
        """Queue graphs until they run out or the store is lost, then wait for the last commit."""
        for graph, _ in graphs:
            if self.fatal is not None:
                break
            self.inbox.put(graph)
        self.inbox.put(None)
        self.join()

    def _write(self, batch: list[ArticleGraph]) -> None:
        outcomes: list[WriteOutcome] = []
        failure: list[BaseException] = []

        def work() -> None:
            try:
                write_isolating_failures(
                    self.store, batch, keep_unlinked=self.keep_unlinked, on_outcome=outcomes.append
                )
            except BaseException as exc:  # handed to the writer thread below
                failure.append(exc)

        worker = threading.Thread(target=work, name="graphkit-write", daemon=True)
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive():
            self.late.append(worker)
            self._outcome(
                WriteOutcome(
                    batch,
                    StoreError(f"the store did not answer within {self.timeout:g} s (write abandoned)"),
                )
            )
            return
        for outcome in outcomes:
            self._outcome(outcome)
        if failure:
            # The store went away mid-run (or a bug): stop writing, and let the main thread raise
            # it; committed articles stay committed.
            self.fatal = failure[0]

    def _outcome(self, outcome: WriteOutcome) -> None:
        s = self.summary
        for g in outcome.graphs:
            if outcome.error is not None:
                s.failed += 1
                s.errors.append(f"{g.article.source}: not written: {outcome.error}")
            else:
                s.mentions += len(g.mentions)
                s.events += len(g.events)
                s.unlinked_events += len(g.unlinked)
                self.entity_ids.update(e.id for e in g.entities)
            self.on_done(g.article)
        if outcome.error is None:
            # A new version of a file's article is "replaced", not also "new".
            s.replaced += outcome.replaced
            s.new += len(outcome.graphs) - outcome.replaced


def corpus_files(
    paths: Sequence[str | Path], store: Store, summary: IngestSummary
) -> tuple[list[Path], list[SourceError]]:
    """The files to read under ``paths``, and the paths that cannot be read (counted as failed)."""
    files: list[Path] = []
    item_errors: list[SourceError] = []
    # The embedded store's own folder may sit inside the corpus (--db corpus/db): never read it.
    own = Path(store.location).resolve() if store.kind == "embedded" else None
    for item in iter_files(paths):
        if own is not None and isinstance(item, Path) and item.is_relative_to(own):
            continue
        if isinstance(item, SourceError):
            summary.failed += 1
            summary.errors.append(str(item))
            item_errors.append(item)
        else:
            files.append(item)
    summary.files = len(files)
    if not files and not item_errors:
        summary.failed += 1
        summary.errors.append(
            f"{', '.join(str(p) for p in paths)}: no supported files "
            f"({', '.join(sorted(SUPPORTED_SUFFIXES))}) found"
        )
    return files, item_errors


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    analyzer: Analysis,
    *,
    max_bytes: int = 10_000_000,
    batch_size: int = 32,
    keep_unlinked: bool = False,
    on_progress: ProgressFn | None = None,
    store_timeout: float = STORE_TIMEOUT,
    prune: bool = False,
) -> IngestSummary:
    """Ingest files and folders into the store. Bad files are reported in the summary, not raised.

    ``analyzer`` is an Analyzer (analysis in this process) or an AnalysisPool (in its processes,
    off this process's GIL); both give the same graph.

    A write the store does not answer within ``store_timeout`` seconds fails its articles (named
    in the summary's errors) instead of waiting forever; the run goes on. With ``prune``, articles
    read earlier from files under ``paths`` that are gone now are removed (see prune.py)."""
    started = time.perf_counter()
    summary = IngestSummary()
    apply_schema(store)

    files, item_errors = corpus_files(paths, store, summary)

    # Progress is per file: a file is done when all of its articles are written or skipped.
    pending: dict[str, int] = {}
    done_files = 0
    lock = threading.Lock()

    def file_done(key: str) -> None:
        nonlocal done_files
        done_files += 1
        if on_progress:
            on_progress(done_files, len(files))

    def article_done(article: Article) -> None:
        with lock:
            key = owner.pop(article.id, None)
            if key is None:
                return
            pending[key] -= 1
            if pending[key] == 0:
                del pending[key]
                file_done(key)

    # article id -> file key, for articles in flight. Keyed by content, not by object: an analysis
    # process hands back a copy of the article. Ids are unique among them (see ``seen``).
    owner: dict[str, str] = {}
    seen: set[str] = set()
    claims: list[tuple[str, str, str]] = []  # (article id, path, fingerprint) read again, or a copy
    seen_paths: set[str] = set()
    failed_files = {e.path for e in item_errors}

    def new_articles() -> Iterator[tuple[Article, None]]:
        for chunk in chunked(files, READ_CHUNK):
            read = [read_file(f, max_bytes=max_bytes) for f in chunk]
            # Files whose path holds their fingerprint: the same bytes, read the same way, as the
            # article the path holds. Most of an unchanged re-ingest was parsing and cleaning them.
            held = fingerprinted_paths(
                store, [(r.name, r.fingerprint) for r in read if isinstance(r, RawFile)]
            )
            loaded: list[Loaded] = []
            for r in read:
                if isinstance(r, RawFile) and r.name in held:
                    summary.unchanged += 1
                    seen_paths.add(r.name)
                    seen.add(held[r.name])
                    with lock:
                        file_done(r.name)
                else:
                    loaded.append(r if isinstance(r, Loaded) else parse_file(r))
            candidates = [a for ld in loaded for a in ld.articles]
            known = existing_article_ids(store, sorted({a.id for a in candidates} - seen))
            for ld in loaded:
                summary.warnings.extend(ld.warnings)
                summary.failed += len(ld.errors)
                summary.errors.extend(str(e) for e in ld.errors)
                failed_files.update(e.path for e in ld.errors)
                fresh = []
                for a in ld.articles:
                    seen_paths.add(a.path)
                    if a.id in known or a.id in seen:
                        summary.unchanged += 1
                        claims.append((a.id, a.path, a.fingerprint))
                    else:
                        seen.add(a.id)
                        fresh.append(a)
                with lock:
                    if fresh:
                        pending[ld.path] = len(fresh)
                        for a in fresh:
                            owner[a.id] = ld.path
                    else:
                        file_done(ld.path)
                yield from ((a, None) for a in fresh)
            if writer.fatal is not None:
                return

    def not_analysed(article: Article, _: None, exc: Exception) -> None:
        # One article that spaCy, the linker or the extractor cannot handle costs only itself.
        with lock:
            summary.failed += 1
            summary.errors.append(f"{article.path or article.source}: not analysed: {exc}")
        article_done(article)

    writer = _Writer(store, summary, keep_unlinked, article_done, store_timeout)
    writer.start()
    try:
        writer.write_all(analyzer.analyse(new_articles(), batch_size=batch_size, on_error=not_analysed))
    except KeyboardInterrupt as exc:
        writer.abandon = True
        writer.inbox.put(None)
        writer.join()
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        raise Interrupted(signum, committed=summary.new) from None
    except BaseException:
        writer.abandon = True  # whatever is queued is dropped; the transaction in flight ends whole
        with contextlib.suppress(queue.Full):
            writer.inbox.put_nowait(None)
        raise
    if writer.fatal is not None and not isinstance(writer.fatal, (DriverError, Neo4jError, OSError)):
        raise writer.fatal
    if writer.fatal is not None:
        raise StoreError(
            f"lost the graph store at {store.location} mid-run: {writer.fatal}"
        ) from writer.fatal

    # Unchanged articles read from another path (a copy, or a file whose edit was undone) now
    # list it; older articles that path held lose it.
    summary.replaced += claim_paths(store, claims).articles
    if prune:
        summary.pruned = run_prune(store, paths, seen_paths, failed_files).articles

    summary.entities = len(writer.entity_ids)
    counts = graph_counts(store)
    summary.nodes, summary.relationships = counts["nodes"], counts["relationships"]
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary
