"""`graphkit view`: graph building, a self-contained page, the Browser style, and a real render.

The render test opens the page in headless Chromium (Debian package `chromium`) and checks the
screenshot shows nodes in their type colours. Chromium draws the graph asynchronously (a layout
worker, then a canvas), so the test drives it over the DevTools pipe and polls screenshots until
the nodes appear, instead of trusting one --screenshot after a fixed time budget.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import time
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from graphkit.cameo import REL_TYPES
from graphkit.cli import app
from graphkit.reports import load_reports, run_report
from graphkit.store import Store
from graphkit.view import OTHER_COLOUR, QUAD_COLOURS, TYPE_COLOURS, graph_from_rows, quad_class, render_html
from graphkit.write import TYPE_LABELS
from tests.conftest import REPO, cli_args, settings_for

runner = CliRunner()
GRASS = REPO / "cypher" / "browser" / "graphkit.grass"
REMOTE = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.I
)
CSS_REMOTE = re.compile(
    r"@import\s+(?:url\()?\s*[\"']?\s*(?:https?:)?//|url\(\s*[\"']?\s*(?:https?:)?//", re.I
)


ROWS = [
    {"actor": "Iran", "actor_id": "Q794", "actor_type": "GPE", "action": "FIGHT", "target": "US", "target_id": "Q30",
     "target_type": "GPE", "events": 2},
    {"actor": "Iran", "actor_id": "Q794", "actor_type": "GPE", "action": "FIGHT", "target": "US", "target_id": "Q30",
     "target_type": "GPE", "events": 1},
    {"actor": "Khamenei", "actor_id": "Q57336", "actor_type": "PERSON", "action": "DISAPPROVE", "target": "US",
     "target_id": "Q30", "target_type": "GPE"},
    {"actor": "Nobody", "actor_id": None, "action": "FIGHT", "target": None, "target_id": None},
]  # fmt: skip


def test_rows_become_nodes_and_summed_edges() -> None:
    g = graph_from_rows(ROWS)
    assert set(g.nodes) == {"Q794", "Q30", "Q57336", "Nobody"}
    assert g.edges[("Q794", "FIGHT", "Q30")].events == 3
    assert g.edges[("Q57336", "DISAPPROVE", "Q30")].events == 1
    assert len(g.edges) == 2 and g.nodes["Q30"].events == 4
    assert quad_class("FIGHT") == 4 and quad_class("CONSULT") == 1 and quad_class("NOT_A_TYPE") is None


def _data_block(page: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="neo4j-viz-data">(.*?)</script>', page, re.S)
    assert m, "neo4j-viz's data block is missing"
    return json.loads(m.group(1))


def test_page_is_self_contained_and_coloured_by_type() -> None:
    page = render_html(graph_from_rows(ROWS), "test <view>")
    assert not REMOTE.search(page), REMOTE.search(page)
    assert not CSS_REMOTE.search(page), CSS_REMOTE.search(page)
    assert "<title>test &lt;view&gt;</title>" in page
    data = _data_block(page)
    colours = {n["id"]: n["color"].upper() for n in data["nodes"]}
    assert (
        colours["Q794"] == TYPE_COLOURS["GPE"].upper() and colours["Q57336"] == TYPE_COLOURS["PERSON"].upper()
    )
    assert colours["Nobody"] == OTHER_COLOUR.upper()
    captions = {r["caption"] for r in data["relationships"]}
    assert captions == {"FIGHT ×3", "DISAPPROVE"}
    fight = next(r for r in data["relationships"] if r["caption"].startswith("FIGHT"))
    assert fight["color"].upper() == QUAD_COLOURS[4][1].upper()


def _grass_rules(text: str) -> dict[str, dict[str, str]]:
    rules = {}
    # Captions hold braces ("{name}"), so a rule ends at a closing brace on its own line.
    for selector, body in re.findall(r"^([\w.]+)\s*\{\n(.*?)^\}", text, re.S | re.M):
        rules[selector] = dict(re.findall(r"([\w-]+)\s*:\s*([^;]+);", body))
    return rules


def test_browser_style_matches_the_view_colours() -> None:
    rules = _grass_rules(GRASS.read_text())
    for etype, label in TYPE_LABELS.items():
        assert rules[f"node.{label}"]["color"].upper() == TYPE_COLOURS[etype].upper(), label
        assert rules[f"node.{label}"]["caption"] == '"{name}"'
    for label in ("Article", "Entity", "UnlinkedEvent"):
        assert f"node.{label}" in rules
    for rel in (*REL_TYPES, "MENTIONED_IN", "REPORTED_IN"):
        assert f"relationship.{rel}" in rules, rel
    for rel in REL_TYPES:
        assert rules[f"relationship.{rel}"]["color"].upper() == QUAD_COLOURS[quad_class(rel) or 0][1].upper()
    readme = (GRASS.parent / "README.md").read_text()
    assert ":style" in readme and ":param" in readme


# ---------------------------------------------------------------- the command on the seeds graph


def test_view_command_writes_report_and_entity_pages(
    graph: Store, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    args = cli_args(settings_for(graph, request))
    out = tmp_path / "graph.html"
    result = runner.invoke(app, ["view", "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    rows = run_report(graph, load_reports(REPO / "cypher" / "reports")["who-did-what-to-whom"])
    expected = graph_from_rows(rows)
    data = _data_block(out.read_text(encoding="utf-8"))
    assert {n["id"] for n in data["nodes"]} == set(expected.nodes)
    assert len(data["relationships"]) == len(expected.edges) > 0
    assert f"{len(expected.nodes)} entities, {len(expected.edges)} edges" in result.stderr

    ego = tmp_path / "khamenei.html"
    result = runner.invoke(app, ["view", "--entity", "khamenei", "-o", str(ego), *args])
    assert result.exit_code == 0, result.output
    nodes = {n["id"] for n in _data_block(ego.read_text(encoding="utf-8"))["nodes"]}
    assert "Q57336" in nodes and len(nodes) > 1

    attacks = tmp_path / "attacks.html"
    result = runner.invoke(app, ["view", "attacks-by-target", "-o", str(attacks), *args])
    assert result.exit_code == 0, result.output
    actions = {
        r["properties"]["action"] for r in _data_block(attacks.read_text(encoding="utf-8"))["relationships"]
    }
    assert actions and actions <= {"ASSAULT", "FIGHT", "MASS_VIOLENCE"}


def test_view_refuses_reports_without_actor_and_target(graph: Store, request: pytest.FixtureRequest) -> None:
    args = cli_args(settings_for(graph, request))
    result = runner.invoke(app, ["view", "action-summary", "-o", "/tmp/never.html", *args])
    assert (
        result.exit_code == 2
        and "drawable reports:" in result.stderr
        and "who-did-what-to-whom" in result.stderr
    )
    both = runner.invoke(app, ["view", "attacks-by-actor", "--entity", "Iran", *args])
    assert both.exit_code == 2 and "not both" in both.stderr


# ---------------------------------------------------------------- headless Chromium


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail(
        "the view test renders the page in headless Chromium, which is not installed: "
        "apt-get update && apt-get install -y chromium"
    )


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """PNG bytes -> (width, height, rows of RGB(A) bytes). 8-bit RGB/RGBA, non-interlaced, as Chrome writes."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
            bpp = 4 if colour == 6 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        if f == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif f == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev, strict=True))
        elif f == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif f == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, [bytes(r[i] for i in range(len(r)) if i % bpp < 3) if bpp == 4 else r for r in rows]


