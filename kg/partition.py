"""SHACL core validation of a large graph in parts, with the whole graph's result.

pySHACL's cost grows faster than the graph (DESIGN.md: about 45 ms per
document-sized part, tens of seconds and gigabytes for a 400,000-triple
graph), and it runs on one core. :func:`core_results` therefore validates
parts, in a process pool, and returns exactly what one run over the whole
graph returns.

Why the parts give the same answer. A SHACL core result for a focus node
depends only on triples reachable from that node along the shapes' property
paths, plus the ``rdf:type`` / ``rdfs:subClassOf`` triples that ``sh:class``
reads at the end of a path. :func:`reach` computes from the shapes how many
hops that is (it refuses shapes whose paths are inverse, alternative or
repeated, and recursive shapes: for those the graph is validated whole).
Each subject node of the graph is *owned* by exactly one part: a node
described in one named graph only (a witness's spans and annotations, a
document's facts) belongs with that graph; a node described in several (a
person or state mentioned by many documents) belongs to the shared part.
A part's data is its owned nodes' descriptions plus the descriptions of every
node within *reach* hops of them, wherever those live, so a shared entity a
document points at is there with all its types. A part keeps only the
results whose focus node it owns, so every result is reported once.
"""

from __future__ import annotations

from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH


@dataclass(frozen=True)
class CoreResult:
    """One pySHACL validation result, in terms of the data and shapes graphs."""

    focus: object
    severity: URIRef
    messages: tuple[str, ...]
    path: object
    value: object
    shape: object


_NESTED = (SH.node, SH.qualifiedValueShape, SH["not"], SH.property)
_LISTS = (SH["or"], SH["and"], SH.xone)
_UNSUPPORTED_TARGETS = (SH.targetNode, SH.targetObjectsOf)


def _path_length(shapes: Graph, path) -> int | None:
    if isinstance(path, URIRef):
        return 1
    if isinstance(path, BNode) and (path, RDF.first, None) in shapes:
        steps = list(Collection(shapes, path))
        if all(isinstance(s, URIRef) for s in steps):
            return len(steps)
    return None      # inverse, alternative or repeated paths


def reach(shapes: Graph) -> int | None:
    """Hops from a focus node within which every triple a shape reads lies, or None."""
    if any((None, t, None) in shapes for t in _UNSUPPORTED_TARGETS):
        return None

    def hops(shape, stack: tuple) -> int | None:
        if shape in stack:
            return None                      # a recursive shape: no bound
        stack = stack + (shape,)
        here = 0
        if (shape, SH.path, None) in shapes:
            here = _path_length(shapes, shapes.value(shape, SH.path))
            if here is None:
                return None
        inner = 0
        nested = [o for p in _NESTED for o in shapes.objects(shape, p)]
        nested += [o for p in _LISTS for lst in shapes.objects(shape, p)
                   for o in Collection(shapes, lst)]
        for n in nested:
            h = hops(n, stack)
            if h is None:
                return None
            inner = max(inner, h)
        return here + inner

    deepest = 0
    roots = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    for shape in sorted(roots, key=str):
        h = hops(shape, ())
        if h is None:
            return None
        deepest = max(deepest, h)
    return deepest


def _closure(index: dict, owned: set, hops: int) -> list:
    """The triples of *owned* nodes and of every node within *hops* of them."""
    seen = set(owned)
    frontier = owned
    for _ in range(hops):
        nxt = set()
        for node in frontier:
            for _, _, o in index.get(node, ()):
                if not isinstance(o, Literal) and o not in seen:
                    nxt.add(o)
        seen |= nxt
        frontier = nxt
    # sh:class follows rdfs:subClassOf as far as it goes.
    frontier = {o for n in seen for _, p, o in index.get(n, ()) if p in (RDF.type, RDFS.subClassOf)}
    while frontier - seen:
        frontier -= seen
        seen |= frontier
        frontier = {o for n in frontier for _, p, o in index.get(n, ()) if p == RDFS.subClassOf}
    return [t for n in seen for t in index.get(n, ())]


# Per-process state: the core shapes, parsed once per worker.
_SHAPES: dict[str, Graph] = {}


