"""SHACL validation: pySHACL over the whole graph against kg.shacl (the shapes as SPARQL in Oxigraph).

    python benchmarks/shacl.py --sizes 10,100 [--seed 1] [--jobs 1] [--work /tmp/kg-bench]

For each N it writes N documents with ``generate.py``, builds them, plants
the violations of ``tests/test_corpus.py`` (so that there is something to
find), and times, on the same dataset: ``kg.validate.validate`` with
``engine="pyshacl"`` (pySHACL for the core shapes over the whole graph, the
SHACL-SPARQL constraints in Oxigraph) and kg.shacl's compile, store load and
check (what ``kg build`` runs). It prints
one table and whether the two agree on the violations found (focus node,
shape, severity). Run by hand; nothing here is part of the test suite.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(n: int, seed: int, jobs: int, work: Path) -> dict:
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(HERE.parent / "tests"))
    import generate
    from test_corpus import _plant

    from kg import shacl
    from kg.export import to_quads
    from kg.pipeline import Options, run
    from kg.validate import load_shapes, validate

    corpus = work / f"corpus-{n}-{seed}"
    if not corpus.exists():
        generate.generate(n, corpus, seed)
    ds = run([corpus], Options(jobs=jobs)).dataset.rdflib()
    _plant(ds)
    quads = to_quads(ds)
    shapes = load_shapes()
    clock = time.perf_counter

    t = clock()
    report = validate(quads, shapes, engine="pyshacl")
    pyshacl_s = clock() - t

    t = clock()
    compiled = shacl.compile_shapes(shapes)
    compile_s = clock() - t
    t = clock()
    store = shacl.load_store(quads)
    load_s = clock() - t
    t = clock()
    results = shacl.check(store, compiled)
    check_s = clock() - t

    def short(iri: str) -> str:
        return iri.replace("https://example.org/kg/shapes#", "kgsh:")

    theirs = {(v.focus, v.shape, v.severity) for v in report.violations}
    ours = {(r.focus.value, short(r.shape), r.severity.rsplit("#", 1)[-1]) for r in results}
    return {"n": n, "triples": report.triples, "kg.validate": pyshacl_s, "compile": compile_s,
            "load": load_s, "check": check_s, "kg.validate results": len(report.violations),
            "kg.shacl results": len(results), "queries": len(compiled.queries),
            "agree": theirs == ours, "only kg.validate": len(theirs - ours), "only kg.shacl": len(ours - theirs)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,100")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"))
    args = ap.parse_args()
    rows = [measure(int(n), args.seed, args.jobs, args.work) for n in args.sizes.split(",")]
    print("| N | triples | kg.validate (pySHACL) s | kg.shacl compile s | load s | check s | total s "
          "| speed-up | results pySHACL / kg.shacl | same (focus, shape, severity) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        total = r["compile"] + r["load"] + r["check"]
        same = "yes" if r["agree"] else f"no ({r['only kg.validate']} / {r['only kg.shacl']} differ)"
        print(f"| {r['n']} | {r['triples']:,} | {r['kg.validate']:.2f} | {r['compile']:.2f} | {r['load']:.2f} "
              f"| {r['check']:.2f} | {total:.2f} | {r['kg.validate'] / total:.0f}x "
              f"| {r['kg.validate results']} / {r['kg.shacl results']} | {same} |")


if __name__ == "__main__":
    main()
