"""Document metadata, mentions, authority facts and plausibility checks.

- ``kg.metadata.v1``: the signature gives the work's author and date (a body
  signing or sending with no person named is ``schema:sourceOrganization``,
  the organization the work speaks for); the addressee and recipient-body
  lines give its recipients, and so does a title line naming sender and
  addressee ("Telegram From the Embassy in X to the Ministry in Y");
  a copy's byline
  gives what that copy *claims* (claimed author, publication date), never
  authorship.
- ``kg.mentions.v1``: ``schema:mentions`` from the work (or from a copy, for
  paratext) to everything named in it.
- ``kg.bodies-of-states.v1``: ``kgo:bodyOf`` from a body to the state its name
  names as its own ("Soviet Government", "Embassy of Hungary").
- ``kg.authority-facts.v1``: Wikidata links and life dates from the
  authority file, credited to the file's recorded sources.
- ``kg.checks.claimed-author-lifetime.v1``: flags a byline that credits a
  person who was dead (or not yet born) at the copy's date, using the
  authority file's dates.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from ..extract.dates import filed_date, head_end
from ..extract.gazetteer import state_in_name
from ..extract.people import FOR_FROM_LINE
from ..model import Finding, Fact, Ref
from ..registry import component
from ..resolve import TYPES
from ..rules import alternation, once_per, phrases

AGENTS = ("person", "organization", "state")
RECIPIENTS = ("person", "organization")       # what the shapes let a work be addressed to


@component("kg.metadata.v1", "relate", adds=("metadata",))
def relate_metadata(ctx) -> None:
    """Author, recipients and date of the work; byline claims of each copy."""
    for src in ctx.corpus.sources:
        # A copy's publisher (named in the manifest) is described even if its
        # text never names it, so that the copy can point to it.
        rec = ctx.authority.get(src.meta.publisher)
        if rec is not None and Ref(rec.type, rec.id) not in ctx.entities:
            ctx.add_entity(Ref(rec.type, rec.id), rec.label, TYPES[rec.type], authority=rec)
        sid = src.id
        work = Ref("work", src.meta.work)
        facts_before = len(ctx.facts)
        signed = ctx.mentions_in_parts(sid, ("Signature",))
        senders = signed or ctx.mentions_in_parts(sid, ("SenderLine",))
        # What a name resolved to decides, not how it was found: only a person writes.
        signers = [m for m in senders if ctx.ref(m).kind == "person"]
        for m in signers:
            ctx.add_fact(work, "schema:author", ctx.ref(m), sid, m.nstart, m.nend,
                         "kg.metadata.v1", 0.9)
        # A body in the signature or sender line is the one the author acts for
        # (schema:sourceOrganization); next to a signer's name it is only his title.
        for m in senders if not signers else ():
            if ctx.ref(m).kind == "organization":
                ctx.add_fact(work, "schema:sourceOrganization", ctx.ref(m), sid, m.nstart, m.nend,
                             "kg.metadata.v1", 0.85)
        if not _heading_parties(ctx, src, work) and not signers:
            _writer_named_in_text(ctx, src, work)
        # a day, not a month or a year; what the title says the paper is dated, then the
        # signer's own
        dated = [m for part in ("Signature", "DateLine")
                 for m in ctx.mentions_in_parts(sid, (part,), ("date",)) if m.value is not None]
        head = head_end(src.view.norm)
        dated = _dated_in_title(ctx, src, head) + dated
        for m in dated[:1]:
            ctx.add_fact(work, "schema:dateCreated", m.value, sid, m.nstart, m.nend,
                         "kg.metadata.v1", 0.9)
        if not dated:
            # No date line and no signed date: a title's own date ("Minutes ..., Moscow,
            # December 20, 1945"), its last, for what a title dates first may be its subject.
            titled = ctx.mentions_in_parts(sid, ("Heading",), ("date",))
            if not any(g.kind == "Heading" for g in ctx.segments[sid]):
                # No line was taken for a heading: the text's first line is its title.
                norm = src.view.norm
                first = len(norm) - len(norm.lstrip())
                end = norm.find("\n", first)
                titled = ctx.mentions_in(sid, first, len(norm) if end < 0 else end, ("date",))
            titled = [m for m in titled if _whole_day(m)]
            for m in titled[-1:]:
                ctx.add_fact(work, "schema:dateCreated", m.value, sid, m.nstart, m.nend,
                             "kg.metadata.v1", 0.7)
            if not titled:
                _dated_at_head(ctx, src, work, head)
        office = _office_after(ctx.lexicon.roles)
        # "To the President of the League of Communists ... / Comrade Josip Broz Tito": the body
        # names the office of the person the lines address, if they name one
        held = _office_of_before(ctx.lexicon.roles) if any(
            ctx.ref(x).kind == "person" for x in ctx.mentions_in_parts(sid, ("AddresseeLine",), ("person",))) \
            or _addressed_to_person(ctx, work, facts_before) else None
        for seg in ctx.segments[sid]:
            if seg.kind not in ("AddresseeLine", "RecipientBodyLine", "Salutation", "Distribution"):
                continue
            # People and bodies receive; a state named there is an address ("ATTN: Mr. X,
            # Lausanne, Switzerland") or where an office serves ("To: Ambassador to the
            # United States").
            last = None
            for m in ctx.mentions_in(sid, seg.nstart, seg.nend, RECIPIENTS):
                if ctx.ref(m).kind == "organization" and office.match(src.view.norm, m.nend, seg.nend):
                    continue    # "MR. X, IOC PRESIDENT": the body names his office
                if held is not None and ctx.ref(m).kind == "organization" and seg.kind == "AddresseeLine" \
                        and held.search(src.view.norm, max(seg.nstart, m.nstart - 120,
                                                           src.view.norm.rfind("\n", seg.nstart, m.nstart) + 1),
                                        m.nstart):
                    continue
                if last is not None and _GLOSS.fullmatch(src.view.norm, last.nend, m.nstart):
                    continue    # "To: Bay Cuong [COSVN Party Secretary Pham Hung]": the editor's
                                # name for the same addressee
                last = m
                if ctx.ref(m).kind in RECIPIENTS:
                    ctx.add_fact(work, "schema:recipient", ctx.ref(m), sid, m.nstart, m.nend,
                                 "kg.metadata.v1", 0.85)
        _for_from_line(ctx, src, work)
        _addressed_by_line(ctx, src, work, {f.object for f in ctx.facts[facts_before:]
                                            if f.predicate == "schema:author"})
        if not _addressed_to_person(ctx, work, facts_before):
            _addressed_inline(ctx, src, work)
        witness = Ref("witness", sid)
        for m in ctx.mentions_in_parts(sid, ("Byline",)):
            if m.kind == "person":
                ctx.add_fact(witness, "kgo:claimedAuthor", ctx.ref(m), sid, m.nstart, m.nend,
                             "kg.metadata.v1", 0.9, claimant=witness)
                if not src.meta.byline:   # a manifest's byline is recorded by build
                    ctx.add_fact(witness, "kgo:bylineText", ctx.text(sid, m.nstart, m.nend), sid,
                                 m.nstart, m.nend, "kg.metadata.v1", 0.9, claimant=witness)
            elif m.kind == "date" and m.value is not None:
                ctx.add_fact(witness, "schema:datePublished", m.value, sid, m.nstart, m.nend,
                             "kg.metadata.v1", 0.9, claimant=witness)


def _addressed_to_person(ctx, work: Ref, since: int) -> bool:
    """Whether the facts stated from *since* on address *work* to a person."""
    return any(f.subject == work and f.predicate == "schema:recipient" and f.object.kind == "person"
               for f in ctx.facts[since:])


@once_per
def _dear_inline(lexicon) -> re.Pattern:
    """A letter's salutation that the body goes on after on the same line, as printed editions
    set it: "Dear Mr. Marshall : You will remember ...", "My Dear Dowling: With reference ..."."""
    return re.compile(rf"^[ \t]*(?:{phrases(lexicon.salutations)})[ \t]+[^\n:,!]{{1,60}}?[ \t]*[:,!]", re.M)


# The head of a text ends at its first line of prose (more words than an address line has),
# or after so many lines (a cable's lines are short).
_HEAD_LINE_WORDS = 12
_HEAD_MAX_LINES = 25


def _head_lines(ctx, sid: str, norm: str):
    """The lines of a text's head under its title, each as (start, end, segment): up to
    the first line of prose, at most _HEAD_MAX_LINES lines read. A title may be long;
    its lines are passed over."""
    pos = 0
    for _ in range(_HEAD_MAX_LINES):
        if pos >= len(norm):
            return
        end = norm.find("\n", pos)
        end = len(norm) if end < 0 else end
        line = norm[pos:end]
        seg = ctx.segment_at(sid, pos + len(line) - len(line.lstrip()))
        if seg is None or seg.kind != "Heading":
            if len(line.split()) > _HEAD_LINE_WORDS:
                return          # the first line of prose: the head is over
            yield pos, end, seg
        pos = end + 1


def _for_from_line(ctx, src, work) -> None:
    """A line of a text's head that reads "For X from Y": Y wrote the text and X receives
    it, each a person named last in his part ("For the Secretary from Dulles": the
    office receives, named by no one)."""
    sid, norm = src.id, src.view.norm
    for pos, end, _ in _head_lines(ctx, sid, norm):
        if (f := FOR_FROM_LINE.match(norm, pos, end)):
            for part, pred in (("to", "schema:recipient"), ("by", "schema:author")):
                named = [m for m in ctx.mentions_in(sid, f.start(part), f.end(part), ("person",))
                         if ctx.ref(m).kind == "person"]
                if len(named) == 1 and named[0].nend == f.end(part):
                    m = named[0]
                    ctx.add_fact(work, pred, ctx.ref(m), sid, m.nstart, m.nend, "kg.metadata.v1", 0.8)
            return


def _addressed_by_line(ctx, src, work, writers: set) -> None:
    """People a text's head addresses on lines of their own, each one of the lexicon's
    address forms and a name, his office after a comma at most: "Comrade Cornel Pacosta",
    "Cde. Ion Stoian, Minister of Foreign Affairs,", "Com. Napieraj"; not the items of a
    list under a line ending in a colon ("Present:"), nor the work's writers (*writers*)."""
    sid, norm = src.id, src.view.norm
    forms = ctx.lexicon.address_forms
    listed = False          # under a line that ends in a colon, up to a blank line
    for pos, end, seg in _head_lines(ctx, sid, norm):
        line = norm[pos:end]
        named = [m for m in ctx.mentions_in(sid, pos, end, ("person",))
                 if ctx.ref(m).kind == "person"]
        if len(named) == 1 and not listed and (seg is None or seg.kind not in ("Signature", "Closing")) \
                and ctx.ref(named[0]) not in writers:
            m = named[0]
            before = norm[pos:m.nstart].split()
            after = norm[m.nend:end].strip()
            if len(before) == 1 and before[0] in forms and (not after or after.startswith(",")):
                ctx.add_fact(work, "schema:recipient", ctx.ref(m), sid, m.nstart, m.nend,
                             "kg.metadata.v1", 0.8)
        listed = line.rstrip().endswith(":") or (listed and bool(line.strip()))


