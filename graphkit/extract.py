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
               and event nouns as targets of reactions ("condemned the U.S. strike" -> United States);
               an unnamed member of a group as target ("killed a Hezbollah commander" -> Hezbollah);
               "they/their" the linker left alone -> a plural named just above ("groups, including
               Hamas and Jihad, in their fight"); "recognized Jerusalem as Israel's capital" -> Israel.
  anaphora     a definite event noun without a doer of its own ("condemned the attacks", "the strike
               targeted X") takes the doer of the nearest earlier event with the same word (else the
               same CAMEO root) within a few sentences, only when that event's doer is unambiguous;
               weapons as subjects ("missiles fell on X") take their owner or the last one to fire them.
  culprits     "X was behind / responsible for the attack", "X claimed responsibility for it": X did it.
  reports      "X claimed that Y attacked Z" and "X said Y was behind the attack": also X accuses Y;
               "X said Y must leave": X demands of Y; "denied involvement in the attacks": aimed at
               the attacked. A verbal act made "during a call with X" is aimed at X.
Actions only asked for or warned against ("urged Iraq to expel", "warned him not to target") are
not events. Negation, modality (modal auxiliaries, "plans to", conditionals) and the claimant of
reported speech are recorded on the event; such events are kept. Self-loops are never emitted.
Cost: linear in the document (earlier events are kept per sentence and searched within a window).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
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
_FRAME_PREPS = {"during", "in", "at", "after", "amid", "following", "before", "ahead"}
# "accused X of arming Y", "blamed X for", "stopped X from": the object does the gerund's action
_CONTROL_PREPS = {"of", "for", "from"}
_LABEL_LINE = re.compile(r"^[\W_]*[A-Z][A-Z ]{2,}:")
_MAX_DEPTH = 3
# "the attacks", "this strike", "these raids": an event noun with one of these and no doer of its own
# points back at an event already reported, whose doer it takes.
_ANAPHORIC_DETS = {"the", "this", "these", "those", "that", "such"}
_ANAPHORA_WINDOW = 6  # sentences


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
    head: Token | None = None  # the event word (noun or verb) later mentions of the event point back to
    culprit: bool = False  # the actor is named as responsible ("X was behind the attack")
    received: bool = False  # "X received a call from Y": Y acts, X does not act back


@dataclass(frozen=True)
class _Past:
    """An event reported earlier in the document, for "the attacks" to point back at."""

    sent_no: int
    lemma: str
    root: str
    actors: tuple[Entity, ...]
    targets: tuple[Entity, ...]
    plural: bool = False


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
        self.sent_no = 0
        self.past: list[_Past] = []
        self.resolved: dict[tuple[str | int, ...], list[Entity]] = {}
        self.sent_text = ""

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
    for sent in _sentences(doc, article.text):
        text = article.text[sent.start_char : sent.end_char]  # Span.text rebuilds it token by token
        norm = " ".join(text.split()).lower()
        if not norm or norm in seen_sentences or _is_boilerplate(text, lexicon):
            continue
        seen_sentences.add(norm)
        ctx.sent = sent
        ctx.sent_text = text
        ctx.resolved = {}
        frames = _sentence_frames(sent, ctx)
        for frame in frames:
            _emit(frame, sent, article, ctx, events, unlinked)
        ctx.past += [p for f in frames if (p := _remember(f, ctx)) is not None]
        ctx.sent_no += 1
    return list(events.values()), list(unlinked.values())


def _sentences(doc: Doc, text: str) -> Iterable[Span]:
    """The parser's sentences, also cut at line breaks: a headline or caption never runs on into the
    paragraph below it, whatever the parser thought."""
    for sent in doc.sents:
        start = sent.start
        inner = text[sent.start_char : sent.end_char].rstrip()
        for tok in sent if "\n" in inner else ():  # only where a line break falls inside
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


def _is_boilerplate(sentence: str, lexicon: Lexicon) -> bool:
    text = sentence.strip().lstrip("\"'“‘([").lower()
    if any(text.startswith(b) for b in lexicon.boilerplate):
        return True
    return bool(_LABEL_LINE.match(sentence.strip()))  # "WATCH: ...", "READ MORE: ..."


# --------------------------------------------------------------------------------------------- frames


def _sentence_frames(sent: Span, ctx: _Context) -> list[_Frame]:
    frames: list[_Frame] = []
    consumed: set[int] = set()
    tokens = list(sent)
    for tok in tokens:  # intent verbs first: they take over the clause they govern
        if tok.pos_ == "VERB" and tok.lemma_.lower() in ctx.lex.intent_verbs:
            frames.extend(_intent_frames(tok, ctx, consumed))
    for tok in tokens:
        if tok.i in consumed or ctx.mention(tok) is not None:
            continue  # a word inside a name ("Committee to Protect Journalists") triggers nothing
        pos = tok.pos_
        if pos in ("NOUN", "PROPN") or (tok.tag_ == "VBZ" and _nominal(tok)):
            frames.extend(_noun_frames(tok, ctx))
        elif pos in ("VERB", "AUX"):
            if pos == "VERB":
                frames.extend(_verb_frames(tok, ctx))
            demand = _obligation(tok, ctx) if tok.dep_ in ("ccomp", "parataxis", "conj", "ROOT") else None
            if demand is not None:
                frames.append(demand)
    return frames + [a for f in frames if (a := _accusation(f, ctx)) is not None]


def _obligation(verb: Token, ctx: _Context) -> _Frame | None:
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
    speakers = _agents(speech) if _is_passive(speech) else _subjects(speech)
    if not speakers:
        return None
    return _Frame(
        tokens=sorted([modal, verb], key=lambda t: t.i),
        clause=speech,
        action=ctx.lex.action("100"),
        lemma=f"{modal.lower_} {verb.lemma_.lower()}",
        actors=speakers,
        targets=_conj(subj),
        head=verb,
    )


def _accusation(frame: _Frame, ctx: _Context) -> _Frame | None:
    """ "X claimed that Y was starting a war", "X said Y was behind the attack": X accuses Y (112) of a
    hostile act it reports, besides the act itself (which keeps X as its claimant)."""
    if frame.action.quad_class < 3 or not frame.actors or frame.head is None:
        return None
    report = _report_of(frame.clause, ctx)
    if report is None:
        return None
    verb, _ = report
    if verb.pos_ != "VERB" or not (verb.lemma_.lower() in ctx.lex.accusing_verbs or frame.culprit):
        return None
    # only what the speaker asserts: its complement (through coordination and relative clauses), not
    # background the writer hangs on it ("reported ..., given that X was responsible for ...")
    cur = frame.clause
    while cur.pos_ not in ("VERB", "AUX") and cur.head != cur:
        cur = cur.head
    while cur != verb:
        if cur.dep_ not in ("ccomp", "conj", "relcl", "xcomp", "parataxis") or cur.head == cur:
            return None
        cur = cur.head
    speakers = _agents(verb) if _is_passive(verb) else _subjects(verb)
    if not speakers:
        return None
    return _Frame(
        tokens=[verb],
        clause=verb,
        action=ctx.lex.action("112"),
        lemma=f"{verb.lemma_.lower()} {frame.lemma}",
        actors=speakers,
        targets=frame.actors,
    )


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
        # the tagger calls the "to" of "sold weapons to Taiwan" a dative: a preposition all the same
        if p.dep_ in ("prep", "agent", "dative") and p.lower_ in wanted:
            for c in p.children:
                if c.dep_ != "pobj":
                    continue
                out.append(c)
                # "between Iran and world powers" parsed as "(Iran and world) powers": the names too
                out.extend(
                    m for m in c.children if m.dep_ == "nmod" and any(x.dep_ == "conj" for x in m.children)
                )
    return _conj(out)


def _agents(verb: Token) -> list[Token]:
    """The by-phrase of a passive verb."""
    return _conj(c for a in verb.children if a.dep_ == "agent" for c in a.children if c.dep_ == "pobj")


def _is_passive(verb: Token) -> bool:
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    # reduced passive relative: "militias supported by the Guard"; with an object of its own it is the
    # parser's misreading of an active verb ("missile attacks killed five people")
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and not any(c.dep_ == "dobj" for c in verb.children)


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
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ in ("acomp", "xcomp", "conj"):
        # "X is ready / willing / able to send troops": the subject of the copula
        return _subjects(head.head, depth + 1) if _same_sentence(head, head.head) else []
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
    subj = _subjects(verb)
    if _is_passive(verb):
        return _agents(verb), subj
    return subj, []


def _match_sense(verb: Token, ctx: _Context) -> tuple[VerbSense, Token | None] | None:
    """The first sense of a verb whose particle/complement constraints hold, and the preposition that
    carried the particle ("called on X": "on" is a preposition whose object is the target)."""
    return next(_matching_senses(verb, ctx), None)


def _matching_senses(verb: Token, ctx: _Context) -> Iterator[tuple[VerbSense, Token | None]]:
    """Every sense of a verb whose particle/complement constraints hold, in the lexicon's order."""
    if not ctx.lex.verb_senses(verb.lemma_):
        return
    found_particles = _particles(verb)
    preps = {c.lower_: c for c in verb.children if c.dep_ == "prep"}
    near = {g.lemma_.lower() for c in verb.children for g in (c, *c.children)}
    for sense in ctx.lex.verb_senses(verb.lemma_):
        if sense.complement and sense.complement not in near:
            continue
        if sense.subjects and not any(_forms(t) & set(sense.subjects) for t in _subjects(verb)):
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


def _nominal(tok: Token) -> bool:
    """A noun, or a plural noun the tagger took for a verb ("The U.S. airstrikes targeted ...")."""
    if tok.pos_ in ("NOUN", "PROPN"):
        return True
    return tok.tag_ == "VBZ" and tok.dep_ in _NOMINAL_DEPS


def _event_noun(tok: Token, ctx: _Context) -> NounSense | None:
    if not _nominal(tok) or not ctx.lex.noun_senses(tok.lemma_):
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
    elif dep == "pobj" and head.lower_ in ("of", "in") and _quantity(head.head):
        head, dep = head.head.head, head.head.dep_  # "pledged $500 million in aid", "dollars of aid"
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
    return head if ctx.lex.is_light_verb(head.lemma_, _particles(head)) else None


_PARTICIPATE = {"participate", "take", "engage", "join"}
_MONEY = {"dollar", "euro", "pound", "yuan", "yen", "ruble", "rouble", "rupee", "franc", "shekel", "$", "€", "£",
          "million", "billion", "trillion", "worth", "tonne", "ton", "package"}  # fmt: skip


def _quantity(tok: Token) -> bool:
    """An amount standing before what it measures: "$500 million", "70 million dollars", "tons"."""
    return tok.lemma_.lower() in _MONEY or tok.tag_ == "$" or any(c.dep_ == "nummod" for c in tok.children)


def _stray_conjunct(tok: Token, ctx: _Context) -> list[Token]:
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


def _as_owners(targets: list[Token], trigger: Token, ctx: _Context) -> list[Token]:
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
_FROM_ROOTS = {"08", "16"}


def _object_phrases(objs: Sequence[Token], root: str) -> list[Token]:
    """Prepositional objects of a verb's objects, looking through "of" ("dollars of aid for X")."""
    preps = _OBJECT_PREPS + (("from",) if root in _FROM_ROOTS else ())
    out: list[Token] = []
    stack = list(_conj(objs))
    seen = 0
    while stack and seen < 8:
        obj = stack.pop(0)
        seen += 1
        out += [t for t in _pobjs(obj, preps) if t.ent_type_ not in _WHEN and t not in out]
        stack += _pobjs(obj, ("of",))
    return out


def _framing_party(verb: Token, ctx: _Context) -> list[Token]:
    """ "advocated X during a phone call with Blinken": the other party of the call or meeting in which
    a verbal act was made, when the act names no target of its own."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in _FRAME_PREPS:
            continue
        for noun in (c for c in prep.children if c.dep_ == "pobj"):
            if _forms(noun) & ctx.lex.frame_nouns:
                return _pobjs(noun, ("with",))
    return []


def _requested(verb: Token, ctx: _Context) -> bool:
    """ "urged Iraq to expel", "warned him not to target": an action asked for or warned against."""
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ctx.lex.request_verbs


def _verb_frames(verb: Token, ctx: _Context) -> list[_Frame]:
    lex = ctx.lex
    if not lex.verb_senses(verb.lemma_) or _requested(verb, ctx):
        return []  # most verbs are no trigger: decided on the lemma before any walk of the tree
    if verb.lemma_.lower() in lex.light_verbs and lex.is_light_verb(verb.lemma_, _particles(verb)):
        objs = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if any(_event_noun(o, ctx) for o in _conj(objs)):
            return []  # the noun frame speaks for "launched strikes", "pinned the blame"
    material = _material_purpose(verb, ctx)
    for sense, particle_prep in _matching_senses(verb, ctx):
        frame = _verb_frame(verb, sense, particle_prep, ctx)
        if material and frame.action.quad_class == 2:
            return [frame]  # "fought in Syria to support Assad", "sent troops to back X": material
        if sense.target_types and not any(
            e.type in sense.target_types for e in _resolve_all(frame.targets, ctx, "target")
        ):
            continue  # "supported Hamas" (a group: material support) vs "supported Ukraine's bid"
        return [frame]
    return []


def _material_purpose(verb: Token, ctx: _Context) -> bool:
    """An infinitive of purpose under a material act: "fought to support X", "deployed troops to help"."""
    if verb.dep_ not in ("advcl", "xcomp") or not any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    ):
        return False
    head = verb.head
    return any(ctx.lex.action(s.code).quad_class in (2, 4) for s in ctx.lex.verb_senses(head.lemma_))


def _verb_frame(verb: Token, sense: VerbSense, particle_prep: Token | None, ctx: _Context) -> _Frame:
    lex = ctx.lex
    actors, patients = _clause_roles(verb)
    targets: list[Token] = []
    # a dative "to"/"for" is a preposition ("granted asylum to X"): its object is reached through preps
    objs = [c for c in verb.children if c.dep_ in _OBJECTS and c.pos_ != "ADP"]
    if sense.object:
        targets += patients if _is_passive(verb) else _conj(objs)
        if not objs:  # "helped Iran extend its influence": the subject of a bare or small clause
            for comp in verb.children:
                bare = not any(c.dep_ in ("mark", "aux", "auxpass") for c in comp.children)
                small = comp.tag_ == "VB" or comp.pos_ in ("ADJ", "NOUN")  # "hold the country responsible"
                # "demanded that Assad step down", "urged that Iran allow inspectors": the subjunctive's
                # subject is who is asked
                subjunctive = sense.code[:2] in ("02", "10") and comp.tag_ in ("VB", "VBP")
                if comp.dep_ == "ccomp" and small and (bare or subjunctive):
                    targets += _conj(c for c in comp.children if c.dep_ == "nsubj")
    targets += _pobjs(verb, sense.preps)
    for o in objs:  # "fired missiles at X" with "at" hung on the object
        targets += _pobjs(o, sense.preps)
    if particle_prep is not None:
        targets += _conj(c for c in particle_prep.children if c.dep_ == "pobj" and c.ent_type_ not in _WHEN)
    if objs and not _resolve_all(targets, ctx, "target"):
        # "cut diplomatic ties with Iran", "lifted a curfew in X", "granted asylum to Rwandan rebels",
        # "provided $70 million of aid for Romania": the object is a thing; whom the act concerns is
        # named in the object's own prepositional phrase
        targets += _object_phrases(objs, sense.code[:2])
    if sense.as_owner:
        targets = _as_owners(targets, verb, ctx)
    if sense.code[:2] in ("01", "02", "03", "04") and not _resolve_all(targets, ctx, "target"):
        targets = targets + _framing_party(verb, ctx)
    trigger = [verb, *(c for c in verb.children if c.dep_ == "prt")]
    return _Frame(
        tokens=sorted(trigger, key=lambda t: t.i),
        clause=verb,
        action=lex.action(sense.code),
        lemma=" ".join([verb.lemma_.lower(), *(sense.particle or "").split()]),
        actors=actors,
        targets=targets,
        symmetric=sense.symmetric,
        head=verb,
    )


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
                    head=f.head,
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
    culprit = received = False
    if gov is not None and _requested(gov, ctx):
        return []  # "urged Israel to launch strikes"
    if gov is not None and gov.lemma_.lower() in ctx.lex.recipient_verbs:
        # "Abdul Mahdi received a call from the U.S.": the sender acts on the receiver
        actors = _pobjs(noun, ("from",)) + _pobjs(gov, ("from",))
        targets = _clause_roles(gov)[0]
        received = True
    else:
        actors = _noun_agents(noun, ctx)
        culprit = bool(actors) and actors == _culprits(noun, ctx)
        if not actors and _anaphoric(noun):
            actors = [noun]  # "the attack on the base": resolved through the event it points back to
        # "blamed the attack on X": the verb's own preposition, whatever the parser hung it on
        matched = _match_sense(noun.head, ctx) if noun.dep_ == "dobj" and gov is None else None
        taken = set(matched[0].preps) if matched else set()
        targets = _pobjs(noun, [p for p in sense.preps if p not in taken])
        if gov is not None:
            targets += _pobjs(gov, sense.preps)
        elif noun.dep_ == "dobj" and not targets:
            # "described Turkish airstrikes on the PKK": the parser often hangs the noun's PP on the verb;
            # take it unless the verb itself has a sense that uses that preposition ("blamed X on Y")
            targets += _pobjs(noun.head, [p for p in sense.preps if p not in taken])
        for a in actors:  # "strikes by the U.S. and the U.K. against X": the PP may hang on the agent
            if a != noun:
                targets += [t for t in _pobjs(a, sense.preps) if t not in targets]
        if targets:  # "the killing of X, and the deputy head of Y, Z": the parser hung Z on the event noun
            targets += _conj(c for c in noun.children if c.dep_ == "conj" and _event_noun(c, ctx) is None)
            targets += [x for t in targets for x in _stray_conjunct(t, ctx)]
    if sense.as_owner:
        targets = _as_owners(targets, noun, ctx)
    pairs: list[tuple[Token, Token]] = []
    # "talks between A and B", "fighting erupted between A and B": whatever the word, "between"
    # makes it mutual
    between = _pobjs(noun, ("between",))
    if not between and noun.dep_ in ("nsubj", "nsubjpass"):
        between = _pobjs(noun.head, ("between",))
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
            head=noun,
            culprit=culprit,
            received=received,
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
    culprits = _culprits(noun, ctx)
    if culprits:
        return culprits
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
    if sense is not None and sense.symmetric:
        # "during talks with X, Y said", "following talks with X, Y told reporters": the clause's subject
        # took part in the talks
        framing = _framing_verb(noun)
        if framing is not None:
            return _clause_roles(framing)[0]
    return []


def _framing_verb(noun: Token) -> Token | None:
    """The clause verb an adjunct noun frames: "[during talks with X], Y said", "[following talks with X],
    Y told" (the parser takes "following" for a participle whose object the noun is)."""
    if noun.head.lower_ not in _FRAME_PREPS:
        return None
    framed = noun.dep_ == "pobj" or (noun.dep_ == "dobj" and noun.head.dep_ in ("prep", "advcl"))
    verb = noun.head.head
    return verb if framed and verb.pos_ in ("VERB", "AUX") else None


# --------------------------------------------------------------------------------------------- arguments


def _culprits(noun: Token, ctx: _Context) -> list[Token]:
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
            return _conj(own)
        clause = word.head
        if word.dep_ in ("oprd", "ccomp", "xcomp") and clause.lemma_.lower() == "hold":
            return _conj(c for c in clause.children if c.dep_ == "dobj")
    if clause.pos_ not in ("VERB", "AUX") or any(c.dep_ == "neg" for c in clause.children):
        return []
    actors, _ = _clause_roles(clause)
    return actors


def _modifier_entities(tok: Token, ctx: _Context) -> list[Entity]:
    return [m.entity for c in tok.children if c.dep_ in _MODIFIERS and (m := ctx.mention(c)) is not None]


def _owner_entities(tok: Token, ctx: _Context, role: str) -> list[Entity]:
    """The named owner of a noun phrase: its possessor ("North Korea's launch", "Afghanistan's
    ambassador"), else a name or demonym modifying it ("Houthi missiles", "Nigerian troops"). As an
    actor, a place modifier is where, not who ("the Baghdad bureau")."""
    owners = [m.entity for c in tok.children if c.dep_ == "poss" and (m := ctx.mention(c)) is not None]
    if owners:
        return owners
    # "forces loyal to Gbagbo", "militias allied with Iran": the side they belong to
    sides = [c for c in tok.children if c.dep_ == "amod" and c.lemma_.lower() in _ALLEGIANCE]
    owners = [m.entity for a in sides for p in _pobjs(a, ("to", "with")) if (m := ctx.mention(p)) is not None]
    if owners:
        return owners
    return [
        m.entity
        for c in tok.children
        if c.dep_ in ("compound", "amod", "nmod")
        and (m := ctx.mention(c)) is not None
        and (role == "target" or m.entity.type not in _NOT_AGENTS)
        # "European countries", "pro-Russian separatists": a loose group word the gazetteer does not
        # know is no owner
        and not m.entity.id.startswith("NORP:")
    ]


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
        # other pronouns are the linker's business; these point at whoever is speaking, and "their" at
        # a group the linker could not give as one name ("groups, including Hamas and Islamic Jihad")
        speaker = _speaker(tok, ctx)
        if speaker is None and tok.lower_ in _PLURAL_PRONOUNS:
            return _plural_antecedent(tok, ctx, role, depth)
        return _resolve(speaker, ctx, "actor", False, depth + 1) if speaker is not None else []
    for c in tok.children:  # "the spokesperson, Yehia Rasool,"
        if c.dep_ == "appos" and (m := ctx.mention(c)) is not None:
            return [m.entity]
    lex = ctx.lex
    words = _forms(tok)
    if words & lex.transparent_heads:  # "a series of U.S. airstrikes", "a number of groups"
        return [e for p in _pobjs(tok, ("of",)) for e in _resolve(p, ctx, role, deep, depth + 1)]
    examples = _pobjs(tok, ("including", "like")) + [
        o for p in tok.children if p.dep_ == "prep" and p.lower_ == "as" and p.nbor(-1).lower_ == "such"
        for o in _conj(c for c in p.children if c.dep_ == "pobj")
    ]  # fmt: skip
    found = [e for x in examples for e in _resolve(x, ctx, role, False, depth + 1)]
    if found:  # "Palestinian groups, including Hamas and Islamic Jihad"
        return found
    member = bool(words & lex.role_heads) and not words & lex.proxy_heads
    if tok.pos_ in ("NOUN", "PROPN") and _event_noun(tok, ctx) is None:
        # any other noun phrase stands for its named owner: "Afghanistan's ambassador", "Houthi
        # missiles", "South Korean waters", "Iran's proxies" (event nouns resolve to their doer below)
        found = _owner_entities(tok, ctx, role)
        if found:
            return found
    if words & lex.proxy_heads or member:
        found = []
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
    if sense is not None and sense.light and tok.dep_ in ("nsubj", "nsubjpass") and role == "actor":
        # "missiles were falling on the base", "rockets hit the embassy": whose weapons they are, else
        # whoever was last reported firing such weapons
        armed = [
            e for c in tok.children if c.dep_ in _MODIFIERS for e in _resolve(c, ctx, role, False, depth + 1)
        ]
        return armed or _antecedent_actors(tok, sense, ctx, definite=False)
    owned = any(c.dep_ in _MODIFIERS and c.pos_ != "PRON" for c in tok.children)
    if sense is None and words & lex.involvement_heads and not owned:
        # "denied any involvement in the attacks": aimed at whom the attacks were aimed at (while
        # "condemned Iran's role in the attacks" is aimed at Iran, its owner)
        events = [p for p in _pobjs(tok, ("in", "for")) if _event_noun(p, ctx) is not None]
        found = [e for p in events for e in _event_targets(p, ctx)]
        if found:
            return found
    if sense is not None and not sense.light:
        doers = _noun_agents(tok, ctx, depth)
        found = [e for a in doers if a != tok for e in _resolve(a, ctx, "actor", deep, depth + 1)]
        if not found and sense.symmetric:  # "ruled out talks with Washington"
            found = [e for p in _pobjs(tok, sense.preps) for e in _resolve(p, ctx, role, False, depth + 1)]
        if not found and _anaphoric(tok):  # "condemned the attacks", "the strike targeted X"
            found = _antecedent_actors(tok, sense, ctx)
        return found
    if words & lex.content_heads:
        found = _modifier_entities(tok, ctx)
        if not found:
            found = [e for p in _pobjs(tok, _CONTENT_PREPS) for e in _resolve(p, ctx, role, deep, depth + 1)]
        return found
    return []


def _anaphoric(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in _ANAPHORIC_DETS for c in noun.children)


def _event_targets(noun: Token, ctx: _Context) -> list[Entity]:
    """Whom an event noun is aimed at: its own "on"/"against" objects, else those of the event it points
    back to."""
    sense = _event_noun(noun, ctx)
    if sense is None:
        return []
    own = [e for t in _pobjs(noun, sense.preps) for e in _resolve(t, ctx, "target", False)]
    if own or not _anaphoric(noun):
        return own
    past = _antecedent(noun, sense, ctx)
    return list(past.targets) if past is not None else []


def _antecedent(noun: Token, sense: NounSense, ctx: _Context) -> _Past | None:
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


def _antecedent_actors(noun: Token, sense: NounSense, ctx: _Context, definite: bool = True) -> list[Entity]:
    """The doers of the event a definite event noun points back to: the nearest earlier event with the
    same word, else with the same CAMEO root, within a few sentences (and on the same target when the noun
    names one). Nothing when that nearest event has no known doer, when events of its sentence disagree
    about the doer, or for a meeting or a deal, whose parties one earlier doer does not cover."""
    if sense.symmetric or (definite and not _anaphoric(noun)):
        return []
    lemma, root = noun.lemma_.lower(), sense.code[:2]
    aimed = {
        e.id for t in _pobjs(noun, sense.preps) if ctx.inside(t) for e in _resolve(t, ctx, "target", False)
    }
    for kind in (lambda p: p.lemma == lemma, lambda p: p.root == root):

        def same(p: _Past, kind: Callable[[_Past], bool] = kind) -> bool:
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


def _remember(frame: _Frame, ctx: _Context) -> _Past | None:
    """What a later "the attack" needs of this event: its word, root and doers."""
    if frame.head is None:
        return None
    actors = [t for t in frame.actors if ctx.inside(t)]
    targets = [t for t in frame.targets if ctx.inside(t)]
    doers = _resolve_all(actors, ctx, "actor") if actors else []
    head = frame.head
    sense = _event_noun(head, ctx) if head.pos_ != "VERB" else None
    if sense is not None and _anaphoric(head):
        # "the attacks, which were authorized by Trump": the same attacks as before, carried out by the
        # same doer; whoever ordered them is not who a later "the attacks" names
        doers = _antecedent_actors(head, sense, ctx) or doers
    return _Past(
        ctx.sent_no,
        head.lemma_.lower(),
        frame.action.root,
        tuple(doers),
        tuple(_resolve_all(targets, ctx, "target") if targets else ()),
        head.tag_ in ("NNS", "NNPS"),
    )


def _resolve_all(tokens: Sequence[Token], ctx: _Context, role: str) -> list[Entity]:
    """Direct readings first (names, proxies); the deeper readings only when none gives an entity.
    Memoised within the sentence (what earlier sentences reported does not change while it is read)."""
    key: tuple[str | int, ...] = (role, *(t.i for t in tokens))
    cached = ctx.resolved.get(key)
    if cached is None:
        cached = ctx.resolved[key] = _resolve_tokens(tokens, ctx, role)
    return list(cached)


def _resolve_tokens(tokens: Sequence[Token], ctx: _Context, role: str) -> list[Entity]:
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


_PLURAL_PRONOUNS = {"they", "them", "their"}
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


def _plural(tok: Token, ctx: _Context) -> bool:
    if tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in tok.children):
        return True
    return bool(_forms(tok) & ctx.lex.transparent_heads) and any(
        _plural(p, ctx) for p in _pobjs(tok, ("of",))
    )


