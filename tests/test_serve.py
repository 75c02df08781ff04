"""`kg serve`: the SPARQL 1.1 Protocol endpoint and the pages of IRIs, on a real server.

The server is `python -m kg serve` on 127.0.0.1 and a port it picks itself
(``--port 0``), over the memo built into a temporary folder; it runs Oxigraph's
server as its child. Every server started here is stopped by its fixture or test.
"""

import csv
import html
import io
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import pyoxigraph as ox
import pytest
import rdflib
import requests
from click.testing import CliRunner

from conftest import ARCHIVE, BASE, BLOG, select as store_select
from kg.cli import main
from kg.serve import UNION_UPDATE, App, ServeOptions, negotiate

TIMEOUT = 1            # --timeout of the test server, seconds
MAX_ROWS = 50
SCHEMA, RDFS = "https://schema.org/", "http://www.w3.org/2000/01/rdf-schema#"
PERSONS = f"""SELECT DISTINCT ?person ?name WHERE {{
  ?person a <{SCHEMA}Person> ; <{RDFS}label> ?name }} ORDER BY ?name"""
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
GREEDY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
PALEWSKI = f"{BASE}person/gaston-palewski"
JSON, CSV = "application/sparql-results+json", "text/csv"


def _ctrl_c_reaches_it() -> None:
    """In the child, before kg starts: Ctrl-C (SIGINT) as a terminal delivers it. A suite run
    in the background of a shell without job control (`pytest ... &`, `nohup ... &`) ignores
    SIGINT, every child inherits that, and the server would never see the test's Ctrl-C."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(dataset, *options):
    """Start `kg serve --port 0` and return (process, base URL) once it listens."""
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--dataset", str(dataset),
                             "--port", "0", "-q", *map(str, options)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_ctrl_c_reaches_it)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.5)
        if ready:
            line = proc.stdout.readline()
            if line.startswith("Serving "):
                return proc, line.rsplit(" at ", 1)[1].strip()
        if proc.poll() is not None:
            break
    stop(proc)
    pytest.fail(f"kg serve did not start: {proc.stderr.read()}")


def stop(proc) -> int:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    for stream in (proc.stdout, proc.stderr):
        stream.close()
    return proc.returncode


def children(pid: int) -> set[int]:
    """Every process below *pid*: the engine's guard and the engine."""
    found = set()
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except FileNotFoundError:           # the process ended
        return found
    for task in tasks:
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except FileNotFoundError:       # a thread that ended while we looked
            pass
    for child in list(found):
        found |= children(child)
    return found


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture(scope="module")
def server(dataset):
    proc, url = start(dataset, "--timeout", TIMEOUT, "--max-rows", MAX_ROWS, "--max-memory", 512)
    try:
        yield url
    finally:
        assert stop(proc) == 0


def sparql(url, query, accept=JSON, method="GET", **kw):
    if method == "GET":
        return requests.get(url + "sparql", params={"query": query}, headers={"Accept": accept},
                            timeout=30, **kw)
    return requests.post(url + "sparql", data=query.encode(), timeout=30,
                         headers={"Accept": accept, "Content-Type": "application/sparql-query"}, **kw)


def persons_in(store):
    return [(r["person"], r["name"]) for r in store_select(store, PERSONS)]


# --- SPARQL -------------------------------------------------------------------------------

def test_select_by_get_returns_the_five_persons_as_sparql_json(server, store):
    r = sparql(server, PERSONS)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith(JSON)
    rows = [(b["person"]["value"], b["name"]["value"]) for b in r.json()["results"]["bindings"]]
    assert rows == persons_in(store)
    assert len(rows) == 5 and (PALEWSKI, "Gaston Palewski") in rows


def test_select_by_post_returns_csv(server, store):
    r = sparql(server, PERSONS, accept=CSV, method="POST")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith(CSV)
    rows = [(row["person"], row["name"]) for row in csv.DictReader(io.StringIO(r.text))]
    assert rows == persons_in(store)


def test_select_by_posted_form_returns_xml_and_tsv(server, store):
    for accept, fmt in (("application/sparql-results+xml", ox.QueryResultsFormat.XML),
                        ("text/tab-separated-values", ox.QueryResultsFormat.TSV)):
        r = requests.post(server + "sparql", data={"query": PERSONS}, headers={"Accept": accept},
                          timeout=30)
        assert r.status_code == 200 and r.headers["Content-Type"].startswith(accept)
        rows = [(s["person"].value, s["name"].value) for s in ox.parse_query_results(r.content, fmt)]
        assert rows == persons_in(store)


