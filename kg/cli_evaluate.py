"""`kg evaluate`: score kg's extraction against gold annotations."""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import resources
from .cli_options import guarded

_LABELS = {"exact": "exact spans, same type", "overlap": "overlapping spans, same type, one to one",
           "entity": "entities per document (spans of one entity overlap)"}


def _num(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def _table(ev, limit: int) -> str:
    lines = [f"gold:      {len(ev.documents)} document{'s' if len(ev.documents) != 1 else ''}",
             f"matching:  {_LABELS[ev.match]}", ""]
    head = f"{'':14}{'gold':>6}{'kg':>6}{'correct':>9}{'precision':>11}{'recall':>8}{'F1':>7}"
    for title, scores in (("type", ev.types), ("metadata", ev.metadata)):
        lines.append(title + head[len(title):])
        for name, s in scores.items():
            lines.append(f"{name:14}{s.tp + s.fn:>6}{s.tp + s.fp:>6}{s.tp:>9}"
                         f"{_num(s.precision):>11}{_num(s.recall):>8}{_num(s.f1):>7}")
        lines.append("")
    if ev.unscored:
        counts = ", ".join(f"{n} {t}" for t, n in ev.unscored.items())
        lines += [f"not scored (the gold annotates none of these types): kg found {counts}", ""]

    def listing(title, items, show):
        lines.append(f"{title}: {len(items)}")
        shown = items if not limit else items[:limit]
        width = max((len(i.document) for i in shown), default=0)
        lines.extend(f"  {show(i, width)}" for i in shown)
        if len(shown) < len(items):
            lines.append(f"  ... {len(items) - len(shown)} more (--limit 0 lists all)")

    def span(a, w):
        return f"{a.document:{w}}  {a.kind:12} {a.start:>6}-{a.end:<6} {' '.join(a.text.split())}"

    def meta(m, w):
        kind = f" ({m.kind})" if m.kind else ""
        return f"{m.document:{w}}  {m.field:12} {m.value}{kind}"

    listing("misses (in the gold, not found by kg)", ev.misses, span)
    listing("false alarms (found by kg, not in the gold)", ev.false_alarms, span)
    listing("metadata misses", ev.metadata_misses, meta)
    listing("metadata false alarms", ev.metadata_false_alarms, meta)
    return "\n".join(lines)


@click.command("evaluate")
@click.argument("gold", nargs=-1, type=click.Path(path_type=Path))
@click.option("-m", "--match", type=click.Choice(["exact", "overlap", "entity"]), default="exact",
              show_default=True, help="When a gold span counts as found (see above).")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="A table for reading, or JSON for programs.")
@click.option("--limit", type=click.IntRange(min=0), default=0, show_default=True,
              help="List at most N of each kind of error in the table (0: all).")
@click.option("--authority", type=click.Path(path_type=Path), default=resources.AUTHORITY,
              show_default=True, help="Authority file of known entities.")
@click.option("--lexicon", type=click.Path(path_type=Path), default=resources.LEXICON,
              show_default=True, help="Rule lexicon (phrases the extractors look for).")
@click.option("--pipeline", type=click.Path(path_type=Path), default=resources.PIPELINE,
              show_default=True, help="Component order.")
@guarded
def command(gold, match, fmt, limit, authority, lexicon, pipeline):
    """Measure kg's extraction against GOLD annotations (TEI .xml, annotation .json or .csv, or folders).

    \b
    A TEI file's markup is the gold (persName, orgName, placeName, date; the
    heading's from/to, the signature, the dateline and a header's correspDesc
    for the metadata); kg reads the same document's text with the markup
    ignored. A .json file names a text and lists its spans. A .csv file has
    a header row and one row per span or metadata item, columns
    document,type,start,end,text,entity,kind: type is person, organization,
    state, place or date for a span (start/end optional: empty finds the
    words), author, addressee or dated (text YYYY-MM-DD) for metadata, kind
    person or organization for an author/addressee; document is the text's
    path relative to the CSV, file.xml#id for one document of a TEI file.
    For example:

    \b
      document,type,start,end,text,entity,kind
      note.txt,person,50,61,Tomas Varga,varga,
      note.txt,person,,,Varga,varga,
      note.txt,author,,,E. M. Hollis,,person
      note.txt,dated,,,1957-05-12,,

    See the README, "Measuring extraction", and evaluation/example/.

    \b
    --match exact    a span counts when kg has the same span with the same type
    --match overlap  when a kg span of the same type overlaps it (one to one)
    --match entity   per document, entities whose spans overlap

    Prints precision, recall and F1 per type and for author, addressees and
    date, then every miss and false alarm. Exit 0 when the evaluation ran,
    2 on a usage or input error.
    """
    from .evaluate import evaluate
    from .pipeline import Options

    ev = evaluate(list(gold), Options(authority=authority, lexicon=lexicon, pipeline=pipeline),
                  match=match)
    if fmt == "json":
        click.echo(json.dumps(ev.to_dict(), indent=2, ensure_ascii=False, sort_keys=False))
    else:
        click.echo(_table(ev, limit))
