"""The CAMEO lexicon: the fixed root table, the packaged YAML's consistency, and load errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.cameo import REL_TYPES, ROOTS, Lexicon, quad_class, rel_type
from graphkit.errors import ConfigError


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load()


def test_root_table_matches_schema() -> None:
    assert list(ROOTS) == [f"{n:02d}" for n in range(1, 21)]
    assert ROOTS["01"] == ("make public statement", "MAKE_STATEMENT")
    assert ROOTS["20"] == ("unconventional mass violence", "MASS_VIOLENCE")
    assert len(set(REL_TYPES)) == 20
    assert tuple(rel for _, rel in ROOTS.values()) == REL_TYPES
    # relationship types are pasted into Cypher by the writer: identifiers only
    assert all(t.isidentifier() and t.isupper() for t in REL_TYPES)


def test_rel_type_and_quad_class() -> None:
    assert rel_type("19") == "FIGHT"
    assert rel_type("11") == "DISAPPROVE"
    with pytest.raises(ValueError, match="unknown CAMEO root"):
        rel_type("21")
    assert [quad_class(r) for r in ("01", "05", "06", "08", "09", "13", "14", "20")] == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]


def test_every_code_is_consistent(lexicon: Lexicon) -> None:
    assert len(lexicon.codes) > 100
    for code, action in lexicon.codes.items():
        assert action.code == code
        assert action.root == code[:2] and action.root in ROOTS
        assert action.rel_type == ROOTS[action.root][1]
        assert action.quad_class == quad_class(action.root)
        assert action.quad_class in (1, 2, 3, 4)
        assert -10.0 <= action.goldstein <= 10.0
        assert action.name


def test_goldstein_follows_the_scale(lexicon: Lexicon) -> None:
    assert lexicon.action("195").goldstein == -10.0
    assert lexicon.action("111").goldstein == -2.0
    assert lexicon.action("057").goldstein == 8.0
    # cooperation scores above conflict everywhere
    coop = [a.goldstein for a in lexicon.codes.values() if a.quad_class == 2]
    material_conflict = [a.goldstein for a in lexicon.codes.values() if a.quad_class == 4]
    assert min(coop) > max(material_conflict)


def test_every_root_has_triggers(lexicon: Lexicon) -> None:
    roots = {lexicon.action(s.code).root for senses in lexicon.verbs.values() for s in senses}
    roots |= {lexicon.action(s.code).root for senses in lexicon.nouns.values() for s in senses}
    assert roots == set(ROOTS)


@pytest.mark.parametrize(
    ("lemma", "root"),
    [
        ("condemn", "11"),
        ("accuse", "11"),
        ("blame", "11"),
        ("threaten", "13"),
        ("demand", "10"),
        ("strike", "19"),
        ("bomb", "19"),
        ("fire", "19"),
        ("kill", "18"),
        ("assassinate", "18"),
        ("protest", "14"),
        ("meet", "04"),
        ("refute", "12"),
        ("deny", "12"),
        ("sanction", "16"),
        ("arrest", "17"),
        ("massacre", "20"),
    ],
)
def test_common_news_verbs(lexicon: Lexicon, lemma: str, root: str) -> None:
    # the plain sense: no particle, complement or subject constraint ("deny involvement" is 016)
    plain = [s for s in lexicon.verb_senses(lemma) if not (s.particle or s.complement or s.subjects)]
    assert lexicon.action(plain[0].code).root == root


def test_say_is_not_a_trigger(lexicon: Lexicon) -> None:
    # a bare "said" never becomes an event; statements need an addressee ("told X")
    assert lexicon.verb_senses("say") == ()
    assert lexicon.action(lexicon.verb_senses("tell")[0].code).rel_type == "MAKE_STATEMENT"


def test_lookups(lexicon: Lexicon) -> None:
    assert lexicon.noun_sense("strike", {"drone"}).code == "195"  # type: ignore[union-attr]
    assert lexicon.noun_sense("strike", set()).code == "190"  # type: ignore[union-attr]
    assert lexicon.noun_sense("missile", set()).light  # type: ignore[union-attr]
    assert lexicon.is_light_verb("carry", {"out"}) and not lexicon.is_light_verb("carry", set())
    speak = lexicon.verb_senses("speak")[0]
    assert speak.particle == "out" and speak.preps == ("against",) and not speak.object
    assert lexicon.action("19").rel_type == "FIGHT"
    with pytest.raises(KeyError, match="not in the lexicon"):
        lexicon.action("999")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cameo.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("codes: [unclosed", "not valid YAML"),
        ("- just a list", "expected a mapping"),
        ('codes: {"190": {name: Fight, goldstein: -11}}', "Goldstein value"),
        ('codes: {"990": {name: Nothing, goldstein: 0}}', "no CAMEO root"),
        (
            'codes: {"190": {name: Fight, goldstein: -10}}\nverbs: {attack: {code: "195"}}',
            "not listed under codes",
        ),
        (
            'codes: {"190": {name: Fight, goldstein: -10}}\nverbs: {attack: {code: 190}}',
            "not listed under codes",
        ),
        ('codes: {"190": {name: Fight, goldstein: -10}}\nmodal_verbs: plan', "list of words"),
    ],
)
def test_bad_lexicon_file(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError, match=message) as info:
        Lexicon.load(path)
    assert str(path) in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        Lexicon.load(tmp_path / "absent.yaml")


def test_minimal_file_loads(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        'codes: {"111": {name: Criticize, goldstein: -2}}\nverbs: {slam: {code: "111"}}\n',
    )
    lex = Lexicon.load(path)
    assert lex.verb_senses("slam")[0].code == "111"
    assert lex.action("111").rel_type == "DISAPPROVE"
