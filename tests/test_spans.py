"""Offset indexes: the same answers, in the same order, as scanning every mention or segment."""

import random

import pytest

from kg.model import Mention, Segment
from kg.spans import MentionIndex, SegmentIndex, SpanCover

KINDS = ("person", "state", "proposal")


def _mention(rng, i):
    s = rng.randrange(200)
    return Mention("w", s, s + rng.randrange(0, 30), rng.choice(KINDS), f"m{i}", "test", 1.0)


def _segments(rng, n):
    out = []
    for _ in range(n):
        s = rng.randrange(200)
        out.append(Segment("w", rng.choice(("Body", "Signature", "Byline")), "WorkText", s,
                           s + rng.randrange(0, 60)))
    return out


@pytest.mark.parametrize("seed", range(30))
def test_mention_lookups_match_a_scan_in_list_order(seed):
    rng = random.Random(seed)
    # Unsorted, with later additions, as relate appends proposals after extraction's mentions.
    mentions = [_mention(rng, i) for i in range(60)]
    index = MentionIndex(mentions[:40])
    for m in mentions[40:]:
        index.add(m)
    for _ in range(50):
        s = rng.randrange(220)
        e = s + rng.randrange(0, 80)
        kinds = rng.choice((None, ("person",), ("state", "proposal")))
        fits = [m for m in mentions if kinds is None or m.kind in kinds]
        assert index.within(s, e, kinds) == [m for m in fits if s <= m.nstart and m.nend <= e]
        assert index.starting(s, e, kinds) == [m for m in fits if s <= m.nstart < e]
    segs = _segments(rng, 6)
    kinds = rng.choice((None, ("person",)))
    assert index.inside(segs, kinds) == [
        m for m in mentions if (kinds is None or m.kind in kinds)
        and any(g.nstart <= m.nstart and m.nend <= g.nend for g in segs)]


@pytest.mark.parametrize("seed", range(30))
def test_span_cover_answers_as_a_scan_of_the_spans(seed):
    rng = random.Random(seed)
    # Empty spans too, and spans nested in a long one, in no particular order.
    mentions = [_mention(rng, i) for i in range(rng.randrange(0, 40))]
    cover = SpanCover(mentions)
    for s in range(-2, 240):
        assert cover.covers(s) == any(m.nstart <= s < m.nend for m in mentions)
        e = s + rng.randrange(0, 20)
        assert cover.overlaps(s, e) == any(m.nstart < e and s < m.nend for m in mentions)


@pytest.mark.parametrize("seed", range(30))
def test_segment_at_is_the_first_segment_holding_the_position(seed):
    rng = random.Random(seed)
    # Nested and overlapping, empty ones too, in no particular order (markup layouts).
    segs = _segments(rng, rng.randrange(0, 12))
    index = SegmentIndex(segs)
    for pos in range(-2, 280):
        assert index.at(pos) is next((g for g in segs if g.nstart <= pos < g.nend), None)


def test_short_name_folding_covers_every_character_matching_ascii_ignoring_case():
    # Later uses of a draft's short name are only looked for in sentences that have
    # its words once folded; a character the regex matches but the fold misses
    # would hide a use.
    import re
    import sys

    from kg.relate.proposals import _FOLD

    ascii_word = re.compile(r"[a-z0-9]", re.IGNORECASE)
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        if ascii_word.fullmatch(ch):
            folded = ch.translate(_FOLD)
            assert re.fullmatch(re.escape(folded), ch, re.IGNORECASE) and folded in (
                "abcdefghijklmnopqrstuvwxyz0123456789"), f"U+{cp:04X}"


@pytest.mark.parametrize("seed", range(30))
def test_segment_holding_a_span_is_the_first_in_list_order(seed):
    rng = random.Random(seed)
    segs = _segments(rng, rng.randrange(0, 12))
    index = SegmentIndex(segs)
    spans = [(g.nstart, g.nend) for g in segs]      # a segment's own span: held by another
    spans += [(s, s + rng.randrange(0, 30)) for s in range(-2, 280, 3)]    # empty ones too
    for s, e in spans:
        assert index.holding(s, e) is next(
            (g for g in segs if g.nstart <= s and e <= g.nend and (g.nstart, g.nend) != (s, e)), None)
