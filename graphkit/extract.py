"""Doc + Mentions -> Events: actor-action-target triples coded in CAMEO, each citing its sentence.

Input: the parsed spaCy Doc of ``article.text`` (so ``doc.text == article.text``), the linker's
Mentions (token ranges carrying canonical Entities) and the CAMEO Lexicon. Output: Events whose
actor and target both land on a Mention, and UnlinkedEvents where one side does and the other is a
phrase the linker did not resolve. Pure: no I/O, no model calls.

One small function per construction, walking the dependency tree:
  verbs        "Iran condemned the U.S.", "fired missiles at", "met with", "spoke out against";
               passives take the by-agent as actor ("was killed by a U.S. drone strike");
  intent       "threatened to attack X" -> one THREATEN event (CAMEO codes threats to act as 13x);
  nouns        "U.S. airstrikes on X", "Iran's attack on X", "strikes by A and B against X",
               "talks between A and B"; light verbs lend their subject ("launched strikes on X",
               "carried out an attack on X", "pinned the blame on X");
  arguments    coordination (one event per actor/target pair), relative clauses ("the strike that
               killed X" -> the strike's agent), proxy heads ("U.S. forces" -> United States),
               an organisation's spokesperson, content nouns ("rejected Pompeo's remarks" -> Pompeo)
               and event nouns as targets of reactions ("condemned the U.S. strike" -> United States).
Negation, modality (modal auxiliaries, "plans to", conditionals) and the claimant of reported
speech are recorded on the event; such events are kept. Self-loops are never emitted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from graphkit.cameo import IntentVerb, Lexicon, NounSense, VerbSense
from graphkit.models import Action, Article, Citation, Entity, Event, Mention, UnlinkedEvent

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_NOMINAL_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos")
_OBJECTS = ("dobj", "dative")
_MODIFIERS = ("poss", "compound", "amod", "nmod")
_REL_PRONOUNS = {"who", "whom", "which", "that", "whose"}
_CONDITIONAL_MARKS = {"if", "unless"}
# Places are where an event happens, not who does it ("the Baghdad attack").
_NOT_AGENTS = {"LOC", "FAC", "DATE", "TIME"}
# Prepositions through which a group noun or a content noun points at its owner.
_OWNER_PREPS = ("of", "for", "from")
_CONTENT_PREPS = ("by", "of", "from")
# An agentless consultation noun inside these takes the clause subject ("during a call with X").
_FRAME_PREPS = {"during", "in", "at", "after", "amid", "following"}
# "accused X of arming Y", "blamed X for", "stopped X from": the object does the gerund's action
_CONTROL_PREPS = {"of", "for", "from"}
_LABEL_LINE = re.compile(r"^[\W_]*[A-Z][A-Z ]{2,}:")
_MAX_DEPTH = 3


@dataclass
class _Frame:
    """One trigger with its argument tokens, before they are resolved to entities."""

    tokens: list[Token]  # trigger words, in text order
    clause: Token  # the verb whose auxiliaries, negation and reporting frame apply
    action: Action
    lemma: str
    actors: list[Token]
    targets: list[Token]
    symmetric: bool = False
    pairs: list[tuple[Token, Token]] = field(default_factory=list)  # "between A and B"
    modality: str | None = None
    negated: bool = False


class _Context:
    def __init__(self, doc: Doc, mentions: Sequence[Mention], lexicon: Lexicon) -> None:
        self.doc = doc
        self.lex = lexicon
        self.by_token: dict[int, Mention] = {}
        # the longest mention wins a token, so "U.S. President Donald Trump" beats "U.S."
        for m in sorted(mentions, key=lambda m: m.token_end - m.token_start):
            for i in range(m.token_start, m.token_end):
                self.by_token[i] = m

        self.sent: Span = doc[:]

    def mention(self, tok: Token) -> Mention | None:
        return self.by_token.get(tok.i)

    def inside(self, tok: Token) -> bool:
        """Within the sentence being read: walks up the tree stop where the parser ran on across a
        sentence or paragraph boundary."""
        return self.sent.start <= tok.i < self.sent.end


# --------------------------------------------------------------------------------------------- public


def extract_events(
    doc: Doc, article: Article, mentions: Sequence[Mention], lexicon: Lexicon
) -> tuple[list[Event], list[UnlinkedEvent]]:
    """All events the article's sentences state between linked entities, and those with one side
    unlinked. Event keys are ``article.id:trigger_start:actor.id:target.id``."""
    ctx = _Context(doc, mentions, lexicon)
    events: dict[str, Event] = {}
    unlinked: dict[str, UnlinkedEvent] = {}
    seen_sentences: set[str] = set()
    for sent in _sentences(doc):
        norm = " ".join(sent.text.split()).lower()
        if not norm or norm in seen_sentences or _is_boilerplate(sent, lexicon):
            continue
        seen_sentences.add(norm)
        ctx.sent = sent
        for frame in _sentence_frames(sent, ctx):
            _emit(frame, sent, article, ctx, events, unlinked)
    return list(events.values()), list(unlinked.values())


def _sentences(doc: Doc) -> Iterable[Span]:
    """The parser's sentences, also cut at line breaks: a headline or caption never runs on into the
    paragraph below it, whatever the parser thought."""
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text:
                if tok.i > start:
                    yield doc[start : tok.i]
                start = tok.i + 1
        while start < sent.end and doc[start].is_space:
            start += 1
        end = sent.end
        while end > start and doc[end - 1].is_space:
            end -= 1
        if start < end:
            yield doc[start:end]


def _is_boilerplate(sent: Span, lexicon: Lexicon) -> bool:
    text = sent.text.strip().lstrip("\"'“‘([").lower()
    if any(text.startswith(b) for b in lexicon.boilerplate):
        return True
    return bool(_LABEL_LINE.match(sent.text.strip()))  # "WATCH: ...", "READ MORE: ..."


# --------------------------------------------------------------------------------------------- frames


def _sentence_frames(sent: Span, ctx: _Context) -> list[_Frame]:
    frames: list[_Frame] = []
    consumed: set[int] = set()
    for tok in sent:  # intent verbs first: they take over the clause they govern
        if tok.pos_ == "VERB" and tok.lemma_.lower() in ctx.lex.intent_verbs:
            frames.extend(_intent_frames(tok, ctx, consumed))
    for tok in sent:
        if tok.i in consumed:
            continue
        if _nominal(tok):
            frames.extend(_noun_frames(tok, ctx))
        elif tok.pos_ == "VERB":
            frames.extend(_verb_frames(tok, ctx))
    return frames


def _conj(tokens: Iterable[Token]) -> list[Token]:
    """The tokens and everything coordinated with them ("the U.S. and the U.K.")."""
    out: list[Token] = []
    stack = list(tokens)
    while stack:
        t = stack.pop(0)
        if t in out:
            continue
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ == "conj")
    return out


def _forms(tok: Token) -> set[str]:
    """Lemma and plain-plural forms: the tagger lemmatises "bases" to "basis"."""
    low = tok.lower_
    out = {tok.lemma_.lower(), low}
    if low.endswith("s") and len(low) > 3:
        out.add(low[:-1])
    return out


def _particles(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ == "prt"}


def _pobjs(head: Token, preps: Iterable[str]) -> list[Token]:
    wanted = set(preps)
    out: list[Token] = []
    for p in head.children:
        if p.dep_ in ("prep", "agent") and p.lower_ in wanted:
            out.extend(c for c in p.children if c.dep_ == "pobj")
    return _conj(out)


def _agents(verb: Token) -> list[Token]:
    """The by-phrase of a passive verb."""
    return _conj(c for a in verb.children if a.dep_ == "agent" for c in a.children if c.dep_ == "pobj")


def _is_passive(verb: Token) -> bool:
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    # reduced passive relative: "militias supported by the Guard"
    return verb.dep_ == "acl" and verb.tag_ == "VBN"


def _subjects(verb: Token, depth: int = 0) -> list[Token]:
    """The grammatical subject of a verb, inherited through coordination, control and participles."""
    own = [c for c in verb.children if c.dep_ in _SUBJECTS]
    if own:
        return _conj(own)
    if any(c.dep_ == "expl" for c in verb.children):  # "there are U.S. troops ..."
        return _conj(c for c in verb.children if c.dep_ == "attr")
    if depth > _MAX_DEPTH or verb.head == verb or not _same_sentence(verb, verb.head):
        return []
    head = verb.head
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        return _subjects(head, depth + 1)
    if verb.dep_ == "xcomp":
        # object control ("urged Iraq to expel ...") else subject control ("threatened to strike")
        objs = [c for c in head.children if c.dep_ in _OBJECTS]
        return _conj(objs) if objs else _subjects(head, depth + 1)
    if verb.dep_ == "advcl" and head.pos_ in ("VERB", "AUX"):
        # a subjectless adverbial clause is controlled by the main subject: "Trump condemned Iran,
        # blaming it for ...", "fought in Syria to support Assad"
        return _subjects(head, depth + 1)
    if verb.dep_ == "pcomp":  # "in addition to fighting ISIS, X has ...", "after meeting Y, X ..."
        up = head
        while up.pos_ not in ("VERB", "AUX") and up.head != up:
            up = up.head
        if up.pos_ not in ("VERB", "AUX"):
            return []
        # "accused Tehran of arming the rebels", "blamed Y for attacking": the object is the doer
        control = head.head == up and head.lower_ in _CONTROL_PREPS
        objs = [c for c in up.children if c.dep_ in _OBJECTS] if control else []
        return _conj(objs) if objs else _subjects(up, depth + 1)
    if verb.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        # "the decision of these groups to support X", "Iran's plan to strike Y": the noun's owner
        owners = [c for c in head.children if c.dep_ == "poss"] or _pobjs(head, ("of", "by"))
        if owners:
            return _conj(owners)
        return _subjects(head.head, depth + 1) if head.dep_ in _OBJECTS else []
    if verb.dep_ in ("relcl", "acl"):
        return [head]
    return []


def _same_sentence(a: Token, b: Token) -> bool:
    """No line break between the two tokens (the parser may run on across paragraphs)."""
    lo, hi = sorted((a.i, b.i))
    return not any(t.is_space and "\n" in t.text for t in a.doc[lo:hi])


def _clause_roles(verb: Token) -> tuple[list[Token], list[Token]]:
    """(actors, patients-as-subjects) of a verb: active subject, or passive by-agent and subject."""
    subjects = _subjects(verb)
    if _is_passive(verb):
        return _agents(verb), subjects
    return subjects, []


def _match_sense(verb: Token, ctx: _Context) -> tuple[VerbSense, Token | None] | None:
    """The first sense of a verb whose particle/complement constraints hold, and the preposition that
    carried the particle ("called on X": "on" is a preposition whose object is the target)."""
    particles = _particles(verb)
    preps = {c.lower_: c for c in verb.children if c.dep_ == "prep"}
    near = {g.lemma_.lower() for c in verb.children for g in (c, *c.children)}
    for sense in ctx.lex.verb_senses(verb.lemma_):
        if sense.complement and sense.complement not in near:
            continue
        if sense.particle:
            if sense.particle in particles:
                return sense, None
            if sense.particle in preps:
                return sense, preps[sense.particle]
            continue
        if particles - {"to"}:  # "fight back", "call off": a particle changes the verb's meaning
            continue
        return sense, None
    return None


def _nominal(tok: Token) -> bool:
    """A noun, or a plural noun the tagger took for a verb ("The U.S. airstrikes targeted ...")."""
    if tok.pos_ in ("NOUN", "PROPN"):
        return True
    return tok.tag_ == "VBZ" and tok.dep_ in _NOMINAL_DEPS


def _event_noun(tok: Token, ctx: _Context) -> NounSense | None:
    if not _nominal(tok):
        return None
    mods = {c.lemma_.lower() for c in tok.children if c.dep_ in ("compound", "amod")}
    return ctx.lex.noun_sense(tok.lemma_, mods)


def _light_governor(noun: Token, ctx: _Context) -> Token | None:
    """The light verb whose object (or passive subject) this noun is: "launched strikes", "strikes
    were carried out"."""
    head, dep = noun.head, noun.dep_
    if dep == "conj" and head.dep_ in ("dobj", "nsubjpass"):  # "fired missiles and drones at"
        head, dep = head.head, head.dep_
    if dep == "pobj" and head.lower_ == "of" and _forms(head.head) & ctx.lex.transparent_heads:
        head, dep = head.head.head, head.head.dep_  # "launched dozens of drones", "a wave of strikes"
    if dep not in ("dobj", "nsubjpass") or head.pos_ != "VERB":
        return None
    return head if ctx.lex.is_light_verb(head.lemma_, _particles(head)) else None


