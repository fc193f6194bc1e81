"""SIGTERM and SIGHUP take the Ctrl-C path.

`timeout`, `kill`, systemd and container runtimes stop a process with SIGTERM; a closed terminal
sends SIGHUP. Python's default for both is to die at once (or, with the embedded JVM's own
handlers, to race a JVM shutdown against the writer thread). Here they raise ``Interrupted``, a
KeyboardInterrupt, in the main thread: the ingest abandons what is queued, the transaction in
flight commits or rolls back whole, and the CLI says what is committed and exits 128 + signal.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType


class Interrupted(KeyboardInterrupt):
    """Ctrl-C, SIGTERM or SIGHUP. ``committed`` is set by the ingest: articles written this run."""

    def __init__(self, signum: int = signal.SIGINT, committed: int | None = None) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.committed = committed

    @property
    def exit_code(self) -> int:
        return 128 + int(self.signum)

    @property
    def name(self) -> str:
        return "Ctrl-C" if self.signum == signal.SIGINT else signal.Signals(self.signum).name


_state = threading.local()


def _raise(signum: int, frame: FrameType | None) -> None:
    if getattr(_state, "deferring", False):
        _state.pending = signum
        return
    raise Interrupted(signum)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold a signal off while the embedded server starts or stops: interrupting server.stop()
    halfway leaves the JVM's threads running, and the process then never exits. The signal is
    raised as soon as the section is over."""
    outer = getattr(_state, "deferring", False)
    _state.deferring = True
    try:
        yield
    finally:
        _state.deferring = outer
        pending = getattr(_state, "pending", None)
        if not outer and pending is not None:
            _state.pending = None
            raise Interrupted(pending)


def install() -> None:
    """Route SIGTERM and SIGHUP (and SIGINT) to ``Interrupted``. Only the main thread can do this."""
    if threading.current_thread() is not threading.main_thread():
        return
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, _raise)
