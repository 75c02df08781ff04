"""A dataset as sorted rows of N-Triples terms: what build makes and every writer reads.

Each row is ``(graph, subject, predicate, object)``, every term a string in
its N-Triples form exactly as Oxigraph prints it (``<iri>``, ``"text"``,
``"3"^^<http://www.w3.org/2001/XMLSchema#integer>``; the graph ``""`` for
the default graph). The rows are sorted by those strings, graph first, and
unique, so every serialization made from them is the same run after run.
N-Quads and N-Triples are the rows written out; the other writers, SPARQL
and the SHACL checks read them through Oxigraph's parser, in Rust, instead
of building one Python object per term.

A large dataset is not held in memory: rows are gathered by a
:class:`RowSorter`, which sorts them in runs of :data:`SPILL_ROWS` and, past
one run, writes each to a temporary file and merges the files (an external
sort). The rows are then read from disk, a block at a time, by every writer;
the output is the same byte for byte either way.

N-Triples: https://www.w3.org/TR/n-triples/ (the string escapes: ECHAR and UCHAR)
"""

from __future__ import annotations

import heapq
import io
import marshal
import os
import shutil
import tempfile
import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from operator import itemgetter
from typing import BinaryIO

from .errors import OutputError, first_line

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

SPILL_ROWS = 500_000        # rows a RowSorter sorts in memory before it writes them to disk
BLOCK_ROWS = 20_000         # rows per block of a file of rows, and per piece a writer makes
RUN_BLOCK_ROWS = 2_000      # rows per block of a sorted run on disk: the merge holds two per run
CHECK_EVERY = 1024          # RowSorter.tick() calls between checks of the rows held
LOAD_ROWS = 200_000         # lines per bulk load into an on-disk store
STORE_IN_MEMORY = 5_000_000  # quads up to which validation keeps its store in memory (beyond: on disk)

