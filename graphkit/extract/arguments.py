"""Argument tokens -> Entities: the one actor-resolution mechanism every construction uses.

In order: the token is a mention; a pronoun points at its speaker or a plural antecedent; an
appositive name; "a series of" looks through; examples ("groups including Hamas"); the named owner of
any noun phrase (possessor, name or demonym modifier, "loyal to X"); group and role heads through
of/for/from; event nouns resolve to their doer and content nouns to their owner. Unnamed groups
("three activists") resolve to nothing."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from graphkit.extract import anaphora, nouns, reports
from graphkit.extract.context import MAX_DEPTH, MODIFIERS, NOT_AGENTS, REL_PRONOUNS, Context
from graphkit.extract.syntax import agents, conj, forms, is_passive, pobjs, subjects
from graphkit.fold import fold
from graphkit.models import Entity

# Prepositions through which a group noun or a content noun points at its owner.
_OWNER_PREPS = ("of", "for", "from")
_CONTENT_PREPS = ("by", "of", "from")


def _modifier_entities(tok: Token, ctx: Context) -> list[Entity]:
    return [m.entity for c in tok.children if c.dep_ in MODIFIERS and (m := ctx.mention(c)) is not None]


def _owner_entities(tok: Token, ctx: Context, role: str) -> list[Entity]:
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
    if _against_the_state(tok):
        # "Syria's main exiled opposition group", "Iran's dissidents": against the state, never it
        owners = [e for e in owners if (s := ctx.state_of(e.id)) is None or s.id != e.id]
    if _head_of_state(tok):
        # "Ivory Coast's incumbent president": a person, never the state; the one the article named with
        # that title, when it is clear who
        return _office_holder(tok, owners, ctx)
    if owners:
        return owners
    # "Saudi-led forces", "a U.S.-led coalition": the leader named before the hyphen
    owners = [
        m.entity
        for c in tok.children
        if c.dep_ == "amod" and c.lower_ == "led"
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
        and not (against and (s := ctx.state_of(m.entity.id)) is not None and s.id == m.entity.id)
    ]


_AGAINST_THE_STATE = {"opposition", "rebel", "dissident", "exiled", "exile", "separatist", "insurgent"}


def _against_the_state(tok: Token) -> bool:
    return any(
        c.dep_ in ("amod", "compound") and c.lemma_.lower() in _AGAINST_THE_STATE for c in tok.children
    )


_INSURGENTS = {"rebel", "insurgent", "militant", "separatist", "guerrilla", "militia", "fighter", "gunman"}


def _subnational_place(entity: Entity, ctx: Context) -> bool:
    if entity.type not in ("GPE", "LOC", "FAC"):
        return False
    state = ctx.state_of(entity.id)
    return state is None or state.id != entity.id


_APPOSED_TYPES = {"PERSON", "GPE", "LOC", "FAC", "ORG"}


def _detached_apposition(tok: Token, ctx: Context) -> Entity | None:
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


_COALITIONS = {"coalition", "alliance"}


def _coalition_named_before(tok: Token, ctx: Context, role: str, depth: int) -> list[Entity]:
    """ "the coalition", "a coalition spokesman" after "the Saudi-led coalition": the nearest coalition
    the article named with its leader before (the leader stands for it, as in "Saudi-led forces")."""
    heads = [tok] + [c for c in tok.children if c.dep_ == "compound"]
    word = next((h for h in heads if h.lemma_.lower() in _COALITIONS), None)
    if word is None or any(c.dep_ in ("poss", "amod") and c.lower_ != "the" for c in word.children):
        return []
    for prev in reversed(ctx.doc[: word.i]):
        if prev.lemma_.lower() == word.lemma_.lower():
            owners = _owner_entities(prev, ctx, role)  # "the Saudi-led coalition", "a Saudi-coalition strike"
            if owners:
                return owners
    return []


_HEAD_OFFICES = {"president", "leader", "king", "queen", "monarch", "emir", "premier", "chancellor", "ruler"}


# A state's domestic organs: named only by where they serve, they are that place's state (police in
# Minsk are Belarus's). Troops are not: "troops in Syria" may be anyone's.
LOCAL_ORGANS = frozenset({"police", "policeman", "policemen", "authority", "authorities", "prosecutor"})


def _local_state(tok: Token, ctx: Context) -> list[Entity]:
    """ "police in Minsk", "authorities in the capital, Lima", "security forces in Srinagar": the state
    of the one place named (CONVENTIONS: a state's forces are the state)."""
    words = forms(tok)
    security = "force" in words and any(c.lower_ == "security" for c in tok.children)
    if not (words & LOCAL_ORGANS or security):
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
    office = {"prime", "minister"} if tok.lemma_.lower() == "minister" else {tok.lemma_.lower()}
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


def _speakers_forces(tok: Token, ctx: Context, role: str) -> list[Entity]:
    """ "Russia's defense ministry said air defense units destroyed 40 drones": forces a state reports
    about with no owner named are its own."""
    if role != "actor" or tok.pos_ != "NOUN" or not forms(tok) & _FORCES:
        return []
    if _owner_entities(tok, ctx, role) or pobjs(tok, _OWNER_PREPS):
        return []  # "Vietnamese-led forces", "troops of the coalition": someone's named
    speaker = reports.claimant_of(tok, ctx)
    if speaker is None or speaker == tok:
        return []
    states = [
        s for e in resolve(speaker, ctx, "actor", False, MAX_DEPTH) if (s := ctx.state_of(e.id)) is not None
    ]
    return states[:1] if len({s.id for s in states}) == 1 else []


def _head_of_state(tok: Token) -> bool:
    """A head of state or government: a person, coded by name, never the state ("the prime minister")."""
    if tok.tag_ not in ("NN", "NNP"):
        return False  # "Belarus's rulers", "the country's leaders": the regime, which is the state
    low = tok.lemma_.lower()
    prime = any(c.lower_ == "prime" for c in tok.children)
    return low in _HEAD_OFFICES or (low == "minister" and prime)


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


def resolve(tok: Token, ctx: Context, role: str, deep: bool, depth: int = 0) -> list[Entity]:
    """The entities an argument token stands for (empty when it names none)."""
    m = ctx.mention(tok)
    if m is not None:
        if m.entity.type == "ROLE":  # "the deputy head of X, Abu Mahdi al-Muhandis": the named person
            named = [a for c in tok.children if c.dep_ == "appos" and (a := ctx.mention(c)) is not None]
            if named and named[0].entity.type != "ROLE":
                return [named[0].entity]
        return [m.entity]
    if depth > MAX_DEPTH:
        return []
    if tok.lower_ in REL_PRONOUNS and tok.head.dep_ in ("relcl", "acl") and tok.head.head != tok:
        # "Egypt and Qatar, which have mediated ...": the whole coordinated antecedent
        return [e for a in conj([tok.head.head]) for e in resolve(a, ctx, role, deep, depth + 1)]
    if tok.pos_ == "PRON":
        # other pronouns are the linker's business; these point at whoever is speaking, and "their" at
        # a group the linker could not give as one name ("groups, including Hamas and Islamic Jihad")
        speaker = _speaker(tok, ctx)
        if speaker is None and tok.lower_ in _PLURAL_PRONOUNS:
            return _plural_antecedent(tok, ctx, role, depth)
        return resolve(speaker, ctx, "actor", False, depth + 1) if speaker is not None else []
    local = _local_state(tok, ctx) or _speakers_forces(tok, ctx, role)
    if local:
        return local
    for c in tok.children:  # "the spokesperson, Yehia Rasool,"; "rival powers Egypt and Qatar"
        if c.dep_ == "appos" and ctx.mention(c) is not None:
            return [m.entity for a in conj([c]) if (m := ctx.mention(a)) is not None]
    if _pair_word(tok):
        return _named_pair(tok, ctx, role, depth)
    people = _people_word(tok)
    if people is not None:
        return _named_group(tok, ctx, role, depth, size=people, types=frozenset({"PERSON"}))
    apposed = _detached_apposition(tok, ctx)
    if apposed is not None:
        return [apposed]
    lex = ctx.lex
    words = forms(tok)
    if words & lex.transparent_heads:  # "a series of U.S. airstrikes", "a number of groups"
        through = [e for p in pobjs(tok, ("of",)) for e in resolve(p, ctx, role, deep, depth + 1)]
        if through or pobjs(tok, ("of",)):
            return through  # else "Montenegro province": its owner, below
    examples = pobjs(tok, ("including", "like")) + [
        o for p in tok.children if p.dep_ == "prep" and p.lower_ == "as" and p.nbor(-1).lower_ == "such"
        for o in conj(c for c in p.children if c.dep_ == "pobj")
    ]  # fmt: skip
    found = [e for x in examples for e in resolve(x, ctx, role, False, depth + 1)]
    if found:  # "Palestinian groups, including Hamas and Islamic Jihad"
        return found
    member = bool(words & lex.role_heads) and not words & lex.proxy_heads
    if tok.pos_ in ("NOUN", "PROPN") and nouns.event_noun(tok, ctx) is None:
        # any other noun phrase stands for its named owner: "Afghanistan's ambassador", "Houthi
        # missiles", "South Korean waters", "Iran's proxies" (event nouns resolve to their doer below)
        found = _owner_entities(tok, ctx, role)
        if found:
            return found
    if words & lex.proxy_heads or member:
        found = _coalition_named_before(tok, ctx, role, depth)
        if not found:
            found = [e for p in pobjs(tok, _OWNER_PREPS) for e in resolve(p, ctx, role, False, depth + 1)]
        for verb in tok.children if not found else ():
            if verb.dep_ not in ("acl", "relcl"):
                continue
            if verb.lemma_.lower() in lex.host_verbs:  # "bases housing U.S. troops"
                hosted = conj(c for c in verb.children if c.dep_ == "dobj")
                found += [e for h in hosted for e in resolve(h, ctx, role, False, depth + 1)]
            elif verb.lemma_.lower() in lex.owner_verbs:  # "locations linked to the Guard"
                owners = pobjs(verb, ("to", "by", "with")) + agents(verb)
                found += [e for o in owners for e in resolve(o, ctx, role, False, depth + 1)]
        if found:
            return found
    if not deep:
        return []
    sense = nouns.event_noun(tok, ctx)
    if sense is not None and sense.light and tok.dep_ in ("nsubj", "nsubjpass") and role == "actor":
        # "missiles were falling on the base", "rockets hit the embassy": whose weapons they are, else
        # whoever was last reported firing such weapons
        armed = [
            e for c in tok.children if c.dep_ in MODIFIERS for e in resolve(c, ctx, role, False, depth + 1)
        ]
        if not armed:  # "a statement from the ministry", "rockets by the militia"
            armed = [e for p in pobjs(tok, _CONTENT_PREPS) for e in resolve(p, ctx, role, False, depth + 1)]
        if not armed:  # "rockets fired by Hezbollah", "drones launched by the rebels"
            by = [a for v in tok.children if v.dep_ == "acl" for a in agents(v)]
            armed = [e for a in by for e in resolve(a, ctx, role, False, depth + 1)]
        return armed or anaphora.antecedent_actors(tok, sense, ctx, definite=False)
    if sense is not None and sense.light and role == "target" and sense.code[:2] in ("18", "19", "20"):
        # "destroyed 40 Ukrainian drones", "shot down Iranian missiles": weapons hit are their owner's
        armed = [
            e for c in tok.children if c.dep_ in MODIFIERS for e in resolve(c, ctx, role, False, depth + 1)
        ]
        if armed:
            return armed
    owned = any(c.dep_ in MODIFIERS and c.pos_ != "PRON" for c in tok.children)
    if sense is None and words & lex.involvement_heads and not owned:
        # "denied any involvement in the attacks": aimed at whom the attacks were aimed at (while
        # "condemned Iran's role in the attacks" is aimed at Iran, its owner)
        events = [p for p in pobjs(tok, ("in", "for")) if nouns.event_noun(p, ctx) is not None]
        found = [e for p in events for e in anaphora.event_targets(p, ctx)]
        if found:
            return found
    if sense is not None and not sense.light:
        doers = nouns.noun_agents(tok, ctx, depth)
        found = [e for a in doers if a != tok for e in resolve(a, ctx, "actor", deep, depth + 1)]
        if not found and sense.symmetric:  # "ruled out talks with Washington"
            found = [e for p in pobjs(tok, sense.preps) for e in resolve(p, ctx, role, False, depth + 1)]
        if not found and nouns.anaphoric(tok):  # "condemned the attacks", "the strike targeted X"
            found = anaphora.antecedent_actors(tok, sense, ctx)
        if not found and not sense.symmetric and not any(c.dep_ in MODIFIERS for c in tok.children):
            found = _content_antecedent(tok, ctx)  # "announced the sanctions ... The announcement said"
        return found
    if words & lex.content_heads:
        found = _modifier_entities(tok, ctx)
        if not found:
            found = [e for p in pobjs(tok, _CONTENT_PREPS) for e in resolve(p, ctx, role, deep, depth + 1)]
        if not found and tok.dep_ == "dobj" and tok.head.lemma_.lower() in lex.issuing_verbs:
            # "the ministry issued a statement welcoming X": the statement speaks for its issuer
            issuers = agents(tok.head) if is_passive(tok.head) else subjects(tok.head)
            found = [e for s in issuers for e in resolve(s, ctx, role, False, depth + 1)]
        if not found and not any(c.dep_ in MODIFIERS for c in tok.children):
            found = _content_antecedent(tok, ctx)
        return found
    return []


_CONTENT_WINDOW = 8  # sentences
_DEFINITE = {"the", "this", "these", "those", "such"}


def _content_antecedent(tok: Token, ctx: Context) -> list[Entity]:
    """ "the measures", "the announcement" with no owner: the doer of the latest event of the kind the
    lexicon ties the noun to (content_roots), or of the verb the noun is made from ("announced the
    sanctions ... The announcement said"), within a few sentences."""
    if not any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in tok.children):
        return []
    lemma = tok.lemma_.lower()
    roots = ctx.lex.content_roots.get(lemma, frozenset())
    for past in reversed(ctx.past):
        if ctx.sent_no - past.sent_no > _CONTENT_WINDOW:
            break
        made_from = any(
            len(verb) >= 4 and lemma != verb and lemma.startswith(verb.rstrip("e"))
            for verb in (past.lemma, past.verb)
        )
        if past.root in roots or made_from:
            return list(past.actors)
    return []


