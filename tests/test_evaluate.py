"""kg evaluate: scores worked out by hand on small gold files, and the command line.

Every expected figure below was counted by hand from the gold file and from
what kg's rules are documented to find in the text (the reasoning is in the
comments), not copied from kg's output.
"""

import json

import pytest

from kg.evaluate import evaluate, read_gold

from conftest import ROOT, kg

EXAMPLE = ROOT / "evaluation" / "example"

NOTE = """\
Rome, 4 June 1958

Mr. Carlo Ferri met Ambassador Petrov at the station. The envoy Ivanov said that the banker de Vries would write to Ferri.

C.D. Fontana
"""

# The gold marks the honorific with the first name ("Mr. Carlo Ferri", kg takes
# "Carlo Ferri"), leaves out Ivanov, and includes de Vries, whom no rule of kg
# can find (no cue: "banker" is no title, "write" no verb of saying).
GOLD = {
    "text": "note.txt",
    "annotations": [
        {"type": "person", "start": 50, "end": 56, "text": "Petrov"},
        {"type": "person", "text": "Mr. Carlo Ferri", "entity": "ferri"},
        {"type": "person", "text": "Ferri", "entity": "ferri"},
        {"type": "person", "text": "de Vries"},
        {"type": "person", "text": "C.D. Fontana"},
        {"type": "date", "text": "4 June 1958"},
    ],
    "metadata": {"author": ["C. D. Fontana"], "addressees": [], "date": "1958-06-04"},
}

TELEGRAM = """\
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>
<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>
<text><body><div type="document" xml:id="d1">
<head>1. Telegram From the <gloss type="from">Embassy in Austria</gloss> to the <gloss type="to">Department of State</gloss></head>
<dateline><placeName>Vienna</placeName>, <date when="1958-06-04T18:00:00">June 4, 1958, 6 p.m.</date></dateline>
<p>412. Chancellor <persName>Raab</persName> told me today that Foreign Minister Figl would see <persName>Bellini</persName> in <placeName>Mittersill</placeName>.</p>
<closer><signed><persName>Thompson</persName></signed></closer>
</div></body></text></TEI>
"""


@pytest.fixture
def note_gold(tmp_path):
    (tmp_path / "note.txt").write_text(NOTE, encoding="utf-8")
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(GOLD), encoding="utf-8")
    return path


def rounded(score):
    return (score.tp, score.fp, score.fn,
            *(None if x is None else round(x, 3) for x in (score.precision, score.recall, score.f1)))


def test_exact_spans_count_the_honorific_against_kg(note_gold):
    ev = evaluate([note_gold], match="exact")
    # kg: Carlo Ferri, Petrov, Ivanov, Ferri, C.D. Fontana. Exact hits: Petrov,
    # Ferri, Fontana (3); false alarms: "Carlo Ferri" (span differs), Ivanov (2);
    # misses: "Mr. Carlo Ferri", de Vries (2). P = R = 3/5.
    assert rounded(ev.types["person"]) == (3, 2, 2, 0.6, 0.6, 0.6)
    assert rounded(ev.types["date"]) == (1, 0, 0, 1.0, 1.0, 1.0)
    assert {(a.text, a.kind) for a in ev.misses} == {("Mr. Carlo Ferri", "person"),
                                                     ("de Vries", "person")}
    assert {a.text for a in ev.false_alarms} == {"Carlo Ferri", "Ivanov"}
    # Rome is a place kg knows, but this gold annotates no places: counted apart.
    assert ev.unscored == {"place": 1}
    assert ev.types["place"].precision is None


def test_overlapping_spans_forgive_the_honorific(note_gold):
    ev = evaluate([note_gold], match="overlap")
    # "Carlo Ferri" now matches "Mr. Carlo Ferri": 4 hits, Ivanov, de Vries left. P = R = 4/5.
    assert rounded(ev.types["person"]) == (4, 1, 1, 0.8, 0.8, 0.8)


def test_entities_pool_the_mentions_of_one_person(note_gold):
    ev = evaluate([note_gold], match="entity")
    # Gold entities: Ferri (two spans), Petrov, de Vries, Fontana. kg's: Carlo
    # Ferri (both mentions), Petrov, Ivanov, Fontana. 3 match; P = R = 3/4.
    assert rounded(ev.types["person"]) == (3, 1, 1, 0.75, 0.75, 0.75)


def test_metadata_matches_names_not_spellings(note_gold):
    ev = evaluate([note_gold])
    # "C.D. Fontana" signs; the gold writes "C. D. Fontana". No addressee on either side.
    assert rounded(ev.metadata["author"]) == (1, 0, 0, 1.0, 1.0, 1.0)
    assert rounded(ev.metadata["date"]) == (1, 0, 0, 1.0, 1.0, 1.0)
    assert ev.metadata["addressees"].precision is None and ev.metadata["addressees"].recall is None


