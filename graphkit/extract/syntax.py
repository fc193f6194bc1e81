"""Walking spaCy's dependency parse: coordination, prepositional objects, passive by-agents, the
subject a verb inherits through coordination and control, and the verbs governing an infinitive.
No lexicon and no entities here: only the tree."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Token

from graphkit.extract.context import MAX_DEPTH, NOMINAL_DEPS, OBJECTS, REL_PRONOUNS, SUBJECTS
from graphkit.grammar import time_word

# "accused X of arming Y", "blamed X for", "stopped X from": the object does the gerund's action
CONTROL_PREPS = {"of", "for", "from"}


def conj(tokens: Iterable[Token]) -> list[Token]:
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


def forms(tok: Token) -> set[str]:
    """Lemma and plain-plural forms: the tagger lemmatises "bases" to "basis"."""
    low = tok.lower_
    out = {tok.lemma_.lower(), low}
    if low.endswith("s") and len(low) > 3:
        out.add(low[:-1])
    return out


def that_marked(clause: Token) -> bool:
    """A clause introduced by "that" ("said that ...", "the accusation that ...")."""
    return any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)


def particles(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ == "prt"}


def pobjs(head: Token, preps: Iterable[str]) -> list[Token]:
    wanted = set(preps)
    out: list[Token] = []
    for p in _preps_through_dates(head):
        # the tagger calls the "to" of "sold weapons to Taiwan" a dative: a preposition all the same
        if p.dep_ in ("prep", "agent", "dative") and p.lower_ in wanted:
            # "flights to and from Iran": the object of a preposition coordinated with this one
            shared = [c for q in p.children if q.dep_ == "conj" and q.pos_ == "ADP" for c in q.children]
            for c in [*p.children, *shared]:
                if c.dep_ != "pobj" or c.ent_type_ in ("DATE", "TIME"):
                    continue  # "on Monday", "by 2025": a date is never whom an act is aimed at
                out.append(c)
                # "between Iran and world powers" parsed as "(Iran and world) powers": the names too
                out.extend(
                    m for m in c.children if m.dep_ == "nmod" and any(x.dep_ == "conj" for x in m.children)
                )
    return conj(out)


def _preps_through_dates(head: Token) -> list[Token]:
    """The head's own prepositions, and those the parser hung on a date between them: in "the
    execution on Sunday of X", "of X" belongs to the execution, not to Sunday."""
    out: list[Token] = []
    for p in head.children:
        out.append(p)
        if p.dep_ == "prep":
            for d in p.children:
                if d.dep_ == "pobj" and d.ent_type_ in ("DATE", "TIME"):
                    out.extend(q for q in d.children if q.dep_ == "prep")
    return out


