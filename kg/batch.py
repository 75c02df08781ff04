"""Corpus mode: segment and extract every document, in parallel, with a cache.

``extract_all(corpus, settings, jobs, cache, on_error, progress)`` returns an
:class:`Extraction`: the segments and mentions of each witness, in corpus
order, whatever the number of processes. Documents are independent until the
resolve stage, so each one is segmented and extracted on its own, in a
process pool of at most *jobs* workers, each with two documents or more (each
worker reads the rule files once; fewer than four documents are extracted in
this process).

The cache holds one file per document under *cache* (e.g. ``build/.cache``),
named by a hash of everything the result depends on: the witness id and
text, kg's version and source code, and the bytes of the lexicon, authority and
pipeline files.
A changed document or rule file therefore misses the cache and is redone; an
entry that cannot be read back (truncated, corrupt, another format) is
ignored and redone. Entries are written atomically.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .authority import places_path
from .errors import InputError
from .model import Corpus, Mention, Segment, Source

CACHE_FORMAT = b"kg-extract-cache-1\n"


@dataclass(frozen=True)
class RuleFiles:
    """The rule files extraction reads; their bytes are part of the cache key."""

    lexicon: Path
    authority: Path
    pipeline: Path

    def named(self) -> dict[str, Path]:
        """Each file by what it is, the towns gazetteer beside the authority file included
        (also what a publication records as having built it, :func:`kg.describe.making`)."""
        return {"lexicon": Path(self.lexicon), "authority file": Path(self.authority),
                "pipeline": Path(self.pipeline), "towns gazetteer": places_path(self.authority)}

    def digest(self) -> str:
        h = hashlib.sha256(__version__.encode())
        h.update(code_digest().encode())
        for path in self.named().values():
            h.update(b"\x00" + (path.read_bytes() if path.is_file() else b""))
        return h.hexdigest()


@functools.cache
def code_digest() -> str:
    """A hash of kg's own source files: a change to the rules' code, not only to their data
    files, makes cached results stale (the version number alone is not bumped for every change)."""
    root = Path(__file__).parent
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode() + b"\x00" + path.read_bytes())
    return h.hexdigest()


@dataclass
class Extraction:
    segments: dict[str, list[Segment]]
    mentions: dict[str, list[Mention]]
    extracted: int = 0
    reused: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)   # (file, reason)


# Per-process state: the rules, read once per worker (or once in-process).
_RULES: dict[RuleFiles, tuple] = {}


def _rules(files: RuleFiles) -> tuple:
    if files not in _RULES:
        from .authority import load_authority
        from .registry import load_pipeline
        from .rules import load_lexicon

        _RULES[files] = (load_lexicon(files.lexicon), load_authority(files.authority),
                         load_pipeline(files.pipeline).extract)
    return _RULES[files]


def extract_one(source: Source, files: RuleFiles) -> tuple[list[Segment], list[Mention]]:
    """Segment and extract one witness."""
    from .extract import extract
    from .segment import segment

    lexicon, authority, components = _rules(files)
    segs = segment(source, lexicon)
    return segs, extract(source, segs, lexicon, authority, components)


def _worker_start(parent: int) -> None:
    """Set up a worker of the pool started by process *parent*.

    Signals: a forked worker inherits the parent's handlers (which raise to
    unwind the parent's run); in a worker that would only print a traceback.
    Ctrl-C is left to the parent, which stops handing out documents while
    the pool finishes the few it has started; SIGTERM and SIGHUP end a worker.

    And a worker ends with its parent, however the parent ends. A worker of
    a parent killed with SIGKILL would otherwise wait for work for ever,
    holding what it inherited: the output folder's lock among them (a
    forked flock is the parent's), so no later build could run there.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if not _kill_me_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:      # it ended before this worker could ask to be told
        os._exit(1)


