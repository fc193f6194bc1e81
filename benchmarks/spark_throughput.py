"""graphkit ingest on Spark against the plain ingest, on one generated corpus in one run.

    python benchmarks/spark_throughput.py --n 200 [--master local[2]]

Builds N distinct articles from the seed sentences, ingests them with ``graphkit.ingest`` into a
fresh embedded store, then with ``graphkit.spark.spark_ingest`` into another. Both sides start warm
where they can: the plain analyzer is loaded and the Spark session started before the clock starts;
Spark's Python workers still load the model once each inside the timed job, as every real run does.
Prints JSON with both docs/s and checks both graphs have the same size.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import write_corpus
from graphkit.config import DEFAULT_MODEL, Settings
from graphkit.ingest import ingest
from graphkit.pipeline import load_analyzer
from graphkit.spark import spark_ingest, spark_session
from graphkit.store import open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(corpus, args.n)

        analyzer = load_analyzer(args.model)
        with open_store(Settings(db_dir=Path(tmp) / "plain")) as store:
            t0 = time.perf_counter()
            plain = ingest([corpus], store, analyzer)
            plain_seconds = time.perf_counter() - t0
        del analyzer

        t0 = time.perf_counter()
        with spark_session(args.master) as spark:
            startup_seconds = time.perf_counter() - t0
            with open_store(Settings(db_dir=Path(tmp) / "spark")) as store:
                t0 = time.perf_counter()
                distributed = spark_ingest([corpus], store, model=args.model)
                spark_seconds = time.perf_counter() - t0
            parallelism = spark.sparkContext.defaultParallelism

    same = (plain.new, plain.nodes, plain.relationships) == (
        distributed.new,
        distributed.nodes,
        distributed.relationships,
    )
    result = {
        "articles": args.n,
        "master": args.master,
        "spark_default_parallelism": parallelism,
        "plain_ingest_seconds": round(plain_seconds, 2),
        "spark_ingest_seconds": round(spark_seconds, 2),
        "spark_session_startup_seconds": round(startup_seconds, 2),
        "plain_docs_per_second": round(args.n / plain_seconds, 1),
        "spark_docs_per_second": round(args.n / spark_seconds, 1),
        "spark_over_plain": round(plain_seconds / spark_seconds, 3),
        "same_graph_size": same,
        "nodes": distributed.nodes,
        "relationships": distributed.relationships,
    }
    print(json.dumps(result, indent=2))
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
