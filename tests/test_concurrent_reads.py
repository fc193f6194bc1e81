"""Scope 9: reads work while an ingest runs on the same embedded store (through its server)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from benchmarks.corpus import write_corpus
from graphkit.cli import app

runner = CliRunner()


def test_reads_during_an_ingest_use_the_running_server(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 150)
    db = tmp_path / "db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphkit", "ingest", str(corpus), "--db", str(db), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.startswith("progress:") and int(line.split()[1].split("/")[0]) >= 10:
                break
        assert proc.poll() is None, "the ingest ended before the reads"
        args = ["--db", str(db)]
        counted = runner.invoke(app, ["query", "MATCH (a:Article) RETURN count(a) AS n", "-f", "json", *args])
        assert counted.exit_code == 0, counted.output
        assert json.loads(counted.stdout)[0]["n"] >= 10
        report = runner.invoke(app, ["report", "run", "action-summary", "-f", "json", *args])
        assert report.exit_code == 0, report.output
        assert json.loads(report.stdout)
        entity = runner.invoke(app, ["entity", "Iran", "-f", "json", *args])
        assert entity.exit_code == 0, entity.output
        export = runner.invoke(app, ["export", "events", "-f", "csv", *args])
        assert export.exit_code == 0 and len(export.stdout.splitlines()) > 1, export.output
        # A second writer is still refused, with the reason.
        second = runner.invoke(app, ["ingest", str(corpus), *args])
        assert second.exit_code == 2 and "in use by another graphkit process" in second.stderr
        assert proc.poll() is None, "the reads did not disturb the ingest"
    finally:
        out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert json.loads(out)["new"] == 150
    assert not (db / "server.json").exists(), "the server's address goes with the server"
