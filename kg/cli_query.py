"""`kg query`: placeholder, being written."""

import click


@click.command("query", hidden=True)
def command():
    """Not yet available."""
    raise click.UsageError("kg query is not built yet")
