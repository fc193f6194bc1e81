"""What the extractor carries while it reads a document: the frame of one trigger with its argument
tokens (``Frame``), events already reported (``Past``), the per-document ``Context`` (mentions by token,
the sentence being read, memoised resolutions), and the dependency labels the rules share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from graphkit.cameo import Lexicon, NounSense
from graphkit.grammar import sentences
from graphkit.models import Action, Entity, Mention

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
NOMINAL_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos")
OBJECTS = ("dobj", "dative")
MODIFIERS = ("poss", "compound", "amod", "nmod")
REL_PRONOUNS = {"who", "whom", "which", "that", "whose"}
# Places are where an event happens, not who does it ("the Baghdad attack").
NOT_AGENTS = {"LOC", "FAC", "DATE", "TIME"}
MAX_DEPTH = 3


@dataclass
class Frame:
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
    # the clause's "not" is part of the sense ("will not tolerate X" is a warning): no denial
    negation_in_sense: bool = False
    head: Token | None = None  # the event word (noun or verb) later mentions of the event point back to
    culprit: bool = False  # the actor is named as responsible ("X was behind the attack")
    # a mutual word done by one side: "X received a call from Y" (Y acts), "X approved the deal with Y"
    # (X acts); the other side does not act back
    one_way: bool = False
    implied_actor: Entity | None = None  # "X was arrested in Minsk": the state, named by no word
    # "Somalia denied the charges": the accusers, named in this sentence or one before (rebuttals.py)
    implied_targets: tuple[Entity, ...] = ()
    host_state: bool = False  # "reopened its embassy in Asmara": the state of the place is the target


@dataclass(frozen=True)
class Past:
    """An event reported earlier in the document, for "the attacks" to point back at."""

    sent_no: int
    lemma: str
    root: str
    actors: tuple[Entity, ...]
    targets: tuple[Entity, ...]
    plural: bool = False
    verb: str = ""  # the verb of its clause ("announced the sanctions": "announce")


class Context:
    def __init__(
        self,
        doc: Doc,
        mentions: Sequence[Mention],
        lexicon: Lexicon,
        state_of: Callable[[str], Entity | None] | None = None,
    ) -> None:
        self.doc = doc
        self.lex = lexicon
        # the state an entity belongs to (a city's country), from the gazetteer; None knows no states
        self.state_of = state_of or (lambda _id: None)
        self.by_token: dict[int, Mention] = {}
        # the longest mention wins a token, so "U.S. President Donald Trump" beats "U.S."
        for m in sorted(mentions, key=lambda m: m.token_end - m.token_start):
            for i in range(m.token_start, m.token_end):
                self.by_token[i] = m

        self.sent: Span = doc[:]
        self.sents: list[Span] = sentences(doc)  # for looking a few sentences back
        self.prev_sent: Span | None = None  # the sentence read before, for "they" at the start of this one
        self.sent_no = 0
        self.past: list[Past] = []
        self.resolved: dict[tuple[str | int, ...], list[Entity]] = {}
        self.noun_senses: dict[
            int, NounSense | None
        ] = {}  # token index -> event-noun sense (nouns.event_noun)
        self.sent_text = ""

    def mention(self, tok: Token) -> Mention | None:
        return self.by_token.get(tok.i)

    def inside(self, tok: Token) -> bool:
        """Within the sentence being read: walks up the tree stop where the parser ran on across a
        sentence or paragraph boundary."""
        return self.sent.start <= tok.i < self.sent.end
