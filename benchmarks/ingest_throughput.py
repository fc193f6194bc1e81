"""graphkit ingest throughput against raw spaCy, on one generated corpus, in one run.

    python benchmarks/ingest_throughput.py --n 1000 [--json]

Builds N distinct articles from the seed sentences and times, in this order:

- raw_1: ``nlp.pipe`` with the plain model, one process;
- raw_all_cores: ``nlp.pipe(n_process=cores)``;
- raw_1_numpy_blas and raw_all_cores_numpy_blas: the same, with thinc's matrix products through
  numpy's BLAS as graphkit loads the model (graphkit/matrix_ops.py), so the ratios against them
  show what graphkit's own work costs next to spaCy's on the same kernels;
- graphkit_workers_1 and graphkit_all_cores: ``graphkit.ingest`` (read, clean, hash, skip check,
  spaCy + gazetteer ruler, linking, extraction, transactional writes) into a fresh embedded store
  with one analysis process, then one per core;
- re-ingest: the same corpus again into the all-cores store, unchanged, as a share of its first run.

Both sides start warm (models loaded, store started); raw spaCy runs in a child process, so this
process's memory is graphkit's alone. Peak RSS counts the ingest process (with the store's JVM)
plus its analysis processes, sampled every 0.2 s, and is also sampled at each quarter of the corpus
to show memory does not grow with it. Throughput is in documents per second; CPU seconds per 1,000
documents (the whole process tree) are printed too, as they hold up when other work shares the
machine and wall-clock ratios do not.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import write_corpus
from graphkit.config import DEFAULT_MODEL, Settings
from graphkit.ingest import ingest
from graphkit.sources import load_file
from graphkit.store import open_store
from graphkit.workers import AnalysisPool


def cpu_seconds_used() -> float:
    """CPU seconds this process and its waited-for children have used."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def corpus_texts(corpus: Path) -> list[str]:
    """The cleaned texts graphkit stores and parses: what raw spaCy sees too."""
    return [a.text for p in sorted(corpus.iterdir()) for a in load_file(p).articles]


def make_corpus(corpus: Path, n: int) -> int:
    """Write the corpus (in a child process: building N texts would otherwise stay in this process's
    memory and count as the ingest's); returns its word count."""
    write_corpus(corpus, n)
    return sum(len(t.split()) for t in corpus_texts(corpus))


def raw_seconds(
    model: str, corpus: Path, n_process: int, batch_size: int, numpy_products: bool = False
) -> tuple[float, float]:
    """Wall and CPU seconds raw spaCy takes over the corpus's texts (run in a child process)."""
    import spacy

    from graphkit.matrix_ops import numpy_blas, single_threaded_blas

    texts = corpus_texts(corpus)
    # This process was spawned, so spawning is its default and nlp.pipe's processes would rebuild the
    # model from a pickle, with thinc's default ops; a script a user runs forks them (the
    # Linux default), and they share the model as loaded.
    if "fork" in multiprocessing.get_all_start_methods():
        multiprocessing.set_start_method("fork", force=True)

    if numpy_products:
        single_threaded_blas()  # as in graphkit's analysis processes; forked ones inherit it
        with numpy_blas():
            nlp = spacy.load(model)
    else:
        nlp = spacy.load(model)
    list(nlp.pipe(texts[:20]))  # warm-up
    t0, c0 = time.perf_counter(), cpu_seconds_used()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return time.perf_counter() - t0, cpu_seconds_used() - c0


def tree_cpu_seconds(process: psutil.Process) -> float:
    total = 0.0
    for p in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            t = p.cpu_times()
            total += t.user + t.system
    return total


def tree_rss_mib(process: psutil.Process) -> float:
    total = 0
    for p in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):  # a child that just exited
            total += p.memory_info().rss
    return total / 2**20


