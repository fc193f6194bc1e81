"""Facts about English parses that the linker and the extractor both need."""

from __future__ import annotations

from spacy.tokens import Token

# "Kagame greeted Museveni, moments later awarding him a medal": the parser takes the time phrase for
# the participle's subject; a time word never acts
_TIME_NOUNS = frozenset({"moment", "second", "minute", "hour", "day", "week", "month", "year", "time"})


def time_word(tok: Token) -> bool:
    """A common noun of time ("moments", "days"), which the parser may take for a subject."""
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in _TIME_NOUNS
