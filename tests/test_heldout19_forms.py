"""Forms found on gold-heldout19 (see the README, ninth round), on invented text:

- a title's "(dated 4 March 1978)" dates the paper, where the date line under the title
  dates the talk it records;
- "(Based on notes of Comrade General Major X.)" names the record's writer;
- "on the Meeting of", "on the Conversation with" after a body's name is its topic, so
  "Letter ... to the Ruritanian Foreign Ministry on the Meeting of A and B" is addressed to
  the ministry, not to A and B;
- a FRUS title's addressee with no "the" before him ("The Zemblan Prime Minister ( Dorel )
  to President Marcks 1");
- "Mr. King": an office's word that is also a family name, after a form of address; not
  "Mr. President";
- "North American defence", "the West Indian islands": a region's adjective, not the state
  whose demonym ends it (the lexicon's state regions);
- a list of those present with each one's office after a dash ("Mako Dakov - Deputy
  Chairman of ...", "Tinko Vodenicharov - assistant to ..."), and one word before a comma
  and an office as an item of a list ("...; Szunyogh, the secretary of Comrade Dobi;");
- "I. Current Direction of Policy" over numbered paragraphs: a section's number, not an
  initial;
- days of the Iranian calendar ("29 Mehr, 1326"), in Gregorian terms, and no year "1326";
- "with Pavlenko as interpreter": who served in an office; "c. Dashtsedev", a translation's
  "comrade"; "Mr. Mahmud Shah"; "Assistant Undersecretary Michael Wern" (not "Undersecretary
  Michael Wern"); a region by its number ("Military Region 6", "Region V");
  the towns of a list after "cities like", "a tour of" (the lexicon's place lists);
- the Majlis, Katanga and Choibalsan; China's provinces (pinyin and Wade-Giles), India's states
  and other regions (data).

Every person is invented, except Choibalsan (data).
"""

import datetime as dt

import pytest

from conftest import build_alone, build_mentioned, parties
from kg.extract.dates import solar_hijri

RECORD = """\
Memorandum of Conversation of Comrade Tallow with the Zemblan Ambassador, Addis Ababa
March 03, 1978

Memorandum of Conversation of Comrade Tallow with the Zemblan Ambassador, Addis Ababa, 3 March 1978 (dated 4 March 1978)

(Based on notes of Comrade General Major Brenneke.)

I. Current Direction of Policy

1. The talks on North American defence went well, and the West Indian islands were named; the American side agreed.

The following are present at the meeting:
From the Ruritanian side - Mako Dakov - Deputy Chairman of the Council of Ministers, etc. Tinko Vodenicharov - assistant to the first secretary.
He was accompanied by Ambassador Kovach; Szunyogh, the secretary of Comrade Dolin; and others.
Mr. King said that he agreed, and Mr. President Tallow nodded.
The Majlis met in Tehran on 29 Mehr, 1326, and Choibalsan wrote about Katanga, Kwangtung and Assam.
"""


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    return build_mentioned(tmp_path_factory, RECORD)


def test_a_titles_dated_and_whose_notes(record):
    result, _ = record
    dated = {f.object.isoformat() for f in result.relations.facts if f.predicate == "schema:dateCreated"}
    assert dated == {"1978-03-04"}, dated
    assert parties(result).get("schema:author") == {"Brenneke"}, parties(result)


def test_people_listed_with_their_offices(record):
    people = record[1].get("person", set())
    assert {"Mako Dakov", "Tinko Vodenicharov", "Szunyogh", "King"} <= people, people
    assert not any(p.startswith("I.") or "Current" in p for p in people), people
    assert "President" not in people, people


def test_a_regions_adjective_names_no_state(record):
    states = record[1].get("state", set())
    assert states == {"American"}, states        # "the American side"; the invented ones are no states


