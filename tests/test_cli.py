"""The CLI end to end with CliRunner, checking the resulting graph."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.config import Settings
from graphkit.store import Store
from tests.conftest import SEEDS, cli_args

runner = CliRunner()


def test_ingest_twice_reports_unchanged(store: Store, store_settings: Settings) -> None:
    first = runner.invoke(app, ["ingest", str(SEEDS), "--json", *cli_args(store_settings)])
    assert first.exit_code == 0, first.output
    s1 = json.loads(first.stdout)
    assert s1["new"] == 5 and s1["failed"] == 0 and s1["relationships"] > 0
    second = runner.invoke(app, ["ingest", str(SEEDS), "--json", *cli_args(store_settings)])
    s2 = json.loads(second.stdout)
    assert (s2["new"], s2["unchanged"]) == (0, 5)
    assert (s2["nodes"], s2["relationships"]) == (s1["nodes"], s1["relationships"])


def test_human_summary_and_failed_file_exit_code(
    store: Store, store_settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "ok.txt").write_text("Iran condemns Israel\n\nIran condemned Israel on Monday.\n")
    (tmp_path / "empty.txt").write_text("   \n")
    result = runner.invoke(app, ["ingest", str(tmp_path), *cli_args(store_settings)])
    assert result.exit_code == 1
    assert "1 new" in result.stdout and "1 failed" in result.stdout
    assert "empty.txt" in result.stderr


def test_query_prints_a_table_and_takes_parameters(store: Store, store_settings: Settings) -> None:
    runner.invoke(app, ["ingest", str(SEEDS), *cli_args(store_settings)])
    result = runner.invoke(
        app,
        [
            "query",
            "MATCH (a:Article) WHERE a.source = $s RETURN a.source AS source, a.title AS title",
            "--param",
            "s=002_facfd0c0f619474d.txt",
            *cli_args(store_settings),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "source" in result.stdout and "002_facfd0c0f619474d.txt" in result.stdout
    as_json = runner.invoke(
        app,
        [
            "query",
            "MATCH (a:Article) WHERE a.source = $s RETURN a.title AS title",
            "-p",
            "s=002_facfd0c0f619474d.txt",
            "--json",
            *cli_args(store_settings),
        ],
    )
    assert json.loads(as_json.stdout) == [
        {"title": "Iran’s supreme leader says missile strike a ‘slap on the face’ for U.S."}
    ]


def test_bad_query_is_one_line(store: Store, store_settings: Settings) -> None:
    result = runner.invoke(app, ["query", "MATCH (n RETURN n", *cli_args(store_settings)])
    assert result.exit_code == 2
    assert "query failed" in result.stderr and "Traceback" not in result.output


def test_doctor_checks_model_and_store(embedded_dir: Path) -> None:
    result = runner.invoke(app, ["doctor", "--db", str(embedded_dir)])
    assert result.exit_code == 0, result.output
    assert "spaCy model" in result.stdout and "graph store" in result.stdout and "FAIL" not in result.stdout
