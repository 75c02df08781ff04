"""The vocabulary files: SHACL shapes, OWL ontology and JSON-LD context.

Each SHACL node shape has a folder under ``tests/shapes/<ShapeName>/`` with a
``conforming.ttl`` and one or more ``violating*.ttl``: small hand-written graphs
about the 1954 memo. Shapes run as ``kg validate`` runs them: pySHACL, no
inference, no ontology in the data graph.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyshacl
import pytest
from pyld import jsonld
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib import namespace as vocab
from rdflib.namespace import RDF, RDFS, SH

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHAPES = ROOT / "shapes" / "kg.shapes.ttl"
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
CONTEXT = ROOT / "ontology" / "context.jsonld"
CASES = HERE / "shapes"

KGO = Namespace("https://example.org/kg/ontology#")
KGSH = Namespace("https://example.org/kg/shapes#")
OA = "http://www.w3.org/ns/oa#"
# rdflib ships no Web Annotation namespace; these are the terms kg uses, as
# defined in https://www.w3.org/TR/annotation-vocab/ (a typo would not be).
OA_TERMS = {OA + t for t in (
    "Annotation", "SpecificResource", "TextPositionSelector", "TextQuoteSelector", "identifying",
    "hasBody", "hasTarget", "hasSource", "hasSelector", "motivatedBy", "start", "end", "exact",
    "prefix", "suffix")}
# Vocabularies rdflib knows term by term, so a misspelt term fails the test.
# Named, not imported: pytest probes module globals, which closed rdflib
# namespaces answer with warnings.
STANDARD = ("SDO", "PROV", "ORG", "SKOS", "TIME", "OWL", "RDF", "RDFS", "DCTERMS", "FOAF", "XSD")


def _cases(pattern: str) -> list[Path]:
    return sorted(CASES.glob(f"*/{pattern}"))


def _case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def _validate(shapes: Graph, path: Path) -> tuple[bool, Graph]:
    data = Graph().parse(path, format="turtle")
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    return conforms, results


def _own_parts(shapes: Graph, node_shape: URIRef) -> set:
    """The node shape and its property shapes: what a result of this shape names."""
    return {node_shape, *shapes.objects(node_shape, SH.property)}


# --- SHACL shapes ------------------------------------------------------------

def test_every_node_shape_has_a_conforming_and_a_violating_fixture(shapes):
    names = {str(s).removeprefix(str(KGSH)) for s in shapes.subjects(RDF.type, SH.NodeShape)}
    folders = {p.name for p in CASES.iterdir() if p.is_dir()}
    assert folders == names
    for name in names:
        assert (CASES / name / "conforming.ttl").is_file(), name
        assert list((CASES / name).glob("violating*.ttl")), name


@pytest.mark.parametrize("path", _cases("conforming.ttl"), ids=_case_id)
def test_conforming_fixture_passes_every_shape(shapes, path):
    conforms, results = _validate(shapes, path)
    messages = sorted(str(m) for m in results.objects(None, SH.resultMessage))
    assert conforms, messages


@pytest.mark.parametrize("path", _cases("violating*.ttl"), ids=_case_id)
def test_violating_fixture_is_caught_by_its_own_shape_alone(shapes, path):
    conforms, results = _validate(shapes, path)
    assert not conforms
    own = _own_parts(shapes, KGSH[path.parent.name])
    reported = list(results.subjects(RDF.type, SH.ValidationResult))
    sources = {results.value(r, SH.sourceShape) for r in reported}
    # Stricter than "at least one": a fixture that also trips other shapes
    # would not show which rule it is about.
    assert sources and sources <= own, sorted(map(str, sources - own))
    assert all(results.value(r, SH.resultMessage) is not None for r in reported)


def test_every_property_shape_has_a_name_a_description_and_a_message(shapes):
    for node in shapes.subjects(RDF.type, SH.NodeShape):
        for prop in shapes.objects(node, SH.property):
            for term in (SH.name, SH.description, SH.message):
                assert shapes.value(prop, term) is not None, f"{prop} lacks {term}"
    for constraint in shapes.objects(None, SH.sparql):
        assert shapes.value(constraint, SH.message) is not None, constraint


def test_shapes_only_name_classes_and_values_the_ontology_defines(shapes, ontology):
    defined = set(ontology.subjects())
    used = {t for t in shapes.all_nodes() if isinstance(t, URIRef) and t.startswith(str(KGO))}
    assert used and used <= defined, sorted(map(str, used - defined))


# --- Ontology -----------------------------------------------------------------

def _kgo_terms(ontology: Graph) -> set[URIRef]:
    return {s for s in ontology.subjects(RDF.type, None)
            if isinstance(s, URIRef) and s.startswith(str(KGO))}


def test_every_ontology_term_has_an_english_label_and_comment(ontology):
    terms = _kgo_terms(ontology)
    assert KGO.Proposal in terms and KGO.proposedBy in terms and KGO.NewRecommendation in terms
    for term in terms:
        for prop in (RDFS.label, RDFS.comment):
            values = [v for v in ontology.objects(term, prop) if isinstance(v, Literal)]
            assert any(v.language == "en" for v in values), f"{term} lacks an English {prop}"


def test_every_kgo_term_in_the_example_data_is_defined_in_the_ontology(ontology):
    defined = _kgo_terms(ontology)
    used = set()
    for path in _cases("conforming.ttl"):
        used |= {t for t in Graph().parse(path).all_nodes() if isinstance(t, URIRef)}
        used |= {p for _, p, _ in Graph().parse(path)}
    used = {t for t in used if t.startswith(str(KGO))}
    assert used <= defined, sorted(map(str, used - defined))


# --- JSON-LD context ------------------------------------------------------------

def _no_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    dupes = {k for k in keys if keys.count(k) > 1}
    if dupes:  # json.loads would silently keep the last one
        raise ValueError(f"duplicate JSON keys: {sorted(dupes)}")
    return dict(pairs)


@pytest.fixture(scope="module")
def context() -> dict:
    doc = json.loads(CONTEXT.read_text(encoding="utf-8"), object_pairs_hook=_no_duplicate_keys)
    return doc["@context"]


def _prefixes(context: dict) -> dict[str, str]:
    return {t: v for t, v in context.items()
            if isinstance(v, str) and not t.startswith("@") and v.endswith(("/", "#"))}


def _term_iris(context: dict) -> dict[str, str]:
    """Each non-prefix, non-keyword term and the full IRI it stands for."""
    prefixes = _prefixes(context)
    out = {}
    for term, value in context.items():
        if term.startswith("@") or term in prefixes:
            continue
        iri = value if isinstance(value, str) else value["@id"]
        if iri.startswith("@"):
            continue
        prefix, _, local = iri.partition(":")
        out[term] = prefixes[prefix] + local if prefix in prefixes else iri
    return out


def test_every_context_term_is_a_defined_kgo_term_or_a_standard_term(context, ontology):
    kgo_terms = _kgo_terms(ontology)
    for term, iri in _term_iris(context).items():
        if iri.startswith(str(KGO)):
            assert URIRef(iri) in kgo_terms, f"{term}: {iri} is not in the ontology"
        elif iri.startswith(OA):
            assert iri in OA_TERMS, f"{term}: {iri} is not a Web Annotation term"
        else:
            spaces = [getattr(vocab, name) for name in STANDARD]
            ns = next((ns for ns in spaces if iri.startswith(str(ns))), None)
            assert ns is not None, f"{term}: {iri} is in no known vocabulary"
            assert URIRef(iri) in ns, f"{term}: {ns} has no term {iri}"


def _refuse(url, options=None):
    raise jsonld.JsonLdError(f"test refuses to fetch {url}", "jsonld.LoadDocumentError")


def _keys_and_strings(node, keys: set, strings: set):
    if isinstance(node, dict):
        for k, v in node.items():
            keys.add(k)
            _keys_and_strings(v, keys, strings)
    elif isinstance(node, list):
        for v in node:
            _keys_and_strings(v, keys, strings)
    elif isinstance(node, str):
        strings.add(node)


def test_context_compacts_all_example_data_to_short_terms_and_round_trips(context):
    graph = Graph()
    for path in _cases("conforming.ttl"):
        graph.parse(path, format="turtle")
    options = {"documentLoader": _refuse}
    # pyld's own RDF reader, as kg.export does: lexical forms stay strings.
    expanded = jsonld.from_rdf(graph.serialize(format="nt"), {"format": "application/n-quads"})
    compacted = jsonld.compact(expanded, {"@context": context}, options)

    keys, strings = set(), set()
    _keys_and_strings(compacted["@graph"], keys, strings)
    # A property left as "prefix:name" or a full IRI means no term matched
    # it, usually because the term's @type differs from the data's datatype.
    assert not {k for k in keys if ":" in k}
    unused = set(_term_iris(context)) - keys - strings
    assert not unused, f"terms the example data never exercises: {sorted(unused)}"

    nquads = jsonld.to_rdf(compacted, {**options, "format": "application/n-quads"})
    assert isomorphic(Graph().parse(data=nquads, format="nt"), graph)


# --- kg's validator agrees with pySHACL ----------------------------------------

def _node_shape_of(shapes: Graph, shape) -> URIRef:
    """The node shape a result's source shape belongs to."""
    owner = next(shapes.subjects(SH.property, shape), None)
    return owner if owner is not None else shape


@pytest.mark.parametrize("path", _cases("*.ttl"), ids=_case_id)
def test_kg_validate_agrees_with_pyshacl(shapes, path):
    """kg runs SHACL-SPARQL constraints on Oxigraph; the verdicts must not change."""
    from rdflib import Dataset

    from kg.validate import validate

    conforms, results = _validate(shapes, path)
    expected = {(str(results.value(r, SH.focusNode)),
                 str(_node_shape_of(shapes, results.value(r, SH.sourceShape))))
                for r in results.subjects(RDF.type, SH.ValidationResult)}
    ds = Dataset()
    ds.graph(URIRef("urn:x-test:g")).parse(path, format="turtle")
    report = validate(ds, shapes)
    got = {(v.focus, str(_node_shape_of(shapes, shapes.namespace_manager.expand_curie(v.shape))))
           for v in report.violations}
    assert report.conforms == conforms
    assert got == expected
