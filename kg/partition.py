"""Validation in parts: a large dataset's SHACL checks, a few documents at a time.

One Oxigraph store for the union of a large corpus makes SHACL validation
grow faster than the data: at 46 million quads it needs an on-disk store,
and one query used 49 minutes of CPU there. kg's shapes look at a focus node
and at what lies a few steps *outward* from it (its values, their types,
their selectors), never at who points to it. So the union can be checked in
parts, each small enough for an in-memory store, with the results the whole
union gives. ``reach(shapes, compiled)`` says whether the shapes are of
that kind, how many steps they look and at what; ``plan(quads, reach)``
splits the data; ``Plan.parts()`` hands out the stores to run the checks in.

How the data is split, and why every check sees what it would see in the
union:

- A *unit* is the graphs of one document: kg names them
  ``.../graph/witness/K`` and ``.../graph/work/K``, so graphs whose names end
  in the same last segment go together (any grouping is correct; this one
  keeps most nodes inside their unit).
- The *shared* nodes are those that are subjects in two units or more (a
  person, a state), those a unit names as an object without describing them
  (a node described in another unit), the ``sh:targetNode`` nodes, and, so
  that the shared nodes' own surroundings are whole, every subject that a
  shared node names as an object, and so on. Each shared node's triples are
  gathered from every unit.
- Every other subject belongs to exactly one unit and has all its triples
  there. A check on it reads its triples, and of the nodes it reaches in at
  most ``hops - 1`` steps (nodes of its unit, or shared nodes) the triples of
  a few predicates (``rdf:type``, a selector's offsets...: ``predicates``).
  So the store of a part holds its units' quads, those triples of the shared
  nodes its units reach within that many steps, and every
  ``rdfs:subClassOf`` triple (class hierarchies are walked to any depth);
  its results are kept for the nodes it owns. The shared nodes are checked
  once, in a store of all their triples, which holds their surroundings by
  the closure above.
- Evidence and labels for the report are looked up the same way: a label in
  the store that owns the node, the spans behind a node in every store.

Which subjects appear in two units is told by a Bloom filter over the
subjects of the units read so far, so memory stays small: a false alarm only
makes a node shared that need not be, which costs a little time, never a
result. The data is read twice (sorted rows, a graph at a time): once to
find the shared nodes, once to gather their triples; the subjects that join
them later are looked up only in the unit that named them.

Shapes that look inward (``sh:inversePath``, ``sh:targetObjectsOf``, a
SPARQL constraint whose patterns are not rooted at ``$this``) or without
bound (``*`` and ``+`` paths other than a class hierarchy) make ``reach``
return None, and the union is checked whole; so does a document larger than
:data:`UNIT_LIMIT`, which would be one huge part.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from .quads import load_piece

PARTS_FROM = 1_500_000      # quads from which validate() checks a dataset in parts
PART_BYTES = 16 << 20       # N-Quads text of a part's own units (about 80,000 quads)
UNIT_LIMIT = 1 << 30        # a document larger than this (about 5 M quads) makes kg check the union whole

SUBCLASS = f"<{RDFS.subClassOf}>".encode()
# Terms of N-Quads (or N-Triples) lines: each line's subject but the first, and its object
# when that is an IRI or a blank node (a literal starts with a quote; an IRI has no
# space, and a line ends in its graph and " ." , so no literal's text can match).
_SUBJECTS = re.compile(rb"\n([^ \n]+)")
_OBJECTS = re.compile(rb" (<[^ >\n]*>|_:[^ \n]+) (?:<[^ >\n]*>|_:[^ \n]+) \.\n")
_OBJECTS_DEFAULT = re.compile(rb" (<[^ >\n]*>|_:[^ \n]+) \.\n")
_TRIPLE_TERM = re.compile(rb"^[^ \n]+ [^ \n]+ <<", re.M)
_SUBCLASS_LINES = re.compile(rb"^[^ \n]+ " + re.escape(SUBCLASS) + rb" .*$", re.M)


@dataclass(frozen=True)
class Reach:
    """How far the shapes look from a focus node: the triples of nodes up to
    ``hops - 1`` steps out are read, and of those beyond the node itself only
    triples whose predicate is in ``predicates`` (N-Triples forms; None: any);
    ``fixed`` are the ``sh:targetNode`` nodes."""

    hops: int
    predicates: frozenset[str] | None
    fixed: frozenset[str]


class _Inward(Exception):
    """The shapes read something that is not outward from the focus node."""


def reach(shapes: Graph, compiled) -> Reach | None:
    """How far *shapes* (compiled as *compiled*) look, or None if not only outward."""
    from .shacl import _Compiler

    try:
        return _ShapesReach(_Compiler(shapes)).total(compiled)
    except _Inward:
        return None


_TYPE = f"<{RDF.type}>"


class _Reads:
    """What a set of checks reads: the farthest step out, and the predicates read
    beyond the focus node (None: any)."""

    def __init__(self):
        self.hops = 1
        self.predicates: set[str] | None = set()

    def read(self, near: int, far: int, predicates) -> None:
        """Triples of *predicates* (None: any) of nodes *near* to *far* steps out."""
        self.hops = max(self.hops, far + 1)
        if far >= 1 and self.predicates is not None:
            if predicates is None:
                self.predicates = None
            else:
                self.predicates |= predicates


class _ShapesReach:
    def __init__(self, compiler):
        self.c = compiler
        self.g = compiler.g
        self.fixed: set[str] = set()
        self.reads = _Reads()

    def total(self, compiled) -> Reach:
        from .shacl import _term

        for shape in self.c.shapes():
            if self.c.deactivated(shape):
                continue
            self.focus(shape, ())
            self.shape(shape)
            for n in self.c.objects(shape, SH.targetNode):
                if not isinstance(n, BNode):
                    self.fixed.add(_term(n))
        for q in compiled.queries:
            if q.fill_messages:             # a SPARQL constraint: its own patterns
                select_reads(q.sparql, self.reads)
        found = self.reads.predicates
        return Reach(self.reads.hops, None if found is None else frozenset(found),
                     frozenset(self.fixed))

    def path(self, node, near: int, far: int) -> tuple[int, int]:
        """Read along a SHACL path from nodes *near* to *far* steps out; the path's
        shortest and longest length. It must go outward and have a bound length."""
        g = self.g
        if isinstance(node, URIRef):
            self.reads.read(near, far, {f"<{node}>"})
            return 1, 1
        if isinstance(node, BNode) and (node, RDF.first, None) in g:
            low = high = 0
            for step in self.c.items(node, node):
                a, b = self.path(step, near + low, far + high)
                low, high = low + a, high + b
            return low, high
        alt = g.value(node, SH.alternativePath)
        if alt is not None:
            found = [self.path(step, near, far) for step in self.c.items(alt, alt)]
            return min((a for a, _ in found), default=0), max((b for _, b in found), default=0)
        inner = g.value(node, SH.zeroOrOnePath)
        if inner is not None:
            return 0, self.path(inner, near, far)[1]
        raise _Inward        # inverse, zero-or-more, one-or-more

    def values(self, shape, near: int, far: int) -> tuple[int, int]:
        """Where the value nodes of *shape* lie, for focus nodes *near* to *far* out."""
        p = self.c.one(shape, SH.path)
        if p is None:
            return near, far
        low, high = self.path(p, near, far)
        return near + low, far + high

    def focus(self, shape, stack: tuple) -> None:
        """Read what finds the focus nodes."""
        if shape in stack:
            return
        if self.c.objects(shape, SH.targetObjectsOf):
            raise _Inward
        for t in self.c.objects(shape, SH.targetSubjectsOf):
            self.reads.read(0, 0, {f"<{t}>"})
        self.reads.read(0, 0, {_TYPE})                # class targets
        for parent in self.c.parents.get(shape, ()):
            if self.c.one(parent, SH.path) is not None:
                raise _Inward       # focus nodes are another shape's values: reached from elsewhere
            self.focus(parent, stack + (shape,))

    def shape(self, shape) -> None:
        from .shacl import _VALUE_COMPONENTS

        near, far = self.values(shape, 0, 0)
        for p in _VALUE_COMPONENTS:
            for o in self.c.objects(shape, p):
                self.value(p, o, near, far, ())
        for qs in self.c.objects(shape, SH.qualifiedValueShape):
            self.nested(qs, near, far, ())
        for p in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals):
            for o in self.c.objects(shape, p):
                self.reads.read(0, 0, {f"<{o}>"})
        if self.c.objects(shape, SH.closed):
            self.reads.read(0, 0, None)

    def value(self, p, o, near: int, far: int, stack: tuple) -> None:
        """Read what the test (*p* *o*) reads of value nodes *near* to *far* out."""
        if p == SH["class"]:
            self.reads.read(near, far, {_TYPE})
        elif p == SH.node or p == SH["not"]:
            self.nested(o, near, far, stack)
        elif p in (SH["or"], SH["and"], SH.xone):
            for m in self.c.items(o, o):
                self.nested(m, near, far, stack)

    def nested(self, shape, near: int, far: int, stack: tuple) -> None:
        """Read what a nested shape, tested on nodes *near* to *far* out, reads."""
        from .shacl import _VALUE_COMPONENTS

        if shape in stack:
            raise _Inward           # recursive shapes: kg.shacl refuses them anyway
        stack = stack + (shape,)
        vnear, vfar = self.values(shape, near, far)
        for p in _VALUE_COMPONENTS:
            for o in self.c.objects(shape, p):
                self.value(p, o, vnear, vfar, stack)
        for child in self.c.objects(shape, SH.property):
            self.nested(child, vnear, vfar, stack)


def select_reads(sparql: str, reads: _Reads) -> None:
    """Read what a SPARQL query's patterns read, out from ``?this``; _Inward if a
    pattern is not reached from ``?this`` by outward steps (class hierarchies aside)."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.term import Variable

    try:
        algebra = prepareQuery(sparql).algebra
    except Exception:
        raise _Inward from None
    triples: list[tuple] = []
    aliases: list[tuple] = []
    _collect(algebra, triples, aliases)

    def var(t) -> bool:
        return isinstance(t, (Variable, BNode))

    dist = {Variable("this"): 0}
    classes: set = set()            # reached by walking a class hierarchy: only walked further
    steps = {id(t): _steps(t[1]) for t in triples}
    changed = True
    while changed:
        changed = False
        for a, b in aliases + [(b, a) for a, b in aliases]:
            if a in dist and dist.get(b, 1 << 30) > dist[a]:
                dist[b] = dist[a]
                changed = True
        for t in triples:
            s, o = t[0], t[2]
            n, walks, _ = steps[id(t)]
            if var(s) and s in dist and var(o):
                if n is not None and dist.get(o, 1 << 30) > dist[s] + n:
                    dist[o] = dist[s] + n
                    changed = True
                if walks and o not in classes:
                    classes.add(o)
                    changed = True
    for t in triples:
        s = t[0]
        n, walks, names = steps[id(t)]
        if n == 0 and walks:
            continue                # a walk up the class hierarchy: every part has it
        if n is None or not var(s) or s not in dist or s in classes:
            raise _Inward
        # A path of several steps reads beyond its subject: all its predicates count.
        reads.read(dist[s], dist[s] + n - 1, names if n > 1 or dist[s] else set())


