"""Segment stage: split a witness into typed parts with offsets.

``segment(source, lexicon)`` returns the parts of one witness as
:class:`~kg.model.Segment` records (offsets into the normalised view): a
repost's heading, byline, editorial preface and credit line (paratext); the
document's own sender, recipient-body and addressee lines, body, enclosure
note, closing formula and signature (the work's text); prose after the
signature that is not a credit line, such as an archive's summary (paratext);
and a trailing block of notes ("Notes", then "[1] ...") as editorial notes.
The rules are generic and their phrases live in ``rules/lexicon.toml``.

Also here: :func:`sentences`, the sentence splitter the relate stage uses.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .extract.dates import DATE_PATTERN, TIME_PATTERN
from .model import PARATEXT, WORK_TEXT, Segment, Source
from .rules import alternation

PARATEXT_KINDS = {"Heading", "Byline", "EditorialPreface", "CreditLine", "ArchivalSummary",
                  "EditorialNote"}

_NAME = r"(?:[A-Z][a-z]?\.\s?){1,3}\s?[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*"
_SIGNATURE = re.compile(
    rf"(?:^|(?<=[.!?]))[ \t]*(?:\(?[Ss]igned\)?:?\s*)?(?P<name>{_NAME})"
    rf"(?P<gap>[ \t]*\n?[ \t]*)(?P<date>{DATE_PATTERN})?[ \t]*$",
    re.MULTILINE,
)
_FIELD = re.compile(r"[A-Z][A-Za-z]*(?:[ \t][A-Za-z]+)?[ \t]*:")
_COSIGNER = re.compile(rf"(?:\(?[Ss]igned\)?:?\s*)?{_NAME}")
_FULL_NAME_LINE = re.compile(r"^[ \t]*(?P<name>(?:[A-Z][\w'.-]+[ \t]+){0,3}[A-Z][\w'-]+)[ \t]*$")
# An item of a list of copies: "1 - Cde. A. A. Gromyko", "2. Comrade X", "- Comrade X".
_LISTED = re.compile(r"^[ \t]*(?:\d{1,2}[ \t]*[-\u2013\u2014.)]|[-\u2013\u2014\u2022*])[ \t]*\S")
# After a closing formula, a name and what he is: "Wladyslaw Gomulka, Central Committee of ...".
_NAME_POST_LINE = re.compile(r"^[ \t]*(?P<name>(?:[A-Z][\w'.-]+[ \t]+){1,3}[A-Z][\w'-]+),[ \t]+[A-Z]")
# A date line may end with a time of day and a full stop ("Lisbon, June 3, 1961, 6 p.m."),
# or stand in brackets under a heading ("(AUGUST 7, 1979)"); an editor may bracket its place
# ("CONFIDENTIAL [Ottawa], June 15, 1961").
_DATE_LINE = re.compile(rf"^[ \t]*(?:Date:\s*)?(?P<open>\()?(?P<date>{DATE_PATTERN}){TIME_PATTERN}?\.?"
                        r"(?(open)\))[ \t]*$")
_PLACE_DATE_LINE = re.compile(
    rf"^[ \t]*[A-Z\[][\w .'\[\]-]{{0,40}},[ \t]*(?P<date>{DATE_PATTERN}){TIME_PATTERN}?\.?[ \t]*$")
# A line of a signature block that gives the signer's office ("Chairman of the ...").
_TITLE_LINE = re.compile(r"^[ \t]*[A-Z][\w'.-]*(?:[ \t]+[\w'.,()-]+){0,14}[ \t]*$")


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


@functools.cache
def _addressed_item(honorifics: tuple[str, ...]) -> re.Pattern:
    """A list item that is a form of address and a name, nothing else: "- Comrade Puja"."""
    forms = alternation(honorifics) if honorifics else "(?:)"
    return re.compile(r"^[ \t]*[-\u2013\u2014\u2022*][ \t]*" + forms
                      + r"[ \t]+[^\s,]+(?:[ \t]+[^\s,]+){0,2}[ \t]*$")


def _lines(norm: str) -> list[_Line]:
    out, pos = [], 0
    for raw in norm.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(_Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def _matches(patterns: list[re.Pattern], text: str) -> bool:
    return any(p.search(text) for p in patterns)


def _notes_start(lines: list[_Line], rx) -> int:
    """Index of the line that opens a trailing block of notes ("Notes", then "[1] ..."), or len."""
    for i in range(len(lines) - 1, -1, -1):
        if _matches(rx.get("NotesHeader", []), lines[i].text):
            rest = lines[i + 1:]
            if rest and sum(1 for ln in rest if _matches(rx.get("Note", []), ln.text)) * 2 >= len(rest):
                return i
    return len(lines)


@functools.cache
def _role_start(roles: tuple[str, ...]) -> re.Pattern | None:
    """A line that starts with an office, perhaps after a word or two ("Deputy Minister ...")."""
    if not roles:
        return None
    return re.compile(rf"^(?:(?:[A-Z][a-z]+|[A-Z]\.)+\s+)?(?:{'|'.join(map(re.escape, roles))})\b")


def _signature_block(lines: list[_Line], roles: tuple[str, ...]):
    """A document ending with names and the signers' offices, one to a line.

    "N. Petrov / Chairman of the Council of Ministers / A. Ivanov / Minister of
    Trade": returns (first line, last line) or None.
    """
    role_start = _role_start(roles)
    i, names = len(lines) - 1, 0
    while i >= 0 and len(lines) - i <= 6:
        text = lines[i].text
        if _FULL_NAME_LINE.match(text) and len(text.split()) <= 4 and not role_start.match(text):
            names += 1
        elif not (_TITLE_LINE.match(text) and role_start.match(text)):
            break
        i -= 1
    first = i + 1
    if names and first < len(lines) and first > 0 and not role_start.match(lines[first].text):
        return first, len(lines) - 1
    return None


def _closing_list(lines: list[_Line], heads: list[re.Pattern], within: int, words: int) -> int:
    """Index of the line that opens a list ending the text, or len: the first line that one
    of *heads* matches among the last *within*, with no line after it of more than *words*
    words. The copies' list ("CC:", then a short line for each) and the readers' marks ("To
    be seen by / Comrade X / Seen by / Comrade Y": they read the paper, none signed it)."""
    first = len(lines)
    for i in range(len(lines) - 1, max(len(lines) - within - 1, 0), -1):
        if _matches(heads, lines[i].text):
            first = i
        if len(lines[i].text.split()) > words:
            break
    return first


def _marked_signature(lines: list[_Line], marks: list[re.Pattern]):
    """The line where a translator marks the signature ("AMBASSADOR [signature] /A. PETROV/").

    Returns (start, end, None) of that line, and of the name line after it when the
    mark stands alone, or None. Only the second half of the document is looked at.
    """
    if not marks or not lines:
        return None
    half = lines[-1].end * 0.5
    for i in range(len(lines) - 1, -1, -1):
        ln = lines[i]
        if ln.start < half:
            return None
        if _matches(marks, ln.text):
            end = ln.end
            rest = ln.text
            for mark in marks:
                rest = mark.sub("", rest)
            if not rest.strip(" \t/") and i + 1 < len(lines) and _FULL_NAME_LINE.match(lines[i + 1].text):
                end = lines[i + 1].end
            return ln.start, end, None
    return None


def _find_signature(norm: str, lines: list[_Line], closings: list[re.Pattern],
                    roles: tuple[str, ...] = (), marks: list[re.Pattern] = ()):
    """Return (name_start, end, date_span|None) of the last signature block, or None."""
    if (marked := _marked_signature(lines, marks)):
        return marked
    best = None
    end = lines[-1].end if lines else 0
    for m in _SIGNATURE.finditer(norm, 0, end):
        # A signature ends its line (and the date, if any, ends the next one).
        best = m
    if best is not None:
        # The match must be in the last third of the document or followed only by
        # short paratext; otherwise an initials-and-name line in the body would win.
        if best.start("name") >= end * 0.5:
            end = best.end("date") if best.group("date") else best.end("name")
            date = (best.start("date"), best.end("date")) if best.group("date") else None
            # Those who signed with him, each on a line of his own above ("Yu. Andropov /
            # V. Kuznetsov / K. Katushev").
            start = best.start("name")
            i = next((k for k, ln in enumerate(lines) if ln.end >= start), 0)
            for k in range(i - 1, max(i - 5, -1), -1):
                if not _COSIGNER.fullmatch(lines[k].text):
                    break
                start = lines[k].start
            return start, end, date
    # "Sincerely,\nJohn Smith": a closing formula followed by a bare name line.
    for i in range(len(lines) - 1, 0, -1):
        if _matches(closings, lines[i - 1].text) and (_FULL_NAME_LINE.match(lines[i].text)
                                                       or _NAME_POST_LINE.match(lines[i].text)):
            end, date = lines[i].end, None
            if i + 1 < len(lines) and (d := _DATE_LINE.match(lines[i + 1].text)):
                date = (lines[i + 1].start + d.start("date"), lines[i + 1].start + d.end("date"))
                end = date[1]
            return lines[i].start, end, date
    # A document that simply ends with its signer's name ("John Foster Dulles",
    # "Hayter"), possibly followed by a date line.
    tail = lines[-2:] if len(lines) > 1 and _DATE_LINE.match(lines[-1].text) else lines[-1:]
    # An office on the last line ("Deputy Assistant Under-Secretary") is no one's name: the
    # signer's name is on a line above it (a signature block, below).
    office = _role_start(roles)
    if len(lines) > 2 and _FULL_NAME_LINE.match(tail[0].text) and len(tail[0].text.split()) <= 4 \
            and not (office and office.match(tail[0].text)):
        date = None
        if len(tail) == 2:
            d = _DATE_LINE.match(tail[1].text)
            date = (tail[1].start + d.start("date"), tail[1].start + d.end("date"))
        # Who signed with him, a name of as many words on each line above ("Langer / Mahlow")
        first = lines.index(tail[0])
        words = len(tail[0].text.split())
        while first > 1 and len(lines[first - 1].text.split()) == words \
                and _FULL_NAME_LINE.match(lines[first - 1].text) \
                and not (office and office.match(lines[first - 1].text)) \
                and not _matches(closings, lines[first - 1].text) and len(lines) - first < 6:
            first -= 1
        return lines[first].start, tail[-1].end, date
    block = _signature_block(lines, roles) if len(lines) > 2 and roles else None
    if block:
        return lines[block[0]].start, lines[block[1]].end, None
    return None


def segment(source: Source, lexicon) -> list[Segment]:
    """Split *source* into typed segments, in text order.

    A witness whose markup gave its structure (a TEI document) keeps that
    structure; only plain text is segmented by the rules below.
    """
    if source.layout:
        return list(source.layout)
    norm = source.view.norm
    lines = _lines(norm)
    seg: list[tuple[str, int, int]] = []
    rx = lexicon.segment_patterns
    kinds: dict[int, str] = {}

    # Bottom first: a trailing block of notes is set apart before anything else is looked for.
    notes = _notes_start(lines, rx)
    for i in range(notes, len(lines)):
        kinds[i] = "EditorialNote"
    body_lines = lines[:notes]
    # Top: markdown headings, a document-type title line, and bylines.
    title = None
    for i, ln in enumerate(body_lines):
        if re.match(r"#{1,6}\s+\S", ln.text):
            kinds[i] = "Heading"
        elif i < 2 and title is None and not any(k == "Heading" for k in kinds.values()) \
                and _matches(rx.get("Heading", []), ln.text):
            kinds[i] = "Heading"
            title = i
        elif i < 6 and _matches(rx["byline"], ln.text):
            kinds[i] = "Byline"
    # The address block: sender, subject, addressee, and the recipient-body line above it.
    for i, ln in enumerate(body_lines):
        if i in kinds:
            continue
        for kind in ("SenderLine", "SubjectLine", "AddresseeLine", "Salutation"):
            if _matches(rx[kind], ln.text):
                kinds[i] = kind
                break
    address = [i for i, k in kinds.items() if k in ("SenderLine", "AddresseeLine", "SubjectLine")]
    if address:
        # A short line just above the addressee line names the body addressed
        # ("Council of Ministers"); a bare document-type word ("TELEGRAM"), a date line,
        # another field of the header ("Received: MOFA, August 10") or a title with a
        # possessive ("President X's Reply") does not.
        to = [i for i in address if kinds[i] == "AddresseeLine"]
        j = min(to) - 1 if to else -1
        if (j >= 0 and j not in kinds and len(lines[j].text.split()) <= 8
                and not lines[j].text.endswith((".", "?", "!", ":"))
                and not re.fullmatch(r"[A-Z\s]+", lines[j].text)
                and not _DATE_LINE.match(lines[j].text) and not _PLACE_DATE_LINE.match(lines[j].text)
                and not _FIELD.match(lines[j].text) and "'s " not in lines[j].text):
            kinds[j] = "RecipientBodyLine"
        top = min(i for i, k in kinds.items() if k in ("RecipientBodyLine", "SenderLine",
                                                       "AddresseeLine", "SubjectLine"))
        # A repost's heading or byline above the address block makes what lies
        # between them the copy's preface; a document's own title line does not.
        if any(k in ("Heading", "Byline") for i, k in kinds.items() if i != title):
            for i in range(top):
                if i not in kinds:
                    kinds[i] = "EditorialPreface"
    # Above the text, the list of those the document went to, as registries print it
    # ("Produced in 6 copies for: / - Comrade X / - Comrade Y").
    for i, ln in enumerate(body_lines[:20]):
        if i not in kinds and _matches(rx.get("Distribution", []), ln.text):
            kinds[i] = "Distribution"
            j = i + 1
            while j < len(body_lines) and j not in kinds and _LISTED.match(body_lines[j].text):
                kinds[j] = "Distribution"
                j += 1
            break
    else:
        # With no such header, three lines or more in a row, each a list mark and a form of
        # address before a name and nothing else ("- Comrade Puja"), are that list all the
        # same; not a list of those present with their posts ("• Mr. Beam, EUR"), nor a
        # part of one: no item around the run with the same mark gives a post after a comma
        # ("PARTICIPANTS / • The Acting Secretary / • Mr. Aaa / ... / • Bbb Ccc, Foreign Secretary").
        listed = _addressed_item(tuple(lexicon.honorifics))
        i = 0
        top = body_lines[:20]
        while i < len(top):
            j = i
            while j < len(top) and j not in kinds and listed.match(top[j].text):
                j += 1
            mark = top[i].text.lstrip()[:1] if j > i else ""
            above, below = i, j
            while above > 0 and mark and body_lines[above - 1].text.lstrip().startswith(mark):
                above -= 1
            while below < len(body_lines) and mark and body_lines[below].text.lstrip().startswith(mark):
                below += 1
            if j - i >= 3 and not any("," in ln.text for ln in body_lines[above:below]):
                for k in range(i, j):
                    kinds[k] = "Distribution"
                break
            i = j + 1
    # A dateline near the top ("Lisbon, October 12, 1956"; "18 May 1955").
    for i, ln in enumerate(body_lines[:8]):
        if i not in kinds and (_DATE_LINE.match(ln.text) or _PLACE_DATE_LINE.match(ln.text)):
            kinds[i] = "DateLine"
            break
    # The first line is a title when it names who sends and who receives ("The Charge in
    # X (Name) to the Secretary of State"), or, with no title line found, when the dateline
    # is right below it, as archives print one ("Ciphered telegram, X to Y", "X to the
    # Minister [Y]"); not when it reads as a sentence.
    first = body_lines[0].text if body_lines else ""
    if len(body_lines) > 1 and 0 not in kinds and len(first) <= 300 \
            and not first.rstrip().endswith((".", ":", ";")) \
            and ((title is None and "Heading" not in kinds.values() and kinds.get(1) == "DateLine")
                 or _matches(rx.get("heading_parties", []), first)):
        kinds[0] = "Heading"
        title = 0 if title is None else title
    # Below an archive's title and date, the document's own title line: "Memorandum from X
    # to Y, re: ...", a covering memo's; only where the archive's title names no parties
    # (else the line below it is that title again, often with more after it).
    if kinds.get(0) == "Heading" and kinds.get(1) == "DateLine" and len(body_lines) > 3 \
            and not _matches(rx.get("heading_parties", []), body_lines[0].text) \
            and 2 not in kinds and len(body_lines[2].text) <= 300 \
            and not body_lines[2].text.endswith((".", ":", ";")) \
            and _matches(rx.get("Heading", []), body_lines[2].text) \
            and _matches(rx.get("heading_parties", []), body_lines[2].text):
        kinds[2] = "Heading"
    head_end = max((i for i in kinds if i < notes), default=-1)
    if any(k == "Salutation" for k in kinds.values()):
        head_end = max(head_end, max(i for i, k in kinds.items() if k == "Salutation"))

    # Bottom: signature, then what follows it (up to any notes). A list of who got copies
    # at the very end ("CC: / 2x Far Eastern Department") is below the signature, not it.
    copies = _closing_list(body_lines, rx.get("CopyList", []), 8, 8)
    signed = body_lines[:min(copies, _closing_list(body_lines, rx.get("Readers", []), 12, 6))]
    sig = _find_signature(norm, signed, rx["Closing"], lexicon.roles,
                          rx.get("SignatureMark", [])) if signed else None
    sig_line = notes
    if sig:
        s_start, s_end, _ = sig
        seg.append(("Signature", s_start, s_end))
        sig_line = next(i for i, ln in enumerate(lines) if ln.end >= s_start)
        first_line = lines[sig_line]
        if first_line.start < s_start:
            # Text run together before the name ("...examine it.A.B. Petrov").
            pre = norm[first_line.start:s_start].rstrip()
            kind = "Closing" if len(pre.split()) <= 15 else "Body"
            kinds[sig_line] = kind
            seg.append((kind, first_line.start, first_line.start + len(pre)))
        else:
            kinds[sig_line] = "Signature"
        listing = False     # inside a list of who received copies
        for i, ln in enumerate(lines[sig_line + 1:notes], sig_line + 1):
            if ln.end <= s_end:
                kinds[i] = "Signature"
            elif i >= copies:
                kinds[i] = "Distribution"
            elif _matches(rx.get("Distribution", []), ln.text) or (listing and _LISTED.match(ln.text)):
                # "Five copies printed / 1 - Cde. X / 2 - Cde. Y": those the document went to
                kinds[i] = "Distribution"
                listing = True
            elif _matches(rx["CreditLine"], ln.text):
                kinds[i] = "CreditLine"
            elif re.match(r"P\.\s?S\.", ln.text):
                kinds[i] = "Body"
            else:
                kinds[i] = "ArchivalSummary"
                listing = False
    else:
        for i in range(notes - 1, head_end, -1):
            if _matches(rx["CreditLine"], lines[i].text):
                kinds[i] = "CreditLine"
            else:
                break
    # Just above the signature: a closing formula and an enclosure note.
    i = sig_line - 1
    while i > head_end and i not in kinds:
        if _matches(rx["Closing"], lines[i].text) and len(lines[i].text.split()) <= 15:
            kinds[i] = "Closing"
        elif _matches(rx["EnclosureNote"], lines[i].text):
            kinds[i] = "EnclosureNote"
        else:
            break
        i -= 1

    # Everything not yet typed is body; consecutive lines of one kind merge.
    for i in range(len(lines)):
        kinds.setdefault(i, "Body")
    run_kind, run_start, run_end = None, 0, 0
    for i, ln in enumerate(lines):
        k = kinds[i]
        if k in ("Signature",) or (k in ("Closing", "Body") and i == sig_line and sig
                                   and lines[i].start < sig[0]):
            if run_kind:
                seg.append((run_kind, run_start, run_end))
            run_kind = None
            continue
        if k == run_kind and k in ("Body", "EditorialPreface", "ArchivalSummary", "CreditLine",
                                   "EditorialNote", "Distribution"):
            run_end = ln.end
            continue
        if run_kind:
            seg.append((run_kind, run_start, run_end))
        run_kind, run_start, run_end = k, ln.start, ln.end
    if run_kind:
        seg.append((run_kind, run_start, run_end))
    seg.sort(key=lambda t: (t[1], t[2]))
    return [Segment(source=source.id, kind=k, layer=PARATEXT if k in PARATEXT_KINDS else WORK_TEXT,
                    nstart=s, nend=e) for k, s, e in seg]


_ABBREV_END = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|Sgt|Capt|Prof|Rev|Hon|No|Nos|"
                         r"vol|pp|cf|etc|e\.g|i\.e|viz|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|"
                         r"Nov|Dec|U\.S|U\.K))\.$")
