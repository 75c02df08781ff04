"""Dates in common English formats, normalised to ``xsd:date``.

Handles "26 March 1954", "26th of March, 1954", "March 26, 1954",
"Mar. 26 1954", ISO "1954-03-26" and day-first "26.03.1954" (month-first
"10.29.1962" where only that reading is a date; with slashes, "5/16/1963", only
where one number cannot be a month), with a time of day after them
("March 10, 1961, 5 p.m.") kept in the span, and days of the Iranian calendar
("29 Mehr, 1326": 22 October 1947). Dates that do not exist
(30 February) are not dates. Less precise dates are kept at their precision:
a month ("February 1965", named ``1965-02``) and a year standing alone
("in 1961", named ``1961``), whose mentions carry ``precision`` and no day.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from itertools import chain
from typing import NamedTuple

from ..model import Mention
from ..registry import component
from ..spans import SpanCover

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
MONTH_NAMES = frozenset(k.capitalize() for k in list(_MONTHS)[:12])
# A month's name as written, or in capitals as telegrams and headings print it ("12 OCTOBER 1967").
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
          r"|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)")
_DAY = r"(?:[0-2]?[0-9]|3[01])(?:st|nd|rd|th|ST|ND|RD|TH)?"   # "30TH October, 1951" as typed
_YEAR = r"[0-9]{4}"
# An editor may supply a date's month or year in brackets ("20 [January]", "25 January [1950]").
_BMONTH = rf"(?:{_MONTH}|\[{_MONTH}\])"
_BYEAR = rf"(?:{_YEAR}|\[{_YEAR}\])"
# The end of a year: no figure follows, unless a note's number of one or two figures runs
# straight on to the end of the line (a heading's "Washington, June 15, 19561"), or a
# year of the last two centuries runs on into a note's number before a word in small
# letters ("under date of Feb. 12, 194554 in ...", as FRUS prints its notes).
_YEAR_END = (r"(?:(?![0-9])|(?=[0-9]{1,2}[ \t]*(?:\n|\Z))"
             r"|(?<=1[89][0-9]{2})(?=[0-9]{1,3}[ \t]+[a-z]))")
# No named groups: other patterns embed this one.
DATE_PATTERN = (
    # a day may end in a full stop, as German and Scandinavian texts write it ("18. July 1973");
    # a note number may be glued to the year at a line's end ("June 15, 19561"); a typist may
    # leave out the space after the comma or the month ("19th July,1949", "January 24,1958",
    # "14 June1967", "Dec.20, 1949")
    rf"(?:(?<![0-9]){_DAY}\.?\s+(?:of\s+)?{_BMONTH}(?:,\s*|\s*){_BYEAR}{_YEAR_END}"
    rf"|\b{_MONTH}(?:\s+|(?<=\.)){_DAY}(?:,\s*|\s+){_BYEAR}{_YEAR_END}"
    # year first, as Hungarian and East Asian records date ("Budapest, 1972 July 1"; not
    # "1968, January 4": "telegram 1198, April 16" is written so too)
    rf"|(?<![\w.,]){_YEAR}\.?[ \t]+{_MONTH}[ \t]+{_DAY}(?![\w])"
    rf"|(?<![0-9]){_YEAR}-[01]?[0-9]-[0-3]?[0-9](?![0-9])"
    rf"|(?<![0-9.]){_DAY}\.[0-3]?[0-9]\.{_YEAR}(?![0-9])"
    # year, month and day with full stops, as Korean and Japanese records date ("1976. 9. 28")
    rf"|(?<![0-9.]){_YEAR}\.[ \t]?[01]?[0-9]\.[ \t]?[0-3]?[0-9](?![0-9]|\.[0-9])"
    # the year supplied by an editor ("14.12. [1978]")
    rf"|(?<![0-9.]){_DAY}\.[0-3]?[0-9]\.[ \t]?\[{_YEAR}\]"
    # with slashes, only where one number cannot be a month ("5/16/1963", "16/5/1963")
    rf"|(?<![0-9/.])[0-3]?[0-9]/[0-3]?[0-9]/{_YEAR}(?![0-9/]))"
)
# Every form starts with a figure or a month's capital: the lookahead lets the scan pass
# over every other position at once instead of trying each form there.
_DATE_RE = re.compile(rf"(?=[0-9JFMASOND]){DATE_PATTERN}")
# A time of day written right after a date belongs to it ("March 10, 1961, 5 p.m.",
# "September 12, 1964, 10-11:30 a.m.", "January 30, 1958—7 p.m.": a dash reads "-" here;
# a telegram's "September 3, 1970, 2000Z", Greenwich time).
_CLOCK = r"[0-2]?[0-9](?::[0-5][0-9])?"
TIME_PATTERN = (rf"(?:(?:,?[ \t]+|[ \t]*-{{1,2}}[ \t]*)(?:{_CLOCK}(?:[ \t]*[-\u2013][ \t]*{_CLOCK})?[ \t]*"
                r"(?:a\.m\.|p\.m\.|A\.M\.|P\.M\.)|noon|midnight|[0-2][0-9][0-5][0-9]Z)(?![\w]))")
_TIME_RE = re.compile(TIME_PATTERN)


def parse_date(text: str) -> dt.date | None:
    """Return the date *text* names, or None if it names no real date."""
    t = text.strip()
    try:
        if m := re.fullmatch(r"([0-9]{4})(?:-|\.[ \t]?)([0-9]{1,2})(?:-|\.[ \t]?)([0-9]{1,2})", t):
            # "1973-3-15", "1976. 9. 28"
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", t):
            a, b, year = int(m[1]), int(m[2]), int(m[3])
            if a > 12 >= b:
                return dt.date(year, b, a)
            if b > 12 >= a:
                return dt.date(year, a, b)
            return None                     # "5/6/1963": either could be the month
        if m := re.fullmatch(r"([0-9]{1,2})\.([0-9]{1,2})\.(?:[ \t]?\[([0-9]{4})\]|([0-9]{4}))", t):
            a, b, year = int(m[1]), int(m[2]), int(m[3] or m[4])
            if b > 12 >= a:                 # "10.29.1962": only month-first is a date
                a, b = b, a
            return dt.date(year, b, a)
        words = re.findall(r"[A-Za-z]+|[0-9]+", t)
        nums = [int(w) for w in words if w.isdigit()]
        month = next((_MONTHS[w.lower()] for w in words if w.lower() in _MONTHS), None)
        if month is None or len(nums) != 2:
            return None
        day, year = (nums[0], nums[1]) if nums[1] > 31 else (nums[1], nums[0])
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(norm: str, start: int = 0, end: int | None = None):
    """Yield ``(nstart, nend, date)`` for every date in ``norm[start:end]``.

    A time of day right after the date is part of its span; the value is the day.
    """
    stop = len(norm) if end is None else end
    for m in _DATE_RE.finditer(norm, start, stop):
        value = parse_date(m.group())
        if value is not None:
            t = _TIME_RE.match(norm, m.end(), stop)
            yield m.start(), t.end() if t else m.end(), value


# A US State Department decimal file number on a line of its own at the head of a document
# ("795.00/7-2050", "851G.014/10-1645", "740.00119 Council/4-2447", "800.00 Summaries/7-648:
# Circular telegram"): after the slash, the month, then the day and the year's last two digits.
_DECIMAL_FILE = re.compile(r"^[ \t]*\d{3}[A-Z]?(?:\.[\w]+)?(?:[ \t]+[^/\n]{1,40})?/"
                           r"(?P<when>(?P<m>\d{1,2})[-\u2013](?P<d>\d{1,2})(?P<y>\d\d))"
                           r"(?![\d])[ \t]*(?::[^\n]*)?$", re.M)
_HEAD_LINES = 4


def head_end(norm: str) -> int:
    """Where the text's first :data:`_HEAD_LINES` lines end."""
    head = 0
    for _ in range(_HEAD_LINES):
        head = norm.find("\n", head) + 1 or len(norm)
    return head


