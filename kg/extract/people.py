"""People: names after honorifics and titles, initials with a surname, and
every later use of a surname already known to name a person.

A title before a name becomes the person's role ("our ambassador in Rome,
comrade X" gives role "ambassador", place "Rome", own side "our"). An
editor's bracketed insertion ("[Jean] Dupont") is part of the name, with
the brackets dropped from the name but kept in the quoted span.
"""

from __future__ import annotations

import re

from ..model import Mention
from ..registry import component

_WORD = r"[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?"
_FIRST = rf"(?:\[{_WORD}\]|{_WORD})"
_INITIALS = r"(?:[A-Z]\.[ \t]?){1,3}"
# "A.B. Petrov", "Jacob D. Beam", "John Foster Dulles", "[Jean] Dupont", "Dupont".
NAME = (rf"(?:{_INITIALS}[ \t]?{_WORD}|{_FIRST}(?:[ \t]+{_INITIALS}|[ \t]+{_WORD})?[ \t]+{_WORD}(?![\w.])"
        rf"|{_FIRST}[ \t]+{_WORD}|{_WORD})")
# A name may run straight into a date ("Petrov26 March 1954"): only a letter ends it early.
_END = r"(?![^\W\d_])"
_INITIAL_NAME = re.compile(rf"(?<![\w.])(?:{_INITIALS})\s?(?P<sur>{_WORD}){_END}")
_CACHE: dict[int, tuple[re.Pattern, re.Pattern]] = {}


def _alts(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _patterns(lex):
    key = id(lex)
    if key not in _CACHE:
        hon = _alts(lex.honorifics)
        roles = _alts(lex.roles)
        own = _alts(lex.own_side)
        titled = re.compile(
            rf"(?:(?P<det>\b(?:{own}|the|The|his|her|their|its)\s+))?"
            rf"(?:(?P<mod>[A-Z][a-z]+)\s+)??(?P<role>\b(?:{roles}))"
            rf"(?:\s+(?:in|to|at|of)\s+(?P<where>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?))?"
            rf",?\s+(?:(?P<hon>{hon})\s+)?(?!(?:{roles}|{hon})\b)(?P<name>{NAME}){_END}"
        )
        honorific = re.compile(rf"(?<![\w])(?P<hon>{hon})\s+(?!(?:{roles}|{hon})\b)(?P<name>{NAME}){_END}")
        signer = re.compile(rf"(?:{_INITIALS}[ \t]?)?{_WORD}(?:[ \t]+(?:{_INITIALS}|{_WORD})){{0,3}}")
        _CACHE[key] = (titled, honorific, signer)
    return _CACHE[key]


def clean_name(raw: str) -> str:
    """The name without editorial brackets and with single spaces."""
    return re.sub(r"\s+", " ", raw.replace("[", "").replace("]", "")).strip()


@component("kg.people.v1", "extract", needs=("authority-mentions",), adds=("people",))
def extract_people(ctx) -> list[Mention]:
    """People named after honorifics or titles, by initials, or by a known surname."""
    titled, honorific, signer = _patterns(ctx.lexicon)
    stop = ctx.lexicon.stopwords | set(ctx.lexicon.org_heads) | set(ctx.lexicon.name_heads)
    known_other = {(m.nstart, m.nend) for m in ctx.mentions if m.kind != "person" and m.authority}
    out: list[Mention] = []

    def add(s, e, name, rule_conf, attrs=()):
        if (s, e) in known_other or name.split()[-1] in stop:
            return
        out.append(Mention(ctx.source.id, s, e, "person", clean_name(name), "kg.people.v1",
                           rule_conf, attrs=tuple(sorted(attrs))))

    for seg in ctx.segments:
        for m in titled.finditer(ctx.norm, seg.nstart, seg.nend):
            if m.group("mod") and m.group("mod") in ctx.lexicon.stopwords:
                mod = None
            else:
                mod = m.group("mod")
            attrs = [("role", m.group("role")), ("role_span", f"{m.start('role')}-{m.end('role')}")]
            if mod:
                attrs.append(("role_mod", mod))
            if m.group("where"):
                attrs.append(("role_where", m.group("where")))
            if m.group("det"):
                attrs.append(("role_det", m.group("det").strip()))
            if m.group("hon"):
                attrs.append(("honorific", m.group("hon")))
            add(m.start("name"), m.end("name"), m.group("name"), 0.85, attrs)
        for m in honorific.finditer(ctx.norm, seg.nstart, seg.nend):
            add(m.start("name"), m.end("name"), m.group("name"), 0.85, [("honorific", m.group("hon"))])
        for m in _INITIAL_NAME.finditer(ctx.norm, seg.nstart, seg.nend):
            add(m.start(), m.end(), m.group(), 0.75)
        if seg.kind == "Signature":
            # A signature starts with its signer's name, whatever its form.
            m = signer.match(ctx.norm, seg.nstart, seg.nend)
            if m and not any(o.nstart <= m.start() < o.nend for o in ctx.mentions
                             if o.kind != "person"):
                add(m.start(), m.end(), m.group(), 0.8)

    # Later uses of a surname already known to name a person.
    surnames = {clean_name(m.name).split()[-1] for m in out}
    surnames |= {m.name.split()[-1] for m in ctx.mentions if m.kind == "person"}
    surnames -= stop
    if surnames:
        pat = re.compile(rf"(?<![\w.])(?:{_alts(surnames)}){_END}")
        for seg in ctx.segments:
            for m in pat.finditer(ctx.norm, seg.nstart, seg.nend):
                add(m.start(), m.end(), m.group(), 0.7)
    return out