def _quick_parameter_lookup() -> None:
    """Let pySHACL find a shape's constraint parameters with a set lookup.

    pySHACL (0.40) checks every predicate of a shape against a *list* of about
    40 constraint parameters, once per focus node and property shape, each
    check a chain of rdflib ``__eq__`` calls: on kg's graphs that was about
    a third of validation. It caches that list on its ``shape`` module as
    ``CONSTRAINT_PARAMS``; a frozenset of the same terms gives the same
    answers (membership only; the order comes from the shape graph). Left
    alone when pySHACL's internals are not what this expects. kg never turns
    on pySHACL's JavaScript or advanced modes, which append to that list.
    """
    try:
        import pyshacl.shape as shape_module
        from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
    except ImportError:
        return
    current = getattr(shape_module, "CONSTRAINT_PARAMS", None)
    if current is None or current[0] is ALL_CONSTRAINT_PARAMETERS:
        shape_module.CONSTRAINT_PARAMS = (frozenset(ALL_CONSTRAINT_PARAMETERS),
                                          CONSTRAINT_PARAMETERS_MAP)


def _run(shapes_ttl: str, triples: list, owned: set | None) -> list[CoreResult]:
    from pyshacl import validate as shacl

    _quick_parameter_lookup()

    if shapes_ttl not in _SHAPES:
        _SHAPES.clear()
        _SHAPES[shapes_ttl] = Graph().parse(data=shapes_ttl, format="turtle")
    g = Graph()
    for t in triples:
        g.add(t)
    _, results, _ = shacl(g, shacl_graph=_SHAPES[shapes_ttl], inference="none",
                          abort_on_first=False, allow_warnings=True)
    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        if owned is not None and focus not in owned:
            continue
        out.append(CoreResult(
            focus=focus, severity=results.value(r, SH.resultSeverity),
            messages=tuple(sorted(str(m) for m in results.objects(r, SH.resultMessage))),
            path=results.value(r, SH.resultPath), value=results.value(r, SH.value),
            shape=results.value(r, SH.sourceShape)))
    return out


def _run_args(args):
    return _run(*args)


# Up to this many triples one pySHACL run over the whole graph is quicker than
# parts: each part pays for a worker process, pySHACL's import, the shapes and
# the triples it shares with other parts (at 51,000 triples, 6 s whole against
# 9 s in parts on two busy cores).
WHOLE_TRIPLES = 100_000


def core_results(data: list, core: Graph, graphs: dict | None = None, *, jobs: int | None = 1,
                 part_triples: int = 40_000, whole_triples: int = WHOLE_TRIPLES) -> list[CoreResult]:
    """pySHACL's results for the triples *data* against the *core* shapes, computed in parts.

    *graphs* maps each subject node to the named graphs that describe it
    (its "homes"); without it, or when :func:`reach` gives no bound, or the
    graph has at most *whole_triples* triples or is no bigger than one part,
    the graph is validated whole.
    """
    from .batch import default_jobs

    shapes_ttl = core.serialize(format="turtle")
    hops = reach(core)
    if graphs is None or hops is None or len(data) <= max(part_triples, whole_triples):
        return _run(shapes_ttl, data, None)
    index: dict = defaultdict(list)
    for t in data:
        index[t[0]].append(t)
    by_graph: dict[object, set] = defaultdict(set)
    shared: set = set()
    for node in index:
        homes = graphs.get(node, ())
        if len(homes) == 1:
            by_graph[next(iter(homes))].add(node)
        else:
            shared.add(node)
    owned_sets, current, size = [], set(), 0
    for g in sorted(by_graph, key=str):
        current |= by_graph[g]
        size += sum(len(index[n]) for n in by_graph[g])
        if size >= part_triples:
            owned_sets.append(current)
            current, size = set(), 0
    if current:
        owned_sets.append(current)
    if shared:
        owned_sets.append(shared)
    work = [(shapes_ttl, _closure(index, owned, hops), owned) for owned in owned_sets]
    jobs = jobs or default_jobs()
    if jobs > 1 and len(work) > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(work))) as pool:
            chunks = list(pool.map(_run_args, work))
    else:
        chunks = [_run(*w) for w in work]
    return [r for chunk in chunks for r in chunk]