def test_the_iranian_calendar_and_the_data_files(record):
    got = record[1]
    assert "29 Mehr, 1326" in got.get("date", set()), got.get("date")
    assert "1326" not in got.get("date", set())
    assert "Majlis" in got.get("organization", set())
    assert {"Katanga", "Kwangtung", "Assam"} <= got.get("place", set()), got.get("place")
    assert "Choibalsan" in got.get("person", set())


@pytest.mark.parametrize("persian, gregorian", [
    # days whose Gregorian dates are well known: the revolution's victory, the coup of 1953,
    # the rising of 30 Tir, the oil nationalisation law, Nowruz of 1979, 2024 and 2025; and
    # the Qavam-Sadchikov agreement and the Majlis vote that annulled it (FRUS 1947, vol. V)
    ((1357, 11, 22), (1979, 2, 11)), ((1332, 5, 28), (1953, 8, 19)), ((1331, 4, 30), (1952, 7, 21)),
    ((1329, 12, 29), (1951, 3, 20)), ((1358, 1, 1), (1979, 3, 21)), ((1403, 1, 1), (2024, 3, 20)),
    ((1404, 1, 1), (2025, 3, 21)), ((1325, 1, 15), (1946, 4, 4)), ((1326, 7, 29), (1947, 10, 22)),
])
def test_solar_hijri_days(persian, gregorian):
    assert solar_hijri(*persian) == dt.date(*gregorian)


def test_solar_hijri_days_that_do_not_exist():
    assert solar_hijri(1326, 7, 31) is None          # the seventh month has 30 days
    assert solar_hijri(1357, 12, 30) is None         # 1357 is no leap year
    assert solar_hijri(1358, 12, 30) == dt.date(1980, 3, 20)


LETTER = """\
Letter of Zemblan Ambassador Dorel Tamas to the Zemblan Foreign Ministry on the Meeting of Zemblan President Ion Varga and Petar Kolev
October 22, 1959

Dear Comrades!

I report the following about the meeting.
"""

FRUS = """\
The Zemblan Prime Minister ( Dorel ) to President Marcks 1
740.00119 EW/5\u20132346

Mr. President: The harsh realities prompt me to write to you.
"""


def test_a_bodys_topic_ends_the_addressee(tmp_path_factory):
    result, got = build_mentioned(tmp_path_factory, LETTER)
    assert "Zemblan Foreign Ministry" in got.get("organization", set()), got
    assert parties(result).get("schema:recipient") == {"Zemblan Foreign Ministry"}, parties(result)


def test_a_frus_title_to_an_office_and_name(tmp_path_factory):
    got = parties(build_alone(tmp_path_factory, FRUS)[0])
    assert got.get("schema:author") == {"Dorel"}, got
    assert got.get("schema:recipient") == {"Marcks"}, got


SERVED = """\
Memorandum of a Conversation
May 2, 1950

On the Zemblan side Vyrinsky was in attendance, with Pavlenko as interpreter. I gave the note to c. Dashtsedev.
Mr. Mahmud Shah, till recently in Karachi, and Assistant Undersecretary Michael Wern met him.
The letter to Military Region 6 and to Region V went by courier; the region was quiet.
After the congress we visited a few cities like Kavrani, Lushmo, Beradi and Vlorina and saw the works.
"""


def test_served_as_a_comrades_c_and_a_shah(tmp_path_factory):
    people = build_mentioned(tmp_path_factory, SERVED)[1].get("person", set())
    assert {"Pavlenko", "Dashtsedev", "Mahmud Shah", "Michael Wern"} <= people, people
    assert not any("Undersecretary" in p for p in people), people


def test_a_region_by_its_number(tmp_path_factory):
    places = build_mentioned(tmp_path_factory, SERVED)[1].get("place", set())
    assert {"Region 6", "Region V"} <= places, places


def test_a_list_of_places(tmp_path_factory):
    places = build_mentioned(tmp_path_factory, SERVED)[1].get("place", set())
    assert {"Kavrani", "Lushmo", "Beradi", "Vlorina"} <= places, places
