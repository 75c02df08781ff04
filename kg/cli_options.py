"""Option bundles and error handling shared by every ``kg`` command."""

from __future__ import annotations

import functools
import os
import signal
import sys
from pathlib import Path

import click

from . import resources
from .errors import KGError, Stopped, stop_on_signals

DATASET = resources.BUILD_DIR / resources.DATASET_NAME


def one_line(text: str) -> str:
    """*text* with line breaks, controls and bidi marks escaped (``\\n``, ``\\u202e``).

    An error names files and quotes documents; whatever they hold, the message
    stays one line and reads left to right.
    """
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii")
                   for c in text)


def _fail(exc: BaseException, debug: bool) -> None:
    if isinstance(exc, BrokenPipeError):
        # The reader went away (`kg ... | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)
    if debug:
        raise exc
    if isinstance(exc, KGError):
        click.echo(f"Error: {one_line(str(exc))}", err=True)
        sys.exit(exc.exit_code)
    if isinstance(exc, MemoryError):
        # The whole graph is held in memory: a large single document can exhaust it.
        click.echo("Error: out of memory: the input is too large for the memory available; "
                   "split large documents or build fewer at once", err=True)
        sys.exit(2)
    click.echo(f"Error: unexpected failure ({type(exc).__name__}: {one_line(str(exc))}); "
               "rerun with --debug for the traceback", err=True)
    sys.exit(2)


def guarded(func):
    """Turn exceptions into one-line errors unless --debug is on.

    SIGTERM and SIGHUP stop the command cleanly: temporary files are removed,
    nothing is half-written (writes are atomic), one line says so, and the
    exit status is 128 + the signal's number, as if the signal had ended it.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            with stop_on_signals():
                return func(*args, **kwargs)
        except (KGError, OSError, ValueError, RuntimeError, KeyError, TypeError, MemoryError) as exc:
            _fail(exc, debug)
        except Stopped as exc:
            name = signal.Signals(exc.signum).name
            click.echo(f"Error: stopped by {name} before finishing; temporary files were removed "
                       "and no output was half-written", err=True)
            sys.exit(128 + exc.signum)

    return wrapper


def dataset_option(func):
    return click.option("--dataset", "dataset_path", type=click.Path(path_type=Path),
                        default=DATASET, show_default=True,
                        help="The dataset written by `kg build`.")(func)


def pipeline_options(func):
    """--base, --authority, --lexicon, --pipeline and --links: what a run builds with."""
    opts = [
        click.option("--base", default=resources.DEFAULT_BASE, show_default=True,
                     help="Base IRI for minted entity, witness and graph IRIs."),
        click.option("--authority", type=click.Path(path_type=Path), default=resources.AUTHORITY,
                     show_default=True, help="Authority file of known entities."),
        click.option("--lexicon", type=click.Path(path_type=Path), default=resources.LEXICON,
                     show_default=True, help="Rule lexicon (phrases the extractors look for)."),
        click.option("--pipeline", type=click.Path(path_type=Path), default=resources.PIPELINE,
                     show_default=True, help="Component order."),
        click.option("--links", type=click.Path(path_type=Path), default=resources.LINKS,
                     show_default=True,
                     help="Link decision log written by `kg link` (replayed offline)."),
    ]
    for opt in reversed(opts):
        func = opt(func)
    return func


def shapes_option(func):
    return click.option("--shapes", type=click.Path(path_type=Path), default=resources.SHAPES,
                        show_default=True, help="SHACL shapes to validate against.")(func)
