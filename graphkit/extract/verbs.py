"""Verb triggers -> Frames: the lexicon sense that fits (particle, complement, subject and target
constraints), its actor (subject or by-agent) and target (object, the sense's prepositions, the
subject of a small clause, the prepositional phrase of the thing acted on), and intent verbs
("threatened to attack X" -> one THREATEN frame)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from spacy.tokens import Token

from graphkit.cameo import IntentVerb, VerbSense
from graphkit.extract import arguments, nouns
from graphkit.extract.context import OBJECTS, REL_PRONOUNS, Context, Frame
from graphkit.extract.syntax import (
    clause_roles,
    conj,
    forms,
    gapped_object,
    governed_infinitive,
    governors,
    infinitive,
    is_passive,
    particles,
    pobjs,
    subjects,
)


def match_sense(verb: Token, ctx: Context) -> tuple[VerbSense, Token | None] | None:
    """The first sense of a verb whose particle/complement constraints hold, and the preposition that
    carried the particle ("called on X": "on" is a preposition whose object is the target)."""
    return next(_matching_senses(verb, ctx), None)


def _matching_senses(verb: Token, ctx: Context) -> Iterator[tuple[VerbSense, Token | None]]:
    """Every sense of a verb whose particle/complement constraints hold, in the lexicon's order."""
    if not ctx.lex.verb_senses(verb.lemma_):
        return
    found_particles = particles(verb)
    preps = {c.lower_: c for c in verb.children if c.dep_ == "prep"}
    near = {g.lemma_.lower() for c in verb.children for g in (c, *c.children)}
    negated = any(c.dep_ == "neg" for c in verb.children)
    for sense in ctx.lex.verb_senses(verb.lemma_):
        if sense.negated and not negated:
            continue
        if sense.complement and sense.complement not in near:
            continue
        if sense.subjects and not any(forms(t) & set(sense.subjects) for t in subjects(verb)):
            continue
        if sense.not_subjects and any(forms(t) & set(sense.not_subjects) for t in subjects(verb)):
            continue
        if sense.particle:
            if sense.particle in found_particles:
                yield sense, None
            elif sense.particle in preps:
                yield sense, preps[sense.particle]
            continue
        if found_particles - {"to"}:  # "fight back", "call off": a particle changes the verb's meaning
            continue
        yield sense, None


def as_owners(targets: list[Token], trigger: Token, ctx: Context) -> list[Token]:
    """ "recognized Jerusalem as Israel's capital": Israel, the owner in the "as" phrase, is the target."""
    doc = trigger.doc
    # the "as" right after the object, wherever the parser hung it ("in the wake of Trump's recognition
    # of Jerusalem as Israel's capital" hangs it on "wake")
    after = [doc[t.right_edge.i + 1] for t in targets if t.right_edge.i + 1 < len(doc)]
    for as_ in after:
        if as_.lower_ == "as" and ctx.inside(as_):
            for obj in (c for c in as_.children if c.dep_ in ("pobj", "nsubj")):
                owners = [c for c in obj.children if c.dep_ == "poss" and ctx.mention(c) is not None]
                if owners:
                    return owners
    return targets


_WHEN = {"DATE", "TIME"}  # "called on Sunday": a date is never whom a preposition points at
# Prepositions through which a thing the verb acts on names whom the act concerns; "from" only for
# withdrawing and yielding ("withdrew troops from X"), never for attacks ("fired rockets from Gaza").
_OBJECT_PREPS = ("on", "against", "to", "with", "for", "in", "into", "at", "toward", "towards", "over")
_ARMED_GROUPS = {"group", "militia", "rebel", "insurgent", "militant", "fighter", "guerrilla", "faction"}
_RECIPIENT_PREPS = ("to", "against", "on", "with")
_FROM_ROOTS = {"08", "16"}
_COOPERATION_ROOTS = {"03", "04", "05", "06", "07", "08"}


