"""Run a command that must not outlive the process that started it.

``python -m kg.guard PARENT [--max-memory MIB] -- COMMAND...`` starts COMMAND
and waits for it, then exits with its status. If process PARENT ends first,
however it ends (SIGKILL and a crash allow it no cleanup of its own), the
guard ends COMMAND. SIGTERM, SIGINT and SIGHUP sent to the guard are passed
on to COMMAND, which is killed if it has not ended 4 s later.
``--max-memory`` caps COMMAND's data segment (Linux), as the guard's parent
would have done had it started COMMAND itself.

``kg serve`` runs its Oxigraph engine under a guard: a SPARQL server left
running by a killed ``kg serve`` would hold its port and its copy of the
store for ever. The guard imports nothing from kg beyond this module.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

POLL = 0.2          # seconds between looks at the parent and the command
GRACE = 4.0         # seconds a command has to end after SIGTERM before SIGKILL


def limit_memory(pid: int, mib: int) -> None:
    """Cap process *pid*'s data segment at *mib* MiB where the OS allows it (Linux)."""
    try:
        import resource
        limit = mib * 1024 * 1024
        resource.prlimit(pid, resource.RLIMIT_DATA, (limit, limit))
    except (ImportError, AttributeError, OSError):  # not Linux: no cap
        pass


def _end(child: subprocess.Popen) -> None:
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(GRACE)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def run(parent: int, command: list[str], max_memory: int = 0) -> int:
    """Run *command* until it ends, or until process *parent* does; its exit status."""
    stopping: list[int] = []

    def stop(signum, frame):
        stopping.append(signum)

    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)
    child = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    if max_memory:
        limit_memory(child.pid, max_memory)
    while child.poll() is None:
        if stopping or os.getppid() != parent:
            _end(child)
            break
        try:
            child.wait(POLL)
        except subprocess.TimeoutExpired:
            pass
    code = child.returncode
    return 128 - code if code < 0 else code


def main(argv: list[str]) -> int:
    try:
        split = argv.index("--")
        parent, options, command = int(argv[0]), argv[1:split], argv[split + 1:]
        if options and (len(options) != 2 or options[0] != "--max-memory"):
            raise ValueError
        max_memory = int(options[1]) if options else 0
        if not command:
            raise ValueError
    except (ValueError, IndexError):
        print("usage: python -m kg.guard PARENT [--max-memory MIB] -- COMMAND...", file=sys.stderr)
        return 2
    if os.getppid() != parent:      # it ended before this guard began
        return 1
    return run(parent, command, max_memory)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
