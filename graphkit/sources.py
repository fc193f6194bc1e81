"""The ingest edge: files and folders -> cleaned ``Article`` objects.

Contract
    iter_files(paths)       -> the files to read, recursive and sorted (a bad path comes out as a SourceError)
    load_file(path)         -> Loaded: the file's articles plus the errors and warnings met reading it
    read_file(path)         -> RawFile (its bytes and fingerprint) or a Loaded holding why not;
                               parse_file(RawFile) -> Loaded: load_file in two steps, so an ingest can
                               skip parsing a file whose fingerprint the store already has
    load_paths(paths)       -> one Loaded per file, streamed (never all articles in memory at once)
    clean_text(text)        -> text without boilerplate, whitespace normalised, NFC; pure and idempotent
    content_id(text)        -> sha256 of clean_text(text), first 32 hex chars (the Article id)

Formats: .txt (first line is the headline), .md (markdown syntax stripped, ``# Title``/front matter
give the title), .html/.htm (trafilatura, with a plain tag strip as fallback), .json (an object or a
list of objects), .jsonl (one object per line). The stored text always starts with the headline,
because the headline is often the best sentence and citation offsets index into the stored text.

Bad input never raises: each file-level or line-level failure becomes a SourceError in
``Loaded.errors`` whose message names the file (and the jsonl line), and the run goes on.
Boilerplate patterns are data: graphkit/data/boilerplate.yaml.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import lru_cache
from html.parser import HTMLParser
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from stat import S_ISREG
from typing import Any

import yaml

from graphkit.errors import SourceError
from graphkit.models import Article

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl"})
DEFAULT_MAX_BYTES = 10_000_000
BOILERPLATE_FILE = Path(__file__).parent / "data" / "boilerplate.yaml"

_TITLE_MAX_CHARS = 200
_BINARY_SNIFF_BYTES = 8192
# Unicode category Cc (C0 and C1 controls) but the whitespace ones text has: one regex pass instead
# of a category lookup per character, which was a quarter of an unchanged re-ingest.
_SPACE_RUN = re.compile(r" {2,}")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_BINARY_MAX_RATIO = 0.3  # share of control/replacement characters above which a file is not text


@dataclass(frozen=True)
class Loaded:
    """What reading one file gave: its articles, and what went wrong on the way."""

    path: str  # the file as given/resolved (absolute)
    articles: tuple[Article, ...] = ()  # one for txt/md/html/json, many for jsonl (or a json list)
    errors: tuple[SourceError, ...] = ()  # file-level or line-level failures
    warnings: tuple[str, ...] = ()  # e.g. invalid UTF-8 decoded with replacement


# --------------------------------------------------------------------------- finding files


def iter_files(paths: Sequence[str | Path]) -> Iterator[Path | SourceError]:
    """Yield each file to read, absolute. Folders are walked recursively in sorted order and only
    supported suffixes are taken from them (hidden files and folders are skipped); a file named
    explicitly is always yielded. A missing or unreadable path is yielded as a SourceError."""
    seen: set[Path] = set()
    for given in paths:
        p = Path(given).expanduser()
        if not p.exists():
            yield SourceError(str(given), "no such file or directory")
            continue
        if p.is_dir():
            yield from _walk(p, seen)
            continue
        resolved = p.resolve()
        if resolved not in seen:
            seen.add(resolved)
            yield resolved


def _walk(folder: Path, seen: set[Path]) -> Iterator[Path | SourceError]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield SourceError(str(folder), f"cannot read folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            # Symlinked folders are not followed: a link back up the tree would loop forever.
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(path, seen)
                continue
            is_file = entry.is_file()
        except OSError as exc:
            yield SourceError(str(path), f"cannot read: {exc.strerror or exc}")
            continue
        if is_file and path.suffix.lower() in SUPPORTED_SUFFIXES:
            resolved = path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield resolved


# --------------------------------------------------------------------------- loading


def load_paths(paths: Sequence[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Loaded]:
    """Stream one Loaded per file found under ``paths``; a bad path gives a Loaded holding its error."""
    for item in iter_files(paths):
        if isinstance(item, SourceError):
            yield Loaded(path=item.path, errors=(item,))
        else:
            yield load_file(item, max_bytes=max_bytes)


@dataclass(frozen=True)
class RawFile:
    """A file's bytes, read and size-checked but not parsed yet."""

    path: Path  # resolved
    raw: bytes
    fingerprint: str  # see fingerprint()

    @property
    def name(self) -> str:
        return str(self.path)


