"""TEI input: the rendering, its offsets, what the markup adds, and safe parsing."""

import http.server
import os
import subprocess
import sys
import threading

import pyoxigraph as ox
import pytest

from kg import formats
from kg.export import serialize
from kg.model import Ref
from kg.pipeline import Options, run
from kg.tei import person_label, read_tei

from conftest import ROOT, kg, select

LETTER = """\
<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>A test edition</title></titleStmt>
    <publicationStmt><p>Written for kg's tests.</p></publicationStmt>
    <sourceDesc><p>None.</p></sourceDesc></fileDesc></teiHeader>
  <text>
    <front>
      <div type="section" xml:id="persons">
        <list type="persons">
          <item><hi rend="strong"><persName xml:id="p_DA1">Dulwich, Arthur J., Jr.</persName>,</hi> Consul in Trieste</item>
          <item><hi rend="strong"><persName xml:id="p_BM1">Bellini, Marco</persName>,</hi> Minister of Transport</item>
        </list>
      </div>
    </front>
    <body>
      <div type="document" xml:id="d7">
        <head>7. Letter From Consul <persName corresp="#p_DA1" type="from">Dulwich</persName> to the <gloss type="to">Ministry of Transport</gloss><note n="1" type="source">Source: a file kept in <placeName>Trieste</placeName>.</note></head>
        <dateline><placeName>Trieste</placeName>, <date when="1957-05-03">May 3,
            1957</date>.</dateline>
        <p>I met Minister <persName corresp="#p_BM1">Bellini</persName> at the
           <orgName>Harbour Board</orgName><note n="2">The board of the port.</note> on
           <date when="1957-05-02">2 May</date>.<pb n="2"/> He spoke of <choice><sic>Vienna</sic><corr>Venice</corr></choice>.</p>
        <closer><salute>Yours sincerely,</salute>
          <signed><persName corresp="#p_DA1">A. J. Dulwich</persName></signed></closer>
      </div>
    </body>
  </text>
</TEI>
"""

# Worked out by hand from LETTER: notes and the persons cited are kept apart
# at the end; the <sic> reading and the page break are not what a reader sees.
RENDERED = """\
7. Letter From Consul Dulwich to the Ministry of Transport

Trieste, May 3, 1957.

I met Minister Bellini at the Harbour Board on 2 May. He spoke of Venice.

Yours sincerely,
A. J. Dulwich

Notes

[1] Source: a file kept in Trieste.

[2] The board of the port.

Persons
Dulwich, Arthur J., Jr., Consul in Trieste
Bellini, Marco, Minister of Transport
"""

FRUS_TELEGRAM = ROOT / "evaluation" / "frus" / "dev" / "frus1961-63v05-d42.xml"


