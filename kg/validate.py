"""Validate stage: check a dataset against the SHACL shapes and explain why not.

``validate(dataset, shapes_path)`` runs pySHACL (https://www.w3.org/TR/shacl/)
without inference over the union of all named graphs and returns a
:class:`Report`. Each violation carries the shape's plain-words message and,
where the graph can say, the witness span the bad triple came from, so a
historian can go back to the sentence.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH

from . import resources
from .errors import ConfigError
from .build import PREFIXES
from .export import to_quads

KGO, OA = Namespace(PREFIXES["kgo"]), Namespace(PREFIXES["oa"])


@dataclass(frozen=True)
class Evidence:
    witness: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Violation:
    severity: str
    message: str
    focus: str
    focus_label: str | None
    path: str | None
    value: str | None
    shape: str
    evidence: tuple[Evidence, ...] = ()


@dataclass
class Report:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0

    def text(self) -> str:
        """The report in words, one block per violation."""
        if self.conforms:
            return f"The graph conforms to the shapes ({self.triples} triples checked)."
        lines = [f"The graph does NOT conform to the shapes: {count_problems(len(self.violations))}."]
        for v in self.violations:
            who = f"{v.focus_label} <{v.focus}>" if v.focus_label else f"<{v.focus}>"
            lines.append(f"- {v.severity}: {v.message}")
            lines.append(f"    about: {who}" + (f", property {v.path}" if v.path else "")
                         + (f", value {v.value}" if v.value else ""))
            for ev in v.evidence[:3]:
                lines.append(f"    from: {ev.witness}, characters {ev.start}-{ev.end}: \"{ev.quote}\"")
            lines.append(f"    shape: {v.shape}")
        return "\n".join(lines)


def load_shapes(path: str | Path = resources.SHAPES) -> Graph:
    g = Graph()
    try:
        g.parse(Path(path), format="turtle")
    except FileNotFoundError:
        raise ConfigError("shapes file not found", where=str(path)) from None
    except Exception as exc:
        raise ConfigError(f"shapes file does not parse ({str(exc).splitlines()[0][:200]})",
                          where=str(path)) from None
    return g


def _short(g: Graph, term) -> str:
    try:
        return g.namespace_manager.normalizeUri(term) if isinstance(term, URIRef) else str(term)
    except Exception:
        return str(term)


def _evidence(data: Graph, focus) -> tuple[Evidence, ...]:
    """Spans behind a node: its own selectors, its mentions, or its assertions' evidence."""
    spans = []
    if (focus, RDF.type, OA.SpecificResource) in data:
        spans.append(focus)
    spans += list(data.objects(focus, OA.hasTarget))
    spans += list(data.objects(focus, KGO.evidence))
    for a in data.subjects(RDF.subject, focus):
        spans += list(data.objects(a, KGO.evidence))
    for ann in data.subjects(OA.hasBody, focus):
        spans += list(data.objects(ann, OA.hasTarget))
    out = []
    for sp in sorted(set(spans), key=str)[:5]:
        source = data.value(sp, OA.hasSource)
        start = end = quote = None
        for sel in data.objects(sp, OA.hasSelector):
            if (sel, RDF.type, OA.TextPositionSelector) in data:
                start, end = data.value(sel, OA.start), data.value(sel, OA.end)
            if (sel, RDF.type, OA.TextQuoteSelector) in data:
                quote = data.value(sel, OA.exact)
        if source is not None and start is not None and quote is not None:
            q = str(quote)
            q = q if len(q) <= 160 else q[:157] + "..."
            out.append(Evidence(str(source).rsplit("/", 1)[-1], int(start), int(end), q))
    return tuple(out)


@dataclass(frozen=True)
class _SparqlConstraint:
    shape: URIRef
    constraint: URIRef
    query: str
    messages: tuple[str, ...]
    severity: str


def _split_sparql(shapes: Graph) -> tuple[Graph, list[_SparqlConstraint]]:
    """Separate SHACL-SPARQL constraints from the core shapes.

    pySHACL runs a SPARQL constraint once per focus node on rdflib's engine,
    which took minutes for one memo. kg runs each constraint once over the
    whole graph on Oxigraph instead: ``$this`` becomes a variable bound by the
    shape's target classes (SHACL 1.0 section 5.3 pre-binding, written out as
    a join). Only ``sh:targetClass`` shapes and ``sh:select`` constraints are
    supported this way; anything else is refused rather than skipped.
    """
    core = Graph()
    for t in shapes:
        core.add(t)
    found = []
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        core.remove((shape, SH.sparql, constraint))
        select = shapes.value(constraint, SH.select)
        targets = sorted(shapes.objects(shape, SH.targetClass))
        if select is None or not targets or any(
                (shape, p, None) in shapes for p in (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)):
            raise ConfigError("kg runs SHACL-SPARQL constraints only as sh:select on shapes with "
                              "sh:targetClass", where=str(constraint))
        prefixes = []
        for decl_src in shapes.objects(constraint, SH.prefixes):
            for decl in shapes.objects(decl_src, SH.declare):
                prefixes.append(f"PREFIX {shapes.value(decl, SH.prefix)}: "
                                f"<{shapes.value(decl, SH.namespace)}>")
        body = str(select).replace("$this", "?this")
        where = re.search(r"\bWHERE\s*\{", body, re.IGNORECASE)
        if where is None:
            raise ConfigError("SPARQL constraint has no WHERE clause", where=str(constraint))
        values = " ".join(f"<{t}>" for t in targets)
        bind = f" VALUES ?kgTarget {{ {values} }} ?this a ?kgTarget . "
        query = "\n".join(sorted(set(prefixes))) + "\n" + body[:where.end()] + bind + body[where.end():]
        severity = shapes.value(constraint, SH.severity) or shapes.value(shape, SH.severity) or SH.Violation
        messages = tuple(sorted(str(m) for m in shapes.objects(constraint, SH.message)))
        found.append(_SparqlConstraint(shape, constraint, query, messages,
                                       str(severity).rsplit("#", 1)[-1]))
    return core, found


