"""A local Neo4j 5 (Community, embedded in a small Java launcher) for people with Java but no Docker.

``tools/neo4j/`` is a Maven project (``make neo4j`` builds it) whose launcher starts Neo4j with
Bolt on 127.0.0.1, serves Neo4j Browser beside it, and prints one ready line::

    GRAPHKIT_NEO4J_READY bolt=bolt://127.0.0.1:7687 browser=http://127.0.0.1:7474/browser/ version=5.26.30

This module finds Java and the built launcher, starts it (in the foreground for the tests, or
detached for ``graphkit neo4j start``), waits for that line, and stops it with SIGTERM. State for
the detached server lives in one folder (``.graphkit-neo4j/`` by default): the data, the log, and
``neo4j.json`` (mode 0600) with the URI, the Browser address, the password and the pid.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from graphkit.errors import StoreError

READY = "GRAPHKIT_NEO4J_READY"
PASSWORD_ENV = "GRAPHKIT_NEO4J_PASSWORD"
MAIN_CLASS = "graphkit.neo4j.Launcher"
USER = "neo4j"
STATE_FILE = "neo4j.json"
DEFAULT_STATE_DIR = Path(".graphkit-neo4j")
START_TIMEOUT = 180.0  # a cold JVM on a busy 2-core machine takes 10-20 s; leave room
_READY_LINE = re.compile(rf"^{READY} bolt=(\S+) browser=(\S+) version=(\S+)$", re.MULTILINE)


class LocalNeo4jError(StoreError):
    """The local Neo4j cannot start: no Java, launcher not built, port busy, already running."""


@dataclass(frozen=True)
class LocalNeo4j:
    """A running launcher: where to reach it and how to log in."""

    uri: str
    browser: str | None  # None when started without Browser
    version: str
    password: str
    pid: int
    user: str = USER


def launcher_home() -> Path:
    """tools/neo4j in this checkout, or GRAPHKIT_NEO4J_HOME."""
    env = os.environ.get("GRAPHKIT_NEO4J_HOME")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "tools" / "neo4j"


def java_executable() -> str:
    """The java to run: JAVA_HOME's, else the one on PATH; it must be 17 or newer (Neo4j 5.26)."""
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not java or not Path(java).is_file():
        raise LocalNeo4jError("no Java found (install a JDK 17 or newer, or set JAVA_HOME)")
    try:
        proc = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise LocalNeo4jError(f"{java} -version failed: {exc}") from exc
    match = re.search(r'version "(\d+)', proc.stderr + proc.stdout)
    if not match or int(match.group(1)) < 17:
        found = match.group(1) if match else "unknown"
        raise LocalNeo4jError(f"{java} is Java {found}; Neo4j 5.26 needs Java 17 or newer (set JAVA_HOME)")
    return java


def classpath(home: Path | None = None) -> str:
    """The built launcher's classpath, or a one-line error naming the build command."""
    home = home or launcher_home()
    classes = home / "target" / "classes"
    lib = home / "target" / "lib"
    if not (classes / "graphkit" / "neo4j" / "Launcher.class").is_file() or not any(lib.glob("neo4j-*.jar")):
        raise LocalNeo4jError(
            f"the local Neo4j launcher in {home} is not built: run `make neo4j` (needs Maven and a JDK 17+)"
        )
    return f"{classes}{os.pathsep}{lib}{os.sep}*"


def unavailable_reason(home: Path | None = None) -> str | None:
    """None when the launcher can run here, else why not (for skip messages)."""
    try:
        java_executable()
        classpath(home)
    except LocalNeo4jError as exc:
        return str(exc)
    return None


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def spawn(
    data_dir: Path | None,
    password: str,
    *,
    out_file: Path,
    log_file: Path,
    bolt_port: int = 0,
    http_port: int = 0,
    browser: bool = True,
    detach: bool = False,
    timeout: float = START_TIMEOUT,
) -> tuple[subprocess.Popen[bytes], LocalNeo4j]:
    """Start the launcher and wait for its ready line.

    ``data_dir`` None means a temporary folder that the launcher deletes when it stops. The
    password travels in the environment, not argv, so it stays out of the process list. Port 0
    means a free port. ``detach`` puts the JVM in its own session so it outlives this process.
    """
    if len(password) < 8:
        raise LocalNeo4jError("the Neo4j password needs at least 8 characters")
    for name, port in (("Bolt", bolt_port), ("Browser HTTP", http_port if browser else 0)):
        if port and not port_free(port):
            raise LocalNeo4jError(
                f"{name} port {port} on 127.0.0.1 is busy (another Neo4j?); pick another, or 0 for a free one"
            )
    cmd = [java_executable(), "-Xmx1g", "-cp", classpath(), MAIN_CLASS]
    cmd += ["--bolt-port", str(bolt_port), "--http-port", str(http_port)]
    if data_dir is not None:
        cmd += ["--data", str(data_dir)]
    if not browser:
        cmd.append("--no-browser")
    out_file.parent.mkdir(parents=True, exist_ok=True)
    # stdout goes to a file rather than a pipe: a detached JVM must not die of a closed pipe
    with out_file.open("wb") as out, log_file.open("ab") as log:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=log,
            env={**os.environ, PASSWORD_ENV: password},
            start_new_session=detach,
        )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        match = _READY_LINE.search(out_file.read_text(errors="replace"))
        if match:
            uri, browser_url, version = match.groups()
            return proc, LocalNeo4j(
                uri=uri,
                browser=None if browser_url == "-" else browser_url,
                version=version,
                password=password,
                pid=proc.pid,
            )
        if proc.poll() is not None:
            raise LocalNeo4jError(
                f"the local Neo4j exited with code {proc.returncode} before it was ready: {_last_line(log_file)}"
            )
        time.sleep(0.2)
    stop_pid(proc.pid)
    raise LocalNeo4jError(f"the local Neo4j was not ready after {timeout:.0f} s (log: {log_file})")


