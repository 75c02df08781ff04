"""Link stage: reconcile entities with Wikidata, and check the authority file's links.

``link(relations, client, settings, log_path)`` finds Wikidata candidates
for every person, organization, state and place that has no link yet, scores
them by name, type and time, and records one decision per entity in the
decision log (:mod:`kg.decisions`): linked by rule when the best candidate
clears the threshold with a clear margin, else sent to review. The graph gets
its links from the authority file and that log when ``kg build`` runs, never
from the network.

``check(authority, client, settings)`` asks Wikidata about every QID in the
authority file and reports those whose label, type or dates do not fit.

Scoring is generic; which Wikidata classes fit which record type, the weights
and the threshold live in ``rules/wikidata.toml``.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Callable

from . import decisions as dlog
from .authority import Authority
from .decisions import Candidate, Decision
from .errors import ConfigError
from .load import fold
from .model import Ref
from .relate import Relations

KINDS = ("person", "organization", "state", "place")
GROUP = 10          # entities searched before their candidates are fetched together


@dataclass(frozen=True)
class Scoring:
    threshold: float
    margin: float
    weights: dict[str, float]
    unknown_type: float
    unknown_time: float
    required: dict[str, frozenset[str]]     # a record type's candidates must have one of these
    fits: dict[str, frozenset[str]]         # classes that confirm a record type
    never: dict[str, str]                   # classes that rule a candidate out, with their names


@dataclass(frozen=True)
class LinkSettings:
    api: object                             # kg.wikidata.Settings
    scoring: Scoring


def load_settings(path: str | Path, api_url: str | None = None) -> LinkSettings:
    """Read ``rules/wikidata.toml``; *api_url* overrides its ``[api] url``."""
    from .wikidata import Settings

    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("Wikidata settings file not found", where=str(path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Wikidata settings are not valid TOML ({exc})", where=str(path)) from None
    try:
        api = Settings(**doc.get("api", {}))
        sc, types = doc["score"], doc.get("types", {})
        scoring = Scoring(
            threshold=float(sc["threshold"]), margin=float(sc["margin"]),
            weights={k: float(sc["weights"][k]) for k in ("name", "type", "time")},
            unknown_type=float(sc["unknown_type"]), unknown_time=float(sc["unknown_time"]),
            required={k: frozenset(v.get("required", ())) for k, v in types.items() if k in KINDS},
            fits={k: frozenset(v.get("fits", ())) for k, v in types.items() if k in KINDS},
            never=dict(types.get("never", {}).get("classes", {})),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"Wikidata settings are incomplete or wrong ({exc})", where=str(path)) from None
    if api_url:
        api = Settings(**{**api.__dict__, "url": api_url})
    return LinkSettings(api, scoring)


# -- scoring ---------------------------------------------------------------

def norm_name(text: str) -> str:
    """Case, accents, punctuation and spacing folded: 'Mendès-France' -> 'mendes france'."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


def _tokens_fit(ours: list[str], theirs: list[str]) -> bool:
    """Each of our given names or initials has a counterpart among theirs, in order."""
    i = 0
    for tok in ours:
        while i < len(theirs) and not (theirs[i] == tok or (len(tok) == 1 and theirs[i][0] == tok)):
            i += 1
        if i == len(theirs):
            return False
        i += 1
    return True


def name_score(ours: list[str], theirs: list[str]) -> float:
    """How well our names for a record fit a candidate's labels and aliases (0-1).

    1.0 for the same name; 0.9 when the surnames agree and our other names or
    initials fit theirs ("A. B. Smith" ~ "Anna Beth Smith");
    0.7 for a bare surname that is theirs; else a damped string similarity.
    """
    a_names = [n for n in (norm_name(x) for x in ours) if n]
    b_names = [n for n in (norm_name(x) for x in theirs) if n]
    best = 0.0
    for a in a_names:
        ta = a.split()
        for b in b_names:
            if a == b:
                return 1.0
            tb = b.split()
            if len(ta) > 1 and ta[-1] == tb[-1] and _tokens_fit(ta[:-1], tb[:-1]):
                best = max(best, 0.9)
            elif len(ta) == 1 and len(tb) > 1 and ta[0] == tb[-1]:
                best = max(best, 0.7)
            else:
                best = max(best, 0.8 * SequenceMatcher(None, a, b).ratio())
    return round(best, 4)


