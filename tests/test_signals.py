"""Case 3: SIGTERM and SIGHUP stop an ingest on the Ctrl-C path, with clean output and no JVM crash.

A real `graphkit ingest` subprocess with the embedded store; the signal arrives midway.
"""

from __future__ import annotations

import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.corpus import write_corpus
from graphkit.config import Settings
from graphkit.store import open_store
from tests.test_kill import snapshot

N_ARTICLES = 100


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_signal_midway_stops_cleanly(tmp_path: Path, sig: signal.Signals, code: int) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, N_ARTICLES)
    db = tmp_path / "db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphkit", "ingest", str(corpus), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    lines = []
    for line in proc.stderr:
        lines.append(line)
        if line.startswith("progress:") and int(line.split()[1].split("/")[0]) >= 4:
            break
    signalled = time.monotonic()
    proc.send_signal(sig)
    stdout, rest = proc.communicate(timeout=60)
    took = time.monotonic() - signalled
    stderr = "".join(lines) + rest

    assert proc.returncode == code, stderr
    assert took < 20, f"took {took:.1f} s to stop"
    assert stdout == "", "nothing (and no JVM banner) on stdout when interrupted"
    last = stderr.strip().splitlines()[-1]
    assert last.startswith(f"interrupted ({sig.name}):") and "committed" in last, stderr
    assert "Traceback" not in stderr and "SIGSEGV" not in stderr
    assert not list(db.rglob("hs_err_pid*.log")), "the JVM left a crash log"

    # What was committed is whole, and the store is private to its owner.
    with open_store(Settings(db_dir=db)) as store:
        partial = snapshot(store)
    assert 0 < len(partial["articles"]) < N_ARTICLES
    for derived in partial["articles"].values():
        assert derived["mentions"], "an article was committed without its mentions"
    assert stat.S_IMODE(db.stat().st_mode) == 0o700
    for p in db.rglob("*"):
        if p.is_file():
            assert stat.S_IMODE(p.stat().st_mode) & 0o077 == 0, f"{p} is readable by others"
