"""Reported speech and the properties of an event's clause: "X said Y must leave" (X demands of Y),
"X claimed Y attacked Z" (X also accuses Y), the claimant of a report, negation and modality."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from graphkit.extract.context import MAX_DEPTH, Context, Frame
from graphkit.extract.syntax import (
    CONTROL_PREPS,
    agents,
    conj,
    governed_infinitive,
    governors,
    is_passive,
    pobjs_all,
    subjects,
    that_marked,
)

_CONDITIONAL_MARKS = {"if", "unless"}
# Reactions (disapprove, reject, protest) aim at whoever did what they react to
_REACTION_ROOTS = {"11", "12", "14"}
_AFTER_MARKS = {"after", "following", "when"}
_THREAT_ROOTS = {"13"}
_CONDITION_MARKS = {"if", "unless", "should"}


# Coercion (arrests, detentions, sentences) reported in the passive with no one named doing it is the
# state's act; "police", "authorities" or "security forces" with no owner are the same unnamed state.
_STATE_ROOTS = {"17"}
_WHERE_PREPS = ("in", "at", "to", "outside", "inside", "near", "into")


def implied_state(frame: Frame, ctx: Context) -> Frame:
    """ "X returned to Russia and was immediately arrested", "Y was detained in Minsk by police": the
    state of the one place the clause names acts, when no actor is named."""
    from graphkit.extract.arguments import resolve_all  # arguments imports this module

    clause = frame.clause
    if frame.action.root not in _STATE_ROOTS or clause.pos_ != "VERB" or not is_passive(clause):
        return frame
    if any(a.lemma_.lower() not in ctx.lex.unnamed_organs for a in frame.actors) or resolve_all(
        frame.actors, ctx, "actor"
    ):
        return frame
    if not [e for e in resolve_all(frame.targets, ctx, "target") if e.type in ("PERSON", "ORG")]:
        return frame
    verbs = conj([clause]) + ([clause.head] if clause.dep_ == "conj" else [])
    places = pobjs_all([*verbs, *frame.actors], _WHERE_PREPS)  # "by police officers in Hong Kong"
    places += pobjs_all(places, _WHERE_PREPS)  # "arrested at his home in Hong Kong"
    states = {
        s.id: s
        for p in places
        if (m := ctx.mention(p)) is not None and (s := ctx.state_of(m.entity.id)) is not None
    }
    if len(states) != 1:
        return frame
    return replace(frame, implied_actor=next(iter(states.values())))


_ANNOUNCED_ROOTS = {"16"}


def announced_by(frame: Frame, ctx: Context) -> Frame:
    """ "Saudi Arabia announced that all flights to and from Iran have been cancelled": a cut reported
    in the passive with no one named doing it is the act of whoever announces it."""
    clause = frame.clause
    if (
        frame.action.root not in _ANNOUNCED_ROOTS
        or frame.actors
        or clause.pos_ != "VERB"
        or not is_passive(clause)
    ):
        return frame
    report = _report_of(clause, ctx)
    if report is None or report[0].pos_ != "VERB":
        return frame
    return replace(frame, actors=[report[1]])


# Acts done by saying them: statements, appeals, pledges, demands, disapproval, rejections, threats.
_SPOKEN_ROOTS = frozenset({"01", "02", "03", "10", "11", "12", "13"})
_SPOKEN_CODES = frozenset({"051"})  # praise


def spoken_for_state(frame: Frame, ctx: Context) -> Frame:
    """ "Israel will not tolerate attacks," the prime minister said: what a state's own office holder
    says their state demands, condemns, threatens or promises is an act of saying, and the one who
    says it is its actor (the state acts through them). Material acts stay the state's."""
    from graphkit.extract.arguments import resolve_all  # arguments imports this module

    if len(frame.actors) != 1 or (
        frame.action.root not in _SPOKEN_ROOTS and frame.action.code not in _SPOKEN_CODES
    ):
        return frame
    if any(t.lower_ == "i" for t in frame.actors[0].subtree):
        return frame  # "the government, the nation and I condemn ...": the speaker names the parties
    report = _report_of(frame.clause, ctx)
    if report is None:
        return frame
    speakers = resolve_all([report[1]], ctx, "actor")
    if len(speakers) != 1 or speakers[0].type != "PERSON" or speakers[0].country is None:
        return frame
    actors = resolve_all(frame.actors, ctx, "actor")
    if not actors or any(a.type != "GPE" or a.country != speakers[0].country for a in actors):
        return frame
    return replace(frame, actors=[report[1]])


