"""Towns by name, from a gazetteer generated from GeoNames (``authority/places.tsv``).

The authority file knows a few dozen places; a document names many more towns.
``places.tsv`` beside the authority file lists about 6,000 (every town of
100,000 people or more and every capital, with other names such as "Leningrad";
see ``authority/make_places.py``). A town is found only where nothing else was:
a person, a body or a known place found by another rule keeps its words. A name
of one word right before or after another capitalised word is left alone
("Sofia Petrova", "Jean Paris"): there it is more often part of another name.
The mention is named with the town's GeoNames name and carries its id.
"""

from __future__ import annotations

import functools
import re

from ..authority import places_path
from ..errors import ConfigError
from ..load import straighten
from ..model import Mention
from ..registry import component
from ..rules import alternation, office_words, once_per, phrases
from ..spans import SpanCover

_TABLES: dict[str, dict[str, list[tuple[str, str, str]]]] = {}
_WORD = re.compile(r"[^\W\d_]+")
_LAST_WORD = re.compile(r"[^\W\d_]+\Z")
# A word that may be a name's first: not after a letter or an apostrophe, nor after a word's
# hyphen (a dash glued to it is no hyphen: "Moscow 578/81 -Hong Kong 20/23", a distribution
# line), and not starting with a small ASCII letter (one beyond ASCII is tested in Python).
_FIRST_WORD = re.compile(r"(?<![\w'])(?<![\w'-]-)[^\W\d_a-z][^\W\d_]*")


def town_table(authority_path: str) -> dict[str, list[tuple[str, str, str]]]:
    """First word of a form -> [(form, town's name, GeoNames id)], longest form first."""
    path = places_path(authority_path)
    key = str(path)
    if key not in _TABLES:
        table: dict[str, list[tuple[str, str, str]]] = {}
        if path.is_file():
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if not line or line.startswith("#"):
                    continue
                cols = line.split("\t")
                if len(cols) != 5:
                    raise ConfigError(f"{len(cols)} columns where 5 are expected", where=f"{path} line {n}")
                name, gid, _, _, other = cols
                # matched on the normalised text, which has straight quotes ("Yan'an")
                for form in map(straighten, (name, *filter(None, other.split("|")))):
                    first = _WORD.match(form)
                    if first:
                        table.setdefault(first.group(), []).append((form, name, gid))
        for forms in table.values():
            forms.sort(key=lambda f: -len(f[0]))
        _TABLES[key] = table
    return _TABLES[key]


def names_town(authority_path: str, words: str, whole: bool = False) -> bool:
    """Whether *words* are a town's name, or the start of one ("Ho Chi" of "Ho Chi Minh City");
    with *whole*, only a town's whole name."""
    return any(form == words or (not whole and form.startswith(words + " "))
               for form, _, _ in town_table(authority_path).get(words.split()[0], ()))


def _capitalised_before(text: str, pos: int, stop=frozenset()) -> bool:
    """Whether a capitalised word (not one of *stop*: "In Wuhan") ends right before *pos*, on
    the same line, one space away."""
    return pos >= 2 and text[pos - 1] == " " and text[pos - 2].isalpha() and \
        (m := _LAST_WORD.search(text, max(0, pos - 40), pos - 1)) is not None and m.group()[0].isupper() \
        and m.group() not in stop


_FEATURES: dict[tuple, re.Pattern] = {}
_NAME_WORD = r"(?:[A-Z][\w'-]*)"
# A name starts after a space or punctuation, never inside a word: "A'A'A'..." or
# "Ab-Cd'Ef-..." would otherwise start a name at every capital and read to the line's end.
_STARTS = r"(?<![\w'-])"


def _features(lexicon) -> re.Pattern:
    """A feature's name: capitalised words and a head after them, or a head before them."""
    key = (lexicon.place_heads, lexicon.place_before)
    if key not in _FEATURES:
        heads = alternation(lexicon.place_heads) if lexicon.place_heads else ""
        before = alternation(lexicon.place_before) if lexicon.place_before else ""
        parts = []
        if heads:
            parts.append(rf"{_STARTS}{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}}[ \t]+(?:{heads})(?![\w-])")
        if before:
            parts.append(rf"{_STARTS}(?:{before})[ \t]+{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}}(?![\w-])")
        _FEATURES[key] = re.compile("|".join(parts) or r"(?!)")
    return _FEATURES[key]


@functools.cache
def _numbered(heads: tuple[str, ...]) -> re.Pattern:
    """A region by its number: one of *heads*, then figures or a Roman number ("Region 6")."""
    return re.compile(rf"{_STARTS}(?:{alternation(heads)})[ \t]+(?:[0-9]{{1,2}}|[IVX]{{1,4}})(?![\w-])")


