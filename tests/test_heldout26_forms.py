"""Forms found on gold-heldout26 (see the README, sixteenth round), on invented text:

- "under date of Feb. 12, 194554 in": a note's number glued to a year inside a line;
- a decimal file number ("891.00/11–2745") dates the days a text gives without a year when
  no full date or year does; "November 23rd.76": a note's number after a day's ending;
- "the Soviet Union on the Border Dispute": a state's name, then a topic, is no body;
- "the Ministry of Foreign Affairs No. 73": the number's "No." is no word of the name, and
  "P. No. 465" names no one;
- "the Council of Ministers President and ...": an office ends a body's name;
- "the Government of X and Government of Y": two bodies;
- "LI GYONG-UL" in a line of capitals after a body's head, "Pak Yong-Nam": a given name with
  a capital after its hyphen;
- "through you [Mira Tallis]": whom an editor says a pronoun stands for;
- "the Garvey Line": a border line is a place; "the Hokuto Shimbun": a newspaper is a body.

Every person, town, line and newspaper is invented; the bodies and states are real.
"""

import datetime as dt

import pytest

from conftest import build_alone, build_mentioned, dates_of

BODY = """\
Memorandum from the Soviet Union on the Border Dispute
October 25, 1962

P. No. 465

Bulletin of the Ministry of Foreign Affairs No. 73 was read to the Socialist Republic of Romania \
Council of Ministers President and the others. A message came from the Government of the United \
Kingdom and Government of the United States under date of Feb. 12, 194554 in the morning.

HEAD OF DIVISION OF THE KOREAN FOREIGN MINISTRY LI GYONG-UL AND CDE. TAVORSEN

The visit of Pak Yong-Nam showed that the south Korean army had crossed the Garvey Line into the north, and that \
south Korea would be told so through you [Mira Tallis]. The Hokuto Shimbun printed it.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_mentioned(tmp_path_factory, BODY)


def test_a_notes_number_glued_to_a_year_inside_a_line(built):
    assert dates_of(built[0]).get("Feb. 12, 1945") == dt.date(1945, 2, 12), dates_of(built[0])


def test_a_state_then_a_topic_is_no_body(built):
    bodies, states = built[1].get("organization", set()), built[1].get("state", set())
    assert not any(b.startswith("Soviet Union") for b in bodies), bodies
    assert "Soviet Union" in states, states


def test_numbers_and_offices_end_a_bodys_name(built):
    bodies = built[1].get("organization", set())
    assert "Ministry of Foreign Affairs" in bodies, bodies
    assert "Socialist Republic of Romania Council of Ministers" in bodies, bodies
    assert not any(b.endswith(("No", "President", "others")) for b in bodies), bodies
    assert "No" not in " ".join(built[1].get("person", set())).split(), built[1]


def test_two_governments_joined_by_and(built):
    bodies = built[1].get("organization", set())
    assert {"Government of the United Kingdom", "Government of the United States"} <= bodies, bodies
    assert not any(" and Government" in b for b in bodies), bodies


def test_three_governments_joined_by_and(tmp_path_factory):
    # each one is read on from inside the one before, and the scan goes on after the last
    _, found = build_mentioned(tmp_path_factory, "Memo\n\nThe Government of Ruritania and "
                               "Government of Freedonia and Government of Zembla agreed.\n")
    assert {"Government of Ruritania", "Government of Freedonia",
            "Government of Zembla"} == found.get("organization"), found


def test_a_capital_after_a_given_names_hyphen(built):
    people = built[1].get("person", set())
    assert {"LI GYONG-UL", "Pak Yong-Nam", "TAVORSEN"} <= people, people
    assert "DIVISION OF THE KOREAN FOREIGN MINISTRY" in built[1].get("organization", set()), built[1]


def test_whom_a_pronoun_stands_for(built):
    assert "Mira Tallis" in built[1].get("person", set()), built[1]


def test_a_line_and_a_newspaper(built):
    assert "Garvey Line" in built[1].get("place", set()), built[1]
    assert "Hokuto Shimbun" in built[1].get("organization", set()), built[1]


@pytest.mark.parametrize("head, dated", [
    # no full date and no year: the file number's year dates the days
    ("The Minister of Zembla (Huvo) to the Secretary of State\n891.00/11–2745\n\nNo. 2313\n\n",
     {"November 24": dt.date(1945, 11, 24), "November 23rd": dt.date(1945, 11, 23)}),
    # a full date in the text still comes first
    ("The Minister of Zembla (Huvo) to the Secretary of State\n891.00/11–2745\n\n"
     "Washington, March 3, 1946\n\n", {"November 24": dt.date(1946, 11, 24)}),
])
def test_a_file_number_dates_days_without_a_year(tmp_path_factory, head, dated):
    text = head + ("Sir: a note had been sent on November 24, concerning the situation. It was "
                   "handed to the Embassy on November 23rd.76\n")
    result, _ = build_alone(tmp_path_factory, text)
    got = dates_of(result)
    assert {k: got.get(k) for k in dated} == dated, got
