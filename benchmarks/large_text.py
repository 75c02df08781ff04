"""How kg's analysis scales: one large text, and corpora of many documents (run by hand).

    python benchmarks/large_text.py [--sizes 1,5,10,50] [--corpora 100,300,1000]
        [--work /tmp/kg-large] [--timeout 900] [--max-gb 12] [--jobs 1]

Single text: ``large_text(mb)`` writes one plain-text document of about *mb*
megabytes, deterministically: the address block of a generated document
(``generate.py``, seed 1), then the bodies of generated documents 0, 1, 2, ...
until the size is reached, then a closing and a signature. Each size runs in a
fresh Python process, stage by stage: load, segment, extract, resolve, relate.

Corpora: ``generate.py N --seed 1``, then the steps of
:func:`kg.pipeline.analyse_paths` in a fresh process: load, extract (segment and
extract every document, in ``--jobs`` processes; with more than one, the
workers' memory is not in the figure), resolve, relate.

For each stage the table gives its seconds and the process's peak RSS once it
has finished (``ru_maxrss``: a high-water mark, so a stage that does not raise
it shows the peak of an earlier one). A run that exceeds --timeout or
--max-gb (address space) is stopped; the stages it finished are still shown.
The last column is the ratio of the total time to that of the previous size,
beside the ratio of the sizes: equal ratios mean linear growth. Timings depend
on the machine and its load; nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
STAGES_TEXT = ("load", "segment", "extract", "resolve", "relate")
STAGES_CORPUS = ("load", "extract", "resolve", "relate")


def _body(doc: str) -> tuple[str, str, str]:
    """(address block, body, closing and signature) of a generated document."""
    lines = doc.split("\n")
    subject = next(i for i, ln in enumerate(lines) if ln.startswith("Subject:"))
    closing = max(i for i, ln in enumerate(lines) if ln.strip()) - 2
    return ("\n".join(lines[:subject + 2]), "\n".join(lines[subject + 2:closing]),
            "\n".join(lines[closing:]))


def large_text(mb: float, seed: int = 1) -> str:
    """One document of about *mb* megabytes (UTF-8) made of generated bodies."""
    import random

    sys.path.insert(0, str(HERE))
    import generate

    v = generate.Vocabulary()
    target = int(mb * 1_000_000)
    parts: list[str] = []
    size, i, tail = 0, 0, ""
    while size < target:
        head, body, tail = _body(generate.document(v, random.Random(f"{seed}:{i}"), i))
        if i == 0:
            parts.append(head)
            size += len(head.encode()) + 1
        parts.append(body)
        size += len(body.encode()) + 1
        i += 1
    parts.append(tail)
    return "\n".join(parts)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _report(stage: str, seconds: float) -> None:
    print(json.dumps({"stage": stage, "s": round(seconds, 3), "rss": round(_rss_mb(), 1)}),
          flush=True)


def child_text(path: Path) -> None:
    """Run the stages on one large text in this process, one JSON line per stage."""
    from kg import resources
    from kg.authority import load_authority
    from kg.extract import extract
    from kg.load import load
    from kg.registry import load_pipeline
    from kg.relate import relate
    from kg.resolve import resolve
    from kg.rules import load_lexicon
    from kg.segment import segment

    lexicon = load_lexicon(resources.LEXICON)
    authority = load_authority(resources.AUTHORITY)
    config = load_pipeline(resources.PIPELINE)
    _report("setup", 0.0)
    clock = time.perf_counter
    t = clock()
    corpus = load([path])
    _report("load", clock() - t)
    src = corpus.sources[0]
    t = clock()
    segs = {src.id: segment(src, lexicon)}
    _report("segment", clock() - t)
    t = clock()
    mentions = {src.id: extract(src, segs[src.id], lexicon, authority, config.extract)}
    _report("extract", clock() - t)
    t = clock()
    res = resolve(corpus, segs, mentions, authority)
    _report("resolve", clock() - t)
    t = clock()
    rel = relate(corpus, segs, mentions, res, lexicon, authority, config.relate)
    _report("relate", clock() - t)
    print(json.dumps({"mentions": len(mentions[src.id]), "facts": len(rel.facts)}), flush=True)


def child_corpus(folder: Path, jobs: int) -> None:
    """The steps of analyse_paths on a folder, one JSON line per stage."""
    from kg import resources
    from kg.batch import RuleFiles, extract_all
    from kg.decisions import latest, read_log
    from kg.load import load
    from kg.pipeline import Rules
    from kg.relate import relate
    from kg.resolve import resolve

    rules = Rules.load()
    _report("setup", 0.0)
    clock = time.perf_counter
    t = clock()
    corpus = load([folder])
    _report("load", clock() - t)
    t = clock()
    ex = extract_all(corpus, RuleFiles(resources.LEXICON, resources.AUTHORITY, resources.PIPELINE),
                     jobs=jobs)
    _report("extract", clock() - t)
    t = clock()
    res = resolve(corpus, ex.segments, ex.mentions, rules.authority)
    _report("resolve", clock() - t)
    t = clock()
    rel = relate(corpus, ex.segments, ex.mentions, res, rules.lexicon, rules.authority,
                 rules.config.relate, latest(read_log(resources.LINKS)))
    _report("relate", clock() - t)
    print(json.dumps({"mentions": sum(len(v) for v in ex.mentions.values()),
                      "facts": len(rel.facts)}), flush=True)


def run_child(args: list[str], timeout: float, max_gb: float) -> tuple[dict, str | None]:
    """Run this script as a child; return ({stage: (s, rss)}, counts) and why it stopped."""
    def limit():
        cap = int(max_gb * 1024 ** 3)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    cmd = [sys.executable, __file__, *args]
    stopped = None
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              preexec_fn=limit)
        out = proc.stdout
        if proc.returncode:
            last = (proc.stderr.strip().splitlines() or ["?"])[-1]
            stopped = "out of memory" if "MemoryError" in proc.stderr else last[:60]
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        stopped = f"timeout {timeout:.0f} s"
    result: dict = {}
    for line in out.splitlines():
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:   # the last line of a child stopped while writing it
            continue
        if "stage" in rec:
            result[rec["stage"]] = (rec["s"], rec["rss"])
        else:
            result["counts"] = rec
    return result, stopped


def table(title: str, unit: str, sizes: list, stages: tuple[str, ...], rows: list) -> None:
    print(f"\n{title}")
    head = f"{unit:>8} " + " ".join(f"{s:>16}" for s in stages) + f" {'total s':>8} {'ratio t/size':>13}"
    print(head)
    print("-" * len(head))
    prev = None
    for size, (res, stopped) in zip(sizes, rows):
        cells = []
        for st in stages:
            if st in res:
                s, rss = res[st]
                cells.append(f"{s:7.2f}s {rss:6.0f}MB")
            else:
                cells.append(f"{'-':>16}")
        total = sum(res[st][0] for st in stages if st in res)
        ratio = ""
        if prev and not stopped and prev[1] and prev[2] is None:
            ratio = f"{total / prev[1]:.1f}/{size / prev[0]:.1f}"
        print(f"{size:>8} " + " ".join(cells) + f" {total:8.1f} {ratio:>13}"
              + (f"  stopped: {stopped}" if stopped else "")
              + (f"  ({res['counts']['mentions']} mentions)" if "counts" in res else ""))
        prev = (size, total, stopped)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,5,10,50", help="single-text sizes in MB ('' for none)")
    ap.add_argument("--corpora", default="100,300,1000", help="corpus sizes in documents ('' for none)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-large"))
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--max-gb", type=float, default=12)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, path = args.child
        sys.path.insert(0, str(HERE.parent))
        if kind == "text":
            child_text(Path(path))
        else:
            child_corpus(Path(path), args.jobs)
        return
    args.work.mkdir(parents=True, exist_ok=True)
    sizes = [float(x) for x in args.sizes.split(",") if x]
    rows = []
    for mb in sizes:
        path = args.work / f"large-{mb:g}mb.txt"
        if not path.exists():
            # Written whole then renamed: an interrupted run leaves no short text behind.
            part = path.with_suffix(".part")
            part.write_text(large_text(mb), encoding="utf-8")
            part.replace(path)
        rows.append(run_child(["--child", "text", str(path)], args.timeout, args.max_gb))
    if sizes:
        table("One large text (seconds, peak RSS after the stage)", "MB", sizes, STAGES_TEXT, rows)
    counts = [int(x) for x in args.corpora.split(",") if x]
    rows = []
    sys.path.insert(0, str(HERE))
    import generate

    for n in counts:
        folder = args.work / f"corpus-{n}"
        if len(list(folder.glob("doc-*.txt"))) != n:   # none yet, or an interrupted run's
            generate.generate(n, folder, 1)
        rows.append(run_child(["--child", "corpus", str(folder), "--jobs", str(args.jobs)],
                              args.timeout, args.max_gb))
    if counts:
        table(f"Corpora, analyse_paths steps (extract with --jobs {args.jobs})", "docs", counts,
              STAGES_CORPUS, rows)


if __name__ == "__main__":
    main()