_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9])|[.!?]+[\"')\]]*$|\n+")


def _last_visible(norm: str, start: int, end: int) -> str:
    """The last non-space character of ``norm[start:end]``, or ''."""
    i = end - 1
    while i >= start and norm[i].isspace():
        i -= 1
    return norm[i] if i >= start else ""


def sentences(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``norm[start:end]`` into sentence spans (normalised offsets).

    Linear in the length of the text: each boundary looks only at the few
    characters before it, so a line of a million "Mr." is not quadratic.
    """
    out = []
    s = start
    for m in _BOUNDARY.finditer(norm, start, end):
        if not m.group().strip():
            # A line break inside a sentence (hard-wrapped text) is not a boundary.
            nxt = norm[m.end():m.end() + 1]
            if nxt.islower() and _last_visible(norm, s, m.start()) not in (".", "!", "?", ":"):
                continue
        e = m.end() if m.group().strip() else m.start()
        if m.group().strip():
            tail = m.end()
            while tail > s and norm[tail - 1] in "\"')]":
                tail -= 1
            # An abbreviation is at most a few characters; \b still sees what precedes.
            if _ABBREV_END.search(norm, max(s, tail - 8), tail):
                continue
        piece = norm[s:e]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((s + lead, s + len(piece.rstrip())))
        s = m.end()
    if norm[s:end].strip():
        piece = norm[s:end]
        lead = len(piece) - len(piece.lstrip())
        out.append((s + lead, s + len(piece.rstrip())))
    return out
