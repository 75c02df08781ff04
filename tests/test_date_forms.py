"""Dates as translated archival documents write them beyond a full day: a month and year,
a year alone, a range of days, a month in Roman figures, month-first figures, a date run
into a time. Each is checked through the whole pipeline, so the graph it gives must also
conform to the shapes (a month is an xsd:gYearMonth, a year an xsd:gYear).

The text is invented; the forms were found on documents of the Wilson Center Digital
Archive and FRUS (see the README).
"""

import pytest

from conftest import build_text, kg

REPORT = """\
Report on the Trade Talks

12 May 1971

1174. For the Minister. The talks of 12-18 August 1970 and of 20-24 March went well.
Since 1968 the two sides have met each year; in mid-1969 and again in February 1970
they signed protocols. Telegram 1954 reported 1500 tons delivered and (see Deptel 1962)
a further loan. The parties recalled the Trade Act of 1930, 59 Stat. 1693, and the
accord of 30.X 1969, amended on 1.XI 69 and on 10.29.1969. Delegate G-1306 arrived at
16.08.70/02:59. The 1,954 items of 611.61/3-2654 and the years 1966-67 are no dates.
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return build_text(tmp_path_factory.mktemp("dates"), "report.txt", REPORT)[0]


@pytest.fixture(scope="module")
def dates(report):
    src = report.corpus.sources[0]
    return {src.view.norm[m.nstart:m.nend]: (m.name, m.attr("precision"), m.attr("until"))
            for m in report.relations.mentions[src.id] if m.kind == "date"}


def test_a_year_alone_and_a_month_and_year_are_dates_at_their_precision(dates):
    assert dates["1968"] == ("1968", "year", None)
    assert dates["1969"] == ("1969", "year", None)           # "mid-1969"
    assert dates["1930"] == ("1930", "year", None)
    assert dates["February 1970"] == ("1970-02", "month", None)


def test_numbers_that_only_look_like_years_are_not_dates(dates):
    # a telegram's number heading a line, "Telegram 1954", "Deptel 1962", "1500 tons",
    # "59 Stat. 1693", "G-1306", "1,954", a file number and a range of years
    found = " | ".join(dates)
    for number in ("1174", "1954", "1962", "1500", "1693", "1306", "1966", "67"):
        assert number not in dates, found
    assert not any(k.startswith("1,954") or "2654" in k for k in dates), found


def test_a_range_of_days_is_one_date_from_its_first_day(dates):
    assert dates["12-18 August 1970"] == ("1970-08-12", None, "1970-08-18")
    assert dates["20-24 March"] == ("1970-03-20", None, "1970-03-24")   # the year before it


def test_roman_months_month_first_figures_and_a_date_run_into_a_time(dates):
    assert dates["30.X 1969"][0] == "1969-10-30"
    assert dates["1.XI 69"][0] == "1969-11-01"
    assert dates["10.29.1969"][0] == "1969-10-29"
    assert dates["16.08.70"][0] == "1970-08-16"


def test_the_graph_gives_each_date_at_its_precision_and_conforms(report, tmp_path):
    labels = {e.label for r, e in report.relations.entities.items() if r.kind == "date"}
    assert {"1968", "February 1970", "12 August 1970"} <= labels
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    r = kg("build", path, "-o", tmp_path / "out", "--no-cache")
    assert r.returncode == 0 and "SHACL:     conforms" in r.stdout, r.stdout + r.stderr
    nq = (tmp_path / "out" / "dataset.nq").read_text(encoding="utf-8")
    assert '"1970-02"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>' in nq
    assert '"1968"^^<http://www.w3.org/2001/XMLSchema#gYear>' in nq


HEADED = """\
Statement of the Trade Ministry
(MAY 9, 1971)

Cipher No 12 from Sofia, date 14 VII 1970. Budapest, 1972 July 1: the delegation left.
The talks of 12 OCTOBER 1967 were recalled, and the 1967 May events were not.
"""


def test_months_in_capitals_roman_months_between_spaces_and_year_first_dates(tmp_path):
    report = build_text(tmp_path, "statement.txt", HEADED)[0]
    src = report.corpus.sources[0]
    found = {src.view.norm[m.nstart:m.nend]: m.name
             for m in report.relations.mentions[src.id] if m.kind == "date"}
    assert found["MAY 9, 1971"] == "1971-05-09"
    assert found["14 VII 1970"] == "1970-07-14"
    assert found["1972 July 1"] == "1972-07-01"
    assert found["12 OCTOBER 1967"] == "1967-10-12"
    assert "1967 May" not in found and found.get("1967") == "1967"


def test_a_date_line_in_brackets_dates_the_document(tmp_path):
    path = tmp_path / "statement.txt"
    path.write_text(HEADED, encoding="utf-8")
    r = kg("build", path, "-o", tmp_path / "out", "--no-cache")
    assert r.returncode == 0, r.stdout + r.stderr
    nq = (tmp_path / "out" / "dataset.nq").read_text(encoding="utf-8")
    assert 'schema.org/dateCreated> "1971-05-09"' in nq, \
        [line for line in nq.splitlines() if "dateCreated" in line]
