"""People named by what surrounds them: a salutation by one name ("Dear Ron,"), honorifics
that are ranks or forms of address ("Comrade Major L. Nemec", "Professor Varga", "Dame
Olwen Prys", "Shri K. Rao Menon"), a verb of saying after "did" or "would" ("Halloran did
mention"), "the interpreter was X"; and what names no one: "Dear Sir,", "One could say",
a bracket that gives the next name's office ("Visited [Zemblan President Ivo] Marek").

The people are invented and none is in the data files, so only the rules
(kg/extract/people.py, rules/lexicon.toml) can find them.
"""

import pytest

from conftest import build_text, parties

LETTER = """\
Letter to the Trade Office

5th June, 1951.

To: Comrade Major L. Nemec, the Trade Office

Dear Ron,

Halloran did mention, however, that Professor Varga had been asked. I am glad you reminded
me about Dame Olwen Prys. Shri K. Rao Menon came later. Perhaps Dunstable would not say.
Visited [Zemblan President Ivo] Marek at 3 PM. One could say the talks went well.
The interpreter was Tomas Ferrand.
"""


@pytest.fixture(scope="module")
def people(tmp_path_factory):
    result, src = build_text(tmp_path_factory.mktemp("cues"), "letter.txt", LETTER)
    return {src.view.norm[m.nstart:m.nend]
            for m in result.relations.mentions[src.id] if m.kind == "person"}


@pytest.mark.parametrize("name", ["Ron", "L. Nemec", "Halloran", "Varga", "Olwen Prys",
                                  "K. Rao Menon", "Dunstable", "Tomas Ferrand", "Ivo", "Marek"])
def test_each_person_is_found_without_the_words_around_the_name(people, name):
    assert name in people, sorted(people)


def test_ranks_verbs_and_words_that_only_stand_where_a_name_may_are_no_one(people):
    for wrong in ("Major L. Nemec", "Professor Varga", "Dame Olwen Prys", "Shri K. Rao Menon",
                  "Visited", "One", "Perhaps Dunstable"):
        assert wrong not in people, sorted(people)


def test_a_salutation_to_a_sir_or_to_friends_names_no_one(tmp_path):
    for greeting in ("Dear Sir,", "Dear Friends,", "My dear Colleagues,"):
        text = f"Letter\n\n5 May 1960\n\n{greeting}\n\nI write to thank you.\n"
        result, src = build_text(tmp_path, "greeting.txt", text)
        found = [src.view.norm[m.nstart:m.nend] for m in result.relations.mentions[src.id]
                 if m.kind == "person"]
        assert found == [], (greeting, found)


def test_an_editors_note_number_glued_to_a_name_is_not_part_of_it(tmp_path):
    text = ("Memo1 for the Trade Minister, Hans-Dietrich Velten2\n\n"
            "On the evening of 9 November, Halloran5 said that the talks would go on.\n")
    result, src = build_text(tmp_path, "memo.txt", text)
    found = {src.view.norm[m.nstart:m.nend] for m in result.relations.mentions[src.id]
             if m.kind == "person"}
    assert {"Hans-Dietrich Velten", "Halloran"} <= found, found
    recipients = parties(result).get("schema:recipient", set())
    assert recipients == {"Hans-Dietrich Velten"}, recipients      # "Memo for X"


def test_the_parties_of_a_talk_and_who_wrote_or_received_a_letter(tmp_path):
    text = ("Note\n\n12 May 1971\n\nFrom the conversation between Jakubek and Orlow in the ministry. "
            "With reference to your letter to Harbottle of 17 May, I enclose a letter from Marrack. "
            "The talks between Moscow and Warsaw and a letter from Prague went well.\n")
    result, src = build_text(tmp_path, "note.txt", text)
    people = {src.view.norm[m.nstart:m.nend] for m in result.relations.mentions[src.id]
              if m.kind == "person"}
    assert people == {"Jakubek", "Orlow", "Harbottle", "Marrack"}, people
