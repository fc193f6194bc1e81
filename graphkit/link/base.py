"""The linker's working state: mentions being built (``_M``), token ownership, and the helpers every
stage uses. The stages (names, roles, coreference, pronouns, metonyms) are mixins over ``LinkerBase``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.attrs import HEAD, ORTH, POS, TAG
from spacy.tokens import Doc

from graphkit.grammar import sentences
from graphkit.link.gazetteer import Gazetteer, Record, Role, _norm_word
from graphkit.models import Entity

_SPLIT_PUNCT = {"/", "[", "]", "(", ")", "|", "»", "«", '"', "“", "”", ";", "\n", ":", "—", "–"}


_ACRONYM_STOP = {"of", "the", "and", "in", "for", "on", "al", "el", "-"}


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


class LinkerBase:
    """The document being linked and the mentions built so far; the stages are mixins over it."""

    def __init__(self, doc: Doc, gaz: Gazetteer, date: str | None) -> None:
        self.doc = doc
        self.gaz = gaz
        self.lex = gaz.lexicon
        self.date = date
        self.text = doc.text  # Doc.text joins every token: build it once
        # One pass over the tokens: creating spaCy Token objects is what costs, so the loops below read
        # these lists instead.
        # words, tags and heads (relative offsets) from the arrays spaCy keeps them in: no Token objects
        strings = doc.vocab.strings
        rows: list[list[int]] = doc.to_array([ORTH, POS, TAG]).tolist() if len(doc) else []
        self.words = [strings[r[0]] for r in rows]
        self.pos = [strings[r[1]] if r[1] else "" for r in rows]
        self.tag = [strings[r[2]] if r[2] else "" for r in rows]
        offsets: list[int] = doc.to_array([HEAD]).astype("int64").tolist() if len(doc) else []
        self.head_i = [i + off for i, off in enumerate(offsets)]
        self.upper = [w[:1].isupper() for w in self.words]
        self.norm = [_norm_word(w) for w in self.words]
        self.ms: list[_M] = []
        self.owner: list[_M | None] = [None] * len(doc)
        self._by_sent: dict[int, list[_M]] = {}
        self.sents = sentences(doc) or [doc[:]]
        self.sent_of: list[int] = [0] * len(doc)
        self.sent_start: list[bool] = [False] * len(doc)
        for si, sent in enumerate(self.sents):
            self.sent_of[sent.start : sent.end] = [si] * (sent.end - sent.start)
            if sent.end > sent.start:
                self.sent_start[sent.start] = True

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

    def subtree(self, i: int) -> set[int]:
        """The token indices of i's subtree, read from the head list (no spaCy Token objects)."""
        sent = self.sents[self.sent_of[i]]
        out = {i}
        for k in range(sent.start, sent.end):
            j, steps = k, 0
            while j != i and self.head_i[j] != j and steps < 64:
                j, steps = self.head_i[j], steps + 1
            if j == i:
                out.add(k)
        return out

    def _at(self, i: int) -> _M | None:
        if 0 <= i < len(self.doc):
            m = self.owner[i]
            return m if m is not None and not m.dead else None
        return None

    def _text(self, start: int, end: int) -> str:
        return self.doc[start:end].text

    def _free(self, start: int, end: int) -> bool:
        """No linked mention in [start, end): free tokens, or NER names outside the gazetteer that a
        phrase rule may absorb ("Secretary of State" where NER tagged "State")."""
        for i in range(start, end):
            m = self._at(i)
            if m is not None and (m.rule != "ner" or m.entity is not None):
                return False
        return True

    def _phrases_of_country(self, m: _M, cid: str) -> None:
        """Defined by RoleStage; declared here for the stages that call it."""
        raise NotImplementedError

    def live(self) -> Iterator[_M]:
        return (m for m in self.ms if not m.dead)

    def _type_at(self, i: int) -> str | None:
        m = self._at(i)
        return m.type if m is not None else None

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
