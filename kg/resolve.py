"""Resolve stage: decide which entity each mention names.

``resolve(corpus, segments, mentions, authority)`` returns a
:class:`Resolution`: one :class:`~kg.model.Entity` per distinct referent and
the reference of every mention. Authority matches resolve to their record;
an in-house name ("Foreign Ministry") resolves to the body of the author's
own state when the authority file has one; a person named once in full and
later by surname alone is one person; anything else is keyed by its name.
Mentions of one entity in several witnesses resolve to one reference.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .authority import Authority
from .extract.dates import date_label
from .extract.people import surname_key
from .load import slugify
from .model import Corpus, Entity, Mention, Ref, Segment
from .spans import MentionIndex

TYPES = {
    "person": ("kgo:Person", "schema:Person", "foaf:Person"),
    "organization": ("kgo:Organization", "schema:Organization", "org:Organization"),
    "state": ("kgo:State", "schema:Country"),
    "place": ("kgo:Place", "schema:Place"),
    "date": ("kgo:Date", "time:Instant"),
}


@dataclass
class Resolution:
    entities: dict[Ref, Entity]
    refs: dict[Mention, Ref]
    authors: dict[str, list[Ref]]          # work id -> signing persons

    def ref(self, m: Mention) -> Ref:
        return self.refs[m]


def _signers(corpus: Corpus, segments, mentions) -> dict[str, list[Mention]]:
    out: dict[str, list[Mention]] = defaultdict(list)
    for src in corpus.sources:
        signatures = [g for g in segments[src.id] if g.kind == "Signature"]
        signed = MentionIndex(mentions[src.id]).inside(signatures, ("person",))
        if signed:
            out[src.meta.work].extend(signed)
    return out


def _fuller(name: str, than: str) -> bool:
    """Whether *name* is the better label: not in capitals, then more words, then longer."""
    def rank(n):
        return (not n.isupper(), len(n.split()), len(n))
    return rank(name) > rank(than)


def resolve(corpus: Corpus, segments: dict[str, list[Segment]],
            mentions: dict[str, list[Mention]], authority: Authority) -> Resolution:
    """Group mentions into entities."""
    signers = _signers(corpus, segments, mentions)
    work_of = {s.id: s.meta.work for s in corpus.sources}
    # The states the authors belong to, per work: in-house names resolve against them.
    author_states = {
        w: {authority.records[m.authority].state for m in ms
            if m.authority and authority.records[m.authority].state}
        for w, ms in signers.items()
    }
    # Unknown people: the fullest form seen of each surname names them all, whatever its
    # case and accents ("JELEN", "Jeleń", "Boleslaw Jelen"); a form not in capitals first.
    fullest: dict[str, str] = {}
    for ms in mentions.values():
        for m in ms:
            if m.kind == "person" and not m.authority:
                sur = surname_key(m.name)
                cur = fullest.get(sur)
                if cur is None or _fuller(m.name, cur):
                    fullest[sur] = m.name

    views = {s.id: s.view.norm for s in corpus.sources}
    entities: dict[Ref, Entity] = {}
    refs: dict[Mention, Ref] = {}
    for sid in sorted(mentions):
        for m in mentions[sid]:
            kind, label, rec = m.kind, m.name, authority.get(m.authority)
            if m.attr("contextual"):
                states = author_states.get(work_of[sid], set())
                match = [authority.records[i] for i in m.attr("contextual").split()
                         if authority.records[i].state in states]
                rec = match[0] if len(match) == 1 else None
            if rec:
                ref, label, kind = Ref(rec.type, rec.id), rec.label, rec.type
            elif kind == "date":
                ref = Ref("date", m.name)
                label = date_label(m.name)
            elif kind == "person":
                label = fullest.get(surname_key(m.name), m.name)
                ref = Ref("person", slugify(label))
            else:
                ref = Ref(kind, slugify(label))
            ent = entities.get(ref)
            if ent is None:
                types = TYPES[kind] + (("kgo:CollectiveActor",) if m.attr("collective") else ())
                ent = entities[ref] = Entity(ref=ref, label=label, types=types)
                if rec:
                    ent.attrs["authority"] = rec
            ent.mentions.append(m)
            raw = views[sid][m.nstart:m.nend].replace("[", "").replace("]", "")
            surface = " ".join(raw.split()) if kind != "date" else None
            # A given name alone ("[Jan] Novak": "Jan") is no other name of the person.
            if surface and surface != ent.label and not m.attr("demonym") and not m.attr("part"):
                ent.aliases.add(surface)
            refs[m] = ent.ref     # one object per entity, not one per mention
    # Signers found by form are persons; what they resolved to must be one too.
    people = {w: {refs[m] for m in ms if refs[m].kind == "person"} for w, ms in signers.items()}
    authors = {w: sorted(rs, key=str) for w, rs in people.items() if rs}
    return Resolution(entities=entities, refs=refs, authors=authors)
