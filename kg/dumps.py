"""Several serializations of one dataset, written side by side in processes.

Each of kg's writers (:func:`kg.export.serialize_chunks`) runs on about one
core: Turtle and TriG are Oxigraph's writers fed with rows read in Python,
JSON-LD is compacted in Python. Writing three or five formats of a large
dataset one after another therefore leaves the other cores idle.
:func:`write_dumps` gives each file its own process (at most *jobs* at a
time, the slowest formats first) and the files are the same, byte for byte,
as written one by one.

The processes are started fresh (``spawn``): a forked copy of a process that
has run Oxigraph's threads is not safe to use, and a fresh one works the
same on every platform. Each is handed the rows, not a copy of the work
before: on disk (past :data:`kg.quads.SPILL_ROWS`) only the names of the
files, in memory the rows themselves. Below :data:`PARALLEL_ROWS` quads the
files are written in this process, which is quicker than starting others.

All or nothing: every file is written to a temporary file beside it and the
temporary files are renamed only once all are written, so a failure in any
writer (or a signal) leaves every target as it was.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import tempfile
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

from . import resources
from .errors import KGError, OutputError
from .formats import RdfFormat
from .quads import Quads

T = TypeVar("T")
PARALLEL_ROWS = 200_000     # quads from which the files are written in processes

# How long a format takes to write, roughly, relative to N-Triples (measured at
# 1,000 generated documents): the slowest start first, so they end together.
_COST = {"json-ld": 4.0, "trig": 2.5, "turtle": 2.0, "nquads": 1.0, "nt": 1.0}


@dataclass(frozen=True)
class Dump:
    """One file to write: where, in which format, and whether gzipped."""

    path: Path
    fmt: RdfFormat
    compress: bool = False      # gzip with no file name and mtime 0: the same data, the same bytes


def write_dumps(quads: Quads, dumps: Iterable[Dump], context: str | Path = resources.CONTEXT, *,
                jobs: int | None = None, durable: bool = True,
                min_rows: int = PARALLEL_ROWS, meanwhile: Callable[[], T] | None = None) -> T | None:
    """Write every dump of *quads*, each in its own process when there are many quads.

    *jobs* is the number of processes at once (default: all cores; 1 writes
    in this process); *min_rows* the number of quads below which the files
    are written here. *durable* fsyncs each file before it is renamed into
    place. Raises what the writer of the first file to fail raised
    (OutputError if its process ended without a word); no target is then
    changed.

    *meanwhile*, if given, is called while the processes write (on a thread
    of this process; before writing when the files are written here) and
    its result is returned: ``kg publish`` checks the graph against the
    shapes meanwhile. If it raises, the writers are stopped, no target is
    changed, and its exception is raised.
    """
    from .batch import default_jobs

    dumps = list(dumps)
    temps: list[str] = []
    try:
        for d in dumps:
            folder = d.path.parent if str(d.path.parent) else Path(".")
            if not folder.is_dir():
                raise OutputError("output folder does not exist", where=str(folder),
                                  fix="create it first or choose another path")
            fd, tmp = tempfile.mkstemp(prefix=f".{d.path.name}.", suffix=".tmp", dir=folder)
            os.close(fd)
            temps.append(tmp)
        jobs = min(jobs or default_jobs(), len(dumps))
        if jobs > 1 and len(quads) >= min_rows:
            quads.prefixes              # found once here, not in every process
            result = _in_processes(quads, list(zip(dumps, temps)), str(context), durable, jobs,
                                   meanwhile)
        else:
            result = meanwhile() if meanwhile else None
            for d, tmp in zip(dumps, temps):
                _write(quads, d, tmp, str(context), durable)
        for d, tmp in zip(dumps, temps):
            os.replace(tmp, d.path)
        return result
    except BaseException:
        for tmp in temps:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise


def _write(quads: Quads, dump: Dump, tmp: str, context: str, durable: bool) -> None:
    """Write *dump*'s serialization of *quads* to the file *tmp*."""
    from .export import serialize_chunks, write_pieces

    with open(tmp, "wb") as fh:
        out = gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0, compresslevel=9) \
            if dump.compress else fh
        with out if dump.compress else contextlib.nullcontext():
            write_pieces(out, serialize_chunks(quads, dump.fmt, context))
        if durable:
            fh.flush()
            os.fsync(fh.fileno())


