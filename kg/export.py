"""Export stage: serialize a dataset deterministically and write it atomically.

``serialize(dataset, fmt)`` returns bytes that are identical run after run for
the same graph: N-Triples and N-Quads are sorted line by line, Turtle and
TriG come from rdflib's pretty serializers over IRI-only graphs (no blank
nodes, so no random labels), and JSON-LD is built from sorted quads and
compacted with the shipped context (``ontology/context.jsonld``) by pyld,
whose document loader refuses the network. Turtle and N-Triples carry the
union of all named graphs; N-Quads, TriG and JSON-LD keep the graphs.

JSON-LD 1.1: https://www.w3.org/TR/json-ld11/ ; N-Quads: https://www.w3.org/TR/n-quads/
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, XSD

from . import formats, resources
from .errors import InputError, OutputError
from .formats import RdfFormat


def union(ds: Dataset) -> Graph:
    """All triples of all named graphs, as one graph with the dataset's prefixes."""
    g = Graph()
    for prefix, ns in ds.namespaces():
        g.bind(prefix, ns)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


_DEFAULT_SUFFIX = f" <{DATASET_DEFAULT_GRAPH_ID}> ."


def _sorted_lines(text: str) -> bytes:
    # rdflib names the default graph in N-Quads; in the standard it has no name.
    # Lines end in "\n" only: str.splitlines() would also cut at U+2028, U+0085,
    # form feeds and the like, which N-Quads allows raw inside literals.
    lines = sorted({ln[:-len(_DEFAULT_SUFFIX)] + " ." if ln.endswith(_DEFAULT_SUFFIX) else ln
                    for ln in text.split("\n") if ln.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8")


def _refuse_loader(url, options=None):
    from pyld.jsonld import JsonLdError

    raise JsonLdError(f"kg does not fetch remote JSON-LD documents ({url})",
                      "jsonld.LoadDocumentError", code="loading document failed")


def load_context(path: str | Path = resources.CONTEXT) -> dict:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("JSON-LD context not found", where=str(path)) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON-LD context is not valid JSON ({exc.msg}, line {exc.lineno})",
                         where=str(path)) from None
    return doc["@context"] if "@context" in doc else doc


def _term(t) -> dict:
    if isinstance(t, URIRef):
        return {"@id": str(t)}
    if isinstance(t, BNode):
        return {"@id": f"_:{t}"}
    out = {"@value": str(t)}
    if t.language:
        out["@language"] = t.language
    elif t.datatype and t.datatype != XSD.string:
        out["@type"] = str(t.datatype)
    return out


def _expanded(ds: Dataset) -> list:
    """Expanded JSON-LD, one named graph each, with owned nodes nested.

    A node whose IRI is another's plus a fragment (a span's selectors) and that
    only that node refers to is written inside it.
    """
    graphs = []
    for gid in sorted({str(c.identifier) for c in ds.graphs() if len(c)}):
        g = ds.graph(URIRef(gid))
        nodes: dict[str, dict] = {}
        refs: dict[str, int] = {}
        for s, p, o in sorted(g, key=lambda t: (str(t[0]), str(t[1]), t[2].n3())):
            node = nodes.setdefault(str(s), {"@id": str(s)})
            if p == RDF.type:
                node.setdefault("@type", []).append(str(o))
            else:
                node.setdefault(str(p), []).append(_term(o))
                if not isinstance(o, Literal):
                    refs[str(o)] = refs.get(str(o), 0) + 1
        owned = {i for i in nodes if "#" in i and refs.get(i) == 1 and i.split("#")[0] in nodes}
        for node in nodes.values():
            for key, values in node.items():
                if key.startswith("@"):
                    continue
                node[key] = [nodes[v["@id"]] if v.get("@id") in owned else v for v in values]
        top = [n for i, n in sorted(nodes.items()) if i not in owned]
        if gid == str(DATASET_DEFAULT_GRAPH_ID):
            graphs.extend(top)      # the default graph's nodes stand at the top level
        else:
            graphs.append({"@id": gid, "@graph": top})
    return graphs


class _NoFetch:
    """A pyld document loader that refuses every URL and remembers the first one."""

    def __init__(self):
        self.refused: str | None = None

    def __call__(self, url, options=None):
        self.refused = self.refused or url
        _refuse_loader(url, options)


def _remote_refused(url: str, where: str) -> InputError:
    return InputError(f"the JSON-LD names a remote document <{url}> (a @context or @import), "
                      "which kg does not fetch", where=where,
                      fix="put the context into the file as an object instead of a URL")


def to_jsonld(ds: Dataset, context: dict, where: str = "the JSON-LD context") -> bytes:
    from pyld import jsonld

    loader = _NoFetch()
    try:
        compacted = jsonld.compact(_expanded(ds), {"@context": context},
                                   {"documentLoader": loader, "compactArrays": True})
    except jsonld.JsonLdError as exc:
        if loader.refused:
            raise _remote_refused(loader.refused, where) from None
        raise InputError(f"JSON-LD compaction failed ({_first_line(exc)})", where=where) from None
    return (json.dumps(compacted, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def serialize(ds: Dataset, fmt: RdfFormat, context_path: str | Path = resources.CONTEXT) -> bytes:
    """Serialize *ds* in *fmt*; byte-identical for the same dataset."""
    if fmt is formats.N_QUADS:
        return _sorted_lines(ds.serialize(format="nquads"))
    if fmt is formats.N_TRIPLES:
        return _sorted_lines(union(ds).serialize(format="nt"))
    if fmt is formats.TURTLE:
        return union(ds).serialize(format="turtle").encode("utf-8")
    if fmt is formats.TRIG:
        return _trig(ds)
    if fmt is formats.JSON_LD:
        return to_jsonld(ds, load_context(context_path), str(context_path))
    raise AssertionError(fmt)


def _trig(ds: Dataset) -> bytes:
    """TriG with graphs in IRI order (rdflib's own order follows hashing)."""
    parts = []
    prefixes = sorted(ds.namespaces(), key=lambda p: p[0])
    parts.extend(f"@prefix {p}: <{ns}> ." for p, ns in prefixes)
    parts.append("")
    for gid in sorted({str(c.identifier) for c in ds.graphs() if len(c)}):
        g = Graph()
        for p, ns in prefixes:
            g.bind(p, ns)
        for t in ds.graph(URIRef(gid)):
            g.add(t)
        lines = g.serialize(format="turtle").split("\n")
        # Drop only the leading @prefix block: a long literal may hold a line that
        # starts with "@prefix", and may hold U+2028 and the like, which
        # str.splitlines() would take for line ends.
        while lines and (lines[0].startswith("@prefix") or not lines[0].strip()):
            lines.pop(0)
        body = "\n".join(lines).strip()
        name = "" if gid == str(DATASET_DEFAULT_GRAPH_ID) else f"<{gid}> "
        parts.append(f"{name}{{\n{body}\n}}\n")
    return ("\n".join(parts)).encode("utf-8")


def slow_writes() -> float:
    """Seconds to pause in the middle of each write: ``KG_SLOW_WRITES``, for crash tests.

    It only slows a run down (so a test can kill it while it writes); 0 when unset.
    """
    try:
        return max(0.0, float(os.environ.get("KG_SLOW_WRITES", "0")))
    except ValueError:
        return 0.0


LOCK_NAME = ".kg.lock"


@contextlib.contextmanager
def output_lock(lock_path: str | Path, what: str):
    """Hold an exclusive lock on *lock_path* while writing *what*, or raise OutputError.

    ``fcntl.flock``: the kernel releases it when the holder exits, however it
    exits (even SIGKILL), so a lock file a killed run left behind is simply
    taken over, with no PID guessing. The file holds the holder's PID for the
    message, and is removed on release (after checking, on taking it, that it
    is still the file at *lock_path*, so two runs cannot lock different files).
    Where flock is missing (not POSIX) no lock is taken.
    """
    try:
        import fcntl
    except ImportError:     # Windows: no lock
        yield
        return
    lock_path = Path(lock_path)
    while True:
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(f"cannot create the lock file ({exc.strerror})",
                              where=str(lock_path)) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise OutputError(f"another kg run (pid {holder}) is writing {what}", where=str(lock_path),
                              fix="wait until it has finished, then run again") from None
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(lock_path))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)        # the holder we waited for removed it: lock the new one
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock_path)
        os.close(fd)


