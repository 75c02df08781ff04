"""Relate stage: turn mentions into facts, proposals, stances and events.

``relate(corpus, segments, mentions, resolution, lexicon, authority,
components)`` runs the registered relate components in order over a shared
:class:`RelateContext` and returns a :class:`Relations`: the entities (found
ones plus the proposals, stances, events and positions made here), the facts
with their evidence, the mentions to publish as annotations, and the findings
of data-driven checks.

Whose claim a fact is follows from where its evidence lies: the work's own
text (address, body, signature) makes it the work's claim, found in every copy
that has it; a copy's paratext (a blog's preface, an archive's summary) makes
it that copy's claim alone.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from itertools import groupby

from ..authority import Authority
from ..model import (PARATEXT, Corpus, Entity, Evidence, Fact, Finding, Mention, Ref, Segment,
                     Source)
from ..resolve import Resolution
from ..rules import Lexicon
from ..segment import sentences
from ..spans import MentionIndex, SegmentIndex


@dataclass(frozen=True, slots=True)
class Sentence:
    source: str
    nstart: int
    nend: int
    segment: Segment
    index: int          # position among the witness's sentences


@dataclass
class RelateContext:
    """What the relate components share. Mentions are added with :meth:`add_mention`
    only, so that the offset indexes behind the lookups stay in step with them."""

    corpus: Corpus
    segments: dict[str, list[Segment]]
    mentions: dict[str, list[Mention]]
    resolution: Resolution
    lexicon: Lexicon
    authority: Authority
    entities: dict[Ref, Entity]
    facts: list[Fact] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    extra_refs: dict[Mention, Ref] = field(default_factory=dict)
    sentences: dict[str, list[Sentence]] = field(default_factory=dict)
    decisions: dict = field(default_factory=dict)        # entity key -> latest link Decision
    used_decisions: dict = field(default_factory=dict)   # decision id -> Decision behind a link

    def __post_init__(self):
        self._sources = {s.id: s for s in self.corpus.sources}
        self._mention_index = {sid: MentionIndex(ms) for sid, ms in self.mentions.items()}
        self._segment_index = {sid: SegmentIndex(segs) for sid, segs in self.segments.items()}
        # One object per distinct reference: the facts name a few hundred thousand
        # references millions of times (190 MB of copies at 10,000 documents).
        self._refs: dict[Ref, Ref] = {}
        self._claimants: dict[tuple[str, bool], Ref] = {}

    def source(self, sid: str) -> Source:
        return self._sources[sid]

    def norm(self, sid: str) -> str:
        return self.source(sid).view.norm

    def text(self, sid: str, s: int, e: int) -> str:
        return self.norm(sid)[s:e]

    def ref(self, m: Mention) -> Ref:
        return self.extra_refs.get(m) or self.resolution.refs[m]

    def segment_at(self, sid: str, pos: int) -> Segment | None:
        return self._segment_index[sid].at(pos)

    def claimant(self, sid: str, pos: int) -> Ref:
        seg = self.segment_at(sid, pos)
        paratext = seg is not None and seg.layer == PARATEXT
        ref = self._claimants.get((sid, paratext))
        if ref is None:
            ref = self._claimants[sid, paratext] = (
                Ref("witness", sid) if paratext else Ref("work", self.source(sid).meta.work))
        return ref

    def mentions_in(self, sid: str, s: int, e: int, kinds=None) -> list[Mention]:
        """Mentions (of *kinds*, if given) inside ``[s, e)``, in list order."""
        return self._mention_index[sid].within(s, e, kinds)

    def mentions_starting(self, sid: str, s: int, e: int, kinds=None) -> list[Mention]:
        """Mentions (of *kinds*, if given) that start in ``[s, e)``, in list order."""
        return self._mention_index[sid].starting(s, e, kinds)

    def mentions_in_parts(self, sid: str, parts: tuple[str, ...], kinds=None) -> list[Mention]:
        """Mentions (of *kinds*, if given) inside a segment of one of the kinds *parts*."""
        return self._mention_index[sid].inside(
            (g for g in self.segments[sid] if g.kind in parts), kinds)

    def add_fact(self, subject: Ref, predicate: str, obj, sid: str, s: int, e: int,
                 rule: str, confidence: float, claimant: Ref | None = None) -> None:
        shared = self._refs.setdefault
        self.facts.append(Fact(shared(subject, subject), predicate,
                               shared(obj, obj) if isinstance(obj, Ref) else obj,
                               (Evidence(sid, s, e),), rule, confidence,
                               shared(claimant, claimant) if claimant
                               else self.claimant(sid, s)))

    def add_entity(self, ref: Ref, label: str, types: tuple[str, ...], **attrs) -> Entity:
        ent = self.entities.get(ref)
        if ent is None:
            ent = self.entities[ref] = Entity(ref=ref, label=label, types=types)
        for k, v in attrs.items():
            ent.attrs.setdefault(k, v)
        return ent

    def add_mention(self, m: Mention, ref: Ref) -> None:
        self.mentions[m.source].append(m)
        self._mention_index[m.source].add(m)
        self.extra_refs[m] = ref
        self.entities[ref].mentions.append(m)


def text_key(text: str) -> str:
    """A key for text that is the same across copies (quotes, spacing, case)."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def short_hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:12]