def load_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Read one file into articles. Never raises for bad input: failures land in ``Loaded.errors``."""
    read = read_file(path, max_bytes=max_bytes)
    return parse_file(read) if isinstance(read, RawFile) else read


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawFile | Loaded:
    """A file's bytes and fingerprint, or (when it cannot be read) a Loaded holding the error."""
    path = Path(path).expanduser()
    try:
        path = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        path = path.absolute()
    try:
        raw = _read_bytes(path, max_bytes)
    except SourceError as err:
        return Loaded(str(path), (), (err,))
    return RawFile(path, raw, fingerprint(raw))


def parse_file(read: RawFile) -> Loaded:
    """A read file's articles; an article that is its file's only one carries the fingerprint."""
    path, name = read.path, read.name
    warnings: list[str] = []
    errors: list[SourceError] = []
    try:
        text = _decode(read.raw, name, warnings)
        suffix = path.suffix.lower()
        if suffix in (".json", ".jsonl"):
            articles, errors = _load_json(text, path, lines=suffix == ".jsonl")
            if not articles and not errors:
                errors = [SourceError(name, "no articles in file")]
        elif suffix in (".html", ".htm"):
            articles = [_html_article(text, path)]
        elif suffix in (".md", ".markdown"):
            articles = [_markdown_article(text, path)]
        else:  # .txt, and any file named explicitly whatever its suffix
            articles = [_make_article(text, source=path.name, path=name)]
    except SourceError as err:
        return Loaded(name, (), (err,), tuple(warnings))
    if len(articles) == 1 and not errors and articles[0].path == name:
        articles = [replace(articles[0], fingerprint=read.fingerprint)]
    return Loaded(name, tuple(articles), tuple(errors), tuple(warnings))


def fingerprint(raw: bytes) -> str:
    """A hash of a file's bytes and of the reader (reader_revision): equal fingerprints give equal
    articles, so a re-ingest can skip reading a file whose fingerprint its path already has."""
    return hashlib.blake2b(raw, digest_size=16, key=reader_revision()).hexdigest()


@lru_cache(maxsize=1)
def reader_revision() -> bytes:
    """Everything besides a file's bytes that decides its articles: this module's code, the
    boilerplate rules, and the versions of the libraries that read HTML and dates. After an upgrade
    that changes any of them, every file is read again once (and skipped by its article's id)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(Path(__file__).read_bytes())
    h.update(BOILERPLATE_FILE.read_bytes())
    for package in ("trafilatura", "python-dateutil"):
        try:
            h.update(f"{package}=={version(package)}".encode())
        except PackageNotFoundError:
            h.update(f"{package} missing".encode())
    return h.digest()


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    name = str(path)
    try:
        if path.is_dir():
            raise SourceError(name, "is a folder, not a file")
        stat = path.stat()
    except FileNotFoundError:
        raise SourceError(name, "no such file or directory") from None
    except OSError as exc:
        raise SourceError(name, f"cannot read: {exc.strerror or exc}") from None
    if not S_ISREG(stat.st_mode):  # a pipe or device would block or never end
        raise SourceError(name, "not a regular file")
    size = stat.st_size
    # Checked before reading so that a huge file costs nothing.
    if size > max_bytes:
        raise SourceError(
            name, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (raise it with --max-bytes)"
        )
    try:
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise SourceError(name, f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:  # grew between stat and read
        raise SourceError(name, f"file is over the {max_bytes:,}-byte limit (raise it with --max-bytes)")
    if not raw.strip():
        raise SourceError(name, "empty file")
    return raw


def _decode(raw: bytes, name: str, warnings: list[str]) -> str:
    """Bytes -> str. UTF-8 (BOM optional) or BOM-marked UTF-16; anything else is decoded with
    replacement characters and a warning appended to ``warnings``, unless it looks binary."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16", errors="replace")
    else:
        if b"\x00" in raw[:_BINARY_SNIFF_BYTES]:
            raise SourceError(name, "binary file (contains NUL bytes), not a text article")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            text = raw.decode("utf-8-sig", errors="replace")
            warnings.append(
                f"{name}: invalid UTF-8 (first bad byte at offset {exc.start}); "
                "decoded with replacement characters"
            )
    sample = text[:_BINARY_SNIFF_BYTES] or " "
    control = len(_CONTROL.findall(sample))
    undecodable = sample.count("\ufffd")
    if (control + undecodable) / len(sample) > _BINARY_MAX_RATIO:
        share = (control + undecodable) / len(sample)
        if control >= undecodable:
            raise SourceError(name, f"binary file ({share:.0%} non-text characters), not a text article")
        # Mostly undecodable but no control bytes: text in another encoding (cp1251, Shift-JIS...).
        raise SourceError(name, f"not UTF-8 text ({share:.0%} undecodable characters); convert it to UTF-8")
    return text


