"""Entity linking: spaCy Doc + Gazetteer -> canonical Mentions.

``link_mentions(doc, gazetteer, published)`` returns one ``Mention`` per referring span of ``doc`` (sorted,
non-overlapping; character offsets index ``doc.text``), each carrying its canonical ``Entity`` and the rule
that linked it. The function is pure: the same Doc, gazetteer and date give the same mentions.

Entity ids: the Wikidata Q-id where the gazetteer knows it, else a gazetteer id ("gaz:<slug>", "iso:<code>"),
else "<TYPE>:<fold(name)>" so that equal names merge across articles (the writer MERGEs on id). Roles that
cannot be resolved to a person stay "ROLE:<role id>" with type ROLE.

Rules (``Mention.rule``):
- ``gazetteer``: an alias matched by the entity ruler (patterns carry the id) or by folded lookup of an NER span.
- ``ner``: a name outside the gazetteer, keyed by type and folded name.
- ``country-actor``: a country reference heading an actor phrase ("Iranian forces", "Iran's government",
  "U.S. troops", "Iranian state television", "Israeli warplanes") is the state acting; so is a demonym
  before what a state does ("the Iranian action", "Israeli strikes"; the mention is the demonym alone).
- ``institution``: "<country> <body>" ("Iran Foreign Ministry", "Iraq's parliament", "U.S. embassy"); the
  gazetteer entity for that body and country if there is one, else a generated name. An embassy takes its city
  from the article ("embassy in Baghdad"); without one it links to the generic embassy of the country.
- ``role+name``, ``role-date``, ``role-doc``, ``role-default``, ``role``: offices, see data/gazetteer/roles.yaml.
- ``metonym``: a capital or seat (Washington, Tehran, the Kremlin, the White House) links to its state in an
  article where it is used as an actor (subject, possessor of a non-place, object of with/on/against...) more
  often than as a location ("in Baghdad"); otherwise it stays the city. One sense per article.
- ``short-form``: a surname or shorter form links to the full name in the same article (nearest before it,
  else the first after it), then to a gazetteer person whose short form it is.
- ``acronym``: an acronym introduced in parentheses ("Popular Mobilization Forces (PMF)").
- ``description``: "the militia", "the country", "the embassy" -> the one compatible entity named in the
  nearest preceding sentences (same sentence first); left out when two or more qualify.
- ``demonym``: a bare demonym ("Iranian", "Iranians") -> the NORP people entity, not the state.
- ``pronoun``: he/she/it/they and possessives -> the antecedent when one reading stands out: up the parse,
  the subject of a clause above the pronoun (unless its object competes) or the only compatible name in a
  phrase above it, else the main subject of the previous sentences; type and number must agree ("they"
  wants a plural: "U.S. officials", "Houthis", not "Iran"), an object pronoun is never its own clause's
  subject, a nearer plain noun ("the vessel ... its deck") or two candidates leave it alone, a dummy "it"
  ("it remains unclear") and pronouns inside quotations (outside antecedents) are never linked. Pronoun
  mentions carry rule "pronoun" (so that consumers can leave them out of an entity's aliases).
"""

from __future__ import annotations

import csv
import dataclasses
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc

from graphkit.errors import ConfigError
from graphkit.fold import fold
from graphkit.models import Entity, Mention

DATA_DIR = Path(__file__).parent / "data" / "gazetteer"
ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"})
_NOT_ENTITY_FILES = {"lexicon.yaml", "transliteration.yaml", "roles.yaml"}
_QID = re.compile(r"^Q[1-9][0-9]*$")
_POSSESSIVE = {"'s", "’s", "'", "’"}
_SPLIT_PUNCT = {"/", "[", "]", "(", ")", "|", "»", "«", '"', "“", "”", ";", "\n", ":", "—", "–"}
_ACRONYM_STOP = {"of", "the", "and", "in", "for", "on", "al", "el", "-"}


# --------------------------------------------------------------------------------------------------
# Gazetteer data


@dataclass(frozen=True)
class Candidate:
    """One reading of a name: the entity, the rule that gives it, and how sure that rule is (0..1)."""

    entity: Entity
    rule: str
    score: float


@dataclass(frozen=True)
class Record:
    """A gazetteer entity with what the linker needs to know about it."""

    entity: Entity
    aliases: tuple[str, ...] = ()
    short: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    kind: str | None = None
    country: str | None = None
    metonym_of: str | None = None
    institution: str | None = None
    the: bool = False

    @property
    def display(self) -> str:
        """The name as it reads in running text ("the United States")."""
        return f"the {self.entity.name}" if self.the else self.entity.name


@dataclass(frozen=True)
class Role:
    """An office: who held it when. ``anchor`` is the country (or organisation) it belongs to."""

    id: str
    name: str
    anchor: str
    aliases: tuple[str, ...]
    bare: tuple[str, ...]
    default: str | None
    holders: tuple[tuple[str, str, str], ...]  # (entity id, start, end); end "" while in office
    anchor_is_org: bool = False

    @property
    def entity(self) -> Entity:
        return Entity(id=f"ROLE:{self.id}", name=self.name, type="ROLE")

    def holder_on(self, date: str) -> str | None:
        for holder, start, end in self.holders:
            if start <= date and (not end or date < end):
                return holder
        return None

    @property
    def holder_ids(self) -> frozenset[str]:
        return frozenset(h for h, _, _ in self.holders)


@dataclass(frozen=True)
class Institution:
    id: str
    aliases: tuple[str, ...]
    type: str
    kind: str
    name: str
    fallback: str | None


class _Phrases:
    """Case-insensitive whole-token phrase table (longest match first). Stray "." tokens are skipped, so
    "Lt. Gen." matches both "Lt. Gen." and "Lt . Gen."."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], Any]]] = defaultdict(list)

    @staticmethod
    def words(phrase: str) -> tuple[str, ...]:
        return tuple(w.lower() for w in re.findall(r"[\w']+|[^\w\s.]", phrase))

    def add(self, phrase: str, value: Any) -> None:
        words = self.words(phrase)
        if words:
            entries = self._by_first[words[0]]
            entries.append((words, value))
            entries.sort(key=lambda e: -len(e[0]))

    def match(self, norm: Sequence[str], i: int, limit: int | None = None) -> tuple[int, Any] | None:
        """Longest phrase starting at token i: (end token, value)."""
        if i >= len(norm):
            return None
        end_limit = len(norm) if limit is None else min(limit, len(norm))
        for words, value in self._by_first.get(norm[i], ()):
            j, k = i, 0
            while j < end_limit and k < len(words):
                if norm[j] == "" and k > 0:
                    j += 1
                    continue
                if norm[j] != words[k]:
                    break
                j, k = j + 1, k + 1
            if k == len(words):
                return j, value
        return None

    def match_ending(self, norm: Sequence[str], end: int, max_len: int = 6) -> tuple[int, Any] | None:
        """Longest phrase that ends exactly at token ``end``: (start token, value)."""
        best: tuple[int, Any] | None = None
        for start in range(max(0, end - max_len), end):
            hit = self.match(norm, start, limit=end)
            if hit and hit[0] == end and (best is None or start < best[0]):
                best = (start, hit[1])
        return best

    def __contains__(self, word: str) -> bool:
        return word in self._by_first


@dataclass
class Lexicon:
    titles: _Phrases = field(default_factory=_Phrases)
    actor_nouns: _Phrases = field(default_factory=_Phrases)
    actor_modifiers: frozenset[str] = frozenset()
    institutions: _Phrases = field(default_factory=_Phrases)
    descriptions: dict[str, tuple[frozenset[str], frozenset[str], bool]] = field(default_factory=dict)
    determiners: frozenset[str] = frozenset()
    locative_preps: frozenset[str] = frozenset()
    actor_preps: frozenset[str] = frozenset()
    location_nouns: frozenset[str] = frozenset()
    place_verbs: frozenset[str] = frozenset()
    relation_nouns: frozenset[str] = frozenset()
    facility_nouns: _Phrases = field(default_factory=_Phrases)
    not_names: frozenset[str] = frozenset()
    pronouns: dict[str, str] = field(default_factory=dict)  # pronoun -> kind (person, thing, group)
    pronoun_types: dict[str, frozenset[str]] = field(default_factory=dict)  # kind -> entity types
    expletive_heads: frozenset[str] = frozenset()
    group_heads: frozenset[str] = frozenset()
    state_acts: frozenset[str] = frozenset()
    hostile_verbs: frozenset[str] = frozenset()


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML loader that records the line of each mapping (for error messages that name the line)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{path}{line}: not valid YAML ({getattr(exc, 'problem', exc)})") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read ({exc})") from exc


def slug(name: str) -> str:
    """The gazetteer id stem of a name: "Robert O'Brien" -> "robert-obrien"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’]", "", text)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _strings(value: Any, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return tuple(str(v) for v in value)


def _title_variant(alias: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in alias.split(" "))


def _alias_variants(alias: str) -> set[str]:
    """Case and apostrophe variants matched by the case-sensitive ruler ("Kata’ib", "KATAIB HEZBOLLAH")."""
    forms = {alias, alias[:1].upper() + alias[1:], _title_variant(alias)}
    if len(alias) > 3:
        forms.add(alias.upper())
    if re.fullmatch(r"(?:[A-Z]\.){2,}", alias):
        forms.add(alias[:-1])  # "U.S" before a comma
    out: set[str] = set()
    for form in forms:
        out.add(form)
        if "'" in form or "’" in form:
            out.add(form.replace("'", "’"))
            out.add(form.replace("’", "'"))
    return out


