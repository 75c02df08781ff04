"""Serializations: deterministic, parseable by an independent parser, equivalent."""

import json
import os
import subprocess
import sys

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg import formats
from kg.export import serialize

OX = {"turtle": ox.RdfFormat.TURTLE, "json-ld": ox.RdfFormat.JSON_LD, "nt": ox.RdfFormat.N_TRIPLES,
      "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}


@pytest.mark.parametrize("fmt", formats.ALL, ids=lambda f: f.name)
def test_every_format_parses_in_oxigraph_with_all_triples(memo, fmt):
    data = serialize(memo.dataset, fmt)
    quads = list(ox.parse(data, format=OX[fmt.name]))
    triples = {(q.subject, q.predicate, q.object) for q in quads}
    expected = {(s, p, o) for s, p, o, _ in memo.dataset.rdflib().quads((None, None, None, None))}
    assert len(triples) == len(expected)
    if fmt.supports_datasets:
        assert len({q.graph_name for q in quads}) == 3


def test_turtle_and_jsonld_give_isomorphic_graphs(memo):
    ttl = Graph().parse(data=serialize(memo.dataset, formats.TURTLE), format="turtle")
    triples = [q.triple for q in ox.parse(serialize(memo.dataset, formats.JSON_LD),
                                          format=ox.RdfFormat.JSON_LD)]
    jl = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    assert isomorphic(ttl, jl)


def test_jsonld_reads_like_plain_json(memo):
    doc = json.loads(serialize(memo.dataset, formats.JSON_LD))
    assert isinstance(doc["@context"], dict)
    text = json.dumps(doc)
    assert '"label"' in text and '"proposedBy"' in text and '"exact"' in text
    assert "http://www.w3.org/2000/01/rdf-schema#label" not in text
    # Selectors are nested inside their span rather than listed on their own.
    graph = next(g for g in doc["@graph"] if "/graph/witness/" in g["id"])
    span = next(n for n in graph["@graph"] if "/span/" in n["id"])
    assert all(isinstance(sel, dict) and ("start" in sel or "exact" in sel) for sel in span["selector"])


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """Build and export every format in two processes with different hash seeds."""
    runs = []
    for seed in ("11", "22"):
        d = tmp_path_factory.mktemp(f"seed{seed}")
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "kg", "build", "-q", "--no-validate", "-o", str(d)],
                       check=True, env=env)
        for fmt in formats.ALL:
            subprocess.run([sys.executable, "-m", "kg", "export", "--dataset", str(d / "dataset.nq"),
                            "--format", fmt.name, "-o", str(d / f"out.{fmt.extension}")],
                           check=True, env=env)
        runs.append(d)
    return runs


@pytest.mark.parametrize("fmt", formats.ALL, ids=lambda f: f.name)
def test_output_is_byte_identical_across_processes(two_runs, fmt):
    a, b = (d / f"out.{fmt.extension}" for d in two_runs)
    assert a.read_bytes() == b.read_bytes()


def test_format_names_aliases_and_media_types_are_one_value():
    assert formats.parse_format("ttl") is formats.parse_format("text/turtle") is formats.TURTLE
    assert formats.guess_format("x.jsonld") is formats.JSON_LD
    assert formats.guess_format("x.nq") is formats.N_QUADS
    assert formats.guess_format("x.unknown") is None


def _pyld_quads(doc: bytes) -> set:
    from pyld import jsonld

    nq = jsonld.to_rdf(json.loads(doc), {"format": "application/n-quads"})
    return {tuple(str(t) for t in (q.subject, q.predicate, q.object, q.graph_name))
            for q in ox.parse(nq, format=ox.RdfFormat.N_QUADS)}


def test_jsonld_written_from_quads_means_what_pyld_compaction_means(memo):
    """kg compacts simple contexts itself; pyld, the reference processor, reads back the
    same quads as from its own compaction of the same expanded document."""
    from kg.export import _Expanded, _pyld_compact, _tree, load_context, to_quads

    q = to_quads(memo.dataset)
    ours = serialize(q, formats.JSON_LD)
    theirs = json.dumps(_pyld_compact(_tree(q, _Expanded()), load_context(), "ctx")).encode()
    expected = {tuple(str(t) for t in (x.subject, x.predicate, x.object, x.graph_name)) for x in q.quads}
    assert _pyld_quads(ours) == _pyld_quads(theirs) == expected


def test_jsonld_with_a_context_kg_does_not_compact_itself_goes_through_pyld(memo, tmp_path):
    from kg.export import load_context

    ctx = {**load_context(), "@language": "en"}     # a default language: pyld's algorithm runs
    path = tmp_path / "ctx.jsonld"
    path.write_text(json.dumps({"@context": ctx}))
    data = serialize(memo.dataset, formats.JSON_LD, path)
    triples = {q.triple for q in ox.parse(data, format=ox.RdfFormat.JSON_LD)}
    expected = {q.triple for q in ox.parse(serialize(memo.dataset, formats.N_QUADS),
                                           format=ox.RdfFormat.N_QUADS)}
    assert triples == expected
    assert '"label"' in data.decode()