def _make_article(
    body: str,
    *,
    source: str,
    path: str,
    title: str | None = None,
    url: str | None = None,
    publisher: str | None = None,
    published: Any = None,
    file: str = "",
    where: str = "",
) -> Article:
    """Clean ``body`` (with ``title`` put first when the body does not already open with it) into an
    Article. Errors name ``file`` (default: ``path``), their reason prefixed by ``where`` ("line 3: ")."""
    title = _clean_line(_strip_inline(_clean_line(title), _rules())) if title else ""
    first = _key(_first_line(body))
    if title and first and _key(title).startswith(first) and len(first) >= 0.6 * len(_key(title)):
        title = ""  # the body opens with the headline; the title only adds a suffix such as "| Site"
    if title and first != _key(title):
        body = f"{title}\n\n{body}"
    text = clean_text(body)
    if not text:
        raise SourceError(file or path, f"{where}no text left after removing boilerplate")
    headline = _first_line(text)
    if not title or _key(title) == _key(headline):
        title = headline  # the same words: take them exactly as stored
    return Article(
        id=_hash(text),
        text=text,
        title=_shorten(title),
        source=source,
        path=path,
        url=url or None,
        publisher=(_clean_line(publisher) or None) if publisher else None,
        published=parse_date(published),
    )


# --------------------------------------------------------------------------- json / jsonl

_TEXT_FIELDS = ("text", "body", "content", "articleBody", "article", "description")
_TITLE_FIELDS = ("title", "headline")
_URL_FIELDS = ("url", "link", "canonical_url", "uri")
_DATE_FIELDS = ("published", "date", "publishedAt", "published_at", "pubDate", "datePublished", "time")
_SOURCE_FIELDS = ("source", "publisher", "site", "site_name", "sitename", "outlet")
_LIST_FIELDS = ("articles", "items", "data", "results")


def _load_json(text: str, path: Path, *, lines: bool) -> tuple[list[Article], list[SourceError]]:
    name = str(path)
    articles: list[Article] = []
    errors: list[SourceError] = []
    if lines:
        records: Iterable[tuple[int, Any]] = _jsonl_records(text, name, errors)
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SourceError(
                name, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
            ) from None
        if isinstance(data, dict) and not _pick(data, _TEXT_FIELDS):
            listed = next((data[k] for k in _LIST_FIELDS if isinstance(data.get(k), list)), None)
            data = listed if listed is not None else data
        records = enumerate(data, start=1) if isinstance(data, list) else [(0, data)]
    tag = "line" if lines else "item"
    for number, record in records:
        where = f"{tag} {number}: " if number else ""
        try:
            articles.append(_json_article(record, path, number, where))
        except SourceError as err:
            errors.append(err)
    return articles, errors


def _jsonl_records(text: str, name: str, errors: list[SourceError]) -> Iterator[tuple[int, Any]]:
    # Split on "\n" only: JSON strings may hold U+2028 and other characters splitlines() breaks on.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(SourceError(name, f"line {number}: invalid JSON: {exc.msg} at column {exc.colno}"))


