"""`kg query`: run a named, file or inline SPARQL query over the built dataset."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import resources
from .cli_options import dataset_option, guarded
from .errors import ConfigError


@click.command("query")
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("-n", "--name", metavar="NAME", help="Run the named query NAME from the queries folder (see --list).")
@click.option("-e", "--expression", metavar="SPARQL", help="Run the query given here.")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and exit.")
@click.option("-f", "--format", "fmt", metavar="FORMAT",
              help="table (default), csv, tsv, json or xml for SELECT/ASK; "
                   "turtle (default), json-ld, nt, nquads or trig for CONSTRUCT/DESCRIBE.")
@click.option("--bind", "binds", multiple=True, metavar="VAR=VALUE",
              help="Pre-bind a selected variable: VALUE is an IRI if written <...>, http(s)://... "
                   "or prefix:name (schema:author), else a string. Repeatable.")
@click.option("--queries", "folder", type=click.Path(path_type=Path), default=resources.QUERIES,
              show_default=True, help="Folder of named queries (*.rq).")
@dataset_option
@guarded
def command(file, name, expression, list_queries, fmt, binds, folder, dataset_path):
    """Run a SPARQL 1.1 query over the built dataset.

    \b
      kg query --list                 the named queries, one line each
      kg query --name stances         run a named query
      kg query my.rq                  run a query file
      kg query -e 'SELECT ...'        run a query given inline

    Each witness and each work is a named graph: GRAPH ?g { ... } matches
    them one by one. Outside GRAPH the default graph is the union (RDF merge)
    of all named graphs, each triple once, so plain patterns see every graph.

    SELECT and ASK answers print as an aligned table (long literals cut);
    --format csv, tsv, json or xml writes the SPARQL 1.1 results formats for
    other programs. CONSTRUCT and DESCRIBE answers print as Turtle, or as
    JSON-LD, N-Triples, N-Quads or TriG with --format.
    """
    from . import query

    if list_queries:
        named = query.named_queries(folder)
        width = max((len(q.name) for q in named), default=0)
        for q in named:
            click.echo(f"{q.name:{width}}  {q.title or q.description}".rstrip())
        return
    given = [x for x in (name and "--name", file and "FILE", expression is not None and "-e") if x]
    if len(given) != 1:
        raise ConfigError("give one query" if not given else f"give one query, not {' and '.join(given)}",
                          fix="--name NAME, a FILE.rq or -e 'SELECT ...' (kg query --list shows the names)")
    if name:
        path = query.find_query(name, folder).path
        text, source = query.read_text(path), str(path)
    elif file:
        text, source = query.read_text(file), str(file)
    else:
        text, source = expression, "the -e query"
    bindings = dict(query.parse_binding(b) for b in binds)
    result = query.run(query.load_store(dataset_path), text, source=source, bindings=bindings)
    sys.stdout.buffer.write(query.render(result, fmt))
    sys.stdout.flush()
