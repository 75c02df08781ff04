"""Forms of names in documents of Soviet-bloc archives read in English translation:
names in capitals (ciphered telegrams), letters outside ASCII, Korean and Chinese
names, an editor's bracketed office or other spelling, "X, Y and other leaders",
"Deciphered by X", and title lines "Cable from X to Y", "Telegram, X to Y" and
"Memorandum for Y, through Z, from X".

The names are invented, so that no authority record can find them: only the
rules in kg/extract/ and rules/lexicon.toml can. The forms were found on
translated documents of the Wilson Center Digital Archive (see the README).
"""

import pytest

from kg.model import Ref
from kg.pipeline import Options, run

TELEGRAM = """\
Ciphered Telegram, Vorantsky to Heng Baolin

14 October 1950

FROM: SONGRIM

Deciphered by Yablovets on 14 October 1950.

In accordance with your directive I had a meeting with TAE JIN-SOK. PAK MYONG-HO [Pak Myong Ho] was present. TAE JIN-SOK stated that the advice was hard to accept. The content caught TAE JIN-SOK and PAK MYONG-HO by surprise. The USSR and TASS were told.

Ro Sang-gil [Ro Sang Gil] [emphasis in the original], Minister of Light Industry, headed the delegation. Chen Daoming [Deputy Director-General, Treaty Department] joined them, and the Premier [Fang Weiqing] received them.

[Tadeusz] Wąsowicz, [Józef] Żmigrodzki, Kępiński, and other leaders attended. Wąsowicz stressed the friendship of the two peoples. Mr. Dvořák replied.

ATTN: MR. ORLANDO VASCONCELOS, IOC PRESIDENT, BERN, SWITZERLAND

VORANTSKY
"""

CABLE = """\
Cable from Dong Huaiqing to Lu Shaoming

July 30, 1955

Yesterday the Premier notified me of several things.
"""

MEMO = """\
Memorandum for General Holloway, through K.R. Brandt, from Peter J. Ainsley, "Proposed Meeting"

December 3, 1973

I strongly believe that we need a meeting tomorrow.
"""


