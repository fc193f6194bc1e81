"""Articles -> ArticleGraphs in N spawned analysis processes, in input order.

The store (and, for the embedded one, its JVM) lives in the ingesting process; spaCy, linking and
extraction run here, in processes that each load the model and gazetteer once. The ingest process
only reads files, skips unchanged content and writes, so parsing never waits on the store and the
driver's work no longer competes with spaCy for one GIL. ``--workers N`` is N cores' worth of
analysis: each worker does an article's whole analysis and sends back its ArticleGraph.

Contract: ``AnalysisPool.analyse`` is a drop-in for ``Analyzer.analyse``. Articles go out in chunks
of ``batch_size`` (the nlp.pipe batch), at most three per worker in flight, so memory stays flat
whatever the corpus size; chunks come back re-ordered, so the stream, and the graph written from
it, is the same for any number of workers. Processes are started with 'spawn' (never forked: the
embedded store's JVM may already run in this process), ignore the terminal's signals (the ingest
process handles Ctrl-C, SIGTERM and SIGHUP and then kills them) and die with it.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import importlib.util
import multiprocessing
import os
import queue
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Generic, Protocol, TypeVar

from graphkit.errors import GraphkitError, ModelError
from graphkit.models import Article, ArticleGraph

C = TypeVar("C")
T = TypeVar("T")

MAX_WORKERS = 4  # a default, not a limit: past four, the single writer and the file reading bind
TINY_INPUT_BYTES = 256_000  # below this (about 60 articles) a second model load costs more than it saves
IN_FLIGHT_PER_WORKER = 3  # chunks: one being parsed and two waiting, so a worker never idles on the reader
POLL_SECONDS = 0.5  # how often a waiting ingest checks that its workers are alive


def require_model(model: str) -> None:
    """A model that is not installed is an error at once, also on a run that needs no model (an
    unchanged corpus loads none): looked up as a folder or a package, without importing spaCy."""
    if model.startswith("blank:") or (model and Path(model).exists()):
        return
    try:
        found = importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):  # a dotted name whose parent is missing, an empty name
        found = False
    if not found:
        raise ModelError.not_installed(model, "no such package or folder")


class AnalysisError(GraphkitError):
    """An analysis process died (killed, out of memory, a crash in native code)."""


class Analysis(Protocol):
    """What the ingest needs: an Analyzer in this process, or an AnalysisPool of processes."""

    def analyse(
        self,
        items: Iterable[tuple[Article, C]],
        batch_size: int = 32,
        on_error: Callable[[Article, C, Exception], None] | None = None,
    ) -> Iterator[tuple[ArticleGraph, C]]: ...


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def default_workers(paths: Sequence[str | Path]) -> int:
    """One analysis process per core, up to MAX_WORKERS; one for a tiny input, where starting and
    loading a second model takes longer than the parsing it would share."""
    wanted = max(1, min(usable_cores(), MAX_WORKERS))
    if wanted == 1:
        return 1
    from graphkit.sources import iter_files

    size = 0
    for item in iter_files(paths):
        if isinstance(item, Path):
            with contextlib.suppress(OSError):
                size += item.stat().st_size
            if size >= TINY_INPUT_BYTES:
                return wanted
    return 1


class RemoteError(Exception):
    """An article's analysis failed in a worker; the message is the worker's exception's."""


