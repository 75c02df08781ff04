"""The rule lexicon: generic phrases the extractors and relaters look for.

Loaded from ``rules/lexicon.toml`` (overridable), compiled once. A bad pattern
is reported with the file and the key it sits under.
"""

from __future__ import annotations

import functools
import re
import tomllib
import weakref
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError


@dataclass(frozen=True)
class Trigger:
    pattern: re.Pattern
    attrs: dict


@dataclass(frozen=True)
class Lexicon:
    path: str
    segment_patterns: dict[str, list[re.Pattern]]
    honorifics: tuple[str, ...]
    roles: tuple[str, ...]
    own_side: tuple[str, ...]
    org_heads: tuple[str, ...]
    stopwords: frozenset[str]
    collective_heads: tuple[str, ...]
    collective_modifiers: tuple[str, ...]
    collective_of: tuple[str, ...]
    draft_nouns: tuple[str, ...]
    name_heads: tuple[str, ...]
    anaphora: tuple[re.Pattern, ...]
    proposal_triggers: tuple[Trigger, ...]
    stance_triggers: tuple[Trigger, ...]
    conversation: tuple[re.Pattern, ...]
    speech: tuple[re.Pattern, ...]
    person_pronouns: tuple[str, ...]
    kin: tuple[str, ...] = ()
    handled_by: tuple[str, ...] = ()
    speech_verbs: tuple[str, ...] = ()
    speech_base: tuple[str, ...] = ()
    located_heads: tuple[str, ...] = ()
    portfolios: tuple[str, ...] = ()
    particles: tuple[str, ...] = ()
    not_names: frozenset[str] = frozenset()
    family_first: tuple[str, ...] = ()
    not_bodies: frozenset[str] = frozenset()
    initials_prefixes: tuple[str, ...] = ()
    line_labels: frozenset[str] = frozenset()
    place_heads: tuple[str, ...] = ()
    place_before: tuple[str, ...] = ()
    year_counters: frozenset[str] = frozenset()
    year_units: frozenset[str] = frozenset()
    state_before: tuple[str, ...] = ()
    state_after: tuple[str, ...] = ()
    compass: tuple[str, ...] = ()
    given_names: tuple[str, ...] = ()
    desk_words: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    topic_heads: frozenset[str] = frozenset()
    address_forms: frozenset[str] = frozenset()
    role_surnames: tuple[str, ...] = ()
    state_regions: tuple[str, ...] = ()
    numbered_places: tuple[str, ...] = ()
    papers: tuple[str, ...] = ()
    salutations: tuple[str, ...] = ()
    line_items: frozenset[str] = frozenset()
    place_lists: tuple[str, ...] = ()
    compass_regions: tuple[str, ...] = ()
    people_of: frozenset[str] = frozenset()


@functools.cache
def head_after(heads: tuple[str, ...]) -> re.Pattern:
    """One of *heads* right after a name: "Rapacki Plan", "Truman Doctrine" (the lexicon's
    ``[proposals] name_heads``), a thing named after a person rather than the person."""
    return re.compile(r"[ \t]+" + alternation(heads) + r"\b")


def phrase(words: str, gap: str = r"\s+") -> str:
    """A lexicon phrase as a pattern: *gap* between its words, either apostrophe in them."""
    return gap.join(re.escape(w).replace("'", "['\u2019]") for w in words.split())


def phrases(words, gap: str = r"[ \t]+") -> str:
    """A pattern matching any of the phrases *words* (see :func:`phrase`), the longest first;
    one that matches nothing if there are none."""
    if not words:
        return "(?!)"
    return "|".join(phrase(w, gap) for w in sorted(words, key=len, reverse=True))


def opens_line(text: str, pos: int) -> bool:
    """Whether nothing but spaces stands between *pos* and the start of its line."""
    return not text[text.rfind("\n", 0, pos) + 1:pos].strip()


@functools.cache
def office_words(roles: tuple[str, ...]) -> frozenset[str]:
    """The capitalised words of the lexicon's offices ("Chairman", "Secretary", "Member")."""
    return frozenset(w for role in roles for w in role.split() if w[:1].isupper())


def word_end(text: str, i: int) -> int:
    """Where the *i*-th word (from 0, split on white space) of *text* ends."""
    return [w.end() for w in re.finditer(r"\S+", text)][i]


def once_per(func):
    """*func* of one object (a loaded lexicon or authority file), worked out once per object.

    Kept by the object's identity while it lives: a cache keyed by ``id()`` alone hands
    an object loaded later at a freed one's address (a test's own lexicon, another
    rule file in the same process) what was worked out for the old one.
    """
    cache: dict[int, tuple[weakref.ref, object]] = {}

    @functools.wraps(func)
    def once(obj):
        key = id(obj)
        hit = cache.get(key)
        if hit is not None and hit[0]() is obj:
            return hit[1]
        value = func(obj)
        cache[key] = (weakref.ref(obj, lambda _, key=key: cache.pop(key, None)), value)
        return value

    once.cache = cache
    return once


