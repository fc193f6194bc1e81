"""Stages 1-2: names. NER spans and entity-ruler matches cleaned and resolved to gazetteer entities
(or folded keys for names outside it), adjacent pieces merged, demonyms and known short forms NER
left out."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from graphkit.fold import fold
from graphkit.link.base import _M, _SPLIT_PUNCT, LinkerBase
from graphkit.link.gazetteer import _POSSESSIVE, ENTITY_TYPES


class NameStage(LinkerBase):
    def base_mentions(self) -> None:
        for ent in self.doc.ents:
            if ent.label_ not in ENTITY_TYPES:
                continue
            if ent.ent_id_ and ent.ent_id_ in self.gaz.records:
                record = self.gaz.records[ent.ent_id_]
                start, end = ent.start, ent.end
                if record.entity.type in ("ORG", "FAC"):
                    # "Supreme National Security Council" is not the (UN) "Security Council": capitalised
                    # proper nouns just before an organisation's alias make it part of a longer name.
                    k = start
                    while (
                        k > 0
                        and self.pos[k - 1] == "PROPN"
                        and self.upper[k - 1]
                        and self._unlinked_name(k - 1)
                    ):
                        k -= 1
                    if k < start:
                        self._resolve_span(k, end, ent.label_)
                        continue
                self._claim(
                    _M(start, end, record.entity.type, "gazetteer", record.entity, record, name_start=start)
                )
                continue
            for piece_start, piece_end in self._clean_pieces(ent.start, ent.end):
                for start, end in self._possessor_split(piece_start, piece_end):
                    self._resolve_span(start, end, ent.label_)
        self._vessel_names()
        self._region_names()
        self._merge_adjacent()

    def _feature_names(self) -> None:
        """ "Mischief Reef", "Second Thomas Shoal", "Hormuz Strait": capitalised words before a
        capitalised geographic feature word are a place, where NER found no name."""
        for i, word in enumerate(self.words):
            if i == 0 or self.owner[i] is not None or not self.upper[i] or word not in self.lex.feature_nouns:
                continue
            start = i
            while start > 0 and self.owner[start - 1] is None and self.upper[start - 1] and i - start < 3:
                if self.pos[start - 1] not in ("PROPN", "NOUN", "ADJ", "NUM") or self.sent_start[start - 1]:
                    break
                start -= 1
            if start < i:
                self._claim(
                    _M(start, i + 1, "LOC", "ner", key=fold(self._text(start, i + 1)), name_start=start)
                )

    def _region_names(self) -> None:
        """ "the Poltava region", "Saada province", "Borno state": a place name outside the gazetteer
        and the region word after it are one name, the region (not the city it is named after)."""
        for m in list(self.ms):
            if m.dead or m.rule != "ner" or m.entity is not None or m.label == "PERSON":
                continue  # (NER often calls "Poltava" an organisation)
            end = m.end + 1
            if end > len(self.doc) or self.norm[m.end] not in self.lex.region_nouns or self.owner[m.end]:
                continue
            if end < len(self.doc) and self.upper[end] and self.pos[end] == "PROPN":
                continue  # "Ohio State University": a longer name
            self._claim(
                _M(m.start, end, "GPE", "ner", key=fold(self._text(m.start, end)), name_start=m.name_start)
            )
        self._feature_names()
        # the same where NER found no name: capitalised proper nouns compounded on the region word
        for i in range(1, len(self.doc)):
            if self.norm[i] not in self.lex.region_nouns or self.owner[i] is not None:
                continue
            start = i
            while (
                start > 0
                and self.owner[start - 1] is None
                and self.upper[start - 1]
                and (self.pos[start - 1] == "PROPN" and self.doc[start - 1].head.i == i)
            ):
                start -= 1
            nxt = i + 1
            longer = nxt < len(self.doc) and self.upper[nxt] and self.pos[nxt] == "PROPN"
            if start < i and not longer:
                self._claim(
                    _M(start, i + 1, "GPE", "ner", key=fold(self._text(start, i + 1)), name_start=start)
                )

    def _vessel_names(self) -> None:
        """ "USS John S. McCain", "HMS Defender": a navy prefix and the capitalised names after it are one
        ship, an ORG of its own, whatever NER made of it (a PRODUCT, "John S. McCain" as a person, or
        nothing)."""
        n = len(self.words)
        for i, word in enumerate(self.words):
            if word not in self.lex.vessel_prefixes:
                continue
            end = i + 1
            while end < n and end - i <= 5 and self.upper[end] and self.pos[end] == "PROPN":
                end += 1
            if end > i + 1:
                self._claim(_M(i, end, "ORG", "ner", key=fold(self._text(i, end)), name_start=i))

    def _possessor_split(self, start: int, end: int) -> list[tuple[int, int]]:
        """ "[the] North's Foreign Ministry", "Kenya's Interior Ministry" taken by NER as one name: the
        possessor is a mention of its own, so the body is resolved as that state's. Only when the
        possessor is a known name or a bare "the X" short form: "People's Liberation Army" and
        "Children's Hospital" stay whole."""
        for k in range(start + 1, end - 1):
            if self.doc[k].text not in _POSSESSIVE or not self.upper[k + 1]:
                continue
            known = fold(self._text(start, k)) in self.gaz.alias_index
            short = k - start == 1 and start > 0 and self.norm[start - 1] == "the"
            if known or short:
                return [(start, k), (k + 1, end)]
            break
        return [(start, end)]

    def _unlinked_name(self, i: int) -> bool:
        """Token i is free, or inside an ORG/FAC name NER found outside the gazetteer."""
        m = self.owner[i]
        return m is None or (m.rule == "ner" and m.entity is None and m.label in ("ORG", "FAC"))

    def _clean_pieces(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        doc = self.doc
        piece = start
        for i in range(start, end + 1):
            if i == end or doc[i].text in _SPLIT_PUNCT or doc[i].is_space:
                s, e = piece, i
                while s < e and (doc[s].lower_ in ("the", "a", "an") or doc[s].is_punct or doc[s].is_space):
                    s += 1
                while e > s and (
                    doc[e - 1].text in _POSSESSIVE
                    or doc[e - 1].is_punct
                    or doc[e - 1].is_space
                    or doc[e - 1].lower_ in ("and", "or")  # "North and" in "North and South Korea"
                ):
                    e -= 1
                if e > s:
                    yield s, e
                piece = i + 1

    def _resolve_span(self, start: int, end: int, label: str) -> _M | None:
        """Link an NER span by folded lookup, or keep it as a name outside the gazetteer."""
        title = self.lex.titles.match(self.norm, start, limit=end)
        name_start = title[0] if title and title[0] < end and self.upper[start] else start
        text = self._text(name_start, end)
        key = fold(text)
        if not key:
            return None
        eid = next(iter(self.gaz.alias_index.get(key, ())), None) or self.gaz.misspelling_of(key)
        if eid:
            record = self.gaz.records[eid]
            return self._claim(
                _M(start, end, record.entity.type, "gazetteer", record.entity, record, name_start=name_start)
            )
        # an ISO code NER calls a place ("USA"); an organisation's acronym that happens to be a code
        # ("NLD", the National League for Democracy) is not the country
        if text in self.gaz.code_index and label == "GPE":
            record = self.gaz.records[self.gaz.code_index[text]]
            return self._claim(
                _M(start, end, record.entity.type, "gazetteer", record.entity, record, name_start=name_start)
            )
        country = self.gaz.people_index.get(key) or self.gaz.demonym_index.get(key)
        if country:
            return self._claim(_M(start, end, "NORP", "demonym", country=country, demonym=True, key=key))
        # "Iraqi Officials", "Iraqi Armed Forces": NER spans that are a country reference plus an actor
        # noun, office or state body are split, so that the phrase rules below see the country reference.
        split = self._country_prefix(name_start, end) if end - name_start >= 2 else None
        if split is not None and self._phrase_follows(split[0], split[1]):
            cut, cid, is_dem = split
            country_record = None if is_dem else self.gaz.records[cid]
            self._claim(
                _M(
                    name_start,
                    cut,
                    "NORP" if is_dem else "GPE",
                    "demonym" if is_dem else "gazetteer",
                    country_record.entity if country_record else None,
                    country_record,
                    country=cid,
                    demonym=is_dem,
                )
            )
            if self._is_name(cut, end):
                self._claim(_M(cut, end, label, "ner", key=fold(self._text(cut, end)), name_start=cut))
            return None
        state = self._leaders_government(name_start, end)
        if state is not None:  # "the Trump administration", "the Modi government": the state acting
            record = self.gaz.records[state]
            return self._claim(
                _M(
                    start,
                    end,
                    "GPE",
                    "country-actor",
                    record.entity,
                    record,
                    country=state,
                    name_start=name_start,
                )
            )
        if not self._is_name(name_start, end):
            return None
        return self._claim(_M(start, end, label, "ner", key=key, name_start=name_start))

    def _leaders_government(self, start: int, end: int) -> str | None:
        """The state of "<leader> administration/government" when the gazetteer knows the leader."""
        if end - start < 2 or self.norm[end - 1] not in ("administration", "government"):
            return None
        key = fold(self._text(start, end - 1))
        ids = self.gaz.alias_index.get(key) or self.gaz.short_index.get(key) or []
        if len(set(ids)) != 1:
            return None
        record = self.gaz.records[ids[0]]
        if record.entity.type != "PERSON" or not record.country or record.country not in self.gaz.records:
            return None
        return record.country

    def _is_name(self, start: int, end: int) -> bool:
        """A name has a capitalised or numeric token and is not a pronoun or a common noun alone."""
        toks = self.doc[start:end]
        if not any(t.text[:1].isupper() or t.text[:1].isdigit() or t.text[:1] == "@" for t in toks):
            return False
        # a paragraph's first word is capitalised whatever it is ("Friction between Iran and ...")
        opening = toks[0].is_sent_start or start == 0 or "\n" in self.doc[start - 1].text
        if len(toks) == 1 and (
            toks[0].lower_ in self.lex.not_names or (toks[0].pos_ not in ("PROPN", "", "X") and opening)
        ):
            return False
        return any(t.pos_ in ("PROPN", "", "X", "NUM") or not t.is_sent_start for t in toks)

    def _country_prefix(self, start: int, end: int) -> tuple[int, str, bool] | None:
        """(end of the country reference, country id, is demonym) if the span starts with one."""
        for cut in range(min(end - 1, start + 4), start, -1):
            key = fold(self._text(start, cut))
            if key in self.gaz.demonym_index:
                return cut, self.gaz.demonym_index[key], True
            for eid in self.gaz.alias_index.get(key, ()):
                if self.gaz.records[eid].kind == "country":
                    return cut, eid, False
        return None

    def _phrase_follows(self, j: int, cid: str) -> bool:
        if j < len(self.words) and self.words[j] in _POSSESSIVE:
            j += 1
        roles = self.gaz.role_phrases.get(cid)
        return bool(
            self.lex.actor_nouns.match(self.norm, j)
            or (self.norm[j : j + 1] and self.norm[j] in self.lex.actor_modifiers)
            or self.lex.institutions.match(self.norm, j)
            or (roles is not None and roles.match(self.norm, j))
        )

    def _merge_adjacent(self) -> None:
        """Two touching spans that together fold to a known alias ("Kata’ib" + "Hezbollah") become one."""
        ordered = sorted((m for m in self.ms if not m.dead), key=lambda m: m.start)
        for a, b in itertools.pairwise(ordered):
            if a.dead or b.dead or a.end != b.start:
                continue
            ids = self.gaz.alias_index.get(fold(self._text(a.start, b.end)))
            if ids and ids[0] != (a.entity.id if a.entity else None):
                record = self.gaz.records[ids[0]]
                self._claim(
                    _M(
                        a.start,
                        b.end,
                        record.entity.type,
                        "gazetteer",
                        record.entity,
                        record,
                        name_start=a.start,
                    )
                )

    def scan_tokens(self) -> None:
        """Demonyms and gazetteer short forms that NER did not tag (capitalised tokens only)."""
        for i, word in enumerate(self.words):
            if self.owner[i] is not None or not self.upper[i]:
                continue
            key = fold(word)
            country = self.gaz.people_index.get(key) or self.gaz.demonym_index.get(key)
            if country:
                self._claim(_M(i, i + 1, "NORP", "demonym", country=country, demonym=True, key=key))
            elif key in self.gaz.short_index:  # distinctive surnames; the tagger often calls them NOUN
                self._claim(_M(i, i + 1, "PERSON", "ner", key=key, name_start=i))