def _object_phrases(objs: Sequence[Token], root: str) -> list[Token]:
    """Prepositional objects of a verb's objects, looking through "of" ("dollars of aid for X") and an
    amount's "in" ("300 million euros in aid to X")."""
    preps = _OBJECT_PREPS + (("from",) if root in _FROM_ROOTS else ())
    if root in _COOPERATION_ROOTS:
        # "joined the coalition against Islamic State": whom a joint effort is against is no partner
        preps = tuple(p for p in preps if p != "against")
    out: list[Token] = []
    stack = list(conj(objs))
    seen = 0
    while stack and seen < 8:
        obj = stack.pop(0)
        seen += 1
        out += [t for t in pobjs(obj, preps) if t.ent_type_ not in _WHEN and t not in out]
        if "for" in preps:
            out += [t for t in _for_to_subjects(obj) if t not in out]
        stack += pobjs(obj, ("of", "in") if nouns.quantity(obj) else ("of",))
    return out


def _for_to_subjects(noun: Token) -> list[Token]:
    """ "the need for Iran to de-escalate": the parser makes "Iran" the subject of the infinitive that
    "for" introduces; it is whom the phrase is for, as in "the need for Iran"."""
    return conj(
        s
        for clause in noun.children
        if clause.dep_ in ("advcl", "acl", "relcl")
        and any(m.dep_ == "mark" and m.lower_ == "for" for m in clause.children)
        for s in clause.children
        if s.dep_ == "nsubj"
    )


def _framing_party(verb: Token, ctx: Context) -> list[Token]:
    """ "advocated X during a phone call with Blinken": the other party of the call or meeting in which
    a verbal act was made, when the act names no target of its own."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in nouns.FRAME_PREPS:
            continue
        for noun in (c for c in prep.children if c.dep_ == "pobj"):
            if forms(noun) & ctx.lex.frame_nouns:
                return pobjs(noun, ("with",))
    return []


# nouns whose infinitive is only aimed at ("a push to rally", "efforts to isolate", "a bid to oust")
_AIM_NOUNS = {"push", "effort", "bid", "attempt", "campaign", "drive", "plan", "proposal", "call", "appeal",
              "request", "demand", "aim", "goal", "strategy",
              # "the right of Russian troops to fire", "a mandate to use force": allowed, not done
              "right", "permission", "authority", "mandate", "ability", "option", "freedom", "power"}  # fmt: skip


def _subjunctive(verb: Token) -> bool:
    """ "(demanded) that the U.S. cancel": a bare verb with no auxiliary, not "(warned) that X could attack"."""
    return verb.tag_ in ("VB", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def requested(verb: Token, ctx: Context) -> bool:
    """ "urged Iraq to expel", "warned him not to target", "demanded that the U.S. cancel plans to sell
    arms": an action asked for or warned against, however deep in what is asked, is not reported."""
    if any(
        c.dep_ == "aux" and c.lower_ in ctx.lex.obligation_modals for g in governors(verb) for c in g.children
    ):
        return True  # "the US must be ready to mediate": what someone must or should do is not done
    cur = verb
    for _ in range(4):
        asked = cur.dep_ == "xcomp" or (cur.dep_ == "ccomp" and _subjunctive(cur))
        if asked and cur.head.lemma_.lower() in ctx.lex.request_verbs:
            return True
        if cur.dep_ in ("advcl", "acl") and infinitive(cur):
            # "demanded a meeting of the Council to discuss X": the purpose of what is asked for
            gov = cur.head.head if cur.dep_ == "acl" and cur.head.dep_ == "dobj" else cur.head
            if gov.lemma_.lower() in ctx.lex.request_verbs:
                return True
        if cur.dep_ == "acl" and cur.head.lemma_.lower() in _AIM_NOUNS and infinitive(cur):
            return True  # "a push to rally states to fight X", "efforts to isolate Y": aims, not acts
        if cur.dep_ not in ("xcomp", "ccomp", "acl", "dobj", "conj") or cur.head == cur:
            return False
        cur = cur.head
    return False