def _verb_frames(verb: Token, ctx: _Context) -> list[_Frame]:
    lex = ctx.lex
    if lex.is_light_verb(verb.lemma_, _particles(verb)):
        objs = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if any(_event_noun(o, ctx) for o in _conj(objs)):
            return []  # the noun frame speaks for "launched strikes", "pinned the blame"
    matched = _match_sense(verb, ctx)
    if matched is None:
        return []
    sense, particle_prep = matched
    actors, patients = _clause_roles(verb)
    targets: list[Token] = []
    objs = [c for c in verb.children if c.dep_ in _OBJECTS]
    if sense.object:
        targets += patients if _is_passive(verb) else _conj(objs)
        if not objs:  # "helped Iran extend its influence": the subject of a bare or small clause
            for comp in verb.children:
                bare = not any(c.dep_ in ("mark", "aux", "auxpass") for c in comp.children)
                small = comp.tag_ == "VB" or comp.pos_ in ("ADJ", "NOUN")  # "hold the country responsible"
                if comp.dep_ == "ccomp" and small and bare:
                    targets += _conj(c for c in comp.children if c.dep_ == "nsubj")
    targets += _pobjs(verb, sense.preps)
    for o in objs:  # "fired missiles at X" with "at" hung on the object
        targets += _pobjs(o, sense.preps)
    if particle_prep is not None:
        targets += _conj(c for c in particle_prep.children if c.dep_ == "pobj")
    trigger = [verb, *(c for c in verb.children if c.dep_ == "prt")]
    return [
        _Frame(
            tokens=sorted(trigger, key=lambda t: t.i),
            clause=verb,
            action=lex.action(sense.code),
            lemma=" ".join([verb.lemma_.lower(), *(sense.particle or "").split()]),
            actors=actors,
            targets=targets,
            symmetric=sense.symmetric,
        )
    ]


