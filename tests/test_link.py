"""The linker (graphkit.link): the gazetteer, explain(), and link_mentions() over parses built by hand (no model)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pycountry
import pytest
import spacy
from spacy.tokens import Doc, Span

from graphkit.errors import ConfigError
from graphkit.fold import fold
from graphkit.link import Gazetteer, explain, link_mentions
from graphkit.models import Article, Mention
from graphkit.pipeline import Analyzer

VOCAB = spacy.blank("en").vocab


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def make_doc(
    words: Sequence[str],
    ents: Sequence[tuple[int, int, str, str | None]] = (),
    pos: Sequence[str] | None = None,
    heads: Sequence[int] | None = None,
    deps: Sequence[str] | None = None,
    tags: Sequence[str] | None = None,
) -> Doc:
    """A parse by hand: ents are (start, end, label, gazetteer id or None for an NER span)."""
    sent_starts = None if heads else [i == 0 or words[i - 1] == "." for i in range(len(words))]
    glued = {"’s", "'s", ".", ",", ")", "’", ":"}
    spaces = [w != "(" and (i + 1 == len(words) or words[i + 1] not in glued) for i, w in enumerate(words)]
    doc = Doc(VOCAB, words=list(words), spaces=spaces, pos=pos, heads=heads, deps=deps, tags=tags,
              sent_starts=sent_starts)  # fmt: skip
    doc.ents = [Span(doc, s, e, label=label, span_id=eid or "") for s, e, label, eid in ents]
    return doc


def by_text(mentions: Sequence[Mention]) -> dict[str, Mention]:
    return {m.text: m for m in mentions}


# -- gazetteer -------------------------------------------------------------------------------------


def test_every_country_is_in_the_gazetteer(gaz: Gazetteer) -> None:
    countries = [r for r in gaz.records.values() if r.kind == "country"]
    assert len(countries) == len(pycountry.countries)
    assert gaz.records["Q794"].entity.name == "Iran"
    assert "Iranian" in gaz.records["Q794"].demonyms
    assert {"IR", "IRN"} <= set(gaz.records["Q794"].codes)


@pytest.mark.parametrize(
    ("names", "qid"),
    [
        (["U.S.", "US", "United States", "America", "the United States", "USA"], "Q30"),
        (["Quds", "Al-Quds", "Jerusalem"], "Q1218"),
        (["Kataib Hezbollah", "Kata’ib Hezbollah", "Kata'ib Hizballah", "Kataeb Hezbollah"], "gaz:kataib-hezbollah"),
        (["Hezbollah", "Hizballah"], "Q41053"),
        (["PMF", "Hashd al-Shaabi", "Popular Mobilization Units", "Popular Mobilisation Forces"],
         "gaz:popular-mobilization-forces"),
        (["ISIS", "ISIL", "Daesh", "Islamic State"], "Q2429253"),
        (["Ali Khamenei", "Ayatollah Ali Khamenei"], "Q57336"),
        (["Houthis", "Ansar Allah"], "gaz:houthis"),
        (["CENTCOM", "Central Command"], "gaz:united-states-central-command"),
        (["Zionist regime", "Israel"], "Q801"),
    ],
)  # fmt: skip
def test_aliases_resolve_to_one_entity(gaz: Gazetteer, names: list[str], qid: str) -> None:
    for name in names:
        top = explain(name, gaz)[0]
        assert top.entity.id == qid, (name, top)


def test_iran_and_iraq_never_meet(gaz: Gazetteer) -> None:
    assert explain("Iran", gaz)[0].entity.id == "Q794"
    assert explain("Iraq", gaz)[0].entity.id == "Q796"
    assert not set(gaz.alias_index[fold("Iran")]) & set(gaz.alias_index[fold("Iraq")])


def test_ruler_patterns_carry_ids_and_respect_case(gaz: Gazetteer) -> None:
    patterns = gaz.ruler_patterns()
    assert all(p["id"] and p["label"] for p in patterns)
    texts = {p["pattern"]: p for p in patterns}
    assert texts["US"]["id"] == "Q30"
    assert "us" not in texts  # the pronoun
    assert texts["Kata’ib Hezbollah"]["id"] == texts["Kataib Hezbollah"]["id"]
    assert texts["IRAN"]["id"] == "Q794"


def test_gazetteer_ids_are_unique_and_qids_valid(gaz: Gazetteer) -> None:
    qids = [r.entity.wikidata for r in gaz.records.values() if r.entity.wikidata]
    assert len(qids) == len(set(qids))
    for record in gaz.records.values():
        if record.entity.wikidata:
            assert record.entity.id == record.entity.wikidata


# -- explain(): roles by date ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "date", "expected", "rule"),
    [
        ("the U.S. president", "2019-05-01", "Q22686", "role-date"),
        ("the U.S. president", "2022-05-01", "Q6279", "role-date"),
        ("the U.S. president", "2016-05-01", "Q76", "role-date"),
        ("the U.S. president", None, "ROLE:us-president", "role"),
        ("Iran's supreme leader", None, "Q57336", "role-default"),
        ("Iraqi prime minister", "2019-06-01", "gaz:adel-abdul-mahdi", "role-date"),
        ("Iraqi prime minister", "2023-06-01", "gaz:mohammed-shia-al-sudani", "role-date"),
        ("the secretary of state", "2020-01-08", "Q473239", "role-date"),
        ("president of Iran", "2022-01-01", "gaz:ebrahim-raisi", "role-date"),
    ],
)
def test_explain_roles(gaz: Gazetteer, name: str, date: str | None, expected: str, rule: str) -> None:
    top = explain(name, gaz, date)[0]
    assert (top.entity.id, top.rule) == (expected, rule)
    if expected.startswith("ROLE:"):
        assert top.entity.type == "ROLE"


def test_explain_capital_offers_city_then_state(gaz: Gazetteer) -> None:
    found = [(c.entity.id, c.rule) for c in explain("Tehran", gaz)]
    assert found[:2] == [("Q3616", "gazetteer"), ("Q794", "metonym")]


def test_explain_unknown_name_gives_its_key(gaz: Gazetteer) -> None:
    (cand,) = explain("Yehia Rasool", gaz)
    assert cand.rule == "folded-key" and cand.entity.id.endswith(":" + fold("Yehia Rasool"))
    assert cand.score == 0.0


# -- aliases files -----------------------------------------------------------------------------------


def test_yaml_aliases_file_adds_aliases_and_entities(tmp_path: Path) -> None:
    path = tmp_path / "aliases.yaml"
    path.write_text(
        "entities:\n"
        "  - {name: Donald Trump, aliases: [The Donald]}\n"
        "  - {name: Saraya Awliya al-Dam, type: ORG, kind: militia, aliases: [Awliya al-Dam]}\n",
        encoding="utf-8",
    )
    gaz = Gazetteer.load([path])
    assert explain("The Donald", gaz)[0].entity.id == "Q22686"
    new = explain("Awliya al-Dam", gaz)[0].entity
    assert (new.id, new.type) == ("gaz:saraya-awliya-al-dam", "ORG")
    assert any(p["pattern"] == "Awliya al-Dam" and p["id"] == new.id for p in gaz.ruler_patterns())


def test_csv_aliases_file(tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    path.write_text(
        "name,alias,type,wikidata\n"
        "Iran,the Islamic Republic,,\n"
        "Rafael Grossi,IAEA chief Grossi,PERSON,\n"
        "Harakat al-Sabireen,Al-Sabireen,ORG,Q12345678\n",
        encoding="utf-8",
    )
    gaz = Gazetteer.load([path])
    assert explain("the Islamic Republic", gaz)[0].entity.id == "Q794"
    assert explain("Al-Sabireen", gaz)[0].entity.id == "Q12345678"


@pytest.mark.parametrize(
    ("name", "content", "line", "words"),
    [
        ("bad.csv", "name,alias\nIran,Persia\nIran\n", 3, "name,alias"),
        ("bad2.csv", "Unknown Group,UG\n", 1, "needs a type"),
        ("bad3.csv", "X,Y,NOTATYPE\n", 1, "type must be one of"),
        ("bad.yaml", "entities:\n  - {name: A, type: ORG\n", 3, "not valid YAML"),
        (
            "bad2.yaml",
            "entities:\n  - {name: A, type: ORG}\n  - {type: ORG, aliases: [B]}\n",
            3,
            "without a 'name'",
        ),
        ("bad3.yaml", "entities:\n  - {name: A, type: ORG, wikidata: 42}\n", 2, "wikidata"),
    ],
)
def test_bad_aliases_file_names_file_and_line(
    tmp_path: Path, name: str, content: str, line: int, words: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        Gazetteer.load([path])
    message = str(err.value)
    assert f"{path}:{line}" in message and words in message


def test_missing_or_unknown_aliases_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        Gazetteer.load([tmp_path / "nope.csv"])
    other = tmp_path / "aliases.txt"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\.yaml, \.yml or \.csv"):
        Gazetteer.load([other])


# -- link_mentions on hand-built parses ------------------------------------------------------------------


def test_offsets_index_the_text_and_ids_come_from_the_ruler(gaz: Gazetteer) -> None:
    doc = make_doc(
        ["Kata’ib", "Hezbollah", "and", "Hezbollah", "fought", "."],
        ents=[(0, 2, "ORG", "gaz:kataib-hezbollah"), (3, 4, "ORG", "Q41053")],
    )
    mentions = link_mentions(doc, gaz)
    assert [(m.text, m.entity.id) for m in mentions] == [
        ("Kata’ib Hezbollah", "gaz:kataib-hezbollah"),
        ("Hezbollah", "Q41053"),
    ]
    for m in mentions:
        assert doc.text[m.start : m.end] == m.text
        assert doc[m.token_start : m.token_end].text == m.text


def test_split_alias_is_merged_back(gaz: Gazetteer) -> None:
    # NER cut an unseen spelling in two ("Kata'ib" NORP + "Hizbullah" ORG): together they fold to the alias
    doc = make_doc(
        ["Kata'ib", "Hizbullah", "fired", "rockets", "."], ents=[(0, 1, "NORP", None), (1, 2, "ORG", None)]
    )
    (m,) = link_mentions(doc, gaz)
    assert (m.text, m.entity.id) == ("Kata'ib Hizbullah", "gaz:kataib-hezbollah")


@pytest.mark.parametrize(
    ("words", "label", "expected"),
    [
        (["Democratic", "Republic", "of", "Cong0"], "GPE", "Q974"),  # a digit for a letter
        (["Benjamin", "Netanyhu"], "PERSON", "Q43723"),  # a letter dropped
        (["Republic", "of", "Iseland"], "GPE", None),  # a typo away from Iceland and from Ireland
        (["Kim", "Jong", "Ul"], "PERSON", None),  # too short to tell a typo from another name
    ],
)
def test_long_names_a_typo_away_from_one_entity_link_to_it(
    gaz: Gazetteer, words: list[str], label: str, expected: str | None
) -> None:
    doc = make_doc([*words, "spoke", "."], ents=[(0, len(words), label, None)])
    (m,) = link_mentions(doc, gaz)
    if expected:
        assert (m.entity.id, m.text) == (expected, " ".join(words))
    else:
        assert m.rule == "ner" and m.entity.id.endswith(fold(" ".join(words)))
    found = explain(" ".join(words), gaz)[0]
    assert (found.entity.id, found.rule) == (expected, "spelling") if expected else found.rule == "folded-key"


def test_names_outside_the_gazetteer_get_type_and_key(gaz: Gazetteer) -> None:
    doc = make_doc(
        ["Mohammed", "Mohyee", "spoke", "."],
        ents=[(0, 2, "PERSON", None)],
        pos=["PROPN"] * 2 + ["VERB", "PUNCT"],
    )
    (m,) = link_mentions(doc, gaz)
    assert m.entity.id == "PERSON:" + fold("Mohammed Mohyee") and m.rule == "ner"


def test_short_form_links_to_the_full_name(gaz: Gazetteer) -> None:
    words = ["Yehia", "Rasool", "criticized", "the", "strike", ".", "Rasool", "said", "more", "."]
    pos = ["PROPN", "PROPN", "VERB", "DET", "NOUN", "PUNCT", "PROPN", "VERB", "ADJ", "PUNCT"]
    doc = make_doc(words, ents=[(0, 2, "PERSON", None), (6, 7, "ORG", None)], pos=pos)
    full, short = link_mentions(doc, gaz)
    assert short.entity.id == full.entity.id == "PERSON:" + fold("Yehia Rasool")
    assert short.rule == "short-form" and short.entity.type == "PERSON"


def test_gazetteer_surname_without_full_name(gaz: Gazetteer) -> None:
    # the tagger often calls a sentence-initial surname a NOUN; NER may miss it entirely
    doc = make_doc(["Soleimani", "was", "killed", "."], pos=["NOUN", "AUX", "VERB", "PUNCT"])
    (m,) = link_mentions(doc, gaz)
    assert (m.entity.id, m.rule) == ("gaz:qasem-soleimani", "short-form")


def test_acronym_introduced_in_parentheses(gaz: Gazetteer) -> None:
    words = ["The", "National", "Security", "Council", "(", "NSC", ")", "met", ".", "NSC", "left", "."]
    pos = [
        "DET",
        "PROPN",
        "PROPN",
        "PROPN",
        "PUNCT",
        "PROPN",
        "PUNCT",
        "VERB",
        "PUNCT",
        "PROPN",
        "VERB",
        "PUNCT",
    ]
    doc = make_doc(words, ents=[(1, 4, "ORG", None)], pos=pos)
    mentions = link_mentions(doc, gaz)
    assert [(m.text, m.entity.id, m.rule) for m in mentions] == [
        ("National Security Council", "ORG:" + fold("National Security Council"), "ner"),
        ("NSC", "ORG:" + fold("National Security Council"), "acronym"),
        ("NSC", "ORG:" + fold("National Security Council"), "acronym"),
    ]


def test_parenthesised_other_name_is_the_same_entity(gaz: Gazetteer) -> None:
    # a translation in parentheses inside an organisation's name
    doc = make_doc(["The", "Wahda", "(", "Unity", ")", "party", "spoke", "."],
                   ents=[(1, 2, "ORG", None), (3, 4, "ORG", None)])  # fmt: skip
    name, gloss = link_mentions(doc, gaz)
    assert gloss.entity.id == name.entity.id == "ORG:" + fold("Wahda")
    # the known name carries the entity, whichever side of the parenthesis it is on
    doc = make_doc(["Harakat", "Tahrir", "(", "Hamas", ")", "spoke", "."],
                   ents=[(0, 2, "ORG", None), (3, 4, "ORG", "Q38799")])  # fmt: skip
    assert {m.entity.id for m in link_mentions(doc, gaz)} == {"Q38799"}
    # a place in parentheses locates the name before it; it does not rename it
    doc = make_doc(["Fallujah", "Bridge", "(", "Iraq", ")", "was", "hit", "."],
                   ents=[(0, 2, "FAC", None), (3, 4, "GPE", "Q796")])  # fmt: skip
    assert {m.entity.id for m in link_mentions(doc, gaz)} == {"FAC:" + fold("Fallujah Bridge"), "Q796"}


def test_parenthesised_word_that_does_not_fit_is_no_acronym(gaz: Gazetteer) -> None:
    words = ["On", "Palestine", "(", "US", ")", "hands", "are", "tied", "."]
    doc = make_doc(words, ents=[(1, 2, "GPE", "Q219060"), (3, 4, "GPE", "Q30")])
    assert by_text(link_mentions(doc, gaz))["US"].entity.id == "Q30"


def test_definite_description_links_only_when_unambiguous(gaz: Gazetteer) -> None:
    words = ["Kataib", "Hezbollah", "fired", "rockets", ".", "The", "militia", "denied", "it", "."]
    pos = ["PROPN", "PROPN", "VERB", "NOUN", "PUNCT", "DET", "NOUN", "VERB", "PRON", "PUNCT"]
    doc = make_doc(words, ents=[(0, 2, "ORG", "gaz:kataib-hezbollah")], pos=pos)
    desc = by_text(link_mentions(doc, gaz))["The militia"]
    assert (desc.entity.id, desc.rule) == ("gaz:kataib-hezbollah", "description")

    words = ["Kataib", "Hezbollah", "and", "Hezbollah", "fired", ".", "The", "militia", "denied", "it", "."]
    pos = ["PROPN", "PROPN", "CCONJ", "PROPN", "VERB", "PUNCT", "DET", "NOUN", "VERB", "PRON", "PUNCT"]
    doc = make_doc(words, ents=[(0, 2, "ORG", "gaz:kataib-hezbollah"), (3, 4, "ORG", "Q41053")], pos=pos)
    assert "The militia" not in by_text(link_mentions(doc, gaz))


@pytest.mark.parametrize(
    ("words", "ents", "text", "qid"),
    [
        (["Iranian", "forces", "fired", "."], [(0, 1, "NORP", None)], "Iranian forces", "Q794"),
        (
            ["Iraqi", "security", "forces", "helped", "."],
            [(0, 1, "NORP", None)],
            "Iraqi security forces",
            "Q796",
        ),
        (["Iran", "’s", "government", "denied", "."], [(0, 1, "GPE", "Q794")], "Iran’s government", "Q794"),
        (["U.S.", "troops", "left", "."], [(0, 1, "GPE", "Q30")], "U.S. troops", "Q30"),
        (["Iraqi", "Officials", "Condemn", "."], [(0, 2, "ORG", None)], "Iraqi Officials", "Q796"),
    ],
)
def test_country_actor_phrases(gaz: Gazetteer, words: list[str], ents: list, text: str, qid: str) -> None:
    m = by_text(link_mentions(make_doc(words, ents=ents), gaz))[text]
    assert (m.entity.id, m.rule) == (qid, "country-actor")


def test_bare_demonym_is_the_state(gaz: Gazetteer) -> None:
    # a demonym phrase stands for the state (gold CONVENTIONS), one node per country, no "Iranians" node
    doc = make_doc(["an", "Iranian", "general", "died", "."], ents=[(1, 2, "NORP", None)])
    (m,) = link_mentions(doc, gaz)
    assert m.entity.id == "Q794" and m.rule == "demonym"


def test_demonym_opening_a_title_is_no_mention(gaz: Gazetteer) -> None:
    words = ["Peruvian", "President", "Ana", "Quispe", "visited", "Chile", "."]
    doc = make_doc(words, ents=[(0, 1, "NORP", None), (2, 4, "PERSON", None), (5, 6, "GPE", None)])
    found = by_text(link_mentions(doc, gaz))
    assert "Peruvian" not in found and found["Chile"].entity.id == "Q298"


def test_institutions(gaz: Gazetteer) -> None:
    words = ["Iran", "Foreign", "Ministry", "and", "Iraq", "’s", "Parliament", "spoke", "."]
    doc = make_doc(words, ents=[(0, 1, "GPE", "Q794"), (4, 5, "GPE", "Q796")])
    found = by_text(link_mentions(doc, gaz))
    assert found["Iran Foreign Ministry"].entity.name == "Ministry of Foreign Affairs of Iran"
    # a possessor keeps its own mention; the body's mention is what follows it (as the gold marks it)
    assert found["Parliament"].entity.id == "gaz:council-of-representatives-of-iraq"
    assert found["Iraq"].entity.id == "Q796"


def test_embassy_takes_its_city_from_the_article(gaz: Gazetteer) -> None:
    words = [
        "Protesters",
        "stormed",
        "the",
        "U.S.",
        "embassy",
        "in",
        "Baghdad",
        ".",
        "The",
        "embassy",
        "closed",
        ".",
    ]
    doc = make_doc(words, ents=[(3, 4, "GPE", "Q30"), (6, 7, "GPE", "Q1530")],
                   pos=["NOUN", "VERB", "DET", "PROPN", "NOUN", "ADP", "PROPN", "PUNCT", "DET", "NOUN", "VERB", "PUNCT"])  # fmt: skip
    found = by_text(link_mentions(doc, gaz))
    embassy = found["U.S. embassy in Baghdad"].entity
    assert (embassy.type, embassy.name) == ("FAC", "Embassy of the United States, Baghdad")
    assert found["The embassy"].entity.id == embassy.id
    assert "Baghdad" not in found, "the city is part of the mission's mention, not the capital standing alone"

    doc = make_doc(["the", "U.S.", "embassy", "was", "hit", "."], ents=[(1, 2, "GPE", "Q30")])
    assert by_text(link_mentions(doc, gaz))["U.S. embassy"].entity.name == "Embassy of the United States"


def test_roles_resolve_by_date_by_name_by_article(gaz: Gazetteer) -> None:
    words = ["the", "U.S.", "president", "spoke", "."]
    ents = [(1, 2, "GPE", "Q30")]
    assert (
        by_text(link_mentions(make_doc(words, ents), gaz, "2019-03-01"))["U.S. president"].entity.id
        == "Q22686"
    )
    alone = by_text(link_mentions(make_doc(words, ents), gaz))["U.S. president"]
    assert (alone.entity.id, alone.entity.type) == ("ROLE:us-president", "ROLE")

    words = ["U.S.", "President", "Joe", "Biden", "spoke", "."]
    found = by_text(link_mentions(make_doc(words, [(0, 1, "GPE", "Q30"), (2, 4, "PERSON", "Q6279")]), gaz))
    assert (found["U.S. President"].entity.id, found["U.S. President"].rule) == ("Q6279", "role+name")

    words = ["Donald", "Trump", "left", ".", "The", "U.S.", "president", "spoke", "."]
    found = by_text(link_mentions(make_doc(words, [(0, 2, "PERSON", "Q22686"), (5, 6, "GPE", "Q30")]), gaz))
    assert (found["U.S. president"].entity.id, found["U.S. president"].rule) == ("Q22686", "role-doc")

    words = ["Iran", "’s", "supreme", "leader", "spoke", "."]
    found = by_text(link_mentions(make_doc(words, [(0, 1, "GPE", "Q794")]), gaz))
    assert found["Iran’s supreme leader"].entity.id == "Q57336"


def test_title_belongs_to_the_person(gaz: Gazetteer) -> None:
    words = ["Ayatollah", "Ali", "Khamenei", "spoke", ".", "Khamenei", "added", "."]
    doc = make_doc(words, ents=[(1, 3, "PERSON", "Q57336"), (5, 6, "GPE", None)])
    assert [(m.text, m.entity.id) for m in link_mentions(doc, gaz)] == [
        ("Ayatollah Ali Khamenei", "Q57336"),
        ("Khamenei", "Q57336"),
    ]


def test_capital_is_the_state_only_where_it_acts(gaz: Gazetteer) -> None:
    # "Washington warned Tehran ." : subject and object -> the states
    doc = make_doc(["Washington", "warned", "Tehran", "."], ents=[(0, 1, "GPE", "Q61"), (2, 3, "GPE", "Q3616")],
                   heads=[1, 1, 1, 1], deps=["nsubj", "ROOT", "dobj", "punct"])  # fmt: skip
    assert [(m.entity.id, m.rule) for m in link_mentions(doc, gaz)] == [
        ("Q30", "metonym"),
        ("Q794", "metonym"),
    ]
    # "He arrived in Baghdad ." : a location -> the city
    doc = make_doc(["He", "arrived", "in", "Baghdad", "."], ents=[(3, 4, "GPE", "Q1530")],
                   heads=[1, 1, 1, 2, 1], deps=["nsubj", "ROOT", "prep", "pobj", "punct"])  # fmt: skip
    assert [(m.entity.id, m.rule) for m in link_mentions(doc, gaz)] == [("Q1530", "gazetteer")]


def test_capital_modifying_a_place_noun_is_the_city(gaz: Gazetteer) -> None:
    # "Baghdad said crowds filled a Baghdad street ." : the street's city outweighs the one actor use
    doc = make_doc(["Baghdad", "said", "crowds", "filled", "a", "Baghdad", "street", "."],
                   ents=[(0, 1, "GPE", "Q1530"), (5, 6, "GPE", "Q1530")],
                   heads=[1, 1, 3, 1, 6, 6, 3, 1],
                   deps=["nsubj", "ROOT", "nsubj", "ccomp", "det", "compound", "dobj", "punct"])  # fmt: skip
    assert [(m.entity.id, m.rule) for m in link_mentions(doc, gaz)] == [("Q1530", "gazetteer")] * 2


def test_link_mentions_is_pure(gaz: Gazetteer) -> None:
    words = ["Iranian", "forces", "hit", "Kataib", "Hezbollah", "."]
    doc = make_doc(words, ents=[(0, 1, "NORP", None), (3, 5, "ORG", "gaz:kataib-hezbollah")])
    assert link_mentions(doc, gaz) == link_mentions(doc, gaz)
    assert [e.label_ for e in doc.ents] == ["NORP", "ORG"]  # the Doc is not changed


# -- pronouns (rule "pronoun") --------------------------------------------------------------------------

_IRAQ_SAID = dict(
    pos=["PROPN", "VERB", "PRON", "NOUN", "VERB", "PUNCT"],
    tags=["NNP", "VBD", "PRP$", "NNS", "VBD", "."],
    heads=[1, 1, 3, 4, 1, 1],
    deps=["nsubj", "ROOT", "poss", "nsubj", "ccomp", "punct"],
)


def test_possessive_pronoun_takes_the_reporting_subject(gaz: Gazetteer) -> None:
    # "Iraq said its forces withdrew ."
    doc = make_doc(
        ["Iraq", "said", "its", "forces", "withdrew", "."], ents=[(0, 1, "GPE", "Q796")], **_IRAQ_SAID
    )
    its = by_text(link_mentions(doc, gaz))["its"]
    assert (its.entity.id, its.rule, its.start) == ("Q796", "pronoun", doc[2].idx)


def test_pronoun_number_must_agree(gaz: Gazetteer) -> None:
    # "Iraq said their forces withdrew .": one state is no "they"
    doc = make_doc(["Iraq", "said", "their", "forces", "withdrew", "."], ents=[(0, 1, "GPE", "Q796")],
                   **_IRAQ_SAID)  # fmt: skip
    assert "their" not in by_text(link_mentions(doc, gaz))


def test_two_candidates_leave_the_pronoun_alone(gaz: Gazetteer) -> None:
    # "Iraq thanked Iran for its support .": the subject and the object compete
    doc = make_doc(
        ["Iraq", "thanked", "Iran", "for", "its", "support", "."],
        ents=[(0, 1, "GPE", "Q796"), (2, 3, "GPE", "Q794")],
        pos=["PROPN", "VERB", "PROPN", "ADP", "PRON", "NOUN", "PUNCT"],
        tags=["NNP", "VBD", "NNP", "IN", "PRP$", "NN", "."],
        heads=[1, 1, 1, 1, 5, 3, 1],
        deps=["nsubj", "ROOT", "dobj", "prep", "poss", "pobj", "punct"],
    )
    assert "its" not in by_text(link_mentions(doc, gaz))


def test_dummy_it_is_not_linked(gaz: Gazetteer) -> None:
    # "Iraq said it remains unclear ."
    doc = make_doc(
        ["Iraq", "said", "it", "remains", "unclear", "."],
        ents=[(0, 1, "GPE", "Q796")],
        pos=["PROPN", "VERB", "PRON", "VERB", "ADJ", "PUNCT"],
        tags=["NNP", "VBD", "PRP", "VBZ", "JJ", "."],
        heads=[1, 1, 3, 1, 3, 1],
        deps=["nsubj", "ROOT", "nsubj", "ccomp", "acomp", "punct"],
    )
    doc[3].lemma_ = "remain"
    assert "it" not in by_text(link_mentions(doc, gaz))
    doc[3].lemma_ = "withdraw"  # "Iraq said it withdraws ...": now the state
    assert by_text(link_mentions(doc, gaz))["it"].entity.id == "Q796"


def test_a_possessor_inside_an_ner_name_is_its_own_mention(gaz: Gazetteer) -> None:
    # NER took "North's Foreign Ministry" as one name: "the North" is North Korea, named just before,
    # and the ministry is North Korea's.
    words = ["North", "Korea", "tested", "rockets", ".", "The", "North", "’s", "Foreign", "Ministry", "blamed",
             "Japan", "."]  # fmt: skip
    doc = make_doc(words, ents=[(0, 2, "GPE", "Q423"), (6, 10, "ORG", None), (11, 12, "GPE", "Q17")])
    got = [(m.text, m.entity.id, m.rule) for m in link_mentions(doc, gaz)]
    assert got[1][:2] == ("North", "Q423")
    assert got[2][0] == "Foreign Ministry" and got[2][2] == "institution" and got[2][1] != got[1][1]
    assert "North Korea" in link_mentions(doc, gaz)[2].entity.name
    # a known name as possessor: the body is that state's
    doc = make_doc(["Kenya", "’s", "Interior", "Ministry", "spoke", "."], ents=[(0, 4, "ORG", None)])
    assert [(m.text, m.rule) for m in link_mentions(doc, gaz)] == [
        ("Kenya", "gazetteer"),
        ("Interior Ministry", "institution"),
    ]
    # an unknown possessor keeps the name whole
    doc = make_doc(["Boston", "Children", "’s", "Hospital", "spoke", "."], ents=[(0, 4, "ORG", None)])
    assert [m.text for m in link_mentions(doc, gaz)] == ["Boston Children’s Hospital"]


def test_a_country_carries_its_inverted_iso_name(gaz: Gazetteer) -> None:
    # ICEWS and PLOVER file countries under ISO 3166 names such as "Palestine, State of": never prose,
    # so never an alias to match in text, but on the entity so the node can carry it.
    (palestine,) = gaz.alias_index[fold("State of Palestine")]
    entity = gaz.records[palestine].entity
    assert entity.iso_name == "Palestine, State of" and entity.name == "Palestine"
    assert fold("Palestine, State of") not in gaz.alias_index
    (france,) = gaz.alias_index[fold("France")]
    assert gaz.records[france].entity.iso_name is None, "plain ISO names are aliases already"


def test_a_compass_word_shares_the_name_it_is_coordinated_with(gaz: Gazetteer) -> None:
    # "North, South Korea Trade Fire", "North and South Korea": North Korea, not a place called "North"
    for words in (
        ["North", ",", "South", "Korea", "trade", "fire"],
        ["North", "and", "South", "Korea", "met"],
    ):
        doc = make_doc(words, ents=[(0, 2, "GPE", None), (2, 4, "GPE", "Q884")])
        got = [(m.text, m.entity.id) for m in link_mentions(doc, gaz)]
        assert got == [("North", "Q423"), ("South Korea", "Q884")], words
    # no such country: the word stays what it was
    doc = make_doc(["East", "and", "West", "Africa", "met"], ents=[(0, 1, "LOC", None), (2, 4, "LOC", None)])
    assert "Q423" not in {m.entity.id for m in link_mentions(doc, gaz)}


def test_an_office_written_before_a_name_is_the_person_s_title(gaz: Gazetteer) -> None:
    words = ["Chile", "’s", "Minister", "of", "Foreign", "Affairs", "Rosa", "Quintana", "spoke", "."]
    pos = ["PROPN", "PART", "PROPN", "ADP", "PROPN", "PROPN", "PROPN", "PROPN", "VERB", "PUNCT"]
    doc = make_doc(words, ents=[(0, 1, "GPE", None), (6, 8, "PERSON", None)], pos=pos)
    got = [(m.text, m.entity.type) for m in link_mentions(doc, gaz)]
    assert ("Minister of Foreign Affairs Rosa Quintana", "PERSON") in got


def test_a_leaders_cabinet_is_the_states_cabinet(analyzer: Analyzer) -> None:
    text = "Report\n\nPrime Minister Benjamin Netanyahu spoke on Friday. A minister quit Netanyahu's cabinet."
    graph = analyzer.analyse_one(Article(id="t", text=text, title="Report", source="t.txt"))
    names = {m.text: m.entity.name for m in graph.mentions}
    assert names.get("cabinet") == "Cabinet of Israel"
    # a leader's other belongings are not state bodies
    text = "Report\n\nPrime Minister Benjamin Netanyahu spoke. Reporters asked about Netanyahu's dog."
    graph = analyzer.analyse_one(Article(id="t", text=text, title="Report", source="t.txt"))
    assert "dog" not in {m.text for m in graph.mentions}
