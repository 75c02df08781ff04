"""Forms found on gold-heldout27 (see the README, seventeenth round), on invented text:

- "from October 10 to 13": "to" joins two days of a month after "from" (not "on May 5 to 10
  percent", "from March 3 to 15 per cent"); two days of different months stay two dates, as
  most of the gold has them;
- "His Majesty's Embassy": a sovereign's style keeps its pronoun;
- "Prepared by the Ruritanian Government6": a note's number glued to a body's head noun;
- "the Ruritanian Workers Party Politburo on Fishing Quotas": "on" after a body that is not
  named for what it deals with starts the topic (not "the Committee on Fishing Quotas", "the
  Working Party on Shipbuilding");
- a list of towns that names two known ones names towns in its other items too (after the
  first known one, up to the item after "and", and not initials, offices or forms of address);
- "To: CORU [Central Office for Ruritania]": initials an editor glosses with a body's
  name are no person's, wherever they stand (not "HALLORAN (State Department)");
- "To be seen by / Comrade X / Seen by / Comrade Y" at the end: readers, not signers;
- "PARTICIPANTS / • The Acting Secretary / • Mr. X / ... / • Y, his post": a list of those
  present, not of those the paper went to;
- "Zemblan UN Representative X, Report to the Y Politburo on ...", "LETTER FROM X TO Y".

Every person, town and body is invented; the states and known towns are real.
"""

import datetime as dt

import pytest

from conftest import build_alone, build_mentioned, dates_of, parties

BODY = """\
Memorandum Prepared by the Ruritanian Government6
October 2, 1980

A member of the staff of His Majesty's Embassy said that the meetings will be held from \
October 10 to 13, that the price fell on May 5 to 10 percent and rose from March 3 to 15 per cent, and that the talks of Jan. 28-Feb. 2 \
were useful. The Ruritanian Workers Party Politburo on Fishing Quotas met, and so did the \
Committee on Fishing Quotas, the Working Party on Shipbuilding and the Special Mission on Human Rights.

Strikes broke out in Leipzig, Brodmark, Dresden, Felsau and Wendig, etc.; the Politburo met in \
Conversation, Vostrel, Amsterdam and Rotterdam. It was repeated to Cairo, Tel Aviv, USRU, and Amman.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_mentioned(tmp_path_factory, BODY)


def test_from_one_day_to_another(built):
    got = dates_of(built[0])
    assert got.get("October 10 to 13") == dt.date(1980, 10, 10), got
    assert "May 5" in got and not any(k.startswith("May 5 to") for k in got), got
    assert "March 3" in got and not any(k.startswith("March 3 to") for k in got), got
    assert {"Jan. 28", "Feb. 2"} <= set(got), got


def test_a_sovereigns_style_and_a_glued_note(built):
    bodies = built[1].get("organization", set())
    assert {"His Majesty's Embassy", "Ruritanian Government"} <= bodies, bodies


def test_on_after_a_body_not_named_for_its_topic(built):
    bodies = built[1].get("organization", set())
    assert {"Ruritanian Workers Party Politburo", "Committee on Fishing Quotas",
            "Working Party on Shipbuilding", "Special Mission on Human Rights"} <= bodies, bodies
    assert not any(b.endswith("Politburo on Fishing Quotas") for b in bodies), bodies
    assert "Human Rights" not in built[1].get("person", set()), built[1]


def test_the_other_towns_of_a_list(built):
    places = built[1].get("place", set())
    assert {"Leipzig", "Brodmark", "Dresden", "Felsau", "Wendig"} <= places, places
    # what comes before the list's first known town is not read as a town
    assert "Conversation" not in places and "Vostrel" not in places, places
    # nor initials ("USUN", a mission)
    assert "USRU" not in places, places


def test_initials_an_editor_glosses_with_a_bodys_name(tmp_path_factory):
    _, found = build_mentioned(tmp_path_factory, "Cable\nApril 3, 1968\n\nTo: CORU [Central "
                               "Office for Ruritania]\n\n1. After our talks, CORU agreed.\n")
    assert "CORU" not in found.get("person", set()), found
    # a name in capitals with his body in brackets is still his: the initials must match
    _, found = build_mentioned(tmp_path_factory, "Cable\nApril 3, 1968\n\nPresent were HALLORAN "
                               "(State Department) and others. HALLORAN said no.\n")
    assert "HALLORAN" in found.get("person", set()), found


def test_a_list_of_towns_ends_where_it_ends(tmp_path_factory):
    _, found = build_mentioned(tmp_path_factory, "Memo\n\nAfter Paris and London, Kovach went to "
                               "Bonn. The envoys in Moscow, Paris and London, Halloran, Pendergast "
                               "and Vrancic, agreed. Talks in Paris, London and Bonn, Mr. Harwood "
                               "said so. Repeated Paris, London, Secstate, Usnato.\n")
    places = found.get("place", set())
    assert not places & {"Kovach", "Halloran", "Pendergast", "Vrancic", "Mr", "Secstate", "Usnato"}, places


READERS = """\
Telegram from the Hungarian Embassy in Ulan Bator
October 2, 1980

The referent said that so far more than a hundred delegations had given a positive answer to the \
invitation, and that the heads of many states would lead their delegations themselves.

To be seen by

Comrade Kelemen F.

Comrade Vardos

Seen by

Comrade Tarnoky

Comrade Belvedi
"""

PRESENT = """\
68. Memorandum of a Conversation, Department of State, Washington, September 12, 1955

PARTICIPANTS

• The Acting Secretary
• Mr. Harwood
• Mr. Pennick
• Mr. Lorrimer
• Mr. Dunstable
• Roland T. Fairweather, Ruritanian Foreign Secretary

Mr. Fairweather called on the Acting Secretary.
"""


# a list of those the paper went to, above a numbered paragraph: still that list
SENT_TO = """\
Report on Ruritania
March 20, 1972

- Comrade Puvar
- Comrade Kelsa
- Comrade Biszar

1. The situation in Ruritania, as we reported, is grave, and its leaders have said so in public and in
private to every visitor.
"""


def test_a_list_of_those_it_went_to_above_a_numbered_paragraph(tmp_path_factory):
    got = parties(build_alone(tmp_path_factory, SENT_TO)[0])
    assert got.get("schema:recipient") == {"Puvar", "Kelsa", "Biszar"}, got


@pytest.mark.parametrize("text", [READERS, PRESENT])
def test_readers_and_those_present_neither_sign_nor_receive(tmp_path_factory, text):
    got = parties(build_alone(tmp_path_factory, text)[0])
    assert not got.get("schema:author") and not got.get("schema:recipient"), got


@pytest.mark.parametrize("title, author, recipient", [
    ("Zemblan UN Representative Teodor Vrancic, Report to Zemblan Workers Party Politburo on "
     "Fishing Quotas", "Teodor Vrancic", "Zemblan Workers Party Politburo"),
    ("323 LETTER FROM HALLORAN TO PENDERGAST", "Halloran", "Pendergast"),
])
def test_who_a_title_says_wrote_to_whom(tmp_path_factory, title, author, recipient):
    text = title + "\nDecember 27, 1962\n\nThe work of the committee went on until December.\n"
    got = parties(build_alone(tmp_path_factory, text)[0])
    assert got.get("schema:author") == {author}, got
    assert got.get("schema:recipient") == {recipient}, got
