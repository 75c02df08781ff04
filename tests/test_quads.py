"""kg.quads writes terms exactly as Oxigraph prints them, so that rows made by
build and rows read back from a dump sort, deduplicate and serialize alike."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib

from kg.errors import OutputError
from kg.quads import Quads, check_iri, literal, n3_literal

XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def test_every_character_is_escaped_as_oxigraph_escapes_it():
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    text = "".join(chars)
    assert literal(text) == str(ox.Literal(text))
    for c in chars[:0x100] + ["\ufffe", "\uffff", "\u2028", "\U0010ffff"]:
        assert literal(f"a{c}b") == str(ox.Literal(f"a{c}b")), hex(ord(c))


def test_typed_literals_and_the_implicit_string_type():
    assert literal("3", XSD_INTEGER) == str(ox.Literal("3", datatype=ox.NamedNode(XSD_INTEGER)))
    assert literal("x", "http://www.w3.org/2001/XMLSchema#string") == '"x"'


@pytest.mark.parametrize("text", ["plain", 'say "no"', "back\\slash", "two\nlines", 'ends with "',
                                  'ends\nwith "', "cr\r", '"""', "tab\t"])
def test_n3_form_is_rdflibs(text):
    assert n3_literal(text) == rdflib.Literal(text).n3()
    assert n3_literal(text, XSD_INTEGER) == rdflib.Literal(text, datatype=XSD_INTEGER).n3()


def test_a_bad_iri_is_an_output_error():
    assert check_iri("https://example.org/a") == "<https://example.org/a>"
    with pytest.raises(OutputError):
        check_iri("https://example.org/a b")


@pytest.mark.parametrize("graphs", [
    {},
    {"": {("<urn:s>", "<urn:p>", '"x"')}},
    {"<urn:g2>": {("<urn:s>", "<urn:p>", '"x"@en'), ("<urn:s>", "<urn:p>", literal("3", XSD_INTEGER))},
     "<urn:g1>": {("<urn:s>", "<urn:p>", '"x"@en'), ("<urn:a>", "<urn:p>", literal("é\n\u0001"))}},
])
def test_rows_survive_a_round_trip_through_n_quads(graphs):
    q = Quads.from_graphs({g: set(t) for g, t in graphs.items()}, {"ex": "urn:"})
    back = Quads.parse(q.nquads(), {"ex": "urn:"})
    assert back.rows == q.rows
    assert b"".join(q.ntriples_chunks(rows=1)) == q.ntriples()
    assert len({r[1:] for r in q.rows}) == q.ntriples().count(b"\n")   # the union, each triple once
    assert sorted(q.ntriples().splitlines()) == q.ntriples().splitlines()