def _intent_frames(verb: Token, ctx: _Context, consumed: set[int]) -> list[_Frame]:
    """ "X threatened to attack Y" -> X THREATEN Y (138), the embedded action kept in the lemma.

    When the intent verb has its own object ("warned Iran") the plain verb sense applies instead.
    """
    if any(c.dep_ in _OBJECTS for c in verb.children):
        return []
    intent: IntentVerb = ctx.lex.intent_verbs[verb.lemma_.lower()]
    out = []
    for inner_verb in (c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"):
        inner = _verb_frames(inner_verb, ctx)
        nouns = [o for o in _conj(c for c in inner_verb.children if c.dep_ == "dobj") if _event_noun(o, ctx)]
        for n in nouns:
            inner += _noun_frames(n, ctx)
        for f in inner:
            code = intent.conflict if f.action.quad_class >= 3 else intent.cooperation
            consumed.update(t.i for t in f.tokens)
            out.append(
                _Frame(
                    tokens=sorted({verb, *f.tokens}, key=lambda t: t.i),
                    clause=verb,
                    action=ctx.lex.action(code),
                    lemma=f"{verb.lemma_.lower()} {f.lemma}",
                    actors=f.actors,
                    targets=f.targets,
                    symmetric=f.symmetric,
                    pairs=f.pairs,
                    modality=verb.lower_,
                )
            )
    return out


def _noun_frames(noun: Token, ctx: _Context) -> list[_Frame]:
    sense = _event_noun(noun, ctx)
    if sense is None:
        return []
    gov = _light_governor(noun, ctx)
    framed = noun.dep_ == "pobj" and noun.head.lower_ in _FRAME_PREPS and sense.symmetric
    if sense.light and gov is None and not framed:
        return []  # "missiles were falling": a weapon is an event only when someone fires it
    if gov is not None and gov.lemma_.lower() in ctx.lex.recipient_verbs:
        # "Abdul Mahdi received a call from the U.S.": the sender acts on the receiver
        actors = _pobjs(noun, ("from",)) + _pobjs(gov, ("from",))
        targets = _clause_roles(gov)[0]
    else:
        actors = _noun_agents(noun, ctx)
        targets = _pobjs(noun, sense.preps)
        if gov is not None:
            targets += _pobjs(gov, sense.preps)
        elif noun.dep_ == "dobj" and not targets:
            # "described Turkish airstrikes on the PKK": the parser often hangs the noun's PP on the verb;
            # take it unless the verb itself has a sense that uses that preposition ("blamed X on Y")
            matched = _match_sense(noun.head, ctx)
            taken = set(matched[0].preps) if matched else set()
            targets += _pobjs(noun.head, [p for p in sense.preps if p not in taken])
        for a in actors:  # "strikes by the U.S. and the U.K. against X": the PP may hang on the agent
            targets += [t for t in _pobjs(a, sense.preps) if t not in targets]
        if targets:  # "the killing of X, and the deputy head of Y, Z": the parser hung Z on the event noun
            targets += _conj(c for c in noun.children if c.dep_ == "conj" and _event_noun(c, ctx) is None)
    pairs: list[tuple[Token, Token]] = []
    if sense.symmetric:
        between = _pobjs(noun, ("between",))
        pairs = [(a, b) for a in between for b in between if a != b]
        targets = [t for t in targets if t not in between]
    mods = [c for c in noun.children if c.dep_ in ("compound", "amod") and c.lemma_.lower() == sense.modifier]
    trigger = sorted(
        {*(mods if sense.modifier else []), noun, *([gov] if gov is not None else [])}, key=lambda t: t.i
    )
    lemma = " ".join(
        ([gov.lemma_.lower()] if gov is not None else []) + ([sense.modifier] if sense.modifier else [])
    )
    return [
        _Frame(
            tokens=trigger,
            clause=gov if gov is not None else noun,
            action=ctx.lex.action(sense.code),
            lemma=f"{lemma} {noun.lemma_.lower()}".strip(),
            actors=actors,
            targets=targets,
            symmetric=sense.symmetric,
            pairs=pairs,
            negated=any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children),
        )
    ]


