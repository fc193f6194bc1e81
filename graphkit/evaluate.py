"""Score a system's graph against a gold file (shared/gold/SCHEMA.md).

gold JSONL + a "system view" (SystemEntity / SystemEvent, plain data read back from the graph)
-> LinkingReport + EventReport -> text (format_report) or a JSON-able dict (report_json).

Pure functions: no store, no printing. ``load_gold`` is the only I/O; it raises ConfigError naming
the file and line of the first malformed record.

Linking: each gold entity (one canonical name across the corpus) must land on ONE system node
(split = extra nodes) and that node must carry no other gold entity (merge). A gold mention is found
when a system mention in the same article has the same folded surface text.

Events: per article, the deduplicated system (actor, target, root) triples are matched one-to-one
against gold events; a triple fits a gold event when its actor and target resolve to the gold
entities and its root is one of the event's acceptable roots. Counts are micro-averaged.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from graphkit.errors import ConfigError

# --------------------------------------------------------------------------------------------- folding

_PUNCT_MAP = str.maketrans(
    dict.fromkeys("\u2018\u2019\u201a\u201b\u02bc\u2032`\u00b4", "'")
    | dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb", '"')
    | dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-")
)
_POSSESSIVE = re.compile(r"(?<=\w)'s\b")
_PLURAL_POSSESSIVE = re.compile(r"(?<=s)'(?=\s|$)")
_EDGE_PUNCT = " \"'.,;:!?()[]{}"
_LEADING_THE = re.compile(r"^the\s+")


def fold(text: str) -> str:
    """The comparison key for surface text: NFKC, case, accents, quotes and possessives folded.

    Kept local (not graphkit.fold) so the yardstick does not move when the linker's folding changes.
    """
    t = unicodedata.normalize("NFKC", text).translate(_PUNCT_MAP).casefold()
    t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    t = _POSSESSIVE.sub("", t)
    t = _PLURAL_POSSESSIVE.sub("", t)
    # Transliteration apostrophes are optional in English news ("Kata'ib" / "Kataib").
    t = t.replace("'", "")
    t = " ".join(t.split()).strip(_EDGE_PUNCT)
    # Whether a tagger's span includes a leading "the" says nothing about which entity it names.
    t = _LEADING_THE.sub("", t)
    return " ".join(t.split())


def article_key(source: str) -> str:
    """Gold ``file`` and system article sources are compared by bare file name."""
    name = PureWindowsPath(source).name if "\\" in source else PurePosixPath(source).name
    return name or source


# --------------------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class SystemEntity:
    """One node of the system's graph, as the scorer needs it."""

    id: str
    name: str
    type: str
    wikidata: str | None
    aliases: tuple[str, ...] = ()
    mentions: tuple[tuple[str, str], ...] = ()  # (article source = file name, surface text)


@dataclass(frozen=True)
class SystemEvent:
    """One event edge of the system's graph."""

    article: str  # article source (file name)
    actor_id: str
    target_id: str
    root: str  # two-digit CAMEO root, e.g. "19"
    sentence: str = ""
    trigger: str = ""


_ROOTS = {f"{n:02d}" for n in range(1, 21)}


def _root(code: object) -> str | None:
    """A CAMEO code or root ("19", "195", 19) -> its two-digit root, or None when it is not one."""
    if isinstance(code, bool):
        return None
    if isinstance(code, int):
        code = f"{code:02d}"
    if not isinstance(code, str):
        return None
    code = code.strip()
    if len(code) == 1:
        code = "0" + code
    root = code[:2]
    return root if code.isdigit() and root in _ROOTS else None


