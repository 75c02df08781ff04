"""Extract stage: find typed mentions (people, bodies, states, places, dates).

``extract(source, segments, lexicon, authority, components)`` runs the
registered extract components in the configured order and returns the
mentions, overlaps settled: what the witness's own markup states wins (the
editors said so); otherwise the longer span wins, an authority-backed match
wins a tie, and identical spans from two rules merge their attributes. A
collective actor ("supporters of the X") keeps the mentions nested inside it.
A body's name keeps the states named in it and the place after its "in"
("Allied Council for Japan", "Polish Embassy in Havana"): those mentions
carry ``nested=1`` and name the state or town, not who acts.
Last, a person found by form ("N. Petrov") whose family name is that of one
known person the same text names is linked to that person's record, and so is
one addressed by the given name and patronymic of a known person ("Leonid
Ilyich").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property

from ..authority import Authority
from ..load import fold
from ..model import Mention, Segment, Source
from ..rules import Lexicon, alternation, once_per
from . import dates, gazetteer, markup, orgs, people, places  # noqa: F401  (registers components)
from .gazetteer import known


@dataclass
class ExtractContext:
    source: Source
    segments: list[Segment]
    lexicon: Lexicon
    authority: Authority
    mentions: list[Mention] = field(default_factory=list)

    @property
    def norm(self) -> str:
        return self.source.view.norm

    @cached_property
    def _casing(self) -> tuple[str, list[tuple[int, int]]]:
        return people.cased(self.norm, self.lexicon)

    @property
    def cased(self) -> str:
        """The text with words in capitals written as names are ("KIM IL SUNG" -> "Kim Il
        Sung"), every character where it was (:func:`kg.extract.people.cased`)."""
        return self._casing[0]

    @property
    def cased_runs(self) -> list[tuple[int, int]]:
        """The spans where :attr:`cased` differs from the text."""
        return self._casing[1]


_BLOCK = 64   # characters per block of the clash index in _settle


def _settle(mentions: list[Mention]) -> list[Mention]:
    merged: dict[tuple[int, int, str], Mention] = {}
    for m in mentions:
        key = (m.nstart, m.nend, m.kind)
        old = merged.get(key)
        if old is None:
            merged[key] = m
            continue
        if bool(old.attr("markup")) != bool(m.attr("markup")):
            keep, other = (old, m) if old.attr("markup") else (m, old)
        else:
            keep, other = (old, m) if (old.authority or not m.authority) else (m, old)
        attrs = dict(other.attrs)
        attrs.update(dict(keep.attrs))
        merged[key] = replace(keep, attrs=tuple(sorted(attrs.items())),
                              confidence=max(keep.confidence, other.confidence))
    ordered = sorted(merged.values(),
                     key=lambda m: (not m.attr("markup"), -(m.nend - m.nstart), not m.authority,
                                    m.nstart, m.kind))
    kept: list[Mention] = []
    # Kept mentions indexed by the blocks of text they cover, so a clash is looked
    # for among neighbours only (comparing with every kept mention was quadratic).
    blocks: dict[int, list[Mention]] = {}
    for m in ordered:
        clash = False
        span = range(m.nstart // _BLOCK, max(m.nstart, m.nend - 1) // _BLOCK + 1)
        for k in (k for b in span for k in blocks.get(b, ())):
            if m.nstart < k.nend and k.nstart < m.nend:
                nested = k.nstart <= m.nstart and m.nend <= k.nend
                if nested and k.attr("collective"):
                    continue
                clash = True
                break
        if not clash:
            kept.append(m)
            for b in span:
                blocks.setdefault(b, []).append(m)
    return sorted(kept, key=lambda m: (m.nstart, m.nend, m.kind))


@once_per
def _by_given_and_patronymic(authority) -> dict:
    """The first two words of every known person's three-word name ("Leonid Ilyich" of
    "Leonid Ilyich Brezhnev"), folded, where they are one person's only; worked out once
    per authority file (as the gazetteer's table is)."""
    seen: dict[str, set] = {}
    for rec in authority.records.values():
        if rec.type != "person":
            continue
        for form in (rec.label, *rec.aliases):
            words = form.split()
            if len(words) == 3 and all(w[:1].isupper() and "." not in w for w in words):
                seen.setdefault(fold(" ".join(words[:2])), set()).add(rec.id)
    return {k: authority.records[next(iter(v))] for k, v in seen.items() if len(v) == 1}


def _known_by_surname(mentions: list[Mention], authority: Authority) -> list[Mention]:
    """An unknown "N. Petrov" in a text that names the known Nikolai Petrov is he.

    A person found by form whose family name is that of exactly one known person
    mentioned in the same text, with no first initial against it, is linked to
    that person's authority record.
    """
    from .people import surname_key

    known: dict[str, set[str]] = {}
    for m in mentions:
        if m.kind == "person" and m.authority:
            rec = authority.records[m.authority]
            known.setdefault(surname_key(rec.label), set()).add(rec.id)
    out = []
    for m in mentions:
        if m.kind == "person" and not m.authority and not m.attr("markup") \
                and len(m.name.split()) == 2 and (rec := _by_given_and_patronymic(authority).get(fold(m.name))):
            # "Dear Leonid Ilyich": a known person addressed by given name and patronymic
            out.append(replace(m, authority=rec.id, name=rec.label))
            continue
        if m.kind == "person" and not m.authority and not m.attr("markup"):
            ids = known.get(surname_key(m.name), set())
            if len(ids) == 1:
                rec = authority.records[next(iter(ids))]
                first, own = m.name.split()[0], rec.label.split()[0]
                if len(m.name.split()) == 1 or first[0] == own[0]:
                    m = replace(m, authority=rec.id, name=rec.label)
        out.append(m)
    return out


_SEAT = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$")


def _in_bodies(kept: list[Mention], norm: str) -> list[Mention]:
    """The states named inside a kept body's name, and the place after its "in".

    A state or town the text names on its own is looked for, in the same words,
    inside every kept (non-collective) organization's name; each use found there
    is returned as a mention of it marked ``nested``. A place counts only as the
    body's seat ("Embassy in Havana"), not as a word of its name ("Warsaw Pact").
    A state that a text names only as part of a body's name ("the Embassy of
    Hungary") is the body's, not a subject of the text.
    """
    alone: dict[str, Mention] = {}
    for m in kept:
        if m.kind in ("state", "place"):
            alone.setdefault(norm[m.nstart:m.nend], m)
    bodies = [m for m in kept if m.kind == "organization" and not m.attr("collective")]
    if not alone or not bodies:
        return []
    # A hyphen before a state's name is no part of it ("the ex-Pakistan Consulate", "Sino-Soviet
    # Society"); one after it is ("Guinea-Bissau").
    forms = re.compile(r"(?<![\w'])" + alternation(alone) + r"(?![\w'-])")
    out = []
    for body in bodies:
        for f in forms.finditer(norm, body.nstart, body.nend):
            if (f.start(), f.end()) == (body.nstart, body.nend):
                continue
            like = alone[f.group()]
            if like.kind == "place" and not _SEAT.search(norm, body.nstart, f.start()):
                continue
            attrs = tuple(sorted({**dict(like.attrs), "nested": "1"}.items()))
            out.append(replace(like, nstart=f.start(), nend=f.end(), attrs=attrs))
    return out


_OF_STATE = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?")


def _bodies_of_states(kept: list[Mention], norm: str, authority: Authority) -> list[Mention]:
    """"Ministry of Foreign Affairs of the PRB": a body's name with the state it serves.

    A body's mention (not one ending in initials) followed by "of (the)" and a state's
    name (not its adjective) becomes one mention of the whole; the state is then named
    inside it (see :func:`_in_bodies`). The body is the known one the whole names, or
    else the known one of that state when the authority file has exactly one by the
    body's name, or else a body of its own name.
    """
    starts = {m.nstart: m for m in kept if m.kind == "state" and not m.attr("demonym")}
    joined: dict[Mention, Mention] = {}
    for m in kept:
        if m.kind != "organization" or m.attr("collective") or m in joined:
            continue
        if sum(c.isupper() for c in norm[m.nstart:m.nend].split()[-1]) > 1:
            continue        # "KGB of the USSR", "MfS of the GDR": two names
        gap = _OF_STATE.match(norm, m.nend)
        state = starts.get(gap.end()) if gap else None
        if state is None or state in joined:
            continue
        name = " ".join(norm[m.nstart:state.nend].split())
        whole_known = known(authority, name)
        own = [whole_known.id] if whole_known is not None and whole_known.type == "organization" else []
        if not own:
            cands = (m.attr("contextual") or "").split() or ([m.authority] if m.authority else [])
            own = [i for i in cands if authority.records[i].state == state.authority]
        attrs = tuple((k, v) for k, v in m.attrs if k != "contextual")
        whole = replace(m, nend=state.nend, name=name, authority=own[0] if len(own) == 1 else None,
                        attrs=attrs)
        joined[m] = joined[state] = whole
    if not joined:
        return kept
    out = [joined.get(m, m) for m in kept]
    return sorted(set(out), key=lambda m: (m.nstart, m.nend, m.kind))


def extract(source: Source, segments: list[Segment], lexicon: Lexicon, authority: Authority,
            components) -> list[Mention]:
    """Run the extract *components* over *source* and return settled mentions."""
    ctx = ExtractContext(source, segments, lexicon, authority)
    for comp in components:
        found = comp.func(ctx)
        if found:           # settling what is already settled changes nothing
            ctx.mentions.extend(found)
            ctx.mentions = _settle(ctx.mentions)
    mentions = _known_by_surname(ctx.mentions, authority)
    mentions = _bodies_of_states(mentions, ctx.norm, authority)
    nested = _in_bodies(mentions, ctx.norm)
    if nested:
        mentions = sorted(mentions + nested, key=lambda m: (m.nstart, m.nend, m.kind))
    return mentions
