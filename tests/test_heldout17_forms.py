"""Forms found on gold-heldout17 (see the README, seventh round), on invented text:

- Wade-Giles names with two joins ("Teng Hsiao-p'ing") and "Miss" before a name;
- a title that is two family names and "to" ("Bajpai to Gollan"); an office's holder
  in brackets with spaces ("The Italian Ambassador ( Tarchiani ) to ...");
- "III. Political Department of the Cuban Ministry of Foreign Affairs" and "Third
  Political Department of the Ministry of Foreign Affairs" whole;
- "the Second SED Party Conference" is a meeting of the SED, no body of its own;
- "The Emissary:" and "Your Excellency's Government" name no one and no body;
- a Hungarian given name ("Erzsébet Görög"); HICOG, "C.F.M." and Ben-Gurion (data).

Every person is invented but Ben-Gurion (in the data files).
"""

import pytest

from conftest import build_alone, build_mentioned, parties

RECORD = """\
Record of the Talks in Peking
May 25, 1974

Present: Miss Tang Wen-sheng and Vice Premier Teng Hsiao-p'ing, and Official Erzsébet Görög.

The III. Political Department of the Cuban Ministry of Foreign Affairs and the Third Political Department of the Ministry of Foreign Affairs wrote.
The Second SED Party Conference met, HICOG said, and the C.F.M. too, as Ben-Gurion knew.

The Emissary: Your Excellency's Government will agree to it, I think, at length.

The Emissary: We shall see what the others say about this matter later.
"""

LETTER = """\
Bajpai to Gollan
142

The note follows.
"""

AMBASSADOR = """\
The Ruritanian Ambassador ( Tarcani ) to the Secretary of State
740.00119 Control (Italy)/11-1146

The letter follows.
"""


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    return build_mentioned(tmp_path_factory, RECORD)[1]


def test_names_with_two_joins_miss_and_a_hungarian_given_name(found):
    people = found.get("person", set())
    assert {"Tang Wen-sheng", "Teng Hsiao-p'ing", "Erzsébet Görög", "Ben-Gurion"} <= people, people
    assert not any(p.startswith("Miss") or p == "Emissary" for p in people), people


def test_numbered_departments_and_party_conferences(found):
    bodies = found.get("organization", set())
    assert {"III. Political Department of the Cuban Ministry of Foreign Affairs",
            "Third Political Department of the Ministry of Foreign Affairs", "SED", "HICOG",
            "C.F.M."} <= bodies, bodies
    assert not any(b.startswith(("Second SED", "Excellency")) for b in bodies), bodies


def test_a_title_of_two_family_names(tmp_path_factory):
    got = parties(build_alone(tmp_path_factory, LETTER)[0])
    assert got.get("schema:author") == {"Bajpai"} and got.get("schema:recipient") == {"Gollan"}, got


def test_an_office_holder_in_brackets_with_spaces(tmp_path_factory):
    assert parties(build_alone(tmp_path_factory, AMBASSADOR)[0]).get("schema:author") == {"Tarcani"}
