"""Forms found on gold-heldout11 (see the README, sixth round), on invented text:

- who wrote an unsigned record: ", by Edgar Faure, on his mission" in its title, "with
  myself [X]", "Recorder: X", "X (interpreter and recorder)";
- "to Chairman of the Council of Ministers of the USSR, I.V. Stalin": the addressee is
  named after his office;
- "TO: Krajewski": an address line's one word is a name; "O'Neill" is a name;
  "Ambassador Nicholls Report of Talk": a word never a name ends one after a cue;
- "5/16/1963" is a date (one number cannot be a month), "5/6/1963" is not;
- "the 7th Territorial Department"; "Inner Mongolia" is a place; "West-German" a state;
  AP and Radio Free Europe are bodies (data files).

The people are invented but Stalin (in the data files).
"""

import pytest

from conftest import build_mentioned, build_text, parties


@pytest.mark.parametrize("text, author", [
    ("Report Sent to General Marek, President of the Zemblan Republic, by Ivo Dravic, on his Mission\n"
     "November 7, 1963\n\nI am honored to send you a summary.\n", "Ivo Dravic"),
    ("Brief Summary of Conversation on 16 June 1970\nJune 16, 1970\n\n"
     "Comrade Wang Shuo spoke with myself [Kadri Hoxhaj] and comrade Petr Kolar.\n", "Kadri Hoxhaj"),
    ("Record of Conversation\nAugust 3, 1964\n\nTime: 4:30 pm\n\nRecorder: Tao Weiming\n\n"
     "1. The Premier spoke.\n", "Tao Weiming"),
    ("Minutes of Conversation\nJuly 15, 1955\n\nChinese in Attendance: Huang Wen; Pu Shoulin "
     "(interpreter and recorder)\n\nThe Premier spoke.\n", "Pu Shoulin"),
])
def test_the_writer_of_an_unsigned_record(tmp_path, text, author):
    result, _ = build_text(tmp_path, "t.txt", text)
    assert parties(result).get("schema:author") == {author}, parties(result)


def test_an_addressee_named_after_his_office(tmp_path):
    text = ("From a telegram by the Minister for Foreign Affairs of Zembla, Ivo Marek, to Chairman of "
            "the Council of Ministers of the USSR, I.V. Stalin, 13 December 1946\n\nCIPHER TEXT\n\n"
            "Today the session came to an end.\n")
    result, _ = build_text(tmp_path, "t.txt", text)
    assert parties(result).get("schema:recipient") == {"Joseph Stalin"}, parties(result)


TEXT = """\
Telegram from the Zemblan Embassy in Havana, 9 November 1962
November 9, 1962

TO: Krajewski

From: Ambassador Marek

In Prague on 5/16/1963, not 5/6/1963, Charge d'Affaires Con O'Neill read the 109 - Ambassador
Nicholls Report of Talk with the 7th Territorial Department. AP and Radio Free Europe reported
on Inner Mongolia and the West-German press.
"""


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    return build_mentioned(tmp_path_factory, TEXT)


def test_names_on_address_lines_with_o_and_before_a_non_name(found):
    people = found[1].get("person", set())
    assert {"Krajewski", "Con O'Neill", "Nicholls"} <= people, people
    assert parties(found[0]).get("schema:recipient") == {"Krajewski"}, parties(found[0])


def test_slashed_dates_numbered_units_regions_and_press(found):
    got = found[1]
    assert "5/16/1963" in got.get("date", set()) and "5/6/1963" not in got.get("date", set()), got
    assert {"7th Territorial Department", "AP", "Radio Free Europe"} <= got.get("organization", set()), got
    assert "Inner Mongolia" in got.get("place", set()), got
    assert "West-German" in got.get("state", set()), got
