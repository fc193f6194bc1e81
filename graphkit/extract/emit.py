"""Frames -> Events: actor and target tokens resolved to entity pairs, each event citing its sentence
and trigger offsets. Meetings and "each other" are mutual; an attack whose victims are unnamed is
aimed at the place they were hit in; outlets cited as sources and self-loops are never parties."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from graphkit.cameo import Lexicon
from graphkit.extract import anaphora, arguments, reports
from graphkit.extract.context import MODIFIERS, Context, Frame
from graphkit.extract.syntax import pobjs_all
from graphkit.models import Action, Article, Citation, Entity, Event, UnlinkedEvent

_READINESS = {"willing", "ready", "prepared", "eager", "determined", "keen"}
_FUTURE = {"will", "shall", "'ll", "wo", "would", *_READINESS}


def _reciprocal(tok: Token) -> bool:
    """ "each other", "one another" (also as a possessor: "each other's energy infrastructure")."""
    word = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ == "other"), tok)
    return word.lower_ in ("other", "another") and any(c.lower_ in ("each", "one") for c in word.children)


# Acts both sides take part in whoever the sentence names first: meetings, agreements, cooperation,
# clashes. Cutting ties with someone, by contrast, is one side's act.
_MUTUAL_ROOTS = {"04", "05", "06", "19"}
_ONE_WAY_PREPS = {"against", "from", "on", "at", "into"}
# Attacks and shows of force: a place named where they happened is what they were aimed at.
_PLACE_ROOTS = {"15", "18", "19", "20"}
_PLACE_PREPS = ("in", "on", "at", "near", "around", "off", "into", "across", "over", "along", "outside")
_PLACE_TYPES = {"GPE", "LOC", "FAC"}
_SAME_TIME = {"when", "as", "while"}
_POISED = "prepare"  # "prepared / preparing (to resume) to attack": a show of force, not the attack
_FORCE_ROOTS = {"18", "19", "20"}
# Expelling and breaking off relations happen between states: never to one's own state.
_EXPULSIONS = {"161", "166", "174"}


def _place_targets(frame: Frame, ctx: Context) -> list[Token]:
    """Places named in the event's clause: prepositional objects of the trigger, its verb, its objects
    and what it was aimed at ("killed five people in Kyiv and Mykolaiv", "shelled villages near the
    border", "fired at targets in Jericho")."""
    heads = [frame.clause, *frame.tokens]
    heads += [c for h in list(heads) for c in h.children if c.dep_ in ("dobj", "nsubjpass")]
    # "killed 23 people when they blew themselves up in Tel Aviv": the same act told in a when-clause
    heads += [
        c for c in frame.clause.children
        if c.dep_ == "advcl" and any(m.dep_ in ("advmod", "mark") and m.lower_ in _SAME_TIME for m in c.children)
    ]  # fmt: skip
    out: list[Token] = []
    for tok in pobjs_all(heads, _PLACE_PREPS):
        if not ctx.inside(tok) or tok in out:
            continue
        ents = arguments.resolve(tok, ctx, "target", False)
        if ents and all(e.type in _PLACE_TYPES for e in ents):
            out.append(tok)
    # "fired shells at targets in Jericho": a bare unnamed target stands in the town or country named
    # (not "militia targets in Iraq", whose owner the phrase tries to name, nor "ships in the Red Sea")
    bare = [t for t in frame.targets if t not in heads and not any(c.dep_ in MODIFIERS for c in t.children)]
    for tok in pobjs_all(bare, _PLACE_PREPS):
        ents = arguments.resolve(tok, ctx, "target", False)
        if ctx.inside(tok) and tok not in out and ents and all(e.type == "GPE" for e in ents):
            out.append(tok)
    return out


# "X said it would meet / sign / help / yield": CAMEO codes an announced cooperative act as the intent
# to do it (03x), by the kind of act
_INTENT_TO: dict[str, str] = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}


