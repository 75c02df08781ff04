"""Organizations and bodies named by form, and collective actors.

A capitalised phrase that ends in a body's head noun ("Foreign Ministry",
"Ministry of Foreign Affairs", "Central Committee of the X") names an
organization, and so does a mission named with its seat ("the Embassy in
Ruritania"). "<demonym> Government" names the state itself. A body named once
with its initials in brackets ("Washington Special Actions Group (WSAG)") is
named by them wherever they stand. Collective actors
are the groups a diplomatic text reports reactions of: "official circles in
X", "supporters of the X", "organizers of the Y".
"""

from __future__ import annotations

import bisect
import functools
import re

from ..model import Mention
from .dates import MONTH_NAMES
from ..registry import component
from ..rules import alternation, office_words, once_per, word_end
from ..spans import SegmentIndex, SpanCover

_CAP = re.compile(r"[A-Z][\w'-]*")
# Space inside a name: a name does not run on to the next line (list items, a
# title line and the text below it are separate lines).
_S = r"[ \t]+"


_GLUED_NOTE = re.compile(r"(?<=[a-z])[0-9]{1,2}\Z")
_LINKS = frozenset({"of", "for", "on", "the", "and", "to", "in"})
_NUMBERED_UNITS = frozenset({"Department", "Directorate", "Administration", "Division", "Section",
                             "Sector", "Bureau", "Army", "Fleet", "Corps"})
_ORDINAL = r"[0-9]{1,2}(?:st|nd|rd|th)"
_ORDINAL_BEFORE = re.compile(rf"(?<![\w.])({_ORDINAL}|[IVX]{{1,4}}\.)[ \t]+\Z")
# "the Fifth Supreme People's Assembly", "the Twelfth General Assembly": an ordinal in words
# before a body that sits in numbered sessions counts the session, not the body.
_ORDINAL_WORDS = frozenset({"First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh",
                            "Eighth", "Ninth", "Tenth", "Eleventh", "Twelfth", "Thirteenth",
                            "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth",
                            "Nineteenth", "Twentieth"})
# "Department IV", "Directorate II": a Roman number after the unit is its name's too (not
# after "Section" or "Division", which number the parts of a text as well).
_ROMAN_UNITS = ("Department", "Directorate", "Bureau", "Sector")
# Not the pronoun: "at the Political Department I was told".
_ROMAN = r"(?:(?:[IVX]{2,4}|[VX])(?![\w'-])|I(?![\w'-])(?![ \t]+[a-z]))"
_ROMAN_AFTER = re.compile(rf"[ \t]+{_ROMAN}")
# The same with no other word: "the 2nd Department", "Department IV" (not "the 2nd Section"
# of an agreement).
_NUMBERED_UNIT = re.compile(
    rf"(?<![\w.]){_ORDINAL}[ \t]+(?:{'|'.join(sorted(_NUMBERED_UNITS - {'Section', 'Sector'}))})(?![\w'-])"
    rf"|(?<![\w'-])(?:{'|'.join(_ROMAN_UNITS)})[ \t]+{_ROMAN}")
_WORD = re.compile(r"\S+")
# A sovereign's style keeps its pronoun: "His Majesty's Embassy", "Her Majesty's Government".
_STYLED = re.compile(r"(?:His|Her|Their)[ \t]+(?:Majesty's|Majesties'|Royal[ \t]+Highness's)[ \t]")
_NUMBER_WORDS = frozenset({"No", "Nos", "Nr"})
_PAPERS = frozenset({"Telegram", "Cable", "Memorandum", "Note", "Letter", "Report", "Airgram"})
_MEETING_AFTER = re.compile(r"[ \t]+(?:Conference|Congress|Plenum)\b")
# "the Soviet Government on January 24": a date after "on" is no part of a body's name.
_NO_MONTH = "(?!(?:" + "|".join(sorted(MONTH_NAMES)) + r")\b)"


