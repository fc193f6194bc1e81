"""Errors graphkit raises. Messages name the thing and the way out; only cli.py prints them."""


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
