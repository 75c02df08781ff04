"""Descriptions and HTML pages of a dataset's IRIs, for ``kg serve`` and ``kg publish``.

One renderer, two outputs: :func:`entity_html` and its kin read a pyoxigraph
store with fixed pattern lookups and fill the Jinja2 templates in
``templates/`` (autoescaped). What differs between a live server and a static
site is only where a link goes, which a :class:`Links` decides:
:class:`LiveLinks` points at the server's paths (``../person/x``, content
negotiation picks HTML), :class:`kg.site.StaticLinks` at files
(``../person/x.html``). All links are relative, so pages work wherever they
are mounted and from the file system.

Descriptions follow the Cool URIs note (https://www.w3.org/TR/cooluris/): an
IRI's triples, those of its ``#`` parts, and the triples that point at it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import resources

PAGE_LIMIT = 500         # facts, links and mentions listed on one HTML page

DG = ox.DefaultGraph()
NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
      "oa": "http://www.w3.org/ns/oa#", "owl": "http://www.w3.org/2002/07/owl#",
      "skos": "http://www.w3.org/2004/02/skos/core#", "schema": "https://schema.org/",
      "kgo": resources.ONTOLOGY_NS}


def iri(curie: str) -> ox.NamedNode:
    prefix, local = curie.split(":", 1)
    return ox.NamedNode(NS[prefix] + local)


TYPE, LABEL = iri("rdf:type"), iri("rdfs:label")
WIKIDATA = "http://www.wikidata.org/entity/"
INDEX_CLASSES = (("Works and copies", "schema:CreativeWork"), ("People", "schema:Person"),
                 ("Organizations", "schema:Organization"), ("States", "schema:Country"),
                 ("Places", "schema:Place"), ("Events", "schema:Event"), ("Proposals", "kgo:Proposal"))


# --- templates ----------------------------------------------------------------------------

def _escape(value):
    # Escape as html.escape does (``&#x27;`` for a quote), as kg serve's pages always have;
    # values already marked safe (macro output, Markup) pass through.
    if isinstance(value, Markup) or value is None:
        return value
    return Markup(html.escape(str(value), quote=True))


_ENVS: dict[tuple[Path, bool], Environment] = {}


def environment(folder: Path = resources.TEMPLATES, text: bool = False) -> Environment:
    """The Jinja2 environment over *folder*: autoescaping everything it renders (HTML, SVG),
    or with *text* for plain-text templates (server configuration)."""
    if (folder, text) not in _ENVS:
        extra = {} if text else {"autoescape": True, "finalize": _escape}
        _ENVS[folder, text] = Environment(loader=FileSystemLoader(str(folder)), undefined=StrictUndefined,
                                          keep_trailing_newline=True, **extra)
    return _ENVS[folder, text]


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


# --- what a page shows: links and values ---------------------------------------------------

@dataclass(frozen=True)
class Link:
    """A node as shown on a page: *text*, and *href* if it can be followed.

    A literal has ``literal=True`` and its language or datatype in *extra*.
    """

    text: str
    href: str | None = None
    extra: str = ""
    literal: bool = False
    cls: str = ""


class Links:
    """Where a link to an IRI under the base goes, from a page *up* levels below the base."""

    def local(self, local: str, iri: str, up: str, page: Pages) -> str | None:
        raise NotImplementedError

    def other(self, iri: str, up: str) -> str | None:
        """A link of this site's own for an IRI outside the base (None: the IRI itself)."""
        return None


class LiveLinks(Links):
    """The server's own path for every IRI the dataset describes."""

    def local(self, local, iri, up, page):
        return up + quote(local, safe="/#:@!$&'()*+,;=-._~%") if page.described(iri) else None


