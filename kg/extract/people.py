"""People: names after honorifics and titles, initials with a surname, names
that a cue marks as a person, and every later use of a surname already known
to name a person.

A title before a name becomes the person's role ("our ambassador in Rome,
comrade X" gives role "ambassador", place "Rome", own side "our"). An
editor's bracketed insertion ("[Jean] Dupont") is part of the name, with
the brackets dropped from the name but kept in the quoted span.

The cues, all generic and listed in ``rules/lexicon.toml``: an office after the
name ("Antoine Dupont, Acting Prime Minister of X"; "Petrov (Ruritanian First
Deputy Chairman ...)"; "the Ruritanian Ambassador (Petrov)"); an editor's note on
who handled a document ("Drafted by X and cleared by Y, Z, and W"); a kinship
word ("his daughter Olga"); a verb of saying or acting right after the name
("Ferri stressed"); the writer and addressee of a paper ("a note from X to Y");
an editor's bracketed office or other spelling after a name ("Ling Yun
[Director-General of ...]", "Ri Pyeong-nam [Ri Pyong Nam]") or name after an
office ("the Premier [Zhou Enlai]"); and, in a signature block, a name at the
start of a line. A list of names that holds two people's already holds
people only ("X, Y, Z and W"), and so does one that says so ("X, Y, Z, and
other leaders"). Every later use of a whole name found is a person's too. A
candidate that is a title, an office, a body's head noun, a sentence-initial
word, a word the lexicon says is never a name ("Allied", "Tuesday"), a month
next to a day ("the President, August 3"), or a place, state or body the
authority file knows is not a person.

Names are read in any script's letters ("Jędrychowski", "Dvořák"), and names
in capitals, as telegrams write them ("KIM IL SUNG stated"), as names
(:func:`cased`); a mention keeps the text's span and is named as a name is
written ("Kim Il Sung").

A family name may hold a particle listed in the lexicon ("Pierre de Montval",
"J. van der Berg", "Karim al-Nasri"), and after a title or a cue a name may
start with one ("General de Montval"); later uses keep it ("de Montval").
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from typing import NamedTuple

from ..load import fold
from ..model import Mention
from ..registry import component
from ..rules import alternation, head_after, once_per, opens_line, phrases, word_end
from ..spans import SpanCover
from .dates import MONTH_NAMES
from .orgs import initials_of
from .places import names_town



def _letters(test) -> str:
    """A regular-expression class of the letters (below U+3000) for which *test* holds."""
    ranges: list[list[int]] = []
    for c in range(0x3000):
        if test(chr(c)):
            if ranges and ranges[-1][1] == c - 1:
                ranges[-1][1] = c
            else:
                ranges.append([c, c])
    return "[" + "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                         for a, b in ranges) + "]"


# Letters of names beyond ASCII's: "Jędrychowski", "Rózsa", "Ceaușescu", "Dvořák". In the
# name grammar, a letter of the Latin, Greek and Cyrillic blocks may stand for a capital or a
# small one: exact classes of every script's capitals and small letters made the patterns,
# compiled once per process, seven times slower to compile (0.32 s), and names written in
# capitals are read by _cased, which uses the exact class.
_OTHER_LETTERS = "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u052f\u1e00-\u1fff"
UPPER = f"[A-Z{_OTHER_LETTERS}]"
LOWER = f"[a-z{_OTHER_LETTERS}]"
_CAPITAL = _letters(str.isupper)
# "Petrov", "McSweeney", "MacArthur", "O'Neill", "Smith-Jones", "Pyeong-nam"; not "Petrov's".
_WORD = rf"(?:Mc|Mac|O'(?={UPPER}))?{UPPER}{LOWER}+(?:[-'](?!s\b){UPPER}?{LOWER}+){{0,2}}"   # "Hsiao-p'ing"
_FIRST = rf"(?:\[{_WORD}\]|{_WORD})"
# Initials, with the two-letter ones of Russian names in English ("Yu. V. Andropov", "A.Ia.
# Vyshinsky" in the Library of Congress spelling) and of Polish and Hungarian ones ("Cz.
# Kiszczak", "Gy. Marosán"), Romanian and German ones ("Gh. Diaconescu", "Th. Kordt") and
# English short forms of given names ("Wm. Jones", "Chas. Bohlen").
_INITIALS = rf"(?:(?:{UPPER}|Yu|Ya|Ye|Yo|Zh|Ch|Sh|Kh|Ts|Ia|Iu|Cz|Sz|Gy|Zs|Gh|Th|Wm|Chas|Thos|Jas)\.[ \t]?){{1,3}}"
# A run of words in capitals ("KIM IL SUNG", "A. M. PUZANOV", "HEON-YEONG"): telegrams
# write names so. See _cased.
_CAPITALS = re.compile(rf"(?<![\w'-]){_CAPITAL}{{2,}}(?:[-']{_CAPITAL}+)*(?:[ \t]+{_CAPITAL}{{2,}}(?:[-']{_CAPITAL}+)*)*"
                       rf"(?![\w']|-\w)")      # "DOBREV- First Secretary": a dash ends the run
_CAPITAL_WORD = re.compile(r"[^\W\d_]+")
# A generational suffix belongs to the name: "Jan K. Novak, Jr.".
_SUFFIX = re.compile(r",?[ \t]+(?:Jr|Sr)\.|[ \t]+(?:II|III|IV)(?![\w])")
# A name may run straight into a date ("Petrov26 March 1954"): only a letter ends it early.
_END = r"(?![^\W\d_])"
# An editor's note number glued to the word before it ("Genscher2", "Bush5 said"): the name
# ends before it.
_NOTE_MARK = r"(?<=[a-z])(?=[0-9]{1,2}(?![\w'-]))"
_LEADING_WORD = re.compile(r"([A-Z]\w*)[ \t]+(?=\S)")
_INITIAL_FIRST = re.compile(r"[A-Z]\.(?:\s|$)")
_DAY_BEFORE = re.compile(r"(?<![\d,])\d{1,2}[ \t]+$")
_DAY_AFTER = re.compile(r"[ \t]+\d{1,2}(?!\d)")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[ \t]+\Z")
_FAMILY_WORD = re.compile(r"(?<![\w.'-])[A-Z][a-z]*(?=[ \t]+[A-Z])")
_FAMILY_WORD_ALONE = re.compile(r"(?<![\w.'\[-])[A-Z][a-z]*(?=[ \t]+\[)")
# Plural endings of trades and callings ("Architects", "Film-makers", "Historians").
_TRADES = ("ers", "ists", "ians", "ors", "ants", "ents", "ects")
_TITLE_NAME = re.compile(rf"\b(?:from|From)[ \t][^()\n]{{3,80}}?[ \t]*\((?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,2}})\)"
                         rf"|^(?P<name2>{_WORD}(?:[ \t]+{_WORD}){{0,2}}),[ \t]+['\"]"
                         rf"|,[ \t]+by[ \t]+(?P<name3>{_WORD}(?:[ \t]+(?:{_WORD}|de|von|van)){{1,3}})(?=[ \t]*(?:,|$))", re.M)
_COMPANY_AFTER = re.compile(r",?[ \t]+(?:Inc|Ltd|Corp|Co)\b")
# Initials, then in an editor's bracket what they stand for: "COSVN [Central Office for South
# Vietnam]" names a body (when the bracket holds a body's head noun), not a person.
_GLOSSED = re.compile(r"(?<![\w'-])([A-Z][A-Z&]{1,9})[ \t]*[\[(]([A-Z][^\[\]()\n]{2,80})[\])]")


def _glosses(short: str, words: list[str]) -> bool:
    """Whether the capitalised *words* of a bracket spell *short*: their initials start it
    and leave at most its last letter ("COSVN", Central Office for South Vietnam), not a
    person's name in capitals with his body in brackets ("HALLORAN (State Department)")."""
    spelt = initials_of(w for w in words if w[:1].isupper())
    short = short.replace("&", "")
    return len(spelt) >= 2 and short.startswith(spelt) and len(short) - len(spelt) <= 1
_GIVEN_BRACKET = re.compile(r"[ \t]+\[(?P<given>[A-Z][a-z]+(?:[-'][a-z]+)*)\](?![\w\[])")
# "[Manuel] Cervantes", "[Luis Alfonso] Zayas": the given names an editor put in brackets
# before a family name.
_BRACKETED_GIVEN = re.compile(rf"(?<![\w\]])\[(?P<given>{UPPER}{LOWER}+(?:[ \t]{UPPER}{LOWER}+){{0,2}})\]"
                              rf"[ \t]+(?P<fam>{_WORD}){_END}")
# "you [Lisa Howard]", "he [Gromyko]": an editor's name for whom a pronoun stands.
_PRONOUN_BRACKET = re.compile(rf"(?<![\w])(?:you|he|him|she|her|I|me)[ \t]*"
                              rf"\[(?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,2}})\]")
# "Leonid Ilych [Brezhnev]": the given names before an editor's bracketed family name.
_GIVEN_BEFORE = re.compile(r"(?<![\w.'-])(?P<name>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,2})[ \t]+\[\Z")
_PAPERS = frozenset({"memorandum", "letter", "note", "message", "telegram", "cable", "airgram",
                     "despatch", "dispatch", "report", "reply", "answer", "record", "minutes",
                     "statement", "notes", "transcript", "conversation", "appeal", "appeals"})


@functools.cache
def _full_name(particles: tuple[str, ...]) -> re.Pattern:
    """A name of two words or more, standing alone."""
    _, full, _ = _name_grammar(particles)
    return re.compile(rf"(?<![\w.'-]){full}(?![\w'-])")


@functools.cache
def _given_first(given: tuple[str, ...], particles: tuple[str, ...]) -> re.Pattern:
    """A given name of *given*, at most one more word or initials, and a family name."""
    _, _, family = _name_grammar(particles)
    return re.compile(rf"(?<![\w.'-]){alternation(given)}(?:[ \t]+(?:{_INITIALS}|{_WORD}))?[ \t]+(?P<fam>{family})"
                      rf"(?:(?![\w'-]|\.\w)|{_NOTE_MARK})")


