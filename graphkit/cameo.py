"""The CAMEO action lexicon, loaded from data: trigger words -> CAMEO codes -> Action.

graphkit/data/cameo.yaml (or another file of the same shape) -> Lexicon, which answers the
extractor's questions: which senses a verb lemma has (with particle, preposition and complement
constraints), which event noun a noun (or "modifier head" pair) is, which verbs are light verbs,
and the word lists the grammar rules need (speech verbs, modal and intent verbs, proxy heads ...).
Every code carries its root, name, QuadClass, Goldstein value and graph relationship type.

The root table and the relationship types are fixed here, never read from input: write.py builds
one constant Cypher statement per type in REL_TYPES.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graphkit.errors import ConfigError
from graphkit.models import Action

ROOTS: dict[str, tuple[str, str]] = {
    "01": ("make public statement", "MAKE_STATEMENT"),
    "02": ("appeal", "APPEAL"),
    "03": ("express intent to cooperate", "INTEND_TO_COOPERATE"),
    "04": ("consult", "CONSULT"),
    "05": ("engage in diplomatic cooperation", "DIPLOMATIC_COOPERATION"),
    "06": ("engage in material cooperation", "MATERIAL_COOPERATION"),
    "07": ("provide aid", "PROVIDE_AID"),
    "08": ("yield", "YIELD"),
    "09": ("investigate", "INVESTIGATE"),
    "10": ("demand", "DEMAND"),
    "11": ("disapprove", "DISAPPROVE"),
    "12": ("reject", "REJECT"),
    "13": ("threaten", "THREATEN"),
    "14": ("protest", "PROTEST"),
    "15": ("exhibit force posture", "EXHIBIT_FORCE"),
    "16": ("reduce relations", "REDUCE_RELATIONS"),
    "17": ("coerce", "COERCE"),
    "18": ("assault", "ASSAULT"),
    "19": ("fight", "FIGHT"),
    "20": ("unconventional mass violence", "MASS_VIOLENCE"),
}

REL_TYPES: tuple[str, ...] = tuple(rel for _, rel in ROOTS.values())

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "cameo.yaml"


def rel_type(root: str) -> str:
    """Graph relationship type of a two-digit CAMEO root ("19" -> "FIGHT")."""
    try:
        return ROOTS[root][1]
    except KeyError:
        raise ValueError(f"unknown CAMEO root {root!r}; roots are 01..20") from None


def quad_class(root: str) -> int:
    """QuadClass as GDELT assigns it: 1 verbal cooperation (01-05), 2 material cooperation (06-08),
    3 verbal conflict (09-13), 4 material conflict (14-20)."""
    n = int(root)
    if not 1 <= n <= 20:
        raise ValueError(f"unknown CAMEO root {root!r}; roots are 01..20")
    return 1 if n <= 5 else 2 if n <= 8 else 3 if n <= 13 else 4


@dataclass(frozen=True)
class VerbSense:
    lemma: str
    code: str
    particle: str | None = None  # "out" in "speak out against"; may also come as a preposition ("call on")
    object: bool = True  # the direct object is the target
    preps: tuple[str, ...] = ()  # prepositions whose object is the target
    complement: str | None = None  # "responsible" in "hold X responsible"
    symmetric: bool = False  # "X and Y met": coordinated subjects act on each other
    as_owner: bool = False  # "recognized Jerusalem as Israel's capital": the target is Israel
    subjects: tuple[str, ...] = ()  # the subject's head must be one of these ("missiles fell on X")
    # the sense never holds with a subject headed by one of these ("troops arrived in X" is no visit)
    not_subjects: tuple[str, ...] = ()
    target_types: tuple[str, ...] = ()  # a target must be of one of these entity types ("supported Hamas")
    # the sense of "not <verb>": "will not tolerate X" warns X, "does not accept" rejects
    negated: bool = False


@dataclass(frozen=True)
class NounSense:
    lemma: str  # head lemma
    code: str
    modifier: str | None = None  # "drone" in "drone strike"
    preps: tuple[str, ...] = ()
    symmetric: bool = False
    light: bool = False  # an event only as the object of a light verb ("fired missiles at")
    as_owner: bool = False
    unless: tuple[
        str, ...
    ] = ()  # prepositions that rule the sense out: "a call for restraint" is no phone call


@dataclass(frozen=True)
class IntentVerb:
    conflict: str  # code when the intended action is conflictual ("threatened to attack")
    cooperation: str  # code when it is cooperative ("vowed to help")


@dataclass(frozen=True)
class Rebuttal:
    """ "Y denied the charges": a denial of what Y was just accused of rejects the accusers."""

    code: str  # the code of that rejection
    verbs: frozenset[str]  # denying verbs
    charges: frozenset[str]  # what an accused party denies (charges, involvement, such activities)


@dataclass(frozen=True)
class Lexicon:
    codes: Mapping[str, Action]
    verbs: Mapping[str, tuple[VerbSense, ...]]
    nouns: Mapping[str, tuple[NounSense, ...]]  # head lemma -> senses, modifier senses first
    light_verbs: Mapping[str, str | None] = field(default_factory=dict)  # lemma -> required particle
    intent_verbs: Mapping[str, IntentVerb] = field(default_factory=dict)
    modal_verbs: frozenset[str] = frozenset()
    negating_verbs: frozenset[str] = frozenset()
    request_verbs: frozenset[str] = frozenset()
    culprit_words: frozenset[str] = frozenset()
    culprit_verbs: frozenset[str] = frozenset()
    frame_nouns: frozenset[str] = frozenset()
    accusing_verbs: frozenset[str] = frozenset()
    wrongdoing_codes: frozenset[str] = frozenset()
    obligation_modals: frozenset[str] = frozenset()
    involvement_heads: frozenset[str] = frozenset()
    modal_auxiliaries: frozenset[str] = frozenset()
    speech_verbs: frozenset[str] = frozenset()
    naming_verbs: frozenset[str] = frozenset()
    disapproving_words: frozenset[str] = frozenset()
    proxy_heads: frozenset[str] = frozenset()
    role_heads: frozenset[str] = frozenset()
    content_heads: frozenset[str] = frozenset()
    issuing_verbs: frozenset[str] = frozenset()
    content_roots: Mapping[str, frozenset[str]] = field(default_factory=dict)
    host_verbs: frozenset[str] = frozenset()
    agent_verbs: frozenset[str] = frozenset()
    approving_verbs: frozenset[str] = frozenset()
    truce_words: frozenset[str] = frozenset()
    pledge_nouns: frozenset[str] = frozenset()
    local_organs: frozenset[str] = frozenset()
    unnamed_organs: frozenset[str] = frozenset()
    owner_verbs: frozenset[str] = frozenset()
    recipient_verbs: frozenset[str] = frozenset()
    source_verbs: frozenset[str] = frozenset()
    transparent_heads: frozenset[str] = frozenset()
    declared_intent: IntentVerb | None = None
    rebuttal: Rebuttal | None = None
    boilerplate: tuple[str, ...] = ()

    @classmethod
    def load(cls, path: Path | None = None) -> Lexicon:
        """Read and validate a lexicon file (default: the packaged graphkit/data/cameo.yaml)."""
        path = Path(path) if path is not None else DEFAULT_PATH
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read the CAMEO lexicon ({exc})") from exc
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path}: the CAMEO lexicon is not valid YAML ({exc})") from exc
        try:
            return _build(data)
        except ValueError as exc:
            raise ConfigError(
                f"{path}: {exc} (format: see the comment at the top of {DEFAULT_PATH.name})"
            ) from exc

    def action(self, code: str) -> Action:
        """The Action for a full CAMEO code ("195") or a bare root ("19")."""
        if code in self.codes:
            return self.codes[code]
        if code in ROOTS:
            name, rel = ROOTS[code]
            return Action(
                code, code, name.capitalize(), rel, quad_class(code), _ROOT_GOLDSTEIN.get(code, 0.0)
            )
        known = ", ".join(sorted(self.codes)[:8])
        raise KeyError(f"CAMEO code {code!r} is not in the lexicon (codes look like: {known}, ...)")

    def verb_senses(self, lemma: str) -> tuple[VerbSense, ...]:
        return self.verbs.get(lemma.lower(), ())

    def noun_senses(self, lemma: str) -> tuple[NounSense, ...]:
        return self.nouns.get(lemma.lower(), ())

    def noun_sense(self, lemma: str, modifiers: set[str], preps: Set[str] = frozenset()) -> NounSense | None:
        """The sense of an event noun given its compound/amod modifier lemmas and its prepositions;
        "modifier head" pairs ("drone strike") win over the bare head ("strike")."""
        bare = None
        for sense in self.noun_senses(lemma):
            if set(sense.unless) & preps:
                continue
            if sense.modifier is None:
                bare = bare or sense
            elif sense.modifier in modifiers:
                return sense
        return bare

    def is_light_verb(self, lemma: str, particles: set[str]) -> bool:
        lemma = lemma.lower()
        if lemma not in self.light_verbs:
            return False
        need = self.light_verbs[lemma]
        return need is None or need in particles


# Root-level Goldstein values, used only when a bare root is asked for and the file lacks it.
_ROOT_GOLDSTEIN = {
    "01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0, "08": 5.0, "09": -2.0,
    "10": -5.0, "11": -2.0, "12": -4.0, "13": -6.0, "14": -6.5, "15": -7.2, "16": -4.0, "17": -7.0,
    "18": -9.0, "19": -10.0, "20": -10.0,
}  # fmt: skip


# --------------------------------------------------------------------------------------------- loading


def _rebuttal(data: Mapping[str, Any], codes: Mapping[str, Action]) -> Rebuttal | None:
    raw = data.get("rebuttal")
    if raw is None:
        return None
    if not isinstance(raw, dict) or not {"code", "verbs", "charges"} <= raw.keys():
        raise ValueError('"rebuttal" must be {code: code, verbs: [...], charges: [...]}')
    return Rebuttal(
        code=_code(raw["code"], codes, "rebuttal"),
        verbs=_words(raw, "verbs"),
        charges=_words(raw, "charges"),
    )


def _content_roots(data: Mapping[str, Any]) -> dict[str, frozenset[str]]:
    raw = data.get("content_roots") or {}
    if not isinstance(raw, dict) or not all(isinstance(v, list) for v in raw.values()):
        raise ValueError('"content_roots" must map nouns to lists of CAMEO roots')
    return {str(k).lower(): frozenset(str(r) for r in v) for k, v in raw.items() if k != "__line__"}


def _words(data: Mapping[str, Any], key: str) -> frozenset[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f'"{key}" must be a list of words')
    return frozenset(v.strip().lower() for v in value)


def _str_tuple(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: expected a list of words")
    return tuple(v.lower() for v in value)


def _code(value: Any, codes: Mapping[str, Action], where: str) -> str:
    if not isinstance(value, str) or value not in codes:
        raise ValueError(f'{where}: code {value!r} is not listed under codes (quote codes: "190")')
    return value


def _build_codes(raw: Any) -> dict[str, Action]:
    if not isinstance(raw, dict) or not raw:
        raise ValueError('"codes" must map CAMEO codes to {name, goldstein}')
    codes: dict[str, Action] = {}
    for code, spec in raw.items():
        if not isinstance(code, str) or not code.isdigit() or len(code) not in (3, 4):
            raise ValueError(f'codes: {code!r} is not a 3- or 4-digit CAMEO code (quote it: "190")')
        root = code[:2]
        if root not in ROOTS:
            raise ValueError(f"codes: {code!r} has no CAMEO root (roots are 01..20)")
        if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
            raise ValueError(f"codes: {code!r} needs a name")
        goldstein = spec.get("goldstein")
        if (
            isinstance(goldstein, bool)
            or not isinstance(goldstein, (int, float))
            or not -10 <= goldstein <= 10
        ):
            raise ValueError(f"codes: {code!r} needs a Goldstein value in [-10, 10], got {goldstein!r}")
        codes[code] = Action(code, root, spec["name"], ROOTS[root][1], quad_class(root), float(goldstein))
    return codes


def _senses(raw: Any, where: str) -> list[dict[str, Any]]:
    senses = raw if isinstance(raw, list) else [raw]
    if not senses or not all(isinstance(s, dict) for s in senses):
        raise ValueError(f"{where}: expected a sense {{code: ...}} or a list of them")
    return senses


def _build(data: Any) -> Lexicon:
    if not isinstance(data, dict):
        raise ValueError("expected a mapping with codes, verbs, nouns, ...")
    codes = _build_codes(data.get("codes"))

    verbs: dict[str, tuple[VerbSense, ...]] = {}
    raw_verbs = data.get("verbs") or {}
    if not isinstance(raw_verbs, dict):
        raise ValueError('"verbs" must map verb lemmas to senses')
    for lemma, raw in raw_verbs.items():
        where = f"verbs.{lemma}"
        out = []
        for s in _senses(raw, where):
            particle = s.get("particle")
            complement = s.get("complement")
            out.append(
                VerbSense(
                    lemma=str(lemma).lower(),
                    code=_code(s.get("code"), codes, where),
                    particle=str(particle).lower() if particle is not None else None,
                    object=bool(s.get("object", True)),
                    preps=_str_tuple(s.get("preps"), where),
                    complement=str(complement).lower() if complement is not None else None,
                    symmetric=bool(s.get("symmetric", False)),
                    as_owner=bool(s.get("as_owner", False)),
                    subjects=_str_tuple(s.get("subjects"), where),
                    not_subjects=_str_tuple(s.get("not_subjects"), where),
                    target_types=tuple(t.upper() for t in _str_tuple(s.get("target_types"), where)),
                    negated=bool(s.get("negated", False)),
                )
            )
        verbs[str(lemma).lower()] = tuple(out)

    nouns: dict[str, list[NounSense]] = {}
    raw_nouns = data.get("nouns") or {}
    if not isinstance(raw_nouns, dict):
        raise ValueError('"nouns" must map noun lemmas to senses')
    for key, raw in raw_nouns.items():
        where = f"nouns.{key}"
        parts = str(key).lower().split()
        if len(parts) not in (1, 2):
            raise ValueError(f"{where}: a noun entry is a head lemma or a 'modifier head' pair")
        head, modifier = parts[-1], (parts[0] if len(parts) == 2 else None)
        for s in _senses(raw, where):
            sense = NounSense(
                lemma=head,
                code=_code(s.get("code"), codes, where),
                modifier=modifier,
                preps=_str_tuple(s.get("preps"), where),
                symmetric=bool(s.get("symmetric", False)),
                light=bool(s.get("light", False)),
                as_owner=bool(s.get("as_owner", False)),
                unless=_str_tuple(s.get("unless"), where),
            )
            nouns.setdefault(head, []).append(sense)

    light: dict[str, str | None] = {}
    raw_light = data.get("light_verbs") or {}
    if not isinstance(raw_light, dict):
        raise ValueError('"light_verbs" must map verb lemmas to {} or {particle: ...}')
    for lemma, spec in raw_light.items():
        if spec is not None and not isinstance(spec, dict):
            raise ValueError(f"light_verbs.{lemma}: expected {{}} or {{particle: word}}")
        particle = (spec or {}).get("particle")
        light[str(lemma).lower()] = str(particle).lower() if particle is not None else None

    intents: dict[str, IntentVerb] = {}
    raw_intent = data.get("intent_verbs") or {}
    if not isinstance(raw_intent, dict):
        raise ValueError('"intent_verbs" must map verb lemmas to {conflict: code, cooperation: code}')
    for lemma, spec in raw_intent.items():
        where = f"intent_verbs.{lemma}"
        if not isinstance(spec, dict):
            raise ValueError(f"{where}: expected {{conflict: code, cooperation: code}}")
        intents[str(lemma).lower()] = IntentVerb(
            conflict=_code(spec.get("conflict"), codes, where),
            cooperation=_code(spec.get("cooperation"), codes, where),
        )

    declared = None
    raw_declared = data.get("declared_intent")
    if raw_declared is not None:
        if not isinstance(raw_declared, dict):
            raise ValueError('"declared_intent" must be {conflict: code, cooperation: code}')
        declared = IntentVerb(
            conflict=_code(raw_declared.get("conflict"), codes, "declared_intent"),
            cooperation=_code(raw_declared.get("cooperation"), codes, "declared_intent"),
        )

    boiler = data.get("boilerplate", [])
    if not isinstance(boiler, list) or not all(isinstance(b, str) for b in boiler):
        raise ValueError('"boilerplate" must be a list of sentence openings')

    return Lexicon(
        codes=codes,
        verbs=verbs,
        # "modifier head" senses first, so the more specific one is found first
        nouns={k: tuple(sorted(v, key=lambda s: s.modifier is None)) for k, v in nouns.items()},
        light_verbs=light,
        intent_verbs=intents,
        modal_verbs=_words(data, "modal_verbs"),
        negating_verbs=_words(data, "negating_verbs"),
        request_verbs=_words(data, "request_verbs"),
        culprit_words=_words(data, "culprit_words"),
        culprit_verbs=_words(data, "culprit_verbs"),
        frame_nouns=_words(data, "frame_nouns"),
        accusing_verbs=_words(data, "accusing_verbs"),
        wrongdoing_codes=_words(data, "wrongdoing_codes"),
        obligation_modals=_words(data, "obligation_modals"),
        involvement_heads=_words(data, "involvement_heads"),
        modal_auxiliaries=_words(data, "modal_auxiliaries"),
        speech_verbs=_words(data, "speech_verbs"),
        naming_verbs=_words(data, "naming_verbs"),
        disapproving_words=_words(data, "disapproving_words"),
        proxy_heads=_words(data, "proxy_heads"),
        role_heads=_words(data, "role_heads"),
        content_heads=_words(data, "content_heads"),
        issuing_verbs=_words(data, "issuing_verbs"),
        content_roots=_content_roots(data),
        host_verbs=_words(data, "host_verbs"),
        agent_verbs=_words(data, "agent_verbs"),
        approving_verbs=_words(data, "approving_verbs"),
        truce_words=_words(data, "truce_words"),
        pledge_nouns=_words(data, "pledge_nouns"),
        local_organs=_words(data, "local_organs"),
        unnamed_organs=_words(data, "unnamed_organs"),
        owner_verbs=_words(data, "owner_verbs"),
        recipient_verbs=_words(data, "recipient_verbs"),
        source_verbs=_words(data, "source_verbs"),
        transparent_heads=_words(data, "transparent_heads"),
        declared_intent=declared,
        rebuttal=_rebuttal(data, codes),
        boilerplate=tuple(b.strip().lower() for b in boiler if b.strip()),
    )
