"""Names inside names, and what editors add to names and dates.

- A state or town named inside a body's name ("Joint Council for Japan", "Trade Mission
  in Havana") is a mention of it too, when the text also names it on its own; the body,
  not the state, is who acts.
- A state's long form ("Republic of Cuba", "Hungarian People's Republic") is one mention.
- An editor's brackets in a date ("20 [January]", "25 January [1950]") and in an initial
  ("V[ladimir] I. Zorkin"); a text whose only year stands alone dates its days.
- A part numbered "I." on a line of its own is not an initial of the name below it.

The bodies, people and the country Vorland are invented; the states and towns are in
authority/entities.toml, so only the rules (kg/extract/, rules/lexicon.toml) can do this.
"""

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from conftest import build_text

ROOT = Path(__file__).resolve().parents[1]

RECORD = """\
Record of a Conversation with the Counsellor of the Joint Council for Japan
12 May 1958

The Joint Council for Japan met at the Trade Mission in Havana. Japan sent no one. Havana was calm.
The Embassy of Hungary in Vorland sent a note. The Joint Council for Japan proposes that the talks be held in Havana.
The Prime Minister of the Republic of Cuba and the envoy of the Hungarian People's Republic were present.
On 20 [January] the Counsellor had cabled; the reply is dated 25 January [1959].

I.
Comrade Erwin Talbach met the Ambassador V[ladimir] I. Zorkin.
"""

LETTER = """\
A Letter of the Chairman of Vorland (1956)

In my letter of November 1st I wrote of the troops. On November 2nd more of them came.
"""


def _mentions(result, src):
    rel = result.relations
    return [(src.view.norm[m.nstart:m.nend], m.kind, rel.entities[rel.refs[m]].label, m)
            for m in rel.mentions[src.id]]


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    result, src = build_text(tmp_path_factory.mktemp("names"), "record.txt", RECORD)
    return result, _mentions(result, src)


def test_a_state_in_a_bodys_name_is_a_mention_when_the_text_names_it_alone(record):
    _, ms = record
    japan = [m for q, kind, _, m in ms if q == "Japan" and kind == "state"]
    assert len(japan) == 4, ms                   # three inside the body's name, one alone
    assert sum(1 for m in japan if m.attr("nested")) == 3
    bodies = [q for q, kind, _, _ in ms if kind == "organization"]
    assert bodies.count("Joint Council for Japan") == 3, bodies


def test_a_town_is_a_mention_as_a_bodys_seat_and_a_state_named_only_in_a_body_is_not(record):
    _, ms = record
    havana = [m for q, kind, _, m in ms if q == "Havana" and kind == "place"]
    assert len(havana) == 3 and sum(1 for m in havana if m.attr("nested")) == 1, ms
    # "Hungary" is only a word of "Embassy of Hungary": the text names no Hungary of its own
    assert not [q for q, kind, _, _ in ms if q == "Hungary"], ms


TELEGRAM = """\
Telegram from the Trade Mission in Havana to the Joint Council for Japan
12 May 1958

Japan sent no one. Havana was calm. The Joint Council for Japan proposes that the talks be held in Havana.
"""


def test_the_body_not_the_state_in_its_name_is_the_addressee_and_the_proposer(tmp_path):
    # Were "Japan" in the body's name seen by relate, the state would be an addressee
    # too, which the shapes refuse (a recipient is a person or an organization).
    result, src = build_text(tmp_path, "telegram.txt", TELEGRAM)
    rel = result.relations
    by_pred = {}
    for f in rel.facts:
        if f.predicate in ("schema:recipient", "kgo:proposedBy"):
            by_pred.setdefault(f.predicate, set()).add(rel.entities[f.object].label)
    assert by_pred == {"schema:recipient": {"Joint Council for Japan"},
                       "kgo:proposedBy": {"Joint Council for Japan"}}, by_pred
    japan = [m for m in rel.mentions[src.id] if src.view.norm[m.nstart:m.nend] == "Japan"]
    assert len(japan) == 3, japan        # the two in the body's name are still published


