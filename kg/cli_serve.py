"""`kg serve`: a read-only SPARQL endpoint and linked-data pages over the built dataset."""

from __future__ import annotations

from pathlib import Path

import click

from . import resources
from .cli_options import dataset_option, guarded

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command("serve")
@dataset_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Only this machine can connect to 127.0.0.1; "
                   "0.0.0.0 opens the server to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port, printed at start).")
@click.option("--base", default=None,
              help="Base IRI the dataset was built with (`kg build --base`); request paths "
                   "are read as IRIs under it. [default: read from the dataset, else "
                   f"{resources.DEFAULT_BASE}]")
@click.option("--timeout", type=click.IntRange(1), default=30, show_default=True,
              help="Seconds a query may run before it is stopped (HTTP 503).")
@click.option("--max-rows", type=click.IntRange(1), default=10_000, show_default=True,
              help="Most results (SELECT) or triples (CONSTRUCT, DESCRIBE) one query may "
                   "return; a query that returns more is refused (HTTP 400).")
@click.option("--max-memory", type=click.IntRange(0), default=2048, show_default=True,
              help="MiB of memory the query engine may use (0: no cap); a query that needs "
                   "more stops the engine, which is restarted.")
@click.option("--context", type=click.Path(path_type=Path), default=resources.CONTEXT,
              show_default=True, help="JSON-LD context for the entity descriptions.")
@click.option("-q", "--quiet", is_flag=True, help="Do not log each request.")
@guarded
def command(dataset_path, host, port, base, timeout, max_rows, max_memory, context, quiet):
    """Serve the dataset: a SPARQL endpoint and a page for every IRI.

    \b
    http://HOST:PORT/sparql     read-only SPARQL 1.1 Protocol endpoint:
                                GET ?query=..., POST application/sparql-query,
                                POST a form with query=...; results by the Accept
                                header (SPARQL JSON, XML, CSV, TSV; Turtle,
                                N-Triples, JSON-LD, RDF/XML for CONSTRUCT/DESCRIBE).
                                The default graph is the union of all named graphs
                                (each triple once); GRAPH reaches one witness or work.
    http://HOST:PORT/PATH       the IRI BASE+PATH (e.g. /person/jane-doe is
                                <https://example.org/kg/person/jane-doe>), as
                                Turtle, JSON-LD or an HTML page by the Accept header.
    http://HOST:PORT/           an index of the works, people, organizations, states,
                                places, events and proposals.

    SPARQL Update is refused. The query engine is Oxigraph's server, run as a
    child process on a private port and stopped with kg serve (Ctrl-C).
    """
    from .serve import ServeOptions, serve

    log = None if quiet else (lambda line: click.echo(line, err=True))
    options = ServeOptions(host=host, port=port, base=base, timeout=timeout, max_rows=max_rows,
                           max_memory=max_memory, context=context, log=log)

    def ready(server):
        click.echo(f"Serving {dataset_path} at {server.url}")
        click.echo(f"SPARQL:    {server.url}sparql")
        click.echo(f"IRIs:      {server.base}... are pages under {server.url}")
        if host not in _LOOPBACK:
            click.echo(f"warning:   listening on {host}: other machines can query this server",
                       err=True)
        click.echo("Press Ctrl-C to stop.", err=True)

    serve(dataset_path, options, ready=ready)