def _steps(path) -> tuple[int | None, bool, set[str] | None]:
    """(steps read outward along *path*, None if not outward; whether it ends in a
    walk up the class hierarchy; the predicates it names, None for a variable: any)."""
    from rdflib.paths import AlternativePath, MulPath, SequencePath
    from rdflib.term import Variable

    if isinstance(path, Variable):
        return 1, False, None
    if isinstance(path, URIRef):
        return 1, False, {f"<{path}>"}
    if isinstance(path, MulPath):
        if path.path == RDFS.subClassOf and path.mod in ("*", "+"):
            return 0, True, {f"<{RDFS.subClassOf}>"}
        if path.mod == "?":
            return _steps(path.path)
        return None, False, None
    if isinstance(path, (SequencePath, AlternativePath)):
        found = [_steps(p) for p in path.args]
        names: set[str] | None = set()
        for _, _, p in found:
            names = None if names is None or p is None else names | p
        if isinstance(path, AlternativePath):
            if any(n is None or w for n, w, _ in found):
                return None, False, None
            return max(n for n, _, _ in found), False, names
        total, walks = 0, False
        for n, w, _ in found:
            if n is None or (walks and not (n == 0 and w)):
                return None, False, None      # a step after a class walk
            total, walks = total + n, walks or w
        return total, walks, names
    return None, False, None        # inverse, negated sets


