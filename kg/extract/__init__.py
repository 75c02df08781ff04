"""Extract stage: find typed mentions (people, bodies, states, places, dates).

``extract(source, segments, lexicon, authority, components)`` runs the
registered extract components in the configured order and returns the
mentions, overlaps settled: the longer span wins, an authority-backed match
wins a tie, and identical spans from two rules merge their attributes. A
collective actor ("supporters of the X") keeps the mentions nested inside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..authority import Authority
from ..model import Mention, Segment, Source
from ..rules import Lexicon
from . import dates, gazetteer, orgs, people  # noqa: F401  (registers components)


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


_BLOCK = 64   # characters per block of the clash index in _settle


def _settle(mentions: list[Mention]) -> list[Mention]:
    merged: dict[tuple[int, int, str], Mention] = {}
    for m in mentions:
        key = (m.nstart, m.nend, m.kind)
        old = merged.get(key)
        if old is None:
            merged[key] = m
            continue
        keep, other = (old, m) if (old.authority or not m.authority) else (m, old)
        attrs = dict(other.attrs)
        attrs.update(dict(keep.attrs))
        merged[key] = replace(keep, attrs=tuple(sorted(attrs.items())),
                              confidence=max(keep.confidence, other.confidence))
    ordered = sorted(merged.values(),
                     key=lambda m: (-(m.nend - m.nstart), not m.authority, m.nstart, m.kind))
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


def extract(source: Source, segments: list[Segment], lexicon: Lexicon, authority: Authority,
            components) -> list[Mention]:
    """Run the extract *components* over *source* and return settled mentions."""
    ctx = ExtractContext(source, segments, lexicon, authority)
    for comp in components:
        ctx.mentions.extend(comp.func(ctx))
        ctx.mentions = _settle(ctx.mentions)
    return ctx.mentions