def _fill(message: str, row: dict) -> str:
    return re.sub(r"\{[?$](\w+)\}", lambda m: row.get(m.group(1), m.group(0)), message)


def _run_sparql(ntriples: bytes, constraints: list[_SparqlConstraint]):
    import pyoxigraph as ox

    store = ox.Store()
    store.load(ntriples, format=ox.RdfFormat.N_TRIPLES)
    for c in constraints:
        try:
            result = store.query(c.query)
        except SyntaxError as exc:
            raise ConfigError(f"SPARQL constraint does not parse ({exc})", where=str(c.constraint)) from None
        names = [v.value for v in result.variables]
        for row in result:
            values = {n: row[n].value for n in names if row[n] is not None}
            this = values.get("this")
            if this is None:
                continue
            msg = _fill(c.messages[0], values) if c.messages else "SPARQL constraint not met"
            yield c, URIRef(this), msg, values


def validate(ds: Dataset, shapes: Graph, jobs: int | None = 1, part_triples: int = 40_000,
             whole_triples: int | None = None, quads=None) -> Report:
    """Validate the union of *ds*'s graphs against *shapes*.

    The SHACL-SPARQL constraints run once over the whole graph on Oxigraph.
    The core constraints run with pySHACL over parts of the graph (see
    :mod:`kg.partition`) of about *part_triples* triples each, on *jobs*
    processes (None: one per core); the result is the one the whole graph gives.
    Graphs of at most *whole_triples* triples (default
    :data:`kg.partition.WHOLE_TRIPLES`) are checked in one run. *quads* is
    ``kg.export.to_quads(ds)`` when the caller has it already.
    """
    from .partition import WHOLE_TRIPLES, core_results

    quads = to_quads(quads if quads is not None else ds)
    if not isinstance(ds, Dataset):
        ds = quads.rdflib()

    # The union as a read-only view of the same store (copying it into a Graph
    # took longer than the SPARQL constraints), and its triples once each.
    data = Dataset(store=ds.store, default_union=True)
    triples: set = set()
    homes: dict = {}
    for g in ds.graphs():
        for t in g:
            triples.add(t)
            homes.setdefault(t[0], set()).add(g.identifier)
    core, sparql = _split_sparql(shapes)
    results = core_results(list(triples), core, homes, jobs=jobs, part_triples=part_triples,
                           whole_triples=WHOLE_TRIPLES if whole_triples is None else whole_triples)
    report = Report(conforms=True, triples=len(triples))
    with warnings.catch_warnings():
        # rdflib's union view calls its own deprecated Dataset.default_context.
        warnings.filterwarnings("ignore", "Dataset.default_context", DeprecationWarning)
        for c, focus, msg, values in _run_sparql(
            quads.ntriples() if sparql else b"", sparql):
            if c.severity == "Violation":
                report.conforms = False
            label = data.value(focus, RDFS.label)
            report.violations.append(Violation(
                severity=c.severity, message=msg, focus=str(focus),
                focus_label=str(label) if isinstance(label, Literal) else None, path=None,
                value=values.get("value"), shape=_short(shapes, c.shape),
                evidence=_evidence(data, focus)))
        for r in results:
            if r.severity == SH.Violation:
                report.conforms = False
            label = data.value(r.focus, RDFS.label)
            report.violations.append(Violation(
                severity=_short(shapes, r.severity).split(":")[-1].split("#")[-1],
                message=r.messages[0] if r.messages else "constraint not met",
                focus=str(r.focus),
                focus_label=str(label) if isinstance(label, Literal) else None,
                path=_short(ds, r.path) if r.path is not None else None,
                value=(r.value.n3() if r.value is not None else None),
                shape=_short(shapes, r.shape),
                evidence=_evidence(data, r.focus),
            ))
    report.violations.sort(key=lambda v: (v.severity, v.shape, v.focus, v.message, v.path or "",
                                          v.value or ""))
    return report


def count_problems(n: int) -> str:
    """"1 problem", "3 problems"."""
    return f"{n} problem" if n == 1 else f"{n} problems"