@functools.cache
def _compass_alone(words: tuple[str, ...]) -> re.Pattern:
    """One of *words* after "the", with no name after it ("the South", not "the South China
    Sea", "the North-East" or "the East German ...")."""
    return re.compile(rf"(?<=\b[Tt]he )(?:{alternation(words)})(?![\w'-])(?![ \t]+[A-Z])")


@functools.cache
def _lists(cues: tuple[str, ...]) -> re.Pattern:
    """One of *cues*, then the first name of its list."""
    alts = phrases(cues, r"\s+")
    return re.compile(rf"\b(?:{alts})[ \t]+(?={_NAME_WORD})")


_ITEM = re.compile(rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}}")
_ITEM_GAP = re.compile(r"[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+")
_ETC = re.compile(r",?[ \t]*etc\b")


def _listed(ctx, text, taken) -> list[Mention]:
    """The names of a list after one of the lexicon's place-list cues, where no other rule
    claimed them: places, though the gazetteer does not know them."""
    out = []
    for seg in ctx.segments:
        for cue in _lists(ctx.lexicon.place_lists).finditer(text, seg.nstart, seg.nend):
            at = cue.end()
            while (item := _ITEM.match(text, at, seg.nend)) is not None:
                s, e = item.span()
                if not taken.overlaps(s, e) and not any(w in ctx.lexicon.stopwords for w in item.group().split()):
                    out.append(Mention(ctx.source.id, s, e, "place", " ".join(item.group().split()),
                                       "kg.places.v1", 0.6))
                if (gap := _ITEM_GAP.match(text, e, seg.nend)) is None:
                    break
                at = gap.end()
    return out