def alternation(words) -> str:
    """A pattern matching any of *words*, the longest first, as a trie of their letters.

    The same matches as ``"|".join(sorted(words, key=len, reverse=True))``, but at each
    position the engine follows one branch per letter instead of trying every word in
    turn: with a thousand names that made the name scans of a text ten times slower.
    """
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # a word may end here: try the longer ones first, then stop
        return f"(?:{body})?" if "" in node else body

    return "(?:" + emit(trie) + ")" if trie else "(?!)"


def _compile(pattern: str, where: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ConfigError(f"bad regular expression {pattern!r} ({exc})", where=where) from None


def load_lexicon(path: str | Path) -> Lexicon:
    """Read and compile the lexicon at *path*."""
    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("rule lexicon not found", where=str(path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"rule lexicon is not valid TOML ({exc})", where=str(path)) from None
    try:
        seg = {k: [_compile(p, f"{path} [segments].{k}") for p in v]
               for k, v in doc["segments"].items()}
        people, orgs, props = doc["people"], doc["organizations"], doc["proposals"]
        stances, events = doc["stances"], doc["events"]

        def triggers(items, section, keys):
            out = []
            for n, t in enumerate(items, 1):
                where = f"{path} [[{section}.trigger]] #{n}"
                missing = [k for k in ("pattern", *keys) if k not in t]
                if missing:
                    raise ConfigError(f"missing field {missing[0]!r}", where=where)
                out.append(Trigger(_compile(t["pattern"], where),
                                   {k: v for k, v in t.items() if k != "pattern"}))
            return tuple(out)

        return Lexicon(
            path=str(path),
            segment_patterns=seg,
            honorifics=tuple(people["honorifics"]),
            roles=tuple(people["roles"]),
            own_side=tuple(people["own_side"]),
            org_heads=tuple(orgs["heads"]),
            people_of=frozenset(orgs.get("people_of", ())),
            stopwords=frozenset(orgs["stopwords"]),
            collective_heads=tuple(orgs["collective_heads"]),
            collective_modifiers=tuple(orgs["collective_modifiers"]),
            collective_of=tuple(orgs["collective_of"]),
            draft_nouns=tuple(props["draft_nouns"]),
            name_heads=tuple(props["name_heads"]),
            anaphora=tuple(_compile(p, f"{path} [proposals].anaphora") for p in props["anaphora"]),
            proposal_triggers=triggers(props["trigger"], "proposals", ("status", "proposer")),
            stance_triggers=triggers(stances["trigger"], "stances", ("polarity", "holder", "modality")),
            conversation=tuple(_compile(p, f"{path} [events].conversation") for p in events["conversation"]),
            speech=tuple(_compile(p, f"{path} [events].speech") for p in events["speech"]),
            person_pronouns=tuple(doc.get("pronouns", {}).get("person", ())),
            kin=tuple(people.get("kin", ())),
            handled_by=tuple(people.get("handled_by", ())),
            speech_verbs=tuple(people.get("speech", ())),
            speech_base=tuple(people.get("speech_base", ())),
            located_heads=tuple(orgs.get("located_heads", ())),
            portfolios=tuple(people.get("portfolios", ())),
            particles=tuple(people.get("particles", ())),
            not_names=frozenset(people.get("not_names", ())),
            family_first=tuple(people.get("family_first", ())),
            not_bodies=frozenset(orgs.get("not_bodies", ())),
            desk_words=frozenset(orgs.get("desk_words", ())),
            topics=frozenset(orgs.get("topics", ())),
            topic_heads=frozenset(orgs.get("topic_heads", ())),
            address_forms=frozenset(people.get("address_forms", ())),
            role_surnames=tuple(people.get("role_surnames", ())),
            papers=tuple(people.get("papers", ())),
            salutations=tuple(people.get("salutations", ())),
            line_items=frozenset(people.get("line_items", ())),
            initials_prefixes=tuple(orgs.get("initials_prefixes", ())),
            line_labels=frozenset(people.get("line_labels", ())),
            place_heads=tuple(doc.get("places", {}).get("heads", ())),
            place_before=tuple(doc.get("places", {}).get("before", ())),
            numbered_places=tuple(doc.get("places", {}).get("numbered", ())),
            place_lists=tuple(doc.get("places", {}).get("lists", ())),
            compass_regions=tuple(doc.get("places", {}).get("compass_regions", ())),
            year_counters=frozenset(w.lower() for w in doc.get("dates", {}).get("counters", ())),
            year_units=frozenset(w.lower() for w in doc.get("dates", {}).get("units", ())),
            state_before=tuple(doc.get("states", {}).get("before", ())),
            state_after=tuple(doc.get("states", {}).get("after", ())),
            state_regions=tuple(doc.get("states", {}).get("regions", ())),
            compass=tuple(doc.get("places", {}).get("compass", ())),
            given_names=tuple(people.get("given_names", ())),
        )
    except KeyError as exc:
        raise ConfigError(f"missing key {exc.args[0]!r}", where=str(path)) from None
