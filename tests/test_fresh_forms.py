"""Forms found when kg first read FRUS volumes of 1958-1960 and 1969-1976 (see the README,
"A second held-out set"), checked on invented documents: names, places and bodies are made
up, so that only the generic rules in kg/ and rules/ can find them.
"""

import pytest

from kg.model import Ref
from kg.pipeline import run

MEMO = """\
311. Memorandum From the Officer in Charge of Ruritania-Borduria Affairs (Waggel) to the Director of the Office of Northern Affairs (Rockham)

Fort Ardley, September 27, 1959—12:15 p.m.

SUBJECT
The Strelsau talks

PARTICIPANTS
Foreign Minister Halvorsen
Mr. Dunmore
Gen. Tolliver

1. The guests were then joined by Dunmore, Kettridge, Pellow, Halvorsen and city officials. Will quote from 15 March Halvorsen communiqué. President Halvorsen and Allied spokesmen spoke on Tuesday.

2. According to the Memorandum of conversation with the President, August 3, the talks went well.

Notes

[1] Source: Central Files, Presidential Correspondence, Halvorsen. Attached to a note from Brisbury to Quantock, dated March 8.
"""

TELEGRAM = """\
201. Telegram From the Embassy in Ruritania to the Department of State

Strelsau, September 3, 1970, 2000Z.

4120. Minister Halvorsen received me today.

Hentzau
"""


def _analysed(tmp_path_factory, name, text):
    path = tmp_path_factory.mktemp("fresh") / name
    path.write_text(text, encoding="utf-8")
    return run([path])


@pytest.fixture(scope="module")
def memo(tmp_path_factory):
    return _analysed(tmp_path_factory, "memo.txt", MEMO)


def _spans(result, kind):
    src = result.corpus.sources[0]
    return {src.view.norm[m.nstart:m.nend] for m in result.relations.mentions[src.id] if m.kind == kind}


def _meta(result, predicate):
    work = Ref("work", result.corpus.works[0].id)
    return {result.relations.entities[f.object].label for f in result.relations.facts
            if f.subject == work and f.predicate == predicate}


def test_a_list_holding_two_known_people_names_people(memo):
    people = _spans(memo, "person")
    assert {"Kettridge", "Pellow"} <= people
    # One person in a list proves nothing: a file reference is not a list of people.
    assert "Presidential Correspondence" not in people and "Central Files" not in people


def test_a_month_next_to_a_day_is_not_a_name(memo):
    people = _spans(memo, "person")
    assert "August" not in people                       # "the President, August 3"
    assert not any(p.startswith("March") for p in people)  # "15 March Halvorsen communiqué"


def test_capitalised_words_that_are_never_names(memo):
    people = _spans(memo, "person")
    assert "Allied" not in people and "Tuesday" not in people


def test_abbreviated_military_title_and_the_writer_and_addressee_of_a_note(memo):
    people = _spans(memo, "person")
    assert {"Tolliver", "Brisbury", "Quantock"} <= people


def test_a_title_line_names_the_people_not_their_offices(memo):
    assert _meta(memo, "schema:author") == {"Waggel"}
    assert _meta(memo, "schema:recipient") == {"Rockham"}


def test_a_datelines_place_is_a_place_whether_known_or_not(memo):
    assert "Fort Ardley" in _spans(memo, "place")
    src = memo.corpus.sources[0]
    assert src.view.norm[:500].count("Fort Ardley") == 1


@pytest.mark.parametrize("text, date", [
    (MEMO, "1959-09-27"),                                # a time after a dash
    (TELEGRAM, "1970-09-03"),                            # a telegram's Greenwich time
])
def test_a_dateline_with_a_time_dates_the_document(tmp_path_factory, text, date):
    result = _analysed(tmp_path_factory, "doc.txt", text)
    work = Ref("work", result.corpus.works[0].id)
    dated = {f.object.isoformat() for f in result.relations.facts
             if f.subject == work and f.predicate == "schema:dateCreated"}
    assert dated == {date}


LETTER = """\
57. Letter From the Assistant Secretary of State for Northern Affairs (Rantree) to the Ambassador to Ruritania (Hallam)

Washington, March 6, 1959.

PARTICIPANTS
Assistant Secretary of State Wilbur M. Rantree, Chairman
Acting Assistant Secretary of Defense F. Hadley Wilmot

Dear Mr. Ambassador: The Director of Northern Affairs said that the talks with Crown Prince Fazil went well. Please see Deputy Assistant Secretary of State for Northern Affairs Roderick H. Dalby about it.

Sincerely,

Wilbur M. Rantree
"""


@pytest.fixture(scope="module")
def letter(tmp_path_factory):
    return _analysed(tmp_path_factory, "letter.txt", LETTER)


def test_a_given_name_with_a_middle_initial_is_one_name(letter):
    people = _spans(letter, "person")
    assert {"Wilbur M. Rantree", "F. Hadley Wilmot", "Roderick H. Dalby"} <= people
    assert not people & {"M. Rantree", "Wilbur M.", "F. Hadley", "H. Dalby", "State Wilbur"}
    assert _meta(letter, "schema:author") == {"Wilbur M. Rantree"}


def test_an_office_is_not_a_person_and_a_title_is_not_a_name(letter):
    people = _spans(letter, "person")
    assert "Fazil" in people and "Crown Prince Fazil" not in people
    assert not any("Affairs" in p for p in people)


def test_monsieur_is_no_initial_and_a_two_word_place_before_a_comma_stays_whole(tmp_path_factory):
    result = _analysed(tmp_path_factory, "note.txt", "Strelsau, 3 May 1957.\n\nM. Armand Duvel met "
                       "the minister in East Ruritania, Mr. Tarlov, and Assistant Secretary of State "
                       "Wilbur M. Rantree.\n")
    src = result.corpus.sources[0]
    people = {src.view.norm[m.nstart:m.nend]: m for m in result.relations.mentions[src.id]
              if m.kind == "person"}
    assert {"Armand Duvel", "Tarlov", "Wilbur M. Rantree"} <= set(people)
    assert not any(p.startswith("M. ") for p in people) and "East Ruritania" not in people
    assert people["Tarlov"].attr("role_where") == "East Ruritania"
    assert people["Wilbur M. Rantree"].attr("role_where") == "State"