_IRI_CHECKED: dict[str, str] = {}
# IRIs check_iri remembers: the vocabulary's few hundred are asked for again and
# again; most others (spans, assertions, mentions) once. A million entries kept
# some 250 MB alive after a large build and made building no faster (1,000
# documents: 14.4 s with a million, 13.5 s with 5,000).
IRI_CACHE = 10_000
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
        if len(_IRI_CHECKED) >= IRI_CACHE:
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

    def __init__(self, rows: "list[tuple[str, str, str, str]] | RowFile", bindings: dict[str, str]):
        self._rows = rows
        self._bindings = dict(bindings)
        self._prefixes: dict[str, str] | None = None

    @classmethod
    def parse(cls, data: "bytes | BinaryIO", bindings: dict[str, str], format=None, graph: str = "",
              base_iri: str | None = None) -> "Quads":
        """From RDF (bytes or a binary file) in *format* (a pyoxigraph ``RdfFormat``; default
        N-Quads) as Oxigraph reads it, spilled to disk if large (:class:`RowSorter`).

        Every term is in Oxigraph's form; triples outside a named graph go to
        *graph* (an IRI; ``""``: the default graph). Oxigraph's SyntaxError
        is left to the caller.
        """
        import pyoxigraph as ox

        default = f"<{graph}>" if graph else ""
        rows = RowSorter()                      # a large dataset is spilled to disk
        group, last = None, None
        for q in ox.parse(data, format=format or ox.RdfFormat.N_QUADS, base_iri=base_iri):
            g = q.graph_name
            if g != last:
                last = g
                group = rows.group(default if isinstance(g, ox.DefaultGraph) else str(g))
            group.append((str(q.subject), str(q.predicate), str(q.object)))
            rows.tick()
        return cls(rows.result(), bindings)

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def rows(self) -> list[tuple[str, str, str, str]]:
        """Every row, in memory (read from disk if the rows were spilled)."""
        return self._rows if isinstance(self._rows, list) else list(self._rows)

    @property
    def on_disk(self) -> bool:
        return not isinstance(self._rows, list)

    def _blocks(self) -> Iterator[list[tuple[str, str, str, str]]]:
        """The rows in blocks; on disk, in no particular order."""
        rows = self._rows
        if isinstance(rows, list):
            for i in range(0, len(rows), BLOCK_ROWS):
                yield rows[i:i + BLOCK_ROWS]
        else:
            yield from rows.unordered_blocks()

    @property
    def prefixes(self) -> dict[str, str]:
        if self._prefixes is None:
            wanted = {p: f"<{ns}" for p, ns in self._bindings.items() if p}
            used: set[str] = set()
            for block in self._blocks():
                iris: set[str] = set()
                for column in zip(*block):
                    iris.update(column)
                datatypes = {t[t.rindex('"^^<') + 3:] for t in iris
                             if t.startswith('"') and t.endswith(">")}
                ordered = sorted(t for t in iris | datatypes if t.startswith("<"))
                used.update(p for p, start in wanted.items()
                            if p not in used and _uses(ordered, start))
                if len(used) == len(wanted):
                    break
            self._prefixes = {p: ns for p, ns in sorted(self._bindings.items()) if p in used}
        return self._prefixes

    def nquads(self) -> bytes:
        """N-Quads, one line per quad in order."""
        return b"".join(self.nquads_chunks())

    def nquads_chunks(self) -> Iterator[bytes]:
        """The N-Quads of :meth:`nquads` in pieces (of BLOCK_ROWS lines in memory)."""
        if isinstance(self._rows, RowFile):
            yield from self._rows.text_chunks()
            return
        for block in self._blocks():
            yield _lines(block).encode("utf-8", "strict")

    def graph_sizes(self) -> dict[str, int]:
        """Each graph's size in bytes of N-Quads (estimated at 200 bytes a row in memory)."""
        rows = self._rows
        if isinstance(rows, RowFile):
            return {g: end - start for g, start, end in rows.graph_ranges()}
        return {g: 200 * (end - start) for g, start, end in _graph_runs(rows)}

    def graph_texts(self, wanted: Iterable[str]) -> Iterator[tuple[str, bytes]]:
        """(graph, its N-Quads lines) for each graph of *wanted* (names as
        :meth:`graph_sizes` gives them) that the dataset has, in the order given."""
        rows = self._rows
        if isinstance(rows, RowFile):
            yield from rows.graph_texts(wanted)
            return
        for g in wanted:
            start = bisect_left(rows, g, key=itemgetter(0))
            end = bisect_right(rows, g, lo=start, key=itemgetter(0))
            if start < end:
                yield g, _lines(rows[start:end]).encode("utf-8", "strict")

    def ntriples(self) -> bytes:
        """N-Triples of the union, each triple once, in order."""
        return b"".join(self.ntriples_chunks())

    def ntriples_chunks(self, rows: int = BLOCK_ROWS) -> Iterator[bytes]:
        """The N-Triples of :meth:`ntriples` in pieces (of *rows* lines in memory)."""
        if isinstance(self._rows, RowFile):
            yield from self._rows.union_chunks(rows)
            return
        lines: list[str] = []
        for s, p, o in self._union():
            lines.append(f"{s} {p} {o} .\n")
            if len(lines) == rows:
                yield "".join(lines).encode("utf-8", "strict")
                lines.clear()
        if lines:
            yield "".join(lines).encode("utf-8", "strict")

    def _union(self) -> Iterator[tuple[str, str, str]]:
        """The triples of all graphs in order, each once, from rows in memory: a merge
        of the graphs' sorted runs (on disk, :meth:`RowFile.union_chunks` does the same)."""
        rows = self._rows
        runs = [(rows[i][1:] for i in range(start, end)) for _, start, end in _graph_runs(rows)]
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

    def store(self, path: str | None = None):
        """A new pyoxigraph Store holding the quads: in memory, or on disk in the empty
        folder *path*.

        The quads are loaded in pieces of LOAD_ROWS lines, as Oxigraph's
        bulk loader holds a whole load in memory: on disk, the store's memory
        then stays within some hundreds of MB however large the data. Blank
        nodes keep their labels (:func:`load_piece`). A disk that is full or
        unwritable is an OutputError.
        """
        import pyoxigraph as ox

        try:
            store = ox.Store() if path is None else ox.Store(path)
            for piece in _line_pieces(self.nquads_chunks(), LOAD_ROWS):
                load_piece(store, piece)
            if path is not None:
                store.optimize()
        except SyntaxError as exc:
            raise _unreadable(exc) from None
        except OSError as exc:
            if path is None:
                raise
            raise OutputError(f"cannot write the store ({first_line(exc)})", where=path,
                              fix="free disk space or set TMPDIR to a folder with room") from None
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