def _str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _check_record(rec: object) -> dict[str, Any]:
    """Validate one gold line; return a normalised copy. Raises ValueError with the reason."""
    if not isinstance(rec, dict):
        raise ValueError("expected a JSON object (one article per line)")
    file = rec.get("file")
    if not isinstance(file, str) or not file.strip():
        raise ValueError('missing "file" (the article\'s file name)')
    entities = rec.get("entities", [])
    events = rec.get("events", [])
    if not isinstance(entities, list):
        raise ValueError('"entities" must be a list')
    if not isinstance(events, list):
        raise ValueError('"events" must be a list')
    out_entities = []
    names: set[str] = set()
    for i, ent in enumerate(entities):
        where = f"entities[{i}]"
        if not isinstance(ent, dict):
            raise ValueError(f"{where} must be an object")
        name = ent.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f'{where} needs a non-empty "name"')
        if name in names:
            raise ValueError(f"{where}: entity {name!r} is listed twice in this article")
        names.add(name)
        mentions = ent.get("mentions", [])
        if not _str_list(mentions):
            raise ValueError(f'{where} ({name}): "mentions" must be a list of strings')
        wikidata = ent.get("wikidata")
        if wikidata is not None and not isinstance(wikidata, str):
            raise ValueError(f'{where} ({name}): "wikidata" must be a Q-id string or null')
        etype = ent.get("type", "")
        if not isinstance(etype, str):
            raise ValueError(f'{where} ({name}): "type" must be a string')
        out_entities.append(
            {
                **ent,
                "name": name,
                "type": etype,
                "wikidata": (wikidata or "").strip() or None,
                "mentions": mentions,
            }
        )
    out_events = []
    for i, ev in enumerate(events):
        where = f"events[{i}]"
        if not isinstance(ev, dict):
            raise ValueError(f"{where} must be an object")
        for role in ("actor", "target"):
            who = ev.get(role)
            if not isinstance(who, str) or who not in names:
                raise ValueError(
                    f"{where}: {role} {who!r} is not the name of an entity listed in this article"
                )
        action = ev.get("action")
        if isinstance(action, (str, int)) and not isinstance(action, bool):
            action = [action]
        if not isinstance(action, list) or not action:
            raise ValueError(f'{where}: "action" must be a non-empty list of CAMEO roots ("01".."20")')
        roots = []
        for code in action:
            root = _root(code)
            if root is None:
                raise ValueError(f'{where}: action {code!r} is not a CAMEO root or code ("01".."20")')
            if root not in roots:
                roots.append(root)
        for flag in ("negated", "hard"):
            if not isinstance(ev.get(flag, False), bool):
                raise ValueError(f'{where}: "{flag}" must be true or false')
        for text in ("trigger", "sentence"):
            if not isinstance(ev.get(text, ""), str):
                raise ValueError(f'{where}: "{text}" must be a string')
        out_events.append(
            {
                **ev,
                "action": roots,
                "trigger": ev.get("trigger", ""),
                "sentence": ev.get("sentence", ""),
                "negated": ev.get("negated", False),
                "hard": ev.get("hard", False),
            }
        )
    return {**rec, "file": file.strip(), "entities": out_entities, "events": out_events}


def load_gold(path: Path) -> list[dict[str, Any]]:
    """Read and validate a gold JSONL file (blank lines skipped) -> one normalised dict per article.

    Normalised: actions become two-digit roots, ``negated``/``hard`` default to false, an empty
    ``wikidata`` becomes null.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"{path}: cannot read the gold file ({exc}). Pass a UTF-8 JSON Lines file."
        ) from exc
    records: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rec = _check_record(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}:{lineno}: not valid JSON ({exc.msg}, column {exc.colno})") from exc
        except ValueError as exc:
            raise ConfigError(f"{path}:{lineno}: {exc} (format: shared/gold/SCHEMA.md)") from exc
        key = article_key(rec["file"])
        if key in seen:
            raise ConfigError(f"{path}:{lineno}: article {key!r} is already annotated on line {seen[key]}")
        seen[key] = lineno
        records.append(rec)
    return records


# --------------------------------------------------------------------------------------------- linking


@dataclass(frozen=True)
class EntityLink:
    """How one gold entity landed in the system's graph."""

    name: str
    type: str
    wikidata: str | None
    nodes: tuple[str, ...]  # system entity ids holding any of its gold mentions
    merged_with: tuple[str, ...]  # other gold entities sharing one of those nodes
    mentions: int  # distinct (article, folded mention) pairs in the gold
    mentions_found: int
    not_found: tuple[tuple[str, str], ...]  # (article, gold mention) pairs with no system mention

    @property
    def found(self) -> bool:
        return bool(self.nodes)

    @property
    def split(self) -> int:
        return max(0, len(self.nodes) - 1)