@once_per
def _patterns(lex):
    heads = "|".join(re.escape(h) for h in sorted(lex.org_heads, key=len, reverse=True))
    org = re.compile(
        # Possessive words (*+): a word is followed by a space, so giving back
        # characters never helps. ("[A-Z]{2,}" was a subset of the first form.)
        # "and" may join two of its words ("Foreign Affairs and Defense Committee").
        rf"(?P<left>(?:[A-Z][\w'-]*+{_S}(?:and{_S}(?=[A-Z]))?){{1,5}})(?P<head>{heads})"
        # ... the head a word's end, or a note's number glued on ("by the Greek Government6")
        rf"(?:(?![\w])|(?<=[a-z])(?=[0-9]{{1,2}}(?![\w])))"
        rf"(?P<right>{_S}(?:of|for|on){_S}(?:the{_S})?{_NO_MONTH}[A-Z][\w'-]*(?:(?:{_S}(?:and{_S})?|{_S}d['\u2019][ \t]?)[A-Z][\w'-]+){{0,4}})?"
        rf"|(?<![\w])(?P<head2>{heads})(?P<right2>{_S}(?:of|for|on){_S}(?:the{_S})?{_NO_MONTH}[A-Z][\w'-]*(?:(?:{_S}(?:and{_S})?|{_S}d['\u2019][ \t]?)[A-Z][\w'-]+){{0,4}})"
        # When neither form matches at a capital, skip the rest of its word: the first
        # form started at any later capital of the same word would reach the same word
        # end and fail the same way, and the second form can only start after a ' or -
        # at a head noun. Without the skip, a long run with no space ("A-A-A-...",
        # "AAAA...") was re-scanned from every capital: quadratic. Skip matches are
        # not results (the caller drops them).
        rf"|(?P<skip>[A-Z]\w*+(?:['-]++(?!{heads})\w*+)*+)"
    )
    mods = "|".join(re.escape(x) for x in sorted(lex.collective_modifiers, key=len, reverse=True))
    cheads = "|".join(re.escape(x) for x in sorted(lex.collective_heads, key=len, reverse=True))
    of = "|".join(re.escape(x) for x in lex.collective_of)
    circles = re.compile(
        rf"(?<![\w])(?P<phrase>(?:(?:{mods})\s+){{1,3}}(?:{cheads}))"
        rf"(?P<scope>\s+(?:in|of)\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)?|\s+abroad)?(?![\w])"
    )
    groups = re.compile(
        rf"(?<![\w])(?P<phrase>(?:{of})\s+of\s+(?:the\s+)?\"?(?P<what>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){{0,5}}"
        rf"|[a-z]+(?:\s+[A-Z][\w'-]*){{1,4}})\"?(?:\s+(?:bloc|alliance|camp|pact|movement))?)"
    )
    located = None
    if lex.located_heads:
        seats = "|".join(re.escape(h) for h in sorted(lex.located_heads, key=len, reverse=True))
        located = re.compile(
            rf"(?P<left>(?:[A-Z][\w'-]*+{_S}){{0,3}})(?P<head>\b(?:{seats}))"
            rf"{_S}in{_S}(?:the{_S})?[A-Z][\w'-]*(?:{_S}(?:of{_S})?[A-Z][\w'-]*){{0,3}}"
            # As in the pattern above: where no body starts at a capital, skip the
            # rest of its word, up to a seat after a ' or - ("Aaa-Embassy in X"). A
            # left word from any later capital of it reaches the same word end and
            # fails the same way; without the skip, "Aaa-Aaa-..." was quadratic.
            rf"|(?P<skip>[A-Z]\w*+(?:['-]++(?!(?:{seats}){_S}in{_S})\w*+)*+)")
    return org, circles, groups, located