def _plural_antecedent(pron: Token, ctx: _Context, role: str, depth: int) -> list[Entity]:
    """ "they"/"their" -> the nearest plural subject or object of a clause above the pronoun, left of
    it ("Iran supported groups, including Hamas and Islamic Jihad, in their fight", "Germany and Poland
    said none of their troops"), when it names entities; nothing when that plural names none."""
    cur = pron.head
    for _ in range(_MAX_DEPTH + 3):
        if not ctx.inside(cur):
            return []
        if cur.pos_ in ("VERB", "AUX"):
            for c in cur.children:
                if c.dep_ not in ("nsubj", "nsubjpass", "dobj") or c.i > pron.i:
                    continue
                if c.left_edge.i <= pron.i <= c.right_edge.i or not _plural(c, ctx):
                    continue
                return _resolve(c, ctx, role, False, depth + 1)
        if cur.head == cur:
            return []
        cur = cur.head
    return []


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
    report = _report_of(tok, ctx)
    return report[1] if report is not None else None


def _report_of(tok: Token, ctx: _Context) -> tuple[Token, Token] | None:
    """(reporting word, speaker) for what this token says: the speech verb whose complement holds it and
    its subject, or "according" and its object."""
    cur = tok
    while cur.pos_ not in ("VERB", "AUX") and cur.head != cur:
        cur = cur.head
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
        reported = cur.dep_ in ("ccomp", "parataxis") or (cur.dep_ == "prep" and cur.lower_ in _CONTROL_PREPS)
        if reported and head.lemma_.lower() in ctx.lex.speech_verbs:
            speakers = _agents(head) if _is_passive(head) else _subjects(head)
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