def _addressed_inline(ctx, src, work) -> None:
    """The person a letter's first salutation names, where no line above named one."""
    sid, norm = src.id, src.view.norm
    d = _dear_inline(ctx.lexicon).search(norm)
    if d is None:
        return
    seg = ctx.segment_at(sid, d.start())
    if seg is not None and seg.kind in ("Salutation", "Signature", "Closing"):
        return          # a salutation line of its own is read with the address lines
    named = [m for m in ctx.mentions_in(sid, d.start(), d.end(), ("person",))
             if ctx.ref(m).kind == "person"]
    # the name is what the salutation ends with, not a word inside an office
    if named and not norm[named[-1].nend:d.end()].strip(" \t:,!"):
        m = named[-1]
        ctx.add_fact(work, "schema:recipient", ctx.ref(m), sid, m.nstart, m.nend,
                     "kg.metadata.v1", 0.8)


def _whole_day(m) -> bool:
    """Whether the date mention *m* is a day whose year the text itself writes (not a month,
    a year, or a day whose year was taken from another date)."""
    return m.value is not None and not m.attr("year")


# "Memorandum of Conversation ..., 3 March 1978 (dated 4 March 1978)": the day the paper
# was written, where its title dates what it records.
_DATED = re.compile(r"\([ \t]*dated[ \t]+\Z")


