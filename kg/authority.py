"""The authority file: known people, bodies, states and places.

``load_authority(path)`` reads ``authority/entities.toml`` into
:class:`AuthorityRecord` values. This is the only place particular entities
are known; extraction rules stay generic. Each Wikidata QID and date in the
file records where it was confirmed.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError

TYPES = ("person", "organization", "state", "place")
FIELDS = {
    "id", "type", "label", "aliases", "state", "kind", "contextual_aliases", "demonyms",
    "wikidata", "wikidata_source", "born", "died", "inception", "dissolved", "dates_source", "note",
}
QID = re.compile(r"^Q[1-9][0-9]*$")


@dataclass(frozen=True)
class AuthorityRecord:
    id: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    contextual_aliases: tuple[str, ...] = ()
    state: str | None = None
    kind: str | None = None
    wikidata: str | None = None
    wikidata_source: str | None = None
    born: dt.date | None = None
    died: dt.date | None = None
    inception: dt.date | None = None
    dissolved: dt.date | None = None
    dates_source: str | None = None


@dataclass(frozen=True)
class Authority:
    path: str
    records: dict[str, AuthorityRecord]

    @property
    def label(self) -> str:
        """The file's name as output may show it: repository-relative, never machine-specific."""
        from .resources import ROOT

        path = Path(self.path).resolve()
        return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name

    def get(self, ident: str | None) -> AuthorityRecord | None:
        return self.records.get(ident) if ident else None


PLACES_FILE = "places.tsv"


def places_path(authority_path: str | Path) -> Path:
    """The towns' gazetteer that goes with an authority file: ``places.tsv`` beside it
    (read by :mod:`kg.extract.places`)."""
    return Path(authority_path).parent / PLACES_FILE


def load_authority(path: str | Path) -> Authority:
    """Read the authority file; raise ConfigError naming the entry that is wrong."""
    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("authority file not found", where=str(path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"authority file is not valid TOML ({exc})", where=str(path)) from None
    records: dict[str, AuthorityRecord] = {}
    for n, e in enumerate(doc.get("entity", []), 1):
        where = f"{path} [[entity]] #{n}"
        unknown = set(e) - FIELDS
        if unknown:
            raise ConfigError(f"unknown field {sorted(unknown)[0]!r}", where=where)
        for key in ("id", "type", "label"):
            if not e.get(key):
                raise ConfigError(f"missing field {key!r}", where=where)
        if e["type"] not in TYPES:
            raise ConfigError(f"unknown type {e['type']!r}", where=where, fix=f"use one of {', '.join(TYPES)}")
        if e["id"] in records:
            raise ConfigError(f"duplicate id {e['id']!r}", where=where)
        if "wikidata" in e and not QID.match(e["wikidata"]):
            raise ConfigError(f"wikidata {e['wikidata']!r} is not a QID like Q42", where=where)
        if "wikidata" in e and not e.get("wikidata_source"):
            raise ConfigError("wikidata given without wikidata_source", where=where,
                              fix="record where the QID was confirmed")
        dates = {}
        for key in ("born", "died", "inception", "dissolved"):
            if key in e:
                try:
                    dates[key] = dt.date.fromisoformat(str(e[key]))
                except ValueError:
                    raise ConfigError(f"{key} {e[key]!r} is not YYYY-MM-DD", where=where) from None
        records[e["id"]] = AuthorityRecord(
            id=e["id"], type=e["type"], label=e["label"],
            aliases=tuple(e.get("aliases", ())), demonyms=tuple(e.get("demonyms", ())),
            contextual_aliases=tuple(e.get("contextual_aliases", ())),
            state=e.get("state"), kind=e.get("kind"), wikidata=e.get("wikidata"),
            wikidata_source=e.get("wikidata_source"), dates_source=e.get("dates_source"), **dates,
        )
    for r in records.values():
        if r.state and r.state not in records:
            raise ConfigError(f"state {r.state!r} of {r.id!r} is not an id in the file", where=str(path))
    return Authority(path=str(path), records=records)