def filed_date(norm: str, head: int) -> tuple[dt.date, int, int] | None:
    """The date a decimal file number gives before *head*: (date, start, end)."""
    f = _DECIMAL_FILE.search(norm, 0, head)
    if f is None:
        return None
    try:
        when = dt.date(1900 + int(f.group("y")), int(f.group("m")), int(f.group("d")))
    except ValueError:
        return None
    return when, f.start("when"), f.end("when")


# A day and month with no year ("on 4 April", "December 1"): dated by the text's full dates.
_PARTIAL_RE = re.compile(
    rf"(?=[0-9])(?<![0-9.,/])(?<![^0-9]-)(?P<d1>{_DAY})\s+(?:of\s+)?(?:\[(?P<m1b>{_MONTH})\]|(?P<m1>{_MONTH}))"
    rf"(?![\w])(?!\.?,?\s*\[?[0-9])"
    rf"|(?=[JFMASOND])\b(?P<m2>{_MONTH})\s+(?P<d2>{_DAY})"
    # no figure after it, but for the rest of a range, with its year or not ("February 23-24,
    # 1969", "held from June 24-28."), or a note's number glued on after a day written with
    # its ending, which no year follows so ("on November 23rd.76")
    rf"(?:(?![\w.,/:-]*[0-9])|(?<=st|nd|rd|th)(?=[.,][0-9]{{1,3}}(?:\s|\Z))"
    rf"|(?=[ \t]?(?:-{{1,2}}|\u2013)[ \t]?[0-3]?[0-9]"
    rf"(?:,?[ \t]+[0-9]{{4}}(?![0-9])|(?![\w.,/:-]*[0-9])(?!\w))))(?!\w)")