@dataclass(frozen=True)
class MergedNode:
    """A system node that carries more than one gold entity."""

    id: str
    name: str
    gold: tuple[str, ...]


@dataclass(frozen=True)
class LinkingReport:
    entities: tuple[EntityLink, ...]
    merged_nodes: tuple[MergedNode, ...]

    @property
    def total(self) -> int:
        return len(self.entities)

    @property
    def found(self) -> int:
        return sum(e.found for e in self.entities)

    @property
    def missing(self) -> int:
        return self.total - self.found

    @property
    def splits(self) -> int:
        return sum(e.split for e in self.entities)

    @property
    def merges(self) -> int:
        return len(self.merged_nodes)

    @property
    def mentions(self) -> int:
        return sum(e.mentions for e in self.entities)

    @property
    def mentions_found(self) -> int:
        return sum(e.mentions_found for e in self.entities)


def _mention_index(entities: Iterable[SystemEntity]) -> dict[tuple[str, str], set[str]]:
    """(article, folded surface) -> ids of the system entities holding that mention."""
    index: dict[tuple[str, str], set[str]] = defaultdict(set)
    for ent in entities:
        for source, surface in ent.mentions:
            key = fold(surface)
            if key:
                index[(article_key(source), key)].add(ent.id)
    return index


def score_linking(gold: list[dict[str, Any]], entities: Sequence[SystemEntity]) -> LinkingReport:
    """Split/merge/missing for every gold entity (identified across articles by its canonical name)."""
    index = _mention_index(entities)
    by_id = {e.id: e for e in entities}

    # name -> its (article, folded mention) -> first surface seen; plus type/wikidata from first sighting
    gold_mentions: dict[str, dict[tuple[str, str], str]] = {}
    gold_meta: dict[str, tuple[str, str | None]] = {}
    for rec in gold:
        art = article_key(rec["file"])
        for ent in rec["entities"]:
            name = ent["name"]
            gold_meta.setdefault(name, (ent.get("type", ""), ent.get("wikidata")))
            pairs = gold_mentions.setdefault(name, {})
            for surface in ent.get("mentions", []):
                key = fold(surface)
                if key:
                    pairs.setdefault((art, key), surface)

    nodes_of: dict[str, tuple[str, ...]] = {}
    found_of: dict[str, int] = {}
    not_found_of: dict[str, tuple[tuple[str, str], ...]] = {}
    carried: dict[str, list[str]] = defaultdict(list)  # system id -> gold names on it
    for name, pairs in gold_mentions.items():
        nodes: set[str] = set()
        missed = []
        for (art, key), surface in pairs.items():
            ids = index.get((art, key), set())
            nodes |= ids
            if not ids:
                missed.append((art, surface))
        nodes_of[name] = tuple(sorted(nodes))
        found_of[name] = len(pairs) - len(missed)
        not_found_of[name] = tuple(missed)
        for node in nodes:
            carried[node].append(name)

    links = []
    for name, pairs in gold_mentions.items():
        others = {other for node in nodes_of[name] for other in carried[node] if other != name}
        etype, wikidata = gold_meta[name]
        links.append(
            EntityLink(
                name=name,
                type=etype,
                wikidata=wikidata,
                nodes=nodes_of[name],
                merged_with=tuple(sorted(others)),
                mentions=len(pairs),
                mentions_found=found_of[name],
                not_found=not_found_of[name],
            )
        )
    merged = tuple(
        MergedNode(id=node, name=by_id[node].name if node in by_id else node, gold=tuple(sorted(names)))
        for node, names in sorted(carried.items())
        if len(names) > 1
    )
    return LinkingReport(entities=tuple(links), merged_nodes=merged)


