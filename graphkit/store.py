"""Graph stores behind one interface: a neo4j.Driver plus the database name.

- Embedded (default): ArcadeDB from ``arcadedb-embedded``, started in this process with its Bolt
  plugin on a free 127.0.0.1 port. Its folder (``.graphkit/`` unless --db/GRAPHKIT_DB) holds the
  data, generated credentials (mode 0600), the JVM's log and a lock file, so a second process gets
  a clear message instead of a corrupted store.
- Neo4j: any Neo4j 5 server, cluster or Aura reached by URI (bolt://, neo4j://, +s variants).

Everything else in graphkit only sees ``Store``: one code path over the official driver.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graphkit.config import Settings
from graphkit.errors import ConfigError, StoreError
from graphkit.signals import deferred

EMBEDDED_DATABASE = "graphkit"
EMBEDDED_USER = "root"
PING = "RETURN 1 AS ok"
STATEMENT_TIMEOUT = 600.0


def all_statements() -> list[str]:
    return [PING]


@dataclass(frozen=True)
class Connection:
    """How another process reaches an open store over Bolt (Spark executors): it starts nothing.

    For the embedded store this is its running server's 127.0.0.1 port and generated password, so
    only processes on this machine can use it."""

    uri: str
    user: str
    password: str = field(repr=False)
    database: str | None
    kind: str
    location: str


@dataclass
class Store:
    driver: neo4j.Driver
    database: str | None
    kind: str  # "embedded" or "neo4j"
    location: str  # folder or URI, for messages
    # Server-side transaction timeout (seconds) sent with every statement: a runaway query ends
    # with an error instead of holding the command forever.
    timeout: float = STATEMENT_TIMEOUT
    connection: Connection | None = None  # set by open_store, for processes that share this store
    # Set when this store is borrowed from the server another process (an ingest) runs: that
    # process may end in the middle of a command, and its server with it. The command then goes
    # on against the store reopened by ``reconnect`` (a new driver and connection).
    reconnect: Callable[[], tuple[neo4j.Driver, Connection]] | None = field(default=None, repr=False)

    def _execute(self, query: str, parameters: dict[str, Any] | None, **options: Any) -> list[neo4j.Record]:
        for attempt in (1, 2):
            try:
                records, _, _ = self.driver.execute_query(
                    neo4j.Query(query, timeout=self.timeout),
                    parameters_=parameters or {},
                    database_=self.database,
                    **options,
                )
                return list(records)
            # A server going down refuses further statements on open connections as no longer
            # authenticated (ArcadeDB stops its security service first), fails them against its
            # closing database (an error naming only the database, seen in CI), or drops them. For
            # a borrowed store any such error gets one retry after reconnecting: if the owner
            # still runs, that reaches the same server and a real error comes back again.
            except (Neo4jError, ServiceUnavailable, SessionExpired):
                if self.reconnect is None or attempt == 2:
                    raise
                # Our connections go first: the ending server waits for them before it lets go.
                with contextlib.suppress(Exception):
                    self.driver.close()
                self.driver, self.connection = self.reconnect()
        raise AssertionError("unreachable")

    def run(self, query: str, parameters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one auto-committed read or small write and return plain records."""
        return [r.data() for r in self._execute(query, parameters)]

    def records(self, query: str, parameters: dict[str, Any] | None = None) -> list[neo4j.Record]:
        """Like run, but the driver's records: nodes and relationships keep labels, type and ids."""
        return self._execute(query, parameters)

    def read(self, query: str, parameters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a query in a read transaction (reports, exports)."""
        return [r.data() for r in self._execute(query, parameters, routing_=neo4j.RoutingControl.READ)]

    def pages(self, query: str, key: str, page: int = 500) -> Iterator[dict[str, Any]]:
        """Stream a large read by keyset pagination: ``query`` filters ``> $after``, orders by the
        column ``key`` and ends with ``LIMIT $page``; memory holds one page at a time."""
        after = ""
        while True:
            rows = self.read(query, {"after": after, "page": page})
            yield from rows
            if len(rows) < page:
                return
            after = rows[-1][key]


# ---------------------------------------------------------------- embedded ArcadeDB


@dataclass
class _Embedded:
    server: Any
    port: int
    password: str
    lock_fd: int
    users: int = 0
    umask: int | None = None  # the umask to restore when the last user closes the store


# One JVM per process: a server started for a folder is shared by every open_store() on it
# in this process (CLI commands in tests, eval's temporary store next to the user's store).
_RUNNING: dict[Path, _Embedded] = {}
_RUNNING_LOCK = threading.Lock()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _has_database(db_dir: Path) -> bool:
    return (db_dir / "databases" / EMBEDDED_DATABASE).is_dir()


def _credentials(db_dir: Path) -> str:
    path = db_dir / "credentials.json"
    if not path.exists() and _has_database(db_dir):
        # A new password would not open the existing database: say so instead of generating one
        # that the server then refuses.
        raise StoreError(
            f"{path} is missing, and the store in {db_dir} was created with the password it held; "
            "restore that file (or move the folder aside and re-ingest into a new one)"
        )
    if path.exists():
        try:
            return str(json.loads(path.read_text())["password"])
        except (OSError, ValueError, KeyError) as exc:
            raise StoreError(
                f"{path}: unreadable credentials file ({exc}); delete it only if the store is empty"
            ) from exc
    password = secrets.token_urlsafe(18)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump({"user": EMBEDDED_USER, "password": password}, f)
    return password


class StoreBusy(StoreError):
    """Another process holds the embedded store's lock (and runs its server)."""


def _lock(db_dir: Path) -> int:
    fd = os.open(db_dir / "lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(fd, 32).decode(errors="replace").strip() or "?"
        os.close(fd)
        raise StoreBusy(
            f"the graph store {db_dir} is in use by another graphkit process (pid {holder}); "
            "wait for it to finish, or use another folder with --db"
        ) from None
    os.ftruncate(fd, 0)
    os.write(fd, str(os.getpid()).encode())
    return fd  # the kernel drops the lock if this process dies, so a crash never leaves it stale


_LOG_PROPERTIES = """\
handlers = java.util.logging.FileHandler
.level = WARNING
com.arcadedb.level = WARNING
java.util.logging.FileHandler.level = WARNING
java.util.logging.FileHandler.pattern = {pattern}
java.util.logging.FileHandler.formatter = com.arcadedb.log.LogFormatter
java.util.logging.FileHandler.limit = 10000000
java.util.logging.FileHandler.count = 2
"""


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """The JVM prints a banner on fd 2 while it boots; keep users' terminals clean."""
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _start_jvm(db_dir: Path, bulk: bool = False) -> None:
    from arcadedb_embedded import jvm

    if _jvm_running():
        return
    log_dir = db_dir / "log"
    log_dir.mkdir(exist_ok=True)
    props = log_dir / "logging.properties"
    props.write_text(_LOG_PROPERTIES.format(pattern=(log_dir / "arcadedb.log").resolve()))
    heap = heap_size(bulk)
    os.environ.setdefault("ARCADEDB_JVM_ERROR_FILE", str((log_dir / "hs_err_pid%p.log").resolve()))
    jvm_args = jvm_arguments(props.resolve(), heap, bulk)
    with _quiet_stderr():
        jvm.start_jvm(heap_size=heap, jvm_args=jvm_args)
    import jpype

    # Java code printing to System.out would land in our stdout (a tsv a script is reading).
    system = jpype.JClass("java.lang.System")
    system.setOut(system.err)


def jvm_arguments(logging_properties: Path, heap: str, bulk: bool) -> list[str]:
    """The embedded store's JVM flags (besides -Xmx, which the heap size sets)."""
    args = [
        f"-Djava.util.logging.config.file={logging_properties}",
        # -Xrs: the JVM installs no SIGTERM/SIGHUP/SIGINT handlers, so those signals reach
        # Python's handlers (the CLI's Ctrl-C path) instead of a JVM shutdown that races the
        # writer thread and crashed with SIGSEGV in "SIGTERM handler".
        "-Xrs",
        # Whatever the VM itself prints (a fatal error banner) goes to stderr, never into a pipe
        # that holds our output.
        "-XX:+DisplayVMOutputToStderr",
    ]
    if bulk:
        # An ingest holds its whole heap from the start (as Neo4j advises for its own heap): the
        # JVM otherwise grows toward -Xmx over a long run, so memory rose with the corpus although
        # nothing in it is kept per article.
        args += [f"-Xms{heap}", "-XX:+AlwaysPreTouch"]
        # The optimising (C2) JIT compiler took more CPU during an ingest than the store's own
        # writes did (7 of 20 CPU seconds over 400 articles), on the cores spaCy needs; the quick
        # C1 code writes about as fast for an ingest's small transactions.
        args.append("-XX:TieredStopAtLevel=1")
    return args


_HEAP = re.compile(r"[1-9][0-9]*[kKmMgG]?")


# The embedded store's JVM heap unless GRAPHKIT_HEAP says otherwise: an ingest writes in small
# transactions and holds this much for its whole run; reads (reports over a large graph) may need more.
BULK_HEAP = "1g"
READ_HEAP = "2g"


def heap_size(bulk: bool = False) -> str:
    """GRAPHKIT_HEAP, checked before it reaches the JVM (which would only say it cannot start)."""
    heap = os.environ.get("GRAPHKIT_HEAP", BULK_HEAP if bulk else READ_HEAP).strip()
    if not _HEAP.fullmatch(heap):
        raise ConfigError(
            f"GRAPHKIT_HEAP={heap!r} is not a heap size; use a number with k, m or g, such as 2g or 1536m"
        )
    return heap


def _jvm_running() -> bool:
    import jpype

    return bool(jpype.isJVMStarted())


def _private(db_dir: Path) -> None:
    """The store holds article text: keep it to its owner (folder 0700, files 0600), also for a
    folder an older graphkit created with the default modes."""
    os.chmod(db_dir, 0o700)
    for root, dirs, files in os.walk(db_dir):
        for d in dirs:
            os.chmod(os.path.join(root, d), 0o700)
        for f in files:
            with contextlib.suppress(FileNotFoundError):
                os.chmod(os.path.join(root, f), 0o600)


SERVER_FILE = "server.json"


def _open_embedded(db_dir: Path, *, create: bool = True, bulk: bool = False) -> _Embedded:
    db_dir = db_dir.resolve()
    # A signal waits until the server is up (or down again): see signals.deferred.
    with deferred(), _RUNNING_LOCK:
        running = _RUNNING.get(db_dir)
        if running:
            running.users += 1
            return running
        if not create and not _has_database(db_dir):
            raise StoreError(
                f"no graph store in {db_dir}; create one with: graphkit ingest PATH --db {db_dir} "
                "(or point --db / GRAPHKIT_DB at an existing store)"
            )
        heap_size()  # a bad GRAPHKIT_HEAP is a configuration error, found before anything is created
        try:
            db_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            lock_fd = _lock(db_dir)
        except PermissionError as exc:
            raise StoreError(
                f"no permission to use the store folder {db_dir} ({exc.strerror}); "
                "run as its owner, or use another folder with --db"
            ) from exc
        except OSError as exc:
            raise StoreError(f"cannot create the store folder {db_dir}: {exc.strerror}") from exc
        # Files the server creates from now on are private too.
        old_umask = os.umask(0o077)
        try:
            _private(db_dir)
            password = _credentials(db_dir)
            _start_jvm(db_dir, bulk)
            import arcadedb_embedded as arcadedb

            port = _free_port()
            server = arcadedb.create_server(
                root_path=str(db_dir),
                root_password=password,
                config={
                    "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
                    "bolt_port": port,
                    "http_port": _free_port(),
                },
            )
            with _quiet_stderr():
                server.start()
            if not _has_database(db_dir):
                server.create_database(EMBEDDED_DATABASE)
            # Readers started while this process holds the lock connect to this server.
            _write_private(db_dir / SERVER_FILE, json.dumps({"port": port, "pid": os.getpid()}))
        except (StoreError, ConfigError):
            os.umask(old_umask)
            os.close(lock_fd)
            raise
        except PermissionError as exc:
            os.umask(old_umask)
            os.close(lock_fd)
            raise StoreError(
                f"no permission to use the store folder {db_dir} ({exc.strerror}: {exc.filename}); "
                "run as its owner, or use another folder with --db"
            ) from exc
        except Exception as exc:  # the JVM raises its own exception types
            os.umask(old_umask)
            os.close(lock_fd)
            raise StoreError(f"cannot start the embedded graph store in {db_dir}: {exc}") from exc
        running = _Embedded(
            server=server, port=port, password=password, lock_fd=lock_fd, users=1, umask=old_umask
        )
        _RUNNING[db_dir] = running
        return running


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


def _running_elsewhere(db_dir: Path) -> tuple[int, str]:
    """The Bolt port and password of the server another graphkit process runs on db_dir."""
    db_dir = db_dir.resolve()
    try:
        info = json.loads((db_dir / SERVER_FILE).read_text())
        port = int(info["port"])
        password = str(json.loads((db_dir / "credentials.json").read_text())["password"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreBusy(
            f"the graph store {db_dir} is in use by another graphkit process that is still starting; "
            "try again in a moment"
        ) from exc
    return port, password


def _release_embedded(db_dir: Path) -> None:
    db_dir = db_dir.resolve()
    with deferred(), _RUNNING_LOCK:
        running = _RUNNING.get(db_dir)
        if not running:
            return
        running.users -= 1
        if running.users > 0:
            return
        del _RUNNING[db_dir]
        with contextlib.suppress(OSError):
            (db_dir / SERVER_FILE).unlink()
        with contextlib.suppress(Exception), _quiet_stderr():
            running.server.stop()
        os.close(running.lock_fd)
        if running.umask is not None:
            os.umask(running.umask)


# ---------------------------------------------------------------- opening either store


def _check(driver: neo4j.Driver, database: str | None, where: str, user: str) -> None:
    try:
        driver.verify_connectivity()
        driver.execute_query(PING, database_=database)
    except AuthError as exc:
        raise StoreError(
            f"{where} refused the credentials for user '{user}'; check --user/--password "
            "(NEO4J_USERNAME/NEO4J_PASSWORD)"
        ) from exc
    except (ServiceUnavailable, OSError) as exc:
        raise StoreError(
            f"cannot reach the graph store at {where}; is it running? "
            "(for the repo's Neo4j: docker compose up -d)"
        ) from exc
    except Neo4jError as exc:
        if "database" in str(exc.message or "").lower():
            raise StoreError(
                f"{where} has no database '{database}'; check --database (NEO4J_DATABASE)"
            ) from exc
        raise StoreError(f"{where}: {exc.message}") from exc


def describe_driver_error(exc: BaseException) -> str:
    """One line for an error the driver raised in the middle of a command."""
    # Neo4j's syntax errors add the statement and a caret on lines of their own.
    text = str(exc.message or exc) if isinstance(exc, Neo4jError) else str(exc)
    message = next(iter(text.splitlines()), type(exc).__name__)
    if isinstance(exc, AuthError):
        return f"the graph store stopped accepting this command's credentials: {message}"
    if isinstance(exc, (ServiceUnavailable, SessionExpired)):
        return f"lost the connection to the graph store: {message}"
    if isinstance(exc, Neo4jError):
        return f"the graph store refused a statement: {message}"
    return f"graph store driver error: {message}"


_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@contextlib.contextmanager
def open_store(
    settings: Settings, *, create: bool = True, share: bool = False, bulk: bool = False
) -> Iterator[Store]:
    """Open the configured store, check it answers, yield it, and close it.

    ``create=False``: a missing embedded store is an error rather than a new empty folder.
    ``bulk=True`` is for an ingest: an embedded store started here takes a fixed heap up front.
    ``share=True`` is for reads: a store another process (an ingest) is running is used through
    that process's server instead of being refused.
    """
    if settings.embedded:
        db_dir = settings.db_dir
        try:
            running = _open_embedded(db_dir, create=create, bulk=bulk)
        except StoreBusy:
            if not share:
                raise
            with _borrowed(db_dir) as store:
                yield store
            return
        try:
            with _driver_for(running.port, running.password, db_dir) as store:
                yield store
        finally:
            _release_embedded(db_dir)
        return
    assert settings.uri
    scheme = settings.uri.split("://", 1)[0].lower() if "://" in settings.uri else ""
    if scheme not in _SCHEMES:
        raise ConfigError(
            f"bad store URI {settings.uri!r}: graphkit speaks Bolt; use one of "
            f"{', '.join(s + '://' for s in _SCHEMES)} (e.g. bolt://localhost:7687)"
        )
    if settings.password is None:
        raise StoreError(f"no password for {settings.uri}; pass --password or set NEO4J_PASSWORD")
    try:
        driver = neo4j.GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password))
    except (ConfigurationError, ValueError, ImportError) as exc:
        raise ConfigError(f"bad store URI {settings.uri!r}: {exc}") from exc
    try:
        _check(driver, settings.database, settings.uri, settings.user)
        connection = Connection(
            settings.uri, settings.user, settings.password, settings.database, "neo4j", settings.uri
        )
        yield Store(driver, settings.database, "neo4j", settings.uri, connection=connection)
    finally:
        driver.close()


def _embedded_driver(port: int, password: str, db_dir: Path) -> tuple[neo4j.Driver, Connection]:
    """A driver to the embedded server on ``port``, checked to answer, and how other processes reach it."""
    uri = f"bolt://127.0.0.1:{port}"
    driver = neo4j.GraphDatabase.driver(uri, auth=(EMBEDDED_USER, password))
    try:
        _check(driver, EMBEDDED_DATABASE, f"the embedded store {db_dir}", EMBEDDED_USER)
    except BaseException as exc:
        driver.close()
        if isinstance(exc, StoreError) and isinstance(exc.__cause__, AuthError):
            raise StoreError(
                f"the embedded store {db_dir} refused the password in {db_dir}/credentials.json; "
                "that file no longer matches the store: restore the one that created it"
            ) from exc
        raise
    return driver, Connection(uri, EMBEDDED_USER, password, EMBEDDED_DATABASE, "embedded", str(db_dir))


@contextlib.contextmanager
def _driver_for(port: int, password: str, db_dir: Path) -> Iterator[Store]:
    driver, connection = _embedded_driver(port, password, db_dir)
    store = Store(driver, EMBEDDED_DATABASE, "embedded", str(db_dir), connection=connection)
    try:
        yield store
    finally:
        store.driver.close()  # a borrowed store may have swapped in a new driver (see _borrowed)


# How long a read whose borrowed server went away waits for the ending process to let go of the
# store (its server flushes and stops first).
HANDOVER_WAIT = 120.0


@contextlib.contextmanager
def _borrowed(db_dir: Path) -> Iterator[Store]:
    """A read on a store another process holds, through that process's server. If that process
    ends mid-command, the command carries on: against the store opened here once the lock is
    free, or through the server of whichever process took the store over."""
    db_dir = db_dir.resolve()
    opened_here = False

    def reopen() -> tuple[neo4j.Driver, Connection]:
        nonlocal opened_here
        deadline = time.monotonic() + HANDOVER_WAIT
        while True:
            try:
                if not opened_here:
                    running = _open_embedded(db_dir, create=False)
                    opened_here = True
                else:
                    running = _RUNNING[db_dir]
                port, password = running.port, running.password
            except StoreBusy:
                try:
                    port, password = _running_elsewhere(db_dir)
                except StoreBusy:
                    if time.monotonic() > deadline:
                        raise StoreError(
                            f"the graph store {db_dir} stopped answering in the middle of this command "
                            "(the process serving it ended) and was not free again in time; run it again"
                        ) from None
                    time.sleep(0.2)
                    continue
            try:
                return _embedded_driver(port, password, db_dir)
            except StoreError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)  # a server just going down or coming up: look again

    port, password = _running_elsewhere(db_dir)
    try:
        with _driver_for(port, password, db_dir) as store:
            store.reconnect = reopen
            yield store
    finally:
        if opened_here:
            _release_embedded(db_dir)


@contextlib.contextmanager
def connect(connection: Connection) -> Iterator[Store]:
    """Use a store that another process opened (and, if embedded, runs the server of)."""
    driver = neo4j.GraphDatabase.driver(connection.uri, auth=(connection.user, connection.password))
    try:
        _check(driver, connection.database, connection.location, connection.user)
        yield Store(driver, connection.database, connection.kind, connection.location, connection=connection)
    finally:
        driver.close()
