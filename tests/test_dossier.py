"""Entity dossiers on the seeds graph in each store: resolution by id, name or alias; events with citations."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.config import Settings
from graphkit.dossier import build_dossier, format_dossier, resolve_entity
from graphkit.errors import ConfigError
from graphkit.models import Article, ArticleGraph, Entity, Mention
from graphkit.store import Store
from graphkit.write import write_batch
from tests.conftest import cli_args, settings_for, wipe

runner = CliRunner()


def test_resolves_by_id_name_or_alias_ignoring_case(graph: Store) -> None:
    for name in ("Q57336", "Ali Khamenei", "ali khamenei", "KHAMENEI"):
        assert resolve_entity(graph, name)["id"] == "Q57336", name
    with pytest.raises(ConfigError, match="no entity has the id, name or alias 'Khamenie'"):
        resolve_entity(graph, "Khamenie")
    with pytest.raises(ConfigError, match=r"did you mean: .*Ali Khamenei \[Q57336\]"):
        resolve_entity(graph, "khamen")


def test_dossier_aliases_and_events_match_the_graph(graph: Store) -> None:
    d = build_dossier(graph, "khamenei")
    assert (d.id, d.name, d.type, d.wikidata) == ("Q57336", "Ali Khamenei", "PERSON", "Q57336")
    assert "Person" in d.labels and d.articles >= 3
    texts = graph.run(
        "MATCH (:Entity {id: 'Q57336'})-[m:MENTIONED_IN]->() RETURN m.texts AS texts, m.rules AS rules"
    )
    # Pronouns ("he", "his") cite the entity but are not aliases.
    counted = Counter(
        t for row in texts for t, rule in zip(row["texts"], row["rules"], strict=True) if rule != "pronoun"
    )
    assert {a.text: a.mentions for a in d.aliases if a.mentions} == dict(counted)
    assert [a.mentions for a in d.aliases] == sorted((a.mentions for a in d.aliases), reverse=True)

    edges = graph.run(
        "MATCH (a:Entity)-[r]->(t:Entity) WHERE r.root IS NOT NULL AND (a.id = $id OR t.id = $id) "
        "RETURN a.id AS actor, type(r) AS action, t.id AS target",
        {"id": d.id},
    )
    out = Counter(e["action"] for e in edges if e["actor"] == d.id)
    into = Counter(e["action"] for e in edges if e["target"] == d.id and e["actor"] != d.id)
    assert out, "Khamenei acts in the seeds (condemns, threatens)"
    assert {k: len(v) for k, v in d.events_out.items()} == dict(out)
    assert {k: len(v) for k, v in d.events_in.items()} == dict(into)
    sources = {r["s"] for r in graph.run("MATCH (a:Article) RETURN a.source AS s")}
    for action, evs in (*d.events_out.items(), *d.events_in.items()):
        for ev in evs:
            assert ev.action == action and ev.trigger in ev.sentence and ev.source in sources
    roots = [evs[0].root for evs in d.events_out.values()]
    assert roots == sorted(roots)  # groups read from cooperation to violence

    text = format_dossier(d)
    assert text.startswith("Ali Khamenei  [Q57336]") and "wikidata: Q57336" in text
    first = next(iter(d.events_out.values()))[0]
    assert first.source in text and " ".join(first.sentence.split()) in text


def test_entity_command_prints_and_exports_json(graph: Store, request: pytest.FixtureRequest) -> None:
    args = cli_args(settings_for(graph, request))
    text = runner.invoke(app, ["entity", "Ayatollah Ali Khamenei", "--format", "table", *args])
    assert text.exit_code == 0, text.output
    assert "Ali Khamenei  [Q57336]" in text.stdout and "aliases:" in text.stdout
    as_json = runner.invoke(app, ["entity", "Q57336", "--json", *args])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.stdout)
    assert data["id"] == "Q57336" and data["aliases"][0]["mentions"] >= 1
    for evs in data["events_out"].values():
        assert all({"sentence", "source", "date", "code", "other_name"} <= set(ev) for ev in evs)
    missing = runner.invoke(app, ["entity", "Zorblatt Quux", *args])
    assert missing.exit_code == 2 and "no entity has the id, name or alias" in missing.stderr


# Replaces the seeds graph, so it comes last; the `graph` fixture re-ingests after it.
@pytest.mark.parametrize("kind", ["embedded", "neo4j"])
def test_ambiguous_name_lists_the_candidates(kind: str, request: pytest.FixtureRequest) -> None:
    store: Store = request.getfixturevalue(f"{kind}_store")
    wipe(store)
    text = "Georgia met Georgia in Tbilisi."
    article = Article(id="amb-1", text=text, title="t", source="amb.txt", path="/amb.txt")
    state = Entity("Q230", "Georgia", "GPE", "Q230")
    person = Entity("PERSON:georgia", "Georgia", "PERSON")
    mentions = (Mention(state, "Georgia", 0, 7, 0, 1), Mention(person, "Georgia", 12, 19, 2, 3))
    write_batch(store, [ArticleGraph(article, mentions)])
    with pytest.raises(ConfigError) as exc:
        resolve_entity(store, "georgia")
    message = str(exc.value)
    assert "'georgia' is the name of 2 entities" in message
    assert "Georgia [Q230, GPE, 1 articles]" in message and "Georgia [PERSON:georgia, PERSON" in message
    assert build_dossier(store, "PERSON:georgia").type == "PERSON"  # the id settles it
    settings = (
        Settings(db_dir=request.getfixturevalue("embedded_dir"))
        if kind == "embedded"
        else request.getfixturevalue("neo4j_settings")
    )
    args = cli_args(settings)
    result = runner.invoke(app, ["entity", "Georgia", *args])
    assert result.exit_code == 2 and "repeat with one of the ids" in result.stderr
    assert result.stderr.count("\n") == 1
    wipe(store)