def verb_frames(verb: Token, ctx: Context) -> list[Frame]:
    lex = ctx.lex
    if not lex.verb_senses(verb.lemma_) or requested(verb, ctx):
        return []  # most verbs are no trigger: decided on the lemma before any walk of the tree
    if verb.lemma_.lower() in lex.naming_verbs and any(c.dep_ == "oprd" for c in verb.children):
        return []  # "calling them an occupying army": naming, not a call
    if verb.lemma_.lower() in lex.light_verbs and lex.is_light_verb(verb.lemma_, particles(verb)):
        objs = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if any(nouns.event_noun(o, ctx) for o in conj(objs)):
            return []  # the noun frame speaks for "launched strikes", "pinned the blame"
    material = _material_purpose(verb, ctx)
    # "targets $240 million for refugees", "hit $2 billion in sales": an amount is never attacked
    money = any(c.dep_ == "dobj" and c.ent_type_ == "MONEY" for c in verb.children)
    fallback: Frame | None = None
    for sense, particle_prep in _matching_senses(verb, ctx):
        if money and sense.code[:2] in _ATTACK_ROOTS:
            continue
        frame = _verb_frame(verb, sense, particle_prep, ctx)
        if material and frame.action.quad_class == 2:
            return [frame]  # "fought in Syria to support Assad", "sent troops to back X": material
        found = arguments.resolve_all(frame.targets, ctx, "target")
        armed = any(t.lemma_.lower() in _ARMED_GROUPS for t in frame.targets)  # "the M23 rebel group"
        if sense.target_types and not (armed or any(e.type in sense.target_types for e in found)):
            continue  # "supported Hamas" (a group: material support) vs "supported Ukraine's bid"
        if found:
            return [frame]
        # a sense that names no target gives way to a later one that does ("complained to X" after
        # "complained about Y"); the first stands when none does
        fallback = fallback or frame
    return [fallback] if fallback is not None else []


def _material_purpose(verb: Token, ctx: Context) -> bool:
    """An infinitive of purpose under a material act: "fought to support X", "deployed troops to help"."""
    if verb.dep_ not in ("advcl", "xcomp") or not any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    ):
        return False
    head = verb.head
    return any(ctx.lex.action(s.code).quad_class in (2, 4) for s in ctx.lex.verb_senses(head.lemma_))


