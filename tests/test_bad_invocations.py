"""Case 8 (and the user-facing parts of 9): no traceback for any user mistake.

A table of bad invocations, each run through the CLI. Every one must end with one line on stderr
naming the problem, no traceback, and exit code 2 (usage, configuration, store) or 1 (some inputs
failed). Cases that need a fresh process (permissions, the JVM's environment) run as subprocesses.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.config import Settings
from graphkit.store import open_store
from tests.conftest import REPO, SEEDS

runner = CliRunner()


@dataclass
class Case:
    id: str
    args: list[str]
    code: int
    message: str  # a regex the one error line must match
    env: dict[str, str] = field(default_factory=dict)


def _cases(tmp: Path, store: Path) -> list[Case]:
    (tmp / "empty-folder").mkdir(exist_ok=True)
    (tmp / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp / "only-unsupported").mkdir(exist_ok=True)
    (tmp / "only-unsupported" / "x.docx").write_bytes(b"PK")
    (tmp / "bad-aliases.yaml").write_text("- name: [unclosed\n")
    db = ["--db", str(store)]
    return [
        Case("missing path", ["ingest", str(tmp / "nope.txt"), *db], 1, r"nope\.txt: no such file or directory"),
        Case("no supported files", ["ingest", str(tmp / "only-unsupported"), *db], 1, r"no supported files"),
        Case("http uri", ["query", "RETURN 1", "--uri", "http://localhost:7474", "--password", "x"], 2,
             r"bad store URI 'http://localhost:7474': graphkit speaks Bolt"),
        Case("no password", ["query", "RETURN 1", "--uri", "bolt://127.0.0.1:1"], 2, r"no password for bolt://"),
        Case("unreachable", ["query", "RETURN 1", "--uri", "bolt://127.0.0.1:1", "--password", "x"], 2,
             r"cannot reach the graph store at bolt://127\.0\.0\.1:1"),
        Case("huge report param", ["report", "run", "who-did-what-to-whom", "-p", "limit=99999999999999999999", *db],
             2, r"limit=99999999999999999999: integers must lie between"),
        Case("huge query param", ["query", "RETURN $x AS x", "-p", "x=99999999999999999999", *db], 2,
             r"integers must lie between"),
        Case("param without =", ["query", "RETURN 1", "-p", "limit", *db], 2, r"--param 'limit': expected key=value"),
        Case("unknown report", ["report", "run", "nope", *db], 2, r"no report named 'nope'; reports: "),
        Case("unknown report param", ["report", "run", "who-did-what-to-whom", "-p", "lim=3", *db], 2,
             r"has no parameter lim; its parameters: "),
        Case("bad report param type", ["report", "run", "who-did-what-to-whom", "-p", "limit=lots", *db], 2,
             r"parameter 'limit' takes int values"),
        Case("cypher syntax", ["query", "MATCH (n RETURN n", *db], 2, r"query failed"),
        Case("full disk", ["export", "events", "-f", "csv", "--out", "/dev/full", *db], 2,
             r"cannot write /dev/full: No space left on device"),
        Case("unwritable out", ["export", "events", "--out", str(tmp / "no" / "dir" / "e.csv"), *db], 2,
             r"cannot write .*e\.csv"),
        Case("unknown entity", ["entity", "Zorblatt Quux", *db], 2, r"Zorblatt Quux"),
        Case("bad aliases file", ["link", "Iran", "--aliases", str(tmp / "bad-aliases.yaml")], 2, r"bad-aliases\.yaml"),
        Case("missing store", ["report", "run", "who-did-what-to-whom", "--db", str(tmp / "none")], 2,
             r"no graph store in .*none; create one with: graphkit ingest PATH --db"),
        Case("bad heap", ["ingest", str(SEEDS), "--db", str(tmp / "heap-store")], 2,
             r"GRAPHKIT_HEAP='lots' is not a heap size", {"GRAPHKIT_HEAP": "lots"}),
        Case("unknown model", ["ingest", str(SEEDS), "--model", "no_such_model", *db], 2, r"no_such_model"),
        Case("view report and entity", ["view", "who-did-what-to-whom", "--entity", "Iran", *db], 2,
             r"give a report or --entity, not both"),
    ]  # fmt: skip


CASE_IDS = [c.id for c in _cases(Path("/tmp"), Path("/tmp"))]


def _one_line(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip() and not ln.startswith("progress:")]
    assert len(lines) == 1, f"expected one line, got:\n{stderr}"
    return lines[0]


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_bad_invocation_is_one_line(case_id: str, embedded_dir: Path, tmp_path: Path) -> None:
    shutil.rmtree(tmp_path / "heap-store", ignore_errors=True)
    case = {c.id: c for c in _cases(tmp_path, embedded_dir)}[case_id]
    result = runner.invoke(app, case.args, env=case.env)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.exit_code == case.code, result.output
    line = _one_line(result.stderr)
    assert re.search(case.message, line), line
    assert not (tmp_path / "none").exists()


def _store_with_data(path: Path) -> Path:
    with open_store(Settings(db_dir=path)) as store:
        store.run("CREATE (:Probe {n: 1})")
    return path


def test_missing_credentials_file_is_not_regenerated(tmp_path: Path) -> None:
    db = _store_with_data(tmp_path / "store")
    (db / "credentials.json").unlink()
    result = runner.invoke(app, ["query", "MATCH (p:Probe) RETURN p.n AS n", "--db", str(db)])
    assert result.exit_code == 2
    line = _one_line(result.stderr)
    assert "credentials.json is missing" in line and "restore that file" in line
    assert not (db / "credentials.json").exists(), "no new password was made up"


def test_mismatched_credentials_name_the_file(tmp_path: Path) -> None:
    db = _store_with_data(tmp_path / "store")
    (db / "credentials.json").write_text(json.dumps({"user": "root", "password": "not-the-password"}))
    result = runner.invoke(app, ["query", "MATCH (p:Probe) RETURN p.n AS n", "--db", str(db)])
    assert result.exit_code == 2
    line = _one_line(result.stderr)
    assert "refused the password in" in line and "credentials.json" in line
    assert "--user/--password" not in line, "advice for Neo4j does not apply to the embedded store"


# ---------------------------------------------------------------- in a fresh process


def _without_root_powers() -> list[str]:
    """As root, permission bits do not apply; drop the capabilities that bypass them."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: cannot make permission bits apply")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


