"""A document kg has never seen, written here, gives a sensible graph."""


import pyoxigraph as ox
import pytest

from kg.model import Ref
from kg.pipeline import run

from conftest import kg, select

LETTER = """\
Council of Ministers

To: Mr. J.F. Dulwich and Mr. P. Arnaud

The Italian draft of a Treaty on Danube Navigation has provoked a negative reaction from official circles in Austria. Meriting attention is a conversation between our ambassador in Vienna, Mr. Bellini, and the Austrian minister Halder, who said the Italian proposal is unacceptable in its present form.

The Ministry of Foreign Affairs considers it advisable to invite the governments of Austria and Hungary to a conference in Geneva on 14 June 1957.

I ask you to approve it.
C.D. Fontana
3 May 1957
"""


@pytest.fixture(scope="module")
def letter(tmp_path_factory):
    path = tmp_path_factory.mktemp("new") / "letter-1957.txt"
    path.write_text(LETTER, encoding="utf-8")
    result = run([path])
    from kg import formats
    from kg.export import serialize
    store = ox.Store()
    store.load(serialize(result.dataset, formats.N_QUADS), format=ox.RdfFormat.N_QUADS)
    return path, result, store


def _labels(result, kind):
    return {e.label for r, e in result.relations.entities.items() if r.kind == kind}


def test_new_document_gets_author_date_and_recipients(letter):
    _, result, store = letter
    rows = select(store, """
        PREFIX schema: <https://schema.org/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?date ?authorLabel WHERE { ?w schema:author ?a ; schema:dateCreated ?date .
                                          ?a rdfs:label ?authorLabel }""")
    assert rows == [{"date": "1957-05-03", "authorLabel": "C.D. Fontana"}]
    recips = select(store, """
        PREFIX schema: <https://schema.org/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?l WHERE { ?w schema:recipient ?r . ?r rdfs:label ?l }""")
    assert {r["l"] for r in recips} == {"J.F. Dulwich", "P. Arnaud", "Council of Ministers"}


def test_new_document_people_roles_and_states(letter):
    _, result, _ = letter
    people = _labels(result, "person")
    assert {"Bellini", "Halder", "C.D. Fontana", "J.F. Dulwich", "P. Arnaud"} <= people
    assert {"ambassador in Vienna", "Austrian minister"} <= _labels(result, "position")
    states = _labels(result, "state")
    assert {"Italy", "Austria", "Hungary"} <= states


def test_new_document_proposals_stances_and_conversation(letter):
    _, result, _ = letter
    rel = result.relations
    props = {r: e for r, e in rel.entities.items() if r.kind == "proposal"}
    labels = {e.label for e in props.values()}
    assert any("Treaty on Danube Navigation" in lb for lb in labels)
    rec = [r for r in props if any(f.subject == r and f.object == Ref("concept", "NewRecommendation")
                                   for f in rel.facts)]
    assert len(rec) == 1 and "conference in Geneva" in props[rec[0]].attrs["description"]
    stances = {(rel.entities[f.object].label) for f in rel.facts if f.predicate == "kgo:stanceHolder"}
    assert {"official circles in Austria", "Halder"} <= stances
    events = [e for r, e in rel.entities.items() if r.kind == "event"]
    assert len(events) == 1 and "Bellini" in events[0].label and "Halder" in events[0].label


def test_new_document_dates_are_normalised(letter):
    _, result, _ = letter
    assert {"1957-06-14", "1957-05-03"} <= {r.key for r in result.relations.entities if r.kind == "date"}


def test_build_file_from_cli_conforms(letter, tmp_path):
    path, _, _ = letter
    r = kg("build", path, "-o", tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "SHACL:     conforms" in r.stdout


@pytest.mark.parametrize("text, expected", [
    ("Signed on 26 March 1954.", "1954-03-26"),
    ("Signed on March 26, 1954.", "1954-03-26"),
    ("Signed on the 26th of March, 1954.", "1954-03-26"),
    ("Signed on Mar. 26 1954.", "1954-03-26"),
    ("Signed on 1954-03-26.", "1954-03-26"),
    ("Signed on 26.03.1954.", "1954-03-26"),
])
def test_common_date_formats(text, expected):
    from kg.extract.dates import find_dates
    assert [d.isoformat() for _, _, d in find_dates(text)] == [expected]


def test_impossible_dates_are_not_dates():
    from kg.extract.dates import find_dates
    assert list(find_dates("on 30 February 1954 and 31.04.1954")) == []