def _in_processes(quads: Quads, work: list[tuple[Dump, str]], context: str, durable: bool,
                  jobs: int, meanwhile=None):
    import multiprocessing
    import threading
    from multiprocessing.connection import wait

    done: list = []             # meanwhile's (True, result) or (False, exception)

    def run_meanwhile() -> None:
        try:
            done.append((True, meanwhile()))
        except BaseException as exc:     # raised in the caller's thread below
            done.append((False, exc))

    beside = threading.Thread(target=run_meanwhile, name="kg-meanwhile", daemon=True) \
        if meanwhile else None

    spawn = multiprocessing.get_context("spawn")
    todo = sorted(work, key=lambda w: -_COST.get(w[0].fmt.name, 1.0) * (2 if w[0].compress else 1))
    running: dict = {}          # the reading end of each running writer's pipe -> (process, dump)
    failure: BaseException | None = None
    if beside is not None:
        beside.start()
    try:
        while todo or running:
            while todo and len(running) < jobs and failure is None:
                dump, tmp = todo.pop(0)
                receive, send = spawn.Pipe(duplex=False)
                proc = spawn.Process(target=_child, name=f"kg-write-{dump.fmt.name}", daemon=True,
                                     args=(send, os.getpid(), quads, dump, tmp, context, durable))
                proc.start()
                send.close()
                running[receive] = (proc, dump)
            if done and not done[0][0]:
                break
            if not running:
                break
            # A writer ends after sending its word; one that ends without (killed, or
            # failed while starting) is seen by its sentinel.
            ready = set(wait([*running, *(proc.sentinel for proc, _ in running.values())],
                             timeout=0.2 if beside and not done else None))
            for receive in [r for r in running if r in ready or running[r][0].sentinel in ready]:
                proc, dump = running[receive]
                if receive.poll():
                    try:
                        outcome = receive.recv()
                    except EOFError:
                        outcome = _ended(proc, dump)
                elif proc.sentinel in ready:
                    outcome = _ended(proc, dump)
                else:
                    continue
                del running[receive]
                receive.close()
                proc.join()
                if outcome is not None and failure is None:
                    failure = outcome
            if failure is not None:
                break
    finally:
        for receive, (proc, _) in running.items():      # a failure or a signal: stop the rest
            proc.terminate()
            proc.join()
            receive.close()
    if beside is not None:
        beside.join()
        ok, value = done[0]
        if not ok:
            raise value
    if failure is not None:
        raise failure
    return done[0][1] if done else None


def _ended(proc, dump: Dump) -> OutputError:
    """The error for a writer that ended without sending a word: killed, or failed to start."""
    proc.join()
    return OutputError(f"the process writing {dump.fmt} ended unexpectedly (exit code {proc.exitcode})",
                       where=str(dump.path))


def _child(send, parent: int, quads: Quads, dump: Dump, tmp: str, context: str, durable: bool) -> None:
    """A writer process: write one file, then send None, or the exception that stopped it."""
    from .batch import _worker_start

    _worker_start(parent)       # signals as a worker's; ends with its parent
    try:
        _write(quads, dump, tmp, context, durable)
        outcome = None
    except BaseException as exc:
        if not isinstance(exc, KGError):        # for --debug: where it happened
            exc.add_note("in the process writing " + str(dump.path) + ":\n" + traceback.format_exc())
        outcome = exc
    try:
        send.send(outcome)
    except Exception:           # an exception that cannot be pickled: its words
        send.send(OutputError(f"writing {dump.fmt} failed ({type(outcome).__name__}: {outcome})",
                              where=str(dump.path)))
    send.close()

