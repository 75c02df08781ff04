"""Who wrote a document and to whom, in the forms archives' translations use: a
translator's "[signature]" mark, a signer's office on the last line, a diary's title
("Journal of ..."), a title naming the head of a mission in brackets ("Embassy in X
(Name)"), an editor's given name in brackets ("[Ambassador Tadeusz] WRZESNIAK"), an
address line's surname in capitals, and a title whose subject follows a comma or
"regarding".

The people and their offices are invented, so only the rules (kg/segment.py,
kg/extract/people.py, kg/relate/metadata.py and rules/lexicon.toml) can find them.
"""

import pytest

from conftest import build_text
from kg.model import Ref

SIGNED_WITH_DISTRIBUTION = """\
Record of the Ambassador's Visits
May 3, 1961

3 May 1961
I visited the Minister of Trade at his invitation. He reported that the harvest was poor
and asked for seed grain before the autumn. I promised to inform the ministry at once.
[...]
RURITANIAN AMBASSADOR IN FREEDONIA [signature] /B. TARNOVSKY/
Four copies printed
1 - Cde. A. A. Vetrov
2 - Cde. P. I. Oblonsky
3 - to file
"""

OFFICE_LAST = """\
Report, Foreign Ministry to the Embassy in Zembla (Excerpt)
May 6, 1950

For the information of the Ambassador I should like to relate our experiences with
the members of the trade delegation that was here in April. At first the delegation
was very reticent, and only a few of them spoke any foreign languages.
By order of the Minister
Jana Kowalczyk
Deputy Under-Secretary
"""

JOURNAL = """\
Journal of Ruritanian Ambassador in Freedonia B. K. Tarnovsky for 3 May 1961
May 3, 1961

I visited the Minister of Trade at his invitation. He reported that the harvest was
poor and asked for seed grain before the autumn.
"""

HEAD_IN_BRACKETS = """\
Telegram from Polish Embassy in Havana (Wrzesniak) to the Polish Ministry of Foreign Affairs, Castro's Visit to the USSR
October 29, 1962

Ciphergram No. 15998
To: MALINOWSKI, Urgent
From: [Ambassador Tadeusz] WRZESNIAK
The reaction to the decision was muted. [Zemblan President Anselm] Vorlak spoke only
of the visit, and said nothing of the talks.
"""

OFFICE_TO = """\
Telegram from the Hungarian Ambassador to the United States Regarding the Second Congressional Hearing
July 30, 1974

FROM: WARSAW
The hearing was brief and the committee asked few questions of the witnesses.
"""


def _parties(tmp_path, text):
    result, src = build_text(tmp_path, "doc.txt", text)
    rel = result.relations
    work = Ref("work", src.meta.work)
    out = {"schema:author": set(), "schema:recipient": set(), "schema:sourceOrganization": set()}
    for f in rel.facts:
        if f.subject == work and f.predicate in out:
            out[f.predicate].add(rel.entities[f.object].label)
    people = [src.view.norm[m.nstart:m.nend] for m in rel.mentions[src.id] if m.kind == "person"]
    return out, people, rel


def test_a_translators_signature_mark_names_the_signer_not_the_copies_list(tmp_path):
    parties, people, _ = _parties(tmp_path, SIGNED_WITH_DISTRIBUTION)
    assert {a.split()[-1].lower() for a in parties["schema:author"]} == {"tarnovsky"}, parties
    # the copies' list below the signature names people, none of them the author
    assert "A. A. Vetrov" in people and "P. I. Oblonsky" in people


def test_a_signers_office_on_the_last_line_is_not_taken_for_a_name(tmp_path):
    parties, people, _ = _parties(tmp_path, OFFICE_LAST)
    assert parties["schema:author"] == {"Jana Kowalczyk"}, parties
    assert "Excerpt" not in people and "Deputy Under-Secretary" not in people


def test_a_journal_is_its_keepers(tmp_path):
    parties, _, _ = _parties(tmp_path, JOURNAL)
    assert parties["schema:author"] == {"B. K. Tarnovsky"}, parties


def test_the_head_of_a_mission_in_brackets_and_an_editors_given_name(tmp_path):
    parties, people, rel = _parties(tmp_path, HEAD_IN_BRACKETS)
    # "(Wrzesniak)" in the title and "[Ambassador Tadeusz] WRZESNIAK" below are one author,
    # named in full; the editor's "Tadeusz" and the text's "WRZESNIAK" are two mentions of him.
    assert parties["schema:author"] == {"Tadeusz Wrzesniak"}, parties
    assert {"Wrzesniak", "Tadeusz", "WRZESNIAK", "Anselm", "Vorlak"} <= set(people), people
    assert "Malinowski" in {label for label in parties["schema:recipient"]}, parties
    # the subject after the comma ("Castro's Visit to the USSR") sends and receives nothing
    assert "Polish Ministry of Foreign Affairs" in parties["schema:recipient"], parties
    assert not {"USSR", "Soviet Union"} & parties["schema:recipient"], parties
    vorlak = [e for e in rel.entities.values() if e.label == "Anselm Vorlak"]
    assert len(vorlak) == 1 and "Anselm" not in vorlak[0].aliases


def test_an_ambassador_to_a_state_sends_and_the_state_receives_nothing(tmp_path):
    parties, people, _ = _parties(tmp_path, OFFICE_TO)
    assert not parties["schema:recipient"], parties
    assert "WARSAW" not in people          # a town in capitals on an address line


