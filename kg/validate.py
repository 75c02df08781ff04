"""Validate stage: check a dataset against the SHACL shapes and explain why not.

``validate(dataset, shapes)`` checks the union of all named graphs against the
SHACL shapes (https://www.w3.org/TR/shacl/) without inference and returns a
:class:`Report`. Each violation carries the shape's plain-words message and,
where the graph can say, the witness span the bad triple came from, so a
historian can go back to the sentence.

The default engine, ``oxigraph``, is :mod:`kg.shacl`: every (shape,
constraint) pair compiled to one SPARQL query over the whole graph in
Oxigraph, which gives pySHACL's results (tested) in seconds where pySHACL
takes minutes. A large dataset (``kg.partition.PARTS_FROM`` quads) is
checked in parts of a few documents each, with the same report, when the
shapes only look outward from a focus node (:mod:`kg.partition`).
``pyshacl`` runs the core shapes through pySHACL over the whole graph
instead, as the reference (the SHACL-SPARQL constraints, which pySHACL runs
per focus node on rdflib's engine, still run on Oxigraph).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH

from . import resources, scratch
from .errors import ConfigError, OutputError, first_line
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
    quads: int = 0          # the quads whose union was checked

    def text(self) -> str:
        """The report in words, one block per violation."""
        if self.conforms:
            return f"The graph conforms to the shapes (the union of {self.quads} quads checked)."
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
        raise ConfigError(f"shapes file does not parse ({first_line(exc)})",
                          where=str(path)) from None
    return g


ENGINES = ("oxigraph", "pyshacl")


def _short(g: Graph, iri: str) -> str:
    try:
        return g.namespace_manager.normalizeUri(URIRef(iri))
    except Exception:
        return iri


def _short_path(g: Graph, path: str | None) -> str | None:
    """A result path for people: ``schema:name`` for a plain predicate, else its SPARQL form."""
    if path is None:
        return None
    plain = re.fullmatch(r"<([^<>]*)>", path)
    return _short(g, plain.group(1)) if plain else path


def _iri_list(nodes) -> str:
    return " ".join(str(n) for n in nodes)


def _labels(store, nodes: list) -> dict[str, str]:
    """rdfs:label of each of *nodes* (the smallest, if several), by IRI."""
    found: dict[str, str] = {}
    for chunk in _chunks(nodes):
        for row in store.query(
                f"SELECT ?n ?label WHERE {{ VALUES ?n {{ {_iri_list(chunk)} }} "
                f"?n <{RDFS.label}> ?label FILTER(isLiteral(?label)) }}",
                use_default_graph_as_union=True):
            key, label = row["n"].value, row["label"].value
            if key not in found or label < found[key]:
                found[key] = label
    return found


_SPANS = f"""
SELECT DISTINCT ?n ?span WHERE {{
  VALUES ?n {{ %s }}
  {{ ?n a <{OA.SpecificResource}> BIND(?n AS ?span) }}
  UNION {{ ?n <{OA.hasTarget}> ?span }}
  UNION {{ ?n <{KGO.evidence}> ?span }}
  UNION {{ ?a <{RDF.subject}> ?n . ?a <{KGO.evidence}> ?span }}
  UNION {{ ?ann <{OA.hasBody}> ?n . ?ann <{OA.hasTarget}> ?span }}
}}"""

_SELECTORS = f"""
SELECT ?span ?source ?start ?end ?exact WHERE {{
  VALUES ?span {{ %s }}
  ?span <{OA.hasSource}> ?source ; <{OA.hasSelector}> ?pos, ?quote .
  ?pos a <{OA.TextPositionSelector}> ; <{OA.start}> ?start ; <{OA.end}> ?end .
  ?quote a <{OA.TextQuoteSelector}> ; <{OA.exact}> ?exact .
}}"""


def _evidence(store, nodes: list) -> dict[str, tuple[Evidence, ...]]:
    """Spans behind each node: its own selectors, its mentions, or its assertions' evidence.

    The first five spans of a node (by IRI) are looked at; those with a
    source, a position and a quote are kept.
    """
    first = _first_spans(store, nodes)
    detail = _details(store, sorted({t for found in first.values() for t in found}, key=str))
    return {n: tuple(detail[t.value] for t in found if t.value in detail)
            for n, found in first.items()}


def _first_spans(store, nodes: list) -> dict[str, list]:
    """The first five spans (terms, by IRI) behind each of *nodes*, by node IRI."""
    spans: dict[str, list] = {}
    for chunk in _chunks(nodes):
        for row in store.query(_SPANS % _iri_list(chunk), use_default_graph_as_union=True):
            spans.setdefault(row["n"].value, []).append(row["span"])
    return {n: sorted(found, key=lambda t: t.value)[:5] for n, found in spans.items()}


def _details(store, spans: list) -> dict[str, Evidence]:
    """Source, offsets and quote of each span (terms) that has them, by span IRI."""
    detail: dict[str, Evidence] = {}
    for chunk in _chunks(spans):
        for row in store.query(_SELECTORS % _iri_list(chunk), use_default_graph_as_union=True):
            quote = row["exact"].value
            quote = quote if len(quote) <= 160 else quote[:157] + "..."
            detail.setdefault(row["span"].value, Evidence(
                row["source"].value.rsplit("/", 1)[-1], int(row["start"].value),
                int(row["end"].value), quote))
    return detail


def _chunks(nodes: list, size: int = 500):
    iris = [n for n in nodes if str(n).startswith("<")]
    for i in range(0, len(iris), size):
        yield iris[i:i + size]


def validate(data, shapes: Graph, engine: str = "oxigraph", threads: int | None = None,
             stage: Callable[[str], None] | None = None) -> Report:
    """Validate the union of *data*'s graphs against *shapes*.

    *data* is :class:`kg.quads.Quads` or an rdflib Dataset. *engine* is
    ``oxigraph`` (:mod:`kg.shacl`, its queries on *threads* threads, None:
    one per core) or ``pyshacl`` (see the module docstring). A large dataset
    is checked in parts (:mod:`kg.partition`) when the shapes allow it, with
    the same report; *stage* is told which part is being checked.

    Raises:
        ConfigError: the shapes use something the engine cannot run.
    """
    from . import partition, shacl
    from .quads import STORE_IN_MEMORY

    if engine not in ENGINES:
        raise ConfigError(f"unknown validation engine {engine!r} (one of {', '.join(ENGINES)})")
    quads = to_quads(data)
    # pySHACL runs what kg.shacl refuses; only the SPARQL constraints are left to kg.shacl.
    compiled = shacl.compile_shapes(shapes if engine == "oxigraph" else shacl.sparql_shapes(shapes))
    threads = threads or os.cpu_count() or 1
    if engine == "oxigraph" and len(quads) >= partition.PARTS_FROM:
        found = partition.reach(shapes, compiled)
        plan = partition.plan(quads, found) if found else None
        if plan is not None:
            return _report_in_parts(plan, compiled, len(quads), shapes, threads, stage)
    if len(quads) <= STORE_IN_MEMORY:
        return _report(quads.store(), compiled, quads, shapes, engine, threads)
    # A large dataset is checked in an on-disk store: slower queries, bounded memory.
    try:
        folder = scratch.folder("kg-store-")
    except OSError as exc:
        raise OutputError(f"cannot make a temporary folder for the store ({first_line(exc)})",
                          where=tempfile.gettempdir(),
                          fix="free disk space or set TMPDIR to a folder with room") from None
    try:
        return _report(quads.store(os.path.join(folder, "store")), compiled, quads, shapes, engine,
                       threads)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _report(store, compiled, quads, shapes: Graph, engine: str, threads: int) -> Report:
    """The report of the *compiled* shapes over *store* (which holds *quads*)."""
    from . import shacl

    if engine == "oxigraph":
        results = shacl.check(store, compiled, threads=threads)
    else:
        results = sorted(set(shacl.check(store, compiled)) | set(_pyshacl_core(quads, shapes)),
                         key=shacl.sort_key)
    focus = sorted({r.focus for r in results}, key=str)
    # The quads, not the union's distinct triples: counting those is a DISTINCT over
    # every triple (5.6 s and 620 MB at 4.6 M quads) for a number in a sentence.
    return _assemble(results, _labels(store, focus), _evidence(store, focus), shapes, len(quads))


def _report_in_parts(plan, compiled, count: int, shapes: Graph, threads: int, stage) -> Report:
    """The report of the *compiled* shapes checked part by part as *plan* says.

    Each part's results are kept for the nodes it owns, and their labels
    looked up there. The spans behind a node may lie in any part (a shared
    node is named by every document that mentions it), so the first five
    of every part are pooled and the first five of those kept; a span's
    selectors are in its own part or, for a shared span, in the first one.
    """
    from . import shacl

    results: list = []
    labels: dict[str, str] = {}
    spans: dict[str, set] = {}           # node IRI -> span terms found in some part
    detail: dict[str, Evidence] = {}
    shared_store = None
    for part in _ahead(plan.parts()):
        if stage:
            stage(f"validating {count:,} quads: {part.label}")
        found = [r for r in shacl.check(part.store, compiled, threads=threads)
                 if part.owns(str(r.focus))]
        results += found
        owned = sorted({r.focus for r in found}, key=str)
        labels.update(_labels(part.store, owned))
        if shared_store is None:
            shared_store, shared_focus = part.store, owned
        wanted = sorted(set(owned) | set(shared_focus), key=str)
        first = _first_spans(part.store, wanted)
        for n, found_spans in first.items():
            spans.setdefault(n, set()).update(found_spans)
        new = sorted({t for f in first.values() for t in f if t.value not in detail}, key=str)
        detail.update(_details(part.store, new))
    missing = sorted({t for f in spans.values() for t in f if t.value not in detail}, key=str)
    if missing and shared_store is not None:
        detail.update(_details(shared_store, missing))
    evidence = {}
    for n, found_spans in spans.items():
        first5 = sorted(found_spans, key=lambda t: t.value)[:5]
        evidence[n] = tuple(detail[t.value] for t in first5 if t.value in detail)
    return _assemble(sorted(results, key=shacl.sort_key), labels, evidence, shapes, count)


def _ahead(items):
    """The items of the iterator *items*, each next one made on a thread while the
    caller works on the one it has (a part's store loads on one core while the
    checks of the last one run on the others)."""
    import threading

    box: list = []

    def make():
        try:
            box.append((True, next(items)))
        except StopIteration:
            box.append((False, None))
        except BaseException as exc:        # handed to the caller
            box.append((None, exc))

    worker = threading.Thread(target=make, daemon=True, name="kg-part-ahead")
    worker.start()
    while True:
        worker.join()
        ok, item = box.pop()
        if ok is None:
            raise item
        if not ok:
            return
        worker = threading.Thread(target=make, daemon=True, name="kg-part-ahead")
        worker.start()
        yield item


def _assemble(results, labels: dict, evidence: dict, shapes: Graph, count: int) -> Report:
    report = Report(conforms=True, quads=count)
    for r in results:
        severity = r.severity.rsplit("#", 1)[-1]
        if severity == "Violation":
            report.conforms = False
        report.violations.append(Violation(
            severity=severity,
            message=r.message or ("SPARQL constraint not met"
                                  if r.component == str(SH.SPARQLConstraintComponent)
                                  else "constraint not met"),
            focus=r.focus.value, focus_label=labels.get(r.focus.value), path=_short_path(shapes, r.path),
            value=None if r.value is None else str(r.value),
            shape=r.shape if r.shape.startswith("_:") else _short(shapes, r.shape),
            evidence=evidence.get(r.focus.value, ())))
    report.violations.sort(key=lambda v: (v.severity, v.shape, v.focus, v.message, v.path or "",
                                          v.value or ""))
    return report


def _pyshacl_core(quads, shapes: Graph):
    """pySHACL's results for the core shapes (no sh:sparql) over the whole graph."""
    from pyshacl import validate as pyshacl_validate

    from . import shacl

    core = shacl.core_shapes(shapes)
    data = Graph()
    data.parse(data=quads.ntriples().decode("utf-8"), format="nt")
    _, results, _ = pyshacl_validate(data, shacl_graph=core, inference="none", allow_warnings=True)
    return shacl.from_pyshacl(results)


def count_problems(n: int) -> str:
    """"1 problem", "3 problems"."""
    return f"{n} problem" if n == 1 else f"{n} problems"
