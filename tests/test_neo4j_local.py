"""`graphkit neo4j start|stop|status`: the local Neo4j launcher for people with Java but no Docker."""

from __future__ import annotations

import json
import os
import socket
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.config import Settings
from graphkit.neo4j_local import unavailable_reason
from graphkit.store import open_store

runner = CliRunner()


def test_not_built_is_one_line_naming_the_build_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRAPHKIT_NEO4J_HOME", str(tmp_path / "nowhere"))
    result = runner.invoke(app, ["neo4j", "start", "--dir", str(tmp_path / "state")])
    assert result.exit_code == 2
    assert "is not built: run `make neo4j`" in result.output
    assert "Traceback" not in result.output


def test_no_java_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-jdk"))
    result = runner.invoke(app, ["neo4j", "start", "--dir", str(tmp_path / "state")])
    assert result.exit_code == 2
    assert "no Java found" in result.output


def test_status_when_nothing_runs_exits_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["neo4j", "status", "--dir", str(tmp_path / "state")])
    assert result.exit_code == 1
    assert "not running" in result.output


def test_busy_port_is_one_line(tmp_path: Path) -> None:
    if why := unavailable_reason():
        pytest.skip(why)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(
            app, ["neo4j", "start", "--dir", str(tmp_path / "s"), "--bolt-port", str(port)]
        )
    assert result.exit_code == 2
    assert f"Bolt port {port} on 127.0.0.1 is busy" in result.output


def test_start_status_ingest_stop(
    tmp_path: Path, seeds_dir: Path = Path(__file__).parent.parent / "seeds"
) -> None:
    if why := unavailable_reason():
        pytest.skip(why)
    state = tmp_path / "state"
    started = runner.invoke(
        app, ["neo4j", "start", "--dir", str(state), "--bolt-port", "0", "--http-port", "0"]
    )
    assert started.exit_code == 0, started.output
    try:
        creds = json.loads((state / "neo4j.json").read_text())
        assert stat.S_IMODE(os.stat(state / "neo4j.json").st_mode) == 0o600
        assert creds["uri"] in started.output and creds["password"] in started.output
        assert creds["browser"].startswith("http://127.0.0.1:")

        again = runner.invoke(app, ["neo4j", "start", "--dir", str(state), "--bolt-port", "0"])
        assert again.exit_code == 2
        assert "already running" in again.output

        status = runner.invoke(app, ["neo4j", "status", "--dir", str(state)])
        assert status.exit_code == 0 and creds["uri"] in status.output

        one = sorted(seeds_dir.glob("*.txt"))[0]
        ingested = runner.invoke(
            app, ["ingest", str(one), "--uri", creds["uri"], "--password", creds["password"], "--json"]
        )
        assert ingested.exit_code == 0, ingested.output
        with open_store(Settings(uri=creds["uri"], password=creds["password"])) as store:
            assert store.run("MATCH (a:Article) RETURN count(a) AS n") == [{"n": 1}]
    finally:
        stopped = runner.invoke(app, ["neo4j", "stop", "--dir", str(state)])
    assert stopped.exit_code == 0, stopped.output
    assert "stopped Neo4j" in stopped.output
    assert runner.invoke(app, ["neo4j", "status", "--dir", str(state)]).exit_code == 1
    # the password stays for the next start on the same data
    assert json.loads((state / "neo4j.json").read_text())["password"] == creds["password"]