def colour_census(
    png: bytes, skip: tuple[int, int, int, int] = (0, 0, 0, 0)
) -> Counter[tuple[int, int, int]]:
    """Pixel colours of a screenshot, leaving out one rectangle (x0, y0, x1, y1): the legend."""
    width, _, rows = decode_png(png)
    x0, y0, x1, y1 = skip
    counts: Counter[tuple[int, int, int]] = Counter()
    for y, row in enumerate(rows):
        for x in range(width):
            if not (x0 <= x < x1 and y0 <= y < y1):
                counts[(row[3 * x], row[3 * x + 1], row[3 * x + 2])] += 1
    return counts


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def node_pixels(counts: Counter[tuple[int, int, int]], colour: str) -> int:
    r, g, b = _hex(colour)
    return sum(n for (cr, cg, cb), n in counts.items() if abs(cr - r) + abs(cg - g) + abs(cb - b) <= 6)


class DevTools:
    """Just enough of the Chrome DevTools protocol over --remote-debugging-pipe (fds 3 and 4)."""

    def __init__(self, browser: str, width: int, height: int) -> None:
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        self.profile = tempfile.mkdtemp(prefix="graphkit-chromium-")

        def fds() -> None:  # the pipe ends may themselves sit on 3 or 4
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={self.profile}",
                f"--window-size={width},{height}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            pass_fds=(3, 4),
            preexec_fn=fds,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._id = 0
        page = next(
            t["targetId"] for t in self.call("Target.getTargets")["targetInfos"] if t["type"] == "page"
        )
        self.session = self.call("Target.attachToTarget", {"targetId": page, "flatten": True})["sessionId"]
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            self.session,
        )

    def call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> Any:
        self._id += 1
        msg: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        while True:
            while b"\0" not in self._buf:
                chunk = os.read(self._from_chrome, 1 << 16)
                if not chunk:
                    raise RuntimeError("chromium closed the DevTools pipe")
                self._buf += chunk
            raw, _, self._buf = self._buf.partition(b"\0")
            reply = json.loads(raw)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def screenshot(self) -> bytes:
        return base64.b64decode(self.call("Page.captureScreenshot", {"format": "png"}, self.session)["data"])

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, OSError):
            self.call("Browser.close")
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self._to_chrome)
        os.close(self._from_chrome)
        shutil.rmtree(self.profile, ignore_errors=True)


LEGEND = (0, 560, 200, 900)  # bottom-left corner of a 1200x900 page: the colour legend's swatches


def test_page_renders_nodes_in_headless_chromium(graph: Store, tmp_path: Path) -> None:
    browser = chromium()
    rows = run_report(graph, load_reports(REPO / "cypher" / "reports")["who-did-what-to-whom"])
    g = graph_from_rows(rows)
    page = tmp_path / "graph.html"
    page.write_text(render_html(g, "graphkit: who did what to whom"), encoding="utf-8")
    types = Counter(n.type for n in g.nodes.values())
    expected = [t for t, _ in types.most_common(3) if t in TYPE_COLOURS]
    assert len(expected) >= 2, types

    devtools = DevTools(browser, 1200, 900)
    try:
        devtools.call("Page.enable", {}, devtools.session)
        devtools.call("Page.navigate", {"url": page.resolve().as_uri()}, devtools.session)
        deadline = time.monotonic() + 60
        while True:
            time.sleep(1.0)
            png = devtools.screenshot()
            counts = colour_census(png, LEGEND)
            drawn = {t: node_pixels(counts, TYPE_COLOURS[t]) for t in expected}
            if all(n >= 150 for n in drawn.values()) or time.monotonic() > deadline:
                break
    finally:
        devtools.close()
    shot = os.environ.get("GRAPHKIT_VIEW_SCREENSHOT")  # to refresh docs/graph-view.png
    if shot:
        Path(shot).write_bytes(png)
    assert len(counts) > 50, "the screenshot is blank"
    assert all(n >= 150 for n in drawn.values()), f"nodes not drawn: pixels per type colour {drawn}"
