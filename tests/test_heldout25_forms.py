"""Forms found on gold-heldout25 (see the README, fifteenth round), on invented text:

- "Letter to Karel J. Ostrander February 23, 1963": the title's date is no part of the name;
- "Present are: Comrades Tavor, Pelk, Umrin and Dazo.": the plural form of address is each
  one's;
- "between 1000 and 1130 hours": a time, no year; "30TH October, 1951": a day's suffix in
  capitals;
- "We thank the CC of your party": the Central Committee by its initials (not a copy list's
  "CC:");
- "the X Workers' Party Delegation in Moscow", "the DELEGATION OF THE X LABOR PARTY": the
  body named is the party (not "the Delegation of the Soviet Government");
- "Memorandum of Conversation, by the Ambassador at Large (Pemberley)": the writer in brackets;
- "354 Tavor to Pelk": a numbered title of two family names;
- a signature above a list of copies ("CC: / 2x Far Eastern Department").

Every person is invented; the bodies and states are real.
"""

import pytest

from conftest import build_alone, build_mentioned, parties

BODY = """\
Letter from Baram-tel Huvo to Karel J. Ostrander February 23, 1963
February 23, 1963

Present are: Comrades Tavor, Pelk, Umrin and Dazo.

We met between 1000 and 1130 hours in the Hungarian Workers' Party Delegation in Moscow. On 30TH \
October, 1951 the DELEGATION OF THE ALBANIAN LABOR PARTY left, and the Delegation of the Soviet \
Government arrived.

We thank the CC of your party for its invitation.

Huvo
Acting Ambassador
CC:
2x Far Eastern Department
1x Embassy
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_mentioned(tmp_path_factory, BODY)


def test_a_titles_date_ends_the_name(built):
    people = built[1].get("person", set())
    assert "Karel J. Ostrander" in people and "Karel J. Ostrander February" not in people, people
    # (and the body on the list of copies)
    assert parties(built[0]).get("schema:recipient") == {"Karel J. Ostrander", "Far Eastern Department"}, \
        parties(built[0])


def test_each_of_the_comrades_listed(built):
    assert {"Tavor", "Pelk", "Umrin", "Dazo"} <= built[1].get("person", set()), built[1]


def test_hours_and_a_day_in_capitals(built):
    dates = built[1].get("date", set())
    assert "1000" not in dates and "1130" not in dates, dates
    assert "30TH October, 1951" in dates, dates


def test_a_partys_delegation_names_the_party(built):
    bodies = built[1].get("organization", set())
    assert {"Hungarian Workers' Party", "ALBANIAN LABOR PARTY"} <= bodies, bodies
    assert "Delegation of the Soviet Government" in bodies, bodies
    assert not any(b.endswith("Delegation in Moscow") for b in bodies), bodies


def test_the_cc_is_a_body_but_not_a_copy_list(built):
    result, found = built
    src = result.corpus.sources[0]
    ccs = [m for m in result.relations.mentions[src.id]
           if m.kind == "organization" and src.view.norm[m.nstart:m.nend] == "CC"]
    # "the CC of your party" only; "CC:" heads the list of copies.
    assert [src.view.norm[m.nstart:m.nend + 8] for m in ccs] == ["CC of your"], ccs


def test_a_signature_above_a_list_of_copies(tmp_path_factory):
    text = ("Note on a Conversation with the Acting Ambassador of Zembla\nOctober 20, 1967\n\n"
            "The visit was paid following a request.\nTavorsen\nActing Ambassador\nCC:\n"
            "2x Far Eastern Department\n1x Embassy\n")
    result, found = build_mentioned(tmp_path_factory, text)
    assert "Tavorsen" in found.get("person", set()), found
    assert parties(result).get("schema:author") == {"Tavorsen"}, parties(result)


@pytest.mark.parametrize("title, writer, recipient", [
    ("Memorandum of Conversation, by the Ambassador at Large (Pemberley)", "Pemberley", None),
    ("354 Tavor to Pelk", "Tavor", "Pelk"),
])
def test_writers_in_titles(tmp_path_factory, title, writer, recipient):
    text = f"{title}\n\nWe called on the Minister at his home. The visit was short.\n"
    got = parties(build_alone(tmp_path_factory, text)[0])
    assert got.get("schema:author") == {writer}, got
    assert got.get("schema:recipient") == ({recipient} if recipient else None), got


def test_a_partys_delegation_with_two_spaces_in_its_name(tmp_path_factory):
    # The seat's pattern matched a name whose words it could not find again as written;
    # cutting at the party left an empty span, and extraction failed.
    result, found = build_mentioned(tmp_path_factory,
                                    "Memo\n\nThe Albanian Labor  Party Delegation in Moscow arrived.\n")
    assert "Albanian Labor Party" in found.get("organization", set()), found
