"""Case 9: the smaller truths, each checked where the user meets it."""

from __future__ import annotations

import json
import stat
import subprocess
from pathlib import Path

from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.config import Settings
from graphkit.store import Store, open_store
from tests.conftest import REPO, SEEDS, cli_args

runner = CliRunner()


def test_summary_keeps_files_and_articles_apart(
    store: Store, store_settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "ok.txt").write_text("Iran condemns Israel\n\nIran condemned Israel on Monday.\n")
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"title": "A", "text": "Russia bombed Ukraine on Tuesday."}) + "\n{broken\n"
    )
    result = runner.invoke(
        app, ["ingest", str(tmp_path), str(tmp_path / "gone.txt"), *cli_args(store_settings)]
    )
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    # 3 files read; 2 articles new; 3 failures: the missing path, the empty file, the broken line.
    assert first.startswith("Read 3 files in ")
    assert "Articles: 2 new, 0 unchanged, 0 replaced; 3 failed (files or records, listed above)" in first
    assert sum(ln.startswith("failed: ") for ln in result.stderr.splitlines()) == 3


def test_store_is_private_to_its_owner(tmp_path: Path) -> None:
    db = tmp_path / "store"
    with open_store(Settings(db_dir=db)) as store:
        store.run("CREATE (:Probe)")
    assert stat.S_IMODE(db.stat().st_mode) == 0o700
    entries = list(db.rglob("*"))
    assert any(p.is_file() for p in entries)
    for p in entries:
        mode = stat.S_IMODE(p.stat().st_mode)
        assert mode & 0o077 == 0, f"{p} is {oct(mode)}"


def test_an_older_world_readable_store_is_made_private(tmp_path: Path) -> None:
    db = tmp_path / "store"
    with open_store(Settings(db_dir=db)):
        pass
    db.chmod(0o755)
    (db / "credentials.json").chmod(0o644)
    with open_store(Settings(db_dir=db), create=False):
        pass
    assert stat.S_IMODE(db.stat().st_mode) == 0o700
    assert stat.S_IMODE((db / "credentials.json").stat().st_mode) == 0o600


def test_flags_show_no_value_in_help() -> None:
    result = runner.invoke(app, ["ingest", "--help"], env={"COLUMNS": "160"})
    assert result.exit_code == 0
    assert "--keep-unlinked" in result.stdout and "--prune" in result.stdout
    assert "<bool>" not in result.stdout


def test_readme_eval_command_runs_from_a_fresh_clone() -> None:
    readme = (REPO / "README.md").read_text()
    line = next(ln for ln in readme.splitlines() if ln.startswith("graphkit eval "))
    gold, paths = line.split()[2:4]
    assert (REPO / gold).is_file(), f"{gold} is not in the repository"
    result = runner.invoke(app, ["eval", str(REPO / gold), str(REPO / paths), "--json"])
    assert result.exit_code == 0, result.output
    assert "events" in json.loads(result.stdout) or json.loads(result.stdout)


def test_make_demo_does_not_need_npm() -> None:
    plan = subprocess.run(
        ["make", "-n", "demo", "VENV=/nonexistent-venv"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    assert "pip install" in plan and "npm" not in plan


def test_seeds_exist() -> None:
    assert list(SEEDS.glob("*.txt"))


def test_a_store_inside_the_corpus_is_not_read_as_articles(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.txt").write_text("Iran condemns Israel\n\nIran condemned Israel on Monday.\n")
    args = ["ingest", str(corpus), "--db", str(corpus / "db"), "--json"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, args)  # the store's json files exist now
    assert again.exit_code == 0, again.output
    summary = json.loads(again.stdout)
    assert (summary["files"], summary["unchanged"], summary["failed"]) == (1, 1, 0)
