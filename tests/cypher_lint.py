"""Run Neo4j's own Cypher linter (npm @neo4j-cypher/language-support, pinned in tools/cypher-lint)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

LINT_DIR = Path(__file__).resolve().parent.parent / "tools" / "cypher-lint"
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT = re.compile(r"^\s*//.*$", re.MULTILINE)


def ensure_installed() -> None:
    """The test setup installs the pinned linter with npm when it is missing."""
    if (LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        return
    npm = shutil.which("npm")
    if not npm:
        raise RuntimeError("npm is needed to install Neo4j's Cypher linter (tools/cypher-lint)")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=LINT_DIR, check=True, capture_output=True)


def lint(statements: dict[str, str]) -> dict[str, list[dict]]:
    """name -> diagnostics (severity 1 error, 2 warning) for each statement; parameters are declared."""
    ensure_installed()
    items = [
        {
            "name": name,
            "query": query,
            "parameters": {p: None for p in _PARAM.findall(_COMMENT.sub("", query))},
        }
        for name, query in statements.items()
    ]
    proc = subprocess.run(
        ["node", str(LINT_DIR / "lint.mjs")],
        input=json.dumps(items),
        capture_output=True,
        text=True,
        check=True,
    )
    return {r["name"]: r["diagnostics"] for r in json.loads(proc.stdout)}
