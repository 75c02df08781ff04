"""What a review of the seventh round's rules found misfiring, on invented text; each case
failed before its mend:

- "At the Political Department I was told": the pronoun is no unit's number;
- "North remarked": a compass word alone may be a surname (not in "South and North");
- "First Secretary KC PZPR Jan Kowalski": the organ's initials are cut off, the name kept;
- "Meetings on 5, 12 and 19 October 1961": days that do not follow one another are no range,
  and "from 12 March to June 1951" is no range of months;
- "Cable, who had served in Warsaw": a later use of Sir James Cable's name;
- "Israeli troops entered West Jordan": a town in Utah is not linked for a state's name;
- "Letter from the All-China Women's Federation to the Ministry of Culture": a possessive
  inside a sender's name does not stop the title naming its parties.

Every person is invented.
"""

import pytest

from conftest import build_text, mentioned, parties

TEXT = """\
Note on the Talks
May 1, 1960

At the Political Department I was told that all was well. North remarked that it was late.
Talks were held with First Secretary KC PZPR Jan Kowalski. Meetings were held on 5, 12 and 19 October 1961.
The offensive lasted from 12 March to June 1951.
Sir James Cable arrived. Cable, who had served in Warsaw, said little.
Israeli troops entered West Jordan.
"""

TITLE = """\
Letter from the All-China Women's Federation to the Ministry of Culture
May 1, 1960

The letter follows.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result, src = build_text(tmp_path_factory.mktemp("v"), "v.txt", TEXT)
    places = {m.attr("geonames") for m in result.relations.mentions[src.id] if m.kind == "place"}
    return mentioned(result, src), places


def test_units_pronouns_and_compass_surnames(built):
    found = built[0]
    assert "Political Department" in found.get("organization", set()), found.get("organization")
    assert not any(b.endswith(" I") for b in found.get("organization", set()))
    assert {"North", "Jan Kowalski", "James Cable", "Cable"} <= found.get("person", set()), found.get("person")


def test_lists_of_days_and_months_that_are_no_ranges(built):
    dates = built[0].get("date", set())
    assert "19 October 1961" in dates and not any(d.startswith(("5,", "12 and")) for d in dates), dates
    assert "June 1951" in dates and "March to June 1951" not in dates, dates


def test_no_town_linked_for_a_states_name(built):
    assert built[1] <= {None}, built[1]


def test_a_possessive_inside_a_senders_name(tmp_path_factory):
    got = parties(build_text(tmp_path_factory.mktemp("t"), "t.txt", TITLE)[0])
    assert got.get("schema:recipient"), got