@component("kg.organizations.v1", "extract", needs=("authority-mentions",), adds=("organizations",))
def extract_orgs(ctx) -> list[Mention]:
    """Bodies named by a capitalised phrase ending in a head noun."""
    org, _, _, located = _patterns(ctx.lexicon)
    states = SpanCover(m for m in ctx.mentions if m.kind == "state")
    state_spans = sorted((m.nstart, m.nend) for m in ctx.mentions if m.kind == "state")
    demonym_ends = {m.nend for m in ctx.mentions if m.kind == "state" and m.attr("demonym")}
    named_states = {m.nend: m.nstart for m in ctx.mentions if m.kind == "state" and not m.attr("demonym")}
    person_ends = {m.nstart: m.nend for m in ctx.mentions if m.kind == "person"}
    known = SpanCover(m for m in ctx.mentions if m.kind == "organization" and m.authority)
    people = SpanCover(m for m in ctx.mentions if m.kind == "person")
    known_spans = sorted((m.nstart, m.nend) for m in ctx.mentions
                         if m.kind == "organization" and (m.authority or m.attr("contextual")))
    offices = office_words(ctx.lexicon.roles)
    roles = set(ctx.lexicon.roles)
    single_offices = {r for r in roles if r[:1].isupper() and " " not in r}
    heads = set(ctx.lexicon.org_heads)
    honorifics = set(ctx.lexicon.honorifics)
    person_starts = sorted(m.nstart for m in ctx.mentions if m.kind == "person")
    parties = {m.nend: m for m in ctx.mentions if m.kind == "organization" and m.authority
               and ctx.authority.records[m.authority].kind == "party"}
    out = []

    def named(text: str, lo: int, hi: int) -> None:
        """The bodies *text* names between *lo* and *hi* (the text as written, or its
        copy with words in capitals written as names are)."""
        again: list[int] = []      # where another body's name starts inside a match

        def matches():
            pos = lo
            while (m := org.search(text, pos, hi)) is not None:
                yield m
                pos = m.end()
                # A name read on from inside a match may be cut in its turn ("X of A and X
                # of B and X of C"); the scan goes on after the last of them, so that no
                # stretch of the line is read twice.
                while again:
                    if (x := org.match(text, again.pop(), hi)) is not None:
                        yield x
                        pos = max(pos, x.end())

        for m in matches():
            if m.group("skip") is not None:
                continue
            s, e = m.span()
            words = text[s:e].split()
            # Trim sentence-initial words and articles off the left.
            # ... and a state's possessive: "DPRK's National Olympic Committee" is the state's
            # committee (the state keeps its mention), not "People's" of "People's Army".
            while words and not _STYLED.match(text, s) and (
                    words[0] in ctx.lexicon.stopwords or (words[0] in honorifics and words[0] not in offices) or (
                    words[0].endswith("'s") and len(words) > 2 and states.covers(s))):
                s += text[s:e].index(words[0]) + len(words[0])
                s += len(text[s:e]) - len(text[s:e].lstrip())
                words = words[1:]
            if len(words) > 2 and words[0] in _ORDINAL_WORDS and words[-1] not in _NUMBERED_UNITS \
                    and (m.group("head") or m.group("head2")) not in _NUMBERED_UNITS:
                s = text.index(words[1], s + len(words[0]))
                words = words[1:]
            # "the Staff of the Bulgarian Service of ...": the body is what follows "of (the)"
            if len(words) > 3 and words[0] in ctx.lexicon.people_of and words[1] == "of":
                skip = 3 if words[2] == "the" else 2
                for w in words[:skip]:
                    s = text.index(w, s) + len(w)
                s += len(text[s:e]) - len(text[s:e].lstrip())
                words = words[skip:]
            # "Poland and Hungary Embassy", "Sejm and Senate Commission", "CC and Government
            # Delegation", "Mikoyan and Ministry of ...": an "and" after a name of its own (a
            # state's, a known body's or person's, initials, a head noun) or before a state's
            # joins two names, not two words of one ("Foreign Affairs and Defense Committee");
            # the body's name starts after it
            joined = [a.end() for a in _AND.finditer(text, s, m.start("head") if m.group("head") else s)
                      if states.covers(a.start() - 1) or states.covers(a.end())
                      or known.covers(a.start() - 1) or people.covers(a.start() - 1)
                      or _named_before(text, s, a.start(), heads)]
            if joined:
                s = joined[-1]
                words = text[s:e].split()
                if len(words) < 2:
                    continue
            # The words from "of", "for" or "on" on, as the pattern matched them ("of the
            # Soviet Union"), and where they start (-1 where the name has none).
            right = "right" if m.group("right") else "right2"
            said = m.group(right).split() if m.group(right) else []
            right_at = m.start(right)
            # "the Government of Ruritania and Government of Freedonia": "and" before a head
            # noun after "of" starts another body's name, read on from there
            if right_at >= s:
                pieces = list(_WORD.finditer(text, right_at, e))
                for a, b in zip(pieces, pieces[1:]):
                    if a.group() == "and" and b.group() in heads:
                        again.append(b.start())
                        e = right_at + len(text[right_at:a.start()].rstrip())
                        words = text[s:e].split()
                        break
            if (g := _GLUED_NOTE.search(text, s, e)):
                e = g.start()           # "... Foreign Affairs2": a note's number glued on
                words = text[s:e].split()
            if text[e - 1] == "'":
                e -= 1                  # "the Embassy of Czechoslovakia'": a closing quote, or a
                words = text[s:e].split()   # plural's possessive ("the Ministry of Foreign Affairs' offices")
            # "the 7th Territorial Department", "the 2nd Army": a unit's number is its name's
            # ("III. Political Department of the Ministry ...": the unit is the name's head)
            if (words[-1] in _NUMBERED_UNITS or (m.group("head") or m.group("head2")) in _NUMBERED_UNITS) \
                    and (o := _ORDINAL_BEFORE.search(text, max(0, s - 8), s)):
                s = o.start(1)
                words = text[s:e].split()
            if words[-1] in _ROMAN_UNITS and (r := _ROMAN_AFTER.match(text, e)):
                e = r.end()
                words = text[s:e].split()
            # "Federal Republic of Germany Embassy": a state's long name that the phrase starts
            # inside of is the start of the body's name
            j = bisect.bisect_left(state_spans, (s, 0))
            if j and state_spans[j - 1][0] < s < state_spans[j - 1][1]:
                s = state_spans[j - 1][0]
                words = text[s:e].split()
            # "Bulletin of the Ministry of Foreign Affairs No. 73": a number's "No." is no word
            # of the name
            if len(words) > 2 and words[-1] in _NUMBER_WORDS and text.startswith(".", e):
                e = s + word_end(text[s:e], len(words) - 2)
                words = words[:-1]
            # "the Ministry of Foreign Affairs Telegram": a document's kind ends a body's name
            if len(words) > 2 and words[-1] in _PAPERS:
                e = s + word_end(text[s:e], len(words) - 2)
                words = words[:-1]
            # "the X Workers' Party Delegation in Moscow": a party's delegation is some of its
            # people, and the body named is the party
            for i in range(1, len(words)):
                if words[i].capitalize() == "Delegation" and words[i - 1].capitalize() == "Party":
                    e = s + word_end(text[s:e], i - 1)
                    words = words[:i]
                    break
            # "Adviser, Ministry of Foreign Affairs Liao Chengzhi": a person's name ends a body's
            # (not "Archive of Josip Broz Tito", named after him)
            i = bisect.bisect_right(person_starts, s)
            if i < len(person_starts) and person_starts[i] < e \
                    and text[s:person_starts[i]].split()[-1] not in _LINKS:
                e = person_starts[i]
                while e > s and text[e - 1] in " \t":
                    e -= 1
                words = text[s:e].split()
            # "the People's Liberation Army's General Logistics Department": a body's possessive
            # head ends one body's name and starts another's
            for i in range(1, len(words) - 2):
                if words[i].endswith("'s") and words[i][:-2] in heads:
                    cut = s + word_end(text[s:e], i)
                    out.append(Mention(ctx.source.id, s, cut - 2, "organization",
                                       " ".join(ctx.norm[s:cut - 2].split()), "kg.organizations.v1", 0.7))
                    s = cut + len(text[cut:e]) - len(text[cut:e].lstrip())
                    words = words[i + 1:]
                    break
            # "the Central Committee of the X and Chairman of ...": an office starts another item
            for i in range(1, len(words) - 1):
                if words[i] == "and" and words[i + 1] in offices:
                    e = s + word_end(text[s:e], i - 1)
                    words = words[:i]
                    break
            # "the Council of Ministers President and ...": an office that ends the words after
            # "of", or goes before "and", ends the name (not "Office of the Prime Minister",
            # an office's two words; not "the Warsaw Pact Member States", "the British Charge
            # d'Affaires")
            if right_at >= s:
                first = len(text[s:right_at].split()) + 2 + (said[1:2] == ["the"])
                for i in range(first, len(words)):
                    if words[i] in single_offices and f"{words[i - 1]} {words[i]}" not in roles \
                            and words[i + 1:i + 2] in ([], ["and"]):
                        e = s + word_end(text[s:e], i - 1)
                        words = words[:i]
                        break
            # "the Government of Japan's invitation": the possessive is not the name's
            if len(words) > 2 and words[-1].endswith("'s"):
                e -= 2
                words[-1] = words[-1][:-2]
            if len(words) < 2:
                continue
            # "Government of the Democratic Republic" + "of Viet Nam": a state's long name
            # that the phrase ends inside of is the end of the body's name
            extended = False
            if (st := _crossing(state_spans, s, e)) is not None and _OF.match(ctx.norm, e):
                e = st
            # "Central Committee of the Communist Party" + "of China": so does a known body's
            elif (st := _crossing(known_spans, s, e)) is not None and _OF.match(ctx.norm, e):
                e, extended = st, True
            # "the General Assembly on the Korean question": "on" and a state's adjective
            # before a word in small letters is what the body discussed, not its name; so
            # is "on (the)" and a topic of the lexicon's ("... Politburo on Preparations")
            # ... and "on" after the head of a body not named for what it deals with ("the
            # Bulgarian Communist Party Politburo on Disarmament Negotiations", unlike "the
            # Committee on Disarmament")
            if said and said[0] == "on" and (
                    (m.group("head") or m.group("head2")) in ctx.lexicon.topic_heads
                    or m.group("head") and e in demonym_ends and _SMALL_WORD.match(text, e)
                    or m.group("head") and said[1 + (said[1:2] == ["the"])] in ctx.lexicon.topics):
                e = m.start(right)
                words = text[s:e].split()
                if len(words) < 2:
                    continue
            # "the Soviet Union on the Sino-Indian Border Dispute": a state's name that ends in
            # a head noun, then what it wrote or spoke on, names the state, not a body
            if said and said[0] == "on" and m.group("head") and named_states.get(m.end("head")) == s:
                continue
            # "the Great Soviet Union": words of praise before a state's name that ends in a
            # head noun name the state, not a body (unlike "Communist Party of the Soviet Union")
            if (at := named_states.get(e)) is not None and s < at and not any(
                    w in heads or not w[:1].isupper() for w in text[s:at].split()):
                continue
            # "Ivo Marek's Group": a person's following, not a body's name
            if (pe := person_ends.get(s)) is not None and text.startswith("'s", pe):
                continue
            written = " ".join(ctx.norm[s:e].split())      # the name as the text writes it
            # "the 10th Congress of the X Party": a party's congress is a meeting of it; the
            # body is the party.
            # So is a party's delegation: "the Delegation of the X Labor Party" is the party.
            # (Not "the Delegation of the Soviet Government": a body of its own.)
            head = m.group("head") or m.group("head2")
            of_body = bool(m.group(right)) and (m.end(right) == e or extended)
            inner = _OF_THE.match(text, m.start(right)) if of_body and head in ("Congress", "Delegation") else None
            last = text[inner.end():e].split()[-1:] if inner else []
            if of_body and (head == "Congress" or head == "Delegation" and last == ["Party"]):
                if last and last[0] in heads:
                    out.append(Mention(ctx.source.id, inner.end(), e, "organization",
                                       " ".join(ctx.norm[inner.end():e].split()),
                                       "kg.organizations.v1", 0.7))
                continue
            # "the Second SED Party Conference": a party's conference or plenum is a meeting of it
            if words[-1] == "Party" and _MEETING_AFTER.match(text, e):
                continue
            # "the 23rd CPSU Congress": a known party's congress is a meeting of it (as above)
            if words[-1] == "Congress" and (p := parties.get(e - len("Congress") - 1)) is not None \
                    and p.nstart >= s:
                continue
            out.append(Mention(ctx.source.id, s, e, "organization", written, "kg.organizations.v1", 0.7))

    for seg in ctx.segments:
        named(ctx.norm, seg.nstart, seg.nend)
    # "COUNCIL OF MINISTERS OF USSR": the same in the copy where runs of capitals read as
    # names do, inside those runs only, for what the text as written did not give.
    if ctx.cased_runs:
        segs = SegmentIndex(ctx.segments)
        for a, b in ctx.cased_runs:
            seg = segs.at(a)
            if seg is not None:
                named(ctx.cased, max(seg.nstart, a), min(seg.nend, b))
    named_spans = SpanCover(out)
    for seg in ctx.segments:
        for m in _NUMBERED_UNIT.finditer(ctx.norm, seg.nstart, seg.nend):
            if not named_spans.overlaps(m.start(), m.end()):
                out.append(Mention(ctx.source.id, m.start(), m.end(), "organization",
                                   " ".join(m.group().split()), "kg.organizations.v1", 0.7))
    for seg in ctx.segments:
        # A body named with its seat: "the Embassy in Ruritania".
        for m in (located.finditer(ctx.norm, seg.nstart, seg.nend) if located else ()):
            if m.group("skip") is not None:
                continue
            s, e = m.span()
            left = m.group("left").split()
            while left and left[0] in ctx.lexicon.stopwords and not _STYLED.match(" ".join(left) + " "):
                left = left[1:]
            s = m.start("head") - (len(" ".join(left)) + 1 if left else 0)
            if ctx.norm[s:m.start("head")].strip() != " ".join(left):
                s = m.start("head")
            if (g := _GLUED_NOTE.search(ctx.norm, s, e)):
                e = g.start()           # "Embassy in Czechoslovakia1": a note's number
            if s < m.start("head") and left[-1] == "Party" and m.group("head") == "Delegation":
                # "the X Workers' Party Delegation in Moscow": the party
                e = s + len(ctx.norm[s:m.start("head")].rstrip())
            text = " ".join(ctx.norm[s:e].split())
            out.append(Mention(ctx.source.id, s, e, "organization", text, "kg.organizations.v1", 0.7))
    return out


