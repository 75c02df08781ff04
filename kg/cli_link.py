"""`kg link`: reconcile entities with Wikidata; review, replay and check links."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import resources
from .cli_options import guarded


def _cache_default() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kg" / "wikidata"


@click.command("link")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--apply", "apply_path", type=click.Path(path_type=Path), metavar="REVIEW.csv",
              help="Record the accept/reject marks a person made in a review file.")
@click.option("--check", is_flag=True,
              help="Check the authority file's QIDs against Wikidata (label, type, dates).")
@click.option("--offline", is_flag=True,
              help="Use the cache alone; say what it could not resolve.")
@click.option("--redo", is_flag=True,
              help="Decide again the entities the rule decided before (a person's decisions stand).")
@click.option("--log", "log_path", type=click.Path(path_type=Path), default=resources.LINKS,
              show_default=True, help="The link decision log (JSON Lines, appended to).")
@click.option("--review", "review_path", type=click.Path(path_type=Path),
              default=resources.BUILD_DIR / "link-review.csv", show_default=True,
              help="Where to write the candidates that need a person.")
@click.option("--reviewer", envvar="KG_REVIEWER", show_envvar=True,
              help="Your name, recorded with the decisions of --apply (default: $USER).")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path), default=_cache_default,
              show_default="$XDG_CACHE_HOME/kg/wikidata",
              help="Folder of cached Wikidata answers.")
@click.option("--contact", envvar="KG_CONTACT", show_envvar=True,
              help="Your e-mail or URL, sent in the User-Agent as Wikimedia asks.")
@click.option("--api", "api_url", envvar="KG_WIKIDATA_API", show_envvar=True,
              help="Wikidata API endpoint (default from rules/wikidata.toml).")
@click.option("--settings", type=click.Path(path_type=Path), default=resources.WIKIDATA,
              show_default=True, help="Scoring and client settings.")
@click.option("--authority", type=click.Path(path_type=Path), default=resources.AUTHORITY,
              show_default=True, help="Authority file of known entities.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary.")
@guarded
def command(paths, apply_path, check, offline, redo, log_path, review_path, reviewer, cache_dir,
            contact, api_url, settings, authority, quiet):
    """Link the entities of PATHS (default: the bundled sources/) to Wikidata.

    \b
    kg link                     ask Wikidata about entities that have no link yet
    kg link --apply FILE.csv    record the choices a person made in a review file
    kg link --check             verify the authority file's QIDs against Wikidata

    Each entity without a QID in the authority file gets candidates from
    wbsearchentities, scored by name, type (a person must be human) and time
    (alive, or in existence, at the document's date). The best is linked if
    it scores at least the threshold with a clear margin; the rest are
    written to the review file. Every decision goes into the decision log,
    which `kg build` replays offline: run `kg build` afterwards to put the
    links into the graph.

    Answers are cached, so a second run sends nothing; if the network or
    Wikidata fails mid-run, the decisions made so far are kept and the next
    run resumes. Exit 0 done, 1 (--check) mismatches found, 2 error.
    """
    from . import decisions as dlog
    from .link import load_settings

    if apply_path is not None:
        log = dlog.latest(dlog.read_log(log_path))
        who = reviewer or os.environ.get("USER") or "unknown reviewer"
        result = dlog.apply_review(apply_path, log, who)
        for d in result.decided:
            dlog.append(log_path, d)
            if not quiet:
                click.echo(f"  {d.entity:40} {d.qid or 'no link':10} by {d.by}")
        click.echo(f"applied:   {_n(len(result.decided), 'decision', 'decisions')} by {who} into {log_path}")
        if result.undecided:
            click.echo(f"undecided: {len(result.undecided)} entities left without a mark: "
                       f"{', '.join(result.undecided[:5])}{' ...' if len(result.undecided) > 5 else ''}")
        return

    from .wikidata import Client

    conf = load_settings(settings, api_url)
    if not contact and not offline:
        click.echo("note: Wikimedia asks API clients for contact details; "
                   "set KG_CONTACT or --contact to your e-mail or URL", err=True)
    client = Client(conf.api, cache_dir=cache_dir, contact=contact, offline=offline)
    try:
        if check:
            problems = _check(client, conf, authority)
        else:
            _link(paths, client, conf, authority, log_path, review_path, redo, quiet)
            problems = 0
    finally:
        client.close()
    s = client.stats
    if not quiet:
        click.echo(f"wikidata:  {_n(s.requests, 'request', 'requests')}, "
                   f"{_n(s.cached, 'answer', 'answers')} from the cache"
                   + (f", {_n(s.retries, 'retry', 'retries')}" if s.retries else ""))
    if problems:
        sys.exit(1)


def _link(paths, client, conf, authority, log_path, review_path, redo, quiet):
    from . import decisions as dlog
    from .export import write_atomic
    from .link import link
    from .pipeline import Options, analyse_paths

    result = analyse_paths(list(paths) or [resources.SOURCES],
                           Options(authority=authority, links=log_path))

    def progress(d):
        if not quiet:
            target = d.qid or ("review" if d.status == dlog.NEEDS_REVIEW else "none")
            score = f"{d.score:.2f}" if d.score is not None else "-"
            click.echo(f"  {d.entity:40} {target:10} {score:>5}  {d.note or ''}")

    report = link(result.relations, client, conf, log_path, redo=redo, progress=progress)
    counts = {s: sum(1 for d in report.decisions if d.status == s) for s in dlog.STATUSES}
    click.echo(f"linked:    {counts[dlog.LINKED]} by rule   review: {counts[dlog.NEEDS_REVIEW]}   "
               f"no candidate: {counts[dlog.NO_CANDIDATE]}   already decided: {report.skipped}")
    waiting = [d for d in dlog.latest(dlog.read_log(log_path)).values()
               if d.status == dlog.NEEDS_REVIEW]
    if waiting:
        review_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(review_path, dlog.review_csv(waiting).encode("utf-8"))
        click.echo(f"review:    {_n(len(waiting), 'entity', 'entities')} in {review_path}; mark accept or reject "
                   f"in its decision column, then run kg link --apply {review_path}")
    if report.unresolved:
        click.echo(f"offline:   {_n(len(report.unresolved), 'entity', 'entities')} not resolved (no cached answer): "
                   f"{', '.join(report.unresolved)}")
    click.echo(f"log:       {log_path}; run kg build to put the links into the graph")


def _n(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _check(client, conf, authority_path):
    from .authority import load_authority
    from .link import check

    report = check(load_authority(authority_path), client, conf)
    for p in report.problems:
        click.echo(f"  {p.id:32} {p.qid:10} {p.problem}")
    if report.unresolved:
        click.echo(f"offline:   {len(report.unresolved)} QIDs not checked (no cached answer)")
    click.echo(f"checked:   {report.checked} QIDs, {len(report.problems)} problems")
    return len(report.problems)