def resolve_all(tokens: Sequence[Token], ctx: Context, role: str) -> list[Entity]:
    """Direct readings first (names, proxies); the deeper readings only when none gives an entity.
    Memoised within the sentence (what earlier sentences reported does not change while it is read)."""
    key: tuple[str | int, ...] = (role, *(t.i for t in tokens))
    cached = ctx.resolved.get(key)
    if cached is None:
        cached = ctx.resolved[key] = _resolve_tokens(tokens, ctx, role)
    return list(cached)


def _resolve_tokens(tokens: Sequence[Token], ctx: Context, role: str) -> list[Entity]:
    for deep in (False, True):
        out: dict[str, Entity] = {}
        for t in tokens:
            for e in resolve(t, ctx, role, deep):
                out.setdefault(e.id, e)
        if out:
            return list(out.values())
    return []


def phrase(tok: Token) -> str:
    """A short surface form for an unlinked argument: the token with its left modifiers."""
    left = [
        c for c in tok.children if c.dep_ in ("compound", "amod", "poss", "nmod", "nummod") and c.i < tok.i
    ]
    start = min([tok.i, *(c.left_edge.i for c in left)])
    return tok.doc[start : tok.i + 1].text


_PLURAL_PRONOUNS = {"they", "them", "their"}
_FIRST_PERSON = {"i", "me", "my", "myself", "we", "us", "our", "ours", "ourselves"}
_THIRD_PERSON_SUBJECTS = {"he", "she", "it", "they"}
_PERSON_PRONOUNS = {"he", "him", "she", "her"}  # not possessives: "his attacks" is too often misparsed


