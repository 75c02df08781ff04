"""Publish stage: one folder with everything a linked-data publication needs.

``publish(out, paths, options)`` builds the graph of *paths* (as ``kg build``
does), checks it against the shapes, and writes OUT/ with:

* ``download/``: the graph as Turtle, JSON-LD, N-Triples (gzip), N-Quads (gzip,
  with the named graphs) and TriG, plus the ontology, the shapes and the JSON-LD
  context; byte-identical for the same input (gzip with no name and mtime 0);
* ``sources/``: the copies' texts, byte for byte, that the offsets point into;
* ``void.ttl`` (VoID + DCAT 3), ``ro-crate-metadata.json`` (RO-Crate 1.1) and
  ``SHA256SUMS`` (:mod:`kg.describe`);
* the web site (:mod:`kg.site`): ``index.html``, ``ontology.html`` and, for each
  resource with a label, ``PATH.html`` with ``PATH.ttl`` and ``PATH.jsonld``
  beside it, at its IRI's path below the base;
* ``.htaccess`` and ``nginx.conf`` for content negotiation at the base IRI.

A graph that does not conform is refused (:class:`NonConformingGraph`) unless
``force``, which records the non-conformance in the description and publishes
the report. Everything is written into a fresh folder beside OUT which then
takes OUT's place, so a failure leaves the previous OUT as it was.
"""

from __future__ import annotations

import ctypes
import errno
import gc
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from . import formats, resources
from .batch import RuleFiles
from .describe import (Conformance, FileInfo, file_info, load_description, making, ro_crate,
                       select, statistics, void_dcat)
from .dumps import Dump, write_dumps
from .errors import NonConformingGraph, OutputError
from .export import output_lock, slow_writes, to_quads
from .pages import describe, environment, prefixes, to_jsonld
from .pipeline import Options
from .validate import count_problems

MARKER = "void.ttl"     # a folder holding this was written by kg publish and may be replaced
SPECS = {"turtle": "https://www.w3.org/TR/turtle/", "json-ld": "https://www.w3.org/TR/json-ld11/",
         "nt": "https://www.w3.org/TR/n-triples/", "nquads": "https://www.w3.org/TR/n-quads/",
         "trig": "https://www.w3.org/TR/trig/"}
DUMPS = ((formats.TURTLE, "download/kg.ttl", False, "Turtle (the merge of all graphs)"),
         (formats.JSON_LD, "download/kg.jsonld", False, "JSON-LD (named graphs kept)"),
         (formats.N_TRIPLES, "download/kg.nt.gz", True, "N-Triples, gzip (the merge of all graphs)"),
         (formats.N_QUADS, "download/kg.nq.gz", True, "N-Quads, gzip (named graphs kept)"),
         (formats.TRIG, "download/kg.trig", False, "TriG (named graphs kept)"))


@dataclass(frozen=True)
class PublishOptions:
    build: Options = Options()         # what the graph is built with (base IRI, rule files)
    shapes: Path = resources.SHAPES
    context: Path = resources.CONTEXT
    ontology: Path = resources.ONTOLOGY
    description: Path = resources.PUBLISH
    modified: object = None            # a datetime.date overriding the description's
    force: bool = False


@dataclass(frozen=True)
class PublishResult:
    out: Path
    files: int
    bytes: int
    triples: int
    pages: int
    conforms: bool
    problems: int


def _write(folder: Path, rel: str, data: "bytes | str | Iterable[bytes]") -> None:
    """Write *data* (or its pieces, never held whole) to *folder*/*rel*."""
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    pieces = [data.encode("utf-8")] if isinstance(data, str) else [data] if isinstance(data, bytes) else data
    with open(path, "wb") as f:
        for piece in pieces:
            f.write(piece)
    if pause := slow_writes():      # crash tests only: see kg.export.slow_writes
        time.sleep(pause)