# A body's name and its initials, one in brackets after the other: "Washington Special
# Actions Group (WSAG)", "PAP (Polska Agencja Prasowa)". Small linking words do not count.
_LINK = r"(?:of|for|on|and|the|in|to|de|du|des|la|le|di|del|für|und)"
# The long form starts a word ("Ab-Cd'Ef-..." has a capital after every dash: starting at
# each, the words would be read to the line's end again and again).
_DEFINED = re.compile(
    rf"(?<![\w'-])(?P<long>(?:[A-Z][a-z][\w'-]*[ \t]+(?:{_LINK}[ \t]+)*){{1,8}}[A-Z][a-z][\w'-]*)[ \t]*"
    rf"[(\[](?P<short>[A-Z][A-Z&]{{1,9}})[)\]]"
    rf"|(?<![\w])(?P<short2>[A-Z][A-Z&]{{1,9}})[ \t]*[(\[](?P<long2>[A-Z][a-z][\w'-]*(?:[ \t]+(?:{_LINK}[ \t]+)*"
    rf"[A-Z][a-z][\w'-]*){{1,8}})[)\]]")


_OF_MORE = re.compile(r"[ \t]+of[ \t]+[A-Z]")
_AMOUNT = re.compile(r"[ \t]?[0-9]")
_OF_THE = re.compile(r"\s+(?:of|for|on)\s+(?:the\s+)?")


