"""Names from the authority file: aliases, demonyms and in-house names.

Matching is case-sensitive on word boundaries over the normalised text, the
longest alias first, and again, around its runs of words in capitals, over the
text with those written as names are ("LAUSANNE, SWITZERLAND"; see
:func:`kg.extract.people.cased`). An in-house name ("Foreign Ministry") is kept
as a candidate and settled by the resolve stage against the author's own state.
"""

from __future__ import annotations

import functools
import re

from ..model import Mention
from ..registry import component
from ..rules import alternation, head_after, once_per, opens_line, phrases
from ..spans import SegmentIndex, SpanCover

_LONGEST = 80       # characters around a run in capitals that an alias found there may reach


@once_per
def _matcher(authority):
    table: dict[str, list[tuple]] = {}
    for rec in authority.records.values():
        for alias in (rec.label, *rec.aliases):
            table.setdefault(alias, []).append((rec, "alias"))
    # Initials of three letters or more are written with full stops too ("N.A.T.O.",
    # "E.E.C."), unless the file gives that form to something else. (Not two: "A.P."
    # is as often a person's initials.)
    for rec in authority.records.values():
        for alias in (rec.label, *rec.aliases):
            if alias.isalpha() and alias.isupper() and 3 <= len(alias) <= 5:
                dotted = ".".join(alias) + "."
                if dotted not in table or all(r is rec for r, _ in table[dotted]):
                    if (rec, "alias") not in table.setdefault(dotted, []):
                        table[dotted].append((rec, "alias"))
        for dem in rec.demonyms:
            table.setdefault(dem, []).append((rec, "demonym"))
        for ctx_alias in rec.contextual_aliases:
            table.setdefault(ctx_alias, []).append((rec, "contextual"))
    # "the Hungarians", "the Yugoslavs", "the Soviets", "the Israelis": the plural of an
    # adjective that takes one names its state too, unless the file uses that form for
    # something else.
    for rec in authority.records.values():
        for dem in rec.demonyms:
            if dem.endswith(("an", "av", "et", "i")) and dem + "s" not in table:
                table[dem + "s"] = [(rec, "demonym")]
    pattern = re.compile(r"(?<![\w])" + alternation(table) + r"(?![^\W\d_])") if table else re.compile(r"(?!)")
    return pattern, table


def _fuller(pattern: re.Pattern, table: dict, m: re.Match) -> re.Match:
    """*m*, or the longer name of the same record that starts inside it and runs on past
    it: "President Ho Chi Minh" is "Ho Chi Minh", not the alias "President Ho"."""
    recs = {id(r) for r, _ in table[m.group()]}
    for w in re.finditer(r"(?<=\s)\S", m.string[m.start():m.end()]):
        longer = pattern.match(m.string, m.start() + w.start())
        if longer is not None and longer.end() > m.end() \
                and any(id(r) in recs for r, _ in table[longer.group()]):
            return longer
    return m


