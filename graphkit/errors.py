"""Errors graphkit raises. Messages name the thing and the way out; only cli.py prints them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from graphkit.models import Article

C = TypeVar("C")


class GraphkitError(Exception):
    """Base class: a failure the user can act on."""


class SourceError(GraphkitError):
    """A file that cannot be read as an article (empty, binary, malformed, too large, missing)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StoreError(GraphkitError):
    """The graph store cannot be reached, refused our credentials, or is locked."""


class ConfigError(GraphkitError):
    """A setting, flag or data file is wrong."""


class ModelError(GraphkitError):
    """The spaCy pipeline cannot be loaded."""

    @classmethod
    def not_installed(cls, model_name: str, reason: str) -> ModelError:
        return cls(
            f"spaCy model {model_name!r} is not installed or cannot be loaded ({reason}). Install the "
            f"package that provides it (pip install <model package>) or set GRAPHKIT_SPACY_MODEL to an "
            f"installed pipeline such as en_core_web_sm."
        )


T = TypeVar("T")


def attempt(
    work: Callable[[], T], article: Article, ctx: C, on_error: Callable[[Article, C, Exception], None] | None
) -> T | None:
    """``work()``; if it fails, with ``on_error`` the failure is reported there (None), else raised.
    spaCy, linker and extractor errors are one article's failure, never the run's."""
    try:
        return work()
    except Exception as exc:
        if on_error is None:
            raise
        on_error(article, ctx, exc)
        return None