def _result(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return run([path], Options(cache=None))


def _mentions(result, kind):
    src = result.corpus.sources[0]
    return [(src.view.norm[m.nstart:m.nend], m.name)
            for m in sorted(result.relations.mentions[src.id], key=lambda m: m.nstart) if m.kind == kind]


def _work_facts(result, predicate):
    work = Ref("work", result.corpus.works[0].id)
    return {result.relations.entities[f.object].label for f in result.relations.facts
            if f.subject == work and f.predicate == predicate}


def _built(name, text):
    """A module fixture: the result of building *text* as the file *name*."""
    @pytest.fixture(scope="module")
    def fixture(tmp_path_factory):
        return _result(tmp_path_factory.mktemp("bloc"), name, text)
    return fixture


telegram = _built("telegram.txt", TELEGRAM)


def test_names_in_capitals_are_read_as_names(telegram):
    people = _mentions(telegram, "person")
    # As written in the text, named as a name is written.
    assert ("TAE JIN-SOK", "Tae Jin-Sok") in people
    assert people.count(("TAE JIN-SOK", "Tae Jin-Sok")) == 3            # every use, whole
    assert ("PAK MYONG-HO", "Pak Myong-Ho") in people
    assert ("ORLANDO VASCONCELOS", "Orlando Vasconcelos") in people
    assert not any(quote in ("JIN-SOK", "MYONG-HO", "BERN", "USSR", "TASS") for quote, _ in people)


def test_a_place_in_capitals_is_found(telegram):
    assert ("SWITZERLAND", "Switzerland") in _mentions(telegram, "state")


def test_letters_outside_ascii_belong_to_names(telegram):
    quotes = [q for q, _ in _mentions(telegram, "person")]
    assert "Dvořák" in quotes
    # "and other leaders"; an editor's given name in brackets is a mention of its own
    assert {"Tadeusz", "Wąsowicz", "Józef", "Żmigrodzki", "Kępiński"} <= set(quotes)


def test_an_editors_bracketed_office_or_other_spelling_marks_a_person(telegram):
    quotes = [q for q, _ in _mentions(telegram, "person")]
    assert {"Ro Sang-gil", "Ro Sang Gil", "Pak Myong Ho", "Chen Daoming", "Fang Weiqing"} <= set(quotes)


def test_who_deciphered_a_telegram_is_a_person(telegram):
    assert "Yablovets" in [q for q, _ in _mentions(telegram, "person")]


@pytest.mark.parametrize("name, text, author, addressee", [
    ("telegram.txt", TELEGRAM, "Vorantsky", "Heng Baolin"),
    ("cable.txt", CABLE, "Dong Huaiqing", "Lu Shaoming"),
    ("memo.txt", MEMO, "Peter J. Ainsley", "Holloway"),
])
def test_a_title_line_names_who_sends_and_who_receives(tmp_path, name, text, author, addressee):
    result = _result(tmp_path, name, text)
    people = [q for q, _ in _mentions(result, "person")]
    assert author in people and addressee in people
    assert author in _work_facts(result, "schema:author")
    assert addressee in _work_facts(result, "schema:recipient")


NOTE = """\
Note on the Meeting

12 May 1971

The Council for Mutual Timber Exchange (CMTE) met on 4 April, and the Kavarna Sports Union (KSU) on May 20. CMTE delegates agreed with the KSU. The People's Republic [PR] of Ruritania sent no one. Stamped 13.10.71, received 10/14/71, filed 5/6/71.
"""


note = _built("note.txt", NOTE)


def test_a_body_defined_with_its_initials_is_named_by_them(note):
    orgs = _mentions(note, "organization")
    assert ("Council for Mutual Timber Exchange", "Council for Mutual Timber Exchange") in orgs
    assert orgs.count(("CMTE", "Council for Mutual Timber Exchange")) == 2
    assert orgs.count(("KSU", "Kavarna Sports Union")) == 2
    assert not any("Republic" in quote or quote == "PR" for quote, _ in orgs)   # the name goes on


def test_a_day_and_month_without_a_year_take_the_year_of_the_texts_date(note):
    src = note.corpus.sources[0]
    dates = {src.view.norm[m.nstart:m.nend]: (m.name, m.confidence, m.attr("year"))
             for m in note.relations.mentions[src.id] if m.kind == "date"}
    assert dates["12 May 1971"][:2] == ("1971-05-12", 0.95)
    assert dates["4 April"] == ("1971-04-04", 0.7, "inferred")
    assert dates["May 20"] == ("1971-05-20", 0.7, "inferred")
    # In figures with a two-digit year: the century from the text's date; a day first after
    # full stops, the number that cannot be a month after slashes; both could be: no date.
    assert dates["13.10.71"] == ("1971-10-13", 0.7, "inferred")
    assert dates["10/14/71"] == ("1971-10-14", 0.7, "inferred")
    assert "5/6/71" not in dates


def test_a_known_surname_before_a_known_name_is_a_given_name(tmp_path):
    # "Allen" names a person here, and "Dulles" is in the authority file: in "Allen Dulles"
    # the first word is a given name, not Mr. Allen again.
    text = ("Memorandum\n\n3 May 1958\n\nMr. George Allen said the matter was closed. "
            "On May 28, as part of his briefing on \"World Developments,\" Allen Dulles briefed "
            "the Council.\n")
    result = _result(tmp_path, "note.txt", text)
    quotes = [q for q, _ in _mentions(result, "person")]
    assert quotes.count("Allen") == 0 and "George Allen" in quotes


def test_a_bodys_name_goes_on_with_of_and_initials_or_another_body(tmp_path):
    result = _result(tmp_path, "chains.txt", "Report\n\n12 May 1971\n\n"
                     "The Secretariat of CC of BRP met. The CC of BRP agreed. The International "
                     "Department of the Central Committee of the CPZ wrote. The KGB of the USSR "
                     "was told.\n")
    bodies = [words for words, _ in _mentions(result, "organization")]
    assert "Secretariat of CC of BRP" in bodies and "CC of BRP" in bodies, bodies
    assert "International Department of the Central Committee of the CPZ" in bodies, bodies
    # A state's initials say whose body it is; they stay the state's mention.
    assert "KGB of the USSR" not in bodies, bodies
    assert "USSR" in [words for words, _ in _mentions(result, "state")]


def test_a_title_line_from_a_body_alone_and_an_attn_line_with_an_address(tmp_path):
    result = _result(tmp_path, "cable.txt", "Cable from the Embassy of Poland in Hungary, 'A Summary'\n"
                     "February 1, 1961\n\n"
                     "ATTN: MR. JORGE ALVARENGA, FEDERATION PRESIDENT, LAUSANNE, SWITZERLAND\n\n"
                     "We report on the harvest.\n")
    assert _work_facts(result, "schema:sourceOrganization") == {"Embassy of Poland in Hungary"}
    # The addressee is the person; the state after his office is his address.
    assert _work_facts(result, "schema:recipient") == {"Jorge Alvarenga"}


def test_a_states_adjective_in_the_plural_and_a_pr_name_are_the_state(tmp_path):
    result = _result(tmp_path, "plural.txt", "Note\n\n12 May 1971\n\n"
                     "The Hungarians agreed with the delegation of PR Bulgaria.\n")
    assert ("Hungarians", "Hungary") in _mentions(result, "state")
    assert "PR Bulgaria" in [w for w, _ in _mentions(result, "state")]


def test_korea_unqualified_acts_as_a_state_and_the_peninsula_is_a_place(tmp_path):
    # The authority file's choice (authority/entities.toml, "korea"): the documents make
    # "Korea" act and speak; the North and the South keep their own, longer names.
    result = _result(tmp_path, "korea.txt", "Note\n\n12 May 1971\n\nThe Korean delegation said "
                     "that Korea wants talks with North Korea. Floods hit the Korean Peninsula.\n")
    states = _mentions(result, "state")
    assert ("Korean", "Korea") in states and ("Korea", "Korea") in states, states
    assert ("North Korea", "North Korea") in states, states
    assert ("Korean Peninsula", "Korean Peninsula") in _mentions(result, "place")


def test_a_name_spelled_in_spaced_capitals_and_initials_used_twice(tmp_path):
    result = _result(tmp_path, "spaced.txt", "Ciphered Telegram\n\n14 October 1950\n\n"
                     "The UKC agreed with the proposal. Later the UKC and the MFN clause were "
                     "discussed, and the NPR once.\n\nS H T Y R O V\n\nU S S R\n")
    assert ("S H T Y R O V", "Shtyrov") in _mentions(result, "person")
    assert not [w for w, _ in _mentions(result, "person") if w.startswith("U S")]
    bodies = [w for w, _ in _mentions(result, "organization")]
    assert bodies.count("UKC") == 2 and "MFN" not in bodies and "NPR" not in bodies, bodies


def test_a_states_possessive_before_a_body_is_the_states_mention(tmp_path):
    result = _result(tmp_path, "letter.txt", "Letter from the Chairman of the DPRK's National Chess "
                     "Committee to the Secretary of the Asian Chess Union\nMay 3, 1985\n\nWe write.\n")
    assert "National Chess Committee" in [w for w, _ in _mentions(result, "organization")]
    assert "DPRK" in [w for w, _ in _mentions(result, "state")]
    # The body sends the letter; the state only says whose body it is.
    assert _work_facts(result, "schema:sourceOrganization") == {"National Chess Committee"}
