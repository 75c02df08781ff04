"""Forms found on gold-heldout16 (see the README, seventh round), on invented text:

- "... in the Embassy of Czechoslovakia'": a closing quote is no part of a body's name;
- "Dear Mr. President,\\n\\nRecently ...": no name runs on over a blank line;
- "the ex-Pakistan Consulate General": the body whole ("Consulate General" is a head), and
  the state named inside it as elsewhere in the text;
- "DECISION OF THE KWP CC PLENUM": the party's organ, not a "CC PLENUM" made of words;
- "July-August 1951", "July through August 1951": one range of months;
- "Cde. NC asked", "Cde. ZE: ...": a record's speakers by their initials;
- "Viet-Minh", "South Viet-Nam", "IDF" and "UNGA" (data).

Every person is invented.
"""

import pytest

from conftest import build_mentioned

TEXT = """\
Report for July through August 1951
September 1, 1951

DECISION OF THE KWP CC PLENUM

Dear Mr. President,

Recently the Viet-Minh and South Viet-Nam were named at the UNGA, and the IDF too.
The list of Pakistan nationals came from the ex-Pakistan Consulate General at Kashgar
in July-August 1951, as 'the Embassy of Czechoslovakia' wrote.

Cde. NC asked whether the talks went well.

Cde. ZE: the situation is very complicated there and needs time.
"""


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    return build_mentioned(tmp_path_factory, TEXT)[1]


def test_bodies_quotes_heads_and_organs(found):
    bodies = found.get("organization", set())
    assert {"Embassy of Czechoslovakia", "Pakistan Consulate General", "KWP CC", "Viet-Minh", "IDF",
            "UNGA"} <= bodies, bodies
    assert "CC PLENUM" not in bodies, bodies
    assert "Pakistan" in found.get("state", set()) and "South Viet-Nam" in found.get("state", set())


def test_no_name_over_a_blank_line_and_speakers_by_initials(found):
    people = found.get("person", set())
    assert "Recently" not in people, people
    assert {"NC", "ZE"} <= people, people


def test_ranges_of_months(found):
    assert {"July through August 1951", "July-August 1951"} <= found.get("date", set()), found.get("date")
