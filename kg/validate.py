"""Validate stage: check a dataset against the SHACL shapes and explain why not.

``validate(dataset, shapes_path)`` runs pySHACL (https://www.w3.org/TR/shacl/)
without inference over the union of all named graphs and returns a
:class:`Report`. Each violation carries the shape's plain-words message and,
where the graph can say, the witness span the bad triple came from, so a
historian can go back to the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from . import resources
from .build import KGO, OA
from .errors import ConfigError
from .export import union


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
        lines = [f"The graph does NOT conform to the shapes: {len(self.violations)} problem(s)."]
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


def validate(ds: Dataset, shapes: Graph) -> Report:
    """Validate the union of *ds*'s graphs against *shapes*."""
    from pyshacl import validate as shacl

    data = union(ds)
    conforms, results, _ = shacl(data, shacl_graph=shapes, inference="none",
                                 abort_on_first=False, allow_warnings=True)
    report = Report(conforms=bool(conforms), triples=len(data))
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        sev = _short(results, results.value(r, SH.resultSeverity)).split(":")[-1].split("#")[-1]
        msgs = sorted(str(m) for m in results.objects(r, SH.resultMessage))
        path = results.value(r, SH.resultPath)
        value = results.value(r, SH.value)
        label = data.value(focus, RDFS.label)
        report.violations.append(Violation(
            severity=sev,
            message=msgs[0] if msgs else "constraint not met",
            focus=str(focus),
            focus_label=str(label) if isinstance(label, Literal) else None,
            path=_short(data, path) if path is not None else None,
            value=(value.n3() if value is not None else None),
            shape=_short(shapes, results.value(r, SH.sourceShape)),
            evidence=_evidence(data, focus),
        ))
    report.violations.sort(key=lambda v: (v.severity, v.shape, v.focus, v.message))
    return report