def _noun_agents(noun: Token, ctx: _Context, depth: int = 0) -> list[Token]:
    """Who carries out an event noun, tried from the most to the least explicit."""
    poss = [c for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON"]
    if poss:
        return _conj(poss)
    # "expressed his disapproval", "launched its attack": a pronoun possessor is the light verb's
    # subject, which the governor rule below finds; other pronouns are the linker's business
    by = _pobjs(noun, ("by",))
    if by:
        return by
    # nsubj: "The U.S. airstrikes" with "airstrikes" mistagged as a verb
    mods = [
        c
        for c in noun.children
        if c.dep_ in (*_MODIFIERS, "nsubj") and (m := ctx.mention(c)) and m.entity.type not in _NOT_AGENTS
    ]
    if mods:
        return mods
    pron = [c for c in noun.children if c.dep_ == "poss"]
    if pron and _light_governor(noun, ctx) is None:
        return _conj(pron)
    gov = _light_governor(noun, ctx)
    if gov is None and noun.dep_ in ("dobj", "nsubjpass") and noun.head.lemma_.lower() in ctx.lex.agent_verbs:
        gov = noun.head
    if gov is not None:
        actors, _ = _clause_roles(gov)
        if actors:
            return actors
    for verb in noun.children:  # "the attacks, which were authorized by Trump"
        lemma = verb.lemma_.lower()
        if verb.dep_ in ("relcl", "acl") and (lemma in ctx.lex.agent_verbs or lemma in ctx.lex.light_verbs):
            if _is_passive(verb):
                if _agents(verb):
                    return _agents(verb)
            else:
                subj = [s for s in _subjects(verb) if s.lower_ not in _REL_PRONOUNS and s != noun]
                if subj:
                    return subj
    sense = _event_noun(noun, ctx)
    if sense is not None and sense.symmetric and noun.dep_ == "pobj" and noun.head.lower_ in _FRAME_PREPS:
        verb = noun.head.head
        if verb.pos_ in ("VERB", "AUX"):
            return _clause_roles(verb)[0]
    return []


# --------------------------------------------------------------------------------------------- arguments


def _modifier_entities(tok: Token, ctx: _Context) -> list[Entity]:
    return [m.entity for c in tok.children if c.dep_ in _MODIFIERS and (m := ctx.mention(c)) is not None]


def _resolve(tok: Token, ctx: _Context, role: str, deep: bool, depth: int = 0) -> list[Entity]:
    """The entities an argument token stands for (empty when it names none)."""
    m = ctx.mention(tok)
    if m is not None:
        if m.entity.type == "ROLE":  # "the deputy head of X, Abu Mahdi al-Muhandis": the named person
            named = [a for c in tok.children if c.dep_ == "appos" and (a := ctx.mention(c)) is not None]
            if named and named[0].entity.type != "ROLE":
                return [named[0].entity]
        return [m.entity]
    if depth > _MAX_DEPTH:
        return []
    if tok.lower_ in _REL_PRONOUNS and tok.head.dep_ in ("relcl", "acl") and tok.head.head != tok:
        # "Egypt and Qatar, which have mediated ...": the whole coordinated antecedent
        return [e for a in _conj([tok.head.head]) for e in _resolve(a, ctx, role, deep, depth + 1)]
    if tok.pos_ == "PRON":
        # other pronouns are the linker's business; these point at whoever is speaking
        speaker = _speaker(tok, ctx)
        return _resolve(speaker, ctx, "actor", False, depth + 1) if speaker is not None else []
    for c in tok.children:  # "the spokesperson, Yehia Rasool,"
        if c.dep_ == "appos" and (m := ctx.mention(c)) is not None:
            return [m.entity]
    lex = ctx.lex
    forms = _forms(tok)
    if forms & lex.transparent_heads:  # "a series of U.S. airstrikes", "a number of groups"
        return [e for p in _pobjs(tok, ("of",)) for e in _resolve(p, ctx, role, deep, depth + 1)]
    examples = _pobjs(tok, ("including", "like")) + [
        o for p in tok.children if p.dep_ == "prep" and p.lower_ == "as" and p.nbor(-1).lower_ == "such"
        for o in _conj(c for c in p.children if c.dep_ == "pobj")
    ]  # fmt: skip
    found = [e for x in examples for e in _resolve(x, ctx, role, False, depth + 1)]
    if found:  # "Palestinian groups, including Hamas and Islamic Jihad"
        return found
    if forms & lex.proxy_heads or (role == "actor" and forms & lex.role_heads):
        found = _modifier_entities(tok, ctx)
        if not found:
            found = [e for p in _pobjs(tok, _OWNER_PREPS) for e in _resolve(p, ctx, role, False, depth + 1)]
        for verb in tok.children if not found else ():
            if verb.dep_ not in ("acl", "relcl"):
                continue
            if verb.lemma_.lower() in lex.host_verbs:  # "bases housing U.S. troops"
                hosted = _conj(c for c in verb.children if c.dep_ == "dobj")
                found += [e for h in hosted for e in _resolve(h, ctx, role, False, depth + 1)]
            elif verb.lemma_.lower() in lex.owner_verbs:  # "locations linked to the Guard"
                owners = _pobjs(verb, ("to", "by", "with")) + _agents(verb)
                found += [e for o in owners for e in _resolve(o, ctx, role, False, depth + 1)]
        if found:
            return found
    if not deep:
        return []
    sense = _event_noun(tok, ctx)
    if sense is not None and not sense.light:
        agents = _noun_agents(tok, ctx, depth)
        found = [e for a in agents for e in _resolve(a, ctx, "actor", deep, depth + 1)]
        if not found and sense.symmetric:  # "ruled out talks with Washington"
            found = [e for p in _pobjs(tok, sense.preps) for e in _resolve(p, ctx, role, False, depth + 1)]
        return found
    if forms & lex.content_heads:
        found = _modifier_entities(tok, ctx)
        if not found:
            found = [e for p in _pobjs(tok, _CONTENT_PREPS) for e in _resolve(p, ctx, role, deep, depth + 1)]
        return found
    return []


def _resolve_all(tokens: Sequence[Token], ctx: _Context, role: str) -> list[Entity]:
    """Direct readings first (names, proxies); the deeper readings only when none gives an entity."""
    for deep in (False, True):
        out: dict[str, Entity] = {}
        for t in tokens:
            for e in _resolve(t, ctx, role, deep):
                out.setdefault(e.id, e)
        if out:
            return list(out.values())
    return []


def _phrase(tok: Token) -> str:
    """A short surface form for an unlinked argument: the token with its left modifiers."""
    left = [
        c for c in tok.children if c.dep_ in ("compound", "amod", "poss", "nmod", "nummod") and c.i < tok.i
    ]
    start = min([tok.i, *(c.left_edge.i for c in left)])
    return tok.doc[start : tok.i + 1].text


# --------------------------------------------------------------------------------------------- event properties


def _governors(clause: Token) -> list[Token]:
    """The clause verb and the verbs governing it as an infinitive: "did not seek to escalate",
    "will take our fight to expel"."""
    out = [clause]
    cur = clause
    while len(out) <= _MAX_DEPTH:
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)
        if not (cur.dep_ == "xcomp" or (infinitive and cur.dep_ in ("advcl", "acl"))):
            break
        nxt = cur.head
        while nxt.pos_ not in ("VERB", "AUX") and nxt.head != nxt:
            nxt = nxt.head
        if nxt.pos_ not in ("VERB", "AUX") or not _same_sentence(cur, nxt):
            break
        out.append(nxt)
        cur = nxt
    return out