def _speaker(pron: Token, ctx: Context) -> Token | None:
    """The speaker a pronoun points at: "I"/"we" anywhere in a quote; "he"/"it"/"they" as the subject
    of what a speech verb reports ("Iran said it would retaliate")."""
    low = pron.lower_
    if low in _FIRST_PERSON:
        speaker = reports.claimant_of(pron, ctx)
    elif low in _THIRD_PERSON_SUBJECTS and pron.dep_ in ("nsubj", "nsubjpass") and _reported(pron, ctx):
        speaker = _reported(pron, ctx)
    elif low in _PERSON_PRONOUNS and pron.dep_ != "poss":
        speaker = _only_person_before(pron, ctx)
    else:
        return None
    if speaker is None or speaker == pron or speaker.pos_ == "PRON":
        return None
    return speaker


def _reported(pron: Token, ctx: Context) -> Token | None:
    """The speaker when this pronoun is the subject of what a speech verb reports."""
    clause = pron.head
    report = clause.head
    if clause.dep_ != "ccomp" or report.lemma_.lower() not in ctx.lex.speech_verbs:
        return None
    speakers = agents(report) if is_passive(report) else subjects(report)
    return speakers[0] if speakers else None


def _plural(tok: Token, ctx: Context) -> bool:
    if tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in tok.children):
        return True
    return bool(forms(tok) & ctx.lex.transparent_heads) and any(_plural(p, ctx) for p in pobjs(tok, ("of",)))


