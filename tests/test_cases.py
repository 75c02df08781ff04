"""Golden cases: tests/cases/<name>/input.txt builds to a graph isomorphic to expected.ttl.

The expected files were produced by kg and read through by a person; when a
rule changes on purpose, regenerate with `kg build FILE --base https://example.org/kg/`
and `kg export -o expected.ttl`, and read the diff before committing it.
"""

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg import formats
from kg.export import serialize
from kg.pipeline import run

CASES = sorted(p for p in (Path(__file__).parent / "cases").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_golden_case(case):
    result = run([case / "input.txt"])
    got = Graph().parse(data=serialize(result.dataset, formats.TURTLE), format="turtle")
    want = Graph().parse(case / "expected.ttl", format="turtle")
    if not isomorphic(got, want):
        _, missing, extra = graph_diff(to_isomorphic(want), to_isomorphic(got))
        lines = [f"- {t}" for t in sorted(map(str, missing))[:10]] + [f"+ {t}" for t in sorted(map(str, extra))[:10]]
        pytest.fail("graph differs from expected.ttl:\n" + "\n".join(lines))