def _negated(frame: _Frame, ctx: _Context) -> bool:
    if frame.negated:
        return True
    govs = _governors(frame.clause)
    if any(c.dep_ == "neg" for g in govs for c in g.children):
        return True
    return any(g.lemma_.lower() in ctx.lex.negating_verbs for g in govs[1:])


def _modality(frame: _Frame, ctx: _Context) -> str | None:
    if frame.modality:
        return frame.modality
    lex = ctx.lex
    govs = _governors(frame.clause)
    for g in govs:
        for c in g.children:
            if c.dep_ == "aux" and c.lemma_.lower() in lex.modal_auxiliaries:
                return c.lower_
    for g in govs[1:]:
        if g.lemma_.lower() in lex.modal_verbs:
            return g.lower_
    cur = govs[-1]
    for _ in range(_MAX_DEPTH):
        if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in cur.children):
            return "if"
        if cur.dep_ != "conj" or cur.head == cur:
            break
        cur = cur.head
    return None


_FIRST_PERSON = {"i", "me", "my", "myself", "we", "us", "our", "ours", "ourselves"}
_THIRD_PERSON_SUBJECTS = {"he", "she", "it", "they"}
_PERSON_PRONOUNS = {"he", "him", "she", "her"}  # not possessives: "his attacks" is too often misparsed


