"""Forms found on gold-heldout18 (see the README, eighth round), on invented text:

- two-letter initials of Library of Congress Russian ("A.Ia.", "Iu.") and of Polish and
  Hungarian names ("Cz.", "Sz.", "Gy.");
- a register's family name in capitals with initials after it, as a sentence goes on
  ("to Comrade PETROV I.V. of 16.7.52"), not a town with its state's initials;
- "on the Korean question" after a body's name is its topic, not its name;
- a printed letter's salutation with the body on the same line ("Dear Mr. Marcks : You
  will remember ...") names the addressee where the title names only an office;
- "Dear Michael," above a letter to Michael W. Porrit is one person;
- "the Federal Republic" is West Germany; JCS, DIA, WSAG, the Sejm, OPZZ and Radio Hanoi
  (data);
- initials an editor put in brackets before a family name ("[F.V.] Mochulskii") and
  initials without stops after an honorific ("Shri B N Rau");
- "Interpreted and recorded by: Wang" names the record's writer;
- a US State Department decimal file number at a document's head ("795.00/7-2050") dates
  it where nothing else does (ten documents of the read sets were dated so by their
  annotators); else the first whole date among its first lines ("New Delhi November 16,
  1957", "held on June 5, 1989");
- "To Rajendra Prasad1" on a line of its own addresses him;
- "on the Issue of", "on Preparations for" after a body's name is its topic (the lexicon's
  organization topics); "and" between two words of one body's name ("Foreign Affairs and
  Defense Committee", "Law and Order Commission"), not after a name of its own ("Poland
  and Hungary Embassy", "Sejm and Senate Commission", "Mikoyan and Ministry of ...");
- a list's last name before a full stop at the line's end ("Copies: ..., Sokolovsky."); an
  ordinal before a numbered administration ("8th Administration of the General Staff");
  a telegram's number before its sender and addressees ("Ciphered Telegram No. 502597,
  Razuvaev to Cdes. Vasilevsky and Vyshinsky");
- a dash in the text as written (not a hyphen) ends a name ("Gomulka\u2014was he right?");
  the Paracel and Spratly Islands by their Vietnamese names (data);
- lines of a text's head that are a form of address and a name, his office after a comma
  at most ("Comrade Cornel Pacosta", "Cde. Ion Stoian, Minister of Foreign Affairs,"),
  address it to him; not a line of prose, nor a signature.

Every person is invented.
"""

import pytest

from conftest import build_alone, build_mentioned, parties

MINUTES = """\
Minutes of the Meeting of the Secretariat
June 5, 1989

Present: com. Z. Nowacki, Cz. Wisniak, Sz. Kowal, Gy. Horvat and A.Ia. Petrenko.

I report the letter from the chairman to Comrade PETROV I.V. of 16.7.52 and ask Comrade Dolin A.A. to read it.
The delegation arrived in Washington D.C. on Monday.
The United Nations General Assembly on the Korean question voted, and the Federal Republic and the GDR abstained.
The Washington Special Actions Group met; the JCS and DIA reported, Radio Hanoi said so, and the OPZZ and the Sejm met.
"""

LETTER = """\
The Ruritanian Foreign Minister (Tolland) to the Secretary of State
740.00119 Council/4-2447

Dear Mr. Marcks : You will remember that we had a discussion on April 18th with General Robb about the zones.

Yours sincerely,

Arnold Tolland
"""

FIRST_NAME = """\
Letter from Roger Tolland to Michael W. Porrit
12 May 1951

Dear Michael,

Thank you for your letter of the 3rd about the supply of ore.

Yours ever,

Roger Tolland
"""


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    return build_mentioned(tmp_path_factory, MINUTES)[1]


def test_two_letter_initials(found):
    people = found.get("person", set())
    assert {"Z. Nowacki", "Cz. Wisniak", "Sz. Kowal", "Gy. Horvat", "A.Ia. Petrenko"} <= people, people
    assert not {"Cz", "A.Ia", "Petrenko"} & people, people


def test_a_family_name_with_initials_after_it_in_a_sentence(found):
    people = found.get("person", set())
    assert {"PETROV I.V.", "Dolin A.A."} <= people, people
    assert not any("Washington" in p for p in people), people
    assert "Washington D.C." in found.get("place", set())


def test_a_bodys_topic_is_no_part_of_its_name(found):
    bodies = found.get("organization", set())
    assert "United Nations General Assembly" in bodies, bodies
    assert not any(b.endswith("Korean") for b in bodies), bodies


def test_bodies_and_states_of_the_data_files(found):
    bodies = found.get("organization", set())
    assert {"Washington Special Actions Group", "JCS", "DIA", "Radio Hanoi", "OPZZ", "Sejm"} <= bodies, bodies
    assert "Federal Republic" in found.get("state", set())
    assert "Hanoi" not in found.get("place", set())


def test_a_salutation_the_letter_goes_on_after(tmp_path_factory):
    got = parties(build_alone(tmp_path_factory, LETTER)[0])
    assert got.get("schema:recipient") == {"Marcks"}, got
    assert got.get("schema:author") == {"Arnold Tolland"}, got


def test_a_salutation_by_given_name(tmp_path_factory):
    got = parties(build_alone(tmp_path_factory, FIRST_NAME)[0])
    assert got.get("schema:recipient") == {"Michael W. Porrit"}, got


RECORD = """\
Memorandum of Conversation
September 10, 1959

Participants: First Secretary of the Embassy of the Soviet Union in China [F.V.] Mochulskii and Maj. Gen. [S. M.] Zolotov.

We gave instructions to Shri B N Rau as to what he should do.

Interpreted and recorded by: Wang [Illegible]

The talk began at ten.
"""