@dataclass
class Pages:
    """Lookups and links for pages at *here* (a path below the base) over *store*'s default graph."""

    store: ox.Store
    base: str
    here: str = ""
    links: Links = field(default_factory=LiveLinks)

    def __post_init__(self):
        self.up = "../" * self.here.count("/")
        self._labels: dict = {}
        self._known: dict[str, bool] = {}
        self._curies = sorted(prefixes().items(), key=lambda kv: -len(kv[1]))

    def objects(self, s, p) -> list:
        return [q.object for q in self.store.quads_for_pattern(s, p, None, DG)]

    def subjects(self, p, o) -> list:
        return [q.subject for q in self.store.quads_for_pattern(None, p, o, DG)]

    def first(self, s, p):
        found = self.objects(s, iri(p) if isinstance(p, str) else p)
        return min(found, key=str) if found else None

    def label(self, node) -> str | None:
        if node not in self._labels:
            found = self.first(node, LABEL) if isinstance(node, ox.NamedNode) else None
            self._labels[node] = found.value if found is not None else None
        return self._labels[node]

    def text(self, node) -> str:
        """How to name *node* in a link: its label, else what it is made of (a fact's
        subject, property and value; a span's quote), else its IRI after the base."""
        if isinstance(node, ox.Literal):
            return node.value
        found = self.label(node)
        if found:
            return found
        if self.first(node, "rdf:subject") is not None:
            s, p, o = (self.first(node, f"rdf:{r}") for r in ("subject", "predicate", "object"))
            return " ".join((self.curie(p.value) if t is p else self.label(t) or self.short(t.value)
                             if isinstance(t, ox.NamedNode) else getattr(t, "value", "?"))
                            for t in (s, p, o))
        span = self.first(node, "oa:hasTarget") or node
        for sel in self.objects(span, iri("oa:hasSelector")):
            exact = self.first(sel, "oa:exact")
            if exact is not None:
                source = self.first(span, "oa:hasSource")
                where = source.value.rsplit("/", 1)[-1] if source is not None else ""
                return f"“{exact.value}” in {where}"
        return self.short(node.value) if isinstance(node, ox.NamedNode) else str(node)

    def short(self, iri_: str) -> str:
        return iri_[len(self.base):] if iri_.startswith(self.base) else self.curie(iri_)

    def described(self, iri_: str) -> bool:
        doc = iri_.split("#", 1)[0]
        if doc not in self._known:
            node = ox.NamedNode(doc)
            self._known[doc] = any(True for _ in self.store.quads_for_pattern(node, None, None, DG))
        return self._known[doc]

    def curie(self, iri_: str) -> str:
        for prefix, ns in self._curies:
            if iri_.startswith(ns) and len(iri_) > len(ns):
                return f"{prefix}:{iri_[len(ns):]}"
        return iri_

    def href(self, iri_: str) -> str | None:
        """A relative link for an IRI under the base that has a page, else the IRI if http(s),
        else None (a ``javascript:`` IRI in the data must not become a link)."""
        own = self.links.other(iri_, self.up)
        if own is not None:
            return own
        if iri_.startswith(self.base):
            found = self.links.local(iri_[len(self.base):], iri_, self.up, self)
            if found is not None or not isinstance(self.links, LiveLinks):
                return found
        return iri_ if iri_.startswith(("http://", "https://")) else None

    def link(self, node, text: str | None = None) -> Link:
        if isinstance(node, ox.Literal):
            extra = f"@{node.language}" if node.language else (
                "" if node.datatype.value.endswith("#string") else f"({self.curie(node.datatype.value)})")
            return Link(node.value, extra=extra, literal=True)
        if not isinstance(node, ox.NamedNode):
            return Link(str(node), literal=True)
        return Link(text or self.text(node), self.href(node.value))

    def index_nav(self) -> list[Link]:
        return [Link("index", self.up or "./"), Link("SPARQL", self.up + "sparql")]


# --- descriptions of IRIs ----------------------------------------------------------------

def prefixes(triples=None) -> dict[str, str]:
    """The project's prefixes; only those *triples* use, if given."""
    from .build import PREFIXES

    found = {p: str(ns) for p, ns in PREFIXES.items()}
    if triples is None:
        return found
    iris = {t.value for tr in triples for t in (tr.subject, tr.predicate, tr.object)
            if isinstance(t, ox.NamedNode)}
    iris |= {tr.object.datatype.value for tr in triples if isinstance(tr.object, ox.Literal)}
    return {p: ns for p, ns in found.items() if any(i.startswith(ns) for i in iris)}


def detect_base(store: ox.Store) -> str | None:
    """The base IRI a dataset was built with, read from its witness IRIs (``BASE witness/ID``)."""
    bases = set()
    for q in store.quads_for_pattern(None, TYPE, iri("kgo:Witness"), DG):
        head, sep, tail = q.subject.value.rpartition("witness/")
        if sep and tail and "/" not in tail:
            bases.add(head)
    return bases.pop() if len(bases) == 1 else None


def describe(store: ox.Store, iri_: str) -> list[ox.Triple]:
    """What the dataset says about *iri_*: its triples, those of its ``#`` parts, and those naming it.

    Empty if the dataset never mentions *iri_*.
    """
    node = ox.NamedNode(iri_)
    own = sorted((q.triple for q in store.quads_for_pattern(node, None, None, DG)), key=str)
    parts = sorted({t.object for t in own if isinstance(t.object, ox.NamedNode)
                    and t.object.value.startswith(iri_ + "#")}, key=str)
    out = own + [t for part in parts
                 for t in sorted((q.triple for q in store.quads_for_pattern(part, None, None, DG)), key=str)]
    seen = set(out)
    return out + sorted((q.triple for q in store.quads_for_pattern(None, None, node, DG)
                         if q.triple not in seen), key=str)


