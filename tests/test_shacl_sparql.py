"""kg.shacl, SHACL compiled to SPARQL on Oxigraph, gives pySHACL's results.

Every comparison is of whole result sets (focus node, path, value, source
shape, component, severity), never only of "conforms". pySHACL runs as kg
runs it: no inference, the union of the graphs as one data graph.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph

from kg import shacl
from kg.errors import ConfigError
from kg.validate import load_shapes

HERE = Path(__file__).resolve().parent
CASES = HERE / "shapes"


def _pyshacl(data: Graph, shapes: Graph) -> set:
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    return {r.key() for r in shacl.from_pyshacl(results)}


def _ours(data, shapes: Graph) -> set:
    return {r.key() for r in shacl.check(shacl.load_store(data), shacl.compile_shapes(shapes))}


def _union(ds) -> Graph:
    g = Graph()
    for graph in ds.graphs():
        for t in graph:
            g.add(t)
    return g


def _core(shapes: Graph) -> Graph:
    """The shapes without their SHACL-SPARQL constraints (pySHACL needs minutes for those)."""
    return shacl.core_shapes(shapes)


@pytest.fixture(scope="module")
def kg_shapes() -> Graph:
    return load_shapes()


# --- kg's own shapes and graphs -----------------------------------------------

@pytest.mark.parametrize("path", sorted(CASES.glob("*/*.ttl")), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_shape_fixtures_give_pyshacls_results(kg_shapes, path):
    data = Graph().parse(path, format="turtle")
    expected = _pyshacl(data, kg_shapes)
    assert _ours(data, kg_shapes) == expected
    assert bool(expected) == path.name.startswith("violating")


def test_memo_gives_pyshacls_core_results_and_validates_sparql_constraints(memo, kg_shapes):
    ds = memo.dataset.rdflib()
    core = _core(kg_shapes)
    assert _ours(ds, core) == _pyshacl(_union(ds), core)
    results = shacl.check(shacl.load_store(ds), shacl.compile_shapes(kg_shapes))
    assert results == []            # the bundled memo conforms, SPARQL constraints included


def test_planted_violations_give_pyshacls_results(tmp_path, kg_shapes):
    sys.path.insert(0, str(HERE.parent / "benchmarks"))
    import generate
    from test_corpus import _plant

    from kg.pipeline import Options, run

    generate.generate(4, tmp_path, seed=3)
    ds = run([tmp_path], Options(jobs=1)).dataset.rdflib()
    planted = _plant(ds)
    core = _core(kg_shapes)
    ours = _ours(ds, core)
    assert ours == _pyshacl(_union(ds), core)
    assert planted <= {focus.strip("<>") for focus, *_ in ours}
    store, compiled = shacl.load_store(ds), shacl.compile_shapes(kg_shapes)
    assert shacl.check(store, compiled, threads=2) == shacl.check(store, compiled)


# --- one small graph per component ----------------------------------------------

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
"""