@pytest.fixture(scope="module")
def letter(tmp_path_factory):
    path = tmp_path_factory.mktemp("tei") / "letter-1957.xml"
    path.write_text(LETTER, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(letter):
    result = run([letter])
    store = ox.Store()
    store.load(serialize(result.dataset, formats.N_QUADS), format=ox.RdfFormat.N_QUADS)
    return result, store


def test_rendering_is_the_text_a_reader_sees_with_notes_and_persons_apart(letter):
    doc = read_tei(letter).documents[0]
    assert doc.text == RENDERED
    assert doc.title == "Letter From Consul Dulwich to the Ministry of Transport"
    kinds = [k for k, _, _ in doc.parts]
    assert kinds == ["Heading", "DateLine", "Body", "Closing", "Signature", "EditorialNote"]
    closing = next((s, e) for k, s, e in doc.parts if k == "Closing")
    assert doc.text[closing[0]:closing[1]] == "Yours sincerely,"


def test_markup_spans_point_at_their_words_and_carry_the_persons_list(letter):
    doc = read_tei(letter).documents[0]
    spans = {(m.element, doc.text[m.start:m.end]): m for m in doc.markup}
    bellini = spans[("persName", "Bellini")]
    assert bellini.attr("name") == "Marco Bellini" and bellini.attr("role") == "Minister of Transport"
    assert spans[("date", "May 3, 1957")].attr("when") == "1957-05-03"
    assert spans[("gloss", "Ministry of Transport")].attr("type") == "to"
    assert ("placeName", "Trieste") in spans and ("orgName", "Harbour Board") in spans
    # The note's reference mark sits where the note was, and renders as nothing.
    marks = [m for m in doc.markup if m.element == "noteref"]
    assert [doc.text[m.start - 5:m.start] for m in marks] == ["sport", "Board"]


def test_persons_list_names_read_in_order():
    assert person_label("Thompson, Llewellyn E., Jr.") == "Llewellyn E. Thompson, Jr."
    assert person_label("Ormsby Gore, Sir David") == "Sir David Ormsby Gore"
    assert person_label("MacArthur, Douglas II") == "Douglas MacArthur, II"
    assert person_label("Ngo Dinh Diem") == "Ngo Dinh Diem"


def test_every_span_in_the_graph_quotes_the_stored_rendering(built):
    _, store = built
    rows = select(store, """
        PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX schema: <https://schema.org/>
        SELECT ?text ?start ?end ?exact WHERE {
          ?span oa:hasSource ?w ; oa:hasSelector ?pos, ?quote .
          ?w schema:text ?text .
          ?pos a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
          ?quote a oa:TextQuoteSelector ; oa:exact ?exact }""")
    assert len(rows) >= 15      # segments, mentions and evidence: the query is not vacuous
    assert {r["text"] for r in rows} == {RENDERED}
    for r in rows:
        assert r["text"][int(r["start"]):int(r["end"])] == r["exact"]


def _work_metadata(store) -> set[tuple[str, str, str]]:
    """(author / recipient / dateCreated, its label or value, the rule) of every work."""
    rows = select(store, """
        PREFIX kgo: <https://example.org/kg/ontology#> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX schema: <https://schema.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?p ?o ?rule WHERE {
          ?a a kgo:Assertion ; rdf:subject ?work ; rdf:predicate ?p ; rdf:object ?x ; kgo:rule ?rule .
          ?work a kgo:Work . OPTIONAL { ?x rdfs:label ?l } BIND(COALESCE(?l, STR(?x)) AS ?o)
          FILTER(?p IN (schema:author, schema:recipient, schema:dateCreated)) }""")
    return {(r["p"].rsplit("/", 1)[1], r["o"], r["rule"]) for r in rows}


def test_metadata_from_markup_is_marked_as_such(built):
    _, store = built
    got = _work_metadata(store)
    assert got == {("author", "Arthur J. Dulwich, Jr.", "kg.tei-metadata.v1"),
                   ("recipient", "Ministry of Transport", "kg.tei-metadata.v1"),
                   ("dateCreated", "1957-05-03", "kg.tei-metadata.v1")}


def test_markup_entities_get_iris_and_their_persons_list_description(built):
    result, store = built
    rel = result.relations
    dulwich = Ref("person", "arthur-j-dulwich-jr")
    assert rel.entities[dulwich].label == "Arthur J. Dulwich, Jr."
    assert {m.rule for m in rel.entities[dulwich].mentions} == {"kg.tei-markup.v1"}
    rows = select(store, """
        PREFIX schema: <https://schema.org/> PREFIX kgo: <https://example.org/kg/ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?d ?rule ?exact WHERE {
          ?a rdf:subject <https://example.org/kg/person/arthur-j-dulwich-jr> ;
             rdf:predicate schema:description ; rdf:object ?d ; kgo:rule ?rule ; kgo:evidence ?ev .
          ?ev oa:hasSelector ?q . ?q oa:exact ?exact }""")
    assert rows == [{"d": "Consul in Trieste", "rule": "kg.tei-metadata.v1",
                     "exact": "Dulwich, Arthur J., Jr., Consul in Trieste"}]


def test_kgs_own_findings_keep_their_own_rule(built):
    result, _ = built
    dates = {m.name: m.rule for ms in result.relations.mentions.values() for m in ms if m.kind == "date"}
    # "2 May" has no year in the text: only the markup's @when makes it a date.
    assert dates == {"1957-05-03": "kg.tei-markup.v1", "1957-05-02": "kg.tei-markup.v1"}


def test_frus_telegram_builds_and_conforms(tmp_path):
    r = kg("build", FRUS_TELEGRAM, "-o", tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "SHACL:     conforms" in r.stdout


def test_folder_mixing_text_and_tei_builds_both(tmp_path, letter):
    (tmp_path / "letter.xml").write_text(LETTER, encoding="utf-8")
    (tmp_path / "note.txt").write_text("Moscow, 3 May 1957.\nMr. Petrov called.\n", encoding="utf-8")
    result = run([tmp_path])
    assert {s.format for s in result.corpus.sources} == {"tei", "text"}


# --- Safe parsing -----------------------------------------------------------

class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'<!ENTITY x "fetched">')

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Recorder.hits = []
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


BODY = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>{}</p></body></text></TEI>'
REFUSED = ("Error: XML entity declarations (<!ENTITY ...>) are refused in {path}: write the text "
           "out instead; kg never expands entities, loads DTDs or reaches the network")


@pytest.mark.parametrize("doctype, body", [
    ('<!DOCTYPE TEI [<!ENTITY ext SYSTEM "{url}/secret.txt">]>', "&ext;"),
    ('<!DOCTYPE TEI [<!ENTITY % p SYSTEM "{url}/p.dtd"> %p;]>', "text"),
    ('<!DOCTYPE TEI [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
     '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>', "&lol3;"),
], ids=["external-entity", "parameter-entity", "billion-laughs"])
def test_entity_declarations_are_refused_without_fetching(tmp_path, server, doctype, body):
    path = tmp_path / "evil.xml"
    path.write_text('<?xml version="1.0"?>\n' + doctype.format(url=server) + BODY.format(body),
                    encoding="utf-8")
    out = tmp_path / "out"
    r = kg("build", path, "-o", out)
    assert r.returncode == 2
    assert r.stderr.strip() == REFUSED.format(path=path)
    assert "Traceback" not in r.stderr and r.stdout == ""
    assert not (out / "dataset.nq").exists()
    assert _Recorder.hits == []


def test_external_dtd_is_never_loaded(tmp_path, server):
    path = tmp_path / "dtd.xml"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "{server}/tei.dtd">\n'
                    + BODY.format("Mr. Petrov called on 3 May 1957."), encoding="utf-8")
    r = kg("build", path, "-o", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert _Recorder.hits == []


@pytest.mark.parametrize("content, message", [
    ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>open</body></text></TEI>',
     "Error: not well-formed XML (Opening and ending tag mismatch: p line 1 and body at line 1) "
     "in {path}: fix the XML, or give the document as plain text"),
    ('<html><body><p>Not TEI.</p></body></html>',
     'Error: not a TEI document (root element <html>) in {path}: give a TEI P5 file whose root is '
     '<TEI xmlns="http://www.tei-c.org/ns/1.0">'),
    ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/></TEI>',
     "Error: TEI file has no <body>: put the document's text in <text><body>"),
])
def test_bad_tei_is_one_line_and_exit_2(tmp_path, content, message):
    path = tmp_path / "bad.xml"
    path.write_text(content, encoding="utf-8")
    r = kg("build", path, "-o", tmp_path / "out")
    assert r.returncode == 2
    assert r.stderr.strip() == message.format(path=path)


