"""SIGKILL an ingest midway: no article is half-written, and a re-run converges to a clean run's graph."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.corpus import write_corpus
from graphkit.config import Settings
from graphkit.store import Store, open_store

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


def _ingest_cmd(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "graphkit", "ingest", str(corpus), "--db", str(db), "--json"]


def test_sigkill_midway_then_rerun_equals_clean_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, N_ARTICLES)
    clean_db, killed_db = tmp_path / "clean", tmp_path / "killed"

    clean = subprocess.run(_ingest_cmd(corpus, clean_db), capture_output=True, text=True, timeout=900)
    assert clean.returncode == 0, clean.stderr
    assert json.loads(clean.stdout)["new"] == N_ARTICLES

    proc = subprocess.Popen(
        _ingest_cmd(corpus, killed_db), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
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

    with open_store(Settings(db_dir=clean_db)) as store:
        expected = snapshot(store)
    with open_store(Settings(db_dir=killed_db)) as store:
        partial = snapshot(store)

    # Killed midway: some articles committed, not all; each committed one is complete.
    assert killed_at <= len(partial["articles"]) < N_ARTICLES
    for article_id, derived in partial["articles"].items():
        assert derived == expected["articles"][article_id], f"article {article_id} is half-written"

    rerun = subprocess.run(_ingest_cmd(corpus, killed_db), capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["unchanged"] == len(partial["articles"])
    assert summary["new"] == N_ARTICLES - len(partial["articles"])
    with open_store(Settings(db_dir=killed_db)) as store:
        assert snapshot(store) == expected