def _verb_frame(verb: Token, sense: VerbSense, particle_prep: Token | None, ctx: Context) -> Frame:
    lex = ctx.lex
    actors, patients = clause_roles(verb)
    if not actors and is_passive(verb):
        # "was killed in an airstrike by Russian forces", "wounded in a Somali rocket barrage": no
        # by-phrase of its own, so whoever carried out the attack it happened in
        attacks = [p for p in pobjs(verb, ("in", "during")) if _an_attack(p, ctx)]
        actors = [a for p in attacks for a in nouns.noun_agents(p, ctx) if a != p]
    actors = actors + _commanders(verb, actors, ctx) + _restaters(verb, actors, ctx)
    targets: list[Token] = []
    # a dative "to"/"for" is a preposition ("granted asylum to X"): its object is reached through preps
    objs = [c for c in verb.children if c.dep_ in OBJECTS and c.pos_ != "ADP"]
    if not objs:
        # "denounced as a crime Serbia's crackdown": a heavy object after the "as" phrase, which the
        # parser hangs on that phrase as an apposition
        objs = [a for p in verb.children if p.dep_ == "prep" and p.lower_ == "as"
                for o in p.children if o.dep_ == "pobj" for a in o.children if a.dep_ == "appos"]  # fmt: skip
    if gapped_object(verb) or (verb.dep_ == "relcl" and objs and all(o.lower_ in REL_PRONOUNS for o in objs)):
        objs = [verb.head]  # "a charge Iran denies", "the deal both sides signed": what the clause modifies
    if sense.object:
        targets += patients if is_passive(verb) else conj(objs)
        if sense.complement and len(objs) > 1:
            # "awarded him the Order of Merit": of two objects, the one that picks the sense is the thing
            # given; the other receives it
            targets = [t for t in targets if sense.complement not in forms(t)]
        if not objs:  # "helped Iran extend its influence": the subject of a bare or small clause
            for comp in verb.children:
                bare = not any(c.dep_ in ("mark", "aux", "auxpass") for c in comp.children)
                small = comp.tag_ == "VB" or comp.pos_ in ("ADJ", "NOUN")  # "hold the country responsible"
                # "demanded that Assad step down", "urged that Iran allow inspectors": the subjunctive's
                # subject is who is asked
                subjunctive = sense.code[:2] in ("02", "10") and comp.tag_ in ("VB", "VBP")
                if comp.dep_ == "ccomp" and ((small and bare) or subjunctive):
                    targets += conj(c for c in comp.children if c.dep_ == "nsubj")
    targets += pobjs(verb, sense.preps)
    if not sense.object and is_passive(verb):
        # "flights to and from Iran have been cancelled": the sense's phrase on the passive subject
        targets += [t for p in patients for t in pobjs(p, sense.preps) if t not in targets]
    for o in objs:  # "fired missiles at X" with "at" hung on the object
        targets += pobjs(o, sense.preps)
    if particle_prep is not None:
        targets += conj(c for c in particle_prep.children if c.dep_ == "pobj" and c.ent_type_ not in _WHEN)
    # "gave the Ivory Coast $5 million": a nominal indirect object receives, whatever the sense says
    targets += [c for c in objs if c.dep_ == "dative" and c not in targets]
    if objs and not arguments.resolve_all(targets, ctx, "target"):
        # "cut diplomatic ties with Iran", "lifted a curfew in X", "granted asylum to Rwandan rebels",
        # "provided $70 million of aid for Romania": the object is a thing; whom the act concerns is
        # named in the object's own prepositional phrase
        targets += _object_phrases(objs, sense.code[:2])
        # "refused admittance to X", "imposed sanctions on X" with the phrase hung on the verb
        targets += [t for t in pobjs(verb, _RECIPIENT_PREPS) if t.ent_type_ not in _WHEN and t not in targets]
    material = lex.action(sense.code).quad_class in (2, 4)
    if material and targets and not arguments.resolve_all(targets, ctx, "target"):
        # "contributed troops to a peace-keeping force in Liberia": the unnamed target's own phrase
        # (material acts only: "spoke to the media in Moscow" is not aimed at Moscow)
        targets += _object_phrases(list(targets), sense.code[:2])
    action = lex.action(sense.code)
    if sense.code[:2] in ("02", "10") and not arguments.resolve_all(targets, ctx, "target"):
        # "called for sanctions against Russia", "urged strikes on X": asking others to punish X
        # disapproves of X (110), the one it names
        punished = [
            p
            for t in list(targets)
            if (asked := nouns.event_noun(t, ctx)) is not None and asked.code[:2] in _PUNITIVE_ROOTS
            for p in pobjs(t, asked.preps)
        ]
        if punished and "110" in lex.codes:
            targets, action = punished, lex.action("110")
    allies = conj(pobjs(verb, ("alongside",))) if sense.code[:2] in _ATTACK_ROOTS else []
    # "fighting alongside Russian forces against Ukraine": the allies fight the enemy too (the parser
    # may hang it on them), never each other ("fought alongside Syrian troops" is no clash with them)
    targets += [t for a in allies for t in pobjs(a, sense.preps) if t not in targets]
    if allies and targets:
        actors = actors + [a for a in allies if a not in actors]
    if sense.as_owner:
        targets = as_owners(targets, verb, ctx)
    if sense.code[:2] in ("01", "02", "03", "04") and not arguments.resolve_all(targets, ctx, "target"):
        targets = targets + _framing_party(verb, ctx)
    trigger = [verb, *(c for c in verb.children if c.dep_ == "prt")]
    return Frame(
        tokens=sorted(trigger, key=lambda t: t.i),
        clause=verb,
        action=action,
        lemma=" ".join([verb.lemma_.lower(), *(sense.particle or "").split()]),
        actors=actors,
        targets=targets,
        symmetric=sense.symmetric,
        head=verb,
        host_state=sense.complement in _MISSIONS,
        negation_in_sense=sense.negated,
    )


