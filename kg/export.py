"""Export stage: serialize a dataset deterministically and write it atomically.

``serialize(dataset, fmt)`` returns bytes that are identical run after run for
the same graph. The dataset is :class:`kg.quads.Quads`, sorted rows of the
N-Triples forms of its terms: N-Quads and N-Triples are those rows written
in pieces, Turtle and TriG pyoxigraph's writers over that order (build makes
no blank nodes, so no random labels). JSON-LD is compacted with the shipped context
(``ontology/context.jsonld``) straight from the sorted quads when the context
is simple (:class:`_Compactor`), else by pyld, whose document loader refuses
the network. Turtle and N-Triples carry the union of all named graphs;
N-Quads, TriG and JSON-LD keep the graphs.

JSON-LD 1.1: https://www.w3.org/TR/json-ld11/ ; N-Quads: https://www.w3.org/TR/n-quads/
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import Dataset
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, XSD

from . import formats, resources
from .errors import InputError, OutputError, first_line
from .formats import RdfFormat
from .quads import Quads, from_rdflib


def to_quads(ds: "Dataset | Quads") -> Quads:
    """*ds* as sorted N-Triples rows (:class:`kg.quads.Quads`); an rdflib Dataset is converted."""
    if isinstance(ds, Quads):
        return ds
    cache: dict = {}

    def term(t) -> str:
        hit = cache.get(t)
        if hit is None:
            try:
                o = "" if t == DATASET_DEFAULT_GRAPH_ID else str(from_rdflib(t))
            except ValueError as exc:
                raise OutputError(f"cannot write the term {t.n3()[:200]} ({first_line(exc)})",
                                  where="the dataset") from None
            hit = cache[t] = o
        return hit

    rows: set[tuple] = set()
    for graph in ds.graphs():
        gk = term(graph.identifier)
        for s, p, o in graph.triples((None, None, None)):
            rows.add((gk, term(s), term(p), term(o)))
    return Quads(sorted(rows), {p: str(ns) for p, ns in ds.namespaces()})


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


_RDF_TYPE = str(RDF.type)
_XSD_STRING = str(XSD.string)


def _ref(t) -> str:
    """A node's identifier as JSON-LD writes it: the IRI, or ``_:`` and a blank node's id."""
    return t.value if t.__class__.__name__ == "NamedNode" else f"_:{t.value}"


class _Expanded:
    """Expanded JSON-LD names: full IRIs and value objects (what pyld compacts)."""

    ID, TYPE, compact_arrays = "@id", "@type", False

    def id(self, ref: str) -> str:
        return ref

    type = id

    def prop(self, p: str, o) -> tuple[str, object]:
        return p, _value_object(o, lambda dt: dt, "@id", "@value", "@type", "@language")


def _value_object(o, name_type, id_key, value_key, type_key, lang_key) -> dict:
    if o.__class__.__name__ != "Literal":
        return {id_key: _ref(o)}
    out = {value_key: o.value}
    if o.language:
        out[lang_key] = o.language
    elif o.datatype.value != _XSD_STRING:
        out[type_key] = name_type(o.datatype.value)
    return out


def _tree(q: Quads, names) -> list:
    """The top-level node objects of :func:`_iter_tree`, as a list."""
    return list(_iter_tree(q, names))


def _iter_tree(q: Quads, names) -> Iterator[dict]:
    """Node objects per graph, each node's triples together, owned nodes nested.

    A node whose IRI is another's plus a fragment (a span's selectors) and that
    only that node refers to is written inside it. *names* spells identifiers,
    types and properties: in full (:class:`_Expanded`) or compacted with a
    context (:class:`_Compactor`).
    """
    from itertools import groupby

    for graph, quads in groupby(q.iter_quads(), key=lambda x: x.graph_name):
        nodes: dict[str, dict] = {}
        values: dict[str, list] = {}
        refs: dict[str, int] = {}
        for quad in quads:
            sid, p, o = _ref(quad.subject), quad.predicate.value, quad.object
            node = nodes.get(sid)
            if node is None:
                node = nodes[sid] = {names.ID: names.id(sid)}
                values[sid] = []
            literal = o.__class__.__name__ == "Literal"
            if p == _RDF_TYPE and not literal:
                node.setdefault(names.TYPE, []).append(names.type(_ref(o)))
                continue
            key, value = names.prop(p, o)
            ref = None if literal else _ref(o)
            values[sid].append((key, value, ref))
            if ref is not None:
                refs[ref] = refs.get(ref, 0) + 1
        owned = {i for i in nodes if "#" in i and refs.get(i) == 1 and i.split("#")[0] in nodes}
        for sid, node in nodes.items():
            for key, value, ref in values[sid]:
                node.setdefault(key, []).append(nodes[ref] if ref in owned else value)
            if names.compact_arrays:
                for key, vs in node.items():
                    if isinstance(vs, list) and len(vs) == 1:
                        node[key] = vs[0]
        top = [n for i, n in nodes.items() if i not in owned]
        if graph.__class__.__name__ == "DefaultGraph":
            yield from top      # the default graph's nodes stand at the top level
        else:
            yield {names.ID: names.id(_ref(graph)), "@graph": top}


class _Unsupported(Exception):
    """The context uses a feature :class:`_Compactor` does not handle: pyld compacts instead."""


_GEN_DELIMS = tuple(":/?#[]@")
ID_CACHE = 100_000      # node identifiers _Compactor remembers


class _Compactor:
    """JSON-LD 1.1 compaction for simple contexts, written straight from sorted quads.

    Handles what kg's shipped context uses: ``@vocab``, prefixes, terms that
    are an IRI or ``{"@id", "@type"}`` with ``@type`` a datatype, ``@id`` or
    ``@vocab``, and aliases of ``@id`` / ``@type``. A term is used only where
    expanding it gives the triple back: a coerced value is written as a plain
    string only when its kind matches the term's ``@type``, otherwise as a
    value or node object. Anything else in the context (containers, scoped
    contexts, ``@language``, ``@base``, ``@reverse``, ...) raises
    :class:`_Unsupported`, and pyld's full compaction algorithm runs instead.
    https://www.w3.org/TR/json-ld11-api/#compaction-algorithms
    """

    compact_arrays = True

    def __init__(self, context):
        if not isinstance(context, dict):
            raise _Unsupported("context is not one object")
        self.ctx = context
        self.vocab = context.get("@vocab")
        if self.vocab is not None and not isinstance(self.vocab, str):
            raise _Unsupported("@vocab")
        aliases: dict[str, list] = {}
        self.terms: dict[str, tuple[str, str | None]] = {}     # term -> (IRI, @type)
        for key, value in context.items():
            if key.startswith("@"):
                if key != "@vocab":
                    raise _Unsupported(key)
                continue
            if ":" in key or "/" in key or key == "":
                raise _Unsupported(f"term {key!r}")
            if isinstance(value, str) and value.startswith("@"):
                aliases.setdefault(value, []).append(key)
                continue
            if isinstance(value, str):
                self.terms[key] = (self._expand(value, ()), None)
            elif isinstance(value, dict) and set(value) <= {"@id", "@type"} and isinstance(
                    value.get("@id"), str) and isinstance(value.get("@type", ""), str):
                coerce = value.get("@type")
                if coerce not in (None, "@id", "@vocab"):
                    coerce = self._expand(coerce, ())
                self.terms[key] = (self._expand(value["@id"], ()), coerce)
            else:
                raise _Unsupported(f"term {key!r}")
        if set(aliases) - {"@id", "@type"}:
            raise _Unsupported("keyword alias")
        self.ID = min(aliases.get("@id", ["@id"]), key=lambda k: (len(k), k))
        self.TYPE = min(aliases.get("@type", ["@type"]), key=lambda k: (len(k), k))
        self.by_iri: dict[str, list] = {}
        for term, (iri, coerce) in sorted(self.terms.items(), key=lambda kv: (len(kv[0]), kv[0])):
            self.by_iri.setdefault(iri, []).append((term, coerce))
        # Prefixes: simple terms whose IRI ends in a gen-delim; longest namespace first.
        self.prefixes = sorted(((iri, term) for term, (iri, coerce) in self.terms.items()
                                if coerce is None and isinstance(context[term], str)
                                and iri.endswith(_GEN_DELIMS)), key=lambda p: (-len(p[0]), p[1]))
        self._cache: dict = {}      # types and properties: a few hundred
        self._ids: dict[str, str] = {}

    def _expand(self, value: str, seen: tuple) -> str:
        if value.startswith("@") or value in seen:
            raise _Unsupported(value)
        if ":" in value:
            prefix, suffix = value.split(":", 1)
            if suffix.startswith("//") or prefix not in self.ctx:
                return value
            target = self.ctx[prefix]
            if not isinstance(target, str):
                raise _Unsupported(f"prefix {prefix!r}")
            return self._expand(target, seen + (value,)) + suffix
        if value in self.ctx and isinstance(self.ctx[value], str):
            return self._expand(self.ctx[value], seen + (value,))
        if self.vocab is None or value in self.ctx:
            raise _Unsupported(value)
        return self.vocab + value

    def _absolute(self, iri: str) -> str:
        """*iri* written in full, if nothing in the context would read it as a compact IRI."""
        prefix, _, suffix = iri.partition(":")
        if prefix in self.ctx and not suffix.startswith("//"):
            raise _Unsupported(f"IRI {iri!r} reads as a compact IRI")
        return iri

    def _curie(self, iri: str) -> str | None:
        for ns, term in self.prefixes:
            if iri.startswith(ns) and len(iri) > len(ns):
                local = iri[len(ns):]
                curie = f"{term}:{local}"
                if not local.startswith("//") and curie not in self.ctx:
                    return curie
        return None

    def id(self, ref: str) -> str:
        """A node identifier (document-relative: no terms, no @vocab)."""
        if ref.startswith("_:"):
            return ref
        hit = self._ids.get(ref)
        if hit is None:
            # Bounded: a node is named again mostly within its graph, and a memo of
            # every IRI grew with the dataset (some 300 MB at 10,000 documents).
            if len(self._ids) >= ID_CACHE:
                self._ids.clear()
            hit = self._ids[ref] = self._curie(ref) or self._absolute(ref)
        return hit

    def type(self, ref: str) -> str:
        """A type or @vocab value: a term, a name under @vocab, a compact IRI or the IRI."""
        if ref.startswith("_:"):
            return ref
        key = ("vocab", ref)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = self._vocab(ref)
        return hit

    def _vocab(self, iri: str) -> str:
        for term, coerce in self.by_iri.get(iri, ()):
            if coerce is None:
                return term
        if self.vocab and iri.startswith(self.vocab):
            local = iri[len(self.vocab):]
            if local and local not in self.ctx and not any(c in local for c in ":/?#[]@"):
                return local
        return self._curie(iri) or self._absolute(iri)

    def prop(self, p: str, o) -> tuple[str, object]:
        """The key and value for a triple's predicate *p* and object *o*."""
        literal = o.__class__.__name__ == "Literal"
        if literal:
            kind = "@language" if o.language else o.datatype.value
        else:
            kind = "@id"
        key = (p, kind)
        choice = self._cache.get(key)
        if choice is None:
            choice = self._cache[key] = self._choose(p, kind)
        term, short = choice
        if short == "@id":
            return term, self.id(_ref(o))
        if short == "@vocab":
            return term, self.type(_ref(o))
        if short:
            return term, o.value
        return term, _value_object(o, self.type, self.ID, "@value", self.TYPE, "@language")

    def _choose(self, p: str, kind: str) -> tuple[str, str | None]:
        """(key, how the value may be shortened: "@id", "@vocab", "string" or None)."""
        candidates = self.by_iri.get(p, ())
        for term, coerce in candidates:
            if kind == "@id" and coerce in ("@id", "@vocab"):
                return term, coerce
            if kind not in ("@id", "@language") and coerce == kind:
                return term, "string"
        for term, coerce in candidates:
            if coerce is None:
                return term, ("string" if kind == _XSD_STRING else None)
        if candidates:      # only terms coerced to another type: a value object is still exact
            return candidates[0][0], None
        return self._vocab(p), ("string" if kind == _XSD_STRING else None)


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


