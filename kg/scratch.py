"""Temporary folders under $TMPDIR that the next run removes if their run was killed.

A run that ends, fails or is stopped by SIGTERM removes its temporary
folders itself. One killed outright (SIGKILL, or the kernel's out-of-memory
killer, the likeliest end of a build too large for the machine) cannot, and
a large build leaves gigabytes of sorted rows and stores behind. So every
folder made by :func:`folder` holds a file naming its owner (process id and
PID namespace), and :func:`reap` (run by :func:`folder` and at the start of
``kg build``) removes kg's folders whose owner has ended. A folder whose
owner runs, runs in another PID namespace (another container sharing the
folder) or cannot be told is left alone.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

OWNER = ".kg-owner"
KINDS = ("kg-rows-", "kg-store-", "kg-serve-")     # the prefixes of the folders kg makes


def folder(prefix: str) -> str:
    """A new folder ``$TMPDIR/<prefix>XXXX`` owned by this process, after :func:`reap`.

    *prefix* is one of :data:`KINDS`. Raises OSError if it cannot be made.
    """
    reap()
    path = tempfile.mkdtemp(prefix=prefix)
    Path(path, OWNER).write_text(f"{os.getpid()} {_namespace()}\n", encoding="ascii")
    return path


def reap() -> list[Path]:
    """Remove kg's folders in $TMPDIR (:data:`KINDS`) whose owner has ended; the ones removed."""
    removed = []
    here = _namespace()
    tmp = Path(tempfile.gettempdir())
    for path in sorted(p for kind in KINDS for p in tmp.glob(kind + "*")):
        try:
            pid, _, namespace = (path / OWNER).read_text(encoding="ascii").strip().partition(" ")
            pid_number = int(pid)
        except (OSError, ValueError, UnicodeDecodeError):
            continue        # not made by folder(), or not yet labelled: not ours to judge
        if namespace == here and not _alive(pid_number):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _namespace() -> str:
    try:
        return os.readlink("/proc/self/ns/pid")
    except OSError:     # not Linux: one namespace
        return "-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True     # another user's process (PermissionError), or unknown: leave its folder
    return True
