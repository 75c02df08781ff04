"""Documents that disagree on a functional property: one value is kept, the rest reported."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import OWL, RDF

from kg.model import Entity, Evidence, Fact, Ref
from kg.relate import FUNCTIONAL, _one_value

from conftest import ROOT

POST, NORTH, SOUTH = Ref("position", "envoy-in-x"), Ref("state", "northmark"), Ref("state", "southvale")
WORK_A, WORK_B = Ref("work", "a"), Ref("work", "b")


def _fact(obj, source, start, claimant, predicate="kgo:affiliation"):
    return Fact(POST, predicate, obj, (Evidence(source, start, start + 5),), "test", 0.8, claimant)


def _entities():
    return {POST: Entity(POST, "envoy in X", ("kgo:Position",)),
            NORTH: Entity(NORTH, "Northmark", ("kgo:State",)),
            SOUTH: Entity(SOUTH, "Southvale", ("kgo:State",))}


def test_the_value_with_most_evidence_is_kept_and_the_other_reported():
    facts = [_fact(SOUTH, "b", 10, WORK_B), _fact(NORTH, "a", 50, WORK_A), _fact(NORTH, "b", 90, WORK_B),
             _fact(SOUTH, "a", 5, WORK_A, predicate="kgo:positionIn")]
    findings = []
    kept = _one_value(facts, _entities(), findings)
    assert [(f.predicate, f.object) for f in kept] == [("kgo:affiliation", NORTH), ("kgo:affiliation", NORTH),
                                                      ("kgo:positionIn", SOUTH)]
    (finding,) = findings
    assert finding.severity == "warning" and finding.about == (POST,)
    assert "kept Northmark, left out Southvale" in finding.message
    assert finding.evidence == (Evidence("b", 10, 15),)


def test_a_tie_keeps_the_value_stated_first_whatever_the_order_of_facts():
    facts = [_fact(SOUTH, "b", 10, WORK_B), _fact(NORTH, "a", 50, WORK_A)]   # witness "a" comes first
    assert [f.object for f in _one_value(list(facts), _entities(), [])] == [NORTH]
    assert [f.object for f in _one_value(facts[::-1], _entities(), [])] == [NORTH]


def test_agreeing_documents_are_left_alone():
    facts = [_fact(NORTH, "a", 50, WORK_A), _fact(NORTH, "b", 90, WORK_B)]
    findings = []
    assert _one_value(facts, _entities(), findings) == facts and findings == []


def test_the_list_matches_the_ontologys_functional_object_properties():
    onto = Graph().parse(ROOT / "ontology" / "kg.ttl", format="turtle")
    kgo = "https://example.org/kg/ontology#"
    functional = {f"kgo:{p[len(kgo):]}" for p in onto.subjects(RDF.type, OWL.FunctionalProperty)
                  if (p, RDF.type, OWL.ObjectProperty) in onto and str(p).startswith(kgo)}
    assert FUNCTIONAL <= functional