def test_ask_answers_true_and_false(server):
    yes = sparql(server, f"ASK {{ <{PALEWSKI}> <{RDFS}label> \"Gaston Palewski\" }}")
    no = sparql(server, f"ASK {{ <{PALEWSKI}> <{RDFS}label> \"Nobody\" }}", method="POST")
    assert (yes.status_code, no.status_code) == (200, 200)
    assert yes.json()["boolean"] is True and no.json()["boolean"] is False


def test_construct_returns_turtle_that_rdflib_reads(server):
    q = f"CONSTRUCT {{ ?p a <{SCHEMA}Person> ; <{RDFS}label> ?l }} WHERE {{ ?p a <{SCHEMA}Person> ; <{RDFS}label> ?l }}"
    r = sparql(server, q, accept="text/turtle")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    assert len(g) == 10
    assert (rdflib.URIRef(PALEWSKI), rdflib.RDFS.label, rdflib.Literal("Gaston Palewski")) in g


def test_default_graph_is_the_merge_of_the_named_graphs(server, dataset):
    quads = list(ox.parse(path=str(dataset), format=ox.RdfFormat.N_QUADS))
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    in_graphs = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    n = int(sparql(server, count).json()["results"]["bindings"][0]["n"]["value"])
    m = int(sparql(server, in_graphs).json()["results"]["bindings"][0]["n"]["value"])
    assert n == len({q.triple for q in quads}) < len(quads) == m


def test_invalid_query_is_a_400_with_the_parser_message(server):
    r = sparql(server, "SELECT ?x WHERE { ?x ?p ?o } ORDER ?x")
    assert r.status_code == 400 and r.text.startswith("The query is not valid SPARQL 1.1: ")


@pytest.mark.parametrize("how", ["update-content-type", "update-form", "update-param", "as-query"])
def test_sparql_update_is_refused_and_changes_nothing(server, how):
    update = f"INSERT DATA {{ <{PALEWSKI}> <{RDFS}label> \"Changed\" }}"
    if how == "update-content-type":
        r = requests.post(server + "sparql", data=update.encode(), timeout=30,
                          headers={"Content-Type": "application/sparql-update"})
    elif how == "update-form":
        r = requests.post(server + "sparql", data={"update": update}, timeout=30)
    elif how == "update-param":
        r = requests.get(server + "sparql", params={"update": update}, timeout=30)
    else:
        r = sparql(server, update, method="POST")
    assert r.status_code == 403
    assert r.text.startswith("This endpoint is read-only: SPARQL Update is refused.")
    ask = sparql(server, f"ASK {{ <{PALEWSKI}> <{RDFS}label> \"Changed\" }}")
    assert ask.json()["boolean"] is False


def test_slow_query_is_stopped_and_others_are_answered(server, store):
    slow = {}

    def run_slow():
        began = time.monotonic()
        slow["answer"] = sparql(server, SLOW)
        slow["took"] = time.monotonic() - began

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    meanwhile = sparql(server, "ASK { ?s ?p ?o }")
    assert meanwhile.status_code == 200 and "answer" not in slow    # answered while it runs
    thread.join(TIMEOUT + 20)
    r = slow["answer"]
    assert r.status_code == 503
    assert r.text.startswith(f"The query ran past this server's time limit of {TIMEOUT} s")
    assert slow["took"] < TIMEOUT + 8
    after = sparql(server, PERSONS, accept=CSV)
    assert after.status_code == 200
    assert len(list(csv.DictReader(io.StringIO(after.text)))) == len(persons_in(store))


def test_query_that_outgrows_the_engine_is_stopped_and_the_engine_restarts(server):
    # A sort over a huge join: Oxigraph does not cancel it itself, so the server
    # kills its engine (memory cap or time limit, whichever comes first).
    r = sparql(server, GREEDY)
    assert r.status_code == 503, r.text
    assert sparql(server, "ASK { ?s ?p ?o }").json()["boolean"] is True


def test_more_rows_than_the_limit_is_a_400(server):
    r = sparql(server, "SELECT * WHERE { ?s ?p ?o }")
    assert r.status_code == 400
    assert r.text.startswith(f"The query returns more than {MAX_ROWS} results")
    r = sparql(server, "CONSTRUCT WHERE { ?s ?p ?o }", accept="text/turtle")
    assert r.status_code == 400 and f"more than {MAX_ROWS} triples" in r.text
    ok = sparql(server, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}", accept=CSV)
    assert ok.status_code == 200 and len(list(csv.DictReader(io.StringIO(ok.text)))) == MAX_ROWS