class Gazetteer:
    """Known entities, roles and the lexicon around them, loaded from YAML (plus user alias files)."""

    def __init__(self, records: Sequence[Record], roles: Sequence[Role], lexicon: Lexicon,
                 institutions: Sequence[Institution]) -> None:  # fmt: skip
        self.records: dict[str, Record] = {}
        self.alias_index: dict[str, list[str]] = defaultdict(list)
        self.short_index: dict[str, list[str]] = defaultdict(list)
        self.code_index: dict[str, str] = {}
        self.demonym_index: dict[str, str] = {}
        self.people_index: dict[str, str] = {}
        self.institution_index: dict[tuple[str, str], str] = {}
        for record in records:
            self._add(record)
        self.roles = {r.id: r for r in roles}
        self.role_phrases: dict[str, _Phrases] = defaultdict(_Phrases)  # anchor id -> role words
        self.bare_roles = _Phrases()
        for role in roles:
            for alias in role.aliases:
                self.role_phrases[role.anchor].add(alias, role)
            for alias in role.bare:
                self.bare_roles.add(alias, role)
        self.lexicon = lexicon
        self.institutions = {i.id: i for i in institutions}

    def _add(self, record: Record) -> None:
        eid = record.entity.id
        self.records[eid] = record
        for alias in {record.entity.name, *record.aliases}:
            ids = self.alias_index[fold(alias)]
            if eid not in ids:
                ids.append(eid)
        for short in record.short:
            ids = self.short_index[fold(short)]
            if eid not in ids:
                ids.append(eid)
        for code in record.codes:
            self.code_index.setdefault(code, eid)
        for dem in record.demonyms:
            self.demonym_index.setdefault(fold(dem), eid)
        for people in record.people:
            self.people_index.setdefault(fold(people), eid)
        if record.institution and record.country:
            self.institution_index[(record.institution, record.country)] = eid

    # -- loading -----------------------------------------------------------------------------------

    @classmethod
    def load(cls, extra: Sequence[Path] = ()) -> Gazetteer:
        """The shipped gazetteer plus user alias files (YAML like the shipped files, or CSV rows
        ``name,alias[,type][,wikidata]``). A bad file raises ConfigError naming the file and line."""
        return _load_cached(tuple(Path(p) for p in extra))

    # -- queries -----------------------------------------------------------------------------------

    def ruler_patterns(self) -> list[dict[str, str]]:
        """EntityRuler phrase patterns (matched on ORTH: case-sensitive, so "US" never matches "us")."""
        patterns: list[dict[str, str]] = []
        seen: set[str] = set()
        for record in self.records.values():
            for alias in (record.entity.name, *record.aliases):
                if record.entity.type == "GPE" and record.kind == "country" and "," in alias:
                    continue
                for form in sorted(_alias_variants(alias)):
                    if form in seen:
                        continue  # the first entity to claim an alias keeps it (file order = priority)
                    seen.add(form)
                    patterns.append({"label": record.entity.type, "pattern": form, "id": record.entity.id})
        return patterns

    def get(self, entity_id: str) -> Record | None:
        return self.records.get(entity_id)

    def entity(self, entity_id: str) -> Entity | None:
        record = self.records.get(entity_id)
        return record.entity if record else None

    def country_of(self, entity_id: str) -> Entity | None:
        """The state an entity belongs to or stands for (capital, demonym people, role, institution)."""
        if entity_id.startswith("ROLE:"):
            role = self.roles.get(entity_id[5:])
            return self.entity(role.anchor) if role and not role.anchor_is_org else None
        if entity_id.startswith("NORP:"):
            cid = self.people_index.get(entity_id[5:]) or self.demonym_index.get(entity_id[5:])
            return self.entity(cid) if cid else None
        record = self.records.get(entity_id)
        if record is None:
            return None
        if record.kind == "country":
            return record.entity
        target = record.metonym_of or record.country
        return self.entity(target) if target else None

    def alpha3(self, country_id: str | None) -> str | None:
        """ISO 3166 alpha-3 code of a country record ("Q794" -> "IRN")."""
        record = self.records.get(country_id) if country_id else None
        if record is None or record.kind != "country":
            return None
        return next((c for c in record.codes if len(c) == 3 and c.isalpha() and c.isupper()), None)

    def country_code(self, entity_id: str) -> str | None:
        """ISO alpha-3 code of the state an entity is or belongs to, when the gazetteer knows it."""
        state = self.country_of(entity_id)
        return self.alpha3(state.id) if state is not None else None

    def people_entity(self, country_id: str) -> Entity:
        """The NORP entity for a country's people ("Iranians")."""
        record = self.records[country_id]
        name = (
            record.people[0]
            if record.people
            else (record.demonyms[0] if record.demonyms else record.entity.name)
        )
        return Entity(id=f"NORP:{fold(name)}", name=name, type="NORP")

    def institution_entity(self, inst: Institution, country_id: str, city: str | None = None) -> Entity:
        known = self.institution_index.get((inst.id, country_id))
        if known and inst.id != "embassy":
            return self.records[known].entity
        country = self.records[country_id]
        demonym = country.demonyms[0] if country.demonyms else None
        template = inst.name
        if ("{demonym}" in template and not demonym) or ("{city}" in template and not city):
            template = inst.fallback or inst.name
        name = template.format(country=country.display, demonym=demonym or "", city=city or "").strip()
        return Entity(id=f"{inst.type}:{fold(name)}", name=name, type=inst.type)

    def resolve_role(self, role: Role, date: str | None, named: Iterable[str] = ()) -> Candidate:
        """Holder on the date, else the one holder among ``named`` ids, else the default, else the role."""
        if date:
            holder = role.holder_on(date)
            if holder and holder in self.records:
                return Candidate(self.records[holder].entity, "role-date", 0.9)
            return Candidate(role.entity, "role", 0.5)
        present = role.holder_ids & set(named)
        if len(present) == 1:
            (holder,) = present
            return Candidate(self.records[holder].entity, "role-doc", 0.8)
        if role.default and role.default in self.records:
            return Candidate(self.records[role.default].entity, "role-default", 0.7)
        return Candidate(role.entity, "role", 0.5)

    def lookup(self, text: str, date: str | None = None) -> list[Candidate]:
        """Every gazetteer reading of a name, best first: alias, code, short form, demonym, role, metonym."""
        date = normalize_date(date)
        out: list[Candidate] = []
        words = text.split()
        stripped = text
        title = self.lexicon.titles.match([_norm_word(w) for w in words], 0)
        if title and title[0] < len(words):
            stripped = " ".join(words[title[0] :])
        key = fold(stripped)
        for eid in self.alias_index.get(key, ()):
            out.append(Candidate(self.records[eid].entity, "gazetteer", 1.0))
        if text.strip() in self.code_index:
            out.append(Candidate(self.records[self.code_index[text.strip()]].entity, "code", 0.9))
        for eid in self.short_index.get(key, ()):
            out.append(Candidate(self.records[eid].entity, "short-form", 0.6))
        country = self.people_index.get(key) or self.demonym_index.get(key)
        if country:
            # alone a demonym names the people; heading "forces", "officials", ... it is the state acting
            out.append(Candidate(self.people_entity(country), "demonym", 0.6))
            out.append(Candidate(self.records[country].entity, "demonym-actor", 0.4))
        out.extend(self._lookup_role(text, date))
        for cand in list(out):
            record = self.records.get(cand.entity.id)
            if record and record.metonym_of and record.metonym_of in self.records:
                out.append(Candidate(self.records[record.metonym_of].entity, "metonym", 0.5))
        seen: set[tuple[str, str]] = set()
        unique = []
        for cand in sorted(out, key=lambda c: -c.score):
            if (cand.entity.id, cand.rule) not in seen:
                seen.add((cand.entity.id, cand.rule))
                unique.append(cand)
        return unique

    def _lookup_role(self, text: str, date: str | None) -> list[Candidate]:
        norm = [_norm_word(w) for w in re.findall(r"[\w'’.]+|[^\w\s]", text)]
        while norm and norm[0] in ("the", "a", ""):
            norm = norm[1:]
        out = []
        bare = self.bare_roles.match(norm, 0)
        if bare and bare[0] == len(norm):
            out.append(self.resolve_role(bare[1], date))
        # "<country>('s) <role>" and "<role> of <country>"
        for split in range(1, len(norm)):
            anchor = " ".join(w for w in norm[:split] if w not in _POSSESSIVE)
            rest = norm[split:]
            if rest and rest[0] in _POSSESSIVE:
                rest = rest[1:]
            anchor_id = self._country_ref_id(anchor)
            if anchor_id and rest:
                hit = self.role_phrases[anchor_id].match(rest, 0)
                if hit and hit[0] == len(rest):
                    out.append(self.resolve_role(hit[1], date))
            if norm[split] == "of" and split + 1 < len(norm):
                anchor_id = self._country_ref_id(" ".join(norm[split + 1 :]))
                if anchor_id:
                    hit = self.role_phrases[anchor_id].match(norm[:split], 0)
                    if hit and hit[0] == split:
                        out.append(self.resolve_role(hit[1], date))
        return out

    def _country_ref_id(self, text: str) -> str | None:
        key = fold(text)
        for eid in self.alias_index.get(key, ()):
            record = self.records[eid]
            if record.kind == "country" or record.metonym_of:
                return record.metonym_of or eid
            if any(r.anchor == eid for r in self.roles.values()):
                return eid
        return self.demonym_index.get(key)