class _Anchors:
    """The text's full dates, for dating what is written without a year: the year of the
    nearest one before a position (else of the first), and whether a span overlaps one."""

    def __init__(self, full: list[Mention]):
        self._full = sorted(full, key=lambda m: m.nstart)
        self._starts = [m.nstart for m in self._full]
        self.overlaps = SpanCover(full).overlaps

    def year(self, pos: int) -> int:
        i = bisect_left(self._starts, pos)
        return self._full[i - 1 if i else 0].value.year

    def full_year(self, pos: int, yy: int) -> int:
        """A two-figure year written at *pos*, in the century of :meth:`year`."""
        anchor = self.year(pos)
        return anchor - anchor % 100 + yy


def _partial_dates(norm: str, segments, anchors: _Anchors):
    """``(nstart, nend, date)`` of each day and month written without a year, the year
    taken from the nearest full date before it in the text (else the first after it)."""
    for seg in segments:
        for m in _PARTIAL_RE.finditer(norm, seg.nstart, seg.nend):
            if anchors.overlaps(m.start(), m.end()):
                continue
            words = m.group("m1") or m.group("m1b") or m.group("m2")
            day = int(re.match(r"[0-9]+", m.group("d1") or m.group("d2")).group())
            try:
                value = dt.date(anchors.year(m.start()), _MONTHS[words.rstrip(".").lower()], day)
            except ValueError:
                continue
            yield m.start(), m.end(), value


# Dates in figures with a two-digit year ("13.10.50", "16.08.88", "10/14/50", "16/8/88"), as
# telegrams and registry stamps write them; an ellipsis may run into one ("Department...11.25.63").
# A time run straight on after a slash belongs to the date's line, not its number ("16.08.88/02:59").
_SHORT_RE = re.compile(r"(?=[0-9])(?<![\w/-])(?<![\w/-]\.)(?<!^\.)([0-3]?[0-9])([./])([0-3]?[0-9])\2([0-9]{2})"
                       r"(?![\w-]|/(?![0-2][0-9]:[0-5][0-9])|\.[0-9])")