def _within(start, end, when: dt.date) -> bool | None:
    """Did something that began at *start* and ended at *end* (WDTime or None) exist at *when*?

    Comparisons are made at the precision Wikidata gives (a year-precise
    death in 1954 does not rule out March 1954). None: cannot tell.
    """
    def cut(t, d: dt.date):
        return (d.year,) if t.precision == 9 else (d.year, d.month) if t.precision == 10 \
            else (d.year, d.month, d.day)

    if start is None and end is None:
        return None
    if start is not None and cut(start, when) < cut(start, start.date):
        return False
    if end is not None and cut(end, when) > cut(end, end.date):
        return False
    return True


def score(kind: str, names: list[str], when: dt.date | None, item, scoring: Scoring) -> Candidate:
    """Score one candidate *item* (kg.wikidata.Item) for a record of *kind* named *names*."""
    why = []
    theirs = [x for x in (item.label, *item.aliases, *item.labels) if x]
    n = name_score(names, theirs)
    why.append(f"name {n:.2f}")
    classes = set(item.instance_of)
    out = False
    banned = sorted(scoring.never[c] for c in classes if c in scoring.never)
    if banned:
        t = 0.0
        out = True
        why.append(f"is {_a(', '.join(banned))}, not {_a(kind)}")
    elif scoring.required.get(kind):
        t = 1.0 if classes & scoring.required[kind] else 0.0
        out = out or t == 0.0
        why.append(f"is {_a(kind)}" if t else f"not {_a(kind)} (instance of {', '.join(sorted(classes)) or 'nothing'})")
    elif classes & scoring.fits.get(kind, frozenset()):
        t = 1.0
        why.append(f"type fits {_a(kind)}")
    else:
        t = scoring.unknown_type
        why.append("type unknown")
    if kind == "person":
        start, end, alive = item.born, item.died, "alive"
    elif kind in ("organization", "state"):
        start, end, alive = item.inception, item.dissolved, "in existence"
    else:
        start = end = None
        alive = ""
    fit = _within(start, end, when) if when else None
    if fit is None:
        tm = scoring.unknown_time
        if kind != "place":
            why.append("dates unknown" if when else "document undated")
    elif fit:
        tm = 1.0
        why.append(f"{alive} on {when.isoformat()}")
    else:
        tm = 0.0
        out = True
        span = f"{start.date.isoformat() if start else '?'} to {end.date.isoformat() if end else '?'}"
        why.append(f"not {alive} on {when.isoformat()} ({span})")
    w = scoring.weights
    total = 0.0 if out else w["name"] * n + w["type"] * t + w["time"] * tm
    return Candidate(item.qid, item.label, item.description, round(total, 4), n, t, tm, "; ".join(why))


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


# -- linking ---------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """An entity to link: its key, names, type and the date of the documents that mention it."""

    key: str
    label: str
    kind: str
    names: tuple[str, ...]
    when: dt.date | None


