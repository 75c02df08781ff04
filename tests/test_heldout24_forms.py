"""Forms found on gold-heldout24 (see the README, fourteenth round), on invented text:

- "Memorandum by X [on ...]", "Memorandum of Conversation by X", "Tallow Letter on ..." and
  "63 - A. Tallow Report of ..." name the paper's writer (not "Final Report on ...");
- "'For Ivo Marek from Dorel Tamas." on a line of the head: whom a telegram is for, and whom
  from;
- "to President X on Y's Stance": what a title is about ends its recipient;
- "Gh. Tamas": a Romanian given name's initials; "January 24,1958": no space after the comma;
- "Esteemed Comrade President,\\nDeeply pleased ...": a comma that ends the line ends the
  address, and no one is named after it; "the President of Democratic People's Republic of
  Korea" names no one inside the state's name;
- "the Fifth Supreme People's Assembly": the ordinal counts the session, the body is named
  without it (not "the First Directorate");
- "Kolar, Tamas, Marek present.": a sentence that lists those present;
- "in Mongolian and Korean languages": languages, not states.

Every person is invented; the bodies and states are real.
"""

import pytest

from conftest import build_alone, build_mentioned, parties


@pytest.mark.parametrize("title, writer", [
    ("Memorandum by Dorel Tamas [on an Interview with the Ruritanian Ambassador]", "Dorel Tamas"),
    ("Memorandum of Conversation by Dorel Tamas", "Dorel Tamas"),
    ("Tallow Letter on Peace with the Republic of Zembla", "Tallow"),
    ("63 - A. Tallow Report of the Meeting with the Ruritanian Ambassador, Paris, October 26, 1955",
     "A. Tallow"),
])
def test_a_title_that_names_its_writer(tmp_path_factory, title, writer):
    text = f"{title}\nOctober 2, 1957\n\nThe Ambassador called at noon today.\n"
    got = parties(build_alone(tmp_path_factory, text)[0])
    assert got.get("schema:author") == {writer}, got


def test_a_report_with_an_adjective_names_no_writer(tmp_path_factory):
    text = "Final Report on the Talks with the Ruritanian Ambassador\nOctober 2, 1957\n\nWe met.\n"
    result, found = build_mentioned(tmp_path_factory, text)
    assert "Final" not in found.get("person", set()), found
    assert "schema:author" not in parties(result), parties(result)


FOR_FROM = """\
Text of Telegram from the Zemblan Prime Minister to the Ruritanian Prime Minister dated October 30, 1947

'For Ivo Marek from Dorel Tamas.

I have received your telegrams of October 28th, to which I reply.
"""


def test_a_telegram_for_one_from_another(tmp_path_factory):
    got = parties(build_alone(tmp_path_factory, FOR_FROM)[0])
    assert got.get("schema:author") == {"Dorel Tamas"}, got
    assert got.get("schema:recipient") == {"Ivo Marek"}, got


def test_what_a_title_is_about_ends_its_recipient(tmp_path_factory):
    text = ("Memorandum from Foreign Minister Dorel Tamas to President Ivo Marek on Peter Kolar's "
            "\u201cRadical\u201d Stance\nJanuary 31, 1977\n\nNo. 24\n\nPeter Kolar has spoken.\n")
    got = parties(build_alone(tmp_path_factory, text)[0])
    assert got.get("schema:recipient") == {"Ivo Marek"}, got


BODY = """\
Telegram to the Prime Minister
(January 24,1958)

Esteemed Comrade President,
Deeply pleased with our relations, I send greetings from the President of Democratic People's Republic of Korea.
The letter adopted at the Second Session of the Fifth Supreme People's Assembly and the First Directorate.
Talks were conducted in Mongolian and Korean languages. Kolar, Tamas, Marek present.
Signed:
Gh. Dragomirescu
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_mentioned(tmp_path_factory, BODY)


def test_no_name_after_a_comma_that_ends_the_line(built):
    people = built[1].get("person", set())
    assert "Deeply" not in people and "People" not in people, people


def test_a_session_number_is_no_part_of_the_name(built):
    bodies = built[1].get("organization", set())
    assert "Supreme People's Assembly" in bodies and "First Directorate" in bodies, bodies


def test_those_present_and_the_languages(built):
    people = built[1].get("person", set())
    assert {"Kolar", "Tamas", "Marek"} <= people, people
    assert "Mongolian" not in built[1].get("state", set()), built[1].get("state")


def test_romanian_initials_and_a_date_with_no_space(built):
    assert "January 24,1958" in built[1].get("date", set()), built[1].get("date")
    got = parties(built[0])
    assert got.get("schema:author") == {"Gh. Dragomirescu"}, got
