"""The linker: the stages composed, and the output (entities stamped with their state's code,
datelines and title demonyms dropped)."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from graphkit.link.base import _M, _identity
from graphkit.link.coreference import CoreferenceStage
from graphkit.link.metonyms import MetonymStage
from graphkit.link.names import NameStage
from graphkit.link.pronouns import PronounStage
from graphkit.link.roles import RoleStage
from graphkit.models import Entity, Mention

# the dash that ends a dateline ("KYIV - ", "WASHINGTON — "), not a hyphen inside a name
_DATELINE_DASH = re.compile(r"\s[-\u2013\u2014]{1,2}\s")


class _Linker(NameStage, RoleStage, CoreferenceStage, MetonymStage, PronounStage):
    """The stages in order (see link_mentions), and the output: one Mention per referring span."""

    def finalize(self) -> list[Mention]:
        for m in list(self.live()):
            self.leaders_cabinet(m)
        live = sorted(self.live(), key=lambda x: (x.start, -(x.end - x.start)))
        self._resolve_institutions(live)
        named = {_identity(m) for m in live}
        for m in live:
            if m.role is not None:
                if m.role_name is not None and not m.role_name.dead:
                    m.ref, m.rule = m.role_name, "role+name"
                else:
                    cand = self.gaz.resolve_role(m.role, self.date, named)
                    m.entity, m.rule = cand.entity, cand.rule
        for m in live:
            if m.demonym and m.entity is None and m.country is not None:
                person = self._title_demonym(m)
                if person is not None:
                    # "Indian Prime Minister Narendra Modi": the demonym and title are part of Modi's
                    # mention, never an entity of their own
                    m.dead = True
                else:
                    # a people acting or a demonym phrase is the state ("Iranians rallied", "Iranian
                    # protesters"): one node per country, not a second "Iranians" node beside Iran
                    m.entity = self.gaz.records[m.country].entity
        for m in live:
            if self._dateline(m):
                m.dead = True  # "WASHINGTON - ...": where the story was filed, not an actor
            elif m.record is not None and m.record.kind == "media" and m.ref is None:
                m.rule = "media"  # an outlet: "told Reuters" cites a source, it is no event
        for m in live:
            self._leaders_government_after(m)
        live = [m for m in live if not m.dead]
        self._name_unlinked(live)
        live = sorted([*live, *self._pronouns(live)], key=lambda x: (x.start, -(x.end - x.start)))
        out: list[Mention] = []
        last_end = -1
        for m in live:
            f = m.final()
            if f.entity is None or m.start < last_end:
                continue
            start_char = self.doc[m.start].idx
            end_char = self.doc[m.end - 1].idx + len(self.doc[m.end - 1].text)
            entity = self._with_country(f)
            out.append(
                Mention(entity, self.text[start_char:end_char], start_char, end_char, m.start, m.end, m.rule)
            )
            last_end = m.end
        return out

    def _with_country(self, m: _M) -> Entity:
        """The mention's entity carrying its state's ISO alpha-3 code: from the gazetteer (a country, a
        capital, an office, a body with a country), else from the country the phrase named ("Iraq's
        parliament", "Iranian forces")."""
        entity = m.entity
        assert entity is not None
        if entity.country is not None:
            return entity
        code = self.gaz.country_code(entity.id)
        if code is None and m.country is not None and m.rule in ("institution", "country-actor", "demonym"):
            code = self.gaz.alpha3(m.country)
        return dataclasses.replace(entity, country=code) if code else entity

    def _leaders_government_after(self, m: _M) -> None:
        """ "the Trump administration", "the Modi government" (NER tagging only the name): the state."""
        f = m.final()
        record = f.record
        if m.dead or record is None or record.entity.type != "PERSON" or not record.country:
            return
        if m.end >= len(self.doc) or self.norm[m.end] not in ("administration", "government"):
            return
        if self._at(m.end) is not None or record.country not in self.gaz.records:
            return
        state = self.gaz.records[record.country]
        m.ref, m.entity, m.record, m.rule, m.label = None, state.entity, state, "country-actor", "GPE"
        m.country, m.end = record.country, m.end + 1

    def _dateline(self, m: _M) -> bool:
        """An upper-case place opening a line before a dash: "WASHINGTON / PORT-AU-PRINCE - ..."."""
        char = self.doc[m.start].idx
        line_start = self.text.rfind("\n", 0, char) + 1
        line = self.text[line_start : line_start + 120]
        dash = _DATELINE_DASH.search(line)
        if dash is None or char - line_start >= dash.start():
            return False
        head = line[: dash.start()]
        return any(c.isalpha() for c in head) and head == head.upper()

    def _title_demonym(self, m: _M) -> _M | None:
        """The person whose title a demonym opens ("Russian President Vladimir Putin", "Turkish Foreign
        Minister Mevlut Cavusoglu", "Iranian opposition leader X"), if it does."""
        k = m.end
        while k < len(self.doc) and k - m.end < 5 and self._at(k) is None:
            if self.pos[k] not in ("PROPN", "NOUN", "ADJ") or "\n" in self.words[k]:
                return None
            k += 1
        other = self._at(k)
        if other is not None and other is not m and other.type in ("PERSON", "ROLE"):
            return other
        return None

    def _name_unlinked(self, live: Sequence[_M]) -> None:
        """Names outside the gazetteer: one type per folded key in the article (majority of NER labels)."""
        labels: dict[str, Counter[str]] = defaultdict(Counter)
        surface: dict[str, str] = {}
        for m in live:
            if m.final() is m and m.entity is None and m.key and m.rule in ("ner",):
                labels[m.key][m.label] += 1
                text = self._text(m.name_start if m.name_start >= 0 else m.start, m.end)
                if len(text) > len(surface.get(m.key, "")):
                    surface[m.key] = text
        for m in live:
            if m.final() is m and m.entity is None and m.key in labels and m.rule == "ner":
                counts = labels[m.key]
                etype = max(counts, key=lambda t: (counts[t], t == "PERSON", t == "ORG", t))
                m.entity = Entity(id=f"{etype}:{m.key}", name=surface[m.key], type=etype)