# name: (shapes, data). Each data graph has ex:ok, which conforms, and at least
# one ex:bad..., which does not.
COMPONENTS = {
    "class": ("ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:class ex:C ] .",
              "ex:Sub rdfs:subClassOf ex:C . ex:ok a ex:T ; ex:p ex:x . ex:x a ex:Sub . "
              "ex:bad a ex:T ; ex:p ex:y , 'lit' . ex:y a ex:D . ex:TSub rdfs:subClassOf ex:T . "
              "ex:bad2 a ex:TSub ; ex:p ex:y ."),
    "datatype": ("ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:datatype xsd:integer ] , "
                 "[ sh:path ex:q ; sh:datatype xsd:string ] , [ sh:path ex:r ; sh:datatype xsd:nonNegativeInteger ] .",
                 "ex:ok a ex:T ; ex:p 5 ; ex:q 'a' ; ex:r '3'^^xsd:nonNegativeInteger . "
                 "ex:bad a ex:T ; ex:p 'abc'^^xsd:integer , '5' , 5.0 , ex:z ; ex:q 'a'@en , 1 ; "
                 "ex:r '-3'^^xsd:nonNegativeInteger ."),
    "datatype-date": ("ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:d ; sh:datatype xsd:date ] .",
                      "ex:ok a ex:T ; ex:d '1954-03-26'^^xsd:date . "
                      "ex:bad a ex:T ; ex:d '1954-02-30'^^xsd:date , '26 March 1954'^^xsd:date , "
                      "'1954-03-26T00:00:00'^^xsd:dateTime ."),
    "nodeKind": ("ex:S sh:targetClass ex:T ; sh:nodeKind sh:IRI ; sh:property [ sh:path ex:p ; "
                 "sh:nodeKind sh:BlankNodeOrIRI ] , [ sh:path ex:q ; sh:nodeKind sh:Literal ] .",
                 "ex:ok a ex:T ; ex:p ex:x ; ex:q 'l' . ex:bad a ex:T ; ex:p 'l' ; ex:q ex:x . [] a ex:T ."),
    "count": ("ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:maxCount 2 ] .",
              "ex:ok a ex:T ; ex:p 1 , 2 . ex:bad1 a ex:T . ex:bad2 a ex:T ; ex:p 1 , 2 , 3 ."),
    "in-hasValue": ("ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:in ( ex:a 'b' 3 ) ] , "
                    "[ sh:path rdf:type ; sh:hasValue ex:U ] . ex:N sh:targetNode ex:ok , ex:bad ; "
                    "sh:hasValue ex:ok .",
                    "ex:ok a ex:T , ex:U ; ex:p ex:a , 'b' , 3 . ex:bad a ex:T ; ex:p ex:c , 'b'@en , 4 ."),
    "pattern-length": ("ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:pattern '^ab+c$' ; "
                       "sh:flags 'i' ; sh:minLength 3 ; sh:maxLength 5 ] , [ sh:path ex:h ; "
                       "sh:pattern '^[0-9a-f]{4}$' ] .",
                       "ex:ok a ex:T ; ex:p 'ABc' ; ex:h 'beef' . ex:bad a ex:T ; ex:p 'abbbbbc' , 'ac' , "
                       "ex:abc , [] ; ex:h 'BEEF' , 'beef0' ."),
    "range": ("ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:minInclusive 0 ; "
              "sh:maxExclusive 1 ] , [ sh:path ex:q ; sh:minExclusive 0 ; sh:maxInclusive 10 ] .",
              "ex:ok a ex:T ; ex:p 0 , 0.5 ; ex:q 10 . ex:bad a ex:T ; ex:p 1 , -0.1 , 'x' , ex:z ; "
              "ex:q 0 , 11 , '5' ."),
    "languageIn-uniqueLang": ("ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:languageIn "
                              "( 'en' 'de-AT' ) ; sh:uniqueLang true ] .",
                              "ex:ok a ex:T ; ex:p 'a'@en , 'b'@de-AT . ex:bad a ex:T ; ex:p 'a'@EN-gb , "
                              "'c'@en , 'b'@de , 'd' ."),
    "logical": ("ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:or ( [ sh:class ex:A ] "
                "[ sh:datatype xsd:string ] ) ; sh:not [ sh:hasValue ex:no ] ] , [ sh:path ex:q ; sh:xone "
                "( [ sh:class ex:A ] [ sh:class ex:B ] ) ; sh:and ( [ sh:nodeKind sh:IRI ] "
                "[ sh:pattern 'x' ] ) ] .",
                "ex:ok a ex:T ; ex:p ex:a , 's' ; ex:q ex:xa . ex:a a ex:A . ex:xa a ex:A . ex:xab a ex:A , ex:B . "
                "ex:no a ex:A . ex:bad a ex:T ; ex:p 1 , ex:no ; ex:q ex:xab , ex:c , ex:xc ."),
    "node": ("ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:node ex:N ] . "
             "ex:N sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:string ] .",
             "ex:ok a ex:T ; ex:p ex:x . ex:x ex:name 'x' . ex:bad a ex:T ; ex:p ex:y , ex:z , ex:w . "
             "ex:y ex:name 'y' , 'yy' . ex:w ex:name 3 ."),
    "qualified": ("ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:qualifiedValueShape "
                  "[ sh:class ex:A ] ; sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1 ] .",
                  "ex:ok a ex:T ; ex:p ex:a , ex:b . ex:a a ex:A . ex:a2 a ex:A . "
                  "ex:bad1 a ex:T ; ex:p ex:b . ex:bad2 a ex:T ; ex:p ex:a , ex:a2 ."),
    "property-pairs": ("ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:born ; sh:lessThan ex:died ] , "
                       "[ sh:path ex:p ; sh:equals ex:q ; sh:disjoint ex:r ] , [ sh:path ex:low ; "
                       "sh:lessThanOrEquals ex:high ] .",
                       "ex:ok a ex:T ; ex:born '1890-03-09'^^xsd:date ; ex:died '1986-11-08'^^xsd:date ; "
                       "ex:p 1 ; ex:q 1 ; ex:r 2 ; ex:low 3 ; ex:high 3 . "
                       "ex:bad a ex:T ; ex:born '1990-01-01'^^xsd:date ; ex:died '1986-11-08'^^xsd:date ; "
                       "ex:p 1 , 2 ; ex:q 1 , 3 ; ex:r 2 ; ex:low 4 , 'a' ; ex:high 3 ."),
    "closed": ("ex:S sh:targetClass ex:T ; sh:closed true ; sh:ignoredProperties ( rdf:type ) ; "
               "sh:property [ sh:path ex:p ] .",
               "ex:ok a ex:T ; ex:p 1 . ex:bad a ex:T ; ex:p 1 ; ex:q 2 , 3 ."),
    "paths": ("ex:S sh:targetClass ex:T ; sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:class ex:A ] , "
              "[ sh:path ( ex:p ex:q ) ; sh:datatype xsd:string ] , [ sh:path [ sh:alternativePath ( ex:r "
              "ex:s ) ] ; sh:maxCount 1 ] , [ sh:path [ sh:oneOrMorePath ex:next ] ; sh:nodeKind sh:IRI ] , "
              "[ sh:path [ sh:zeroOrMorePath ex:up ] ; sh:class ex:T ] , [ sh:path [ sh:zeroOrOnePath ex:z ] ; "
              "sh:class ex:T ] .",
              "ex:a a ex:A ; ex:p ex:ok . ex:ok a ex:T ; ex:p ex:m ; ex:r 1 ; ex:next ex:n1 . ex:n1 ex:next ex:n2 . "
              "ex:m ex:q 's' . ex:b ex:p ex:bad . ex:bad a ex:T ; ex:p ex:m2 ; ex:r 1 ; ex:s 2 ; ex:next ex:n3 ; "
              "ex:up ex:u ; ex:z ex:u . ex:n3 ex:next 'end' . ex:m2 ex:q 3 ."),
    "targets": ("ex:S sh:targetNode ex:ok , ex:bad1 ; sh:targetSubjectsOf ex:s ; sh:targetObjectsOf ex:o ; "
                "sh:property [ sh:path ex:p ; sh:minCount 1 ] . ex:C a rdfs:Class , sh:NodeShape ; "
                "sh:property [ sh:path ex:q ; sh:minCount 1 ] .",
                "ex:ok ex:p 1 ; ex:s 1 . ex:x ex:o ex:ok . ex:bad2 ex:s 1 . ex:y ex:o ex:bad3 . "
                "ex:Sub rdfs:subClassOf ex:C . ex:bad4 a ex:Sub . ex:ok a ex:C ; ex:q 1 ."),
    "severity-deactivated": ("ex:S sh:targetClass ex:T ; sh:severity sh:Warning ; sh:nodeKind sh:BlankNode ; "
                             "sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:severity sh:Info ] , "
                             "[ sh:path ex:q ; sh:minCount 1 ; sh:deactivated true ] . ex:Off "
                             "sh:targetClass ex:T ; sh:deactivated true ; sh:nodeKind sh:Literal .",
                             "[] a ex:T ; ex:p 1 . ex:bad a ex:T ."),
}