class AnalysisPool:
    """``workers`` analysis processes; a context manager that kills them on exit.

    Processes start on ``start()`` (without waiting for their models) or on the first ``analyse``;
    a run that finds nothing new to analyse never starts them."""

    def __init__(self, model: str, aliases: Iterable[str | Path] = (), workers: int = 1) -> None:
        if workers < 1:
            raise ValueError("an AnalysisPool needs at least one worker")
        self.model = model
        self.aliases = [str(p) for p in aliases]
        self.workers = workers
        self._context = multiprocessing.get_context("spawn")
        self._processes: list[Any] = []
        self._tasks: Any = None
        self._results: Any = None
        self._ready = 0
        self._chunks = 0  # chunks sent so far, by every analyse() call: their numbers

    def __enter__(self) -> AnalysisPool:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def start(self, wait: bool = False) -> None:
        """Start the processes; with ``wait``, return once each has loaded its model."""
        if not self._processes:
            self._tasks = self._context.Queue()
            self._results = self._context.Queue()
            for wid in range(self.workers):
                process = self._context.Process(
                    target=_work,
                    args=(self.model, self.aliases, self._tasks, self._results, os.getpid()),
                    name=f"graphkit-analysis-{wid}",
                    daemon=True,
                )
                process.start()
                self._processes.append(process)
        while wait and self._ready < self.workers:
            self._handle(self._receive())

    def close(self) -> None:
        """Kill the processes. They hold no state worth saving: every result they sent is either
        written by now or dropped with the run."""
        for process in self._processes:
            if process.is_alive():
                process.kill()
        for process in self._processes:
            process.join(5)
        for q in (self._tasks, self._results):
            if q is not None:
                # Unread items must not keep this process waiting on the queue's feeder at exit.
                q.cancel_join_thread()
                q.close()
        self._processes, self._tasks, self._results, self._ready = [], None, None, 0

    def pids(self) -> list[int]:
        return [p.pid for p in self._processes if p.pid is not None]

    def analyse(
        self,
        items: Iterable[tuple[Article, C]],
        batch_size: int = 32,
        on_error: Callable[[Article, C, Exception], None] | None = None,
    ) -> Iterator[tuple[ArticleGraph, C]]:
        """Stream ArticleGraphs in the order of ``items``, as ``Analyzer.analyse`` does."""
        source = _Chunks(iter(items), batch_size, self.workers)
        sent: dict[int, list[tuple[Article, C]]] = {}  # chunk number -> its items, until yielded
        # chunk number -> (ArticleGraphs by index, errors by index)
        done: dict[int, tuple[list[tuple[int, ArticleGraph]], list[tuple[int, str]]]] = {}
        # Numbers go on across calls, so a late result of a call abandoned midway is told apart.
        next_out = self._chunks
        exhausted = False
        limit = IN_FLIGHT_PER_WORKER * self.workers
        ready: list[tuple[int, list[tuple[Article, C]]]] = []  # a finished chunk, to yield
        while True:
            # Refill before yielding: the ingest may block on a busy writer while it takes the
            # graphs, and the workers must have their next chunks queued meanwhile.
            while not exhausted and len(sent) < limit:
                chunk = source.next()
                if not chunk:
                    exhausted = True
                    break
                if not self._processes:
                    self.start()
                sent[self._chunks] = chunk
                self._tasks.put((self._chunks, [article for article, _ in chunk], batch_size))
                self._chunks += 1
            if ready:
                graphs, errors = done.pop(next_out)
                _, chunk = ready.pop()
                next_out += 1
                failed = dict(errors)
                by_index = dict(graphs)
                for i, (article, ctx) in enumerate(chunk):
                    if i in failed:
                        if on_error is None:
                            raise RemoteError(failed[i])
                        on_error(article, ctx, RemoteError(failed[i]))
                    elif i in by_index:
                        yield by_index[i], ctx
                continue
            if next_out in done:
                ready.append((next_out, sent.pop(next_out)))  # frees its slot for the refill
                continue
            if exhausted and not sent:
                return
            number, payload = self._handle(self._receive())
            if number in sent:
                done[number] = payload

    def _receive(self) -> tuple[Any, ...]:
        """The next message from a worker; raises AnalysisError when one has died instead."""
        while True:
            try:
                message: tuple[Any, ...] = self._results.get(timeout=POLL_SECONDS)
                return message
            except queue.Empty:
                pass
            for process in self._processes:
                if process.exitcode is not None:
                    raise AnalysisError(
                        f"analysis process {process.name} (pid {process.pid}) died with exit code "
                        f"{process.exitcode}{_why(process.exitcode)}; articles written so far stay "
                        "written: re-run to continue (or use --workers 0 to analyse in-process)"
                    )

    def _handle(self, message: tuple[Any, ...]) -> tuple[int | None, Any]:
        kind = message[0]
        if kind == "ready":
            self._ready += 1
            return None, None
        if kind == "failed":
            raise ModelError(message[1])
        return message[1], (message[2], message[3])