@functools.cache
def _surname_initials(particles: tuple[str, ...]) -> re.Pattern:
    """A family name, a comma or a full stop at most, then initials ("Aliev, G.A."), where a
    list's item ends (a comma, a semicolon, a bracket, the line's end) or a word in small
    letters goes on ("to Comrade STALIN I.V. of 16.7.52"), not before a name's next word."""
    _, _, family = _name_grammar(particles)
    caps = rf"{UPPER}{{2,}}(?:-{UPPER}{{2,}})?"
    return re.compile(rf"(?<![\w.'-])(?P<fam>{family}|{caps})[.,]?[ \t]+(?P<ini>{_INITIALS})"
                      rf"(?<=\.)(?=[ \t]*(?:[,;)]|\n|$|[a-z]))")


@functools.cache
def _bracketed_initials(particles: tuple[str, ...]) -> re.Pattern:
    """Initials an editor put in brackets before a family name ("[F.V.] Mochulskii")."""
    _, _, family = _name_grammar(particles)
    return re.compile(rf"(?<![\w.\]])\[(?P<initials>{_INITIALS})\][ \t]+(?P<sur>{family}){_END}")


_APPOSITIVE = re.compile(rf",[ \t]+(?P<name>{_WORD})(?=,)")
_TOPIC = re.compile(r"\s(?:[Rr]egarding|[Cc]oncerning|[Aa]bout|[Oo]n|[Ff]or|[Ww]ith)\s")
_PLACE_BEFORE = re.compile(r"\b(?:in|at)[ \t]+\Z")
_ONE_BREAK = r"(?:[ \t]*\n[ \t]*|[ \t]+)"      # space, or one line break and what indents the next
# "'For Pandit Nehru from Liaquat Ali Khan.": a line of a telegram's head that names whom
# it is for and whom from, a quote around it at most (kg.metadata reads it too).
FOR_FROM_LINE = re.compile(r"^[ \t]*[\"'\u2018\u201c]?[ \t]*For[ \t]+(?P<to>[^\n]{1,120}?)[ \t]+from[ \t]+"
                           r"(?P<by>[^\n]{1,120}?)[ \t]*[.:]?[ \t]*[\"'\u2019\u201d]?[ \t]*$", re.M)
# A sentence that only lists those present: "Eban, Lawson, Russell, McArthur present.", "Halls,
# Palliser and Dean were also present."
_PRESENT_LIST = re.compile(rf"(?:^|(?<=[.!?:][ \t]))(?P<list>{_WORD}(?:,[ \t]+{_WORD}){{1,8}}"
                           rf"(?:,?[ \t]+and[ \t]+{_WORD})?)[ \t]+(?:were[ \t]+)?(?:also[ \t]+)?present\.",
                           re.M)
_LISTED_WORD = re.compile(_WORD)        # each name of such a list ("and" is none: no capital)
_COMPASS_PAIR = re.compile(r"[ \t]+and[ \t]+(?:North|South|East|West)\b")
_DASHES = "\u2013\u2014\u2015"      # en dash, em dash, horizontal bar
_NUMERAL = re.compile(r"(?<![^\n])[ \t]*(?P<n>I|V|X)\.[ \t]")
_NEXT_NUMERAL = {"I": "II", "V": "VI", "X": "XI"}
_NEXT_LINES = re.compile(r"(?m)^[ \t]*(II|VI|XI)\.[ \t]")
_HEADING_OVER_POINTS = re.compile(r"[^\n]{0,200}[^\s.:;,][ \t]*\n[ \t]*\n[ \t]*1\.[ \t]")


class _SectionNumbers:
    """Whether a name found at a line's start begins with a section's Roman number ("I.",
    "V.", "X.") rather than an initial: the text has a line that starts with the next
    number, or the line, with no stop at its end, heads a paragraph numbered "1." after a
    blank line ("I. Current Direction of Policy\n\n1. The ..."). Which next numbers open a
    line is looked up once per text, when first asked."""

    def __init__(self, norm: str):
        self.norm = norm
        self._next: set[str] | None = None

    def __call__(self, s: int) -> bool:
        norm = self.norm
        if s and norm[s - 1] not in " \t\n" or norm[s:s + 1] not in ("I", "V", "X"):
            return False
        line = norm.rfind("\n", 0, s) + 1
        m = _NUMERAL.match(norm, line)
        if m is None or m.start("n") != s:
            return False
        if self._next is None:
            self._next = {n.group(1) for n in _NEXT_LINES.finditer(norm)}
        return _NEXT_NUMERAL[m.group("n")] in self._next or _HEADING_OVER_POINTS.match(norm, s) is not None
_BARE_LETTER_TITLE = re.compile(r"[ \t]*(?:[0-9]{1,4}[ \t]*[-\u2013.]?[ \t]+)?(?P<a>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)[ \t]+to[ \t]+"
                                r"(?P<b>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)[ \t]*")
_PAPER_OPENS = re.compile(r"[ \t]+(?:(?:from|to|of|for|[Nn]o\.|number)\b|[0-9])")
_BODY_INITIALS = re.compile(r"[A-Z]{2,6}")
_TO_PLACE = re.compile(r"\b(?:in|at|to|from|near)[ \t]+\Z")
_ROMAN_HEADING = re.compile(r"(?<![^\n])[IVX]+\.[ \t]+[A-Z][A-Z' -]+$", re.M)
_NUMBERED = re.compile(r"(?<![^\n])[A-Z]\.[ \t]*\n")
_SPACED = re.compile(r"^[ \t]*(?P<letters>(?:[A-Z] ){3,}[A-Z])[ \t]*$", re.M)


def cased(norm: str, lexicon) -> tuple[str, list[tuple[int, int]]]:
    """*norm* with words in capitals written as names are, and the spans that changed: see
    :func:`_cased`. The lexicon's sentence-opening words and particles, and short linking
    words, stay in small letters."""
    return _cased(norm, frozenset(w.upper() for w in lexicon.stopwords | set(lexicon.particles)
                                  | {"of", "and", "for", "on", "in", "at", "to", "by", "with"}))


def _cased(norm: str, small: frozenset[str]) -> tuple[str, list[tuple[int, int]]]:
    """*norm* with words in capitals written as names are ("KIM IL SUNG" -> "Kim Il Sung"),
    every character where it was, so that the rules read them like any name; and the
    spans of the runs of words that changed.

    A lone word of fewer than five capitals is left as it is: that is an
    acronym ("USSR", "TASS"), not a name. Words of *small* (in capitals:
    "OF", "THE") are written in small letters, as in running text.
    """
    def word(w: re.Match) -> str:
        w = w.group()
        return w.lower() if w in small else w[0] + w[1:].lower()

    pieces: list[str] = []
    runs: list[tuple[int, int]] = []
    at = 0
    for m in _CAPITALS.finditer(norm):
        run = m.group()
        if len(run) < 5 and not any(c in run for c in " \t"):
            continue
        cased = _CAPITAL_WORD.sub(word, run)
        if len(cased) != len(run):
            continue
        pieces += [norm[at:m.start()], cased]
        runs.append(m.span())
        at = m.end()
    if not runs:
        return norm, runs
    pieces.append(norm[at:])
    return "".join(pieces), runs


def _particles(particles, capitalised: bool) -> str:
    """Name particles with what follows them: "de " (any spacing), "van der ", "al-", "d'"."""
    forms = set(particles)
    if capitalised:
        forms |= {p[:1].upper() + p[1:] for p in particles}
    alts = []
    for p in sorted(forms, key=lambda w: (-len(w), w)):
        body = r"[ \t]+".join(re.escape(w) for w in p.split())
        alts.append(body if p.endswith(("-", "'")) else body + r"[ \t]+")
    return f"(?:{'|'.join(alts)})" if alts else "(?!)"


def _name_grammar(particles=()) -> tuple[str, str, str]:
    """The patterns of a name, a name of two words or more, and a family name.

    A family name may carry a particle from the lexicon ("Pierre de Montval",
    "J. van der Berg"); a name with no given name may start with one ("de
    Montval"), capitalised too ("Van der Berg"), so that a title or a cue
    before it takes the whole family name, not the word after the particle.
    """
    inner = f"{_particles(particles, False)}?" if particles else ""
    lead = f"{_particles(particles, True)}?" if particles else ""
    family = rf"{inner}{_WORD}"
    # "A.B. Petrov", "Jacob D. Beam", "John Foster Dulles", "[Jean] Dupont", "Dupont"; a full
    # stop may end the sentence after one ("... Jacob D. Beam."), not run on ("Beam.Jr").
    name = (rf"(?:{_INITIALS}[ \t]?{family}|{_FIRST}(?:[ \t]+{_INITIALS}|[ \t]+{_WORD})?[ \t]+{family}"
            rf"(?!\w|\.\w)|{_FIRST}[ \t]+{family}|{lead}{_WORD})")
    # A name of two words or more ("Antoine Dupont", "Kliment Y. Voroshilov", "C.D. Wiggin").
    full = (rf"(?:{_INITIALS}[ \t]?{family}|{_FIRST}(?:[ \t]+(?:{_INITIALS}|{_WORD})){{0,2}}"
            rf"[ \t]+{family})")
    return name, full, family


# Words for a talk between two parties ("the conversation between X and Y").
_TALKS = "conversation|conversations|talk|talks|meeting|meetings|discussion|discussions|negotiations"


class _NameBefore:
    """A name right before a phrase ("Petrov" of "Petrov had said"), found as a pattern's
    matches are: the phrase is looked for first and the name only just before it, so that
    the name's pattern is not tried at every capital of the text."""

    def __init__(self, name: str, after: str):
        self.name = re.compile(rf"(?<![\w.']){name}\Z")
        self.after = re.compile(after)

    def finditer(self, text: str, pos: int, endpos: int):
        last = pos
        for a in self.after.finditer(text, pos, endpos):
            # the line's start, looked for only as far back as a name may begin
            start = max(last, a.start() - 160, text.rfind("\n", max(0, a.start() - 160), a.start()) + 1)
            if (m := self.name.search(text, start, a.start())) is not None:
                last = a.end()
                yield m