@pytest.mark.parametrize("name", sorted(COMPONENTS))
def test_component_gives_pyshacls_results(name):
    shapes_ttl, data_ttl = COMPONENTS[name]
    shapes = Graph().parse(data=PREFIXES + shapes_ttl, format="turtle")
    data = Graph().parse(data=PREFIXES + data_ttl, format="turtle")
    expected = _pyshacl(data, shapes)
    ours = _ours(data, shapes)
    assert ours == expected
    focus = {k[0] for k in ours}
    assert "<http://example.org/ok>" not in focus
    assert any(f.startswith("<http://example.org/bad") or f.startswith("_:") for f in focus)


def test_results_carry_messages_and_come_sorted(kg_shapes):
    data = Graph().parse(CASES / "WitnessShape" / "violating.ttl", format="turtle")
    results = shacl.check(shacl.load_store(data), shacl.compile_shapes(kg_shapes))
    assert results and all(r.message for r in results)
    assert results == sorted(results, key=lambda r: (str(r.focus), r.shape, r.component, r.path or "",
                                                     str(r.value or ""), r.message or ""))
    assert results == shacl.check(shacl.load_store(data), shacl.compile_shapes(kg_shapes))


@pytest.mark.parametrize("shape", [
    "ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:js [] ] .",
    "ex:S sh:targetClass ex:T ; sh:sparql [ sh:ask 'ASK {}' ] .",
    "ex:S sh:targetClass ex:T ; sh:node ex:S ; sh:nodeKind sh:IRI .",
    "ex:S sh:targetClass ex:T ; sh:or ( [ sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:A ] ; "
    "sh:qualifiedMinCount 1 ] ) .",
    "ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:pattern '^(?=x)' ] .",
])
def test_unsupported_constraint_is_refused_naming_the_shape(shape):
    shapes = Graph().parse(data=PREFIXES + shape, format="turtle")
    with pytest.raises(ConfigError) as err:
        shacl.compile_shapes(shapes)
    assert err.value.where and ("example.org/S" in err.value.where or err.value.where.startswith("_:"))


