"""`graphkit relink` merges nodes after an alias change, moving mentions, events and citations;
`graphkit link` explains how a name resolves."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.config import Settings
from graphkit.ingest import ingest
from graphkit.store import Store
from tests.conftest import cli_args

runner = CliRunner()


def _entity_ids(store: Store) -> set[str]:
    return {
        r["id"] for r in store.run("MATCH (e:Entity) WHERE e.name CONTAINS 'Zorbistan' RETURN e.id AS id")
    }


def _names(store: Store) -> set[str]:
    return {
        r["n"] for r in store.run("MATCH (e:Entity) WHERE e.name CONTAINS 'Zorbistan' RETURN e.name AS n")
    }


def _events_of(store: Store, entity_id: str) -> set[tuple[str, str, str]]:
    rows = store.run(
        "MATCH (a:Entity {id: $id})-[r]->(b:Entity) RETURN type(r) AS t, b.id AS target, r.sentence AS sentence",
        {"id": entity_id},
    )
    return {(r["t"], r["target"], r["sentence"]) for r in rows}


def test_relink_merges_nodes_and_moves_their_relationships(
    store: Store, store_settings: Settings, analyzer, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Zorbistan Liberation Front attacks Iraq\n\n"
        "The Zorbistan Liberation Front attacked Iraqi forces in Mosul on Monday, officials said.\n"
    )
    (corpus / "b.txt").write_text(
        "Zorbistan Front condemns Iran\n\nThe Zorbistan Front condemned Iran on Tuesday.\n"
    )
    ingest([corpus], store, analyzer)
    # Two spellings, two kinds of node: nothing has told graphkit yet that they are one.
    assert _names(store) == {"Zorbistan Liberation Front", "Zorbistan Front"}
    before = _entity_ids(store)
    events = set().union(*(_events_of(store, i) for i in before))
    assert events, "the extractor found no event to move"

    aliases = tmp_path / "zorbistan.csv"
    aliases.write_text("name,alias,type\nZorbistan Liberation Front,Zorbistan Front,ORG\n")
    dry = runner.invoke(
        app, ["relink", "--dry-run", "--json", "--aliases", str(aliases), *cli_args(store_settings)]
    )
    assert dry.exit_code == 0, dry.output
    planned = json.loads(dry.stdout)
    assert {p["from"] for p in planned} == before
    assert len({p["into"] for p in planned}) == 1
    assert _entity_ids(store) == before  # a dry run writes nothing

    result = runner.invoke(app, ["relink", "--aliases", str(aliases), *cli_args(store_settings)])
    assert result.exit_code == 0, result.output
    (merged,) = _entity_ids(store)
    assert merged not in before
    node = store.run(
        "MATCH (e:Entity {id: $id}) RETURN e.name AS name, e.aliases AS aliases", {"id": merged}
    )[0]
    assert node["name"] == "Zorbistan Liberation Front"
    assert {"Zorbistan Liberation Front", "Zorbistan Front"} <= set(node["aliases"])
    # Every event and its citation moved; both articles now cite the one node.
    assert _events_of(store, merged) == events
    articles = store.run(
        "MATCH (:Entity {id: $id})-[m:MENTIONED_IN]->(a:Article) RETURN a.source AS s, m.texts AS texts",
        {"id": merged},
    )
    assert {a["s"] for a in articles} == {"a.txt", "b.txt"}
    assert (
        store.run("MATCH (e:Entity) WHERE e.id IN $ids RETURN count(e) AS n", {"ids": sorted(before)})[0]["n"]
        == 0
    )

    again = runner.invoke(app, ["relink", "--json", "--aliases", str(aliases), *cli_args(store_settings)])
    assert json.loads(again.stdout) == []  # idempotent


def test_link_explains_resolution() -> None:
    result = runner.invoke(app, ["link", "Kata’ib Hizballah", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert (
        rows and rows[0]["name"].replace("’", "'") == "Kata'ib Hezbollah" and rows[0]["rule"] == "gazetteer"
    )
    assert all(r["name"] != "Hezbollah" for r in rows[:1])

    dated = json.loads(
        runner.invoke(app, ["link", "the U.S. president", "--date", "2020-01-08", "--json"]).stdout
    )
    assert dated[0]["name"] == "Donald Trump"
    later = json.loads(
        runner.invoke(app, ["link", "the U.S. president", "--date", "2022-03-01", "--json"]).stdout
    )
    assert later[0]["name"] == "Joe Biden"


def test_link_with_a_bad_aliases_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,alias\nonly-one-column\n")
    result = runner.invoke(app, ["link", "Iran", "--aliases", str(bad)])
    assert result.exit_code == 2
    assert "bad.csv:2" in result.output and "Traceback" not in result.output
