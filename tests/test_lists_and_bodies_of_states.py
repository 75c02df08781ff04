"""Who a document went to, and bodies named with their state.

- A list of copies above the text ("Produced in 4 copies for: / - Comrade X"), as
  registries print it, names recipients, as the list below a signature does.
- A title's list of addressees ("to [Council Members] Comrade A, Comrade B, and
  Comrade C") names each of them, not the first only.
- "Ministry of Trade of the Hungarian People's Republic", "Government of the Democratic
  Republic of Vietnam": a body's name with the state it serves is one mention; a body
  known by that name, or the one of that state the data files know by the body's
  name, is the one meant. Initials stay two names ("KGB of the USSR").
- "Bulgarian Mission to the United Nations" is one body; "the Embassy in Moscow to the
  Department of State" is two.
- "the Soviet Government" is a body, whose state is named inside its name only; a body is
  linked (kgo:bodyOf) to the state its name names as its own ("Embassy of Hungary"), not a
  desk to the state it deals with ("American Countries Division"); "on January 24" after a
  body's head is no part of its name.

The people and the trade ministry are invented; the states, "KGB", the Soviet foreign
ministry and the United Nations are in the data files.
"""

import pytest

from conftest import build_text, parties as _parties


def _spans(result, src, kind):
    return [src.view.norm[m.nstart:m.nend] for m in result.relations.mentions[src.id]
            if m.kind == kind and not m.attr("nested")]


RECORD = """\
Report from Ivo Marek, 'Trade with Zembla'
July 1, 1972

MINISTRY OF TRADE

Produced in 4 copies for:

- Comrade Halvorsen

- Comrade Brandauer

Record

The delegation left on June 29 and the talks will go on in the autumn.
"""


def test_a_list_of_copies_above_the_text_names_recipients(tmp_path):
    result, src = build_text(tmp_path, "record.txt", RECORD)
    kinds = [g.kind for g in result.relations.segments[src.id]]
    assert "Distribution" in kinds, kinds
    assert {"Halvorsen", "Brandauer"} <= _parties(result).get("schema:recipient", set())


LETTER = """\
Letter from Zemblan Foreign Minister Ivo Marek to [Council Members] Comrade Jan Kral, \
Comrade Olaf Brandt, and Comrade Pavel Dusek[Excerpts]
March 8, 1966

Below I send the notes of the talks.
"""


def test_a_titles_list_of_addressees_names_each_of_them(tmp_path):
    result, _ = build_text(tmp_path, "letter.txt", LETTER)
    parties = _parties(result)
    assert parties.get("schema:author") == {"Ivo Marek"}, parties
    assert parties.get("schema:recipient") == {"Jan Kral", "Olaf Brandt", "Pavel Dusek"}, parties


BODIES = """\
Note on the talks

12 May 1971

The Ministry of Trade of the Hungarian People's Republic replied at once.
The Government of the Democratic Republic of Vietnam agreed.
The Ministry of Foreign Affairs of the USSR sent a note, and the KGB of the USSR was told. The Bulgarian Mission to the United Nations asked
for the text. The Embassy in Moscow to the Department of State: no news.
"""


@pytest.fixture(scope="module")
def bodies(tmp_path_factory):
    return build_text(tmp_path_factory.mktemp("bodies"), "note.txt", BODIES)


@pytest.mark.parametrize("name", [
    "Ministry of Trade of the Hungarian People's Republic",
    "Government of the Democratic Republic of Vietnam",
    "Ministry of Foreign Affairs of the USSR",
    "Bulgarian Mission to the United Nations",
    "KGB", "Embassy in Moscow", "Department of State"])
def test_a_bodys_name_with_its_state_or_the_body_it_is_sent_to_is_one_mention(bodies, name):
    result, src = bodies
    assert name in _spans(result, src, "organization"), _spans(result, src, "organization")


def test_initials_of_a_body_and_a_state_stay_two_names(bodies):
    result, src = bodies
    assert "KGB of the USSR" not in _spans(result, src, "organization")
    assert _spans(result, src, "state").count("USSR") == 1      # "of the KGB of the USSR"


def test_the_body_of_the_state_named_is_the_known_one(bodies):
    result, src = bodies
    refs = {src.view.norm[m.nstart:m.nend]: result.relations.refs[m]
            for m in result.relations.mentions[src.id] if m.kind == "organization"}
    ministry = refs["Ministry of Foreign Affairs of the USSR"]
    assert ministry.key == "mfa-ussr", ministry
    assert refs["Ministry of Trade of the Hungarian People's Republic"].key != "mfa-ussr"


GOVERNMENTS = """\
Telegram
18 May 1955

The Soviet Government welcomed the treaty, and so did the Embassy of Hungary. The
Ruritanian press and the Soviet Government on January 24 agreed.
The Office of Soviet Union Affairs and the American Countries Division wrote to the Polish Embassy.
"""


@pytest.fixture(scope="module")
def governments(tmp_path_factory):
    return build_text(tmp_path_factory.mktemp("gov"), "gov.txt", GOVERNMENTS)


def test_an_adjectives_government_is_a_body_not_the_state(governments):
    result, src = governments
    bodies = _spans(result, src, "organization")
    assert bodies.count("Soviet Government") == 2, bodies
    assert not any("January" in b for b in bodies), bodies
    # "Soviet" is named only inside the body's name: no mention of its own (as annotators mark it)
    assert "Soviet" not in _spans(result, src, "state"), _spans(result, src, "state")


def test_a_body_is_linked_to_the_state_its_name_names_as_its_own(governments):
    result, src = governments
    assert {"Office of Soviet Union Affairs", "American Countries Division"} <= set(
        _spans(result, src, "organization"))
    body_of = {(f.subject.key, f.object.key) for f in result.relations.facts
               if f.predicate == "kgo:bodyOf"}
    assert ("soviet-government", "soviet-union") in body_of, body_of
    assert any(s == "embassy-of-hungary" and o == "hungary" for s, o in body_of), body_of
    assert any(o == "poland" for _, o in body_of), body_of
    # a desk that deals with a state is not that state's body
    assert not any(s in ("office-of-soviet-union-affairs", "american-countries-division")
                   for s, _ in body_of), body_of
    # the state is described though the text names it only inside the body's name
    assert "soviet-union" in {r.key for r in result.relations.entities if r.kind == "state"}