def provoked_by(frame: Frame, ctx: Context) -> Frame:
    """ "China expressed strong dissatisfaction after a U.S. warship sailed near the island": a reaction
    that names no target of its own is aimed at the doer of the act its after-clause reports; "Russia
    threatened to stop the talks if the U.S. deploys missiles": a threat at whoever its condition or
    after-clause names."""
    from graphkit.extract.arguments import resolve_all  # arguments imports this module

    root = frame.action.root
    if (
        root not in _REACTION_ROOTS | _THREAT_ROOTS
        or frame.pairs
        or resolve_all(frame.targets, ctx, "target")
    ):
        return frame
    # a threat answers what happened before it ("threatened a nuclear test after the Council condemned
    # its launches") or names what sets it off ("if the U.S. deploys missiles")
    marks = _AFTER_MARKS if root in _REACTION_ROOTS else _CONDITION_MARKS | _AFTER_MARKS
    # the condition may hang on the threatened act ("threatened to stop the talks if ...")
    heads = {frame.clause, *frame.tokens, *(c for c in frame.clause.children if governed_infinitive(c))}
    doers = [
        s
        for h in heads
        for c in h.children
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in c.children)
        for s in (agents(c) if is_passive(c) else subjects(c))
    ]
    if not doers:
        return frame
    return replace(frame, targets=[*frame.targets, *doers])


def obligation(verb: Token, ctx: Context) -> Frame | None:
    """ "Khamenei said U.S. troops should leave the region", "Pompeo said such actions must cease": the
    speaker demands (100) of the subject what it should or must do."""
    modal = next(
        (c for c in verb.children if c.dep_ == "aux" and c.lower_ in ctx.lex.obligation_modals), None
    )
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if modal is None or not subj or verb.dep_ not in ("ccomp", "parataxis", "conj", "ROOT"):
        return None
    report = _report_of(verb, ctx)
    if report is None or report[0].pos_ != "VERB":
        return None
    speech = report[0]
    if verb.dep_ == "ROOT" and not any(c.dep_ == "parataxis" and c == speech for c in verb.children):
        return None
    speakers = agents(speech) if is_passive(speech) else subjects(speech)
    if not speakers:
        return None
    return Frame(
        tokens=sorted([modal, verb], key=lambda t: t.i),
        clause=speech,
        action=ctx.lex.action("100"),
        lemma=f"{modal.lower_} {verb.lemma_.lower()}",
        actors=speakers,
        targets=conj(subj),
        head=verb,
    )


def characterisation(verb: Token, ctx: Context) -> Frame | None:
    """ "Moscow called the measures unfriendly and unlawful", "described the vote as a farce": a naming
    verb whose predicate disapproves criticises (111) its object."""
    if verb.lemma_.lower() not in ctx.lex.naming_verbs:
        return None
    preds = [c for c in verb.children if c.dep_ in ("oprd", "xcomp", "ccomp") and c.pos_ in ("ADJ", "NOUN")]
    preds += [
        o
        for p in verb.children
        if p.dep_ == "prep" and p.lower_ == "as"
        for o in p.children
        if o.dep_ == "pobj"
    ]
    if not any(w.lemma_.lower() in ctx.lex.disapproving_words for p in preds for w in conj([p])):
        return None
    objs = conj(c for c in verb.children if c.dep_ == "dobj")
    speakers = subjects(verb)
    if not objs or not speakers:
        return None
    return _verbal_act(verb, "111", preds[0].lemma_.lower(), speakers, objs, ctx)