@pytest.mark.parametrize("shape, term", [
    ("ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:minCount 'one' ] .", "sh:minCount"),
    ("ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:maxCount 1.5 ] .", "sh:maxCount"),
    ("ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:minLength -1 ] .", "sh:minLength"),
    ("ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:qualifiedValueShape "
     "[ sh:class ex:A ] ; sh:qualifiedMaxCount ex:two ] .", "sh:qualifiedMaxCount"),
    ("ex:S sh:targetClass ex:T ; sh:or ( [ sh:path ex:p ; sh:minCount 'x' ] ) .", "sh:minCount"),
])
def test_a_count_that_is_not_a_number_is_refused_naming_the_shape(shape, term):
    shapes = Graph().parse(data=PREFIXES + shape, format="turtle")
    with pytest.raises(ConfigError) as err:
        shacl.compile_shapes(shapes)
    assert str(err.value).startswith(f"{term} must be a non-negative integer, not ")
    assert err.value.where.startswith("_:")


def test_pyshacl_engine_runs_shapes_the_oxigraph_engine_refuses(tmp_path):
    """kg validate --engine pyshacl is the way out the refusal points to: it must not refuse too."""
    from conftest import kg

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(PREFIXES + "ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:p ; "
                      "sh:pattern '^(?=a)' ] .", encoding="utf-8")
    data = tmp_path / "data.nq"
    data.write_text('<http://example.org/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
                    '<http://example.org/T> <urn:g> .\n'
                    '<http://example.org/x> <http://example.org/p> "b" <urn:g> .\n', encoding="utf-8")
    refused = kg("validate", "--dataset", data, "--shapes", shapes)
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1
    assert refused.stderr.startswith("Error: sh:pattern") and "Traceback" not in refused.stderr
    reference = kg("validate", "--dataset", data, "--shapes", shapes, "--engine", "pyshacl")
    assert reference.returncode == 1, reference.stderr       # "b" does not start with "a"
    assert "http://example.org/x" in reference.stdout
