"""The gazetteer: canonical entities, their aliases, demonyms, codes and countries, offices held by
date, state institutions and the word lists the linker uses; lookups by folded key (``Gazetteer``).
Reading the YAML and CSV files that make it lives in ``loading.py``."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit.fold import fold
from graphkit.models import Entity

_POSSESSIVE = {"'s", "’s", "'", "’"}
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "gazetteer"


ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"})


_NOT_ENTITY_FILES = {"lexicon.yaml", "transliteration.yaml", "roles.yaml"}


_QID = re.compile(r"^Q[1-9][0-9]*$")


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
    proper: bool = (
        False  # a body of its own only when capitalised ("U.S. Navy"); "the U.S. navy" is the state
    )


# Shorter names are too often a letter away from another real name ("Niger"/"Nigeria", "Kim Jong Un"/"Il").
MISSPELLING_MIN_CHARS = 14


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
    vessel_prefixes: frozenset[str] = frozenset()  # case kept: "USS", "HMS"
    region_nouns: frozenset[str] = frozenset()
    feature_nouns: frozenset[str] = frozenset()  # case kept: "Reef", "Shoal"
    pronouns: dict[str, str] = field(default_factory=dict)  # pronoun -> kind (person, thing, group)
    pronoun_types: dict[str, frozenset[str]] = field(default_factory=dict)  # kind -> entity types
    expletive_heads: frozenset[str] = frozenset()
    group_heads: frozenset[str] = frozenset()
    state_acts: frozenset[str] = frozenset()
    hostile_verbs: frozenset[str] = frozenset()


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
        self._one_edit: dict[str, set[str]] | None = None  # built on the first unknown long name

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
        from graphkit.link.loading import load_cached  # the loader builds Gazetteers: import it late

        return load_cached(tuple(Path(p) for p in extra))

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
        if known and "{city}" not in inst.name:
            return self.records[known].entity
        country = self.records[country_id]
        demonym = country.demonyms[0] if country.demonyms else None
        template = inst.name
        if ("{demonym}" in template and not demonym) or ("{city}" in template and not city):
            template = inst.fallback or inst.name
        name = template.format(
            country=country.display, name=country.entity.name, demonym=demonym or "", city=city or ""
        ).strip()
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
        misspelt = None if out else self.misspelling_of(key)
        if misspelt:
            out.append(Candidate(self.records[misspelt].entity, "spelling", 0.8))
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

    def misspelling_of(self, key: str) -> str | None:
        """The one entity a long name is a single typo away from ("Democratic Republic of Cong0",
        "Benjamin Netanyhu"): one character added, dropped or changed. Names that are a typo away
        from two entities ("Republic of Iceland/Ireland") stay unresolved."""
        if len(key) < MISSPELLING_MIN_CHARS:
            return None
        if self._one_edit is None:
            self._one_edit = defaultdict(set)
            for alias, ids in self.alias_index.items():
                if len(alias) >= MISSPELLING_MIN_CHARS - 1:
                    for variant in _deletions(alias):
                        self._one_edit[variant].update(ids)
        found: set[str] = set()
        for variant in _deletions(key):
            found |= self._one_edit.get(variant, set())
        return next(iter(found)) if len(found) == 1 else None

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


def _deletions(key: str) -> set[str]:
    """The key and every key one character shorter. Two strings share one of these when one is the
    other with a character added, dropped, changed or moved."""
    return {key, *(key[:i] + key[i + 1 :] for i in range(len(key)))}


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


def slug(name: str) -> str:
    """The gazetteer id stem of a name: "Robert O'Brien" -> "robert-obrien"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’]", "", text)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


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