@functools.cache
def _bare_initials(prefixes: tuple[str, ...]) -> re.Pattern:
    """Initials standing alone ("UNC"), with a prefix of the lexicon's if one goes before
    them ("CC BCP")."""
    pre = rf"(?:{alternation(prefixes)}[ \t]+)?" if prefixes else ""
    return re.compile(rf"(?<![\w.'-]){pre}[A-Z]{{3,6}}(?![\w.'-]|\.[A-Za-z])")


@functools.cache
def _organ_affixes(prefixes: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """An organ's prefix before a party's initials ("CC BCP"), after a party's name ("SED
    CC"), and after unknown initials, where a colon or a full stop before a word ends it
    ("PLA CC", not "CC: Smith")."""
    words = alternation(prefixes)
    return (re.compile(rf"{words}[ \t]+\Z"), re.compile(rf"[ \t]+{words}(?![\w.'-])"),
            re.compile(rf"[ \t]+{words}(?![\w'-]|\.\w|[ \t]*:)"))


_PREVIOUS_WORD = re.compile(r"([A-Za-z]+)[ \t]+\Z")


def _after_office(norm: str, pos: int, offices: frozenset[str]) -> bool:
    """Whether "of" or an office's word stands right before *pos* ("Secretary of CC CPS")."""
    w = _PREVIOUS_WORD.search(norm, max(0, pos - 30), pos)
    return bool(w) and (w.group(1) == "of" or w.group(1) in offices)


class _CapitalLines:
    """Whether a position is on a line of four words or more written all in capitals, as
    cables were ("WEIR MET WITH ..."): there initials cannot be told from words. Each line
    is looked at once, found by bisection (a long line is not scanned again per match)."""

    def __init__(self, norm: str):
        self._norm = norm
        self._breaks = [m.start() for m in re.finditer("\n", norm)]
        self._seen: dict[int, bool] = {}

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_left(self._breaks, pos)
        if i not in self._seen:
            start = self._breaks[i - 1] + 1 if i else 0
            end = self._breaks[i] if i < len(self._breaks) else len(self._norm)
            line = self._norm[start:end]
            self._seen[i] = len(line.split()) >= 4 and not any(c.islower() for c in line)
        return self._seen[i]


def initials_of(words) -> str:
    """The first letters of *words*, but for small linking words ("of", "the", "für")."""
    return "".join(w[0] for w in words if not re.fullmatch(_LINK, w))


@component("kg.acronyms.v1", "extract", needs=("authority-mentions", "people"), adds=("acronyms",))
def extract_acronyms(ctx) -> list[Mention]:
    """A body named once with its initials ("Washington Special Actions Group (WSAG)"), and
    every later use of those initials: the initials must be those of the name's words. Also
    initials that a document's body uses twice or more ("the UNC ... the UNC") and that the
    lexicon does not list as something else ([organizations] not_bodies)."""
    taken = SpanCover(m for m in ctx.mentions if m.authority or m.kind == "person")
    people = SpanCover(m for m in ctx.mentions if m.kind == "person")
    offices = office_words(ctx.lexicon.roles)
    norm = ctx.norm
    out: list[Mention] = []
    defined: dict[str, str] = {}
    for seg in ctx.segments:
        for m in _DEFINED.finditer(norm, seg.nstart, seg.nend):
            long_g, short_g = ("long", "short") if m.group("short") else ("long2", "short2")
            short = m.group(short_g).replace("&", "")
            words = m.group(long_g).split()
            start = m.start(long_g)
            # The name is the words whose initials are the short form: "the newspaper
            # Polska ..." may start earlier than the name does.
            while words and initials_of(words) != short and len(initials_of(words)) > len(short):
                start = norm.index(words[1], start + len(words[0]))
                words = words[1:]
            if initials_of(words) != short or re.fullmatch(_LINK, words[0]):
                continue
            s, e = start, m.end(long_g)
            if _OF_MORE.match(norm, m.end()):
                continue    # "the People's Republic [PR] of Hungary": the name goes on
            # A name or initials the authority file knows (a state's "PRC"), or a person's, are
            # theirs; a known word inside the name ("Washington Special ...") is not.
            if taken.contains(s, e) or taken.overlaps(m.start(short_g), m.end(short_g)) \
                    or people.overlaps(s, e):
                continue
            name = " ".join(words)
            defined[m.group(short_g)] = defined[name] = name
            out.append(Mention(ctx.source.id, s, e, "organization", name, "kg.acronyms.v1", 0.75))
    # Initials used twice or more in the body, that no rule found and that name no known
    # thing: a body ("the UNC ... the UNC"), named by its initials.
    known = SpanCover([*ctx.mentions, *out])
    # A known party's initials after an organ's prefix ("CC BCP") name the organ, which is
    # another body than the party.
    parties = {(m.nstart, m.nend) for m in ctx.mentions if m.kind == "organization" and m.authority}
    # and for an organ named after it, any party ("Hungarian Workers Party CC")
    organs_of = parties | {(m.nstart, m.nend) for m in ctx.mentions if m.kind == "organization"
                           and not m.attr("collective") and norm[m.nstart:m.nend].endswith("Party")}
    seen: dict[str, list[tuple[int, int]]] = {}
    new_organs: set[str] = set()       # an unknown party's organ: "CC CPS", "PLA CC"
    capitals = _CapitalLines(norm)
    prefixes = ctx.lexicon.initials_prefixes
    before, after, suffix = _organ_affixes(prefixes) if prefixes else (None, None, None)
    for seg in ctx.segments:
        # Initials are counted in the body only (a header's codes are no bodies); an
        # unknown party's organ ("Secretary of CC CPS" in a title) is read anywhere.
        body = seg.kind == "Body"
        for m in _bare_initials(prefixes).finditer(norm, seg.nstart, seg.nend):
            # "RUB 210 million", "USD 5": initials before a number are a currency or a unit
            if _AMOUNT.match(norm, m.end()):
                continue
            space = m.group().rfind(" ")
            organ = space > 0 and (m.start() + space + 1, m.end()) in parties \
                and not known.overlaps(m.start(), m.start() + space)
            # "CHIEF", "DEPUTY" in a cable's capitals: an office, no body's initials
            if (organ or not known.overlaps(m.start(), m.end())) \
                    and m.group() not in ctx.lexicon.not_bodies and m.group() not in defined \
                    and m.group().capitalize() not in offices and m.group().capitalize()[:-1] not in offices:
                # "PLA CC": an organ's prefix after the initials names the organ too
                if space < 0 and suffix is not None and (a := suffix.match(norm, m.end())):
                    seen.setdefault(norm[m.start():a.end()], []).append((m.start(), a.end()))
                    new_organs.add(norm[m.start():a.end()])
                elif (body or (space > 0 and not organ and _after_office(norm, m.start(), offices))) \
                        and m.start() not in capitals:
                    seen.setdefault(m.group(), []).append(m.span())
                    if space > 0 and not organ:
                        new_organs.add(m.group())
    # A known party's organ, once is enough: "CC BCP", and the other way round, "SED CC",
    # "Hungarian Workers Party CC".
    if prefixes:
        for s, e in sorted(organs_of):
            text = norm[s:e]
            # initials in capitals, or with a letter in lower case ("CPCz", "KPdSU")
            initials = (s, e) in parties and " " not in text and len(text) <= 6 \
                and sum(c.isupper() for c in text) >= max(2, len(text) - 1)
            # the prefix before initials only ("CC BCP"); the suffix after any party's name
            # ("Hungarian Workers Party CC")
            b = before.search(norm, max(0, s - 8), s) if initials else None
            a = after.match(norm, e)
            organs = ([(b.start(), e)] if b else []) + ([(s, a.end())] if a else [])
            for lo, hi in organs:
                out.append(Mention(ctx.source.id, lo, hi, "organization", " ".join(norm[lo:hi].split()),
                                   "kg.acronyms.v1", 0.6))
    for initials, spans in seen.items():
        # an organ's prefix with initials ("CC CPS", "PLA CC") names a body the first time
        if len(spans) >= 2 or initials in new_organs:
            out += [Mention(ctx.source.id, s, e, "organization", initials, "kg.acronyms.v1", 0.5,
                            attrs=(("initials", initials),)) for s, e in spans]
    if defined:
        uses = re.compile(rf"(?<![\w]){'|'.join(re.escape(a) for a in sorted(defined, key=len, reverse=True))}"
                          rf"(?![\w])")
        for seg in ctx.segments:
            for m in uses.finditer(norm, seg.nstart, seg.nend):
                if not taken.overlaps(m.start(), m.end()):
                    short = m.group() != defined[m.group()]
                    out.append(Mention(ctx.source.id, m.start(), m.end(), "organization",
                                       defined[m.group()], "kg.acronyms.v1", 0.75,
                                       attrs=(("initials", m.group()),) if short else ()))
    return out


# What a body's name may go on with: "of" and initials ("CC of BCP"), or "of" and another
# body's name ("Secretariat of the Central Committee" + "of the CCP").
_OF_INITIALS = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z]{2,6}(?![\w.-])")
_OF = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?")
_SMALL_WORD = re.compile(r"[ \t]+[a-z]")
_AND = re.compile(r"[ \t]+and[ \t]+")


