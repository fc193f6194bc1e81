"""Event-noun triggers -> Frames: "U.S. airstrikes on X", "Iran's attack", "talks between A and B";
the doer of an event noun (possessor, by-phrase, name modifier, the subject of a light verb such as
"launched strikes" or of "took part in the talks", the clause an adjunct "during talks with X"
frames), and the culprit constructions ("X was behind / responsible for the attack")."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from graphkit.cameo import NounSense
from graphkit.extract import verbs
from graphkit.extract.context import MODIFIERS, NOT_AGENTS, REL_PRONOUNS, Context, Frame
from graphkit.extract.syntax import (
    agents,
    clause_roles,
    conj,
    forms,
    is_passive,
    nominal,
    particles,
    pobjs,
    subjects,
    that_marked,
)

# An agentless consultation noun inside these takes the clause subject ("during a call with X").
FRAME_PREPS = {"during", "in", "at", "after", "amid", "following", "before", "ahead"}
# "the attacks", "this strike", "these raids": an event noun with one of these and no doer of its own
# points back at an event already reported, whose doer it takes.
_ANAPHORIC_DETS = {"the", "this", "these", "those", "that", "such"}


def noun_lemma(tok: Token, ctx: Context) -> str:
    """The lemma, except for a common noun the tagger took for a name because it opens the sentence
    ("Drones launched by ..." keeps the lemma "Drones"): then its lower-case singular."""
    lemma = tok.lemma_
    if tok.pos_ == "PROPN" and tok.is_sent_start and tok.is_title and ctx.mention(tok) is None:
        for form in (tok.lower_, tok.lower_[:-1] if tok.lower_.endswith("s") else ""):
            if form and ctx.lex.noun_senses(form):
                return form
    return lemma


def event_noun(tok: Token, ctx: Context) -> NounSense | None:
    """The event sense of a noun (None for most nouns), memoised per document: every construction asks."""
    if tok.i not in ctx.noun_senses:
        ctx.noun_senses[tok.i] = _event_noun(tok, ctx)
    return ctx.noun_senses[tok.i]


def _event_noun(tok: Token, ctx: Context) -> NounSense | None:
    lemma = noun_lemma(tok, ctx)
    if not nominal(tok) or not ctx.lex.noun_senses(lemma):
        return None
    mods = {c.lemma_.lower() for c in tok.children if c.dep_ in ("compound", "amod")}
    own = _prep_words(tok)
    sense = ctx.lex.noun_sense(lemma, mods, own)
    bare = ctx.lex.noun_sense(lemma, set(), own)
    if sense is not None and bare is not None and sense is not bare:
        # "a joint offensive against X": the phrase's own preposition says which reading it has (each
        # party attacks X), while "joint exercises with Y" stays the cooperation
        here = _own_preps(tok)
        if here & set(bare.preps) and not here & set(sense.preps):
            return bare
    return sense


def _prep_words(noun: Token) -> set[str]:
    return {c.lower_ for c in noun.children if c.dep_ == "prep"}


def _own_preps(noun: Token) -> set[str]:
    """Prepositions of the noun, and of the light verb it is the object of ("launched X against Y")."""
    heads = [noun] + ([noun.head] if noun.dep_ == "dobj" else [])
    return {p.lower_ for h in heads for p in h.children if p.dep_ == "prep"}


def _light_governor(noun: Token, ctx: Context) -> Token | None:
    """The light verb whose object (or passive subject) this noun is: "launched strikes", "strikes
    were carried out"."""
    for verb in noun.children:
        # "the message Egypt sent to Ethiopia", "the strikes Israel launched on Gaza": the noun is the
        # object of the relative clause that modifies it
        if (
            verb.dep_ == "relcl"
            and verb.pos_ == "VERB"
            and not any(c.dep_ in ("dobj", "nsubjpass", "ccomp") for c in verb.children)
            and any(c.dep_ == "nsubj" and c.lower_ not in REL_PRONOUNS for c in verb.children)
            and ctx.lex.is_light_verb(verb.lemma_, particles(verb))
        ):
            return verb
    head, dep = noun.head, noun.dep_
    if dep == "conj" and head.dep_ in ("dobj", "nsubjpass"):  # "fired missiles and drones at"
        head, dep = head.head, head.dep_
    if dep == "pobj" and head.lower_ == "of" and forms(head.head) & ctx.lex.transparent_heads:
        head, dep = head.head.head, head.head.dep_  # "launched dozens of drones", "a wave of strikes"
    elif dep == "pobj" and head.lower_ in ("of", "in") and quantity(head.head):
        head, dep = head.head.head, head.head.dep_  # "pledged $500 million in aid", "dollars of aid"
    if dep == "pobj" and head.lower_ == "for" and head.head.lemma_.lower() == "join":
        return head.head  # "joined the minister for talks": the joiner and the joined take part
    if dep == "pobj" and head.lower_ == "in":
        # "participated in the signing", "took part in the talks": the subjects are its parties
        verb = head.head
        if verb.lemma_.lower() == "part" and verb.dep_ == "dobj":
            verb = verb.head
        if verb.pos_ == "VERB" and verb.lemma_.lower() in _PARTICIPATE:
            return verb
        return None
    if dep not in ("dobj", "nsubjpass") or head.pos_ != "VERB":
        return None
    return head if ctx.lex.is_light_verb(head.lemma_, particles(head)) else None


