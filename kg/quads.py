"""A dataset as sorted rows of N-Triples terms: what build makes and every writer reads.

Each row is ``(graph, subject, predicate, object)``, every term a string in
its N-Triples form exactly as Oxigraph prints it (``<iri>``, ``"text"``,
``"3"^^<http://www.w3.org/2001/XMLSchema#integer>``; the graph ``""`` for
the default graph). The rows are sorted by those strings, graph first, and
unique, so every serialization made from them is the same run after run.
N-Quads and N-Triples are the rows written out; the other writers, SPARQL
and the SHACL checks read them through Oxigraph's parser, in Rust, instead
of building one Python object per term.

N-Triples: https://www.w3.org/TR/n-triples/ (the string escapes: ECHAR and UCHAR)
"""

from __future__ import annotations

import heapq
import io
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from operator import itemgetter

from .errors import OutputError, first_line

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

_IRI_CHECKED: dict[str, str] = {}
_DATATYPES: dict[str, object] = {}


def literal(lexical: str, datatype: str | None = None) -> str:
    """The N-Triples form of the literal Oxigraph constructs (no language tag; xsd:string
    is left implicit): kg never writes a term's syntax itself, Oxigraph does."""
    import pyoxigraph as ox

    if datatype is None or datatype == XSD_STRING:
        return str(ox.Literal(lexical))
    dt = _DATATYPES.get(datatype)
    if dt is None:
        dt = _DATATYPES[datatype] = ox.NamedNode(datatype)
    return str(ox.Literal(lexical, datatype=dt))


def check_iri(iri: str) -> str:
    """``<iri>`` as Oxigraph writes the IRI it accepts as absolute; else OutputError."""
    hit = _IRI_CHECKED.get(iri)
    if hit is None:
        import pyoxigraph as ox

        try:
            term = ox.NamedNode(iri)
        except ValueError as exc:
            raise OutputError(f"cannot mint the IRI <{iri[:200]}> ({first_line(exc)})",
                              where="the dataset") from None
        if len(_IRI_CHECKED) > 1_000_000:
            _IRI_CHECKED.clear()
        hit = _IRI_CHECKED[iri] = str(term)
    return hit


def from_rdflib(term):
    """An rdflib term as the pyoxigraph term it stands for (blank node labels kept).

    ValueError if pyoxigraph rejects it (an IRI that is not absolute).
    """
    import pyoxigraph as ox
    from rdflib import BNode, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(term)
    if isinstance(term, BNode):
        return ox.BlankNode(term)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(term.datatype))
    return ox.Literal(str(term))


def n3_literal(lexical: str, datatype: str | None = None) -> str:
    """The Notation3 form rdflib's ``Literal.n3()`` gives a literal (no language tag).

    Used only where kg hashed that form into an IRI before it stopped building
    through rdflib (assertion IRIs), so that those IRIs stay what they were.
    """
    if "\n" in lexical:
        enc = lexical.replace("\\", "\\\\")
        if '"""' in lexical:
            enc = enc.replace('"""', '\\"\\"\\"')
        if enc[-1] == '"' and enc[-2] != "\\":
            enc = enc[:-1] + '\\"'
        quoted = '"""%s"""' % enc.replace("\r", "\\r")
    else:
        quoted = '"%s"' % lexical.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
    return f"{quoted}^^<{datatype}>" if datatype else quoted