@pytest.mark.parametrize("mode", [0o500, 0o000], ids=["read-only", "foreign-like"])
def test_unusable_store_folder_is_a_message(tmp_path: Path, mode: int) -> None:
    db = tmp_path / "store"
    (db / "databases" / "graphkit").mkdir(parents=True)
    db.chmod(mode)
    try:
        proc = subprocess.run(
            [
                *_without_root_powers(),
                sys.executable,
                "-m",
                "graphkit",
                "query",
                "RETURN 1 AS x",
                "--db",
                str(db),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        db.chmod(0o700)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 2, proc.stderr
    line = _one_line(proc.stderr)
    assert re.search(r"no permission to use the store folder .*store|store. is not readable", line), line


def test_no_driver_or_jvm_chatter_on_stderr(tmp_path: Path) -> None:
    """A normal ingest prints only its own lines: progress on stderr, the summary on stdout."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(next(SEEDS.glob("*.txt")), corpus)
    proc = subprocess.run(
        [sys.executable, "-m", "graphkit", "ingest", str(corpus), "--db", str(tmp_path / "db")],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr
    assert all(line.startswith("progress:") for line in proc.stderr.splitlines()), proc.stderr
    assert proc.stdout.startswith("Read 1 files")


def test_an_unknown_model_is_refused_even_when_nothing_needs_parsing(
    embedded_dir: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.txt").write_text("The mayor of a small harbour town thanked the ferry crews on Sunday.\n")
    first = runner.invoke(app, ["ingest", str(corpus), "--db", str(embedded_dir), "--workers", "0"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["ingest", str(corpus), "--db", str(embedded_dir), "--model", "no_such_model"])
    assert again.exit_code == 2
    assert re.search(r"spaCy model 'no_such_model' is not installed", _one_line(again.stderr))