def _collect(node, triples: list, aliases: list) -> None:
    """Every triple pattern and every ``BIND(?a AS ?b)`` anywhere in an rdflib algebra."""
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    if isinstance(node, CompValue):
        if node.name == "Extend" and isinstance(node.get("expr"), Variable):
            aliases.append((node["var"], node["expr"]))
        for key, value in node.items():
            if key == "triples" and isinstance(value, list):
                for t in value:
                    flat = list(t)
                    if len(flat) % 3:
                        raise _Inward
                    for i in range(0, len(flat), 3):
                        triples.append(tuple(flat[i:i + 3]))
            else:
                _collect(value, triples, aliases)
    elif isinstance(node, (list, tuple)):
        for item in node:
            _collect(item, triples, aliases)


def unit_key(graph: str) -> str:
    """The document a graph belongs to: the last segment of its name."""
    return re.split(r"[/#]", graph.strip("<>"))[-1]


class _Seen:
    """A Bloom filter of byte strings: four probes into eight bits per quad of a
    dataset of *size* quads. At kg's six or seven quads per subject that is
    about 3 false alarms in 100,000 keys; at one quad per subject, 2 in 100."""

    def __init__(self, size: int):
        bits = 1 << max(20, (8 * size).bit_length())
        self._mask = bits - 1
        self._bits = bytearray(bits >> 3)

    def add(self, key: bytes) -> bool:
        """Add *key*; whether it was (probably) there already."""
        h = hash(key)
        a, b, mask, bits = h & self._mask, (h >> 32) | 1, self._mask, self._bits
        seen = True
        for i in range(4):
            j = (a + i * b) & mask
            byte, bit = j >> 3, 1 << (j & 7)
            if not bits[byte] & bit:
                seen = False
                bits[byte] |= bit
        return seen

    def __contains__(self, key: bytes) -> bool:
        h = hash(key)
        a, b, mask, bits = h & self._mask, (h >> 32) | 1, self._mask, self._bits
        return all(bits[((a + i * b) & mask) >> 3] & (1 << (((a + i * b) & mask) & 7))
                   for i in range(4))