def _short_dates(norm: str, segments, anchors: _Anchors):
    """``(nstart, nend, date)`` of each date in figures with a two-digit year, its century
    that of the text's nearest full date before it (else its first).
    With full stops the day comes first unless the second number cannot be a month
    ("11.25.63"); with slashes, whichever number cannot be a month is the day, and a
    date where both could be is left alone."""
    for seg in segments:
        for m in _SHORT_RE.finditer(norm, seg.nstart, seg.nend):
            a, sep, b, yy = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
            if sep == "." and (b <= 12 or a > 12):
                day, month = a, b
            elif a > 12 >= b:
                day, month = a, b
            elif b > 12 >= a:
                day, month = b, a
            else:
                continue
            try:
                yield m.start(), m.end(), dt.date(anchors.full_year(m.start(), yy), month, day)
            except ValueError:
                continue


# A day, a month in Roman figures and a year ("30.X 1962", "1.XI 62", "30.X.1962", a
# Yugoslav "5. IX – 1967"), as Central and East European registries write them.
_ROMAN_MONTHS = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8,
                 "IX": 9, "X": 10, "XI": 11, "XII": 12}
_ROMAN_RE = re.compile(r"(?=[0-9])(?<![\w.])([0-3]?[0-9])\.[ \t]?(XII|XI|X|IX|VIII|VII|VI|IV|V|III|II|I)"
                       r"(?:\.[ \t]?|[ \t])(?:[-\u2013][ \t])?([0-9]{4}|[0-9]{2})(?![\w]|[.,][0-9])"
                       # "14 VII 1970", a telegram's "1 XII 63": spaces only
                       r"|(?=[0-9])(?<![\w.,])([0-3]?[0-9])[ \t](XII|XI|X|IX|VIII|VII|VI|IV|V|III|II|I)[ \t]([0-9]{4}|[0-9]{2})"
                       r"(?![\w]|[.,][0-9])")


def _roman_dates(norm: str, segments):
    """``(nstart, nend, day, month, year)`` of each date with its month in Roman figures;
    a two-figure year is returned as it stands (below 100)."""
    for seg in segments:
        for m in _ROMAN_RE.finditer(norm, seg.nstart, seg.nend):
            day, month, year = m.groups()[:3] if m.group(1) else m.groups()[3:]
            yield m.start(), m.end(), int(day), _ROMAN_MONTHS[month], int(year)


# A day of the Iranian (Solar Hijri) calendar: "20 Shahrivar, 1326", "29 Mehr 1326". Its
# months, as English records spell them; its years from the one Iran took it up in (1304,
# 1925) to 1420 (2041). The rule of leap years below is the calendar's arithmetic one; it was
# checked against days whose Gregorian dates are well known (tests), not against every year.
_SOLAR_MONTHS = {"farvardin": 1, "ordibehesht": 2, "khordad": 3, "tir": 4, "mordad": 5,
                 "amordad": 5, "shahrivar": 6, "shahriver": 6, "mehr": 7, "aban": 8, "azar": 9,
                 "dey": 10, "dei": 10, "bahman": 11, "esfand": 12, "isfand": 12}
_SOLAR_MONTH = r"(?i:" + "|".join(sorted(_SOLAR_MONTHS, key=len, reverse=True)) + r")"
_SOLAR_RE = re.compile(r"(?<![\w.])(?=[0-9]|(?i:[abdefikmost]))(?:([0-3]?[0-9])(?:st|nd|rd|th)?[ \t]+)?(" + _SOLAR_MONTH + r"),?[ \t]+"
                       r"(1[34][0-9]{2})(?![\w]|[.,][0-9])")
_NOWRUZ_1358 = dt.date(1979, 3, 21)       # 1 Farvardin 1358


def _solar_leap(year: int) -> bool:
    """Whether a Solar Hijri year has 366 days: eight years in every 33."""
    return (25 * year + 11) % 33 < 8


def solar_hijri(year: int, month: int, day: int) -> dt.date | None:
    """The Gregorian day of a Solar Hijri one, or None if there is no such day. The months
    have 31 days (1-6), 30 (7-11) and 29, or 30 in a leap year (12)."""
    length = 31 if month <= 6 else 30 if month <= 11 else 30 if _solar_leap(year) else 29
    if not 1 <= day <= length:
        return None
    years = range(min(year, 1358), max(year, 1358))
    days = sum(366 if _solar_leap(y) else 365 for y in years) * (1 if year >= 1358 else -1)
    into = (month - 1) * 31 if month <= 7 else 186 + (month - 7) * 30
    return _NOWRUZ_1358 + dt.timedelta(days + into + day - 1)


