"""Case 7: files removed from the corpus, and two files holding the same article.

Against both stores (the `store` fixture), with real spaCy and the CLI where the user would use it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.config import Settings
from graphkit.ingest import ingest
from graphkit.store import Store
from tests.conftest import cli_args

runner = CliRunner()

STORY = "Iran condemns Israel\n\nIran condemned Israel on Monday. Israel accused Hamas of attacks.\n"
OTHER = "Russia bombs Ukraine\n\nRussia bombed Ukraine on Tuesday. Ukraine condemned Russia.\n"
EDITED = "Turkey criticizes Syria\n\nTurkey criticized Syria on Friday.\n"


def articles(store: Store) -> dict[str, list[str]]:
    """Each article's file names; checks on the way that the path index holds exactly its paths."""
    rows = store.run("MATCH (a:Article) RETURN a.id AS id, a.paths AS paths")
    indexed = store.run(
        "MATCH (p:ArticlePath) OPTIONAL MATCH (p)-[:HOLDS]->(a:Article) RETURN p.path AS path, a.id AS id"
    )
    assert sorted((r["path"], r["id"]) for r in indexed) == sorted(
        (p, r["id"]) for r in rows for p in r["paths"]
    ), "every path of every article is indexed once, and nothing else is"
    return {r["id"]: sorted(Path(p).name for p in r["paths"]) for r in rows}


def derived(store: Store, article_id: str) -> dict[str, int]:
    return {
        "events": store.run(
            "MATCH ()-[r]->() WHERE r.article_id = $id RETURN count(r) AS n", {"id": article_id}
        )[0]["n"],
        "mentions": store.run(
            "MATCH (:Entity)-[m:MENTIONED_IN]->(a:Article {id: $id}) RETURN count(m) AS n", {"id": article_id}
        )[0]["n"],
    }


def test_two_copies_then_one_edited_keeps_the_other(store: Store, analyzer: Any, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY)
    first = ingest([tmp_path], store, analyzer)
    assert (first.new, first.unchanged) == (1, 1)
    [(story_id, paths)] = articles(store).items()
    assert paths == ["a.txt", "b.txt"], "the article remembers every path it came from"
    before = derived(store, story_id)
    assert before["events"] > 0

    (tmp_path / "a.txt").write_text(EDITED)
    second = ingest([tmp_path], store, analyzer)
    # Case 9 too: an edited file is one replaced article, not also a new one.
    assert (second.new, second.replaced, second.unchanged) == (0, 1, 1)
    now = articles(store)
    assert now[story_id] == ["b.txt"], "the untouched copy stays in the graph"
    assert derived(store, story_id) == before
    [edited_id] = set(now) - {story_id}
    assert now[edited_id] == ["a.txt"]


def test_ingest_prune_removes_gone_files_with_everything_derived(
    store: Store, store_settings: Settings, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "story.txt").write_text(STORY)
    (corpus / "other.txt").write_text(OTHER)
    args = cli_args(store_settings)
    assert runner.invoke(app, ["ingest", str(corpus), *args]).exit_code == 0
    by_name = {paths[0]: i for i, paths in articles(store).items()}
    gone, kept = by_name["other.txt"], by_name["story.txt"]
    kept_before = derived(store, kept)
    (corpus / "other.txt").unlink()

    plain = runner.invoke(app, ["ingest", str(corpus), "--json", *args])
    assert json.loads(plain.stdout)["pruned"] == 0 and gone in articles(store), "no --prune, no removal"

    pruned = runner.invoke(app, ["ingest", str(corpus), "--prune", *args])
    assert pruned.exit_code == 0, pruned.output
    assert "1 pruned" in pruned.stdout
    assert set(articles(store)) == {kept}
    assert derived(store, gone) == {"events": 0, "mentions": 0}
    assert derived(store, kept) == kept_before
    orphans = store.run("MATCH (e:Entity) WHERE NOT EXISTS { (e)--() } RETURN count(e) AS n")[0]["n"]
    assert orphans == 0
    assert store.run("MATCH (e:Entity {name: 'Ukraine'}) RETURN count(e) AS n")[0]["n"] == 0


def test_forget_a_copy_then_the_last_path(store: Store, store_settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    shutil.copy(tmp_path / "a.txt", tmp_path / "b.txt")
    args = cli_args(store_settings)
    assert runner.invoke(app, ["ingest", str(tmp_path), *args]).exit_code == 0
    [story_id] = articles(store)

    one = runner.invoke(app, ["forget", str(tmp_path / "a.txt"), *args])
    assert one.exit_code == 0, one.output
    assert "forgot 1 path(s); removed 0 article(s)" in one.stdout
    assert articles(store) == {story_id: ["b.txt"]}

    last = runner.invoke(app, ["forget", str(tmp_path), "--json", *args])
    assert json.loads(last.stdout) == {"paths": 1, "articles": 1}
    assert articles(store) == {}
    assert derived(store, story_id) == {"events": 0, "mentions": 0}
    assert store.run("MATCH (n) RETURN count(n) AS n")[0]["n"] == 0, "nothing of it is left"


def test_a_store_written_before_the_path_index_gets_one(store: Store, analyzer: Any, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(OTHER)
    ingest([tmp_path], store, analyzer)
    store.run("MATCH (p:ArticlePath) DETACH DELETE p")  # as an older graphkit left the store
    (tmp_path / "a.txt").write_text(EDITED)
    second = ingest([tmp_path], store, analyzer)
    assert (second.new, second.replaced, second.unchanged) == (0, 1, 1), "the edit is still found"
    assert sorted(articles(store).values()) == [["a.txt"], ["b.txt"]]
