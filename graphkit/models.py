"""The small frozen dataclasses passed between pipeline stages.

sources -> Article; nlp -> spaCy Doc; link -> Mention (each carrying its Entity);
extract -> Event (carrying its Citation); pipeline -> ArticleGraph, which write.py stores.
Character offsets always index into ``Article.text``, the cleaned text that is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One cleaned article. ``id`` is the hash of the cleaned text (see sources.content_id)."""

    id: str
    text: str
    title: str
    source: str  # file name (or url when read from a feed); what citations show
    path: str = ""  # where it was read from; identifies "the same article, changed"
    url: str | None = None
    publisher: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) when known
    # The file's bytes and the reader's revision, hashed (sources.fingerprint), when the article is
    # its file's only one: a re-ingest that finds it on the path skips reading the file (ingest.py).
    fingerprint: str = ""


@dataclass(frozen=True)
class Entity:
    """A canonical entity: a gazetteer entry, or a folded key for names outside it."""

    id: str  # Wikidata Q-id, gazetteer id, or "<TYPE>:<folded key>"
    name: str
    type: str  # PERSON, ORG, GPE, LOC, FAC, NORP, EVENT, ROLE, ...
    wikidata: str | None = None
    # ISO 3166 alpha-3 code of the state it is or belongs to (a ministry, a military, a capital, an
    # office holder), as GDELT's Actor1CountryCode; None when the entity has no state of its own
    country: str | None = None
    # a country's ISO 3166 short name where it is an inverted form ("Palestine, State of"): the name
    # ICEWS and PLOVER data file it under; the node lists it among its aliases so that data joins
    iso_name: str | None = None


@dataclass(frozen=True)
class Mention:
    """A span of the article text that refers to an entity."""

    entity: Entity
    text: str
    start: int  # character offsets into Article.text
    end: int
    token_start: int  # token offsets into the Doc, for the extractor
    token_end: int
    rule: str = "ner"  # how it was linked: gazetteer, ner, short-form, acronym, description, role, ...


@dataclass(frozen=True)
class Citation:
    article_id: str
    sentence: str
    sentence_start: int
    sentence_end: int
    trigger_start: int
    trigger_end: int
    published: str | None = None


@dataclass(frozen=True)
class Action:
    """A CAMEO-coded action, as the lexicon describes it."""

    code: str  # full CAMEO code, e.g. "195"
    root: str  # two-digit root, e.g. "19"
    name: str  # the code's name, e.g. "Employ aerial weapons"
    rel_type: str  # graph relationship type from the root, e.g. "FIGHT"
    quad_class: int  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    goldstein: float


@dataclass(frozen=True)
class Event:
    """Actor -> action -> target, with the sentence that says so."""

    key: str  # article id + trigger offset (+ actor/target), stable across re-ingest
    actor: Entity
    target: Entity
    action: Action
    trigger: str
    lemma: str
    citation: Citation
    negated: bool = False
    modality: str | None = None  # "could", "would", "threatened", ...
    claimed_by: str | None = None  # who reports it, for reported claims


@dataclass(frozen=True)
class UnlinkedEvent:
    """An event whose actor or target could not be linked to an entity (kept under --keep-unlinked)."""

    key: str
    actor_text: str
    target_text: str
    action: Action
    trigger: str
    citation: Citation


@dataclass(frozen=True)
class ArticleGraph:
    """Everything derived from one article: what the writer stores in one transaction."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    unlinked: tuple[UnlinkedEvent, ...] = field(default=())

    @property
    def entities(self) -> tuple[Entity, ...]:
        seen: dict[str, Entity] = {}
        for m in self.mentions:
            seen.setdefault(m.entity.id, m.entity)
        for e in self.events:
            seen.setdefault(e.actor.id, e.actor)
            seen.setdefault(e.target.id, e.target)
        return tuple(seen.values())
