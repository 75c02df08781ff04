"""TEI input: read TEI P5 documents as plain text with their markup kept as offsets.

``read_tei(path)`` parses one file safely and returns a :class:`TeiFile`: one
:class:`TeiDocument` per document in it (each ``div[@type="document"]`` of a
FRUS volume, or the whole ``text/body`` of a single document), each rendered
as the text a reader sees, with a map from TEI elements to offsets
(:class:`~kg.model.Markup`) and the document's structural parts
(:class:`~kg.model.Segment`). ``load_tei(path, taken)`` turns those into the
works and witnesses the load stage returns.

The rendering, in reading order: heading, dateline, subject and participant
lists, opener, paragraphs, closer (salutation, signature), postscript; then,
kept apart under a ``Notes`` line, the notes (``[n] text``, numbered as in the
file; the reference marks in the text are not rendered); then, under
``Persons``, the entries of the persons list the document refers to, so that
what the editors say about a person has a place in the text to point to.
A ``correspDesc`` in the header (letters editions: ``correspAction`` with
``@type`` ``sent`` or ``received``, holding ``persName``, ``orgName``,
``placeName`` and ``date``) is rendered after the notes, under
``Correspondence``, one line per action ("Sent: Johann Meyer, Weimar,
1801-06-03"; an empty ``date`` shows its ``@when``), so that the editors'
statement of who wrote to whom, where and when has words to point to; each
line is a ``correspAction`` span holding the spans of its names and date, and
:attr:`TeiDocument.correspondence` gives the same in structured form.
Whitespace is collapsed as in an XML reading view; ``lb`` breaks a line. The
offsets of every span are offsets into this rendering, which is stored with
the graph (``schema:text`` of the witness): ``text[start:end] == exact``.

What the markup says is recorded, not trusted blindly: ``persName/@corresp``
(and ``@ref``, ``@key``) is resolved through the persons list
(``list[@type="persons" or "names"]/item`` with ``persName/@xml:id``, or
``listPerson/person``) to a name and role; ``gloss/@target`` through the list
of terms; ``date/@when`` is kept as written. The extract and relate components
``kg.tei-markup.v1`` and ``kg.tei-metadata.v1`` turn it into mentions and facts
and name themselves as the rule, so the graph says which facts came from markup.

Standards: TEI P5 Guidelines (https://tei-c.org/release/doc/tei-p5-doc/en/html/).
Parsing is safe: lxml with no DTD loading, no entity substitution and no network
access; a file that declares entities (``<!ENTITY``, the vehicle of external-entity
and "billion laughs" attacks) is refused, not expanded.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .errors import InputError
from .model import PARATEXT, WORK_TEXT, Markup, Segment, Source, TextView, WitnessMeta, WorkMeta

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Elements that start a line of their own; those in _BLANK are set off by a blank line.
_BLOCK = {
    "head", "dateline", "p", "item", "list", "opener", "closer", "salute", "signed", "address",
    "addrLine", "postscript", "byline", "docAuthor", "docDate", "ab", "lg", "l", "table", "row",
    "div", "quote", "floatingText", "body", "label", "epigraph", "argument", "trailer", "sp",
    "speaker", "attachment",
}
_BLANK = {"head", "dateline", "p", "list", "opener", "closer", "postscript", "table", "div", "ab",
          "lg", "floatingText", "attachment", "quote", "sp", "trailer", "argument", "epigraph"}
# Not part of the reading text.
_SKIP = {"pb", "fw", "figure", "graphic", "milestone", "anchor", "index", "interp", "gap", "del",
         "teiHeader", "front", "back", "facsimile", "standOff", "cb", "media", "binaryObject"}
# Elements whose spans are not worth recording.
_PLAIN = {"hi", "lb", "emph", "seg", "foreign", "body", "text", "cell"}
_CHOICE = ("corr", "reg", "expan")
_WS = re.compile(r"\s+")
_SUFFIX = re.compile(r"^(?:Jr\.?|Sr\.?|II|III|IV)$")
_NUMBER = re.compile(r"^\d+[A-Za-z]?\.\s+")


def _local(tag) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _attrs(el) -> list[tuple[str, str]]:
    out = []
    for k, v in el.attrib.items():
        name = "xml:id" if k == XML_ID else "xml:lang" if k == XML_LANG else _local(k)
        out.append((name, " ".join(v.split())))
    return out


def _ids(value: str | None) -> list[str]:
    """The local ids a pointer attribute names ("#p_1 #p_2" -> ["p_1", "p_2"])."""
    return [v.split("#", 1)[1] if "#" in v else v for v in (value or "").split() if v]


def person_label(listed: str) -> str:
    """A list-of-persons name in reading order.

    "Dulwich, Arthur J., Jr." -> "Arthur J. Dulwich, Jr."; "Grey, Sir Peter" ->
    "Sir Peter Grey"; a name without a comma stays as it is.
    """
    name = " ".join(listed.split()).strip(" ,")
    parts = [p.strip() for p in name.split(",") if p.strip()]
    if len(parts) < 2:
        return name
    surname, rest = parts[0], parts[1:]
    suffix = [p for p in rest if _SUFFIX.match(p)]
    given = [p for p in rest if not _SUFFIX.match(p)]
    words = " ".join(given).split()
    while words and _SUFFIX.match(words[-1]):   # "Douglas II" -> suffix "II"
        suffix.insert(0, words.pop())
    label = " ".join(words + [surname])
    return f"{label}, {' '.join(suffix)}" if suffix else label


@dataclass(frozen=True)
class Person:
    id: str
    name: str                 # in reading order
    listed: str               # as the list gives it
    role: str | None


@dataclass(frozen=True)
class CorrespAction:
    """One ``correspAction`` of a ``correspDesc``: who sent (or received), where, when.

    Names are as written, or as the persons list gives them when a
    ``persName`` points into it; ``when`` is the ``date``'s ``@when`` as
    written (a range or a bound, ``@from``/``@notBefore``..., is rendered but
    is not a date of the letter).
    """

    type: str                                 # sent, received, transmitted, ...; "" if untyped
    persons: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    when: str | None = None


@dataclass(frozen=True)
class TeiDocument:
    """One document of a TEI file, rendered."""

    id: str | None            # the document's xml:id, if it has one
    title: str
    text: str
    markup: tuple[Markup, ...]
    parts: tuple[tuple[str, int, int], ...]   # (segment kind, start, end), text offsets
    correspondence: tuple[CorrespAction, ...] = ()


@dataclass(frozen=True)
class TeiFile:
    path: str
    sha256: str
    title: str | None
    language: str
    documents: tuple[TeiDocument, ...]


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------

def _parse(path: Path):
    from .load import read_bytes

    where = str(path)
    data = read_bytes(path, where, "TEI")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False, remove_pis=True)
    try:
        tree = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as exc:
        line = f" at line {exc.lineno}" if getattr(exc, "lineno", None) else ""
        msg = str(exc.msg if hasattr(exc, "msg") else exc).split(", line")[0]
        raise InputError(f"not well-formed XML ({msg}{line})", where=where,
                         fix="fix the XML, or give the document as plain text") from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError("XML entity declarations (<!ENTITY ...>) are refused", where=where,
                         fix="write the text out instead; kg never expands entities, loads DTDs "
                         "or reaches the network")
    root = tree.getroot()
    for ref in root.iter(etree.Entity):
        raise InputError(f"the entity reference {ref.text} is not expanded", where=f"{where} line "
                         f"{ref.sourceline}", fix="write the character itself (the file is UTF-8)")
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if _local(root.tag) not in ("TEI", "teiCorpus") or namespace not in (TEI_NS, ""):
        raise InputError(f"not a TEI document (root element <{_local(root.tag)}>)", where=where,
                         fix='give a TEI P5 file whose root is <TEI xmlns="http://www.tei-c.org/ns/1.0">')
    return root, hashlib.sha256(data).hexdigest()


def _children(el, name: str):
    return [c for c in el if _local(c.tag) == name]


def _descendants(el, name: str):
    return [d for d in el.iter() if _local(d.tag) == name]


def _plain(el) -> str:
    """An element's text with notes left out, whitespace collapsed."""
    parts = []

    def walk(e):
        if _local(e.tag) in _SKIP | {"note"}:
            return
        if e.text:
            parts.append(e.text)
        for c in e:
            walk(c)
            if c.tail:
                parts.append(c.tail)

    walk(el)
    return " ".join("".join(parts).split())


