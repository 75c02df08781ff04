"""kg's corpus benchmark: the pipeline per stage, beside plain rdflib and the pyoxigraph floor.

    python benchmarks/run.py --sizes 10,100,1000 [--seed 1] [--jobs 2]
        [--baseline-max 100] [--publish-max 100] [--floor-max 1000] [--work /tmp/kg-bench]

For each N it writes N documents with ``generate.py`` and runs every size in
a fresh Python process, so that peak RSS (the process's high-water mark,
worker processes' peak shown separately) belongs to that size alone. Stages:
extract (load, segment, extract; --jobs processes), resolve (resolve and
relate), build (records to RDF as sorted N-Triples rows), validate (SHACL,
every triple, in Oxigraph), Turtle, JSON-LD, N-Triples (kg's own serializers,
each alone, the bytes counted and not written), "3 files" (the three written
to disk side by side, a process each, as ``kg export -o kg.ttl -o kg.jsonld
-o kg.nt`` writes them), "val+3 files" (validation again, while the three are
written: ``kg publish`` validates while it writes its dumps) and publish
(``kg publish``, a complete run including its own build; only up to
--publish-max). The total is extract, resolve, build and "val+3 files"; the
totals with validation first, and with the formats one after another, are
printed too.

Then on the same triples: (a) plain rdflib: a Graph, rdflib's Turtle and
JSON-LD serializers and pySHACL over the whole graph (only up to
--baseline-max: its Turtle writer alone is minutes at 1,000 documents); and
(b) the floor: pyoxigraph bulk load and its Turtle, JSON-LD and N-Triples
serializers (only up to --floor-max: it holds the whole dataset in memory).
Run by hand; nothing here is part of the test suite's timing.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOGETHER = "3 files"    # Turtle, JSON-LD and N-Triples written to disk side by side
BESIDE = "val+3 files"  # the same while validating (write_dumps(meanwhile=...), as kg publish)
ONE_BY_ONE = ("Turtle", "JSON-LD", "N-Triples")


def _rss_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def measure(n: int, seed: int, jobs: int | None, work: Path, baseline: bool, publish: bool,
            floor_too: bool = True) -> dict:
    """Run one size in this process; return {stage: (seconds, rss_mb, children_rss_mb)}."""
    sys.path.insert(0, str(HERE))
    import generate

    corpus = work / f"corpus-{n}-{seed}"
    if not corpus.exists():
        generate.generate(n, corpus, seed)
    stages: dict[str, list] = {}
    clock = time.perf_counter

    def timed(name, func, *args, **kwargs):
        t = clock()
        value = func(*args, **kwargs)
        stages[name] = [clock() - t, *_rss_mb()]
        return value

    from kg import formats, resources
    from kg.authority import load_authority
    from kg.batch import RuleFiles, extract_all
    from kg.build import build
    from kg.decisions import latest, read_log
    from kg.dumps import Dump, write_dumps
    from kg.export import serialize, serialize_chunks
    from kg.load import load
    from kg.registry import load_pipeline
    from kg.relate import relate
    from kg.resolve import resolve
    from kg.rules import load_lexicon
    from kg.validate import load_shapes, validate

    lexicon = load_lexicon(resources.LEXICON)
    authority = load_authority(resources.AUTHORITY)
    config = load_pipeline(resources.PIPELINE)

    def extract_stage():
        c = load([corpus])
        return c, extract_all(c, RuleFiles(resources.LEXICON, resources.AUTHORITY, resources.PIPELINE),
                              jobs=jobs)

    def resolve_stage(c, ex):
        res = resolve(c, ex.segments, ex.mentions, authority)
        return relate(c, ex.segments, ex.mentions, res, lexicon, authority, config.relate,
                      latest(read_log(resources.LINKS)))

    c, ex = timed("extract", extract_stage)
    rel = timed("resolve", resolve_stage, c, ex)
    q = timed("build", build, c, rel, resources.DEFAULT_BASE)     # sorted N-Triples rows
    del rel, c, ex      # as kg build lets the analysis go before it validates
    gc.collect()
    shapes = load_shapes()
    report = timed("validate", validate, q, shapes)
    out = {"n": n, "quads": len(q), "violations": len(report.violations)}

    def written(data, fmt) -> int:
        """Serialize piece by piece, as kg export writes a file, without holding it."""
        return sum(len(piece) for piece in serialize_chunks(data, fmt))

    timed("Turtle", written, q, formats.TURTLE)
    timed("JSON-LD", written, q, formats.JSON_LD)
    timed("N-Triples", written, q, formats.N_TRIPLES)
    with tempfile.TemporaryDirectory(dir=work) as folder:
        # The three files, written to disk side by side (kg export -o x.ttl -o x.jsonld -o x.nt).
        timed(TOGETHER, write_dumps, q, [Dump(Path(folder) / f"kg.{f.extension}", f)
                                         for f in (formats.TURTLE, formats.JSON_LD, formats.N_TRIPLES)],
              jobs=jobs)
    with tempfile.TemporaryDirectory(dir=work) as folder:
        timed(BESIDE, write_dumps, q, [Dump(Path(folder) / f"kg.{f.extension}", f)
                                       for f in (formats.TURTLE, formats.JSON_LD, formats.N_TRIPLES)],
              jobs=jobs, meanwhile=lambda data=q: validate(data, shapes))
    if publish:
        from kg.publish import PublishOptions, publish as publish_

        timed("publish", publish_, work / f"site-{n}", [corpus], PublishOptions(force=True))
    out["kg"] = stages
    nq = serialize(q, formats.N_QUADS) if floor_too else b""
    nt = serialize(q, formats.N_TRIPLES) if baseline else b""
    del q
    if not floor_too:
        return out

    floor: dict[str, list] = {}
    import pyoxigraph as ox

    t = clock()
    store = ox.Store()
    store.bulk_load(nq, format=ox.RdfFormat.N_QUADS)
    floor["load"] = [clock() - t, *_rss_mb()]
    for name, fmt in (("Turtle", ox.RdfFormat.TURTLE), ("JSON-LD", ox.RdfFormat.JSON_LD),
                      ("N-Triples", ox.RdfFormat.N_TRIPLES)):
        t = clock()
        ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in store), format=fmt)
        floor[name] = [clock() - t, *_rss_mb()]
    out["floor"] = floor
    del store, nq

    if baseline:
        from pyshacl import validate as shacl
        from rdflib import Graph

        plain: dict[str, list] = {}
        t = clock()
        g = Graph()
        g.parse(data=nt.decode("utf-8"), format="nt")
        plain["load"] = [clock() - t, *_rss_mb()]
        for name, fmt in (("Turtle", "turtle"), ("JSON-LD", "json-ld"), ("N-Triples", "nt")):
            t = clock()
            g.serialize(format=fmt)
            plain[name] = [clock() - t, *_rss_mb()]
        t = clock()
        # Core shapes only: pySHACL runs the SHACL-SPARQL ones per focus node on
        # rdflib's engine, minutes for ten documents, so they are left out here.
        from kg.shacl import core_shapes

        shacl(g, shacl_graph=core_shapes(load_shapes()), inference="none",
              allow_warnings=True)
        plain["validate"] = [clock() - t, *_rss_mb()]
        out["rdflib"] = plain
    return out


def _row(cells, widths):
    return "  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))


def show(r: dict) -> None:
    n, quads = r["n"], r["quads"]
    print(f"\nN = {n} documents, {quads} quads, {r['violations']} SHACL results")
    widths = (11, 9, 8, 11, 9, 9)
    print(_row(("stage", "seconds", "docs/s", "triples/s", "RSS MB", "workers"), widths))
    for stage, (sec, rss, kids) in r["kg"].items():
        print(_row((stage, f"{sec:.2f}", f"{n / sec:.0f}", f"{quads / sec:.0f}", f"{rss:.0f}",
                    f"{kids:.0f}"), widths))
    # End to end: extract .. validate, then the three formats, either each alone one
    # after another (counted, not written) or written to disk side by side.
    kg = r["kg"]
    head = sum(kg[k][0] for k in ("extract", "resolve", "build"))
    apart = head + kg["validate"][0] + sum(kg[k][0] for k in ONE_BY_ONE)
    then = head + kg["validate"][0] + kg[TOGETHER][0] if TOGETHER in kg else apart
    total = head + kg[BESIDE][0] if BESIDE in kg else then
    print(_row(("total*", f"{total:.2f}", f"{n / total:.0f}", f"{quads / total:.0f}", "", ""), widths))
    print(f"  * extract, resolve, build, then {BESIDE} (validation while the three files are written); "
          f"validation then the {TOGETHER}: {then:.2f} s; the formats one after another: {apart:.2f} s")
    kg_bs = sum(r["kg"][s][0] for s in ("build", "Turtle", "JSON-LD", "N-Triples")
                if s in r["kg"])
    if "floor" in r:
        floor = sum(v[0] for v in r["floor"].values())
        print(f"  floor (pyoxigraph load + Turtle + JSON-LD + N-Triples): {floor:.2f} s; "
              f"kg build + serialization {kg_bs:.2f} s = {kg_bs / floor:.1f}x the floor")
    else:
        print("  floor not run (--floor-max)")
    if "rdflib" in r:
        p = r["rdflib"]
        plain = sum(v[0] for v in p.values())
        print("  plain rdflib: " + ", ".join(f"{k} {v[0]:.2f} s" for k, v in p.items())
              + f"; total {plain:.2f} s, kg end to end is {plain / total:.2f}x faster "
              f"({plain / then:.2f}x validating first, {plain / apart:.2f}x with its formats one after another)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--baseline-max", type=int, default=100)
    ap.add_argument("--publish-max", type=int, default=100)
    ap.add_argument("--floor-max", type=int, default=1000,
                    help="largest N for the pyoxigraph floor, which holds the whole dataset in memory")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)     # internal: run one size
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.one is not None:
        r = measure(args.one, args.seed, args.jobs, args.work, args.one <= args.baseline_max,
                    args.one <= args.publish_max, args.one <= args.floor_max)
        print(json.dumps(r))
        return
    print(f"kg corpus benchmark, {time.strftime('%Y-%m-%d')}, {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}, jobs={args.jobs or 'all cores'}")
    for n in (int(s) for s in args.sizes.split(",")):
        cmd = [sys.executable, __file__, "--one", str(n), "--seed", str(args.seed),
               "--baseline-max", str(args.baseline_max), "--publish-max", str(args.publish_max),
               "--floor-max", str(args.floor_max),
               "--work", str(args.work)] + (["--jobs", str(args.jobs)] if args.jobs else [])
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode:
            print(f"\nN = {n}: failed\n{done.stderr[-2000:]}")
            continue
        show(json.loads(done.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