_SMALLEST_CHUNK = 4


class _Chunks(Generic[T]):
    """Chunks of ``size`` items, then smaller ones as the input runs out (each a share of what is left),
    so the workers finish together instead of one parsing a last full chunk while the others idle.
    Reads up to ``size`` items per worker twice over ahead of the chunk it hands out."""

    def __init__(self, items: Iterator[T], size: int, workers: int) -> None:
        self.items = items
        self.size = size
        self.shares = 2 * workers
        self.tail = size * self.shares
        self.ahead: deque[T] = deque()
        self.ended = False

    def next(self) -> list[T]:
        while not self.ended and len(self.ahead) < self.size + self.tail:
            try:
                self.ahead.append(next(self.items))
            except StopIteration:
                self.ended = True
        size = self.size
        if self.ended and len(self.ahead) <= self.tail:
            size = max(_SMALLEST_CHUNK, -(-len(self.ahead) // self.shares))
        return [self.ahead.popleft() for _ in range(min(size, len(self.ahead)))]


def _why(exitcode: int) -> str:
    if exitcode == -signal.SIGKILL:
        return " (SIGKILL: killed, perhaps by the out-of-memory killer)"
    if exitcode < 0:
        return f" ({signal.Signals(-exitcode).name})"
    return ""


def _die_with_parent(parent: int) -> None:
    """Linux: have the kernel SIGKILL this process when the ingest process dies, even by SIGKILL,
    so no orphan keeps parsing (or keeps a caller's stderr pipe open)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _work(model: str, aliases: list[str], tasks: Any, results: Any, parent: int) -> None:
    """A worker: load the analyzer once, then turn chunks of Articles into ArticleGraphs."""
    # Ctrl-C and the terminal's SIGHUP reach the whole process group, and `timeout` signals it too:
    # the ingest process decides what stops and kills its workers itself.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    _die_with_parent(parent)
    from graphkit.matrix_ops import single_threaded_blas
    from graphkit.pipeline import load_analyzer

    single_threaded_blas()  # a process per core: a second BLAS thread would only contend for them
    try:
        analyzer = load_analyzer(model, aliases)
    except GraphkitError as exc:
        results.put(("failed", str(exc)))
        return
    # The model and gazetteer live as long as the process: keep their objects out of the cyclic
    # collector's full passes, which otherwise walk all of them again every few hundred articles.
    gc.collect()
    gc.freeze()
    results.put(("ready",))
    while True:
        try:
            task = tasks.get(timeout=1.0)
        except queue.Empty:
            if os.getppid() != parent:  # no prctl (not Linux): notice the orphaning this way
                return
            continue
        number, articles, batch_size = task
        errors: list[tuple[int, str]] = []

        def failed(article: Article, i: int, exc: Exception, errors: list[tuple[int, str]] = errors) -> None:
            errors.append((i, str(exc)))

        items = ((a, i) for i, a in enumerate(articles))
        done = [(i, g) for g, i in analyzer.analyse(items, batch_size=batch_size, on_error=failed)]
        results.put(("done", number, done, errors))


@contextlib.contextmanager
def open_analysis(
    model: str, aliases: Iterable[str | Path], workers: int | None, paths: Sequence[str | Path]
) -> Iterator[Analysis]:
    """The analysis an ingest of ``paths`` uses: ``workers`` processes (None: ``default_workers``),
    or with 0 an Analyzer in this process. Processes start with the first article to analyse, so
    re-ingesting an unchanged corpus loads no model, and are killed on exit."""
    count = default_workers(paths) if workers is None else workers
    if count == 0:
        from graphkit.pipeline import load_analyzer

        yield load_analyzer(model, aliases)
        return
    with AnalysisPool(model, aliases, count) as pool:
        yield pool
