"""Plain records passed between pipeline stages.

Extractors and relaters produce these; only :mod:`kg.build` turns them into
RDF. Offsets named ``start``/``end`` are 0-based code-point offsets into the
witness text exactly as stored (end exclusive); ``nstart``/``nend`` are offsets
into the normalised view the rules read (see :class:`TextView`).
"""

from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Union


class OffsetMap:
    """The original offset of every position of a normalised text, stored as runs.

    ``m[i]`` is the original offset of ``norm[i]`` and ``m[len(norm)]`` is
    ``len(text)``; ``len(m) == len(norm) + 1``. Normalising copies most of a
    text unchanged, so the offsets are kept as runs (where each starts, its
    first original offset, and whether it steps by one or stays put, as for
    the three dots an ellipsis becomes) instead of one integer per character:
    a few bytes per change instead of some 36 bytes per character.
    """

    __slots__ = ("_starts", "_origins", "_steps", "_len")

    def __init__(self):
        self._starts = array("q")
        self._origins = array("q")
        self._steps = array("b")
        self._len = 0

    def add(self, length: int, origin: int, step: int) -> None:
        """Append *length* positions, the first at *origin*, each *step* (0 or 1) after the last."""
        if length <= 0:
            return
        if length == 1:
            step = 1
        if self._starts:
            k = len(self._starts) - 1
            if (self._steps[k] == 1 and step == 1
                    and self._origins[k] + self._len - self._starts[k] == origin):
                self._len += length
                return
        self._starts.append(self._len)
        self._origins.append(origin)
        self._steps.append(step)
        self._len += length

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, i: int) -> int:
        if not 0 <= i < self._len:
            raise IndexError(f"offset {i} outside 0..{self._len - 1}")
        k = bisect_right(self._starts, i) - 1
        return self._origins[k] + self._steps[k] * (i - self._starts[k])

    def __eq__(self, other) -> bool:
        return (isinstance(other, OffsetMap) and self._len == other._len
                and self._starts == other._starts and self._origins == other._origins
                and self._steps == other._steps)

    def __hash__(self) -> int:
        return hash((self._len, self._starts.tobytes(), self._origins.tobytes()))


@dataclass(frozen=True)
class TextView:
    """A normalised copy of a text that maps every position back to the original.

    Rules read ``norm`` (straight quotes, ``...`` for an ellipsis, markup tags
    and zero-width characters removed); evidence always points into ``text``.
    ``index[i]`` is the original offset of ``norm[i]``; ``index[len(norm)]`` is
    ``len(text)`` (an :class:`OffsetMap`).
    """

    text: str
    norm: str
    index: OffsetMap

    def orig(self, nstart: int, nend: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the normalised span ``[nstart, nend)``."""
        start = self.index[nstart]
        end = self.index[nend - 1] + 1 if nend > nstart else start
        return start, end

    def norm_span(self, start: int, end: int) -> tuple[int, int]:
        """Normalised ``(nstart, nend)`` of the original span ``[start, end)``."""
        nstart = bisect_left(self.index, start, 0, len(self.norm))
        nend = bisect_left(self.index, end, nstart, len(self.norm))
        return nstart, nend


@dataclass(frozen=True)
class WorkMeta:
    id: str
    title: str
    kind: str = "document"
    language: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class WitnessMeta:
    id: str
    file: str
    kind: str
    title: str
    language: str
    work: str
    publisher: str | None = None
    date: dt.date | None = None
    derived_from: tuple[str, ...] = ()
    byline: str | None = None
    note: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Markup:
    """A span of a rendered text that markup in the source file gave a name.

    ``element`` is the TEI element's local name (``persName``, ``date``,
    ``head``, ``signed`` ...); ``start``/``end`` are offsets into the rendered
    text as stored; ``attrs`` are the element's attributes plus what the loader
    resolved (a ``persName``'s persons-list ``name`` and ``role``).
    """

    element: str
    start: int
    end: int
    attrs: tuple[tuple[str, str], ...] = ()

    def attr(self, key: str) -> str | None:
        return dict(self.attrs).get(key)


@dataclass(frozen=True)
class Source:
    """One witness: its metadata, its text as stored, and the normalised view.

    A witness read from markup (``format`` ``"tei"``) also carries what the
    markup said: ``markup`` (element spans in the stored text) and ``layout``
    (its structural parts as segments, used instead of guessing them).
    """

    meta: WitnessMeta
    path: str
    view: TextView
    sha256: str
    format: str = "text"
    markup: tuple[Markup, ...] = ()
    layout: tuple["Segment", ...] = ()

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def text(self) -> str:
        return self.view.text


@dataclass(frozen=True)
class Corpus:
    works: tuple[WorkMeta, ...]
    sources: tuple[Source, ...]


# Segment layers: the work's own words, or what a copy adds around them.
WORK_TEXT = "WorkText"
PARATEXT = "Paratext"


@dataclass(frozen=True, slots=True)
class Segment:
    source: str
    kind: str          # a kgo:SegmentType local name, e.g. "Signature"
    layer: str         # WORK_TEXT or PARATEXT
    nstart: int
    nend: int


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to a node the build stage will mint an IRI for."""

    kind: str          # person, organization, state, place, event, proposal, stance,
    key: str           # position, date, work, witness, concept

    def __str__(self) -> str:
        return f"{self.kind}/{self.key}"


@dataclass(frozen=True, slots=True)
class Mention:
    """A typed span of a witness that names something."""

    source: str
    nstart: int
    nend: int
    kind: str                      # person, organization, state, place, date
    name: str                      # the normalised name used to resolve it
    rule: str
    confidence: float
    authority: str | None = None   # id in the authority file, when matched there
    value: dt.date | None = None   # for dates
    attrs: tuple[tuple[str, str], ...] = ()

    def attr(self, key: str) -> str | None:
        return dict(self.attrs).get(key)


@dataclass(slots=True)
class Entity:
    """Something the graph describes: an actor, place, proposal, event, ..."""

    ref: Ref
    label: str
    types: tuple[str, ...]                 # CURIEs, e.g. ("kgo:Person", "schema:Person")
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    attrs: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Evidence:
    source: str
    nstart: int
    nend: int


Value = Union[Ref, str, int, float, dt.date]


@dataclass(frozen=True, slots=True)
class Fact:
    """One asserted statement with the spans that support it.

    ``claimant`` is whose claim it is: ``Ref("work", id)`` for the work's own
    words (found in any copy), ``Ref("witness", id)`` for what only one copy
    adds (a blog's preface, an archive's summary).
    """

    subject: Ref
    predicate: str                 # a CURIE, e.g. "kgo:proposedBy"
    object: Value
    evidence: tuple[Evidence, ...]
    rule: str
    confidence: float
    claimant: Ref


@dataclass(frozen=True)
class Finding:
    """The result of a data-driven plausibility check."""

    rule: str
    severity: str
    message: str
    about: tuple[Ref, ...]
    evidence: tuple[Evidence, ...] = ()
