"""Doc + Mentions -> Events: actor-action-target triples coded in CAMEO, each citing its sentence.

Input: the parsed spaCy Doc of ``article.text`` (so ``doc.text == article.text``), the linker's
Mentions (token ranges carrying canonical Entities) and the CAMEO Lexicon. Output: Events whose
actor and target both land on a Mention, and UnlinkedEvents where one side does and the other is a
phrase the linker did not resolve. Pure: no I/O, no model calls.

One small function per construction, walking the dependency tree; the modules of this package:
  context.py   frames, remembered events, the per-document context;  syntax.py  walking the parse;
  verbs.py     verb triggers;  nouns.py  event nouns and their doers;  arguments.py  tokens -> entities
               (the order of readings), owners.py  whose a noun phrase is, antecedents.py  parties
               named before;
  anaphora.py  "the attacks" -> the earlier attack;  rebuttals.py  denials aimed at the accusers;
  reports.py  reported speech, negation, modality;
  emit.py      frames -> cited Events.  This file reads the sentences and runs them through.
The constructions:
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
  reports      "X claimed that Y attacked Z" and "X said Y was behind the attack": also X accuses Y, as
               does reporting a violation ("said Y had violated the law") and a penalty given for a
               wrongdoing ("sanctioned Y for its role in"); "X said Y must leave": X demands of Y;
               "denied involvement in the attacks": aimed at the attacked. A verbal act made "during a
               call with X" is aimed at X; a threat or reaction at the doer of its after-clause.
  rebuttals    "X accused Y of Z. Y denied the charges": Y rejects X (rebuttals.py).
  commanders   "ordered troops to attack X", "reaffirmed Y's commitment to", "joined Y in the fight
               against X", "issued a statement condemning X": who acts through whom.
Actions only asked for or warned against ("urged Iraq to expel", "warned him not to target") are
not events. Negation, modality (modal auxiliaries, "plans to", conditionals) and the claimant of
reported speech are recorded on the event; such events are kept. Self-loops are never emitted.
Cost: linear in the document (earlier events are kept per sentence and searched within a window).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from graphkit.cameo import Lexicon
from graphkit.extract.anaphora import antecedent_targets, remember, truce_parties
from graphkit.extract.context import Context, Frame
from graphkit.extract.emit import emit
from graphkit.extract.nouns import noun_frames
from graphkit.extract.rebuttals import rebuttal
from graphkit.extract.reports import (
    accusation,
    announced_by,
    characterisation,
    evaluation,
    implied_state,
    obligation,
    penalty_grounds,
    provoked_by,
    spoken_for_state,
)
from graphkit.extract.syntax import nominal
from graphkit.extract.verbs import beneficiaries, intent_frames, protest_frame, verb_frames
from graphkit.models import Article, Entity, Event, Mention, UnlinkedEvent

__all__ = ["extract_events"]

_LABEL_LINE = re.compile(r"^[\W_]*[A-Z][A-Z ]{2,}:")


def extract_events(
    doc: Doc,
    article: Article,
    mentions: Sequence[Mention],
    lexicon: Lexicon,
    state_of: Callable[[str], Entity | None] | None = None,
) -> tuple[list[Event], list[UnlinkedEvent]]:
    """All events the article's sentences state between linked entities, and those with one side
    unlinked. Event keys are ``article.id:trigger_start:actor.id:target.id``. ``state_of`` gives the
    state a place belongs to, for acts of a state no word names ("X was arrested in Minsk")."""
    ctx = Context(doc, mentions, lexicon, state_of)
    events: dict[str, Event] = {}
    unlinked: dict[str, UnlinkedEvent] = {}
    seen_sentences: set[str] = set()
    for sent in _sentences(ctx.sents, article.text):
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
            emit(frame, sent, article, ctx, events, unlinked)
        ctx.past += [p for f in frames if (p := remember(f, ctx)) is not None]
        ctx.sent_no += 1
        ctx.prev_sent = sent
    return list(events.values()), list(unlinked.values())


def _sentences(parsed: Sequence[Span], text: str) -> Iterable[Span]:
    """The parser's sentences (``parsed``), also cut at line breaks: a headline or caption never runs
    on into the paragraph below it, whatever the parser thought."""
    for sent in parsed:
        doc = sent.doc
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


_REFINERS: tuple[Callable[[Frame, Context], Frame], ...] = (
    provoked_by,
    antecedent_targets,
    truce_parties,
    implied_state,
    beneficiaries,
    announced_by,
    spoken_for_state,
)


def _may_be_event_noun(tok: Token, lex: Lexicon) -> bool:
    """A cheap test before the event-noun walk: the word (lemma, lower case or plain singular) has a
    noun sense in the lexicon. Most nouns do not, and the walk creates Token objects."""
    low = tok.lower_
    return bool(
        lex.noun_senses(tok.lemma_)
        or lex.noun_senses(low)
        or (low.endswith("s") and lex.noun_senses(low[:-1]))
    )


def _sentence_frames(sent: Span, ctx: Context) -> list[Frame]:
    frames: list[Frame] = []
    consumed: set[int] = set()
    tokens = list(sent)
    in_protest = "protest" in ctx.sent_text  # the only sentences the protest construction can fire in
    for tok in tokens:  # intent verbs first: they take over the clause they govern
        if tok.pos_ == "VERB" and tok.lemma_.lower() in ctx.lex.intent_verbs:
            frames.extend(intent_frames(tok, ctx, consumed))
    for tok in tokens:
        if tok.i in consumed or ctx.mention(tok) is not None:
            continue  # a word inside a name ("Committee to Protect Journalists") triggers nothing
        pos = tok.pos_
        if pos in ("NOUN", "PROPN") or (tok.tag_ == "VBZ" and nominal(tok)):
            if _may_be_event_noun(tok, ctx.lex):
                frames.extend(noun_frames(tok, ctx))
        elif pos in ("VERB", "AUX"):
            if pos == "VERB":
                named = characterisation(tok, ctx)
                frames.extend([named] if named is not None else verb_frames(tok, ctx))
                dissent = protest_frame(tok, ctx) if in_protest else None
                frames += [dissent] if dissent is not None else []
            if tok.dep_ in ("ccomp", "parataxis", "conj", "ROOT"):
                frames += [f for f in (obligation(tok, ctx), evaluation(tok, ctx)) if f is not None]
    for refine in _REFINERS:  # arguments a frame names only through another clause
        frames = [refine(f, ctx) for f in frames]
    frames += [a for f in frames if (a := accusation(f, ctx)) is not None]
    frames += [g for f in frames if (g := penalty_grounds(f, ctx)) is not None]
    return frames + [r for f in frames if (r := rebuttal(f, frames, ctx)) is not None]
