"""Validation in parts (kg.partition): the same report as checking the union whole."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from kg import partition
from kg.build import PREFIXES
from kg.export import to_quads
from kg.pipeline import Options, run
from kg.quads import Quads
from kg.shacl import compile_shapes
from kg.validate import load_shapes, validate

from test_corpus import _plant

KGO, SCHEMA = Namespace(PREFIXES["kgo"]), Namespace(PREFIXES["schema"])
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import generate  # noqa: E402  (the benchmark's corpus generator)


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """A generated corpus of six documents, broken where only the union shows it."""
    folder = tmp_path_factory.mktemp("corpus")
    generate.generate(6, folder, seed=11)
    ds = run([folder], Options(jobs=1)).dataset.rdflib()
    broken = _plant(ds)
    graph_of, typed = {}, {}
    for s, _, o, g in ds.quads((None, RDF.type, None, None)):
        graph_of.setdefault(s, set()).add(getattr(g, "identifier", g))
        typed.setdefault(o, set()).add(s)
    works = sorted(typed[KGO.Work], key=str)
    work_graph = {w: next(iter(graph_of[w])) for w in works}
    # A work addressed to a person whom only another document describes: right in the
    # union, and in parts only if that person's triples come along.
    lone = sorted((p for p in typed[KGO.Person] if len(graph_of[p]) == 1
                   and graph_of[p] != {work_graph[works[3]]}), key=str)[0]
    ds.graph(work_graph[works[3]]).add((works[3], SCHEMA.recipient, lone))
    # ... and to a node of another document that is no person or organization: wrong.
    mention = sorted((m for m in typed[KGO.Mention] if work_graph[works[3]] not in graph_of[m]
                      and len(graph_of[m]) == 1), key=str)[0]
    ds.graph(work_graph[works[3]]).add((works[3], SCHEMA.recipient, mention))
    # A person described in several documents holds a position that one document
    # alone describes: the person's check reads that position's type.
    shared_person = sorted((p for p in typed[KGO.Person] if len(graph_of[p]) > 1), key=str)[0]
    position = sorted((p for p in typed[KGO.Position] if len(graph_of[p]) == 1), key=str)[0]
    ds.graph(next(iter(graph_of[position]))).add((shared_person, KGO.holdsPosition, position))
    return ds, broken, {"lone": lone, "mention": mention, "position": position}


def _spilled(ds, monkeypatch) -> Quads:
    import kg.quads

    monkeypatch.setattr(kg.quads, "SPILL_ROWS", 2_000)
    quads = Quads.parse(to_quads(ds).nquads(), PREFIXES)
    assert quads.on_disk
    return quads


@pytest.mark.parametrize("rows", ["in memory", "on disk"])
@pytest.mark.parametrize("size", [1, 400_000])
def test_parts_report_what_the_whole_union_reports(planted, monkeypatch, rows, size):
    """One document per part, or a few: the same violations, labels and evidence."""
    ds, broken, nodes = planted
    data = to_quads(ds) if rows == "in memory" else _spilled(ds, monkeypatch)
    shapes = load_shapes()
    whole = validate(data, shapes)
    monkeypatch.setattr(partition, "PARTS_FROM", 0)
    monkeypatch.setattr(partition, "PART_BYTES", size)
    stages: list[str] = []
    parts = validate(data, shapes, stage=stages.append)
    assert any(s.endswith("shared nodes") for s in stages)       # it did run in parts
    assert len(stages) >= (4 if size == 1 else 2)
    focus = {v.focus for v in whole.violations}
    assert broken <= focus and nodes["mention"] not in focus
    assert any(v.value == f"<{nodes['mention']}>" for v in whole.violations)
    assert not any(v.value == f"<{nodes['lone']}>" for v in whole.violations)
    assert parts == whole


def test_plan_shares_what_crosses_documents(planted):
    """The planted cross-document references make their nodes shared: the lone
    person (named by a document that does not describe it) and the position
    (named by a shared person's triple)."""
    ds, _, nodes = planted
    shapes = load_shapes()
    found = partition.reach(shapes, compile_shapes(shapes))
    plan = partition.plan(to_quads(ds), found)
    shared = {n.decode() for n in plan.shared}
    assert f"<{nodes['lone']}>" in shared and f"<{nodes['position']}>" in shared
    # A shared node's triples are all of its triples in the union, from every document.
    for node in (nodes["lone"], nodes["position"]):
        term = f"<{node}>"
        union = {f"{s} {p} {o} .\n".encode() for _, s, p, o in to_quads(ds).rows if s == term}
        assert plan.triples[term.encode()] == union


def test_kg_shapes_look_two_steps_outward_at_types_and_selectors():
    shapes = load_shapes()
    found = partition.reach(shapes, compile_shapes(shapes))
    assert found is not None and found.hops == 2 and not found.fixed
    assert TYPE in found.predicates and len(found.predicates) < 10


SHAPES_HEAD = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def _reach(turtle: str):
    g = Graph().parse(data=SHAPES_HEAD + turtle, format="turtle")
    return partition.reach(g, compile_shapes(g))


TYPE, P, Q = f"<{RDF.type}>", "<http://example.org/p>", "<http://example.org/q>"


@pytest.mark.parametrize("turtle,hops,predicates", [
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
     1, set()),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:class ex:D ] .",
     2, {TYPE}),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; "
     "sh:property [ sh:path ( ex:p ex:q ) ; sh:class ex:D ] .", 3, {Q, TYPE}),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
     "sh:node [ sh:property [ sh:path ex:q ; sh:class ex:D ] ] ] .", 3, {Q, TYPE}),
    ("ex:S a sh:NodeShape ; sh:targetNode ex:n ; sh:property [ sh:path ex:p ; sh:maxCount 1 ] .",
     1, set()),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
     "sh:or ( [ sh:class ex:D ] [ sh:datatype <http://www.w3.org/2001/XMLSchema#string> ] ) ] .",
     2, {TYPE}),
])
def test_reach_counts_the_steps_out_a_shape_reads_and_what_it_reads_there(turtle, hops, predicates):
    found = _reach(turtle)
    assert found.hops == hops and found.predicates == predicates