def _named_before(text: str, s: int, at: int, heads) -> bool:
    """Whether the word before *at* is a body's head noun or initials ("Ministry", "CC")."""
    word = text[s:at].split()[-1]
    return word in heads or (len(word) > 1 and word.isupper())


_LONGEST_CHAIN = 160      # characters: a body's name is never longer
_IN = re.compile(r"[ \t]+in[ \t]+(?:the[ \t]+)?")
_TO = re.compile(r"[ \t]+to[ \t]+(?:the[ \t]+)?")
_INITIALS_OF = re.compile(r"(?<![\w.-])[A-Z]{2,6}(?=[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z])")


def _crossing(spans: list[tuple[int, int]], s: int, e: int) -> int | None:
    """The end of a span of sorted *spans* that starts inside ``[s, e)`` and ends after *e*."""
    i = bisect.bisect_left(spans, (s, 0))
    while i < len(spans) and spans[i][0] < e:
        if spans[i][1] > e:
            return spans[i][1]
        i += 1
    return None


@component("kg.org-chains.v1", "extract", needs=("organizations", "acronyms"), adds=("org-chains",))
def extract_org_chains(ctx) -> list[Mention]:
    """A body's name that goes on with "of" and initials (not a state's) or another body's
    name: "CC of BCP", "Secretariat of CC of BCP", "International Department of the
    Central Committee of the CCP"; and a mission's with its seat ("Embassy of Hungary in
    North Korea"), the international body it is sent to ("Cuban Mission to the United
    Nations") or the state it is accredited to ("Embassy of the PR China to the GDR"). The whole is one body (the longer mention wins when mentions are settled)."""
    norm = ctx.norm
    bodies = [m for m in ctx.mentions if m.kind == "organization" and not m.attr("collective")]
    # Initials that start a chain ("CC of BCP") are a body's only if the chain grows.
    taken = SpanCover(ctx.mentions)
    bodies += [Mention(ctx.source.id, x.start(), x.end(), "organization", x.group(), "kg.org-chains.v1", 0.7)
               for seg in ctx.segments for x in _INITIALS_OF.finditer(norm, seg.nstart, seg.nend)
               if not taken.overlaps(x.start(), x.end())]
    starts = {m.nstart: m for m in bodies}
    # Last first, so that a chain reaching a later body takes that body's chain as it is
    # (each body is walked once: "CC of CC of CC ..." is not walked again from each "CC").
    bodies.sort(key=lambda m: -m.nstart)
    people = SpanCover(m for m in ctx.mentions if m.kind == "person")
    # "KGB of the USSR": a state's initials say whose body it is, and are the state's mention.
    states = SpanCover(m for m in ctx.mentions if m.kind == "state")
    places = {m.nstart: m for m in ctx.mentions if m.kind in ("state", "place")}
    seated = set(ctx.lexicon.located_heads)
    records = ctx.authority.records
    out: list[Mention] = []
    ends: dict[int, int] = {}           # end of each chain found, by where it starts
    for m in bodies:
        s, e = m.nstart, m.nend
        grown = False
        while e - s <= _LONGEST_CHAIN:
            if (x := _OF_INITIALS.match(norm, e)) and not people.overlaps(x.start(), x.end()) \
                    and not states.overlaps(x.start(), x.end()):
                e, grown = x.end(), True
                at = x.end() - len(x.group().split()[-1])
                if at in ends:
                    e = ends[at]
                    break
            elif (x := _OF.match(norm, e)) and (nxt := starts.get(x.end())) is not None:
                e, grown = max(nxt.nend, ends.get(nxt.nstart, nxt.nend)), True
                if nxt.nstart in ends:
                    break
            elif seated & set(norm[s:e].split()) and (x := _TO.match(norm, e)) \
                    and (nxt := starts.get(x.end())) is not None and nxt.authority \
                    and records[nxt.authority].kind == "international organization":
                e, grown = nxt.nend, True       # "Cuban Mission" + "to the United Nations"
                break
            elif seated & set(norm[s:e].split()) and (x := _IN.match(norm, e)) \
                    and (seat := places.get(x.end())) is not None:
                e, grown = seat.nend, True      # "Embassy of Hungary" + "in North Korea"
            elif seated & set(norm[s:e].split()) and (x := _TO.match(norm, e)) \
                    and (host := places.get(x.end())) is not None and host.kind == "state" \
                    and x.end() not in starts:
                # "Embassy of the PR China" + "to the GDR" (not "to the GDR Foreign Ministry")
                e, grown = host.nend, True
                break
            else:
                break
        if grown and e - s <= _LONGEST_CHAIN and "\n" not in norm[s:e]:
            ends[s] = e
            out.append(Mention(ctx.source.id, s, e, "organization", " ".join(norm[s:e].split()),
                               "kg.org-chains.v1", min(m.confidence, 0.7)))
    return out


@component("kg.collectives.v1", "extract", adds=("collectives",))
def extract_collectives(ctx) -> list[Mention]:
    """Collective actors: "official circles in X", "supporters of the Y"."""
    _, circles, groups, _ = _patterns(ctx.lexicon)
    out = []
    for seg in ctx.segments:
        for m in circles.finditer(ctx.norm, seg.nstart, seg.nend):
            phrase = m.group("phrase")
            words = phrase.split()
            # "quite broad public circles" and "broad public circles" are one group.
            core = [w for w in words if w not in ("quite", "broad", "wide", "certain")] or words
            name = " ".join(core) + (m.group("scope") or "")
            out.append(Mention(ctx.source.id, m.start(), m.end(), "organization",
                               re.sub(r"\s+", " ", name), "kg.collectives.v1", 0.7,
                               attrs=(("collective", "1"),)))
        for m in groups.finditer(ctx.norm, seg.nstart, seg.nend):
            name = re.sub(r"\s+", " ", m.group("phrase").replace('"', ""))
            name = re.sub(r"\s+the\s+", " the ", name)
            out.append(Mention(ctx.source.id, m.start(), m.end(), "organization", name,
                               "kg.collectives.v1", 0.65, attrs=(("collective", "1"),)))
    return out
