"""Relations point at the kind of thing their property allows (the ontology's ranges).

A post serves an organization or a state (kgo:affiliation), never a place; a
work's author (schema:author) is a person. The documents and authority entries
here are invented.
"""

from dataclasses import replace

import pytest

from kg import resources
from kg.authority import load_authority
from kg.extract import extract
from kg.load import load
from kg.pipeline import Rules, analyse
from kg.registry import load_pipeline
from kg.relate import relate
from kg.resolve import resolve
from kg.rules import load_lexicon
from kg.segment import segment

LETTER = """MEMORANDUM

To: Mr. H. Lindqvist

Subject: The harbour question

{body}

Respectfully,
{signer}
3 May 1957
"""

EXTRA = """
[[entity]]
id = "northmark"
type = "{type}"
label = "Northmark"
demonyms = ["Northmarkish"]

[[entity]]
id = "arthur-carver"
type = "person"
label = "Arthur B. Carver"
aliases = ["A. B. Carver"]
state = "northmark"

[[entity]]
id = "northmark-shipping"
type = "organization"
label = "Northmark Shipping Company"
"""


def _rules(tmp_path, northmark_type):
    path = tmp_path / "authority.toml"
    path.write_text(resources.AUTHORITY.read_text(encoding="utf-8")
                    + EXTRA.format(type=northmark_type), encoding="utf-8")
    return Rules(load_lexicon(resources.LEXICON), load_authority(path),
                 load_pipeline(resources.PIPELINE))


def _letter(tmp_path, body, signer="A. B. Carver"):
    path = tmp_path / "letter.txt"
    path.write_text(LETTER.format(body=body, signer=signer), encoding="utf-8")
    return load([path])


def _facts(rel, predicate):
    return [(str(f.subject), str(f.object)) for f in rel.facts if f.predicate == predicate]


@pytest.mark.parametrize("northmark_type, serves", [("state", ["state/northmark"]),
                                                     ("place", [])])
def test_post_named_with_a_demonym_serves_a_state_not_a_place(tmp_path, northmark_type, serves):
    rel = analyse(_letter(tmp_path, "The Northmarkish ambassador Henrik Olsen called on us."),
                  _rules(tmp_path, northmark_type))
    assert _facts(rel, "kgo:holdsPosition") == [
        ("person/henrik-olsen", "position/henrik-olsen-northmarkish-ambassador")]
    assert [o for _, o in _facts(rel, "kgo:affiliation")] == serves


@pytest.mark.parametrize("northmark_type, serves", [("state", ["state/northmark"]),
                                                     ("place", [])])
def test_our_post_serves_the_signers_state_not_a_place(tmp_path, northmark_type, serves):
    # The authority file gives Northmark as the signer's "state"; when it is a
    # place, "our ambassador" serves nothing kg can name.
    rel = analyse(_letter(tmp_path, "Our ambassador Henrik Olsen called on the minister."),
                  _rules(tmp_path, northmark_type))
    assert _facts(rel, "kgo:holdsPosition") == [
        ("person/henrik-olsen", "position/henrik-olsen-ambassador")]
    assert [o for _, o in _facts(rel, "kgo:affiliation")] == serves


def test_a_signature_name_that_resolves_to_a_body_is_not_the_author(tmp_path):
    # An extract component (a plugin linking names to the authority file, say)
    # reports the signing firm as a person but links it to the firm's record:
    # the record decides what it is, and a firm is no author.
    rules = _rules(tmp_path, "state")
    corpus = _letter(tmp_path, "The shipping question was discussed.",
                     signer="Northmark Shipping Company")
    src = corpus.sources[0]
    segs = {src.id: segment(src, rules.lexicon)}
    found = extract(src, segs[src.id], rules.lexicon, rules.authority, rules.config.extract)
    firm = [m for m in found if m.authority == "northmark-shipping"]
    assert len(firm) == 1
    mentions = {src.id: [replace(m, kind="person") if m in firm else m for m in found]}
    res = resolve(corpus, segs, mentions, rules.authority)
    rel = relate(corpus, segs, mentions, res, rules.lexicon, rules.authority, rules.config.relate)
    assert res.authors == {}
    assert _facts(rel, "schema:author") == []
    assert _facts(rel, "schema:sourceOrganization") == [
        ("work/letter", "organization/northmark-shipping")]
