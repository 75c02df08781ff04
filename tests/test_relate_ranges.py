"""Relations point at the kind of thing their property allows (the ontology's ranges).

A post serves an organization or a state (kgo:affiliation), never a place. The documents and authority entries
here are invented.
"""

import pytest

from kg import resources
from kg.authority import load_authority
from kg.load import load
from kg.pipeline import Rules, analyse
from kg.registry import load_pipeline
from kg.rules import load_lexicon

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
