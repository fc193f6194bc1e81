"""Argument tokens -> Entities: the one actor-resolution mechanism every construction uses.

In order: the token is a mention; a pronoun points at its speaker or a plural antecedent; an
appositive name; "a series of" looks through; examples ("groups including Hamas"); the named owner of
any noun phrase (possessor, name or demonym modifier, "loyal to X"); group and role heads through
of/for/from; event nouns resolve to their doer and content nouns to their owner. Unnamed groups
("three activists") resolve to nothing.

Where the readings live: owners.py (whose a noun phrase is: possessors, modifiers, of/for/from,
a state's organs and office holders), antecedents.py (parties named before: speakers of pronouns,
plural antecedents, "the two countries", coalitions, earlier doers of content nouns); this module
holds the order they are tried in.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from graphkit.extract import anaphora, antecedents, nouns, owners
from graphkit.extract.context import MAX_DEPTH, MODIFIERS, REL_PRONOUNS, Context
from graphkit.extract.syntax import agents, conj, forms, gapped_object, is_passive, pobjs, subjects
from graphkit.models import Entity

_CONTENT_PREPS = ("by", "of", "from")


def resolve(tok: Token, ctx: Context, role: str, deep: bool, depth: int = 0) -> list[Entity]:
    """The entities an argument token stands for (empty when it names none)."""
    m = ctx.mention(tok)
    if m is not None:
        if m.entity.type == "ROLE":  # "the deputy head of X, Abu Mahdi al-Muhandis": the named person
            named = [a for c in tok.children if c.dep_ == "appos" and (a := ctx.mention(c)) is not None]
            if named and named[0].entity.type != "ROLE":
                return [named[0].entity]
        return [m.entity]
    if depth > MAX_DEPTH:
        return []
    if tok.lower_ in REL_PRONOUNS and tok.head.dep_ in ("relcl", "acl") and tok.head.head != tok:
        # "Egypt and Qatar, which have mediated ...": the whole coordinated antecedent
        return [e for a in conj([tok.head.head]) for e in resolve(a, ctx, role, deep, depth + 1)]
    if tok.pos_ == "PRON":
        # other pronouns are the linker's business; these point at whoever is speaking, and "their" at
        # a group the linker could not give as one name ("groups, including Hamas and Islamic Jihad")
        speaker = antecedents.speaker_of(tok, ctx)
        if speaker is None and tok.lower_ in antecedents.PLURAL_PRONOUNS:
            return antecedents.plural_antecedent(tok, ctx, role, depth)
        return resolve(speaker, ctx, "actor", False, depth + 1) if speaker is not None else []
    local = owners.local_state(tok, ctx) or owners.speakers_forces(tok, ctx, role)
    if local:
        return local
    for c in tok.children:  # "the spokesperson, Yehia Rasool,"; "rival powers Egypt and Qatar"
        if c.dep_ == "appos" and ctx.mention(c) is not None:
            return [m.entity for a in conj([c]) if (m := ctx.mention(a)) is not None]
    if antecedents.is_pair_word(tok):
        return antecedents.named_pair(tok, ctx, role, depth)
    people = antecedents.people_count(tok)
    if people is not None:
        return antecedents.named_group(tok, ctx, role, depth, size=people, types=frozenset({"PERSON"}))
    apposed = owners.detached_apposition(tok, ctx)
    if apposed is not None:
        return [apposed]
    lex = ctx.lex
    words = forms(tok)
    if words & lex.transparent_heads:  # "a series of U.S. airstrikes", "a number of groups"
        through = [e for p in pobjs(tok, ("of",)) for e in resolve(p, ctx, role, deep, depth + 1)]
        if through or pobjs(tok, ("of",)):
            return through  # else "Montenegro province": its owner, below
    examples = pobjs(tok, ("including", "like")) + [
        o for p in tok.children if p.dep_ == "prep" and p.lower_ == "as" and p.nbor(-1).lower_ == "such"
        for o in conj(c for c in p.children if c.dep_ == "pobj")
    ]  # fmt: skip
    found = [e for x in examples for e in resolve(x, ctx, role, False, depth + 1)]
    if found:  # "Palestinian groups, including Hamas and Islamic Jihad"
        return found
    member = bool(words & lex.role_heads) and not words & lex.proxy_heads
    if tok.pos_ in ("NOUN", "PROPN") and nouns.event_noun(tok, ctx) is None:
        # any other noun phrase stands for its named owner: "Afghanistan's ambassador", "Houthi
        # missiles", "South Korean waters", "Iran's proxies" (event nouns resolve to their doer below)
        found = owners.owner_entities(tok, ctx, role)
        if found:
            return found
    if words & lex.proxy_heads or member:
        found = antecedents.coalition_named_before(tok, ctx, role, depth)
        if not found:
            found = [
                e for p in pobjs(tok, owners.OWNER_PREPS) for e in resolve(p, ctx, role, False, depth + 1)
            ]
        for verb in tok.children if not found else ():
            if verb.dep_ not in ("acl", "relcl"):
                continue
            if verb.lemma_.lower() in lex.host_verbs:  # "bases housing U.S. troops"
                hosted = conj(c for c in verb.children if c.dep_ == "dobj")
                found += [e for h in hosted for e in resolve(h, ctx, role, False, depth + 1)]
            elif verb.lemma_.lower() in lex.owner_verbs:  # "locations linked to the Guard"
                holders = pobjs(verb, ("to", "by", "with")) + agents(verb)
                found += [e for o in holders for e in resolve(o, ctx, role, False, depth + 1)]
        if found:
            return found
    if not deep:
        return []
    sense = nouns.event_noun(tok, ctx)
    if sense is not None and sense.light and tok.dep_ in ("nsubj", "nsubjpass") and role == "actor":
        # "missiles were falling on the base", "rockets hit the embassy": whose weapons they are, else
        # whoever was last reported firing such weapons
        armed = [
            e for c in tok.children if c.dep_ in MODIFIERS for e in resolve(c, ctx, role, False, depth + 1)
        ]
        if not armed:  # "a statement from the ministry", "rockets by the militia"
            armed = [e for p in pobjs(tok, _CONTENT_PREPS) for e in resolve(p, ctx, role, False, depth + 1)]
        if not armed:  # "rockets fired by Hezbollah", "drones launched by the rebels"
            by = [a for v in tok.children if v.dep_ == "acl" for a in agents(v)]
            armed = [e for a in by for e in resolve(a, ctx, role, False, depth + 1)]
        return armed or anaphora.antecedent_actors(tok, sense, ctx, definite=False)
    if sense is not None and sense.light and role == "target" and sense.code[:2] in ("18", "19", "20"):
        # "destroyed 40 Ukrainian drones", "shot down Iranian missiles": weapons hit are their owner's
        armed = [
            e for c in tok.children if c.dep_ in MODIFIERS for e in resolve(c, ctx, role, False, depth + 1)
        ]
        if armed:
            return armed
    owned = any(c.dep_ in MODIFIERS and c.pos_ != "PRON" for c in tok.children)
    if sense is None and words & lex.involvement_heads and not owned:
        # "denied any involvement in the attacks": aimed at whom the attacks were aimed at (while
        # "condemned Iran's role in the attacks" is aimed at Iran, its owner)
        events = [p for p in pobjs(tok, ("in", "for")) if nouns.event_noun(p, ctx) is not None]
        found = [e for p in events for e in anaphora.event_targets(p, ctx)]
        if found:
            return found
    if sense is not None and not sense.light:
        doers = nouns.noun_agents(tok, ctx, depth)
        found = [e for a in doers if a != tok for e in resolve(a, ctx, "actor", deep, depth + 1)]
        if not found and sense.symmetric:  # "ruled out talks with Washington"
            found = [e for p in pobjs(tok, sense.preps) for e in resolve(p, ctx, role, False, depth + 1)]
        if not found and nouns.anaphoric(tok):  # "condemned the attacks", "the strike targeted X"
            found = anaphora.antecedent_actors(tok, sense, ctx)
        if not found and not sense.symmetric and not named_modifier(tok, ctx):
            found = antecedents.content_antecedent(
                tok, ctx
            )  # "announced the sanctions ... The announcement said"
        return found
    if words & lex.content_heads:
        found = owners.modifier_entities(tok, ctx)
        if not found:
            found = [e for p in pobjs(tok, _CONTENT_PREPS) for e in resolve(p, ctx, role, deep, depth + 1)]
        if not found:
            # "the crimes committed by Croatian forces": the participle's agent; "the proposal Somalia
            # made": the subject of the relative clause that leaves the noun out as its object
            doers = [
                a for v in tok.children if v.dep_ in ("acl", "relcl") and v.tag_ == "VBN" for a in agents(v)
            ] + [s for v in tok.children if gapped_object(v) for s in v.children if s.dep_ == "nsubj"]
            found = [e for a in doers for e in resolve(a, ctx, role, deep, depth + 1)]
        if not found and tok.dep_ == "dobj" and tok.head.lemma_.lower() in lex.issuing_verbs:
            # "the ministry issued a statement welcoming X": the statement speaks for its issuer
            issuers = agents(tok.head) if is_passive(tok.head) else subjects(tok.head)
            found = [e for s in issuers for e in resolve(s, ctx, role, False, depth + 1)]
        if not found and not named_modifier(tok, ctx):
            found = antecedents.content_antecedent(tok, ctx)
        return found
    return []


def named_modifier(tok: Token, ctx: Context) -> bool:
    """ "the Russian measures" name their owner; "the cease-fire violations", "the new measures" do not."""
    return any(c.dep_ in MODIFIERS and ctx.mention(c) is not None for c in tok.children)


def resolve_all(tokens: Sequence[Token], ctx: Context, role: str) -> list[Entity]:
    """Direct readings first (names, proxies); the deeper readings only when none gives an entity.
    Memoised within the sentence (what earlier sentences reported does not change while it is read)."""
    key: tuple[str | int, ...] = (role, *(t.i for t in tokens))
    cached = ctx.resolved.get(key)
    if cached is None:
        cached = ctx.resolved[key] = _resolve_tokens(tokens, ctx, role)
    return list(cached)


def _resolve_tokens(tokens: Sequence[Token], ctx: Context, role: str) -> list[Entity]:
    for deep in (False, True):
        out: dict[str, Entity] = {}
        for t in tokens:
            for e in resolve(t, ctx, role, deep):
                out.setdefault(e.id, e)
        if out:
            return list(out.values())
    return []


def phrase(tok: Token) -> str:
    """A short surface form for an unlinked argument: the token with its left modifiers."""
    left = [
        c for c in tok.children if c.dep_ in ("compound", "amod", "poss", "nmod", "nummod") and c.i < tok.i
    ]
    start = min([tok.i, *(c.left_edge.i for c in left)])
    return tok.doc[start : tok.i + 1].text
