"""A re-ingest skips a file whose path holds its fingerprint without parsing it, on both stores."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import graphkit.ingest as ingest_module
import graphkit.sources as sources
from graphkit.ingest import ingest
from graphkit.sources import RawFile, fingerprint, load_file, parse_file, read_file
from graphkit.store import Store

# Written for these tests.
STORIES = {
    "harbour.txt": "Dockers strike in Valparaiso\n\nDock workers in Valparaiso walked out on Monday.\n",
    "border.txt": "Kenya accuses herders\n\nKenya accused armed herders of stealing cattle on Tuesday.\n",
    "fines.md": "# Regulator fines airlines\n\nThe European Commission fined two airlines on Wednesday.\n",
}


def write_stories(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in STORIES.items():
        (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files an ingest parses, by name."""
    seen: list[str] = []

    def counting(read: RawFile) -> Any:
        seen.append(read.path.name)
        return parse_file(read)

    monkeypatch.setattr(ingest_module, "parse_file", counting)
    return seen


def stored_fingerprints(store: Store) -> dict[str, str | None]:
    rows = store.run("MATCH (p:ArticlePath) RETURN p.path AS path, p.fingerprint AS fp")
    return {Path(r["path"]).name: r["fp"] for r in rows}


def test_a_fingerprint_is_the_bytes_and_the_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert fingerprint(b"one text") == fingerprint(b"one text")
    assert fingerprint(b"one text") != fingerprint(b"one text.")
    before = fingerprint(b"one text")
    monkeypatch.setattr(sources, "reader_revision", lambda: b"another reader revision")
    assert fingerprint(b"one text") != before
    # an article that is its file's only one carries its file's fingerprint; a jsonl record does not
    (tmp_path / "a.txt").write_text(STORIES["border.txt"], encoding="utf-8")
    read = read_file(tmp_path / "a.txt")
    assert isinstance(read, RawFile)
    assert load_file(tmp_path / "a.txt").articles[0].fingerprint == read.fingerprint == fingerprint(read.raw)
    (tmp_path / "b.jsonl").write_text(
        "\n".join(
            json.dumps({"title": f"T{i}", "text": f"Kenya accused Ethiopia of raid {i}."}) for i in (1, 2)
        ),
        encoding="utf-8",
    )
    assert [a.fingerprint for a in load_file(tmp_path / "b.jsonl").articles] == ["", ""]


def test_unchanged_files_are_not_parsed_again(
    store: Store, analyzer: Any, tmp_path: Path, parsed: list[str]
) -> None:
    write_stories(tmp_path)
    first = ingest([tmp_path], store, analyzer)
    assert (first.new, first.failed) == (3, 0), first.errors
    assert sorted(parsed) == sorted(STORIES)
    assert all(stored_fingerprints(store).values())
    graph = store.run("MATCH (n) RETURN count(n) AS n")[0]["n"]

    parsed.clear()
    again = ingest([tmp_path], store, analyzer)
    assert (again.new, again.unchanged, again.replaced, again.failed) == (0, 3, 0, 0)
    assert parsed == []
    assert store.run("MATCH (n) RETURN count(n) AS n")[0]["n"] == graph

    # an edited file is parsed and replaces its article; the others are still skipped
    (tmp_path / "border.txt").write_text(
        "Kenya accuses herders\n\nKenya accused armed herders of stealing goats on Friday.\n",
        encoding="utf-8",
    )
    edited = ingest([tmp_path], store, analyzer)
    assert (edited.new, edited.unchanged, edited.replaced) == (0, 2, 1)  # replaced, not also new
    assert parsed == ["border.txt"]
    texts = [r["t"] for r in store.run("MATCH (a:Article) RETURN a.text AS t")]
    assert any("goats" in t for t in texts) and not any("cattle" in t for t in texts)


def test_paths_without_a_fingerprint_get_one_when_read_again(
    store: Store, analyzer: Any, tmp_path: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_stories(tmp_path)
    ingest([tmp_path], store, analyzer)
    # a store written before fingerprints, and then a reader of another revision
    store.run("MATCH (p:ArticlePath) REMOVE p.fingerprint")
    for step in ("no fingerprint", "another reader"):
        parsed.clear()
        again = ingest([tmp_path], store, analyzer)
        assert (again.new, again.unchanged, again.replaced, again.failed) == (0, 3, 0, 0), step
        assert sorted(parsed) == sorted(STORIES), step
        fingerprints = stored_fingerprints(store)
        assert fingerprints == {name: fingerprint((tmp_path / name).read_bytes()) for name in STORIES}, step
        parsed.clear()
        assert ingest([tmp_path], store, analyzer).unchanged == 3
        assert parsed == [], step
        monkeypatch.setattr(sources, "reader_revision", lambda: b"the next revision of the reader")


def test_records_of_a_jsonl_file_are_checked_by_content(
    store: Store, analyzer: Any, tmp_path: Path, parsed: list[str]
) -> None:
    records = [
        {"title": "Talks in Nairobi", "text": "Kenya and Ethiopia held talks in Nairobi on Thursday."},
        {"title": "Arrests in Dhaka", "text": "Police in Dhaka arrested 14 protesters on Sunday."},
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    write_stories(tmp_path)
    assert ingest([tmp_path], store, analyzer).new == 5
    assert stored_fingerprints(store)["feed.jsonl:1"] is None
    parsed.clear()
    again = ingest([tmp_path], store, analyzer)
    assert (again.new, again.unchanged, again.failed) == (0, 5, 0)
    assert parsed == ["feed.jsonl"]  # its records have no fingerprint: parsed, and skipped by their ids


def test_a_copy_at_a_new_path_is_claimed(
    store: Store, analyzer: Any, tmp_path: Path, parsed: list[str]
) -> None:
    write_stories(tmp_path / "a")
    ingest([tmp_path / "a"], store, analyzer)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "copy.txt").write_bytes((tmp_path / "a" / "harbour.txt").read_bytes())
    parsed.clear()
    summary = ingest([tmp_path], store, analyzer)
    assert (summary.new, summary.unchanged) == (0, 4)
    assert parsed == ["copy.txt"]
    paths = store.run(
        "MATCH (p:ArticlePath)-[:HOLDS]->(a:Article) WHERE a.text CONTAINS 'Valparaiso' "
        "RETURN p.path AS path, p.fingerprint AS fp ORDER BY path"
    )
    assert [Path(r["path"]).name for r in paths] == ["harbour.txt", "copy.txt"]
    assert paths[0]["fp"] == paths[1]["fp"] == fingerprint((tmp_path / "b" / "copy.txt").read_bytes())
