"""Parties named before: what a pronoun, a pair word or a group word stands for.

"We"/"I" are their speaker; "they"/"their" a group named earlier in the sentence or story; "the two
countries" the last pair named; "the three men" a group of that size; "the coalition" the coalition
named with its leader; "the measures", "the announcement" the doer of the latest event of their kind."""

from __future__ import annotations

from spacy.tokens import Token

from graphkit.extract import arguments, owners, reports
from graphkit.extract.context import MAX_DEPTH, Context
from graphkit.extract.syntax import agents, conj, forms, is_passive, pobjs, subjects
from graphkit.models import Entity

_COALITIONS = {"coalition", "alliance"}


def coalition_named_before(tok: Token, ctx: Context, role: str, depth: int) -> list[Entity]:
    """ "the coalition", "a coalition spokesman" after "the Saudi-led coalition": the nearest coalition
    the article named with its leader before (the leader stands for it, as in "Saudi-led forces")."""
    heads = [tok] + [c for c in tok.children if c.dep_ == "compound"]
    word = next((h for h in heads if h.lemma_.lower() in _COALITIONS), None)
    if word is None or any(c.dep_ in ("poss", "amod") and c.lower_ != "the" for c in word.children):
        return []
    for prev in reversed(ctx.doc[: word.i]):
        if prev.lemma_.lower() == word.lemma_.lower():
            led_by = owners.owner_entities(
                prev, ctx, role
            )  # "the Saudi-led coalition", "a Saudi-coalition strike"
            if led_by:
                return led_by
    return []


_CONTENT_WINDOW = 8  # sentences
_DEFINITE = {"the", "this", "these", "those", "such"}


def content_antecedent(tok: Token, ctx: Context) -> list[Entity]:
    """ "the measures", "the announcement" with no owner: the doer of the latest event of the kind the
    lexicon ties the noun to (content_roots), or of the verb the noun is made from ("announced the
    sanctions ... The announcement said"), within a few sentences."""
    dets = [c.lower_ for c in tok.children if c.dep_ == "det"]
    if not (
        set(dets) & _DEFINITE or (not dets and tok.tag_ == "NN")
    ):  # "the measures"; "calls for restraint"
        return []
    lemma = tok.lemma_.lower()
    roots = ctx.lex.content_roots.get(lemma, frozenset())
    for past in reversed(ctx.past):
        if ctx.sent_no - past.sent_no > _CONTENT_WINDOW:
            break
        made_from = any(
            len(verb) >= 4 and lemma != verb and lemma.startswith(verb.rstrip("e"))
            for verb in (past.lemma, past.verb)
        )
        if (past.root in roots or made_from) and past.actors:  # "soldiers were killed" names no doer
            return list(past.actors)
    return []


PLURAL_PRONOUNS = {"they", "them", "their"}
_FIRST_PERSON = {"i", "me", "my", "myself", "we", "us", "our", "ours", "ourselves"}
_THIRD_PERSON_SUBJECTS = {"he", "she", "it", "they"}
_PERSON_PRONOUNS = {"he", "him", "she", "her"}  # not possessives: "his attacks" is too often misparsed


def speaker_of(pron: Token, ctx: Context) -> Token | None:
    """The speaker a pronoun points at: "I"/"we" anywhere in a quote; "he"/"it"/"they" as the subject
    of what a speech verb reports ("Iran said it would retaliate")."""
    low = pron.lower_
    if low in _FIRST_PERSON:
        speaker = reports.claimant_of(pron, ctx)
    elif low in _THIRD_PERSON_SUBJECTS and pron.dep_ in ("nsubj", "nsubjpass") and _reported(pron, ctx):
        speaker = _reported(pron, ctx)
    elif low in _PERSON_PRONOUNS and pron.dep_ != "poss":
        speaker = _only_person_before(pron, ctx)
    else:
        return None
    if speaker is None or speaker == pron or speaker.pos_ == "PRON":
        return None
    return speaker


def _reported(pron: Token, ctx: Context) -> Token | None:
    """The speaker when this pronoun is the subject of what a speech verb reports."""
    clause = pron.head
    report = clause.head
    if clause.dep_ != "ccomp" or report.lemma_.lower() not in ctx.lex.speech_verbs:
        return None
    speakers = agents(report) if is_passive(report) else subjects(report)
    return speakers[0] if speakers else None


def _plural(tok: Token, ctx: Context) -> bool:
    if tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in tok.children):
        return True
    return bool(forms(tok) & ctx.lex.transparent_heads) and any(_plural(p, ctx) for p in pobjs(tok, ("of",)))


def plural_antecedent(pron: Token, ctx: Context, role: str, depth: int) -> list[Entity]:
    """ "they"/"their" -> the nearest plural subject or object of a clause above the pronoun, left of
    it ("Iran supported groups, including Hamas and Islamic Jihad, in their fight", "Germany and Poland
    said none of their troops"), when it names entities; nothing when that plural names none."""
    cur = pron.head
    for _ in range(MAX_DEPTH + 3):
        if not ctx.inside(cur):
            return []
        if cur.pos_ in ("VERB", "AUX"):
            for c in cur.children:
                if c.dep_ not in ("nsubj", "nsubjpass", "dobj") or c.i > pron.i:
                    continue
                if c.left_edge.i <= pron.i <= c.right_edge.i or not _plural(c, ctx):
                    continue
                return arguments.resolve(c, ctx, role, False, depth + 1)
        if cur.head == cur:
            break
        cur = cur.head
    return _previous_parties(pron, ctx, role, depth)


