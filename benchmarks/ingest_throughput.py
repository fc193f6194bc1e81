"""graphkit ingest throughput as a ratio of raw spaCy throughput, measured in one run.

    python benchmarks/ingest_throughput.py --n 1000

Builds N distinct articles from the seed sentences, times raw ``nlp.pipe`` (the plain model) over
their texts, then times ``graphkit.ingest`` (read, clean, hash, skip check, spaCy + gazetteer ruler,
linking, extraction, transactional writes) into a fresh embedded store. Both sides start warm
(model loaded, store started), so the ratio compares per-article work. RSS is sampled as the corpus
streams through, to show memory does not grow with the corpus.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import psutil
import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import write_corpus
from graphkit.config import DEFAULT_MODEL, Settings
from graphkit.ingest import ingest
from graphkit.pipeline import load_analyzer
from graphkit.sources import load_file
from graphkit.store import open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()

    process = psutil.Process()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        paths = write_corpus(corpus, args.n)
        # Raw spaCy sees the same cleaned texts graphkit stores and parses.
        texts = [a.text for p in paths for a in load_file(p).articles]
        words = sum(len(t.split()) for t in texts)

        raw_nlp = spacy.load(args.model)
        list(raw_nlp.pipe(texts[:20]))  # warm-up
        t0 = time.perf_counter()
        for _ in raw_nlp.pipe(texts, batch_size=args.batch_size):
            pass
        raw_seconds = time.perf_counter() - t0
        del raw_nlp

        analyzer = load_analyzer(args.model)
        list(analyzer.nlp.pipe(texts[:20]))  # warm-up
        rss_samples: list[tuple[int, float]] = []

        def sample(done: int, total: int) -> None:
            if done in {total // 4, total // 2, (3 * total) // 4, total}:
                rss_samples.append((done, round(process.memory_info().rss / 2**20, 1)))

        with open_store(Settings(db_dir=Path(tmp) / "store")) as store:
            t0 = time.perf_counter()
            summary = ingest([corpus], store, analyzer, batch_size=args.batch_size, on_progress=sample)
            ingest_seconds = time.perf_counter() - t0

    result = {
        "articles": args.n,
        "words": words,
        "raw_nlp_pipe_seconds": round(raw_seconds, 2),
        "graphkit_ingest_seconds": round(ingest_seconds, 2),
        "raw_docs_per_second": round(args.n / raw_seconds, 1),
        "graphkit_docs_per_second": round(args.n / ingest_seconds, 1),
        "throughput_ratio": round(raw_seconds / ingest_seconds, 3),
        "events_written": summary.events,
        "mentions_written": summary.mentions,
        "rss_mib_by_articles_done": rss_samples,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
