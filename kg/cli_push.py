"""`kg push`: load the built dataset into a triplestore (SPARQL 1.1 Graph Store HTTP Protocol)."""

from __future__ import annotations

import click

from .cli_options import dataset_option, guarded


@click.command("push")
@click.argument("url")
@click.option("--auth", metavar="USER:PASSWORD", envvar="KG_PUSH_AUTH", show_envvar=True,
              help="HTTP basic authentication, for stores that need it.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              metavar="SECONDS",
              help="Seconds to wait for the store to connect and to answer each request.")
@dataset_option
@guarded
def command(url, auth, timeout, dataset_path):
    """Load the built dataset into the triplestore whose Graph Store endpoint is URL.

    \b
      Oxigraph  http://HOST:7878/store
      Fuseki    http://HOST:3030/DATASET/data
      GraphDB   http://HOST:7200/repositories/ID/rdf-graphs/service

    Each named graph (one per witness, one per work) is sent with one HTTP
    PUT to URL?graph=<graph IRI>, which replaces that graph in the store.

    What is atomic: each graph is replaced as a whole by its PUT, so readers
    see the old graph or the new one, never a mix. The push as a whole is
    not: if the store fails half-way, the error says which graphs were
    replaced and which not, and running kg push again completes it. The
    store is checked first (a HEAD request), so a store that is down or a
    wrong URL changes nothing (nor do missing credentials, where the store
    asks for them to read). Graphs in the store that the dataset does not
    have are left alone.
    """
    from .push import parse_auth, push

    report = push(dataset_path, url, auth=parse_auth(auth) if auth else None, timeout=timeout)
    width = max(len(g.graph) for g in report.graphs)
    for g in report.graphs:
        click.echo(f"{'created ' if g.created else 'replaced'}  {g.graph:{width}}  {g.triples:>6} triples")
    n = len(report.graphs)
    click.echo(f"pushed:   {n} graph{'s' if n != 1 else ''}, {report.triples} triples to {report.url}")