def to_jsonld(triples: list[ox.Triple], context_path: Path) -> bytes:
    """JSON-LD compacted with the project's context, as ``kg export`` writes it."""
    from .export import load_context, triples_to_jsonld

    return triples_to_jsonld(triples, load_context(context_path), str(context_path))


# --- pages ---------------------------------------------------------------------------------

def _cut(rows: list) -> tuple[list, int]:
    return rows[:PAGE_LIMIT], max(0, len(rows) - PAGE_LIMIT)


def entity_context(pg: Pages, iri_: str, linked_only: bool = False) -> dict:
    """What the page of *iri_* shows: label, types, Wikidata link, facts both ways, mentions.

    *linked_only* leaves out what refers to *iri_* from nodes without a page of their own
    (on a static site: the reified facts, whose evidence the facts' rows show)."""
    node = ox.NamedNode(iri_)
    types = sorted(pg.objects(node, TYPE), key=str)
    same = sorted({o for p in ("owl:sameAs", "skos:exactMatch") for o in pg.objects(node, iri(p))
                   if isinstance(o, ox.NamedNode) and o.value.startswith(WIKIDATA)}, key=str)

    # Facts are reified as kgo:Assertion nodes carrying the evidence; link each fact to them.
    evidence: dict[tuple, list] = {}
    for role, other in ((iri("rdf:subject"), iri("rdf:object")), (iri("rdf:object"), iri("rdf:subject"))):
        for a in pg.subjects(role, node):
            key = (role.value, str(pg.first(a, "rdf:predicate")), str(pg.first(a, other)))
            evidence.setdefault(key, []).append(a)

    def proof(role: str, p, other) -> list[Link]:
        found = sorted(evidence.get((NS["rdf"] + role, str(p), str(other)), []), key=str)
        links = [pg.link(a, "evidence") for a in found]
        return [ln for ln in links if ln.href] + [q for a in found for q in quotes(pg, a)]

    def prop(p) -> Link:
        return pg.link(p, pg.curie(p.value))

    facts = [q.triple for q in pg.store.quads_for_pattern(node, None, None, DG)
             if q.predicate not in (TYPE, LABEL)]
    fact_rows, facts_more = _cut([([prop(t.predicate)], [pg.link(t.object)],
                                   proof("subject", t.predicate, t.object))
                                  for t in sorted(facts, key=str)])
    parts = []
    for part in sorted({t.object for t in facts if isinstance(t.object, ox.NamedNode)
                        and t.object.value.startswith(iri_ + "#")}, key=str):
        rows, more = _cut([([prop(q.predicate)], [pg.link(q.object)], [])
                           for q in sorted(pg.store.quads_for_pattern(part, None, None, DG), key=str)])
        parts.append({"id": part.value.split("#", 1)[1], "title": pg.curie(part.value),
                      "rows": rows, "more": more})
    skip = {iri("oa:hasBody"), iri("rdf:subject"), iri("rdf:object")}
    incoming = [q.triple for q in pg.store.quads_for_pattern(None, None, node, DG)
                if q.predicate not in skip]
    in_rows, in_more = _cut([([pg.link(t.subject)], [prop(t.predicate)],
                              proof("object", t.predicate, t.subject))
                             for t in sorted(incoming, key=str)
                             if not (linked_only and pg.href(t.subject.value) is None)])
    return {"title": pg.text(node), "iri": iri_, "up": pg.up, "nav": pg.index_nav(),
            "types": [pg.link(t, pg.curie(t.value)) for t in types],
            "wikidata": [Link(o.value[len(WIKIDATA):], o.value) for o in same],
            "facts": fact_rows, "facts_more": facts_more, "parts": parts,
            "incoming": in_rows, "incoming_more": in_more, "mentions": mentions(pg, node),
            "jsonld": None}


QUOTE_LENGTH = 160       # characters of an evidence quote shown beside a fact