def _json_article(record: Any, path: Path, number: int, where: str) -> Article:
    name = str(path)
    if not isinstance(record, dict):
        raise SourceError(name, f"{where}expected a JSON object, got {type(record).__name__}")
    body = _pick(record, _TEXT_FIELDS)
    if isinstance(body, list):
        body = "\n\n".join(str(part) for part in body if isinstance(part, str))
    if not isinstance(body, str) or not body.strip():
        raise SourceError(name, f"{where}no text (expected a 'text', 'body' or 'content' field)")
    if _looks_like_html(body):
        body = _strip_html(body).text
    url = _pick(record, _URL_FIELDS)
    url = url.strip() if isinstance(url, str) and url.strip() else None
    publisher = _pick(record, _SOURCE_FIELDS)
    if isinstance(publisher, dict):  # NewsAPI style: {"id": ..., "name": ...}
        publisher = publisher.get("name") or publisher.get("id")
    title = _pick(record, _TITLE_FIELDS)
    if number:
        source = url or f"{path.name}:{number}"
        article_path = url or f"{path}:{number}"
    else:
        source, article_path = path.name, str(path)
    return _make_article(
        body,
        source=source,
        path=article_path,
        title=title if isinstance(title, str) else None,
        url=url,
        publisher=publisher if isinstance(publisher, str) else None,
        published=_pick(record, _DATE_FIELDS),
        file=name,
        where=where,
    )


def _pick(record: dict[str, Any], fields: Sequence[str]) -> Any:
    for field in fields:
        value = record.get(field)
        if value not in (None, "", [], {}):
            return value
    return None


# --------------------------------------------------------------------------- html


def _html_article(markup: str, path: Path) -> Article:
    # Imported here: trafilatura takes ~0.4 s to import, and a txt-only run never needs it.
    import trafilatura

    doc = None
    try:
        doc = trafilatura.bare_extraction(
            markup, with_metadata=True, include_comments=False, include_tables=False, include_images=False
        )
    except Exception:  # a crash inside the extractor must not end the run: fall back to the tag strip
        doc = None
    stripped = _strip_html(markup)
    # trafilatura puts one paragraph per line; make that explicit so no line is taken for hard wrapping.
    body = "\n\n".join(line for line in (getattr(doc, "text", None) or "").split("\n") if line.strip())
    if not body:
        body = stripped.text
    title = getattr(doc, "title", None) or stripped.meta.get("title")
    return _make_article(
        body,
        source=path.name,
        path=str(path),
        title=title,
        url=getattr(doc, "url", None) or stripped.meta.get("url"),
        publisher=getattr(doc, "sitename", None) or stripped.meta.get("site"),
        published=getattr(doc, "date", None) or stripped.meta.get("date"),
    )


_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure"),
        *("footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol"),
        *("p", "pre", "section", "table", "td", "th", "tr", "ul"),
    }
)
_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "head",
        "iframe",
        "object",
        "canvas",
        "select",
        "button",
    }
)
_META_KEYS = {
    "og:title": "title",
    "twitter:title": "title",
    "og:site_name": "site",
    "og:url": "url",
    "article:published_time": "date",
    "datepublished": "date",
    "pubdate": "date",
    "date": "date",
}


