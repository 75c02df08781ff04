"""The link decision log and the review file.

Every decision about an entity's Wikidata link (the candidates, their
scores, the QID chosen or none, by rule or by a person, and when) is one line
of a JSON Lines file kept in the repository (``authority/links.jsonl`` by
default). The file is only ever appended to; the last line for an entity is
the one that counts, so ``kg build`` replays the same links offline and a
reviewer can read why each link exists, and what it replaced.

A run that dies mid-way loses at most the line being written: each line is
written with one ``write`` and flushed to disk before the next decision, and
a last line without its newline (a crash mid-write) is ignored on reading.

The review file is CSV, one row per candidate plus an ``other`` row per
entity; a person marks ``accept`` (or ``reject``) in the ``decision`` column,
and :func:`apply_review` turns the marks into decisions.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import InputError, OutputError

QID = re.compile(r"^Q[1-9][0-9]*$")
ENTITY_KEY = re.compile(r"^(person|organization|state|place)/[a-z0-9][a-z0-9-]*$")
LINKED, NO_CANDIDATE, NEEDS_REVIEW, REJECTED = "linked", "no-candidate", "needs-review", "rejected"
STATUSES = (LINKED, NO_CANDIDATE, NEEDS_REVIEW, REJECTED)
RULE_AGENT = "kg.link.v1"
ACCEPT = {"accept", "accepted", "yes", "y", "x"}
REJECT = {"reject", "rejected", "no", "n", "none"}
REVIEW_COLUMNS = ("entity", "label", "type", "document_date", "rank", "qid", "candidate",
                  "description", "score", "name", "type_fit", "time_fit", "why", "decision")


@dataclass(frozen=True)
class Candidate:
    """One Wikidata item considered for an entity, with its scores (0-1)."""

    qid: str
    label: str | None
    description: str | None
    score: float
    name: float
    type: float
    time: float
    why: str                 # the score in words: what fitted and what ruled it out


@dataclass(frozen=True)
class Decision:
    """One decision about an entity's link; see the module docstring."""

    entity: str              # "person/slug": the entity's IRI path
    label: str
    type: str
    status: str              # linked, no-candidate, needs-review, rejected
    qid: str | None
    method: str              # "rule" or "review"
    by: str                  # the rule's versioned name, or "person:NAME"
    at: str                  # when, UTC, ISO 8601 (YYYY-MM-DDTHH:MM:SSZ)
    document_date: str | None = None
    score: float | None = None
    margin: float | None = None
    searched: tuple[str, ...] = ()             # the names asked of wbsearchentities
    candidates: tuple[Candidate, ...] = field(default_factory=tuple)
    note: str | None = None

    @property
    def id(self) -> str:
        """A stable id for this decision (the same line gives the same id)."""
        return hashlib.sha1(to_line(self).encode()).hexdigest()[:16]


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_line(d: Decision) -> str:
    obj = asdict(d)
    obj["searched"] = list(d.searched)
    obj["candidates"] = [asdict(c) for c in d.candidates]
    return json.dumps(obj, sort_keys=True, ensure_ascii=False)


def _from_obj(obj: dict, where: str) -> Decision:
    try:
        cands = tuple(Candidate(**c) for c in obj.get("candidates", ()))
        d = Decision(**{**obj, "searched": tuple(obj.get("searched", ())), "candidates": cands})
    except TypeError as exc:
        raise InputError(f"decision has unknown or missing fields ({exc})", where=where) from None
    if d.status not in STATUSES:
        raise InputError(f"unknown status {d.status!r}", where=where, fix=f"use one of {', '.join(STATUSES)}")
    if d.qid is not None and not QID.match(d.qid):
        raise InputError(f"{d.qid!r} is not a Wikidata QID like Q42", where=where)
    if (d.status == LINKED) != (d.qid is not None):
        raise InputError("a decision has a QID exactly when its status is 'linked'", where=where)
    return d