def _speaker(pron: Token, ctx: _Context) -> Token | None:
    """The speaker a pronoun points at: "I"/"we" anywhere in a quote; "he"/"it"/"they" as the subject
    of what a speech verb reports ("Iran said it would retaliate")."""
    low = pron.lower_
    if low in _FIRST_PERSON:
        speaker = _claimant_of(pron, ctx)
    elif low in _THIRD_PERSON_SUBJECTS and pron.dep_ in ("nsubj", "nsubjpass") and _reported(pron, ctx):
        speaker = _reported(pron, ctx)
    elif low in _PERSON_PRONOUNS and pron.dep_ != "poss":
        speaker = _only_person_before(pron, ctx)
    else:
        return None
    if speaker is None or speaker == pron or speaker.pos_ == "PRON":
        return None
    return speaker


def _reported(pron: Token, ctx: _Context) -> Token | None:
    """The speaker when this pronoun is the subject of what a speech verb reports."""
    clause = pron.head
    report = clause.head
    if clause.dep_ != "ccomp" or report.lemma_.lower() not in ctx.lex.speech_verbs:
        return None
    speakers = _agents(report) if _is_passive(report) else _subjects(report)
    return speakers[0] if speakers else None


def _only_person_before(pron: Token, ctx: _Context) -> Token | None:
    """ "he"/"she" when exactly one person is named earlier in the same sentence ("a tweet by Pompeo,
    in which he blamed Iran") outside the pronoun's own clause ("After meeting Blinken, he ..." is
    someone else). Anything less certain is left to the linker."""
    own_clause = {t.i for t in pron.head.subtree}
    people: dict[str, Token] = {}
    for i in range(ctx.sent.start, pron.i):
        m = ctx.by_token.get(i)
        if m is not None and m.entity.type == "PERSON" and i not in own_clause:
            people.setdefault(m.entity.id, ctx.doc[m.token_end - 1])
    return next(iter(people.values())) if len(people) == 1 else None