# --------------------------------------------------------------------------------------------- events


@dataclass(frozen=True)
class GoldEvent:
    article: str
    actor: str
    target: str
    action: tuple[str, ...]
    trigger: str
    sentence: str
    negated: bool
    hard: bool


@dataclass(frozen=True)
class SystemTriple:
    """A deduplicated (actor, target, root) of one article, with the first event that produced it."""

    article: str
    actor_id: str
    target_id: str
    root: str
    actor: str  # system names, for reading the report
    target: str
    sentence: str
    trigger: str


@dataclass(frozen=True)
class ArticleScore:
    article: str
    gold: int
    system: int
    tp: int
    gold_nonhard: int = 0
    matched_nonhard: int = 0

    @property
    def fp(self) -> int:
        return self.system - self.tp

    @property
    def fn(self) -> int:
        return self.gold - self.tp

    @property
    def precision(self) -> float | None:
        return self.tp / self.system if self.system else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        denom = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denom if denom else None


@dataclass(frozen=True)
class EventReport:
    articles: tuple[ArticleScore, ...]
    matches: tuple[tuple[GoldEvent, SystemTriple], ...]
    misses: tuple[GoldEvent, ...]
    false_positives: tuple[SystemTriple, ...]
    unscored_articles: tuple[str, ...] = field(default=())  # system articles absent from the gold

    @property
    def micro(self) -> ArticleScore:
        return ArticleScore(
            article="(micro)",
            gold=sum(a.gold for a in self.articles),
            system=sum(a.system for a in self.articles),
            tp=sum(a.tp for a in self.articles),
            gold_nonhard=sum(a.gold_nonhard for a in self.articles),
            matched_nonhard=sum(a.matched_nonhard for a in self.articles),
        )

    @property
    def nonhard_recall(self) -> float | None:
        m = self.micro
        return m.matched_nonhard / m.gold_nonhard if m.gold_nonhard else None


def _resolves(ent: SystemEntity, art: str, gold_ent: dict[str, Any]) -> bool:
    """Does a system entity name this gold entity in this article? Q-ids decide when both have one."""
    if ent.wikidata and gold_ent.get("wikidata"):
        return bool(ent.wikidata.strip() == gold_ent["wikidata"])
    system_keys = {fold(ent.name), *(fold(a) for a in ent.aliases)}
    system_keys |= {fold(surface) for source, surface in ent.mentions if article_key(source) == art}
    gold_keys = {fold(gold_ent["name"]), *(fold(m) for m in gold_ent.get("mentions", []))}
    system_keys.discard("")
    return bool(system_keys & gold_keys)


class _Resolver:
    """Memoised ``_resolves`` for one article: (system id, gold name) -> bool."""

    def __init__(
        self, by_id: dict[str, SystemEntity], art: str, gold_ents: dict[str, dict[str, Any]]
    ) -> None:
        self.by_id, self.art, self.gold_ents = by_id, art, gold_ents
        self.memo: dict[tuple[str, str], bool] = {}

    def __call__(self, system_id: str, gold_name: str) -> bool:
        key = (system_id, gold_name)
        if key not in self.memo:
            ent = self.by_id.get(system_id)
            self.memo[key] = ent is not None and _resolves(ent, self.art, self.gold_ents[gold_name])
        return self.memo[key]


