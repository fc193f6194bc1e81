"""Acts done by saying them, and verbs whose sense turns on a "not" (real model, linker, lexicon).

Sentences written for these tests; none comes from the gold sets."""

from __future__ import annotations

from graphkit.pipeline import Analyzer
from tests.test_arguments import events, graph


def test_an_office_holder_saying_what_their_state_condemns_is_the_actor(analyzer: Analyzer) -> None:
    got = events(
        analyzer, "Israeli Prime Minister Benjamin Netanyahu said Israel condemns the attacks by Hamas."
    )
    assert ("Benjamin Netanyahu", "Hamas", "11") in got
    assert ("Israel", "Hamas", "11") not in got


def test_praise_in_a_quote_is_the_speakers(analyzer: Analyzer) -> None:
    text = '"The United States greatly appreciates Vietnam\'s help," Secretary of State Hillary Clinton said.'
    assert ("Hillary Clinton", "Vietnam", "05") in events(analyzer, text)


def test_material_acts_stay_the_states(analyzer: Analyzer) -> None:
    got = events(
        analyzer, "Israeli Prime Minister Benjamin Netanyahu said Israel struck Hamas targets overnight."
    )
    assert ("Israel", "Hamas", "19") in got
    assert not {e for e in got if e[0] == "Benjamin Netanyahu"}


def test_a_speaker_of_another_state_does_not_take_over(analyzer: Analyzer) -> None:
    got = events(analyzer, "German Chancellor Olaf Scholz said Russia condemns the sanctions against Iran.")
    assert not {e for e in got if e[0] == "Olaf Scholz" and e[2] == "11"}


def test_a_speaker_who_names_themselves_among_the_subjects_keeps_them(analyzer: Analyzer) -> None:
    text = '"The Iranian government, the nation and I strongly condemn the strikes by Israel," Khamenei said.'
    assert ("Iran", "Israel", "11") in events(analyzer, text)


def test_will_not_tolerate_is_a_warning(analyzer: Analyzer) -> None:
    g = graph(analyzer, "Egypt will not tolerate attacks by Hamas on its border posts.")
    warnings = [
        e for e in g.events if (e.actor.name, e.target.name, e.action.root) == ("Egypt", "Hamas", "13")
    ]
    assert warnings and not any(e.negated for e in warnings)
    assert not {e for e in events(analyzer, "Egypt will tolerate the protests by Hamas.") if e[2] == "13"}


def test_not_accepting_is_rejecting(analyzer: Analyzer) -> None:
    assert ("Iran", "France", "12") in events(analyzer, "Iran does not accept the proposal from France.")


def test_visits_told_as_tours_and_trips(analyzer: Analyzer) -> None:
    assert ("Emmanuel Macron", "Senegal", "04") in events(
        analyzer, "Macron began a three-day tour of Senegal."
    )
    assert ("Barack Obama", "Cuba", "04") in events(analyzer, "Obama's trip to Cuba ended on Tuesday.")


def test_appreciation_is_praise_and_dropping_claims_yields(analyzer: Analyzer) -> None:
    assert ("Japan", "India", "05") in events(analyzer, "Japan appreciates India's support for the plan.")
    got = events(analyzer, "Ethiopia agreed to drop its territorial claims against Eritrea.")
    assert ("Ethiopia", "Eritrea", "08") in got