def evaluation(verb: Token, ctx: Context) -> Frame | None:
    """ "The ministry said it was intolerable that the Council would ignore X": whoever says a deed is
    unacceptable criticises (111) its doer."""
    word = next((c for c in verb.children if c.dep_ in ("acomp", "attr")), None)
    if verb.lemma_.lower() != "be" or word is None or word.lemma_.lower() not in ctx.lex.disapproving_words:
        return None
    deeds = [c for c in verb.children if c.dep_ == "ccomp" and any(m.lower_ == "that" for m in c.children)]
    doers = [s for d in deeds for s in (agents(d) if is_passive(d) else subjects(d))]
    report = _report_of(verb, ctx)
    if not doers or report is None:
        return None
    return Frame(
        tokens=[word],
        clause=report[0],
        action=ctx.lex.action("111"),
        lemma=f"be {word.lemma_.lower()}",
        actors=[report[1]],
        targets=doers,
        head=word,
    )


def accusation(frame: Frame, ctx: Context) -> Frame | None:
    """ "X claimed that Y was starting a war", "X said Y was behind the attack": X accuses Y (112) of a
    hostile act it reports, besides the act itself (which keeps X as its claimant)."""
    if frame.action.quad_class < 3 or not frame.actors or frame.head is None:
        return None
    report = _report_of(frame.clause, ctx)
    if report is None:
        return None
    verb, _ = report
    accusing = verb.lemma_.lower() in ctx.lex.accusing_verbs or frame.action.code in ctx.lex.wrongdoing_codes
    if verb.pos_ != "VERB" or not (accusing or frame.culprit):
        return None
    # only what the speaker asserts: its complement (through coordination and relative clauses), not
    # background the writer hangs on it ("reported ..., given that X was responsible for ...")
    cur = frame.clause
    while cur.pos_ not in ("VERB", "AUX") and cur.head != cur:
        cur = cur.head
    while cur != verb:
        said_in = (cur.dep_ == "pobj" and cur.head.lower_ == "in") or (
            cur.dep_ == "prep" and cur.lower_ == "in"
        )
        content = (cur.dep_ == "acl" and _that_clause(cur.head)) or said_in  # "said in a statement that"
        if not (cur.dep_ in ("ccomp", "conj", "relcl", "xcomp", "parataxis") or content) or cur.head == cur:
            return None
        cur = cur.head
    speakers = agents(verb) if is_passive(verb) else subjects(verb)
    if not speakers:
        return None
    return replace(_verbal_act(verb, "112", frame.lemma, speakers, frame.actors, ctx), head=None)


_PENALTY_ROOTS = {"16", "17"}


def penalty_grounds(frame: Frame, ctx: Context) -> Frame | None:
    """ "sanctioned the men for their roles in threatening the peace", "expelled X for spying": a penalty
    given for a wrongdoing accuses (112) whom it falls on."""
    if frame.action.root not in _PENALTY_ROOTS or not frame.actors or not frame.targets:
        return None
    grounds = [
        o
        for h in {frame.clause, *frame.tokens, *frame.targets}  # "expelled the envoy for his role in"
        for p in h.children
        if p.dep_ == "prep" and p.lower_ == "for"
        for o in p.children
        if o.dep_ in ("pobj", "pcomp")
    ]
    wrong = [
        g
        for g in grounds
        if g.lemma_.lower() in ctx.lex.involvement_heads
        or (g.pos_ == "VERB" and any(s.code[:2] >= "11" for s in ctx.lex.verb_senses(g.lemma_)))
    ]
    if not wrong:
        return None
    # cited by the word of the wrongdoing, so that the penalty and the accusation are two events
    return replace(
        _verbal_act(frame.clause, "112", f"{frame.lemma} for {wrong[0].lemma_.lower()}", frame.actors,
                    frame.targets, ctx),
        tokens=[wrong[0]],
        head=None,
    )  # fmt: skip


def _verbal_act(
    verb: Token, code: str, what: str, actors: list[Token], targets: list[Token], ctx: Context
) -> Frame:
    """A verbal act (criticism, accusation) the verb itself carries."""
    return Frame(
        tokens=[verb],
        clause=verb,
        action=ctx.lex.action(code),
        lemma=f"{verb.lemma_.lower()} {what}",
        actors=actors,
        targets=targets,
        head=verb,
    )


