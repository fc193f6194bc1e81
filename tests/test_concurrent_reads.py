"""Scope 9: reads work while an ingest runs on the same embedded store (through its server)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
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
        # A second writer is refused, with the reason.
        second = runner.invoke(app, ["ingest", str(corpus), *args])
        assert second.exit_code == 2 and "in use by another graphkit process" in second.stderr
        counted = runner.invoke(app, ["query", "MATCH (a:Article) RETURN count(a) AS n", "-f", "json", *args])
        assert counted.exit_code == 0, counted.output
        assert json.loads(counted.stdout)[0]["n"] >= 10
        report = runner.invoke(app, ["report", "run", "action-summary", "-f", "json", *args])
        assert report.exit_code == 0, report.output
        assert json.loads(report.stdout)
        entity = runner.invoke(app, ["entity", "Iran", "-f", "json", *args])
        assert entity.exit_code == 0, entity.output
        # The ingest may end during this long read: the export then goes on against the store.
        export = runner.invoke(app, ["export", "events", "-f", "csv", *args])
        assert export.exit_code == 0 and len(export.stdout.splitlines()) > 1, export.output
    finally:
        out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert json.loads(out)["new"] == 150
    assert not (db / "server.json").exists(), "the server's address goes with the server"


_HOLDER = """
import sys
from pathlib import Path
from graphkit.config import Settings
from graphkit.store import open_store
with open_store(Settings(db_dir=Path(sys.argv[1])), share=False) as store:
    store.run("UNWIND range(1, 700) AS i CREATE (:Article {id: 'a' + toString(i)})")
    print("ready", flush=True)
    sys.stdin.readline()
"""


def test_a_read_goes_on_when_the_process_serving_the_store_ends(tmp_path: Path) -> None:
    from graphkit.config import Settings
    from graphkit.store import open_store

    db = tmp_path / "db"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "ready"
        with open_store(Settings(db_dir=db), create=False, share=True) as store:
            assert store.reconnect is not None
            borrowed = store.driver  # a reopened store may even get the same port back
            query = "MATCH (a:Article) WHERE a.id > $after RETURN a.id AS id ORDER BY id LIMIT $page"
            pages = store.pages(query, "id", 300)
            ids = [next(pages)["id"] for _ in range(300)]  # the first page, from the holder's server
            holder.stdin.write("\n")  # the holder ends, and stops its server
            holder.stdin.flush()
            deadline = time.monotonic() + 120
            while store.driver is borrowed:  # reads go on until the server refuses them
                assert store.read("RETURN 1 AS ok") == [{"ok": 1}]
                assert time.monotonic() < deadline, "the holder's server never went away"
                time.sleep(0.1)
            assert holder.wait(timeout=120) == 0
            ids += [row["id"] for row in pages]  # the next pages, from the store reopened here
        assert sorted(ids) == sorted(f"a{i}" for i in range(1, 701))
        # The store taken over here was released with the read: a writer can open it again.
        with open_store(Settings(db_dir=db), create=False, share=False) as store:
            assert store.run("MATCH (a:Article) RETURN count(a) AS n")[0]["n"] == 700
    finally:
        if holder.poll() is None:
            holder.kill()
