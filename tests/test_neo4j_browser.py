"""Neo4j Browser, served by the tools/neo4j launcher, used as a person uses it, in headless Chromium.

tools/neo4j-browser-test/browser.mjs (playwright-core driving Debian's /usr/bin/chromium) opens
Browser, connects to the seeds graph over Bolt, sets the report's parameters with :param, pastes
cypher/reports/entity-timeline.cypher as it is on disk, runs it and reads the result frame.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from graphkit.config import packaged_cypher_dir
from graphkit.reports import load_reports, run_report
from tests.conftest import REPO, ensure_seeds
from tests.neo4j_server import Neo4jForTests

DRIVER = REPO / "tools" / "neo4j-browser-test"
REPORT = packaged_cypher_dir() / "reports" / "entity-timeline.cypher"
NAME = "Kata'ib Hezbollah"


def test_entity_timeline_runs_in_neo4j_browser(
    neo4j_server: Neo4jForTests, neo4j_store: Any, analyzer: Any, tmp_path: Path
) -> None:
    if neo4j_server.browser is None:
        pytest.skip(
            f"Neo4j Browser is served only by the tools/neo4j launcher (Neo4j here: {neo4j_server.how})"
        )
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).is_file():
        pytest.fail("the Browser test needs Chromium: apt-get update && apt-get install -y chromium")
    if not (DRIVER / "node_modules" / "playwright-core").is_dir():
        pytest.fail("playwright-core is not installed: make setup (npm ci in tools/neo4j-browser-test)")
    ensure_seeds(neo4j_store, analyzer)
    expected = run_report(neo4j_store, load_reports(REPORT.parent)["entity-timeline"], {"name": NAME})
    assert expected, "the seeds have no events for the entity: the test would prove nothing"

    shot = tmp_path / "neo4j-browser.png"
    settings = neo4j_server.settings
    proc = subprocess.run(
        [
            "node",
            "browser.mjs",
            neo4j_server.browser,
            str(settings.uri),
            settings.user,
            "-",
            str(REPORT),
            str(shot),
            f':param name => "{NAME}"',
            ":param limit => 500",  # the header's other parameter: Neo4j refuses a query missing one
        ],
        cwd=DRIVER,
        env={**os.environ, "NEO4J_PASSWORD": str(settings.password), "CHROMIUM": chromium},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["rows"] == len(expected), result
    assert {"date", "actor", "action", "target", "sentence"} <= set(result["columns"]), result
    assert shot.stat().st_size > 20_000, "the screenshot is blank"
    docs_shot = os.environ.get("GRAPHKIT_BROWSER_SCREENSHOT")  # to refresh docs/neo4j-browser.png
    if docs_shot:
        shutil.copyfile(shot, docs_shot)