def _plural_antecedent(pron: Token, ctx: Context, role: str, depth: int) -> list[Entity]:
    """ "they"/"their" -> the nearest plural subject or object of a clause above the pronoun, left of
    it ("Iran supported groups, including Hamas and Islamic Jihad, in their fight", "Germany and Poland
    said none of their troops"), when it names entities; nothing when that plural names none."""
    cur = pron.head
    for _ in range(MAX_DEPTH + 3):
        if not ctx.inside(cur):
            return []
        if cur.pos_ in ("VERB", "AUX"):
            for c in cur.children:
                if c.dep_ not in ("nsubj", "nsubjpass", "dobj") or c.i > pron.i:
                    continue
                if c.left_edge.i <= pron.i <= c.right_edge.i or not _plural(c, ctx):
                    continue
                return resolve(c, ctx, role, False, depth + 1)
        if cur.head == cur:
            break
        cur = cur.head
    return _previous_parties(pron, ctx, role, depth)


def _previous_parties(pron: Token, ctx: Context, role: str, depth: int) -> list[Entity]:
    """ "Israel and Bahrain signed the deal on Tuesday. They also agreed ...": a subject "they" opening
    its sentence is the coordinated named subject of the sentence before, when every part is named."""
    prev = ctx.prev_sent
    if prev is None or pron.lower_ != "they" or pron.dep_ not in ("nsubj", "nsubjpass"):
        return []
    if any(t.dep_ in ("nsubj", "nsubjpass") for t in ctx.sent[: pron.i - ctx.sent.start]):
        return []  # not the first subject of its sentence
    for subj in (c for c in prev.root.children if c.dep_ in ("nsubj", "nsubjpass")):
        parts = conj([subj])
        if len(parts) < 2:
            continue
        found = [resolve(p, ctx, role, False, depth + 1) for p in parts]
        if all(found):
            return [e for f in found for e in f]
    return []


