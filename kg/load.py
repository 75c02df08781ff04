"""Load stage: read sources (plain UTF-8 text or TEI XML, optionally with a manifest).

``load(paths)`` returns a :class:`~kg.model.Corpus`. With a folder holding
``manifest.toml`` the manifest describes the work and its witnesses; plain text
files given directly need no manifest and each becomes a work of its own. A
``.xml`` file is read as TEI (:mod:`kg.tei`): each document in it becomes a
work, its text the rendering a reader sees, its markup kept alongside.

The text is kept exactly as stored (offsets in the graph point into it); rules
read a normalised view that maps back to it (:func:`normalise`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from collections import Counter
from pathlib import Path

from .errors import InputError
from .model import Corpus, OffsetMap, Source, TextView, WitnessMeta, WorkMeta

MANIFEST = "manifest.toml"

WORK_FIELDS = {"id": True, "title": True, "kind": False, "language": False, "description": False}
WITNESS_FIELDS = {
    "id": True, "file": True, "kind": True, "title": True, "language": True,
    "work": False, "publisher": False, "date": False, "derived_from": False,
    "byline": False, "note": False, "url": False,
}
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")

# Characters the rules should see differently from how they are stored.
_REPLACE = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2026": "...", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\t": " ", "\r": "",
}
_DROP = set("\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,15}(?:\s[^<>\n]{0,200})?/?>")


_STRAIGHT = str.maketrans({k: v for k, v in _REPLACE.items() if len(v) == 1} | dict.fromkeys(_DROP))


def straighten(name: str) -> str:
    """*name* with the quotes, dashes and spaces the rules see in its place ("Yan’an" ->
    "Yan'an"), for names read from data files and matched on the normalised text."""
    return name.translate(_STRAIGHT)


_SPECIAL = re.compile(f"(?:{_TAG.pattern})|[{re.escape(''.join(sorted(set(_REPLACE) | _DROP)))}]")


def normalise(text: str) -> TextView:
    """Build the normalised view of *text* with a map back to original offsets.

    Markup tags and the characters in ``_DROP`` are left out, those in
    ``_REPLACE`` replaced (a lone CR is a line break; CRLF keeps only the LF),
    and everything between them copied as it is, a stretch at a time.
    """
    out: list[str] = []
    index = OffsetMap()
    done = 0                                   # text[:done] is normalised
    for m in _SPECIAL.finditer(text):
        start, end = m.span()
        if start > done:
            out.append(text[done:start])
            index.add(start - done, done, 1)
        done = end
        ch = text[start]
        if end - start > 1 or ch == "<" or ch in _DROP:
            continue                           # a tag, or a character rules never see
        rep = _REPLACE[ch]
        if ch == "\r" and text[end:end + 1] != "\n":
            rep = "\n"
        if rep:
            out.append(rep)
            index.add(len(rep), start, 0)
    if len(text) > done:
        out.append(text[done:])
        index.add(len(text) - done, done, 1)
    index.add(1, len(text), 1)
    return TextView(text=text, norm="".join(out), index=index)


def _where_in(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    return f"byte offset {offset}, line {line}"


def decode(data: bytes, where: str) -> str:
    """The text of a file's bytes: UTF-8, or an InputError that says what it is instead.

    The stored text is exactly ``data.decode("utf-8")``: a UTF-8 byte-order mark
    stays as U+FEFF at offset 0 (the rules' normalised view drops it), so graph
    offsets count code points from the file's first byte. UTF-16 and other
    encodings are refused, never guessed: a wrong guess would garble the text
    and every offset into it.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("file is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8",
                         where=where, fix="convert it, e.g. iconv -f UTF-16 -t UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        head = data[:4096]
        if head.count(b"\x00") * 3 > len(head):   # every other byte NUL: UTF-16 text
            raise InputError("file looks like UTF-16 without a byte-order mark, not UTF-8",
                             where=where, fix="convert it, e.g. iconv -f UTF-16LE -t UTF-8")
        raise InputError(f"binary file (a NUL byte at {_where_in(data, nul)}), not plain text",
                         where=where, fix="give a UTF-8 plain-text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at {_where_in(data, exc.start)})",
            where=where, fix="convert the file to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8",
        ) from None


def read_bytes(path: Path, where: str, kind: str = "text") -> bytes:
    """The bytes of the *kind* file at *path*, or an InputError that says what is wrong."""
    if not path.exists():
        raise InputError("file not found", where=where, fix="check the path")
    if path.is_dir():
        raise InputError(f"expected a {kind} file but found a folder", where=where)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", where=where) from None


def read_text(path: Path, label: str | None = None) -> tuple[str, str]:
    """Read a UTF-8 text file; return ``(text, sha256)`` or raise InputError."""
    where = label or str(path)
    data = read_bytes(path, where)
    text = decode(data, where)
    if not text.strip():
        raise InputError("file is empty", where=where, fix="give a file with some text")
    return text, hashlib.sha256(data).hexdigest()


def fold(text: str) -> str:
    """*text* with case and accents folded ("Jeleń", "JELEN" -> "jelen"), for comparing names."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def slugify(text: str, fallback: str = "item") -> str:
    """A lowercase ASCII slug safe in an IRI path segment."""
    import unicodedata

    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    return slug[:80].strip("-") or fallback


def _check_fields(table: dict, fields: dict[str, bool], where: str) -> None:
    for key in table:
        if key not in fields:
            known = ", ".join(fields)
            raise InputError(f"unknown field {key!r}", where=where, fix=f"known fields are {known}")
    for key, required in fields.items():
        if required and (key not in table or table[key] in ("", None)):
            raise InputError(f"missing required field {key!r}", where=where)
    for key, value in table.items():
        if key == "derived_from":
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise InputError(f"field {key!r} must be a list of ids", where=where)
        elif not isinstance(value, str):
            raise InputError(f"field {key!r} must be a string", where=where)


def _parse_date(value: str | None, where: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"date {value!r} is not YYYY-MM-DD", where=where) from None


def _load_manifest(folder: Path) -> Corpus:
    mpath = folder / MANIFEST
    try:
        doc = tomllib.loads(mpath.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"manifest is not valid TOML ({exc})", where=str(mpath)) from None
    unknown = set(doc) - {"work", "witness"}
    if unknown:
        raise InputError(f"unknown section {sorted(unknown)[0]!r}", where=str(mpath),
                         fix="a manifest has one [work] and one or more [[witness]] tables")
    if not isinstance(doc.get("work"), dict):
        raise InputError("missing [work] table", where=str(mpath))
    _check_fields(doc["work"], WORK_FIELDS, f"{mpath} [work]")
    w = doc["work"]
    if not ID_RE.match(w["id"]):
        raise InputError(f"work id {w['id']!r} is not a safe identifier", where=f"{mpath} [work]",
                         fix="use letters, digits, '.', '_' and '-'")
    work = WorkMeta(id=w["id"], title=w["title"], kind=w.get("kind", "document"),
                    language=w.get("language"), description=w.get("description"))
    tables = doc.get("witness")
    if not isinstance(tables, list) or not tables:
        raise InputError("no [[witness]] tables", where=str(mpath))
    sources = []
    seen: set[str] = set()
    for n, t in enumerate(tables, 1):
        where = f"{mpath} [[witness]] #{n}"
        if not isinstance(t, dict):
            raise InputError("[[witness]] must be a table", where=where)
        _check_fields(t, WITNESS_FIELDS, where)
        if not ID_RE.match(t["id"]):
            raise InputError(f"witness id {t['id']!r} is not a safe identifier", where=where,
                             fix="use letters, digits, '.', '_' and '-'")
        if t["id"] in seen:
            raise InputError(f"duplicate witness id {t['id']!r}", where=where)
        seen.add(t["id"])
        if t.get("work", work.id) != work.id:
            raise InputError(f"witness names unknown work {t['work']!r}", where=where)
        fpath = folder / t["file"]
        if fpath.resolve().parent != folder.resolve():
            raise InputError(f"file {t['file']!r} is outside the sources folder", where=where)
        text, digest = read_text(fpath)
        meta = WitnessMeta(
            id=t["id"], file=t["file"], kind=t["kind"], title=t["title"], language=t["language"],
            work=work.id, publisher=t.get("publisher"), date=_parse_date(t.get("date"), where),
            derived_from=tuple(t.get("derived_from", ())), byline=t.get("byline"),
            note=t.get("note"), url=t.get("url"),
        )
        sources.append(Source(meta=meta, path=str(fpath), view=normalise(text), sha256=digest))
    known = seen | {"work"}
    for s in sources:
        for d in s.meta.derived_from:
            if d not in known:
                raise InputError(f"derived_from names unknown witness {d!r}",
                                 where=f"{mpath} witness {s.id!r}")
    return Corpus(works=(work,), sources=tuple(sources))


def _load_plain(path: Path, taken: set[str]) -> tuple[WorkMeta, Source]:
    text, digest = read_text(path)
    base = slugify(path.stem, "document")
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    first = next((ln.strip(" #\t") for ln in text.splitlines() if ln.strip(" #\t")), path.stem)
    title = first if len(first) <= 120 else first[:117].rstrip() + "..."
    work = WorkMeta(id=ident, title=title)
    meta = WitnessMeta(id=ident, file=path.name, kind="document", title=title, language="en",
                       work=ident)
    return work, Source(meta=meta, path=str(path), view=normalise(text), sha256=digest)


def _load_file(path: Path, taken: set[str]) -> list[tuple[WorkMeta, Source]]:
    if path.suffix.lower() == ".xml":
        from .tei import load_tei

        return load_tei(path, taken)
    return [_load_plain(path, taken)]


def _add_file(path: Path, taken: set[str], works: list, sources: list,
              skipped: list[tuple[str, str]] | None) -> None:
    try:
        loaded = _load_file(path, taken)
    except InputError as exc:
        if skipped is None:
            raise
        skipped.append((str(path), exc.what))
        return
    for w, s in loaded:
        works.append(w)
        sources.append(s)


def load(paths: list[str | Path], skipped: list[tuple[str, str]] | None = None) -> Corpus:
    """Load sources from folders (with or without a manifest) and text files.

    With a *skipped* list, a text or TEI file that cannot be read is appended
    to it as ``(path, reason)`` and left out instead of stopping the run.

    Raises:
        InputError: a path is missing, unreadable, not UTF-8 text, empty, not
            well-formed or unsafe TEI, or a manifest is malformed.
    """
    if not paths:
        raise InputError("no sources given", fix="name text files or a sources folder")
    works: list[WorkMeta] = []
    sources: list[Source] = []
    taken: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir() and (path / MANIFEST).exists():
            corpus = _load_manifest(path)
            works.extend(corpus.works)
            sources.extend(corpus.sources)
        elif path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix in (".txt", ".xml"))
            if not files:
                raise InputError("folder has no manifest.toml and no .txt or .xml files",
                                 where=str(path))
            for f in files:
                _add_file(f, taken, works, sources, skipped)
        else:
            _add_file(path, taken, works, sources, skipped)
    ids = [s.id for s in sources]
    counts = Counter(ids)           # ids.count per id was quadratic: seconds at 10,000 files
    dup = next((i for i in ids if counts[i] > 1), None)
    if dup:
        raise InputError(f"two witnesses share the id {dup!r}", fix="give each source a distinct name")
    return Corpus(works=tuple(works), sources=tuple(sources))