@dataclass
class Relations:
    entities: dict[Ref, Entity]
    facts: list[Fact]
    refs: dict[Mention, Ref]
    mentions: dict[str, list[Mention]]
    findings: list[Finding]
    segments: dict[str, list[Segment]]
    decisions: dict = field(default_factory=dict)        # decision id -> the link Decision used


def _merge_facts(facts: list[Fact]) -> list[Fact]:
    """One fact per (subject, predicate, object, claimant), evidence pooled.

    The facts are sorted by that key, which is also the order they are
    returned in, so each fact's repeats are its neighbours. The sort is
    stable: a repeated fact keeps its first statement's rule. The key's
    strings are made once per reference, not once per fact: at 10,000
    documents the facts number in the millions, and a dictionary of every
    fact's key was most of the relate stage's peak memory.
    """
    texts: dict[Ref, str] = {}
    reprs: dict[Ref, str] = {}

    def text(ref: Ref) -> str:
        s = texts.get(ref)
        if s is None:
            s = texts[ref] = str(ref)
        return s

    def value(obj) -> str:
        if not isinstance(obj, Ref):
            return repr(obj)
        s = reprs.get(obj)
        if s is None:
            s = reprs[obj] = repr(obj)
        return s

    def key(f: Fact) -> tuple:
        return text(f.subject), f.predicate, value(f.object), text(f.claimant)

    pooled: list[Fact] = []
    for _, repeats in groupby(sorted(facts, key=key), key=key):
        group = list(repeats)
        f = group[0]
        if len(group) > 1:
            # Evidence is pooled and sorted once: re-sorting it at every repeat was
            # quadratic in how often a text states the same fact.
            ev = tuple(sorted({e for g in group for e in g.evidence},
                              key=lambda e: (e.source, e.nstart, e.nend)))
            f = Fact(f.subject, f.predicate, f.object, ev, f.rule,
                     max(g.confidence for g in group), f.claimant)
        pooled.append(f)
    return pooled


# Object properties that ontology/kg.ttl declares owl:FunctionalProperty and that
# relate states as facts (a test checks this against the ontology).
FUNCTIONAL = frozenset({"kgo:positionIn", "kgo:affiliation", "kgo:proposedBy", "kgo:proposalStatus",
                        "kgo:expressedIn", "kgo:stanceHolder", "kgo:stanceTowards", "kgo:polarity",
                        "kgo:modality"})


