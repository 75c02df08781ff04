"""Events and positions.

- ``kg.events.v1``: a conversation, meeting or talk ("a conversation between
  A and B, who said ...") with its participants; the stances and proposals
  its participants voice in that sentence or the next few are linked to it.
- ``kg.positions.v1``: the roles the text gives people ("our ambassador in
  Rome", "the Liberal leader", "Foreign Minister"), with where and for whom
  they hold them.
"""

from __future__ import annotations


from ..load import slugify
from ..model import Entity, Ref
from ..registry import component
from ..resolve import TYPES
from . import short_hash, text_key
from .proposals import _author_state

EVENT_TYPES = ("kgo:Event", "schema:Event", "kgo:Conversation")
POSITION_TYPES = ("kgo:Position", "org:Post")
FOLLOWING = 3   # how many sentences after an event may report what was said in it
AFFILIATIONS = ("organization", "state")   # what a post can serve (kgo:affiliation's range)


@component("kg.events.v1", "relate", needs=("stances",), adds=("events",))
def relate_events(ctx) -> None:
    """Conversations and meetings, their participants and what was said."""
    rule = "kg.events.v1"
    # What was said where: the proposals and stances by their sentence, once (a scan
    # of every entity for every conversation was quadratic), in the entities' order.
    said: dict[tuple[str, int], list[tuple[int, Entity]]] = {}
    for order, ent in enumerate(ctx.entities.values()):
        if ent.attrs.get("sentence"):
            said.setdefault(ent.attrs["sentence"], []).append((order, ent))
    for src in ctx.corpus.sources:
        sid, norm = src.id, src.view.norm
        for sent in ctx.sentences[sid]:
            s, e = sent.nstart, sent.nend
            for pat in ctx.lexicon.conversation:
                t = pat.search(norm, s, e)
                if not t:
                    continue
                stop = e
                for sp in ctx.lexicon.speech:
                    if (m := sp.search(norm, t.end(), e)):
                        stop = min(stop, m.start())
                people = [m for m in ctx.mentions_in(sid, t.end(), stop, ("person",))]
                if t.group().rstrip().endswith("with"):
                    # "X reported a conversation with Y": X took part too.
                    people = ctx.mentions_in(sid, s, t.start(), ("person",))[-1:] + people
                if not people:
                    continue
                parts = []
                for m in people:
                    r = ctx.ref(m)
                    if r not in parts:
                        parts.append(r)
                ref = Ref("event", short_hash(text_key(norm[s:e]), "event"))
                noun = t.group().split()[0]
                names = [ctx.entities[p].label for p in parts]
                label = (f"{noun} between " + " and ".join(names) if len(names) > 1
                         else f"{noun} with {names[0]}")
                ctx.add_entity(ref, label, EVENT_TYPES, description=norm[s:e])
                for p in parts:
                    ctx.add_fact(ref, "schema:attendee", p, sid, s, e, rule, 0.75)
                voiced = sorted((hit for i in range(sent.index, sent.index + FOLLOWING + 1)
                                 for hit in said.get((sid, i), ())), key=lambda hit: hit[0])
                for _, other in voiced:
                    if other.attrs.get("agent") in parts:
                        ts = ctx.sentences[sid][other.attrs["sentence"][1]]
                        ctx.add_fact(other.ref, "kgo:expressedIn", ref, sid, ts.nstart, ts.nend,
                                     rule, 0.6)
                break


@component("kg.positions.v1", "relate", needs=("metadata",), adds=("positions",))
def relate_positions(ctx) -> None:
    """Positions the text gives people, with place and affiliation."""
    rule = "kg.positions.v1"
    # "the Ruritanian ambassador" serves a state or body; an authority file may give a
    # place demonyms too, but nobody serves a place.
    demonyms = {d: r for r in ctx.authority.records.values() if r.type in AFFILIATIONS
                for d in r.demonyms}
    for src in ctx.corpus.sources:
        sid, norm = src.id, src.view.norm
        own = _author_state(ctx, src.meta.work)
        for m in list(ctx.mentions[sid]):
            role = m.attr("role")
            if m.kind != "person" or not role:
                continue
            rs = int(m.attr("role_span").split("-")[0])
            person = ctx.ref(m)
            where = m.attr("role_where")
            label = role + (f" in {where}" if where else "")
            if m.attr("role_mod"):
                label = f"{m.attr('role_mod')} {label}"
            ref = Ref("position", slugify(f"{person.key} {label}"))
            ctx.add_entity(ref, label, POSITION_TYPES, role_name=role)
            ctx.add_fact(person, "kgo:holdsPosition", ref, sid, rs, m.nend, rule, 0.8)
            if where:
                for w in ctx.mentions_in(sid, rs, m.nstart, ("place", "state", "organization")):
                    if norm[w.nstart:w.nend] == where:
                        ctx.add_fact(ref, "kgo:positionIn", ctx.ref(w), sid, rs, m.nend, rule, 0.75)
            mod = m.attr("role_mod")
            if mod in demonyms:
                rec = demonyms[mod]
                ctx.add_fact(ref, "kgo:affiliation", _known(ctx, rec), sid, rs, m.nend, rule, 0.7)
            elif m.attr("role_det") in ctx.lexicon.own_side and own:
                ctx.add_fact(ref, "kgo:affiliation", _known(ctx, ctx.authority.records[own.key]),
                             sid, rs, m.nend, rule, 0.7)


def _known(ctx, rec) -> Ref:
    """The authority record *rec* as an entity of the graph, described even when no text
    names it ("the East German Foreign Minister" serves a state the text names only so)."""
    ref = Ref(rec.type, rec.id)
    ctx.add_entity(ref, rec.label, TYPES[rec.type], authority=rec)
    return ref