def _dated_in_title(ctx, src, head: int) -> list:
    """The day a bracketed "(dated ...)" among the text's first lines gives, if any; not one
    that dates another paper ("Ref: your telegram No. 55 (dated 4 March 1978)")."""
    norm = src.view.norm
    other = _another_paper(ctx.lexicon.papers)
    out = []
    for m in ctx.mentions_in(src.id, 0, head, ("date",)):
        if _whole_day(m) and _DATED.search(norm, max(0, m.nstart - 12), m.nstart) \
                and not other.search(norm, max(0, m.nstart - 60), m.nstart):
            out.append(m)
    return out[:1]


@functools.cache
def _another_paper(papers: tuple[str, ...]) -> re.Pattern:
    """What a date that dates another paper follows: "your kind letter of December 31, 1957",
    "your telegram No. 55 (dated 4 March 1978)"."""
    kinds = alternation(papers) if papers else "(?!)"
    return re.compile(rf"\b(?:{kinds})s?[ \t]+(?:No\.[ \t]*\S+[ \t]+)?(?:of|\(?[ \t]*dated)[ \t]+\Z", re.I)


def _dated_at_head(ctx, src, work, head: int) -> None:
    """The date of a work that no date line, signature or title dates: a decimal file number
    at its head, else the first whole date among its first lines ("New Delhi November 16,
    1957", "held on June 5, 1989"); *head* is where the text's first lines end."""
    sid, norm = src.id, src.view.norm
    if (filed := filed_date(norm, head)) is not None:
        ctx.add_fact(work, "schema:dateCreated", filed[0], sid, filed[1], filed[2],
                     "kg.metadata.v1", 0.6)
        return
    other = _another_paper(ctx.lexicon.papers)
    early = [m for m in ctx.mentions_in(sid, 0, head, ("date",))
             if _whole_day(m)
             and not other.search(norm, max(0, m.nstart - 40), m.nstart)]
    for m in early[:1]:
        ctx.add_fact(work, "schema:dateCreated", m.value, sid, m.nstart, m.nend,
                     "kg.metadata.v1", 0.5)