def _previous_parties(pron: Token, ctx: Context, role: str, depth: int) -> list[Entity]:
    """ "Israel and Bahrain signed the deal on Tuesday. They also agreed ...": a subject "they" opening
    its sentence is the coordinated named subject of the sentence before, when every part is named."""
    prev = ctx.prev_sent
    if prev is None or pron.lower_ != "they" or pron.dep_ not in ("nsubj", "nsubjpass"):
        return []
    if any(t.dep_ in ("nsubj", "nsubjpass") for t in ctx.sent[: pron.i - ctx.sent.start]):
        return []  # not the first subject of its sentence
    for subj in (c for c in prev.root.children if c.dep_ in ("nsubj", "nsubjpass")):
        parts = conj([subj])
        if len(parts) < 2:
            continue
        found = [arguments.resolve(p, ctx, role, False, depth + 1) for p in parts]
        if all(found):
            return [e for f in found for e in f]
    return []


# "the two countries", "both sides", "each side ... the other": the pair of parties named just before
_PAIR_HEADS = {"country", "nation", "side", "party", "neighbor", "neighbour", "state", "government", "rival",
               "foe", "ally", "power", "capital"}  # fmt: skip
_PAIR_SENTENCES = 8  # how far back the pair may have been named


def is_pair_word(tok: Token) -> bool:
    low = tok.lower_
    dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "predet", "nummod")}
    if low == "other" and "the" in dets:  # "each side blamed the other"
        return any(t.lower_ == "each" for t in tok.sent)
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in _PAIR_HEADS:
        return False
    if pobjs(tok, ("of",)) or (
        tok.dep_ == "pobj" and tok.head.lower_ in ("on", "in", "at", "across", "from")
    ):
        return False  # "on either side of the border", "in both countries": a place, not the parties
    plural = tok.tag_ == "NNS" and bool(dets & {"two", "both"})
    return plural or (tok.tag_ == "NN" and bool(dets & {"each", "either"}))


def named_pair(tok: Token, ctx: Context, role: str, depth: int) -> list[Entity]:
    """The nearest coordination of exactly two named parties before the word, in its sentence or the
    few before ("Armenia and Azerbaijan ... the two countries"); nothing when there is none."""
    return named_group(tok, ctx, role, depth, size=2, types=None)


# "the men", "the three officials" after the people were named together
_PEOPLE_HEADS = {"man", "woman", "individual", "official", "leader", "activist", "journalist", "suspect",
                 "defendant", "commander", "officer", "general", "minister", "brother", "lawmaker"}  # fmt: skip
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def people_count(tok: Token) -> int | None:
    """How many people "the (three) men" names (0: more than one, count not given), None when it is no
    such word: a plain definite plural, with no owner or phrase of its own."""
    if tok.pos_ != "NOUN" or tok.tag_ != "NNS" or tok.lemma_.lower() not in _PEOPLE_HEADS:
        return None
    deps = {c.dep_ for c in tok.children}
    if not any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in tok.children):
        return None
    if deps - {"det", "nummod", "amod"}:
        return None  # "the men of the village", "the Iranian officials", "the men who ..."
    counts = [_NUMBERS.get(c.lower_, -1) for c in tok.children if c.dep_ == "nummod"]
    return counts[0] if counts and counts[0] > 0 else (None if counts else 0)


def named_group(
    tok: Token, ctx: Context, role: str, depth: int, size: int, types: frozenset[str] | None
) -> list[Entity]:
    """The nearest coordination of named parties before ``tok`` (``size`` of them, or any number above
    one when 0), each one entity of ``types``; nothing when there is none."""
    before = [s for s in ctx.sents if s.end <= ctx.sent.start][-_PAIR_SENTENCES:]
    spans = [ctx.sent[: tok.i - ctx.sent.start], *reversed(before)]
    for span in spans:
        for head in reversed(list(span)):
            parts = conj([head]) if any(c.dep_ == "conj" for c in head.children) else []
            if len(parts) < 2 or (size and len(parts) != size) or parts[-1].i >= tok.i:
                continue
            found = [arguments.resolve(p, ctx, role, False, depth + 1) for p in parts]
            ids = {e.id for f in found for e in f}
            one_each = all(len(f) == 1 for f in found) and len(ids) == len(parts)
            if one_each and (types is None or all(f[0].type in types for f in found)):
                return [f[0] for f in found]
    return []


def _only_person_before(pron: Token, ctx: Context) -> Token | None:
    """ "he"/"she" when exactly one person is named earlier in the same sentence ("a tweet by Pompeo,
    in which he blamed Iran") outside the pronoun's own clause ("After meeting Blinken, he ..." is
    someone else). Anything less certain is left to the linker."""
    own_clause = {t.i for t in pron.head.subtree}
    people: dict[str, Token] = {}
    for i in range(ctx.sent.start, pron.i):
        m = ctx.by_token.get(i)
        if m is not None and m.entity.type == "PERSON" and i not in own_clause:
            people.setdefault(m.entity.id, ctx.doc[m.token_end - 1])
    if pron.dep_ in ("dobj", "dative") and len(people) > 1:
        # "X greeted Y, later awarding him a medal": an object "him" is never its own clause's subject
        # (that would be "himself"), even a subject the clause takes from the one above
        doers = {m.entity.id for s in subjects(pron.head) if (m := ctx.mention(s)) is not None}
        people = {k: v for k, v in people.items() if k not in doers}
    return next(iter(people.values())) if len(people) == 1 else None