class _Span(NamedTuple):
    nstart: int
    nend: int


def _solar_dates(norm: str, segments):
    """``(nstart, nend, date)`` of each Solar Hijri day, month and year, and the span of
    each that gives no Gregorian day (a month and year, a day no month has, a year out of
    range) with ``None``: its year is no Gregorian year either."""
    for seg in segments:
        for m in _SOLAR_RE.finditer(norm, seg.nstart, seg.nend):
            year = int(m.group(3))
            v = solar_hijri(year, _SOLAR_MONTHS[m.group(2).lower()], int(m.group(1))) \
                if m.group(1) and 1304 <= year <= 1420 else None
            yield m.start(), m.end(), v


# The first month of a range written before a month and year ("July-August 1951").
_DAY_BEFORE_MONTH = re.compile(r"[0-9](?:st|nd|rd|th)?\.?[ \t]*\Z")   # "from 12 March to June 1951"
_MONTH_RANGE_START = re.compile(rf"(?<![\w-])({_MONTH})(?:[ \t]?[-\u2013][ \t]?|[ \t]+(?:through|to|till|until)[ \t]+)\Z")
# A month and year with no day ("February 1965", "in May, 1955", "November of 1966").
_MONTH_YEAR_RE = re.compile(rf"(?=[JFMASOND])\b({_MONTH})(?:,|[ \t]+of)?\s+({_YEAR})(?![0-9])")
# A year standing alone: four figures not part of a longer number, a reference or a range
# ("1,954", "611.61/3-2654", "G-1306", "1954-55", a file's "1979-K"), nor a number heading a line ("1174. For
# Ambassador", a telegram's); "mid-1954" is a year.
_YEAR_RE = re.compile(r"(?=[12])(?<![\w$£#/.,:])(?<![0-9A-Z]-)(?<!^)(1[0-9]{3}|20[0-9]{2})(?![\w%/]|[.,:][0-9]|-\w)"
                      r"|(?=[12])(?<=^)(1[0-9]{3}|20[0-9]{2})(?![\w%/.]|[,:][0-9]|-\w)", re.M)
_WORD_BEFORE = re.compile(r"""([^\s(\["']+)[ \t]*\Z""")
_WORD_AFTER = re.compile(r"[ \t]*([^\s.,;:!?)]+)")
_COUNT_AFTER = re.compile(r"[ \t]*(?:and|to|till|until|-|\u2013)[ \t]*[0-9]{3,4}[ \t]*([^\s.,;:!?)]+)")


def _coarse_dates(norm: str, segments, taken, counters, units):
    """``(nstart, nend, name, precision)`` of each month-and-year and each year standing
    alone outside the spans *taken* (a ``SpanCover``). A year is not one after a word that
    numbers things ("telegram", "No.") or before one that counts them ("tons")."""
    for seg in segments:
        months = []
        for m in _MONTH_YEAR_RE.finditer(norm, seg.nstart, seg.nend):
            if not taken.overlaps(m.start(), m.end()):
                months.append((m.start(), m.end()))
                yield m.start(), m.end(), f"{m.group(2)}-{_MONTHS[m.group(1).rstrip('.').lower()]:02d}", "month"
        j = 0       # the months are in order and apart, and so are the years: one pass
        for m in _YEAR_RE.finditer(norm, seg.nstart, seg.nend):
            s, e = m.start(), m.end()
            while j < len(months) and months[j][1] <= s:
                j += 1
            if taken.overlaps(s, e) or (j < len(months) and months[j][0] < e):
                continue
            before = _WORD_BEFORE.search(norm, max(seg.nstart, s - 40), s)
            if before and before.group(1).lower().rstrip("])") in counters:
                continue
            after = _WORD_AFTER.match(norm, e, seg.nend)
            if after and after.group(1).lower().strip("[]") in units:
                continue        # "1155 [characters]": an editor's unit in brackets counts too
            after = _COUNT_AFTER.match(norm, e, seg.nend)
            if after and after.group(1).lower() in units:
                continue        # "between 1000 and 1130 hours": both ends count the unit
            yield s, e, m.group(1) or m.group(2), "year"


