"""SIGKILL an ingest midway: no article is half-written, and a re-run converges to a clean run's graph.

On both stores: the embedded one (a folder per run) and Neo4j 5 (one database, wiped between runs)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from benchmarks.corpus import write_corpus
from graphkit.config import Settings
from graphkit.store import Store, open_store
from tests.conftest import cli_args, wipe

N_ARTICLES = 120


def snapshot(store: Store) -> dict[str, Any]:
    """Everything derived from each article, keyed by article id, plus the entity set."""
    articles = {r["id"] for r in store.run("MATCH (a:Article) RETURN a.id AS id")}
    mentions = store.run(
        "MATCH (e:Entity)-[m:MENTIONED_IN]->(a:Article) RETURN a.id AS article, e.id AS entity, m.count AS n"
    )
    events = store.run(
        "MATCH (:Entity)-[r]->(:Entity) WHERE r.key IS NOT NULL RETURN r.article_id AS article, r.key AS key, type(r) AS t"
    )
    per_article: dict[str, dict[str, set]] = {a: {"mentions": set(), "events": set()} for a in articles}
    for m in mentions:
        per_article[m["article"]]["mentions"].add((m["entity"], m["n"]))
    for e in events:
        per_article[e["article"]]["events"].add((e["key"], e["t"]))
    entities = {
        (r["id"], r["name"], r["type"])
        for r in store.run("MATCH (e:Entity) RETURN e.id AS id, e.name AS name, e.type AS type")
    }
    return {"articles": per_article, "entities": entities}


def _ingest_cmd(corpus: Path, target: list[str]) -> list[str]:
    return [sys.executable, "-m", "graphkit", "ingest", str(corpus), *target, "--json"]


@contextmanager
def _opened(settings: Settings) -> Iterator[Store]:
    with open_store(settings) as store:
        yield store


@pytest.mark.parametrize("kind", ["embedded", "neo4j"])
def test_sigkill_midway_then_rerun_equals_clean_run(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, N_ARTICLES)
    if kind == "embedded":
        # two folders, two stores: the clean run's graph stays to compare with
        clean_settings, killed_settings = (
            Settings(db_dir=tmp_path / "clean"),
            Settings(db_dir=tmp_path / "killed"),
        )
    else:
        # one Neo4j database: the clean run's snapshot is taken, then the database is wiped
        clean_settings = killed_settings = request.getfixturevalue("neo4j_settings")
        with _opened(clean_settings) as store:
            wipe(store)

    clean = subprocess.run(
        _ingest_cmd(corpus, cli_args(clean_settings)), capture_output=True, text=True, timeout=900
    )
    assert clean.returncode == 0, clean.stderr
    assert json.loads(clean.stdout)["new"] == N_ARTICLES
    with _opened(clean_settings) as store:
        expected = snapshot(store)
        if kind == "neo4j":
            wipe(store)

    proc = subprocess.Popen(
        _ingest_cmd(corpus, cli_args(killed_settings)),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stderr is not None
    killed_at = None
    for line in proc.stderr:
        if line.startswith("progress:"):
            done = int(line.split()[1].split("/")[0])
            if done >= N_ARTICLES // 4:
                proc.send_signal(signal.SIGKILL)
                killed_at = done
                break
    proc.wait(timeout=60)
    assert killed_at is not None, "the ingest finished before it could be killed"
    assert proc.returncode == -signal.SIGKILL

    with _opened(killed_settings) as store:
        partial = snapshot(store)

    # Killed midway: some articles committed, not all; each committed one is complete.
    assert killed_at <= len(partial["articles"]) < N_ARTICLES
    for article_id, derived in partial["articles"].items():
        assert derived == expected["articles"][article_id], f"article {article_id} is half-written"

    rerun = subprocess.run(
        _ingest_cmd(corpus, cli_args(killed_settings)), capture_output=True, text=True, timeout=900
    )
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["unchanged"] == len(partial["articles"])
    assert summary["new"] == N_ARTICLES - len(partial["articles"])
    with _opened(killed_settings) as store:
        assert snapshot(store) == expected