class Quads:
    """A dataset's quads as sorted, unique N-Triples rows (see the module docstring).

    ``prefixes`` are the given namespace bindings that some IRI in the data
    uses (what Turtle and TriG declare), in order of prefix.
    """

    def __init__(self, rows: list[tuple[str, str, str, str]], bindings: dict[str, str]):
        self._rows = rows
        self._bindings = dict(bindings)
        self._prefixes: dict[str, str] | None = None

    @classmethod
    def from_graphs(cls, graphs: dict[str, Iterable[tuple[str, str, str]]],
                    bindings: dict[str, str]) -> "Quads":
        """From ``{graph: {(s, p, o), ...}}``; the graph ``""`` is the default graph.

        A graph given as a set is emptied once its rows are made, so that
        the triples are not held twice (build hands over its sets).
        """
        rows: list[tuple[str, str, str, str]] = []
        for g in sorted(graphs):
            triples = graphs[g]
            rows.extend((g, s, p, o) for s, p, o in sorted(triples if isinstance(triples, set)
                                                           else set(triples)))
            if isinstance(triples, set):
                triples.clear()
        return cls(rows, bindings)

    @classmethod
    def parse(cls, data: bytes, bindings: dict[str, str], format=None, graph: str = "",
              base_iri: str | None = None) -> "Quads":
        """From RDF in *format* (a pyoxigraph ``RdfFormat``; default N-Quads) as Oxigraph reads it.

        Every term is in Oxigraph's form; triples outside a named graph go to
        *graph* (an IRI; ``""``: the default graph). Oxigraph's SyntaxError
        is left to the caller.
        """
        import pyoxigraph as ox

        default = f"<{graph}>" if graph else ""
        rows = set()
        for q in ox.parse(data, format=format or ox.RdfFormat.N_QUADS, base_iri=base_iri):
            g = q.graph_name
            rows.add((default if isinstance(g, ox.DefaultGraph) else str(g),
                      str(q.subject), str(q.predicate), str(q.object)))
        return cls(sorted(rows), bindings)

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def rows(self) -> list[tuple[str, str, str, str]]:
        return self._rows

    @property
    def prefixes(self) -> dict[str, str]:
        if self._prefixes is None:
            iris: set[str] = set()
            for column in zip(*self._rows):
                iris.update(column)
            datatypes = {t[t.rindex('"^^<') + 3:] for t in iris if t.startswith('"') and t.endswith(">")}
            ordered = sorted(t for t in iris | datatypes if t.startswith("<"))
            self._prefixes = {p: ns for p, ns in sorted(self._bindings.items())
                              if p and _uses(ordered, f"<{ns}")}
        return self._prefixes

    def nquads(self) -> bytes:
        """N-Quads, one line per quad in order."""
        return b"".join(self.nquads_chunks())

    def nquads_chunks(self, rows: int = 20_000) -> Iterator[bytes]:
        """The N-Quads of :meth:`nquads` in pieces of *rows* lines, made as they are read."""
        data = self._rows
        for i in range(0, len(data), rows):
            yield "".join(f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n"
                          for g, s, p, o in data[i:i + rows]).encode("utf-8", "strict")

    def ntriples(self) -> bytes:
        """N-Triples of the union, each triple once, in order."""
        return b"".join(self.ntriples_chunks())

    def ntriples_chunks(self, rows: int = 20_000) -> Iterator[bytes]:
        """The N-Triples of :meth:`ntriples` in pieces of *rows* lines, made as they are read."""
        lines: list[str] = []
        for s, p, o in self._union():
            lines.append(f"{s} {p} {o} .\n")
            if len(lines) == rows:
                yield "".join(lines).encode("utf-8", "strict")
                lines.clear()
        if lines:
            yield "".join(lines).encode("utf-8", "strict")

    def _union(self) -> Iterator[tuple[str, str, str]]:
        """The triples of all graphs in order, each once: a merge of the graphs' sorted runs."""
        rows, runs, start = self._rows, [], 0
        while start < len(rows):
            end = bisect_right(rows, rows[start][0], lo=start, key=itemgetter(0))
            runs.append((rows[i][1:] for i in range(start, end)))
            start = end
        last = None
        for t in heapq.merge(*runs):
            if t != last:
                yield t
                last = t

    def iter_quads(self) -> Iterator:
        """The quads as pyoxigraph Quads, in order, parsed as they are read."""
        import pyoxigraph as ox

        return _parsed(ox.parse(_Reader(self.nquads_chunks()), format=ox.RdfFormat.N_QUADS))

    def iter_triples(self) -> Iterator:
        """The union's triples as pyoxigraph Triples, in order."""
        import pyoxigraph as ox

        return _parsed(ox.parse(_Reader(self.ntriples_chunks()), format=ox.RdfFormat.N_TRIPLES))

    @property
    def quads(self) -> list:
        return list(self.iter_quads())

    @property
    def triples(self) -> list:
        return list(self.iter_triples())

    def store(self):
        """A new in-memory pyoxigraph Store holding the quads."""
        import pyoxigraph as ox

        store = ox.Store()
        try:
            store.bulk_load(_Reader(self.nquads_chunks()), format=ox.RdfFormat.N_QUADS)
        except SyntaxError as exc:
            raise _unreadable(exc) from None
        return store

    def rdflib(self):
        """The quads as an rdflib ``Dataset`` (for pySHACL and callers that need rdflib)."""
        import warnings

        from rdflib import Dataset

        ds = Dataset()
        for p, ns in self._bindings.items():
            ds.bind(p, ns, replace=True)
        with warnings.catch_warnings():
            # rdflib's N-Quads parser calls its own deprecated Dataset.default_context.
            warnings.filterwarnings("ignore", "Dataset.default_context", DeprecationWarning)
            ds.parse(data=self.nquads().decode("utf-8"), format="nquads")
        return ds


def _parsed(terms: Iterator) -> Iterator:
    """*terms* from Oxigraph's parser; a row it cannot read is an OutputError, not a SyntaxError."""
    try:
        yield from terms
    except SyntaxError as exc:
        raise _unreadable(exc) from None


def _unreadable(exc: SyntaxError) -> OutputError:
    return OutputError(f"a term of the dataset is not valid RDF ({first_line(exc)})",
                       where="the dataset")


class _Reader(io.RawIOBase):
    """A binary file that reads pieces of bytes as they are made (no copy of the whole)."""

    def __init__(self, chunks: Iterator[bytes]):
        self._chunks = chunks
        self._chunk = memoryview(b"")
        self._at = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self._at == len(self._chunk):
            piece = next(self._chunks, None)
            if piece is None:
                return 0
            self._chunk, self._at = memoryview(piece), 0
        n = min(len(buffer), len(self._chunk) - self._at)
        buffer[:n] = self._chunk[self._at:self._at + n]
        self._at += n
        return n


def _uses(sorted_iris: list[str], start: str) -> bool:
    """Whether some IRI (in N-Triples form) in the sorted list starts with *start*."""
    i = bisect_left(sorted_iris, start)
    return i < len(sorted_iris) and sorted_iris[i].startswith(start)