def test_a_states_long_form_is_one_mention_of_the_state(record):
    _, ms = record
    states = {(q, label) for q, kind, label, _ in ms if kind == "state"}
    assert ("Republic of Cuba", "Cuba") in states, states
    assert ("Hungarian People's Republic", "Hungary") in states, states


def test_an_editors_brackets_in_a_date(record):
    _, ms = record
    dates = {q: m.value for q, kind, _, m in ms if kind == "date"}
    assert dates.get("20 [January]") == dt.date(1958, 1, 20), dates
    assert dates.get("25 January [1959]") == dt.date(1959, 1, 25), dates


def test_a_numbered_part_is_no_initial_and_a_bracket_completes_an_initial(record):
    _, ms = record
    people = {q: label for q, kind, label, _ in ms if kind == "person"}
    assert people.get("Erwin Talbach") == "Erwin Talbach", people
    assert not [q for q in people if q.startswith("I.")], people
    assert people.get("V[ladimir] I. Zorkin") == "Vladimir I. Zorkin", people


def test_a_year_standing_alone_dates_the_days_of_a_text_with_no_full_date(tmp_path):
    result, src = build_text(tmp_path, "letter.txt", LETTER)
    dates = {q: m.value for q, kind, _, m in _mentions(result, src) if kind == "date" and m.value}
    assert dates == {"November 1st": dt.date(1956, 11, 1), "November 2nd": dt.date(1956, 11, 2)}


def test_an_alias_starts_with_an_office_only_where_the_bare_name_is_no_alias():
    """A titled alias ("Marshal X") puts the title in the mention's span, where a name is
    quoted without it; it is kept only for a name too ambiguous to list alone."""
    data = tomllib.loads((ROOT / "authority" / "entities.toml").read_text(encoding="utf-8"))
    lexicon = tomllib.loads((ROOT / "rules" / "lexicon.toml").read_text(encoding="utf-8"))
    titles = set(lexicon["people"]["honorifics"]) | {"Marshal", "General", "Chairman", "President"}
    bad = []
    for rec in data["entity"]:
        forms = {rec["label"], *rec.get("aliases", ())}
        for alias in forms:
            first, _, rest = alias.partition(" ")
            if first in titles and rest in forms:
                bad.append(alias)
    assert not bad, bad


BRACKETS = """\
Telegram, Chen Ruofei to Sun Dawei (3 February 1950)

We met Li [Wenbo] on 2 February. Li [Wenbo] will travel to Harbin. Comrade Kosygin sent
greetings from Leonid Ilyich [Brezhnev] and from the whole Politburo.
"""


def test_an_editors_bracket_completes_a_name_before_or_after_it(tmp_path):
    result, src = build_text(tmp_path, "brackets.txt", BRACKETS)
    ms = _mentions(result, src)
    people = [(q, label, bool(m.attr("part"))) for q, kind, label, m in ms if kind == "person"]
    # "Li [Wenbo]": a family name that comes first, the editor's given name
    assert people.count(("Li", "Li Wenbo", False)) == 2, people
    assert people.count(("Wenbo", "Li Wenbo", True)) == 2, people
    # "Leonid Ilyich [Brezhnev]": the given names are a mention of the known person
    assert ("Leonid Ilyich", "Leonid Brezhnev", True) in people, people
    assert ("Brezhnev", "Leonid Brezhnev", False) in people, people


def test_the_trie_of_names_matches_as_the_list_of_names_does():
    """kg.rules.alternation must find what the plain alternation, longest first, finds."""
    import random
    import re

    from kg.rules import alternation

    words = ["Mao", "Mao Zedong", "Mao Tse-tung", "Ma", "Kim Il Sung", "Kim", "USSR", "U.S.",
             "U.S.A.", "Jean", "Jean-Paul", "J. B. Tito", "a", "ab", "abc"]
    plain = re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, sorted(words, key=lambda w: (-len(w), w))))
                       + r")(?![^\W\d_])")
    trie = re.compile(r"(?<![\w])" + alternation(words) + r"(?![^\W\d_])")
    rng = random.Random(7)
    letters = "MaoZedngKimIlSuUSRAJBTt. -bcep"
    for _ in range(5000):
        text = "".join(rng.choice(letters) for _ in range(30))
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)], text
    assert re.compile(alternation([])).search("anything") is None