def targets(rel: Relations, log: dict[str, Decision], redo: bool = False) -> list[Target]:
    """The entities with no link in the authority file and no decision in the log.

    With *redo*, the rule's earlier decisions are made again; a person's are kept.
    """
    dates: dict[str, dt.date] = {}
    for f in rel.facts:
        if f.predicate == "schema:dateCreated" and isinstance(f.object, dt.date):
            dates[f.subject.key] = min(f.object, dates.get(f.subject.key, f.object))
    mentioned: dict[Ref, set[str]] = {}
    for f in rel.facts:
        if f.predicate == "schema:mentions" and f.subject.kind == "work" and isinstance(f.object, Ref):
            mentioned.setdefault(f.object, set()).add(f.subject.key)
    out = []
    for ref in sorted(rel.entities, key=str):
        ent = rel.entities[ref]
        rec = ent.attrs.get("authority")
        if ref.kind not in KINDS or (rec is not None and rec.wikidata):
            continue
        if "kgo:CollectiveActor" in ent.types:
            continue            # "official circles", "the three powers": nothing to link to
        key = str(ref)
        prior = log.get(key)
        # A decision stands until --redo; a person's decision stands even then.
        if prior is not None and (not redo or prior.method == "review"):
            continue
        names = [ent.label, *(rec.aliases if rec else ())]
        names = list(dict.fromkeys(n for n in names if norm_name(n)))[:3]
        when = min((dates[w] for w in mentioned.get(ref, ()) if w in dates), default=None)
        out.append(Target(key, ent.label, ref.kind, tuple(names), when))
    return out


@dataclass
class LinkReport:
    decisions: list[Decision] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)     # offline: no cached answer
    skipped: int = 0                                         # already decided


def decide(t: Target, cands: list[Candidate], scoring: Scoring, at: str) -> Decision:
    """The rule's decision for *t* given its scored candidates (best first)."""
    best = cands[0] if cands else None
    runner = cands[1].score if len(cands) > 1 else 0.0
    margin = round(best.score - runner, 4) if best else None
    base = dict(entity=t.key, label=t.label, type=t.kind, method="rule", by=dlog.RULE_AGENT, at=at,
                document_date=t.when.isoformat() if t.when else None, searched=t.names,
                candidates=tuple(cands))
    if best is None or best.score == 0.0:
        # Documents do name the dead ("the late ..."): a same-named candidate
        # ruled out by its dates alone is for a person to judge, not to drop.
        if any(c.time == 0.0 and c.type > 0.0 and c.name >= 0.9 for c in cands):
            return Decision(status=dlog.NEEDS_REVIEW, qid=None, score=0.0, margin=None,
                            note="a candidate has the name but did not exist at the document's date",
                            **base)
        return Decision(status=dlog.NO_CANDIDATE, qid=None, score=None, margin=None,
                        note="Wikidata offered no candidate that fits" if best else
                        "Wikidata offered no candidate", **base)
    if best.score >= scoring.threshold and margin >= scoring.margin:
        return Decision(status=dlog.LINKED, qid=best.qid, score=best.score, margin=margin,
                        note=f"best candidate scored {best.score:.2f}, {margin:.2f} ahead of the next",
                        **base)
    reason = (f"best score {best.score:.2f} is under the threshold {scoring.threshold:.2f}"
              if best.score < scoring.threshold else
              f"best candidate is only {margin:.2f} ahead of the next (margin {scoring.margin:.2f})")
    return Decision(status=dlog.NEEDS_REVIEW, qid=None, score=best.score, margin=margin,
                    note=reason, **base)


def link(rel: Relations, client, settings: LinkSettings, log_path: str | Path, *,
         redo: bool = False, progress: Callable[[Decision], None] | None = None,
         clock: Callable[[], str] = dlog.now) -> LinkReport:
    """Find, score and decide links for the entities of *rel* that lack one.

    Each decision is appended to the log at *log_path* as soon as it is made,
    so a run that fails (the network, Wikidata) keeps what it decided and the
    next run resumes with the rest. Raises WikidataError on such a failure.
    """
    from .wikidata import OfflineMiss, WikidataError

    log = dlog.latest(dlog.read_log(log_path))
    todo = targets(rel, log, redo)
    report = LinkReport(skipped=sum(1 for r in rel.entities if str(r) in log) - sum(
        1 for t in todo if t.key in log))
    for i in range(0, len(todo), GROUP):
        group = todo[i:i + GROUP]
        hits: dict[str, list[str]] = {}
        failure = None
        for t in group:
            ids: list[str] = []
            try:
                for name in t.names:
                    ids += [h.qid for h in client.search(name) if h.qid not in ids]
            except OfflineMiss:
                report.unresolved.append(t.key)
                continue
            except WikidataError as exc:
                failure = exc       # decide what was searched already, then stop
                break
            hits[t.key] = ids
        wanted = sorted({q for ids in hits.values() for q in ids}, key=lambda q: int(q[1:]))
        try:
            items = client.items(wanted) if wanted else {}
        except OfflineMiss:
            report.unresolved += sorted(hits)
            continue
        except WikidataError as exc:
            raise _kept(exc, report) from None
        for t in group:
            if t.key not in hits:
                continue
            cands = [score(t.kind, list(t.names), t.when, items[q], settings.scoring)
                     for q in hits[t.key] if q in items]
            cands.sort(key=lambda c: (-c.score, -c.name, int(c.qid[1:])))
            d = decide(t, cands, settings.scoring, clock())
            dlog.append(log_path, d)
            report.decisions.append(d)
            if progress:
                progress(d)
        if failure is not None:
            raise _kept(failure, report) from None
    return report


