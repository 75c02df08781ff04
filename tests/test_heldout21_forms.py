"""Forms found on gold-heldout21 (see the README, eleventh round), on invented text:

- a title "Jan Karbowski's Notes from the ... Talks" names its writer, and so does one in
  capitals with a date before the paper's kind ("TALLOW'S 19 NOVEMBER LETTER TO ...");
- "Telephone Message via HF, A to B": the channel between the paper's kind and the parties;
- "Recorded: V. Kolar" at a record's end names its writer;
- "Thank you", "Certain Diplomatic Offices": words that are never names;
- "M. Kolarski": before one unknown word, "M." is an initial (before two, "Monsieur");
- "the Great Soviet Union" is the state, with words of praise before its name;
- "the Tallow Group" is a body, "Comrade Ivo Marek's Group" none; "the Soviet Zone" is a place;
- "the South", "the North": a compass word alone names a region (not "the West");
- the ruling parties' papers of Eastern Europe and three parliaments (data).

Every person is invented.
"""

import pytest

from conftest import build_alone, build_mentioned, parties

NOTES = """\
Jan Karbowski's Notes from the 19-20 October Ruritanian-Zemblan Talks
October 19, 1956

Meeting with Comrades Tallow and Marek on 19 X 56.
"""

DATED = """\
Dorel Tallow's 19 November Letter to Ivo Marek
Radio Zembla 0525 GMT 20 November 1962

Excellency: The Government of Ruritania has received your message.
"""

VIA = """\
Telephone Message via HF, Dorel Tamas to Marshal Ivo Marek
September 22, 1948

Dear Ivo Marek!

Having received your message, I express my gratitude.
"""

RECORDED = """\
Minutes of a Meeting of the Ministerial Committee
May 26, 1967

The committee discussed the situation on the border.

Recorded: V. Kolar
"""


def test_a_possessive_title_names_the_writer(tmp_path_factory):
    got = parties(build_alone(tmp_path_factory, NOTES)[0])
    assert got.get("schema:author") == {"Jan Karbowski"}, got


def test_a_possessive_title_with_a_date(tmp_path_factory):
    got = parties(build_alone(tmp_path_factory, DATED)[0])
    assert got.get("schema:author") == {"Dorel Tallow"}, got


def test_a_channel_between_the_kind_and_the_parties(tmp_path_factory):
    got = parties(build_alone(tmp_path_factory, VIA)[0])
    assert got.get("schema:author") == {"Dorel Tamas"}, got
    assert got.get("schema:recipient") == {"Ivo Marek"}, got


def test_recorded_with_a_colon_names_the_writer(tmp_path_factory):
    got = parties(build_alone(tmp_path_factory, RECORDED)[0])
    assert got.get("schema:author") == {"V. Kolar"}, got


BODY = """\
Circular to Certain Diplomatic Offices
August 16, 1960

Dear Mr. President, Thank you for your letter.
Such aid can only be given by the Great Soviet Union. The Tallow Group and Comrade Ivo Marek's Group were criticised, and the
Germans in the Soviet Zone of Germany were restless. Scinteia, Trybuna Ludu, Neues Deutschland
and Nhan Dan reported on the debate in the Lok Sabha and the Knesset.
Present were M. Kolarski and M. Armand Tallow.
The resolution for the South was sent; troops came from the North, and the West protested near the South China Sea.
"""


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    return build_mentioned(tmp_path_factory, BODY)[1]


def test_words_that_are_never_names(found):
    people = found.get("person", set())
    assert not any(w in p for p in people for w in ("Thank", "Certain", "Diplomatic")), people


def test_a_capital_and_a_full_stop_before_one_name_is_an_initial(found):
    people = found.get("person", set())
    assert {"M. Kolarski", "Armand Tallow"} <= people, people


def test_praise_before_a_states_name(found):
    assert "Soviet Union" in found.get("state", set()), found.get("state")
    assert not any("Great" in o for o in found.get("organization", set())), found.get("organization")


def test_a_group_and_a_zone(found):
    assert "Tallow Group" in found.get("organization", set()), found.get("organization")
    assert not any("Marek" in o for o in found.get("organization", set())), found.get("organization")
    assert "Soviet Zone" in found.get("place", set()), found.get("place")


def test_a_compass_word_alone_is_a_region(found):
    places = found.get("place", set())
    assert {"South", "North"} <= places, places
    assert "West" not in places, places


def test_the_data_files(found):
    assert {"Scinteia", "Trybuna Ludu", "Neues Deutschland", "Nhan Dan", "Lok Sabha", "Knesset"} \
        <= found.get("organization", set()), found.get("organization")