def remove_leftovers(folder: Path, name: str) -> None:
    """Delete temporary files a killed run left beside *name* (call under the lock)."""
    for p in folder.glob(f".{name}.*.tmp"):
        with contextlib.suppress(OSError):
            p.unlink()


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write *data* to *path* via a temporary file, fsync and a rename.

    A reader, or a run killed at any moment, sees the old file or the new one,
    never a part.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError("output folder does not exist", where=str(folder),
                          fix="create it first or choose another path")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            if pause := slow_writes():
                half = len(data) // 2
                fh.write(data[:half])
                fh.flush()
                time.sleep(pause)
                data = data[half:]
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def read_dataset(path: str | Path) -> Dataset:
    """Read a dataset written by ``kg build`` (N-Quads) or any RDF file."""
    path = Path(path)
    if not path.exists():
        raise InputError("no built dataset", where=str(path), fix="run `kg build` first")
    fmt = formats.guess_format(path) or formats.N_QUADS
    ds = Dataset()
    if fmt is formats.JSON_LD:
        # Not rdflib's JSON-LD parser: it fetches remote contexts.
        ds.parse(data=jsonld_to_nquads(path), format="nquads")
        return _bind(ds)
    rdflib_name = {"turtle": "turtle", "json-ld": "json-ld", "nt": "nt", "nquads": "nquads",
                   "trig": "trig"}[fmt.name]
    try:
        if fmt.supports_datasets:
            ds.parse(path, format=rdflib_name)
        else:
            ds.graph(URIRef(path.resolve().as_uri())).parse(path, format=rdflib_name)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise InputError(f"cannot parse RDF ({type(exc).__name__}: {str(exc).splitlines()[0][:200]})",
                         where=str(path)) from None
    return _bind(ds)


def _bind(ds: Dataset) -> Dataset:
    from .build import PREFIXES

    for p, ns in PREFIXES.items():
        ds.bind(p, ns, replace=True)
    return ds


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:200]


def jsonld_to_nquads(path: str | Path) -> str:
    """The quads of the JSON-LD file at *path* as N-Quads text, fetching nothing.

    pyld's JSON-LD 1.1 processor with a document loader that refuses every URL:
    a remote ``@context`` or ``@import`` is an InputError, and no connection is made.
    """
    from pyld import jsonld

    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not valid JSON ({_first_line(exc)})", where=str(path)) from None
    loader = _NoFetch()
    try:
        return jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": loader,
                                   "base": path.resolve().as_uri()})
    except jsonld.JsonLdError as exc:
        if loader.refused:
            raise _remote_refused(loader.refused, str(path)) from None
        raise InputError(f"cannot read JSON-LD ({_first_line(exc)})", where=str(path)) from None