def _max_matching(candidates: list[list[int]], order: list[int]) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn), gold index -> system index.

    Gold vertices are tried in ``order``; once matched a vertex stays matched, so putting the
    non-hard events first also maximises the non-hard matches.
    """
    owner: dict[int, int] = {}  # system index -> gold index

    def augment(g: int, seen: set[int]) -> bool:
        for s in candidates[g]:
            if s in seen:
                continue
            seen.add(s)
            if s not in owner or augment(owner[s], seen):
                owner[s] = g
                return True
        return False

    for g in order:
        augment(g, set())
    return {g: s for s, g in owner.items()}


def score_events(
    gold: list[dict[str, Any]], entities: Sequence[SystemEntity], events: Sequence[SystemEvent]
) -> EventReport:
    """Match each article's system triples one-to-one against its gold events; micro-average."""
    by_id = {e.id: e for e in entities}
    triples_by_article: dict[str, dict[tuple[str, str, str], SystemTriple]] = defaultdict(dict)
    for ev in events:
        art = article_key(ev.article)
        root = _root(ev.root) or ev.root
        key = (ev.actor_id, ev.target_id, root)
        if key not in triples_by_article[art]:
            actor = by_id.get(ev.actor_id)
            target = by_id.get(ev.target_id)
            triples_by_article[art][key] = SystemTriple(
                article=art,
                actor_id=ev.actor_id,
                target_id=ev.target_id,
                root=root,
                actor=actor.name if actor else ev.actor_id,
                target=target.name if target else ev.target_id,
                sentence=ev.sentence,
                trigger=ev.trigger,
            )

    scores: list[ArticleScore] = []
    matches: list[tuple[GoldEvent, SystemTriple]] = []
    misses: list[GoldEvent] = []
    fps: list[SystemTriple] = []
    gold_articles: set[str] = set()
    for rec in gold:
        art = article_key(rec["file"])
        gold_articles.add(art)
        gold_ents = {e["name"]: e for e in rec["entities"]}
        gold_events = [
            GoldEvent(
                article=art,
                actor=ev["actor"],
                target=ev["target"],
                action=tuple(ev["action"]),
                trigger=ev.get("trigger", ""),
                sentence=ev.get("sentence", ""),
                negated=bool(ev.get("negated", False)),
                hard=bool(ev.get("hard", False)),
            )
            for ev in rec["events"]
        ]
        triples = sorted(triples_by_article.get(art, {}).values(), key=lambda t: (t.actor, t.target, t.root))

        resolves = _Resolver(by_id, art, gold_ents)
        candidates = [
            [
                i
                for i, t in enumerate(triples)
                if t.root in g.action and resolves(t.actor_id, g.actor) and resolves(t.target_id, g.target)
            ]
            for g in gold_events
        ]
        order = sorted(range(len(gold_events)), key=lambda i: gold_events[i].hard)
        pairs = _max_matching(candidates, order)
        used = set(pairs.values())
        for gi, g in enumerate(gold_events):
            if gi in pairs:
                matches.append((g, triples[pairs[gi]]))
            else:
                misses.append(g)
        fps.extend(t for i, t in enumerate(triples) if i not in used)
        scores.append(
            ArticleScore(
                article=art,
                gold=len(gold_events),
                system=len(triples),
                tp=len(pairs),
                gold_nonhard=sum(not g.hard for g in gold_events),
                matched_nonhard=sum(not gold_events[gi].hard for gi in pairs),
            )
        )
    unscored = tuple(sorted(a for a in triples_by_article if a not in gold_articles))
    return EventReport(
        articles=tuple(scores),
        matches=tuple(matches),
        misses=tuple(misses),
        false_positives=tuple(fps),
        unscored_articles=unscored,
    )


# --------------------------------------------------------------------------------------------- output


def _pct(value: float | None) -> str:
    return "    -" if value is None else f"{100 * value:5.1f}"


