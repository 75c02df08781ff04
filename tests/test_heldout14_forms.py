"""Forms found on gold-heldout14 (see the README, seventh round), on invented text:

- a title's list of senders ("Note, A, B, and C to the D") and the signers on lines of
  their own at the end, with or without initials, the date below them the document's own;
- "Secretaries X and Y" are two people's office; "Note", "Sent:" and "the Receiving
  Countries" are no one;
- "By Bag A" is how a report went, not who wrote it; "Received: X" above "To:" is a field
  of the header, not the body addressed;
- "X's Visit to Y" in a title: no one sends it;
- "14.12. [1978]" (the year an editor's) and "1973-3-15" are dates; "Mexico City" is a town,
  not the state it holds, and so are "Dar-es-Salaam" and "Rostov-na-Donu" (the towns
  gazetteer keeps names with small words between hyphens); "the Congress of the League of
  Communists of Yugoslavia" is a meeting of the party the data file knows.

Every person is invented but Fidel Castro (in the data files).
"""

import pytest

from conftest import build_alone, build_mentioned, mentioned, parties

NOTE = """\
Note, Yu. Petrenko, V. Kuzmin, and K. Karpov to the CPSU Central Committee
March 30, 1976

Secret

Please Notify the Governments of the Receiving Countries. The Secretaries Valdes Vivo and
Perez Herrero met Fidel Castro on 1973-3-15 in Mexico City, Dar-es-Salaam and Rostov-na-Donu.
The Congress of the League of Communists of Yugoslavia met.

We request [you] consider [this].

Yu. Petrenko

V. Kuzmin

K. Karpov

30 March 1976
"""

REPORT = """\
Political Report on Ruritania for May 1963
June 5, 1963

Political Report on Ruritania for May 1963
By Bag A
Number: 12
Received: Foreign Office, June 6, 1963

To: The Foreign Secretary

From: Ambassador Janek Tomsa

Director-General

Sent: Lisbon, June 5, 1963

The zone was discussed.
"""

TELEGRAM = """\
Prime Minister Tarrant's Visit to Moscow, August 1961
August 3, 1961

The talks were long and the delegates met the Minister twice.

Langer
Mahlow
14.12. [1961]
"""


@pytest.fixture(scope="module")
def note(tmp_path_factory):
    return build_mentioned(tmp_path_factory, NOTE)


def test_a_titles_list_of_senders_and_the_signers_below(note):
    got = parties(note[0])
    assert got.get("schema:author") == {"Yu. Petrenko", "V. Kuzmin", "K. Karpov"}, got
    assert "Note" not in note[1].get("person", set()), note[1].get("person")


def test_offices_in_the_plural_and_plural_nouns(note):
    people = note[1].get("person", set())
    assert "Valdes Vivo" in people and "Secretaries Valdes Vivo" not in people, people
    assert not any("Countries" in p for p in people), people


def test_iso_dates_with_one_figure_towns_holding_a_state_and_a_partys_congress(note):
    found = note[1]
    assert "1973-3-15" in found.get("date", set()), found.get("date")
    assert {"Mexico City", "Dar-es-Salaam", "Rostov-na-Donu"} <= found.get("place", set()), found.get("place")
    assert "Mexico" not in found.get("state", set()), found.get("state")
    bodies = found.get("organization", set())
    assert "League of Communists of Yugoslavia" in bodies, bodies
    assert not any(b.startswith("Congress") for b in bodies), bodies


def test_a_header_with_a_delivery_line_and_fields(tmp_path_factory):
    result, src = build_alone(tmp_path_factory, REPORT)
    kinds = {g.kind for g in result.relations.segments[src.id]}
    assert "Byline" not in kinds and "RecipientBodyLine" not in kinds, kinds
    assert "Sent" not in mentioned(result, src).get("person", set())
    assert "schema:recipient" not in parties(result), parties(result)
    assert parties(result).get("schema:author") == {"Janek Tomsa"}, parties(result)


def test_a_visit_in_a_title_and_signers_without_initials(tmp_path_factory):
    result, src = build_alone(tmp_path_factory, TELEGRAM)
    assert parties(result).get("schema:author") == {"Langer", "Mahlow"}, parties(result)
    dated = {str(f.object) for f in result.relations.facts if f.predicate == "schema:dateCreated"}
    assert dated == {"1961-12-14"}, dated
    assert "14.12. [1961]" in mentioned(result, src).get("date", set())
