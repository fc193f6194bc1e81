"""Where the Neo4j half of the suite gets its Neo4j 5, in this order:

1. NEO4J_URI (with NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE) when set;
2. the local launcher in tools/neo4j (embedded Neo4j Community 5.26 with Bolt and Browser) when
   Java 17+ is here and `make neo4j` has built it;
3. testcontainers when a Docker engine answers;
4. otherwise the tests skip, and the reason names all three.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from graphkit.config import Settings
from graphkit.neo4j_local import spawn, stop_pid, unavailable_reason


@dataclass(frozen=True)
class Neo4jForTests:
    settings: Settings
    how: str  # "NEO4J_URI", "launcher" or "testcontainers"
    browser: str | None = None  # Neo4j Browser's address when the launcher serves it
    start_seconds: float = 0.0


def docker_unavailable() -> str | None:
    """None when a Docker engine answers, else why not."""
    if not shutil.which("docker"):
        return "no docker client on PATH"
    try:
        proc = subprocess.run(["docker", "info"], capture_output=True, timeout=20, text=True)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"docker info failed: {exc}"
    if proc.returncode != 0:
        return "no Docker engine answers (docker info failed)"
    return None


@contextmanager
def neo4j_for_tests(workdir: Path) -> Iterator[Neo4jForTests | str]:
    """Yield a running Neo4j 5, or a string saying why there is none."""
    if os.environ.get("NEO4J_URI"):
        yield Neo4jForTests(
            Settings(
                uri=os.environ["NEO4J_URI"],
                user=os.environ.get("NEO4J_USERNAME", "neo4j"),
                password=os.environ.get("NEO4J_PASSWORD"),
                database=os.environ.get("NEO4J_DATABASE") or None,
            ),
            how="NEO4J_URI",
        )
        return
    no_launcher = unavailable_reason()
    if no_launcher is None:
        password = secrets.token_urlsafe(18)
        started = time.monotonic()
        proc, server = spawn(
            workdir / "data", password, out_file=workdir / "launcher.out", log_file=workdir / "neo4j.log"
        )
        try:
            yield Neo4jForTests(
                Settings(uri=server.uri, user=server.user, password=password),
                how="launcher",
                browser=server.browser,
                start_seconds=time.monotonic() - started,
            )
        finally:
            stop_pid(proc.pid)
            proc.wait(timeout=60)
        return
    no_docker = docker_unavailable()
    if no_docker is None:
        from testcontainers.community.neo4j import Neo4jContainer

        with Neo4jContainer("neo4j:5-community", password="graphkit-test") as container:
            yield Neo4jForTests(
                Settings(uri=container.get_connection_url(), user="neo4j", password="graphkit-test"),
                how="testcontainers",
            )
        return
    yield f"Neo4j 5 tests need NEO4J_URI, the local launcher ({no_launcher}) or Docker ({no_docker})"
