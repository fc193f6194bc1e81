"""Event anaphora: a definite event noun without a doer of its own ("condemned the attacks") takes
the doer of the nearest earlier event with the same word (else the same CAMEO root), within a few
sentences and only when that doer is unambiguous. One with a doer but no target ("the State Department
announced the sanctions") takes that event's target when the same side did it; a truce that names no
other side is made with the side its doer was last fighting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Token

from graphkit.cameo import NounSense
from graphkit.extract import arguments, nouns
from graphkit.extract.context import Context, Frame, Past
from graphkit.extract.syntax import forms, pobjs
from graphkit.models import Entity

_ANAPHORA_WINDOW = 6  # sentences


def event_targets(noun: Token, ctx: Context) -> list[Entity]:
    """Whom an event noun is aimed at: its own "on"/"against" objects, else those of the event it points
    back to."""
    sense = nouns.event_noun(noun, ctx)
    if sense is None:
        return []
    own = [e for t in pobjs(noun, sense.preps) for e in arguments.resolve(t, ctx, "target", False)]
    if own or not nouns.anaphoric(noun):
        return own
    past = _antecedent(noun, sense, ctx)
    return list(past.targets) if past is not None else []


def antecedent_targets(frame: Frame, ctx: Context) -> Frame:
    """ "ordered new sanctions against Russia ... The State Department announced the sanctions": a definite
    event noun that names no target of its own is aimed where the event it points back to was."""
    noun = frame.head
    if noun is None or noun.pos_ == "VERB" or frame.targets or frame.pairs or frame.symmetric:
        return frame
    if frame.implied_targets or not frame.actors or not nouns.anaphoric(noun):
        return frame
    if frame.actors == [noun] or any(c.dep_ in ("relcl", "acl") for c in noun.children):
        # "prior to the recent attacks": a mere mention of the earlier event, no new act; "the drone strike
        # that killed X": described by its own clause, not pointing back
        return frame
    sense = nouns.event_noun(noun, ctx)
    past = _antecedent(noun, sense, ctx) if sense is not None else None
    if past is None or not past.targets:
        return frame
    doers = arguments.resolve_all(frame.actors, ctx, "actor")
    if not any(same_side(d, p) for d in doers for p in past.actors):
        # "Michelle Obama joined the president for the visit" after "Castro welcomed Obama": an earlier
        # event by another side is not what this one points back to ("the new U.S. funding" after
        # Kerry's aid is)
        return frame
    return replace(frame, implied_targets=past.targets)


_TRUCE_WINDOW = 8  # sentences back to the fighting
_FIGHTING_ROOTS = frozenset({"18", "19", "20"})
_TRUCE_ROOTS = frozenset({"05", "08"})


def truce_parties(frame: Frame, ctx: Context) -> Frame:
    """ "Israel's cabinet approved the truce" after "the war between Israel and Hamas": a ceasefire or
    peace deal (or "the agreement" after one) that names no other side is made with the side its doer
    was last reported fighting."""
    if frame.action.root not in _TRUCE_ROOTS or not frame.actors:
        return frame
    if frame.targets or frame.pairs or frame.implied_targets:
        return frame
    deal = _deal_words(frame)
    truce = bool({w for t in deal for w in forms(t)} & ctx.lex.truce_words)
    if not truce and any(t.pos_ == "NOUN" and nouns.anaphoric(t) for t in deal):
        # "ratified the agreement" after "approved the truce": the agreement is that truce
        truce = any(
            ctx.sent_no - p.sent_no <= _TRUCE_WINDOW and p.lemma in ctx.lex.truce_words for p in ctx.past
        )
    if not truce:
        return frame
    doers = arguments.resolve_all(frame.actors, ctx, "actor")
    for past in reversed(ctx.past):
        if ctx.sent_no - past.sent_no > _TRUCE_WINDOW:
            break
        if past.root not in _FIGHTING_ROOTS:
            continue
        sides = {e.id: e for e in (*past.actors, *past.targets)}.values()
        # "Israel's cabinet" fights on Israel's side
        ours = [e for e in sides if any(same_side(d, e) for d in doers)]
        enemies = tuple(e for e in sides if e not in ours)
        if ours:
            return replace(frame, implied_targets=enemies, symmetric=False) if enemies else frame
    return frame


def _deal_words(frame: Frame) -> list[Token]:
    """The event word, its object when a verb ("ratified the agreement"), and their modifiers and
    conjuncts ("the truce and hostage release agreement", "a ceasefire deal")."""
    words = [t for t in (frame.head,) if t is not None]
    if frame.head is not None and frame.head.pos_ == "VERB":
        words += [c for c in frame.head.children if c.dep_ == "dobj"]
    mods = [c for w in words for c in w.children if c.dep_ in ("compound", "amod", "nmod", "conj")]
    return words + mods + [c for m in mods for c in m.children if c.dep_ in ("compound", "conj")]


def same_side(a: Entity, b: Entity) -> bool:
    """The same entity, or two of one state (the United States and its secretary of state)."""
    return a.id == b.id or (a.country is not None and a.country == b.country)


def _antecedent(noun: Token, sense: NounSense, ctx: Context) -> Past | None:
    """The nearest earlier event with the same word (else root) as ``noun``, within the window."""
    lemma, root = noun.lemma_.lower(), sense.code[:2]
    for same in (lemma, root):
        for k in range(len(ctx.past) - 1, -1, -1):
            p = ctx.past[k]
            if ctx.sent_no - p.sent_no > _ANAPHORA_WINDOW:
                break
            if (p.lemma if same == lemma else p.root) == same:
                return p
    return None


def antecedent_actors(noun: Token, sense: NounSense, ctx: Context, definite: bool = True) -> list[Entity]:
    """The doers of the event a definite event noun points back to: the nearest earlier event with the
    same word, else with the same CAMEO root, within a few sentences (and on the same target when the noun
    names one). Nothing when that nearest event has no known doer, when events of its sentence disagree
    about the doer, or for a meeting or a deal, whose parties one earlier doer does not cover."""
    if sense.symmetric or (definite and not nouns.anaphoric(noun)):
        return []
    lemma, root = noun.lemma_.lower(), sense.code[:2]
    aimed = {
        e.id
        for t in pobjs(noun, sense.preps)
        if ctx.inside(t)
        for e in arguments.resolve(t, ctx, "target", False)
    }
    for kind in (lambda p: p.lemma == lemma, lambda p: p.root == root):

        def same(p: Past, kind: Callable[[Past], bool] = kind) -> bool:
            return kind(p) and (not aimed or any(e.id in aimed for e in p.targets))

        for k in range(len(ctx.past) - 1, -1, -1):
            p = ctx.past[k]
            if ctx.sent_no - p.sent_no > _ANAPHORA_WINDOW:
                break
            if not same(p):
                continue
            # the events of that sentence: one doer among those that have one, those of the same number
            # first ("the attacks" after "the attacks, which Trump authorized, ... an earlier attack")
            first = k  # that sentence's events are contiguous in ctx.past and end at k
            while first > 0 and ctx.past[first - 1].sent_no == p.sent_no:
                first -= 1
            there = [q for q in ctx.past[first : k + 1] if same(q) and q.actors]
            plural = noun.tag_ in ("NNS", "NNPS")
            there = [q for q in there if q.plural == plural] or there
            doers = {tuple(sorted(e.id for e in q.actors)): q.actors for q in there}
            return list(next(iter(doers.values()))) if len(doers) == 1 else []
    return []


def remember(frame: Frame, ctx: Context) -> Past | None:
    """What a later "the attack" needs of this event: its word, root and doers."""
    if frame.head is None:
        return None
    # "fighting between A and B": each party does it
    parties = frame.actors or list(dict.fromkeys(a for a, _ in frame.pairs))
    actors = [t for t in parties if ctx.inside(t)]
    targets = [t for t in frame.targets if ctx.inside(t)]
    doers = arguments.resolve_all(actors, ctx, "actor") if actors else []
    head = frame.head
    sense = nouns.event_noun(head, ctx) if head.pos_ != "VERB" else None
    if sense is not None and nouns.anaphoric(head):
        # "the attacks, which were authorized by Trump": the same attacks as before, carried out by the
        # same doer; whoever ordered them is not who a later "the attacks" names
        doers = antecedent_actors(head, sense, ctx) or doers
    return Past(
        ctx.sent_no,
        head.lemma_.lower(),
        frame.action.root,
        tuple(doers),
        tuple(arguments.resolve_all(targets, ctx, "target") if targets else ()),
        head.tag_ in ("NNS", "NNPS"),
        frame.clause.lemma_.lower() if frame.clause.pos_ == "VERB" else "",
    )
