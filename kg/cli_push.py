"""`kg push`: placeholder, being written."""

import click


@click.command("push", hidden=True)
def command():
    """Not yet available."""
    raise click.UsageError("kg push is not built yet")
