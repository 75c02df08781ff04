"""Forms of diplomatic documents kg was taught on FRUS, checked on an invented telegram.

Names and places are made up, so that only the generic rules can find them.
"""

import pytest

from kg.model import Ref
from kg.pipeline import run

TELEGRAM = """\
12. Telegram From the Embassy in Ruritania to the Ministry of Foreign Affairs

Strelsau, June 3, 1961, 6 p.m.

1402. I saw Foreign Minister Tarlenheim today. Rudolf Elphberg, Acting Prime Minister of Ruritania, joined us; Sapt stressed that the treaty was ready. His daughter Flavia was present. Later Tarlenheim and Detchard left for the harbour.

Hentzau

Notes

[1] Source: Central Files. Drafted by Bersonin and cleared by Lauengram, J. K. Novak, Jr. (EUR), and Krafstein.
"""


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    path = tmp_path_factory.mktemp("unseen") / "telegram.txt"
    path.write_text(TELEGRAM, encoding="utf-8")
    return run([path])


def _spans(result, kind):
    src = result.corpus.sources[0]
    return {src.view.norm[m.nstart:m.nend]
            for m in result.relations.mentions[src.id] if m.kind == kind}


def test_title_line_dateline_signature_and_notes_are_parts_of_their_own(result):
    src = result.corpus.sources[0]
    parts = [(s.kind, src.view.norm[s.nstart:s.nend].split("\n")[0]) for s in result.relations.segments[src.id]]
    assert parts == [
        ("Heading", "12. Telegram From the Embassy in Ruritania to the Ministry of Foreign Affairs"),
        ("DateLine", "Strelsau, June 3, 1961, 6 p.m."),
        ("Body", parts[2][1]),
        ("Signature", "Hentzau"),
        ("EditorialNote", "Notes"),
    ]


def test_people_found_by_office_apposition_speech_kinship_coordination_and_notes(result):
    assert _spans(result, "person") == {
        "Tarlenheim",            # Foreign Minister Tarlenheim (twice)
        "Rudolf Elphberg",       # ..., Acting Prime Minister of ...
        "Sapt",                  # Sapt stressed
        "Flavia",                # His daughter Flavia
        "Detchard",              # Tarlenheim and Detchard
        "Hentzau",               # the signature above the notes
        "Bersonin", "Lauengram", "J. K. Novak, Jr.", "Krafstein",   # drafted by / cleared by
    }


def test_a_time_after_the_date_is_part_of_it(result):
    assert _spans(result, "date") == {"June 3, 1961, 6 p.m."}


def test_title_line_gives_sender_and_addressee_and_dateline_the_date(result):
    facts = {(f.predicate, f.object if not isinstance(f.object, Ref) else
              result.relations.entities[f.object].label)
             for f in result.relations.facts if f.subject.kind == "work"
             and f.predicate != "schema:mentions"}
    import datetime as dt
    assert facts == {
        ("schema:author", "Hentzau"),
        ("schema:sourceOrganization", "Embassy in Ruritania"),
        ("schema:recipient", "Ministry of Foreign Affairs"),
        ("schema:dateCreated", dt.date(1961, 6, 3)),
    }