# "the two countries", "both sides", "each side ... the other": the pair of parties named just before
_PAIR_HEADS = {"country", "nation", "side", "party", "neighbor", "neighbour", "state", "government", "rival",
               "foe", "ally", "power", "capital"}  # fmt: skip


_PAIR_SENTENCES = 8  # how far back the pair may have been named


def _pair_word(tok: Token) -> bool:
    low = tok.lower_
    dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "predet", "nummod")}
    if low == "other" and "the" in dets:  # "each side blamed the other"
        return any(t.lower_ == "each" for t in tok.sent)
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in _PAIR_HEADS:
        return False
    if pobjs(tok, ("of",)) or (
        tok.dep_ == "pobj" and tok.head.lower_ in ("on", "in", "at", "across", "from")
    ):
        return False  # "on either side of the border", "in both countries": a place, not the parties
    plural = tok.tag_ == "NNS" and bool(dets & {"two", "both"})
    return plural or (tok.tag_ == "NN" and bool(dets & {"each", "either"}))


def _named_pair(tok: Token, ctx: Context, role: str, depth: int) -> list[Entity]:
    """The nearest coordination of exactly two named parties before the word, in its sentence or the
    few before ("Armenia and Azerbaijan ... the two countries"); nothing when there is none."""
    return _named_group(tok, ctx, role, depth, size=2, types=None)


