"""Articles -> ArticleGraphs: spaCy over nlp.pipe batches, then linking and extraction. No I/O.

Streams: each Doc is turned into its ArticleGraph and dropped, so memory does not grow with the
corpus. A context object rides along with each article (the ingest loop uses it to track files).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from graphkit.cameo import Lexicon
from graphkit.errors import attempt
from graphkit.extract import extract_events
from graphkit.link import Gazetteer, link_mentions
from graphkit.models import Article, ArticleGraph, Citation

C = TypeVar("C")

# Texts longer than this are parsed in sentence-aligned pieces and joined back into one Doc:
# spaCy refuses texts over nlp.max_length (1,000,000 characters), and its memory grows with
# the length of what it parses at once.
CHUNK_CHARS = 100_000
# A citation stores its sentence; a run-on "sentence" of 50,000 characters cited by every event in
# it made transactions of hundreds of megabytes. Longer sentences are cut to this many characters
# around the trigger, with offsets that still slice the stored text exactly.
CITATION_CHARS = 1_000

# Where a piece may end, best first: a paragraph, a line, a sentence, any space.
_BREAKS = (
    re.compile(r"\n\s*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?][\"'”’)]*\s+"),
    re.compile(r"\s+"),
)


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Cut text into pieces of at most ``limit`` characters that join back to exactly ``text``,
    each ending after a paragraph, line, sentence or word break where there is one."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        end = 0
        for pattern in _BREAKS:
            # the last break in the second half of the window, so pieces stay large
            for m in pattern.finditer(window, limit // 2):
                end = m.end()
            if end:
                break
        if not end:
            end = limit  # one "word" longer than half the limit: cut it
        pieces.append(text[start : start + end])
        start += end
    pieces.append(text[start:])
    return pieces


def bounded(c: Citation, limit: int = CITATION_CHARS) -> Citation:
    """The citation with its sentence cut to ``limit`` characters around the trigger."""
    if len(c.sentence) <= limit:
        return c
    start = max(c.sentence_start, (c.trigger_start + c.trigger_end) // 2 - limit // 2)
    end = min(c.sentence_end, start + limit)
    start = max(c.sentence_start, end - limit)
    lo, hi = start - c.sentence_start, end - c.sentence_start
    return replace(c, sentence=c.sentence[lo:hi], sentence_start=start, sentence_end=end)


@dataclass(frozen=True)
class Analyzer:
    """The loaded stages: spaCy pipeline, gazetteer and CAMEO lexicon."""

    gazetteer: Gazetteer
    lexicon: Lexicon
    nlp: Language

    def graph(self, doc: Doc, article: Article) -> ArticleGraph:
        """Linking and extraction: a parsed Doc -> its ArticleGraph."""
        mentions = link_mentions(doc, self.gazetteer, article.published)
        events, unlinked = extract_events(doc, article, mentions, self.lexicon, self.gazetteer.country_of)
        return ArticleGraph(
            article,
            tuple(mentions),
            tuple(replace(e, citation=bounded(e.citation)) for e in events),
            tuple(replace(u, citation=bounded(u.citation)) for u in unlinked),
        )

    def parse(
        self,
        items: Iterable[tuple[Article, C]],
        batch_size: int = 32,
        on_error: Callable[[Article, C, Exception], None] | None = None,
    ) -> Iterator[tuple[Doc, Article, C]]:
        """Stream each article's Doc. With ``on_error``, a long article whose pieces cannot be parsed
        is reported there and skipped; without it, the error propagates."""
        # Long texts pass through nlp.pipe as "" and are parsed piecewise where they come out.
        limit = self.chunk_chars
        stream = (
            (article.text if len(article.text) <= limit else "", (article, ctx)) for article, ctx in items
        )
        for doc, (article, ctx) in self.nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
            if len(article.text) > limit:
                long_doc = attempt(partial(self.parse_long, article.text), article, ctx, on_error)
                if long_doc is None:
                    continue
                doc = long_doc
            yield doc, article, ctx

    def analyse(
        self,
        items: Iterable[tuple[Article, C]],
        batch_size: int = 32,
        on_error: Callable[[Article, C, Exception], None] | None = None,
    ) -> Iterator[tuple[ArticleGraph, C]]:
        """Stream ArticleGraphs. With ``on_error``, an article that cannot be analysed is reported
        there and skipped, so it costs only itself; without it, the error propagates."""
        for doc, article, ctx in self.parse(items, batch_size, on_error):
            graph = attempt(partial(self.graph, doc, article), article, ctx, on_error)
            if graph is not None:
                yield graph, ctx

    @property
    def chunk_chars(self) -> int:
        """Texts longer than this are parsed piecewise (never more than spaCy's max_length)."""
        return min(CHUNK_CHARS, self.nlp.max_length)

    def parse_long(self, text: str) -> Doc:
        """Parse a long text piece by piece into one Doc whose text is exactly ``text``."""
        docs = list(self.nlp.pipe(split_text(text, self.chunk_chars), batch_size=1))
        doc = Doc.from_docs(docs, ensure_whitespace=False)
        if doc.text != text:  # offsets index the stored text; never let them drift
            raise ValueError("the pieces of a long text did not join back to the text")
        return doc

    def analyse_one(self, article: Article) -> ArticleGraph:
        long = len(article.text) > self.chunk_chars
        doc = self.parse_long(article.text) if long else self.nlp(article.text)
        return self.graph(doc, article)


def load_analyzer(model_name: str, aliases: Iterable[Any] = ()) -> Analyzer:
    from pathlib import Path

    from graphkit.nlp import load_pipeline

    gazetteer = Gazetteer.load([Path(p) for p in aliases])
    return Analyzer(gazetteer=gazetteer, lexicon=Lexicon.load(), nlp=load_pipeline(model_name, gazetteer))