class _Listed:
    """Quads in the order given, for :func:`_tree` (a page's triples, already sorted)."""

    def __init__(self, quads: list):
        self.quads = quads

    def iter_quads(self):
        return iter(self.quads)


def triples_to_jsonld(triples: list, context: dict, where: str = "the JSON-LD context") -> bytes:
    """Compacted JSON-LD of *triples* (pyoxigraph), in their order, as :func:`to_jsonld` writes it."""
    import pyoxigraph as ox

    return to_jsonld(_Listed([ox.Quad(t.subject, t.predicate, t.object) for t in triples]),
                     context, where)


def to_jsonld(ds: "Dataset | Quads", context: dict, where: str = "the JSON-LD context") -> bytes:
    """Compacted JSON-LD of *ds* with *context*, the same bytes run after run."""
    return b"".join(to_jsonld_chunks(ds, context, where))


def to_jsonld_chunks(ds: "Dataset | Quads", context: dict,
                     where: str = "the JSON-LD context") -> Iterator[bytes]:
    """The bytes of :func:`to_jsonld` in pieces.

    kg's own compaction can find, at any IRI, that the context needs pyld's
    (an IRI that would read as a compact IRI), so its pieces are kept in a
    temporary file (in memory up to 32 MB) until the last is made, and only
    then handed out; pyld's whole document comes at once.
    """
    q = ds if isinstance(ds, _Listed) else to_quads(ds)
    with tempfile.SpooledTemporaryFile(max_size=32 << 20) as held:
        try:
            for piece in _jsonld_pieces(context, _iter_tree(q, _Compactor(context))):
                held.write(piece)
        except _Unsupported:
            doc = _pyld_compact(_tree(q, _Expanded()), context, where)
            yield (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
            return
        held.seek(0)
        while piece := held.read(1 << 22):
            yield piece


def _jsonld_pieces(context: dict, items: Iterator[dict]) -> Iterator[bytes]:
    """``json.dumps({"@context": context, "@graph": [*items]}, indent=2)`` and a newline,
    written one top-level item at a time, so that the whole tree is never in memory.

    JSON strings never hold a raw newline, so an item dumped alone and
    indented by its depth is the text it has inside the whole document.
    """
    def nested(value, depth: int) -> str:
        return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth)

    yield ('{\n  "@context": ' + nested(context, 1) + ',\n  "@graph": [').encode("utf-8")
    first = True
    for item in items:
        yield (("\n    " if first else ",\n    ") + nested(item, 2)).encode("utf-8")
        first = False
    yield ("]\n}\n" if first else "\n  ]\n}\n").encode("utf-8")


