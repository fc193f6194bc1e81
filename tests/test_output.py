"""Cases 4, 5 and 6: output that fits a pipe, whole nodes and relationships, ISO dates, and read
commands that never create a store. CliRunner's stdout is not a terminal, as in `| cat`."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.output import Format, default_format
from graphkit.store import Store
from tests.conftest import cli_args, settings_for

runner = CliRunner()


@pytest.fixture
def args(graph: Store, request: pytest.FixtureRequest) -> list[str]:
    return cli_args(settings_for(graph, request))


def test_default_is_a_table_on_a_terminal_and_tsv_elsewhere() -> None:
    assert default_format(True) is Format.table and default_format(False) is Format.tsv


def test_report_in_a_pipe_is_tsv_one_line_per_row(graph: Store, args: list[str]) -> None:
    result = runner.invoke(app, ["report", "run", "who-did-what-to-whom", *args])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    header = lines[0].split("\t")
    assert header[:3] == ["actor", "actor_id", "actor_type"]
    as_json = json.loads(
        runner.invoke(app, ["report", "run", "who-did-what-to-whom", "-f", "json", *args]).stdout
    )
    assert len(lines) == len(as_json) + 1, "one line per row: nothing folded"
    assert all(len(line.split("\t")) == len(header) for line in lines)
    assert "Donald Trump" in {line.split("\t")[0] for line in lines[1:]}


READ_COMMANDS = [
    ["query", "MATCH (e:Entity) RETURN e.name AS name, e.aliases AS aliases LIMIT 3"],
    ["report", "run", "attacks-by-actor"],
    ["report", "list"],
    ["entity", "Iran"],
    ["link", "Kata'ib Hezbollah"],
]


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "markdown"])
@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_every_read_command_takes_every_format(
    graph: Store, args: list[str], command: list[str], fmt: str
) -> None:
    needs_store = command[0] in ("query", "entity") or command[:2] == ["report", "run"]
    result = runner.invoke(app, [*command, "--format", fmt, *(args if needs_store else [])])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.strip()
    if fmt == "json":
        json.loads(text)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert len({len(r) for r in rows}) == 1
    elif fmt == "tsv":
        assert len({line.count("\t") for line in text.splitlines()}) == 1
    elif fmt == "markdown":
        assert text.startswith("| ")


def test_export_events_tsv(graph: Store, args: list[str]) -> None:
    result = runner.invoke(app, ["export", "events", "--format", "tsv", *args])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    n = graph.run("MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS n")[0]["n"]
    assert len(lines) == n + 1 and len({line.count("\t") for line in lines}) == 1


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_export_entities_as_a_table(graph: Store, args: list[str], fmt: str) -> None:
    result = runner.invoke(app, ["export", "entities", "--format", fmt, *args])
    assert result.exit_code == 0, result.output
    if fmt == "tsv":
        rows = [line.split("\t") for line in result.stdout.splitlines()]
    else:
        rows = list(csv.reader(io.StringIO(result.stdout)))
    n = graph.run("MATCH (e:Entity) RETURN count(e) AS n")[0]["n"]
    assert rows[0][:3] == ["id", "name", "type"] and len(rows) == n + 1
    assert len({len(r) for r in rows}) == 1


def test_query_returns_whole_relationships_and_nodes(graph: Store, args: list[str]) -> None:
    """Case 5: `RETURN a, r, b` keeps labels, type and every property (the citation)."""
    result = runner.invoke(
        app,
        ["query", "MATCH (a:Entity)-[r:DISAPPROVE]->(b:Entity) RETURN a, r, b LIMIT 1", "--json", *args],
    )
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert "Entity" in row["a"]["_labels"] and row["a"]["name"]
    r = row["r"]
    assert r["_type"] == "DISAPPROVE" and r["code"].startswith("11")
    article = graph.run("MATCH (a:Article {id: $id}) RETURN a.text AS text", {"id": r["article_id"]})[0]
    assert article["text"][r["sentence_start"] : r["sentence_end"]] == r["sentence"]
    assert r["_start"] == row["a"]["_id"] and r["_end"] == row["b"]["_id"]


def test_temporal_values_are_iso_8601(graph: Store, args: list[str]) -> None:
    for fmt in ("tsv", "json"):
        result = runner.invoke(
            app, ["query", "MATCH (a:Article) RETURN a.ingested_at AS t, a LIMIT 1", "-f", fmt, *args]
        )
        assert result.exit_code == 0, result.output
        assert "neo4j.time" not in result.stdout
        assert re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", result.stdout)


MISSING_STORE_COMMANDS = [
    ["query", "MATCH (n) RETURN count(n) AS n"],
    ["report", "run", "who-did-what-to-whom"],
    ["entity", "Iran"],
    ["export", "events"],
    ["export", "entities"],
    ["relink", "--dry-run"],
]


@pytest.mark.parametrize("command", MISSING_STORE_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_read_commands_never_create_a_store(tmp_path: Path, command: list[str]) -> None:
    """Case 6: no '(no rows)' and exit 0 from an empty store created on the spot."""
    db = tmp_path / "nowhere" / ".graphkit"
    result = runner.invoke(app, [*command, "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert f"no graph store in {db}" in result.stderr and "graphkit ingest" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not result.stdout
    assert not db.exists() and not db.parent.exists()


def test_doctor_reports_a_missing_store(tmp_path: Path) -> None:
    db = tmp_path / ".graphkit"
    result = runner.invoke(app, ["doctor", "--db", str(db)])
    assert result.exit_code == 1
    assert re.search(r"FAIL graph store: no graph store in .*\.graphkit", result.stdout)
    assert not db.exists()
