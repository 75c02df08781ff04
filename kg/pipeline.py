"""The whole run: load, segment, extract, resolve, relate, build.

``run(paths, options)`` is the one function the CLI's ``kg build`` calls. It
has no side effects: writing files is :mod:`kg.export`'s job.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import resources
from .authority import Authority, load_authority
from .batch import RuleFiles, extract_all
from .build import build
from .decisions import latest, read_log
from .extract import extract
from .load import load
from .model import Corpus
from .registry import PipelineConfig, load_pipeline
from .relate import Relations, relate
from .resolve import resolve
from .rules import Lexicon, load_lexicon
from .quads import Quads
from .segment import segment


@dataclass(frozen=True)
class Options:
    base: str = resources.DEFAULT_BASE
    authority: Path = resources.AUTHORITY
    lexicon: Path = resources.LEXICON
    pipeline: Path = resources.PIPELINE
    links: Path = resources.LINKS
    jobs: int | None = None          # extraction processes; None: one per core
    cache: Path | None = None        # folder of cached per-document extraction results
    on_error: str = "fail"           # a document that cannot be read or extracted: fail | skip
    progress: Callable[[int, int], None] | None = None   # called with (documents done, total)
    stage: Callable[[str], None] | None = None           # called as each later stage begins


@dataclass
class BuildResult:
    corpus: Corpus
    relations: Relations
    dataset: Quads
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
    """Segment, extract, resolve and relate in this process: everything but building RDF.

    What ``kg evaluate`` runs on each gold document (``run`` extracts a whole
    corpus in parallel through :mod:`kg.batch` instead). *decisions* are the
    latest Wikidata link decisions (:mod:`kg.decisions`), if any.
    """
    segments = {s.id: segment(s, rules.lexicon) for s in corpus.sources}
    mentions = {s.id: extract(s, segments[s.id], rules.lexicon, rules.authority,
                              rules.config.extract)
                for s in corpus.sources}
    resolution = resolve(corpus, segments, mentions, rules.authority)
    return relate(corpus, segments, mentions, resolution, rules.lexicon, rules.authority,
                  rules.config.relate, decisions)


@dataclass
class Analysis:
    """A corpus analysed up to its relations, and what extraction did."""

    corpus: Corpus
    relations: Relations
    extracted: int
    reused: int
    skipped: list[tuple[str, str]]


def analyse_paths(paths: list[str | Path], options: Options = Options()) -> Analysis:
    """Load the documents at *paths* and analyse them up to their relations (no RDF).

    Extraction runs in parallel and through the cache (:mod:`kg.batch`); what
    ``kg link`` needs, and the first part of :func:`run`.
    """
    rules = Rules.load(options)
    skipped: list[tuple[str, str]] | None = [] if options.on_error == "skip" else None
    corpus = load(paths, skipped)
    ex = extract_all(corpus, RuleFiles(options.lexicon, options.authority, options.pipeline),
                     jobs=options.jobs, cache=options.cache, on_error=options.on_error,
                     progress=options.progress)
    if ex.skipped:
        corpus = _without(corpus, set(ex.mentions))
    if not corpus.sources:
        from .errors import InputError

        first = ((skipped or []) + ex.skipped)[0]
        raise InputError(f"every document was skipped (the first: {first[1]})", where=first[0],
                         fix="fix the documents")
    _stage(options, f"resolving and relating {len(corpus.sources):,} documents")
    resolution = resolve(corpus, ex.segments, ex.mentions, rules.authority)
    decisions = latest(read_log(options.links))
    relations = relate(corpus, ex.segments, ex.mentions, resolution, rules.lexicon,
                       rules.authority, rules.config.relate, decisions)
    return Analysis(corpus, relations, ex.extracted, ex.reused, (skipped or []) + ex.skipped)


def run(paths: list[str | Path], options: Options = Options()) -> BuildResult:
    """Build the graph of the documents at *paths* (files or source folders)."""
    a = analyse_paths(paths, options)
    _stage(options, "building RDF")
    dataset = build(a.corpus, a.relations, options.base)
    summary = summarise(a.corpus, a.relations, dataset)
    summary.update(extracted=a.extracted, reused=a.reused, skipped=a.skipped)
    return BuildResult(a.corpus, a.relations, dataset, summary)


def _stage(options: Options, what: str) -> None:
    if options.stage is not None:
        options.stage(what)


def _without(corpus: Corpus, keep: set[str]) -> Corpus:
    """*corpus* with only the witnesses in *keep*, and the works that still have one."""
    sources = tuple(s for s in corpus.sources if s.id in keep)
    works = {s.meta.work for s in sources}
    return replace(corpus, sources=sources, works=tuple(w for w in corpus.works if w.id in works))


def summarise(corpus: Corpus, rel: Relations, ds: Quads) -> dict:
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
