"""The static web site of a publication: index, entity and copy pages, ontology page.

The same renderer as ``kg serve`` (:mod:`kg.pages`, templates in
``templates/``) with :class:`StaticLinks`, which sends every link to a file
of the site (``../person/x.html``; a span or mention of a copy to the anchor
of its first character on the copy's page, ``../witness/ID.html#START-END``).
Links are relative, so the folder works from the file system and under any
path of any static web server.

The index page draws two pictures as inline SVG, computed here with no
script: the network of who proposes what and who reacted how, and a
timeline of dated statements. The data for both come from SPARQL queries
in ``queries/publish/``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from markupsafe import Markup

from . import resources
from .describe import Description, FileInfo, Statistics, select
from .pages import Link, Links, Pages, describe, entity_context, index_sections, render, to_jsonld

_SPAN = re.compile(r"witness/([^/#]+)/(?:span|mention)/(\d+)-(\d+)")
_SAFE = "/#:@!$&'()*+,;=-._~%"


class StaticLinks(Links):
    """Links to the files of a published site; *pages* are the local paths that have one."""

    def __init__(self, pages: set[str]):
        self.pages = pages

    def local(self, local, iri_, up, page):
        doc, _, frag = local.partition("#")
        if doc in self.pages:
            return up + quote(doc, safe=_SAFE) + ".html" + (f"#{quote(frag, safe=_SAFE)}" if frag else "")
        m = _SPAN.match(doc)
        if m and f"witness/{m.group(1)}" in self.pages:
            return f"{up}witness/{quote(m.group(1), safe=_SAFE)}.html#{m.group(2)}-{m.group(3)}"
        return None

    def other(self, iri_, up):
        if iri_.startswith(resources.ONTOLOGY_NS):
            return f"{up}ontology.html#{quote(iri_[len(resources.ONTOLOGY_NS):], safe=_SAFE)}"
        return None


def _nav(up: str) -> list[Link]:
    return [Link("home", up + "index.html"), Link("downloads", up + "index.html#downloads"),
            Link("ontology", up + "ontology.html")]


def _jsonld_script(data: bytes) -> Markup:
    # Inside <script> the text is not HTML-decoded; "<" only occurs in JSON strings, where
    # \u003c means the same, so "</script>" in the data cannot end the element.
    return Markup(data.decode("utf-8").strip().replace("<", "\\u003c"))


def entity_page(store: ox.Store, base: str, local: str, links: StaticLinks, context: Path,
                extra: dict | None = None) -> str:
    """The static page of ``BASE local``, with its description embedded as JSON-LD."""
    pg = Pages(store, base, local, links)
    ctx = entity_context(pg, base + local, linked_only=True)
    ctx["nav"] = _nav(pg.up)
    ctx["jsonld"] = _jsonld_script(to_jsonld(describe(store, base + local), context))
    ctx["name"] = local.rsplit("/", 1)[-1]
    ctx.update({"text": None, "segments": [], "text_file": "", "text_length": 0})
    ctx.update(extra or {})
    return render("site/entity.html", **ctx)


# --- a copy's text with its mentions ---------------------------------------------------------

def witness_extra(store: ox.Store, base: str, local: str, text: str, links: StaticLinks,
                  text_file: str) -> dict:
    """The text of a copy as pieces: plain text, mentions linked to their entity, and empty
    anchors at the first character of every other span (evidence, segments, nested mentions)."""
    pg = Pages(store, base, local, links)
    rows = select(store, "witness-spans", witness=ox.NamedNode(base + local))
    spans: dict[tuple[int, int], dict] = {}
    segments = []
    for r in rows:
        key = (int(r["start"].value), int(r["end"].value))
        info = spans.setdefault(key, {"bodies": []})
        if r["body"] is not None and r["body"] not in info["bodies"]:
            info["bodies"].append(r["body"])
        if r["segment"] is not None and not any(s["key"] == key for s in segments):
            segments.append({"key": key, "kind": _words(r["segment"].value.rsplit("#", 1)[-1]),
                             "layer": r["layer"].value.rsplit("#", 1)[-1] if r["layer"] else "",
                             "href": f"#{key[0]}-{key[1]}"})
    linked, last_end = [], -1
    for key in sorted((k for k, v in spans.items() if v["bodies"]), key=lambda k: (k[0], -k[1])):
        if key[0] >= last_end:
            linked.append(key)
            last_end = key[1]
    anchors = sorted((k[0], f"{k[0]}-{k[1]}") for k in spans if k not in set(linked))

    def plain(a: int, b: int) -> list[dict]:
        """Text [a, b) with the anchors that start in it (and those at the very end)."""
        out, at = [], a
        for pos, name in anchors:
            if a <= pos and (pos < b or (pos == b == len(text))):
                if pos > at:
                    out.append({"text": text[at:pos]})
                out.append({"anchor": name})
                at = pos
        if b > at:
            out.append({"text": text[at:b]})
        return out

    pieces, pos = [], 0
    for start, end in linked:
        pieces += plain(pos, start)
        bodies = spans[(start, end)]["bodies"]
        pieces.append({"id": f"{start}-{end}", "href": pg.href(bodies[0].value) or f"#{start}-{end}",
                       "title": "; ".join(pg.text(b) for b in bodies),
                       "parts": plain(start, end)})
        pos = end
    pieces += plain(pos, len(text))
    return {"text": pieces, "segments": sorted(segments, key=lambda s: s["key"]),
            "text_file": text_file, "text_length": len(text)}


def _words(name: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()


# --- the pictures ---------------------------------------------------------------------------

ACTOR_CLASSES = {"https://schema.org/Person": "person", "https://schema.org/Organization": "organization",
                 "https://schema.org/Country": "state"}
NET_ROW, NET_TOP, NET_LEFT_X, NET_RIGHT_X, NET_WIDTH = 24, 56, 330, 560, 1040


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def network(store: ox.Store, pg: Pages) -> dict | None:
    """Actors on the left, proposals on the right; an edge for each proposal and each stance."""
    rows = select(store, "network")
    if not rows:
        return None
    actors: dict[str, dict] = {}
    proposals: dict[str, dict] = {}
    edges = []
    for r in rows:
        a, p = r["actor"].value, r["proposal"].value
        kind = ACTOR_CLASSES.get(r["actorClass"].value) if r["actorClass"] is not None else None
        info = actors.setdefault(a, {"label": r["actorLabel"].value, "kind": "other"})
        if kind and info["kind"] == "other":
            info["kind"] = kind
        proposals.setdefault(p, {"label": r["proposalLabel"].value})
        relation = r["relation"].value
        modality = r["modality"].value if r["modality"] is not None else ""
        edge = (a, p, relation, modality)
        if edge not in edges:
            edges.append(edge)
    order = {"state": 0, "organization": 1, "person": 2, "other": 3}
    left = sorted(actors, key=lambda a: (order[actors[a]["kind"]], actors[a]["label"].lower(), a))
    right = sorted(proposals, key=lambda p: (proposals[p]["label"].lower(), p))
    height = NET_TOP + NET_ROW * max(len(left), len(right)) + 10
    ly = {a: NET_TOP + NET_ROW * i + NET_ROW // 2 for i, a in enumerate(left)}
    ry = {p: NET_TOP + NET_ROW * i + NET_ROW // 2 for i, p in enumerate(right)}
    mid = (NET_LEFT_X + NET_RIGHT_X) // 2
    drawn = []
    for a, p, relation, modality in sorted(edges):
        y1, y2 = ly[a], ry[p]
        what = "proposes" if relation == "proposes" else (
            f"{relation.lower()} {'(' + _words(modality) + ') ' if modality else ''}on")
        drawn.append({"d": f"M{NET_LEFT_X},{y1} C{mid},{y1} {mid},{y2} {NET_RIGHT_X},{y2}",
                      "cls": "proposes" if relation == "proposes" else relation.lower(),
                      "dashed": modality in ("Hypothetical", "Anticipated"),
                      "title": f"{actors[a]['label']} {what} {proposals[p]['label']}"})
    return {"width": NET_WIDTH, "height": height, "left_x": NET_LEFT_X, "right_x": NET_RIGHT_X,
            "edges": drawn,
            "left": [{"x": NET_LEFT_X, "y": ly[a], "label": _cut(actors[a]["label"], 48),
                      "full": actors[a]["label"], "kind": actors[a]["kind"], "href": pg.href(a)}
                     for a in left],
            "right": [{"x": NET_RIGHT_X, "y": ry[p], "label": _cut(proposals[p]["label"], 70),
                       "full": proposals[p]["label"], "href": pg.href(p)} for p in right]}


TL_WIDTH, TL_MARGIN, TL_AXIS, TL_LANE, TL_CHAR = 1040, 24, 40, 17, 6.3


def timeline(store: ox.Store, pg: Pages, phrases: dict[str, str]) -> dict | None:
    """Dated statements on a proportional axis, labels stacked in lanes so none overlap."""
    rows = select(store, "timeline")
    if not rows:
        return None
    items = []
    for r in rows:
        day = dt.date.fromisoformat(r["date"].value)
        prop = r["property"].value
        what = phrases.get(prop) or _words(re.split(r"[#/]", prop)[-1])
        items.append({"date": day, "label": f"{day.isoformat()} {_cut(r['label'].value, 48)} {what}",
                      "href": pg.href(r["resource"].value)})
    first = min(i["date"] for i in items).year // 10 * 10
    last = (max(i["date"] for i in items).year // 10 + 1) * 10
    span = (dt.date(last, 1, 1) - dt.date(first, 1, 1)).days
    usable = TL_WIDTH - 2 * TL_MARGIN

    def x(day: dt.date) -> float:
        return round(TL_MARGIN + usable * (day - dt.date(first, 1, 1)).days / span, 1)

    lanes: list[float] = []
    for it in items:
        it["x"] = x(it["date"])
        width = len(it["label"]) * TL_CHAR
        start = it["x"] if it["x"] + width <= TL_WIDTH else it["x"] - width
        it["anchor"] = "start" if start == it["x"] else "end"
        lane = next((i for i, end in enumerate(lanes) if start >= end + 8), None)
        if lane is None:
            lanes.append(0.0)
            lane = len(lanes) - 1
        lanes[lane] = start + width
        it["y"] = TL_AXIS + 22 + lane * TL_LANE
    step = 10 if last - first <= 200 else 50
    ticks = [{"x": x(dt.date(y, 1, 1)), "year": y} for y in range(first, last + 1, step)]
    return {"width": TL_WIDTH, "height": TL_AXIS + 22 + len(lanes) * TL_LANE + 8, "axis": TL_AXIS,
            "left": TL_MARGIN, "right": TL_WIDTH - TL_MARGIN, "ticks": ticks, "events": items}


# --- the index and the ontology --------------------------------------------------------------

@dataclass(frozen=True)
class IndexData:
    desc: Description
    base: str
    stats: Statistics
    files: list[FileInfo]
    conforms: bool
    problems: int


_KGO, _SCHEMA = resources.ONTOLOGY_NS, "https://schema.org/"
COUNTED = (("works", f"{_KGO}Work"), ("copies", f"{_KGO}Witness"), ("people", f"{_SCHEMA}Person"),
           ("organizations", f"{_SCHEMA}Organization"), ("states", f"{_SCHEMA}Country"),
           ("places", f"{_SCHEMA}Place"), ("events", f"{_SCHEMA}Event"), ("proposals", f"{_KGO}Proposal"),
           ("stances", f"{_KGO}Stance"), ("facts", f"{_KGO}Assertion"), ("mentions", f"{_KGO}Mention"))


def index_page(store: ox.Store, data: IndexData, links: StaticLinks) -> str:
    pg = Pages(store, data.base, "", links)
    counts = [(name, data.stats.entities_of(cls)) for name, cls in COUNTED]
    counts.append(("links to Wikidata", sum(n for _, n in data.stats.linksets)))
    counts.append(("triples", data.stats.triples))
    witnesses = [{"link": pg.link(r["witness"]), "kind": r["kind"].value,
                  "date": r["date"].value if r["date"] is not None else "",
                  "publisher": r["publisherLabel"].value if r["publisherLabel"] is not None else "",
                  "work": pg.link(r["work"])} for r in select(store, "witnesses")]
    return render("site/index.html", title=data.desc.title, desc=data.desc, base=data.base, up="",
                  nav=_nav(""), counts=counts, files=data.files, witnesses=witnesses,
                  citation=data.desc.cite(data.base), conforms=data.conforms, problems=data.problems,
                  sections=index_sections(pg), network=network(store, pg),
                  timeline=timeline(store, pg, data.desc.timeline))


def ontology_page(ontology: Path) -> str:
    """Documentation of the classes, properties and individuals of *ontology* (Turtle)."""
    st = ox.Store()
    st.load(path=str(ontology), format=ox.RdfFormat.TURTLE)
    ns = ox.Literal(resources.ONTOLOGY_NS)
    pg = Pages(st, "urn:kg:no-base:", "", StaticLinks(set()))   # kgo terms: anchors of this page
    related: dict[str, list] = {}
    for r in select(st, "ontology-links", namespace=ns):
        related.setdefault(r["term"].value, []).append(
            (pg.curie(r["relation"].value), pg.link(r["other"], pg.curie(r["other"].value))))
    kinds = {"Class": "Classes", "ObjectProperty": "Relations (object properties)",
             "DatatypeProperty": "Values (datatype properties)",
             "AnnotationProperty": "Annotation properties", "NamedIndividual": "Named values"}
    groups: dict[str, list] = {}
    for r in select(st, "ontology-terms", namespace=ns):
        local = r["term"].value[len(resources.ONTOLOGY_NS):]
        groups.setdefault(kinds[r["kind"].value.rsplit("#", 1)[-1]], []).append({
            "id": local, "iri": r["term"].value, "curie": f"kgo:{local}",
            "label": r["label"].value if r["label"] is not None else local,
            "comment": r["comment"].value if r["comment"] is not None else "",
            "related": related.get(r["term"].value, [])})
    head = {re.split(r"[#/]", q.predicate.value)[-1]: q.object.value
            for q in st.quads_for_pattern(ox.NamedNode(resources.ONTOLOGY_NS.rstrip("#")), None, None)
            if isinstance(q.object, ox.Literal)}
    return render("site/ontology.html", title=head.get("title", "Ontology"), up="", nav=_nav(""),
                  head=head, namespace=resources.ONTOLOGY_NS,
                  groups=[(name, groups[name]) for name in kinds.values() if name in groups])
