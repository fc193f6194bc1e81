"""Pronoun coreference (after every name has its entity): he/she/it/they and possessives link to the
one compatible antecedent, or stay unlinked."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from graphkit.grammar import time_word
from graphkit.link.base import _M, LinkerBase, _identity

# acts of force named by a noun after a light verb ("carrying out incursions into its territory")
_HOSTILE_NOUNS = frozenset({"attack", "incursion", "raid", "strike", "invasion", "aggression", "shelling"})


class PronounStage(LinkerBase):
    def _pronouns(self, live: Sequence[_M]) -> list[_M]:
        """he/she/it/they and possessives -> the one compatible antecedent (see ``pronouns`` in
        lexicon.yaml); left out whenever two candidates compete or a plain noun could be meant."""
        lex = self.lex
        if not lex.pronouns:
            return []
        at: dict[int, _M] = {}
        by_sent: dict[int, list[_M]] = defaultdict(list)
        for m in live:
            if m.final().entity is None:
                continue
            for i in range(m.start, m.end):
                at[i] = m
            by_sent[self.sent_of[m.start]].append(m)
        quote = self._quotes()
        out: list[_M] = []
        for i, word in enumerate(self.norm):
            kind = lex.pronouns.get(word)
            # the tagger sometimes calls a lower-case "he" after a date a proper noun; it is still "he"
            if (
                kind is None
                or i in at
                or (self.tag[i] not in ("PRP", "PRP$") and not self.words[i].islower())
            ):
                continue
            tok = self.doc[i]
            if kind == "thing" and tok.dep_ != "poss" and self._expletive(tok):
                continue
            ant = self._pronoun_antecedent(i, kind, at, by_sent, quote)
            if ant is not None and _identity(ant) in self._own_clause_others(tok, at):
                ant = None  # "he appealed to President Ruto": whoever "he" is, not Ruto
            if ant is not None:
                pm = _M(i, i + 1, ant.type, "pronoun", ref=ant, demonym=ant.final().demonym)
                out.append(pm)
                at[i] = pm  # "He said his forces ...": a later pronoun may point at this one
        return out

    def _own_clause_others(self, tok: Any, at: dict[int, _M]) -> set[str]:
        """For a subject pronoun, the entities named as its own verb's other arguments: a subject is
        never its own object ("she thanked Merkel" is not Merkel thanking herself)."""
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.lower_ not in ("he", "she"):
            return set()
        verb = tok.head
        others: set[str] = set()
        for c in verb.children:
            if c.dep_ in ("dobj", "dative"):
                args = [c]
            elif c.dep_ in ("prep", "agent"):
                args = [o for o in c.children if o.dep_ == "pobj"]
            else:
                continue
            for a in args:
                m = at.get(a.i)
                if m is not None and self.doc[a.i].dep_ != "poss":
                    others.add(_identity(m))
        return others

    def _hostile_charge(self, path: Any) -> bool:
        """ "(accused X) of attacking / of carrying out incursions into ...": the of/for phrase a hostile
        act fills."""
        if path.dep_ != "prep" or path.lower_ not in ("of", "for"):
            return False
        for verb in (c for c in path.children if c.dep_ == "pcomp"):
            words = {verb.lemma_.lower(), *(c.lemma_.lower() for c in verb.children if c.dep_ == "dobj")}
            if words & (self.lex.hostile_verbs | _HOSTILE_NOUNS):
                return True
        return False

    def _expletive(self, tok: Any) -> bool:
        """ "it remains unclear", "made it legitimate", "it was reported that ...": a dummy "it"."""
        head = tok.head
        if head.lemma_.lower() in self.lex.expletive_heads or head.pos_ == "ADJ":
            return True
        return tok.dep_ == "nsubjpass" and any(c.dep_ in ("ccomp", "xcomp") for c in head.children)

    def _quotes(self) -> list[int]:
        """Per token, the number of the quotation it stands in (0: outside quotes). A line break closes
        any quotation left open."""
        out = [0] * len(self.words)
        open_id, count = 0, 0
        for i, w in enumerate(self.words):
            if "\n" in w:
                open_id = 0
            elif w in ("“", "«") or (w == '"' and not open_id):
                count += 1
                open_id = count
                continue
            elif w in ("”", "»", '"'):
                open_id = 0
                continue
            out[i] = open_id
        return out

    def _fits(self, m: _M, kind: str) -> bool:
        f = m.final()
        etype = "ROLE" if f.entity is not None and f.entity.type == "ROLE" else m.type
        if etype not in self.lex.pronoun_types.get(kind, frozenset()):
            return False
        if m.demonym and self.doc[m.end - 1].dep_ not in (
            "nsubj",
            "nsubjpass",
            "dobj",
            "pobj",
            "conj",
            "appos",
        ):
            return False  # "Palestinian groups": the groups are the antecedent, not the demonym
        if m.rule in ("country-actor", "institution"):
            return kind == "thing" or self._plural(m)  # "Iranian forces ... its conflict" is Iran's
        if kind == "thing":
            return not m.demonym and not self._plural(m)  # "Iranians", "Houthis" are not an "it"
        if kind == "group":
            return m.demonym or etype == "NORP" or self._plural(m)  # "they" wants a plural: not "Iran"
        return True

    def _plural(self, m: _M) -> bool:
        """The phrase a mention heads or modifies is plural: "U.S. officials", "Houthis", "UN peacekeepers"."""
        last = self.doc[m.end - 1]
        if m.rule == "pronoun":
            return self.norm[m.start] in ("they", "them", "their")
        own = m.rule in ("country-actor", "institution") or m.type in ("ORG", "NORP")
        if own and last.tag_ in ("NNS", "NNPS"):
            return True  # not "United States", "Philippines": a state is an "it"
        head = self._modified_head(m)
        return head is not None and head.tag_ in ("NNS", "NNPS")

    def _modified_head(self, m: _M) -> Any:
        """The group noun a name modifies ("UN peacekeepers", "Hezbollah fighters"), else None."""
        last = self.doc[m.end - 1]
        if last.dep_ in ("compound", "nmod", "amod") and last.head.i >= m.end:
            head = last.head
            if head.lemma_.lower() in self.lex.group_heads or self.norm[head.i] in self.lex.group_heads:
                return head
        return None

    def _modifier_only(self, m: _M) -> bool:
        """The name only modifies a noun that is not a group of its people ("U.S. targets", "an Israeli
        army post"): the noun phrase, not the name, is what a pronoun could point at."""
        last = self.doc[m.end - 1]
        return (
            last.dep_ in ("compound", "nmod", "amod")
            and last.head.i >= m.end
            and last.head.pos_ in ("NOUN", "PROPN")
            and self._modified_head(m) is None
        )

    def _pronoun_antecedent(
        self, i: int, kind: str, at: dict[int, _M], by_sent: dict[int, list[_M]], quote: list[int]
    ) -> _M | None:
        doc = self.doc
        tok = doc[i]
        si = self.sent_of[i]
        sent_start = self.sents[si].start

        def named(k: int) -> _M | None:
            """The mention at k, or for a group noun the name or pronoun owning it ("UN peacekeepers",
            "its fighters")."""
            m = at.get(k)
            if m is not None or not {doc[k].lemma_.lower(), self.norm[k]} & self.lex.group_heads:
                return m
            for c in doc[k].children:
                owner = at.get(c.i) if c.dep_ in ("compound", "amod", "poss", "nmod") else None
                if owner is not None and owner.end <= k:
                    return owner
            return None

        def fits(k: int) -> _M | None:
            m = named(k)
            if m is None or k >= i or k in bound or quote[k] != quote[i] or not self._fits(m, kind):
                return None
            return None if m.end - 1 != k and self._modifier_only(m) else m

        # An object pronoun is never its own clause's subject ("Trump blamed him").
        bound: set[int] = set()
        if tok.dep_ in ("dobj", "dative", "pobj"):
            clause = tok.head.head if tok.dep_ == "pobj" else tok.head
            subj = self._clause_subject(clause)
            if subj is not None and clause.tag_ == "VBG" and time_word(subj):
                subj = None  # "moments later awarding him": no subject of its own
            if subj is None and clause.dep_ in ("advcl", "xcomp", "acl"):
                # "X sent a letter warning him": not X, the implied subject of "warning"
                up = clause.head
                while up.pos_ not in ("VERB", "AUX") and up.head.i != up.i:
                    up = up.head
                subj = self._clause_subject(up) if up.pos_ in ("VERB", "AUX") else None
            if subj is not None:
                bound = self.subtree(subj.i)
        # 1. up the tree: at a clause, its subject (unless its object competes); at any level, the only
        # compatible entity left of the path; a plain noun in the way stops an "it"
        path, cur = tok, tok.head
        for _ in range(12):
            if cur.i == path.i or cur.i < sent_start or self.sent_of[cur.i] != si:
                break
            on_path = self.subtree(path.i)  # not its left-right span: the parse may cross it
            verbal = cur.pos_ in ("VERB", "AUX")
            if verbal and path.dep_ == "xcomp":
                # "called on Ankara to stop its attacks", "urged Israel to end its offensive": the one
                # asked to act controls the infinitive
                controllers = [c for c in cur.children if c.dep_ in ("dobj", "dative")] + [
                    o for p in cur.children if p.dep_ == "prep" and p.lower_ in ("on", "upon")
                    for o in p.children if o.dep_ == "pobj"
                ]  # fmt: skip
                for c in controllers:
                    m = fits(c.i)
                    if m is not None:
                        return m
                if controllers:
                    return None
            if verbal:
                subj = self._clause_subject(cur)
                subj_m = fits(subj.i) if subj is not None and subj.i not in on_path else None
                if (
                    subj_m is not None
                    and path.dep_ in ("dobj", "pobj")
                    and tok.dep_ == "poss"
                    and (cur.lemma_.lower() in self.lex.hostile_verbs)
                ):
                    return None  # "X attacked their positions": the attacked side's, which is not named
                if subj_m is not None:
                    rivals = {
                        _identity(m)
                        for c in cur.children
                        if c.dep_ in ("dobj", "dative") and c.i not in on_path and (m := fits(c.i))
                    }
                    if tok.dep_ == "poss" and self._hostile_charge(path):
                        # "Congo accused Rwanda of incursions into its territory": the accused attacked
                        # someone else's, so "its" is the accuser's
                        return subj_m
                    return subj_m if rivals <= {_identity(subj_m)} else None
                if kind == "group" and subj is not None and any(c.dep_ == "conj" for c in subj.children):
                    return None  # "Japan and South Korea ... their": the pair, which no one mention is
            found: dict[str, _M] = {}
            plain = ("NN",) if kind == "thing" else ("NNS", "NNPS") if kind == "group" else ()
            for k in range(i - 1, cur.left_edge.i - 1, -1):  # nearest first
                if k in on_path or not self._near(doc[k], cur):
                    continue
                if not verbal and doc[k].head.i == cur.i and doc[k].dep_ in ("compound", "amod", "nmod"):
                    continue  # "U.S. targets in its neighbour": not the noun's own modifier
                m = fits(k)
                if m is not None:
                    found.setdefault(_identity(m), m)
                elif (
                    not found
                    and k != cur.i
                    and doc[k].tag_ in plain
                    and doc[k].dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
                ):
                    return None  # a plain noun is nearer: "near the vessel and a third struck its deck"
            if len(found) == 1:
                return next(iter(found.values()))
            if len(found) > 1:
                return None
            path, cur = cur, cur.head
        # 2. a person named earlier in the sentence, outside the tree walked (the parser may have split
        # the clause); not for "it"/"they", whose nearest name is too often a place or a modifier
        found = {}
        for k in range(sent_start, i):
            m = fits(k) if kind == "person" else at.get(k)
            if m is not None and (
                kind == "person" or (k < i and quote[k] == quote[i] and self._fits(m, kind))
            ):
                found.setdefault(_identity(m), m)
        if found:
            return next(iter(found.values())) if len(found) == 1 and kind == "person" else None
        if quote[i]:
            return None  # inside a quotation: the speaker's world, not the previous sentence's
        # 3. previous sentences, nearest first: the main subject, else (for a person) the only one named
        for back in range(1, 4 if kind == "person" else 3):
            if si - back < 0:
                break
            root = self.sents[si - back].root
            for subj in (c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")):
                m = at.get(subj.i)
                if m is not None and self._fits(m, kind) and not quote[subj.i]:
                    return m
            if kind != "person":
                if any(self._fits(m, kind) for m in by_sent.get(si - back, ())):
                    return None
                continue
            found = {}
            for m in by_sent.get(si - back, ()):
                if self._fits(m, kind) and not quote[m.start]:
                    found.setdefault(_identity(m), m)
            if found:
                return next(iter(found.values())) if len(found) == 1 else None
        return None

    @staticmethod
    def _near(tok: Any, cur: Any) -> bool:
        """``tok`` is an argument of ``cur`` or of a preposition under it ("a tweet by Pompeo"), counting
        coordination as no step: deeper names ("if Iraq pushed to have U.S. forces removed") are not
        what a pronoun above them points at."""
        steps = 0
        while tok.i != cur.i and steps <= 2:
            if tok.head.i == tok.i:
                return False
            if tok.dep_ not in ("conj", "appos", "compound", "poss", "case"):
                steps += 1
            tok = tok.head
        return tok.i == cur.i and steps <= 2

    @staticmethod
    def _clause_subject(verb: Any) -> Any:
        """A verb's subject, or the subject of the verb it is coordinated with ("rejected X and said")."""
        cur = verb
        for _ in range(4):
            for c in cur.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    return c
            if cur.dep_ != "conj" or cur.head.i == cur.i:
                return None
            cur = cur.head
        return None
