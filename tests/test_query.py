"""`kg query`: named, file and inline queries over the built dataset, as a user runs them."""

import csv
import io
import json

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from conftest import BASE, BLOG, ROOT, kg, named_query, select

QUERIES = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
WORK = f"{BASE}work/molotov-1954-03-26"


def query_json(dataset, *args) -> list[dict]:
    r = kg("query", "--dataset", dataset, "--format", "json", *args)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    names = doc["head"]["vars"]
    return [{n: b[n]["value"] if n in b else None for n in names} for b in doc["results"]["bindings"]]


def test_list_shows_each_named_query_with_its_title(dataset):
    r = kg("query", "--list")
    assert r.returncode == 0, r.stderr
    listed = dict(line.split(None, 1) for line in r.stdout.splitlines())
    assert sorted(listed) == QUERIES
    for name, title in listed.items():
        assert f"# title: {title}\n" in named_query(name)
    assert listed["stances"] == "Who reacted how to which proposal"


# One row each named query must give on the memo (variable: value).
EXPECTED = {
    "document-metadata": {"role": "author", "agentLabel": "Vyacheslav Molotov", "date": "1954-03-26"},
    "evidence": {"subject": WORK, "predicate": "https://schema.org/author", "quote": "V.M. Molotov"},
    "findings": {"severity": "warning", "about": f"{BASE}witness/{BLOG}"},
    "links": {"label": "France", "wikidata": "http://www.wikidata.org/entity/Q142",
              "method": "authority", "decidedBy": "kg authority file (authority/entities.toml)"},
    "positions": {"personLabel": "Gaston Palewski", "positionLabel": "Gaullist leader"},
    "proposals": {"status": "CounterProposal", "proposerLabel": "Gaston Palewski", "claimedBy": WORK},
    "stances": {"holderLabel": "Le Monde", "polarity": "Positive", "modality": "Reported"},
    "states-and-organizations": {"label": "France", "kind": "state",
                                 "wikidata": "http://www.wikidata.org/entity/Q142"},
    "witness-additions": {"witness": f"{BASE}witness/{BLOG}", "segmentType": "Byline"},
}


def test_every_named_query_has_an_expected_answer():
    assert sorted(EXPECTED) == QUERIES


@pytest.mark.parametrize("name", QUERIES)
def test_named_query_through_the_cli_gives_the_engines_answer(dataset, store, name):
    rows = query_json(dataset, "--name", name)
    assert any(all(r.get(k) == v for k, v in EXPECTED[name].items()) for r in rows), rows[:3]
    direct = select(store, named_query(name))
    assert sorted(rows, key=_row_key) == sorted(direct, key=_row_key)


def _row_key(row: dict) -> list:
    return sorted((k, v or "") for k, v in row.items())


def test_csv_output_parses_back_with_the_query_order(dataset, store):
    r = kg("query", "--dataset", dataset, "--name", "stances", "--format", "csv")
    assert r.returncode == 0, r.stderr
    table = list(csv.DictReader(io.StringIO(r.stdout, newline="")))
    assert list(table[0]) == ["holder", "holderLabel", "polarity", "modality", "proposal",
                              "proposalLabel", "event", "sentence"]
    assert [(t["holderLabel"], t["polarity"]) for t in table] == [
        (d["holderLabel"], d["polarity"]) for d in select(store, named_query("stances"))]
    palewski = next(t for t in table if t["holderLabel"] == "Gaston Palewski")
    assert "unacceptable in its present form" in palewski["sentence"]  # whole, not shortened