@component("kg.gazetteer.v1", "extract", adds=("authority-mentions",))
def extract_known(ctx) -> list[Mention]:
    """Known people, bodies, states and places from the authority file."""
    pattern, table = _matcher(ctx.authority)
    out = []
    norm, cased = ctx.norm, ctx.cased
    # The text as written, then where it differs, as its names in capitals read
    # ("SWITZERLAND", "LAUSANNE, SWITZERLAND"): an alias in capitals ("USSR") is found in the first.
    matches = [m for seg in ctx.segments for m in pattern.finditer(norm, seg.nstart, seg.nend)]
    if ctx.cased_runs:
        # Only around the runs that changed: a match that differs from the text overlaps one.
        segs = SegmentIndex(ctx.segments)
        seen = set()
        for s, e in ctx.cased_runs:
            seg = segs.at(s)
            if seg is None:
                continue
            lo, hi = max(seg.nstart, s - _LONGEST), min(seg.nend, e + _LONGEST)
            while hi < seg.nend and (cased[hi].isalnum() or cased[hi] == "_"):
                hi += 1         # not in the middle of a word: "Korea|n" is not "Korea"
            for m in pattern.finditer(cased, lo, hi):
                if m.start() < e and s < m.end() and m.span() not in seen \
                        and cased[m.start():m.end()] != norm[m.start():m.end()]:
                    seen.add(m.span())
                    matches.append(m)
    matches = [_fuller(pattern, table, m) for m in matches]
    # "P r a g u e", "B E R L I N": a place written letter-spaced at a line's start, alone
    # or set off by spaces ("P r a g u e   By courier").
    for sp in _SPACED_LINE.finditer(norm):
        word = sp.group("letters").replace(" ", "")
        recs = [rec for rec, how in table.get(word.capitalize(), table.get(word, ()))
                if how == "alias" and rec.type in ("place", "state")]
        if recs:
            out.append(Mention(ctx.source.id, sp.start("letters"), sp.end("letters"), recs[0].type,
                               recs[0].label, "kg.gazetteer.v1", 0.9, authority=recs[0].id))
    before, after = _long_forms(ctx.lexicon)
    compass = _compass(ctx.lexicon.compass)
    regions = _regions(ctx.lexicon.state_regions)
    for m in matches:
        cands = table[m.group()]
        direct = [rec for rec, how in cands if how != "contextual"]
        if direct:
            rec = direct[0]
            how = next(h for r, h in cands if r is rec)
            attrs = (("demonym", "1"),) if how == "demonym" else ()
            start, end = m.start(), m.end()
            if how == "demonym" and _language(norm, start, end):
                continue        # "(in German and Chinese)", "English translations": a language
            if how == "demonym" and regions is not None and regions.search(m.string, max(0, start - 30), end):
                continue        # "North American defence", "West Indian": a region's, not the state's
            if rec.type == "person" and head_after(ctx.lexicon.name_heads).match(norm, end):
                continue        # "the Rapacki Plan": named after him, not he
            if rec.type == "state":
                start, end = _long_form(norm, start, end, before if how == "alias" else None,
                                        after if how == "demonym" else None)
            if compass is not None and how == "alias" and rec.type in ("state", "place") \
                    and (c := compass.search(norm, max(0, start - 20), start)):
                # "Western Hungary": a region of the state, a place of its own.
                name = " ".join(norm[c.start():end].split())
                out.append(Mention(ctx.source.id, c.start(), end, "place", name,
                                   "kg.gazetteer.v1", 0.8))
                continue
            out.append(Mention(ctx.source.id, start, end, rec.type, rec.label,
                               "kg.gazetteer.v1", 0.9 if how == "demonym" else 0.95,
                               authority=rec.id, attrs=attrs))
        else:
            if norm.startswith(":", m.end()) and opens_line(norm, m.start()):
                continue        # "CC: Prime Minister": a line's label (copies to), not the body
            if m.group().isupper() and _CAPITALS_AFTER.match(norm, m.end()):
                continue        # "CC PUWP", "CC CPS": initials that start a longer name of initials
            ids = " ".join(rec.id for rec, _ in cands)
            out.append(Mention(ctx.source.id, m.start(), m.end(), "organization", m.group(),
                               "kg.gazetteer.v1", 0.7, attrs=(("contextual", ids),)))
    return out


_CAPITALS_AFTER = re.compile(r"[ \t]+[A-Z]{2,}(?![\w])")


# A demonym that names a language: after "in", "into" or "from" with nothing after it but
# punctuation or another such word ("in German and Chinese)", "into Russian]", "translated
# from the Korean)", a broadcast "in Spanish to the Americas"), or before
# "translation", "language" or "speaking", another such word between at most ("English
# translations", "French-speaking", "in Mongolian and Korean languages"; not
# "version" or "text": "the Soviet and Yugoslav versions" are the states').
_LANGUAGE_BEFORE = re.compile(r"\b(?P<word>in|into|from)\s+(?:the\s+)?(?:[A-Z][\w-]*\s+(?:and|or)\s+)?\Z")
_LANGUAGE_END = re.compile(r"(?:\s+(?:and|or)\s+[A-Z][\w-]*)?\s*(?:[.,;:)\]]|\Z)")
_BROADCAST_TO = re.compile(r"\s+to\s")
_LANGUAGE_AFTER = re.compile(r"(?:\s+(?:and|or)\s+[A-Z][\w-]*)?[\s-]+(?:translations?|languages?|speaking)\b")


def _language(norm: str, s: int, e: int) -> bool:
    """Whether the demonym at ``norm[s:e]`` names a language (see the patterns above)."""
    if norm[e - 1] == "s":
        return False        # "from the Germans to the Russians": people, not a language
    if _LANGUAGE_AFTER.match(norm, e):
        return True
    before = _LANGUAGE_BEFORE.search(norm, max(0, s - 40), s)
    return bool(before and (_LANGUAGE_END.match(norm, e)
                            or (before.group("word") == "in" and _BROADCAST_TO.match(norm, e))))