_PARTICIPATE = {"participate", "take", "engage", "join"}


def _joined_partners(noun: Token, gov: Token | None) -> list[Token]:
    """ "joined Cameroon and Nigeria in the fight": the partners a joiner takes part with."""
    if (
        gov is None
        or gov.lemma_.lower() != "join"
        or noun.dep_ != "pobj"
        or noun.head.lower_ not in ("in", "for")
    ):
        return []
    return conj(c for c in gov.children if c.dep_ == "dobj")


_MONEY = {"dollar", "euro", "pound", "yuan", "yen", "ruble", "rouble", "rupee", "franc", "shekel", "$", "€", "£",
          "million", "billion", "trillion", "worth", "tonne", "ton", "package"}  # fmt: skip


def quantity(tok: Token) -> bool:
    """An amount standing before what it measures: "$500 million", "70 million dollars", "tons"."""
    return tok.lemma_.lower() in _MONEY or tok.tag_ == "$" or any(c.dep_ == "nummod" for c in tok.children)


def _stray_conjunct(tok: Token, ctx: Context) -> list[Token]:
    """ "the assassination of X, and the deputy head of Y, Z, in Baghdad": a noun phrase right after
    ", and" that the parser coordinated with the clause's verb instead of with X."""
    doc = tok.doc
    k = tok.right_edge.i + 1
    if k < len(doc) and doc[k].lower_ == ",":
        k += 1
    if k >= len(doc) or doc[k].lower_ != "and" or not ctx.inside(doc[k]):
        return []
    for j in range(k + 1, min(k + 6, ctx.sent.end)):
        cand = doc[j]
        if cand.pos_ in ("NOUN", "PROPN") and cand.dep_ == "conj" and cand.head.pos_ in ("VERB", "AUX"):
            return [cand]
        if cand.pos_ not in ("DET", "ADJ", "NOUN", "PROPN", "NUM"):
            break
    return []


_TOPIC_PREPS = ("on", "over", "about")