def test_tei_build_is_byte_identical_whatever_the_hash_seed(tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        r = subprocess.run([sys.executable, "-m", "kg", "build", FRUS_TELEGRAM, "-o", out,
                            "--no-validate", "-q"], capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": seed})
        assert r.returncode == 0, r.stderr
        outputs.append((out / "dataset.nq").read_bytes())
    assert outputs[0] == outputs[1] and len(outputs[0]) > 10000


def test_cache_tells_apart_the_same_rendering_with_other_markup(letter, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    path = docs / letter.name
    path.write_text(LETTER, encoding="utf-8")
    cache = tmp_path / "cache"
    first = run([docs], Options(jobs=1, cache=cache))
    # Dropping the tag leaves the rendering as it was; only the markup differs.
    path.write_text(LETTER.replace("<orgName>Harbour Board</orgName>", "Harbour Board"),
                    encoding="utf-8")
    second = run([docs], Options(jobs=1, cache=cache))
    assert (second.summary["extracted"], second.summary["reused"]) == (1, 0)
    assert second.corpus.sources[0].text == first.corpus.sources[0].text
    fresh = run([docs], Options(jobs=1))
    nq = serialize(second.dataset, formats.N_QUADS)
    assert nq == serialize(fresh.dataset, formats.N_QUADS)
    assert nq != serialize(first.dataset, formats.N_QUADS)


# A letters edition's header says who wrote to whom (TEI correspDesc, as CMIF
# files give it: empty dates with @when, a range, an untyped action).
CORRESPONDENCE = """\
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>Letters</title></titleStmt>
    <publicationStmt><p>Written for kg's tests.</p></publicationStmt><sourceDesc><p>None.</p></sourceDesc></fileDesc>
    <profileDesc><correspDesc>
      <correspAction type="sent"><persName>Jakob Venner</persName><placeName>Weimar</placeName><date when="1801-06-03"/></correspAction>
      <correspAction type="received"><persName>Clara Lindow</persName><orgName>Harbour Board</orgName><date notBefore="1801-06-10" notAfter="1801-06-20"/></correspAction>
      <correspAction><placeName>Erfurt</placeName></correspAction>
    </correspDesc></profileDesc></teiHeader>
  <text><body><p>Herr Adler has arrived.</p>
    <closer><signed>J. V.</signed></closer></body></text>
</TEI>
"""


def test_correspondence_header_is_rendered_apart_and_read_as_data(tmp_path):
    path = tmp_path / "letters.xml"
    path.write_text(CORRESPONDENCE, encoding="utf-8")
    doc = read_tei(path).documents[0]
    assert doc.text.endswith("J. V.\n\nCorrespondence\nSent: Jakob Venner, Weimar, 1801-06-03\n"
                             "Received: Clara Lindow, Harbour Board, 1801-06-10 to 1801-06-20\n"
                             "Erfurt\n")
    sent, received, untyped = doc.correspondence
    assert (sent.type, sent.persons, sent.places, sent.when) == ("sent", ("Jakob Venner",), ("Weimar",),
                                                                 "1801-06-03")
    # A range is shown but is not the letter's date.
    assert (received.persons, received.organizations, received.when) == (("Clara Lindow",),
                                                                         ("Harbour Board",), None)
    assert (untyped.type, untyped.places) == ("", ("Erfurt",))
    spans = {(m.element, doc.text[m.start:m.end]) for m in doc.markup}
    assert {("persName", "Jakob Venner"), ("date", "1801-06-03"),
            ("correspAction", "Sent: Jakob Venner, Weimar, 1801-06-03")} <= spans
    # Without the section the text stops after the document; the data is the same.
    bare = read_tei(path, correspondence_section=False).documents[0]
    assert bare.text == "Herr Adler has arrived.\n\nJ. V.\n"
    assert bare.correspondence == doc.correspondence


def test_correspondence_header_gives_the_works_author_recipients_and_date(tmp_path):
    (tmp_path / "letters.xml").write_text(CORRESPONDENCE, encoding="utf-8")
    got = {(p, o) for p, o, rule in _work_metadata(run([tmp_path], Options(jobs=1)).dataset.store())
           if rule == "kg.tei-metadata.v1"}
    # The received action's range is not the letter's date; the untyped action plays no role.
    assert got == {("author", "Jakob Venner"), ("recipient", "Clara Lindow"),
                   ("recipient", "Harbour Board"), ("dateCreated", "1801-06-03")}


def test_correspondence_of_a_file_of_several_letters_is_matched_by_id(tmp_path):
    two = CORRESPONDENCE.replace("<correspDesc>", '<correspDesc ref="#l2">').replace(
        "<text><body><p>Herr Adler has arrived.</p>",
        '<text><body><div type="document" xml:id="l1"><p>First.</p></div>'
        '<div type="document" xml:id="l2"><p>Herr Adler has arrived.</p>').replace(
        "</closer></body>", "</closer></div></body>")
    path = tmp_path / "letters.xml"
    path.write_text(two, encoding="utf-8")
    first, second = read_tei(path).documents
    assert first.correspondence == () and "Correspondence" not in first.text
    assert [a.type for a in second.correspondence] == ["sent", "received", ""]