def _last_line(log_file: Path) -> str:
    """The most telling line of the launcher's stderr: its own message, else the last exception."""
    lines = [ln.strip() for ln in log_file.read_text(errors="replace").splitlines() if ln.strip()]
    for line in reversed(lines):
        if line.startswith("graphkit-neo4j:") or "Exception:" in line:
            return line
    return lines[-1] if lines else f"see {log_file}"


def _is_launcher(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        try:
            os.kill(pid, 0)  # no /proc (macOS): trust the pid file if the process exists
        except OSError:
            return False
        return True
    return MAIN_CLASS.encode() in cmdline


def stop_pid(pid: int, timeout: float = 60.0) -> bool:
    """SIGTERM (the launcher shuts Neo4j down cleanly), then SIGKILL after ``timeout``.

    Returns False when no launcher ran under that pid."""
    if not _is_launcher(pid):
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)
    return True


def _alive(pid: int) -> bool:
    try:
        # reap it if it is our child, so it does not linger as a zombie that kill(0) still sees
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return _is_launcher(pid)


# ---------------------------------------------------------------- the detached server (graphkit neo4j ...)


def read_state(state_dir: Path) -> dict[str, object] | None:
    path = state_dir / STATE_FILE
    if not path.is_file():
        return None
    try:
        state: dict[str, object] = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise LocalNeo4jError(f"{path}: unreadable ({exc}); delete it to start over") from exc
    return state


def _write_state(state_dir: Path, state: dict[str, object]) -> None:
    path = state_dir / STATE_FILE
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(state, f, indent=2)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def running(state_dir: Path) -> LocalNeo4j | None:
    """The server started from ``state_dir`` if it still runs."""
    state = read_state(state_dir)
    if not state or not state.get("pid"):
        return None
    pid = int(str(state["pid"]))
    if not _alive(pid):
        return None
    return LocalNeo4j(
        uri=str(state["uri"]),
        browser=str(state["browser"]) if state.get("browser") else None,
        version=str(state.get("version", "")),
        password=str(state["password"]),
        pid=pid,
    )


def start(
    state_dir: Path = DEFAULT_STATE_DIR,
    *,
    bolt_port: int = 7687,
    http_port: int = 7474,
    browser: bool = True,
) -> LocalNeo4j:
    """Start a detached local Neo4j with data in ``state_dir/data``; the password is generated
    once and kept (0600) in ``state_dir/neo4j.json``, so a restart keeps the same login."""
    state_dir = state_dir.resolve()
    current = running(state_dir)
    if current:
        raise LocalNeo4jError(
            f"the local Neo4j is already running (pid {current.pid}) at {current.uri}; "
            "`graphkit neo4j stop` first"
        )
    state_dir.mkdir(parents=True, exist_ok=True)
    previous = read_state(state_dir) or {}
    password = str(previous.get("password") or secrets.token_urlsafe(18))
    _write_state(state_dir, {"user": USER, "password": password})  # the password exists before the data
    _, server = spawn(
        state_dir / "data",
        password,
        out_file=state_dir / "launcher.out",
        log_file=state_dir / "neo4j.log",
        bolt_port=bolt_port,
        http_port=http_port,
        browser=browser,
        detach=True,
    )
    _write_state(state_dir, {**asdict(server)})
    return server


def stop(state_dir: Path = DEFAULT_STATE_DIR) -> LocalNeo4j | None:
    """Stop the server started from ``state_dir``; None when none was running."""
    state_dir = state_dir.resolve()
    current = running(state_dir)
    if current is None:
        return None
    stop_pid(current.pid)
    state = read_state(state_dir) or {}
    _write_state(state_dir, {"user": USER, "password": state.get("password", current.password)})
    return current