# "reopened its embassy in Asmara", "closed its consulate in Mashhad": the act concerns the host state
_MISSIONS = {"embassy", "consulate", "mission"}
_ATTACK_ROOTS = ("18", "19", "20")
_PUNITIVE_ROOTS = ("16", "17", "18", "19", "20")
_RESTATE_VERBS = {"reaffirm", "reiterate", "restate", "renew", "repeat", "underline", "underscore", "stress"}


def _restaters(verb: Token, actors: list[Token], ctx: Context) -> list[Token]:
    """ "Blinken reaffirmed Biden's commitment to support Ukraine": whoever restates a pledge makes it
    too."""
    noun = verb.head
    if verb.dep_ != "acl" or noun.lemma_.lower() not in ctx.lex.pledge_nouns or noun.dep_ != "dobj":
        return []
    if noun.head.lemma_.lower() not in _RESTATE_VERBS:
        return []
    return [s for s in subjects(noun.head) if s not in actors]


_COMMAND_VERBS = {"order", "command", "instruct", "direct", "authorize", "authorise"}


def _commanders(verb: Token, actors: list[Token], ctx: Context) -> list[Token]:
    """ "Macron ordered French troops to attack X": whoever commands a state's forces to act acts too
    (CAMEO codes the commander as the source); "ordered Iran to leave" (no forces) is only a demand."""
    head = verb.head
    if verb.dep_ != "xcomp" or head.lemma_.lower() not in _COMMAND_VERBS or is_passive(head):
        return []
    if not actors or not all(forms(a) & ctx.lex.proxy_heads for a in actors):
        return []
    return [s for s in subjects(head) if s not in actors]


def _an_attack(noun: Token, ctx: Context) -> bool:
    """An attack noun ("an airstrike"), or a wave of one ("a rocket barrage", "a series of raids")."""
    sense = nouns.event_noun(noun, ctx)
    if sense is not None:
        return sense.code[:2] in _ATTACK_ROOTS
    if not forms(noun) & ctx.lex.transparent_heads:
        return False
    inner = [c for c in noun.children if c.dep_ == "compound"] + pobjs(noun, ("of",))
    return any((s := nouns.event_noun(c, ctx)) is not None and s.code[:2] in _ATTACK_ROOTS for c in inner)


def _bare_intent(verb: Token, inner_verb: Token, objects: list[Token], ctx: Context) -> list[Frame]:
    """ "threatened to break relations with Russia", "vowed to punish Iran": an embedded act the lexicon
    does not know still names whom the threat or pledge is aimed at (its object, or its phrases)."""
    intent = ctx.lex.intent_verbs[verb.lemma_.lower()]
    root = intent.conflict[:2]
    if intent.cooperation[:2] != root:
        return []  # "vowed to X": a pledge or a threat, which the unknown act would have told
    targets = [o for o in objects if not nouns.event_noun(o, ctx)]
    targets += pobjs(inner_verb, ("to", "against", "with", "on", "at", "into"))
    targets += _object_phrases(objects, root)
    return [
        Frame(
            tokens=[verb],
            clause=verb,
            action=ctx.lex.action(f"{root}0" if f"{root}0" in ctx.lex.codes else root),
            lemma=f"{verb.lemma_.lower()} {inner_verb.lemma_.lower()}",
            actors=clause_roles(verb)[0],
            targets=targets,
            modality=verb.lower_,
            head=verb,
        )
    ]