def _claimant(frame: _Frame, ctx: _Context) -> Token | None:
    return _claimant_of(frame.clause, ctx)


def _claimant_of(tok: Token, ctx: _Context) -> Token | None:
    """Who reports what this token says: the subject of the speech verb whose complement holds it,
    or the object of "according to"."""
    cur = tok
    while cur.pos_ not in ("VERB", "AUX") and cur.head != cur:
        cur = cur.head
    for _ in range(8):
        for p in cur.children:
            if p.dep_ == "prep" and p.lower_ == "according":
                objs = [o for to in p.children for o in to.children if o.dep_ == "pobj"]
                if objs:
                    return objs[0]
        head = cur.head
        if head == cur or not ctx.inside(head):
            return None
        # "said (that) X ...", and "accused Tehran of arming X": the accuser claims it
        reported = cur.dep_ in ("ccomp", "parataxis") or (cur.dep_ == "prep" and cur.lower_ in _CONTROL_PREPS)
        if reported and head.lemma_.lower() in ctx.lex.speech_verbs:
            speakers = _agents(head) if _is_passive(head) else _subjects(head)
            if speakers:
                return speakers[0]
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


# --------------------------------------------------------------------------------------------- output

_FUTURE = {"will", "shall", "'ll", "wo", "would"}


