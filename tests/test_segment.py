"""Document structure: typed segments with offsets into the stored text."""

import pathlib
import tempfile

from kg.load import load, normalise
from kg.resources import LEXICON
from kg.rules import load_lexicon
from kg.segment import segment, sentences

from conftest import ARCHIVE, BLOG, SOURCES

LEX = load_lexicon(LEXICON)


def _segments(sid):
    src = next(s for s in load([SOURCES]).sources if s.id == sid)
    out = {}
    for seg in segment(src, LEX):
        start, end = src.view.orig(seg.nstart, seg.nend)
        out.setdefault(seg.kind, []).append((seg.layer, src.text[start:end]))
    return out


def test_archive_copy_has_address_body_signature_enclosure_and_summary():
    segs = _segments(ARCHIVE)
    assert segs["RecipientBodyLine"] == [("WorkText", "Presidium, CC CPSU")]
    assert segs["AddresseeLine"][0][1].startswith("To: Comrade G.M. Malenkov")
    assert segs["Signature"] == [("WorkText", "V.M. Molotov\n26 March 1954")]
    assert segs["EnclosureNote"][0][1] == "The draft resolution for the CC of the CPSU is enclosed"
    layer, summary = segs["ArchivalSummary"][0]
    assert layer == "Paratext" and summary.startswith("In this memorandum")
    body = segs["Body"][0][1]
    assert body.startswith("According to reports") and body.endswith("security of peoples.\u201d")


def test_blog_copy_has_heading_byline_preface_and_credit_as_paratext():
    segs = _segments(BLOG)
    assert segs["Heading"] == [("Paratext", "## MOLOTOV'S PROPOSAL THAT The USSR Join Nato")]
    assert segs["Byline"] == [("Paratext", "Posted on February 1, 2024 by Vyacheslav Molotov")]
    layer, preface = segs["EditorialPreface"][0]
    assert layer == "Paratext" and "Russophobia" in preface and "This proposal sheds" in preface
    assert segs["CreditLine"][0][0] == "Paratext"
    assert "<u>Digital Archive</u>" in segs["CreditLine"][0][1]


def test_signature_run_together_with_closing_and_date_is_split():
    segs = _segments(BLOG)
    assert segs["Signature"] == [("WorkText", "V.M. Molotov26 March 1954")]
    assert segs["Closing"] == [("WorkText", "I ask you to examine it.")]


def test_closing_then_name_line_is_a_signature():
    text = "To: Mr. A. Brown\n\nWe propose a meeting.\n\nYours sincerely,\nJohn Smith\n3 May 1955\n"
    with tempfile.TemporaryDirectory() as d:
        p = pathlib.Path(d) / "letter.txt"
        p.write_text(text, encoding="utf-8")
        source = load([p]).sources[0]
    kinds = {s.kind: source.view.norm[s.nstart:s.nend] for s in segment(source, LEX)}
    assert kinds["Signature"] == "John Smith\n3 May 1955"
    assert kinds["AddresseeLine"] == "To: Mr. A. Brown"


def test_normalised_view_maps_back_to_original_offsets():
    text = "\u201cQuoted\u201d \u2026 <u>tag</u> end"
    view = normalise(text)
    assert view.norm == '"Quoted" ... tag end'
    s = view.norm.index("tag")
    start, end = view.orig(s, s + 3)
    assert text[start:end] == "tag"
    s = view.norm.index('"Quoted"')
    start, end = view.orig(s, s + 8)
    assert text[start:end] == "\u201cQuoted\u201d"


def test_sentences_do_not_break_at_initials_or_wrapped_lines():
    text = "Comrade G.M. Malenkov agreed. It will be sufficient to\n\ninclude a note. Next one."
    spans = [text[s:e] for s, e in sentences(text, 0, len(text))]
    assert spans == ["Comrade G.M. Malenkov agreed.", "It will be sufficient to\n\ninclude a note.",
                     "Next one."]