def _persons(root) -> dict[str, Person]:
    """Persons lists: FRUS-style list items and TEI listPerson entries."""
    out: dict[str, Person] = {}
    for lst in _descendants(root, "list"):
        if lst.get("type") not in ("persons", "names"):
            continue
        for item in _children(lst, "item"):
            for pn in _descendants(item, "persName"):
                pid = pn.get(XML_ID)
                if not pid:
                    continue
                listed = _plain(pn)
                full = _plain(item)
                role = full[full.find(listed) + len(listed):].lstrip(" ,") if listed in full else ""
                out[pid] = Person(pid, person_label(listed), listed, role or None)
    for person in _descendants(root, "person"):
        pid = person.get(XML_ID)
        names = _children(person, "persName")
        if not pid or not names:
            continue
        listed = _plain(names[0])
        role = next((_plain(r) for tag in ("roleName", "occupation", "note")
                     for r in _descendants(person, tag)), None)
        out.setdefault(pid, Person(pid, person_label(listed), listed, role or None))
    return out


def _terms(root) -> dict[str, str]:
    out: dict[str, str] = {}
    for lst in _descendants(root, "list"):
        if lst.get("type") != "terms":
            continue
        for item in _children(lst, "item"):
            for term in _descendants(item, "term"):
                tid = term.get(XML_ID)
                if tid:
                    full, short = _plain(item), _plain(term)
                    out[tid] = full[full.find(short) + len(short):].lstrip(" ,") if short in full else full
    return out


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------