def test_sparql_page_says_the_default_graph_is_the_union(server):
    r = requests.get(server + "sparql", headers={"Accept": "text/html"}, timeout=30)
    assert r.status_code == 200 and "text/html" in r.headers["Content-Type"]
    assert "The default graph is the union of all named graphs" in r.text


def test_unsupported_method_and_unacceptable_type(server):
    assert requests.put(server + "sparql", data=b"x", timeout=30).status_code == 405
    assert requests.delete(server + "person/gaston-palewski", timeout=30).status_code == 405
    assert sparql(server, PERSONS, accept="image/png").status_code == 406


# --- IRIs ---------------------------------------------------------------------------------

def page(server, path, accept):
    return requests.get(server + path, headers={"Accept": accept}, timeout=30)


def test_iri_as_turtle(server):
    r = page(server, "person/gaston-palewski", "text/turtle")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle")
    assert r.headers["Vary"] == "Accept"
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    assert (rdflib.URIRef(PALEWSKI), rdflib.RDFS.label, rdflib.Literal("Gaston Palewski")) in g


def test_iri_as_json_ld(server):
    r = page(server, "person/gaston-palewski", "application/ld+json")
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/ld+json"
    triples = {q.triple for q in ox.parse(r.content, format=ox.RdfFormat.JSON_LD)}
    assert ox.Triple(ox.NamedNode(PALEWSKI), ox.NamedNode(RDFS + "label"),
                     ox.Literal("Gaston Palewski")) in triples


def test_iri_path_may_repeat_the_base_path(server):
    assert page(server, "kg/person/gaston-palewski", "text/turtle").status_code == 200


def related(server, iri):
    q = f"""SELECT DISTINCT ?other WHERE {{
      {{ <{iri}> ?p ?other }} UNION {{ ?other ?p <{iri}> FILTER NOT EXISTS {{ ?other a <http://www.w3.org/ns/oa#Annotation> }}
                                    FILTER NOT EXISTS {{ ?other a <https://example.org/kg/ontology#Assertion> }} }}
      ?other <{RDFS}label> ?label }}"""
    return [b["other"]["value"] for b in sparql(server, q).json()["results"]["bindings"]]


def mentions(server, iri):
    q = f"""PREFIX oa: <http://www.w3.org/ns/oa#> SELECT ?exact ?source WHERE {{
      ?a oa:hasBody <{iri}> ; oa:hasTarget ?t . ?t oa:hasSource ?source ; oa:hasSelector ?s .
      ?s oa:exact ?exact }}"""
    return [(b["exact"]["value"], b["source"]["value"]) for b in sparql(server, q).json()["results"]["bindings"]]


def wikidata_links(server):
    q = "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2002/07/owl#sameAs> ?o }"
    return {b["s"]["value"]: b["o"]["value"] for b in sparql(server, q).json()["results"]["bindings"]}


