"""Build stage: the only place that turns records into RDF.

``build(corpus, relations, base)`` returns the dataset as :class:`kg.quads.Quads`
(sorted rows of N-Triples terms) with one named graph per witness (what that copy says:
its description, segments, mentions as W3C Web Annotations, and claims of its
own paratext) and one per work (the work, its entities, proposals, stances,
events, and the facts its text states, each reified as a ``kgo:Assertion``
pointing at its evidence).

Each term is constructed by pyoxigraph (:func:`kg.quads.check_iri`,
:func:`kg.quads.literal`) and kept in the N-Triples form Oxigraph prints for
it (``<iri>``, ``"text"``, ``"1954-03-26"^^<…#date>``), the form every writer
reads: building millions of quads through rdflib's graph was most of a large
run's time and memory.

Standards followed: Web Annotation Data Model (https://www.w3.org/TR/annotation-model/)
for mentions and spans (``oa:TextPositionSelector`` offsets are 0-based code
points into the text as stored, end exclusive); schema.org terms stated
directly; PROV-O for attribution. Every node has an IRI minted from stable
keys, so the same input gives the same IRIs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from .errors import ConfigError
from .load import slugify
from .model import Corpus, Ref
from .quads import Quads, RowSorter, check_iri, literal, n3_literal
from .relate import Relations
from .resources import ONTOLOGY_NS
from .spans import SegmentIndex

PREFIXES = {
    "kgo": ONTOLOGY_NS, "schema": "https://schema.org/", "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#", "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/", "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "time": "http://www.w3.org/2006/time#", "wd": "http://www.wikidata.org/entity/",
}
QUOTE_CONTEXT = 32   # characters of oa:prefix / oa:suffix
XSD = PREFIXES["xsd"]


class _Terms:
    """``T.rdf.type`` is ``<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>``."""

    def __init__(self, ns: str):
        self._ns = ns

    def __getattr__(self, local: str) -> str:
        return check_iri(f"{self._ns}{local}")

    def __getitem__(self, local: str) -> str:
        """A term whose local name comes from data (a segment kind): checked."""
        return check_iri(f"{self._ns}{local}")


RDF, RDFS, OA, KGO, SCHEMA, PROV, DCTERMS, SKOS, TIME = (
    _Terms(PREFIXES[p]) for p in ("rdf", "rdfs", "oa", "kgo", "schema", "prov", "dcterms", "skos",
                                  "time"))
# A date's name by its length: a day, a month or a year, each with its OWL-Time property.
_DATE_PRECISION = {10: (TIME.inXSDDate, "date"), 7: (TIME.inXSDgYearMonth, "gYearMonth"),
                   4: (TIME.inXSDgYear, "gYear")}


def curie(name: str) -> str:
    prefix, local = name.split(":", 1)
    return check_iri(f"{PREFIXES[prefix]}{local}")


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
        self._refs: dict[Ref, str] = {}

    def ref(self, r: Ref) -> str:
        hit = self._refs.get(r)
        if hit is None:
            if r.kind == "concept":
                iri = f"{ONTOLOGY_NS}{r.key}"
            elif r.kind == "wikidata":
                iri = f"{PREFIXES['wd']}{r.key}"
            elif r.kind == "authority":
                iri = f"{self.base}authority"
            else:
                iri = f"{self.base}{r.kind}/{r.key}"
            hit = self._refs[r] = check_iri(iri)
        return hit

    def graph(self, r: Ref) -> str:
        return check_iri(f"{self.base}graph/{r.kind}/{r.key}")

    def node(self, path: str) -> str:
        return check_iri(f"{self.base}{path}")


def _lexical(value) -> tuple[str, str | None]:
    """A Python value's lexical form and XSD datatype (None: a plain string)."""
    if isinstance(value, dt.date):
        return value.isoformat(), XSD + "date"
    if isinstance(value, bool):
        return ("true" if value else "false"), XSD + "boolean"
    if isinstance(value, int):
        return str(value), XSD + "integer"
    if isinstance(value, float):
        return f"{value:.2f}", XSD + "decimal"
    return str(value), None


def _literal(value) -> str:
    return literal(*_lexical(value))


def _datetime(text: str) -> str:
    """An xsd:dateTime literal, its lexical form as ``datetime.isoformat`` spells it."""
    try:
        text = dt.datetime.fromisoformat(text).isoformat()
    except ValueError:
        pass
    return literal(text, XSD + "dateTime")


