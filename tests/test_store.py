"""The stores: embedded server lifecycle, credentials, lock, and the clear failures users see."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.config import Settings
from graphkit.errors import StoreError
from graphkit.store import _RUNNING, Store, _free_port, open_store


def _embedded_port(embedded_dir: Path) -> int:
    return _RUNNING[embedded_dir.resolve()].port


def test_credentials_are_private(embedded_dir: Path) -> None:
    mode = stat.S_IMODE(os.stat(embedded_dir / "credentials.json").st_mode)
    assert mode == 0o600


def test_embedded_server_listens_on_loopback_only(embedded_dir: Path) -> None:
    import psutil

    port = _embedded_port(embedded_dir)
    listeners = [c for c in psutil.net_connections("tcp") if c.status == "LISTEN" and c.laddr.port == port]
    assert listeners, "bolt port not listening"
    assert all(c.laddr.ip in ("127.0.0.1", "::1", "::ffff:127.0.0.1") for c in listeners)


def test_wrong_password_is_one_clear_error(embedded_dir: Path) -> None:
    port = _embedded_port(embedded_dir)
    settings = Settings(uri=f"bolt://127.0.0.1:{port}", user="root", password="not-the-password")
    with pytest.raises(StoreError, match="refused the credentials for user 'root'"), open_store(settings):
        pass


def test_unreachable_store_is_one_clear_error() -> None:
    settings = Settings(uri=f"bolt://127.0.0.1:{_free_port()}", password="whatever")
    with pytest.raises(StoreError, match="cannot reach the graph store"), open_store(settings):
        pass


def test_cli_unreachable_store_exits_2_without_traceback() -> None:
    result = CliRunner().invoke(
        app, ["query", "RETURN 1 AS x", "--uri", f"bolt://127.0.0.1:{_free_port()}", "--password", "x"]
    )
    assert result.exit_code == 2
    assert "cannot reach the graph store" in result.output
    assert "Traceback" not in result.output


def test_cli_wrong_password_exits_2(embedded_dir: Path) -> None:
    port = _embedded_port(embedded_dir)
    uri = f"bolt://127.0.0.1:{port}"
    result = CliRunner().invoke(
        app, ["query", "RETURN 1 AS x", "--uri", uri, "--user", "root", "--password", "nope-nope"]
    )
    assert result.exit_code == 2
    assert "refused the credentials" in result.output
    assert "Traceback" not in result.output


def test_second_process_gets_a_clear_lock_message(embedded_dir: Path) -> None:
    # This test process holds the store open; another writer must refuse politely, not corrupt it.
    # (Reads go through this process's server: tests/test_concurrent_reads.py.)
    proc = subprocess.run(
        [sys.executable, "-m", "graphkit", "relink", "--dry-run", "--db", str(embedded_dir)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "in use by another graphkit process" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_embedded_data_persists_across_restarts(tmp_path: Path) -> None:
    settings = Settings(db_dir=tmp_path / "store")
    with open_store(settings) as store:
        store.run("CREATE (:Probe {id: $id})", {"id": "persist-1"})
    with open_store(settings) as store:
        rows = store.run("MATCH (p:Probe {id: $id}) RETURN count(p) AS n", {"id": "persist-1"})
    assert rows[0]["n"] == 1


_JVM_FLAGS = """
import sys
from pathlib import Path
from graphkit.config import Settings
from graphkit.store import open_store
import jpype
with open_store(Settings(db_dir=Path(sys.argv[1])), bulk=sys.argv[2] == "bulk"):
    bean = jpype.JClass("java.lang.management.ManagementFactory").getRuntimeMXBean()
    print(" ".join(str(a) for a in bean.getInputArguments()))
"""


@pytest.mark.parametrize("mode", ["bulk", "read"])
def test_an_ingest_holds_a_fixed_heap_and_reads_do_not(tmp_path: Path, mode: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "GRAPHKIT_HEAP"}
    out = subprocess.run(
        [sys.executable, "-c", _JVM_FLAGS, str(tmp_path / "db"), mode],
        capture_output=True, text=True, timeout=120, env=env, check=True,
    ).stdout.split()  # fmt: skip
    if mode == "bulk":  # memory is taken once, so it does not grow with the corpus
        assert "-Xms1g" in out and "-Xmx1g" in out and "-XX:+AlwaysPreTouch" in out
    else:
        assert "-Xmx2g" in out and not any(a.startswith("-Xms") for a in out)


def test_a_driver_error_in_a_command_is_one_line_exit_2(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    import typer

    from graphkit.cli_common import cli_errors

    with pytest.raises(typer.Exit) as stopped, cli_errors():
        store.run("MATCH (n) RETURN n.id AS id ORDER BY")  # a statement the store refuses
    assert stopped.value.exit_code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: the graph store refused a statement"), lines