def _norm_word(word: str) -> str:
    word = word.lower().replace("’", "'")
    return "" if word == "." else word.rstrip(".") if len(word) > 1 else word


def normalize_date(date: str | None) -> str | None:
    """YYYY-MM-DD from an ISO date or timestamp; a bare year or month is taken at its middle."""
    if not date:
        return None
    date = str(date).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", date):
        return date[:10]
    if re.fullmatch(r"\d{4}-\d{2}", date):
        return date + "-15"
    if re.fullmatch(r"\d{4}", date):
        return date + "-07-01"
    return None


# --------------------------------------------------------------------------------------------------
# Loading


class _Builder:
    """Collects entity dicts from the shipped files and user files, then freezes them to Records."""

    def __init__(self) -> None:
        self.items: dict[str, dict[str, Any]] = {}
        self.by_key: dict[str, str] = {}

    def find(self, name: str, wikidata: str | None = None, eid: str | None = None) -> str | None:
        for candidate in (eid, wikidata):
            if candidate and candidate in self.items:
                return candidate
        return self.by_key.get(fold(name))

    def add(self, raw: dict[str, Any], where: str, merge: bool) -> None:
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{where}: entity without a 'name'")
        wikidata = raw.get("wikidata")
        if wikidata is not None and not (isinstance(wikidata, str) and _QID.match(wikidata)):
            raise ConfigError(f"{where}: wikidata must look like Q123, got {wikidata!r}")
        aliases = _strings(raw.get("aliases"), where, "aliases")
        existing = self.find(name, wikidata, raw.get("id")) if merge else None
        if existing is not None:
            item = self.items[existing]
            item["aliases"] = tuple(dict.fromkeys((*item["aliases"], *aliases)))
            item["short"] = tuple(
                dict.fromkeys((*item["short"], *_strings(raw.get("short"), where, "short")))
            )
            self._index(existing, (name, *aliases))
            return
        etype = raw.get("type")
        if etype not in ENTITY_TYPES:
            raise ConfigError(
                f"{where}: type must be one of {', '.join(sorted(ENTITY_TYPES))}, got {etype!r}"
            )
        eid = str(raw.get("id") or wikidata or f"gaz:{slug(name)}")
        if eid in self.items:
            raise ConfigError(f"{where}: duplicate entity id {eid!r} ({name})")
        self.items[eid] = {
            "entity": Entity(id=eid, name=name, type=etype, wikidata=wikidata),
            "aliases": aliases,
            "short": _strings(raw.get("short"), where, "short"),
            "codes": _strings(raw.get("codes"), where, "codes"),
            "demonyms": _strings(raw.get("demonyms"), where, "demonyms"),
            "people": _strings(raw.get("people"), where, "people"),
            "kind": raw.get("kind"),
            "country": raw.get("country"),
            "metonym_of": raw.get("metonym_of"),
            "institution": raw.get("institution"),
            "the": bool(raw.get("the", False)),
        }
        self._index(eid, (name, *aliases))

    def _index(self, eid: str, names: Iterable[str]) -> None:
        for n in names:
            self.by_key.setdefault(fold(n), eid)

    def records(self) -> list[Record]:
        return [Record(**item) for item in self.items.values()]


def _entity_list(data: Any, path: Path) -> list[dict[str, Any]]:
    if data is None:
        return []
    items = data.get("entities") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ConfigError(f"{path}: expected a list of entities (or a mapping with 'entities:')")
    for item in items:
        if not isinstance(item, dict):
            raise ConfigError(f"{path}: each entity must be a mapping with name, type, aliases; got {item!r}")
    return items


def _load_roles(path: Path, records: dict[str, Record]) -> list[Role]:
    data = _read_yaml(path) or {}
    roles = []
    for raw in data.get("roles", []):
        where = f"{path}:{raw.get('__line__', '?')}"
        anchor = raw.get("country") or raw.get("org")
        if anchor not in records:
            raise ConfigError(f"{where}: role {raw.get('id')!r} names unknown country/org {anchor!r}")
        holders = []
        for row in raw.get("holders", []):
            if not (isinstance(row, list) and len(row) == 3):
                raise ConfigError(f"{where}: holders rows are [entity id, start, end]")
            holder, start, end = (str(v) if v is not None else "" for v in row)
            if holder not in records:
                raise ConfigError(
                    f"{where}: holder {holder!r} of role {raw.get('id')!r} is not in the gazetteer"
                )
            holders.append((holder, start, end))
        default = raw.get("default")
        if default is not None and default not in records:
            raise ConfigError(f"{where}: default holder {default!r} is not in the gazetteer")
        roles.append(
            Role(
                id=str(raw["id"]),
                name=str(raw["name"]),
                anchor=anchor,
                aliases=_strings(raw.get("aliases"), where, "aliases"),
                bare=_strings(raw.get("bare"), where, "bare"),
                default=default,
                holders=tuple(holders),
                anchor_is_org=bool(raw.get("org")),
            )
        )
    return roles


def _load_lexicon(path: Path) -> tuple[Lexicon, list[Institution]]:
    data = _read_yaml(path) or {}
    lex = Lexicon()
    for title in data.get("titles", []):
        lex.titles.add(title, title)
    for noun in data.get("actor_nouns", []):
        lex.actor_nouns.add(noun, noun)
    lex.actor_modifiers = frozenset(data.get("actor_modifiers", []))
    institutions = []
    for raw in data.get("institutions", []):
        inst = Institution(
            id=raw["id"],
            aliases=tuple(raw["aliases"]),
            type=raw["type"],
            kind=raw.get("kind", raw["id"]),
            name=raw["name"],
            fallback=raw.get("fallback"),
        )
        institutions.append(inst)
        for alias in inst.aliases:
            lex.institutions.add(alias, inst)
    for noun, spec in (data.get("descriptions") or {}).items():
        if noun == "__line__":
            continue
        lex.descriptions[noun] = (
            frozenset(spec.get("kinds", [])),
            frozenset(spec.get("types", [])),
            bool(spec.get("after_locative", True)),
        )
    lex.determiners = frozenset(data.get("description_determiners", []))
    lex.locative_preps = frozenset(data.get("locative_prepositions", []))
    lex.actor_preps = frozenset(data.get("actor_prepositions", []))
    lex.location_nouns = frozenset(data.get("location_nouns", []))
    lex.place_verbs = frozenset(data.get("place_verbs", []))
    lex.relation_nouns = frozenset(data.get("relation_nouns", []))
    for noun in data.get("facility_nouns", []):
        lex.facility_nouns.add(noun, noun)
    lex.not_names = frozenset(data.get("not_names", []))
    for kind, spec in (data.get("pronouns") or {}).items():
        if kind == "__line__":
            continue
        for word in spec.get("words", []):
            lex.pronouns[word] = kind
        lex.pronoun_types[kind] = frozenset(spec.get("types", []))
    lex.expletive_heads = frozenset(data.get("expletive_heads", []))
    lex.state_acts = frozenset(data.get("state_acts", []))
    lex.hostile_verbs = frozenset(data.get("hostile_verbs", []))
    lex.group_heads = frozenset(data.get("group_heads", [])) | frozenset(
        w for phrase in data.get("actor_nouns", []) for w in phrase.split()[-1:]
    )
    return lex, institutions


def _load_csv(path: Path, builder: _Builder) -> None:
    expected = "expected columns name,alias[,type][,wikidata]"
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read ({exc})") from exc
    for number, row in enumerate(csv.reader(lines), start=1):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in row]
        if number == 1 and [c.lower() for c in cells[:2]] == ["name", "alias"]:
            continue
        where = f"{path}:{number}"
        if not 2 <= len(cells) <= 4 or not cells[0] or not cells[1]:
            raise ConfigError(f"{where}: {expected}, got {row!r}")
        raw: dict[str, Any] = {"name": cells[0], "aliases": [cells[1]]}
        if len(cells) > 2 and cells[2]:
            raw["type"] = cells[2].upper()
        if len(cells) > 3 and cells[3]:
            raw["wikidata"] = cells[3]
        if builder.find(cells[0], raw.get("wikidata")) is None and "type" not in raw:
            raise ConfigError(
                f"{where}: {cells[0]!r} is not in the gazetteer, so the row needs a type ({expected})"
            )
        builder.add(raw, where, merge=True)


@lru_cache(maxsize=8)
def _load_cached(extra: tuple[Path, ...]) -> Gazetteer:
    builder = _Builder()
    for path in sorted(DATA_DIR.glob("*.yaml")):
        if path.name in _NOT_ENTITY_FILES:
            continue
        for raw in _entity_list(_read_yaml(path), path):
            builder.add(raw, f"{path}:{raw.get('__line__', '?')}", merge=False)
    for path in extra:
        if not path.is_file():
            raise ConfigError(f"{path}: aliases file not found")
        if path.suffix.lower() == ".csv":
            _load_csv(path, builder)
        elif path.suffix.lower() in (".yaml", ".yml"):
            for raw in _entity_list(_read_yaml(path), path):
                builder.add(raw, f"{path}:{raw.get('__line__', '?')}", merge=True)
        else:
            raise ConfigError(f"{path}: aliases files must be .yaml, .yml or .csv")
    records = builder.records()
    by_id = {r.entity.id: r for r in records}
    roles = _load_roles(DATA_DIR / "roles.yaml", by_id)
    lexicon, institutions = _load_lexicon(DATA_DIR / "lexicon.yaml")
    return Gazetteer(records, roles, lexicon, institutions)


