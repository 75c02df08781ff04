"""Timing of TEI input and kg evaluate on the FRUS evaluation set (run by hand).

    python benchmarks/frus.py

Prints the median of three runs of: parsing and rendering the 26 TEI files;
kg evaluate on them (markup ignored, all extraction and relation rules run);
and building them into an RDF dataset (no SHACL). Timings depend on the
machine; nothing here is asserted by the tests.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from kg.evaluate import evaluate
from kg.load import load
from kg.pipeline import Rules, analyse
from kg.build import build
from kg.tei import read_tei

ROOT = Path(__file__).resolve().parent.parent / "evaluation" / "frus"
FILES = sorted(ROOT.glob("*/*.xml"))


def median_of_three(step) -> float:
    times = []
    for _ in range(3):
        t = time.perf_counter()
        step()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    chars = sum(len(read_tei(f).documents[0].text) for f in FILES)
    rules = Rules.load()
    print(f"{len(FILES)} TEI files, {chars} characters rendered")
    print(f"parse + render:  {median_of_three(lambda: [read_tei(f) for f in FILES]):.3f} s")
    print(f"kg evaluate:     {median_of_three(lambda: evaluate([ROOT / 'dev', ROOT / 'heldout'])):.3f} s")

    def build_all():
        corpus = load(FILES)
        build(corpus, analyse(corpus, rules), "https://example.org/kg/")

    print(f"load + analyse + build (no SHACL): {median_of_three(build_all):.3f} s")


if __name__ == "__main__":
    main()
