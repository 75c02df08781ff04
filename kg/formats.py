"""RDF serialization formats as a value object.

One place knows that ``ttl``, ``turtle`` and ``text/turtle`` name the same
format, which file extension it uses and whether it can carry named graphs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError


@dataclass(frozen=True)
class RdfFormat:
    name: str
    media_type: str
    extension: str
    aliases: tuple[str, ...]
    supports_datasets: bool

    def __str__(self) -> str:
        return self.name

    def __reduce__(self):
        # Code compares formats by identity (``fmt is TURTLE``): a format sent to
        # another process (kg.dumps) must arrive as that process's own constant.
        return parse_format, (self.name,)


TURTLE = RdfFormat("turtle", "text/turtle", "ttl", ("ttl", "turtle", "text/turtle"), False)
JSON_LD = RdfFormat("json-ld", "application/ld+json", "jsonld",
                    ("json-ld", "jsonld", "json", "application/ld+json"), True)
N_TRIPLES = RdfFormat("nt", "application/n-triples", "nt",
                      ("nt", "ntriples", "n-triples", "application/n-triples"), False)
N_QUADS = RdfFormat("nquads", "application/n-quads", "nq",
                    ("nq", "nquads", "n-quads", "application/n-quads"), True)
TRIG = RdfFormat("trig", "application/trig", "trig", ("trig", "application/trig"), True)

ALL = (TURTLE, JSON_LD, N_TRIPLES, N_QUADS, TRIG)


def parse_format(value: str) -> RdfFormat:
    """Return the format named by *value* (a name, alias, extension or media type)."""
    key = value.strip().lower()
    for fmt in ALL:
        if key in fmt.aliases:
            return fmt
    names = ", ".join(f.name for f in ALL)
    raise ConfigError(f"unknown RDF format {value!r}", fix=f"use one of {names}")


def guess_format(path: str | Path) -> RdfFormat | None:
    """Guess a format from a file name's extension, or None."""
    suffix = Path(path).suffix.lstrip(".").lower()
    if not suffix:
        return None
    for fmt in ALL:
        if suffix == fmt.extension or suffix in fmt.aliases:
            return fmt
    return None
