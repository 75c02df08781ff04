"""Forms found on gold-heldout9 (see the README, sixth round), on invented text:

- an editor's given name in brackets after a family name ("Ohira [Masayoshi]") is a
  mention of the person, not a union or a country's short form ("Platonov
  [Architects]", "Cyrankiewicz [Po]");
- "Section Chief X", "Chief Justice X", "Academician X" name X; "Member", "Chairperson"
  are offices that end one body's name ("Council of Ministers and Member of the
  Politburo"); a person's name ends a body's ("Ministry of Foreign Affairs Liao Wen"),
  unless the body is named after him ("Archive of Josip Broz Tito"); "X Section" is a body;
- "I. Marek's Report at the Plenum" names its writer;
- "14 June1967" is a date; a file's "(1979-K)" and "Region 6" name no year and no one;
  "Further to your telegram" names no one; "CHIEF" in a cable's capitals is no body;
  "Time, Inc." is a company, not a person.

The people are invented but Tito (in the data files); the states are in the data files.
"""

import pytest

from conftest import build_mentioned, parties

TEXT = """\
I. Marek's Report at the Plenary Meeting on Trade
June 14, 1967

14 June1967 /11:00 A.M. / (1979-K)

Minister of Foreign Affairs Ohira [Masayoshi] and China Section Chief Hashimoto [Hiroshi] met
Adviser, Ministry of Foreign Affairs Liao Wen, and the secretaries Yu.P. Petrenko [Architects]
and J. Cyrankowski [Po]. First Vice-Chairman of the Council of Ministers and Member of the
Politburo Spiro Kolani spoke.
Central Committee of the SED and Chairperson of the State Council of the GDR.
Academician B.V. Dostal and Chief Justice Harlan wrote to the Archive of Josip Broz Tito.
Mr. Alan Clurman, Chief of Correspondents, Time, Inc. came.
Further to your telegram, the mission of Region 6 is clear.
WITH IVAN SOTENKO, CHIEF, AND OLEG PYRLOV, DEPUTY CHIEF OF THE SECTION
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_mentioned(tmp_path_factory, TEXT)


def test_given_names_in_brackets_after_a_family_name(built):
    people = built[1].get("person", set())
    assert {"Ohira", "Masayoshi", "Hashimoto", "Hiroshi"} <= people, people
    assert not {"Architects", "Po"} & people, people


def test_offices_that_name_and_end(built):
    people, bodies = built[1].get("person", set()), built[1].get("organization", set())
    assert {"B.V. Dostal", "Harlan", "Liao Wen"} <= people, people
    assert "Archive of Josip Broz Tito" in bodies, bodies
    assert {"Council of Ministers", "Politburo", "Ministry of Foreign Affairs", "China Section",
            "Central Committee of the SED", "State Council of the GDR"} <= bodies, bodies
    assert not any("Member" in b or "Chairperson" in b or "Liao" in b for b in bodies), bodies


def test_nothing_named_by_files_regions_openers_capitals_or_companies(built):
    people, bodies = built[1].get("person", set()), built[1].get("organization", set())
    assert not {"Further", "Region", "Time", "CHIEF"} & people, people
    assert "CHIEF" not in bodies, bodies
    assert "1979" not in built[1].get("date", set()), built[1].get("date")
    assert "14 June1967" in built[1].get("date", set()), built[1].get("date")


def test_a_possessive_title_names_its_writer(built):
    assert parties(built[0]).get("schema:author") == {"I. Marek"}, parties(built[0])
