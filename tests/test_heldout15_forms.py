"""Forms found on gold-heldout15 (see the README, seventh round), on invented text:

- "First Secretary CC PUWP W. Jaruzelski": the party's organ is no one's name, and a
  family-first name may follow a body's initials ("CC CCP Zhao Ming");
- "DPR of Korea", a cable's "Yugo" and "Yugos", initials with full stops ("N.A.T.O.",
  "E.E.C."), "the Warsaw Treaty", a Korean date "1976. 9. 28", the news agency Tanjug;
- "Official stated" and "Dear Bhai" name no one; a known person's surname alone follows
  his full name ("Edgar Snow ... Snow");
- a title "Report to the X containing a transcript of a conversation between A and B"
  addresses X, not A and B; "From the Diary of X: Record of Conversation with Y" is X's;
- "CONFIDENTIAL [Ottawa], June 15, 1961" is a date line;
- "talks between South and North Koreas" are between no people; a distribution line's
  "Moscow 578/81 -Hong Kong 20/23" names Hong Kong.

Every person is invented but Edgar Snow and W. Jaruzelski (in the data files).
"""

import pytest

from conftest import build_alone, build_mentioned, parties

NOTE = """\
Note on the Visit of the Delegation
September 8, 1987

The talks between the First Secretary CC PUWP W. Jaruzelski and Deputy Secretary General
CC CCP Zhao Ming were held. The DPR of Korea, N.A.T.O. and the E.E.C. were named, and so
was the Warsaw Treaty. Yugo official stated that Yugos agree. Official stated it twice.
Tanjug reported on 1976. 9. 28 that Edgar Snow had arrived; Snow was pleased.
The direct talks between South and North Koreas are the most important.
Communicated to Moscow 578/81 -Hong Kong 20/23

My dear Bhai,
"""

REPORT = """\
Report to the Central Committee of the Ruritanian Workers' Party Politburo containing a transcript of a conversation between Ivan Petrov and Boris Kuzmin
July 22, 1981

The conversation took place.
"""

DIARY = """\
From the Diary of V. A. Petrenko: Record of Conversation with Z. Marek on the Question of the Talks
January 9, 1945

Today I received Marek.
"""

MEMO = """\
Memorandum from Secretary to Cabinet to Prime Minister
618. DEA/12447-40
CONFIDENTIAL [Ottawa], June 15, 1961

The talks went on.
"""


@pytest.fixture(scope="module")
def note(tmp_path_factory):
    return build_mentioned(tmp_path_factory, NOTE)[1]


def test_party_organs_before_names(note):
    people = note.get("person", set())
    assert {"W. Jaruzelski", "Zhao Ming"} <= people, people
    assert not any(p.upper().startswith("CC") for p in people), people
    assert {"CC PUWP", "CC CCP"} <= note.get("organization", set()), note.get("organization")


def test_states_bodies_and_dates_in_other_forms(note):
    assert {"DPR of Korea", "Yugo", "Yugos"} <= note.get("state", set()), note.get("state")
    assert {"N.A.T.O.", "E.E.C.", "Warsaw Treaty", "Tanjug"} <= note.get("organization", set())
    assert "1976. 9. 28" in note.get("date", set()), note.get("date")


def test_words_that_name_no_one_and_a_known_surname_alone(note):
    people = note.get("person", set())
    assert not {"Official", "Bhai", "South", "North Koreas"} & people, people
    assert "Hong Kong" in note.get("place", set()), note.get("place")
    assert {"Edgar Snow", "Snow"} <= people, people


def test_a_title_that_holds_a_conversation_is_addressed_to_the_body(tmp_path_factory):
    got = parties(build_alone(tmp_path_factory, REPORT)[0])
    assert got.get("schema:recipient") == {"Central Committee of the Ruritanian Workers' Party Politburo"}, got


def test_a_diarys_writer_before_a_colon(tmp_path_factory):
    got = parties(build_alone(tmp_path_factory, DIARY)[0])
    assert got.get("schema:author") == {"V. A. Petrenko"}, got


def test_a_date_line_with_a_bracketed_place(tmp_path_factory):
    result = build_alone(tmp_path_factory, MEMO)[0]
    dated = {str(f.object) for f in result.relations.facts if f.predicate == "schema:dateCreated"}
    assert dated == {"1961-06-15"}, dated