@functools.cache
def _office_of(roles: tuple[str, ...]) -> re.Pattern:
    """An office of a body at the start of a title's party: "the President of ..."."""
    return re.compile(rf"(?:the\s+)?{alternation(roles)}\s+of\s")


@functools.cache
def _office_at_end(roles: tuple[str, ...]) -> re.Pattern:
    """An office that ends a title's party: "to Soviet Foreign Minister"."""
    return re.compile(rf"\b{alternation(roles)}\Z")


@functools.cache
def _office_of_before(roles: tuple[str, ...]) -> re.Pattern:
    """An office of a body right before it: "To the President of the League of ..."."""
    return re.compile(rf"\b{alternation(roles)}\s+of\s+(?:the\s+)?\Z")


# "Prime Minister Fanfani's Visit to Moscow": an event or a paper of his, which no one sends
_POSSESSIVE = re.compile(r"(?<=\w)'s[ \t]+(?:Visit|Trip|Journey|Tour|Mission|Talks|Speech|Meeting|Interview|"
                         r"Stay|Report|Letter|Message|Statement|Diary|Notes)[ \t]*\Z")
# An editor's bracket opened right after a name, up to a name inside it.
_GLOSS = re.compile(r"[ \t]*\[[^\[\]\n]*")


@functools.cache
def _apposed(honorifics: tuple[str, ...]) -> re.Pattern:
    """A comma, then the lexicon's forms of address if any, before a name set off by commas."""
    h = rf"(?:{alternation(honorifics)}[ \t]+)*" if honorifics else ""
    return re.compile(rf"[ \t]*,[ \t]*{h}")


_SET_OFF = re.compile(r"[ \t]*(?:,|$)", re.M)
# "Cable from the X Embassy, Washington (Knappstein)": the head of the sending body in
# brackets after it (and its seat).
_BRACKETED_HEAD = re.compile(r"[ \t]*(?:,[ \t]*[A-Z][\w .'-]{0,40})?[ \t]*\(")