def negated(frame: Frame, ctx: Context) -> bool:
    if frame.negated:
        return True
    if frame.negation_in_sense:
        return False
    govs = governors(frame.clause)
    if any(c.dep_ == "neg" for g in govs for c in g.children):
        return True
    return any(g.lemma_.lower() in ctx.lex.negating_verbs for g in govs[1:])


# adjectives of readiness: what follows is announced, not done
_READY = {"willing", "ready", "prepared", "eager", "determined", "keen", "set"}


def modality(frame: Frame, ctx: Context) -> str | None:
    if frame.modality:
        return frame.modality
    lex = ctx.lex
    clause = frame.clause
    if clause.dep_ == "xcomp" and clause.head.pos_ == "ADJ" and clause.head.lemma_.lower() in _READY:
        return clause.head.lower_  # "is willing to withdraw", "is ready to send troops"
    govs = governors(clause)
    for g in govs:
        for c in g.children:
            if c.dep_ == "aux" and c.lemma_.lower() in lex.modal_auxiliaries:
                return c.lower_
    for g in govs[1:]:
        if g.lemma_.lower() in lex.modal_verbs:
            return g.lower_
    cur = govs[-1]
    for _ in range(MAX_DEPTH):
        if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in cur.children):
            return "if"
        if cur.dep_ != "conj" or cur.head == cur:
            break
        cur = cur.head
    return None


def governed_by(frame: Frame, lemma: str) -> bool:
    """Whether the event's clause is the infinitive of ``lemma``, directly or through other verbs
    ("prepared to resume shelling"), or its adjective ("is prepared to strike")."""
    clause = frame.clause
    if (
        clause.dep_ == "xcomp"
        and clause.head.pos_ == "ADJ"
        and clause.head.lemma_.lower() in (lemma, lemma + "d")
    ):
        return True
    return any(g.lemma_.lower() == lemma for g in governors(clause)[1:])


def claimant(frame: Frame, ctx: Context) -> Token | None:
    return claimant_of(frame.clause, ctx)


def claimant_of(tok: Token, ctx: Context) -> Token | None:
    """Who reports what this token says: the subject of the speech verb whose complement holds it,
    or the object of "according to"."""
    report = _report_of(tok, ctx)
    return report[1] if report is not None else None


def _report_of(tok: Token, ctx: Context) -> tuple[Token, Token] | None:
    """(reporting word, speaker) for what this token says: the speech verb whose complement holds it and
    its subject, or "according" and its object."""
    cur = tok
    while cur.pos_ not in ("VERB", "AUX") and cur.head != cur:
        cur = cur.head
    content = False  # walked up through "a statement that ...": "said in a statement that X ..."
    for _ in range(8):
        for p in cur.children:
            if p.dep_ == "prep" and p.lower_ == "according":
                objs = [o for to in p.children for o in to.children if o.dep_ == "pobj"]
                if objs:
                    return p, objs[0]
        head = cur.head
        if head == cur or not ctx.inside(head):
            return None
        # "said (that) X ...", and "accused Tehran of arming X": the accuser claims it
        reported = cur.dep_ in ("ccomp", "parataxis") or (cur.dep_ == "prep" and cur.lower_ in CONTROL_PREPS)
        reported = reported or (content and cur.dep_ == "prep" and cur.lower_ == "in")
        content = cur.dep_ == "acl" and that_marked(cur)
        content = content or (
            cur.dep_ == "pobj" and head.lower_ == "in" and cur.i < tok.i and _that_clause(cur)
        )
        if reported and head.lemma_.lower() in ctx.lex.speech_verbs:
            speakers = agents(head) if is_passive(head) else subjects(head)
            if speakers:
                return head, speakers[0]
        if cur.dep_ not in (
            "ccomp",
            "conj",
            "xcomp",
            "advcl",
            "parataxis",
            "relcl",
            "acl",
            "pcomp",
            "pobj",
            "prep",
        ):
            return None
        cur = head
    return None


def _that_clause(noun: Token) -> bool:
    """ "a statement that X ...": a noun whose content a that-clause gives."""
    return any(c.dep_ == "acl" and that_marked(c) for c in noun.children)