def load_piece(store, data: bytes) -> None:
    """Load N-Quads *data* (whole lines) into *store*, blank node labels kept.

    Oxigraph's bulk loader gives every blank node of a load a fresh id: the
    same ``_:b`` in two loads would be two nodes, and a report would name it
    by a random id. Pieces that hold a blank node go through the parser,
    which keeps labels, instead (an N-Triples or N-Quads line holds ``_:``
    outside a string only as a blank node; one inside a string only costs
    the slower way).
    """
    import pyoxigraph as ox

    if b"_:" in data:
        store.bulk_extend(ox.parse(data, format=ox.RdfFormat.N_QUADS, rename_blank_nodes=False))
    else:
        store.bulk_load(data, format=ox.RdfFormat.N_QUADS)


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


def _line_pieces(chunks: Iterable[bytes], lines: int) -> Iterator[bytes]:
    """The bytes of *chunks* again, in pieces of whole lines, about *lines* lines each."""
    held: list[bytes] = []
    count = 0
    for chunk in chunks:
        held.append(chunk)
        count += chunk.count(b"\n")
        if count >= lines:
            data = b"".join(held)
            cut = data.rfind(b"\n") + 1
            yield data[:cut]
            held, count = [data[cut:]], 0
    data = b"".join(held)
    if data:
        yield data


def _uses(sorted_iris: list[str], start: str) -> bool:
    """Whether some IRI (in N-Triples form) in the sorted list starts with *start*."""
    i = bisect_left(sorted_iris, start)
    return i < len(sorted_iris) and sorted_iris[i].startswith(start)


def _graph_runs(rows: list[tuple]) -> Iterator[tuple[str, int, int]]:
    """(graph, start, end) of each graph's run of rows in the sorted list *rows*."""
    start = 0
    while start < len(rows):
        g = rows[start][0]
        end = bisect_right(rows, g, lo=start, key=itemgetter(0))
        yield g, start, end
        start = end


def _lines(rows: Iterable[tuple]) -> str:
    """N-Quads lines of (graph, s, p, o) rows (a triple's line for the default graph, "")."""
    return "".join(f"{r[1]} {r[2]} {r[3]} {r[0]} .\n" if r[0] else f"{r[1]} {r[2]} {r[3]} .\n"
                   for r in rows)


class _TempFolder:
    """A temporary folder under $TMPDIR, deleted with the last object holding it.

    Or at exit, for one still held then (atexit runs on ``sys.exit`` and
    on the exception kg raises for SIGTERM; after a SIGKILL, the next run
    removes it, see :mod:`kg.scratch`). A sorter that
    spilled and then failed, and the RowFile it handed its runs to, both
    hold one, so no path leaves the folder behind.
    """

    def __init__(self, prefix: str):
        from .scratch import folder

        self.path = folder(prefix)
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.path, True)


