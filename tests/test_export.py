"""Exports of the seeds graph in each store: entities JSONL, events JSONL/CSV, GraphML, the eval view.

Offsets are checked against the stored article text: a mention's start/end must slice out its text,
an event's start/end its trigger and sentence_start/sentence_end its sentence.
"""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from graphkit.cameo import REL_TYPES, ROOTS, quad_class
from graphkit.cli import app
from graphkit.evaluate import load_gold, score_events, score_linking
from graphkit.export import CSV_COLUMNS, iter_entities, iter_events, system_view
from graphkit.store import Store
from tests.conftest import REPO, cli_args, settings_for

runner = CliRunner()
GOLD = REPO.parent / "shared" / "gold" / "seeds.jsonl"
NS = "{http://graphml.graphdrawing.org/xmlns}"


def texts_by_source(store: Store) -> dict[str, str]:
    return {
        r["source"]: r["text"]
        for r in store.run("MATCH (a:Article) RETURN a.source AS source, a.text AS text")
    }


def invoke(store: Store, request: pytest.FixtureRequest, *args: str) -> Any:
    result = runner.invoke(app, [*args, *cli_args(settings_for(store, request))])
    assert result.exit_code == 0, result.output
    return result


def test_entities_jsonl_one_canonical_entity_per_line(graph: Store, request: pytest.FixtureRequest) -> None:
    lines = invoke(graph, request, "export", "entities", "--format", "jsonl").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == graph.run("MATCH (e:Entity) RETURN count(e) AS n")[0]["n"] > 0
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(ids)
    texts = texts_by_source(graph)
    mentions = 0
    for r in records:
        assert set(r) == {"id", "name", "type", "wikidata", "country", "aliases", "mentions"}
        assert isinstance(r["aliases"], list)
        for m in r["mentions"]:
            assert texts[m["article"]][m["start"] : m["end"]] == m["text"]
            mentions += 1
    stored = graph.run("MATCH (:Entity)-[m:MENTIONED_IN]->() RETURN sum(size(m.texts)) AS n")[0]["n"]
    assert mentions == stored
    khamenei = next(r for r in records if r["id"] == "Q57336")
    assert khamenei["name"] == "Ali Khamenei" and khamenei["wikidata"] == "Q57336"
    # every actor carries its state's ISO alpha-3 code: the state itself, and an office holder of it
    assert khamenei["country"] == "IRN"
    assert next(r for r in records if r["id"] == "Q794")["country"] == "IRN"
    names = {m["text"] for m in khamenei["mentions"] if m["rule"] != "pronoun"}
    assert names and names <= set(khamenei["aliases"])
    assert not {m["text"] for m in khamenei["mentions"] if m["rule"] == "pronoun"} & set(khamenei["aliases"])


def test_events_jsonl_offsets_slice_the_article_text(graph: Store, request: pytest.FixtureRequest) -> None:
    lines = invoke(graph, request, "export", "events").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == graph.run("MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS n")[0]["n"] > 0
    texts = texts_by_source(graph)
    for r in records:
        assert set(r["article"]) == {"id", "title", "source", "published"}
        assert set(r["actor"]) == set(r["target"]) == {"id", "name", "type", "wikidata", "country"}
        action = r["action"]
        assert {"root", "code", "name", "trigger", "quad_class", "goldstein"} <= set(action)
        assert action["type"] == ROOTS[action["root"]][1] and action["code"].startswith(action["root"])
        assert action["quad_class"] == quad_class(action["root"])
        text = texts[r["article"]["source"]]
        assert text[r["start"] : r["end"]] == action["trigger"]
        assert text[r["sentence_start"] : r["sentence_end"]] == r["sentence"]
        assert r["sentence_start"] <= r["start"] < r["end"] <= r["sentence_end"]
        assert isinstance(r["negated"], bool)
        for key in ("modality", "claimed_by"):
            assert key in r
    # the events carry actor and target country codes: the U.S. striking Kata'ib Hezbollah's sites
    assert any(r["actor"]["country"] == "USA" and r["action"]["root"] in ("18", "19") for r in records)


def test_paging_returns_the_same_records_as_one_page(graph: Store) -> None:
    assert list(iter_entities(graph, page=7)) == list(iter_entities(graph, page=10_000))
    small = list(iter_events(graph, page=2))
    assert small == list(iter_events(graph, page=10_000))
    assert len({(e["action"]["type"], e["key"]) for e in small}) == len(small)


def test_events_csv_is_a_flat_gdelt_like_table(
    graph: Store, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    out = tmp_path / "events.csv"
    result = invoke(graph, request, "export", "events", "-f", "csv", "--out", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert f"exported {len(rows)} events" in result.stderr
    header = next(csv.reader(out.open(encoding="utf-8", newline="")))
    assert header == [c for c, _ in CSV_COLUMNS]
    assert header[:3] == ["date", "actor1_id", "actor1_name"]
    nested = list(iter_events(graph))
    assert len(rows) == len(nested) > 0
    for row, rec in zip(rows, nested, strict=True):
        assert row["event_code"] == rec["action"]["code"] and row["event_root_code"] == row["event_code"][:2]
        assert row["actor2_name"] == rec["target"]["name"] and row["sentence"] == rec["sentence"]
        assert int(row["quad_class"]) == quad_class(row["event_root_code"])
        assert row["negated"] in ("true", "false")


def test_graphml_parses_and_links_every_edge(graph: Store, request: pytest.FixtureRequest) -> None:
    root = ET.fromstring(invoke(graph, request, "export", "graph", "--format", "graphml").stdout)
    assert root.tag == f"{NS}graphml"
    keys = {k.get("id"): k for k in root.iter(f"{NS}key")}
    g = root.find(f"{NS}graph")
    assert g is not None and g.get("edgedefault") == "directed"
    nodes = {n.get("id"): n for n in g.iter(f"{NS}node")}
    edges = list(g.iter(f"{NS}edge"))
    assert len(nodes) == graph.run("MATCH (e:Entity) RETURN count(e) AS n")[0]["n"]
    assert len(edges) == graph.run("MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS n")[0]["n"] > 0

    def data(el: ET.Element) -> dict[str, str | None]:
        out = {}
        for d in el.iter(f"{NS}data"):
            assert d.get("key") in keys
            out[keys[d.get("key")].get("attr.name")] = d.text
        return out

    assert data(nodes["Q57336"])["name"] == "Ali Khamenei"
    for e in edges:
        assert e.get("source") in nodes and e.get("target") in nodes
        attrs = data(e)
        assert attrs["type"] in REL_TYPES and attrs["code"] and attrs["sentence"] and attrs["article"]


def test_system_view_feeds_the_evaluator(graph: Store) -> None:
    entities, events = system_view(graph)
    exported = list(iter_entities(graph))
    assert [e.id for e in entities] == [e["id"] for e in exported]
    assert sum(len(e.mentions) for e in entities) == sum(len(e["mentions"]) for e in exported)
    assert len(events) == graph.run("MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS n")[0]["n"]
    assert all(len(ev.root) == 2 and ev.trigger in ev.sentence for ev in events)
    if GOLD.exists():  # the shared gold file sits beside the repo in development and CI
        gold = load_gold(GOLD)
        assert score_linking(gold, entities).found > 0
        assert score_events(gold, entities, events).micro.tp > 0
