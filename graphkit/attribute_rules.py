"""The model's ``attribute_ruler`` matched by table lookup, with spaCy's own code setting the attributes.

en_core_web_sm's attribute ruler maps tags to parts of speech and morphology with about 180 rules. spaCy
runs them through its general token Matcher, which tries every rule at every token: about 10 ms an article,
as much as the tagger, parser and lemmatizer together. The rules test one or two tokens for equal or listed
(or unlisted) values of TAG, LOWER, DEP or IS_SPACE, or a regular expression on LOWER; here each rule is
filed under the tags (or else lower-case forms) its first token accepts, so a token is tried only against
the few rules that can match it. The matches are sorted as the ruler sorts them and handed to the ruler's
own ``set_annotations``, so the annotations are exactly the ruler's: ``tests/test_nlp.py`` compares them
token for token.

A ruler with a rule of another shape (operators, other attributes: another model) is left as it is.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore
from spacy.tokens import Doc

_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_ROW_ATTRS = [TAG, LOWER, DEP, IS_SPACE]
Row = tuple[int, int, int, int]


class Unsupported(ValueError):
    """A pattern entry the table cannot test the way the Matcher does."""


@dataclass(frozen=True)
class _Test:
    """One token attribute: its value must be among ``values`` (with ``negated``, not among them)."""

    column: int
    values: frozenset[int]
    negated: bool = False

    def holds(self, row: Row) -> bool:
        return (row[self.column] in self.values) != self.negated


class _RegexTest:
    """A regular expression searched in the token's lower-case form, memoised per form."""

    def __init__(self, pattern: str, strings: StringStore) -> None:
        self.search = re.compile(pattern).search
        self.strings = strings
        self.seen: dict[int, bool] = {}

    def holds(self, row: Row) -> bool:
        lower = row[1]
        found = self.seen.get(lower)
        if found is None:
            if len(self.seen) > 100_000:  # forms keep coming in a large corpus
                self.seen.clear()
            found = self.seen[lower] = self.search(self.strings[lower]) is not None
        return found


Test = _Test | _RegexTest


@dataclass(frozen=True)
class _Rule:
    rule_id: int
    tokens: tuple[tuple[Test, ...], ...]  # the tests of each token of the pattern

    def holds_at(self, rows: list[Row], i: int) -> bool:
        if i + len(self.tokens) > len(rows):
            return False
        return all(t.holds(rows[i + k]) for k, tests in enumerate(self.tokens) for t in tests)


def _test(name: str, value: Any, strings: StringStore) -> Test:
    column = _COLUMNS.get(name)
    if column is None:
        raise Unsupported(name)
    if name == "IS_SPACE":
        if not isinstance(value, bool):
            raise Unsupported(name)
        return _Test(column, frozenset({int(value)}))
    if isinstance(value, str):
        return _Test(column, frozenset({strings.add(value)}))
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
            return _Test(column, frozenset(strings.add(v) for v in arg), negated=op == "NOT_IN")
        if op == "REGEX" and name == "LOWER" and isinstance(arg, str):
            return _RegexTest(arg, strings)
    raise Unsupported(f"{name}: {value!r}")


class IndexedAttributeRules:
    """A drop-in ``match`` for an AttributeRuler: the same matches in the same order."""

    def __init__(self, ruler: AttributeRuler) -> None:
        strings = ruler.vocab.strings
        # rules that test a token's tag alone, or its tag and lower-case form alone, hold wherever the
        # lookup finds them; every other rule is tried where its first token's tag or form fits
        self.by_tag: dict[int, list[int]] = defaultdict(list)
        self.by_tag_lower: dict[tuple[int, int], list[int]] = defaultdict(list)
        # per column (tag, form, dependency, space): value -> rules whose first token needs that value
        self.tried: tuple[dict[int, list[_Rule]], ...] = tuple(defaultdict(list) for _ in _COLUMNS)
        self.tried_anywhere: list[_Rule] = []
        self.keys = [strings.add(str(i)) for i in range(len(ruler.attrs))]
        for rule_id in range(len(ruler.attrs)):
            for pattern in ruler.matcher.get(str(rule_id))[1]:
                if not pattern or any("OP" in spec for spec in pattern):
                    raise Unsupported("operator")
                tokens = tuple(tuple(_test(n, v, strings) for n, v in spec.items()) for spec in pattern)
                self._file(_Rule(rule_id, tokens))

    def _file(self, rule: _Rule) -> None:
        tests = {t.column: t for t in rule.tokens[0] if isinstance(t, _Test) and not t.negated}
        tag, lower = tests.get(_COLUMNS["TAG"]), tests.get(_COLUMNS["LOWER"])
        plain = len(rule.tokens) == 1 and len(tests) == len(rule.tokens[0])
        if plain and tag is not None and len(tests) == 1:
            for t in tag.values:
                self.by_tag[t].append(rule.rule_id)
        elif plain and tag is not None and lower is not None and len(tests) == 2:
            for t in tag.values:
                for w in lower.values:
                    self.by_tag_lower[(t, w)].append(rule.rule_id)
        elif tests:
            column, test = min(tests.items())
            for value in test.values:
                self.tried[column][value].append(rule)
        else:
            self.tried_anywhere.append(rule)

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        rows: list[Row] = [tuple(r) for r in doc.to_array(_ROW_ATTRS).tolist()]  # type: ignore[misc]
        keys, by_tag, by_tag_lower = self.keys, self.by_tag, self.by_tag_lower
        tried_tag, tried_lower, tried_dep, tried_space = self.tried
        matches = []
        for i, row in enumerate(rows):
            tag, lower, dep, space = row
            for rule_id in by_tag.get(tag, ()):
                matches.append((rule_id, keys[rule_id], i, i + 1))
            for rule_id in by_tag_lower.get((tag, lower), ()):
                matches.append((rule_id, keys[rule_id], i, i + 1))
            tried = (tried_tag.get(tag), tried_lower.get(lower), tried_dep.get(dep), tried_space.get(space))
            for rules in (*tried, self.tried_anywhere):
                for rule in rules or ():
                    if rule.holds_at(rows, i):
                        matches.append((rule.rule_id, keys[rule.rule_id], i, i + len(rule.tokens)))
        matches.sort()
        return matches


def index_attribute_rules(ruler: AttributeRuler) -> bool:
    """Give ``ruler`` the table lookup as its ``match``; False (ruler unchanged) if one of its rules has
    a shape the table does not take."""
    try:
        indexed = IndexedAttributeRules(ruler)
    except Unsupported:
        return False
    ruler.match = indexed.match  # type: ignore[method-assign]
    return True