def intent_frames(verb: Token, ctx: Context, consumed: set[int]) -> list[Frame]:
    """ "X threatened to attack Y" -> X THREATEN Y (138), the embedded action kept in the lemma.

    When the intent verb has its own object ("warned Iran") the plain verb sense applies instead.
    """
    if any(c.dep_ in OBJECTS for c in verb.children) or requested(verb, ctx):
        return []  # "demanded that its partners refuse to recognize X": only asked for
    intent: IntentVerb = ctx.lex.intent_verbs[verb.lemma_.lower()]
    out = []
    # "threatened on Sunday to conduct a test": the parser makes an infinitive after an adverbial an
    # adverbial clause; with no object of its own, the intent verb governs it all the same
    inner_verbs = [
        c for c in verb.children
        if c.pos_ == "VERB" and governed_infinitive(c)
    ]  # fmt: skip
    for inner_verb in inner_verbs:
        inner = verb_frames(inner_verb, ctx)
        objects = conj(c for c in inner_verb.children if c.dep_ == "dobj")
        for n in (o for o in objects if nouns.event_noun(o, ctx)):
            inner += nouns.noun_frames(n, ctx)
        if not inner:
            out += _bare_intent(verb, inner_verb, objects, ctx)
        for f in inner:
            code = intent.conflict if f.action.quad_class >= 3 else intent.cooperation
            consumed.update(t.i for t in f.tokens)
            out.append(
                Frame(
                    tokens=sorted({verb, *f.tokens}, key=lambda t: t.i),
                    clause=verb,
                    action=ctx.lex.action(code),
                    lemma=f"{verb.lemma_.lower()} {f.lemma}",
                    actors=f.actors or clause_roles(verb)[0],
                    targets=f.targets,
                    symmetric=f.symmetric,
                    pairs=f.pairs,
                    modality=verb.lower_,
                    head=f.head,
                )
            )
    return out


# "sent weapons to help defend X", "set out to help the Philippines": whom a material act is for, named in
# its purpose clause; "help fight ISIS" names no one helped, so only protective verbs look through
_HELP_VERBS = {"help", "assist", "aid", "support", "back", "bolster"}
_PROTECT_VERBS = {"defend", "protect", "rebuild", "reconstruct", "secure", "stabilize", "stabilise", "feed",
                  "supply", "equip", "arm", "shield"}  # fmt: skip


def beneficiaries(frame: Frame, ctx: Context) -> Frame:
    """A cooperative material act (06-08) with no target of its own is for whom its purpose clause helps
    or protects."""
    if frame.action.quad_class != 2 or frame.pairs or arguments.resolve_all(frame.targets, ctx, "target"):
        return frame
    heads = {frame.clause, *frame.tokens}
    helped = [t for h in heads if h.lemma_.lower() in _HELP_VERBS for t in _helped(h)]
    for h in heads:
        for c in h.children:
            if c.dep_ in ("advcl", "xcomp") and infinitive(c):
                helped += _helped(c)
    return replace(frame, targets=[*frame.targets, *helped]) if helped else frame


def _helped(verb: Token) -> list[Token]:
    lemma = verb.lemma_.lower()
    if lemma not in _HELP_VERBS | _PROTECT_VERBS:
        return []
    objs = conj(c for c in verb.children if c.dep_ == "dobj")
    if objs or lemma in _PROTECT_VERBS:
        return objs
    inner = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in _PROTECT_VERBS]
    return [o for x in inner for o in conj(c for c in x.children if c.dep_ == "dobj")]


_PROTEST_AIMS = ("against", "over", "at", "of")


def protest_frame(verb: Token, ctx: Context) -> Frame | None:
    """ "The minister quit the cabinet in protest", "walked out in protest against X": an act done in
    protest is dissent (140) aimed at what it left or rejected, or at what the protest was against."""
    protest = next(
        (
            o
            for p in verb.children
            if p.dep_ == "prep" and p.lower_ == "in"
            for o in p.children
            if o.dep_ == "pobj" and o.lemma_.lower() == "protest"
        ),
        None,
    )
    if protest is None:
        return None
    actors = clause_roles(verb)[0]
    if not actors or "140" not in ctx.lex.codes:
        return None
    targets = conj(c for c in verb.children if c.dep_ == "dobj")
    targets += pobjs(verb, ("from", "of"))  # "resigned from the government", "walked out of the talks"
    targets += pobjs(protest, _PROTEST_AIMS)
    return Frame(
        tokens=[verb],
        clause=verb,
        action=ctx.lex.action("140"),
        lemma=f"{verb.lemma_.lower()} in protest",
        actors=actors,
        targets=targets,
        head=verb,
    )