def _pyld_compact(expanded: list, context: dict, where: str) -> dict:
    from pyld import jsonld

    loader = _NoFetch()
    try:
        return jsonld.compact(expanded, {"@context": context},
                              {"documentLoader": loader, "compactArrays": True})
    except jsonld.JsonLdError as exc:
        if loader.refused:
            raise _remote_refused(loader.refused, where) from None
        raise InputError(f"JSON-LD compaction failed ({first_line(exc)})", where=where) from None


def serialize(ds: "Dataset | Quads", fmt: RdfFormat,
              context_path: str | Path = resources.CONTEXT) -> bytes:
    """Serialize *ds* in *fmt*; byte-identical for the same dataset.

    An rdflib Dataset is converted (:func:`to_quads`) each time: convert it
    once to write several formats from it.
    """
    return b"".join(serialize_chunks(ds, fmt, context_path))


def serialize_chunks(ds: "Dataset | Quads", fmt: RdfFormat,
                     context_path: str | Path = resources.CONTEXT) -> Iterator[bytes]:
    """The bytes of :func:`serialize` in pieces, made as they are read, so that a
    large dataset's file is never whole in memory."""
    import pyoxigraph as ox

    q = to_quads(ds)
    if fmt is formats.N_QUADS:
        return q.nquads_chunks()
    if fmt is formats.N_TRIPLES:
        return q.ntriples_chunks()
    if fmt is formats.TURTLE:
        return _streamed(lambda out: ox.serialize(q.iter_triples(), out, format=ox.RdfFormat.TURTLE,
                                                  prefixes=q.prefixes))
    if fmt is formats.TRIG:
        return _streamed(lambda out: ox.serialize(q.iter_quads(), out, format=ox.RdfFormat.TRIG,
                                                  prefixes=q.prefixes))
    if fmt is formats.JSON_LD:
        return to_jsonld_chunks(q, load_context(context_path), str(context_path))
    raise AssertionError(fmt)


