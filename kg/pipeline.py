"""The whole run: load, segment, extract, resolve, relate, build.

``run(paths, options)`` is the one function the CLI's ``kg build`` calls. It
has no side effects: writing files is :mod:`kg.export`'s job.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from . import resources
from .authority import Authority, load_authority
from .build import build
from .decisions import latest, read_log
from .extract import extract
from .load import load
from .model import Corpus
from .registry import PipelineConfig, load_pipeline
from .relate import Relations, relate
from .resolve import resolve
from .rules import Lexicon, load_lexicon
from .segment import segment


@dataclass(frozen=True)
class Options:
    base: str = resources.DEFAULT_BASE
    authority: Path = resources.AUTHORITY
    lexicon: Path = resources.LEXICON
    pipeline: Path = resources.PIPELINE
    links: Path = resources.LINKS


@dataclass
class BuildResult:
    corpus: Corpus
    relations: Relations
    dataset: Dataset
    summary: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Rules:
    """The data files a run reads, loaded once: lexicon, authority file, component order."""

    lexicon: Lexicon
    authority: Authority
    config: PipelineConfig

    @classmethod
    def load(cls, options: Options = Options()) -> "Rules":
        return cls(load_lexicon(options.lexicon), load_authority(options.authority),
                   load_pipeline(options.pipeline))


def analyse(corpus: Corpus, rules: Rules, decisions: dict | None = None) -> Relations:
    """Segment, extract, resolve and relate: everything but building RDF.

    *decisions* are the latest Wikidata link decisions (:mod:`kg.decisions`), if any.
    """
    segments = {s.id: segment(s, rules.lexicon) for s in corpus.sources}
    mentions = {s.id: extract(s, segments[s.id], rules.lexicon, rules.authority,
                              rules.config.extract)
                for s in corpus.sources}
    resolution = resolve(corpus, segments, mentions, rules.authority)
    return relate(corpus, segments, mentions, resolution, rules.lexicon, rules.authority,
                  rules.config.relate, decisions)


def run(paths: list[str | Path], options: Options = Options()) -> BuildResult:
    """Build the graph of the documents at *paths* (files or source folders)."""
    rules = Rules.load(options)
    corpus = load(paths)
    relations = analyse(corpus, rules, latest(read_log(options.links)))
    dataset = build(corpus, relations, options.base)
    return BuildResult(corpus, relations, dataset, summarise(corpus, relations, dataset))


def summarise(corpus: Corpus, rel: Relations, ds: Dataset) -> dict:
    kinds = Counter(r.kind for r in rel.entities)
    return {
        "works": len(corpus.works),
        "witnesses": len(corpus.sources),
        "entities": {k: kinds.get(k, 0) for k in ("person", "organization", "state", "place")},
        "proposals": kinds.get("proposal", 0),
        "stances": kinds.get("stance", 0),
        "events": kinds.get("event", 0),
        "positions": kinds.get("position", 0),
        "facts": len(rel.facts),
        "mentions": sum(len(v) for v in rel.mentions.values()),
        "findings": [f.message for f in rel.findings],
        "quads": len(ds),
    }