def _triple(line: bytes, graph: bytes) -> bytes:
    """An N-Quads line of *graph* (without its newline) as an N-Triples line."""
    return line[:-len(graph) - 3] + b" .\n" if graph else line + b"\n"


def _subjects(data: bytes) -> set[bytes]:
    first = data[:data.find(b" ")]
    found = set(_SUBJECTS.findall(data))
    found.add(first)
    return found


def _objects(data: bytes, graph: bytes) -> list[bytes]:
    return (_OBJECTS if graph else _OBJECTS_DEFAULT).findall(data)


def _end_of(data: bytes, at: int, head: bytes) -> int:
    """Where the lines from *at* that start with *head* end (after their last newline)."""
    while at < len(data) and data.startswith(head, at):
        end = data.find(b"\n", at)
        at = len(data) if end < 0 else end + 1
    return at


def _blocks_of(data: bytes, subjects: list[bytes]) -> Iterator[tuple[bytes, bytes]]:
    """(subject, its lines) in sorted N-Quads *data* for each of the sorted *subjects*
    (a subject's lines are together, and in the order of the subjects); b"" if absent."""
    at = 0
    for subject in subjects:
        head = subject + b" "
        if not (at == 0 and data.startswith(head)):
            found = data.find(b"\n" + head, max(0, at - 1))
            if found < 0:
                yield subject, b""
                continue
            at = found + 1
        end = _end_of(data, at, head)
        yield subject, data[at:end]
        at = end