def _one_value(facts: list[Fact], entities: dict[Ref, Entity], findings: list[Finding]) -> list[Fact]:
    """Keep one value of a functional property where documents disagree, and say so.

    Two documents may give the same post or proposal different values (the
    same title in the same city credited to two states). The value with the
    most evidence spans is kept (then the one stated first); the others are
    dropped from the graph and named, with their evidence, in a warning.

    *facts* come in :func:`_merge_facts`'s order, so the facts of one
    subject and property are neighbours, those of one value among them too.
    """
    dropped: set[int] = set()
    i = 0
    while i < len(facts):
        f = facts[i]
        j = i + 1
        if f.predicate in FUNCTIONAL:
            while (j < len(facts) and facts[j].predicate == f.predicate
                   and facts[j].subject == f.subject):
                j += 1
        if j - i > 1:
            by_value: dict[str, list[Fact]] = {}
            for k in range(i, j):
                by_value.setdefault(repr(facts[k].object), []).append(facts[k])
            if len(by_value) > 1:
                _disagree(f.subject, f.predicate, by_value, entities, findings, dropped)
        i = j
    return [f for f in facts if id(f) not in dropped]


def _disagree(subject: Ref, predicate: str, by_value: dict[str, list[Fact]],
              entities: dict[Ref, Entity], findings: list[Finding], dropped: set[int]) -> None:
    """Keep the best-supported of *by_value*'s values; warn about and drop the others."""
    ranked = sorted(by_value.values(), key=_weight)
    losers = [f for fs in ranked[1:] for f in fs]
    dropped.update(id(f) for f in losers)
    name = entities[subject].label if subject in entities else str(subject)
    shown = ", ".join(sorted({_shown(f.object, entities) for f in losers}))
    findings.append(Finding(
        "kg.one-value.v1", "warning",
        f"{name}: documents disagree on {predicate}; kept {_shown(ranked[0][0].object, entities)}, "
        f"left out {shown}",
        (subject,), tuple(sorted({e for f in losers for e in f.evidence},
                                 key=lambda e: (e.source, e.nstart, e.nend)))))


def _weight(facts: list[Fact]) -> tuple:
    """Sorts first the value with the most evidence spans, then the one stated first."""
    spans = sorted({(e.source, e.nstart, e.nend) for f in facts for e in f.evidence})
    return (-len(spans), spans[:1])


def _shown(value, entities: dict[Ref, Entity]) -> str:
    return entities[value].label if isinstance(value, Ref) and value in entities else str(value)


def relate(corpus: Corpus, segments: dict[str, list[Segment]], mentions: dict[str, list[Mention]],
           resolution: Resolution, lexicon: Lexicon, authority: Authority, components,
           decisions: dict | None = None) -> Relations:
    """Run the relate *components* and return entities, facts and findings.

    *decisions* maps entity keys to their latest link decision (:mod:`kg.decisions`).
    """
    # A state or town named inside a body's name ("Embassy in Havana") is published
    # as a mention, but no component sees it: the body is who acts there.
    nested = {k: [m for m in v if m.attr("nested")] for k, v in mentions.items()}
    ctx = RelateContext(corpus, segments, {k: [m for m in v if not m.attr("nested")]
                                           for k, v in mentions.items()},
                        resolution, lexicon, authority, dict(resolution.entities),
                        decisions=decisions or {})
    for src in corpus.sources:
        sents = []
        for seg in segments[src.id]:
            for s, e in sentences(src.view.norm, seg.nstart, seg.nend):
                sents.append(Sentence(src.id, s, e, seg, len(sents)))
        ctx.sentences[src.id] = sents
    for comp in components:
        comp.func(ctx)
    refs = dict(resolution.refs)
    refs.update(ctx.extra_refs)
    for sid in ctx.mentions:
        ctx.mentions[sid].extend(nested.get(sid, ()))
        ctx.mentions[sid].sort(key=lambda m: (m.nstart, m.nend, m.kind))
    facts = _one_value(_merge_facts(ctx.facts), ctx.entities, ctx.findings)
    return Relations(ctx.entities, facts, refs, ctx.mentions, ctx.findings, segments,
                     ctx.used_decisions)


from . import markup, metadata, proposals, events, links  # noqa: E402,F401  (registers components)
