"""A cable written all in capitals, and a town where a speaker could stand (read on
gold-heldout3 and gold-heldout4), on invented text:

- "ASSISTANT UNDERSECRETARY MICHAEL WEIR MET WITH ...": the verb is no part of the name;
- "HEAD OF FAR EAST DEPARTMENT WILLIAM BENTLEY": the office's body starts no name;
- words of a cable in capitals used twice ("MET", "POLICY") are no body's initials;
- "Cable 1975MOSCOW10978" opens the title, though a James Cable is named below;
- "the Cuban Ambassador to Maputo commented": Maputo is a town, not who commented.

Every person is invented.
"""

import pytest

from conftest import build_mentioned

CABLE = """\
Cable 1975MOSCOW10978: SOVIET-UK CONSULTATIONS

1. THE TWO SIDES MET LAST SEPTEMBER TO DISCUSS POLICY MATTERS AT LENGTH.
2. ASSISTANT UNDERSECRETARY MICHAEL WEIR MET WITH THE CHIEF OF THE DIVISION
AND LATER WEIR MET WITH HIS DEPUTY ON POLICY AND ON OTHER ISSUES.
3. BRITISH HEAD OF FAR EAST DEPARTMENT WILLIAM BENTLEY MET WITH HIS COUNTERPART.
4. AMBASSADOR SIR JAMES CABLE MET THE MINISTER.

The Cuban Ambassador to Maputo commented on the visit.
"""


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    return build_mentioned(tmp_path_factory, CABLE)[1]


def test_names_in_a_cable_in_capitals(found):
    people = found.get("person", set())
    assert {"MICHAEL WEIR", "WILLIAM BENTLEY", "JAMES CABLE"} <= people, people
    assert not any(p.endswith("MET") or p.startswith("DEPARTMENT") for p in people), people
    assert "Cable" not in people, people


def test_words_in_capitals_are_no_initials(found):
    bodies = found.get("organization", set())
    assert not {"MET", "POLICY"} & bodies, bodies


def test_a_town_after_to_is_no_speaker(found):
    assert "Maputo" not in found.get("person", set()), found.get("person")
    assert "Maputo" in found.get("place", set()), found.get("place")