def _check_out(out: Path) -> None:
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError("the folder to publish into cannot be created (its parent does not exist)",
                          where=str(out), fix="create the parent folder first")
    if out.exists() and not out.is_dir():
        raise OutputError("the publication folder is a file", where=str(out),
                          fix="choose a folder name")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise OutputError("the folder is not empty and holds no earlier publication (no void.ttl), "
                          "so kg publish will not replace it", where=str(out),
                          fix="choose a new or empty folder")


def publish(out: str | Path, paths: list[str | Path], options: PublishOptions = PublishOptions(),
            progress: Callable[[str], None] | None = None) -> PublishResult:
    """Build, check and publish the documents at *paths* into the folder *out* (see module doc).

    Raises NonConformingGraph (exit 1; ``.report`` holds the report in words) unless
    ``options.force``, InputError/ConfigError for bad inputs and OutputError for OUT.
    """
    say = progress or (lambda line: None)
    out = Path(out)
    _check_out(out)
    # The lock is beside OUT, not in it: OUT itself is replaced as a whole.
    lock = (out.parent if str(out.parent) else Path(".")) / f".{out.name}.lock"
    with output_lock(lock, f"the publication {out}"):
        _recover(out)
        return _publish(out, paths, options, say)


def _recover(out: Path) -> None:
    """Undo what a killed run left (call under the lock): a half-written folder, or an
    old one set aside by a swap that did not finish (put back if OUT is missing)."""
    parent = out.parent if str(out.parent) else Path(".")
    for old in sorted(parent.glob(f".{out.name}.old-*")):
        if not out.exists() and (old / "previous").is_dir():
            os.rename(old / "previous", out)
        shutil.rmtree(old, ignore_errors=True)
    for tmp in parent.glob(f".{out.name}.publishing-*"):
        shutil.rmtree(tmp, ignore_errors=True)


