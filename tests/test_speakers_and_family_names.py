"""Two forms of names with no title and no verb of saying: a family name that comes
first (Chinese, Korean, Vietnamese names: "Ryu Sang Ho invited me") and a transcript's
speaker at the start of a line ("Varkonyi: Comrades, ...").

The names are invented, so only the rules (kg/extract/people.py, and the family names
and line labels in rules/lexicon.toml) can find them.
"""

import pytest

from conftest import build_text

RECORD = """\
Record of a Conversation

12 May 1971

Number: 112
Venue: the guest house

The Minister reported that Ryu Sang Ho invited me to come. Tsou Wen-ming will serve as
liaison, and Hoang Van Tuan met us at Park Avenue. Long Live the Party! The students of
Ryu Sang Ho University sang.

Varkonyi: Comrades, before we begin I must report on the harvest in the south.
Szendrey: I agree with what Comrade Varkonyi said about the harvest.
Varkonyi: Then we shall vote on the proposal of the Presidium now.

HOLLENBRAND. We believe the situation is difficult.
"""


@pytest.fixture(scope="module")
def people(tmp_path_factory):
    result, src = build_text(tmp_path_factory.mktemp("speakers"), "record.txt", RECORD)
    return [(src.view.norm[m.nstart:m.nend], m.kind) for m in result.relations.mentions[src.id]]


def test_a_family_name_first_and_its_given_names_are_a_person(people):
    for name in ("Ryu Sang Ho", "Tsou Wen-ming", "Hoang Van Tuan"):
        assert (name, "person") in people, people


def test_what_only_looks_like_such_a_name_is_not_a_person(people):
    said = {words for words, kind in people if kind == "person"}
    assert not {"Park Avenue", "Long Live", "Ryu Sang Ho University"} & said, said
    assert ("Ryu Sang Ho University", "organization") in people


def test_a_transcripts_speakers_are_people_and_a_headers_fields_are_not(people):
    said = [words for words, kind in people if kind == "person"]
    assert said.count("Varkonyi") == 3 and "Szendrey" in said, said
    assert not {"Number", "Venue"} & set(said), said
    assert "HOLLENBRAND" in said          # in capitals, with a full stop