class _Patterns(NamedTuple):
    """The people rules' patterns for one lexicon, compiled once (see :func:`_patterns`)."""

    titled: re.Pattern
    honorific: re.Pattern
    signer: re.Pattern
    cues: list          # compiled patterns, or _NameBefore: each has finditer and a "name" group
    handled: re.Pattern | None
    initial_name: re.Pattern
    list_name: re.Pattern
    completed_given: re.Pattern
    spaced_initials: re.Pattern
    and_name: re.Pattern
    name_and: re.Pattern
    particle: str
    list_next: re.Pattern
    list_last: re.Pattern
    list_before: re.Pattern
    sent: re.Pattern
    other_spelling: re.Pattern
    office_of: re.Pattern
    before_surname: re.Pattern
    family_first: tuple | None
    speaker: re.Pattern
    speaker_caps: re.Pattern
    after_bracket: re.Pattern
    seat_name: re.Pattern | None
    address_caps: re.Pattern
    listed: re.Pattern
    body_initials: re.Pattern | None
    title_sender: re.Pattern
    name_seat: re.Pattern
    initials_speaker: re.Pattern
    paper_sender: re.Pattern
    dear: re.Pattern
    writer_first: re.Pattern


@once_per
def _patterns(lex) -> _Patterns:
    name, full_name, family = _name_grammar(lex.particles)
    particle = _particles(lex.particles, True)
    hon = alternation(lex.honorifics)
    # an office with either apostrophe ("Charge d’Affaires Armianinov")
    roles = alternation([*lex.roles, *(r.replace("'", "\u2019") for r in lex.roles if "'" in r)])
    own = alternation(lex.own_side)
    titled = re.compile(
        rf"(?:(?P<det>\b(?:{own}|the|The|his|her|their|its)\s+))?"
        rf"(?:(?P<mod>(?:(?:East|West|North|South)[ \t]+)?{UPPER}{LOWER}+)[ \t]+)??(?P<role>\b(?:{roles}))"
        rf"(?:\s+(?:in|to|at|of)\s+(?P<where>{UPPER}{LOWER}+(?:\s{UPPER}{LOWER}+)?))?"
        # at most one line break between: "Dear Mr. President,\n\nRecently we had" names no one,
        # nor does a comma that ends the line ("Esteemed Comrade President,\nDeeply pleased")
        rf"(?:,[ \t]+|{_ONE_BREAK})(?:(?P<hon>{hon}){_ONE_BREAK})?(?!(?:{roles}|{hon})\b)(?P<name>{name}){_END}"
    )
    # "Comrade Dr. Uranovicz": forms of address may come two or three together.
    # ... and initials without stops before the name ("Shri B N Rau")
    # ... an office's word is no name after them, but for one that is also a family name
    # ("Mr. King")
    surnames = rf"(?!(?:{alternation(lex.role_surnames)})\b)" if lex.role_surnames else ""
    honorific = re.compile(rf"(?<![\w])(?P<hon>(?:{hon})(?:[ \t]+(?:{hon})){{0,2}})\s+(?!{surnames}(?:{roles}|{hon})\b)"
                           rf"(?P<name>(?:[A-Z][ \t]){{0,3}}{name}){_END}")
    initials_speaker = re.compile(
        rf"(?<![\w])(?P<hon>{hon})[ \t]+(?P<name>[A-Z]{{2,3}})"
        rf"(?=[ \t]*:|[ \t]+(?:{alternation(lex.speech_verbs) if lex.speech_verbs else '(?!)'})\b)")
    # "Wilbur M. Rantree": a middle initial takes the space after it, so the next
    # word may follow that space as well as its own.
    signer = re.compile(rf"(?:{_INITIALS}[ \t]?)?{_WORD}"
                        rf"(?:(?:[ \t]+|(?<=\.[ \t]))(?:{_INITIALS}|{family})){{0,3}}")
    office = rf"(?:(?:former|Acting|acting|then|the|a)[ \t]+)?(?:[A-Z][\w.'-]*[ \t]+){{0,4}}(?:{roles})\b"
    cues = [
        # "Antoine Dupont, Acting Prime Minister of X"
        # and "Ri Pyeong-nam [Ri Pyong Nam] [emphasis in the original], Minister of Health"
        # and "Mako Dakov - Deputy Chairman of ...", as a record's list of those present has it
        re.compile(rf"(?<![\w.])(?P<name>{full_name})(?P<suffix>,[ \t]+(?:Jr|Sr)\.)?"
                   rf"(?:[ \t]+\[[^\[\]\n]{{1,60}}\])*(?:,|[ \t]+-)[ \t]+{office}"),
        # "Petrov (Ruritanian First Deputy Chairman of ...)", "Ling Yun [Director-General of ...]";
        # not a bracket that names the next word's office ("Visited [Cuban President Osvaldo]
        # Dorticos", "Met [President] Dorticos").
        re.compile(rf"(?<![\w.])(?P<name>{name})[ \t]+[(\[]{office}"
                   rf"(?![ \t]*(?:{_WORD}[ \t]*)?[\])][ \t]+{UPPER}{LOWER})"),
        # "with Pavlov as interpreter", "Hayward as the chairman": who served in an office
        # (not a doctrine: "Socialism as the leader")
        _NameBefore(rf"(?P<name>(?!\w+ism\b){name})[ \t]+", rf"\bas[ \t]+(?:(?:the|an?|his|her|their)[ \t]+)?(?:{roles})\b"),
        # "...; Szunyogh, the secretary of Comrade Dobi;": one word, an item of a list of people
        # with their offices
        # (not an adverb: "...; Secondly, the representative of Chile")
        re.compile(rf"(?<=;[ \t])(?P<name>(?!\w+ly\b){_WORD}),[ \t]+(?:the[ \t]+)?(?:{roles})[ \t]+(?:of|to)\b"),
        # "the Ruritanian Ambassador (Petrov)", "( Petrov )"; "the Premier [Zhou Enlai]"
        re.compile(rf"\b(?:{roles})\b[^()\n]{{0,80}}\([ \t]?(?P<name>{name})[ \t]?\)"),
        re.compile(rf"\b(?:{roles})[ \t]*\[(?P<name>{name})\]"),
        # "the conversation between Jakubczak and Chibow": the parties of a talk
        re.compile(rf"\b(?:{_TALKS})[ \t]+between[ \t]+(?P<name>{name})[ \t]+and[ \t]+[A-Z]"),
        re.compile(rf"\b(?:{_TALKS})[ \t]+between[ \t]+{name}[ \t]+and[ \t]+(?P<name>{name}){_END}"),
        # "your letter to Harpham", "a further letter from Marten": who wrote or received one
        re.compile(rf"\b(?:letter|letters|note|message|telegram)[ \t]+(?:to|from)[ \t]+(?P<name>{name}){_END}"),
        # "The translator was Fan Zenshuo.", "the chairman is Petrov"
        re.compile(rf"\b(?:[Tt]he|[Oo]ur|[Tt]heir|[Hh]is)[ \t]+(?:{roles})[ \t]+(?:was|is)[ \t]+"
                   rf"(?P<name>{name}){_END}"),
    ]
    if lex.kin:
        cues.append(re.compile(rf"\b(?:{alternation(lex.kin)})(?:'s)?,?[ \t]+(?P<name>{name}){_END}"))
    if lex.speech_verbs:
        # "Ferri stressed", "Novak had told", "Bush5 said"
        cues.append(_NameBefore(
            rf"(?P<name>{name})(?:{_NOTE_MARK}[0-9]{{1,2}})?[ \t]+",
            rf"\b(?:(?:had|has|have|also|then|again|would|did|later|further|not|only)[ \t]+)?"
            rf"(?:{alternation(lex.speech_verbs)})\b"))
    if lex.speech_base:
        # "Cockcroft did mention", "Petrov would not say"
        cues.append(_NameBefore(
            rf"(?P<name>{name})[ \t]+",
            rf"\b(?:did|would|will|could|might|may|should|must)(?:[ \t]+not)?[ \t]+"
            rf"(?:{alternation(lex.speech_base)})\b"))
    # "Drafted by X", "Recorded by: Wang"
    handled = re.compile(rf"\b(?:{alternation(lex.handled_by)})[ \t]*:?[ \t]+") if lex.handled_by else None
    initial_name = re.compile(rf"(?<![\w.])(?:(?P<given>{_WORD}|{UPPER}\[{LOWER}+\])[ \t]+)?(?P<initials>{_INITIALS})\s?"
                              rf"(?:(?P<mid>{_WORD})[ \t]+)?(?P<sur>{family}){_END}")
    spaced_initials = re.compile(rf"^[ \t]*(?P<name>(?P<ini>(?:[A-Z][ \t]){{1,3}}){family})"
                                 rf"(?=[ \t]*(?:Esq\b|,|$))", re.M)
    completed_given = re.compile(rf"(?<![\w.'\[-])(?P<name>{UPPER}{LOWER}?\[{LOWER}{{2,}}\][ \t]+{family}){_END}")
    list_name = re.compile(name)
    and_name = re.compile(rf"[ \t]+and[ \t]+(?P<name>{name}){_END}")
    name_and = re.compile(rf"(?<![\w.'])(?P<name>{name})[ \t]+and[ \t]+$")
    # One more name of a list, after a name already found, or before one (read backwards
    # from it): "Dunmore, Kettridge, Pellow, Halvorsen and city officials"; going
    # forwards, a title before a name is stepped over ("..., General Ivo Marek, ...").
    titles = rf"(?:(?:{hon}|{roles})[ \t]+)?"
    # (the last item may end the line with a full stop: "Copies: Stalin (2), Beria, Sokolovsky.")
    list_next = re.compile(rf",[ \t]+(?:and[ \t]+)?{titles}(?P<name>{name}){_END}"
                           rf"(?=,[ \t]|[ \t]+and[ \t]|;|\.[ \t]*(?:\n|\Z))")
    list_last = re.compile(rf",?[ \t]+and[ \t]+{titles}(?P<name>{name}){_END}(?![ \t]*[A-Z(])")
    # Backwards, no title may stand between ("the minister in X, Mr. Y": X is no list's)
    # and a place's preposition ends the list.
    list_before = re.compile(rf"(?<![\w.'])(?<!\b(?:in|at|of|to) )(?<!\bfrom )(?<!\bnear )"
                             rf"(?P<name>{name}),[ \t]+$")
    # The writer and the addressee of a paper: "a note from Brisbury to Quantock", a title's
    # "Cable from X to Y" and "Ciphered Telegram, X to Y", and "Memorandum for Y, through
    # Z, from X".
    paper = rf"\b(?i:{alternation(lex.papers)})" if lex.papers else "(?!)"
    # "Dear Ron,": a salutation by one name
    dear = re.compile(rf"[ \t]*(?:{phrases(lex.salutations)})[ \t]+(?P<name>{_WORD})[ \t]*,[ \t]*$", re.M)
    # "Ciphered Telegram No. 502597, Razuvaev to Cdes. ...": one word after the paper's kind
    paper_sender = re.compile(rf"(?:[A-Z][a-z]+[ \t]+){{0,2}}{paper}"
                              r"(?:[ \t]+(?i:number|no\.?|nr\.?)[ \t]*[0-9][\w/.-]*)?[ \t]*,[ \t]*"
                              r"(?P<a>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)[ \t]+to[ \t]+")
    # "Yoshida Letter on Peace with ...", "63 - A. Eban Report of ...": one word, its
    # initials before it, that writes the paper a title names after it
    writer_first = re.compile(rf"(?:[0-9]{{1,4}}[ \t]*[-\u2013][ \t]*)?(?P<a>(?:{_INITIALS})?(?P<fam>{_WORD}))"
                              rf"[ \t]+{paper}[ \t]+(?:on|of|about|regarding|concerning)[ \t]+")
    sent = re.compile(rf"{paper}(?:[ \t]+(?i:from)|,)[ \t]+{titles}(?P<a>{name})"
                      rf"[ \t]+to[ \t]+{titles}(?P<b>{name}){_END}(?![ \t]+[A-Z])"
                      rf"|{paper}[ \t]+for[ \t]+{titles}(?P<b2>{name}),[ \t]+(?:through[ \t]+[^,\n]{{1,60}},"
                      rf"[ \t]+)?from[ \t]+{titles}(?P<a2>{name}){_END}")
    # "Ri Pyeong-nam [Ri Pyong Nam]": an editor's other spelling of the name just read.
    other_spelling = re.compile(rf"[ \t]*\[(?P<name>{full_name})\]")
    # What may stand before a known surname (kg.extract.people's surname pass): a given
    # name, a particle, both or neither, up to the surname (the end of the search).
    before_surname = re.compile(rf"(?<![\w.])(?:(?!{particle})(?P<first>{_FIRST})[ \t]+)?"
                                rf"(?P<part>{particle})?\Z")
    # "Minister of Light Industry": what follows an office's "of" is its portfolio.
    office_of = re.compile(rf"\b(?:{roles})[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?$")
    # "Kim Il Sung", "Pu Shouchang", "Chou En-lai", "Pham Van Dong", "Li Gyu-Ul": a family
    # name that comes first and one or two given names (a syllable's capital after a hyphen,
    # but not a name's: "Le Duc Tho-Kissinger talks").
    given = r"[A-Z][a-z]+(?:[-'](?!s\b)(?:[a-z]+|[A-Z][a-z]{1,4}(?![a-z])))*"
    family_first = (re.compile(rf"(?P<g1>[ \t]+{given})(?P<g2>[ \t]+{given})?(?![\w-])"),
                    frozenset(lex.family_first)) if lex.family_first else None
    # A transcript's speaker at the start of a line: "Krenz: Comrades!", "Comrade X: ...",
    # and in capitals with a full stop, "KOSYGIN. What is ...".
    # A header's fields ("Number: 112", "Venue: the Palace") are short: a speaker says more.
    speaker = re.compile(rf"^[ \t]*(?:(?:{hon})[ \t]+)?(?P<name>{name})[ \t]*:[ \t]*[^\n]{{25}}", re.M)
    speaker_caps = re.compile(rf"^[ \t]*(?P<name>{_CAPITAL}[{_CAPITAL[1:-1]}'-]+(?:[ \t]+{_CAPITAL}[{_CAPITAL[1:-1]}'-]+){{0,2}})"
                              rf"\.[ \t]+(?=[A-Z\"'])", re.M)
    # "[Ambassador Boleslaw] JELEN": the family name the editor's bracket gave a name to.
    after_bracket = re.compile(rf"\][ \t]+(?P<name>{family}){_END}")
    # "Telegram from the Polish Embassy in Havana (Jelen)": the head of a mission, named
    # after it as an office's holder is ("the Ruritanian Ambassador (Petrov)").
    seat_name = re.compile(rf"\b(?:{alternation(lex.located_heads)})\b[^()\n]{{0,60}}?\([ \t]?(?P<name>{name})[ \t]?\)") \
        if lex.located_heads else None
    # A title that opens with its writer: "Ivo Marek to the Minister [Jan Kral]".
    title_sender = re.compile(rf"(?P<name>{name})[ \t]+to[ \t]+")
    # A title's party with his post in brackets: "Telegram from Marek (Hanoi) to Kral (Warsaw)".
    name_seat = re.compile(rf"(?<![\w.'-])(?P<name>{name})[ \t]+\((?P<seat>[A-Z][^()\n]{{1,40}})\)")
    # "To: KRAJEWSKI, Urgent", "TO: Krajewski": an address line's first item, one word.
    address_caps = re.compile(rf"[^:\n]{{1,12}}:[ \t]*(?P<name>{_CAPITAL}{{3,}}|{_WORD})(?=[ \t]*(?:,|$))", re.M)
    # A list of people, one to a line, each name followed by a dash and what he is:
    # "TODOR PETKOV - First Secretary of ...", "Ivan Dobrev - Deputy Minister".
    # Not "Geological Survey - (gold, oil ...)": what he is is no bracket. An editor's note
    # mark may stand after the name ("Ivan Dobrev[3] - Deputy Minister").
    listed = re.compile(rf"^[ \t]*(?:(?:{hon})[ \t]+)?(?P<name>{full_name})(?:\[[0-9]{{1,2}}\])?[ \t]*[-\u2013\u2014][ \t]*[^\s(\[]",
                        re.M)
    # Initials in capitals that stand before a body's head word ("CC BCP Politburo"): at the
    # start of a run of capitals only, so that a long run is read once.
    body_initials = re.compile(rf"(?<![\w'-])(?<![A-Z][ \t])(?P<run>[A-Z]{{2,}}(?:[ \t]+[A-Z]{{2,}}){{0,3}})"
                               rf"[ \t]+(?:{alternation(lex.org_heads)})\b") if lex.org_heads else None
    return _Patterns(titled, honorific, signer, cues, handled, initial_name, list_name,
                     completed_given, spaced_initials, and_name, name_and, particle,
                     list_next, list_last, list_before, sent, other_spelling, office_of,
                     before_surname, family_first, speaker, speaker_caps, after_bracket,
                     seat_name, address_caps, listed, body_initials, title_sender, name_seat,
                     initials_speaker, paper_sender, dear, writer_first)


