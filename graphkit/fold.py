"""Matching keys for names: one string in -> its folded key out.

``fold("Kata’ib Hizballah") == fold("Kataib Hezbollah") == "kataib hezbolah"``. Two surface forms that
name the same thing should fold to the same key, and names of different things must not: "Iran" and
"Iraq" stay apart, as do "Hezbollah" and "Kata'ib Hezbollah". Keys are for matching and for the ids of
entities outside the gazetteer ("PERSON:<key>"), never for display.

Steps, in order: Unicode NFKC; curly quotes and dashes to ASCII; accents dropped; case folded; possessive
"'s" and trailing "s'" removed; other apostrophes removed (Kata'ib = Kataib); dots removed (U.S. = US);
the Arabic article "al"/"el" dropped unless it is the last word (al-Quds = Quds, Bashar al-Assad =
Bashar Assad); hyphens and other punctuation to spaces; a leading "the" dropped; doubled
letters collapsed (Qassem = Qasem); then per-word transliteration rules from
data/gazetteer/transliteration.yaml (Suleimani = Soleimani).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

_RULES_FILE = Path(__file__).parent / "data" / "gazetteer" / "transliteration.yaml"

_APOSTROPHES = str.maketrans({c: "'" for c in "’‘ʼʻ`´′‛"})
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−"})
_POSSESSIVE = re.compile(r"'s\b|(?<=s)'(?=\s|$)")
_ARTICLE_ATTACHED = re.compile(r"\b(?:al|el)-(?=\w)")
_NON_WORD = re.compile(r"[^\w@#]+")  # keep @handles and #tags recognisable
_DOUBLED = re.compile(r"([a-z])\1+")


@lru_cache(maxsize=1)
def _word_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    data = yaml.safe_load(_RULES_FILE.read_text(encoding="utf-8")) or {}
    return tuple((re.compile(f"(?:{r['match']})"), str(r["to"])) for r in data.get("words", []))


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _fold_word(word: str, rules: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    word = _DOUBLED.sub(r"\1", word)
    for pattern, replacement in rules:
        if pattern.fullmatch(word):
            return replacement
    return word


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """The matching key of a name (see the module docstring for what it folds)."""
    text = unicodedata.normalize("NFKC", name).translate(_APOSTROPHES).translate(_DASHES)
    text = _strip_accents(text).casefold()
    text = _POSSESSIVE.sub("", text)
    text = text.replace("'", "").replace(".", "")
    text = _ARTICLE_ATTACHED.sub("", text)
    words = [w for w in _NON_WORD.split(text) if w]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    # A free-standing Arabic article ("Bashar al Assad", "Al Asad Airbase") is dropped like "al-".
    words = [w for i, w in enumerate(words) if not (w in ("al", "el") and i < len(words) - 1)]
    rules = _word_rules()
    return " ".join(_fold_word(w, rules) for w in words)
