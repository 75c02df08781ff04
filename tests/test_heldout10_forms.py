"""Forms found on gold-heldout10 (see the README, sixth round), on invented text:

- three lines or more of a list mark and a form of address before a name, with no
  header above them ("- Comrade Puskar"), are a list of addressees; a list of those
  present with their posts ("• Mr. Beam, EUR") is not;
- an archive's title "Cable from the X Embassy, Washington (Knappstein)" is the head's
  cable, and "Marek, 'On the Question of ...'" is Marek's;
- a word never a name ends one ("Sir Ivo Kalinski Dated 20th July"); a thing named after a
  person is not the person ("the Rapacki Plan"); a numbered heading is no one's name
  ("I. EXTERNAL RELATIONS");
- a state's long name before a body's head starts the body's name ("Federal Republic of
  Germany Embassy"); a kind of paper ends one ("the Ministry of Foreign Affairs Telegram");
- "in Spanish to the Americas" is a language, "from the Germans to the Russians" people.

The people are invented but Rapacki (in the data files); the states are in the data files.
"""

import pytest

from conftest import build_mentioned, build_text, parties

LIST = """\
Report from Dr. Ivo Marek, 'The visit of the ambassador'
March 20, 1972

Dr. Ivo Marek

- Comrade Puskar

- Comrade Varkonyi

- Comrade Dr. Szabados

- Department

Subject: The visit

On March 20 I received the ambassador.
"""

PRESENT = """\
94. Memorandum of a Conversation, Washington, October 20, 1956

  • Mr. Spasinski, Ambassador of Poland
  • Mr. Jaroslaw, Counselor
  • Mr. Beam, EUR

The Ambassador came at 5 p.m.
"""


def test_a_list_of_addressees_without_a_header(tmp_path):
    result, _ = build_text(tmp_path, "list.txt", LIST)
    assert parties(result).get("schema:recipient") == {"Puskar", "Varkonyi", "Szabados"}, parties(result)


def test_those_present_are_no_addressees(tmp_path):
    result, _ = build_text(tmp_path, "present.txt", PRESENT)
    assert not parties(result).get("schema:recipient"), parties(result)


@pytest.mark.parametrize("title, author", [
    ("Cable from Zemblan Embassy, Washington (Knappstein)", "Knappstein"),
    ("Telegram from Zemblan Embassy in Washington (Drozdov)", "Drozdov"),
    ("Marek, 'On the Question of a United Government in Zembla'", "Marek"),
])
def test_an_archives_title_names_its_writer(tmp_path, title, author):
    result, _ = build_text(tmp_path, "t.txt", f"{title}\nOctober 27, 1962\n\nThe talks went well.\n")
    assert parties(result).get("schema:author") == {author}, parties(result)


TEXT = """\
Telegram
20 July 1950

Message From Mr. Ivo Marek to Sir Ivo Kalinski Dated 20th July, 1950. The Rapacki Plan was
discussed. The Federal Republic of Germany Embassy and the Ministry of Foreign Affairs Telegram
reached us. Havana in Spanish to the Americas. Letters went from the Germans to the Russians.
I. EXTERNAL RELATIONS
(a) Sino-Tibetan Relations
"""


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    return build_mentioned(tmp_path_factory, TEXT)[1]


def test_names_end_before_a_word_never_a_name_and_plans_and_headings_are_no_one(found):
    people = found.get("person", set())
    assert "Ivo Kalinski" in people, people
    assert not any(p in ("Rapacki", "Sino-Tibetan Relations") or "Dated" in p or "EXTERNAL" in p
                   for p in people), people


def test_a_bodys_name_from_a_states_long_name_to_before_a_paper(found):
    bodies = found.get("organization", set())
    assert "Federal Republic of Germany Embassy" in bodies, bodies
    assert "Ministry of Foreign Affairs" in bodies and not any("Telegram" in b for b in bodies), bodies


def test_a_broadcasts_language_and_a_peoples_plural(found):
    states = found.get("state", set())
    assert "Spanish" not in states and "Germans" in states, states