# --------------------------------------------------------------------------------------------- output

_FUTURE = {"will", "shall", "'ll", "wo", "would"}


def _reciprocal(tok: Token) -> bool:
    """ "each other", "one another" (also as a possessor: "each other's energy infrastructure")."""
    word = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ == "other"), tok)
    return word.lower_ in ("other", "another") and any(c.lower_ in ("each", "one") for c in word.children)


_ALLEGIANCE = {"loyal", "allied", "affiliated", "aligned", "linked", "close", "faithful"}
_ONE_WAY_PREPS = {"against", "from", "on", "at", "into"}

# Attacks and shows of force: a place named where they happened is what they were aimed at.
_PLACE_ROOTS = {"15", "18", "19", "20"}
_PLACE_PREPS = ("in", "on", "at", "near", "around", "off", "into", "across", "over", "along", "outside")
_PLACE_TYPES = {"GPE", "LOC", "FAC"}


def _place_targets(frame: _Frame, ctx: _Context) -> list[Token]:
    """Places named in the event's clause: prepositional objects of the trigger, its verb and its
    objects ("killed five people in Kyiv and Mykolaiv", "shelled villages near the border")."""
    heads = [frame.clause, *frame.tokens]
    heads += [c for h in list(heads) for c in h.children if c.dep_ in ("dobj", "nsubjpass")]
    out: list[Token] = []
    for tok in _pobjs_all(heads, _PLACE_PREPS):
        if not ctx.inside(tok) or tok in out:
            continue
        ents = _resolve(tok, ctx, "target", False)
        if ents and all(e.type in _PLACE_TYPES for e in ents):
            out.append(tok)
    return out


