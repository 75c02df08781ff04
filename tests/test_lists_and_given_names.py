"""Three forms of the bloc's reports: a delegation listed one person to a line ("ILIYA
DOBREV - First Secretary of ..."), a party organ by its initials ("CC RWP"), and a
person called by his given name alone after his full name ("Anselmo" after "Anselmo
Quiroga").

The names, the party and its initials are invented, so only the rules
(kg/extract/people.py, kg/extract/orgs.py and rules/lexicon.toml) can find them.
"""

import pytest

from conftest import build_text

REPORT = """\
Report to the Politburo on the Delegation to Zembla
December 7, 1967

TO CC RWP POLITBURO
It was agreed with the Zemblan leadership that our delegation will visit at the end of
January. The delegation will be composed of:
ILIYA DOBREV- First Secretary of CC RWP, and Prime Minister - Head of the delegation;
VASSIL KORNEV - Member of CC RWP Politburo and Secretary of CC RWP;
Stoyan Gruev - Deputy Minister of Foreign Trade;
Anselmo Quiroga, the Zemblan Minister of Industry, will meet the delegation. Anselmo has
asked for the list of the experts, and Anselmo's deputy will see to their rooms.
Rafael Ortiz and Rafael Mendes spoke for the unions. Rafael was not pleased.
The CC RWP will be told of the results.
Commissioner Zhang Wenbo met Harold P. Lindqvist, Jr. at the station.
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    result, src = build_text(tmp_path_factory.mktemp("lists"), "report.txt", REPORT)
    rel = result.relations
    mentions = [(src.view.norm[m.nstart:m.nend], m.kind, rel.entities[rel.refs[m]].label)
                for m in rel.mentions[src.id]]
    return mentions


def test_a_list_of_people_one_to_a_line_with_a_dash(report):
    people = {quote for quote, kind, _ in report if kind == "person"}
    assert {"ILIYA DOBREV", "VASSIL KORNEV", "Stoyan Gruev"} <= people, people


def test_a_party_organs_initials_are_a_body_not_a_person(report):
    assert not [q for q, kind, _ in report if kind == "person" and "RWP" in q], report
    bodies = [q for q, kind, _ in report if kind == "organization"]
    assert bodies.count("CC RWP") >= 2, bodies


def test_a_given_name_alone_names_the_one_person_who_has_it(report):
    anselmo = [label for quote, kind, label in report if quote == "Anselmo" and kind == "person"]
    assert anselmo == ["Anselmo Quiroga", "Anselmo Quiroga"], report
    # two people are called Rafael: "Rafael" alone names neither
    assert not [q for q, kind, _ in report if q == "Rafael" and kind == "person"], report


def test_an_office_before_a_name_and_a_generation_after_it(report):
    people = {quote for quote, kind, _ in report if kind == "person"}
    assert {"Zhang Wenbo", "Harold P. Lindqvist, Jr."} <= people, people
