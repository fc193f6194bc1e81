"""Articles -> ArticleGraphs: spaCy over nlp.pipe batches, then linking and extraction. No I/O.

Streams: each Doc is turned into its ArticleGraph and dropped, so memory does not grow with the
corpus. A context object rides along with each article (the ingest loop uses it to track files).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from graphkit.cameo import Lexicon
from graphkit.extract import extract_events
from graphkit.link import Gazetteer, link_mentions
from graphkit.models import Article, ArticleGraph

C = TypeVar("C")


@dataclass(frozen=True)
class Analyzer:
    """The loaded stages: spaCy pipeline, gazetteer and CAMEO lexicon."""

    nlp: Language
    gazetteer: Gazetteer
    lexicon: Lexicon

    def graph(self, doc: Doc, article: Article) -> ArticleGraph:
        mentions = link_mentions(doc, self.gazetteer, article.published)
        events, unlinked = extract_events(doc, article, mentions, self.lexicon)
        return ArticleGraph(article, tuple(mentions), tuple(events), tuple(unlinked))

    def analyse(
        self, items: Iterable[tuple[Article, C]], batch_size: int = 32
    ) -> Iterator[tuple[ArticleGraph, C]]:
        stream = ((article.text, (article, ctx)) for article, ctx in items)
        for doc, (article, ctx) in self.nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
            yield self.graph(doc, article), ctx

    def analyse_one(self, article: Article) -> ArticleGraph:
        return self.graph(self.nlp(article.text), article)


def load_analyzer(model_name: str, aliases: Iterable[Any] = ()) -> Analyzer:
    from pathlib import Path

    from graphkit.nlp import load_pipeline

    gazetteer = Gazetteer.load([Path(p) for p in aliases])
    return Analyzer(load_pipeline(model_name, gazetteer), gazetteer, Lexicon.load())