def test_iri_as_html_page_with_facts_links_and_mentions(server):
    r = page(server, "person/gaston-palewski", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    text = r.text
    assert "<h1>Gaston Palewski</h1>" in text
    others = related(server, PALEWSKI)
    assert len(others) >= 4      # his position; the proposal, stance, conversation, memo naming him
    for other in others:
        assert f'href="../{other[len(BASE):]}"' in text, other
    found = mentions(server, PALEWSKI)
    assert {src.rsplit("/", 1)[1] for _, src in found} == {ARCHIVE, BLOG}
    for exact, source in found:
        assert f"<mark>{html.escape(exact)}</mark>" in text
        assert source.rsplit("/", 1)[1] in text
    # He has no Wikidata link in the authority file; the page must not invent one.
    assert PALEWSKI not in wikidata_links(server) and "wikidata.org" not in text


def test_html_page_links_to_wikidata_when_the_entity_has_a_link(server):
    links = wikidata_links(server)
    molotov = f"{BASE}person/vyacheslav-molotov"
    assert links[molotov].startswith("http://www.wikidata.org/entity/Q")
    r = page(server, "person/vyacheslav-molotov", "text/html")
    assert f'href="{links[molotov]}"' in r.text


def test_unknown_iri_is_a_404_page_that_helps(server):
    r = page(server, "person/gaston-palewsky", "text/html")
    assert r.status_code == 404 and r.headers["Content-Type"].startswith("text/html")
    assert f"{BASE}person/gaston-palewsky" in r.text
    assert 'href="../person/gaston-palewski"' in r.text       # a near match
    r = page(server, "nothing/here", "text/turtle")
    assert r.status_code == 404 and "says nothing about" in r.text


# --- the server process -------------------------------------------------------------------

@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_stopping_the_server_stops_its_engine(dataset, sig):
    proc, url = start(dataset)
    try:
        engines = children(proc.pid)
        assert engines, "the engine process was not found"
        assert requests.get(url + "sparql", params={"query": "ASK {}"}, timeout=30).status_code == 200
        proc.send_signal(sig)
        assert proc.wait(15) == 0
    finally:
        stop(proc)          # a server that did not stop is not left serving
    deadline = time.monotonic() + 5
    while not all(gone(pid) for pid in engines) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(gone(pid) for pid in engines)


def test_a_killed_server_takes_its_engine_with_it(dataset):
    proc, url = start(dataset)
    try:
        engines = children(proc.pid)
        assert len(engines) == 2, "the engine and its guard were not found"
    finally:
        proc.kill()                                           # no cleanup of its own
    assert stop(proc) == -signal.SIGKILL
    deadline = time.monotonic() + 10
    while not all(gone(pid) for pid in engines) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(gone(pid) for pid in engines)


def test_missing_dataset_is_one_error_line(tmp_path):
    r = CliRunner().invoke(main, ["serve", "--dataset", str(tmp_path / "none.nq")])
    assert r.exit_code == 2
    assert r.output == f"Error: no built dataset in {tmp_path / 'none.nq'}: run `kg build` first, or pass --dataset\n"


def test_port_in_use_is_one_error_line(dataset):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = CliRunner().invoke(main, ["serve", "--dataset", str(dataset), "--port", str(port)])
    assert r.exit_code == 2
    assert r.output == (f"Error: port {port} on 127.0.0.1 is already in use: "
                        "stop the other server or choose another --port\n")


# --- the application without a socket -----------------------------------------------------

def call(app, path, accept="text/html", query=""):
    environ = {"PATH_INFO": path, "QUERY_STRING": query, "HTTP_ACCEPT": accept, "REQUEST_METHOD": "GET"}
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers):
        answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body.decode("utf-8")


def test_pages_escape_html_and_link_only_web_iris():
    st = ox.Store()
    node = ox.NamedNode(f"{BASE}person/x")
    for p, o in ((f"{RDFS}label", ox.Literal("<script>alert('x')</script> & co")),
                 (f"{SCHEMA}description", ox.Literal('"quoted" <b>bold</b>')),
                 (f"{SCHEMA}url", ox.NamedNode("javascript:alert(1)"))):
        st.add(ox.Quad(node, ox.NamedNode(p), o, ox.NamedNode(f"{BASE}graph/work/w")))
    st.update(UNION_UPDATE)
    status, headers, text = call(App(st, BASE, ServeOptions()), "/person/x")
    assert status == 200 and headers["Vary"] == "Accept"
    assert "<script>" not in text and "<b>bold" not in text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in text
    assert "&quot;quoted&quot; &lt;b&gt;bold&lt;/b&gt;" in text
    assert "javascript:alert(1)" in text and 'href="javascript:' not in text
    assert "default-src 'none'" in headers["Content-Security-Policy"]


def test_app_without_engine_still_serves_pages_and_says_why_sparql_fails(memo_nq):
    st = ox.Store()
    st.load(memo_nq, format=ox.RdfFormat.N_QUADS)
    st.update(UNION_UPDATE)
    app = App(st, BASE, ServeOptions())
    assert call(app, "/person/gaston-palewski")[0] == 200
    assert call(app, "/")[0] == 200 and "Gaston Palewski" in call(app, "/")[2]
    status, _, text = call(app, "/sparql", accept=JSON)
    assert status == 200 and "union of all named graphs" in text      # no query: the docs
    status, _, text = call(app, "/sparql", accept=JSON, query="query=ASK%20%7B%7D")
    assert (status, text) == (503, "This server has no SPARQL engine.\n")


@pytest.mark.parametrize("accept, offers, chosen", [
    (None, ["text/turtle", "text/html"], "text/turtle"),
    ("*/*", ["text/turtle", "text/html"], "text/turtle"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ["text/turtle", "text/html"], "text/html"),
    ("application/ld+json;q=0.5, text/turtle;q=0.4", ["text/turtle", "application/ld+json"], "application/ld+json"),
    ("text/*", ["application/ld+json", "text/turtle"], "text/turtle"),
    ("text/turtle;q=0, */*", ["text/turtle", "text/html"], "text/html"),
    ("image/png", ["text/turtle"], None),
])
def test_negotiate_follows_the_accept_header(accept, offers, chosen):
    assert negotiate(accept, offers) == chosen
