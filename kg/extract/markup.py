"""Mentions that a witness's own markup states (TEI, read by :mod:`kg.tei`).

``kg.tei-markup.v1`` turns the editors' markup into mentions: ``persName``
names a person (under the name the persons list gives, when ``@corresp``
points into it); ``placeName`` a place, or the state the authority file knows
by that name; ``orgName``, and a body the heading names as sender or addressee
(``gloss/@type`` ``from``/``to``), an organization; ``date/@when`` a date;
``rs``/``name`` with a ``@type`` the corresponding kind; a ``gloss`` whose
expansion in the list of terms the authority file knows, that entity. Every
mention carries the attribute ``markup`` and this component's name as its
rule, so the graph says it came from markup, not from kg's own rules.
"""

from __future__ import annotations

import datetime as dt
import re

from ..model import Mention
from ..registry import component
from .gazetteer import known

RULE = "kg.tei-markup.v1"
_TYPED = {"person": "person", "persName": "person", "place": "place", "placeName": "place",
          "org": "organization", "orgName": "organization", "organization": "organization",
          "country": "state", "state": "state", "nation": "state"}
_INITIAL = re.compile(r"^(?:[A-Z]\.)+$")
_SUFFIX = re.compile(r",?\s+(?:Jr\.|Sr\.|II|III|IV)$")


def _variants(name: str) -> list[str]:
    """Forms under which the authority file may list a persons-list name."""
    bare = _SUFFIX.sub("", name)
    words = bare.split()
    short = " ".join(w for i, w in enumerate(words) if i in (0, len(words) - 1)
                     or not _INITIAL.match(w))
    return list(dict.fromkeys([name, bare, short]))


def _date(when: str | None) -> dt.date | None:
    if not when or not re.match(r"^\d{4}-\d{2}-\d{2}", when):
        return None
    try:
        return dt.date.fromisoformat(when[:10])
    except ValueError:
        return None


@component(RULE, "extract", adds=("markup-mentions",))
def extract_markup(ctx) -> list[Mention]:
    """People, places, bodies and dates named by the witness's own markup (TEI)."""
    src = ctx.source
    view, text = src.view, src.text
    out: list[Mention] = []

    def add(m, kind, name, rec=None, value=None, attrs=()):
        ns, ne = view.norm_span(m.start, m.end)
        if ne <= ns:
            return
        if rec is not None:
            kind, name = rec.type, rec.label
        out.append(Mention(src.id, ns, ne, kind, name, RULE, 1.0,
                           authority=rec.id if rec else None, value=value,
                           attrs=tuple(sorted((("markup", m.element), *attrs)))))

    for m in src.markup:
        surface = " ".join(text[m.start:m.end].split())
        el = m.element
        if el == "persName":
            listed = m.attr("name")
            rec = None
            for form in (_variants(listed) if listed else [surface]):
                rec = known(ctx.authority, form)
                if rec is not None and rec.type == "person":
                    break
                rec = None
            add(m, "person", listed or surface, rec)
        elif el == "date":
            value = _date(m.attr("when"))
            if value is not None:
                add(m, "date", value.isoformat(), value=value)
        elif el == "gloss" and m.attr("type") in ("from", "to"):
            add(m, "organization", surface, known(ctx.authority, surface))
        elif el == "gloss" and m.attr("expansion"):
            rec = known(ctx.authority, surface) or known(ctx.authority, m.attr("expansion"))
            if rec is not None:
                add(m, rec.type, rec.label, rec)
        elif el in ("placeName", "orgName") or (el in ("rs", "name") and m.attr("type") in _TYPED):
            kind = _TYPED[el if el in _TYPED else m.attr("type")]
            rec = known(ctx.authority, surface)
            if rec is not None and kind == "place" and rec.type not in ("place", "state"):
                rec = None
            add(m, kind, surface, rec)
    return out