# --------------------------------------------------------------------------------------------------
# Linking


@dataclass
class _M:
    """A mention being built. ``ref`` points at another _M whose entity this one shares (coreference)."""

    start: int
    end: int
    label: str
    rule: str
    entity: Entity | None = None
    record: Record | None = None
    ref: _M | None = None
    key: str = ""  # folded name (without titles) for names outside the gazetteer
    name_start: int = -1  # first token of the name proper (after titles)
    country: str | None = None  # for country references: the state's id
    demonym: bool = False
    role: Role | None = None
    role_name: _M | None = None
    actor_votes: int = 0
    dead: bool = False

    def final(self) -> _M:
        m, seen = self, 0
        while m.ref is not None and seen < 20:
            m, seen = m.ref, seen + 1
        return m

    @property
    def type(self) -> str:
        m = self.final()
        return m.entity.type if m.entity else m.label


def _identity(m: _M) -> str:
    """The entity id a mention has so far, or a placeholder unique to its antecedent chain."""
    f = m.final()
    return f.entity.id if f.entity is not None else f"*{id(f)}"


class _Linker:
    def __init__(self, doc: Doc, gaz: Gazetteer, date: str | None) -> None:
        self.doc = doc
        self.gaz = gaz
        self.lex = gaz.lexicon
        self.date = date
        self.text = doc.text  # Doc.text joins every token: build it once
        # One pass over the tokens: creating spaCy Token objects is what costs, so the loops below read
        # these lists instead.
        rows = [(t.text, t.pos_, t.tag_) for t in doc]
        self.words = [r[0] for r in rows]
        self.pos = [r[1] for r in rows]
        self.tag = [r[2] for r in rows]
        self.upper = [w[:1].isupper() for w in self.words]
        self.norm = [_norm_word(w) for w in self.words]
        self.ms: list[_M] = []
        self.owner: list[_M | None] = [None] * len(doc)
        self._by_sent: dict[int, list[_M]] = {}
        self.sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        self.sent_of: list[int] = [0] * len(doc)
        self.sent_start: list[bool] = [False] * len(doc)
        for si, sent in enumerate(self.sents):
            self.sent_of[sent.start : sent.end] = [si] * (sent.end - sent.start)
            if sent.end > sent.start:
                self.sent_start[sent.start] = True

    # -- bookkeeping ---------------------------------------------------------------------------------

    def _claim(self, m: _M) -> _M:
        for i in range(m.start, m.end):
            other = self.owner[i]
            if other is not None and other is not m:
                other.dead = True
                for j in range(other.start, other.end):
                    if self.owner[j] is other:
                        self.owner[j] = None
        for i in range(m.start, m.end):
            self.owner[i] = m
        self.ms.append(m)
        return m

    def _at(self, i: int) -> _M | None:
        if 0 <= i < len(self.doc):
            m = self.owner[i]
            return m if m is not None and not m.dead else None
        return None

    def _text(self, start: int, end: int) -> str:
        return self.doc[start:end].text

    # -- stage 1: spans from doc.ents ------------------------------------------------------------------

    def base_mentions(self) -> None:
        for ent in self.doc.ents:
            if ent.label_ not in ENTITY_TYPES:
                continue
            if ent.ent_id_ and ent.ent_id_ in self.gaz.records:
                record = self.gaz.records[ent.ent_id_]
                start, end = ent.start, ent.end
                if record.entity.type in ("ORG", "FAC"):
                    # "Supreme National Security Council" is not the (UN) "Security Council": capitalised
                    # proper nouns just before an organisation's alias make it part of a longer name.
                    k = start
                    while (
                        k > 0
                        and self.pos[k - 1] == "PROPN"
                        and self.upper[k - 1]
                        and self._unlinked_name(k - 1)
                    ):
                        k -= 1
                    if k < start:
                        self._resolve_span(k, end, ent.label_)
                        continue
                self._claim(
                    _M(start, end, record.entity.type, "gazetteer", record.entity, record, name_start=start)
                )
                continue
            for start, end in self._clean_pieces(ent.start, ent.end):
                self._resolve_span(start, end, ent.label_)
        self._merge_adjacent()

    def _unlinked_name(self, i: int) -> bool:
        """Token i is free, or inside an ORG/FAC name NER found outside the gazetteer."""
        m = self.owner[i]
        return m is None or (m.rule == "ner" and m.entity is None and m.label in ("ORG", "FAC"))

    def _clean_pieces(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        doc = self.doc
        piece = start
        for i in range(start, end + 1):
            if i == end or doc[i].text in _SPLIT_PUNCT or doc[i].is_space:
                s, e = piece, i
                while s < e and (doc[s].lower_ in ("the", "a", "an") or doc[s].is_punct or doc[s].is_space):
                    s += 1
                while e > s and (
                    doc[e - 1].text in _POSSESSIVE or doc[e - 1].is_punct or doc[e - 1].is_space
                ):
                    e -= 1
                if e > s:
                    yield s, e
                piece = i + 1

    def _resolve_span(self, start: int, end: int, label: str) -> _M | None:
        """Link an NER span by folded lookup, or keep it as a name outside the gazetteer."""
        title = self.lex.titles.match(self.norm, start, limit=end)
        name_start = title[0] if title and title[0] < end and self.upper[start] else start
        text = self._text(name_start, end)
        key = fold(text)
        if not key:
            return None
        ids = self.gaz.alias_index.get(key)
        if ids:
            record = self.gaz.records[ids[0]]
            return self._claim(
                _M(start, end, record.entity.type, "gazetteer", record.entity, record, name_start=name_start)
            )
        if text in self.gaz.code_index and label in ("GPE", "ORG"):
            record = self.gaz.records[self.gaz.code_index[text]]
            return self._claim(
                _M(start, end, record.entity.type, "gazetteer", record.entity, record, name_start=name_start)
            )
        country = self.gaz.people_index.get(key) or self.gaz.demonym_index.get(key)
        if country:
            return self._claim(_M(start, end, "NORP", "demonym", country=country, demonym=True, key=key))
        # "Iraqi Officials", "Iraqi Armed Forces": NER spans that are a country reference plus an actor
        # noun, office or state body are split, so that the phrase rules below see the country reference.
        split = self._country_prefix(name_start, end) if end - name_start >= 2 else None
        if split is not None and self._phrase_follows(split[0], split[1]):
            cut, cid, is_dem = split
            country_record = None if is_dem else self.gaz.records[cid]
            self._claim(
                _M(
                    name_start,
                    cut,
                    "NORP" if is_dem else "GPE",
                    "demonym" if is_dem else "gazetteer",
                    country_record.entity if country_record else None,
                    country_record,
                    country=cid,
                    demonym=is_dem,
                )
            )
            if self._is_name(cut, end):
                self._claim(_M(cut, end, label, "ner", key=fold(self._text(cut, end)), name_start=cut))
            return None
        if not self._is_name(name_start, end):
            return None
        return self._claim(_M(start, end, label, "ner", key=key, name_start=name_start))

    def _type_at(self, i: int) -> str | None:
        m = self._at(i)
        return m.type if m is not None else None

    def _is_name(self, start: int, end: int) -> bool:
        """A name has a capitalised or numeric token and is not a pronoun or a common noun alone."""
        toks = self.doc[start:end]
        if not any(t.text[:1].isupper() or t.text[:1].isdigit() or t.text[:1] == "@" for t in toks):
            return False
        if len(toks) == 1 and (
            toks[0].lower_ in self.lex.not_names
            or (toks[0].pos_ not in ("PROPN", "", "X") and toks[0].is_sent_start)
        ):
            return False
        return any(t.pos_ in ("PROPN", "", "X", "NUM") or not t.is_sent_start for t in toks)

    def _country_prefix(self, start: int, end: int) -> tuple[int, str, bool] | None:
        """(end of the country reference, country id, is demonym) if the span starts with one."""
        for cut in range(min(end - 1, start + 4), start, -1):
            key = fold(self._text(start, cut))
            if key in self.gaz.demonym_index:
                return cut, self.gaz.demonym_index[key], True
            for eid in self.gaz.alias_index.get(key, ()):
                if self.gaz.records[eid].kind == "country":
                    return cut, eid, False
        return None

    def _phrase_follows(self, j: int, cid: str) -> bool:
        if j < len(self.words) and self.words[j] in _POSSESSIVE:
            j += 1
        roles = self.gaz.role_phrases.get(cid)
        return bool(
            self.lex.actor_nouns.match(self.norm, j)
            or (self.norm[j : j + 1] and self.norm[j] in self.lex.actor_modifiers)
            or self.lex.institutions.match(self.norm, j)
            or (roles is not None and roles.match(self.norm, j))
        )

    def _merge_adjacent(self) -> None:
        """Two touching spans that together fold to a known alias ("Kata’ib" + "Hezbollah") become one."""
        ordered = sorted((m for m in self.ms if not m.dead), key=lambda m: m.start)
        for a, b in itertools.pairwise(ordered):
            if a.dead or b.dead or a.end != b.start:
                continue
            ids = self.gaz.alias_index.get(fold(self._text(a.start, b.end)))
            if ids and ids[0] != (a.entity.id if a.entity else None):
                record = self.gaz.records[ids[0]]
                self._claim(
                    _M(
                        a.start,
                        b.end,
                        record.entity.type,
                        "gazetteer",
                        record.entity,
                        record,
                        name_start=a.start,
                    )
                )

    # -- stage 2: tokens NER left out ----------------------------------------------------------------

    def scan_tokens(self) -> None:
        """Demonyms and gazetteer short forms that NER did not tag (capitalised tokens only)."""
        for i, word in enumerate(self.words):
            if self.owner[i] is not None or not self.upper[i]:
                continue
            key = fold(word)
            country = self.gaz.people_index.get(key) or self.gaz.demonym_index.get(key)
            if country:
                self._claim(_M(i, i + 1, "NORP", "demonym", country=country, demonym=True, key=key))
            elif key in self.gaz.short_index:  # distinctive surnames; the tagger often calls them NOUN
                self._claim(_M(i, i + 1, "PERSON", "ner", key=key, name_start=i))

    # -- stage 3: phrases around country references --------------------------------------------------

    def _country_ref(self, m: _M) -> str | None:
        if m.dead:
            return None
        if m.demonym:
            return m.country
        if m.record is not None:
            if m.record.kind == "country":
                return m.record.entity.id
            if m.record.metonym_of:
                return m.record.metonym_of
        return None

    def country_phrases(self) -> None:
        for m in sorted(list(self.ms), key=lambda x: x.start):
            cid = self._country_ref(m)
            if cid is None:
                if m.record is not None and not m.dead and m.record.entity.id in self.gaz.role_phrases:
                    self._org_role(m)
                continue
            j = m.end
            possessive = j < len(self.doc) and self.words[j] in _POSSESSIVE
            if possessive:
                j += 1
            if (
                self._role_after(m, cid, j)
                or self._institution_after(m, cid, j)
                or self._actor_after(m, cid, j)
                or self._act_after(m, cid, j)
            ):
                continue
            self._of_phrases(m, cid)
        self._bare_roles()

    def _free(self, start: int, end: int) -> bool:
        """No linked mention in [start, end): free tokens, or NER names outside the gazetteer that a
        phrase rule may absorb ("Secretary of State" where NER tagged "State")."""
        for i in range(start, end):
            m = self._at(i)
            if m is not None and (m.rule != "ner" or m.entity is not None):
                return False
        return True

    def _role_after(self, m: _M, cid: str, j: int) -> bool:
        hit = self.gaz.role_phrases[cid].match(self.norm, j) if cid in self.gaz.role_phrases else None
        if not hit or not self._free(j, hit[0]):
            return False
        end, role = hit
        if end < len(self.doc) and self.pos[end] == "NOUN" and self.words[end].islower():
            return False  # "Iran's leader election", "U.S. president's office" is fine (POS of "'s" is PART)
        self._make_role(m.start, end, role, m)
        return True

    def _make_role(self, start: int, end: int, role: Role, anchor: _M | None) -> _M:
        rm = _M(start, end, "ROLE", "role", role=role)
        if anchor is not None and anchor.record is not None and anchor.record.metonym_of:
            anchor.actor_votes += 1
        if anchor is not None:
            anchor.dead = True
        self._claim(rm)
        rm.role_name = self._adjacent_person(end) or self._appositive_person(start)
        return rm

    def _org_role(self, m: _M) -> None:
        """ "CIA Director Mike Pompeo": the organisation stays its own mention; the office words link."""
        hit = self.gaz.role_phrases[m.record.entity.id].match(self.norm, m.end)  # type: ignore[union-attr]
        if hit and self._free(m.end, hit[0]):
            self._make_role(m.end, hit[0], hit[1], None)

    def _adjacent_person(self, i: int) -> _M | None:
        title = self.lex.titles.match(self.norm, i)
        if title and self.upper[i]:
            i = title[0]
        nxt = self._at(i)
        if nxt is not None and nxt.start == i and nxt.type == "PERSON":
            return nxt
        return None

    def _appositive_person(self, start: int) -> _M | None:
        """ "Ali Khamenei, Iran's supreme leader": the name before a comma (and an optional "the")."""
        i = start - 1
        if i >= 0 and self.norm[i] == "the":
            i -= 1
        if i >= 1 and self.words[i] == ",":
            prev = self._at(i - 1)
            if prev is not None and prev.type == "PERSON":
                return prev
        return None

    def _institution_after(self, m: _M, cid: str, j: int) -> bool:
        hit = self.lex.institutions.match(self.norm, j)
        if not hit:
            return False
        end, inst = hit
        if not self._free(j, end):
            return False
        if inst.kind == "military" and not all(self.upper[k] for k in range(j, end)):
            return False  # "Congolese armed forces" is the state acting; "Sudanese Armed Forces" a body
        im = _M(m.start, end, inst.type, "institution")
        im.record = None
        im.key = inst.id
        im.country = cid
        if m.record is not None and m.record.metonym_of:
            m.actor_votes += 1
        m.dead = True
        self._claim(im)
        return True

    def _actor_after(self, m: _M, cid: str, j: int) -> bool:
        k = j
        while k < len(self.doc) and self.norm[k] in self.lex.actor_modifiers and k - j < 3:
            k += 1
        for start in range(k, j - 1, -1):  # "U.S. military" is itself an actor noun; so is "forces"
            hit = self.lex.actor_nouns.match(self.norm, start)
            if hit and self._free(j, hit[0]):
                end = hit[0]
                if m.record is not None and m.record.metonym_of:
                    m.actor_votes += 1
                m.dead = True
                self._claim(
                    _M(
                        m.start,
                        end,
                        "GPE",
                        "country-actor",
                        self.gaz.records[cid].entity,
                        self.gaz.records[cid],
                        country=cid,
                    )
                )
                return True
        return False

    def _act_after(self, m: _M, cid: str, j: int) -> bool:
        """ "the Iranian action", "Israeli strikes", "the Iranian missile attack": a demonym before what a
        state does is the state (only the demonym is the mention; the noun is the extractor's event)."""
        if not m.demonym:
            return False
        k = j
        while k < len(self.doc) and k - j < 3 and self.norm[k] not in self.lex.state_acts:
            if self.pos[k] not in ("ADJ", "NOUN") or self._at(k) is not None:
                return False
            k += 1
        if (
            k >= len(self.doc)
            or self.norm[k] not in self.lex.state_acts
            or self.pos[k] not in ("NOUN", "VERB")
        ):
            return False
        if k + 1 < len(self.doc) and self.pos[k + 1] == "NOUN" and self._at(k + 1) is None:
            return False  # "Iranian attack helicopters": the act word modifies another noun
        record = self.gaz.records[cid]
        m.entity, m.record, m.rule, m.label, m.demonym = record.entity, record, "country-actor", "GPE", False
        return True

    def _of_phrases(self, m: _M, cid: str) -> None:
        """ "the president of Iran", "the Ministry of Foreign Affairs of Iran"."""
        of = m.start - 1
        if of < 1 or self.norm[of] != "of":
            return
        phrases = self.gaz.role_phrases.get(cid)
        role_hit = phrases.match_ending(self.norm, of) if phrases is not None else None
        if role_hit and self._free(role_hit[0], of):
            self._make_role(role_hit[0], m.end, role_hit[1], m)
            return
        inst_hit = self.lex.institutions.match_ending(self.norm, of)
        if inst_hit:
            start, inst = inst_hit
            if self._free(start, of):
                im = _M(start, m.end, inst.type, "institution", key=inst.id, country=cid)
                m.dead = True
                self._claim(im)

    def _bare_roles(self) -> None:
        for i in range(len(self.doc)):
            if self.owner[i] is not None or self.norm[i] not in self.gaz.bare_roles:
                continue
            hit = self.gaz.bare_roles.match(self.norm, i)
            if (
                hit
                and self._free(i, hit[0])
                and (i == 0 or self.norm[i - 1] in self.lex.determiners or self.upper[i])
            ):
                self._make_role(i, hit[0], hit[1], None)

    # -- stage 4: coreference ------------------------------------------------------------------------

    def acronyms(self) -> None:
        doc = self.doc
        defined: dict[str, _M] = {}
        for m in sorted(self.live(), key=lambda x: x.start):
            i = m.end
            if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
                acro = doc[i + 1].text
                if acro.isupper() and 2 <= len(acro) <= 8 and self._initials_fit(acro, m):
                    defined[acro] = m
        if not defined:
            return
        for i, word in enumerate(self.words):
            target = defined.get(word)
            if target is None or target.start <= i < target.end:
                continue
            cur = self._at(i)
            if cur is not None and (cur.start != i or cur.end != i + 1):
                continue
            if cur is not None and cur.final() is target.final():
                continue
            am = _M(i, i + 1, target.label, "acronym", ref=target)
            self._claim(am)

    def _initials_fit(self, acro: str, m: _M) -> bool:
        words = [
            w
            for w in re.split(r"[\s\-]+", self._text(m.name_start if m.name_start >= 0 else m.start, m.end))
            if w and w.lower() not in _ACRONYM_STOP
        ]
        initials = "".join(w[0].upper() for w in words if w[0].isalpha())
        letters = [c for c in acro if c.isalpha()]
        if not letters or not initials or letters[0] != initials[0]:
            return False
        it = iter(initials)
        return all(c in it for c in letters)

    def short_forms(self) -> None:
        """Surnames and shorter forms -> the full name in the article; then gazetteer short forms."""
        persons: dict[str, list[_M]] = defaultdict(list)
        firsts: dict[str, list[_M]] = defaultdict(list)
        org_heads: dict[str, list[_M]] = defaultdict(list)
        live = sorted(self.live(), key=lambda x: x.start)
        for m in live:
            f = m.final()
            ns = m.name_start if m.name_start >= 0 else m.start
            words = [t for t in self.doc[ns : m.end] if not t.is_punct]
            if len(words) < 2:
                continue
            if f.type == "PERSON":
                persons[fold(words[-1].text)].append(m)
                if len(words) >= 3:
                    persons[fold(self._text(words[-2].i, words[-1].i + 1))].append(m)
                firsts[fold(words[0].text)].append(m)
            elif f.type in ("ORG", "FAC", "NORP") and m.record is not None:
                org_heads[fold(words[-1].text)].append(m)
        for m in live:
            if (
                m.dead
                or m.rule not in ("ner",)
                or m.end - (m.name_start if m.name_start >= 0 else m.start) > 2
            ):
                continue
            key = m.key or fold(self._text(m.start, m.end))
            target = self._nearest(persons.get(key, ()), m) or self._nearest(
                firsts.get(key, ()), m, unique=True
            )
            if target is not None and target is not m:
                m.ref, m.rule = target, "short-form"
                continue
            ids = self.gaz.short_index.get(key, [])
            if len(ids) == 1:
                record = self.gaz.records[ids[0]]
                m.entity, m.record, m.rule, m.label = record.entity, record, "short-form", record.entity.type
        # surnames NER did not tag at all ("Vance met with ...")
        for i, word in enumerate(self.words):
            if self.owner[i] is not None or not self.upper[i] or self.norm[i] in self.lex.not_names:
                continue
            target = self._nearest(persons.get(fold(word), ()), _M(i, i + 1, "", ""))
            if target is not None:
                self._claim(_M(i, i + 1, "PERSON", "short-form", ref=target, name_start=i))
        # "the Guard" after "Revolutionary Guard": a capitalised head word after "the"
        for i, word in enumerate(self.words):
            if self.owner[i] is not None or not self.upper[i] or i == 0 or self.norm[i - 1] != "the":
                continue
            if self.sent_start[i] or (i + 1 < len(self.words) and self.upper[i + 1]):
                continue
            cands = org_heads.get(fold(word))
            target = self._nearest(cands or (), _M(i, i + 1, "", ""))
            if target is not None and target.start < i:
                self._claim(_M(i, i + 1, target.label, "short-form", ref=target))

    @staticmethod
    def _nearest(cands: Sequence[_M], m: _M, unique: bool = False) -> _M | None:
        if not cands:
            return None
        if unique and len({_identity(c) for c in cands}) > 1:
            return None
        before = [c for c in cands if c.end <= m.start and not c.dead]
        if before:
            return before[-1]
        after = [c for c in cands if c.start >= m.end and not c.dead]
        return after[0] if after else None

    def descriptions(self) -> None:
        # names per sentence, built once: looking antecedents up in every mention of the document for
        # every description would grow with the square of its length
        self._by_sent = defaultdict(list)
        for m in self.live():
            if m.rule != "description":
                self._by_sent[self.sent_of[m.start]].append(m)
        for i, word in enumerate(self.norm):
            spec = self.lex.descriptions.get(word)
            if (
                spec is None
                or self.owner[i] is not None
                or self.pos[i] == "PROPN"
                or self.tag[i] in ("NNS", "NNPS")
            ):
                continue
            if i + 1 < len(self.pos) and (
                (self.pos[i + 1] in ("NOUN", "PROPN") and self._at(i + 1) is None) or self.norm[i + 1] == "of"
            ):
                continue  # "the embassy grounds", "the capital of Iraq": not an anaphoric head
            det = None
            for back in range(i - 1, max(-1, i - 6), -1):
                if self.norm[back] in self.lex.determiners:
                    det = back
                    break
                if self.pos[back] not in ("ADJ", "NOUN", "PROPN", "PUNCT", "VERB") and self._at(back) is None:
                    break
            if det is None:
                continue
            if i - 1 >= 0 and self._at(i - 1) is not None:
                continue  # "the Kataib Hezbollah militia": a name already heads it
            kinds, types, located = spec
            if not located and det > 0 and self.norm[det - 1] in self.lex.locative_preps:
                continue  # "instability in the country": the setting, seldom the nearest country named
            target = self._antecedent(i, kinds, types)
            if target is not None:
                start = det if all(self._at(k) is None for k in range(det, i)) else i
                self._claim(_M(start, i + 1, target.type, "description", ref=target))

    def _antecedent(self, i: int, kinds: frozenset[str], types: frozenset[str]) -> _M | None:
        si = self.sent_of[i]
        for s in range(si, max(-1, si - 8), -1):
            lo, hi = self.sents[s].start, min(self.sents[s].end, i)
            found: dict[str, _M] = {}
            for m in self._by_sent.get(s, ()):
                if lo <= m.start and m.end <= hi and not m.dead:
                    f = m.final()
                    kind, etype = self._kind_of(m)
                    if (kind and kind in kinds) or (kind is None and etype in types):
                        found[f.entity.id if f.entity else f"*{id(f)}"] = m
            if len(found) == 1:
                return next(iter(found.values()))
            if len(found) > 1:
                return None
        return None

    def _kind_of(self, m: _M) -> tuple[str | None, str]:
        f = m.final()
        if f.rule == "institution":
            inst = self.gaz.institutions.get(f.key)
            return (inst.kind if inst else None), f.label
        if f.record is not None:
            return f.record.kind, f.record.entity.type
        if f.rule in ("country-actor",):
            return "country", "GPE"
        return None, f.label

    # -- stage 5: titles, facilities, metonyms -------------------------------------------------------

    def titles_and_facilities(self) -> None:
        for m in list(self.live()):
            if m.type == "PERSON" and m.rule != "role":
                hit = self.lex.titles.match_ending(self.norm, m.start, max_len=4)
                if hit and self.upper[hit[0]] and self._free(hit[0], m.start):
                    self.owner[hit[0] : m.start] = [m] * (m.start - hit[0])
                    m.start = hit[0]
            elif m.type in ("GPE", "ORG", "LOC", "FAC") and m.rule == "ner":
                hit = self.lex.facility_nouns.match(self.norm, m.end)
                if hit and self._free(m.end, hit[0]):
                    for k in range(m.end, hit[0]):
                        self.owner[k] = m
                    m.end, m.label = hit[0], "FAC"
                    m.key = fold(self._text(m.name_start, m.end))
                    ids = self.gaz.alias_index.get(m.key)
                    if ids:
                        m.record = self.gaz.records[ids[0]]
                        m.entity, m.rule = m.record.entity, "gazetteer"

    def metonyms(self) -> None:
        groups: dict[str, list[_M]] = defaultdict(list)
        votes: Counter[str] = Counter()
        for m in self.ms:
            if m.record is not None and m.record.metonym_of and m.rule == "gazetteer":
                eid = m.record.entity.id
                votes[eid] += m.actor_votes
                if not m.dead:
                    groups[eid].append(m)
                    votes[eid] += self._vote(m)
        for eid, ms in groups.items():
            state = self.gaz.records[self.gaz.records[eid].metonym_of]  # type: ignore[index]
            for m in ms:
                # one sense per article, except where the phrase leaves no doubt ("ties to Tehran")
                if votes[eid] > 0 or self._relation_party(m):
                    m.entity, m.record, m.rule, m.label = state.entity, state, "metonym", state.entity.type

    def _relation_party(self, m: _M) -> bool:
        tok = self.doc[m.end - 1]
        return tok.dep_ == "pobj" and tok.head.head.lemma_.lower() in self.lex.relation_nouns

    def _vote(self, m: _M) -> int:
        """+1 when the place is used as an actor, -1 when as a location, 0 when the parse cannot tell."""
        doc = self.doc
        head_tok = doc[m.end - 1]
        dep = head_tok.dep_
        if m.start > 0 and self.norm[m.start - 1] in self.lex.locative_preps:
            return -1
        if m.end < len(doc) and doc[m.end].text in _POSSESSIVE:
            owner = head_tok.head
            possessed = self._at(owner.i)
            if owner.lower_ in self.lex.location_nouns or (
                possessed is not None and possessed.type in ("LOC", "FAC", "GPE")
            ):
                return -1
            return 1
        if dep in ("nsubj", "nsubjpass", "agent"):
            return 1
        if dep == "pobj":
            prep = head_tok.head.lower_
            if head_tok.head.head.lemma_.lower() in self.lex.relation_nouns:
                return 1  # "ties to Tehran", "relations with Moscow": the state
            if prep in self.lex.locative_preps:
                return -1
            if prep == "of":
                return (
                    -1
                    if head_tok.head.head.lower_ in self.lex.location_nouns
                    or self._type_at(head_tok.head.head.i) in ("LOC", "FAC")
                    else 0
                )  # type: ignore[union-attr]
            if prep in self.lex.actor_preps:
                return 1
        if dep == "dobj":
            # "missiles struck Kyiv", "visited Beijing": the city hit or visited; "warned Tehran": the state
            return -1 if head_tok.head.lemma_.lower() in self.lex.place_verbs else 1
        return 0

    # -- stage 6: entities and output ----------------------------------------------------------------

    def live(self) -> Iterator[_M]:
        return (m for m in self.ms if not m.dead)

    def finalize(self) -> list[Mention]:
        live = sorted(self.live(), key=lambda x: (x.start, -(x.end - x.start)))
        self._resolve_institutions(live)
        named = {_identity(m) for m in live}
        for m in live:
            if m.role is not None:
                if m.role_name is not None and not m.role_name.dead:
                    m.ref, m.rule = m.role_name, "role+name"
                else:
                    cand = self.gaz.resolve_role(m.role, self.date, named)
                    m.entity, m.rule = cand.entity, cand.rule
        for m in live:
            if m.demonym and m.entity is None and m.country is not None:
                person = self._title_demonym(m)
                if person is not None:
                    # "Indian Prime Minister Narendra Modi": the demonym and title are part of Modi's
                    # mention, never an entity of their own
                    m.dead = True
                else:
                    # a people acting or a demonym phrase is the state ("Iranians rallied", "Iranian
                    # protesters"): one node per country, not a second "Iranians" node beside Iran
                    m.entity = self.gaz.records[m.country].entity
        for m in live:
            if self._dateline(m):
                m.dead = True  # "WASHINGTON - ...": where the story was filed, not an actor
            elif m.record is not None and m.record.kind == "media" and m.ref is None:
                m.rule = "media"  # an outlet: "told Reuters" cites a source, it is no event
        live = [m for m in live if not m.dead]
        self._name_unlinked(live)
        live = sorted([*live, *self._pronouns(live)], key=lambda x: (x.start, -(x.end - x.start)))
        out: list[Mention] = []
        last_end = -1
        for m in live:
            f = m.final()
            if f.entity is None or m.start < last_end:
                continue
            start_char = self.doc[m.start].idx
            end_char = self.doc[m.end - 1].idx + len(self.doc[m.end - 1].text)
            entity = self._with_country(f)
            out.append(
                Mention(entity, self.text[start_char:end_char], start_char, end_char, m.start, m.end, m.rule)
            )
            last_end = m.end
        return out

    def _with_country(self, m: _M) -> Entity:
        """The mention's entity carrying its state's ISO alpha-3 code: from the gazetteer (a country, a
        capital, an office, a body with a country), else from the country the phrase named ("Iraq's
        parliament", "Iranian forces")."""
        entity = m.entity
        assert entity is not None
        if entity.country is not None:
            return entity
        code = self.gaz.country_code(entity.id)
        if code is None and m.country is not None and m.rule in ("institution", "country-actor", "demonym"):
            code = self.gaz.alpha3(m.country)
        return dataclasses.replace(entity, country=code) if code else entity

    def _dateline(self, m: _M) -> bool:
        """An upper-case place opening a paragraph before a dash: "WASHINGTON / KYIV - ..."."""
        if not (m.start == 0 or self.sent_start[m.start] or "\n" in self.words[m.start - 1]):
            return False
        k = m.start
        while k < len(self.doc) and (self.words[k].isupper() or self.words[k] in ("/", ",")):
            k += 1
        return (
            k > m.start
            and k >= m.end
            and k < len(self.doc)
            and self.words[k] in ("-", "\u2014", "\u2013", "--")
        )

    def _title_demonym(self, m: _M) -> _M | None:
        """The person whose title a demonym opens ("Russian President Vladimir Putin", "Turkish Foreign
        Minister Mevlut Cavusoglu", "Iranian opposition leader X"), if it does."""
        k = m.end
        while k < len(self.doc) and k - m.end < 5 and self._at(k) is None:
            if self.pos[k] not in ("PROPN", "NOUN", "ADJ") or "\n" in self.words[k]:
                return None
            k += 1
        other = self._at(k)
        if other is not None and other is not m and other.type in ("PERSON", "ROLE"):
            return other
        return None

    # -- pronouns (after every name has its entity) ----------------------------------------------------

    def _pronouns(self, live: Sequence[_M]) -> list[_M]:
        """he/she/it/they and possessives -> the one compatible antecedent (see ``pronouns`` in
        lexicon.yaml); left out whenever two candidates compete or a plain noun could be meant."""
        lex = self.lex
        if not lex.pronouns:
            return []
        at: dict[int, _M] = {}
        by_sent: dict[int, list[_M]] = defaultdict(list)
        for m in live:
            if m.final().entity is None:
                continue
            for i in range(m.start, m.end):
                at[i] = m
            by_sent[self.sent_of[m.start]].append(m)
        quote = self._quotes()
        out: list[_M] = []
        for i, word in enumerate(self.norm):
            kind = lex.pronouns.get(word)
            if kind is None or i in at or self.tag[i] not in ("PRP", "PRP$"):
                continue
            tok = self.doc[i]
            if kind == "thing" and tok.dep_ != "poss" and self._expletive(tok):
                continue
            ant = self._pronoun_antecedent(i, kind, at, by_sent, quote)
            if ant is not None:
                pm = _M(i, i + 1, ant.type, "pronoun", ref=ant, demonym=ant.final().demonym)
                out.append(pm)
                at[i] = pm  # "He said his forces ...": a later pronoun may point at this one
        return out

    def _expletive(self, tok: Any) -> bool:
        """ "it remains unclear", "made it legitimate", "it was reported that ...": a dummy "it"."""
        head = tok.head
        if head.lemma_.lower() in self.lex.expletive_heads or head.pos_ == "ADJ":
            return True
        return tok.dep_ == "nsubjpass" and any(c.dep_ in ("ccomp", "xcomp") for c in head.children)

    def _quotes(self) -> list[int]:
        """Per token, the number of the quotation it stands in (0: outside quotes). A line break closes
        any quotation left open."""
        out = [0] * len(self.words)
        open_id, count = 0, 0
        for i, w in enumerate(self.words):
            if "\n" in w:
                open_id = 0
            elif w in ("“", "«") or (w == '"' and not open_id):
                count += 1
                open_id = count
                continue
            elif w in ("”", "»", '"'):
                open_id = 0
                continue
            out[i] = open_id
        return out

    def _fits(self, m: _M, kind: str) -> bool:
        f = m.final()
        etype = "ROLE" if f.entity is not None and f.entity.type == "ROLE" else m.type
        if etype not in self.lex.pronoun_types.get(kind, frozenset()):
            return False
        if m.demonym and self.doc[m.end - 1].dep_ not in (
            "nsubj",
            "nsubjpass",
            "dobj",
            "pobj",
            "conj",
            "appos",
        ):
            return False  # "Palestinian groups": the groups are the antecedent, not the demonym
        if m.rule in ("country-actor", "institution"):
            return kind == "thing" or self._plural(m)  # "Iranian forces ... its conflict" is Iran's
        if kind == "thing":
            return not m.demonym and not self._plural(m)  # "Iranians", "Houthis" are not an "it"
        if kind == "group":
            return m.demonym or etype == "NORP" or self._plural(m)  # "they" wants a plural: not "Iran"
        return True

    def _plural(self, m: _M) -> bool:
        """The phrase a mention heads or modifies is plural: "U.S. officials", "Houthis", "UN peacekeepers"."""
        last = self.doc[m.end - 1]
        if m.rule == "pronoun":
            return self.norm[m.start] in ("they", "them", "their")
        own = m.rule in ("country-actor", "institution") or m.type in ("ORG", "NORP")
        if own and last.tag_ in ("NNS", "NNPS"):
            return True  # not "United States", "Philippines": a state is an "it"
        head = self._modified_head(m)
        return head is not None and head.tag_ in ("NNS", "NNPS")

    def _modified_head(self, m: _M) -> Any:
        """The group noun a name modifies ("UN peacekeepers", "Hezbollah fighters"), else None."""
        last = self.doc[m.end - 1]
        if last.dep_ in ("compound", "nmod", "amod") and last.head.i >= m.end:
            head = last.head
            if head.lemma_.lower() in self.lex.group_heads or self.norm[head.i] in self.lex.group_heads:
                return head
        return None

    def _modifier_only(self, m: _M) -> bool:
        """The name only modifies a noun that is not a group of its people ("U.S. targets", "an Israeli
        army post"): the noun phrase, not the name, is what a pronoun could point at."""
        last = self.doc[m.end - 1]
        return (
            last.dep_ in ("compound", "nmod", "amod")
            and last.head.i >= m.end
            and last.head.pos_ in ("NOUN", "PROPN")
            and self._modified_head(m) is None
        )

    def _pronoun_antecedent(
        self, i: int, kind: str, at: dict[int, _M], by_sent: dict[int, list[_M]], quote: list[int]
    ) -> _M | None:
        doc = self.doc
        tok = doc[i]
        si = self.sent_of[i]
        sent_start = self.sents[si].start

        def named(k: int) -> _M | None:
            """The mention at k, or for a group noun the name or pronoun owning it ("UN peacekeepers",
            "its fighters")."""
            m = at.get(k)
            if m is not None or not {doc[k].lemma_.lower(), self.norm[k]} & self.lex.group_heads:
                return m
            for c in doc[k].children:
                owner = at.get(c.i) if c.dep_ in ("compound", "amod", "poss", "nmod") else None
                if owner is not None and owner.end <= k:
                    return owner
            return None

        def fits(k: int) -> _M | None:
            m = named(k)
            if m is None or k >= i or k in bound or quote[k] != quote[i] or not self._fits(m, kind):
                return None
            return None if m.end - 1 != k and self._modifier_only(m) else m

        # An object pronoun is never its own clause's subject ("Trump blamed him").
        bound: set[int] = set()
        if tok.dep_ in ("dobj", "dative", "pobj"):
            clause = tok.head.head if tok.dep_ == "pobj" else tok.head
            subj = self._clause_subject(clause)
            if subj is None and clause.dep_ in ("advcl", "xcomp", "acl"):
                # "X sent a letter warning him": not X, the implied subject of "warning"
                up = clause.head
                while up.pos_ not in ("VERB", "AUX") and up.head.i != up.i:
                    up = up.head
                subj = self._clause_subject(up) if up.pos_ in ("VERB", "AUX") else None
            if subj is not None:
                bound = {t.i for t in subj.subtree}
        # 1. up the tree: at a clause, its subject (unless its object competes); at any level, the only
        # compatible entity left of the path; a plain noun in the way stops an "it"
        path, cur = tok, tok.head
        for _ in range(12):
            if cur.i == path.i or cur.i < sent_start or self.sent_of[cur.i] != si:
                break
            on_path = {t.i for t in path.subtree}  # not its left-right span: the parse may cross it
            verbal = cur.pos_ in ("VERB", "AUX")
            if verbal and path.dep_ == "xcomp":
                # "called on Ankara to stop its attacks", "urged Israel to end its offensive": the one
                # asked to act controls the infinitive
                controllers = [c for c in cur.children if c.dep_ in ("dobj", "dative")] + [
                    o for p in cur.children if p.dep_ == "prep" and p.lower_ in ("on", "upon")
                    for o in p.children if o.dep_ == "pobj"
                ]  # fmt: skip
                for c in controllers:
                    m = fits(c.i)
                    if m is not None:
                        return m
                if controllers:
                    return None
            if verbal:
                subj = self._clause_subject(cur)
                subj_m = fits(subj.i) if subj is not None and subj.i not in on_path else None
                if (
                    subj_m is not None
                    and path.dep_ in ("dobj", "pobj")
                    and tok.dep_ == "poss"
                    and (cur.lemma_.lower() in self.lex.hostile_verbs)
                ):
                    return None  # "X attacked their positions": the attacked side's, which is not named
                if subj_m is not None:
                    rivals = {
                        _identity(m)
                        for c in cur.children
                        if c.dep_ in ("dobj", "dative") and c.i not in on_path and (m := fits(c.i))
                    }
                    return subj_m if rivals <= {_identity(subj_m)} else None
                if kind == "group" and subj is not None and any(c.dep_ == "conj" for c in subj.children):
                    return None  # "Japan and South Korea ... their": the pair, which no one mention is
            found: dict[str, _M] = {}
            plain = ("NN",) if kind == "thing" else ("NNS", "NNPS") if kind == "group" else ()
            for k in range(i - 1, cur.left_edge.i - 1, -1):  # nearest first
                if k in on_path or not self._near(doc[k], cur):
                    continue
                if not verbal and doc[k].head.i == cur.i and doc[k].dep_ in ("compound", "amod", "nmod"):
                    continue  # "U.S. targets in its neighbour": not the noun's own modifier
                m = fits(k)
                if m is not None:
                    found.setdefault(_identity(m), m)
                elif (
                    not found
                    and k != cur.i
                    and doc[k].tag_ in plain
                    and doc[k].dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
                ):
                    return None  # a plain noun is nearer: "near the vessel and a third struck its deck"
            if len(found) == 1:
                return next(iter(found.values()))
            if len(found) > 1:
                return None
            path, cur = cur, cur.head
        # 2. a person named earlier in the sentence, outside the tree walked (the parser may have split
        # the clause); not for "it"/"they", whose nearest name is too often a place or a modifier
        found = {}
        for k in range(sent_start, i):
            m = fits(k) if kind == "person" else at.get(k)
            if m is not None and (
                kind == "person" or (k < i and quote[k] == quote[i] and self._fits(m, kind))
            ):
                found.setdefault(_identity(m), m)
        if found:
            return next(iter(found.values())) if len(found) == 1 and kind == "person" else None
        if quote[i]:
            return None  # inside a quotation: the speaker's world, not the previous sentence's
        # 3. previous sentences, nearest first: the main subject, else (for a person) the only one named
        for back in range(1, 4 if kind == "person" else 3):
            if si - back < 0:
                break
            root = self.sents[si - back].root
            for subj in (c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")):
                m = at.get(subj.i)
                if m is not None and self._fits(m, kind) and not quote[subj.i]:
                    return m
            if kind != "person":
                if any(self._fits(m, kind) for m in by_sent.get(si - back, ())):
                    return None
                continue
            found = {}
            for m in by_sent.get(si - back, ()):
                if self._fits(m, kind) and not quote[m.start]:
                    found.setdefault(_identity(m), m)
            if found:
                return next(iter(found.values())) if len(found) == 1 else None
        return None

    @staticmethod
    def _near(tok: Any, cur: Any) -> bool:
        """``tok`` is an argument of ``cur`` or of a preposition under it ("a tweet by Pompeo"), counting
        coordination as no step: deeper names ("if Iraq pushed to have U.S. forces removed") are not
        what a pronoun above them points at."""
        steps = 0
        while tok.i != cur.i and steps <= 2:
            if tok.head.i == tok.i:
                return False
            if tok.dep_ not in ("conj", "appos", "compound", "poss", "case"):
                steps += 1
            tok = tok.head
        return tok.i == cur.i and steps <= 2

    @staticmethod
    def _clause_subject(verb: Any) -> Any:
        """A verb's subject, or the subject of the verb it is coordinated with ("rejected X and said")."""
        cur = verb
        for _ in range(4):
            for c in cur.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    return c
            if cur.dep_ != "conj" or cur.head.i == cur.i:
                return None
            cur = cur.head
        return None

    def _resolve_institutions(self, live: Sequence[_M]) -> None:
        cities: dict[str, list[tuple[int, str]]] = defaultdict(list)
        embassies = [m for m in live if m.rule == "institution" and m.key == "embassy"]
        for m in embassies:
            city = self._city_after(m)
            if city:
                cities[m.country].append((m.start, city))  # type: ignore[index]
        for m in live:
            if m.rule != "institution" or m.entity is not None:
                continue
            inst = self.gaz.institutions[m.key]
            city = None
            if inst.id == "embassy":
                own = self._city_after(m)
                known = {c for _, c in cities.get(m.country, [])}  # type: ignore[arg-type]
                city = own or (next(iter(known)) if len(known) == 1 else None)
            m.entity = self.gaz.institution_entity(inst, m.country, city)  # type: ignore[arg-type]
            m.label = m.entity.type

    def _city_after(self, m: _M) -> str | None:
        """The city in "embassy [compound] in [the Green Zone of] Baghdad", within the sentence."""
        sent_end = self.sents[self.sent_of[m.end - 1]].end
        seen_prep = False
        for i in range(m.end, min(sent_end, m.end + 9)):
            if self.norm[i] in ("in", "to", "at", "of"):
                seen_prep = True
            other = self._at(i)
            if other is not None and seen_prep:
                f = other.final()
                kind, etype = self._kind_of(other)
                if kind == "city" or (kind is None and etype == "GPE" and f.record is None):
                    return f.entity.name if f.entity else self._text(other.name_start, other.end)
                if etype in ("GPE",) and kind == "country":
                    return None
            if self.norm[i] in (",", ";", "which", "that", "and"):
                break
        return None

    def _name_unlinked(self, live: Sequence[_M]) -> None:
        """Names outside the gazetteer: one type per folded key in the article (majority of NER labels)."""
        labels: dict[str, Counter[str]] = defaultdict(Counter)
        surface: dict[str, str] = {}
        for m in live:
            if m.final() is m and m.entity is None and m.key and m.rule in ("ner",):
                labels[m.key][m.label] += 1
                text = self._text(m.name_start if m.name_start >= 0 else m.start, m.end)
                if len(text) > len(surface.get(m.key, "")):
                    surface[m.key] = text
        for m in live:
            if m.final() is m and m.entity is None and m.key in labels and m.rule == "ner":
                counts = labels[m.key]
                etype = max(counts, key=lambda t: (counts[t], t == "PERSON", t == "ORG", t))
                m.entity = Entity(id=f"{etype}:{m.key}", name=surface[m.key], type=etype)


def link_mentions(doc: Doc, gazetteer: Gazetteer, published: str | None = None) -> list[Mention]:
    """Mentions of canonical entities in ``doc`` (see the module docstring for the rules)."""
    linker = _Linker(doc, gazetteer, normalize_date(published))
    linker.base_mentions()
    linker.scan_tokens()
    linker.country_phrases()
    linker.acronyms()
    linker.short_forms()
    linker.titles_and_facilities()
    linker.descriptions()
    linker.metonyms()
    return linker.finalize()


def explain(name: str, gazetteer: Gazetteer, date: str | None = None) -> list[Candidate]:
    """How ``graphkit link NAME --date D`` reads a name: gazetteer candidates best first, or, outside the
    gazetteer, the folded key the name would be filed under (type decided by NER in context)."""
    found = gazetteer.lookup(name, date)
    if found:
        return found
    key = fold(name)
    return [Candidate(Entity(id=f"<TYPE>:{key}", name=name, type="UNKNOWN"), "folded-key", 0.0)]


def entity_key(entity: Entity) -> str:
    """The id under which an entity is stored (the writer MERGEs on it)."""
    return entity.id


__all__ = ["Candidate", "Gazetteer", "Record", "Role", "entity_key", "explain", "link_mentions"]