def test_table_is_aligned_and_counts_rows(dataset):
    r = kg("query", "--dataset", dataset, "-e",
           "SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["g", "triples"] and set(lines[1]) == {"-", " "}
    assert lines[-1] == "(3 rows)"
    column = lines[0].index("triples")
    assert all(line[column - 2:column] == "  " and line[column:].strip().isdigit() for line in lines[2:-1])


def test_named_graphs_are_visible_with_graph_and_as_the_union_default_graph(dataset):
    quads = list(ox.parse(path=dataset, format=ox.RdfFormat.N_QUADS))
    in_graphs = query_json(dataset, "-e", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    union = query_json(dataset, "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(in_graphs[0]["n"]) == len(quads)
    # A triple stated in two graphs is one triple of the union.
    assert int(union[0]["n"]) == len({q.triple for q in quads}) < len(quads)


def test_query_file(dataset, tmp_path):
    rq = tmp_path / "graphs.rq"
    rq.write_text("# Which graphs are there?\nSELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g\n",
                  encoding="utf-8")
    rows = query_json(dataset, rq)
    assert [r["g"].removeprefix(BASE) for r in rows] == [
        "graph/witness/000_fe6908e5a2d9b31f", "graph/witness/001_a29ebaad2eed1b78",
        "graph/work/molotov-1954-03-26"]


def test_bind_narrows_a_named_query(dataset):
    rows = query_json(dataset, "--name", "evidence", "--bind", f"subject=<{WORK}>",
                      "--bind", "predicate=schema:author")
    assert sorted((r["witness"].rsplit("/", 1)[-1], r["quote"]) for r in rows) == [
        ("000_fe6908e5a2d9b31f", "V.M. Molotov"), ("001_a29ebaad2eed1b78", "V.M. Molotov")]


def test_construct_gives_deterministic_turtle(dataset):
    q = ("PREFIX schema: <https://schema.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
         "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a schema:Person ; rdfs:label ?l }")
    first, second = kg("query", "--dataset", dataset, "-e", q), kg("query", "--dataset", dataset, "-e", q)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    g = Graph().parse(data=first.stdout, format="turtle")
    assert (URIRef(f"{BASE}person/gaston-palewski"), RDFS.label, Literal("Gaston Palewski")) in g
    assert len(g) == len(set(g.subjects())) >= 4 and set(g.predicates()) == {RDFS.label}


def test_describe_as_n_triples(dataset):
    r = kg("query", "--dataset", dataset, "--format", "nt", "-e",
           f"DESCRIBE <{BASE}person/gaston-palewski>")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines == sorted(lines) and all(ln.endswith(" .") for ln in lines)
    assert f'<{BASE}person/gaston-palewski> <http://www.w3.org/2000/01/rdf-schema#label> "Gaston Palewski" .' in lines


def test_syntax_error_points_at_line_and_column_of_the_file(dataset, tmp_path):
    rq = tmp_path / "bad.rq"
    rq.write_text("# title: bad\n# description: ORDER without BY\nSELECT ?x WHERE {\n  ?x ?p ?o\n} ORDER ?x\n",
                  encoding="utf-8")
    r = kg("query", "--dataset", dataset, rq)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip() == f"Error: SPARQL syntax error at line 5, column 11: expected BY in {rq}"


def test_syntax_error_in_an_inline_query_is_one_line(dataset):
    r = kg("query", "--dataset", dataset, "-e", "SELECT ?x WHERE { ?x ?p ?o } LIMT 5")
    assert r.returncode == 2
    assert r.stderr.strip() == ("Error: SPARQL syntax error at line 1, column 36: expected one of "
                                "HAVING, OFFSET, OPTIONAL, VALUES in the -e query")


def test_missing_dataset_exits_2(tmp_path):
    r = kg("query", "--dataset", tmp_path / "none.nq", "--name", "stances")
    assert r.returncode == 2
    assert r.stderr.strip() == f"Error: no built dataset in {tmp_path / 'none.nq'}: run `kg build` first"


def test_unknown_name_lists_the_names(dataset):
    r = kg("query", "--dataset", dataset, "--name", "stance")
    assert r.returncode == 2
    assert r.stderr.strip() == (f"Error: no named query 'stance' in {ROOT / 'queries'}: "
                                f"known names are {', '.join(QUERIES)}")


@pytest.mark.parametrize("args, message", [
    ((), "Error: give one query: --name NAME, a FILE.rq or -e 'SELECT ...' (kg query --list shows the names)"),
    (("--name", "stances", "-e", "ASK {}"),
     ("Error: give one query, not --name and -e: --name NAME, a FILE.rq or -e 'SELECT ...' "
      "(kg query --list shows the names)")),
    (("--name", "stances", "--format", "ttl"),
     ("Error: a SELECT query gives a table, not triples, so it cannot be written as ttl: use table, "
      "csv, tsv, json or xml for SELECT and ASK, turtle, json-ld, nt, nquads or trig for CONSTRUCT and DESCRIBE")),
    (("--name", "evidence", "--bind", "subj=x"),
     (f"Error: cannot bind ?subj: the query has no such variable in {ROOT / 'queries' / 'evidence.rq'}: "
      "bind one of the variables it selects")),
])
def test_usage_errors_are_one_line_exit_2(dataset, args, message):
    r = kg("query", "--dataset", dataset, *args)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip() == message


@pytest.mark.parametrize("fmt", ["json-ld", "nquads", "trig"])
def test_construct_in_dataset_formats_puts_triples_in_the_default_graph(dataset, fmt):
    import pyoxigraph as ox

    r = kg("query", "--dataset", dataset, "--format", fmt, "-e",
           "PREFIX schema: <https://schema.org/> CONSTRUCT { ?w schema:author ?a } WHERE { ?w schema:author ?a }")
    assert r.returncode == 0, r.stderr
    oxfmt = {"json-ld": ox.RdfFormat.JSON_LD, "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}[fmt]
    quads = list(ox.parse(r.stdout.encode(), format=oxfmt))
    assert len(quads) == 1 and quads[0].graph_name == ox.DefaultGraph()
    assert quads[0].predicate.value == "https://schema.org/author"
