"""Saved reports: header parsing, every packaged report against the seeds graph in each store, the CLI.

Each report's rows are checked against what the graph holds, read back with plain queries, so the
tests follow the extractor as it improves. The seeds are ingested once per module and store.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.config import packaged_cypher_dir
from graphkit.errors import ConfigError
from graphkit.models import Article, ArticleGraph, Citation, Entity, Event, Mention
from graphkit.output import render
from graphkit.reports import Report, load_reports, parse_report, resolve_params, run_report
from graphkit.store import Store
from graphkit.write import write_batch
from tests.conftest import cli_args, settings_for, wipe

runner = CliRunner()
REPORTS = load_reports(packaged_cypher_dir() / "reports")
ATTACKS = {"ASSAULT", "FIGHT", "MASS_VIOLENCE"}

EVENTS = """
MATCH (a:Entity)-[r]->(t:Entity)
WHERE r.root IS NOT NULL
RETURN a.id AS actor_id, a.name AS actor, type(r) AS action, r.code AS code, t.id AS target_id,
       t.name AS target, r.article_id AS article_id, coalesce(r.negated, false) AS negated,
       r.trigger AS trigger, r.sentence AS sentence
"""


def events(store: Store) -> list[dict[str, Any]]:
    return store.run(EVENTS)


def run(store: Store, report: str, /, **params: Any) -> list[dict[str, Any]]:
    return run_report(store, REPORTS[report], params)


# ---------------------------------------------------------------- headers (no store)


def _report(tmp_path: Path, text: str, name: str = "r.cypher") -> Report:
    path = tmp_path / name
    path.write_text(text)
    return parse_report(text, path)


def test_header_gives_name_description_and_typed_defaults(tmp_path: Path) -> None:
    r = _report(
        tmp_path,
        '// name: who\n// description: Who did it.\n// param: name = "Iran"  (an entity)\n'
        "// param: limit = 5\n// a note\nMATCH (e:Entity) WHERE e.name = $name RETURN e.id AS id LIMIT $limit\n",
    )
    assert (r.name, r.description) == ("who", "Who did it.")
    assert r.params == {"name": "Iran", "limit": 5}
    assert r.param_help == {"name": "an entity"}
    assert resolve_params(r, {"limit": "7"}) == {"name": "Iran", "limit": 7}
    assert resolve_params(r, {"name": 1984}) == {"name": "1984", "limit": 5}


def test_header_errors_name_the_file_and_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"uses \$limit .* declares no such parameter"):
        _report(tmp_path, "// name: x\nMATCH (n) RETURN n.id AS id LIMIT $limit\n")
    with pytest.raises(ConfigError, match="not JSON"):
        _report(tmp_path, "// name: x\n// param: name = Iran\nRETURN $name AS n\n")
    with pytest.raises(ConfigError, match="never used"):
        _report(tmp_path, "// name: x\n// param: name = 1\nRETURN 1 AS n\n")
    r = _report(tmp_path, "// name: x\n// param: limit = 1\nRETURN $limit AS n\n")
    with pytest.raises(ConfigError, match=r"has no parameter nmae; its parameters: limit"):
        resolve_params(r, {"nmae": 3})
    with pytest.raises(ConfigError, match="takes int values"):
        resolve_params(r, {"limit": "many"})


def test_packaged_reports_are_complete() -> None:
    expected = {
        "who-did-what-to-whom",
        "condemnation-network",
        "attacks-by-actor",
        "attacks-by-target",
        "entity-timeline",
        "corroboration",
        "single-source-claims",
        "conflicting-claims",
        "co-mentioned",
        "aliases-of",
        "curation",
        "country-actions",
    }
    assert expected <= set(REPORTS)
    for r in REPORTS.values():
        assert r.name == r.path.stem, r.path
        assert len(r.description) > 20, r.name
        assert "RETURN" in r.query
    assert "name" in REPORTS["entity-timeline"].params and "name" in REPORTS["aliases-of"].params


def test_formats_render_every_cell() -> None:
    rows = [{"a": "x|y", "b": [1, 2], "c": None}, {"a": "line\nbreak", "b": True, "c": 3}]
    parsed = list(csv.DictReader(io.StringIO(render(rows, "csv"))))
    assert parsed[0] == {"a": "x|y", "b": "[1, 2]", "c": ""} and parsed[1]["b"] == "true"
    assert json.loads(render(rows, "json")) == rows
    md = render(rows, "markdown").splitlines()
    assert md[0] == "| a | b | c |" and md[2] == "| x\\|y | [1, 2] |  |" and "line<br>break" in md[3]


# ---------------------------------------------------------------- every report on the seeds graph


def test_every_report_runs_and_returns_projections(graph: Store) -> None:
    for name, report in REPORTS.items():
        rows = run_report(graph, report)
        for row in rows:
            for value in row.values():
                # Plain values only: never nodes, relationships or paths (ArcadeDB returns them as dicts).
                assert not isinstance(value, dict), (name, row)


def test_seeds_have_united_states_attacking_kataib_hezbollah(graph: Store) -> None:
    rows = run(graph, "who-did-what-to-whom")
    attacks = {(r["actor"], r["action"], r["target"]) for r in rows if r["actor"] == "United States"}
    assert attacks & {("United States", a, "Kata'ib Hezbollah") for a in ("ASSAULT", "FIGHT")}, sorted(
        attacks
    )


def test_who_did_what_to_whom_counts_articles_per_triple(graph: Store) -> None:
    expected: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for e in events(graph):
        if not e["negated"]:
            expected[(e["actor_id"], e["action"], e["target_id"])].add(e["article_id"])
    rows = run(graph, "who-did-what-to-whom", limit=100000)
    assert expected, "the seeds graph holds no events"
    assert {(r["actor_id"], r["action"], r["target_id"]): r["articles"] for r in rows} == {
        k: len(v) for k, v in expected.items()
    }
    assert [r["articles"] for r in rows] == sorted((r["articles"] for r in rows), reverse=True)
    assert len(run(graph, "who-did-what-to-whom", limit=2)) == min(2, len(rows))
    with_negated = run(graph, "who-did-what-to-whom", include_negated=True, limit=100000)
    assert sum(r["events"] for r in with_negated) == len(events(graph))


def test_condemnation_network_is_the_disapprove_edges(graph: Store) -> None:
    disapprove = [e for e in events(graph) if e["action"] == "DISAPPROVE" and not e["negated"]]
    rows = run(graph, "condemnation-network")
    assert rows, "the seeds report condemnations (Khamenei, Iraq) and accusations (Trump accuses Iran)"
    assert sum(r["events"] for r in rows) == len(disapprove)
    assert {r["kind"] for r in rows} == {"condemnation", "accusation"}
    for r in rows:
        assert r["code"].startswith("11") and (r["kind"] == "accusation") == r["code"].startswith("112")


def test_attacks_by_actor_and_by_target_cover_roots_18_to_20(graph: Store) -> None:
    attacks = [e for e in events(graph) if e["action"] in ATTACKS and not e["negated"]]
    assert attacks, "the seeds report attacks"
    for name, key, total in (
        ("attacks-by-actor", "actor_id", "attacker_events"),
        ("attacks-by-target", "target_id", "target_events"),
    ):
        rows = run(graph, name)
        assert {r["action"] for r in rows} <= ATTACKS
        assert sum(r["events"] for r in rows) == len(attacks)
        per_party = Counter(e[key] for e in attacks)
        for r in rows:
            assert r[total] == per_party[r[key]]
        assert [r[total] for r in rows] == sorted((r[total] for r in rows), reverse=True)


def test_entity_timeline_matches_id_name_or_alias_ignoring_case(graph: Store) -> None:
    khamenei = graph.run("MATCH (e:Entity {id: 'Q57336'}) RETURN e.aliases AS aliases")
    assert khamenei, "Ali Khamenei (Q57336) is in the seeds graph"
    involved = [e for e in events(graph) if "Q57336" in (e["actor_id"], e["target_id"])]
    assert involved
    for name in ("Q57336", "ALI KHAMENEI", "khamenei"):
        rows = run(graph, "entity-timeline", name=name)
        assert len(rows) == len(involved), name
        assert {r["entity"] for r in rows} == {"Ali Khamenei"}
        assert all("Q57336" in (r["actor_id"], r["target_id"]) for r in rows)
        assert all(r["trigger"] in r["sentence"] for r in rows)
    assert run(graph, "entity-timeline", name="no such entity") == []


def test_corroboration_counts_articles_and_publishers(graph: Store) -> None:
    per_triple: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for e in events(graph):
        if not e["negated"]:
            per_triple[(e["actor_id"], e["action"], e["target_id"])].add(e["article_id"])
    rows = run(graph, "corroboration", limit=100000)
    assert {(r["actor_id"], r["action"], r["target_id"]): r["articles"] for r in rows} == {
        k: len(v) for k, v in per_triple.items()
    }
    # The seeds are plain text files: no publisher is known, so every article is unattributed.
    assert all(r["publishers"] == 0 and r["unattributed"] == r["articles"] for r in rows)
    strong = run(graph, "corroboration", min_articles=2)
    assert all(r["articles"] >= 2 for r in strong)
    assert len(strong) == sum(1 for v in per_triple.values() if len(v) >= 2)


def test_single_source_claims_cite_their_one_article(graph: Store) -> None:
    single = {k for k, v in _articles_per_triple(graph).items() if v == 1}
    rows = run(graph, "single-source-claims", limit=100000)
    assert rows and {(r["actor_id"], r["action"], r["target_id"]) for r in rows} == single
    sources = {s["source"] for s in graph.run("MATCH (a:Article) RETURN a.source AS source")}
    for r in rows:
        assert r["source"] in sources and r["trigger"] in r["sentence"]
    assert [r["goldstein"] for r in rows] == sorted(r["goldstein"] for r in rows)


def _articles_per_triple(store: Store) -> dict[tuple[str, str, str], int]:
    per: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for e in events(store):
        if not e["negated"]:
            per[(e["actor_id"], e["action"], e["target_id"])].add(e["article_id"])
    return {k: len(v) for k, v in per.items()}


def test_co_mentioned_pairs_share_articles(graph: Store) -> None:
    rows = run(graph, "co-mentioned", min_articles=3)
    assert rows, "Iran, Iraq and the United States share every seed article"
    mentions = graph.run(
        "MATCH (e:Entity)-[:MENTIONED_IN]->(a:Article) RETURN e.id AS id, a.source AS source"
    )
    where: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        where[m["id"]].add(m["source"])
    for r in rows:
        shared = where[r["entity_a_id"]] & where[r["entity_b_id"]]
        assert r["articles"] == len(shared) >= 3 and set(r["sources"]) == shared
    pair = {frozenset((r["entity_a"], r["entity_b"])) for r in rows}
    assert frozenset(("Iran", "United States")) in pair


def test_aliases_of_counts_every_mention(graph: Store) -> None:
    rows = run(graph, "aliases-of", name="u.s.")
    assert rows and {r["entity_id"] for r in rows} == {"Q30"}
    texts = graph.run(
        "MATCH (:Entity {id: 'Q30'})-[m:MENTIONED_IN]->() RETURN m.texts AS texts, m.rules AS rules"
    )
    # Pronouns ("it", "its") cite the entity but are not aliases.
    counted = Counter(
        t for row in texts for t, rule in zip(row["texts"], row["rules"], strict=True) if rule != "pronoun"
    )
    assert {r["alias"]: r["mentions"] for r in rows} == dict(counted)
    assert "U.S." in counted and rows[0]["mentions"] == max(counted.values())


def test_curation_lists_unlinked_events_and_one_off_names(graph: Store) -> None:
    rows = run(graph, "curation")
    issues = Counter(r["issue"] for r in rows)
    unlinked = graph.run("MATCH (u:UnlinkedEvent) RETURN count(u) AS n")[0]["n"]
    assert unlinked > 0 and issues["unlinked event"] == unlinked
    once = [r for r in rows if r["issue"] == "outside gazetteer, once"]
    assert once, "the seeds name people outside the gazetteer once (e.g. Mohammed Mohyee)"
    for r in once:
        assert r["mentions"] == 1 and r["id"].split(":")[0].isupper()
        assert r["detail"].startswith('as "') and r["detail"][4:-1] in r["context"]
    for r in rows:
        if r["issue"] == "alias on several entities":
            holders = graph.run(
                "MATCH (e:Entity) WHERE any(a IN e.aliases WHERE toLower(a) = $alias) RETURN count(e) AS n",
                {"alias": r["name"]},
            )
            assert holders[0]["n"] == r["mentions"] > 1


def test_action_summary_adds_up(graph: Store) -> None:
    rows = run(graph, "action-summary")
    assert sum(r["events"] for r in rows) == len(events(graph))
    assert [r["root"] for r in rows] == sorted(r["root"] for r in rows)


def test_country_actions_roll_up_a_state_and_its_organs(graph: Store) -> None:
    rows = run(graph, "country-actions", country="USA")
    assert rows and {r["action"] for r in rows} & {"ASSAULT", "FIGHT"}
    # the state's organs and office holders are rolled up with it, and every row is one of them
    stored = graph.run(
        "MATCH (a:Entity)-[r]->(:Entity) WHERE a.country = $c AND NOT coalesce(r.negated, false) "
        "RETURN count(r) AS n",
        {"c": "USA"},
    )[0]["n"]
    assert sum(r["events"] for r in rows) == stored
    assert len({r["actor"] for r in rows}) > 1
    assert run(graph, "country-actions", country="XXX") == []


def test_conflicting_claims_on_the_seeds_are_real_edges(graph: Store) -> None:
    claims = {(e["actor"], e["action"], e["target"]) for e in events(graph)}
    for r in run(graph, "conflicting-claims"):
        assert r["claim_sentence"] and r["counter_sentence"]
        assert any(r["claim"] == f"{a} {act} {t}" for a, act, t in claims)


# ---------------------------------------------------------------- CLI


def test_report_list_names_every_report() -> None:
    result = runner.invoke(app, ["report", "list", "--json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert {r["name"] for r in listed} == set(REPORTS)
    timeline = next(r for r in listed if r["name"] == "entity-timeline")
    assert timeline["parameters"]["name"] == REPORTS["entity-timeline"].params["name"]


def test_report_run_in_every_format(graph: Store, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    args = cli_args(settings_for(graph, request))
    expected = run(graph, "attacks-by-target")
    base = ["report", "run", "attacks-by-target"]
    as_json = runner.invoke(app, [*base, "--format", "json", *args])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout) == expected
    as_csv = runner.invoke(app, [*base, "-f", "csv", *args])
    parsed = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["target"] for r in parsed] == [r["target"] for r in expected]
    as_md = runner.invoke(app, [*base, "-f", "markdown", *args])
    assert as_md.stdout.splitlines()[0].startswith("| target | target_id |")
    assert len(as_md.stdout.splitlines()) == len(expected) + 2
    table = runner.invoke(app, [*base, *args], env={"COLUMNS": "300"})
    assert table.exit_code == 0 and expected[0]["target"] in table.stdout
    out = tmp_path / "attacks.csv"
    to_file = runner.invoke(app, [*base, "-f", "csv", "--out", str(out), *args])
    assert to_file.exit_code == 0 and to_file.stdout == ""
    assert f"wrote {len(expected)} rows" in to_file.stderr
    assert list(csv.DictReader(out.open())) == parsed


def test_report_run_takes_parameters(graph: Store, request: pytest.FixtureRequest) -> None:
    args = cli_args(settings_for(graph, request))
    result = runner.invoke(
        app,
        [
            "report",
            "run",
            "entity-timeline",
            "--param",
            "name=khamenei",
            "-p",
            "limit=1",
            "-f",
            "json",
            *args,
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 1 and rows[0]["entity"] == "Ali Khamenei"


def test_unknown_report_or_parameter_is_one_line_listing_the_valid_ones() -> None:
    # Both are refused before any store is opened.
    result = runner.invoke(app, ["report", "run", "who-did-what", "--db", "/nonexistent/never-created"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "no report named 'who-did-what'" in result.stderr
    assert all(name in result.stderr for name in REPORTS)
    result = runner.invoke(
        app, ["report", "run", "entity-timeline", "-p", "entity=Iran", "--db", "/nonexistent/x"]
    )
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "has no parameter entity; its parameters: name, limit" in result.stderr
    result = runner.invoke(app, ["report", "run", "who-did-what-to-whom", "-p", "limit=lots", "--db", "/x/y"])
    assert result.exit_code == 2 and "takes int values" in result.stderr
    assert not Path("/nonexistent").exists()


def test_reports_dir_option_reads_another_folder(tmp_path: Path) -> None:
    (tmp_path / "mine.cypher").write_text("// name: mine\n// description: Mine.\nRETURN 1 AS one\n")
    result = runner.invoke(app, ["report", "list", "--cypher-dir", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    assert [r["name"] for r in json.loads(result.stdout)] == ["mine"]


# ---------------------------------------------------------------- conflicting claims on a graph built for them
# These replace the seeds graph in the store, so they run last; the `graph` fixture re-ingests after them.


def _article(i: int, text: str) -> Article:
    return Article(
        id=f"conflict-{i}", text=text, title=f"t{i}", source=f"conflict-{i}.txt", path=f"/c/{i}.txt"
    )


def _event(
    article: Article, actor: Entity, target: Entity, code: str, trigger: str, lexicon: Any, **kw: Any
) -> Event:
    start = article.text.index(trigger)
    citation = Citation(article.id, article.text, 0, len(article.text), start, start + len(trigger))
    return Event(
        key=f"{article.id}:{start}",
        actor=actor,
        target=target,
        action=lexicon.action(code),
        trigger=trigger,
        lemma=trigger,
        citation=citation,
        **kw,
    )


def _mentions(article: Article, *entities: tuple[Entity, str]) -> tuple[Mention, ...]:
    out = []
    for ent, text in entities:
        s = article.text.index(text)
        out.append(Mention(ent, text, s, s + len(text), 0, 1))
    return tuple(out)


@pytest.mark.parametrize("kind", ["embedded", "neo4j"])
def test_conflicting_claims_finds_negations_and_denials(
    kind: str, request: pytest.FixtureRequest, analyzer: Any
) -> None:
    store: Store = request.getfixturevalue(f"{kind}_store")
    wipe(store)
    lex = analyzer.lexicon
    north = Entity("GPE:northland", "Northland", "GPE")
    south = Entity("GPE:southland", "Southland", "GPE")
    gen = Entity("PERSON:general grey", "General Grey", "PERSON")
    a1 = _article(1, "Northland shelled Southland, General Grey said.")
    a2 = _article(
        2, "Northland did not shell Southland. Southland accused Northland. Northland rejected Southland."
    )
    a3 = _article(3, "Northland rejected General Grey.")
    graphs = [
        ArticleGraph(
            a1,
            _mentions(a1, (north, "Northland"), (south, "Southland"), (gen, "General Grey")),
            (_event(a1, north, south, "190", "shelled", lex, claimed_by="General Grey"),),
        ),
        ArticleGraph(
            a2,
            _mentions(a2, (north, "Northland"), (south, "Southland")),
            (
                _event(a2, north, south, "190", "shell", lex, negated=True),
                _event(a2, south, north, "112", "accused", lex),
                _event(a2, north, south, "120", "rejected", lex),
            ),
        ),
        ArticleGraph(
            a3,
            _mentions(a3, (north, "Northland"), (gen, "General Grey")),
            (_event(a3, north, gen, "120", "rejected", lex),),
        ),
    ]
    write_batch(store, graphs)
    rows = run_report(store, REPORTS["conflicting-claims"])
    found = {(r["conflict"], r["claimant"], r["claim"], r["denier"], r["counter"]) for r in rows}
    assert found == {
        (
            "asserted vs negated",
            "General Grey",
            "Northland FIGHT Southland",
            None,
            "Northland NOT FIGHT Southland",
        ),
        (
            "claim vs denial",
            "Southland",
            "Southland DISAPPROVE Northland",
            "Northland",
            "Northland REJECT Southland",
        ),
        (
            "attributed claim vs denial",
            "General Grey",
            "Northland FIGHT Southland",
            "Northland",
            "Northland REJECT General Grey",
        ),
    }
    by_kind = {r["conflict"]: r for r in rows}
    assert by_kind["asserted vs negated"]["counter_source"] == "conflict-2.txt"
    assert by_kind["attributed claim vs denial"]["counter_source"] == "conflict-3.txt"
    wipe(store)