def date_label(name: str) -> str:
    """How a date's name reads: "26 March 1954", "March 1954" or "1954"."""
    if len(name) == 7:
        return f"{dt.date(int(name[:4]), int(name[5:]), 1):%B %Y}"
    if len(name) == 4:
        return name
    return f"{dt.date.fromisoformat(name):%-d %B %Y}"


# The first day of a range written before a date's day ("12-18 August 1960", "20-24 March",
# "17 to 22 May 1973"), or the first days of a list of them ("19, 20 and 21 October 1956").
_RANGE_START = re.compile(r"(?<![\w.,/-])([0-3]?[0-9])(?:st|nd|rd|th)?"
                          r"(?P<more>(?:,[ \t]+[0-3]?[0-9](?:st|nd|rd|th)?)*)"
                          r"(?:[ \t]?-{1,2}[ \t]?|,?[ \t]+(?i:and|to)[ \t]+)\Z")
_LISTED_DAY = re.compile(r"[0-9]+")
# The last day after a month-first date, and the year after it: "February 17 and 18, 1970",
# "JULY 24 AND 25", "March 1 through 4", "from October 10 to 13".
_RANGE_END = re.compile(r"(?:[ \t]?(?:-{1,2}|\u2013)[ \t]?|[ \t]+(?i:and|to|through|till|until)[ \t]+)([0-3]?[0-9])(?:st|nd|rd|th)?"
                        r"(?:,?[ \t]+([0-9]{4}))?(?![\w.,/:-]*[0-9])(?![\w])")
_FROM = re.compile(r"\b(?i:from)[ \t]+\Z")


def _ranges(norm: str, mentions: list[Mention], units: frozenset[str] = frozenset()) -> list[Mention]:
    """*mentions* with each date that ends a range of days widened to the whole range: its
    value the first day, the last kept as ``until``; not where a word of *units* follows the
    last day ("from March 3 to 15 per cent")."""
    out = []
    for m in mentions:
        r = _RANGE_START.search(norm, max(0, m.nstart - 24), m.nstart) if norm[m.nstart].isdigit() else None
        days = [int(r.group(1)), *map(int, _LISTED_DAY.findall(r.group("more")))] if r else []
        # a list of three days or more is one span only when the days follow one another
        # ("19, 20 and 21 October"), not "5, 12 and 19 October"
        step = (lambda a, b: b == a + 1) if len(days) > 1 else (lambda a, b: a < b)
        if r is not None and 0 < days[0] and all(step(a, b) for a, b in zip(days, [*days[1:], m.value.day])):
            first = m.value.replace(day=int(r.group(1)))
            m = Mention(m.source, r.start(), m.nend, "date", first.isoformat(), m.rule, m.confidence,
                        value=first, attrs=(*m.attrs, ("until", m.value.isoformat())))
        elif norm[m.nstart].isalpha() and (t := _RANGE_END.match(norm, m.nend)) is not None \
                and m.value.day < int(t.group(1)) <= 31 \
                and (t.group().split()[0].lower() != "and" or int(t.group(1)) == m.value.day + 1) \
                and (t.group().split()[0].lower() != "to" or _FROM.search(norm, max(0, m.nstart - 8), m.nstart)) \
                and not ((w := _WORD_AFTER.match(norm, t.end())) and w.group(1).lower() in units) \
                and not norm.startswith(("%", " per cent", " %"), t.end()):
            # ... but "December 19 and 24" are two days, not a range ("17 and 18" is one), and
            # "to" joins two days after "from" ("from October 10 to 13"), not "on May 5 to 10
            # percent" nor "from March 3 to 15 per cent"
            # "February 17 and 18, 1970": the year after the last day is the first's too
            attrs = m.attrs
            first = m.value
            if t.group(2):
                attrs = tuple(a for a in attrs if a != ("year", "inferred"))
                try:
                    first = first.replace(year=int(t.group(2)))
                except ValueError:
                    out.append(m)
                    continue
            try:
                last = first.replace(day=int(t.group(1)))
            except ValueError:
                out.append(m)
                continue
            m = Mention(m.source, m.nstart, t.end(), "date", first.isoformat(), m.rule,
                        0.95 if t.group(2) else m.confidence, value=first,
                        attrs=(*attrs, ("until", last.isoformat())))
        out.append(m)
    return out