def infinitive(verb: Token) -> bool:
    """A to-infinitive: "(plans) to attack"."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def governed_infinitive(clause: Token) -> bool:
    """ "(threatened) to stop the talks": the infinitive a verb governs, also where the parser made it an
    adverbial clause ("threatened on Sunday to conduct a test")."""
    return clause.dep_ == "xcomp" or (clause.dep_ == "advcl" and infinitive(clause))


def agents(verb: Token) -> list[Token]:
    """The by-phrase of a passive verb."""
    return conj(c for a in verb.children if a.dep_ == "agent" for c in a.children if c.dep_ == "pobj")


def is_passive(verb: Token) -> bool:
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    # reduced passive relative: "militias supported by the Guard"; with an object of its own it is the
    # parser's misreading of an active verb ("missile attacks killed five people")
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and not any(c.dep_ == "dobj" for c in verb.children)


def _participle_subject(subj: Token) -> Token:
    """ "The Red Cross operating in Iraq said": the parser may make the participle the subject and the
    noun it modifies the participle's subject; the noun is the subject."""
    if subj.pos_ != "VERB" or subj.tag_ not in ("VBG", "VBN"):
        return subj
    inner = [c for c in subj.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")]
    return inner[0] if inner else subj


def subjects(verb: Token, depth: int = 0) -> list[Token]:
    """The grammatical subject of a verb, inherited through coordination, control and participles."""
    own = [_participle_subject(c) for c in verb.children if c.dep_ in SUBJECTS]
    if own and not (verb.tag_ == "VBG" and all(time_word(c) for c in own)):
        return conj(own)
    if any(c.dep_ == "expl" for c in verb.children):  # "there are U.S. troops ..."
        return conj(c for c in verb.children if c.dep_ == "attr")
    if depth > MAX_DEPTH or verb.head == verb or not _same_sentence(verb, verb.head):
        return []
    head = verb.head
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        return subjects(head, depth + 1)
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ in ("acomp", "xcomp", "conj"):
        # "X is ready / willing / able to send troops": the subject of the copula
        return subjects(head.head, depth + 1) if _same_sentence(head, head.head) else []
    if verb.dep_ == "xcomp":
        # object control ("urged Iraq to expel ...") else subject control ("threatened to strike")
        objs = [c for c in head.children if c.dep_ in OBJECTS]
        return conj(objs) if objs else subjects(head, depth + 1)
    if verb.dep_ == "advcl" and head.pos_ in ("VERB", "AUX"):
        # a subjectless adverbial clause is controlled by the main subject: "Trump condemned Iran,
        # blaming it for ...", "fought in Syria to support Assad"
        return subjects(head, depth + 1)
    if verb.dep_ == "pcomp":  # "in addition to fighting ISIS, X has ...", "after meeting Y, X ..."
        up = head
        while up.pos_ not in ("VERB", "AUX") and up.head != up:
            up = up.head
        if up.pos_ not in ("VERB", "AUX"):
            return []
        # "accused Tehran of arming the rebels", "blamed Y for attacking": the object is the doer
        control = head.head == up and head.lower_ in CONTROL_PREPS
        objs = [c for c in up.children if c.dep_ in OBJECTS] if control else []
        return conj(objs) if objs else subjects(up, depth + 1)
    if verb.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        # "the decision of these groups to support X", "Iran's plan to strike Y": the noun's owner
        owners = [c for c in head.children if c.dep_ == "poss"] or pobjs(head, ("of", "by"))
        if owners:
            return conj(owners)
        return subjects(head.head, depth + 1) if head.dep_ in OBJECTS else []
    if verb.dep_ in ("relcl", "acl"):
        return [head]
    if verb.dep_ == "ccomp" and head.lemma_.lower() in _OBJECTLESS_SAY and not is_passive(verb):
        # "said police in the capital, Minsk, detained X": the parser took the reported clause's
        # subject for an object of "said", which takes none
        objs = [c for c in head.children if c.dep_ == "dobj" and c.i < verb.i and c.head.i < c.i]
        return conj(objs)
    return []


# Speech verbs that take a reported clause but no object of their own (unlike "told reporters").
_OBJECTLESS_SAY = {"say", "add", "claim", "allege", "insist", "announce", "report", "state", "declare"}


def _same_sentence(a: Token, b: Token) -> bool:
    """No line break between the two tokens (the parser may run on across paragraphs)."""
    lo, hi = sorted((a.i, b.i))
    return not any(t.is_space and "\n" in t.text for t in a.doc[lo:hi])


def clause_roles(verb: Token) -> tuple[list[Token], list[Token]]:
    """(actors, patients-as-subjects) of a verb: active subject, or passive by-agent and subject."""
    subj = subjects(verb)
    if is_passive(verb):
        return agents(verb), subj
    return subj, []


def nominal(tok: Token) -> bool:
    """A noun, or a plural noun the tagger took for a verb ("The U.S. airstrikes targeted ...")."""
    if tok.pos_ in ("NOUN", "PROPN"):
        return True
    return tok.tag_ == "VBZ" and tok.dep_ in NOMINAL_DEPS


def governors(clause: Token) -> list[Token]:
    """The clause verb and the verbs governing it as an infinitive: "did not seek to escalate",
    "will take our fight to expel"."""
    out = [clause]
    cur = clause
    while len(out) <= MAX_DEPTH:
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


def pobjs_all(heads: Iterable[Token], preps: Sequence[str]) -> list[Token]:
    return [t for h in heads for t in pobjs(h, preps)]


def gapped_object(verb: Token) -> bool:
    """A relative clause with its own named subject and no object ("a charge Iran denies", "the deal
    both sides signed on Monday"): the noun it modifies is the object it leaves out (not "the talks Iran
    withdrew from", where a stranded preposition takes the noun, nor "the man Iran said attacked")."""
    if (
        verb.dep_ != "relcl"
        or is_passive(verb)
        or verb.head.pos_ not in ("NOUN", "PROPN")
        or verb.i < verb.head.i
    ):
        return False
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subj or subj[0].lower_ in REL_PRONOUNS:
        return False
    stranded = any(
        c.dep_ == "prep" and not any(o.dep_ in ("pobj", "pcomp") for o in c.children) for c in verb.children
    )
    return not stranded and not any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in verb.children)
