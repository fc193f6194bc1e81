"""Facts about English parses that the linker and the extractor both need."""

from __future__ import annotations

import itertools

import numpy
from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span, Token

# "Kagame greeted Museveni, moments later awarding him a medal": the parser takes the time phrase for
# the participle's subject; a time word never acts
_TIME_NOUNS = frozenset({"moment", "second", "minute", "hour", "day", "week", "month", "year", "time"})


def time_word(tok: Token) -> bool:
    """A common noun of time ("moments", "days"), which the parser may take for a subject."""
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in _TIME_NOUNS


def sentences(doc: Doc) -> list[Span]:
    """``list(doc.sents)``, read from the sentence-start array: spaCy's ``doc.sents`` creates a Token
    object for every token of the document to find the same boundaries."""
    if not len(doc):
        return []
    if not doc.has_annotation("SENT_START"):
        return [doc[:]]
    starts = numpy.flatnonzero(doc.to_array([SENT_START]) == 1).tolist()
    if not starts or starts[0] != 0:
        starts = [0, *starts]
    bounds = [*starts, len(doc)]
    return [doc[a:b] for a, b in itertools.pairwise(bounds)]
