"""Cases 1 and 2: an article beyond spaCy's max_length, and a 50,000-character run-on sentence.

Real spaCy, a real embedded ArcadeDB store. Offsets must still slice the stored text exactly.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from benchmarks.corpus import build_texts
from graphkit.config import Settings
from graphkit.ingest import ingest
from graphkit.pipeline import CITATION_CHARS, bounded, split_text
from graphkit.store import Store, open_store
from tests.conftest import wipe

CITATIONS = """
MATCH (:Entity)-[r]->(:Entity)
MATCH (a:Article {id: r.article_id})
RETURN a.source AS source, a.text AS text, r.sentence AS sentence, r.sentence_start AS s, r.sentence_end AS e,
       r.trigger AS trigger, r.trigger_start AS ts, r.trigger_end AS te
"""


def _long_text(chars: int) -> str:
    body = "\n\n".join(t.split("\n\n", 1)[1] for t in build_texts(200, seed=11))
    assert len(body) > chars
    return "A long dispatch\n\n" + body[:chars].rsplit("\n\n", 1)[0] + "\n"


def _assert_citations_exact(rows: list[dict[str, Any]]) -> None:
    for r in rows:
        assert r["text"][r["s"] : r["e"]] == r["sentence"]
        assert r["text"][r["ts"] : r["te"]] == r["trigger"]
        assert r["s"] <= r["ts"] < r["te"] <= r["e"]


def test_split_text_joins_back_exactly_at_breaks() -> None:
    text = _long_text(30_000)
    pieces = split_text(text, 4_000)
    assert "".join(pieces) == text
    assert all(len(p) <= 4_000 for p in pieces)
    assert all(p.endswith("\n") for p in pieces[:-1]), "pieces end at paragraph breaks"
    word = "x" * 10_000  # no break at all: cut anyway, still exact
    assert "".join(split_text(word, 4_000)) == word


def test_bounded_citation_keeps_exact_offsets() -> None:
    from graphkit.models import Citation

    text = "word " * 5_000
    c = Citation("a", text, 0, len(text), 12_000, 12_004)
    b = bounded(c)
    assert len(b.sentence) == CITATION_CHARS
    assert text[b.sentence_start : b.sentence_end] == b.sentence
    assert b.sentence_start <= c.trigger_start and c.trigger_end <= b.sentence_end


def test_article_beyond_max_length_lands_with_the_rest(
    embedded_store: Store, analyzer: Any, tmp_path: Path
) -> None:
    """Case 1. spaCy's limit is lowered so the case runs in seconds; the path is the one a 1.1 MB
    file takes against the default limit of 1,000,000 characters."""
    wipe(embedded_store)
    text = _long_text(60_000)
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    (tmp_path / "good.txt").write_text("Iran condemns Israel\n\nIran condemned Israel on Monday.\n")
    saved = analyzer.nlp.max_length
    analyzer.nlp.max_length = 25_000
    try:
        with pytest.raises(ValueError, match="E088"):
            analyzer.nlp(text)  # what used to end the whole run
        summary = ingest([tmp_path], embedded_store, analyzer)
    finally:
        analyzer.nlp.max_length = saved
    assert (summary.new, summary.failed) == (2, 0), summary.errors
    rows = embedded_store.run(CITATIONS)
    _assert_citations_exact(rows)
    long_rows = [r for r in rows if r["source"] == "long.txt"]
    assert any(r["s"] > 25_000 for r in long_rows), "events past the first piece are found"
    assert any(r["source"] == "good.txt" for r in rows)


def _run_on_sentence(chars: int) -> str:
    clauses = [
        "Iran attacked Israel",
        "Hamas condemned the United States",
        "Russia bombed Ukraine",
        "Israel accused Hezbollah",
        "the United States threatened Iran",
        "Turkey criticized Syria",
    ]
    parts: list[str] = []
    i = 0
    while sum(len(p) for p in parts) < chars:
        parts.append(clauses[i % len(clauses)] + (", and " if i % 3 else " while "))
        i += 1
    return "Run-on\n\n" + "".join(parts) + "Iran protested.\n"


# The ingest runs in a child process that reports its own peak RSS (JVM included) on its last line.
_MEASURED = """
import resource, runpy, sys
sys.argv = ["graphkit", *sys.argv[1:]]
try:
    runpy.run_module("graphkit", run_name="__main__")
finally:
    print("maxrss-kib", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def test_run_on_sentence_finishes_in_bounded_time_and_memory(tmp_path: Path) -> None:
    """Case 2: 50,000 characters, one sentence, ~1,500 events. It used to hang the writer."""
    text = _run_on_sentence(50_000)
    assert "." not in text[:-20]
    (tmp_path / "runon.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "db"
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURED, "ingest", str(tmp_path / "runon.txt"), "--db", str(db), "--json"],
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "GRAPHKIT_HEAP": "1g"},
    )
    took = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["new"] == 1 and summary["events"] > 1_000
    assert took < 120, f"took {took:.0f} s"
    rss_mib = int(proc.stderr.strip().splitlines()[-1].split()[1]) / 1024
    assert rss_mib < 2_500, f"peak RSS {rss_mib:.0f} MiB"

    with open_store(Settings(db_dir=db)) as store:
        rows = store.run(CITATIONS)
    assert len(rows) == summary["events"]
    assert max(len(r["sentence"]) for r in rows) <= CITATION_CHARS
    _assert_citations_exact(rows)


def test_a_write_the_store_does_not_answer_in_time_fails_its_articles(
    embedded_store: Store, analyzer: Any, tmp_path: Path
) -> None:
    """Every write has a deadline: with one far shorter than a real write takes, each batch's
    articles fail with a message naming them, and the run ends instead of waiting (case 2's hang)."""
    import threading

    wipe(embedded_store)
    for i, text in enumerate(build_texts(40, seed=5)):
        (tmp_path / f"a{i:02}.txt").write_text(text, encoding="utf-8")
    started = time.monotonic()
    summary = ingest([tmp_path], embedded_store, analyzer, store_timeout=0.001)
    assert time.monotonic() - started < 60
    assert summary.failed > 0 and summary.new + summary.failed == 40
    assert all(
        re.fullmatch(
            r"a\d\d\.txt: not written: the store did not answer within 0\.001 s \(write abandoned\)", e
        )
        for e in summary.errors
    ), summary.errors[:3]
    # The abandoned writes still end whole (and a re-run would see those articles unchanged).
    for t in threading.enumerate():
        if t.name == "graphkit-write":
            t.join(60)
    again = ingest([tmp_path], embedded_store, analyzer)
    assert (again.new + again.unchanged, again.failed) == (40, 0)
