"""Stage 3: phrases around a country reference. "Iranian forces" (the state acting), "Iran's foreign
ministry" and "the U.S. embassy in Baghdad" (institutions), "the Iraqi prime minister" and "the
president of Iran" (offices, resolved by date), and a demonym before what a state does."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from graphkit.link.base import _M, LinkerBase
from graphkit.link.gazetteer import _POSSESSIVE, Role


class RoleStage(LinkerBase):
    def _country_ref(self, m: _M) -> str | None:
        if m.dead:
            return None
        if m.demonym:
            return m.country
        if m.record is not None:
            if m.record.kind == "country":
                return m.record.entity.id
            if m.record.metonym_of:
                return m.record.metonym_of
        return None

    def country_phrases(self) -> None:
        for m in sorted(list(self.ms), key=lambda x: x.start):
            cid = self._country_ref(m)
            if cid is None:
                if m.record is not None and not m.dead and m.record.entity.id in self.gaz.role_phrases:
                    self._org_role(m)
                continue
            self._phrases_of_country(m, cid)
        self._bare_roles()

    def _phrases_of_country(self, m: _M, cid: str) -> None:
        """What a country mention heads or owns: "Iran's supreme leader", "Iran's Foreign Ministry",
        "U.S. forces", "the Iranian attack", "the president of Iran"."""
        j = m.end
        possessive = j < len(self.doc) and self.words[j] in _POSSESSIVE
        if possessive:
            j += 1
        if (
            self._role_after(m, cid, j)
            or self._institution_after(m, cid, j)
            or self._actor_after(m, cid, j)
            or self._act_after(m, cid, j)
        ):
            return
        self._of_phrases(m, cid)

    def leaders_cabinet(self, m: _M) -> None:
        """ "quit Netanyahu's cabinet": a state leader's cabinet is that state's Cabinet, in either case
        (run once short forms have their person)."""
        record = m.final().record
        if m.dead or record is None or record.entity.type != "PERSON" or not record.country:
            return
        j = m.end
        if (
            j + 1 >= len(self.doc)
            or self.words[j] not in _POSSESSIVE
            or record.country not in self.gaz.records
        ):
            return
        hit = self.lex.institutions.match(self.norm, j + 1)
        if hit and hit[1].kind == "cabinet":
            self._institution_after(m, record.country, j + 1, any_case=True)

    def _role_after(self, m: _M, cid: str, j: int) -> bool:
        hit = self.gaz.role_phrases[cid].match(self.norm, j) if cid in self.gaz.role_phrases else None
        if not hit or not self._free(j, hit[0]):
            return False
        end, role = hit
        if end < len(self.doc) and self.pos[end] == "NOUN" and self.words[end].islower():
            return False  # "Iran's leader election", "U.S. president's office" is fine (POS of "'s" is PART)
        self._make_role(m.start, end, role, m)
        return True

    def _make_role(self, start: int, end: int, role: Role, anchor: _M | None) -> _M:
        rm = _M(start, end, "ROLE", "role", role=role)
        if anchor is not None and anchor.record is not None and anchor.record.metonym_of:
            anchor.actor_votes += 1
        if anchor is not None:
            anchor.dead = True
        self._claim(rm)
        rm.role_name = self._adjacent_person(end) or self._appositive_person(start)
        return rm

    def _org_role(self, m: _M) -> None:
        """ "CIA Director Mike Pompeo": the organisation stays its own mention; the office words link."""
        hit = self.gaz.role_phrases[m.record.entity.id].match(self.norm, m.end)  # type: ignore[union-attr]
        if hit and self._free(m.end, hit[0]):
            self._make_role(m.end, hit[0], hit[1], None)

    def _adjacent_person(self, i: int) -> _M | None:
        title = self.lex.titles.match(self.norm, i)
        if title and self.upper[i]:
            i = title[0]
        nxt = self._at(i)
        if nxt is not None and nxt.start == i and nxt.type == "PERSON":
            return nxt
        return None

    def _appositive_person(self, start: int) -> _M | None:
        """ "Ali Khamenei, Iran's supreme leader": the name before a comma (and an optional "the")."""
        i = start - 1
        if i >= 0 and self.norm[i] == "the":
            i -= 1
        if i >= 1 and self.words[i] == ",":
            prev = self._at(i - 1)
            if prev is not None and prev.type == "PERSON":
                return prev
        return None

    def _institution_after(self, m: _M, cid: str, j: int, any_case: bool = False) -> bool:
        hit = self.lex.institutions.match(self.norm, j)
        if not hit:
            return False
        end, inst = hit
        if not self._free(j, end):
            return False
        if inst.proper and not any_case and not all(self.upper[k] for k in range(j, end)):
            return False  # "Congolese armed forces" is the state acting; "Sudanese Armed Forces" a body
        # "Iran's Foreign Ministry": the country keeps its own mention and the body is "Foreign Ministry"
        # (CONVENTIONS: mentions are verbatim, possessive stripped); "Iranian Foreign Ministry" is one
        possessive = j > m.end
        im = _M(j if possessive else m.start, end, inst.type, "institution")
        im.record = None
        im.key = inst.id
        im.country = cid
        if m.record is not None and m.record.metonym_of:
            m.actor_votes += 1
        m.dead = not possessive
        self._claim(im)
        return True

    def _actor_after(self, m: _M, cid: str, j: int) -> bool:
        k = j
        while k < len(self.doc) and self.norm[k] in self.lex.actor_modifiers and k - j < 3:
            k += 1
        for start in range(k, j - 1, -1):  # "U.S. military" is itself an actor noun; so is "forces"
            hit = self.lex.actor_nouns.match(self.norm, start)
            if hit and self._free(j, hit[0]):
                end = hit[0]
                if m.record is not None and m.record.metonym_of:
                    m.actor_votes += 1
                m.dead = True
                self._claim(
                    _M(
                        m.start,
                        end,
                        "GPE",
                        "country-actor",
                        self.gaz.records[cid].entity,
                        self.gaz.records[cid],
                        country=cid,
                    )
                )
                return True
        return False

    def _act_after(self, m: _M, cid: str, j: int) -> bool:
        """ "the Iranian action", "Israeli strikes", "the Iranian missile attack": a demonym before what a
        state does is the state (only the demonym is the mention; the noun is the extractor's event)."""
        if not m.demonym:
            return False
        k = j
        while k < len(self.doc) and k - j < 3 and self.norm[k] not in self.lex.state_acts:
            if self.pos[k] not in ("ADJ", "NOUN") or self._at(k) is not None:
                return False
            k += 1
        if (
            k >= len(self.doc)
            or self.norm[k] not in self.lex.state_acts
            or self.pos[k] not in ("NOUN", "VERB")
        ):
            return False
        if k + 1 < len(self.doc) and self.pos[k + 1] == "NOUN" and self._at(k + 1) is None:
            return False  # "Iranian attack helicopters": the act word modifies another noun
        record = self.gaz.records[cid]
        m.entity, m.record, m.rule, m.label, m.demonym = record.entity, record, "country-actor", "GPE", False
        return True

    def _of_phrases(self, m: _M, cid: str) -> None:
        """ "the president of Iran", "the Ministry of Foreign Affairs of Iran"."""
        of = m.start - 1
        if of < 1 or self.norm[of] != "of":
            return
        phrases = self.gaz.role_phrases.get(cid)
        role_hit = phrases.match_ending(self.norm, of) if phrases is not None else None
        if role_hit and self._free(role_hit[0], of):
            self._make_role(role_hit[0], m.end, role_hit[1], m)
            return
        inst_hit = self.lex.institutions.match_ending(self.norm, of)
        if inst_hit:
            start, inst = inst_hit
            if self._free(start, of):
                im = _M(start, m.end, inst.type, "institution", key=inst.id, country=cid)
                m.dead = True
                self._claim(im)

    def _bare_roles(self) -> None:
        for i in range(len(self.doc)):
            if self.owner[i] is not None or self.norm[i] not in self.gaz.bare_roles:
                continue
            hit = self.gaz.bare_roles.match(self.norm, i)
            if (
                hit
                and self._free(i, hit[0])
                and (i == 0 or self.norm[i - 1] in self.lex.determiners or self.upper[i])
            ):
                self._make_role(i, hit[0], hit[1], None)

    def _resolve_institutions(self, live: Sequence[_M]) -> None:
        cities: dict[str, list[tuple[int, str]]] = defaultdict(list)
        embassies = [
            m for m in live if m.rule == "institution" and "{city}" in self.gaz.institutions[m.key].name
        ]
        for m in embassies:
            city = self._city_after(m)
            if city:
                cities[m.country].append((m.start, city))  # type: ignore[index]
        for m in live:
            if m.rule != "institution" or m.entity is not None:
                continue
            inst = self.gaz.institutions[m.key]
            city = None
            if "{city}" in inst.name:
                own = self._city_after(m)
                if own:
                    self._absorb_city(m)
                known = {c for _, c in cities.get(m.country, [])}  # type: ignore[arg-type]
                city = own or (next(iter(known)) if len(known) == 1 else None)
            m.entity = self.gaz.institution_entity(inst, m.country, city)  # type: ignore[arg-type]
            m.label = m.entity.type

    def _absorb_city(self, m: _M) -> None:
        """ "the Saudi embassy in Tehran": the city right after "in" is part of the mission's one
        mention, as a reader names it, not a mention of the city or its state."""
        j = m.end
        if j + 1 >= len(self.norm) or self.norm[j] not in ("in", "at"):
            return
        city = self._at(j + 1)
        if city is None or city.start != j + 1:
            return
        kind, etype = self._kind_of(city)
        if kind == "city" or (kind is None and etype == "GPE" and city.final().record is None):
            for k in range(m.end, city.end):
                self.owner[k] = m
            m.end = city.end
            city.dead = True

    def _city_after(self, m: _M) -> str | None:
        """The city in "embassy [compound] in [the Green Zone of] Baghdad", within the sentence."""
        sent_end = self.sents[self.sent_of[m.end - 1]].end
        seen_prep = False
        for i in range(m.end, min(sent_end, m.end + 9)):
            if self.norm[i] in ("in", "to", "at", "of"):
                seen_prep = True
            other = self._at(i)
            if other is not None and seen_prep:
                f = other.final()
                kind, etype = self._kind_of(other)
                if kind == "city" or (kind is None and etype == "GPE" and f.record is None):
                    return f.entity.name if f.entity else self._text(other.name_start, other.end)
                if etype in ("GPE",) and kind == "country":
                    return None
            if self.norm[i] in (",", ";", "which", "that", "and"):
                break
        return None
