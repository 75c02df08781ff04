"""The contracts of DESIGN.md, checked on the built memo graph."""


from conftest import ARCHIVE, BASE, BLOG, SOURCES, select

WD = "http://www.wikidata.org/entity/Q"


def test_every_annotation_quote_equals_the_stored_text_at_its_offsets(store):
    rows = select(store, """
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?src ?start ?end ?exact WHERE {
          ?span oa:hasSource ?src ; oa:hasSelector ?p, ?q .
          ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
          ?q a oa:TextQuoteSelector ; oa:exact ?exact . }""")
    assert len(rows) > 300
    texts = {sid: (SOURCES / f"{sid}.txt").read_text(encoding="utf-8") for sid in (ARCHIVE, BLOG)}
    for r in rows:
        text = texts[r["src"].rsplit("/", 1)[-1]]
        assert text[int(r["start"]):int(r["end"])] == r["exact"]


def test_every_mention_is_a_web_annotation_with_both_selectors(store):
    bad = select(store, """
        PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX kgo: <https://example.org/kg/ontology#>
        SELECT ?a WHERE { ?a a kgo:Mention .
          FILTER NOT EXISTS { ?a a oa:Annotation ; oa:hasBody ?b ; oa:hasTarget ?t .
                              ?t oa:hasSource ?s ; oa:hasSelector ?p, ?q .
                              ?p a oa:TextPositionSelector . ?q a oa:TextQuoteSelector } }""")
    assert bad == []


def test_entities_state_standard_types_and_labels_directly(store):
    rows = select(store, """
        PREFIX schema: <https://schema.org/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?t (COUNT(DISTINCT ?e) AS ?n) WHERE {
          VALUES ?t { schema:Person schema:Organization schema:Country schema:Place schema:Event }
          ?e a ?t ; rdfs:label ?l } GROUP BY ?t""")
    counts = {r["t"].rsplit("/", 1)[-1]: int(r["n"]) for r in rows}
    assert counts["Person"] == 5 and counts["Country"] >= 5 and counts["Event"] == 1


def test_work_and_witnesses_use_schema_terms(store):
    rows = select(store, """
        PREFIX schema: <https://schema.org/>
        SELECT ?author ?date (COUNT(DISTINCT ?r) AS ?recipients) (COUNT(DISTINCT ?m) AS ?mentions) WHERE {
          ?w a schema:CreativeWork ; schema:author ?author ; schema:dateCreated ?date ;
             schema:recipient ?r ; schema:mentions ?m } GROUP BY ?author ?date""")
    assert len(rows) == 1
    assert rows[0]["author"].endswith("molotov") and rows[0]["date"] == "1954-03-26"
    assert int(rows[0]["recipients"]) == 3 and int(rows[0]["mentions"]) > 15
    wits = select(store, """
        PREFIX schema: <https://schema.org/>
        SELECT ?wit ?work WHERE { ?wit schema:exampleOfWork ?work }""")
    assert {w["wit"].rsplit("/", 1)[-1] for w in wits} == {ARCHIVE, BLOG}


def test_blog_byline_is_never_stated_as_authorship_of_the_blog_or_the_memo(store):
    rows = select(store, """
        PREFIX schema: <https://schema.org/>
        PREFIX kgo: <https://example.org/kg/ontology#>
        SELECT ?s ?a WHERE { ?s schema:author ?a }""")
    assert [r["s"] for r in rows] == [f"{BASE}work/molotov-1954-03-26"]
    claim = select(store, """
        PREFIX kgo: <https://example.org/kg/ontology#>
        SELECT ?g ?a WHERE { GRAPH ?g { ?w kgo:claimedAuthor ?a } }""")
    assert claim == [{"g": f"{BASE}graph/witness/{BLOG}", "a": f"{BASE}person/vyacheslav-molotov"}]


def test_one_named_graph_per_witness_and_one_for_the_work(store):
    graphs = {g.value for g in store.named_graphs()}
    assert graphs == {f"{BASE}graph/witness/{ARCHIVE}", f"{BASE}graph/witness/{BLOG}",
                      f"{BASE}graph/work/molotov-1954-03-26"}


def test_blog_preface_claims_live_only_in_the_blog_graph(store):
    rows = select(store, """
        PREFIX kgo: <https://example.org/kg/ontology#>
        PREFIX schema: <https://schema.org/>
        SELECT ?g ?p WHERE { GRAPH ?g { ?p a kgo:Proposal ; schema:description ?d }
                             FILTER(CONTAINS(?d, "proposed that the Soviet Union join NATO")) }""")
    assert [r["g"] for r in rows] == [f"{BASE}graph/witness/{BLOG}"]


def test_fact_found_in_both_copies_has_evidence_in_both(store):
    rows = select(store, """
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX kgo: <https://example.org/kg/ontology#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX schema: <https://schema.org/>
        SELECT DISTINCT ?src WHERE { ?a rdf:predicate schema:author ; kgo:evidence ?s . ?s oa:hasSource ?src }""")
    assert {r["src"].rsplit("/", 1)[-1] for r in rows} == {ARCHIVE, BLOG}


def test_wikidata_links_use_concept_iris(store):
    rows = select(store, """
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?e ?q WHERE { ?e owl:sameAs ?q }""")
    assert rows, "the authority file links some entities"
    assert all(r["q"].startswith(WD) and r["q"][len(WD):].isdigit() for r in rows)


def test_iris_do_not_depend_on_run_or_hash_seed(tmp_path):
    import os
    import subprocess
    import sys

    outs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        subprocess.run([sys.executable, "-m", "kg", "build", "-q", "--no-validate", "-o", str(out)],
                       check=True, env={**os.environ, "PYTHONHASHSEED": seed})
        outs.append((out / "dataset.nq").read_bytes())
    assert outs[0] == outs[1]


def test_every_project_term_the_graph_uses_is_defined_in_the_ontology(memo):
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    from conftest import ROOT

    ontology = Graph().parse(ROOT / "ontology" / "kg.ttl", format="turtle")
    defined = set(ontology.subjects())
    kgo = "https://example.org/kg/ontology#"
    used = set()
    for _, p, o, _ in memo.dataset.rdflib().quads((None, None, None, None)):
        used.add(p)
        if isinstance(o, URIRef) and (p == RDF.type or str(o).startswith(kgo)):
            used.add(o)
    missing = sorted(str(t) for t in used if str(t).startswith(kgo) and t not in defined)
    assert missing == []
