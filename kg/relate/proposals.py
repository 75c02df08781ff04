"""Proposals and stances.

- ``kg.proposals.v1`` finds every recommendation or proposal a text makes or
  discusses: named drafts ("the Italian draft of a Treaty on X"),
  sentences with a recommending phrase ("considers it advisable",
  "proposes that", "it would be inadvisable to", "would have to raise", "not
  to change the previous proposal"), counter-proposals ("According to X,
  attitudes would change if ...") and enclosed drafts. Each gets a proposer,
  a status, what it concerns and its evidence sentence; references back to a
  proposal ("the Italian proposal", "this step") become mentions of it.
- ``kg.stances.v1`` finds reactions to proposals ("provoked a negative
  reaction from X", "X, who said it is unacceptable"), with holder, polarity
  and modality (reported, anticipated, hypothetical).

The phrases are in ``rules/lexicon.toml``; nothing here knows any actor.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate

from ..load import slugify
from ..model import Mention, Ref
from ..registry import component
from ..rules import once_per
from . import short_hash, text_key

AGENTS = ("person", "organization", "state")
PROPOSAL_TYPES = ("kgo:Proposal", "prov:Entity")
STANCE_TYPES = ("kgo:Stance", "prov:Entity")
_PREP_BEFORE = re.compile(r"\b(?:against|of|for|to|with|from|in|on|by|about|at|into|than)\s+(?:the\s+)?$",
                          re.IGNORECASE)
# Statuses in the document's own voice: their proposer speaks for the document.
_PROPOSAL_WORD = re.compile(r"\b(?:proposals?|drafts?|plans?|initiatives?)\b")
_CLAUSE_BREAK = re.compile(r"\b(?:that|which|who|if|whether|because|since|although)\b|[;:]")
_CLAUSE_END = re.compile(r"\s(?:this|that|which|who|since|because|so|but|then)\b")
_OWN_VOICE = ("NewRecommendation", "AdvisedAgainst", "EarlierProposalKept")


@once_per
def _patterns(lex):
    nouns = "|".join(map(re.escape, lex.draft_nouns))
    heads = "|".join(map(re.escape, lex.name_heads))
    name = (rf"(?:[A-Z][\w'-]*\s+){{0,5}}(?:{heads})"
            rf"(?:\s+(?:on|of|for)\s+[A-Z][\w'-]*(?:\s+(?:(?:and|in|of|the)\s+)?[A-Z][\w'-]*){{0,5}})?")
    named = re.compile(
        rf"(?:(?P<det>\b(?:the|a|an|our|their|its)\s+))?(?:(?P<dem>[A-Z][a-z]+)\s+)?"
        rf"(?P<noun>\b(?:{nouns}))\s+(?:of|for|on)\s+(?:a|an|the)\s+(?P<name>{name})")
    short = re.compile(rf"(?P<short>(?:[A-Z][\w'-]*\s+){{1,5}}(?:{heads}))")
    return named, short


def _label(text: str, limit: int = 14) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,.;:")
    # "that X we should, in the same note, pose Y" reads best as "pose Y".
    modal = re.search(r"\b(?:we|it|they|he|she|the \w+)\s+should\b(?:,[^,]{0,40},)?\s*", text)
    if text.startswith("that ") and modal:
        text = text[modal.end():]
    text = re.sub(r"^(?:that|to)\s+", "", text)
    text = re.sub(r",\s*in\s+an?\s+[a-z]+\s+form,", "", text)
    words = text.split(" ")
    out = " ".join(words[:limit])
    return out + ("…" if len(words) > limit else "")


def _agents(ctx, sid, s, e):
    """Agent mentions in [s, e), not those nested inside a collective actor."""
    ms = [m for m in ctx.mentions_in(sid, s, e, AGENTS)]
    coll = [m for m in ms if m.attr("collective")]
    return [m for m in ms if m.attr("collective") or not any(
        c.nstart <= m.nstart and m.nend <= c.nend for c in coll)]


def _subject(ctx, sid, sent, trig_start):
    """The actor whose words a trigger reports.

    First the actor named just before it ("the X considers", "In the X's
    view"); else the subject of the same clause ("the X welcomed the treaty
    and proposed that"): the nearest actor before it, not governed by a
    preposition, with no clause break (that, which, if, ;) in between.
    """
    norm = ctx.norm(sid)
    near = clause = None
    for m in _agents(ctx, sid, sent.nstart, trig_start):
        gap = norm[m.nend:trig_start]
        # The object of a preposition is no subject, unless possessive ("In the X's view").
        if m.attr("demonym") or (_PREP_BEFORE.search(norm[sent.nstart:m.nstart])
                                 and not gap.startswith("'")):
            continue
        if re.fullmatch(r"(?:'s?)?\s*(?:[a-z]+\s+){0,2}", gap):
            near = m
        elif len(gap.split()) <= 10 and not _CLAUSE_BREAK.search(gap):
            clause = m
    return near or clause


# Every character that matches an ASCII letter under re.IGNORECASE (Unicode), mapped
# to that letter: the four besides A-Z were found by trying all code points.
_FOLD = str.maketrans({**{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)},
                       "\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_WORD = re.compile(r"\w+")


class _ShortNames:
    """Short names of named drafts ("general european agreement"), for their later uses.

    A short name stands for the draft of that name named last, so a later "the
    Regional Treaty" is the one the text just spoke of. Trying every known name
    on every sentence was quadratic; a name is tried only on a sentence that has
    all its words. Names come out in the order they were first added, which
    decides which one takes words two names share.
    """

    def __init__(self):
        self.refs: dict[str, Ref] = {}                          # text key -> proposal
        self.proposals: set[Ref] = set()
        self._patterns: dict[str, re.Pattern] = {}
        self._by_word: dict[str, list[tuple[int, str]]] = {}   # first word -> (order, key)

    def use(self, key: str, ref: Ref) -> None:
        """Let *key* stand for *ref* from now on."""
        if key not in self.refs:
            words = key.split()
            self._patterns[key] = re.compile(
                r"(?<![\w])" + r"\s+".join(map(re.escape, words)) + r"(?![\w])", re.IGNORECASE)
            self._by_word.setdefault(words[0] if words else "", []).append((len(self._patterns), key))
        self.refs[key] = ref
        self.proposals.add(ref)

    def in_text(self, text: str) -> list[tuple[str, re.Pattern, Ref]]:
        """(key, pattern, proposal) of the names that may occur in *text*, in the order added."""
        # Each word of a match is a whole \w+ run of the text, the same once folded.
        words = set(_WORD.findall(text.translate(_FOLD))) | {""}
        keys = sorted(hit for w in words for hit in self._by_word.get(w, ())
                      if all(x in words for x in hit[1].split()))
        return [(key, self._patterns[key], self.refs[key]) for _, key in keys]


_ANY = "*"   # no text key or Ref is this


@dataclass(eq=False)
class _Draft:
    """One named draft: its short name, what it is on, who made it (text keys, Refs)."""

    short: str                  # "regional treaty"
    full: str | None            # "regional treaty on panama", if a text said more than the short name
    proposer: Ref | None
    ref: Ref | None = None      # given once every draft of the corpus is known


class _Drafts:
    """Which draft each named-draft phrase names.

    "The Ghanaian initiative of a Regional Treaty on Panama" and "the Japanese
    draft of a Regional Treaty on Denmark" are two drafts: drafts differ when
    their phrases give different things they are on or different makers. A
    phrase that says less ("the proposal for a Regional Treaty") names the
    draft of that short name spoken of last that agrees with what it does say;
    a draft first named by less takes on what a later phrase adds. Each lookup
    is a few dict probes, whatever the number of drafts.
    """

    def __init__(self):
        self.drafts: list[_Draft] = []
        self._latest: dict[tuple, _Draft] = {}   # (short, full|None, proposer|None) -> last used
        # Drafts that lack a full name or a maker, by what they have ("*": anything), last used.
        self._open: dict[tuple, _Draft] = {}

    def _touch(self, d: _Draft) -> None:
        for full in {d.full, None}:
            for proposer in {d.proposer, None}:
                self._latest[(d.short, full, proposer)] = d
        if d.full is None:
            self._open[(d.short, None, d.proposer)] = self._open[(d.short, None, _ANY)] = d
        if d.proposer is None:
            self._open[(d.short, d.full, None)] = self._open[(d.short, _ANY, None)] = d

    def find(self, short: str, full: str | None, proposer: Ref | None) -> _Draft:
        d = self._latest.get((short, full, proposer))
        if d is None:
            # A draft named by less than this phrase says: it says more from now on.
            # Those lacking its full name, those lacking its maker, those lacking both.
            for key in ((short, None, proposer or _ANY), (short, full or _ANY, None),
                        (short, None, None)):
                c = self._open.get(key)
                if c is not None and c.full in (full, None) and c.proposer in (proposer, None):
                    d = c
                    d.full, d.proposer = d.full or full, d.proposer or proposer
                    break
        if d is None:
            d = _Draft(short, full, proposer)
            self.drafts.append(d)
        self._touch(d)
        return d

    def name(self) -> None:
        """Give every draft its IRI key.

        A draft that is the only one of its short name is known by it
        ("general-european-agreement"); drafts that share one by their full
        names, and by their makers too where those are all that tell them apart.
        """
        shorts = Counter(d.short for d in self.drafts)
        fulls = Counter((d.short, d.full or d.short) for d in self.drafts)
        used: set[str] = set()
        for d in self.drafts:
            name = d.short
            if shorts[d.short] > 1:
                name = d.full or d.short
                if d.proposer and fulls[(d.short, name)] > 1:
                    name = f"{d.proposer.key} {name}"
            # slugify cuts long names: two may still meet.
            base = slug = slugify(name)
            n = 1
            while slug in used:
                n += 1
                slug = f"{base}-{n}"
            used.add(slug)
            d.ref = Ref("proposal", slug)


def _author_state(ctx, work_id):
    """The state of the work's first signer whose authority record names one, or None."""
    for ref in ctx.resolution.authors.get(work_id, []):
        rec = ctx.entities[ref].attrs.get("authority")
        home = ctx.authority.get(rec.state) if rec else None
        # An authority file may give a place as someone's "state"; it is no actor.
        if home is not None and home.type == "state":
            return Ref("state", home.id)
    return None


class _Tracker:
    """What the current witness has proposed so far, for "this step" and fallbacks."""

    def __init__(self):
        self.latest: Ref | None = None
        self.latest_proposer: Ref | None = None
        self.named_by: dict[Ref, Ref] = {}      # proposer -> latest named proposal


def _new_proposal(ctx, ref, label, description, status, proposer, sid, s, e, rule, sent_idx):
    ent = ctx.add_entity(ref, label, PROPOSAL_TYPES, description=description,
                         sentence=(sid, sent_idx), agent=proposer)
    ctx.add_fact(ref, "kgo:proposalStatus", Ref("concept", status), sid, s, e, rule, 0.8)
    if proposer is not None:
        ctx.add_fact(ref, "kgo:proposedBy", proposer, sid, s, e, rule, 0.75)
    return ent


def _named_phrases(ctx, named, short, demonyms) -> dict[tuple[str, int], tuple[str, _Draft, Ref | None]]:
    """Every named-draft phrase of the corpus: (witness, start) -> (full name, draft, maker).

    All the drafts are known before any gets its IRI, so that a short name is a
    draft's IRI only while no other draft shares it.
    """
    drafts = _Drafts()
    found = {}
    for src in ctx.corpus.sources:
        sid, norm = src.id, src.view.norm
        own = _author_state(ctx, src.meta.work)
        for sent in ctx.sentences[sid]:
            for m in named.finditer(norm, sent.nstart, sent.nend):
                full = re.sub(r"(?:\s+(?:and|in|of|the|on|for))+$", "", m.group("name"))
                sm = short.match(full)
                key, whole = text_key(sm.group("short") if sm else full), text_key(full)
                dem = m.group("dem")
                proposer = None
                if dem in demonyms:
                    proposer = Ref(demonyms[dem].type, demonyms[dem].id)
                elif (m.group("det") or "").strip() == "our" and own:
                    proposer = own
                draft = drafts.find(key, whole if whole != key else None, proposer)
                found[(sid, m.start())] = (full, draft, proposer)
    drafts.name()
    return found


@component("kg.proposals.v1", "relate", needs=("metadata",), adds=("proposals",))
def relate_proposals(ctx) -> None:
    """Proposals made or discussed, with proposer, status and evidence."""
    rule = "kg.proposals.v1"
    named, short = _patterns(ctx.lexicon)
    demonyms = {d: r for r in ctx.authority.records.values() for d in r.demonyms}
    names = _ShortNames()
    phrases = _named_phrases(ctx, named, short, demonyms)
    proposed: set[Ref] = set()        # proposals with a proposer, as of facts[:seen]
    seen = 0
    # Who the metadata says wrote or sent each work (a title's "Telegram, X to Y" names a
    # writer who signs nothing): the last resort for a draft's maker.
    written_by: dict[str, Ref] = {}
    for f in ctx.facts:
        if f.predicate in ("schema:author", "schema:sourceOrganization") and f.subject.kind == "work":
            written_by.setdefault(f.subject.key, f.object)
    for src in ctx.corpus.sources:
        sid, norm, work = src.id, src.view.norm, src.meta.work
        own = _author_state(ctx, work)
        authors = ctx.resolution.authors.get(work, [])
        track = _Tracker()
        for sent in ctx.sentences[sid]:
            s, e = sent.nstart, sent.nend
            text = norm[s:e]
            # Positions already inside a proposal mention: a set, so a sentence
            # with many of them stays linear (a list scan was quadratic).
            taken: set[int] = set()
            # 1. Named drafts.
            for m in named.finditer(norm, s, e):
                full, draft, proposer = phrases[(sid, m.start())]
                ref = draft.ref
                names.use(draft.short, ref)
                ent = ctx.entities.get(ref)
                if ent is None:
                    _new_proposal(ctx, ref, full, text, "EarlierProposal", proposer, sid, s, e,
                                  rule, sent.index)
                else:
                    ctx.add_fact(ref, "kgo:proposalStatus", Ref("concept", "EarlierProposal"),
                                 sid, s, e, rule, 0.8)
                    if proposer is not None:
                        ctx.add_fact(ref, "kgo:proposedBy", proposer, sid, s, e, rule, 0.75)
                if len(full) > len(ctx.entities[ref].label):
                    ctx.entities[ref].label = full
                ctx.add_mention(Mention(sid, m.start(), m.start("name") + len(full), "proposal",
                                        full, rule, 0.8), ref)
                taken.update(range(m.start(), m.end()))
                if proposer is not None:
                    track.named_by[proposer] = ref
                track.latest = ref
            # Later uses of a known short name ("the General European Agreement").
            for key, pat, ref in names.in_text(text):
                for m in pat.finditer(text):
                    a, b = s + m.start(), s + m.end()
                    if a not in taken:
                        ctx.add_mention(Mention(sid, a, b, "proposal", key, rule, 0.7), ref)
                        taken.update(range(a, b))
            # 2. References back: "the Italian proposal", "our draft", "this step".
            for pat in ctx.lexicon.anaphora:
                for m in pat.finditer(norm, s, e):
                    if m.start() in taken:
                        continue
                    words = m.group().split()
                    target = None
                    if len(words) == 3 and words[1] in demonyms:
                        rec = demonyms[words[1]]
                        maker = Ref(rec.type, rec.id)
                        target = track.named_by.get(maker)
                        if target is None and words[2] != "step":
                            # "the British proposal" with no British draft named yet:
                            # a proposal of that state, known only by this phrase.
                            target = Ref("proposal", slugify(f"{rec.id} {words[2]}"))
                            label = f"{words[1]} {words[2]}"
                            if target not in ctx.entities:
                                _new_proposal(ctx, target, label, text, "EarlierProposal", maker,
                                              sid, s, e, rule, sent.index)
                            else:
                                ctx.add_fact(target, "kgo:proposalStatus",
                                             Ref("concept", "EarlierProposal"), sid, s, e, rule, 0.8)
                                ctx.add_fact(target, "kgo:proposedBy", maker, sid, s, e, rule, 0.75)
                            track.named_by[maker] = target
                    elif words[0].lower() == "our" and own:
                        target = track.named_by.get(own)
                    elif words[0].lower() in ("this", "that"):
                        target = track.latest
                    if target is not None:
                        ctx.add_mention(Mention(sid, m.start(), m.end(), "proposal",
                                                m.group(), rule, 0.6), target)
                        taken.update(range(m.start(), m.end()))
            # 3. Recommending phrases.
            for trig in ctx.lexicon.proposal_triggers:
                t = trig.pattern.search(text)
                if not t:
                    continue
                ts, te = s + t.start(), s + t.end()
                proposer = None
                if trig.attrs["proposer"] == "according":
                    acc = re.match(r"According\s+to\s+", text)
                    cands = _agents(ctx, sid, s + acc.end(), ts) if acc else []
                    proposer = ctx.ref(cands[0]) if cands else None
                else:
                    subj = _subject(ctx, sid, sent, ts)
                    proposer = ctx.ref(subj) if subj else (track.latest_proposer or
                                                           (authors[0] if authors else None))
                if proposer is None:
                    break
                content = norm[te:e]
                ref = Ref("proposal", short_hash(text_key(text), trig.attrs["status"]))
                _new_proposal(ctx, ref, _label(content), text, trig.attrs["status"], proposer,
                              sid, s, e, rule, sent.index)
                ctx.add_mention(Mention(sid, s, e, "proposal", _label(content), rule, 0.7), ref)
                for m in ctx.mentions_in(sid, ts, e):
                    target = ctx.ref(m)
                    if target == proposer or m.kind == "date":
                        continue
                    pred = "kgo:refersTo" if m.kind == "proposal" else "kgo:concerns"
                    if target != ref:
                        ctx.add_fact(ref, pred, target, sid, s, e, rule, 0.6)
                track.latest = ref
                if trig.attrs["status"] in _OWN_VOICE:
                    track.latest_proposer = proposer
                break
        # A named draft whose maker no copy names is the author's side's, as far as we can tell.
        fallback = own or (authors[0] if authors else None) or written_by.get(work)
        if fallback:
            # Only the facts added since the last witness are new (a scan of all
            # facts for every witness was quadratic in the size of a corpus).
            proposed.update(f.subject for f in ctx.facts[seen:] if f.predicate == "kgo:proposedBy")
            seen = len(ctx.facts)
            for m in ctx.mentions[sid]:
                ref = ctx.extra_refs.get(m)
                if ref in names.proposals and ref not in proposed:
                    ctx.add_fact(ref, "kgo:proposedBy", fallback, sid, m.nstart, m.nend, rule, 0.4)
                    proposed.add(ref)
        # 4. Enclosed drafts ("The draft resolution for the X is enclosed").
        for seg in ctx.segments[sid]:
            if seg.kind != "EnclosureNote" or not authors:
                continue
            text = norm[seg.nstart:seg.nend]
            m = re.match(r"(?:The\s+|A\s+)?(?P<what>.*?\b(?:draft|proposal|resolution|plan)\b.*?)"
                         r"\s+(?:is|are)\s+(?:enclosed|attached|appended)", text)
            if m:
                ref = Ref("proposal", short_hash(text_key(text), "enclosure"))
                _new_proposal(ctx, ref, m.group("what"), text, "NewRecommendation", authors[0],
                              sid, seg.nstart, seg.nend, rule, -1)
                ctx.add_mention(Mention(sid, seg.nstart + m.start("what"), seg.nstart + m.end("what"),
                                        "proposal", m.group("what"), rule, 0.7), ref)
                for mm in ctx.mentions_in(sid, seg.nstart, seg.nend, AGENTS):
                    ctx.add_fact(ref, "kgo:concerns", ctx.ref(mm), sid, seg.nstart, seg.nend, rule, 0.6)


def _last_person_before(mentions):
    """A lookup: position -> [the last person in *mentions* ending by it], or [].

    "Last" is in list order, as a scan would find it; demonyms do not count.
    Sorted ends and the running maximum of list positions answer in O(log n).
    """
    people = sorted((m.nend, i) for i, m in enumerate(mentions)
                    if m.kind == "person" and not m.attr("demonym"))
    ends = [end for end, _ in people]
    latest = list(accumulate((i for _, i in people), max))

    def lookup(pos):
        k = bisect_right(ends, pos)
        return [mentions[latest[k - 1]]] if k else []
    return lookup


@component("kg.stances.v1", "relate", needs=("proposals",), adds=("stances",))
def relate_stances(ctx) -> None:
    """Reactions to proposals: holder, polarity, modality, evidence."""
    rule = "kg.stances.v1"
    for src in ctx.corpus.sources:
        sid, norm = src.id, src.view.norm
        named_before = _last_person_before(ctx.mentions[sid])
        latest = None
        for sent in ctx.sentences[sid]:
            s, e = sent.nstart, sent.nend
            props = ctx.mentions_starting(sid, s, e, ("proposal",))
            for trig in ctx.lexicon.stance_triggers:
                for t in trig.pattern.finditer(norm, s, e):
                    side = trig.attrs["holder"]
                    if side == "after":
                        stop = _CLAUSE_END.search(norm, t.end(), e)
                        ag = [m for m in _agents(ctx, sid, t.end(), stop.start() if stop else e)
                              if not re.search(r"\bin\s+$", norm[max(s, m.nstart - 4):m.nstart])]
                        holders = [m for m in ag if m.kind != "state"] or ag
                        targets = sorted((m for m in props if m.nstart < t.start()),
                                         key=lambda m: -m.nstart)
                    else:
                        kinds = ("person",) if side == "speaker" else AGENTS
                        before = [m for m in _agents(ctx, sid, s, t.start()) if m.kind in kinds
                                  and not m.attr("demonym")]
                        holders = before[-1:]
                        if not holders and norm[s:e].split(" ", 1)[0] in ctx.lexicon.person_pronouns:
                            # "He said ...": the last person named before this sentence.
                            holders = named_before(s)
                        targets = sorted((m for m in props if m.nstart >= t.start()),
                                         key=lambda m: m.nstart)
                        targets = targets or [m for m in props if m.nend <= t.start()]
                    # Without a proposal named in the sentence, the reaction is to the last
                    # one, unless the sentence speaks of a proposal kg could not resolve.
                    target = ctx.ref(targets[0]) if targets else (
                        None if _PROPOSAL_WORD.search(norm, s, e) else latest)
                    if target is None:
                        continue
                    for h in holders:
                        holder = ctx.ref(h)
                        if holder == ctx.entities[target].attrs.get("agent"):
                            continue
                        ref = Ref("stance", short_hash(text_key(norm[s:e]), str(holder),
                                                       trig.attrs["polarity"]))
                        plabel = ctx.entities[target].label
                        label = (f"{trig.attrs['polarity'].lower()} ({trig.attrs['modality'].lower()}): "
                                 f"{ctx.entities[holder].label} on {plabel}")
                        ctx.add_entity(ref, _label(label, 24), STANCE_TYPES, description=norm[s:e],
                                       sentence=(sid, sent.index), agent=holder)
                        for pred, obj in (("kgo:stanceHolder", holder), ("kgo:stanceTowards", target),
                                          ("kgo:polarity", Ref("concept", trig.attrs["polarity"])),
                                          ("kgo:modality", Ref("concept", trig.attrs["modality"]))):
                            ctx.add_fact(ref, pred, obj, sid, s, e, rule, 0.7)
            if props:
                latest = ctx.ref(props[-1])