@functools.cache
def _list_gap(honorifics: tuple[str, ...]) -> re.Pattern:
    """What may stand between two names of a list: ", ", ", and ", "and", honorifics."""
    h = rf"(?:{alternation(honorifics)}[ \t]+)*" if honorifics else ""
    return re.compile(rf"[ \t]*(?:,[ \t]*(?:and[ \t]+)?|and[ \t]+){h}")


@functools.cache
def _office_after(roles: tuple[str, ...]) -> re.Pattern:
    """An office right after a body's name ("IOC President"), in any case."""
    return re.compile(rf"[ \t]+(?i:{alternation(roles)})\b")


# Who wrote a record without signing it: ", by Edgar Faure, on his mission" in its title,
# "with myself [Kadri Hazbiu]", "Recorder: Tao Bingwei", "Interpreter and recorder: Liang Feng",
# "Interpreted and recorded by: Wang", "Recorded: Shabatz", "• Notetaker: Burns, NSC Staff",
# "Pu Shouchang (interpreter and recorder)".
_WRITER_CUES = (re.compile(r"(?:,|\b(?:[Ss]ent|[Ww]ritten|[Ss]ubmitted|[Pp]repared))[ \t]+by[ \t]+\Z"),
                re.compile(r"\b[Mm]yself[ \t]+\[\Z"),
                re.compile(r"^[ \t]*(?:[\u2022*\u00b7-][ \t]*)?(?:(?:Interpreter|Translator)[ \t]+and[ \t]+recorder"
                           r"|(?:Interpreted|Translated)[ \t]+and[ \t]+recorded[ \t]+by"
                           r"|Recorder(?:[ \t]+and[ \t]+(?:interpreter|translator))?"
                           r"|Recorded(?:[ \t]+by)?|Note[- ]?taker|Minutes taken by)[ \t]*:?[ \t]*\Z", re.M | re.I))
_RECORDER_AFTER = re.compile(r"[ \t]*\([^()\n]{0,40}\brecorder\)")
# "(Based on notes of Comrade General Major Jaenicke.)": whose notes a record was written from.
_NOTES_OF = re.compile(r"\b[Bb]ased[ \t]+on[ \t]+(?:the[ \t]+)?notes[ \t]+(?:of|by|taken[ \t]+by)[ \t]+"
                       r"(?:[A-Z][\w.]*[ \t]+){0,3}\Z")


def _writer_named_in_text(ctx, src, work) -> None:
    """The writer of an unsigned record, named by one of :data:`_WRITER_CUES` (a title's
    "by" only in a heading); the first found is the author."""
    sid, norm = src.id, src.view.norm
    for m in ctx.mentions_in(sid, 0, len(norm), ("person",)):
        if ctx.ref(m).kind != "person":
            continue
        before = norm[max(0, m.nstart - 40):m.nstart]
        seg = ctx.segment_at(sid, m.nstart)
        by_title = seg is not None and seg.kind == "Heading" and _WRITER_CUES[0].search(before)
        if by_title or _WRITER_CUES[1].search(before) or _WRITER_CUES[2].search(before) \
                or _RECORDER_AFTER.match(norm, m.nend) \
                or _NOTES_OF.search(norm, max(0, m.nstart - 80), m.nstart):
            ctx.add_fact(work, "schema:author", ctx.ref(m), sid, m.nstart, m.nend,
                         "kg.metadata.v1", 0.8)
            return


def _set_off_after(ctx, sid: str, norm: str, end: int, seg_end: int):
    """The person named right after *end*, set off by commas (", Oldzhich Kaiser,"), if any."""
    after = ctx.mentions_in(sid, end, seg_end, ("person",))
    if after and _apposed(ctx.lexicon.honorifics).fullmatch(norm, end, after[0].nstart) \
            and _SET_OFF.match(norm, after[0].nend):
        return after[0]
    return None