@pytest.mark.parametrize("turtle", [
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path [ sh:inversePath ex:p ] ; "
    "sh:minCount 1 ] .",
    "ex:S a sh:NodeShape ; sh:targetObjectsOf ex:p ; sh:property [ sh:path ex:q ; sh:minCount 1 ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path [ sh:zeroOrMorePath ex:p ] ; "
    "sh:class ex:D ] .",
    'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select '
    '"SELECT $this WHERE { ?other <http://example.org/p> $this }" ] .',
    'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select '
    '"SELECT $this WHERE { $this <http://example.org/p> ?x . ?y <http://example.org/q> ?z }" ] .',
])
def test_shapes_that_look_inward_or_without_bound_are_checked_whole(turtle):
    assert _reach(turtle) is None


def test_a_sparql_constraint_counts_its_own_steps():
    found = _reach('ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select '
                   '"SELECT $this WHERE { $this <http://example.org/p> ?x . '
                   '?x <http://example.org/q> ?y . FILTER NOT EXISTS { ?y a ?t } }" ] .')
    assert found.hops == 3 and found.predicates == {Q, TYPE}
    anything = _reach('ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select '
                      '"SELECT $this WHERE { $this <http://example.org/p> ?x . ?x ?any ?y }" ] .')
    assert anything.hops == 2 and anything.predicates is None


def test_inward_shapes_on_a_large_dataset_still_give_the_whole_report(planted, monkeypatch):
    ds, _, _ = planted
    g = Graph().parse(data=SHAPES_HEAD + f"""
        ex:S a sh:NodeShape ; sh:targetClass <{KGO.Person}> ;
            sh:property [ sh:path [ sh:inversePath <{KGO.holdsPosition}> ] ; sh:maxCount 0 ] .
    """, format="turtle")
    data = to_quads(ds)
    whole = validate(data, g)
    monkeypatch.setattr(partition, "PARTS_FROM", 0)
    stages: list[str] = []
    assert validate(data, g, stage=stages.append) == whole
    assert stages == []         # not in parts


def test_a_document_too_large_for_one_part_makes_kg_check_the_union_whole(planted, monkeypatch):
    """A part is at least one document in memory: past UNIT_LIMIT the on-disk whole wins."""
    ds, _, _ = planted
    data = to_quads(ds)
    shapes = load_shapes()
    whole = validate(data, shapes)
    monkeypatch.setattr(partition, "PARTS_FROM", 0)
    monkeypatch.setattr(partition, "UNIT_LIMIT", 10_000)
    stages: list[str] = []
    assert validate(data, shapes, stage=stages.append) == whole
    assert stages == []


