"""Build N distinct synthetic articles from the seed articles' sentences (for benchmarks and tests).

Each article mixes sentences from different seeds in a seeded random order, so texts (and so
content hashes) differ while the language stays real news prose.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_SPLIT = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")


def seed_sentences(seeds: Path = SEEDS) -> list[str]:
    sentences: list[str] = []
    for path in sorted(seeds.glob("*.txt")):
        body = path.read_text(encoding="utf-8").split("\n", 1)[-1]
        for para in body.split("\n"):
            sentences += [s.strip() for s in _SPLIT.split(para) if len(s.split()) >= 6]
    return sentences


def build_texts(n: int, sentences_per_article: int = 14, seed: int = 7) -> list[str]:
    pool = seed_sentences()
    rng = random.Random(seed)
    texts = []
    for i in range(n):
        body = rng.sample(pool, k=min(sentences_per_article, len(pool)))
        paragraphs = [" ".join(body[j : j + 2]) for j in range(0, len(body), 2)]
        texts.append(f"Dispatch {i}: " + body[0][:60] + "\n\n" + "\n\n".join(paragraphs) + "\n")
    return texts


def write_corpus(folder: Path, n: int, **kw: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(build_texts(n, **kw)):
        path = folder / f"article_{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
