"""Evaluate stage: measure kg's extraction against gold annotations.

``evaluate(paths, options, match)`` reads gold files, runs kg on each gold
document's plain text with any markup ignored, and returns an
:class:`Evaluation`: precision, recall and F1 per entity type (person,
organization, state, place, date) and for document metadata (author,
addressees, date), with every miss and false alarm listed.

Gold comes in two forms (see the README, *Measuring extraction*):

- a **TEI file** (``.xml``): the editors' markup is the gold. ``persName`` is
  a person, ``orgName`` an organization, ``placeName`` a place (a state when
  its ``@type`` is ``country``, ``state`` or ``nation``), ``date`` a date,
  ``rs``/``name`` with such a ``@type`` likewise. The metadata gold is the
  heading's ``@type="from"`` elements plus the names in ``closer/signed``
  (authors), its ``@type="to"`` elements (addressees) and the first
  ``date/@when`` in the ``dateline``, and a header's ``correspDesc``
  (``sent``: authors and, failing a dateline, the date; ``received``:
  addressees). kg reads the rendering of :mod:`kg.tei` without the persons
  list and the correspondence lines, and without the markup.
- a **JSON annotation file** (``.json``) naming a text (plain text or TEI) and
  listing spans by offsets or by their words, and optionally the metadata.
- a **CSV annotation file** (``.csv``, RFC 4180 with a header row): the same
  spans, one row each (``document,type,start,end,text,entity``), for any
  number of documents, and metadata rows typed ``author``, ``addressee`` or
  ``dated``. A malformed row is reported with its line number.

Matching (``match``): ``exact`` counts a span found when kg has a mention of
the same type with the same start and end; ``overlap`` when a mention of the
same type overlaps it (one to one, largest overlap first); ``entity`` counts
entities per document: the gold spans of one persons-list id (or of the same
words) are one entity, kg's mentions resolved to one entity are one, and two
match when any of their spans overlap. Metadata names match when the family
names agree (people, after dropping titles and honorifics from the lexicon,
with given names or initials not contradicting), or when one body's name is
contained in the other's (``Ministry of Trade`` in ``Federal Ministry of
Trade``); dates when equal. kg's authors are its
``schema:author`` and ``schema:sourceOrganization`` facts about the work.
A type that the gold never annotates in any of the documents is not scored
(an edition may tag no organizations): kg's mentions of it are only counted.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from .errors import InputError
from .load import normalise, read_text
from .model import Corpus, Markup, Ref, Source, WitnessMeta, WorkMeta
from .pipeline import Options, Rules, analyse

TYPES = ("person", "organization", "state", "place", "date")
FIELDS = ("author", "addressees", "date")
MATCHES = ("exact", "overlap", "entity")
_MARKUP_TYPES = {"persName": "person", "orgName": "organization", "placeName": "place",
                 "date": "date"}
_TYPE_WORDS = {"person": "person", "org": "organization", "organization": "organization",
               "place": "place", "country": "state", "state": "state", "nation": "state"}
_AUTHOR_PREDICATES = ("schema:author", "schema:sourceOrganization")


@dataclass(frozen=True)
class Annotation:
    """A typed span of one gold document, in the gold or in kg's output."""

    document: str
    kind: str
    start: int
    end: int
    text: str
    key: str = ""        # what it names: a persons-list id, kg's entity, or the words


@dataclass(frozen=True)
class MetaItem:
    document: str
    field: str           # author, addressees or date
    value: str           # a name or an ISO date
    kind: str = ""       # person / organization for names