def test_blank_nodes_and_the_default_graph_are_split_and_joined_like_iris(monkeypatch):
    """Blank nodes named across graphs and triples in the default graph: the same report."""
    from rdflib import BNode, Dataset, Literal, URIRef

    ex = Namespace("http://example.org/")
    ds = Dataset()
    shared, lone = BNode("shared"), BNode("lone")
    for i in range(6):
        g = ds.graph(URIRef(f"http://example.org/graph/doc{i}"))
        item = ex[f"item{i}"]
        g.add((item, RDF.type, ex.Item))
        g.add((item, ex.part, shared if i % 2 else lone))
        g.add((item, ex.label, Literal(f"item {i}")))
    ds.graph(URIRef("http://example.org/graph/doc0")).add((lone, RDF.type, ex.Part))
    ds.add((shared, RDF.type, ex.Part))                 # the default graph
    ds.add((ex.item5, ex.label, Literal("second label")))
    shapes = Graph().parse(data=SHAPES_HEAD + """
        ex:ItemShape a sh:NodeShape ; sh:targetClass ex:Item ;
            sh:property [ sh:path ex:part ; sh:class ex:Part ; sh:minCount 1 ] ,
                        [ sh:path ex:label ; sh:maxCount 1 ] .
        ex:PartShape a sh:NodeShape ; sh:targetClass ex:Part ; sh:property [ sh:path ex:label ; sh:minCount 1 ] .
    """, format="turtle")
    data = to_quads(ds)
    whole = validate(data, shapes)
    monkeypatch.setattr(partition, "PARTS_FROM", 0)
    monkeypatch.setattr(partition, "PART_BYTES", 1)
    stages: list[str] = []
    parts = validate(data, shapes, stage=stages.append)
    assert len(stages) > 3
    assert len(whole.violations) == 3       # item5's two labels, two parts without labels
    assert parts == whole


def test_a_store_loaded_in_pieces_keeps_blank_node_labels(monkeypatch):
    """Oxigraph's bulk loader renames blank nodes per load: loaded in pieces, one node
    would become several, and reports would name it by a random id."""
    import kg.quads
    from rdflib import BNode, Dataset, URIRef

    ex = Namespace("http://example.org/")
    ds = Dataset()
    node = BNode("b1")
    for i in range(5):
        ds.graph(URIRef(f"http://example.org/graph/doc{i}")).add((ex[f"item{i}"], ex.part, node))
    ds.graph(URIRef("http://example.org/graph/doc4")).add((node, RDF.type, ex.Part))
    monkeypatch.setattr(kg.quads, "LOAD_ROWS", 1)
    store = to_quads(ds).store()
    rows = list(store.query("SELECT DISTINCT ?o WHERE { ?s <http://example.org/part> ?o }",
                            use_default_graph_as_union=True))
    assert [str(r["o"]) for r in rows] == ["_:b1"]


@pytest.mark.parametrize("seed", [0, 1])
def test_parts_agree_with_the_whole_on_a_randomly_damaged_memo(seed, monkeypatch):
    """2% of the memo's quads dropped and 2% moved to another document's graph (its
    two copies and its work are three units): hundreds of violations of every
    kind, many across units, and the same report in parts."""
    import random

    from kg.pipeline import run as build_run
    from kg.resources import SOURCES

    rows = build_run([SOURCES], Options(jobs=1)).dataset.rows
    rnd = random.Random(seed)
    kept = [r for r in rows if rnd.random() > 0.02]
    graphs = sorted({r[0] for r in kept})
    damaged = Quads(sorted({(rnd.choice(graphs), *r[1:]) if rnd.random() < 0.02 else r
                            for r in kept}), {})
    shapes = load_shapes()
    whole = validate(damaged, shapes)
    monkeypatch.setattr(partition, "PARTS_FROM", 0)
    monkeypatch.setattr(partition, "PART_BYTES", 1)
    assert len(whole.violations) > 100
    assert validate(damaged, shapes) == whole