def _publish(out: Path, paths, options: PublishOptions, say) -> PublishResult:
    from .pipeline import run
    from .validate import load_shapes, validate

    _check_out(out)
    desc = load_description(options.description, options.modified)
    shapes_graph = load_shapes(options.shapes)
    say("building the graph")
    built = run(list(paths) or [resources.SOURCES], options.build)
    # The pages and dumps need the texts and the dataset only: let the analysis go.
    witnesses, dataset = built.corpus.sources, built.dataset
    del built
    gc.collect()

    def check() -> Conformance:
        say("checking it against the shapes")
        report = validate(dataset, shapes_graph)
        if not report.conforms and not options.force:
            exc = NonConformingGraph(f"the graph does not conform to the shapes ({count_problems(len(report.violations))}), "
                                     "so it was not published", where=str(options.shapes),
                                     fix="correct the sources or rules, or publish anyway with --force")
            exc.report = report.text()
            raise exc
        return Conformance(report.conforms, len(report.violations), "" if report.conforms else report.text())

    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.publishing-", dir=out.parent if str(out.parent) else "."))
    try:
        os.chmod(tmp, 0o777 & ~_umask())
        result = _write_all(tmp, witnesses, dataset, options, desc, check, say)
        say(f"replacing {out}")
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return PublishResult(out, *result)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _swap(tmp: Path, out: Path) -> None:
    """Put *tmp* in *out*'s place; the old *out* is removed only once the new one stands.

    On Linux the two folders trade places in one system call, so a crash at any
    moment leaves OUT old or new, never missing. Elsewhere OUT is renamed aside
    first; a crash between the two renames leaves it aside, and the next run
    puts it back (:func:`_recover`).
    """
    if not out.exists():
        os.rename(tmp, out)
        return
    if _exchange(tmp, out):
        shutil.rmtree(tmp, ignore_errors=True)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent if str(out.parent) else "."))
    os.rename(out, old / "previous")
    try:
        os.rename(tmp, out)
    except BaseException:
        os.rename(old / "previous", out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _write_all(folder: Path, witnesses, dataset, options: PublishOptions, desc,
               check: Callable[[], Conformance], say):
    """Write the publication into *folder*; *check* validates the graph (while the dumps
    are written, in their own processes) and raises if it may not be published."""
    from .site import IndexData, StaticLinks, entity_page, index_page, ontology_page, witness_extra
    from .serve import UNION_UPDATE

    base = options.build.base
    say("writing the dumps")
    files: list[FileInfo] = []
    quads = to_quads(dataset)      # converted and sorted once for every dump
    (folder / "download").mkdir()
    conformance = write_dumps(quads, [Dump(folder / rel, fmt, compress) for fmt, rel, compress, _ in DUMPS],
                              options.context, jobs=options.build.jobs, durable=False, meanwhile=check)
    for fmt, rel, compress, title in DUMPS:
        files.append(file_info(folder, rel, title, fmt.media_type, conforms_to=SPECS[fmt.name],
                               compress="application/gzip" if compress else None))
    for src, rel, title, media, role in (
            (options.ontology, "download/ontology.ttl", "The kg ontology (OWL, Turtle)", "text/turtle", "vocabulary"),
            (options.shapes, "download/shapes.ttl", "SHACL shapes the graph is checked against",
             "text/turtle", "shapes"),
            (options.context, "download/context.jsonld", "JSON-LD context of the JSON-LD files",
             "application/ld+json", "context")):
        _write(folder, rel, Path(src).read_bytes())
        files.append(file_info(folder, rel, title, media, role=role,
                               conforms_to=SPECS["json-ld" if role == "context" else "turtle"]))
    texts: dict[str, str] = {}
    for s in witnesses:
        rel = f"sources/{s.id}.txt"
        _write(folder, rel, Path(s.path).read_bytes())
        texts[s.id] = rel
        files.append(file_info(folder, rel, f"Text of the copy {s.id}: {s.meta.title}",
                               "text/plain", role="source"))

    store = quads.store()
    store.update(UNION_UPDATE)
    stats = statistics(store)

    say("describing the dataset")
    if not conformance.conforms:
        _write(folder, "validation-report.txt", conformance.report + "\n")
    sources = [base + f"witness/{s.id}" for s in witnesses]
    rules = RuleFiles(options.build.lexicon, options.build.authority, options.build.pipeline)
    made = making({**rules.named(), "shapes": options.shapes, "link decisions": options.build.links})
    _write(folder, "void.ttl", void_dcat(desc, base, stats, files, sources, conformance, made))
    _write(folder, "ro-crate-metadata.json", ro_crate(desc, base, files, "index.html", conformance))

    say("writing the web site")
    locals_ = [r["resource"].value[len(base):] for r in select(store, "pages", base=ox.Literal(base))]
    links = StaticLinks(set(locals_))
    by_id = {s.id: s for s in witnesses}
    for local in locals_:
        iri = base + local
        extra = None
        kind, _, key = local.partition("/")
        if kind == "witness" and key in by_id:
            extra = witness_extra(store, base, local, by_id[key].text, links, texts[key])
        _write(folder, f"{local}.html", entity_page(store, base, local, links, options.context, extra))
        triples = describe(store, iri)
        _write(folder, f"{local}.ttl", ox.serialize(triples, format=ox.RdfFormat.TURTLE,
                                                    prefixes=prefixes(triples)))
        _write(folder, f"{local}.jsonld", to_jsonld(triples, options.context))
    _write(folder, "index.html", index_page(store, IndexData(desc, base, stats, files, conformance.conforms,
                                                              conformance.problems), links))
    _write(folder, "ontology.html", ontology_page(options.ontology))
    path = urlsplit(base).path or "/"
    text_env = environment(text=True)
    for name, target in (("site/htaccess", ".htaccess"), ("site/nginx.conf", "nginx.conf")):
        _write(folder, target, text_env.get_template(name).render(
            base=base, path=path, ontology=resources.ONTOLOGY_NS))

    say("writing checksums")
    everything = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    sums = "".join(f"{hashlib.sha256((folder / rel).read_bytes()).hexdigest()}  {rel}\n"
                   for rel in everything)
    _write(folder, "SHA256SUMS", sums)
    total = sum((folder / rel).stat().st_size for rel in everything) + len(sums)
    return len(everything) + 1, total, stats.triples, len(locals_) + 2, conformance.conforms, \
        conformance.problems
