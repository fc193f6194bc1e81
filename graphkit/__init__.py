"""graphkit: news articles to a cited, CAMEO-coded knowledge graph."""

__version__ = "0.1.0"
