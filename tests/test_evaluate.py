"""Gold scoring: folding, gold validation, linking (split/merge/missing) and event matching."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from graphkit.errors import ConfigError
from graphkit.evaluate import (
    SystemEntity,
    SystemEvent,
    fold,
    format_report,
    load_gold,
    report_json,
    score_events,
    score_linking,
)

SEEDS = next(
    (
        p
        for p in (
            Path(__file__).resolve().parent.parent.parent / "shared" / "gold" / "seeds.jsonl",
            Path("/work/shared/gold/seeds.jsonl"),
        )
        if p.is_file()
    ),
    Path("/work/shared/gold/seeds.jsonl"),
)


# ----------------------------------------------------------------------------------- toy data helpers


def ent(name: str, mentions: list[str], wikidata: str | None = None, type_: str = "GPE") -> dict[str, Any]:
    return {"name": name, "type": type_, "wikidata": wikidata, "mentions": mentions}


def gev(actor: str, target: str, action: list[str], hard: bool = False, **kw: Any) -> dict[str, Any]:
    return {
        "actor": actor,
        "target": target,
        "action": action,
        "trigger": kw.get("trigger", "t"),
        "sentence": kw.get("sentence", "s"),
        "negated": kw.get("negated", False),
        "hard": hard,
    }


def article(
    file: str, entities: list[dict[str, Any]], events: Sequence[dict[str, Any]] = ()
) -> dict[str, Any]:
    return {
        "id": file,
        "file": file,
        "title": "",
        "published": None,
        "entities": entities,
        "events": list(events),
    }


def write_gold(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ----------------------------------------------------------------------------------------------- fold


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Iran\u2019s Supreme Leader", "iran's supreme leader"),  # curly apostrophe, case
        ("Iran's", "Iran"),  # possessive stripped
        ("the Houthis\u2019", "Houthis"),  # plural possessive and leading article
        ("Kata\u2019ib Hezbollah", "Kataib  Hezbollah"),  # inner apostrophe, whitespace
        ("Ébrahim Raïsi", "Ebrahim Raisi"),  # accents
        ("\uff29\uff52\uff41\uff4e", "Iran"),  # full-width letters (NFKC)
        ("\u201cHamas\u201d", "Hamas"),  # curly quotes at the edges
        ("Abu Mahdi al\u2010Muhandis", "Abu Mahdi al-Muhandis"),  # Unicode hyphen
    ],
)
def test_fold_equates_variants(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize(("a", "b"), [("Iran", "Iraq"), ("U.S.", "us"), ("Hamas", "Hama")])
def test_fold_keeps_distinct_names_apart(a: str, b: str) -> None:
    assert fold(a) != fold(b)


# ------------------------------------------------------------------------------------------ load_gold


def test_load_gold_normalises_and_skips_blank_lines(tmp_path: Path) -> None:
    rec = article(
        "a.txt",
        [ent("Iran", ["Iran"], "Q794"), ent("Iraq", ["Iraq"], "")],
        [{"actor": "Iran", "target": "Iraq", "action": ["195", 18]}],
    )
    path = write_gold(tmp_path, ["", json.dumps(rec), "   "])
    gold = load_gold(path)
    assert len(gold) == 1
    event = gold[0]["events"][0]
    assert event["action"] == ["19", "18"]
    assert event["negated"] is False and event["hard"] is False
    assert gold[0]["entities"][1]["wikidata"] is None


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        (json.dumps({"entities": []}), '"file"'),
        (json.dumps(article("b.txt", [ent("Iran", ["Iran"])], [gev("Iran", "Iraq", ["19"])])), "'Iraq'"),
        (json.dumps(article("b.txt", [ent("Iran", ["Iran"])], [gev("Iran", "Iran", ["21"])])), "'21'"),
        (json.dumps(article("b.txt", [ent("Iran", ["Iran"])], [gev("Iran", "Iran", [])])), "non-empty"),
        (json.dumps(article("b.txt", [{"name": "Iran", "mentions": "Iran"}])), "list of strings"),
        (json.dumps(article("b.txt", [ent("Iran", ["Iran"]), ent("Iran", ["Iran"])])), "listed twice"),
    ],
)
def test_load_gold_names_file_and_line_of_a_bad_record(tmp_path: Path, bad: str, reason: str) -> None:
    good = json.dumps(article("a.txt", [ent("Iran", ["Iran"])]))
    path = write_gold(tmp_path, [good, "", bad])
    with pytest.raises(ConfigError) as info:
        load_gold(path)
    message = str(info.value)
    assert f"{path}:3:" in message
    assert reason in message


def test_load_gold_rejects_an_article_annotated_twice(tmp_path: Path) -> None:
    line = json.dumps(article("a.txt", [ent("Iran", ["Iran"])]))
    with pytest.raises(ConfigError, match="line 1"):
        load_gold(write_gold(tmp_path, [line, line]))


def test_load_gold_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_gold(tmp_path / "absent.jsonl")


# -------------------------------------------------------------------------------------------- linking


def sys_ent(id_: str, name: str, mentions: list[tuple[str, str]], wikidata: str | None = None, **kw: Any):
    return SystemEntity(
        id=id_,
        name=name,
        type=kw.get("type", "GPE"),
        wikidata=wikidata,
        aliases=tuple(kw.get("aliases", ())),
        mentions=tuple(mentions),
    )


GOLD_LINK = [
    article("a.txt", [ent("Ali Khamenei", ["Ayatollah Ali Khamenei", "Khamenei"]), ent("Iran", ["Iran"])]),
    article("b.txt", [ent("Ali Khamenei", ["Iran\u2019s supreme leader"]), ent("Iraq", ["Iraq"])]),
]


def test_linking_one_node_per_entity_is_clean() -> None:
    system = [
        sys_ent("K", "Ali Khamenei", [("a.txt", "Khamenei"), ("b.txt", "Iran's Supreme Leader")]),
        sys_ent("IR", "Iran", [("a.txt", "Iran")]),
        sys_ent("IQ", "Iraq", [("/data/in/b.txt", "Iraq")]),  # a path source matches by file name
    ]
    report = score_linking(GOLD_LINK, system)
    assert (report.total, report.found, report.missing, report.splits, report.merges) == (3, 3, 0, 0, 0)
    khamenei = next(e for e in report.entities if e.name == "Ali Khamenei")
    assert khamenei.nodes == ("K",)
    assert (khamenei.mentions, khamenei.mentions_found) == (3, 2)
    assert khamenei.not_found == (("a.txt", "Ayatollah Ali Khamenei"),)


def test_linking_counts_a_split_across_articles() -> None:
    system = [
        sys_ent("K1", "Khamenei", [("a.txt", "Khamenei")]),
        sys_ent("K2", "Supreme Leader", [("b.txt", "Iran's supreme leader")]),
        sys_ent("K3", "Ali Khamenei", [("a.txt", "Ayatollah Ali Khamenei")]),
    ]
    report = score_linking(GOLD_LINK, system)
    khamenei = next(e for e in report.entities if e.name == "Ali Khamenei")
    assert khamenei.nodes == ("K1", "K2", "K3")
    assert khamenei.split == 2
    assert report.splits == 2 and report.merges == 0


def test_linking_counts_a_merge_and_names_the_partners() -> None:
    system = [sys_ent("X", "Iran", [("a.txt", "Iran"), ("b.txt", "Iraq")])]
    report = score_linking(GOLD_LINK, system)
    assert report.merges == 1
    assert report.merged_nodes[0].gold == ("Iran", "Iraq")
    by_name = {e.name: e for e in report.entities}
    assert by_name["Iran"].merged_with == ("Iraq",)
    assert by_name["Iraq"].merged_with == ("Iran",)


def test_linking_missing_entity_is_neither_split_nor_merge() -> None:
    # "Iran" is mentioned in b.txt only as part of a description; a mention in the wrong article
    # does not count for a.txt either.
    system = [sys_ent("IR", "Iran", [("b.txt", "Iran")])]
    report = score_linking(GOLD_LINK, system)
    iran = next(e for e in report.entities if e.name == "Iran")
    assert not iran.found and iran.split == 0 and iran.merged_with == ()
    assert report.missing == 3 and report.splits == 0 and report.merges == 0


# --------------------------------------------------------------------------------------------- events

GOLD_EVENTS = [
    article(
        "a.txt",
        [
            ent("United States", ["U.S.", "Washington"], "Q30"),
            ent("Iran", ["Iran", "Tehran"], "Q794"),
            ent("Kata'ib Hezbollah", ["Kataib Hezbollah"], None, "ORG"),
        ],
        [
            gev("Iran", "United States", ["19", "18"], sentence="Iran fired missiles at U.S. bases."),
            gev("United States", "Kata'ib Hezbollah", ["19"], hard=True),
            gev(
                "United States", "Iran", ["11"], trigger="condemned", sentence="Washington condemned Tehran."
            ),
        ],
    ),
    article(
        "b.txt",
        [ent("Iran", ["Iran"], "Q794"), ent("United States", ["United States"], "Q30")],
        [gev("Iran", "United States", ["13"], negated=True)],
    ),
]

US = sys_ent("Q30", "United States", [("a.txt", "U.S."), ("b.txt", "United States")], "Q30")
IRAN = sys_ent("Q794", "Iran", [("a.txt", "Iran"), ("b.txt", "Iran")], "Q794")
KH = sys_ent("ORG:kataib hezbollah", "Kataib Hezbollah", [("a.txt", "Kataib Hezbollah")], type="ORG")


def test_events_perfect_output_scores_one() -> None:
    events = [
        SystemEvent("a.txt", "Q794", "Q30", "18"),
        SystemEvent("a.txt", "ORG:kataib hezbollah", "Q30", "19"),  # wrong direction: a false positive
        SystemEvent("a.txt", "Q30", "ORG:kataib hezbollah", "19"),
        SystemEvent("a.txt", "Q30", "Q794", "11"),
        SystemEvent("a.txt", "Q30", "Q794", "11", sentence="again"),  # duplicate triple: counted once
        SystemEvent("b.txt", "Q794", "Q30", "13"),
    ]
    report = score_events(GOLD_EVENTS, [US, IRAN, KH], events)
    micro = report.micro
    assert (micro.gold, micro.system, micro.tp, micro.fp, micro.fn) == (4, 5, 4, 1, 0)
    assert micro.precision == pytest.approx(0.8)
    assert micro.recall == 1.0
    assert micro.f1 == pytest.approx(2 * 0.8 / 1.8)
    assert [(t.actor, t.target, t.root) for t in report.false_positives] == [
        ("Kataib Hezbollah", "United States", "19")
    ]
    assert report.nonhard_recall == 1.0


def test_events_root_outside_the_action_list_is_a_miss_and_a_false_positive() -> None:
    events = [SystemEvent("b.txt", "Q794", "Q30", "19", sentence="Iran did not attack", trigger="attack")]
    report = score_events(GOLD_EVENTS, [US, IRAN], events)
    b = next(a for a in report.articles if a.article == "b.txt")
    assert (b.tp, b.fp, b.fn) == (0, 1, 1)
    assert report.false_positives[0].trigger == "attack"
    assert any(m.article == "b.txt" and m.negated for m in report.misses)


def test_events_wikidata_decides_when_both_sides_have_one() -> None:
    # Names agree ("Washington" is a gold mention of the U.S.) but the Q-ids say another Washington.
    state = sys_ent("Q1223", "Washington", [("a.txt", "Washington")], "Q1223")
    report = score_events(GOLD_EVENTS, [state, IRAN], [SystemEvent("a.txt", "Q1223", "Q794", "11")])
    assert report.micro.tp == 0 and report.micro.fp == 1


def test_events_fall_back_to_names_and_mentions_without_wikidata() -> None:
    by_mention = sys_ent("GPE:washington", "Washington DC", [("a.txt", "Washington")])
    by_alias = sys_ent("GPE:tehran", "Tehran Govt", [], aliases=["Tehran"])
    events = [SystemEvent("a.txt", "GPE:washington", "GPE:tehran", "11")]
    assert score_events(GOLD_EVENTS, [by_mention, by_alias], events).micro.tp == 1
    # the same mention in another article does not resolve the entity in this one
    elsewhere = sys_ent("GPE:washington", "Washington DC", [("b.txt", "Washington")])
    assert score_events(GOLD_EVENTS, [elsewhere, by_alias], events).micro.tp == 0


def test_events_gold_event_is_matched_at_most_once() -> None:
    gold = [
        article(
            "c.txt",
            [ent("Iran", ["Iran"], "Q794"), ent("United States", ["U.S."], "Q30")],
            [gev("Iran", "United States", ["19"]), gev("Iran", "United States", ["19"])],
        )
    ]
    events = [SystemEvent("c.txt", "Q794", "Q30", "19", sentence=f"s{i}") for i in range(3)]
    report = score_events(gold, [US, IRAN], events)
    assert (report.micro.tp, report.micro.fp, report.micro.fn) == (1, 0, 1)


def test_events_matching_is_one_to_one_and_maximal() -> None:
    # A greedy matcher would give root 19 to the first event and leave the second unmatched.
    gold = [
        article(
            "c.txt",
            [ent("Iran", ["Iran"], "Q794"), ent("United States", ["U.S."], "Q30")],
            [gev("Iran", "United States", ["19", "18"]), gev("Iran", "United States", ["19"])],
        )
    ]
    events = [SystemEvent("c.txt", "Q794", "Q30", "19"), SystemEvent("c.txt", "Q794", "Q30", "18")]
    report = score_events(gold, [US, IRAN], events)
    assert (report.micro.tp, report.micro.fp, report.micro.fn) == (2, 0, 0)


def test_events_prefer_matching_non_hard_gold() -> None:
    gold = [
        article(
            "c.txt",
            [ent("Iran", ["Iran"], "Q794"), ent("United States", ["U.S."], "Q30")],
            [gev("Iran", "United States", ["19"], hard=True), gev("Iran", "United States", ["19"])],
        )
    ]
    report = score_events(gold, [US, IRAN], [SystemEvent("c.txt", "Q794", "Q30", "19")])
    assert report.micro.tp == 1
    assert report.nonhard_recall == 1.0
    assert [m.hard for m in report.misses] == [True]


def test_events_micro_average_sums_counts_and_ignores_unknown_articles() -> None:
    events = [
        SystemEvent("a.txt", "Q794", "Q30", "19"),  # tp
        SystemEvent("a.txt", "Q30", "Q794", "17"),  # fp
        SystemEvent("z.txt", "Q30", "Q794", "11"),  # article not in the gold
    ]
    report = score_events(GOLD_EVENTS, [US, IRAN, KH], events)
    a, b = report.articles
    assert (a.tp, a.fp, a.fn, b.tp, b.fp, b.fn) == (1, 1, 2, 0, 0, 1)
    assert b.precision is None and b.recall == 0.0
    micro = report.micro
    assert (micro.tp, micro.fp, micro.fn) == (1, 1, 3)
    assert micro.precision == 0.5 and micro.recall == 0.25
    assert report.unscored_articles == ("z.txt",)
    # non-hard: 3 of the 4 gold events; one matched
    assert report.nonhard_recall == pytest.approx(1 / 3)


def test_reports_text_and_json() -> None:
    linking = score_linking(GOLD_EVENTS, [US, sys_ent("X", "Iran", [("a.txt", "Iran"), ("a.txt", "U.S.")])])
    events = score_events(GOLD_EVENTS, [US, IRAN], [SystemEvent("b.txt", "Q794", "Q30", "19", trigger="hit")])
    text = format_report(linking, events)
    assert "merges 1" in text and "MERGED with" in text and "MISSING" in text
    assert "(micro)" in text and "recall on non-hard gold events: 0/3" in text
    assert "Missed gold events (4)" in text and "False positives (1)" in text and "'hit'" in text
    data = json.loads(json.dumps(report_json(linking, events)))
    assert data["linking"]["totals"]["merges"] == 1
    assert data["events"]["micro"]["fp"] == 1 and data["events"]["micro"]["precision"] == 0.0
    assert len(data["events"]["misses"]) == 4


# ---------------------------------------------------------------------------------- the seed gold set


def perfect_view(gold: list[dict[str, Any]]) -> tuple[list[SystemEntity], list[SystemEvent]]:
    """A system view built from the gold itself: one node per canonical name, one triple per event."""
    mentions: dict[str, list[tuple[str, str]]] = {}
    meta: dict[str, tuple[str, str | None]] = {}
    for rec in gold:
        for e in rec["entities"]:
            meta.setdefault(e["name"], (e["type"], e["wikidata"]))
            mentions.setdefault(e["name"], []).extend((rec["file"], m) for m in e["mentions"])
    entities = [
        SystemEntity(
            id=f"N:{name}", name=name, type=t, wikidata=q, aliases=(), mentions=tuple(mentions[name])
        )
        for name, (t, q) in meta.items()
    ]
    events = []
    for rec in gold:
        used: set[tuple[str, str, str]] = set()
        for ev in rec["events"]:
            # Triples are deduplicated, so give each gold event a root no earlier event took.
            root = next(r for r in ev["action"] if (ev["actor"], ev["target"], r) not in used)
            used.add((ev["actor"], ev["target"], root))
            events.append(
                SystemEvent(
                    rec["file"], f"N:{ev['actor']}", f"N:{ev['target']}", root, ev["sentence"], ev["trigger"]
                )
            )
    return entities, events


def test_seed_gold_perfect_view_scores_one() -> None:
    gold = load_gold(SEEDS)
    assert len(gold) == 5
    assert sum(len(r["events"]) for r in gold) == 80
    entities, events = perfect_view(gold)
    linking = score_linking(gold, entities)
    assert linking.total == len(entities)
    assert (linking.missing, linking.splits, linking.merges) == (0, 0, 0)
    assert linking.mentions_found == linking.mentions
    report = score_events(gold, entities, events)
    assert report.micro.precision == 1.0 and report.micro.recall == 1.0 and report.micro.f1 == 1.0
    assert report.nonhard_recall == 1.0
    assert not report.misses and not report.false_positives


def test_seed_gold_merge_and_split_are_detected() -> None:
    gold = load_gold(SEEDS)
    entities, events = perfect_view(gold)

    # Merge Iran into Iraq's node: one node carries both.
    iran = next(e for e in entities if e.name == "Iran")
    iraq = next(e for e in entities if e.name == "Iraq")
    merged_node = SystemEntity(iran.id, "Iran", "GPE", "Q794", (), iran.mentions + iraq.mentions)
    merged = [merged_node if e is iran else e for e in entities if e is not iraq]
    linking = score_linking(gold, merged)
    assert linking.merges == 1 and linking.splits == 0
    assert linking.merged_nodes[0].gold == ("Iran", "Iraq")
    merged_events = [
        SystemEvent(
            ev.article, *(iran.id if x == iraq.id else x for x in (ev.actor_id, ev.target_id)), ev.root
        )
        for ev in events
    ]
    report = score_events(gold, merged, merged_events)
    iraq_events = sum(ev["actor"] == "Iraq" or ev["target"] == "Iraq" for r in gold for ev in r["events"])
    assert iraq_events > 0
    assert report.micro.fn == iraq_events  # the merged node's Q-id is Iran's, so Iraq's events are lost

    # Split Khamenei: his mentions in the first article move to a second node.
    khamenei = next(e for e in entities if e.name == "Ali Khamenei")
    first = gold[0]["file"]
    part_a = SystemEntity(
        "N:K1", khamenei.name, "PERSON", None, (), tuple(m for m in khamenei.mentions if m[0] == first)
    )
    part_b = SystemEntity(
        "N:K2", khamenei.name, "PERSON", None, (), tuple(m for m in khamenei.mentions if m[0] != first)
    )
    split = [e for e in entities if e is not khamenei] + [part_a, part_b]
    linking = score_linking(gold, split)
    assert linking.splits == 1 and linking.merges == 0
    assert next(e for e in linking.entities if e.name == "Ali Khamenei").nodes == ("N:K1", "N:K2")