@once_per
def _known_words(authority) -> frozenset[str]:
    """The authority file's one-word names, aliases and adjectives, in capitals ("USSR"),
    worked out once per file."""
    return frozenset(a.upper() for rec in authority.records.values()
                     for a in (rec.label, *rec.aliases, *rec.demonyms) if " " not in a)


@once_per
def _family_names(authority) -> frozenset[str]:
    """The last words of the authority file's people's names and aliases, in capitals."""
    return frozenset(n.split()[-1].upper() for rec in authority.records.values() if rec.type == "person"
                     for n in (rec.label, *rec.aliases) if n.split())


def _lower_word(word: str) -> re.Pattern:
    """The word in lower case, as a whole word: a text that writes it so uses it as a word."""
    return re.compile(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])")


@once_per
def _lands(authority) -> frozenset[str]:
    """The names and aliases of the authority file's states and places, worked out once."""
    return frozenset(x for rec in authority.records.values() if rec.type in ("state", "place")
                     for x in (rec.label, *rec.aliases))


_GENERATION = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"}


def surname(name: str) -> str:
    """The family name of a name in reading order ("Arthur J. Dulwich, Jr." -> "Dulwich")."""
    words = name.replace(",", " ").split()
    while len(words) > 1 and words[-1] in _GENERATION:
        words.pop()
    return words[-1] if words else name


def surname_key(name: str) -> str:
    """The family name as a key that ignores case and accents ("JELEN", "Jeleń" -> "jelen")."""
    return fold(surname(name))


def clean_name(raw: str) -> str:
    """The name without editorial brackets and with single spaces."""
    return re.sub(r"\s+", " ", raw.replace("[", "").replace("]", "")).strip()


_OTHER_PEOPLE = re.compile(r",?[ \t]+and[ \t]+(?:many[ \t]+)?other[ \t]+(?:[a-z]+[ \t]+)?(?:leaders|officials|members|"
                           r"comrades|participants|representatives|ministers|delegates|guests|persons|people)\b")
_COMMA = re.compile(r",[ \t]*")
_LABEL_COLON = re.compile(r"[ \t]*:")
_PLACE_STATE = re.compile(r",[ \t]*(?P<where>[A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*){0,3})[ \t]*$", re.M)
_NEXT_WORD = re.compile(r"[ \t]+([A-Z]\w+)")
_LIST_GAP = re.compile(r"(?:,?[ \t]+\([^()\n]{0,40}\))?(?P<sep>,[ \t]+(?:and[ \t]+)?|[ \t]+and[ \t]+)")


def _suffixed(norm: str, end: int) -> int:
    """The end of a name, taking in a following generational suffix ("..., Jr.")."""
    m = _SUFFIX.match(norm, end)
    return m.end() if m else end


_LETTER_DOT = re.compile(r"[A-Z]\.")
_PLURAL_HONORIFICS = frozenset({"Comrades", "comrades", "Cdes."})


