"""Report rows or one entity's neighbourhood -> an interactive graph in one self-contained HTML file.

Input rows are event-shaped, as most reports return them: ``actor``/``actor_id``/``actor_type``,
``action`` (the CAMEO relationship type), ``target``/``target_id``/``target_type``, and optionally
``events``/``articles`` counts. They become a ViewGraph (entities as nodes coloured by type, one
edge per actor–action–target labelled with the action and coloured by CAMEO quad class), which
neo4j-viz renders to HTML with its JavaScript and CSS inlined, so the file opens offline.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit.cameo import ROOTS
from graphkit.errors import ConfigError
from graphkit.store import Store

# Entity type -> node colour; cypher/browser/graphkit.grass uses the same colours for the labels.
TYPE_COLOURS: dict[str, str] = {
    "PERSON": "#4C8EDA",
    "ORG": "#F79767",
    "GPE": "#57C7E3",
    "LOC": "#8DCC93",
    "FAC": "#C990C0",
    "NORP": "#F16667",
    "EVENT": "#FFC454",
    "ROLE": "#D9C8AE",
}
OTHER_COLOUR = "#A5ABB6"

# CAMEO quad class -> edge colour: cooperation green, verbal conflict amber, material conflict red.
QUAD_COLOURS: dict[int, tuple[str, str]] = {
    1: ("verbal cooperation", "#3B9C5A"),
    2: ("material cooperation", "#1F6F8B"),
    3: ("verbal conflict", "#E39B2D"),
    4: ("material conflict", "#D0413E"),
}
_ROOT_OF_TYPE = {rel: root for root, (_, rel) in ROOTS.items()}

EVENT_COLUMNS = ("actor", "action", "target")
_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)

NEIGHBOURHOOD = """
MATCH (e:Entity {id: $id})
CALL (e) {
  MATCH (e)-[r]->(other:Entity)
  WHERE r.root IS NOT NULL
  RETURN e AS a, r, other AS t
  UNION ALL
  MATCH (other:Entity)-[r]->(e)
  WHERE r.root IS NOT NULL AND other <> e
  RETURN other AS a, r, e AS t
}
WITH a, type(r) AS action, t, count(r) AS events, count(DISTINCT r.article_id) AS articles
RETURN a.name AS actor, a.id AS actor_id, a.type AS actor_type, action,
       t.name AS target, t.id AS target_id, t.type AS target_type, events, articles
ORDER BY events DESC, actor, action, target
LIMIT $limit
"""


def all_statements() -> list[str]:
    return [NEIGHBOURHOOD]


def quad_class(action: str) -> int | None:
    root = _ROOT_OF_TYPE.get(action)
    if root is None:
        return None
    n = int(root)
    return 1 if n <= 5 else 2 if n <= 8 else 3 if n <= 13 else 4


@dataclass
class ViewNode:
    id: str
    name: str
    type: str
    events: int = 0


@dataclass
class ViewEdge:
    source: str
    target: str
    action: str
    events: int = 1
    articles: int = 0


@dataclass
class ViewGraph:
    nodes: dict[str, ViewNode] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], ViewEdge] = field(default_factory=dict)


def is_event_shaped(rows: Sequence[Mapping[str, Any]]) -> bool:
    return bool(rows) and all(c in rows[0] for c in EVENT_COLUMNS)


def _count(value: Any, default: int) -> int:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def graph_from_rows(rows: Iterable[Mapping[str, Any]]) -> ViewGraph:
    """Event-shaped rows -> nodes and edges; repeated actor–action–target rows add up."""
    g = ViewGraph()
    for row in rows:
        ends = []
        for role in ("actor", "target"):
            name = row.get(role)
            node_id = row.get(f"{role}_id") or name
            if node_id is None:
                break
            node = g.nodes.setdefault(
                str(node_id), ViewNode(str(node_id), str(name or node_id), str(row.get(f"{role}_type") or ""))
            )
            ends.append(node)
        if len(ends) != 2 or not row.get("action"):
            continue
        events = _count(row.get("events"), 1)
        key = (ends[0].id, str(row["action"]), ends[1].id)
        edge = g.edges.get(key)
        if edge is None:
            g.edges[key] = ViewEdge(
                ends[0].id, ends[1].id, str(row["action"]), events, _count(row.get("articles"), 0)
            )
        else:
            edge.events += events
            edge.articles += _count(row.get("articles"), 0)
        ends[0].events += events
        if ends[1] is not ends[0]:
            ends[1].events += events
    return g


def neighbourhood_rows(store: Store, entity_id: str, limit: int = 300) -> list[dict[str, Any]]:
    """Every actor–action–target that has the entity at one end (aggregated)."""
    return store.read(NEIGHBOURHOOD, {"id": entity_id, "limit": limit})


def render_html(graph: ViewGraph, title: str = "graphkit") -> str:
    """A self-contained HTML page (neo4j-viz, JavaScript and CSS inlined)."""
    try:
        from neo4j_viz import Node, Relationship, VisualizationGraph
    except ImportError as exc:  # an optional dependency for a one-off command
        raise ConfigError("graphkit view needs neo4j-viz: pip install neo4j-viz") from exc
    if not graph.nodes:
        raise ConfigError("nothing to draw: the report returned no actor–action–target rows")
    most = max(n.events for n in graph.nodes.values()) or 1
    # neo4j-viz's models are pydantic: keyword dicts keep mypy out of their optional fields.
    node_fields: list[dict[str, Any]] = [
        {
            "id": n.id,
            "caption": n.name,
            "size": 16 + 24 * (n.events / most) ** 0.5,
            "color": TYPE_COLOURS.get(n.type, OTHER_COLOUR),
            "properties": {"name": n.name, "id": n.id, "type": n.type or "?", "events": n.events},
        }
        for n in graph.nodes.values()
    ]
    edge_fields: list[dict[str, Any]] = []
    for e in graph.edges.values():
        quad = quad_class(e.action)
        edge_fields.append(
            {
                "source": e.source,
                "target": e.target,
                "caption": e.action if e.events == 1 else f"{e.action} ×{e.events}",
                "color": QUAD_COLOURS[quad][1] if quad else OTHER_COLOUR,
                "width": 1 + min(e.events, 8) * 0.5,
                "properties": {"action": e.action, "events": e.events, "articles": e.articles},
            }
        )
    vg = VisualizationGraph(
        nodes=[Node(**f) for f in node_fields], relationships=[Relationship(**f) for f in edge_fields]
    )
    present = sorted({n.type for n in graph.nodes.values()})
    quads = sorted({q for e in graph.edges.values() if (q := quad_class(e.action))})
    node_legend: dict[Any, Any] = {t or "other": TYPE_COLOURS.get(t, OTHER_COLOUR) for t in present}
    edge_legend: dict[Any, Any] = {QUAD_COLOURS[q][0]: QUAD_COLOURS[q][1] for q in quads}
    vg.set_legend(nodes=node_legend, relationships=edge_legend)
    page = str(vg.render(theme="light", width="100%", height="100vh").data)
    heading = f"<title>{html.escape(title)}</title>"
    if _TITLE.search(page):
        return _TITLE.sub(lambda _: heading, page, count=1)
    return page.replace("<head>", f"<head>\n{heading}", 1)


def write_html(path: Path, page: str) -> None:
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror}") from exc
