"""The ``kg`` command line: a thin layer over the library.

Each command parses options, calls one public function and renders its
result. Errors a user can act on become one ``Error: ...`` line and exit 2
(exit 1 when the graph does not conform); a traceback only with ``--debug``.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import click

from . import (cli_evaluate, cli_link, cli_publish, cli_push, cli_query, cli_serve, formats,
               resources, scratch)
from .cli_options import dataset_option, guarded, pipeline_options, shapes_option
from .errors import ConfigError, OutputError

@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.version_option(package_name="kg")
def main(debug: bool) -> None:
    """kg: turn historical documents into a validated, provenance-rich knowledge graph.

    \b
    Typical use:
      kg build                 build the bundled corpus (sources/) into build/dataset.nq
      kg build memo.txt        build any UTF-8 plain-text documents, no manifest needed
      kg validate              check the built graph against the SHACL shapes
      kg export -o kg.ttl      write Turtle (or JSON-LD, N-Triples, N-Quads, TriG)
      kg query --name stances  run a shipped SPARQL query (kg query --list)
      kg serve                 a read-only SPARQL endpoint and entity pages on 127.0.0.1
      kg push URL              load the dataset into a Graph Store (Oxigraph, Fuseki, ...)
      kg link                  link entities to Wikidata (network; decisions are logged)
      kg publish site/         dumps, VoID/DCAT, RO-Crate and a static web site in one folder
      kg evaluate GOLD...      score extraction against gold annotations (TEI or JSON)
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path), default=resources.BUILD_DIR,
              show_default=True, help="Folder to write dataset.nq into (created if its parent exists).")
@pipeline_options
@shapes_option
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes for extraction  [default: all cores]")
@click.option("--on-error", type=click.Choice(["fail", "skip"]), default="fail", show_default=True,
              help="A document that cannot be read or extracted: stop, or leave it out and list it.")
@click.option("--no-cache", is_flag=True, help="Redo every document's extraction (no OUT/.cache).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@guarded
def build(paths, out, base, authority, lexicon, pipeline, links, shapes, no_validate, jobs,
          on_error, no_cache, quiet):
    """Build the graph of PATHS (text or TEI .xml files, or folders; default: the bundled sources/).

    Writes OUT/dataset.nq (N-Quads: one named graph per witness and one per
    work) and prints a summary. Exits 1 if the graph does not conform to the
    shapes (the dataset is still written, for inspection).

    The dataset is replaced atomically: a run that fails or is killed leaves
    the previous one. SIGTERM or SIGHUP stops a run cleanly (exit 143 or 129,
    temporary files removed); what a SIGKILLed run leaves in $TMPDIR is
    removed by the next build. OUT/.kg.lock keeps two runs from writing OUT
    at once: the second stops at once with an error (exit 2).

    Past 500,000 quads the graph is sorted on disk under $TMPDIR; validation
    reads it there in parts (or, for shapes that rule out parts, past five
    million quads loads an on-disk store there): leave free space there of
    about three times the size of dataset.nq.
    """
    from .export import LOCK_NAME, output_lock, remove_leftovers

    if not out.exists() and out.parent.is_dir():
        out.mkdir()
    if not out.is_dir():
        raise OutputError("output folder cannot be created (its parent does not exist)",
                          where=str(out))
    with output_lock(out / LOCK_NAME, f"into {out}"):
        remove_leftovers(out, resources.DATASET_NAME)
        scratch.reap()          # what a killed build left in $TMPDIR
        _build(paths, out, base, authority, lexicon, pipeline, links, shapes, no_validate, jobs,
               on_error, no_cache, quiet)


def _build(paths, out, base, authority, lexicon, pipeline, links, shapes, no_validate, jobs,
           on_error, no_cache, quiet):
    from .export import write_atomic
    from .pipeline import Options, run
    from .validate import load_shapes, validate

    shapes_graph = None if no_validate else load_shapes(shapes)
    bar = Progress() if not quiet and sys.stderr.isatty() else None
    try:
        result = run(list(paths) or [resources.SOURCES],
                     Options(base=base, authority=authority, lexicon=lexicon, pipeline=pipeline,
                             links=links, jobs=jobs, on_error=on_error,
                             cache=None if no_cache else out / resources.CACHE_DIR,
                             progress=bar, stage=bar.stage if bar else None))
        # Only the dataset and the summary are needed from here: let the analysis go.
        quads, summary, report = result.dataset, result.summary, None
        del result
        gc.collect()        # some of it is in reference cycles: free it before validating
        if not no_validate:
            if bar:
                bar.stage(f"validating {len(quads):,} quads")
            report = validate(quads, shapes_graph, stage=bar.stage if bar else None)
        if bar:
            bar.stage(f"writing {out / resources.DATASET_NAME}")
        write_atomic(out / resources.DATASET_NAME, quads.nquads_chunks())
    finally:
        if bar:
            bar.close()
    if not quiet:
        _summary(summary, report, out / resources.DATASET_NAME)
    if report is not None and not report.conforms:
        click.echo(report.text(), err=True)
        sys.exit(1)


class Progress:
    """A one-line progress bar on stderr: documents done, rate and time left."""

    def __init__(self):
        import time

        self._clock = time.monotonic
        self._start = self._clock()
        self._shown = -1.0
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        now = self._clock()
        if done < total and now - self._shown < 0.1:
            return
        self._shown = now
        width = 30
        filled = width * done // total if total else width
        rate = done / (now - self._start) if now > self._start else 0.0
        eta = f"{(total - done) / rate:4.0f} s left" if rate and done < total else ""
        click.echo(f"\rextracting [{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
                   f"{rate:6.1f} docs/s {eta}\x1b[K", err=True, nl=False)
        self._drawn = True

    def stage(self, what: str) -> None:
        """Show the stage that has begun, after the extraction bar: ``[ 12 s] building RDF``."""
        click.echo(f"\r[{self._clock() - self._start:5.0f} s] {what}\x1b[K", err=True, nl=False)
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            click.echo("\r\x1b[K", err=True, nl=False)


def _summary(s: dict, report, path: Path) -> None:
    ents = ", ".join(f"{n} {k}s" if n != 1 else f"{n} {k}" for k, n in s["entities"].items())
    click.echo(f"witnesses: {s['witnesses']} (of {s['works']} work{'s' if s['works'] != 1 else ''})")
    click.echo(f"entities:  {ents}")
    click.echo(f"proposals: {s['proposals']}   stances: {s['stances']}   events: {s['events']}"
               f"   positions: {s['positions']}")
    click.echo(f"facts:     {s['facts']}   mentions: {s['mentions']}   quads: {s['quads']}")
    if "extracted" in s:
        click.echo(f"documents: extracted {s['extracted']}, reused {s['reused']} from cache"
                   + (f", skipped {len(s['skipped'])}" if s["skipped"] else ""))
    for where, why in s.get("skipped", []):
        click.echo(f"skipped:   {where}: {why}")
    for f in s["findings"]:
        click.echo(f"warning:   {f}")
    if report is None:
        click.echo("SHACL:     not run (--no-validate)")
    elif report.conforms:
        click.echo("SHACL:     conforms")
    else:
        click.echo(f"SHACL:     does NOT conform ({len(report.violations)} problems, see below)")
    click.echo(f"written:   {path}")


@main.command()
@dataset_option
@click.option("-f", "--format", "fmt", help="turtle, json-ld, nt, nquads or trig "
              "(default: from the -o extension, else turtle).")
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(path_type=Path),
              help="File to write (default: stdout). Repeat it to write several formats from one "
                   "read of the dataset, side by side: -o kg.ttl -o kg.jsonld -o kg.nt")