class _Out:
    """Appends rendered text, collapsing whitespace without ever editing what is written."""

    def __init__(self):
        self.parts: list[str] = []
        self.pos = 0
        self.space = False      # a space is owed before the next word
        self.newlines = 0       # newlines at the end of what is written

    def _emit(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def text(self, s: str) -> None:
        s = _WS.sub(" ", s)
        if not s:
            return
        if s[0] == " ":
            self.space = True
            s = s[1:]
        if not s:
            return
        if self.space and self.pos and not self.newlines:
            self._emit(" ")
        self.space = s.endswith(" ")
        s = s.rstrip(" ")
        self._emit(s)
        self.newlines = 0

    def newline(self, blank: bool = False) -> None:
        self.space = False
        if not self.pos:
            return
        want = 2 if blank else 1
        if self.newlines < want:
            self._emit("\n" * (want - self.newlines))
            self.newlines = want

    def value(self) -> str:
        return "".join(self.parts).rstrip("\n") + "\n"


@dataclass
class _Doc:
    persons: dict[str, Person]
    terms: dict[str, str]
    out: _Out = field(default_factory=_Out)
    markup: list[tuple[str, int, int, list]] = field(default_factory=list)
    parts: list[tuple[str, int, int]] = field(default_factory=list)
    notes: list = field(default_factory=list)
    cited: list[str] = field(default_factory=list)


def _resolved(el, doc: _Doc) -> list[tuple[str, str]]:
    extra = []
    name = _local(el.tag)
    if name == "persName":
        for pid in _ids(el.get("corresp") or el.get("ref") or el.get("key")):
            person = doc.persons.get(pid)
            if person:
                extra += [("name", person.name), ("person", pid)]
                if person.role:
                    extra.append(("role", person.role))
                if pid not in doc.cited:
                    doc.cited.append(pid)
                break
        if not extra and el.get(XML_ID) in doc.persons:        # the persons list's own entry
            person = doc.persons[el.get(XML_ID)]
            extra += [("name", person.name), ("person", person.id)]
    elif name == "gloss":
        for tid in _ids(el.get("target")):
            if tid in doc.terms:
                extra.append(("expansion", doc.terms[tid]))
                break
    return extra


def _walk(el, doc: _Doc, parent: str = "") -> None:
    name = _local(el.tag)
    out = doc.out
    if not name or name in _SKIP:
        return
    if name == "note":
        doc.notes.append(el)
        doc.markup.append(("noteref", out.pos, out.pos, [("n", el.get("n") or str(len(doc.notes)))]))
        return
    if name == "lb":
        out.newline()
        return
    if name == "choice":
        kids = {_local(c.tag): c for c in el}
        chosen = next((kids[k] for k in _CHOICE if k in kids), next(iter(el), None))
        if chosen is not None:
            _walk(chosen, doc, name)
        return
    block = name in _BLOCK
    blank = name in _BLANK and not (name == "head" and parent == "list")
    if name == "cell" and el.getprevious() is not None:
        out.text(" | ")
    if block:
        out.newline(blank)
    start = out.pos
    if el.text:
        out.text(el.text)
    for child in el:
        _walk(child, doc, name)
        if child.tail:
            out.text(child.tail)
    if name not in _PLAIN:
        doc.markup.append((name, start, out.pos, _attrs(el) + _resolved(el, doc)))
    if block:
        out.newline(blank)


def _kind(el, parent: str) -> str:
    """The segment kind of a top-level part of a document."""
    name = _local(el.tag)
    if name == "head":
        return "Heading"
    if name == "dateline" or name == "docDate":
        return "DateLine"
    if name == "list" and el.get("type") == "subject":
        return "SubjectLine"
    if name in ("salute",):
        return "Salutation" if parent == "opener" else "Closing"
    if name == "signed":
        return "Signature"
    if name in ("address", "addrLine") and parent == "opener":
        return "AddresseeLine"
    if name in ("byline", "docAuthor"):
        return "SenderLine"
    if parent == "closer":
        return "Closing"
    return "Body"


def _render(div, doc: _Doc) -> None:
    """Render the document's parts, then its notes, into ``doc``."""
    out = doc.out
    if div.text and div.text.strip():
        start = out.pos
        out.text(div.text)
        doc.parts.append(("Body", start, out.pos))
    for child in div:
        name = _local(child.tag)
        if name in ("opener", "closer"):
            out.newline(True)
            cstart = out.pos
            loose = "Closing" if name == "closer" else "Body"
            if child.text and child.text.strip():      # "Sincerely," written in the closer
                start = out.pos
                out.text(child.text)
                doc.parts.append((loose, start, out.pos))
            for sub in child:
                start = out.pos
                _walk(sub, doc, name)
                if _local(sub.tag) not in _SKIP | {"note"}:
                    doc.parts.append((_kind(sub, name), start, out.pos))
                if sub.tail and sub.tail.strip():
                    start = out.pos
                    out.text(sub.tail)
                    doc.parts.append((loose, start, out.pos))
            doc.markup.append((name, cstart, out.pos, _attrs(child)))
            out.newline(True)
        else:
            start = out.pos
            _walk(child, doc, "div")
            if name not in _SKIP | {"note"}:
                doc.parts.append((_kind(child, ""), start, out.pos))
        if child.tail and child.tail.strip():
            start = out.pos
            out.text(child.tail)
            doc.parts.append(("Body", start, out.pos))
    if not doc.notes:
        return
    # Notes, kept apart at the end, numbered as in the file.
    out.newline(True)
    start = out.pos
    out.text("Notes")
    doc.parts.append(("EditorialNote", start, out.pos))
    done = 0
    while done < len(doc.notes):          # a note may itself hold notes
        note = doc.notes[done]
        done += 1
        out.newline(True)
        nstart = out.pos
        out.text(f"[{note.get('n') or done}] ")
        body_start = out.pos
        if note.text:
            out.text(note.text)
        for child in note:
            _walk(child, doc, "note")
            if child.tail:
                out.text(child.tail)
        doc.markup.append(("note", body_start, out.pos, _attrs(note)))
        doc.parts.append(("EditorialNote", nstart, out.pos))


def _persons_section(doc: _Doc, persons_root) -> None:
    out = doc.out
    entries = [doc.persons[p] for p in doc.cited if p in doc.persons]
    if not entries:
        return
    out.newline(True)
    start = out.pos
    out.text("Persons")
    doc.parts.append(("EditorialNote", start, out.pos))
    for person in entries:
        out.newline()
        estart = out.pos
        item = persons_root.get(person.id)
        if item is not None:
            _walk(item, doc, "list")
        else:
            out.text(person.listed + (f", {person.role}" if person.role else ""))
        attrs = [("person", person.id), ("name", person.name)]
        if person.role:
            attrs.append(("role", person.role))
        doc.markup.append(("persons-entry", estart, out.pos, attrs))
        doc.parts.append(("EditorialNote", estart, out.pos))


_ACTION_LABELS = {"sent": "Sent", "received": "Received", "transmitted": "Transmitted",
                  "redirected": "Redirected", "forwarded": "Forwarded"}


def _date_words(date) -> str:
    """What an empty ``date`` says through its attributes: a day, a range or a bound."""
    when = date.get("when")
    if when:
        return when
    low = date.get("from") or date.get("notBefore")
    high = date.get("to") or date.get("notAfter")
    if low and high:
        return f"{low} to {high}"
    if low or high:
        return f"not before {low}" if low else f"not after {high}"
    return "undated"


def _corresp_descs(div) -> list:
    """The ``correspDesc`` elements of the TEI header that describe the document *div*.

    The header of the innermost ``TEI`` holding the document; when that TEI
    holds several documents, only a ``correspDesc`` whose ``@corresp`` or
    ``@ref`` names the document's ``xml:id``.
    """
    tei = next((a for a in div.iterancestors() if _local(a.tag) == "TEI"), None)
    if tei is None:
        return []
    descs = [d for h in _children(tei, "teiHeader") for d in _descendants(h, "correspDesc")]
    documents = [d for d in tei.iter() if _local(d.tag) == "div" and d.get("type") == "document"]
    if len(documents) > 1:
        descs = [d for d in descs if div.get(XML_ID)
                 and div.get(XML_ID) in _ids(f"{d.get('corresp') or ''} {d.get('ref') or ''}")]
    return descs


def _correspondence(descs, doc: _Doc) -> tuple[CorrespAction, ...]:
    """Render each ``correspAction`` as a line under ``Correspondence``; return them as data."""
    actions = [a for d in descs for a in _children(d, "correspAction")]
    if not actions:
        return ()
    out = doc.out
    out.newline(True)
    start = out.pos
    out.text("Correspondence")
    doc.parts.append(("EditorialNote", start, out.pos))
    result = []
    for action in actions:
        # An action without @type says neither who sent nor who received: no label, no role.
        kind = action.get("type") or ""
        out.newline()
        lstart = out.pos
        if kind:
            out.text(_ACTION_LABELS.get(kind, kind[:1].upper() + kind[1:]) + ": ")
        found: dict[str, list[str]] = {"persName": [], "orgName": [], "placeName": []}
        when = None
        first = True
        for child in action:
            name = _local(child.tag)
            if name not in ("persName", "orgName", "placeName", "date", "name", "rs"):
                continue
            if not first:
                out.text(", ")
            first = False
            if name == "date" and not _plain(child):
                # CMIF-style dates are empty elements: show the date the attributes give.
                dstart = out.pos
                out.text(_date_words(child))
                doc.markup.append(("date", dstart, out.pos, _attrs(child)))
            else:
                before = len(doc.markup)
                _walk(child, doc, "correspAction")
                if name in found:
                    mine = doc.markup[before:]
                    resolved = next((dict(m[3]).get("name") for m in mine if m[0] == name), None)
                    found[name].append(resolved or _plain(child))
            if name == "date":
                when = when or child.get("when")
        doc.markup.append(("correspAction", lstart, out.pos, _attrs(action)))
        doc.parts.append(("EditorialNote", lstart, out.pos))
        result.append(CorrespAction(kind, tuple(found["persName"]), tuple(found["orgName"]),
                                    tuple(found["placeName"]), when))
    return tuple(result)


def _finish(div, doc: _Doc, correspondence: tuple[CorrespAction, ...] = ()) -> TeiDocument:
    text = doc.out.value()

    def trim(s: int, e: int) -> tuple[int, int]:
        e = min(e, len(text))
        while s < e and text[s] in " \n":
            s += 1
        while e > s and text[e - 1] in " \n":
            e -= 1
        return s, e

    markup = []
    for name, s, e, attrs in doc.markup:
        s, e = (s, s) if name == "noteref" else trim(s, e)
        if e > s or name == "noteref":
            markup.append(Markup(name, s, e, tuple(attrs)))
    markup.sort(key=lambda m: (m.start, -m.end, m.element))
    parts: list[tuple[str, int, int]] = []
    for kind, s, e in sorted(doc.parts, key=lambda p: (p[1], p[2])):
        s, e = trim(s, e)
        if e <= s:
            continue
        if parts and parts[-1][0] == kind and kind in ("Body", "EditorialNote") \
                and not text[parts[-1][2]:s].strip():
            parts[-1] = (kind, parts[-1][1], e)
        else:
            parts.append((kind, s, e))
    head = next((m for m in markup if m.element == "head"), None)
    title = _NUMBER.sub("", text[head.start:head.end]) if head else ""
    return TeiDocument(div.get(XML_ID), " ".join(title.split()), text, tuple(markup), tuple(parts),
                       correspondence)


def _document_divs(root):
    divs = [d for d in root.iter() if _local(d.tag) == "div" and d.get("type") == "document"]
    if divs:
        return divs
    bodies = [b for b in root.iter() if _local(b.tag) == "body"]
    if not bodies:
        raise InputError("TEI file has no <body>", fix="put the document's text in <text><body>")
    return bodies[:1]


def read_tei(path: str | Path, *, persons_section: bool = True,
             correspondence_section: bool = True) -> TeiFile:
    """Parse and render every document of the TEI file at *path*.

    With ``persons_section`` and ``correspondence_section`` false the
    rendering stops after the notes (used to score extraction on the
    document's own text only); :attr:`TeiDocument.correspondence` is filled
    either way.

    Raises:
        InputError: the file is missing, not well-formed, declares entities,
            is not TEI, or has no text.
    """
    path = Path(path)
    root, digest = _parse(path)
    persons = _persons(root)
    terms = _terms(root)
    items = {}
    for lst in _descendants(root, "list"):
        if lst.get("type") in ("persons", "names"):
            for item in _children(lst, "item"):
                for pn in _descendants(item, "persName"):
                    if pn.get(XML_ID):
                        items[pn.get(XML_ID)] = item
    docs = []
    for div in _document_divs(root):
        doc = _Doc(persons, terms)
        _render(div, doc)
        descs = _corresp_descs(div)
        if correspondence_section:
            correspondence = _correspondence(descs, doc)
        else:
            correspondence = _correspondence(descs, _Doc(persons, terms))
        if persons_section:
            _persons_section(doc, items)
        rendered = _finish(div, doc, correspondence)
        if not rendered.text.strip():
            raise InputError("TEI document has no text", where=str(path),
                             fix="check that the text is inside <text><body>")
        docs.append(rendered)
    titles = [t for t in root.iter() if _local(t.tag) == "title"
              and any(_local(a.tag) == "titleStmt" for a in t.iterancestors())]
    lang = root.get(XML_LANG) or next((t.get(XML_LANG) for t in root.iter()
                                       if _local(t.tag) == "text" and t.get(XML_LANG)), None)
    return TeiFile(str(path), digest, _plain(titles[0]) if titles else None, lang or "en",
                   tuple(docs))


# ---------------------------------------------------------------------------
# Into the load stage
# ---------------------------------------------------------------------------

def to_sources(tei: TeiFile, taken: set[str]) -> list[tuple[WorkMeta, Source]]:
    """One work and one witness per document of *tei*, with ids unique in *taken*."""
    from .load import normalise, slugify
    from .segment import PARATEXT_KINDS

    path = Path(tei.path)
    out = []
    for doc in tei.documents:
        stem = path.stem if len(tei.documents) == 1 or not doc.id else f"{path.stem}-{doc.id}"
        base = slugify(stem, "document")
        ident, n = base, 2
        while ident in taken:
            ident, n = f"{base}-{n}", n + 1
        taken.add(ident)
        title = doc.title or tei.title or path.stem
        if len(title) > 120:
            title = title[:117].rstrip() + "..."
        view: TextView = normalise(doc.text)
        where = f" (document {doc.id})" if doc.id else ""
        note = (f"Plain-text rendering of the TEI file {path.name}{where}; the XML's SHA-256 is "
                f"{tei.sha256}.")
        meta = WitnessMeta(id=ident, file=path.name, kind="edition", title=title,
                           language=tei.language, work=ident, note=note)
        layout = []
        for kind, s, e in doc.parts:
            ns, ne = view.norm_span(s, e)
            if ne > ns:
                layer = PARATEXT if kind in PARATEXT_KINDS else WORK_TEXT
                layout.append(Segment(ident, kind, layer, ns, ne))
        sha = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
        source = Source(meta=meta, path=str(path), view=view, sha256=sha, format="tei",
                        markup=doc.markup, layout=tuple(layout))
        out.append((WorkMeta(id=ident, title=title, language=tei.language), source))
    return out


def load_tei(path: str | Path, taken: set[str]) -> list[tuple[WorkMeta, Source]]:
    """Read the TEI file at *path* into works and witnesses (see :func:`read_tei`)."""
    return to_sources(read_tei(path), taken)