@component("kg.dates.v1", "extract", adds=("dates",))
def extract_dates(ctx) -> list[Mention]:
    """Dates in common English formats, normalised to xsd:date; a day and month with no
    year dated by the text's full dates (less sure: the year is read from elsewhere); a
    month and year, and a year alone, at their precision."""
    sid, norm = ctx.source.id, ctx.norm
    out = [Mention(sid, s, e, "date", v.isoformat(), "kg.dates.v1", 0.95, value=v)
           for seg in ctx.segments for s, e, v in find_dates(norm, seg.nstart, seg.nend)]
    short_year = []
    for s, e, day, month, year in _roman_dates(norm, ctx.segments):
        if year >= 100:
            try:
                v = dt.date(year, month, day)
            except ValueError:
                continue
            out.append(Mention(sid, s, e, "date", v.isoformat(), "kg.dates.v1", 0.95, value=v))
        else:
            short_year.append((s, e, day, month, year))
    solar = list(_solar_dates(norm, ctx.segments))
    out += [Mention(sid, s, e, "date", v.isoformat(), "kg.dates.v1", 0.9, value=v)
            for s, e, v in solar if v is not None]
    no_year = [_Span(s, e) for s, e, v in solar if v is None]
    lex = ctx.lexicon
    anchored = out
    if not out:
        # With no full date, a year the text gives alone ("Report (1956)", "in May 1956")
        # tells the year of the others; with none, nothing does.
        anchored = [Mention(sid, s, e, "date", name, "kg.dates.v1", 0.7,
                            value=dt.date(int(name[:4]), 1, 1))
                    for s, e, name, _ in _coarse_dates(norm, ctx.segments, SpanCover(no_year),
                                                       lex.year_counters, lex.year_units)]
    if not anchored and (filed := filed_date(norm, head_end(norm))) is not None:
        # nor a year: a file number at the head ("891.00/11-2745") tells the year the paper
        # was filed in, which its days and months are dated by (an anchor, not a mention)
        when, s, e = filed
        anchored = [Mention(sid, s, e, "date", when.isoformat(), "kg.dates.v1", 0.6, value=when)]
    if anchored:
        anchors = _Anchors(anchored)
        inferred = list(chain(_partial_dates(norm, ctx.segments, anchors),
                              _short_dates(norm, ctx.segments, anchors)))
        for s, e, day, month, yy in short_year:
            try:
                inferred.append((s, e, dt.date(anchors.full_year(s, yy), month, day)))
            except ValueError:
                continue
        out += [Mention(sid, s, e, "date", v.isoformat(), "kg.dates.v1", 0.7, value=v,
                        attrs=(("year", "inferred"),)) for s, e, v in inferred]
        out = _ranges(norm, out, lex.year_units)
    for s, e, name, precision in _coarse_dates(norm, ctx.segments, SpanCover([*out, *no_year]),
                                               lex.year_counters, lex.year_units):
        attrs: tuple = (("precision", precision),)
        # "July-August 1951", "July through August 1951": a range of months, named by its first
        if precision == "month" and (r := _MONTH_RANGE_START.search(norm, max(0, s - 24), s)) \
                and _MONTHS[r.group(1).rstrip(".").lower()] < int(name[5:]) \
                and not _DAY_BEFORE_MONTH.search(norm, max(0, r.start() - 6), r.start()):
            attrs = (*attrs, ("until", name))
            name, s = f"{name[:4]}-{_MONTHS[r.group(1).rstrip('.').lower()]:02d}", r.start()
        out.append(Mention(sid, s, e, "date", name, "kg.dates.v1", 0.8 if precision == "month" else 0.7,
                           attrs=attrs))
    return out
