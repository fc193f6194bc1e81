"""Every saved report gives the same rows on the embedded ArcadeDB store and on Neo4j 5.

Both stores hold the seeds graph (ingested the same way, ids are deterministic), so any difference
is the store's doing, not the data's. A report whose rows differ must be named in DIFFERENCES with
the reason; none is today. Running this first showed two real differences, now fixed in the
reports: collect() gathers in a different order on each store (ArcadeDB's lists came out reversed),
so lists and head(collect(...)) are now built from ordered rows; and ORDER BY ties (one trigger with
two targets, two unlinked events with one name) came back in different orders, so every report now
ends its ORDER BY with unique columns.
"""

from __future__ import annotations

from typing import Any

import pytest

from graphkit.config import packaged_cypher_dir
from graphkit.reports import load_reports, run_report
from graphkit.store import Store
from tests.conftest import ensure_seeds

REPORTS = load_reports(packaged_cypher_dir() / "reports")

# Reports run with their header defaults, plus parameter sets that reach other code paths
# (an entity found through an alias with a typographic apostrophe, thresholds that keep rows).
CASES: list[tuple[str, dict[str, Any]]] = [(name, {}) for name in sorted(REPORTS)] + [
    ("entity-timeline", {"name": "Kata'ib Hezbollah"}),
    ("entity-timeline", {"name": "kataib hezbollah"}),
    ("aliases-of", {"name": "Iran"}),
    ("co-mentioned", {"min_articles": 1}),
    ("corroboration", {"min_articles": 2}),
]

# report name -> why its rows legitimately differ between the stores (none today).
DIFFERENCES: dict[str, str] = {}

# Reports with no rows on the seeds. Equal empty lists prove little, so each names the test that
# checks the report's rows on a graph built for it, on both stores, against the same expected rows.
EMPTY_ON_SEEDS: dict[str, str] = {
    "conflicting-claims": "no contradicting pair in the seeds; "
    "test_reports.py::test_conflicting_claims_finds_negations_and_denials builds one",
}


@pytest.fixture(scope="module")
def both(analyzer: Any, request: pytest.FixtureRequest) -> tuple[Store, Store]:
    embedded = request.getfixturevalue("embedded_store")
    neo4j = request.getfixturevalue("neo4j_store")
    return ensure_seeds(embedded, analyzer), ensure_seeds(neo4j, analyzer)


def _plain(value: Any) -> Any:
    """Driver values compared by what a user sees: temporal types by their ISO text."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def _rows(store: Store, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in run_report(store, REPORTS[name], params)]


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}{p or ''}" for n, p in CASES])
def test_report_gives_the_same_rows_on_both_stores(
    both: tuple[Store, Store], analyzer: Any, name: str, params: dict[str, Any]
) -> None:
    embedded, neo4j = (ensure_seeds(s, analyzer) for s in both)
    on_arcadedb, on_neo4j = _rows(embedded, name, params), _rows(neo4j, name, params)
    if name in DIFFERENCES:
        pytest.fail(f"{name} is listed as differing ({DIFFERENCES[name]}) but check it here")
    if name in EMPTY_ON_SEEDS:
        assert on_arcadedb == on_neo4j == [], f"{name} has rows now: drop it from EMPTY_ON_SEEDS"
        return
    assert on_neo4j, f"{name} returns no rows on the seeds: the comparison would prove nothing"
    assert on_arcadedb == on_neo4j
