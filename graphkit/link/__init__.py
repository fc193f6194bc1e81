"""Entity linking: spaCy Doc + Gazetteer -> canonical Mentions.

``link_mentions(doc, gazetteer, published)`` returns one ``Mention`` per referring span of ``doc`` (sorted,
non-overlapping; character offsets index ``doc.text``), each carrying its canonical ``Entity`` and the rule
that linked it. The function is pure: the same Doc, gazetteer and date give the same mentions.

Entity ids: the Wikidata Q-id where the gazetteer knows it, else a gazetteer id ("gaz:<slug>", "iso:<code>"),
else "<TYPE>:<fold(name)>" so that equal names merge across articles (the writer MERGEs on id). Roles that
cannot be resolved to a person stay "ROLE:<role id>" with type ROLE.

Modules: gazetteer.py (entities and lookups), loading.py (gazetteer files), base.py (mentions being
built), names.py, roles.py, coreference.py, pronouns.py, metonyms.py (the stages), linker.py (output).

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

from spacy.tokens import Doc

from graphkit.fold import fold
from graphkit.link.gazetteer import Candidate, Gazetteer, Record, Role, normalize_date
from graphkit.link.linker import _Linker
from graphkit.models import Entity, Mention


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


__all__ = [
    "Candidate",
    "Gazetteer",
    "Record",
    "Role",
    "entity_key",
    "explain",
    "link_mentions",
    "normalize_date",
]
