"""Stage 5: titles, facilities and metonyms. A capital or seat (Washington, the Kremlin) is its state
where the article uses it as an actor, the city where it is a place."""

from __future__ import annotations

from collections import Counter, defaultdict

from graphkit.fold import fold
from graphkit.link.base import _M, LinkerBase
from graphkit.link.gazetteer import _POSSESSIVE


class MetonymStage(LinkerBase):
    def titles_and_facilities(self) -> None:
        for m in list(self.live()):
            if m.type == "PERSON" and m.rule != "role":
                hit = self.lex.titles.match_ending(self.norm, m.start, max_len=4)
                if hit and self.upper[hit[0]] and self._free(hit[0], m.start):
                    self.owner[hit[0] : m.start] = [m] * (m.start - hit[0])
                    m.start = hit[0]
                    continue
            if m.rule == "ner" and (m.type in ("GPE", "ORG", "LOC", "FAC") or m.end - m.start == 1):
                # a one-word name before "market" or "refugee camp" is the place, whatever NER called it
                hit = self.lex.facility_nouns.match(self.norm, m.end)
                if hit and self._free(m.end, hit[0]):
                    for k in range(m.end, hit[0]):
                        self.owner[k] = m
                    m.end, m.label = hit[0], "FAC"
                    m.key = fold(self._text(m.name_start, m.end))
                    ids = self.gaz.alias_index.get(m.key)
                    if ids:
                        m.record = self.gaz.records[ids[0]]
                        m.entity, m.rule = m.record.entity, "gazetteer"

    def metonyms(self) -> None:
        groups: dict[str, list[_M]] = defaultdict(list)
        votes: Counter[str] = Counter()
        for m in self.ms:
            if m.record is not None and m.record.metonym_of and m.rule == "gazetteer":
                eid = m.record.entity.id
                votes[eid] += m.actor_votes
                if not m.dead:
                    groups[eid].append(m)
                    votes[eid] += self._vote(m)
        for eid, ms in groups.items():
            state = self.gaz.records[self.gaz.records[eid].metonym_of]  # type: ignore[index]
            # a seat of government ("the Kremlin", "the White House") is in news the government even
            # where it is also a place ("lobby for change in the Kremlin", "a White House ceremony");
            # only a place noun it modifies makes it the building ("the White House lawn")
            seat = self.gaz.records[eid].kind == "building"
            for m in ms:
                # one sense per article, except where the phrase leaves no doubt ("ties to Tehran")
                if (seat and not self._modifies_place_noun(m)) or votes[eid] > 0 or self._relation_party(m):
                    m.entity, m.record, m.rule, m.label = state.entity, state, "metonym", state.entity.type

    def _modifies_place_noun(self, m: _M) -> bool:
        tok = self.doc[m.end - 1]
        return tok.dep_ in ("compound", "nmod", "amod") and tok.head.lower_ in self.lex.location_nouns

    def _relation_party(self, m: _M) -> bool:
        tok = self.doc[m.end - 1]
        return tok.dep_ == "pobj" and tok.head.head.lemma_.lower() in self.lex.relation_nouns

    def _vote(self, m: _M) -> int:
        """+1 when the place is used as an actor, -1 when as a location, 0 when the parse cannot tell."""
        doc = self.doc
        head_tok = doc[m.end - 1]
        dep = head_tok.dep_
        if m.start > 0 and self.norm[m.start - 1] in self.lex.locative_preps:
            return -1
        if m.end < len(doc) and doc[m.end].text in _POSSESSIVE:
            owner = head_tok.head
            possessed = self._at(owner.i)
            if owner.lower_ in self.lex.location_nouns or (
                possessed is not None and possessed.type in ("LOC", "FAC", "GPE")
            ):
                return -1
            return 1
        if dep in ("nsubj", "nsubjpass", "agent"):
            return 1
        if dep in ("compound", "nmod", "amod") and head_tok.head.lower_ in self.lex.location_nouns:
            return -1  # "a Moscow street", "the Kabul airport": the city
        if dep == "pobj":
            prep = head_tok.head.lower_
            if head_tok.head.head.lemma_.lower() in self.lex.relation_nouns:
                return 1  # "ties to Tehran", "relations with Moscow": the state
            if prep in self.lex.locative_preps:
                return -1
            if prep == "of":
                return (
                    -1
                    if head_tok.head.head.lower_ in self.lex.location_nouns
                    or self._type_at(head_tok.head.head.i) in ("LOC", "FAC")
                    else 0
                )  # type: ignore[union-attr]
            if prep in self.lex.actor_preps:
                return 1
        if dep == "dobj":
            # "missiles struck Kyiv", "visited Beijing": the city hit or visited; "warned Tehran": the state
            return -1 if head_tok.head.lemma_.lower() in self.lex.place_verbs else 1
        return 0