def _heading_parties(ctx, src, work) -> bool:
    """A title line "Telegram From X to Y": X sends (author, or the body it speaks for), Y
    receives. Whether it named a person as the author."""
    sid, norm = src.id, src.view.norm
    patterns = ctx.lexicon.segment_patterns.get("heading_parties", [])
    named_author = False
    for seg in ctx.segments[sid]:
        if seg.kind != "Heading":
            continue
        for pat in patterns:
            m = pat.search(norm, seg.nstart, seg.nend)
            if not m or ("sender" in m.re.groupindex and _POSSESSIVE.search(m.group("sender"))):
                continue
            # A state's adjective in a title ("Chairman of the Bulgarian Union ...") sends nothing.
            sender = [x for x in ctx.mentions_in(sid, m.start("sender"), m.end("sender"), AGENTS)
                      if not x.attr("demonym")] if "sender" in m.re.groupindex else []
            people = [x for x in sender if ctx.ref(x).kind == "person"]
            bodies = [x for x in sender if ctx.ref(x).kind == "organization"]
            if bodies and not people:
                after = ctx.mentions_in(sid, m.end("sender"), seg.nend, ("person",))
                if after and _BRACKETED_HEAD.fullmatch(norm, m.end("sender"), after[0].nstart) \
                        and norm[after[0].nend:after[0].nend + 1] == ")":
                    people = sender = after[:1]
            if "sender" in m.re.groupindex and not people and not bodies:
                # "Report from the Czechoslovak Ambassador to Rome, Oldzhich Kaiser, on ...":
                # the name set off after the office
                if (x := _set_off_after(ctx, sid, norm, m.end("sender"), seg.nend)) is not None:
                    people = sender = [x]
            # "the President of the DPRK's National Olympic Committee": the body sends; the
            # state only says whose body it is.
            for x in people or bodies or sender:
                pred = ("schema:author" if ctx.ref(x).kind == "person" else
                        "schema:sourceOrganization")
                named_author |= pred == "schema:author"
                ctx.add_fact(work, pred, ctx.ref(x), sid, x.nstart, x.nend, "kg.metadata.v1", 0.85)
            # "to the Director of the Office of X (Rockwell)": the person, not his office;
            # "to Zemblan Foreign Minister, V. M. Marek,": the name set off after the office.
            if "recipient" not in m.re.groupindex:      # "Cable from the X Embassy in Y"
                break
            recipient = [x for x in ctx.mentions_in(sid, m.start("recipient"), m.end("recipient"),
                                                    AGENTS) if ctx.ref(x).kind in RECIPIENTS]
            people = [x for x in recipient if ctx.ref(x).kind == "person"]
            if not people and (_office_of(ctx.lexicon.roles).match(norm, m.start("recipient"),
                                                                  m.end("recipient"))
                               or _office_at_end(ctx.lexicon.roles).search(norm, m.start("recipient"),
                                                                           m.end("recipient"))):
                # "to Chairman of the Council of Ministers of the USSR, I.V. Stalin": named after
                # his office; else "to the President of the X Committee": he, unnamed, not the body
                if (x := _set_off_after(ctx, sid, norm, m.end("recipient"), seg.nend)) is None:
                    break
                people = recipient = [x]
            end = max([m.end("recipient")] + [x.nend for x in people])
            if people:
                # "to Comrade A, Comrade B, and Comrade C": the rest of the title's list
                gap = _list_gap(ctx.lexicon.honorifics)
                for x in ctx.mentions_in(sid, end, seg.nend, ("person",)):
                    if x.nstart < end or not gap.fullmatch(norm, end, x.nstart):
                        break
                    people.append(x)
                    end = x.nend
            for x in people or recipient:
                ctx.add_fact(work, "schema:recipient", ctx.ref(x), sid, x.nstart, x.nend,
                             "kg.metadata.v1", 0.85)
            break
    return named_author


@component("kg.mentions.v1", "relate", needs=("proposals",), adds=("mentions",))
def relate_mentions(ctx) -> None:
    """schema:mentions from the work, or from a copy for its paratext."""
    for src in ctx.corpus.sources:
        for m in ctx.mentions[src.id]:
            if m.kind == "date":
                continue
            claimant = ctx.claimant(src.id, m.nstart)
            subject = claimant if claimant.kind == "witness" else Ref("work", src.meta.work)
            ctx.add_fact(subject, "schema:mentions", ctx.ref(m), src.id, m.nstart, m.nend,
                         m.rule, m.confidence, claimant=claimant)


# Bodies whose name may hold a state's adjective without being that state's:
# "Organization of American States", "European Economic Community".
_NOT_ONE_STATES = frozenset({"international organization", "alliance", "community", "movement"})


