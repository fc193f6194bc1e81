"""Stage 4: in-document coreference of names. Acronyms defined in parentheses, short forms
("Soleimani" -> Qassem Soleimani), definite descriptions ("the militia", "the government") when one
entity named just before fits."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from graphkit.fold import fold
from graphkit.link.base import _ACRONYM_STOP, _M, LinkerBase, _identity
from graphkit.link.gazetteer import _POSSESSIVE

_ORGAN_MODIFIERS = {"government", "regime", "junta"}
_ORGAN_HEADS = {"forces", "troops", "soldiers", "officials", "authorities", "agents", "police"}


# descriptions that name a state's organ ("the army", "the government"): see _antecedent
_ORGAN_WORDS = frozenset({"army", "military", "government", "regime", "junta"})


# the kinds of names a parenthesised gloss may rename (organisations and groups; people)
_GLOSS_KINDS = {"ORG": "body", "NORP": "body", "PERSON": "person"}


class CoreferenceStage(LinkerBase):
    def acronyms(self) -> None:
        doc = self.doc
        defined: dict[str, _M] = {}
        for m in sorted(self.live(), key=lambda x: x.start):
            i = m.end
            if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
                acro = doc[i + 1].text
                if acro.isupper() and 2 <= len(acro) <= 8 and self._initials_fit(acro, m):
                    defined[acro] = m
        self._undefined_acronyms(defined)
        self._glosses()
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

    def _glosses(self) -> None:
        """ "the Ennahda (Renaissance) party", "Hamas (Islamic Resistance Movement)": a name in parentheses
        right after a name of the same kind is that body's or person's other name (a translation, the
        full name), so both are one entity. Places are left out: "Sadr City (Baghdad)" locates, it does
        not rename; so are two different gazetteer entities."""
        doc = self.doc
        for m in sorted(self.live(), key=lambda x: x.start):
            i = m.end
            if i + 2 >= len(doc) or doc[i].text != "(" or m.dead:
                continue
            gloss = self._at(i + 1)
            if gloss is None or gloss.start != i + 1 or gloss.end >= len(doc) or doc[gloss.end].text != ")":
                continue
            kinds = {_GLOSS_KINDS.get(m.type), _GLOSS_KINDS.get(gloss.type)}
            if len(kinds) != 1 or None in kinds or gloss.final() is m.final():
                continue
            if m.final().entity is not None and gloss.final().entity is not None:
                continue  # two gazetteer entities are never merged here
            if gloss.final().record is not None:
                m.ref = gloss  # "Harakat al-Muqawama (Hamas)": the known name carries the entity
            else:
                gloss.ref = m

    def _undefined_acronyms(self, defined: dict[str, _M]) -> None:
        """ "NLD" in an article that names the National League for Democracy but never writes "(NLD)": an
        upper-case word whose letters are the initials of exactly one organisation of three or more words
        named in the article (exact initials, so short names do not catch stray capitals)."""
        orgs = [
            m
            for m in self.live()
            if m.type in ("ORG", "NORP") and len(self._text(m.start, m.end).split()) >= 3
        ]
        for word in {w for w in self.words if w.isupper() and 3 <= len(w) <= 6 and w.isalpha()}:
            if word in defined:
                continue
            fits = {id(m.final()): m for m in orgs if self._exact_initials(word, m)}
            if len(fits) == 1:
                defined[word] = next(iter(fits.values()))

    def _exact_initials(self, acro: str, m: _M) -> bool:
        words = [
            w
            for w in re.split(r"[\s\-]+", self._text(m.name_start if m.name_start >= 0 else m.start, m.end))
            if w and w.lower() not in _ACRONYM_STOP
        ]
        return "".join(w[0].upper() for w in words if w[0].isalpha()) == acro

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
        country_firsts: dict[str, list[_M]] = defaultdict(list)
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
            elif f.type in ("ORG", "FAC", "NORP"):
                org_heads[fold(words[-1].text)].append(m)
            elif f.type == "GPE" and m.record is not None and m.record.kind == "country":
                # "the North" after "North Korea", "the South" after "South Sudan"
                country_firsts[fold(words[0].text)].append(m)
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
            if (
                target is None
                and m.label in ("ORG", "NORP")
                and m.end - m.start == 1
                # an adjective ("Muslim powers") describes; only a noun can stand for the named group
                and self.doc[m.start].pos_ != "ADJ"
            ):
                # "Brotherhood" after "Muslim Brotherhood": a one-word head of an organisation named before
                # named before, or anywhere when this is the headline ("Top Brotherhood Leader Arrested")
                headline = self.sent_of[m.start] == 0
                cands = [c for c in org_heads.get(key, ()) if c.start < m.start or headline]
                target = self._nearest(cands, m, unique=True)
            if target is None and m.end - m.start == 1 and m.start > 0 and self.norm[m.start - 1] == "the":
                # "the North" after "North Korea" (NER calls it a place of its own)
                before = [c for c in country_firsts.get(key, ()) if c.start < m.start]
                target = self._nearest(before, m, unique=True)
                if target is not None and target.record is not None:
                    m.ref, m.rule = target, "short-form"
                    # "the North's Foreign Ministry", "the South's president": as after the full name
                    self._phrases_of_country(m, target.record.entity.id)
                    continue
            if target is not None and target is not m:
                m.ref, m.rule = target, "short-form"
                continue
            ids = self.gaz.short_index.get(key, [])
            if len(ids) == 1:
                record = self.gaz.records[ids[0]]
                m.entity, m.record, m.rule, m.label = record.entity, record, "short-form", record.entity.type
        self._shared_head_names(live)
        # surnames NER did not tag at all ("Vance met with ...")
        for i, word in enumerate(self.words):
            if self.owner[i] is not None or not self.upper[i] or self.norm[i] in self.lex.not_names:
                continue
            here = _M(i, i + 1, "", "")
            # "Abiy" after "Abiy Ahmed": a given name standing alone, when one person in the article has it
            target = self._nearest(persons.get(fold(word), ()), here) or self._nearest(
                firsts.get(fold(word), ()), here, unique=True
            )
            if target is not None:
                self._claim(_M(i, i + 1, "PERSON", "short-form", ref=target, name_start=i))
        # "the Guard" after "Revolutionary Guard": a capitalised head word after "the"
        for i, word in enumerate(self.words):
            if self.owner[i] is not None or not self.upper[i] or i == 0 or self.norm[i - 1] != "the":
                continue
            if self.sent_start[i] or (i + 1 < len(self.words) and self.upper[i + 1]):
                continue
            heads = org_heads.get(fold(word)) or country_firsts.get(fold(word)) or []
            target = self._nearest(heads, _M(i, i + 1, "", ""), unique=True)
            if target is not None and target.start < i:
                self._claim(_M(i, i + 1, target.label, "short-form", ref=target))

    def _shared_head_names(self, live: Sequence[_M]) -> None:
        """ "North and South Korea", "North, South Korea Trade Fire": a compass word coordinated with a
        name that starts with another one shares the rest of that name (North Korea)."""
        compass = {"north", "south", "east", "west"}
        for m in live:
            if (
                m.dead
                or m.end - m.start != 1
                or m.final().record is not None
                or self.norm[m.start] not in compass
            ):
                continue
            j = m.end
            if j < len(self.norm) and self.norm[j] in (",", "and", "&", "or"):
                j += 1
            other = self._at(j)
            if other is None or other is m or self.norm[other.start] not in compass:
                continue
            key = fold(self._text(m.start, m.end) + " " + self._text(other.start + 1, other.end))
            ids = self.gaz.alias_index.get(key, [])
            if len(ids) == 1:
                record = self.gaz.records[ids[0]]
                m.entity, m.record, m.rule, m.label = record.entity, record, "short-form", record.entity.type

    @staticmethod
    def _nearest(cands: Sequence[_M], m: _M, unique: bool = False) -> _M | None:
        if not cands:
            return None
        # one person: the same entity, or (outside the gazetteer, before ids exist) the same full name
        if unique and len({c.final().key or _identity(c) for c in cands}) > 1:
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
                (
                    self.pos[i + 1] in ("NOUN", "PROPN")
                    and self._at(i + 1) is None
                    and self.doc[i + 1].ent_type_ not in ("DATE", "TIME")  # "ousted by the army July 3"
                )
                or self.norm[i + 1] == "of"
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
            target = self._antecedent(i, kinds, types, organ=word in _ORGAN_WORDS)
            if target is not None:
                start = det if all(self._at(k) is None for k in range(det, i)) else i
                dm = self._claim(_M(start, i + 1, target.type, "description", ref=target))
                record = target.final().record
                if record is not None and record.kind == "country":
                    # "the country's embassy in Tehran", "the kingdom's foreign minister"
                    self._phrases_of_country(dm, record.entity.id)
        self._state_organs()
        self._facility_descriptions()

    def _facility_descriptions(self) -> None:
        """ "the market", "the camp" after "the al-Thabet market", "the Akouedo military camp": the one
        place named before whose name ends in that facility word, within a few sentences."""
        for i, word in enumerate(self.norm):
            if i == 0 or self.owner[i] is not None or self.norm[i - 1] != "the" or self.pos[i] != "NOUN":
                continue
            if not self.lex.facility_nouns.match(self.norm, i, limit=i + 1) or self.tag[i] != "NN":
                continue
            if i + 1 < len(self.pos) and (self.pos[i + 1] in ("NOUN", "PROPN") or self.norm[i + 1] == "of"):
                continue  # "the market square", "the camp of X"
            first = self.sents[max(0, self.sent_of[i] - 8)].start
            named: dict[str, _M] = {}
            for ms in self._by_sent.values():
                for m in ms:
                    f = m.final()
                    name = f.entity.id if f.entity is not None else f.key
                    near = first <= m.start and m.end < i and m.end - m.start > 1
                    if name and near and not m.dead and self.norm[m.end - 1] == word:
                        named[name] = m
            if len(named) == 1:
                target = next(iter(named.values()))
                self._claim(_M(i - 1, i + 1, target.type, "description", ref=target))

    def _state_organs(self) -> None:
        """ "government forces", "regime troops", "junta officials" with no country named on them: the
        state's organs, so the one country named just before (gold CONVENTIONS: a state's forces are
        the state)."""
        country = frozenset({"country"})
        for i in range(len(self.norm) - 1):
            if self.norm[i] not in _ORGAN_MODIFIERS or self.norm[i + 1] not in _ORGAN_HEADS:
                continue
            if self.owner[i] is not None or self.owner[i + 1] is not None:
                continue
            if i > 0 and (self._at(i - 1) is not None or self.norm[i - 1] in _POSSESSIVE):
                continue  # "Syrian government forces", "Iraq's security forces": named already
            target = self._antecedent(i, country, frozenset(), organ=True)
            if target is not None:
                self._claim(_M(i, i + 2, target.type, "description", ref=target))

    def _antecedent(
        self, i: int, kinds: frozenset[str], types: frozenset[str], organ: bool = False
    ) -> _M | None:
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
                # "Congo accused Rwanda of backing the rebels, as clashes between the army and the
                # militia continued": of several states, the one whose army or government it is, is the
                # main subject of the sentence (not so "the country", which may be any of them)
                main = [m for m in found.values() if organ and self._main_subject(m, s)]
                return main[0] if len(main) == 1 else None
        return self._story_state(i) if organ else None

    def _story_state(self, i: int) -> _M | None:
        """ "the military" with no state named in the sentences before: the state the story is about,
        when one clearly is (named at least twice before, twice as often as any other)."""
        counts: dict[str, list[_M]] = defaultdict(list)
        for ms in self._by_sent.values():
            for m in ms:
                kind, _ = self._kind_of(m)
                entity = m.final().entity
                if kind == "country" and m.start < i and not m.dead and entity is not None:
                    counts[entity.id].append(m)
        ranked = sorted(counts.values(), key=len, reverse=True)
        if not ranked or len(ranked[0]) < 2 or (len(ranked) > 1 and len(ranked[0]) < 2 * len(ranked[1])):
            return None
        return ranked[0][-1]

    def _main_subject(self, m: _M, s: int) -> bool:
        """The mention is (the head of) the subject of its sentence's root verb."""
        span = self.doc[m.start : m.end]
        head = span.root  # "Democratic Republic of Congo": "Republic"
        while head.dep_ == "compound" and head.head.i >= m.end:
            head = head.head  # "the Syrian government": the noun it names
        return head.dep_ in ("nsubj", "nsubjpass") and head.head.i == self.sents[s].root.i