@contextmanager
def peak_rss(process: psutil.Process) -> Iterator[list[float]]:
    """Sample this process and its children every 0.2 s; the list holds the peak when done."""
    peak = [0.0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], tree_rss_mib(process))
            stop.wait(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        stop.set()
        thread.join()


def graphkit_run(
    corpus: Path,
    db: Path,
    model: str,
    workers: int,
    batch_size: int,
    reingest: bool = False,
    marks: int = 4,
    live: bool = False,
) -> dict[str, Any]:
    """One ingest into a fresh store; RSS is sampled at ``marks`` evenly spaced points of the corpus
    (printed to stderr as they come with ``live``, so a long run shows its figures before it ends)."""
    process = psutil.Process()
    quarters: list[tuple[int, float]] = []
    t_start = [time.perf_counter()]

    def progress(done: int, total: int) -> None:
        if done in {(k * total) // marks for k in range(1, marks + 1)}:
            quarters.append((done, round(tree_rss_mib(process), 1)))
            if live:
                rate = done / (time.perf_counter() - t_start[0])
                print(
                    f"  {done} articles: {quarters[-1][1]:.0f} MiB, {rate:.1f} docs/s",
                    file=sys.stderr,
                    flush=True,
                )

    result: dict[str, Any] = {}
    with (
        open_store(Settings(db_dir=db), bulk=True) as store,
        AnalysisPool(model, workers=workers) as pool,
    ):
        pool.start(wait=True)
        with peak_rss(process) as peak:
            t0, c0 = time.perf_counter(), tree_cpu_seconds(process)
            t_start[0] = t0
            summary = ingest([corpus], store, pool, batch_size=batch_size, on_progress=progress)
            result["seconds"] = time.perf_counter() - t0
            result["cpu_seconds"] = tree_cpu_seconds(process) - c0
        result.update(peak_rss_mib=round(peak[0], 1), rss_mib_by_articles_done=quarters)
        result.update(new=summary.new, failed=summary.failed, events=summary.events)
        if reingest:
            pool.close()  # an unchanged corpus needs no analysis: time it without workers
            t0 = time.perf_counter()
            again = ingest([corpus], store, pool, batch_size=batch_size)
            result["reingest_seconds"] = time.perf_counter() - t0
            result["reingest_unchanged"] = again.unchanged
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--cores", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--scale",
        action="store_true",
        help="the long mode for large N: only graphkit on all cores and its unchanged re-ingest, RSS "
        "at every tenth of the corpus printed as it goes",
    )
    args = parser.parse_args()
    n, cores = args.n, args.cores
    if args.scale:
        scale_run(n, cores, args)
        return

    load_at_start = round(os.getloadavg()[0], 2)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(1, mp_context=spawn) as child:
            words = child.submit(make_corpus, corpus, n).result()
        with ProcessPoolExecutor(1, mp_context=spawn) as child:
            raw_1, raw_1_cpu = child.submit(raw_seconds, args.model, corpus, 1, args.batch_size).result()
        with ProcessPoolExecutor(1, mp_context=spawn) as child:
            raw_all, raw_all_cpu = child.submit(
                raw_seconds, args.model, corpus, cores, args.batch_size
            ).result()
        numpy_blas_raw = []
        for n_process in (1, cores):
            with ProcessPoolExecutor(1, mp_context=spawn) as child:
                numpy_blas_raw.append(
                    child.submit(raw_seconds, args.model, corpus, n_process, args.batch_size, True).result()
                )
        one = graphkit_run(corpus, Path(tmp) / "db1", args.model, 1, args.batch_size)
        every = graphkit_run(corpus, Path(tmp) / "dbN", args.model, cores, args.batch_size, reingest=True)

    rate = {
        "raw_1": n / raw_1,
        "raw_all_cores": n / raw_all,
        "graphkit_workers_1": n / one["seconds"],
        "graphkit_all_cores": n / every["seconds"],
        "raw_1_numpy_blas": n / numpy_blas_raw[0][0],
        "raw_all_cores_numpy_blas": n / numpy_blas_raw[1][0],
    }
    result: dict[str, Any] = {
        "articles": n,
        "words": words,
        "cores": cores,
        "load_average_at_start": load_at_start,
        **{k: round(v, 2) for k, v in rate.items()},
        "workers_1_vs_raw_1": round(rate["graphkit_workers_1"] / rate["raw_1"], 3),
        "all_cores_vs_workers_1": round(rate["graphkit_all_cores"] / rate["graphkit_workers_1"], 3),
        "all_cores_vs_raw_all_cores": round(rate["graphkit_all_cores"] / rate["raw_all_cores"], 3),
        "raw_all_cores_vs_raw_1": round(rate["raw_all_cores"] / rate["raw_1"], 3),
        "workers_1_vs_raw_1_numpy_blas": round(rate["graphkit_workers_1"] / rate["raw_1_numpy_blas"], 3),
        "all_cores_vs_raw_all_cores_numpy_blas": round(
            rate["graphkit_all_cores"] / rate["raw_all_cores_numpy_blas"], 3
        ),
        # CPU seconds per 1,000 documents (the whole process tree): unlike docs/s, not moved by
        # other work on the machine, so it shows what graphkit adds to spaCy when the load is high
        "cpu_s_per_1k": {
            "raw_1": round(1000 * raw_1_cpu / n, 1),
            "raw_all_cores": round(1000 * raw_all_cpu / n, 1),
            "raw_1_numpy_blas": round(1000 * numpy_blas_raw[0][1] / n, 1),
            "raw_all_cores_numpy_blas": round(1000 * numpy_blas_raw[1][1] / n, 1),
            "graphkit_workers_1": round(1000 * one["cpu_seconds"] / n, 1),
            "graphkit_all_cores": round(1000 * every["cpu_seconds"] / n, 1),
        },
        "reingest_seconds": round(every["reingest_seconds"], 2),
        "reingest_share": round(every["reingest_seconds"] / every["seconds"], 4),
        "peak_rss_mib": max(one["peak_rss_mib"], every["peak_rss_mib"]),
        "peak_rss_mib_workers_1": one["peak_rss_mib"],
        "peak_rss_mib_all_cores": every["peak_rss_mib"],
        "rss_mib_by_articles_done_all_cores": every["rss_mib_by_articles_done"],
        "events_written": every["events"],
        "failed": one["failed"] + every["failed"],
    }
    if every["reingest_unchanged"] != n or one["new"] != n or every["new"] != n:
        raise SystemExit(f"the runs did not ingest (or skip) all {n} articles: {one} {every}")
    if args.json:
        print(json.dumps(result))
        return
    print(f"{n} articles, {result['words']} words, {cores} cores (load average {load_at_start} at start)")
    print(f"  raw nlp.pipe, 1 process        {rate['raw_1']:7.1f} docs/s")
    print(f"  raw nlp.pipe, n_process={cores:<2}     {rate['raw_all_cores']:7.1f} docs/s")
    print(f"  raw, numpy's BLAS, 1 process   {rate['raw_1_numpy_blas']:7.1f} docs/s")
    print(f"  raw, numpy's BLAS, n_process={cores:<2} {rate['raw_all_cores_numpy_blas']:7.1f} docs/s")
    print(f"  graphkit --workers 1           {rate['graphkit_workers_1']:7.1f} docs/s")
    print(f"  graphkit --workers {cores:<2}          {rate['graphkit_all_cores']:7.1f} docs/s")
    print(f"  --workers 1 / raw 1 process    {result['workers_1_vs_raw_1']:7.3f}")
    print(f"  --workers {cores} / --workers 1      {result['all_cores_vs_workers_1']:7.3f}")
    print(f"  --workers {cores} / raw n_process={cores} {result['all_cores_vs_raw_all_cores']:7.3f}")
    print(
        f"  against numpy's BLAS: --workers 1 {result['workers_1_vs_raw_1_numpy_blas']:.3f}, "
        f"--workers {cores} {result['all_cores_vs_raw_all_cores_numpy_blas']:.3f}"
    )
    print(f"  CPU seconds per 1,000 docs     {result['cpu_s_per_1k']}")
    print(
        f"  re-ingest, unchanged           {result['reingest_seconds']:7.2f} s "
        f"({100 * result['reingest_share']:.1f}% of the first run)"
    )
    print(
        f"  peak RSS (ingest process + workers) {result['peak_rss_mib']:.0f} MiB; "
        f"by quarter: {every['rss_mib_by_articles_done']}"
    )


def scale_run(n: int, cores: int, args: argparse.Namespace) -> None:
    """Does memory stay flat and re-ingest stay cheap as the corpus grows? (no raw baselines)"""
    load_at_start = round(os.getloadavg()[0], 2)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as child:
            child.submit(make_corpus, corpus, n).result()
        print(f"{n} articles written; ingesting with {cores} workers", file=sys.stderr, flush=True)
        every = graphkit_run(
            corpus, Path(tmp) / "db", args.model, cores, args.batch_size, reingest=True, marks=10, live=True
        )
    if every["reingest_unchanged"] != n or every["new"] != n:
        raise SystemExit(f"the run did not ingest (or skip) all {n} articles: {every}")
    result = {
        "articles": n,
        "cores": cores,
        "load_average_at_start": load_at_start,
        "graphkit_all_cores": round(n / every["seconds"], 2),
        "reingest_seconds": round(every["reingest_seconds"], 2),
        "reingest_share": round(every["reingest_seconds"] / every["seconds"], 4),
        "peak_rss_mib": every["peak_rss_mib"],
        "rss_mib_by_articles_done": every["rss_mib_by_articles_done"],
        "events_written": every["events"],
    }
    print(json.dumps(result) if args.json else "\n".join(f"  {k}: {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
