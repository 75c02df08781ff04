"""A careful client for the Wikidata API (MediaWiki Action API + Wikibase).

Two actions are used: ``wbsearchentities`` (candidates for a name) and
``wbgetentities`` (labels, aliases, descriptions and statements of up to 50
items per request). See https://www.wikidata.org/w/api.php?action=help&modules=wbsearchentities
and ...&modules=wbgetentities.

Good-citizen behaviour follows Wikimedia's rules for API clients
(https://meta.wikimedia.org/wiki/User-Agent_policy,
https://www.mediawiki.org/wiki/Manual:Maxlag_parameter): a descriptive
User-Agent with contact information, ``maxlag`` on every request, retries with
exponential backoff on 429 / 5xx / ``maxlag`` errors honouring ``Retry-After``,
timeouts, and an on-disk cache so that a second run sends nothing.

Every answer is cached by its request parameters, one JSON file each, written
atomically; with ``offline=True`` the cache is the only source and a miss
raises :class:`OfflineMiss`, which callers record as "could not resolve".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import socket
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import urlsplit

import requests

from . import __version__
from .errors import KGError

ENTITY_IRI = "http://www.wikidata.org/entity/"


class WikidataError(KGError):
    """Wikidata could not be asked, or answered something unusable."""


class OfflineMiss(WikidataError):
    """``--offline`` and the cache holds no answer for this request."""


@dataclass(frozen=True)
class Settings:
    url: str = "https://www.wikidata.org/w/api.php"
    language: str = "en"
    search_limit: int = 7
    batch: int = 50
    maxlag: int = 5
    timeout: float = 20.0
    retries: int = 5
    backoff: float = 2.0
    max_wait: float = 120.0


@dataclass(frozen=True)
class WDTime:
    """A Wikidata time value: a date and how precise it is (9 year, 10 month, 11 day)."""

    date: dt.date
    precision: int


@dataclass(frozen=True)
class Item:
    """What kg needs to know of one Wikidata item."""

    qid: str
    label: str | None
    description: str | None
    aliases: tuple[str, ...]
    labels: tuple[str, ...]            # labels in every language the answer carried
    instance_of: tuple[str, ...]       # P31 values
    born: WDTime | None = None         # P569
    died: WDTime | None = None         # P570
    inception: WDTime | None = None    # P571
    dissolved: WDTime | None = None    # P576
    redirected_from: str | None = None


@dataclass(frozen=True)
class Hit:
    """One wbsearchentities result."""

    qid: str
    label: str | None
    description: str | None
    matched: str | None                # the text the search matched (label or alias)


@dataclass
class Stats:
    requests: int = 0                  # HTTP requests sent (retries included)
    cached: int = 0                    # answers taken from the cache
    retries: int = 0
    misses: list[str] = field(default_factory=list)   # offline: what the cache lacked


def user_agent(contact: str | None) -> str:
    """The User-Agent Wikimedia asks for: tool/version (contact) library/version."""
    who = contact or "no contact given; set KG_CONTACT"
    return f"kg/{__version__} (knowledge-graph builder for historical documents; {who}) " \
           f"python-requests/{requests.__version__}"


class Client:
    """Ask Wikidata, politely, with a cache. One instance per run."""

    def __init__(self, settings: Settings = Settings(), *, cache_dir: str | Path | None = None,
                 contact: str | None = None, offline: bool = False,
                 sleep: Callable[[float], None] = time.sleep):
        self.settings = settings
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.offline = offline
        self.stats = Stats()
        self._sleep = sleep
        self._session = requests.Session()
        self._session.headers["User-Agent"] = user_agent(contact)
        self._session.headers["Accept"] = "application/json"

    def close(self) -> None:
        self._session.close()

    # -- the two actions -------------------------------------------------

    def search(self, name: str) -> list[Hit]:
        """Candidate items for *name* (wbsearchentities), best first as Wikidata ranks them."""
        s = self.settings
        data = self._get({"action": "wbsearchentities", "search": name, "language": s.language,
                          "uselang": s.language, "type": "item", "limit": str(s.search_limit)})
        hits = data.get("search")
        if not isinstance(hits, list):
            raise WikidataError("wbsearchentities answered without a 'search' list",
                                where=self._where({"search": name}))
        out = []
        for h in hits:
            if not isinstance(h, dict) or not _is_qid(h.get("id")):
                raise WikidataError("wbsearchentities answered an entry without an item id",
                                    where=self._where({"search": name}))
            match = h.get("match") if isinstance(h.get("match"), dict) else {}
            out.append(Hit(h["id"], _str(h.get("label")), _str(h.get("description")),
                           _str(match.get("text"))))
        return out

    def items(self, qids: Iterable[str]) -> dict[str, Item]:
        """The items *qids* (wbgetentities, in batches); missing ones are left out."""
        wanted = sorted(set(qids), key=lambda q: int(q[1:]))
        found: dict[str, Item] = {}
        for i in range(0, len(wanted), self.settings.batch):
            chunk = wanted[i:i + self.settings.batch]
            data = self._get({"action": "wbgetentities", "ids": "|".join(chunk),
                              "props": "labels|aliases|descriptions|claims",
                              "languages": self.settings.language, "languagefallback": "1"})
            entities = data.get("entities")
            if not isinstance(entities, dict):
                raise WikidataError("wbgetentities answered without an 'entities' object",
                                    where=self._where({"ids": "|".join(chunk)}))
            for key, ent in entities.items():
                if not isinstance(ent, dict) or "missing" in ent:
                    continue
                item = _item(ent, self.settings.language)
                if item is None:
                    raise WikidataError(f"wbgetentities answered a malformed entity {key!r}",
                                        where=self._where({"ids": "|".join(chunk)}))
                if key != item.qid:        # Wikidata follows redirects and says so by the key
                    item = Item(**{**item.__dict__, "redirected_from": key})
                found[key] = item
        return found

    # -- transport -------------------------------------------------------

    def _where(self, params: dict) -> str:
        shown = "&".join(f"{k}={v}" for k, v in params.items() if k in ("action", "search", "ids"))
        return f"{self.settings.url}?{shown}"

    def _cache_path(self, params: dict) -> Path | None:
        if self.cache_dir is None:
            return None
        key = json.dumps({"url": self.settings.url, **params}, sort_keys=True)
        digest = hashlib.sha256(key.encode()).hexdigest()
        return self.cache_dir / digest[:2] / f"{digest}.json"

    def _get(self, params: dict) -> dict:
        path = self._cache_path(params)
        if path is not None and path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self.stats.cached += 1
                return data["answer"]
            except (ValueError, KeyError):
                pass            # a damaged cache entry is asked again, not trusted
        if self.offline:
            what = params.get("search") or params.get("ids")
            self.stats.misses.append(f"{params['action']} {what}")
            raise OfflineMiss(f"no cached answer for {params['action']} {what!r}",
                              where=str(self.cache_dir) if self.cache_dir else "the cache",
                              fix="run kg link once with the network to fill the cache")
        data = self._fetch(params)
        if path is not None:
            _write_atomic(path, json.dumps({"request": params, "answer": data}, sort_keys=True,
                                           ensure_ascii=False, indent=1))
        return data

    def _fetch(self, params: dict) -> dict:
        s = self.settings
        query = {**params, "format": "json", "formatversion": "2", "maxlag": str(s.maxlag)}
        where = self._where(params)
        wait = s.backoff
        problem = "no attempt made"
        for attempt in range(1, s.retries + 1):
            self.stats.requests += 1
            retry_after = None
            try:
                resp = self._session.get(s.url, params=query, timeout=s.timeout)
            except requests.Timeout:
                problem = f"Wikidata gave no answer within {s.timeout:g} s"
            except requests.RequestException as exc:
                cause = _cause(exc)
                if isinstance(cause, socket.gaierror):
                    # No name resolution: no network, or a wrong --api. Waiting won't help.
                    raise WikidataError(f"cannot reach {urlsplit(s.url).hostname} "
                                        "(its name does not resolve: no network?)", where=where,
                                        fix="check the connection or --api, or use --offline") from None
                problem = f"the connection to Wikidata failed ({_describe(cause)})"
            else:
                retry_after = _retry_after(resp.headers.get("Retry-After"))
                if resp.status_code == 429 or resp.status_code >= 500:
                    problem = f"Wikidata answered HTTP {resp.status_code}"
                elif resp.status_code != 200:
                    raise WikidataError(f"Wikidata refused the request (HTTP {resp.status_code})",
                                        where=where)
                else:
                    try:
                        data = resp.json()
                    except ValueError:
                        problem = "Wikidata answered something that is not JSON"
                        data = None
                    if isinstance(data, dict):
                        err = data.get("error")
                        if isinstance(err, dict) and err.get("code") == "maxlag":
                            problem = "Wikidata's servers are lagging (maxlag)"
                            # The manual asks for at least 5 s unless told otherwise.
                            retry_after = retry_after if retry_after is not None else 5.0
                        elif isinstance(err, dict):
                            raise WikidataError(
                                f"Wikidata answered an error: {err.get('code')}: {err.get('info')}",
                                where=where)
                        else:
                            return data
                    elif data is not None:
                        problem = "Wikidata answered JSON that is not an object"
            if attempt == s.retries:
                break
            delay = min(s.max_wait, retry_after if retry_after is not None else wait)
            self.stats.retries += 1
            self._sleep(delay)
            wait *= 2
        raise WikidataError(f"{problem}, {s.retries} times", where=where,
                            fix="try again later; decisions made so far are kept and the run resumes")


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None         # an HTTP date: fall back to our own backoff


def _cause(exc: BaseException) -> BaseException:
    """The innermost exception behind a requests error (a refused socket, a reset, ...)."""
    seen = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        nxt = exc.__cause__ or exc.__context__
        if nxt is None and exc.args and isinstance(exc.args[0], BaseException):
            nxt = exc.args[0]
        reason = getattr(exc, "reason", None)
        if nxt is None and isinstance(reason, BaseException):
            nxt = reason
        if nxt is None:
            break
        exc = nxt
    return exc


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ConnectionResetError):
        return "connection reset"
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]


def _is_qid(value) -> bool:
    return isinstance(value, str) and value[:1] == "Q" and value[1:].isdigit()


def _str(value) -> str | None:
    return value if isinstance(value, str) else None


def _text(obj, lang: str) -> str | None:
    """A label or description in formatversion 1 or 2 shape, in *lang* or a fallback."""
    if not isinstance(obj, dict):
        return None
    v = obj.get(lang) or next(iter(obj.values()), None)
    if isinstance(v, dict):
        return _str(v.get("value"))
    return _str(v)


def _item(ent: dict, lang: str) -> Item | None:
    qid = ent.get("id")
    if not _is_qid(qid):
        return None
    claims = ent.get("claims", {})
    if not isinstance(claims, dict):
        return None
    labels = ent.get("labels", {}) if isinstance(ent.get("labels"), dict) else {}
    all_labels = sorted({_text({k: v}, k) for k, v in labels.items()} - {None})
    aliases = []
    raw = ent.get("aliases", {})
    for group in (raw.values() if isinstance(raw, dict) else ()):
        for a in group if isinstance(group, list) else ():
            text = _str(a.get("value")) if isinstance(a, dict) else _str(a)
            if text:
                aliases.append(text)
    return Item(
        qid=qid, label=_text(labels, lang), description=_text(ent.get("descriptions"), lang),
        aliases=tuple(dict.fromkeys(aliases)), labels=tuple(all_labels),
        instance_of=tuple(_item_values(claims.get("P31"))),
        born=_first_time(claims.get("P569")), died=_first_time(claims.get("P570")),
        inception=_first_time(claims.get("P571")), dissolved=_first_time(claims.get("P576")),
    )


def _snaks(statements) -> list[dict]:
    """Main values of *statements*, preferred rank first, deprecated ones dropped."""
    if not isinstance(statements, list):
        return []
    ranked = sorted((s for s in statements if isinstance(s, dict) and s.get("rank") != "deprecated"),
                    key=lambda s: s.get("rank") != "preferred")
    out = []
    for s in ranked:
        snak = s.get("mainsnak")
        if isinstance(snak, dict) and snak.get("snaktype") == "value":
            dv = snak.get("datavalue")
            if isinstance(dv, dict):
                out.append(dv)
    return out


def _item_values(statements) -> list[str]:
    out = []
    for dv in _snaks(statements):
        v = dv.get("value")
        if isinstance(v, dict) and _is_qid(v.get("id")):
            out.append(v["id"])
    return out


def _first_time(statements) -> WDTime | None:
    for dv in _snaks(statements):
        v = dv.get("value")
        if isinstance(v, dict):
            t = parse_time(v.get("time"), v.get("precision"))
            if t is not None:
                return t
    return None


def parse_time(value, precision) -> WDTime | None:
    """``+1902-01-08T00:00:00Z`` with its precision, or None for what kg cannot place.

    Years before 1 CE, and precisions coarser than a year, are not placed.
    Month or year precision gives the first day of that month or year;
    comparisons honour the precision (see :func:`kg.link._within`).
    """
    if not isinstance(value, str) or not isinstance(precision, int) or precision < 9:
        return None
    if not value.startswith("+"):
        return None
    try:
        y, m, d = value[1:].split("T", 1)[0].split("-")
        year, month, day = int(y), int(m), int(d)
        date = dt.date(year, max(1, month) if precision >= 10 else 1,
                       max(1, day) if precision >= 11 else 1)
    except ValueError:
        return None
    return WDTime(date, min(precision, 11))