def noun_frames(noun: Token, ctx: Context) -> list[Frame]:
    sense = event_noun(noun, ctx)
    if sense is None:
        return []
    gov = _light_governor(noun, ctx)
    framed = noun.dep_ == "pobj" and noun.head.lower_ in FRAME_PREPS and sense.symmetric
    if sense.light and gov is None and not framed and not noun_agents(noun, ctx):
        # "missiles were falling": a weapon is an event only when someone fires it ("drills by X" say who)
        return []
    culprit = received = False
    if gov is not None and verbs.requested(gov, ctx):
        return []  # "urged Israel to launch strikes"
    if gov is not None and gov.lemma_.lower() in ctx.lex.recipient_verbs:
        # "Abdul Mahdi received a call from the U.S.": the sender acts on the receiver
        actors = pobjs(noun, ("from",)) + pobjs(gov, ("from",))
        targets = clause_roles(gov)[0]
        received = True
    else:
        actors = noun_agents(noun, ctx)
        culprit = bool(actors) and actors == _culprits(noun, ctx)
        if not actors and anaphoric(noun):
            actors = [noun]  # "the attack on the base": resolved through the event it points back to
        # "blamed the attack on X": the verb's own preposition, whatever the parser hung it on
        matched = verbs.match_sense(noun.head, ctx) if noun.dep_ == "dobj" and gov is None else None
        taken = set(matched[0].preps) if matched else set()
        targets = pobjs(noun, [p for p in sense.preps if p not in taken])
        if gov is not None:
            targets += pobjs(gov, sense.preps)
        elif noun.dep_ == "dobj" and not targets:
            # "described Turkish airstrikes on the PKK": the parser often hangs the noun's PP on the verb;
            # take it unless the verb itself has a sense that uses that preposition ("blamed X on Y")
            targets += pobjs(noun.head, [p for p in sense.preps if p not in taken])
        if not targets and sense.code[:2] in _CLAUSE_TARGET_ROOTS:
            targets += _content_clause_subjects(noun)
        if not targets:
            # "the withdrawal of some forces from Panama": the PP hung on the of-object; "an agreement on
            # normalizing relations with X", "talks over trade with X": the party named in the topic
            inner = ("of", *_TOPIC_PREPS) if sense.symmetric else ("of",)
            targets += [
                t for o in pobjs(noun, inner) for t in pobjs(o, [p for p in sense.preps if p not in inner])
            ]
        for a in actors:  # "strikes by the U.S. and the U.K. against X": the PP may hang on the agent
            if a != noun:
                targets += [t for t in pobjs(a, sense.preps) if t not in targets]
        if targets:  # "the killing of X, and the deputy head of Y, Z": the parser hung Z on the event noun
            targets += conj(c for c in noun.children if c.dep_ == "conj" and event_noun(c, ctx) is None)
            targets += [x for t in targets for x in _stray_conjunct(t, ctx)]
    if sense.as_owner:
        targets = verbs.as_owners(targets, noun, ctx)
    pairs: list[tuple[Token, Token]] = []
    # "talks between A and B", "fighting erupted between A and B": whatever the word, "between"
    # makes it mutual
    between = pobjs(noun, ("between",))
    if not between and noun.dep_ in ("nsubj", "nsubjpass"):
        between = pobjs(noun.head, ("between",))
    if len(between) == 1:  # "between regional rivals Armenia and Azerbaijan": the names in apposition
        between = conj(c for c in between[0].children if c.dep_ == "appos") or between
    if len(between) > 1:
        pairs = [(a, b) for a in between for b in between if a != b]
        targets = [t for t in targets if t not in between]
    mods = [c for c in noun.children if c.dep_ in ("compound", "amod") and c.lemma_.lower() == sense.modifier]
    trigger = sorted(
        {*(mods if sense.modifier else []), noun, *([gov] if gov is not None else [])}, key=lambda t: t.i
    )
    lemma = " ".join(
        ([gov.lemma_.lower()] if gov is not None else []) + ([sense.modifier] if sense.modifier else [])
    )
    frame = Frame(
        tokens=trigger,
        clause=gov if gov is not None else noun,
        action=ctx.lex.action(sense.code),
        lemma=f"{lemma} {noun.lemma_.lower()}".strip(),
        actors=actors,
        targets=targets,
        symmetric=sense.symmetric,
        pairs=pairs,
        negated=any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children),
        head=noun,
        culprit=culprit,
        one_way=received or (gov is not None and gov.lemma_.lower() in ctx.lex.approving_verbs),
    )
    partners = _joined_partners(noun, gov)
    if partners and gov is not None:
        # "Chad joined Cameroon in the fight against X": the partners do it too, and the joiner works
        # with them (material help for a material act, diplomatic support for a verbal one)
        frame.actors = [*actors, *partners]
        code = "060" if frame.action.quad_class in (2, 4) else "050"
        joining = replace(frame, action=ctx.lex.action(code), lemma=f"join {noun.lemma_.lower()}",
                          actors=clause_roles(gov)[0], targets=partners, pairs=[], symmetric=False)  # fmt: skip
        return [frame, joining]
    joint = _joint_sense(noun, sense, ctx)
    if joint is None and not targets and not pairs and len(conj(actors)) > 1:
        # "military exercises by the U.S. and South Korea": done together, with no one else named, they
        # are the joint exercises of the two
        joint = next(
            (s for s in ctx.lex.noun_senses(noun.lemma_) if s.modifier == "joint" and s.symmetric), None
        )
        if joint is not None:
            return [replace(frame, action=ctx.lex.action(joint.code), symmetric=True)]
    if joint is None:
        return [frame]
    # "A and B launched a joint offensive against X": each attacks X, and A and B act together
    mod = [c for c in noun.children if c.lemma_.lower() == joint.modifier]
    together = replace(
        frame,
        tokens=sorted({*trigger, *mod}, key=lambda t: t.i),
        action=ctx.lex.action(joint.code),
        lemma=f"{lemma} {joint.modifier} {noun.lemma_.lower()}".strip(),
        targets=[],
        symmetric=True,
        pairs=[],
    )
    return [frame, together]


