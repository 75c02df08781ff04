"""Forms found on gold-heldout7 (see the README, sixth round), on invented text:

- ranks and titles of nobility before a name ("Commander", "Freiherr", "Princess") are
  not the name's;
- a headline's verb ("Comrade A Receive B") is no part of a name, and a name after it
  is found as it would be at a sentence's start;
- an office's plural ("the Minister Presidents of the states") names no one;
- a demonym that names a language ("in Zemblan and Chinese)", "English translations",
  "French-speaking") is no state's mention, but one before "versions" is;
- "Embassy of X to Y", Y a state, is one body; a possessive "'s" or "’s" ends a body's name;
  "X Division" is a body;
- "18. July 1973" (a day with a full stop), "1 XII 63" (Roman month, two-figure year),
  "June 15, 19561" (a note's number glued to the year at a line's end) are dates;
  "1000 years" is not a year;
- below an archive's title and date, a covering memo's own title ("Memorandum from X to
  Y, re: ...") names its writer and addressee.

The people are invented; the states and towns are in the data files.
"""

import pytest

from conftest import build_mentioned, build_text, parties

TEXT = """\
Comrade Wang Shuo, Comrade Peng Lin Receive Tran Van Hao, Ambassador to China
Berlin, 18. July 1973

Memorandum from Ivo Marek to Commander Jan Kral, re: documents

The Mayor of West Berlin and the Minister Presidents of the states met Princess Anna Dobrava and
State Secretary Freiherr von Kessel. A paper was signed (in German and Chinese) and Mr. Kral read
English translations of the Soviet and Yugoslav versions of it to French-speaking guests.
The Counselor of the Embassy of the PR China to the GDR said the Government of Japan’s invitation
was sent to the China Division. It will be necessary to wait 1000 years.
WASHINGTON 553 8 50 1 XII 63
Washington, June 15, 19561
"""


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    return build_mentioned(tmp_path_factory, TEXT)[1]


def test_ranks_titles_and_headline_verbs_are_not_names(found):
    people = found.get("person", set())
    assert {"Jan Kral", "Anna Dobrava", "von Kessel", "Peng Lin", "Tran Van Hao"} <= people, people
    assert not any(w in p for p in people for w in ("Commander", "Princess", "Freiherr", "Receive")), people
    assert "Presidents" not in people, people


def test_a_demonym_that_names_a_language_is_no_state(found):
    states = found.get("state", set())
    assert not {"German", "Chinese", "English", "French"} & states, states
    assert {"Soviet", "Yugoslav"} <= states, states


def test_an_embassy_to_a_state_a_possessive_and_a_division(found):
    bodies = found.get("organization", set())
    assert "Embassy of the PR China to the GDR" in bodies, bodies
    assert "Government of Japan" in bodies and not any("’s" in b or "'s" in b for b in bodies), bodies
    assert "China Division" in bodies, bodies


def test_dates_with_a_days_full_stop_a_roman_month_and_a_glued_note_number(found):
    dates = found.get("date", set())
    assert {"18. July 1973", "1 XII 63", "June 15, 1956"} <= dates, dates
    assert "1000" not in dates, dates


def test_a_covering_memos_title_below_the_archives_title_and_date(tmp_path):
    text = ("Documents on Talks in Moscow between Ivo Marek and Petr Novotny\nDecember 11, 1962\n\n"
            "Memorandum from Ivo Marek to Commander Jan Kral, re: Sending of Documents\n\n"
            "Dear comrade:\n\nI am sending the report of the conversation.\n")
    result, _ = build_text(tmp_path, "t.txt", text)
    found = parties(result)
    assert found.get("schema:author") == {"Ivo Marek"}, found
    assert found.get("schema:recipient") == {"Jan Kral"}, found
