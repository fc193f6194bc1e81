"""Whose a noun phrase is: the named owner any noun phrase stands for.

A possessor, a name or demonym modifier, "loyal to X", an owner through of/for/from; a state's
domestic organs named by where they serve ("police in Minsk"); the office holder a title names
("Somalia's president"); forces a state reports on with no owner named. Not the state: its
opposition and dissidents, rebels named by their region, heads of state and government (persons)."""

from __future__ import annotations

from spacy.tokens import Token

from graphkit.extract import arguments, reports
from graphkit.extract.context import MAX_DEPTH, MODIFIERS, NOT_AGENTS, Context
from graphkit.extract.syntax import forms, pobjs
from graphkit.fold import fold
from graphkit.models import Entity

# Prepositions through which a group noun or a content noun points at its owner.
OWNER_PREPS = ("of", "for", "from")


def modifier_entities(tok: Token, ctx: Context) -> list[Entity]:
    return [m.entity for c in tok.children if c.dep_ in MODIFIERS and (m := ctx.mention(c)) is not None]


def owner_entities(tok: Token, ctx: Context, role: str) -> list[Entity]:
    """The named owner of a noun phrase: its possessor ("North Korea's launch", "Afghanistan's
    ambassador"), else a name or demonym modifying it ("Houthi missiles", "Nigerian troops"). As an
    actor, a place modifier is where, not who ("the Baghdad bureau")."""
    named = [
        m.entity
        for c in tok.children
        if c.dep_ == "compound" and (m := ctx.mention(c)) is not None and m.entity.type == "ORG"
    ]
    if named:  # "its European Community partners", "Russia's Wagner mercenaries": the body named
        return named
    owners = [m.entity for c in tok.children if c.dep_ == "poss" and (m := ctx.mention(c)) is not None]
    if tok.lemma_.lower() == "counterpart":
        owners = []  # "his Chinese counterpart": the possessor is whose counterpart, the modifier whose
    if _against_the_state(tok):
        # "Syria's main exiled opposition group", "Iran's dissidents": against the state, never it
        owners = [e for e in owners if not _is_state(e, ctx)]
    if _head_of_state(tok):
        # "Ivory Coast's incumbent president", "the Ethiopian PM": a person, never the state; the one the
        # article named with that title, when it is clear who
        states = owners or [
            m.entity
            for c in tok.children
            if c.dep_ in ("compound", "amod", "nmod")
            and (m := ctx.mention(c)) is not None
            and _is_state(m.entity, ctx)
        ]
        return _office_holder(tok, states, ctx)
    if owners:
        return owners
    # "Saudi-led forces", "a U.S.-led coalition", "a British-flagged tanker", "a Greek-owned ship": the
    # leader or owner named before the hyphen (not "Iran-backed militias": backing is no ownership)
    owners = [
        m.entity
        for c in tok.children
        if c.dep_ == "amod" and c.lower_ in _OWNING_PARTICIPLES
        for x in c.children
        if x.dep_ in ("npadvmod", "compound", "nmod", "amod") and (m := ctx.mention(x)) is not None
    ]
    if owners:
        return owners
    # "forces loyal to Gbagbo", "militias allied with Iran": the side they belong to
    sides = [c for c in tok.children if c.dep_ == "amod" and c.lemma_.lower() in _ALLEGIANCE]
    owners = [m.entity for a in sides for p in pobjs(a, ("to", "with")) if (m := ctx.mention(p)) is not None]
    if not owners and sides:
        owners = _named_after(sides[0], ctx)  # the parser often loses "to X" after "loyal"
    if owners:
        return owners
    insurgents = tok.lemma_.lower() in _INSURGENTS
    against = _against_the_state(tok)
    return [
        m.entity
        for c in tok.children
        if c.dep_ in ("compound", "amod", "nmod")
        and (m := ctx.mention(c)) is not None
        and (role == "target" or m.entity.type not in NOT_AGENTS)
        # "European countries", "pro-Russian separatists": a loose group word the gazetteer does not
        # know is no owner
        and not m.entity.id.startswith("NORP:")
        # "Darfur rebels", "Donbas separatists": fighters named by the region they fight in are neither
        # the region nor its state
        and not (insurgents and _subnational_place(m.entity, ctx))
        # "Ugandan opposition candidates" are not Uganda
        and not (against and _is_state(m.entity, ctx))
    ]


_OWNING_PARTICIPLES = {"led", "flagged", "owned", "registered", "operated"}
_AGAINST_THE_STATE = {"opposition", "rebel", "dissident", "exiled", "exile", "separatist", "insurgent"}


def _against_the_state(tok: Token) -> bool:
    return any(
        c.dep_ in ("amod", "compound") and c.lemma_.lower() in _AGAINST_THE_STATE for c in tok.children
    )


_INSURGENTS = {"rebel", "insurgent", "militant", "separatist", "guerrilla", "militia", "fighter", "gunman"}


def _is_state(entity: Entity, ctx: Context) -> bool:
    """A country itself, not a place or body that belongs to one."""
    state = ctx.state_of(entity.id)
    return state is not None and state.id == entity.id


def _subnational_place(entity: Entity, ctx: Context) -> bool:
    return entity.type in ("GPE", "LOC", "FAC") and not _is_state(entity, ctx)


_APPOSED_TYPES = {"PERSON", "GPE", "LOC", "FAC", "ORG"}