class RowFile:
    """Rows a :class:`RowSorter` spilled: the sorted runs it wrote, and their merge as text.

    ``text_chunks()`` reads the merged rows as N-Quads lines in order and
    ``union_chunks()`` the union of their graphs as N-Triples;
    ``unordered_blocks()`` and iteration read the runs. The files and their
    folder are deleted with the object.
    """

    def __init__(self, folder: _TempFolder, text: str, runs: list[str], count: int,
                 graphs: list[list]):
        self._folder, self._text, self._runs, self._count = folder, text, runs, count
        self._graphs = graphs       # [graph, start, end]: where each graph's lines lie in the text
        self._where: dict[str, tuple[int, int]] | None = None

    def __getstate__(self) -> dict:
        # A copy sent to another process (kg.dumps) reads the same files but does
        # not own them: they are deleted with this object, not with the copy.
        return {**self.__dict__, "_folder": None}

    def union_chunks(self, rows: int) -> Iterator[bytes]:
        """N-Triples of the union of the graphs, each triple once, in order, in pieces of
        *rows* lines.

        Each graph's lines are sorted by subject, predicate and object, and as
        the space between terms sorts below any character of an IRI or a
        blank node (RDF 1.2 puts a triple term, which holds spaces, only in the
        object), by their text too: so the union is a merge of the graphs'
        ranges of the text, each read in small pieces, not a second sort.
        """
        size = max(1 << 12, min(1 << 18, (64 << 20) // max(1, len(self._graphs))))
        fd = os.open(self._text, os.O_RDONLY)
        try:
            def triples(graph: str, start: int, end: int) -> Iterator[bytes]:
                drop = len(graph.encode("utf-8")) + 3 if graph else 2   # " <g> ." or " ."
                rest, at = b"", start
                while at < end:
                    piece = os.pread(fd, min(size, end - at), at)
                    at += len(piece)
                    lines = (rest + piece).split(b"\n")
                    rest = lines.pop()
                    yield from (line[:-drop] for line in lines)

            out: list[bytes] = []
            last = None
            for t in heapq.merge(*(triples(*g) for g in self._graphs)):
                if t != last:
                    out.append(t)
                    last = t
                    if len(out) == rows:
                        yield b" .\n".join(out) + b" .\n"
                        out.clear()
            if out:
                yield b" .\n".join(out) + b" .\n"
        finally:
            os.close(fd)

    def __len__(self) -> int:
        return self._count

    def graph_ranges(self) -> list[tuple[str, int, int]]:
        return [(g, start, end) for g, start, end in self._graphs]

    def graph_texts(self, wanted: Iterable[str]) -> Iterator[tuple[str, bytes]]:
        """(graph, its lines of the text) for each graph of *wanted* held here, in that order."""
        if self._where is None:
            self._where = {g: (start, end) for g, start, end in self._graphs}
        where = self._where
        fd = os.open(self._text, os.O_RDONLY)
        try:
            for g in wanted:
                if g in where:
                    start, end = where[g]
                    yield g, os.pread(fd, end - start, start)
        finally:
            os.close(fd)

    def text_chunks(self, size: int = 1 << 22) -> Iterator[bytes]:
        with open(self._text, "rb") as f:
            while piece := f.read(size):
                yield piece

    def unordered_blocks(self) -> Iterator[list[tuple]]:
        """Every row, in blocks, run after run: each run sorted, the whole not, and a row
        may come more than once (in two runs)."""
        for path in self._runs:
            yield from _read_blocks(path)

    def __iter__(self) -> Iterator[tuple]:
        for batch in _merge_runs(self._runs):
            yield from batch


class RowSorter:
    """Rows given in any order, given back sorted and each once: an external sort.

    Rows (graph, subject, predicate, object) are kept by their graph, as
    lists that ``group(graph)`` hands out for appending the rest of each row
    to (call :meth:`tick` per row or per step). Up to *limit* rows (default
    :data:`SPILL_ROWS`) are sorted in memory and returned as a list. Past
    that, each sorted run goes to a temporary file (under ``$TMPDIR``) and
    the runs are merged into a :class:`RowFile`, so memory holds about one
    run, not the dataset. Disk full or unwritable is an OutputError.
    """

    def __init__(self, limit: int | None = None):
        self.limit = limit or SPILL_ROWS
        self._groups: dict[str, list[tuple]] = {}
        self._ticks = 0
        self._folder: _TempFolder | None = None
        self._runs: list[str] = []

    def group(self, first: str) -> list[tuple]:
        """The list to append the rest of each row starting with *first* to."""
        return self._groups.setdefault(first, [])

    def tick(self) -> None:
        """Note that a row was added (or a step taken that adds some): every
        CHECK_EVERY ticks, or one per group if there are more groups (a check
        counts every group's rows: 20,000 graphs at 10,000 documents),
        :meth:`check`. Cheap enough to call per row."""
        self._ticks += 1
        if self._ticks >= CHECK_EVERY and self._ticks >= len(self._groups):
            self._ticks = 0
            self.check()

    def check(self) -> None:
        """Spill the rows gathered so far if they are past the limit."""
        if sum(map(len, self._groups.values())) >= self.limit:
            self.spill()

    def _sorted(self) -> list[tuple]:
        rows: list[tuple] = []
        for first in sorted(self._groups):
            group = self._groups[first]
            rows.extend((first, *rest) for rest in sorted(set(group)))
            group.clear()
        return rows

    def spill(self) -> None:
        """Write the rows gathered so far, sorted and unique, to a temporary file."""
        rows = self._sorted()
        if not rows:
            return
        with _disk_errors(self._folder):
            if self._folder is None:
                self._folder = _TempFolder("kg-rows-")
            path = os.path.join(self._folder.path, f"run-{len(self._runs)}")
            _write_blocks(path, [rows])
        self._runs.append(path)

    def result(self) -> "list[tuple] | RowFile":
        """The rows sorted and unique: a list if they fitted in one run, else a RowFile."""
        if not self._runs:
            return self._sorted()
        self.spill()
        text = os.path.join(self._folder.path, "rows.txt")
        count = offset = 0
        graphs: list[list] = []     # where each graph's lines lie in the text (RowFile.union_chunks)
        with _disk_errors(self._folder), open(text, "wb") as f:
            for batch in _merge_runs(self._runs):
                for g, start, end in _graph_runs(batch):
                    data = _lines(batch[start:end]).encode("utf-8", "strict")
                    if graphs and graphs[-1][0] == g:
                        graphs[-1][2] = offset + len(data)
                    else:
                        graphs.append([g, offset, offset + len(data)])
                    f.write(data)
                    offset += len(data)
                count += len(batch)
        folder, runs, self._folder, self._runs = self._folder, self._runs, None, []
        return RowFile(folder, text, runs, count, graphs)


class _disk_errors:
    """Turn an OSError while spilling rows into an OutputError that says what to do."""

    def __init__(self, folder: _TempFolder | None):
        self._folder = folder.path if folder else None

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write sorted rows to a temporary file ({first_line(exc)})",
                              where=self._folder or tempfile.gettempdir(),
                              fix="free disk space or set TMPDIR to a folder with room") from None
        return False


def _read_blocks(path: str) -> Iterator[list[tuple]]:
    """The blocks :func:`_write_blocks` wrote to *path*, in order."""
    with open(path, "rb") as f:
        while head := f.read(8):
            yield marshal.loads(f.read(int.from_bytes(head, "little")))


def _merge_runs(paths: list[str]) -> Iterator[list[tuple]]:
    """The rows of the sorted, unique runs in *paths*, merged and unique, as sorted batches.

    Each round takes, from every run, its rows up to the smallest last row
    of the blocks in hand (no run can hold a smaller row further on) and
    sorts them together: sorting a few presorted runs is a merge done in C.
    All copies of a row are taken in the same round, so dropping repeats
    within a round drops them all.
    """
    readers = [_read_blocks(p) for p in paths]
    hand = [next(r, []) for r in readers]          # each run's block in hand
    at = [0] * len(readers)                        # where what is left of it starts
    ahead = [next(r, None) for r in readers]       # the block after it; None: the run ends
    while True:
        live = [i for i, block in enumerate(hand) if at[i] < len(block)]
        if not live:
            return
        # A run whose block in hand is its last puts no bound on the others.
        bounds = [hand[i][-1] for i in live if ahead[i] is not None]
        bound = min(bounds) if bounds else None
        batch: list[tuple] = []
        for i in live:
            block = hand[i]
            cut = len(block) if bound is None else bisect_right(block, bound, at[i])
            batch.extend(block[at[i]:cut])
            if cut == len(block):
                hand[i], at[i] = ahead[i] or [], 0
                ahead[i] = next(readers[i], None) if ahead[i] is not None else None
            else:
                at[i] = cut
        batch.sort()
        yield list(dict.fromkeys(batch))


def _write_blocks(path: str, batches: Iterable[list[tuple]]) -> None:
    """Write the rows of *batches* to *path* in blocks of up to RUN_BLOCK_ROWS: each block's
    length in 8 bytes, then the block marshal-encoded (read whole, as marshal reads
    a file piece by piece)."""
    with open(path, "wb") as f:
        for batch in batches:
            for i in range(0, len(batch), RUN_BLOCK_ROWS):
                data = marshal.dumps(batch[i:i + RUN_BLOCK_ROWS])
                f.write(len(data).to_bytes(8, "little"))
                f.write(data)
