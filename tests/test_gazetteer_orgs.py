"""Organisations from every region: international bodies, NGOs and armed groups link to one gazetteer
entity whatever spelling, acronym or short name the news uses (real model, linker and gazetteer).

Each sentence is written for these tests; none comes from the gold sets.
"""

from __future__ import annotations

from graphkit.pipeline import Analyzer
from tests.test_arguments import graph  # the conftest's session analyzer serves both modules


def linked(analyzer: Analyzer, text: str) -> dict[str, set[str]]:
    """Mention text -> the entity ids it links to."""
    out: dict[str, set[str]] = {}
    for m in graph(analyzer, text).mentions:
        out.setdefault(m.text, set()).add(m.entity.id)
    return out


def one_entity(got: dict[str, set[str]], *surfaces: str) -> str:
    ids = set().union(*(got[s] for s in surfaces))
    assert len(ids) == 1, got
    return ids.pop()


def test_rights_watchdog_and_its_acronym_are_one_entity(analyzer: Analyzer) -> None:
    got = linked(
        analyzer,
        "Human Rights Watch accused the army of executions in Darfur. HRW said the killings continued.",
    )
    one_entity(got, "Human Rights Watch", "HRW")


def test_medical_charity_english_french_and_acronym_are_one_entity(analyzer: Analyzer) -> None:
    got = linked(
        analyzer,
        "Doctors Without Borders closed its clinic in Haiti. MSF said Médecins Sans Frontières staff were"
        " threatened.",
    )
    one_entity(got, "Doctors Without Borders", "MSF", "Médecins Sans Frontières")


def test_osce_acronym_and_both_spellings_are_one_entity(analyzer: Analyzer) -> None:
    got = linked(
        analyzer,
        "The Organization for Security and Co-operation in Europe sent observers to Georgia. The OSCE"
        " mission reported shelling. The Organisation for Security and Cooperation in Europe said talks"
        " would resume.",
    )
    one_entity(
        got,
        "Organization for Security and Co-operation in Europe",
        "OSCE",
        "Organisation for Security and Cooperation in Europe",
    )


def test_shabab_spellings_are_one_armed_group_of_somalia(analyzer: Analyzer) -> None:
    g = graph(
        analyzer,
        "Al-Shabaab fighters attacked a base in Mogadishu. Kenyan police said al-Shabab had claimed the raid.",
    )
    ents = {m.entity.id: m.entity for m in g.mentions if m.text.lower() in ("al-shabaab", "al-shabab")}
    assert len(ents) == 1, ents
    (ent,) = ents.values()
    assert ent.country == "SOM"


def test_armed_group_country_is_its_alpha3(analyzer: Analyzer) -> None:
    g = graph(analyzer, "The Rapid Support Forces shelled El Fasher, and Boko Haram raided a village.")
    countries = {m.entity.name: m.entity.country for m in g.mentions}
    assert countries.get("Rapid Support Forces") == "SDN"
    assert countries.get("Boko Haram") == "NGA"


def test_rsf_is_the_sudanese_paramilitary_not_the_press_watchdog(analyzer: Analyzer) -> None:
    got = linked(
        analyzer,
        "Reporters Without Borders condemned the arrest. The RSF denied holding the journalist.",
    )
    assert got["RSF"] != got["Reporters Without Borders"]


def test_who_is_the_health_body_only_in_capitals(analyzer: Analyzer) -> None:
    got = linked(
        analyzer, "The WHO warned of a cholera outbreak in Yemen. Who pays for the vaccines is unclear."
    )
    assert one_entity(got, "WHO") == "Q7817"
    assert "Who" not in got


def test_definite_description_reaches_an_ngo(analyzer: Analyzer) -> None:
    g = graph(
        analyzer,
        "Amnesty International published a report on Monday. The group said prisoners were tortured.",
    )
    refs = {m.entity.name for m in g.mentions if m.text.lower() == "the group"}
    assert refs == {"Amnesty International"}


def test_proper_named_armed_forces_are_a_body_and_lower_case_the_state(analyzer: Analyzer) -> None:
    g = graph(
        analyzer,
        "The Sudanese Armed Forces retook the bridge. Later the Sudanese army said the RSF had withdrawn.",
    )
    ids = {m.text: m.entity.id for m in g.mentions}
    assert ids["Sudanese Armed Forces"] == "gaz:sudanese-armed-forces"
    assert ids["Sudanese army"] == "Q1049"
    assert ids["RSF"] == "gaz:rapid-support-forces"