# "the accusation that X backs the rebels", "a demand that X withdraw", "a warning that X will pay":
# demands, disapproval and threats are aimed at whom their content clause is about
_CLAUSE_TARGET_ROOTS = {"10", "11", "13"}


def _content_clause_subjects(noun: Token) -> list[Token]:
    for clause in noun.children:
        if clause.dep_ in ("acl", "ccomp") and that_marked(clause):
            return clause_roles(clause)[0]
    return []


def _joint_sense(noun: Token, sense: NounSense, ctx: Context) -> NounSense | None:
    """The symmetric "modifier head" sense ("joint offensive") event_noun set aside for the bare one."""
    mods = {c.lemma_.lower() for c in noun.children if c.dep_ in ("compound", "amod")}
    full = ctx.lex.noun_sense(noun.lemma_, mods, _prep_words(noun))
    joint = full is not None and full is not sense and full.symmetric and full.modifier is not None
    return full if joint else None


def noun_agents(noun: Token, ctx: Context, depth: int = 0) -> list[Token]:
    """Who carries out an event noun, tried from the most to the least explicit."""
    poss = [c for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON"]
    if poss:
        return conj(poss)
    # "expressed his disapproval", "launched its attack": a pronoun possessor is the light verb's
    # subject, which the governor rule below finds; other pronouns are the linker's business
    by = pobjs(noun, ("by",))
    if not by:
        by = _adjacent_by(noun)
    if by:
        return by
    if noun.dep_ == "nsubj" and noun.head.lemma_.lower() in ctx.lex.source_verbs:
        source = pobjs(noun.head, ("from",))  # "the warning came from the minister"
        if source:
            return source
    culprits = _culprits(noun, ctx)
    if culprits:
        return culprits
    # nsubj: "The U.S. airstrikes" with "airstrikes" mistagged as a verb
    mods = [
        c
        for c in noun.children
        if c.dep_ in (*MODIFIERS, "nsubj") and (m := ctx.mention(c)) and m.entity.type not in NOT_AGENTS
    ]
    if not mods:
        # "US Predator attacks", "Russian Shahed drone strikes": the name modifies the weapon word
        # that modifies the event noun
        mods = [
            c
            for w in noun.children
            if w.dep_ == "compound" and ctx.mention(w) is None
            for c in w.children
            if c.dep_ in MODIFIERS and (m := ctx.mention(c)) and m.entity.type not in NOT_AGENTS
        ]
    if mods:
        return mods
    pron = [c for c in noun.children if c.dep_ == "poss"]
    if pron and _light_governor(noun, ctx) is None:
        return conj(pron)
    gov = _light_governor(noun, ctx)
    if gov is None and noun.dep_ in ("dobj", "nsubjpass") and noun.head.lemma_.lower() in ctx.lex.agent_verbs:
        gov = noun.head
    if gov is not None:
        actors, _ = clause_roles(gov)
        if actors:
            return actors
    for verb in noun.children:  # "the attacks, which were authorized by Trump"
        lemma = verb.lemma_.lower()
        if verb.dep_ in ("relcl", "acl") and (lemma in ctx.lex.agent_verbs or lemma in ctx.lex.light_verbs):
            if is_passive(verb):
                if agents(verb):
                    return agents(verb)
            else:
                subj = [s for s in subjects(verb) if s.lower_ not in REL_PRONOUNS and s != noun]
                if subj:
                    return subj
    sense = event_noun(noun, ctx)
    if sense is not None and sense.symmetric:
        # "during talks with X, Y said", "following talks with X, Y told reporters": the clause's subject
        # took part in the talks
        framing = _framing_head(noun, ctx)
        if framing is not None and framing.pos_ in ("VERB", "AUX"):
            return clause_roles(framing)[0]
        if framing is not None and ctx.mention(framing) is not None:
            return [framing]  # a headline without a verb: "Annan Hopeful After Meeting With Assad"
    return []


def _adjacent_by(noun: Token) -> list[Token]:
    """ "condemned the exercises by X", "in reaction to exercises by X": a by-phrase right after the event
    noun is its doer, wherever the parser hung it, unless it hung it on a passive verb as its agent."""
    doc = noun.doc
    after = noun.right_edge.i + 1
    if after >= len(doc) or doc[after].lower_ != "by" or doc[after].dep_ != "prep":
        return []
    head = doc[after].head
    if head.pos_ in ("VERB", "AUX") and is_passive(head):
        return []
    return conj(c for c in doc[after].children if c.dep_ == "pobj" and c.ent_type_ not in ("DATE", "TIME"))


def _framing_head(noun: Token, ctx: Context) -> Token | None:
    """What an adjunct noun frames: the clause verb of "[during talks with X], Y said", "[following talks
    with X], Y told" (the parser takes "following" for a participle whose object the noun is), "he is
    hopeful [after a second round of talks with X]"; in a verbless headline, the name it hangs on."""
    while (
        noun.dep_ == "pobj" and noun.head.lower_ == "of" and forms(noun.head.head) & ctx.lex.transparent_heads
    ):
        noun = noun.head.head  # "a second round of talks"
    if noun.head.lower_ not in FRAME_PREPS:
        return None
    framed = noun.dep_ == "pobj" or (noun.dep_ == "dobj" and noun.head.dep_ in ("prep", "advcl"))
    head = noun.head.head
    while head.pos_ == "ADJ" and head.dep_ in ("acomp", "amod") and head.head != head:
        head = head.head  # "is optimistic after talks"
    return head if framed else None


def _culprits(noun: Token, ctx: Context) -> list[Token]:
    """ "X was behind the attack", "X is responsible for the attack", "X claimed responsibility for the
    attack", "held X responsible for the attack": X. Not when the claim is negated or only denied."""
    words = ctx.lex.culprit_words
    prep = noun.head
    if noun.dep_ != "pobj" or prep.head == prep:
        return []
    # "responsible for planning and participating in attacks": through the gerunds to "for"
    for _ in range(3):
        if prep.lower_ == "for" or prep.lower_ in words:
            break
        gerund = prep.head
        if gerund.tag_ != "VBG" or gerund.dep_ not in ("pobj", "pcomp", "conj"):
            break
        while gerund.dep_ == "conj" and gerund.head.tag_ == "VBG":
            gerund = gerund.head
        prep = gerund.head
    if prep.dep_ not in ("prep", "acomp") and prep.pos_ != "ADP":
        return []
    word = prep.head if prep.lower_ == "for" else prep
    if word.lower_ not in words and word.lemma_.lower() not in words:
        return []
    if word.pos_ == "ADP":  # "behind": the clause it predicates of
        clause = word.head
    elif word.pos_ in ("NOUN", "PROPN"):  # "claimed responsibility for"
        clause = word.head
        if word.dep_ != "dobj" or clause.lemma_.lower() not in ctx.lex.culprit_verbs:
            return []
    else:  # "responsible": its own small-clause subject, the holder's object, or the copula's subject
        own = [c for c in word.children if c.dep_ in ("nsubj", "nsubjpass")]
        if own:
            return conj(own)
        clause = word.head
        if word.dep_ in ("oprd", "ccomp", "xcomp") and clause.lemma_.lower() == "hold":
            return conj(c for c in clause.children if c.dep_ == "dobj")
    if clause.pos_ not in ("VERB", "AUX") or any(c.dep_ == "neg" for c in clause.children):
        return []
    actors, _ = clause_roles(clause)
    return actors


def anaphoric(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in _ANAPHORIC_DETS for c in noun.children)
