"""`kg serve`: placeholder, being written."""

import click


@click.command("serve", hidden=True)
def command():
    """Not yet available."""
    raise click.UsageError("kg serve is not built yet")
