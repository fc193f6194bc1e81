"""Gazetteer files -> Gazetteer: entity YAML (countries, actors, places, people), offices by date
(roles.yaml), the linker's word lists (lexicon.yaml) and user alias files (YAML or CSV), each error
naming the file and line."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from graphkit.errors import ConfigError
from graphkit.fold import fold
from graphkit.link.gazetteer import (
    _NOT_ENTITY_FILES,
    _QID,
    DATA_DIR,
    ENTITY_TYPES,
    Gazetteer,
    Institution,
    Lexicon,
    Record,
    Role,
    slug,
)
from graphkit.models import Entity


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


def _strings(value: Any, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return tuple(str(v) for v in value)


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
            "entity": Entity(id=eid, name=name, type=etype, wikidata=wikidata, iso_name=raw.get("iso_name")),
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
            proper=bool(raw.get("proper", False)),
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
    lex.vessel_prefixes = frozenset(data.get("vessel_prefixes", []))
    lex.region_nouns = frozenset(data.get("region_nouns", []))
    lex.feature_nouns = frozenset(data.get("feature_nouns", []))
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
def load_cached(extra: tuple[Path, ...]) -> Gazetteer:
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