def _search(data: bytes, subject: bytes) -> bytes:
    """The lines of *subject* in sorted N-Quads *data*, found by bisection (lines are
    sorted by their subject's text, and UTF-8 bytes sort as the text does)."""
    lo, hi = 0, len(data)           # line starts; lines before lo have smaller subjects
    while lo < hi:
        mid = (lo + hi) // 2
        start = data.rfind(b"\n", lo, mid) + 1 or lo
        if data[start:data.find(b" ", start)] < subject:
            lo = data.find(b"\n", start) + 1 or len(data)
        else:
            hi = start
    return data[lo:_end_of(data, lo, subject + b" ")]


@dataclass
class Part:
    """One store to check, and which focus nodes' results to keep from it."""

    store: object
    owns: Callable[[str], bool]
    label: str


class Plan:
    """Where a dataset's nodes are checked (see the module docstring)."""

    def __init__(self, quads, found: Reach):
        self.quads = quads
        self.hops = found.hops
        self.predicates = None if found.predicates is None else {p.encode() for p in found.predicates}
        fixed = found.fixed
        graphs: dict[str, list[str]] = {}
        sizes = quads.graph_sizes()
        for g in sizes:
            graphs.setdefault(unit_key(g), []).append(g)
        self.units = [graphs[k] for k in sorted(graphs)]
        # One huge document would be one huge in-memory part: the whole union's
        # on-disk store bounds memory instead.
        self.too_big = any(sum(sizes[g] for g in unit) > UNIT_LIMIT for unit in self.units)
        if self.too_big:
            return
        self.shared: set[bytes] = {n.encode() for n in fixed}
        self.subclass: set[bytes] = set()
        self.batches: list[list[int]] = []     # units, by their index
        self.inward = False         # the data has triple terms: checked whole
        self._gather(*self._scan())
        self._outward()

    def _texts(self, unit: list[str]) -> list[tuple[bytes, bytes]]:
        return [(g.encode(), data) for g, data in self.quads.graph_texts(unit)]

    def _scan(self) -> tuple[_Seen, list[set[bytes]], list[list[array]]]:
        """Find the shared nodes and the class hierarchy; group units into batches.

        Returns the subjects seen, and per unit the objects it names without
        describing them and its graphs' subject hashes (to find them again)."""
        seen = _Seen(len(self.quads))
        named_by: list[set[bytes]] = []
        hashes_by: list[list[array]] = []
        batch: list[int] = []
        size = 0
        for n, unit in enumerate(self.units):
            subjects: set[bytes] = set()
            objects: set[bytes] = set()
            hashes = []
            for g, data in self._texts(unit):
                here = _subjects(data)
                hashes.append(array("q", map(hash, here)))
                subjects |= here
                objects.update(_objects(data, g))
                if SUBCLASS in data:
                    self.subclass.update(_triple(line, g) for line in _SUBCLASS_LINES.findall(data))
                if b"<<" in data and _TRIPLE_TERM.search(data):
                    self.inward = True
                size += len(data)
            for s in subjects:
                if seen.add(s):
                    self.shared.add(s)
            named_by.append(objects - subjects)
            hashes_by.append(hashes)
            batch.append(n)
            if size >= PART_BYTES:
                self.batches.append(batch)
                batch, size = [], 0
        if batch:
            self.batches.append(batch)
        for named in named_by:
            self.shared.update(x for x in named if x in seen)
        return seen, named_by, hashes_by

    def _gather(self, seen: _Seen, named_by: list[set[bytes]], hashes_by: list[list[array]]) -> None:
        """Every shared node's triples, from every unit; the subjects those name join.

        A subject that joins was not shared after the scan, so the unit whose
        line named it also describes it (a unit that names a node it does not
        describe made that node shared), and no other unit does: only that
        unit is read again for it. Also notes, per unit, the shared nodes it
        names or describes: where a check of its own nodes can step out to.
        """
        self.triples: dict[bytes, set[bytes]] = {}
        self.reaches: list[set[bytes]] = [named & self.shared for named in named_by]
        by_hash = {hash(s): s for s in self.shared}
        # First every unit, each graph for the shared subjects it holds; then only the
        # units that name the subjects joining, each graph searched for them.
        want: dict[int, object] = {n: [[by_hash[h] for h in hashes if h in by_hash]
                                       for hashes in graphs]
                                   for n, graphs in enumerate(hashes_by)}
        del hashes_by, by_hash
        while want:
            named: dict[bytes, set[int]] = {}       # node -> units whose gathered lines name it
            for n, wanted in sorted(want.items()):
                for i, (g, data) in enumerate(self._texts(self.units[n])):
                    if isinstance(wanted, set):
                        here = sorted(wanted)
                        blocks = ((x, _search(data, x)) for x in here)
                    else:
                        here = sorted(wanted[i])
                        blocks = _blocks_of(data, here)
                    self.reaches[n].update(here)
                    for subject, block in blocks:
                        if not block:
                            continue
                        self.triples.setdefault(subject, set()).update(
                            _triple(line, g) for line in block[:-1].split(b"\n"))
                        for o in _objects(block, g):
                            if o not in self.shared:
                                named.setdefault(o, set()).add(n)
            joining = {o for o in named if o in seen}
            self.shared |= joining
            want = {}
            for o in joining:       # read again only the unit that names (and so describes) it
                for n in named[o]:
                    want.setdefault(n, set()).add(o)
        for reach in self.reaches:
            reach.intersection_update(self.shared)

    def shared_text(self) -> bytes:
        lines = sorted({t for found in self.triples.values() for t in found} | self.subclass)
        return b"".join(lines)

    def _outward(self) -> None:
        """Of each shared node, the triples a check standing further in can read
        (those of the predicates the shapes read beyond the focus node), and the
        shared nodes they name."""
        self.kept: dict[bytes, list[bytes]] = {}
        self.onward: dict[bytes, set[bytes]] = {}
        for s, lines in self.triples.items():
            kept = [t for t in lines
                    if self.predicates is None or t.split(b" ", 2)[1] in self.predicates]
            if kept:
                self.kept[s] = kept
                self.onward[s] = {o for t in kept for o in _objects(t, b"") if o in self.shared}

    def reached(self, units: list[int]) -> bytes:
        """The triples the checks of *units*' own nodes can read of the shared nodes
        (those up to ``hops - 1`` steps out), and the class hierarchy."""
        frontier = set().union(*(self.reaches[n] for n in units))
        taken: set[bytes] = set()
        for _ in range(self.hops - 1):
            frontier -= taken
            if not frontier:
                break
            taken |= frontier
            frontier = set().union(*(self.onward.get(s, ()) for s in frontier))
        return b"".join(t for s in taken for t in self.kept.get(s, ())) + b"".join(self.subclass)

    def parts(self) -> Iterator[Part]:
        """The shared nodes' store first, then one per batch of units."""
        import pyoxigraph as ox

        store = ox.Store()
        load_piece(store, self.shared_text())
        shared = {s.decode() for s in self.shared}
        yield Part(store, shared.__contains__, "shared nodes")
        for n, batch in enumerate(self.batches, 1):
            store = ox.Store()
            # One load: a blank node in a unit's quads and in the shared triples is one node.
            load_piece(store, b"".join([data for unit in batch for _, data in self._texts(self.units[unit])]
                                       + [self.reached(batch)]))
            yield Part(store, lambda f: f not in shared, f"part {n} of {len(self.batches)}")


def plan(quads, found: Reach) -> Plan | None:
    """How to check *quads* in parts given the shapes' *found* reach; None if they
    must be checked whole (the data holds triple terms, or one document is
    larger than :data:`UNIT_LIMIT`)."""
    p = Plan(quads, found)
    return None if p.too_big or p.inward else p