class _TagStripper(HTMLParser):
    """The fallback when trafilatura finds nothing: text with paragraph breaks at block tags,
    plus <title>, <meta> and canonical-link metadata."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self._skip = 0
        self._in_title = False
        self._title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key in _META_KEYS and a.get("content"):
                self.meta.setdefault(_META_KEYS[key], a["content"])
        elif tag == "link" and "canonical" in a.get("rel", "").lower() and a.get("href"):
            self.meta.setdefault("url", a["href"])
        elif tag == "title":
            self._in_title = True
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _SKIP_TAGS:
            self._skip -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        elif not self._skip:
            self.parts.append(data)

    @property
    def text(self) -> str:
        # Inside a block, source newlines are just wrapping: fold them to spaces.
        return "\n\n".join(
            re.sub(r"\s+", " ", block).strip() for block in "".join(self.parts).split("\n\n") if block.strip()
        )


def _strip_html(markup: str) -> _TagStripper:
    parser = _TagStripper()
    parser.feed(markup)
    parser.close()
    if parser._title and "title" not in parser.meta:
        parser.meta["title"] = re.sub(r"\s+", " ", "".join(parser._title)).strip()
    return parser


def _looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(?:p|br|div|span|a|h[1-6]|li|article|section)\b[^<>]*>", text, re.I))


# --------------------------------------------------------------------------- markdown

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_MD_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.M), r)
    for p, r in (
        (r"^(?:```|~~~).*?^(?:```|~~~)[ \t]*$", ""),  # fenced code: not prose
        (r"^[ \t]*\[[^\]\n]+\]:[ \t]+\S+.*$", ""),  # reference link definitions
        (r"^[ \t]*(?:[-*_][ \t]*){3,}$", ""),  # horizontal rules
        (r"^[ \t]*(?:=+|-+)[ \t]*$", ""),  # setext heading underlines
        (r"^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*:?-*:?[ \t]*$", ""),  # table separator rows
        (r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", r"\1"),  # ATX headings
        (r"^[ \t]*(?:>[ \t]?)+", ""),  # blockquote markers
        (r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+", ""),  # list markers
        (r"!\[[^\]\n]*\]\([^)\n]*\)", ""),  # images
        (r"!\[[^\]\n]*\]\[[^\]\n]*\]", ""),
        (r"\[([^\]\n]+)\]\([^)\n]*\)", r"\1"),  # inline links -> link text
        (r"\[([^\]\n]+)\]\[[^\]\n]*\]", r"\1"),  # reference links -> link text
        (r"<(https?://[^>\s]+)>", r"\1"),  # autolinks
        (r"(?<![\w*])(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?![\w*])", r"\2"),  # strong
        (r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])", r"\1"),  # emphasis with *
        (r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])", r"\1"),  # emphasis with _
        (r"~~(?=\S)(.+?)(?<=\S)~~", r"\1"),  # strikethrough
        (r"`([^`\n]+)`", r"\1"),  # inline code
        (r"\\([\\`*_{}\[\]()#+\-.!>|])", r"\1"),  # backslash escapes
    )
)


def strip_markdown(text: str) -> str:
    """Markdown -> plain prose: heading marks, emphasis, link syntax and images go, the words stay."""
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
    return text


def _markdown_article(text: str, path: Path) -> Article:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta: dict[str, Any] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError:
            loaded = None
        if isinstance(loaded, dict):
            meta = loaded
            text = text[match.end() :]
    title = meta.get("title") if isinstance(meta.get("title"), str) else None
    heading = re.match(r"\s*#[ \t]+(.+?)[ \t]*#*[ \t]*(?:\n|$)", text)
    if heading and not title:
        title = strip_markdown(heading.group(1))
    url = _pick(meta, _URL_FIELDS)
    publisher = _pick(meta, _SOURCE_FIELDS)
    return _make_article(
        strip_markdown(text),
        source=path.name,
        path=str(path),
        title=title,
        url=url if isinstance(url, str) else None,
        publisher=publisher if isinstance(publisher, str) else None,
        published=_pick(meta, _DATE_FIELDS),
    )


# --------------------------------------------------------------------------- dates


def parse_date(value: Any) -> str | None:
    """A date in any common form -> "YYYY-MM-DD", or None when it is missing, partial or unreadable."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):  # YAML front matter gives dates already parsed
        return value.isoformat()
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value  # epoch milliseconds from JS feeds
        try:
            return datetime.fromtimestamp(seconds, tz=UTC).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or not value.strip():
        return None
    s = value.strip()
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    from dateutil import parser as date_parser

    # Parse twice with different defaults: a field that changes was not in the text, so the date is
    # partial ("2020", "January 2020") and no day can be claimed.
    try:
        a = date_parser.parse(s, default=datetime(2000, 1, 1))
        b = date_parser.parse(s, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return None
    if a.date() != b.date():
        return None
    return a.date().isoformat()


# --------------------------------------------------------------------------- cleaning


@dataclass(frozen=True)
class _Rules:
    inline: tuple[re.Pattern[str], ...]
    inline_any: re.Pattern[str]  # any of them: most lines have none, and need no pass per pattern
    phrases: frozenset[str]
    phrase_chars: int  # the longest phrase key
    lines: re.Pattern[str]
    trailers: re.Pattern[str]
    max_line_chars: int
    crumb_strong: tuple[str, ...]
    crumb_weak: tuple[str, ...]
    crumb_roots: frozenset[str]
    crumb_words: int
    crumb_lines: int


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = yaml.safe_load(BOILERPLATE_FILE.read_text(encoding="utf-8"))

    def alternation(patterns: list[str]) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)

    crumb = data["breadcrumb"]
    return _Rules(
        inline=tuple(re.compile(p, re.I) for p in data["inline"]),
        inline_any=alternation(data["inline"]),
        phrases=frozenset(_phrase_key(p) for p in data["phrases"]),
        phrase_chars=max((len(_phrase_key(p)) for p in data["phrases"]), default=0),
        lines=alternation(data["lines"]),
        trailers=alternation(data["trailers"]),
        max_line_chars=int(data["max_line_chars"]),
        crumb_strong=tuple(crumb["strong_separators"]),
        crumb_weak=tuple(crumb["weak_separators"]),
        crumb_roots=frozenset(r.casefold() for r in crumb["roots"]),
        crumb_words=int(crumb["max_segment_words"]),
        crumb_lines=int(crumb["max_first_lines"]),
    )


