"""Exceptions raised by kg.

Every failure a user can act on is a :class:`KGError` carrying *where* the
problem is (a source id or path, a line/offset, a shape or term IRI). The CLI
turns one into a single ``Error: <what> in <where>: <how to fix>`` line and the
exit code stored on the class, in the manner of click's ``ClickException``.
"""

from __future__ import annotations

import contextlib
import signal
import threading


def first_line(exc: BaseException, limit: int = 200) -> str:
    """The first line of *exc*'s message (its class name if it has none), for a one-line error."""
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:limit]


class KGError(Exception):
    """Base class of every error kg reports to a user."""

    exit_code = 2

    def __init__(self, what: str, *, where: str | None = None, fix: str | None = None):
        super().__init__(what)
        self.what = what
        self.where = where
        self.fix = fix

    def __str__(self) -> str:
        text = self.what
        if self.where:
            text += f" in {self.where}"
        if self.fix:
            text += f": {self.fix}"
        return text


class InputError(KGError):
    """A source file, manifest or data file cannot be read or is malformed."""


class ConfigError(KGError):
    """An option, rule file or pipeline configuration is wrong."""


class OutputError(KGError):
    """An output cannot be written where the user asked."""


class NonConformingGraph(KGError):
    """The graph does not conform to the SHACL shapes (exit code 1)."""

    exit_code = 1


class QueryError(KGError):
    """A SPARQL query cannot be found, parsed, bound or run.

    ``line`` and ``column`` (1-based) locate a syntax error in the query text.
    """

    def __init__(self, what: str, *, where: str | None = None, fix: str | None = None,
                 line: int | None = None, column: int | None = None):
        super().__init__(what, where=where, fix=fix)
        self.line = line
        self.column = column


class PushError(KGError):
    """A triplestore cannot be reached or refused a graph.

    ``replaced`` and ``not_replaced`` name the graphs (IRIs) that the store did
    and did not take before the failure, so a caller can tell what changed.
    """

    def __init__(self, what: str, *, where: str | None = None, fix: str | None = None,
                 replaced: tuple[str, ...] = (), not_replaced: tuple[str, ...] = ()):
        super().__init__(what, where=where, fix=fix)
        self.replaced = replaced
        self.not_replaced = not_replaced


class ServeError(KGError):
    """The server cannot start: the port is taken, the engine is missing or fails."""


class Stopped(BaseException):
    """The process was asked to stop (SIGTERM, SIGHUP): unwind so cleanup runs.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception``
    on the way up takes it for a failure of its own.
    """

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


STOP_SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n))


@contextlib.contextmanager
def stop_on_signals():
    """While the block runs, SIGTERM and SIGHUP raise :class:`Stopped`.

    Python's default for SIGTERM ends the process at once: no ``finally``,
    no ``with`` exit, no atexit, so temporary rows and stores (gigabytes for a
    large corpus) would stay in $TMPDIR. Raising instead lets them be removed
    on the way out. A second signal while unwinding is ignored, so cleanup
    is not cut short; SIGKILL still ends the process at once.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        for s in STOP_SIGNALS:
            signal.signal(s, signal.SIG_IGN)
        raise Stopped(signum)

    previous = {s: signal.signal(s, stop) for s in STOP_SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