def _prospective(frame: Frame, ctx: Context) -> bool:
    """The event word's clause is only in prospect: its verb is future or ready ("will open", "would be
    ready to host")."""
    verb = frame.clause
    while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
        verb = verb.head
    return reports.modality(replace(frame, clause=verb, modality=None), ctx) in _FUTURE


def _conditional(clause: Token) -> bool:
    """ "will withdraw its force unless X ...", "would cut aid if X ...": the act hangs on a condition."""
    return any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
        for c in clause.children
    )


def _pledged(frame: Frame, lex: Lexicon) -> bool:
    """ "Biden's commitment to support Ukraine", "a pledge to withdraw": the act is promised, not done."""
    clause = frame.clause
    return (
        clause.dep_ == "acl"
        and clause.head.lemma_.lower() in lex.pledge_nouns
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
    )


def _declared(action: Action, lex: Lexicon, conditional: bool = False) -> Action:
    """An actor's own announcement of a future act is a threat or a pledge, not the act."""
    intent = lex.declared_intent
    if intent is None or action.root == "13" or (action.root == "16" and not conditional):
        # cutting ties, aid or trade announced ("said it would prohibit all aid to X") is the decision
        # itself, as CAMEO codes sanctions announced; announced with a condition ("will withdraw its
        # force unless ..."), and force or coercion announced, it is a threat
        return action
    if action.quad_class == 4:
        return lex.action(intent.conflict)
    code = _INTENT_TO.get(action.root)
    if code is not None and code in lex.codes:
        return lex.action(code)
    if action.quad_class == 2:
        return lex.action(intent.cooperation)
    return action


