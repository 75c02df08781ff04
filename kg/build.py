"""Build stage: the only place that turns records into RDF.

``build(corpus, relations, base)`` returns an ``rdflib.Dataset`` with one
named graph per witness (what that copy says: its description, segments,
mentions as W3C Web Annotations, and claims of its own paratext) and one per
work (the work, its entities, proposals, stances, events, and the facts its
text states, each reified as a ``kgo:Assertion`` pointing at its evidence).

Standards followed: Web Annotation Data Model (https://www.w3.org/TR/annotation-model/)
for mentions and spans (``oa:TextPositionSelector`` offsets are 0-based code
points into the text as stored, end exclusive); schema.org terms stated
directly; PROV-O for attribution. Every node has an IRI minted from stable
keys, so the same input gives the same IRIs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from rdflib import Dataset, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from .errors import ConfigError
from .load import slugify
from .model import Corpus, Ref
from .relate import Relations
from .resources import ONTOLOGY_NS

KGO = Namespace(ONTOLOGY_NS)
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")
PREFIXES = {
    "kgo": KGO, "schema": SCHEMA, "oa": OA, "prov": PROV, "dcterms": DCTERMS, "foaf": FOAF,
    "org": ORG, "skos": SKOS, "owl": OWL, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "time": TIME,
    "wd": WD,
}
QUOTE_CONTEXT = 32   # characters of oa:prefix / oa:suffix


def curie(name: str) -> URIRef:
    prefix, local = name.split(":", 1)
    return PREFIXES[prefix][local]


def check_base(base: str) -> str:
    """Return *base* if it can prefix IRIs, else raise ConfigError."""
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or not base.endswith(("/", "#")):
        raise ConfigError(f"base IRI {base!r} is not an http(s) IRI ending in '/' or '#'",
                          fix="e.g. --base https://data.example.org/kg/")
    if any(c in base for c in ' <>"{}|\\^`'):
        raise ConfigError(f"base IRI {base!r} contains characters not allowed in an IRI")
    return base


class _Minter:
    def __init__(self, base: str):
        self.base = base

    def ref(self, r: Ref) -> URIRef:
        if r.kind == "concept":
            return KGO[r.key]
        if r.kind == "wikidata":
            return WD[r.key]
        if r.kind == "authority":
            return URIRef(f"{self.base}authority")
        return URIRef(f"{self.base}{r.kind}/{r.key}")

    def graph(self, r: Ref) -> URIRef:
        return URIRef(f"{self.base}graph/{r.kind}/{r.key}")

    def span(self, sid: str, start: int, end: int) -> URIRef:
        return URIRef(f"{self.base}witness/{sid}/span/{start}-{end}")


def _literal(value) -> Literal:
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    if isinstance(value, float):
        return Literal(Decimal(f"{value:.2f}"), datatype=XSD.decimal)
    return Literal(str(value))


def build(corpus: Corpus, rel: Relations, base: str) -> Dataset:
    """Map the records of one run to an RDF dataset (see module docstring)."""
    mint = _Minter(check_base(base))
    ds = Dataset()
    for p, ns in PREFIXES.items():
        ds.bind(p, ns)
    sources = {s.id: s for s in corpus.sources}
    work_graphs = {w.id: ds.graph(mint.graph(Ref("work", w.id))) for w in corpus.works}
    wit_graphs = {s.id: ds.graph(mint.graph(Ref("witness", s.id))) for s in corpus.sources}

    def graph_of(claimant: Ref):
        return work_graphs[claimant.key] if claimant.kind == "work" else wit_graphs[claimant.key]

    segments_of = rel.segments

    def span(g, sid: str, nstart: int, nend: int) -> URIRef:
        src = sources[sid]
        start, end = src.view.orig(nstart, nend)
        node = mint.span(sid, start, end)
        if (node, RDF.type, OA.SpecificResource) in g:
            return node
        text = src.text
        pos, quote = URIRef(f"{node}#position"), URIRef(f"{node}#quote")
        g.add((node, RDF.type, OA.SpecificResource))
        g.add((node, OA.hasSource, mint.ref(Ref("witness", sid))))
        g.add((node, OA.hasSelector, pos))
        g.add((node, OA.hasSelector, quote))
        g.add((pos, RDF.type, OA.TextPositionSelector))
        g.add((pos, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
        g.add((pos, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(text[start:end])))
        if start:
            g.add((quote, OA.prefix, Literal(text[max(0, start - QUOTE_CONTEXT):start])))
        if end < len(text):
            g.add((quote, OA.suffix, Literal(text[end:end + QUOTE_CONTEXT])))
        for seg in segments_of[sid]:
            if seg.nstart <= nstart and nend <= seg.nend and (seg.nstart, seg.nend) != (nstart, nend):
                g.add((node, DCTERMS.isPartOf, span(g, sid, seg.nstart, seg.nend)))
                break
        return node

    # Works and witnesses.
    for w in corpus.works:
        g, node = work_graphs[w.id], mint.ref(Ref("work", w.id))
        g.add((node, RDF.type, KGO.Work))
        g.add((node, RDF.type, SCHEMA.CreativeWork))
        g.add((node, RDFS.label, Literal(w.title)))
        g.add((node, SCHEMA.name, Literal(w.title)))
        if w.language:
            g.add((node, SCHEMA.inLanguage, Literal(w.language)))
        if w.description:
            g.add((node, DCTERMS.description, Literal(w.description)))
        for s in corpus.sources:
            if s.meta.work == w.id:
                g.add((node, SCHEMA.workExample, mint.ref(Ref("witness", s.id))))
    published = {f.subject.key: f.object for f in rel.facts
                 if f.predicate == "schema:datePublished"}
    publishers: set[Ref] = set()
    for s in corpus.sources:
        m, g, node = s.meta, wit_graphs[s.id], mint.ref(Ref("witness", s.id))
        for t in (KGO.Witness, SCHEMA.CreativeWork, PROV.Entity):
            g.add((node, RDF.type, t))
        g.add((node, RDFS.label, Literal(m.title)))
        g.add((node, SCHEMA.name, Literal(m.title)))
        g.add((node, SCHEMA.exampleOfWork, mint.ref(Ref("work", m.work))))
        g.add((node, KGO.witnessKind, Literal(m.kind)))
        g.add((node, SCHEMA.inLanguage, Literal(m.language)))
        g.add((node, KGO.textLength, Literal(len(s.text), datatype=XSD.integer)))
        g.add((node, KGO.sha256, Literal(s.sha256)))
        if s.format != "text":       # a rendering of markup: the text the offsets point into
            g.add((node, SCHEMA.text, Literal(s.text)))
        g.add((node, DCTERMS.source, Literal(m.url or m.file)))
        date = m.date or published.get(s.id)
        if date:
            g.add((node, SCHEMA.datePublished, _literal(date)))
        for d in m.derived_from:
            target = Ref("work", m.work) if d == "work" else Ref("witness", d)
            g.add((node, PROV.wasDerivedFrom, mint.ref(target)))
        if m.byline:
            g.add((node, KGO.bylineText, Literal(m.byline)))
        if m.note:
            g.add((node, RDFS.comment, Literal(m.note)))
        if m.publisher:
            pref = next((e.ref for e in rel.entities.values()
                         if e.attrs.get("authority") and e.attrs["authority"].id == m.publisher), None)
            if pref is not None:
                g.add((node, SCHEMA.publisher, mint.ref(pref)))
                publishers.add(pref)

    # Which graphs describe each entity: where it is mentioned or claimed about.
    homes: dict[Ref, set] = {}
    for sid, ms in rel.mentions.items():
        work = sources[sid].meta.work
        for mm in ms:
            homes.setdefault(rel.refs[mm], set()).add(_claimant_of(rel, sid, mm.nstart, work))
    for f in rel.facts:
        if f.claimant.kind in ("work", "witness"):
            for r in (f.subject, f.object):
                if isinstance(r, Ref) and r in rel.entities:
                    homes.setdefault(r, set()).add(f.claimant)
    first_work = Ref("work", corpus.works[0].id)
    for r in publishers:
        homes.setdefault(r, set()).add(first_work)

    for ref in sorted(rel.entities, key=str):
        ent = rel.entities[ref]
        node = mint.ref(ref)
        for home in sorted(homes.get(ref, {first_work}), key=str):
            g = graph_of(home)
            for t in ent.types:
                g.add((node, RDF.type, curie(t)))
            g.add((node, RDFS.label, Literal(ent.label)))
            for a in sorted(ent.aliases):
                g.add((node, SKOS.altLabel, Literal(a)))
            if "description" in ent.attrs:
                g.add((node, SCHEMA.description, Literal(ent.attrs["description"])))
            if "role_name" in ent.attrs:
                g.add((node, KGO.roleName, Literal(ent.attrs["role_name"])))
            if ref.kind == "date":
                g.add((node, TIME.inXSDDate, Literal(ref.key, datatype=XSD.date)))

    # Facts, each with its reified assertion and evidence.
    authority_node = mint.ref(Ref("authority", "entities"))
    for f in rel.facts:
        if f.claimant.kind in ("authority", "decision"):
            homes_ = sorted(homes.get(f.subject, {first_work}), key=str)
            g = graph_of(next((h for h in homes_ if h.kind == "work"), homes_[0]))
        else:
            g = graph_of(f.claimant)
        s, p = mint.ref(f.subject), curie(f.predicate)
        o = mint.ref(f.object) if isinstance(f.object, Ref) else _literal(f.object)
        g.add((s, p, o))
        key = "\x1f".join((str(s), str(p), o.n3(), str(f.claimant)))
        a = URIRef(f"{mint.base}fact/{hashlib.sha1(key.encode()).hexdigest()[:16]}")
        for t in (KGO.Assertion, RDF.Statement, PROV.Entity):
            g.add((a, RDF.type, t))
        g.add((a, RDF.subject, s))
        g.add((a, RDF.predicate, p))
        g.add((a, RDF.object, o))
        g.add((a, KGO.rule, Literal(f.rule)))
        g.add((a, KGO.confidence, _literal(float(f.confidence))))
        if f.claimant.kind == "decision":
            decision = rel.decisions[f.claimant.key]
            node = mint.ref(f.claimant)
            g.add((a, PROV.wasAttributedTo, _decision(g, node, decision, mint)))
            g.add((a, PROV.wasGeneratedBy, node))
        else:
            g.add((a, PROV.wasAttributedTo, mint.ref(f.claimant)))
        for ev in f.evidence:
            g.add((a, KGO.evidence, span(wit_graphs[ev.source], ev.source, ev.nstart, ev.nend)))
        if f.claimant.kind == "authority":
            src = rel.entities[f.subject].attrs.get("sources", {}).get(f.predicate)
            g.add((a, DCTERMS.source, Literal(src or "authority file")))
    if any(f.claimant.kind == "authority" for f in rel.facts):
        g = work_graphs[first_work.key]
        g.add((authority_node, RDF.type, PROV.Entity))
        g.add((authority_node, RDFS.label, Literal("kg authority file (authority/entities.toml)")))

    # Segments and mentions, per witness.
    for sid, segs in rel.segments.items():
        g = wit_graphs[sid]
        for seg in segs:
            node = span(g, sid, seg.nstart, seg.nend)
            g.add((node, RDF.type, KGO.Segment))
            g.add((node, KGO.segmentType, KGO[seg.kind]))
            g.add((node, KGO.layer, KGO[seg.layer]))
            g.add((node, RDFS.label, Literal(f"{_words(seg.kind)} of {sid}")))
    for sid in sorted(rel.mentions):
        g = wit_graphs[sid]
        counts: dict[tuple[int, int], int] = {}
        for mm in sorted(rel.mentions[sid], key=lambda m: (m.nstart, m.nend, str(rel.refs[m]))):
            start, end = sources[sid].view.orig(mm.nstart, mm.nend)
            n = counts[(start, end)] = counts.get((start, end), 0) + 1
            ann = URIRef(f"{mint.base}witness/{sid}/mention/{start}-{end}-{n}")
            g.add((ann, RDF.type, OA.Annotation))
            g.add((ann, RDF.type, KGO.Mention))
            g.add((ann, OA.hasBody, mint.ref(rel.refs[mm])))
            g.add((ann, OA.hasTarget, span(g, sid, mm.nstart, mm.nend)))
            g.add((ann, OA.motivatedBy, OA.identifying))
            g.add((ann, KGO.rule, Literal(mm.rule)))
            g.add((ann, KGO.confidence, _literal(float(mm.confidence))))
            for key, pred in (("honorific", KGO.honorific), ("role", KGO.title)):
                if mm.attr(key):
                    g.add((ann, pred, Literal(mm.attr(key))))

    # Findings of data-driven checks.
    for fd in rel.findings:
        key = "\x1f".join((fd.rule, fd.message))
        node = URIRef(f"{mint.base}finding/{hashlib.sha1(key.encode()).hexdigest()[:16]}")
        about_witness = next((r for r in fd.about if r.kind == "witness"), None)
        g = wit_graphs[about_witness.key] if about_witness else work_graphs[first_work.key]
        g.add((node, RDF.type, KGO.Finding))
        g.add((node, RDFS.comment, Literal(fd.message)))
        g.add((node, KGO.severity, Literal(fd.severity)))
        g.add((node, KGO.rule, Literal(fd.rule)))
        for r in fd.about:
            g.add((node, KGO.about, mint.ref(r)))
        for ev in fd.evidence:
            g.add((node, KGO.evidence, span(wit_graphs[ev.source], ev.source, ev.nstart, ev.nend)))
    return ds


def _decision(g, node: URIRef, d, mint: _Minter) -> URIRef:
    """Describe a link decision (kgo:LinkDecision) in *g*; return the agent who made it."""
    if d.method == "rule":
        agent = URIRef(f"{mint.base}agent/{d.by}")
        g.add((agent, RDF.type, PROV.SoftwareAgent))
        g.add((agent, RDFS.label, Literal(f"kg link, scoring rule {d.by}")))
    else:
        name = d.by.split(":", 1)[-1]
        agent = URIRef(f"{mint.base}agent/person/{slugify(name, 'anonymous')}")
        g.add((agent, RDF.type, PROV.Person))
        g.add((agent, RDFS.label, Literal(name)))
    g.add((node, RDF.type, KGO.LinkDecision))
    g.add((node, RDF.type, PROV.Activity))
    g.add((node, RDFS.label, Literal(f"Wikidata link of {d.label}")))
    g.add((node, PROV.wasAssociatedWith, agent))
    g.add((node, PROV.endedAtTime, Literal(d.at, datatype=XSD.dateTime)))
    g.add((node, KGO.decisionMethod, Literal(d.method)))
    if d.note:
        g.add((node, RDFS.comment, Literal(d.note)))
    if d.score is not None:
        g.add((node, KGO.score, _literal(float(d.score))))
    if d.margin is not None:
        g.add((node, KGO.margin, _literal(float(d.margin))))
    for name in d.searched:
        g.add((node, KGO.searchedName, Literal(name)))
    for rank, c in enumerate(d.candidates, 1):
        cand = URIRef(f"{node}/candidate/{rank}")
        g.add((node, KGO.candidate, cand))
        g.add((cand, RDF.type, KGO.LinkCandidate))
        g.add((cand, KGO.rank, Literal(rank, datatype=XSD.integer)))
        g.add((cand, KGO.candidateItem, WD[c.qid]))
        g.add((cand, KGO.score, _literal(float(c.score))))
        g.add((cand, RDFS.comment, Literal(c.why)))
        if c.label:
            g.add((cand, RDFS.label, Literal(c.label)))
    return agent


def _words(kind: str) -> str:
    out = "".join(" " + c.lower() if c.isupper() else c for c in kind).strip()
    return out


def _claimant_of(rel: Relations, sid: str, pos: int, work: str) -> Ref:
    for seg in rel.segments[sid]:
        if seg.nstart <= pos < seg.nend:
            return Ref("witness", sid) if seg.layer == "Paratext" else Ref("work", work)
    return Ref("work", work)
