"""Shared fixtures: the bundled memo built once, and helpers to query it."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import formats
from kg.export import serialize
from kg.pipeline import run

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
ARCHIVE = "001_a29ebaad2eed1b78"
BLOG = "000_fe6908e5a2d9b31f"
BASE = "https://example.org/kg/"


@pytest.fixture(scope="session")
def memo():
    """The pipeline result for the bundled corpus."""
    return run([SOURCES])


@pytest.fixture(scope="session")
def memo_nq(memo) -> bytes:
    return serialize(memo.dataset, formats.N_QUADS)


@pytest.fixture(scope="session")
def store(memo_nq):
    """The memo's dataset in an Oxigraph store (an engine independent of rdflib)."""
    st = ox.Store()
    st.load(memo_nq, format=ox.RdfFormat.N_QUADS)
    return st


def select(store, query: str, **bindings) -> list[dict]:
    """Run a SELECT over the union of all graphs; rows as {var: value string}."""
    result = store.query(query, use_default_graph_as_union=True,
                         substitutions={ox.Variable(k): v for k, v in bindings.items()})
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


def named_query(name: str) -> str:
    return (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Path:
    """The bundled corpus published by the real CLI (`kg publish -q OUT`), once per session."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("publish") / "site"
    done = subprocess.run([sys.executable, "-m", "kg", "publish", "-q", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out


def build_text(folder: Path, name: str, text: str):
    """kg's pipeline (no cache) on *text* written to *folder*/*name*: (result, the source)."""
    from kg.pipeline import Options

    path = folder / name
    path.write_text(text, encoding="utf-8")
    result = run([path], Options(cache=None))
    return result, result.corpus.sources[0]


def build_alone(tmp_path_factory, text: str):
    """:func:`build_text` on *text* in a folder of its own: (result, the source)."""
    return build_text(tmp_path_factory.mktemp("t"), "t.txt", text)


def build_mentioned(tmp_path_factory, text: str):
    """:func:`build_alone`, then what its mentions quote by kind: (result, :func:`mentioned`)."""
    result, src = build_alone(tmp_path_factory, text)
    return result, mentioned(result, src)


def mentioned(result, src) -> dict[str, set[str]]:
    """What a build's mentions in *src* quote, by kind, each quote's runs of spaces as one."""
    out: dict[str, set[str]] = {}
    for m in result.relations.mentions[src.id]:
        out.setdefault(m.kind, set()).add(" ".join(src.view.norm[m.nstart:m.nend].split()))
    return out


def dates_of(result) -> dict:
    """What each date mention of a build's first source quotes, and the day it gives."""
    src = result.corpus.sources[0]
    return {src.view.norm[m.nstart:m.nend]: m.value
            for m in result.relations.mentions[src.id] if m.kind == "date"}


def parties(result) -> dict[str, set[str]]:
    """The labels of who a build's works say wrote, sent and received them, by predicate
    (``schema:author``, ``schema:sourceOrganization``, ``schema:recipient``)."""
    rel = result.relations
    out: dict[str, set[str]] = {}
    for f in rel.facts:
        if f.predicate in ("schema:author", "schema:recipient", "schema:sourceOrganization"):
            out.setdefault(f.predicate, set()).add(rel.entities[f.object].label)
    return out


def kg(*args, cwd=None, timeout: float = 300):
    """Run the real command line (`python -m kg ARGS`) and capture what it prints."""
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, timeout=timeout)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def dataset(tmp_path_factory) -> Path:
    """The bundled corpus built by the real CLI (`kg build -q`), once per session."""
    out = tmp_path_factory.mktemp("build")
    r = kg("build", "-q", "-o", out)
    assert r.returncode == 0, r.stderr
    return out / "dataset.nq"