def emit(
    frame: Frame,
    sent: Span,
    article: Article,
    ctx: Context,
    events: dict[str, Event],
    unlinked: dict[str, UnlinkedEvent],
) -> None:
    pairs: list[tuple[list[Token], list[Token]]] = [([a], [b]) for a, b in frame.pairs]
    if pairs and _prospective(frame, ctx):
        # "X would be ready to host a meeting between A and B", "talks between A and B will open": a
        # meeting of others only in prospect, which CAMEO codes as no event of theirs
        pairs = []
    if (
        frame.actors
        and frame.targets
        and frame.action.root in _PLACE_ROOTS
        and not arguments.resolve_all(frame.targets, ctx, "target")
    ):
        # "missile attacks killed five people in Kyiv", "shelled villages near Aleppo": what was hit is
        # unnamed, so the place it was hit in is the target (not "fought in Syria": nothing was hit)
        frame.targets = frame.targets + _place_targets(frame, ctx)
    if frame.symmetric and len(frame.actors) > 1 and not arguments.resolve_all(frame.targets, ctx, "target"):
        # "Thailand and Cambodia traded accusations over the clashes": what the mutual act is about is
        # no party; the parties are each other
        frame.targets = [t for t in frame.targets if _reciprocal(t)]
    reciprocal = [t for t in frame.targets if _reciprocal(t)]
    if reciprocal and len(frame.actors) > 1:  # "Russia and Ukraine attacked each other's power plants"
        pairs += [([a], [b]) for a in frame.actors for b in frame.actors if a != b]
    elif frame.implied_actor is not None and frame.targets:
        pairs.append(([], frame.targets))
    elif frame.implied_targets and frame.actors:
        pairs.append((frame.actors, []))
    elif frame.actors and frame.targets:
        pairs.append((frame.actors, frame.targets))
        # "A met (with) B", "talks with B": both took part, as in "A and B met"; not a one-sided
        # "fighting against B", "a call from B" (the caller acts)
        mutual = [t for t in frame.targets if not (t.dep_ == "pobj" and t.head.lower_ in _ONE_WAY_PREPS)]
        if frame.symmetric and mutual and not frame.one_way and frame.action.root in _MUTUAL_ROOTS:
            pairs.append((mutual, frame.actors))
    elif frame.symmetric and len(frame.actors) > 1:  # "Iran and Iraq signed a deal"
        pairs += [([a], [b]) for a in frame.actors for b in frame.actors if a != b]
    elif frame.symmetric and len(arguments.resolve_all(frame.actors, ctx, "actor")) > 1:
        pairs.append((frame.actors, frame.actors))  # "they met" where "they" is two parties named before
    if not pairs:
        return
    first, last = frame.tokens[0], frame.tokens[-1]
    if last.i - first.i > 4:
        # "renewing Tehran's long-standing demand": far-apart words cite the event word alone, so the
        # trigger is always the exact slice of the stored text its offsets give
        first = last = frame.head if frame.head is not None and frame.head in frame.tokens else last
    start, end = first.idx, last.idx + len(last.text)
    trigger = article.text[start:end]
    citation = Citation(
        article_id=article.id,
        sentence=ctx.sent_text,
        sentence_start=sent.start_char,
        sentence_end=sent.end_char,
        trigger_start=start,
        trigger_end=end,
        published=article.published,
    )
    negated = reports.negated(frame, ctx)
    modality = reports.modality(frame, ctx)
    claimant_tok = reports.claimant(frame, ctx)

    for actor_toks, target_toks in pairs:
        # arguments the parser hung across a sentence (or line) boundary are not this sentence's
        actor_toks = [t for t in actor_toks if sent.start <= t.i < sent.end]
        target_toks = [t for t in target_toks if sent.start <= t.i < sent.end]
        if frame.action.root == "01":  # "told Reuters", "tells VOA": the outlet is the source, no party
            target_toks = [t for t in target_toks if (m := ctx.mention(t)) is None or m.rule != "media"]
        if not (actor_toks or frame.implied_actor) or not (target_toks or frame.implied_targets):
            continue
        if actor_toks:
            actors = arguments.resolve_all(actor_toks, ctx, "actor")
        else:
            actors = [frame.implied_actor] if frame.implied_actor is not None else []
        if target_toks:
            targets = arguments.resolve_all(target_toks, ctx, "target")
        else:
            targets = list(frame.implied_targets)
        if frame.host_state:
            targets = [ctx.state_of(t.id) or t if t.type in ("GPE", "LOC") else t for t in targets]
        if actors and targets:
            claimed_by = None
            claimants: list[Entity] = []
            if claimant_tok is not None:
                claimants = arguments.resolve_all([claimant_tok], ctx, "actor")
                claimed_by = claimants[0].name if claimants else arguments.phrase(claimant_tok)
            for a in actors:
                action = frame.action
                # the actor's own announcement ("X said it would ..."), or readiness stated of it ("X is
                # willing to withdraw"): the intent, not the act
                own = any(c.id == a.id for c in claimants) or modality in _READINESS
                if (
                    reports.governed_by(frame, _POISED)
                    and action.root in _FORCE_ROOTS
                    and "150" in ctx.lex.codes
                ):
                    action = ctx.lex.action("150")  # "the army prepared to resume shelling": a show of force
                elif (modality in _FUTURE and own) or _pledged(frame, ctx.lex):
                    action = _declared(action, ctx.lex, _conditional(frame.clause))
                for t in targets:
                    if a.id == t.id:
                        continue  # no self-loops
                    if action.code[:3] in _EXPULSIONS and anaphora.same_side(a, t):
                        continue  # "Macron ordered French troops to leave Niger": recalling one's own
                    key = f"{article.id}:{start}:{a.id}:{t.id}"
                    events.setdefault(
                        key,
                        Event(
                            key=key,
                            actor=a,
                            target=t,
                            action=action,
                            trigger=trigger,
                            lemma=frame.lemma,
                            citation=citation,
                            negated=negated,
                            modality=modality,
                            claimed_by=claimed_by if claimed_by != a.name else None,
                        ),
                    )
        elif actors or targets:
            actor_text = actors[0].name if actors else arguments.phrase(actor_toks[0])
            target_text = targets[0].name if targets else arguments.phrase(target_toks[0])
            key = f"{article.id}:{start}:{actor_text}:{target_text}"
            unlinked.setdefault(
                key,
                UnlinkedEvent(
                    key=key,
                    actor_text=actor_text,
                    target_text=target_text,
                    action=frame.action,
                    trigger=trigger,
                    citation=citation,
                ),
            )