@click.option("--context", type=click.Path(path_type=Path), default=resources.CONTEXT,
              show_default=True, help="JSON-LD context for compaction.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Files written at once, each by its own process, when there are several "
                   "and the dataset is large  [default: all cores]")
@guarded
def export(dataset_path, fmt, outputs, context, jobs):
    """Export the built dataset in an RDF format, or in several at once.

    Turtle and N-Triples hold the union of all graphs; N-Quads, TriG and
    JSON-LD keep one named graph per witness and per work. Files are
    replaced only once every one of them is written: a failure leaves them
    all as they were.
    """
    from .dumps import Dump, write_dumps
    from .export import read_dataset, serialize_chunks

    if fmt and len(outputs) > 1:
        raise ConfigError("--format names the format of one output",
                          fix="leave it out: with several -o each format comes from the file's extension")
    named = formats.parse_format(fmt) if fmt else None
    dumps = []
    for output in outputs:
        chosen = named or formats.guess_format(output)
        if chosen is None:
            if len(outputs) > 1:
                raise ConfigError("cannot tell the format from the file's extension", where=str(output),
                                  fix="use .ttl, .jsonld, .nt, .nq or .trig")
            chosen = formats.TURTLE
        if not (output.parent if str(output.parent) else Path(".")).is_dir():
            raise OutputError("output folder does not exist", where=str(output.parent))
        dumps.append(Dump(output, chosen))
    if len({d.path.resolve() for d in dumps}) < len(dumps):
        raise ConfigError("the same file is given twice to -o", fix="give each output once")
    data = read_dataset(dataset_path)
    if dumps:
        write_dumps(data, dumps, context, jobs=jobs)
        return
    for piece in serialize_chunks(data, named or formats.TURTLE, context):
        sys.stdout.buffer.write(piece)
    sys.stdout.flush()


@main.command("validate")
@dataset_option
@shapes_option
@click.option("--engine", type=click.Choice(["oxigraph", "pyshacl"]), default="oxigraph",
              show_default=True,
              help="oxigraph: the shapes compiled to SPARQL and run in Oxigraph (fast); "
                   "pyshacl: pySHACL over the whole graph, the reference (slow on large graphs).")
@guarded
def validate_cmd(dataset_path, shapes, engine):
    """Check the built dataset against the SHACL shapes.

    Prints a report in plain words, each problem with the witness text it came
    from. Exit 0 conforms, 1 does not, 2 usage or input error.
    """
    from .export import read_dataset
    from .validate import load_shapes, validate

    shapes_graph = load_shapes(shapes)
    report = validate(read_dataset(dataset_path), shapes_graph, engine=engine)
    click.echo(report.text())
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.option("--pipeline", type=click.Path(path_type=Path), default=resources.PIPELINE,
              show_default=True)
@guarded
def components(pipeline):
    """List the registered components in pipeline order, with what each needs and adds."""
    from .registry import load_pipeline

    cfg = load_pipeline(pipeline)
    for stage, comps in (("extract", cfg.extract), ("relate", cfg.relate)):
        click.echo(f"{stage}:")
        for c in comps:
            extra = ""
            if c.needs:
                extra += f" needs {', '.join(c.needs)};"
            if c.adds:
                extra += f" adds {', '.join(c.adds)}"
            click.echo(f"  {c.name:40} {c.doc.splitlines()[0] if c.doc else ''}")
            click.echo(f"  {'':40} {extra.strip()}")


# Commands that live in their own modules, registered here so `kg --help` lists them.
main.add_command(cli_query.command)
main.add_command(cli_serve.command)
main.add_command(cli_push.command)
main.add_command(cli_link.command)
main.add_command(cli_publish.command)
main.add_command(cli_evaluate.command)
