"""`kg publish`: a folder with dumps, dataset description, web site and server rules."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from . import resources
from .cli_options import guarded, pipeline_options, shapes_option
from .errors import NonConformingGraph


def _date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2024-02-01") from None


@click.command("publish")
@click.argument("out", type=click.Path(path_type=Path))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@pipeline_options
@shapes_option
@click.option("--context", type=click.Path(path_type=Path), default=resources.CONTEXT,
              show_default=True, help="JSON-LD context for the JSON-LD files.")
@click.option("--description", type=click.Path(path_type=Path), default=resources.PUBLISH,
              show_default=True, help="Title, license, creator, version and dates of the publication.")
@click.option("--modified", callback=_date, metavar="YYYY-MM-DD",
              help="Date of this version (default: `modified` in the description file).")
@click.option("--force", is_flag=True,
              help="Publish a graph that does not conform to the shapes, saying so in the description.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@guarded
def command(out, paths, base, authority, lexicon, pipeline, links, shapes, context, description,
            modified, force, quiet):
    """Publish the graph of PATHS (default: the bundled sources/) as the folder OUT.

    \b
    OUT/index.html          the site: counts, network, timeline, downloads, citation
    OUT/PATH.html .ttl .jsonld   a page and data for every IRI BASE+PATH
    OUT/witness/ID.html     each copy's text, its mentions highlighted and linked
    OUT/ontology.html       the ontology's terms
    OUT/download/           Turtle, JSON-LD, N-Triples.gz, N-Quads.gz, TriG, ontology, shapes
    OUT/sources/            the copies' texts
    OUT/void.ttl            VoID + DCAT 3 description; ro-crate-metadata.json; SHA256SUMS
    OUT/.htaccess, nginx.conf   content negotiation when hosted at BASE

    Refuses (exit 1, with the report) a graph that does not conform to the
    shapes unless --force. OUT is replaced as a whole, and only once the new
    publication is complete: a failure leaves the previous OUT as it was.
    """
    from .pipeline import Options
    from .publish import PublishOptions, publish

    progress = None
    if not quiet and sys.stderr.isatty():
        def progress(line):
            click.echo(f"... {line}", err=True)

    build = Options(base=base, authority=authority, lexicon=lexicon, pipeline=pipeline, links=links)
    options = PublishOptions(build=build, shapes=shapes, context=context, description=description,
                             modified=modified, force=force)
    try:
        result = publish(out, list(paths), options, progress)
    except NonConformingGraph as exc:
        click.echo(getattr(exc, "report", ""), err=True)
        raise
    if quiet:
        return
    click.echo(f"published: {result.out}/ ({result.files} files, {result.bytes} bytes)")
    click.echo(f"graph:     {result.triples} triples, {result.pages} pages")
    if result.conforms:
        click.echo("SHACL:     conforms")
    else:
        click.echo(f"SHACL:     does NOT conform ({result.problems} problems), published with --force; "
                   "recorded in void.ttl and index.html", err=False)
    click.echo(f"open:      {result.out / 'index.html'}")
