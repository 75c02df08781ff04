"""The normalised view and its map back to original offsets (kg.load.normalise).

The view is checked against a reference written the plain way, one character
at a time with one offset per character, on arbitrary text built from the
characters normalising treats specially (tags, curly quotes, ellipses, CR,
CRLF, zero-width characters, tabs) and ordinary ones.
"""

from __future__ import annotations

import pickle
import re
from bisect import bisect_left

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.load import _DROP, _REPLACE, _TAG, normalise


def reference(text: str) -> tuple[str, list[int]]:
    """The view as a character-by-character loop makes it: (norm, offset of each position)."""
    tags = {m.start(): m.end() for m in _TAG.finditer(text)}
    out: list[str] = []
    index: list[int] = []
    i = 0
    while i < len(text):
        if i in tags:
            i = tags[i]
            continue
        ch = text[i]
        if ch in _DROP:
            i += 1
            continue
        rep = _REPLACE.get(ch, ch)
        if ch == "\r" and (i + 1 >= len(text) or text[i + 1] != "\n"):
            rep = "\n"
        for r in rep:
            out.append(r)
            index.append(i)
        i += 1
    index.append(len(text))
    return "".join(out), index


PIECES = st.sampled_from(["<p>", "</p>", "<hi rend='x'>", "<br/>", "<", ">", "a", "Bb", " ",
                          "\n", "\r", "\r\n", "\t", "\u2019", "\u201c", "\u2026", "\u2014",
                          "\u00a0", "\u200b", "\ufeff", "\u00ad", "\u05d0", "e\u0301", "\U0001f600"])
TEXTS = st.one_of(st.lists(PIECES, max_size=60).map("".join), st.text(max_size=80))


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_view_and_offsets_equal_the_character_loop(text):
    view = normalise(text)
    norm, index = reference(text)
    assert view.norm == norm
    assert len(view.index) == len(index)
    assert [view.index[i] for i in range(len(index))] == index
    for nstart in range(len(norm) + 1):
        for nend in (nstart, min(nstart + 1, len(norm)), len(norm)):
            if nend < nstart:
                continue
            start = index[nstart]
            end = index[nend - 1] + 1 if nend > nstart else start
            assert view.orig(nstart, nend) == (start, end)
    for start in range(len(text) + 1):
        expected = bisect_left(index, start, 0, len(norm))
        assert view.norm_span(start, start) == (expected, expected)


def test_offsets_are_runs_not_one_integer_per_character():
    text = ("An ordinary line of text. " * 4000 + "\u2026 <b>bold</b>\r\n") * 10
    view = normalise(text)
    assert len(view.index) == len(view.norm) + 1
    assert len(pickle.dumps(view.index)) < 2_000        # a handful of runs, not 1 M offsets
    assert pickle.loads(pickle.dumps(view)) == view
    s = view.norm.rindex("bold")
    assert text[slice(*view.orig(s, s + 4))] == "bold"
    assert re.sub(r"<[^>]*>", "", text).replace("\u2026", "...").replace("\r\n", "\n") == view.norm


def test_an_offset_outside_the_view_is_an_index_error():
    view = normalise("abc")
    try:
        view.index[4]
    except IndexError:
        pass
    else:
        raise AssertionError("offset 4 of a 3-character view was accepted")