def _declared(action: Action, lex: Lexicon) -> Action:
    """An actor's own announcement of a future material act is a threat or a pledge, not the act."""
    intent = lex.declared_intent
    if intent is None or action.root == "13":
        return action
    if action.quad_class == 4:
        return lex.action(intent.conflict)
    if action.quad_class == 2:
        return lex.action(intent.cooperation)
    return action


def _emit(
    frame: _Frame,
    sent: Span,
    article: Article,
    ctx: _Context,
    events: dict[str, Event],
    unlinked: dict[str, UnlinkedEvent],
) -> None:
    doc = ctx.doc
    first, last = frame.tokens[0], frame.tokens[-1]
    start, end = first.idx, last.idx + len(last.text)
    adjacent = all(b.i - a.i == 1 for a, b in zip(frame.tokens, frame.tokens[1:], strict=False))
    trigger = (
        doc.text[start:end]
        if adjacent or last.i - first.i <= 4
        else " ... ".join(t.text for t in frame.tokens)
    )
    citation = Citation(
        article_id=article.id,
        sentence=sent.text,
        sentence_start=sent.start_char,
        sentence_end=sent.end_char,
        trigger_start=start,
        trigger_end=end,
        published=article.published,
    )
    negated = _negated(frame, ctx)
    modality = _modality(frame, ctx)
    claimant_tok = _claimant(frame, ctx)

    pairs: list[tuple[list[Token], list[Token]]] = [([a], [b]) for a, b in frame.pairs]
    if frame.actors and frame.targets:
        pairs.append((frame.actors, frame.targets))
    elif frame.symmetric and len(frame.actors) > 1:  # "Iran and Iraq signed a deal"
        pairs += [([a], [b]) for a in frame.actors for b in frame.actors if a != b]

    for actor_toks, target_toks in pairs:
        # arguments the parser hung across a sentence (or line) boundary are not this sentence's
        actor_toks = [t for t in actor_toks if sent.start <= t.i < sent.end]
        target_toks = [t for t in target_toks if sent.start <= t.i < sent.end]
        if not actor_toks or not target_toks:
            continue
        actors = _resolve_all(actor_toks, ctx, "actor")
        targets = _resolve_all(target_toks, ctx, "target")
        if actors and targets:
            claimed_by = None
            claimants: list[Entity] = []
            if claimant_tok is not None:
                claimants = _resolve_all([claimant_tok], ctx, "actor")
                claimed_by = claimants[0].name if claimants else _phrase(claimant_tok)
            for a in actors:
                action = frame.action
                if modality in _FUTURE and any(c.id == a.id for c in claimants):
                    action = _declared(action, ctx.lex)
                for t in targets:
                    if a.id == t.id:
                        continue  # no self-loops
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
            actor_text = actors[0].name if actors else _phrase(actor_toks[0])
            target_text = targets[0].name if targets else _phrase(target_toks[0])
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