def test_jsonld_compaction_keeps_values_that_do_not_fit_a_terms_coercion():
    """Language tags, datatypes other than a term's, IRIs under plain terms, blank nodes,
    types and values under @vocab: each comes back as the same quad."""
    from rdflib import BNode, Dataset, Literal, Namespace, URIRef
    from rdflib.namespace import RDF, RDFS, XSD

    from kg.export import load_context

    kgo, schema = Namespace("https://example.org/kg/ontology#"), Namespace("https://schema.org/")
    ds = Dataset()
    g = ds.graph(URIRef("https://example.org/kg/graph/work/x"))
    s = URIRef("https://example.org/kg/person/x")
    for t in [(s, RDF.type, schema.Person), (s, RDF.type, kgo.Unnamed),
              (s, RDF.type, URIRef("http://other.example/T")),
              (s, RDFS.label, Literal("Иван", lang="ru")), (s, RDFS.label, Literal("Ivan")),
              (s, schema.birthDate, Literal("1890", datatype=XSD.gYear)),     # term says xsd:date
              (s, schema.birthDate, Literal("1890-03-09", datatype=XSD.date)),
              (s, RDFS.comment, URIRef("https://example.org/elsewhere")),      # IRI, plain term
              (s, kgo.proposalStatus, kgo.Accepted), (s, kgo.unknownProperty, Literal("5", datatype=XSD.integer)),
              (s, URIRef("http://other.example/p"), BNode("b1")),
              (BNode("b1"), RDFS.label, Literal("blank"))]:
        g.add(t)
    ds.default_graph.add((s, kgo.textLength, Literal("12", datatype=XSD.integer)))
    data = serialize(ds, formats.JSON_LD)
    doc = json.loads(data)
    assert doc["@context"] == load_context()
    got = {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
           for q in ox.parse(data, format=ox.RdfFormat.JSON_LD)}
    want = {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
            for q in ox.parse(serialize(ds, formats.N_QUADS), format=ox.RdfFormat.N_QUADS)}
    blank = lambda quads: {tuple("_" if x.startswith("_:") else x for x in q) for q in quads}  # noqa: E731
    assert blank(got) == blank(want) and len(got) == len(want)
    assert _pyld_quads(data) and len(_pyld_quads(data)) == len(want)


def test_large_outputs_come_in_pieces_with_the_bytes_of_one_write(memo, monkeypatch):
    """Turtle and TriG stream from pyoxigraph's writers, piece by piece, as the same
    bytes it writes at once; a writer's failure reaches the reader."""
    from kg import export
    from kg.export import serialize_chunks, to_quads

    q = to_quads(memo.dataset)
    whole = ox.serialize(q.iter_triples(), format=ox.RdfFormat.TURTLE, prefixes=q.prefixes)
    monkeypatch.setattr(export, "_streamed", lambda produce, piece=4096, real=export._streamed:
                        real(produce, piece))
    pieces = list(serialize_chunks(q, formats.TURTLE))
    assert len(pieces) > 10 and b"".join(pieces) == whole

    def broken(out):
        out.write(b"@prefix x: <urn:x#> .\n")
        raise ValueError("the writer broke")

    with pytest.raises(ValueError, match="the writer broke"):
        list(export._streamed(broken))


def test_jsonld_that_needs_pyld_partway_hands_out_only_pyld_output(memo, tmp_path):
    """kg's compaction finds out at the first IRI that would read as a compact IRI,
    after some of its pieces are made: none of them is handed out."""
    from kg.export import load_context, serialize_chunks

    ctx = {**load_context(), "https": "urn:elsewhere:"}   # "https://..." reads as a compact IRI
    path = tmp_path / "ctx.jsonld"
    path.write_text(json.dumps({"@context": ctx}))
    pieces = list(serialize_chunks(memo.dataset, formats.JSON_LD, path))
    assert len(pieces) == 1 and pieces[0].startswith(b"{")
    triples = {q.triple for q in ox.parse(pieces[0], format=ox.RdfFormat.JSON_LD)}
    expected = {q.triple for q in ox.parse(serialize(memo.dataset, formats.N_QUADS),
                                           format=ox.RdfFormat.N_QUADS)}
    assert triples == expected


def test_jsonld_is_the_same_when_the_identifier_memo_is_cleared_often(memo, monkeypatch):
    import kg.export

    whole = serialize(memo.dataset, formats.JSON_LD)
    monkeypatch.setattr(kg.export, "ID_CACHE", 3)
    assert serialize(memo.dataset, formats.JSON_LD) == whole