# A name of one or two words that a list item may be.
_SHORT_ITEM = re.compile(rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?(?![\w'-])")


@once_per
def _never_items(lex) -> frozenset[str]:
    """Words no item of a list of towns is: words that start sentences, forms of address,
    offices' words, words never a name and points of the compass."""
    return frozenset(lex.stopwords) | frozenset(lex.not_names) | frozenset(lex.compass) \
        | frozenset(lex.honorifics) | office_words(lex.roles)


def _among_towns(ctx, text, places: list[Mention], taken) -> list[Mention]:
    """The other names of a list that names two known places or more ("Magdeburg,
    Brandenburg, Leipzig, Jena, Gera, Halle, Bitterfeld, Dresden, Cottbus, Riesa, Gorlitz,
    etc."), where no rule claimed them: towns too, though the gazetteer does not know them.

    A list is names of one or two capitalised words, three or more, each after a comma or
    "and"; it ends at the item after "and" ("After Paris, London and Bonn, Kovach
    went on"). A name before the first known place may be anything ("Memorandum of a
    Conversation, White House, Washington"), and so may one after the last in a list that
    neither "and" nor "etc." closes ("Repeated Paris, London, Secstate"). Not a word that
    starts sentences, a form of address, an office, a word never a name or a point of the
    compass ("Near East, South, and Southeast Asia"), nor initials ("Cairo, Tel Aviv, USUN,
    and Amman")."""
    never = _never_items(ctx.lexicon)
    out = []
    spans = {(m.nstart, m.nend) for m in places}
    segments = iter(sorted(ctx.segments, key=lambda g: g.nstart))
    seg = next(segments, None)
    done = 0
    for k in sorted(places, key=lambda m: m.nstart):
        while seg is not None and seg.nend < k.nend:
            seg = next(segments, None)
        if seg is None:
            break
        if k.nstart < max(done, seg.nstart):
            continue
        items, at, closed = [], k.nstart, False
        while (item := _SHORT_ITEM.match(text, at, seg.nend)) is not None:
            items.append(item.span())
            if closed or (gap := _ITEM_GAP.match(text, item.end(), seg.nend)) is None:
                break
            closed = "and" in gap.group().split()
            at = gap.end()
        done = max(k.nend, items[-1][1] if items else 0)
        known = [i for i, x in enumerate(items) if x in spans]
        if len(items) < 3 or len(known) < 2:
            continue
        if not (closed or _ETC.match(text, done, seg.nend)):
            items = items[:known[-1] + 1]
        for s, e in items:
            words = text[s:e].split()
            if not taken.overlaps(s, e) and not any(w in never or (len(w) > 1 and w.isupper()) for w in words):
                out.append(Mention(ctx.source.id, s, e, "place", " ".join(words), "kg.places.v1", 0.6))
    return out


def _feature_mentions(ctx, text, taken) -> list[Mention]:
    """Rivers, seas, straits, lakes ... by their heads; not over what *taken* holds, nor a
    head alone after a word that starts a sentence ("The River")."""
    pattern, heads = _features(ctx.lexicon), set(ctx.lexicon.place_heads)
    stop = ctx.lexicon.stopwords
    out = []
    for seg in ctx.segments:
        for m in pattern.finditer(text, seg.nstart, seg.nend):
            s, e = m.span()
            words = m.group().split()
            while words and (words[0] in stop or words[0] in heads and len(words) > 1
                             and words[1] in heads):
                s = text.index(words[1], s + len(words[0]))
                words = words[1:]
            if len(words) < 2 or taken.overlaps(s, e):
                continue
            out.append(Mention(ctx.source.id, s, e, "place", " ".join(words), "kg.places.v1", 0.7))
    return out


@component("kg.places.v1", "extract", needs=("authority-mentions",), adds=("towns",))
def extract_places(ctx) -> list[Mention]:
    """Geographic features named by their heads ("Yalu River"), and towns named in the text
    that no other rule claimed, from the GeoNames gazetteer."""
    text = ctx.cased            # names in capitals read as names ("LAUSANNE")
    # A feature may hold a known state or place ("Taiwan Strait"): the longer name wins.
    out = _feature_mentions(ctx, text, SpanCover(m for m in ctx.mentions if m.kind not in ("state", "place")))
    if ctx.lexicon.numbered_places:
        out += _unclaimed(ctx, _numbered(ctx.lexicon.numbered_places), text, out, 0.7)
    if ctx.lexicon.compass_regions:
        out += _unclaimed(ctx, _compass_alone(ctx.lexicon.compass_regions), ctx.norm, out, 0.6)
    out += _towns(ctx, text, out)
    # then the rest of a list of places ("cities like Kavaja, Lushnja and Vlora")
    if ctx.lexicon.place_lists:
        out += _listed(ctx, text, SpanCover([*ctx.mentions, *out]))
    # and the rest of a list that names two towns or more
    out += _among_towns(ctx, text, [m for m in (*ctx.mentions, *out) if m.kind == "place"],
                        SpanCover([*ctx.mentions, *out]))
    return out


def _unclaimed(ctx, pattern: re.Pattern, text: str, out: list[Mention], conf: float) -> list[Mention]:
    """Places where *pattern* matches in a segment of *text* and no mention (nor *out*)
    stands, each named by its words."""
    taken = SpanCover([*ctx.mentions, *out])
    return [Mention(ctx.source.id, m.start(), m.end(), "place", " ".join(m.group().split()),
                    "kg.places.v1", conf)
            for seg in ctx.segments for m in pattern.finditer(text, seg.nstart, seg.nend)
            if not taken.overlaps(m.start(), m.end())]


def _towns(ctx, text, out) -> list[Mention]:
    """Towns of the GeoNames gazetteer that no other rule (nor *out*) claimed."""
    table = town_table(ctx.authority.path)
    found: list[Mention] = []
    if not table:
        return found
    taken = SpanCover([*ctx.mentions, *out])
    # A town named "<state> City" or "<region> City" ("Mexico City", "Kansas City"): the longer
    # name wins. Not any town that holds a state's name: "West Jordan" and "East London" are elsewhere.
    states = {(m.nstart, m.nend) for m in ctx.mentions
              if m.kind in ("state", "place") and not m.attr("demonym")}
    others = SpanCover([*(m for m in ctx.mentions if m.kind not in ("state", "place")), *out])
    for seg in ctx.segments:
        for w in _FIRST_WORD.finditer(text, seg.nstart, seg.nend):
            s = w.start()
            if not text[s].isupper():
                continue
            for form, name, gid in table.get(w.group(), ()):
                e = s + len(form)
                if e > seg.nend or not text.startswith(form, s) or (e < len(text) and (text[e].isalnum() or text[e] == "-")):
                    continue
                if taken.overlaps(s, e) and not (
                        form.endswith(" City") and not others.overlaps(s, e) and (s, e - 5) in states):
                    break
                if " " not in form and "-" not in form and (
                        _capitalised_before(text, s, ctx.lexicon.stopwords)
                        or (e + 1 < seg.nend and text[e] == " " and text[e + 1].isupper())):
                    break
                found.append(Mention(ctx.source.id, s, e, "place", name, "kg.places.v1", 0.75,
                                     attrs=(("geonames", gid),)))
                break
    return found