class _Gone(Exception):
    """The reader of a stream stopped reading."""


def _streamed(produce, piece: int = 1 << 20) -> Iterator[bytes]:
    """What *produce* writes to the binary file it is given, in pieces of about
    *piece* bytes as it writes them.

    *produce* runs on a thread (pyoxigraph's writers take a file, not a
    consumer) and at most four pieces wait for the reader; an exception in it
    is raised here, and a reader that stops makes its next write fail.
    """
    import queue
    import threading

    waiting: queue.Queue = queue.Queue(maxsize=4)
    gone = threading.Event()

    class Out(io.RawIOBase):
        def writable(self) -> bool:
            return True

        def write(self, data) -> int:
            while not gone.is_set():
                try:
                    waiting.put(bytes(data), timeout=0.5)
                    return len(data)
                except queue.Full:
                    continue
            raise _Gone

    def run() -> None:
        try:
            with io.BufferedWriter(Out(), buffer_size=piece) as out:
                produce(out)
            waiting.put(None)
        except _Gone:
            pass
        except BaseException as exc:        # handed to the reader
            if not gone.is_set():
                waiting.put(exc)

    worker = threading.Thread(target=run, daemon=True, name="kg-serialize")
    worker.start()
    try:
        while (item := waiting.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        gone.set()


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


def write_pieces(fh, pieces: Iterable[bytes]) -> None:
    """Write *pieces* to the binary file *fh*, pausing in the middle of the first for
    :func:`slow_writes` (crash tests only)."""
    pause = slow_writes()
    for piece in pieces:
        if pause:
            half = len(piece) // 2
            fh.write(piece[:half])
            fh.flush()
            time.sleep(pause)
            piece, pause = piece[half:], 0.0
        fh.write(piece)


def write_atomic(path: str | Path, data: "bytes | Iterable[bytes]") -> None:
    """Write *data* (bytes, or pieces of bytes) to *path* via a temporary file, fsync and a rename.

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
            write_pieces(fh, [data] if isinstance(data, bytes) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def read_dataset(path: str | Path) -> Quads:
    """Read a dataset written by ``kg build`` (N-Quads) or any RDF file, with Oxigraph's parsers.

    The triples of a file without named graphs (Turtle, N-Triples) go into a
    graph named by the file's URI; JSON-LD is read by pyld (see
    :func:`jsonld_to_nquads`), which fetches nothing.
    """
    import pyoxigraph as ox

    from .build import PREFIXES

    path = Path(path)
    if not path.exists():
        raise InputError("no built dataset", where=str(path), fix="run `kg build` first")
    fmt = formats.guess_format(path) or formats.N_QUADS
    uri = path.resolve().as_uri()
    try:
        with contextlib.ExitStack() as stack:
            if fmt is formats.JSON_LD:
                data, ox_format = jsonld_to_nquads(path).encode("utf-8"), ox.RdfFormat.N_QUADS
            else:           # read as parsed, not whole: a dataset may be gigabytes
                data = stack.enter_context(open(path, "rb"))
                ox_format = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                             "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}[fmt.name]
            return Quads.parse(data, PREFIXES, ox_format, graph="" if fmt.supports_datasets else uri,
                               base_iri=uri)
    except (SyntaxError, ValueError) as exc:
        raise InputError(f"cannot parse RDF ({first_line(exc)})", where=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", where=str(path)) from None


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
        raise InputError(f"not valid JSON ({first_line(exc)})", where=str(path)) from None
    loader = _NoFetch()
    try:
        return jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": loader,
                                   "base": path.resolve().as_uri()})
    except jsonld.JsonLdError as exc:
        if loader.refused:
            raise _remote_refused(loader.refused, str(path)) from None
        raise InputError(f"cannot read JSON-LD ({first_line(exc)})", where=str(path)) from None