def quotes(pg: Pages, assertion) -> list[Link]:
    """The evidence of a reified fact as quotes linked to where they stand in their copy,
    or the source an authority file gives."""
    out = []
    for span in sorted(pg.objects(assertion, iri("kgo:evidence")), key=str):
        exact = next((pg.first(sel, "oa:exact") for sel in pg.objects(span, iri("oa:hasSelector"))
                      if pg.first(sel, "oa:exact") is not None), None)
        if exact is None:
            continue
        text = exact.value if len(exact.value) <= QUOTE_LENGTH else exact.value[:QUOTE_LENGTH - 1] + "…"
        source = pg.first(span, "oa:hasSource")
        kind = pg.first(source, "kgo:witnessKind") if source is not None else None
        where = kind.value if kind is not None else (pg.short(source.value) if source is not None else "")
        out.append(Link(f"“{text}” ({where})", pg.href(span.value), cls="quote"))
    for src in sorted(pg.objects(assertion, ox.NamedNode("http://purl.org/dc/terms/source")), key=str):
        out.append(Link(f"source: {src.value}", literal=True) if isinstance(src, ox.Literal)
                   else pg.link(src))
    return out


def mentions(pg: Pages, node) -> dict:
    """The mentions of *node*, grouped by witness, each with its quote in context."""
    rows = []
    for ann in pg.subjects(iri("oa:hasBody"), node):
        target = pg.first(ann, "oa:hasTarget")
        source = pg.first(target, "oa:hasSource") if target is not None else None
        quote_, start = {}, None
        for sel in pg.objects(target, iri("oa:hasSelector")) if target is not None else []:
            kinds = pg.objects(sel, TYPE)
            if iri("oa:TextQuoteSelector") in kinds:
                quote_ = {k: getattr(pg.first(sel, f"oa:{k}"), "value", "")
                          for k in ("exact", "prefix", "suffix")}
            if iri("oa:TextPositionSelector") in kinds:
                start = int(pg.first(sel, "oa:start").value), int(pg.first(sel, "oa:end").value)
        rows.append((str(source), start or (0, 0), source, quote_, ann))
    rows.sort(key=lambda r: (r[0], r[1]))
    groups: list[dict] = []
    for key, (start, end), source, q, ann in rows[:PAGE_LIMIT]:
        if not groups or groups[-1]["key"] != key:
            wid = source.value.rstrip("/").rsplit("/", 1)[-1] if source is not None else "?"
            groups.append({"key": key, "id": wid, "quotes": [],
                           "source": pg.link(source) if source is not None else Link("?", literal=True)})
        groups[-1]["quotes"].append({**{k: q.get(k, "") for k in ("prefix", "exact", "suffix")},
                                    "link": pg.link(ann, f"characters {start}–{end}")})
    return {"count": len(rows), "groups": groups, "more": max(0, len(rows) - PAGE_LIMIT)}


def entity_html(store: ox.Store, base: str, iri_: str, here: str) -> str:
    """The live page of *iri_* (``kg serve``)."""
    return render("served-entity.html", **entity_context(Pages(store, base, here), iri_))


def index_sections(pg: Pages) -> list[dict]:
    """The works, people, organizations, ... of the dataset, each class sorted by label."""
    out = []
    for title, cls in INDEX_CLASSES:
        nodes = sorted(pg.subjects(TYPE, iri(cls)), key=lambda n: ((pg.label(n) or "").lower(), str(n)))
        if nodes:
            out.append({"title": title, "count": len(nodes), "more": max(0, len(nodes) - PAGE_LIMIT),
                        "nodes": [pg.link(n) for n in nodes[:PAGE_LIMIT]]})
    return out


def index_html(store: ox.Store, base: str, here: str) -> str:
    pg = Pages(store, base, here)
    return render("served-index.html", title="Knowledge graph", base=base, up=pg.up,
                  nav=pg.index_nav(), sections=index_sections(pg))


def not_found_html(store: ox.Store, base: str, iri_: str, here: str) -> str:
    pg = Pages(store, base, here)
    kind = iri_[len(base):].split("/", 1)[0] + "/" if iri_.startswith(base) else ""
    words = set(re.findall(r"[a-z0-9]+", iri_[len(base) + len(kind):].lower()))
    near = []
    if kind:
        found = store.quads_for_pattern(None, LABEL, None, DG)
        near = sorted({q.subject for q in found if isinstance(q.subject, ox.NamedNode)
                       and q.subject.value.startswith(base + kind)}, key=lambda n: (
            -len(words & set(re.findall(r"[a-z0-9]+", n.value[len(base):].lower()))), n.value))[:10]
    return render("served-not-found.html", title="Not found", iri=iri_, base=base, up=pg.up,
                  nav=pg.index_nav(), near=[pg.link(n) for n in near])


def sparql_html(timeout: int, max_rows: int, here: str) -> str:
    up = "../" * here.count("/")
    example = (resources.TEMPLATES / "sparql-example.rq").read_text(encoding="utf-8").strip()
    return render("served-sparql.html", title="SPARQL endpoint", up=up,
                  nav=[Link("index", up or "./"), Link("SPARQL", up + "sparql")],
                  timeout=timeout, max_rows=max_rows, example=example)