def _kill_me_with_parent() -> bool:
    """Linux: ask the kernel for SIGKILL when the parent ends (PR_SET_PDEATHSIG); False elsewhere."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0      # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _work(args: tuple[Source, RuleFiles]):
    """Run in a worker: never raise, so one bad document cannot stop the pool."""
    source, files = args
    try:
        return True, extract_one(source, files)
    except Exception as exc:  # reported per document by the parent
        return False, f"{type(exc).__name__}: {exc}"


def _key(source: Source, rules_digest: str) -> str:
    h = hashlib.sha256(rules_digest.encode())
    h.update(b"\x00" + source.id.encode() + b"\x00" + source.text.encode("utf-8"))
    if source.markup or source.layout:
        # A TEI rendering's extraction also depends on its markup (kg.tei): the same
        # text with other tags is another document.
        h.update(b"\x00" + repr((source.markup, source.layout)).encode("utf-8"))
    return h.hexdigest()


def _read_cached(path: Path):
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(CACHE_FORMAT):
        return None
    try:
        value = pickle.loads(data[len(CACHE_FORMAT):])
    except Exception:  # a truncated or corrupt entry is redone, not trusted
        return None
    if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], list)
            and isinstance(value[1], list)):
        return None
    return value


def _write_cached(path: Path, value) -> None:
    from .export import write_atomic

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, CACHE_FORMAT + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover  (not on Linux)
        return max(1, os.cpu_count() or 1)


def extract_all(corpus: Corpus, files: RuleFiles, *, jobs: int | None = None,
                cache: Path | None = None, on_error: str = "fail",
                progress: Callable[[int, int], None] | None = None) -> Extraction:
    """Segment and extract every witness of *corpus* (see module docstring).

    *on_error* is ``"fail"`` (the first document that cannot be extracted
    raises InputError naming its file) or ``"skip"`` (it is left out and listed
    in ``Extraction.skipped``). *progress* is called with (done, total).
    """
    if on_error not in ("fail", "skip"):
        raise ValueError(f"on_error must be 'fail' or 'skip', not {on_error!r}")
    jobs = jobs or default_jobs()
    total = len(corpus.sources)
    out = Extraction(segments={}, mentions={})
    results: dict[str, tuple] = {}
    keys: dict[str, str] = {}
    todo: list[Source] = []
    if cache is not None:
        digest = files.digest()
        for src in corpus.sources:
            keys[src.id] = _key(src, digest)
            hit = _read_cached(cache / keys[src.id][:2] / keys[src.id])
            if hit is None:
                todo.append(src)
            else:
                results[src.id] = (True, hit)
        out.reused = len(results)
    else:
        todo = list(corpus.sources)
    done = len(results)
    if progress:
        progress(done, total)
    work = [(s, files) for s in todo]
    # A worker costs about half a second to start (kg's imports and the rules' patterns,
    # compiled in each process), more than a few documents take to extract: each gets two
    # documents or more, so the bundled memo's two copies are extracted in this process.
    workers = min(jobs, len(todo) // 2)
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers,
                                 initializer=_worker_start,
                                 initargs=(os.getpid(),)) as pool:
            chunk = max(1, min(16, len(todo) // (jobs * 8)))
            fresh = pool.map(_work, work, chunksize=chunk)
            for src, res in zip(todo, fresh):
                results[src.id] = res
                done += 1
                if progress:
                    progress(done, total)
    else:
        for src, w in zip(todo, work):
            results[src.id] = _work(w)
            done += 1
            if progress:
                progress(done, total)
    fresh_ids = {s.id for s in todo}
    for src in corpus.sources:
        ok, value = results[src.id]
        if not ok:
            if on_error == "fail":
                raise InputError(f"extraction failed ({value})", where=src.path,
                                 fix="fix or remove the document, or use --on-error skip")
            out.skipped.append((src.path, f"extraction failed ({value})"))
            continue
        if cache is not None and src.id in fresh_ids:
            _write_cached(cache / keys[src.id][:2] / keys[src.id], value)
        out.segments[src.id], out.mentions[src.id] = value
    out.extracted = total - out.reused - len(out.skipped)
    return out