@dataclass(frozen=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """2TP / (2TP + FP + FN): 0 when kg found nothing of a gold that has something."""
        n = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / n if n else None

    def __add__(self, other: "Score") -> "Score":
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True)
class Evaluation:
    match: str
    documents: tuple[str, ...]
    types: dict[str, Score]
    metadata: dict[str, Score]
    misses: tuple[Annotation, ...]
    false_alarms: tuple[Annotation, ...]
    metadata_misses: tuple[MetaItem, ...]
    metadata_false_alarms: tuple[MetaItem, ...]
    unscored: dict[str, int]        # kg's mentions of types the gold never annotates

    def to_dict(self) -> dict:
        def num(x: float | None) -> float | None:
            return None if x is None else round(x, 6)

        def score(s: Score) -> dict:
            return {"gold": s.tp + s.fn, "kg": s.tp + s.fp, "correct": s.tp,
                    "precision": num(s.precision), "recall": num(s.recall), "f1": num(s.f1)}

        return {
            "match": self.match,
            "documents": list(self.documents),
            "types": {k: score(v) for k, v in self.types.items()},
            "metadata": {k: score(v) for k, v in self.metadata.items()},
            "misses": [asdict(a) for a in self.misses],
            "false_alarms": [asdict(a) for a in self.false_alarms],
            "metadata_misses": [asdict(a) for a in self.metadata_misses],
            "metadata_false_alarms": [asdict(a) for a in self.metadata_false_alarms],
            "unscored": dict(self.unscored),
        }


@dataclass
class GoldDocument:
    id: str
    source: Source                      # the text kg reads, markup removed
    spans: list[Annotation]
    metadata: dict[str, list[MetaItem]] | None = None
    where: str = ""
    xml_id: str = ""                    # the TEI document's xml:id, if any


# ---------------------------------------------------------------------------
# Reading gold
# ---------------------------------------------------------------------------

def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def _plain_source(ident: str, path: Path, text: str, sha: str) -> Source:
    meta = WitnessMeta(id=ident, file=path.name, kind="document", title=ident, language="en",
                       work=ident)
    return Source(meta=meta, path=str(path), view=normalise(text), sha256=sha)


def _inside(m: Markup, outer: Markup) -> bool:
    return outer.start <= m.start and m.end <= outer.end


def _markup_gold(doc_id: str, text: str, markup: tuple[Markup, ...], correspondence=()):
    spans = []
    for m in markup:
        kind = _MARKUP_TYPES.get(m.element)
        if m.element == "placeName" and m.attr("type") in _TYPE_WORDS:
            kind = _TYPE_WORDS[m.attr("type")]
        if m.element in ("rs", "name"):
            kind = _TYPE_WORDS.get(m.attr("type") or "")
        if kind is None:
            continue
        words = text[m.start:m.end]
        key = (m.attr("person") or _key(words)) if kind == "person" else \
            ((m.attr("when") or "")[:10] or _key(words)) if kind == "date" else _key(words)
        spans.append(Annotation(doc_id, kind, m.start, m.end, words, f"{kind}:{key}"))
    heads = [m for m in markup if m.element == "head"][:1]
    meta: dict[str, list[MetaItem]] = {f: [] for f in FIELDS}
    for m in markup:
        if heads and _inside(m, heads[0]) and m.attr("type") in ("from", "to") and m is not heads[0]:
            field_ = "author" if m.attr("type") == "from" else "addressees"
            kind = "person" if m.element == "persName" else "organization"
            name = m.attr("name") or " ".join(text[m.start:m.end].split())
            meta[field_].append(MetaItem(doc_id, field_, name, kind))
    for signed in (m for m in markup if m.element == "signed"):
        names = [m for m in markup if m.element == "persName" and _inside(m, signed)]
        for m in names or [signed]:
            name = m.attr("name") or " ".join(text[m.start:m.end].split())
            if not any(i.kind == "person" and _same_person(i.value, name, ()) for i in meta["author"]):
                meta["author"].append(MetaItem(doc_id, "author", name, "person"))
    # A letters edition's correspDesc: the editors' statement of sender, addressee and date.
    for action in correspondence:
        if action.type not in ("sent", "received"):
            continue
        field_ = "author" if action.type == "sent" else "addressees"
        for kind, names in (("person", action.persons), ("organization", action.organizations)):
            for name in names:
                if not any(i.kind == kind and (_same_person(i.value, name, ()) if kind == "person"
                                               else _same_body(i.value, name))
                           for i in meta[field_]):
                    meta[field_].append(MetaItem(doc_id, field_, name, kind))
    dates = [m.attr("when") for dateline in [m for m in markup if m.element == "dateline"][:1]
             for m in markup if m.element == "date" and _inside(m, dateline)]
    dates += [a.when for a in correspondence if a.type == "sent"]
    when = next((d for d in dates if re.match(r"^\d{4}-\d{2}-\d{2}", d or "")), None)
    if when:
        meta["date"].append(MetaItem(doc_id, "date", when[:10]))
    return spans, meta