def detached_apposition(tok: Token, ctx: Context) -> Entity | None:
    """ "a leading cleric, Sheikh X.", "seized the capital, Sana'a, in 2014": a name right after a common
    noun and a comma, closed by punctuation, is that noun's apposition even where the parser hung it
    elsewhere (not when the name opens a clause of its own: "the minister, Y said")."""
    doc = tok.doc
    if tok.pos_ != "NOUN" or tok.i + 2 >= ctx.sent.end or doc[tok.i + 1].text != ",":
        return None
    m = ctx.mention(doc[tok.i + 2])
    if m is None or m.entity.type not in _APPOSED_TYPES or m.token_start != tok.i + 2:
        return None
    head = doc[m.token_end - 1]
    closed = m.token_end >= ctx.sent.end or doc[m.token_end].is_punct  # "..., Sana'a, in 2014"
    if not closed or head.dep_ in ("nsubj", "nsubjpass", "poss", "compound") or head.head == tok:
        return None
    return m.entity


_HEAD_OFFICES = {"president", "leader", "king", "queen", "monarch", "emir", "premier", "chancellor", "ruler"}


def local_state(tok: Token, ctx: Context) -> list[Entity]:
    """ "police in Minsk", "authorities in the capital, Lima", "security forces in Srinagar": the state
    of the one place named (CONVENTIONS: a state's forces are the state)."""
    words = forms(tok)
    security = "force" in words and any(c.lower_ == "security" for c in tok.children)
    if not (words & ctx.lex.local_organs or security):
        return []
    if any(c.dep_ in ("poss", "compound", "amod") and ctx.mention(c) is not None for c in tok.children):
        return []  # "Belarusian police", "Iran's security forces": named by their owner
    places = pobjs(tok, ("in",)) + [c for c in tok.children if c.dep_ == "appos"]
    places += [a for p in places for a in p.children if a.dep_ == "appos"]  # "in the capital, Minsk"
    states = {
        s.id: s
        for p in places
        if (m := ctx.mention(p)) is not None and (s := ctx.state_of(m.entity.id)) is not None
    }
    return list(states.values()) if len(states) == 1 else []


def _office_holder(tok: Token, states: list[Entity], ctx: Context) -> list[Entity]:
    """The one person the article names with this office in their title ("incumbent President Laurent
    Gbagbo" for "Ivory Coast's incumbent president", before or after), leaving out those whose title
    names another state ("French President Nicolas Sarkozy")."""
    if not states:
        return []  # "the president" alone may be anyone's
    office = {"prime", "minister"} if tok.lemma_.lower() in ("minister", "pm") else {tok.lemma_.lower()}
    codes = {e.country for e in states if e.country}
    ids = {e.id for e in states}
    seen: set[int] = set()
    holders: dict[str, Entity] = {}
    elsewhere: set[str] = set()  # people some title ties to another state
    for m in ctx.by_token.values():
        if id(m) in seen or m.entity.type != "PERSON" or m.token_start <= tok.i < m.token_end:
            continue
        seen.add(id(m))
        titled = _title_state(m.token_start, ctx)
        if (titled is not None and titled.id not in ids) or (
            m.entity.country and m.entity.country not in codes
        ):
            elsewhere.add(m.entity.id)
        if office <= {w.lower() for w in m.text.split()}:
            holders[m.entity.id] = m.entity
    for eid in elsewhere:
        holders.pop(eid, None)
    return list(holders.values()) if len(holders) == 1 else []


def _title_state(start: int, ctx: Context) -> Entity | None:
    """The state a person's title names in the word before it ("French President Nicolas Sarkozy"):
    the linker makes such a demonym part of the person's mention, so it is read from the text."""
    if start == 0:
        return None
    word = ctx.doc[start - 1]
    return ctx.state_of(f"NORP:{fold(word.text)}") if word.is_title else None


_FORCES = frozenset({"unit", "troop", "force", "soldier", "defense", "defence", "serviceman", "sailor"})


def speakers_forces(tok: Token, ctx: Context, role: str) -> list[Entity]:
    """ "Russia's defense ministry said air defense units destroyed 40 drones": forces a state reports
    about with no owner named are its own."""
    if role != "actor" or tok.pos_ != "NOUN" or not forms(tok) & _FORCES:
        return []
    if owner_entities(tok, ctx, role) or pobjs(tok, OWNER_PREPS):
        return []  # "Vietnamese-led forces", "troops of the coalition": someone's named
    speaker = reports.claimant_of(tok, ctx)
    if speaker is None or speaker == tok:
        return []
    states = [
        s
        for e in arguments.resolve(speaker, ctx, "actor", False, MAX_DEPTH)
        if (s := ctx.state_of(e.id)) is not None
    ]
    return states[:1] if len({s.id for s in states}) == 1 else []


def _head_of_state(tok: Token) -> bool:
    """A head of state or government: a person, coded by name, never the state ("the prime minister")."""
    if tok.tag_ not in ("NN", "NNP"):
        return False  # "Belarus's rulers", "the country's leaders": the regime, which is the state
    low = tok.lemma_.lower()
    prime = any(c.lower_ == "prime" for c in tok.children)
    return low in _HEAD_OFFICES or (low == "minister" and prime) or low == "pm"


def _named_after(word: Token, ctx: Context) -> list[Entity]:
    """ "loyal to incumbent President X": the first name within a few words after "to"/"with"."""
    doc = word.doc
    if word.i + 1 >= len(doc) or doc[word.i + 1].lower_ not in ("to", "with"):
        return []
    named: list[Entity] = []
    for tok in doc[word.i + 2 : min(word.i + 9, ctx.sent.end)]:
        if (m := ctx.mention(tok)) is not None:
            if not named or named[-1].id != m.entity.id:
                named.append(m.entity)
        elif tok.pos_ in ("VERB", "PUNCT", "CCONJ"):
            break
    # "loyal to Iraq's al-Qaeda frontman Zarqawi": the name the phrase ends in, not its possessor
    return named[-1:]


_ALLEGIANCE = {"loyal", "allied", "affiliated", "aligned", "linked", "close", "faithful"}
