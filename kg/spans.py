"""Offset indexes over one witness's mentions and segments, for resolve and relate.

Both stages keep asking "which mentions lie in this span?" and "which part of
the text is this position in?". Scanning every mention (or segment) of the
witness for each question made them quadratic in the length of a text; these
indexes answer in O(log n + k) for k answers, and give the same answers in the
same order as the scans did: mentions in the order they were added, the first
segment in list order that holds a position.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from .model import Mention, Segment


class MentionIndex:
    """The mentions of one witness, found by where they start.

    Answers list mentions in the order they were given or added, as a scan of
    that list would.
    """

    def __init__(self, mentions: Iterable[Mention] = ()):
        self._items: list[Mention] = list(mentions)
        # Positions in _items, sorted by start; a stable sort keeps equal starts in
        # list order.
        self._order = sorted(range(len(self._items)), key=lambda i: self._items[i].nstart)
        self._starts = [self._items[i].nstart for i in self._order]
        # Mentions added later, kept apart: relate adds them in text order, so each
        # goes at the end of these lists, where an insert into the first ones moved
        # half the witness's mentions each time (quadratic in the length of a text).
        self._added: list[int] = []
        self._added_starts: list[int] = []

    def add(self, m: Mention) -> None:
        pos = bisect_right(self._added_starts, m.nstart)
        self._added_starts.insert(pos, m.nstart)
        self._added.insert(pos, len(self._items))
        self._items.append(m)

    def _starting(self, s: int, e: int, closed: bool) -> list[int]:
        """Positions in _items of the mentions that start in ``[s, e]`` (closed) or ``[s, e)``."""
        upto = bisect_right if closed else bisect_left
        found = self._order[bisect_left(self._starts, s):upto(self._starts, e)]
        if self._added:
            found += self._added[bisect_left(self._added_starts, s):upto(self._added_starts, e)]
        return found

    def _pick(self, found: list[int], keep) -> list[Mention]:
        return [self._items[i] for i in sorted(i for i in found if keep(self._items[i]))]

    def within(self, s: int, e: int, kinds: Iterable[str] | None = None) -> list[Mention]:
        """Mentions that lie inside ``[s, e)`` (of *kinds*, if given)."""
        return self._pick(self._starting(s, e, True),
                          lambda m: m.nend <= e and (kinds is None or m.kind in kinds))

    def starting(self, s: int, e: int, kinds: Iterable[str] | None = None) -> list[Mention]:
        """Mentions that start in ``[s, e)``, wherever they end (of *kinds*, if given)."""
        return self._pick(self._starting(s, e, False), lambda m: kinds is None or m.kind in kinds)

    def inside(self, segments: Iterable[Segment], kinds: Iterable[str] | None = None) -> list[Mention]:
        """Mentions that lie inside any of *segments* (of *kinds*, if given), each once."""
        found: set[int] = set()
        for g in segments:
            found.update(i for i in self._starting(g.nstart, g.nend, True)
                         if self._items[i].nend <= g.nend
                         and (kinds is None or self._items[i].kind in kinds))
        return [self._items[i] for i in sorted(found)]


class SegmentIndex:
    """The segments of one witness, found by position.

    :meth:`at` gives the first segment in list order that holds a position, and
    :meth:`holding` the first that holds a span, as a scan of the list would,
    also where segments nest or overlap (markup layouts can).
    """

    def __init__(self, segments: Iterable[Segment]):
        self._segs = segs = list(segments)
        opening: dict[int, list[int]] = {}
        for i, g in enumerate(segs):
            opening.setdefault(g.nstart, []).append(i)
        # Cut the text at every boundary: the same segments hold every position
        # between two cuts. One sweep finds them for each piece, in list order;
        # the heap holds the list positions of the segments open so far, and
        # ones that have ended are dropped when they come to the top.
        self._cuts: list[int] = sorted({b for g in segs for b in (g.nstart, g.nend)})
        self._open: list[tuple[int, ...]] = []
        open_: list[int] = []
        for cut in self._cuts:
            for i in opening.get(cut, ()):
                heapq.heappush(open_, i)
            while open_ and segs[open_[0]].nend <= cut:
                heapq.heappop(open_)
            self._open.append(tuple(sorted(i for i in open_ if segs[i].nend > cut)))

    def at(self, pos: int) -> Segment | None:
        """The first segment that holds *pos*, or None."""
        i = bisect_right(self._cuts, pos) - 1
        return self._segs[self._open[i][0]] if i >= 0 and self._open[i] else None

    def holding(self, s: int, e: int) -> Segment | None:
        """The first segment that contains ``[s, e)`` and is not that very span, or None."""
        i = bisect_right(self._cuts, s) - 1
        # A segment holding a span holds its first position; an empty span at a
        # cut is also held by the segments that end there, open in the piece before.
        pieces = (i,) if e > s else (i - 1, i)
        for k in sorted({k for p in pieces if p >= 0 for k in self._open[p]}):
            g = self._segs[k]
            if g.nstart <= s and e <= g.nend and (g.nstart, g.nend) != (s, e):
                return g
        return None


class SpanCover:
    """Whether a span or a position meets any of a fixed set of spans (mentions).

    Sorted by start, with the furthest end reached so far: the spans that start
    before *e* are a prefix, and one of them reaches past *s* exactly when the
    prefix's furthest end does. O(log n) per question, where a scan of the spans
    made extraction quadratic in the length of a text.
    """

    def __init__(self, spans: Iterable[Mention]):
        pairs = sorted((m.nstart, m.nend) for m in spans)
        self._starts = [s for s, _ in pairs]
        self._reach: list[int] = []
        furthest = -1
        for _, e in pairs:
            furthest = max(furthest, e)
            self._reach.append(furthest)

    def overlaps(self, s: int, e: int) -> bool:
        """Whether some span ``[a, b)`` has ``a < e and s < b``."""
        i = bisect_left(self._starts, e)
        return i > 0 and self._reach[i - 1] > s

    def covers(self, pos: int) -> bool:
        """Whether some span ``[a, b)`` has ``a <= pos < b``."""
        i = bisect_right(self._starts, pos)
        return i > 0 and self._reach[i - 1] > pos

    def contains(self, s: int, e: int) -> bool:
        """Whether some span ``[a, b)`` has ``a <= s and e <= b``."""
        i = bisect_right(self._starts, s)
        return i > 0 and self._reach[i - 1] >= e