@component("kg.people.v1", "extract", needs=("authority-mentions",), adds=("people",))
def extract_people(ctx) -> list[Mention]:
    """People named after honorifics or titles, by initials, by a cue, or by a known surname."""
    (titled, honorific, signer, cues, handled, initial_name, list_name, completed_given,
     spaced_initials, and_name, name_and, particle, list_next, list_last, list_before, sent,
     other_spelling, office_of, before_surname, family_first, speaker, speaker_caps, after_bracket,
     seat_name, address_caps, listed, body_initials, title_sender, name_seat,
     initials_speaker, paper_sender, dear, writer_first) = _patterns(ctx.lexicon)
    lex = ctx.lexicon
    honorifics = set(lex.honorifics)
    name_head_after = head_after(lex.name_heads)
    offices = {w for role in lex.roles for w in role.split()} | {h.rstrip(".") for h in lex.honorifics}
    stop = lex.stopwords | lex.not_names | set(lex.org_heads) | set(lex.name_heads) | {
        w for w in offices if w[:1].isupper()}
    others = [m for m in ctx.mentions if m.kind != "person" and m.authority]
    known_other = {(m.nstart, m.nend) for m in others}
    others_cover = SpanCover(others)
    non_person = SpanCover(m for m in ctx.mentions if m.kind != "person")
    places = SpanCover(m for m in ctx.mentions if m.kind in ("state", "place"))
    named = SpanCover(m for m in ctx.mentions if m.kind == "person")
    demonyms = {d for rec in ctx.authority.records.values() for d in rec.demonyms}
    norm = ctx.cased
    out: list[Mention] = []
    saluted: set[tuple[int, int]] = set()     # spans a salutation named ("Dear Ron,")

    def plausible(s, e, name) -> bool:
        words = clean_name(name).replace(",", " ").split()
        if not words or words[-1] in stop or words[0].split("-")[0] in stop:
            return False
        # "Andropov-Brezhnev": two known names joined, not one double-barrelled name
        if any("-" in w and all(p.upper() in known_words for p in w.split("-")) for w in words):
            return False
        if any(w in lex.portfolios for w in words):
            return False
        # "Chinese-language", "Polish-born": a demonym's compound is no name's part
        if any(w.rstrip("s") in demonyms or w.split("-")[0] in demonyms for w in words):
            return False
        return not others_cover.overlaps(s, e)

    portfolios = set(lex.portfolios)
    line_labels = set(lex.line_labels)
    organ_prefixes = set(lex.initials_prefixes)
    full_name_at = _full_name(lex.particles)
    compass = set(lex.compass)
    lands = _lands(ctx.authority)
    org_heads = set(lex.org_heads)
    place_words = set(lex.place_heads)
    # What cannot be a given name after a family name that comes first ("Park Avenue").
    not_given = stop | set(lex.place_heads) | set(MONTH_NAMES) | honorifics | offices

    known_words = _known_words(ctx.authority)
    family_names = _family_names(ctx.authority)
    # Capitals that begin a body's name in this text ("CC BCP" of "CC BCP Politburo"), and
    # their tails ("BCP"): alone they are the body's initials, not a person's name.
    body_runs: set[str] = set()
    if body_initials is not None:
        for b in body_initials.finditer(ctx.norm):
            words = b.group("run").split()
            body_runs.update(" ".join(words[i:]) for i in range(len(words)))
    body_runs.update(g.group(1) for g in _GLOSSED.finditer(ctx.norm)
                     if any(w in org_heads for w in g.group(2).split())
                     and _glosses(g.group(1), g.group(2).split()))

    def never_name_end(s, e, left):
        """Where the name at ``[s, e)`` ends if its last word is never a name's ("Sir David
        Kelly Dated ...", "MICHAEL WEIR MET WITH") and *left* words or more stay; else *e*."""
        parts = norm[s:e].rsplit(None, 1)
        if len(parts) == 2 and parts[1] in lex.not_names and len(parts[0].split()) >= left:
            return s + len(parts[0])
        return e

    section_number = _SectionNumbers(norm)

    def add(s, e, name, rule_conf, attrs=()):
        if section_number(s):
            return          # "I. Current Direction of U.S. Policy": a section's number, no initial
        # "Novak-President of Acme" (a dash the text used as a separator): the office is not the name.
        parts = norm[s:e].rsplit("-", 1)
        if len(parts) == 2 and parts[1].split()[0] in stop:
            e = s + len(parts[0])
            name = norm[s:e]
        # "Gomulka—was he right?": a dash, not a hyphen, in the text as written ends the name
        dash = norm.find("-", s, e)
        if dash > s and ctx.source.view.text[ctx.source.view.index[dash]] in _DASHES:
            e = dash
            name = norm[s:e]
        # A month next to a day is a date's: "the President, August 3" names no one, and
        # "on 15 March Eisenhower said" names Eisenhower.
        if norm[s:e] in MONTH_NAMES and _DAY_AFTER.match(norm, e):
            return
        month = _LEADING_WORD.match(norm, s, e)
        if month and month.group(1) in MONTH_NAMES and _DAY_BEFORE.search(norm, max(0, s - 4), s):
            s = month.end()
            name = norm[s:e]
        # "Letter to John F. Kennedy February 23, 1963": a title's date runs on after the name.
        last = norm[s:e].rsplit(None, 1)
        if len(last) == 2 and last[1] in MONTH_NAMES and _DAY_AFTER.match(norm, e):
            e = s + len(last[0])
            name = norm[s:e]
        if office_of.search(norm, max(0, s - 60), s) or _COMPANY_AFTER.match(norm, e):
            return          # "... Chief of Correspondents, Time, Inc.": a company's name
        if name_head_after.match(norm, e):
            return          # "the Rapacki Plan", "the Truman Doctrine": named after him
        # "Sir David Kelly Dated 20th July", "Ambassador Nicholls Report of ...": a word that
        # is never a name ends the name before it, if two words are left (one, after a cue)
        if (cut := never_name_end(s, e, 1 if attrs else 2)) != e:   # cued: one word is enough
            e = cut
            name = norm[s:e]
        # "HEAD OF FAR EAST DEPARTMENT WILLIAM BENTLEY": a body's head word that an office's
        # place ended on starts no name
        parts = norm[s:e].split(None, 1)
        if len(parts) == 2 and parts[0] in org_heads and parts[0] not in demonyms \
                and len(parts[1].split()) >= 2 and parts[1].split()[0] not in offices:
            s = e - len(parts[1])
            name = norm[s:e]
        words = clean_name(name).replace(",", " ").split()
        if any(w.rstrip("s") in demonyms or w in demonyms for w in words):
            return          # "President of DPR Korean NOC": no one's name
        # "the Minister Presidents of the states": an office's plural names no one
        plural_office = words[-1].endswith("s") and words[-1][:-1] in stop
        # "Mr. King": after a form of address, an office's word that is also a family name
        office = words[-1] in stop and not (words[-1] in lex.role_surnames
                                            and any(k == "honorific" for k, _ in attrs))
        if (s, e) in known_other or office or plural_office or " ".join(words) in portfolios \
                or any(w in lex.stopwords for w in words[1:]) or any(w in lex.not_names for w in words):
            return
        if body_runs and " ".join(ctx.norm[s:e].split()) in body_runs:
            return          # "Secretary of CC BCP": a body's initials
        orig = ctx.norm[s:e].split(None, 2)
        if len(orig) >= 2 and orig[0] in organ_prefixes and orig[1].isupper():
            # "First Secretary CC PUWP W. Jaruzelski": the party's organ is no part of the name;
            # what follows it is the name if two words are left
            if len(orig) < 3:
                return
            rest = e - len(orig[2])
            full = full_name_at.match(norm, rest)      # the name may run on past what was taken
            if full is None:
                return
            s, e = rest, full.end()
            name = norm[s:e]
        if norm[s:e] in line_labels and _LABEL_COLON.match(norm, e):
            return          # "Director-General\n\nSent: China, ...": a header's field
        out.append(Mention(ctx.source.id, s, e, "person", clean_name(name), "kg.people.v1",
                           rule_conf, attrs=tuple(sorted(attrs))))

    def town_served(s, word) -> bool:
        """Whether *word* at *s* is a town after "in" or "at": "the Ambassador in Mogadishu
        Herklotz" serves there, and his name starts after it."""
        return bool(_PLACE_BEFORE.search(norm, max(0, s - 4), s)) \
            and names_town(ctx.authority.path, word, whole=True)

    def add_cued(s, e, conf):
        e = _suffixed(norm, e)
        # "talks between South and North Koreas": sides of a country, not people (but "North
        # remarked" may be Colonel North)
        words = norm[s:e].split()
        if words and words[0] in compass and (" ".join(words[1:]).rstrip("s") in lands if len(words) > 1
                                              else _COMPASS_PAIR.match(norm, e) is not None):
            return
        e = never_name_end(s, e, 2)            # "MICHAEL WEIR MET WITH"
        if len(words) > 1 and town_served(s, words[0]):
            s = norm.index(words[1], s + len(words[0]))
        # "Later de Montval said", "However Petrov said": a sentence's first word is not a name's.
        while (w := _LEADING_WORD.match(norm, s, e)) and w.group(1) in lex.stopwords:
            s = w.end()
        if plausible(s, e, norm[s:e]):
            add(s, e, norm[s:e], conf)

    def bare_names(b, groups) -> bool:
        """Whether a title's one-word parties (*groups* of match *b*) can be family names."""
        words = [b.group(g) for g in groups]
        return not set(words) & (stop | place_words | line_labels | portfolios) \
            and not any(w.lower() in _PAPERS or _lower_word(w).search(ctx.norm) for w in words) \
            and not any(names_town(ctx.authority.path, w, whole=True) for w in words) \
            and not any(w.upper() in known_words for w in words)

    wheres: set[int] = set()        # where an office's place ("Ambassador in X") starts
    for seg in ctx.segments:
        pos = seg.nstart
        while (m := titled.search(norm, pos, seg.nend)):
            words = m.group("name").split()
            if any(w in offices for w in words):
                # "Deputy Foreign Trade Minister Kuzmin": the office ends later; look again from it.
                pos = m.start("name")
                continue
            pos = m.end()
            if m.group("mod") and m.group("mod") in lex.stopwords:
                mod = None
            else:
                mod = m.group("mod")
            attrs = [("role", m.group("role")), ("role_span", f"{m.start('role')}-{m.end('role')}")]
            if mod:
                attrs.append(("role_mod", mod))
            start, where, hon = m.start("name"), m.group("where"), m.group("hon")
            if where and " " in where and norm[m.end("where")] != "," \
                    and _INITIAL_FIRST.match(hon or m.group("name")):
                # "Secretary of State William M. Novak": the place is one word, the
                # second was the given name before the initials (not "M." for Monsieur).
                start, where, hon = m.start("where") + where.index(" ") + 1, where.split()[0], None
            if where and places.contains(m.start("where"), m.end("name")):
                continue    # "President of Democratic People's Republic of Korea": a state's name
            if where:
                name_text = ctx.norm[m.start("name"):m.end("name")]
                if name_text.isupper() and " " not in name_text and len(name_text) < 5:
                    continue    # "PRESIDENT OF DPR KOREAN NOC": the body's initials, no one's name
                attrs.append(("role_where", where))
                wheres.add(m.start("where"))
            if m.group("det"):
                attrs.append(("role_det", m.group("det").strip()))
            if hon:
                attrs.append(("honorific", hon))
            if norm[m.end("role"):start].strip() == "," and (after := _COMMA.match(norm, m.end("name"))) \
                    and places.covers(after.end()):
                continue    # "IOC President, Lausanne, Switzerland": an address, no one's name
            given = norm[start:m.end("name")]
            if " " not in given.strip() and names_town(ctx.authority.path, given.strip(), whole=True):
                continue    # "the Cuban Ambassador to Maputo": where he serves
            fam = after_bracket.match(norm, m.end("name"), seg.nend)
            if fam and plausible(fam.start("name"), fam.end("name"), fam.group("name")):
                # "[Cuban President Osvaldo] Dorticos": the editor's given name and the text's
                # family name are two mentions of one person, named in full.
                full = f"{clean_name(given)} {fam.group('name')}"
                add(start, m.end("name"), full, 0.85, [("part", "given")])
                add(fam.start("name"), fam.end("name"), full, 0.8, attrs)
                continue
            add(start, m.end("name"), given, 0.85, attrs)
        listed_to = seg.nstart
        for m in honorific.finditer(norm, seg.nstart, seg.nend):
            if m.group("hon") in lex.line_items and opens_line(norm, m.start()):
                continue        # "c. Cultural Exchanges": an item's letter, not "comrade"
            # "M. Naszkowski": a capital and a full stop before a single word the authority file
            # does not know is as often an initial as "Monsieur", and the annotated records
            # read it as the initial more often (11 to 5, where the 5 were known people)
            if _LETTER_DOT.fullmatch(m.group("hon")) and len(m.group("name").split()) == 1 \
                    and not named.overlaps(m.start("name"), m.end("name")) \
                    and m.group("name").upper() not in family_names:
                add(m.start("hon"), m.end("name"), f"{m.group('hon')} {m.group('name')}", 0.75)
                continue
            add(m.start("name"), m.end("name"), m.group("name"), 0.85, [("honorific", m.group("hon"))])
            if m.group("hon") in _PLURAL_HONORIFICS and m.start() >= listed_to:
                # "Comrades Rakosi, Nagy, Dobi and Gero": the form of address is each one's
                # (a list already walked is not walked again: "Comrades A, Comrades B, ...")
                at = m.end("name")
                while (gap := _LIST_GAP.match(norm, at, seg.nend)) \
                        and (n := list_name.match(norm, gap.end(), seg.nend)):
                    add_cued(n.start(), n.end(), 0.75)
                    at = n.end()
                listed_to = at
        # "Cde. NC showed ...", "Cde. ZE: ...": a record's speakers by their initials
        for m in initials_speaker.finditer(ctx.norm, seg.nstart, seg.nend):
            if m.group("name") not in lex.not_bodies and m.group("name") not in known_words:
                out.append(Mention(ctx.source.id, m.start("name"), m.end("name"), "person", m.group("name"),
                                   "kg.people.v1", 0.7, attrs=(("honorific", m.group("hon")),)))
        # "R A R Barltrop", "P E Rosling Esq": initials without full stops, as British letters
        # write a name on a line of its own (not "A Soviet" or "I Petrov")
        for m in spaced_initials.finditer(norm, seg.nstart, seg.nend):
            if m.group("ini") not in ("A ", "I "):
                dotted = " ".join(f"{c}." for c in m.group("ini").split())
                add(m.start("name"), m.end("name"), f"{dotted} {norm[m.end('ini'):m.end('name')]}", 0.7)
        for m in _BRACKETED_GIVEN.finditer(norm, seg.nstart, seg.nend):
            words = [*m.group("given").split(), m.group("fam")]
            if not any(w in not_given or w.rstrip("s") in demonyms or w in demonyms for w in words):
                add_cued(m.start(), m.end("fam"), 0.7)
        # "D[ondogiin] Tsevegmid", "Yu[mjagiin] Tsedenbal": a given name the editor wrote out
        for m in completed_given.finditer(norm, seg.nstart, seg.nend):
            add_cued(m.start("name"), m.end("name"), 0.75)
        for m in initial_name.finditer(norm, seg.nstart, seg.nend):
            if m.group("initials").strip() in honorifics:
                continue            # "M. Armand Hammer": Monsieur, not an initial
            if _NUMBERED.match(norm, m.start("initials")) and not m.group("given"):
                continue            # "I." or "B." on a line of its own numbers a part
            if _ROMAN_HEADING.match(ctx.norm, m.start("initials")):
                continue            # "I. EXTERNAL RELATIONS": a numbered heading
            # "... for Northern Affairs Roderick H. Dalby": a given name before the initials
            # belongs to the name, an office's last word does not; so does a given name
            # after them ("F. Hadley Wilmot"), unless what follows is no name ("J. Novak Ambassador").
            ends = [m.end()] + ([m.end("mid")] if m.group("mid") else [])
            e = next((e for e in ends if plausible(m.start("initials"), e, norm[m.start("initials"):e])),
                     None)
            if e is None:
                continue
            # "Ambassador in Freedonia B. K. Tarnovsky": the word after the office's "in" is
            # where he serves, not his given name.
            s = m.start() if m.group("given") and m.start() not in wheres \
                and plausible(m.start(), e, norm[m.start():e]) else m.start("initials")
            e = _suffixed(norm, e)          # "Thomas J. Coolidge, Jr."
            add(s, e, clean_name(norm[s:e]), 0.75)     # "V[yacheslav] I. Petrov"
        # "Maj. Gen. [S. M.] Zolotov": the editor's initials and the text's family name, two
        # mentions of one person (see _bracket_pieces)
        for m in _bracketed_initials(lex.particles).finditer(norm, seg.nstart, seg.nend):
            if plausible(m.start("sur"), m.end("sur"), m.group("sur")):
                add(m.start(), m.end(), clean_name(f"{m.group('initials')} {m.group('sur')}"), 0.75)
        for cue in cues:
            for m in cue.finditer(norm, seg.nstart, seg.nend):
                # "Ambassador to Maputo commented": a town after "to", not a speaker
                if " " not in m.group("name") and _TO_PLACE.search(norm, max(0, m.start("name") - 6),
                                                                   m.start("name")) \
                        and names_town(ctx.authority.path, m.group("name"), whole=True):
                    continue
                add_cued(m.start("name"), m.end("name"), 0.7)
        # "Dear Ron,": a salutation that addresses someone by one name, not "Dear Sir".
        if seg.kind == "Salutation" and (d := dear.match(norm, seg.nstart, seg.nend)) \
                and d.group("name") not in not_given:
            add(d.start("name"), d.end("name"), d.group("name"), 0.7)
            saluted.add((d.start("name"), d.end("name")))
        # "Sandor Nogradi": a given name of the lexicon's, then a family name (and at most
        # one more word or initials between).
        if lex.given_names:
            for m in _given_first(lex.given_names, lex.particles).finditer(norm, seg.nstart, seg.nend):
                fam, end = m.group("fam"), m.end()
                if re.search(r"-[^\W\d_]$", fam):        # "ISAEV-A writer": a dash, then what he is
                    fam, end = fam[:fam.rindex("-")], end - len(fam) + fam.rindex("-")
                if fam not in place_words and fam not in MONTH_NAMES:
                    add_cued(m.start(), end, 0.6)
        # "Gromyko A.A., Yeltsin B. N.": a register's family name, then two initials or more.
        for m in _surname_initials(lex.particles).finditer(ctx.norm, seg.nstart, seg.nend):
            fam, ini = m.group("fam"), m.group("ini")
            if fam.isupper():
                fam = fam.capitalize()
            if sum(c.isupper() for c in ini) >= 2 and plausible(m.start(), m.start("fam") + len(m.group("fam")), fam):
                add(m.start(), m.end("ini"), f"{ini.strip()} {fam}", 0.7)
        if family_first is not None:
            givens, families = family_first
            # A word of the list, then one or two given names ("Kim" + " Il Sung").
            for w in _FAMILY_WORD.finditer(norm, seg.nstart, seg.nend):
                if w.group() not in families or not (m := givens.match(norm, w.end(), seg.nend)):
                    continue
                start = w.start()
                before = _WORD_BEFORE.search(norm, max(seg.nstart, start - 30), start)
                if before and before.group(1)[0].isupper() and before.group(1) not in honorifics \
                        and before.group(1) not in lex.stopwords and before.group(1) not in lex.not_names \
                        and before.group(1) not in org_heads \
                        and not _BODY_INITIALS.fullmatch(ctx.norm, before.start(1), before.end(1)):
                    continue        # inside a longer name ("Hotel Wang Fu", "General Li Wei" is cued),
                                    # not after a body's initials or head noun ("CC CCP Zhao Ziyang",
                                    # "the Foreign Ministry Li Gyu-Ul")
                ends = [m.end("g2")] if m.group("g2") else []
                ends.append(m.end("g1"))
                for e in ends:
                    words = norm[start:e].split()
                    if any(x.split("-")[0] in not_given for x in words[1:]) or names_town(ctx.authority.path, norm[start:e]):
                        continue
                    # "Aid to Nam Tha, Laos" at a line's end: a place, with the state it lies in
                    if (c := _PLACE_STATE.match(norm, e)) and places.covers(c.start("where")) \
                            and not places.covers(e - 1):
                        break
                    add_cued(start, e, 0.6)
                    break
            # "Li [Fuchun]": the editor gave the given name; two mentions of Li Fuchun.
            for w in _FAMILY_WORD_ALONE.finditer(norm, seg.nstart, seg.nend):
                if w.group() not in families or not (b := _GIVEN_BRACKET.match(norm, w.end(), seg.nend)):
                    continue
                if b.group("given").split("-")[0] in not_given or not plausible(w.start(), w.end(), w.group()):
                    continue
                full = f"{w.group()} {b.group('given')}"
                add(w.start(), w.end(), full, 0.7)
                add(b.start("given"), b.end("given"), full, 0.7, [("part", "given")])
        for m in sent.finditer(norm, seg.nstart, seg.nend):
            for part in ("a", "b") if m.group("a") else ("a2", "b2"):
                add_cued(m.start(part), m.end(part), 0.65)
        if seat_name is not None and seg.kind == "Heading":
            for m in seat_name.finditer(norm, seg.nstart, seg.nend):
                add_cued(m.start("name"), m.end("name"), 0.65)
        if seg.kind == "Heading":
            # Who a title says sends and receives ("Telegram, Representative Ivo Marek in
            # Havana to Jan Kral"): the names of two words or more in those places.
            for pat in lex.segment_patterns.get("heading_parties", ()):
                if (p := pat.search(norm, seg.nstart, seg.nend)) is None:
                    continue
                for part in ("sender", "recipient"):
                    if part in pat.groupindex and p.start(part) >= 0:
                        # What a title is about ("... Regarding the Congressional Hearing") names no party.
                        topic = _TOPIC.search(norm, p.start(part), p.end(part))
                        end = topic.start() if topic else p.end(part)
                        # "the Ambassador in Kabul, Karmelita,": one word set off after an office
                        for a in _APPOSITIVE.finditer(norm, p.start(part), min(end + 1, len(norm))):
                            if any(w in offices for w in norm[p.start(part):a.start()].split()):
                                add_cued(a.start("name"), a.end("name"), 0.65)
                        for f in _full_name(lex.particles).finditer(norm, p.start(part), end):
                            if norm.endswith("'s ", 0, f.start()):
                                continue        # "for Comrade X's Personal Use"
                            # "Ruritanian Representative Ivo Marek": the name after the office
                            bad = [w for w in re.finditer(r"\S+", f.group())
                                   if w.group() in offices or w.group() in stop
                                   or w.group().lower() in _PAPERS or w.group() in ("No", "No.")]
                            start = f.start() + bad[-1].end() if bad else f.start()
                            if _PLACE_BEFORE.search(norm, max(0, start - 4), start):
                                # "Ambassador in Freedonia B. K. Tarnovsky": where he serves first
                                space = norm.find(" ", start, f.end())
                                start = f.end() if space < 0 else space
                            while start < f.end() and norm[start].isspace():
                                start += 1
                            g = _full_name(lex.particles).match(norm, start, f.end())
                            if g and g.end() == f.end():
                                add_cued(g.start(), g.end(), 0.65)
                break
            # "Bajpai to Gollan", "354 Bajpai to Gollan": a title that is two family names and
            # "to", nothing else (after its number in a printed volume)
            if (b := _BARE_LETTER_TITLE.fullmatch(norm, seg.nstart, seg.nend)) and bare_names(b, "ab"):
                for g in "ab":
                    add_cued(b.start(g), b.end(g), 0.6)
            # "Ciphered Telegram No. 502597, Razuvaev to Cdes. ...": one word after the paper
            if (b := paper_sender.match(norm, seg.nstart, seg.nend)) and bare_names(b, "a"):
                add_cued(b.start("a"), b.end("a"), 0.6)
            if (b := writer_first.match(norm, seg.nstart, seg.nend)) and bare_names(b, ("fam",)):
                add_cued(b.start("a"), b.end("a"), 0.6)
            # Two words or more, none a kind of paper ("Marek Reply to ..." is no name); but
            # "Kovalev Report to Stalin": a paper's writer before its kind.
            m = title_sender.match(norm, seg.nstart, seg.nend)
            words = m.group("name").split() if m else []
            if len(words) >= 2 and not any(w.lower() in _PAPERS for w in words):
                add_cued(m.start("name"), m.end("name"), 0.65)
            elif len(words) >= 2 and words[-1].lower() in _PAPERS \
                    and not any(w.lower() in _PAPERS for w in words[:-1]):
                start = m.start("name")
                add_cued(start, start + word_end(norm[start:m.end("name")], len(words) - 2), 0.65)
            for m in name_seat.finditer(norm, seg.nstart, seg.nend):
                if places.contains(m.start("seat"), m.end("seat")):
                    add_cued(m.start("name"), m.end("name"), 0.65)
            # "Cable from the X Embassy, Washington (Knappstein)": the sender's head in brackets;
            # "Malik, 'On the Question of ...'": an archive's title after its writer's name;
            # "Report Sent to General de Gaulle, ..., by Edgar Faure, on his Mission".
            for m in _TITLE_NAME.finditer(norm, seg.nstart, seg.nend):
                g = next(k for k in ("name", "name2", "name3") if m.group(k))
                if not places.overlaps(m.start(g), m.end(g)) \
                        and not any(w.lower() in _PAPERS for w in m.group(g).split()):
                    add_cued(m.start(g), m.end(g), 0.65)
        if seg.kind in ("AddresseeLine", "SenderLine"):
            m = address_caps.match(ctx.norm, seg.nstart, seg.nend)
            word = m and norm[m.start("name"):m.end("name")]      # "Krajewski"
            if m and m.group("name") not in known_words and word not in lex.line_labels \
                    and m.group("name") not in lex.not_bodies \
                    and not non_person.overlaps(m.start("name"), m.end("name")) \
                    and not names_town(ctx.authority.path, word):
                add_cued(m.start("name"), m.end("name"), 0.6)
        if handled is not None:
            for m in handled.finditer(norm, seg.nstart, seg.nend):
                # "cleared by Kohler, Smith (EUR), and John A. Doe": a list of names.
                at = m.end()
                while (n := list_name.match(norm, at, seg.nend)):
                    add_cued(n.start(), n.end(), 0.75)
                    gap = _LIST_GAP.match(norm, _suffixed(norm, n.end()), seg.nend)
                    if gap is None:
                        break
                    at = gap.end()
        if seg.kind == "Signature":
            # A signature starts with its signer's name, whatever its form; in a block of
            # several signers, each line may start with one.
            line_starts = [seg.nstart] + [i + 1 for i in range(seg.nstart, seg.nend)
                                          if norm[i] == "\n"]
            for at in line_starts:
                m = signer.match(norm, at, seg.nend)
                if m and not non_person.covers(m.start()):
                    if at == seg.nstart or plausible(m.start(), m.end(), m.group()):
                        add(m.start(), m.end(), m.group(), 0.8)

    # A name written with its letters spaced out on a line of its own, as a ciphered telegram
    # signs ("S H T Y K O V"): named as the word it spells, unless that word is known as
    # something else ("U S S R").
    for m in _SPACED.finditer(ctx.norm):
        word = m.group("letters").replace(" ", "")
        if word not in known_words and word.capitalize() not in stop:
            out.append(Mention(ctx.source.id, m.start("letters"), m.end("letters"), "person",
                               word.capitalize(), "kg.people.v1", 0.6))

    # A transcript's speakers: names that label two lines or more (together) with a speech.
    labels = [(m.start("name"), m.end("name")) for m in speaker.finditer(norm)] + \
        [(m.start("name"), m.end("name")) for m in speaker_caps.finditer(ctx.norm)
         if ctx.norm[m.start("name"):m.end("name")] != norm[m.start("name"):m.end("name")] or
         len(m.group("name")) >= 5]
    labels = [(s, e) for s, e in labels
              if norm[s:e] not in lex.line_labels and not any(w in lex.line_labels for w in norm[s:e].split())]
    if len(labels) >= 2:
        for s, e in labels:
            add_cued(s, e, 0.65)
    # A list of people with what each is, one to a line (two lines or more).
    entries = [(m.start("name"), m.end("name")) for m in listed.finditer(norm)
               if not names_town(ctx.authority.path, m.group("name"))]
    if len(entries) >= 2:
        for s, e in entries:
            add_cued(s, e, 0.65)
    # "For X from Y": the name that ends each part, on a short line
    for f in FOR_FROM_LINE.finditer(norm):
        if len(f.group().split()) <= 12:
            for part in ("to", "by"):
                g = full_name_at.search(norm, f.start(part), f.end(part))
                if g and g.end() == f.end(part):
                    add_cued(g.start(), g.end(), 0.65)
    # "Eban, Lawson, Russell, McArthur present.": a sentence that is a list of family names
    for m in _PRESENT_LIST.finditer(norm):
        for w in _LISTED_WORD.finditer(norm, m.start("list"), m.end("list")):
            if w.group() not in stop and w.group() not in place_words \
                    and not non_person.overlaps(w.start(), w.end()):
                add_cued(w.start(), w.end(), 0.6)

    # Later uses of a surname already known to name a person; a given name written
    # before it mid-sentence makes another person of that family ("Maria Ferri").
    def surname_pass(names: set[str]) -> None:
        names = names - stop
        if not names:
            return
        # Each use of a surname, then what stands before it: a given name, a particle ("de
        # Montval" again after "Pierre de Montval": the particle belongs to the family name).
        # Two patterns, so that only the short one, of this text's names, is compiled per text.
        hits = re.compile(rf"(?<![\w.])(?:{alternation(names)}){_END}")
        for seg in ctx.segments:
            for h in hits.finditer(norm, seg.nstart, seg.nend):
                after = _NEXT_WORD.match(norm, h.end())
                if after and (after.group(1) in names or named.covers(after.start(1))):
                    continue    # "Allen Dulles": a given name here, before a known name
                if h.group().lower() in _PAPERS and (h.start() == seg.nstart or norm[h.start() - 1] == "\n") \
                        and _PAPER_OPENS.match(norm, h.end()):
                    continue    # "Cable from ..." opening a line, though Sir James Cable wrote it
                m = before_surname.search(norm, max(seg.nstart, h.start() - 100), h.start())
                first = m.group("first")
                # The character before the match, spaces and tabs skipped, if the
                # segment has one (a slice from the segment's start was quadratic).
                j = m.start()
                while j > seg.nstart and norm[j - 1] in " \t":
                    j -= 1
                # An editor's "[Jan]" is a given name wherever it stands.
                if first and (first[0] == "[" or j > seg.nstart and norm[j - 1] not in ".!?:;\"(\n") and \
                        plausible(m.start(), h.end(), norm[m.start():h.end()]) \
                        and not town_served(m.start(), first.split()[0]):
                    add(m.start(), h.end(), norm[m.start():h.end()], 0.7)
                else:
                    start = m.start("part") if m.group("part") else h.start()
                    add(start, h.end(), norm[start:h.end()], 0.7)

    # Every use of a whole name of two words or more already found ("Kim Il Sung" again,
    # where the surname pass would take "Il Sung"): the longer span wins when settled.
    def name_pass(found: list[Mention]) -> None:
        names = {clean_name(m.name) for m in found} - stop
        names = {n for n in names if " " in n}
        if not names:
            return
        alts = "|".join(re.escape(n).replace(r"\ ", r"[ \t]+") for n in sorted(names, key=lambda n: (-len(n), n)))
        pat = re.compile(rf"(?<![\w.])(?:{alts}){_END}")
        for seg in ctx.segments:
            for m in pat.finditer(norm, seg.nstart, seg.nend):
                add(m.start(), m.end(), m.group(), 0.7)

    # "Fidel" after "Fidel Castro": a given name alone names the one person of the text
    # who has it (not if two have: "Raul Castro" and "Raul Roa"), unless a name follows it.
    families = family_first[1] if family_first is not None else frozenset()

    def given_alone(found: list[Mention]) -> None:
        owners: dict[str, set[str]] = {}
        for m in found:
            words = clean_name(m.name).split()
            if len(words) < 2 or words[0] in families:
                continue
            first = words[0]        # a given name, not an initial ("B.": not alphabetic)
            if len(first) >= 3 and first.isalpha() and first[0].isupper() and first[1:].islower() \
                    and first not in not_given and first not in demonyms:
                owners.setdefault(first, set()).add(clean_name(m.name))
        alone = {g: next(iter(full)) for g, full in owners.items() if len(full) == 1}
        if not alone:
            return
        # "Dear Michael," above a letter to Michael W. Perrin: the salutation's one name is his
        for i, m in enumerate(out):
            if (m.nstart, m.nend) in saluted and m.name in alone and not m.authority:
                out[i] = replace(m, name=alone[m.name])
        pat = re.compile(rf"(?<![\w.'-])(?:{alternation(alone)})(?![\w-]|'(?!s\b)|[ \t]+[A-Z])")
        for seg in ctx.segments:
            for m in pat.finditer(norm, seg.nstart, seg.nend):
                if not named.covers(m.start()):
                    add(m.start(), m.end(), alone[m.group()], 0.6)

    persons = [m for m in ctx.mentions if m.kind == "person"]
    name_pass(out + persons)
    surnames = {surname(clean_name(m.name)) for m in out}
    surnames |= {surname(m.name) for m in persons}
    surname_pass(surnames)

    before_and = len(out)
    # "through you [Lisa Howard]", "he [Gromyko] said": the person an editor says a pronoun
    # stands for; their other uses follow with those below.
    for seg in ctx.segments:
        for m in _PRONOUN_BRACKET.finditer(norm, seg.nstart, seg.nend):
            if not named.overlaps(m.start("name"), m.end("name")):
                add_cued(m.start("name"), m.end("name"), 0.65)
    # A name joined by "and" to a known person's is a person's too ("Petrov and Ivanov");
    # its other uses follow.
    for k in out[:before_and] + [m for m in ctx.mentions if m.kind == "person"]:
        after = and_name.match(norm, k.nend)
        if after and not re.match(r"[ \t]*[A-Z(]", norm[after.end():after.end() + 2]):
            add_cued(after.start("name"), after.end("name"), 0.65)
        base = max(0, k.nstart - 60)
        before = name_and.search(norm[base:k.nstart])
        if before:
            add_cued(base + before.start("name"), base + before.end("name"), 0.65)
    # Their other uses, before lists are read: a list may hold one of them.
    name_pass(out[before_and:])
    found = {surname(clean_name(m.name)) for m in out[before_and:]} - surnames
    surname_pass(found)
    surnames |= found
    before_lists = len(out)
    # The other names of a list that holds two people's or more: "Dunmore, Kettridge, Pellow,
    # Halvorsen and city officials" (one person's name in a list proves nothing: "Central
    # Files, Presidential Correspondence, Halvorsen"; "Novak, Cedar Falls, Iowa").
    known = {(m.nstart, m.nend) for m in out} | {(m.nstart, m.nend) for m in ctx.mentions
                                                 if m.kind == "person"}
    seen: set[tuple[int, int]] = set()

    def item(m, shift=0):
        """(span, is a person's already) of a list item, or None if it cannot be a name."""
        span = (shift + m.start("name"), shift + m.end("name"))
        if span in known:
            return span, True
        return (span, False) if plausible(*span, norm[span[0]:span[1]]) else None

    for first in sorted(known):
        if first in seen:
            continue
        items = [(first, True)]
        e = first[1]
        while (m := list_next.match(norm, _suffixed(norm, e))
               or list_last.match(norm, _suffixed(norm, e))) and (it := item(m)):
            items.append(it)
            e = it[0][1]
            if m.re is list_last:
                break
        s = first[0]
        while (m := list_before.search(norm[max(0, s - 80):s])) and (it := item(m, max(0, s - 80))):
            items.insert(0, it)
            s = it[0][0]
        seen.update(span for span, _ in items)
        # "X, Y, Z, and other leaders": the list says what its names are.
        others_after = _OTHER_PEOPLE.match(norm, _suffixed(norm, items[-1][0][1]))
        if sum(is_known for _, is_known in items) >= 2 or (others_after and len(items) >= 2):
            for span, is_known in items:
                if not is_known:
                    add_cued(*span, 0.65)
    name_pass(out[before_lists:])
    surname_pass({surname(clean_name(m.name)) for m in out[before_lists:]} - surnames)
    for k in out[:] + persons:
        if (alt := other_spelling.match(norm, k.nend)):
            add_cued(alt.start("name"), alt.end("name"), 0.65)
    given_alone(out + persons)
    # "Leonid Ilych [Brezhnev]", "Wieslaw [Gomulka]": a name the editor completed with the
    # family name in brackets; the given names are a mention of that person.
    completed: dict[tuple[int, int], str] = {}
    for k in out[:] + persons:
        if k.nstart < 2 or norm[k.nstart - 1] != "[" or norm[k.nend:k.nend + 1] != "]" \
                or k.attr("part"):
            continue
        g = _GIVEN_BEFORE.search(norm, max(0, k.nstart - 60), k.nstart)
        if g is None or any(w in stop or w in not_given for w in g.group("name").split()):
            continue
        if g.group("name") in families or named.overlaps(g.start("name"), g.end("name")):
            continue        # "Zhou [Enlai]", "Huang [Wenyou]": the bracket holds the given name
        if not plausible(g.start("name"), g.end("name"), g.group("name")):
            continue
        completed[g.start("name"), g.end("name")] = \
            k.name if k.authority else clean_name(f"{g.group('name')} {k.name}")
    # "Ohira [Masayoshi]", "Tanaka [Kakuei]": the given name an editor put in brackets after
    # a family name found here; a mention of that person too.
    taken = {(x.nstart, x.nend) for x in out}
    for k in out[:] + persons:
        b = _GIVEN_BRACKET.match(norm, k.nend)
        if b is None or k.attr("part") or (b.start("given"), b.end("given")) in taken \
                or len(b.group("given")) < 3:
            continue        # not "Cyrankiewicz [Po]", a country's short form
        if b.group("given").split("-")[0] in not_given or b.group("given") in families \
                or b.group("given").endswith(_TRADES):
            continue        # "Platonov [Architects]": his union, not his given name
        add(b.start("given"), b.end("given"), clean_name(f"{k.name} {b.group('given')}"), 0.7,
            [("part", "given")])
    if completed:
        # what another rule made of the given names alone ("Leonid Ilyich") gives way
        out[:] = [x for x in out if (x.nstart, x.nend) not in completed]
        for (s, e), name in completed.items():
            add(s, e, name, 0.7, [("part", "given")])
    return [piece for m in out for piece in _bracket_pieces(m, norm)]


_GIVEN_IN_BRACKETS = re.compile(r"\[(?P<given>[^\[\]\n]+)\][ \t]+(?=\S)")


def _bracket_pieces(m: Mention, norm: str) -> list[Mention]:
    """ "[Edward] Ochab" as two mentions of Edward Ochab: the editor's "Edward", the text's "Ochab".

    A given name an editor put in brackets is the editor's word, not the document's;
    each is a mention in its own right, of the one person the two name together.
    """
    b = _GIVEN_IN_BRACKETS.match(norm, m.nstart, m.nend)
    if b is None:
        return [m]
    given, rest = b.group("given"), norm[b.end():m.nend]
    name = clean_name(f"{given} {rest}")
    # What the words before the name said (an office, an honorific) belongs to the whole
    # name, so to the family name that closes it.
    return [replace(m, nstart=b.start("given"), nend=b.end("given"), name=name,
                    attrs=(("part", "given"),)),
            replace(m, nstart=b.end(), name=name)]