def _tei_gold(path: Path, taken: set[str]) -> list[GoldDocument]:
    from .tei import read_tei, to_sources

    tei = read_tei(path, persons_section=False, correspondence_section=False)
    out = []
    for doc, (_, source) in zip(tei.documents, to_sources(tei, taken)):
        spans, meta = _markup_gold(source.id, source.text, source.markup, doc.correspondence)
        plain = replace(source, markup=(), layout=(), format="text")
        out.append(GoldDocument(source.id, plain, spans, meta, str(path), doc.id or ""))
    return out


def _json_gold(path: Path, taken: set[str]) -> list[GoldDocument]:
    where = str(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("gold file not found", where=where) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not valid JSON ({exc})", where=where) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
        raise InputError('missing "text": the file the annotations are about', where=where,
                         fix='e.g. {"text": "memo.txt", "annotations": [...]}')
    unknown = set(doc) - {"text", "document", "markup", "annotations", "metadata", "note"}
    if unknown:
        raise InputError(f"unknown key {sorted(unknown)[0]!r}", where=where,
                         fix="keys are text, document, markup, annotations, metadata, note")
    annotations = doc.get("annotations", [])
    if not isinstance(annotations, list):
        raise InputError('"annotations" must be a list', where=where)
    meta = None
    if "metadata" in doc:
        md = doc["metadata"]
        if not isinstance(md, dict) or set(md) - set(FIELDS):
            raise InputError("metadata must be an object with author, addressees, date",
                             where=where)
        meta = {f: [] for f in FIELDS}
        for f in ("author", "addressees"):
            for item in md.get(f, []):
                name, kind = (item, "person") if isinstance(item, str) else \
                    (item.get("name"), item.get("type", "person"))
                meta[f].append((name, kind))
        if md.get("date"):
            meta["date"].append((md["date"], ""))
    return _annotated_gold(path, doc["text"], doc.get("document"), doc.get("markup", True),
                           [(a, f"{where} annotation #{n}") for n, a in enumerate(annotations, 1)],
                           meta, taken)


# The CSV gold's columns: the first three are required; a metadata row has one
# of _CSV_META's types instead of a span's.
_CSV_COLUMNS = ("document", "type", "text", "start", "end", "entity", "kind")
_CSV_META = {"author": "author", "addressee": "addressees", "dated": "date"}


def _csv_gold(path: Path, taken: set[str]) -> list[GoldDocument]:
    """Read a CSV gold file: one row per span or metadata item, any number of documents."""
    where = str(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("gold file not found", where=where) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", where=where,
                         fix="save the CSV as UTF-8") from None
    reader = csv.reader(io.StringIO(raw, newline=""), strict=True)
    docs: dict[str, dict] = {}
    try:
        header = next(reader, None)
        if header is None:
            raise InputError("empty CSV: no header row", where=f"{where} line 1",
                             fix="start with: " + ",".join(_CSV_COLUMNS[:5]))
        header = [h.strip().lower() for h in header]
        at = f"{where} line 1"
        unknown = [h for h in header if h not in _CSV_COLUMNS]
        if unknown:
            raise InputError(f"unknown column {unknown[0]!r}", where=at,
                             fix=f"columns are {', '.join(_CSV_COLUMNS)}")
        missing = [c for c in _CSV_COLUMNS[:3] if c not in header]
        if missing or len(set(header)) != len(header):
            raise InputError(f"missing column {missing[0]!r}" if missing else "a column is repeated",
                             where=at, fix="the header needs document, type and text, once each")
        for row in reader:
            at = f"{where} line {reader.line_num}"
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise InputError(f"{len(row)} fields where the header has {len(header)}", where=at,
                                 fix='quote a field that holds a comma: "Hammer, Armand"')
            cells = dict(zip(header, row))
            name = cells["document"].strip()
            if not name:
                raise InputError("no document named", where=at,
                                 fix="the document column names the text file, relative to the CSV")
            doc = docs.setdefault(name, {"annotations": [], "metadata": None})
            kind = cells["type"].strip()
            if kind in _CSV_META:
                if cells.get("start", "").strip() or cells.get("end", "").strip():
                    raise InputError(f"a {kind} row has no offsets", where=at,
                                     fix="leave start and end empty")
                value = cells["text"].strip()
                if not value:
                    raise InputError(f"a {kind} row needs its value in the text column", where=at)
                if kind == "dated" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                    raise InputError(f"date {value!r} is not YYYY-MM-DD", where=at)
                owner = cells.get("kind", "").strip() or ("" if kind == "dated" else "person")
                if kind != "dated" and owner not in ("person", "organization"):
                    raise InputError(f"kind {owner!r} of a {kind}", where=at,
                                     fix="person or organization")
                if doc["metadata"] is None:
                    doc["metadata"] = {f: [] for f in FIELDS}
                doc["metadata"][_CSV_META[kind]].append((value, owner))
                continue
            item: dict = {"type": kind}
            for col in ("start", "end"):
                cell = cells.get(col, "").strip()
                if cell:
                    if not re.fullmatch(r"\d+", cell):
                        raise InputError(f"{col} {cell!r} is not a number", where=at,
                                         fix="a 0-based character offset, or empty")
                    item[col] = int(cell)
            if cells["text"].strip():
                item["text"] = cells["text"].strip()
            if cells.get("entity", "").strip():
                item["entity"] = cells["entity"].strip()
            doc["annotations"].append((item, at))
    except csv.Error as exc:
        raise InputError(f"not valid CSV ({exc})", where=f"{where} line {reader.line_num}",
                         fix="close every quoted field") from None
    if not docs:
        raise InputError("no rows under the header", where=where)
    out = []
    for name, doc in docs.items():
        text, _, ident = name.partition("#")
        out += _annotated_gold(path, text, ident or None, True, doc["annotations"],
                               doc["metadata"], taken)
    return out


def _annotated_gold(path: Path, text_name: str, document: str | None, markup: bool,
                    annotations: list[tuple[object, str]],
                    metadata: dict[str, list[tuple[str, str]]] | None,
                    taken: set[str]) -> list[GoldDocument]:
    """One gold document from an annotation file: the text it names plus its spans.

    *annotations* pairs each annotation (a dict as in the JSON format) with
    where it was written, for errors; *metadata* maps each field to (value, kind).
    """
    where = str(path)
    target = path.parent / text_name
    if target.suffix.lower() == ".xml":
        gold = _tei_gold(target, taken)
        if document:
            gold = [g for g in gold if g.xml_id == document or g.id.endswith(document)]
        if len(gold) != 1:
            raise InputError(f"{text_name} holds {len(gold)} documents matching", where=where,
                             fix='name one with "document": "<xml:id>"')
        g = gold[0]
        if not markup:
            g.spans, g.metadata = [], None
    else:
        text, sha = read_text(target, str(target))
        base = re.sub(r"[^a-z0-9]+", "-", target.stem.lower()).strip("-") or "document"
        ident, n = base, 2
        while ident in taken:
            ident, n = f"{base}-{n}", n + 1
        taken.add(ident)
        g = GoldDocument(ident, _plain_source(ident, target, text, sha), [], None, where)
    text = g.source.text
    # Offsets first, then words, longest first: "Carlo" does not re-mark "Carlo Ferri".
    order = sorted(range(len(annotations)), key=lambda i: (
        not isinstance(annotations[i][0], dict) or "start" not in annotations[i][0],
        -len(str(annotations[i][0].get("text", ""))) if isinstance(annotations[i][0], dict)
        else 0, i))
    for n in order:
        a, at = annotations[n]
        if not isinstance(a, dict) or a.get("type") not in TYPES:
            kind = a.get("type") if isinstance(a, dict) else None
            raise InputError(f"unknown type {kind!r}" if kind else "annotation needs a type",
                             where=at, fix=f"one of {', '.join(TYPES)}")
        words = a.get("text")
        if "start" in a or "end" in a:
            s, e = a.get("start"), a.get("end")
            if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
                raise InputError(f"offsets {s}-{e} are not a span of the text", where=at,
                                 fix=f"0 <= start < end <= {len(text)}")
            if words is not None and text[s:e] != words:
                raise InputError(f"text[{s}:{e}] is {text[s:e]!r}, not {words!r}", where=at,
                                 fix="fix the offsets or the words")
            found = [(s, e)]
        elif isinstance(words, str) and words.strip():
            found = [(m.start(), m.end()) for m in
                     re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", text)]
            if not found:
                raise InputError(f"{words!r} does not occur in the text", where=at)
        else:
            raise InputError('annotation needs "start" and "end", or "text"', where=at)
        key = a.get("entity") or _key(a.get("name") or words or text[found[0][0]:found[0][1]])
        for s, e in found:
            if not any(x.start < e and s < x.end and x.kind == a["type"] for x in g.spans):
                g.spans.append(Annotation(g.id, a["type"], s, e, text[s:e], f"{a['type']}:{key}"))
    if metadata is not None:
        g.metadata = {f: [MetaItem(g.id, f, value, kind) for value, kind in metadata.get(f, [])]
                      for f in FIELDS}
    g.where = where
    return [g]


_READERS = {".xml": _tei_gold, ".json": _json_gold, ".csv": _csv_gold}


def read_gold(paths: list[str | Path]) -> list[GoldDocument]:
    """Read gold files (TEI ``.xml``, annotation ``.json`` or ``.csv``) and folders of them."""
    if not paths:
        raise InputError("no gold files given", fix="name TEI, JSON or CSV gold files, or a folder")
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in _READERS)
            if not found:
                raise InputError("folder has no .xml, .json or .csv gold files", where=str(path))
            files.extend(found)
        elif not path.exists():
            raise InputError("gold file not found", where=str(path), fix="check the path")
        elif path.suffix.lower() not in _READERS:
            raise InputError("gold must be a TEI .xml or an annotation .json or .csv file",
                             where=str(path))
        else:
            files.append(path)
    taken: set[str] = set()
    gold = []
    for f in files:
        gold.extend(_READERS[f.suffix.lower()](f, taken))
    return gold


# ---------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------

def _overlap(a: Annotation, b: Annotation) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def _match_spans(gold: list[Annotation], found: list[Annotation], how: str):
    """Return (matched gold, matched found) for one document and type."""
    if how == "exact":
        by_span = {(f.start, f.end): f for f in found}
        pairs = [(g, by_span[(g.start, g.end)]) for g in gold if (g.start, g.end) in by_span]
    elif how == "overlap":
        cands = sorted(((g, f) for g in gold for f in found if _overlap(g, f) > 0),
                       key=lambda p: (-_overlap(*p), p[0].start, p[1].start))
        pairs, used_g, used_f = [], set(), set()
        for g, f in cands:
            if id(g) not in used_g and id(f) not in used_f:
                pairs.append((g, f))
                used_g.add(id(g))
                used_f.add(id(f))
    else:
        raise ValueError(how)
    return pairs


def _group(items: list[Annotation]) -> dict[str, list[Annotation]]:
    out: dict[str, list[Annotation]] = {}
    for a in items:
        out.setdefault(a.key, []).append(a)
    return out


def _match_entities(gold: list[Annotation], found: list[Annotation]):
    g_ents, f_ents = _group(gold), _group(found)
    cands = []
    for gk, gs in g_ents.items():
        for fk, fs in f_ents.items():
            weight = sum(1 for g in gs for f in fs if _overlap(g, f) > 0)
            if weight:
                cands.append((-weight, gs[0].start, fs[0].start, gk, fk))
    matched_g, matched_f = set(), set()
    for _, _, _, gk, fk in sorted(cands):
        if gk not in matched_g and fk not in matched_f:
            matched_g.add(gk)
            matched_f.add(fk)
    misses = [g_ents[k][0] for k in g_ents if k not in matched_g]
    alarms = [f_ents[k][0] for k in f_ents if k not in matched_f]
    return Score(len(matched_g), len(alarms), len(misses)), misses, alarms


_TOKEN = re.compile(r"[A-Za-z\u00C0-\u024F]+\.?|\d+")


def _words(name: str, titles: tuple[str, ...]) -> list[str]:
    words = [w.lower() for w in _TOKEN.findall(name)]
    drop = {t.lower() for t in titles}
    while len(words) > 1 and (words[0] in drop or words[0].rstrip(".") in drop):
        words.pop(0)
    while len(words) > 1 and words[-1].rstrip(".") in ("jr", "sr", "ii", "iii", "iv"):
        words.pop()
    return words


def _initials_only(words: list[str]) -> bool:
    return len(words) > 1 and all(w.endswith(".") and len(w) <= 4 for w in words)


def _same_person(a: str, b: str, titles: tuple[str, ...]) -> bool:
    wa, wb = _words(a, titles), _words(b, titles)
    # A signature of initials ("H. S.", "McG. B.") against a full name: the initials agree.
    for x, y in ((wa, wb), (wb, wa)):
        if _initials_only(x) and not _initials_only(y):
            return len(x) == len(y) and all(w[0] == v[0] for w, v in zip(x, y))
    if not wa or not wb or wa[-1].rstrip(".") != wb[-1].rstrip("."):
        return False
    if len(wa) > 1 and len(wb) > 1:
        return wa[0][0] == wb[0][0]
    return True


def _same_body(a: str, b: str) -> bool:
    wa, wb = _key(a).split(), _key(b).split()
    wa = wa[1:] if wa[:1] == ["the"] else wa
    wb = wb[1:] if wb[:1] == ["the"] else wb
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return bool(short) and any(long_[i:i + len(short)] == short
                               for i in range(len(long_) - len(short) + 1))


def _match_meta(gold: list[MetaItem], found: list[tuple[MetaItem, tuple[str, ...]]],
                titles: tuple[str, ...]):
    used: set[int] = set()
    misses = []
    for g in gold:
        hit = None
        for i, (f, names) in enumerate(found):
            if i in used:
                continue
            if g.field == "date":
                ok = f.value == g.value
            elif g.kind == "person":
                ok = f.kind == "person" and any(_same_person(g.value, n, titles) for n in names)
            else:
                ok = f.kind in ("organization", "state") and any(_same_body(g.value, n)
                                                                 for n in names)
            if ok:
                hit = i
                break
        if hit is None:
            misses.append(g)
        else:
            used.add(hit)
    alarms = [f for i, (f, _) in enumerate(found) if i not in used]
    return Score(len(gold) - len(misses), len(alarms), len(misses)), misses, alarms


# ---------------------------------------------------------------------------
# The evaluation
# ---------------------------------------------------------------------------

def _predictions(g: GoldDocument, rules: Rules):
    src = g.source
    corpus = Corpus(works=(WorkMeta(id=src.meta.work, title=src.meta.title),), sources=(src,))
    rel = analyse(corpus, rules)
    spans = []
    for m in rel.mentions[src.id]:
        if m.kind not in TYPES:
            continue
        s, e = src.view.orig(m.nstart, m.nend)
        spans.append(Annotation(g.id, m.kind, s, e, src.text[s:e], f"{m.kind}:{rel.refs[m]}"))
    work = Ref("work", src.meta.work)
    meta: dict[str, list[tuple[MetaItem, tuple[str, ...]]]] = {f: [] for f in FIELDS}
    seen = set()
    for f in rel.facts:
        if f.subject != work:
            continue
        if f.predicate in _AUTHOR_PREDICATES or f.predicate == "schema:recipient":
            field_ = "addressees" if f.predicate == "schema:recipient" else "author"
            if (field_, f.object) in seen:
                continue
            seen.add((field_, f.object))
            ent = rel.entities[f.object]
            names = (ent.label, *sorted(ent.aliases))
            meta[field_].append((MetaItem(g.id, field_, ent.label, f.object.kind), names))
        elif f.predicate == "schema:dateCreated" and ("date", f.object) not in seen:
            seen.add(("date", f.object))
            meta["date"].append((MetaItem(g.id, "date", f.object.isoformat()), ()))
    return spans, meta


def evaluate(paths: list[str | Path], options: Options = Options(),
             match: str = "exact") -> Evaluation:
    """Score kg's extraction against the gold files at *paths* (see module docstring).

    Raises:
        InputError: a gold file is missing or malformed.
        ConfigError: a rule file is.
    """
    if match not in MATCHES:
        raise InputError(f"unknown matching {match!r}", fix=f"use one of {', '.join(MATCHES)}")
    rules = Rules.load(options)
    gold = read_gold(paths)
    titles = tuple(rules.lexicon.honorifics) + tuple(rules.lexicon.roles)
    types = {t: Score() for t in TYPES}
    metadata = {f: Score() for f in FIELDS}
    misses, alarms, mmisses, malarms = [], [], [], []
    for g in gold:
        found, found_meta = _predictions(g, rules)
        for t in TYPES:
            gs = sorted((a for a in g.spans if a.kind == t), key=lambda a: (a.start, a.end))
            fs = sorted((a for a in found if a.kind == t), key=lambda a: (a.start, a.end))
            if match == "entity":
                score, miss, alarm = _match_entities(gs, fs)
            else:
                pairs = _match_spans(gs, fs, match)
                hit_g = {id(p[0]) for p in pairs}
                hit_f = {id(p[1]) for p in pairs}
                miss = [a for a in gs if id(a) not in hit_g]
                alarm = [a for a in fs if id(a) not in hit_f]
                score = Score(len(pairs), len(alarm), len(miss))
            types[t] = types[t] + score
            misses += miss
            alarms += alarm
        if g.metadata is not None:
            for f in FIELDS:
                score, miss, alarm = _match_meta(g.metadata[f], found_meta[f], titles)
                metadata[f] = metadata[f] + score
                mmisses += miss
                malarms += alarm

    def order(a):
        return (a.document, a.start, a.end, a.kind)

    # A type the gold never annotates is not scored: kg's mentions of it are
    # counted apart, not called false alarms.
    annotated = {a.kind for g in gold for a in g.spans}
    unscored = {t: types[t].fp for t in TYPES if t not in annotated and types[t].fp}
    types = {t: (sc if t in annotated else Score()) for t, sc in types.items()}
    alarms = [a for a in alarms if a.kind in annotated]
    return Evaluation(match, tuple(g.id for g in gold), types, metadata,
                      tuple(sorted(misses, key=order)), tuple(sorted(alarms, key=order)),
                      tuple(mmisses), tuple(malarms), unscored)
