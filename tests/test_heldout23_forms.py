"""Forms found on gold-heldout23 (see the README, thirteenth round), on invented text:

- an alias that ends inside a longer name of the same person ("President Ho" of "President
  Ho Chi Minh's Reply") gives way to the longer name;
- "the Ambassador in Mogadishu Tallow": a town after "in" is where he serves, not his given
  name; and a title "Zemblan Ambassador in Mogadishu Tallow, 'Note ...'" names its writer;
- "\u2022 Notetaker: Ivo Marek, NSC Staff" names the record's writer;
- "December 19 and 24" are two days, not a range ("February 17 and 18" stays one); a
  telegram's "1155 [characters]" is no year;
- "the Political Committee on the Consultation Meeting": a topic ends the body's name;
- "President X's Reply" names its writer, and a line "His Excellency Y President of Z" its
  addressee (the title above it names no body);
- "George" is a given name, not the South African town; the Somali Democratic Republic
  is Somalia (data).

Every person is invented, but for Ho Chi Minh, whose aliases the test is about.
"""

import pytest

from conftest import build_alone, build_mentioned, parties

TITLE = """\
Zemblan Ambassador in Mogadishu Tallow, 'Note About a Conversation with the Ruritanian Ambassador'
March 21, 1973

Mogadishu, 21 March 1973

The meeting was intended to inform the Ambassador.
"""

MEMCON = """\
216. Memorandum of Telephone Conversation

PARTICIPANTS

\u2022 The President
\u2022 Interpreter: Peter Kolar
\u2022 Notetaker: Ivo Marek, NSC Staff

The President: George, how are you?
"""

BODY = """\
President Ho Chi Minh's Reply
February 15, 1967

The Ambassador in Mogadishu Tallow reported on December 19 and 24, and on February 17 and 18.
A report to the Political Committee on the Consultation Meeting with the Somali Democratic Republic.
Thank you, George.
Telegram 157
1155 [characters]
"""


def test_a_title_with_an_office_in_a_town(tmp_path_factory):
    got = parties(build_alone(tmp_path_factory, TITLE)[0])
    assert got.get("schema:author") == {"Tallow"}, got


def test_a_notetaker_on_a_bulleted_line(tmp_path_factory):
    got = parties(build_alone(tmp_path_factory, MEMCON)[0])
    assert got.get("schema:author") == {"Ivo Marek"}, got


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    return build_mentioned(tmp_path_factory, BODY)[1]


def test_the_longer_name_of_a_known_person(found):
    people = found.get("person", set())
    assert "Ho Chi Minh" in people and "President Ho" not in people, people


def test_a_town_where_an_ambassador_serves(found):
    people = found.get("person", set())
    assert "Tallow" in people and not any("Mogadishu" in p for p in people), people


def test_two_days_joined_by_and(found):
    dates = found.get("date", set())
    assert "December 19" in dates and "February 17 and 18" in dates, dates
    assert "1155" not in dates, dates


def test_a_topic_ends_a_bodys_name(found):
    assert "Political Committee" in found.get("organization", set()), found.get("organization")


def test_a_given_name_and_the_data_files(found):
    assert "George" not in found.get("place", set()), found.get("place")
    assert "Somali Democratic Republic" in found.get("state", set()), found.get("state")


REPLY = """\
President Dorel Tamas's Reply

His Excellency Ivo Marek, President of the Republic of Zembla
Excellency, on February 10, 1967, I received your message. Here is my response.
"""


def test_a_reply_and_his_excellency_on_a_line_of_his_own(tmp_path_factory):
    got = parties(build_alone(tmp_path_factory, REPLY)[0])
    assert got.get("schema:author") == {"Dorel Tamas"}, got
    assert got.get("schema:recipient") == {"Ivo Marek"}, got