def build(corpus: Corpus, rel: Relations, base: str) -> Quads:
    """Map the records of one run to an RDF dataset (see module docstring)."""
    mint = _Minter(check_base(base))
    rows = RowSorter()
    tick = rows.tick              # once per step: spill rows to disk past the limit, even mid-loop
    sources = {s.id: s for s in corpus.sources}
    work_graphs = {w.id: _Graph(mint.graph(Ref("work", w.id)), rows) for w in corpus.works}
    wit_graphs = {s.id: _Graph(mint.graph(Ref("witness", s.id)), rows) for s in corpus.sources}

    def graph_of(claimant: Ref) -> _Graph:
        return work_graphs[claimant.key] if claimant.kind == "work" else wit_graphs[claimant.key]

    segments_of = {sid: SegmentIndex(segs) for sid, segs in rel.segments.items()}
    a_type, specific = RDF.type, OA.SpecificResource

    def span(g: _Graph, sid: str, nstart: int, nend: int) -> str:
        src = sources[sid]
        start, end = src.view.orig(nstart, nend)
        text = src.text
        node = mint.node(f"witness/{sid}/span/{start}-{end}")
        key = start * (len(text) + 1) + end     # an int, not the IRI: 120 bytes less a span
        if key in g.spans:
            return node
        g.spans.add(key)
        iri = node[1:-1]
        pos, quote = check_iri(f"{iri}#position"), check_iri(f"{iri}#quote")
        g.add((node, a_type, specific))
        g.add((node, OA.hasSource, mint.ref(Ref("witness", sid))))
        g.add((node, OA.hasSelector, pos))
        g.add((node, OA.hasSelector, quote))
        g.add((pos, a_type, OA.TextPositionSelector))
        g.add((pos, OA.start, literal(str(start), XSD + "nonNegativeInteger")))
        g.add((pos, OA.end, literal(str(end), XSD + "nonNegativeInteger")))
        g.add((quote, a_type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, literal(text[start:end])))
        if start:
            g.add((quote, OA.prefix, literal(text[max(0, start - QUOTE_CONTEXT):start])))
        if end < len(text):
            g.add((quote, OA.suffix, literal(text[end:end + QUOTE_CONTEXT])))
        seg = segments_of[sid].holding(nstart, nend)
        if seg is not None:
            g.add((node, DCTERMS.isPartOf, span(g, sid, seg.nstart, seg.nend)))
        return node

    # Works and witnesses.
    for w in corpus.works:
        g, node = work_graphs[w.id], mint.ref(Ref("work", w.id))
        g.add((node, a_type, KGO.Work))
        g.add((node, a_type, SCHEMA.CreativeWork))
        g.add((node, RDFS.label, literal(w.title)))
        g.add((node, SCHEMA.name, literal(w.title)))
        if w.language:
            g.add((node, SCHEMA.inLanguage, literal(w.language)))
        if w.description:
            g.add((node, DCTERMS.description, literal(w.description)))
        for s in corpus.sources:
            if s.meta.work == w.id:
                g.add((node, SCHEMA.workExample, mint.ref(Ref("witness", s.id))))
    published = {f.subject.key: f.object for f in rel.facts
                 if f.predicate == "schema:datePublished"}
    publishers: set[Ref] = set()
    by_authority_id: dict[str, Ref] = {}
    for e in rel.entities.values():
        if e.attrs.get("authority"):
            by_authority_id.setdefault(e.attrs["authority"].id, e.ref)
    for s in corpus.sources:
        tick()
        m, g, node = s.meta, wit_graphs[s.id], mint.ref(Ref("witness", s.id))
        for t in (KGO.Witness, SCHEMA.CreativeWork, PROV.Entity):
            g.add((node, a_type, t))
        g.add((node, RDFS.label, literal(m.title)))
        g.add((node, SCHEMA.name, literal(m.title)))
        g.add((node, SCHEMA.exampleOfWork, mint.ref(Ref("work", m.work))))
        g.add((node, KGO.witnessKind, literal(m.kind)))
        g.add((node, SCHEMA.inLanguage, literal(m.language)))
        g.add((node, KGO.textLength, literal(str(len(s.text)), XSD + "integer")))
        g.add((node, KGO.sha256, literal(s.sha256)))
        if s.format != "text":       # a rendering of markup: the text the offsets point into
            g.add((node, SCHEMA.text, literal(s.text)))
        g.add((node, DCTERMS.source, literal(m.url or m.file)))
        date = m.date or published.get(s.id)
        if date:
            g.add((node, SCHEMA.datePublished, _literal(date)))
        for d in m.derived_from:
            target = Ref("work", m.work) if d == "work" else Ref("witness", d)
            g.add((node, PROV.wasDerivedFrom, mint.ref(target)))
        if m.byline:
            g.add((node, KGO.bylineText, literal(m.byline)))
        if m.note:
            g.add((node, RDFS.comment, literal(m.note)))
        if m.publisher:
            pref = by_authority_id.get(m.publisher)
            if pref is not None:
                g.add((node, SCHEMA.publisher, mint.ref(pref)))
                publishers.add(pref)

    # Which graphs describe each entity: where it is mentioned or claimed about.
    homes: dict[Ref, set] = {}
    for sid, ms in rel.mentions.items():
        work = sources[sid].meta.work
        segs = segments_of[sid]
        for mm in ms:
            homes.setdefault(rel.refs[mm], set()).add(_claimant_of(segs, sid, mm.nstart, work))
    for f in rel.facts:
        if f.claimant.kind in ("work", "witness"):
            for r in (f.subject, f.object):
                if isinstance(r, Ref) and r in rel.entities:
                    homes.setdefault(r, set()).add(f.claimant)
    first_work = Ref("work", corpus.works[0].id)
    for r in publishers:
        homes.setdefault(r, set()).add(first_work)

    for ref in sorted(rel.entities, key=str):
        tick()
        ent = rel.entities[ref]
        node = mint.ref(ref)
        description = [(a_type, curie(t)) for t in ent.types]
        description.append((RDFS.label, literal(ent.label)))
        description.extend((SKOS.altLabel, literal(a)) for a in sorted(ent.aliases))
        if "description" in ent.attrs:
            description.append((SCHEMA.description, literal(ent.attrs["description"])))
        if "role_name" in ent.attrs:
            description.append((KGO.roleName, literal(ent.attrs["role_name"])))
        if ref.kind == "date":      # a day, a month ("1965-02") or a year ("1961")
            prop, xsd_type = _DATE_PRECISION[len(ref.key)]
            description.append((prop, literal(ref.key, XSD + xsd_type)))
        for home in sorted(homes.get(ref, {first_work}), key=str):
            g = graph_of(home)
            for p, o in description:
                g.add((node, p, o))

    # Facts, each with its reified assertion and evidence.
    authority_node = mint.ref(Ref("authority", "entities"))
    fact_types = (KGO.Assertion, RDF.Statement, PROV.Entity)
    for f in rel.facts:
        tick()
        if f.claimant.kind in ("authority", "decision"):
            homes_ = sorted(homes.get(f.subject, {first_work}), key=str)
            g = graph_of(next((h for h in homes_ if h.kind == "work"), homes_[0]))
        else:
            g = graph_of(f.claimant)
        s, p = mint.ref(f.subject), curie(f.predicate)
        if isinstance(f.object, Ref):
            o = o_n3 = mint.ref(f.object)
        else:
            lexical = _lexical(f.object)
            o, o_n3 = literal(*lexical), n3_literal(*lexical)
        g.add((s, p, o))
        key = "\x1f".join((s[1:-1], p[1:-1], o_n3, str(f.claimant)))
        a = mint.node(f"fact/{hashlib.sha1(key.encode()).hexdigest()[:16]}")
        for t in fact_types:
            g.add((a, a_type, t))
        g.add((a, RDF.subject, s))
        g.add((a, RDF.predicate, p))
        g.add((a, RDF.object, o))
        g.add((a, KGO.rule, literal(f.rule)))
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
            g.add((a, DCTERMS.source, literal(src or "authority file")))
    if any(f.claimant.kind == "authority" for f in rel.facts):
        g = work_graphs[first_work.key]
        g.add((authority_node, a_type, PROV.Entity))
        g.add((authority_node, RDFS.label, literal("kg authority file (authority/entities.toml)")))

    # Segments and mentions, per witness.
    for sid, segs in rel.segments.items():
        g = wit_graphs[sid]
        for seg in segs:
            tick()
            node = span(g, sid, seg.nstart, seg.nend)
            g.add((node, a_type, KGO.Segment))
            g.add((node, KGO.segmentType, KGO[seg.kind]))
            g.add((node, KGO.layer, KGO[seg.layer]))
            g.add((node, RDFS.label, literal(f"{_words(seg.kind)} of {sid}")))
    mention_types = (OA.Annotation, KGO.Mention)
    identifying = OA.identifying
    for sid in sorted(rel.mentions):
        g = wit_graphs[sid]
        view = sources[sid].view
        counts: dict[tuple[int, int], int] = {}
        for mm in sorted(rel.mentions[sid], key=lambda m: (m.nstart, m.nend, str(rel.refs[m]))):
            tick()
            start, end = view.orig(mm.nstart, mm.nend)
            n = counts[(start, end)] = counts.get((start, end), 0) + 1
            ann = mint.node(f"witness/{sid}/mention/{start}-{end}-{n}")
            for t in mention_types:
                g.add((ann, a_type, t))
            g.add((ann, OA.hasBody, mint.ref(rel.refs[mm])))
            g.add((ann, OA.hasTarget, span(g, sid, mm.nstart, mm.nend)))
            g.add((ann, OA.motivatedBy, identifying))
            g.add((ann, KGO.rule, literal(mm.rule)))
            g.add((ann, KGO.confidence, _literal(float(mm.confidence))))
            for key, pred in (("honorific", KGO.honorific), ("role", KGO.title)):
                if mm.attr(key):
                    g.add((ann, pred, literal(mm.attr(key))))

    # Findings of data-driven checks.
    for fd in rel.findings:
        tick()
        key = "\x1f".join((fd.rule, fd.message))
        node = mint.node(f"finding/{hashlib.sha1(key.encode()).hexdigest()[:16]}")
        about_witness = next((r for r in fd.about if r.kind == "witness"), None)
        g = wit_graphs[about_witness.key] if about_witness else work_graphs[first_work.key]
        g.add((node, a_type, KGO.Finding))
        g.add((node, RDFS.comment, literal(fd.message)))
        g.add((node, KGO.severity, literal(fd.severity)))
        g.add((node, KGO.rule, literal(fd.rule)))
        for r in fd.about:
            g.add((node, KGO.about, mint.ref(r)))
        for ev in fd.evidence:
            g.add((node, KGO.evidence, span(wit_graphs[ev.source], ev.source, ev.nstart, ev.nend)))
    return Quads(rows.result(), PREFIXES)


