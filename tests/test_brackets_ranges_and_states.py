"""Forms found on gold-heldout8 (see the README, sixth round), on invented text:

- forms of address two together ("Comrade Dr. X"), "Generalissimo", and a post's
  "commandant" cue a name; "Minister Without Portfolio" names no one;
- an editor's bracketed given name before a family name ("[Manuel] Cervantes") is a
  person's, but not an editor's word ("[Excised] Establishing");
- a body's possessive head ends one body and starts another ("the People's Liberation
  Army's General Logistics Department"); "General" is kept at a body's start;
- "the Kremlin" and "the Netherlands" are mentioned without "the"; Sierra Leone,
  Mauritania and Burundi are states; "translated from the Korean)" is a language;
- "19th July,1949", "5. IX – 1967" and the range "February 23-24, 1969" are dates;
- "Voden Residence" is a place.

The people are invented; the states and towns are in the data files.
"""

import pytest

from conftest import build_text

TEXT = """\
Report
19th July,1949

The Generalissimo received me in the Kremlin. Generalissimo Dravic spoke of the Netherlands,
Sierra Leone, Mauritania and Burundi. The Minister Without Portfolio came. Military
commandant of Krakow, Ostrovan, informed us.
The People's Liberation Army's General Logistics Department sent it (translated from the Korean).
Produced in 3 copies for:
- Comrade Puskar
- Comrade Dr. Varkonyi
The commanders ([Manuel] Cervantes, [Armando] Saucedo) met us. [Excised] Establishing a zone
was discussed at the Voden Residence on 5. IX – 1967 and in Moscow on February 23-24, 1969.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result, src = build_text(tmp_path_factory.mktemp("t"), "t.txt", TEXT)
    def quote(m):
        start, end = src.view.orig(m.nstart, m.nend)
        return src.text[start:end]

    found: dict[str, set[str]] = {}
    for m in result.relations.mentions[src.id]:
        found.setdefault(m.kind, set()).add(quote(m))
    dates = {quote(m): m for m in result.relations.mentions[src.id] if m.kind == "date"}
    return found, dates


def test_people_cued_by_forms_of_address_posts_and_an_editors_brackets(built):
    people = built[0].get("person", set())
    assert {"Dravic", "Ostrovan", "Puskar", "Varkonyi", "Manuel", "Cervantes", "Armando",
            "Saucedo"} <= people, people
    assert not {"Generalissimo", "Without Portfolio", "Establishing", "Excised"} & people, people


def test_a_bodys_possessive_head_and_a_body_starting_with_general(built):
    bodies = built[0].get("organization", set())
    assert {"People's Liberation Army", "General Logistics Department"} <= bodies, bodies


def test_states_and_places_without_the_and_a_language(built):
    states, places = built[0].get("state", set()), built[0].get("place", set())
    assert {"Netherlands", "Sierra Leone", "Mauritania", "Burundi"} <= states, states
    assert "Korean" not in states, states
    assert {"Kremlin", "Voden Residence"} <= places, places


def test_a_day_before_a_comma_a_yugoslav_roman_date_and_a_range(built):
    dates = built[1]
    assert {"19th July,1949", "5. IX – 1967", "February 23-24, 1969"} <= set(dates), set(dates)
    assert dates["February 23-24, 1969"].attr("until") == "1969-02-24"
    assert dates["5. IX – 1967"].value.isoformat() == "1967-09-05"
