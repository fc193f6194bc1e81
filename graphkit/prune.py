"""Corpus changes -> the graph: paths that now hold an article, and paths that are gone.

An article is keyed by its content, so several files can hold it; the Article node lists them in
``paths``. A path leaves an article when its file is gone (``forget``, ``ingest --prune``) or
holds other content now; the article leaves the graph, with its mentions, events, unlinked events
and the entities only it mentioned, when no path holds it any more. Each article changes in its
own transaction, so a kill leaves every article either as it was or fully updated.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j

from graphkit.store import Store
from graphkit.write import (
    DELETE_ARTICLES,
    DELETE_EVENTS_OF_ARTICLES,
    DELETE_ORPHAN_ENTITIES,
    DELETE_UNLINKED_OF_ARTICLES,
    ENTITIES_OF_ARTICLES,
    PATH_HOLDERS,
    chunked,
    release_paths,
)

STORED_PATHS = """
MATCH (a:Article)
UNWIND coalesce(a.paths, [a.path]) AS path
RETURN a.id AS id, path
"""

# Paths read this run whose article is stored but does not list them yet (a second copy).
CLAIM_PATHS = """
UNWIND $rows AS row
MATCH (a:Article {id: row.id})
WHERE NOT row.path IN coalesce(a.paths, [a.path])
SET a.paths = coalesce(a.paths, [a.path]) + [row.path]
MERGE (p:ArticlePath {path: row.path})
MERGE (p)-[:HOLDS]->(a)
RETURN a.id AS id, row.path AS path
"""


# Paths read again whose file's fingerprint the path does not have yet (stored by an older graphkit,
# or read by another revision of the reader): the next re-ingest skips them without parsing.
SET_FINGERPRINTS = """
UNWIND $rows AS row
MATCH (p:ArticlePath {path: row.path})-[:HOLDS]->(:Article {id: row.id})
WHERE p.fingerprint IS NULL OR p.fingerprint <> row.fingerprint
SET p.fingerprint = row.fingerprint
"""


def all_statements() -> list[str]:
    return [STORED_PATHS, CLAIM_PATHS, SET_FINGERPRINTS]


@dataclass
class Forgotten:
    paths: int = 0  # paths taken off articles
    articles: int = 0  # articles deleted because no path holds them


def _release_tx(tx: neo4j.ManagedTransaction, article_id: str, paths: list[str]) -> bool:
    """Take paths off one article; delete it and everything derived from it if none is left."""
    gone = release_paths(tx, {article_id: paths})
    if not gone:
        return False
    touched = [r["id"] for r in tx.run(ENTITIES_OF_ARTICLES, {"ids": gone})]
    tx.run(DELETE_EVENTS_OF_ARTICLES, {"ids": gone}).consume()
    tx.run(DELETE_UNLINKED_OF_ARTICLES, {"ids": gone}).consume()
    tx.run(DELETE_ARTICLES, {"ids": gone}).consume()
    tx.run(DELETE_ORPHAN_ENTITIES, {"ids": touched}).consume()
    return True


def release(store: Store, held: dict[str, list[str]]) -> Forgotten:
    """article id -> paths it no longer comes from; one transaction per article."""
    result = Forgotten()
    for article_id, paths in sorted(held.items()):
        with store.driver.session(database=store.database) as session:
            deleted = session.execute_write(_release_tx, article_id, sorted(set(paths)))
        result.paths += len(set(paths))
        result.articles += int(deleted)
    return result


def claim_paths(store: Store, rows: Iterable[tuple[str, str, str]]) -> Forgotten:
    """Record that ``path`` now holds stored article ``id``: add it to the article's paths, and take
    it off any other article (which goes if no path is left). Rows are (id, path, fingerprint); a
    fingerprint (its file's, or "") is stored on the path, for the next re-ingest."""
    rows = [(i, p, f) for i, p, f in rows if p]
    pairs = [{"id": i, "path": p} for i, p, _ in rows]
    held: dict[str, list[str]] = defaultdict(list)
    for chunk in chunked(pairs, 500):
        # Only a path new to its article can still be listed by another one: the writer and this
        # function take a path off every other article whenever one gains it. Running
        # PATH_HOLDERS for every unchanged file of a re-ingest would cost a query per file for nothing.
        claimed = [{"id": r["id"], "path": r["path"]} for r in store.run(CLAIM_PATHS, {"rows": chunk})]
        if claimed:
            for r in store.run(PATH_HOLDERS, {"rows": claimed}):
                held[r["id"]].append(r["path"])
    stamped = [{"id": i, "path": p, "fingerprint": f} for i, p, f in rows if f]
    for chunk in chunked(stamped, 500):
        store.run(SET_FINGERPRINTS, {"rows": chunk})
    return release(store, held)


def _under(stored: str, root: str) -> bool:
    """Is a stored path the file ``root``, a record of it (``file.jsonl:12``), or under the folder?"""
    return stored == root or stored.startswith(root + os.sep) or stored.startswith(root + ":")


def _file_of(stored: str) -> str:
    head, sep, tail = stored.rpartition(":")
    return head if sep and tail.isdigit() else stored


def forget(store: Store, paths: Sequence[str | Path]) -> Forgotten:
    """Take the given files (or everything under the given folders) off their articles."""
    roots = [str(Path(p).expanduser().absolute()) for p in paths]
    roots += [str(Path(p).expanduser().resolve()) for p in paths]
    held: dict[str, list[str]] = defaultdict(list)
    for r in store.read(STORED_PATHS):
        if r["path"] and any(_under(r["path"], root) for root in roots):
            held[r["id"]].append(r["path"])
    return release(store, held)


def prune(store: Store, roots: Sequence[str | Path], seen: set[str], failed_files: set[str]) -> Forgotten:
    """After an ingest of ``roots``: forget stored paths under them that this run did not read,
    unless their file failed to load this run (a file that cannot be read now is not gone)."""
    # A root that is not there at all (an unmounted disk, a typo) prunes nothing: only files
    # missing from a corpus that is there are gone.
    resolved = [str(Path(p).expanduser().resolve()) for p in roots if Path(p).expanduser().exists()]
    held: dict[str, list[str]] = defaultdict(list)
    for r in store.read(STORED_PATHS):
        p = r["path"]
        if not p or p in seen or _file_of(p) in failed_files:
            continue
        if any(_under(p, root) for root in resolved):
            held[r["id"]].append(p)
    return release(store, held)


def stored_paths(store: Store) -> list[dict[str, Any]]:
    return store.read(STORED_PATHS)
