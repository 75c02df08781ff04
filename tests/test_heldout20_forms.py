"""Forms found on gold-heldout20 (see the README, tenth round), on invented text:

- an office with a curly apostrophe ("the Charge d\u2019Affaires Armianov") is an office, and
  "Affaires" is no given name; "General Headquarters of ...", "C.F.M. Files" name no one;
- a town after a capitalised word that is never a name ("Dated Lhasa, Tibet, ...");
- "From a Letter by the X Premier, J. B. Tallow, to Y Foreign Minister, V. M. Marek, of
  March 20, 1948": the writer, and the addressee set off after his office;
- an address line "To the President of the League of Communists of ..." names the office
  of the person the letter is addressed to, not a second addressee;
- a writer with his office before an archive's title ("Department III Deputy Director
  Lewanski, 'File Note ...'"); "your kind letter of December 31, 1957" dates another paper,
  not this one;
- US states, West German parties, the Royal Air Force, the Red Guards, the Kashag,
  Gyantse, the Rhineland, "G. Britain" and "FO" (data).

Every person is invented.
"""

import pytest

from conftest import build_alone, build_mentioned, parties

NOTE = """\
Note on the Visit
March 20, 1948

I received a visit from the Charge d\u2019Affaires Armianov who informed me of the telegram.
The General Headquarters of the Ministry of National Defense confirmed it. See C.F.M. Files: Lot M-88.
Dated Lhasa, Tibet, the 16th March, 1950.
The SPD and the CDU met in Florida and Maryland; the Royal Air Force, the Red Guards and the Kashag were named,
and so were Gyantse, the Rhineland, G. Britain and the FO.
"""


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    return build_mentioned(tmp_path_factory, NOTE)[1]


def test_offices_and_words_that_are_no_names(found):
    people = found.get("person", set())
    assert "Armianov" in people, people
    assert not any(w in p for p in people for w in ("Affaires", "Headquarters", "Files")), people


def test_a_town_after_a_word_never_a_name(found):
    assert "Lhasa" in found.get("place", set()), found.get("place")


def test_the_data_files(found):
    assert {"SPD", "CDU", "Royal Air Force", "Red Guards", "Kashag", "FO"} <= found.get("organization", set()), \
        found.get("organization")
    assert {"Florida", "Maryland", "Gyantse", "Rhineland"} <= found.get("place", set()), found.get("place")
    assert "G. Britain" in found.get("state", set()), found.get("state")


LETTER_BY = """\
From a Letter by the Ruritanian Premier, J. B. Tallow, to Zemblan Foreign Minister, V. M. Marek, of March 20, 1948

On March 18, General Barsky advised us of the receipt of a telegram.
"""

ADDRESSED = """\
Message from the President of Ruritania, Dorel Tamas, to the President of Zembla, Ivo Marek
June 28, 1975

To the President of the League of Communists of Yugoslavia
and President of the Republic of Zembla
Comrade Ivo Marek
Dear Comrade Ivo Marek,

I am sending you my greetings.
"""


def test_a_letter_by_an_office_and_name_to_another(tmp_path_factory):
    got = parties(build_alone(tmp_path_factory, LETTER_BY)[0])
    assert got.get("schema:author") == {"J. B. Tallow"}, got
    assert got.get("schema:recipient") == {"V. M. Marek"}, got


def test_an_address_line_naming_an_office_of_a_body(tmp_path_factory):
    got = parties(build_alone(tmp_path_factory, ADDRESSED)[0])
    assert got.get("schema:recipient") == {"Ivo Marek"}, got


ARCHIVE_TITLE = """\
Department III Deputy Director Lewanski, 'File Note regarding the Zemblan Position'
May 6, 1958

The embassy reports the Zemblan position.
"""

ANSWER = """\
175. Letter From Prime Minister Tamas to President Marek 0

Mr. President: I wish to thank you for your kind letter of December 31, 1957,1 handed to me by Ambassador Warne.

I was indeed very happy to meet with you again.
"""


def test_a_writer_with_his_office_before_an_archive_title(tmp_path_factory):
    got = parties(build_alone(tmp_path_factory, ARCHIVE_TITLE)[0])
    assert got.get("schema:author") == {"Lewanski"}, got


def test_a_date_that_dates_another_paper_is_not_the_documents(tmp_path_factory):
    result, _ = build_alone(tmp_path_factory, ANSWER)
    assert not [f for f in result.relations.facts if f.predicate == "schema:dateCreated"]
    assert parties(result).get("schema:author") == {"Tamas"}, parties(result)


# What a review of the ninth and tenth rounds' rules found they did wrong (each failed
# before its fix).
REVIEWED = """\
Telegram No. 77
Moscow, 10 March 1978
Ref: your telegram No. 55 (dated 4 March 1978)

Present were:
V. Petrenko
A. Kovalenko

a. Trade.
b. Credits.
c. Cultural Exchanges with the north.
We spoke; Secondly, the representative of Chile agreed, and Socialism as the leader was named.
On 31 Mehr, 1326, in Aban 1330 and on 29 MEHR 1326 they met in Kansas City.
"""


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    return build_mentioned(tmp_path_factory, REVIEWED)


def test_reviewed_people(reviewed):
    people = reviewed[1].get("person", set())
    assert {"V. Petrenko", "A. Kovalenko"} <= people, people
    assert not {"Cultural Exchanges", "Secondly", "Socialism"} & people, people


def test_reviewed_dates_and_towns(reviewed):
    result, got = reviewed
    dated = {f.object.isoformat() for f in result.relations.facts if f.predicate == "schema:dateCreated"}
    assert dated == {"1978-03-10"}, dated
    dates = got.get("date", set())
    assert "29 MEHR 1326" in dates, dates
    assert not {"1326", "1330"} & dates, dates
    assert "Kansas City" in got.get("place", set()), got.get("place")
