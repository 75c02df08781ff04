"""Forms found on gold-heldout12 (see the README, sixth round), on invented text:

- "Kovalenko Report to Stalin on ...": a paper's writer before its kind, in a title;
- "Hon'ble Dean Acheson": an Indian form of address;
- "Embassy in Czechoslovakia1": a note's number glued to a body's name is not the name's;
- "Dec.20, 1949" and the range "17 to 22 May 1973" are dates; "telegram 1198, April 16"
  starts no date with its number.

The people are invented but Stalin and Acheson (in the data files).
"""

import pytest

from conftest import build_text, mentioned, parties

TEXT = """\
Kovalenko Report to Stalin on a Conversation with Mao
December 20, 1949

Kovalenko Report to Stalin re: a Conversation, Dec.20, 1949

The talks of 17 to 22 May 1973 were sent to Hon'ble Dean Acheson,
and to the Embassy in Czechoslovakia1 in our telegram 1198, April 16, 7 p.m.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result, src = build_text(tmp_path_factory.mktemp("t"), "t.txt", TEXT)
    dates = {" ".join(src.view.norm[m.nstart:m.nend].split()): m
             for m in result.relations.mentions[src.id] if m.kind == "date"}
    return result, mentioned(result, src), dates


def test_a_titles_writer_before_his_papers_kind(built):
    assert parties(built[0]).get("schema:author") == {"Kovalenko"}, parties(built[0])


def test_an_indian_form_of_address_and_a_glued_note_number(built):
    found = built[1]
    assert "Dean Acheson" in found.get("person", set()), found.get("person")
    assert "Embassy in Czechoslovakia" in found.get("organization", set()), found.get("organization")


def test_an_abbreviated_month_with_its_day_and_a_range_with_to(built):
    dates = built[2]
    assert "Dec.20, 1949" in dates, set(dates)
    assert dates["17 to 22 May 1973"].attr("until") == "1973-05-22", set(dates)
    assert not any(d.startswith("1198") for d in dates), set(dates)