def read_log(path: str | Path) -> list[Decision]:
    """Every decision in the log, in order. A missing file is an empty log."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the link decision log ({exc})", where=str(path)) from None
    lines = raw.split("\n")
    if lines and lines[-1] != "":
        lines = lines[:-1]          # a line cut off by a crash: never a whole decision
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            raise InputError("line is not JSON", where=f"{path}:{n}",
                             fix="fix or delete the line; each line is one decision") from None
        if not isinstance(obj, dict):
            raise InputError("line is not a JSON object", where=f"{path}:{n}")
        out.append(_from_obj(obj, f"{path}:{n}"))
    return out


def latest(decisions: list[Decision]) -> dict[str, Decision]:
    """The decision that counts for each entity: its last one."""
    out: dict[str, Decision] = {}
    for d in decisions:
        out[d.entity] = d
    return out


def append(path: str | Path, decision: Decision) -> None:
    """Add one decision to the log, durably, before the caller goes on."""
    path = Path(path)
    if not path.parent.is_dir():
        raise OutputError("folder of the link decision log does not exist", where=str(path.parent))
    data = (to_line(decision) + "\n").encode("utf-8")
    with open(path, "a+b") as fh:
        size = fh.seek(0, os.SEEK_END)
        if size:
            fh.seek(size - 1)
            if fh.read(1) != b"\n":
                # A run died mid-line: that line never was a decision; drop it.
                fh.seek(0)
                whole = fh.read()
                fh.truncate(whole.rfind(b"\n") + 1)
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


# -- the review file ------------------------------------------------------

def review_csv(decisions: list[Decision]) -> str:
    """The review file for *decisions* (those still needing a person)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(REVIEW_COLUMNS)
    for d in sorted(decisions, key=lambda d: d.entity):
        for rank, c in enumerate(d.candidates, 1):
            w.writerow((d.entity, d.label, d.type, d.document_date or "", rank, c.qid, c.label or "",
                        c.description or "", f"{c.score:.2f}", f"{c.name:.2f}", f"{c.type:.2f}",
                        f"{c.time:.2f}", c.why, ""))
        w.writerow((d.entity, d.label, d.type, d.document_date or "", "other", "", "", "", "", "",
                    "", "", "write a QID here and accept it, if none above is right", ""))
    return buf.getvalue()


@dataclass(frozen=True)
class ReviewResult:
    decided: tuple[Decision, ...]
    undecided: tuple[str, ...]     # entities with no mark in the file


def apply_review(path: str | Path, log: dict[str, Decision], reviewer: str,
                 at: str | None = None) -> ReviewResult:
    """Turn the marks in a review file into decisions by *reviewer* (not yet logged)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("review file not found", where=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the review file ({exc})", where=str(path)) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = {"entity", "qid", "decision"} - set(reader.fieldnames or ())
    if missing:
        raise InputError(f"review file lacks the column {sorted(missing)[0]!r}", where=str(path),
                         fix="keep the header kg link wrote")
    rows: dict[str, list[tuple[int, dict]]] = {}
    for n, row in enumerate(reader, 2):
        key = (row.get("entity") or "").strip()
        if not ENTITY_KEY.match(key):
            raise InputError(f"{key!r} is not an entity like person/some-name", where=f"{path}:{n}")
        rows.setdefault(key, []).append((n, row))
    at = at or now()
    decided, undecided = [], []
    for key in sorted(rows):
        accepted, rejected = [], False
        for n, row in rows[key]:
            mark = (row.get("decision") or "").strip().casefold()
            if mark in ACCEPT:
                qid = (row.get("qid") or "").strip()
                if not QID.match(qid):
                    raise InputError(f"accepted row has no valid QID ({qid!r})", where=f"{path}:{n}",
                                     fix="write the item's id, like Q42, in the qid column")
                accepted.append((n, qid))
            elif mark in REJECT:
                rejected = True
            elif mark:
                raise InputError(f"unknown decision {row.get('decision')!r}", where=f"{path}:{n}",
                                 fix="write accept or reject, or leave it empty")
        if len({q for _, q in accepted}) > 1:
            raise InputError(f"{key} has more than one accepted QID",
                             where=f"{path}:{accepted[1][0]}", fix="accept one row per entity")
        if not accepted and not rejected:
            undecided.append(key)
            continue
        first = rows[key][0][1]
        prior = log.get(key)
        qid = accepted[0][1] if accepted else None
        chosen = next((c for c in (prior.candidates if prior else ()) if c.qid == qid), None)
        decided.append(Decision(
            entity=key, label=prior.label if prior else (first.get("label") or key),
            type=prior.type if prior else key.split("/", 1)[0],
            status=LINKED if qid else REJECTED, qid=qid, method="review", by=f"person:{reviewer}",
            at=at, document_date=prior.document_date if prior else None,
            score=chosen.score if chosen else None, margin=None,
            searched=prior.searched if prior else (), candidates=prior.candidates if prior else (),
            note=("picked by a person from the candidates" if chosen else
                  "a QID the person supplied" if qid else "no candidate is right"),
        ))
    return ReviewResult(tuple(decided), tuple(undecided))