def _clip(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def format_report(linking: LinkingReport, events: EventReport, *, verbose: bool = False) -> str:
    """Human-readable report. Entities linked cleanly are listed only when ``verbose``."""
    out: list[str] = []
    out.append("Entity linking")
    out.append(
        f"  gold entities {linking.total}  found {linking.found}  missing {linking.missing}  "
        f"splits {linking.splits}  merges {linking.merges}  "
        f"mentions found {linking.mentions_found}/{linking.mentions}"
    )
    for link in linking.entities:
        problem = not link.found or link.split or link.merged_with
        if not (problem or verbose):
            continue
        if not link.found:
            status = "MISSING"
        else:
            parts = []
            if link.split:
                parts.append(f"SPLIT +{link.split}")
            if link.merged_with:
                parts.append("MERGED with " + ", ".join(link.merged_with))
            status = "; ".join(parts) or "ok"
        nodes = ", ".join(link.nodes) or "-"
        out.append(f"  {link.name} [{link.type}]: {status}  nodes: {nodes}")
    for node in linking.merged_nodes:
        out.append(f"  merged node {node.id} ({node.name}) carries: {', '.join(node.gold)}")

    out.append("")
    out.append("Events (actor, target, CAMEO root)")
    out.append(f"  {'article':<40} {'gold':>4} {'sys':>4} {'tp':>4} {'fp':>4} {'fn':>4}     P     R    F1")
    for a in [*events.articles, events.micro]:
        out.append(
            f"  {_clip(a.article, 40):<40} {a.gold:>4} {a.system:>4} {a.tp:>4} {a.fp:>4} {a.fn:>4} "
            f"{_pct(a.precision)} {_pct(a.recall)} {_pct(a.f1)}"
        )
    m = events.micro
    nonhard = _pct(events.nonhard_recall).strip()
    out.append(f"  recall on non-hard gold events: {m.matched_nonhard}/{m.gold_nonhard} = {nonhard}%")
    if events.unscored_articles:
        out.append(f"  not in the gold, not scored: {', '.join(events.unscored_articles)}")
    if events.misses:
        out.append("")
        out.append(f"Missed gold events ({len(events.misses)})")
        for g in events.misses:
            flags = "".join([" [hard]" if g.hard else "", " [negated]" if g.negated else ""])
            out.append(
                f"  {g.article}: {g.actor} -> {g.target} {'/'.join(g.action)}{flags}  trigger: {g.trigger!r}"
            )
            out.append(f"      {_clip(g.sentence)}")
    if events.false_positives:
        out.append("")
        out.append(f"False positives ({len(events.false_positives)})")
        for t in events.false_positives:
            out.append(f"  {t.article}: {t.actor} -> {t.target} {t.root}  trigger: {t.trigger!r}")
            out.append(f"      {_clip(t.sentence)}")
    return "\n".join(out)


def _score_dict(a: ArticleScore) -> dict[str, Any]:
    return {
        "article": a.article,
        "gold": a.gold,
        "system": a.system,
        "tp": a.tp,
        "fp": a.fp,
        "fn": a.fn,
        "precision": a.precision,
        "recall": a.recall,
        "f1": a.f1,
    }


def report_json(linking: LinkingReport, events: EventReport) -> dict[str, Any]:
    """The full report as JSON-serialisable data (for ``eval --json``)."""
    micro = events.micro
    return {
        "linking": {
            "totals": {
                "entities": linking.total,
                "found": linking.found,
                "missing": linking.missing,
                "splits": linking.splits,
                "merges": linking.merges,
                "mentions": linking.mentions,
                "mentions_found": linking.mentions_found,
            },
            "entities": [
                {
                    "name": e.name,
                    "type": e.type,
                    "wikidata": e.wikidata,
                    "found": e.found,
                    "nodes": list(e.nodes),
                    "split": e.split,
                    "merged_with": list(e.merged_with),
                    "mentions": e.mentions,
                    "mentions_found": e.mentions_found,
                    "not_found": [list(p) for p in e.not_found],
                }
                for e in linking.entities
            ],
            "merged_nodes": [asdict(n) | {"gold": list(n.gold)} for n in linking.merged_nodes],
        },
        "events": {
            "micro": _score_dict(micro),
            "nonhard": {
                "gold": micro.gold_nonhard,
                "matched": micro.matched_nonhard,
                "recall": events.nonhard_recall,
            },
            "articles": [_score_dict(a) for a in events.articles],
            "misses": [asdict(g) | {"action": list(g.action)} for g in events.misses],
            "false_positives": [asdict(t) for t in events.false_positives],
            "matches": [
                {"gold": asdict(g) | {"action": list(g.action)}, "system": asdict(t)}
                for g, t in events.matches
            ],
            "unscored_articles": list(events.unscored_articles),
        },
    }


# --------------------------------------------------------------------------------------------- gold sets


@dataclass(frozen=True)
class GoldSet:
    """One gold file and the articles it annotates."""

    name: str
    gold: Path
    articles: tuple[Path, ...]


def gold_sets(args: Sequence[Path]) -> list[GoldSet]:
    """Group command-line paths into gold sets, in order.

    A ``.jsonl`` file, or a folder holding ``gold.jsonl``, starts a set; the paths after it (up to the
    next set) are its articles. A set given no articles reads the ``articles/`` folder beside its gold
    file. ``gold.jsonl seeds/`` and ``gold/dev gold/plover-dev`` both work.
    """
    sets: list[tuple[Path, list[Path]]] = []
    for arg in args:
        path = Path(arg)
        gold = path / "gold.jsonl" if path.is_dir() and (path / "gold.jsonl").is_file() else None
        if gold is None and path.suffix.lower() == ".jsonl" and path.is_file():
            gold = path
        if gold is not None:
            sets.append((gold, []))
        elif not sets:
            raise ConfigError(f"{path}: expected a gold file (.jsonl) or a folder holding gold.jsonl first")
        elif not path.exists():
            raise ConfigError(f"{path}: no such file or folder (articles of {sets[-1][0]})")
        else:
            sets[-1][1].append(path)
    if not sets:
        raise ConfigError("no gold set given: pass a gold .jsonl file or a folder holding gold.jsonl")
    out = []
    for gold, articles in sets:
        if not articles:
            beside = gold.parent / "articles"
            if not beside.is_dir():
                raise ConfigError(f"{gold}: no articles given, and no articles/ folder beside it")
            articles = [beside]
        name = gold.parent.name if gold.name == "gold.jsonl" else gold.stem
        out.append(GoldSet(name, gold, tuple(articles)))
    return out


@dataclass(frozen=True)
class SetScore:
    """A gold set's scores: linking and events."""

    name: str
    articles: int
    linking: LinkingReport
    events: EventReport

    def row(self) -> dict[str, Any]:
        m = self.events.micro
        return {
            "set": self.name,
            "articles": self.articles,
            "gold_events": m.gold,
            "system_events": m.system,
            "precision": m.precision,
            "recall": m.recall,
            "nonhard_recall": self.events.nonhard_recall,
            "entities": self.linking.total,
            "splits": self.linking.splits,
            "merges": self.linking.merges,
        }


def format_table(scores: Sequence[SetScore]) -> str:
    """One line per gold set: the figures the quality gate pins."""
    head = (
        f"{'set':<14} {'articles':>8} {'gold':>5} {'system':>6} {'P':>6} {'R':>6} {'R non-hard':>10} "
        f"{'entities':>8} {'splits':>6} {'merges':>6}"
    )
    lines = [head]
    for s in scores:
        r = s.row()

        def f(v: float | None) -> str:
            return "-" if v is None else f"{v:.3f}"

        lines.append(
            f"{r['set']:<14} {r['articles']:>8} {r['gold_events']:>5} {r['system_events']:>6} "
            f"{f(r['precision']):>6} {f(r['recall']):>6} {f(r['nonhard_recall']):>10} "
            f"{r['entities']:>8} {r['splits']:>6} {r['merges']:>6}"
        )
    return "\n".join(lines)