def test_tei_markup_is_the_gold_and_kg_reads_without_it(tmp_path):
    path = tmp_path / "telegram.xml"
    path.write_text(TELEGRAM, encoding="utf-8")
    ev = evaluate([path])
    # persName: Raab, Bellini, Thompson. kg finds Raab (Chancellor), Figl
    # (Foreign Minister, untagged) and the signer Thompson; Bellini has no cue.
    assert rounded(ev.types["person"]) == (2, 1, 1, 0.667, 0.667, 0.667)
    # placeName: Vienna (known to the authority file), Mittersill (a village neither file lists).
    assert rounded(ev.types["place"]) == (1, 0, 1, 1.0, 0.5, 0.667)
    # date: the dateline's date with its time, as tagged.
    assert rounded(ev.types["date"]) == (1, 0, 0, 1.0, 1.0, 1.0)
    # Authors: the sending embassy (heading) and the signer; addressee: the Department.
    assert rounded(ev.metadata["author"]) == (2, 0, 0, 1.0, 1.0, 1.0)
    assert rounded(ev.metadata["addressees"]) == (1, 0, 0, 1.0, 1.0, 1.0)
    assert rounded(ev.metadata["date"]) == (1, 0, 0, 1.0, 1.0, 1.0)
    assert ev.unscored == {"organization": 2}


def test_cli_table_and_json(note_gold):
    r = kg("evaluate", note_gold)
    assert r.returncode == 0, r.stderr
    assert "person             5     5        3      0.600   0.600  0.600" in r.stdout
    assert "false alarms (found by kg, not in the gold): 2" in r.stdout
    r = kg("evaluate", note_gold, "--match", "overlap", "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["match"] == "overlap"
    assert data["types"]["person"] == {"gold": 5, "kg": 5, "correct": 4, "precision": 0.8,
                                       "recall": 0.8, "f1": 0.8}
    assert [m["text"] for m in data["misses"]] == ["de Vries"]


@pytest.mark.parametrize("make, message", [
    (lambda d: [], "Error: no gold files given: name TEI, JSON or CSV gold files, or a folder"),
    (lambda d: [d / "missing.json"], "Error: gold file not found in {d}/missing.json: check the path"),
    (lambda d: [d / "note.txt"],
     "Error: gold must be a TEI .xml or an annotation .json or .csv file in {d}/note.txt"),
])
def test_cli_bad_arguments_are_one_line_and_exit_2(tmp_path, make, message):
    (tmp_path / "note.txt").write_text(NOTE, encoding="utf-8")
    r = kg("evaluate", *make(tmp_path))
    assert r.returncode == 2
    assert r.stderr.strip() == message.format(d=tmp_path)
    assert r.stdout == ""


def test_gold_whose_words_do_not_match_its_offsets_is_refused(tmp_path):
    (tmp_path / "note.txt").write_text(NOTE, encoding="utf-8")
    bad = dict(GOLD, annotations=[{"type": "person", "start": 50, "end": 56, "text": "Petrof"}])
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    r = kg("evaluate", path)
    assert r.returncode == 2
    assert r.stderr.strip() == (f"Error: text[50:56] is 'Petrov', not 'Petrof' in {path} annotation #1: "
                                "fix the offsets or the words")


def test_unsafe_tei_gold_is_refused_like_any_tei(tmp_path):
    path = tmp_path / "evil.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY e "x">]>'
                    '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&e;</p></body></text></TEI>',
                    encoding="utf-8")
    r = kg("evaluate", path)
    assert r.returncode == 2
    assert r.stderr.startswith(f"Error: XML entity declarations (<!ENTITY ...>) are refused in {path}")


def test_shipped_csv_example_scores_exactly_as_its_json_twin():
    csv_ev = evaluate([EXAMPLE / "note.csv"])
    json_ev = evaluate([EXAMPLE / "note.json"])
    assert csv_ev.to_dict() == json_ev.to_dict()
    # Both name the same five person spans (Tomas Varga, Varga, Lindqvist, Oskar
    # Brandt, E.M. Hollis), two bodies, and a full set of metadata.
    assert (csv_ev.types["person"].tp + csv_ev.types["person"].fn,
            csv_ev.types["organization"].tp + csv_ev.types["organization"].fn) == (5, 2)
    assert [(m.field, m.value) for ms in (csv_ev.metadata_misses,) for m in ms] == \
        [(m.field, m.value) for m in json_ev.metadata_misses]
    assert csv_ev.metadata["addressees"].tp + csv_ev.metadata["addressees"].fn == 1
    r_csv = kg("evaluate", EXAMPLE / "note.csv")
    r_json = kg("evaluate", EXAMPLE / "note.json")
    assert r_csv.returncode == r_json.returncode == 0
    assert r_csv.stdout == r_json.stdout


