"""kg.quads writes terms exactly as Oxigraph prints them, so that rows made by
build and rows read back from a dump sort, deduplicate and serialize alike."""

from __future__ import annotations

import tempfile

import pyoxigraph as ox
import pytest
import rdflib

from kg.errors import OutputError
from kg.quads import RowSorter, Quads, check_iri, literal, n3_literal

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
    sorter = RowSorter()
    for g, triples in graphs.items():
        sorter.group(g).extend(triples)
    q = Quads(sorter.result(), {"ex": "urn:"})
    back = Quads.parse(q.nquads(), {"ex": "urn:"})
    assert back.rows == q.rows
    assert b"".join(q.ntriples_chunks(rows=1)) == q.ntriples()
    assert len({r[1:] for r in q.rows}) == q.ntriples().count(b"\n")   # the union, each triple once
    assert sorted(q.ntriples().splitlines()) == q.ntriples().splitlines()


def _random_rows(rng, n: int, blank: bool = True) -> list[tuple[str, str, str, str]]:
    """Rows of a few terms (blank nodes compare as prefixes of each other, as "_:b1" and "_:b12")."""
    terms = ["<urn:a>", "<urn:a/b>", "_:b1" if blank else "<urn:b>", "_:b12" if blank else "<urn:c>", '"x"', '"x y"', '"x"@en', literal("3", XSD_INTEGER),
             literal("é\n\u0001"), "<urn:z>"]
    graphs = ["", "<urn:g1>", "<urn:g2>", "<urn:g10>"]
    return [(rng.choice(graphs), rng.choice(terms[:3]), rng.choice(terms[:2]), rng.choice(terms))
            for _ in range(n)]


@pytest.mark.parametrize("limit", [1, 7, 50, 10_000])
def test_row_sorter_gives_every_row_once_in_order_in_memory_or_spilled(limit):
    import random

    rng = random.Random(limit)
    rows = _random_rows(rng, 400)
    sorter = RowSorter(limit)
    for g, s, p, o in rows:
        sorter.group(g).append((s, p, o))
        sorter.check()
    result = sorter.result()
    expected = sorted(set(rows))
    assert isinstance(result, list) == (limit > 400)
    q = Quads(result, {"ex": "urn:"})
    assert q.rows == expected and len(q) == len(expected)
    in_memory = Quads(expected, {"ex": "urn:"})
    # Every writer gives the same bytes from rows on disk as from rows in memory.
    assert q.nquads() == in_memory.nquads()
    assert q.ntriples() == in_memory.ntriples()
    assert q.prefixes == in_memory.prefixes
    assert len(q.store()) == len(in_memory.store()) == len(expected)


@pytest.mark.parametrize("limit, block", [(50, 3), (300, 7), (97, 1)])
def test_runs_of_many_blocks_merge_into_every_row_once_in_order(limit, block, monkeypatch):
    """Runs read back a few rows at a time: the merge takes part of a block and
    comes back for the rest, and repeats across runs fall in one round."""
    import random

    import kg.quads

    monkeypatch.setattr(kg.quads, "RUN_BLOCK_ROWS", block)
    rng = random.Random(limit * block)
    rows = _random_rows(rng, 3000)
    sorter = RowSorter(limit)
    for g, s, p, o in rows:
        sorter.group(g).append((s, p, o))
        sorter.check()
    assert Quads(sorter.result(), {"ex": "urn:"}).rows == sorted(set(rows))


def test_rows_spilled_to_disk_are_deleted_with_the_dataset():
    import gc
    import os

    sorter = RowSorter(2)
    for i in range(10):
        sorter.group("<urn:g>").append(("<urn:s>", "<urn:p>", f'"{i}"'))
        sorter.check()
    result = sorter.result()
    folder = os.path.dirname(result._text)
    assert os.path.isdir(folder)
    del result
    gc.collect()
    assert not os.path.exists(folder)



def test_rows_spilled_by_a_sorter_that_never_finishes_are_deleted_with_it(tmp_path, monkeypatch):
    import gc

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)       # read TMPDIR again
    sorter = RowSorter(2)
    for i in range(10):                                 # e.g. the build then fails
        sorter.group("<urn:g>").append(("<urn:s>", "<urn:p>", f'"{i}"'))
        sorter.check()
    assert [p.name[:8] for p in tmp_path.iterdir()] == ["kg-rows-"]
    del sorter
    gc.collect()
    assert list(tmp_path.iterdir()) == []


def test_an_on_disk_store_holds_what_the_in_memory_one_holds(tmp_path, monkeypatch):
    import kg.quads

    monkeypatch.setattr(kg.quads, "LOAD_ROWS", 3)       # many small loads
    rows = sorted(set(_random_rows(__import__("random").Random(5), 200, blank=False)))
    q = Quads(rows, {})
    on_disk = q.store(str(tmp_path / "store"))
    assert sorted(map(str, on_disk)) == sorted(map(str, q.store()))
