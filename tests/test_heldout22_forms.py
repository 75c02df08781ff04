"""Forms found on gold-heldout22 (see the README, twelfth round), on invented text:

- a range of days after a month with no year ("held from June 24-28."), or with "through"
  ("March 1 through 4"), is one date;
- "File No.", "Best Wishes", "Kind Regards" name no one, nor does a name run on into a
  demonym's compound ("Tan Shuo Chinese-language papers");
- Korean family names in the Revised Romanization ("Gang Ryang-uk");
- "the Staff of the Zemblan Service of the Ruritanian Radio": the body is what follows;
- "Aide Memoire, Presented to Y by Mr. X on ...": X wrote it, Y received it;
- a hall named by its head ("Anhui Hall"), the USSR NKID, United Press, Panmunjeom, and
  Tibet typed a state, as the records of the 1950s treat it (data).

Every person is invented.
"""

import pytest

from conftest import build_alone, build_mentioned, parties

TEXT = """\
Note on the Talks
June 27, 1966

File No. 12/66
The meetings were held from June 24-28. On March 1 through 4 the delegates met again.
The letter of Gang Ryang-uk arrived. We read Tan Shuo Chinese-language papers; Ivo Tallow stressed it.
The Staff of the Zemblan Service of the Ruritanian Broadcasting Corporation protested.
They dined in the Anhui Hall with envoys of Tibet; the USSR NKID, United Press and the guards at Panmunjeom were told.

Best Wishes,
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_mentioned(tmp_path_factory, TEXT)


def test_a_range_of_days_with_no_year(built):
    result, found = built
    dates = found.get("date", set())
    assert {"June 24-28", "March 1 through 4"} <= dates, dates


def test_words_that_name_no_one(built):
    people = built[1].get("person", set())
    assert not any(w in p for p in people for w in ("File", "Wishes", "-language")), people
    assert "Ivo Tallow" in people, people


def test_a_korean_name_in_the_revised_romanization(built):
    assert "Gang Ryang-uk" in built[1].get("person", set()), built[1].get("person")


def test_the_staff_of_a_body_is_the_body(built):
    bodies = built[1].get("organization", set())
    assert not any(b.startswith("Staff") for b in bodies), bodies


def test_a_hall_and_the_data_files(built):
    found = built[1]
    assert "Anhui Hall" in found.get("place", set()), found.get("place")
    assert "Panmunjeom" in found.get("place", set()), found.get("place")
    assert {"USSR NKID", "United Press"} <= found.get("organization", set()), found.get("organization")
    assert "Tibet" in found.get("state", set()), found.get("state")


PRESENTED = """\
Aide Memoire, Presented to Ruritanian official P. B. Tallow by Mr. Marek on 27 February 1946
February 27, 1946

First of all I consider it necessary to declare our friendship.
"""


def test_a_paper_presented_to_y_by_x(tmp_path_factory):
    got = parties(build_alone(tmp_path_factory, PRESENTED)[0])
    assert got.get("schema:author") == {"Marek"}, got
    assert got.get("schema:recipient") == {"P. B. Tallow"}, got