_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});|&nbsp(?![\w;])")
# Spaces that are not U+0020: no-break, en/em/thin spaces, ideographic space.
_ODD_SPACES = re.compile(r"[\t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Invisible characters that only split words for the tokenizer. ZWJ/ZWNJ stay: they carry meaning
# in Persian, Arabic and emoji.
_INVISIBLE = re.compile(r"[\u00ad\u200b\u2060\ufeff\u0000-\u0008\u000e-\u001f\u007f-\u009f]")
_TERMINAL = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_NON_WORD = re.compile(r"[\W_]+")
_WRAP_QUOTES = {'"': '"', "“": "”", "‘": "’", "'": "'", "«": "»", "„": "“"}


def clean_text(text: str) -> str:
    """Remove boilerplate lines, HTML residue and duplicate headlines; normalise whitespace (single
    spaces, paragraphs separated by one blank line) and Unicode (NFC). Quotes and apostrophes are
    kept exactly as written. Pure, and idempotent: clean_text(clean_text(t)) == clean_text(t)."""
    rules = _rules()
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _fixpoint(lambda t: _ENTITY.sub(lambda m: html.unescape(m.group(0)), t), text)
    text = _INVISIBLE.sub("", _ODD_SPACES.sub(" ", text))

    raw_lines = text.split("\n")
    total = sum(len(line) for line in raw_lines) or 1
    seen_chars = 0
    kept: list[str | None] = []  # None marks a paragraph break
    for raw in raw_lines:
        seen_chars += len(raw)
        line = raw.strip()
        if rules.inline_any.search(line):
            line = _fixpoint(lambda t: _strip_inline(t.strip(), rules), raw)
        if "  " in line:
            line = _SPACE_RUN.sub(" ", line)
        line = line.strip()
        if not line:
            kept.append(None)
            continue
        if len(line) <= rules.max_line_chars and rules.trailers.fullmatch(line):
            if seen_chars / total >= 0.5:
                break
            kept.append(None)
            continue
        if _is_boilerplate(line, rules):
            kept.append(None)
            continue
        kept.append(line)

    paragraphs = _paragraphs(kept)
    paragraphs = _one_headline(paragraphs, rules)
    out: list[str] = []
    seen: set[str] = set()
    for para in paragraphs:
        key = _key(para)
        if len(key) >= 20 and key in seen:
            continue  # the same paragraph twice (pull quotes, scraped twice): keep the first
        seen.add(key)
        out.append(para)
    return "\n\n".join(out)


def content_id(text: str) -> str:
    """The Article id: sha256 of the cleaned text, first 32 hex characters."""
    return _hash(clean_text(text))


def _hash(cleaned: str) -> str:
    return hashlib.sha256(cleaned.encode("utf-8")).hexdigest()[:32]


def _fixpoint(fn: Any, text: str, limit: int = 5) -> str:
    # Residue can nest ("&amp;lt;b&amp;gt;", "<<b>i>"); repeat until stable so cleaning is idempotent.
    for _ in range(limit):
        new = fn(text)
        if new == text:
            return new
        text = new
    return text


def _strip_inline(line: str, rules: _Rules) -> str:
    for pattern in rules.inline:
        line = pattern.sub("", line)
    return line


def _is_boilerplate(line: str, rules: _Rules) -> bool:
    if not any(ch.isalnum() for ch in line):
        return True  # separators such as "* * *" or "—"
    if _word_span(line) <= rules.phrase_chars and _phrase_key(line) in rules.phrases:
        return True
    return len(line) <= rules.max_line_chars and rules.lines.fullmatch(line) is not None


def _word_span(line: str) -> int:
    """Characters from the first word character to the last. In a cleaned line (single spaces) the
    phrase key keeps all of them and case folding never shortens text, so a line whose span is
    longer than every phrase is no phrase: prose lines skip building the key."""
    start, end = 0, len(line)
    while start < end and not line[start].isalnum():  # \w is isalnum() or "_"; the key strips "_"
        start += 1
    while end > start and not line[end - 1].isalnum():
        end -= 1
    return end - start


def _phrase_key(line: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"^[\W_]+|[\W_]+$", "", line.casefold()))


