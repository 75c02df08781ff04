"""Several formats written side by side, each in its own process (kg.dumps)."""

import gzip
import multiprocessing
import os
import signal
import threading
import time

import pytest

from conftest import kg
from kg import formats
from kg.dumps import Dump, write_dumps
from kg.errors import InputError, OutputError
from kg.export import serialize, to_quads
from kg.quads import Quads, RowSorter

ALL = [(fmt, f"kg.{fmt.extension}", False) for fmt in formats.ALL] + [(formats.N_TRIPLES, "kg.nt.gz", True)]


def spilled(q: Quads) -> Quads:
    """The same rows, sorted on disk in runs of 2,000."""
    sorter = RowSorter(2_000)
    for g, s, p, o in q.rows:
        sorter.group(g).append((s, p, o))
        sorter.tick()
    return Quads(sorter.result(), q._bindings)


@pytest.fixture(scope="module")
def quads(memo):
    return to_quads(memo.dataset)


@pytest.mark.parametrize("where", ["memory", "disk"])
def test_files_written_side_by_side_are_the_bytes_written_one_by_one(quads, tmp_path, where):
    data = quads if where == "memory" else spilled(quads)
    assert data.on_disk == (where == "disk")
    write_dumps(data, [Dump(tmp_path / name, fmt, gz) for fmt, name, gz in ALL], jobs=3, min_rows=0)
    for fmt, name, gz in ALL:
        got = (tmp_path / name).read_bytes()
        assert (gzip.decompress(got) if gz else got) == serialize(quads, fmt), name
    one = tmp_path / "one"
    one.mkdir()
    write_dumps(data, [Dump(one / "kg.nt.gz", formats.N_TRIPLES, True)], jobs=1)
    assert (one / "kg.nt.gz").read_bytes() == (tmp_path / "kg.nt.gz").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["one"] + [n for _, n, _ in ALL])


def _old_files(folder):
    for _, name, _ in ALL:
        (folder / name).write_bytes(b"old " + name.encode())


def _unchanged(folder):
    assert sorted(p.name for p in folder.iterdir()) == sorted(n for _, n, _ in ALL)
    for _, name, _ in ALL:
        assert (folder / name).read_bytes() == b"old " + name.encode()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_writer_that_fails_leaves_every_file_as_it_was(quads, tmp_path, jobs):
    _old_files(tmp_path)
    context = tmp_path / "missing-context.jsonld"
    with pytest.raises(InputError) as failed:
        write_dumps(quads, [Dump(tmp_path / n, fmt, gz) for fmt, n, gz in ALL], context,
                    jobs=jobs, min_rows=0)
    assert str(context) in str(failed.value)
    _unchanged(tmp_path)


def test_a_writer_killed_midway_is_an_error_and_nothing_is_replaced(quads, tmp_path, monkeypatch):
    _old_files(tmp_path)
    monkeypatch.setenv("KG_SLOW_WRITES", "60")      # each writer pauses in its first piece
    killed = []

    def kill_the_jsonld_writer():
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not killed:
            for child in multiprocessing.active_children():
                if child.name == "kg-write-json-ld" and any(tmp_path.glob(".kg.jsonld.*.tmp")):
                    time.sleep(0.5)
                    os.kill(child.pid, signal.SIGKILL)
                    killed.append(child.pid)
            time.sleep(0.05)

    killer = threading.Thread(target=kill_the_jsonld_writer)
    killer.start()
    started = time.monotonic()
    with pytest.raises(OutputError) as failed:
        write_dumps(quads, [Dump(tmp_path / n, fmt, gz) for fmt, n, gz in ALL], jobs=2, min_rows=0)
    killer.join()
    assert killed
    assert str(failed.value) == (f"the process writing json-ld ended unexpectedly (exit code -9) "
                                 f"in {tmp_path / 'kg.jsonld'}")
    assert time.monotonic() - started < 30          # the other writer was stopped, not waited for
    assert not [c for c in multiprocessing.active_children() if c.name.startswith("kg-write-")]
    _unchanged(tmp_path)


def test_export_writes_several_formats_from_one_read(tmp_path, memo_nq):
    dataset = tmp_path / "dataset.nq"
    dataset.write_bytes(memo_nq)
    r = kg("export", "--dataset", dataset, "-o", tmp_path / "kg.ttl", "-o", tmp_path / "kg.jsonld",
           "-o", tmp_path / "kg.nt")
    assert r.returncode == 0, r.stderr
    for name in ("kg.ttl", "kg.jsonld", "kg.nt"):
        alone = kg("export", "--dataset", dataset, "-o", tmp_path / f"alone-{name}")
        assert alone.returncode == 0, alone.stderr
        assert (tmp_path / name).read_bytes() == (tmp_path / f"alone-{name}").read_bytes()


@pytest.mark.parametrize("args, line", [
    (["-f", "nt", "-o", "a.ttl", "-o", "b.nt"],
     "Error: --format names the format of one output: leave it out: with several -o each format "
     "comes from the file's extension"),
    (["-o", "a.ttl", "-o", "b.txt"],
     "Error: cannot tell the format from the file's extension in b.txt: use .ttl, .jsonld, .nt, .nq or .trig"),
    (["-o", "a.ttl", "-o", "./a.ttl"], "Error: the same file is given twice to -o: give each output once"),
])
def test_export_to_several_files_refuses_what_it_cannot_do(tmp_path, memo_nq, args, line):
    dataset = tmp_path / "dataset.nq"
    dataset.write_bytes(memo_nq)
    r = kg("export", "--dataset", dataset, *args, cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.splitlines() == [line]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset.nq"]


@pytest.mark.parametrize("min_rows", [0, 10**9], ids=["processes", "here"])
def test_what_runs_meanwhile_gives_its_result_or_stops_the_writing(quads, tmp_path, min_rows):
    dumps = [Dump(tmp_path / n, fmt, gz) for fmt, n, gz in ALL]
    assert write_dumps(quads, dumps, jobs=2, min_rows=min_rows, meanwhile=lambda: 42) == 42
    assert (tmp_path / "kg.ttl").read_bytes() == serialize(quads, formats.TURTLE)

    _old_files(tmp_path)

    def refuse():
        raise ValueError("the graph may not be published")

    with pytest.raises(ValueError, match="may not be published"):
        write_dumps(quads, dumps, jobs=2, min_rows=min_rows, meanwhile=refuse)
    _unchanged(tmp_path)
    assert not [c for c in multiprocessing.active_children() if c.name.startswith("kg-write-")]