@pytest.mark.parametrize("line", ["To: URGENT, Secret", "To: USSR", "FROM: MOSCOW", "To: DEPARTMENT"])
def test_what_an_address_line_in_capitals_holds_besides_a_surname(tmp_path, line):
    text = (f"Telegram No. 5\nMay 2, 1962\n\n{line}\nThe talks went well and the minister "
            "was pleased with their outcome.\n")
    _, people, _ = _parties(tmp_path, text)
    assert not people, people


def test_a_title_from_an_office_of_a_union_sends_for_the_union(tmp_path):
    text = ("Note from Chairman of the Ruritanian Union for Physical Culture and Sport, Regarding the Cup\n"
            "May 18, 1971\n\nThe deadline for sending invitations to the federations is 30 May 1971.\n")
    parties, _, _ = _parties(tmp_path, text)
    assert parties["schema:sourceOrganization"] == {"Ruritanian Union for Physical Culture and Sport"}, parties


# Two documents that kg built into graphs the shapes refused (exit 1): a draft whose maker
# only the title names, and an address line holding an office and the state it serves in.
TITLED_DRAFT = """\
Telegram, Ivo Marek to Jan Kral (4 March 1951)

On 3 March we handed to the minister a draft of the Treaty of Friendship, Alliance and
Mutual Assistance worked out by us.
"""

OFFICE_ADDRESS = """\
Telegram from the Ruritanian Ambassador to the United States
July 30, 1974

To: Ambassador to the United States of America
From: Minister
The talks will be held on Monday.
"""


EAST_WEST = """\
Letter from East German Foreign Minister Anselm Vorlak to Comrade Ivo Marek
March 8, 1966

Below I transmit excerpts of a piece of information on the visit of a delegation.
"""


@pytest.mark.parametrize("text", [TITLED_DRAFT, OFFICE_ADDRESS, EAST_WEST],
                         ids=["titled-draft", "office-address", "east-german-office"])
def test_unseen_forms_give_a_graph_the_shapes_accept(tmp_path, text):
    from conftest import kg

    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    run = kg("build", path, "-o", tmp_path / "out", "-q", "--no-cache")
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_draft_whose_maker_no_signature_names_is_the_titles_writers(tmp_path):
    result, _ = build_text(tmp_path, "doc.txt", TITLED_DRAFT)
    rel = result.relations
    makers = {rel.entities[f.object].label for f in rel.facts if f.predicate == "kgo:proposedBy"}
    assert makers == {"Ivo Marek"}, makers


def test_a_state_an_office_serves_in_is_no_addressee(tmp_path):
    result, _ = build_text(tmp_path, "doc.txt", OFFICE_ADDRESS)
    rel = result.relations
    recipients = [f.object for f in rel.facts if f.predicate == "schema:recipient"]
    assert all(r.kind in ("person", "organization") for r in recipients), recipients


TITLE_DATED = """\
Ruritanian Delegation Minutes, Third Session, Council of Envoys, Zembla, March 3, 1949, 10:00 a.m.
4410.22 Council/3-349

Present: Mr. Anselm Vorlak, Mr. Ivo Marek
Mr. Vorlak opened the session on 2 March 1949 arrangements and the agenda was adopted.
"""

TELEX = """\
Letter from the President of the Zemblan Olympic Committee
August 16, 1988

ATTN: MR. ANSELM VORLAK, ZOC PRESIDENT
FROM: IVO MAREK, PRESIDENT OF DPR KOREAN ZOC, HAVANA
I acknowledge receipt of your telex.
"""


def test_a_title_dates_a_document_with_no_date_line(tmp_path):
    result, _ = build_text(tmp_path, "minutes.txt", TITLE_DATED)
    created = [f.object for f in result.relations.facts if f.predicate == "schema:dateCreated"]
    assert [d.isoformat() for d in created] == ["1949-03-03"], created


def test_a_bodys_initials_after_an_offices_of_are_no_one(tmp_path):
    result, src = build_text(tmp_path, "telex.txt", TELEX)
    people = {src.view.norm[m.nstart:m.nend] for m in result.relations.mentions[src.id]
              if m.kind == "person"}
    assert "ZOC" not in people and "IVO MAREK" in people, people


def test_an_east_german_office_serves_east_germany(tmp_path):
    result, _ = build_text(tmp_path, "doc.txt", EAST_WEST)
    rel = result.relations
    served = {rel.entities[f.object].label for f in rel.facts if f.predicate == "kgo:affiliation"}
    assert served == {"East Germany"}, served


COPIES = """\
Journal of the Ruritanian Ambassador in Freedonia B. K. Tarnovsky for 3 May 1961
May 3, 1961

I visited the Minister of Trade at his invitation. He reported that the harvest was poor.
RURITANIAN AMBASSADOR IN FREEDONIA [signature] /B. TARNOVSKY/
Four copies printed
1 - Cde. A. A. Vetrov
2 - Cde. P. I. Oblonsky
3 - to file
No. 395 - 9 May 1961
"""


def test_those_a_list_of_copies_names_are_recipients(tmp_path):
    parties, _, _ = _parties(tmp_path, COPIES)
    assert parties["schema:author"] == {"B. K. Tarnovsky"}, parties
    assert parties["schema:recipient"] == {"A. A. Vetrov", "P. I. Oblonsky"}, parties


def test_a_name_and_his_body_after_a_comradely_closing_sign(tmp_path):
    text = ("Letter from the Central Committee of the Zemblan Workers Party to Comrade Ivo Marek\n"
            "January 5, 1966\n\nDear Comrade,\nWe ask your party to examine the proposal.\n\n"
            "With Communist Greetings,\n\nAnselm Vorlak, Central Committee of the Zemblan Workers Party\n")
    parties, _, _ = _parties(tmp_path, text)
    assert parties["schema:author"] == {"Anselm Vorlak"}, parties