def _kept(exc, report: LinkReport):
    n = len(report.decisions)
    if not n:
        return exc
    exc.fix = (f"{n} decision{'s' if n != 1 else ''} made before the failure {'are' if n != 1 else 'is'} "
               f"kept in the log; run kg link again to resume")
    return exc


# -- checking the authority file ---------------------------------------------

@dataclass(frozen=True)
class Problem:
    id: str
    qid: str
    problem: str


@dataclass
class CheckReport:
    checked: int = 0
    problems: list[Problem] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)


def check(authority: Authority, client, settings: LinkSettings) -> CheckReport:
    """Ask Wikidata about every QID of *authority*; report those that do not fit."""
    from .wikidata import OfflineMiss

    recs = sorted((r for r in authority.records.values() if r.wikidata), key=lambda r: r.id)
    report = CheckReport()
    try:
        items = client.items([r.wikidata for r in recs])
    except OfflineMiss:
        report.unresolved = [r.id for r in recs]
        return report
    sc = settings.scoring
    for r in recs:
        report.checked += 1
        item = items.get(r.wikidata)
        if item is None:
            report.problems.append(Problem(r.id, r.wikidata, "no such item on Wikidata (deleted?)"))
            continue
        if item.redirected_from:
            report.problems.append(Problem(r.id, r.wikidata, f"redirects to {item.qid}"))
        theirs = [x for x in (item.label, *item.aliases, *item.labels) if x]
        n = name_score([r.label, *r.aliases], theirs)
        if n < 0.9:
            report.problems.append(Problem(r.id, r.wikidata,
                                           f"label does not match: ours {r.label!r}, Wikidata's {item.label!r}"))
        classes = set(item.instance_of)
        banned = sorted(sc.never[c] for c in classes if c in sc.never)
        if banned:
            report.problems.append(Problem(r.id, r.wikidata, f"Wikidata says it is {_a(', '.join(banned))}"))
        elif sc.required.get(r.type) and not classes & sc.required[r.type]:
            report.problems.append(Problem(r.id, r.wikidata, f"not {_a(r.type)} on Wikidata "
                                           f"(instance of {', '.join(sorted(classes)) or 'nothing'})"))
        for ours, theirs_t, what in ((r.born, item.born, "born"), (r.died, item.died, "died"),
                                     (r.inception, item.inception, "inception"),
                                     (r.dissolved, item.dissolved, "dissolved")):
            if ours and theirs_t and not _same_at(ours, theirs_t):
                report.problems.append(Problem(r.id, r.wikidata, f"{what} {ours.isoformat()} here, "
                                               f"{_show(theirs_t)} on Wikidata"))
    return report


def _same_at(ours: dt.date, t) -> bool:
    if t.precision == 9:
        return ours.year == t.date.year
    if t.precision == 10:
        return (ours.year, ours.month) == (t.date.year, t.date.month)
    return ours == t.date


def _show(t) -> str:
    return str(t.date.year) if t.precision == 9 else t.date.strftime("%Y-%m") if t.precision == 10 \
        else t.date.isoformat()