_SPACED_LINE = re.compile(r"^[ \t]*(?P<letters>[A-Z](?: [a-z]){3,}|[A-Z](?: [A-Z]){3,})(?:[ \t]*$|[ \t]{2,})", re.M)


def _long_forms(lexicon) -> tuple[re.Pattern | None, re.Pattern | None]:
    """Patterns for a state's long form: the words that end right before its name, and
    those that start right after its adjective (lexicon ``[states]``)."""
    return _long_form_patterns(lexicon.state_before, lexicon.state_after)


@functools.cache
def _long_form_patterns(before: tuple[str, ...], after: tuple[str, ...]):
    return (re.compile(r"(?i:(?<![\w'\u2019])(?:" + phrases(before, r"\s+") + r"))\s+\Z") if before else None,
            re.compile(r"\s+(?i:(?:" + phrases(after, r"\s+") + r"))(?!\w)") if after else None)


@functools.cache
def _regions(regions: tuple[str, ...]) -> re.Pattern | None:
    """The lexicon's regions named by a state's adjective, as what a text up to a demonym ends with."""
    if not regions:
        return None
    return re.compile(r"(?<![\w-])(?:" + phrases(regions, r"\s+") + r")\Z")


@functools.cache
def _compass(words: tuple[str, ...]) -> re.Pattern | None:
    """The lexicon's compass words, as the word right before a name ends a text."""
    if not words:
        return None
    return re.compile(r"(?<![\w-])" + alternation(words) + r"[ \t]+\Z")


def _long_form(text: str, start: int, end: int, before, after) -> tuple[int, int]:
    """*start*, *end* widened to the state's long form around them, if the text has one."""
    if before is not None:
        m = before.search(text, max(0, start - 40), start)
        if m:
            start = m.start()
    if after is not None:
        m = after.match(text, end, min(len(text), end + 40))
        if m:
            end = m.end()
    return start, end


def known(authority, name: str):
    """The authority record whose label or alias is exactly *name*, if exactly one is."""
    _, table = _matcher(authority)
    direct = [rec for rec, how in table.get(name, ()) if how == "alias"]
    return direct[0] if len(direct) == 1 else None


_AFTER_OF = re.compile(r"\bof (?:the )?\Z")


def state_in_name(authority, name: str, desk_words=frozenset()):
    """The state a body's *name* names as its own: its first word ("Soviet Government",
    "GDR Foreign Ministry") or the word after an "of" ("Embassy of Hungary", "Ministry
    of Foreign Affairs of the PRB"), by the state's name or adjective, not before one of
    *desk_words* ("Office of Soviet Union Affairs"); else None."""
    pattern, table = _matcher(authority)
    for m in pattern.finditer(name):
        at_start = m.start() == 0 and m.end() < len(name) and name[m.end()] == " "
        after_of = _AFTER_OF.search(name, 0, m.start())
        after = name[m.end():].split()
        if not (at_start or after_of) or (after and after[0] in desk_words):
            continue
        states = [rec for rec, how in table[m.group()] if how != "contextual" and rec.type == "state"]
        if len(states) == 1:
            return states[0]
    return None


# The words before a dateline's first comma: "Camp David, September 27, 1959, 12:15 p.m.".
_DATELINE_PLACE = re.compile(r"[ \t]*(?P<place>[A-Z][\w.'-]*(?:[ \t]+(?:[A-Z][\w.'-]*|on|de|am|upon)){0,4}),")


@component("kg.dateline-places.v1", "extract", needs=("authority-mentions",), adds=("dateline-places",))
def extract_dateline_places(ctx) -> list[Mention]:
    """The place a dateline names before its date, whether the authority file knows it or not."""
    taken = SpanCover(ctx.mentions)
    out = []
    for seg in ctx.segments:
        if seg.kind != "DateLine":
            continue
        m = _DATELINE_PLACE.match(ctx.norm, seg.nstart, seg.nend)
        if m and not taken.overlaps(m.start("place"), m.end("place")):
            out.append(Mention(ctx.source.id, m.start("place"), m.end("place"), "place",
                               m.group("place"), "kg.dateline-places.v1", 0.8))
    return out
