"""Corpus mode: parallel extraction, the extraction cache, the error policy,
validation in parts, and the benchmark's document generator."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import Literal, Namespace
from rdflib.namespace import RDF, RDFS, XSD

from kg import formats
from kg.build import PREFIXES
from kg.export import serialize
from kg.pipeline import Options, run
from kg.validate import load_shapes, validate

from conftest import kg

KGO, SCHEMA = Namespace(PREFIXES["kgo"]), Namespace(PREFIXES["schema"])

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import generate  # noqa: E402  (the benchmark's corpus generator)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate.generate(4, out, seed=3)
    return out


def test_generator_is_deterministic_from_its_seed(tmp_path):
    a = [p.read_bytes() for p in generate.generate(3, tmp_path / "a", seed=5)]
    b = [p.read_bytes() for p in generate.generate(3, tmp_path / "b", seed=5)]
    c = [p.read_bytes() for p in generate.generate(3, tmp_path / "c", seed=6)]
    assert a == b
    assert a != c
    words = [len(t.split()) for t in a]
    assert all(800 <= w <= 1700 for w in words), words


def test_generated_documents_build_with_authors_and_proposals(corpus):
    result = run([corpus], Options(jobs=1))
    s = result.summary
    assert s["witnesses"] == 4 and s["works"] == 4
    assert s["entities"]["person"] > 0 and s["entities"]["state"] > 0
    assert s["proposals"] > 0 and s["stances"] > 0
    authors = {q[0] for q in result.dataset.rdflib().quads((None, SCHEMA.author, None, None))}
    assert len(authors) == 4      # every signature block gave its work an author


def test_parallel_extraction_gives_byte_identical_output(corpus):
    one = serialize(run([corpus], Options(jobs=1)).dataset, formats.N_QUADS)
    two = serialize(run([corpus], Options(jobs=2)).dataset, formats.N_QUADS)
    assert one == two


def test_rebuild_after_changing_one_document_redoes_only_that_one(corpus, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for p in sorted(corpus.iterdir()):
        (docs / p.name).write_bytes(p.read_bytes())
    cache = tmp_path / "cache"
    first = run([docs], Options(jobs=2, cache=cache))
    assert (first.summary["extracted"], first.summary["reused"]) == (4, 0)
    changed = sorted(docs.iterdir())[1]
    changed.write_text(changed.read_text(encoding="utf-8").replace("Subject:", "Subject: Re"),
                       encoding="utf-8")
    second = run([docs], Options(jobs=2, cache=cache))
    assert (second.summary["extracted"], second.summary["reused"]) == (1, 3)
    fresh = run([docs], Options(jobs=1))
    assert serialize(second.dataset, formats.N_QUADS) == serialize(fresh.dataset, formats.N_QUADS)


def test_corrupt_cache_entry_is_ignored_and_redone(corpus, tmp_path):
    cache = tmp_path / "cache"
    clean = run([corpus], Options(jobs=1, cache=cache))
    entries = sorted(p for p in cache.rglob("*") if p.is_file())
    assert len(entries) == 4
    entries[0].write_bytes(entries[0].read_bytes()[:40])       # truncated
    entries[1].write_bytes(b"not a cache entry at all")
    again = run([corpus], Options(jobs=1, cache=cache))
    assert (again.summary["extracted"], again.summary["reused"]) == (2, 2)
    assert serialize(again.dataset, formats.N_QUADS) == serialize(clean.dataset, formats.N_QUADS)


def test_changed_rule_file_invalidates_the_cache(corpus, tmp_path):
    cache = tmp_path / "cache"
    lexicon = tmp_path / "lexicon.toml"
    lexicon.write_bytes((ROOT / "rules" / "lexicon.toml").read_bytes())
    run([corpus], Options(jobs=1, cache=cache, lexicon=lexicon))
    lexicon.write_bytes(lexicon.read_bytes() + b"\n# a comment changes the hash\n")
    again = run([corpus], Options(jobs=1, cache=cache, lexicon=lexicon))
    assert (again.summary["extracted"], again.summary["reused"]) == (4, 0)


def test_changed_kg_code_invalidates_the_cache(corpus, tmp_path, monkeypatch):
    # A rule's code may change with no new version number: its source files are in the key.
    from kg import batch

    cache = tmp_path / "cache"
    run([corpus], Options(jobs=1, cache=cache))
    same = run([corpus], Options(jobs=1, cache=cache))
    assert (same.summary["extracted"], same.summary["reused"]) == (0, 4)
    monkeypatch.setattr(batch, "code_digest", lambda: "the digest of other source files")
    again = run([corpus], Options(jobs=1, cache=cache))
    assert (again.summary["extracted"], again.summary["reused"]) == (4, 0)



def test_on_error_fail_names_the_file_and_writes_nothing(corpus, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_bytes(sorted(corpus.iterdir())[0].read_bytes())
    bad = docs / "b.txt"
    bad.write_bytes(b"caf\xe9 au lait\n")
    out = tmp_path / "out"
    r = kg("build", "--no-validate", "-o", out, docs)
    assert r.returncode == 2
    assert r.stderr.strip() == (f"Error: not valid UTF-8 (byte 0xe9 at byte offset 3, line 1) in {bad}: "
                                "convert the file to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8")
    assert not (out / "dataset.nq").exists()


def test_on_error_skip_lists_the_skipped_document_with_its_reason(corpus, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_bytes(sorted(corpus.iterdir())[0].read_bytes())
    bad = docs / "b.txt"
    bad.write_bytes(b"")
    out = tmp_path / "out"
    r = kg("build", "--no-validate", "--on-error", "skip", "-o", out, docs)
    assert r.returncode == 0, r.stderr
    assert "documents: extracted 1, reused 0 from cache, skipped 1" in r.stdout
    assert f"skipped:   {bad}: file is empty" in r.stdout
    assert "witnesses: 1 (of 1 work)" in r.stdout
    assert r.stderr == ""          # not a terminal: no progress bar
    r = kg("build", "--no-validate", "--on-error", "skip", "-o", out, docs)
    assert "documents: extracted 0, reused 1 from cache, skipped 1" in r.stdout


def _plant(ds):
    """Break the graph in three places: two documents and one shared entity."""
    graph_of, typed = {}, {}
    for s, _, o, g in ds.quads((None, RDF.type, None, None)):
        graph_of.setdefault(s, set()).add(getattr(g, "identifier", g))
        typed.setdefault(o, set()).add(s)
    works = sorted(typed[KGO.Work], key=str)
    # 1. a work (document 0) loses its title
    for q in list(ds.quads((works[0], SCHEMA.name, None, None))):
        ds.remove(q)
    # 2. a work (document 2) names a state as its author: sh:class must see the
    #    state's types, which live in other documents' graphs too
    state = sorted((s for s in typed[KGO.State] if len(graph_of[s]) > 1), key=str)[0]
    g2 = next(iter(graph_of[works[2]]))
    ds.graph(g2).add((works[2], SCHEMA.author, state))
    # 3. a shared entity (described in several graphs) gets a second label in one of them
    person = sorted((s for s in typed[KGO.Person] if len(graph_of[s]) > 1), key=str)[0]
    ds.graph(sorted(graph_of[person], key=str)[0]).add((person, RDFS.label, Literal("Second name")))
    # 4. an assertion of document 1 gets a confidence that is not a number
    a = sorted(typed[KGO.Assertion], key=str)[0]
    ds.graph(next(iter(graph_of[a]))).add((a, KGO.confidence, Literal("high", datatype=XSD.string)))
    return {str(works[0]), str(works[2]), str(person), str(a)}


def test_oxigraph_engine_reports_what_pyshacl_reports_on_the_whole_graph(corpus):
    ds = run([corpus], Options(jobs=1)).dataset.rdflib()
    planted = _plant(ds)
    shapes = load_shapes()
    reference = validate(ds, shapes, engine="pyshacl")
    fast = validate(ds, shapes)
    assert planted <= {v.focus for v in reference.violations}
    assert not reference.conforms and not fast.conforms
    # Messages, paths, values and severities come from each engine; labels and
    # evidence are looked up the same way for both.
    assert fast.violations == reference.violations


def test_rows_spilled_to_disk_give_the_same_files_as_rows_in_memory(corpus, monkeypatch):
    import kg.quads

    in_memory = run([corpus], Options(jobs=1)).dataset
    monkeypatch.setattr(kg.quads, "SPILL_ROWS", 500)
    spilled = run([corpus], Options(jobs=1)).dataset
    assert spilled.on_disk and not in_memory.on_disk
    for fmt in formats.ALL:
        assert _bytes(serialize(spilled, fmt)) == _bytes(serialize(in_memory, fmt)), fmt.name


def _bytes(data) -> bytes:
    return data if isinstance(data, bytes) else b"".join(data)


def test_validation_in_an_on_disk_store_reports_what_the_in_memory_one_does(corpus, monkeypatch):
    import kg.quads

    ds = run([corpus], Options(jobs=1)).dataset.rdflib()
    _plant(ds)
    shapes = load_shapes()
    in_memory = validate(ds, shapes)
    monkeypatch.setattr(kg.quads, "STORE_IN_MEMORY", 0)
    on_disk = validate(ds, shapes)
    assert not in_memory.conforms and len(in_memory.violations) >= 4
    assert on_disk == in_memory


def test_progress_on_a_terminal_shows_documents_then_each_stage(corpus, tmp_path):
    """With stderr on a terminal (a pseudo-terminal here) the bar and the stages appear."""
    import os
    import pty
    import subprocess

    main, secondary = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "kg", "build", corpus, "-o", tmp_path / "out",
                                 "--no-cache", "--jobs", "1"],
                                stdout=subprocess.DEVNULL, stderr=secondary, cwd=ROOT)
        os.close(secondary)
        shown = b""
        while True:          # read while it runs, so that a full terminal never blocks it
            try:
                piece = os.read(main, 65536)
            except OSError:          # the terminal's other end is closed: all read
                break
            if not piece:
                break
            shown += piece
        returncode = proc.wait(timeout=300)
    finally:
        os.close(main)
    text = shown.decode("utf-8", "replace")
    assert returncode in (0, 1), text
    assert "extracting [" in text and "4/4" in text
    stages = ["resolving and relating 4 documents", "building RDF", "validating ", "writing "]
    positions = [text.find(s) for s in stages]
    assert -1 not in positions and positions == sorted(positions), text


def test_a_worker_gets_two_documents_or_more(corpus, tmp_path, monkeypatch):
    """Starting a worker costs more than extracting a few documents: two documents are
    extracted in this process even with --jobs 2, four in two workers."""
    import kg.batch

    started = []

    class Pool(kg.batch.ProcessPoolExecutor):
        def __init__(self, max_workers=None, **kwargs):
            started.append(max_workers)
            super().__init__(max_workers=max_workers, **kwargs)

    monkeypatch.setattr(kg.batch, "ProcessPoolExecutor", Pool)
    two = tmp_path / "two"
    two.mkdir()
    for p in sorted(corpus.iterdir())[:2]:
        (two / p.name).write_bytes(p.read_bytes())
    run([two], Options(jobs=2))
    assert started == []
    run([corpus], Options(jobs=2))
    assert started == [2]