def _paragraphs(kept: list[str | None]) -> list[str]:
    """Group kept lines into paragraphs. Lines in one block (no blank line between) stay separate
    paragraphs unless the block is hard-wrapped prose, whose lines are joined with a space. The
    first line (the headline) is never joined to what follows it."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in kept:
        if line is None:
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(line)
            if len(blocks) == 0 and len(current) == 1:  # the headline is a block of its own
                blocks.append(current)
                current = []
    if current:
        blocks.append(current)
    out: list[str] = []
    for block in blocks:
        para = block[0]
        for prev, nxt in itertools.pairwise(block):
            if _wrapped(prev, nxt, len(block)):
                para = f"{para} {nxt}"
            else:
                out.append(para)
                para = nxt
        out.append(para)
    return out


def _wrapped(prev: str, nxt: str, block_len: int) -> bool:
    # A hard-wrapped line is of typical terminal width and breaks mid-sentence.
    if not 40 <= len(prev) <= 120 or _TERMINAL.search(prev):
        return False
    return nxt[:1].islower() or nxt[:1].isdigit() or prev.endswith((",", "-", "–", "—")) or block_len >= 3


def _one_headline(paragraphs: list[str], rules: _Rules) -> list[str]:
    """Keep exactly one headline, first. Breadcrumb trails opening the text are dropped (the last
    segment names the headline); later copies of the headline (quoted, repeated) are dropped, and the
    unquoted copy is preferred."""
    if not paragraphs:
        return paragraphs
    head_key = ""
    crumb_title = ""
    body = list(paragraphs)
    # Only leading trails count: once cleaned, the text opens with its headline, so a second pass
    # finds none and cleaning stays idempotent.
    while body and len(paragraphs) - len(body) < rules.crumb_lines:
        last = _breadcrumb_last(body[0], rules)
        if last is None:
            break
        body.pop(0)
        if not head_key and len(last.split()) >= 3:
            head_key, crumb_title = _key(last), _unquote(last)
    if not body and not crumb_title:
        return []
    if not head_key:
        head_key = _key(body[0])
    copies = [p for p in body[:5] if _key(p) == head_key]
    headline = next((p for p in copies if _unquote(p) == p), copies[0]) if copies else crumb_title
    return [headline] + [p for p in body if _key(p) != head_key]


def _breadcrumb_last(line: str, rules: _Rules) -> str | None:
    strong = any(sep in line for sep in rules.crumb_strong)
    seps = (
        "|".join(re.escape(s) for s in rules.crumb_strong)
        + "|"
        + "|".join(rf"\s{re.escape(s)}\s" for s in rules.crumb_weak)
    )
    parts = [p.strip() for p in re.split(seps, line)]
    if len(parts) < 2 or not all(parts):
        return None
    first = parts[0].casefold()
    if not (strong or first in rules.crumb_roots):
        return None
    if any(len(p.split()) > rules.crumb_words for p in parts[:-1]):
        return None
    if strong and len(first.split()) > 3 and first not in rules.crumb_roots:
        return None
    return parts[-1]


def _unquote(text: str) -> str:
    if len(text) >= 2 and _WRAP_QUOTES.get(text[0]) == text[-1]:
        inner = text[1:-1].strip()
        # Only a quote that wraps the whole line: "“A” and “B”" is two quotes, not one wrapped line.
        if text[0] not in inner and text[-1] not in inner:
            return inner
    return text


@lru_cache(maxsize=4096)  # a paragraph's key is asked for up to three times per cleaning
def _key(text: str) -> str:
    """A comparison key that ignores case, quotes, punctuation and spacing."""
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def _first_line(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return line.strip()
    return ""


def _clean_line(text: str) -> str:
    text = unicodedata.normalize("NFC", html.unescape(text))
    return re.sub(r"\s+", " ", _INVISIBLE.sub("", text)).strip()


def _shorten(title: str) -> str:
    if len(title) <= _TITLE_MAX_CHARS:
        return title
    cut = title[:_TITLE_MAX_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"