def test_one_csv_can_hold_several_documents_including_one_of_a_tei_file(tmp_path, note_gold):
    (tmp_path / "telegram.xml").write_text(TELEGRAM, encoding="utf-8")
    (tmp_path / "telegram.json").write_text(json.dumps({
        "text": "telegram.xml", "document": "d1",
        "annotations": [{"type": "person", "text": "Figl"}]}), encoding="utf-8")
    rows = ["document,type,start,end,text,entity",
            "telegram.xml#d1,person,,,Figl,",
            "note.txt,person,50,56,Petrov,",
            "note.txt,person,,,Mr. Carlo Ferri,ferri",
            "note.txt,person,,,Ferri,ferri",
            "note.txt,person,,,de Vries,",
            "note.txt,person,,,C.D. Fontana,",
            "note.txt,date,,,4 June 1958,",
            "note.txt,author,,,C. D. Fontana,",
            "note.txt,dated,,,1958-06-04,"]
    path = tmp_path / "gold.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    from_csv = evaluate([path]).to_dict()
    from_json = evaluate([tmp_path / "telegram.json", note_gold]).to_dict()
    assert from_csv == from_json
    # The telegram keeps its markup as gold (Raab, Bellini, Thompson) plus Figl.
    assert from_csv["documents"] == ["telegram", "note"]
    assert from_csv["types"]["person"]["gold"] == 4 + 5


@pytest.mark.parametrize("body, line, message", [
    ("document,type,text\nnote.txt,person,\"Ferri\n", 2,
     "not valid CSV (unexpected end of data) in {p} line 2: close every quoted field"),
    ("document,type,start,end,text\nnote.txt,person,50,56,Petrov\nnote.txt,person,Ferri\n", 3,
     "3 fields where the header has 5 in {p} line 3: quote a field that holds a comma: \"Hammer, Armand\""),
    ("document,type,start,end,text\nnote.txt,person,fifty,56,Petrov\n", 2,
     "start 'fifty' is not a number in {p} line 2: a 0-based character offset, or empty"),
    ("document,type,text\n\nnote.txt,persn,Petrov\n", 3,
     "unknown type 'persn' in {p} line 3: one of person, organization, state, place, date"),
    ("document,kind,words\nnote.txt,person,Petrov\n", 1,
     "unknown column 'words' in {p} line 1: columns are document, type, text, start, end, entity, kind"),
    ("document,type,text\nnote.txt,dated,4 June 1958\n", 2,
     "date '4 June 1958' is not YYYY-MM-DD in {p} line 2"),
    ("document,type,start,end,text\nnote.txt,person,50,56,Petrof\n", 2,
     "text[50:56] is 'Petrov', not 'Petrof' in {p} line 2: fix the offsets or the words"),
])
def test_malformed_csv_gold_is_one_line_naming_file_and_line(tmp_path, body, line, message):
    (tmp_path / "note.txt").write_text(NOTE, encoding="utf-8")
    path = tmp_path / "gold.csv"
    path.write_text(body, encoding="utf-8")
    r = kg("evaluate", path)
    assert r.returncode == 2
    assert r.stderr.strip() == "Error: " + message.format(p=path)
    assert f"{path} line {line}" in r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""


LETTER = """\
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>
<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc>
<profileDesc><correspDesc>
<correspAction type="sent"><persName>Jakob Venner</persName><placeName>Weimar</placeName><date when="1801-06-03"/></correspAction>
<correspAction type="received"><persName>Clara Lindow</persName><orgName>Harbour Board</orgName></correspAction>
</correspDesc></profileDesc></teiHeader>
<text><body><p>Weimar, 3 June 1801.</p><p>Herr Adler has arrived.</p>
<closer><salute>Yours sincerely,</salute><signed>J. V.</signed></closer></body></text></TEI>
"""


def test_correspondence_header_is_metadata_gold_and_not_text_kg_reads(tmp_path):
    path = tmp_path / "letter.xml"
    path.write_text(LETTER, encoding="utf-8")
    ev = evaluate([path])
    (doc,) = read_gold([path])
    assert "Correspondence" not in doc.source.text and "Venner" not in doc.source.text
    # Authors: the signature "J. V." and the sender Jakob Venner are one person
    # (the initials agree); addressees: the receiving person and body; the date
    # is the sender's, there being no dateline markup.
    assert [(m.field, m.value, m.kind) for f in ("author", "addressees", "date")
            for m in doc.metadata[f]] == [("author", "J. V.", "person"),
                                          ("addressees", "Clara Lindow", "person"),
                                          ("addressees", "Harbour Board", "organization"),
                                          ("date", "1801-06-03", "")]
    # kg reads "Weimar, 3 June 1801." as the dateline; it finds no signer in
    # bare initials and no addressee.
    assert rounded(ev.metadata["date"]) == (1, 0, 0, 1.0, 1.0, 1.0)
    assert rounded(ev.metadata["author"]) == (0, 0, 1, None, 0.0, 0.0)
    assert rounded(ev.metadata["addressees"]) == (0, 0, 2, None, 0.0, 0.0)


@pytest.mark.parametrize("gold_author, found", [("J. V.", True), ("J. W.", False), ("J. V. K.", False)])
def test_a_signature_of_initials_matches_the_full_name_whose_initials_agree(tmp_path, gold_author, found):
    (tmp_path / "note.txt").write_text("Weimar, 3 June 1801\n\nThe harbour is closed.\n\nJakob Venner\n",
                                       encoding="utf-8")
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"text": "note.txt", "annotations": [],
                                "metadata": {"author": [gold_author], "addressees": [],
                                             "date": "1801-06-03"}}), encoding="utf-8")
    ev = evaluate([path])
    assert ev.metadata["author"].tp == (1 if found else 0)
