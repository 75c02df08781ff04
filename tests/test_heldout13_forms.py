"""Forms found on gold-heldout13 (see the README, seventh round), on invented text:

- an attendance list "Dimo Kalev[3] – Ambassador Extraordinary and Plenipotentiary ...":
  note marks after the names, and the long title no part of a name;
- "Interpreter and recorder: X" names the writer of an unsigned record;
- "Telegram number 7125/28 from X": a paper's number before its sender;
- "Secret" opens no body's name; "the Johnson Administration" is a body, not a person;
- a date line above "To:" is the document's date, not a body addressed; an editor's
  bracket after the addressee ("Bay Cuong [COSVN Party Secretary Pham Hung]") names him
  again, not a second addressee;
- "Aid to Nam Tha, Laos": a place and its state, not a person;
- "Poles", "U. S.", "19, 20 and 21 October 1956", "Department IV", "the 2nd Department",
  "PLA CC", "CC CPS", "ÚV KSČ", "the Office of the British Charge d' Affaires", and
  "Central Committee of the Communist Party of China" whole.

Every person is invented.
"""

import pytest

from conftest import build_alone, build_mentioned, build_text, mentioned, parties

MINUTES = """\
Minutes of Conversation between Ivan Petrov and Carlo Bruni, Sofia, 1971
May 3, 1971

Today Comrade Ivan Petrov received Mr. Carlo Bruni. The meeting was attended by:
Dimo Kalev[3] – Ambassador Extraordinary and Plenipotentiary of the PR of Bulgaria to Italy;
Lazar Vulov[4] – Head of Department IV at the Ministry of Foreign Affairs;
Giorgio Tassi Ferri[5] – Ambassador Extraordinary and Plenipotentiary of the Republic of Italy

The Poles agree, and so does the 2nd Department.
The Central Committee of the Communist Party of China wrote to the Office of the British Charge d' Affaires.
"""

RECORD = """\
Record of Talk with Prime Minister Vo Tan
August 28, 1962

Interpreter and recorder:  Kao Wen

1. Issue of Aid to Nam Tha, Laos

Prime Minister Vo: We met on 19, 20 and 21 October 1961 in the U. S.
The Johnson Administration agreed. The PLA CC and the CC CPS and the ÚV KSČ agreed too.
"""

TELEGRAM = """\
Telegram number 7125/28 from Henri Lapierre
December 07, 1963

Moscow, 7th December 1963

The talks went on.
"""

CABLE = """\
Secret Ruritanian Politburo Cable
December 12, 1968

To: Bay Cuong [Party Secretary Tran Hoa]

The Politburo has just held further discussions.
"""


@pytest.fixture(scope="module")
def minutes(tmp_path_factory):
    return build_mentioned(tmp_path_factory, MINUTES)[1]


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    return build_mentioned(tmp_path_factory, RECORD)


def test_an_attendance_list_with_note_marks_and_long_titles(minutes):
    people = minutes.get("person", set())
    assert {"Dimo Kalev", "Lazar Vulov", "Giorgio Tassi Ferri"} <= people, people
    assert not {"Extraordinary", "Plenipotentiary"} & people, people


def test_numbered_units_and_names_that_run_on(minutes):
    bodies = minutes.get("organization", set())
    assert {"Department IV", "2nd Department", "Central Committee of the Communist Party of China",
            "Office of the British Charge d' Affaires"} <= bodies, bodies
    assert "Poles" in minutes.get("state", set()), minutes.get("state")


def test_a_recorder_line_names_the_writer(record):
    assert parties(record[0]).get("schema:author") == {"Kao Wen"}, parties(record[0])


def test_a_place_with_its_state_is_no_person(record):
    assert "Nam Tha" not in record[1].get("person", set()), record[1].get("person")


def test_lists_of_days_spaced_initials_administrations_and_organs(record):
    found = record[1]
    assert "U. S." in found.get("state", set()), found.get("state")
    bodies = found.get("organization", set())
    assert {"Johnson Administration", "PLA CC", "CC CPS", "ÚV KSČ"} <= bodies, bodies
    assert "Johnson Administration" not in found.get("person", set()), found.get("person")
    assert "19, 20 and 21 October 1961" in found.get("date", set()), found.get("date")


def test_a_papers_number_before_its_sender(tmp_path_factory):
    assert parties(build_alone(tmp_path_factory, TELEGRAM)[0]).get("schema:author") == {"Henri Lapierre"}


def test_a_date_line_above_the_address_and_an_editors_gloss(tmp_path_factory):
    result = build_alone(tmp_path_factory, CABLE)[0]
    got = parties(result)
    assert got.get("schema:recipient") == {"Bay Cuong"}, got
    dated = {str(f.object) for f in result.relations.facts if f.predicate == "schema:dateCreated"}
    assert dated == {"1968-12-12"}, dated
    bodies = {m.name for ms in result.relations.mentions.values() for m in ms
              if m.kind == "organization"}
    assert not any(b.startswith("Secret") for b in bodies), bodies


TELEPRINT = """\
Teleprint from Jozef Novak, Secretary of CC CPS, to Regional Committees
November 23, 1989

The CC CPCz met.
"""


def test_organs_of_parties_in_a_title_and_with_initials_in_lower_case(tmp_path_factory):
    result, src = build_text(tmp_path_factory.mktemp("p"), "p.txt", TELEPRINT)
    bodies = mentioned(result, src).get("organization", set())
    assert {"CC CPS", "CC CPCz"} <= bodies, bodies