@component("kg.bodies-of-states.v1", "relate", needs=("mentions",), adds=("bodies-of-states",))
def relate_bodies_of_states(ctx) -> None:
    """kgo:bodyOf: the state a body's name names as its own ("Soviet Government",
    "Embassy of Hungary"), with the name as evidence; the state is described even where
    the text names it nowhere else."""
    rule = "kg.bodies-of-states.v1"
    for src in ctx.corpus.sources:
        norm = src.view.norm
        for m in ctx.mentions[src.id]:
            ref = ctx.ref(m)
            if m.kind != "organization" or m.attr("collective") or ref.kind != "organization":
                continue
            known = ctx.entities[ref].attrs.get("authority")
            if known is not None and known.kind in _NOT_ONE_STATES:
                continue
            rec = state_in_name(ctx.authority, " ".join(norm[m.nstart:m.nend].split()),
                                ctx.lexicon.desk_words)
            if rec is None:
                continue
            state = Ref("state", rec.id)
            ctx.add_entity(state, rec.label, TYPES["state"], authority=rec)
            ctx.add_fact(ref, "kgo:bodyOf", state, src.id, m.nstart, m.nend, rule, 0.7)


AUTHORITY = Ref("authority", "entities")


@component("kg.authority-facts.v1", "relate", adds=("links",))
def relate_authority(ctx) -> None:
    """Wikidata links and dates from the authority file, with their sources."""
    for ref in sorted(ctx.entities, key=str):
        rec = ctx.entities[ref].attrs.get("authority")
        if rec is None:
            continue
        facts = []
        if rec.wikidata:
            facts.append(("owl:sameAs", Ref("wikidata", rec.wikidata), rec.wikidata_source))
        if rec.kind and rec.type == "organization":
            facts.append(("kgo:orgKind", rec.kind, ctx.authority.label))
        for attr, pred in (("born", "schema:birthDate"), ("died", "schema:deathDate"),
                           ("inception", "schema:foundingDate"),
                           ("dissolved", "schema:dissolutionDate")):
            value = getattr(rec, attr)
            if value is not None:
                facts.append((pred, value, rec.dates_source))
        for pred, obj, source in facts:
            ctx.facts.append(Fact(ref, pred, obj, (), "kg.authority.v1", 1.0, AUTHORITY))
            ctx.entities[ref].attrs.setdefault("sources", {})[pred] = source


def _years(a: dt.date, b: dt.date) -> int:
    return b.year - a.year - ((b.month, b.day) < (a.month, a.day))


@component("kg.checks.claimed-author-lifetime.v1", "relate", needs=("metadata", "links"),
           adds=("findings",))
def check_claimed_author(ctx) -> None:
    """Flag a byline crediting someone dead or unborn at the copy's date."""
    rule = "kg.checks.claimed-author-lifetime.v1"
    # Facts grouped by witness once: scanning every fact for every source was quadratic
    # in a corpus of thousands of files.
    about: dict[tuple[Ref, str], list[Fact]] = {}
    for f in ctx.facts:
        if f.predicate in ("kgo:claimedAuthor", "schema:datePublished"):
            about.setdefault((f.subject, f.predicate), []).append(f)
    for src in ctx.corpus.sources:
        witness = Ref("witness", src.id)
        claims = about.get((witness, "kgo:claimedAuthor"), [])
        dates = [f.object for f in about.get((witness, "schema:datePublished"), [])]
        when = dates[0] if dates else src.meta.date
        if when is None:
            continue
        for claim in claims:
            ent = ctx.entities[claim.object]
            rec = ent.attrs.get("authority")
            if rec is None:
                continue
            if rec.died and rec.died < when:
                msg = (f"The copy '{src.meta.title}' is credited to {ent.label}, who died on "
                       f"{rec.died.isoformat()}, {_years(rec.died, when)} years before the copy's "
                       f"date ({when.isoformat()}). The byline is the publisher's claim, not "
                       f"evidence of authorship.")
            elif rec.born and when < rec.born:
                msg = (f"The copy '{src.meta.title}' is credited to {ent.label}, who was born on "
                       f"{rec.born.isoformat()}, after the copy's date ({when.isoformat()}).")
            else:
                continue
            ctx.findings.append(Finding(rule, "warning", msg, (witness, claim.object), claim.evidence))