FILED = """\
The Ruritanian Ambassador (Tolland) to the Secretary of State
851G.014/10\u20131645

The Ambassador presents his compliments and has the honor to refer to the note of October 4.
"""


def test_bracketed_and_undotted_initials_and_a_recorder(tmp_path_factory):
    result, got = build_mentioned(tmp_path_factory, RECORD)
    people = got.get("person", set())
    assert {"F.V.", "Mochulskii", "S. M.", "Zolotov", "B N Rau", "Wang"} <= people, people
    assert parties(result).get("schema:author") == {"Wang"}, parties(result)


def test_a_decimal_file_number_dates_the_document(tmp_path_factory):
    result, src = build_alone(tmp_path_factory, FILED)
    dated = {f.object for f in result.relations.facts if f.predicate == "schema:dateCreated"}
    assert {d.isoformat() for d in dated} == {"1945-10-16"}, dated
    # a day that no month has is no date ("4-3253": April 32)
    result, _ = build_alone(tmp_path_factory, FILED.replace("10\u20131645", "4-3253"))
    assert not [f for f in result.relations.facts if f.predicate == "schema:dateCreated"]


HEAD_DATED = """\
To Krishna Mehra1
New Delhi November 16, 1957

My dear friend,

Thank you for your letter of the 2nd November 1957 about the visit.
"""


def test_the_first_whole_date_among_the_first_lines_and_a_to_line(tmp_path_factory):
    result, _ = build_alone(tmp_path_factory, HEAD_DATED)
    dated = {f.object.isoformat() for f in result.relations.facts
             if f.predicate == "schema:dateCreated"}
    assert dated == {"1957-11-16"}, dated
    assert parties(result).get("schema:recipient") == {"Krishna Mehra"}, parties(result)
    # a date further down is no document's date
    result, _ = build_alone(tmp_path_factory, HEAD_DATED.replace("New Delhi November 16, 1957\n", ""))
    assert not [f for f in result.relations.facts if f.predicate == "schema:dateCreated"]


BODIES = """\
Note on the Committees
May 2, 1950

The International Olympic Committee on the Issue of the games met. The Ruritanian Communist Party Politburo on Preparations for the visit agreed. The Committee on Foreign Relations met.
The Zemblan Foreign Affairs and Defense Committee met, and the Law and Order Commission too.
Poland and Hungary Embassy staff left. The Sejm and Senate Commission met. Mikoyan and Ministry of Foreign Trade officials took the same line.
"""


def test_a_bodys_topic_and_its_and(tmp_path_factory):
    bodies = build_mentioned(tmp_path_factory, BODIES)[1].get("organization", set())
    assert {"International Olympic Committee", "Ruritanian Communist Party Politburo",
            "Committee on Foreign Relations", "Zemblan Foreign Affairs and Defense Committee",
            "Law and Order Commission", "Sejm", "Senate Commission", "Ministry of Foreign Trade"} <= bodies, bodies
    assert not any(" on the Issue" in b or " on Preparations" in b or b.startswith(("Poland", "Mikoyan", "Sejm and"))
                   for b in bodies), bodies


CIPHERED = """\
Ciphered Telegram No. 502597, Razumov to Cdes. Vasilenko and Vyshinsky
July 16, 1952

I report the letter of the Korean side.

Copies: Stalin (2), Molotov, Malenkov, Beria, Vyshinsky, Sokolenko.

Sent to 8th Administration of the General Staff of the Soviet Army
"""


def test_a_ciphered_telegram_its_copies_and_a_numbered_administration(tmp_path_factory):
    result, got = build_mentioned(tmp_path_factory, CIPHERED)
    assert "Sokolenko" in got.get("person", set()), got
    assert "8th Administration of the General Staff of the Soviet Army" in got.get("organization", set()), got
    sides = parties(result)
    assert sides.get("schema:author") == {"Razumov"}, sides
    assert {"Vasilenko", "Andrey Vyshinsky"} <= sides.get("schema:recipient", set()), sides


DASHED = """\
Note on the Islands
May 2, 1950

Comrade Tomulka\u2014was he right?\u2014said so, and Comrade Hsiao-p'ing agreed. The islands of Hoang Sa and Truong Sa are ours.
"""


def test_a_dash_ends_a_name_and_the_islands(tmp_path_factory):
    got = build_mentioned(tmp_path_factory, DASHED)[1]
    assert {"Tomulka", "Hsiao-p'ing"} <= got.get("person", set()), got
    assert not any("Sa" in p or "was" in p for p in got.get("person", set())), got
    assert {"Hoang Sa", "Truong Sa"} <= got.get("place", set()), got


ADDRESSED = """\
Informational Note from the Ruritanian Embassy in Moscow to the Ministry of Foreign Affairs
December 21, 1989

Telegram

Cde. Ion Stoianu, Minister of Foreign Affairs,
Cde. Petru Olteanu, Deputy Foreign Minister,

Comrade Vasile Dumitrescu said yesterday that the talks would go on, and we agreed with him at once.

Comrade Mihai Popa
"""


def test_address_lines_of_a_texts_head(tmp_path_factory):
    got = parties(build_alone(tmp_path_factory, ADDRESSED)[0])
    people = {r for r in got.get("schema:recipient", set()) if "Ministry" not in r}
    assert people == {"Ion Stoianu", "Petru Olteanu"}, got


LISTED = """\
Record of the Meeting
December 21, 1989

Present:
Comrade Ion Stoianu
Comrade Petru Olteanu

The meeting opened at ten o'clock in the morning and the delegations exchanged their views.
"""


def test_the_items_of_a_list_are_no_addressees(tmp_path_factory):
    got = parties(build_alone(tmp_path_factory, LISTED)[0])
    assert not got.get("schema:recipient"), got