def _decision(g: "_Graph", node: str, d, mint: _Minter) -> str:
    """Describe a link decision (kgo:LinkDecision) in *g*; return the agent who made it."""
    if d.method == "rule":
        agent = mint.node(f"agent/{d.by}")
        g.add((agent, RDF.type, PROV.SoftwareAgent))
        g.add((agent, RDFS.label, literal(f"kg link, scoring rule {d.by}")))
    else:
        name = d.by.split(":", 1)[-1]
        agent = mint.node(f"agent/person/{slugify(name, 'anonymous')}")
        g.add((agent, RDF.type, PROV.Person))
        g.add((agent, RDFS.label, literal(name)))
    g.add((node, RDF.type, KGO.LinkDecision))
    g.add((node, RDF.type, PROV.Activity))
    g.add((node, RDFS.label, literal(f"Wikidata link of {d.label}")))
    g.add((node, PROV.wasAssociatedWith, agent))
    g.add((node, PROV.endedAtTime, _datetime(d.at)))
    g.add((node, KGO.decisionMethod, literal(d.method)))
    if d.note:
        g.add((node, RDFS.comment, literal(d.note)))
    if d.score is not None:
        g.add((node, KGO.score, _literal(float(d.score))))
    if d.margin is not None:
        g.add((node, KGO.margin, _literal(float(d.margin))))
    for name in d.searched:
        g.add((node, KGO.searchedName, literal(name)))
    for rank, c in enumerate(d.candidates, 1):
        cand = check_iri(f"{node[1:-1]}/candidate/{rank}")
        g.add((node, KGO.candidate, cand))
        g.add((cand, RDF.type, KGO.LinkCandidate))
        g.add((cand, KGO.rank, literal(str(rank), XSD + "integer")))
        g.add((cand, KGO.candidateItem, check_iri(f"{PREFIXES['wd']}{c.qid}")))
        g.add((cand, KGO.score, _literal(float(c.score))))
        g.add((cand, RDFS.comment, literal(c.why)))
        if c.label:
            g.add((cand, RDFS.label, literal(c.label)))
    return agent


class _Graph:
    """A named graph being built: ``add((s, p, o))`` appends to its list in the run's one
    :class:`RowSorter`; ``spans`` are the spans already described in it, as
    ``start * (len(text) + 1) + end``."""

    __slots__ = ("name", "spans", "add")

    def __init__(self, name: str, rows: RowSorter):
        self.name, self.spans, self.add = name, set(), rows.group(name).append


def _words(kind: str) -> str:
    out = "".join(" " + c.lower() if c.isupper() else c for c in kind).strip()
    return out


def _claimant_of(segs: SegmentIndex, sid: str, pos: int, work: str) -> Ref:
    seg = segs.at(pos)
    if seg is not None:
        return Ref("witness", sid) if seg.layer == "Paratext" else Ref("work", work)
    return Ref("work", work)
