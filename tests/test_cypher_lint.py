"""Every Cypher statement graphkit sends passes Neo4j's own linter: no errors, no deprecations."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import graphkit
from graphkit import write
from tests.cypher_lint import lint


def project_statements() -> dict[str, str]:
    """Schema, writer, and every module exposing all_statements() (reports, exports, dossiers, ...)."""
    found: dict[str, str] = {}
    for i, s in enumerate(write.schema_statements()):
        found[f"schema[{i}]"] = s
    for info in pkgutil.iter_modules(graphkit.__path__):
        if info.name == "__main__":
            continue  # importing it runs the CLI
        module = importlib.import_module(f"graphkit.{info.name}")
        fn = getattr(module, "all_statements", None)
        if callable(fn):
            for i, s in enumerate(fn()):
                found[f"{info.name}[{i}]"] = s
    return found


def test_linter_catches_deprecations_and_errors() -> None:
    # Guards the harness itself: a linter that passes everything would make the next test worthless.
    result = lint(
        {"deprecated": "MATCH (n) RETURN id(n)", "broken": "MATCH (n RETURN n", "ok": "RETURN $x AS x"}
    )
    assert any(d["severity"] == 2 for d in result["deprecated"])
    assert any(d["severity"] == 1 for d in result["broken"])
    assert result["ok"] == []


def test_statement_inventory_is_complete() -> None:
    statements = project_statements()
    assert any(k.startswith("schema") for k in statements)
    assert sum(k.startswith("write") for k in statements) >= len(write.CREATE_EVENTS) + len(
        write.CREATE_ENTITIES
    )


@pytest.fixture(scope="module")
def lint_results() -> dict[str, list[dict]]:
    return lint(project_statements())  # one Node process for all statements


@pytest.mark.parametrize("name", sorted(project_statements()))
def test_statement_is_lint_clean(name: str, lint_results: dict[str, list[dict]]) -> None:
    assert lint_results[name] == [], f"{name}:\n{project_statements()[name]}\n{lint_results[name]}"