# "the men", "the three officials" after the people were named together
_PEOPLE_HEADS = {"man", "woman", "individual", "official", "leader", "activist", "journalist", "suspect",
                 "defendant", "commander", "officer", "general", "minister", "brother", "lawmaker"}  # fmt: skip
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _people_word(tok: Token) -> int | None:
    """How many people "the (three) men" names (0: more than one, count not given), None when it is no
    such word: a plain definite plural, with no owner or phrase of its own."""
    if tok.pos_ != "NOUN" or tok.tag_ != "NNS" or tok.lemma_.lower() not in _PEOPLE_HEADS:
        return None
    deps = {c.dep_ for c in tok.children}
    if not any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in tok.children):
        return None
    if deps - {"det", "nummod", "amod"}:
        return None  # "the men of the village", "the Iranian officials", "the men who ..."
    counts = [_NUMBERS.get(c.lower_, -1) for c in tok.children if c.dep_ == "nummod"]
    return counts[0] if counts and counts[0] > 0 else (None if counts else 0)


def _named_group(
    tok: Token, ctx: Context, role: str, depth: int, size: int, types: frozenset[str] | None
) -> list[Entity]:
    """The nearest coordination of named parties before ``tok`` (``size`` of them, or any number above
    one when 0), each one entity of ``types``; nothing when there is none."""
    before = [s for s in ctx.sents if s.end <= ctx.sent.start][-_PAIR_SENTENCES:]
    spans = [ctx.sent[: tok.i - ctx.sent.start], *reversed(before)]
    for span in spans:
        for head in reversed(list(span)):
            parts = conj([head]) if any(c.dep_ == "conj" for c in head.children) else []
            if len(parts) < 2 or (size and len(parts) != size) or parts[-1].i >= tok.i:
                continue
            found = [resolve(p, ctx, role, False, depth + 1) for p in parts]
            ids = {e.id for f in found for e in f}
            one_each = all(len(f) == 1 for f in found) and len(ids) == len(parts)
            if one_each and (types is None or all(f[0].type in types for f in found)):
                return [f[0] for f in found]
    return []


def _only_person_before(pron: Token, ctx: Context) -> Token | None:
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


_ALLEGIANCE = {"loyal", "allied", "affiliated", "aligned", "linked", "close", "faithful"}