def _pobjs_all(heads: Iterable[Token], preps: Sequence[str]) -> list[Token]:
    return [t for h in heads for t in _pobjs(h, preps)]


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
    pairs: list[tuple[list[Token], list[Token]]] = [([a], [b]) for a, b in frame.pairs]
    if (
        frame.actors
        and frame.targets
        and frame.action.root in _PLACE_ROOTS
        and not _resolve_all(frame.targets, ctx, "target")
    ):
        # "missile attacks killed five people in Kyiv", "shelled villages near Aleppo": what was hit is
        # unnamed, so the place it was hit in is the target (not "fought in Syria": nothing was hit)
        frame.targets = frame.targets + _place_targets(frame, ctx)
    reciprocal = [t for t in frame.targets if _reciprocal(t)]
    if reciprocal and len(frame.actors) > 1:  # "Russia and Ukraine attacked each other's power plants"
        pairs += [([a], [b]) for a in frame.actors for b in frame.actors if a != b]
    elif frame.actors and frame.targets:
        pairs.append((frame.actors, frame.targets))
        # "A met (with) B", "talks with B": both took part, as in "A and B met"; not a one-sided
        # "fighting against B", "a call from B" (the caller acts)
        mutual = [t for t in frame.targets if not (t.dep_ == "pobj" and t.head.lower_ in _ONE_WAY_PREPS)]
        if frame.symmetric and mutual and not frame.received:
            pairs.append((mutual, frame.actors))
    elif frame.symmetric and len(frame.actors) > 1:  # "Iran and Iraq signed a deal"
        pairs += [([a], [b]) for a in frame.actors for b in frame.actors if a != b]
    if not pairs:
        return
    first, last = frame.tokens[0], frame.tokens[-1]
    start, end = first.idx, last.idx + len(last.text)
    adjacent = all(b.i - a.i == 1 for a, b in zip(frame.tokens, frame.tokens[1:], strict=False))
    trigger = (
        article.text[start:end]
        if adjacent or last.i - first.i <= 4
        else " ... ".join(t.text for t in frame.tokens)
    )
    citation = Citation(
        article_id=article.id,
        sentence=ctx.sent_text,
        sentence_start=sent.start_char,
        sentence_end=sent.end_char,
        trigger_start=start,
        trigger_end=end,
        published=article.published,
    )
    negated = _negated(frame, ctx)
    modality = _modality(frame, ctx)
    claimant_tok = _claimant(frame, ctx)

    for actor_toks, target_toks in pairs:
        # arguments the parser hung across a sentence (or line) boundary are not this sentence's
        actor_toks = [t for t in actor_toks if sent.start <= t.i < sent.end]
        target_toks = [t for t in target_toks if sent.start <= t.i < sent.end]
        if frame.action.root == "01":  # "told Reuters", "tells VOA": the outlet is the source, no party
            target_toks = [t for t in target_toks if (m := ctx.mention(t)) is None or m.rule != "media"]
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
