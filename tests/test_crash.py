"""Crashes and concurrent runs: real `kg build` / `kg publish` processes killed with SIGKILL
while they write, and two runs on one output at once.

``KG_SLOW_WRITES`` only slows a run down (a pause in the middle of each file it
writes), so that a test can see it writing and kill it there; nothing is faked.
"""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import kg

LETTER = """\
Council of Ministers

To: Mr. J.F. Dulwich and Mr. P. Arnaud

The Ministry of Foreign Affairs considers it advisable to invite the governments of Austria and
Hungary to a conference in Geneva on 14 June 1957.

C.D. Fontana
3 May 1957
"""


def start(*args, slow: float):
    env = dict(os.environ, KG_SLOW_WRITES=str(slow))
    return subprocess.Popen([sys.executable, "-m", "kg", *map(str, args)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(condition, proc, seconds=120.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        assert proc.poll() is None, f"the run ended before the moment to kill it: {proc.stderr.read()}"
        time.sleep(0.01)
    pytest.fail("the moment to kill the run never came")


def kill9(proc):
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    proc.stdout.close()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL


def checksums_hold(folder: Path) -> dict[str, str]:
    """Every file SHA256SUMS lists is there with that checksum; returns the listing."""
    listed = {}
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
        listed[name] = digest
    return listed


@pytest.fixture
def letter(tmp_path):
    path = tmp_path / "letter-1957.txt"
    path.write_text(LETTER, encoding="utf-8")
    return path


def test_build_killed_while_writing_leaves_the_previous_dataset(tmp_path, letter):
    out = tmp_path / "build"
    assert kg("build", "-q", "-o", out, letter).returncode == 0
    before = (out / "dataset.nq").read_bytes()

    # The bundled memo: other output. No cache, whose entries would be slowed down first.
    proc = start("build", "-q", "--no-cache", "-o", out, slow=30)
    wait_for(lambda: any(p.stat().st_size for p in out.glob(".dataset.nq.*.tmp")), proc)
    kill9(proc)
    assert (out / "dataset.nq").read_bytes() == before
    assert list(ox.parse(before, format=ox.RdfFormat.N_QUADS))

    r = kg("build", "-q", "-o", out)                          # the next run cleans up and works
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == [".cache", "dataset.nq"]   # the extraction cache stays
    assert (out / "dataset.nq").read_bytes() != before


@pytest.mark.parametrize("moment", [0.3, 1.0, 2.0])
def test_build_killed_at_any_moment_leaves_a_whole_dataset(tmp_path, letter, moment):
    out = tmp_path / "build"
    assert kg("build", "-q", "-o", out, letter).returncode == 0
    before = (out / "dataset.nq").read_bytes()
    proc = start("build", "-q", "-o", out, slow=0)
    time.sleep(moment)
    if proc.poll() is None:
        kill9(proc)
    else:
        proc.communicate()
    after = (out / "dataset.nq").read_bytes()
    assert after == before or after.endswith(b" .\n")
    assert list(ox.parse(after, format=ox.RdfFormat.N_QUADS))


def test_second_build_on_the_same_folder_is_refused_while_the_first_writes(tmp_path, letter):
    out = tmp_path / "build"
    first = start("build", "-q", "-o", out, letter, slow=5)
    wait_for(lambda: any(out.glob(".dataset.nq.*.tmp")), first)
    second = kg("build", "-q", "-o", out, letter)
    assert second.returncode == 2
    assert second.stderr.splitlines() == [
        f"Error: another kg run (pid {first.pid}) is writing into {out} in {out / '.kg.lock'}: "
        "wait until it has finished, then run again"]
    stdout, stderr = first.communicate(timeout=120)
    assert first.returncode == 0, stderr
    assert list(ox.parse(path=out / "dataset.nq", format=ox.RdfFormat.N_QUADS))
    assert sorted(p.name for p in out.iterdir()) == [".cache", "dataset.nq"]


def test_publish_killed_while_writing_leaves_the_previous_publication(tmp_path, letter):
    out = tmp_path / "site"
    assert kg("publish", "-q", out, letter).returncode == 0
    before = checksums_hold(out)

    proc = start("publish", "-q", out, slow=0.05)            # the bundled memo: more pages
    wait_for(lambda: any(len(list(p.rglob("*.html"))) > 5 for p in tmp_path.glob(".site.publishing-*")),
             proc)
    kill9(proc)
    assert checksums_hold(out) == before

    r = kg("publish", "-q", out, letter)                      # the next run cleans up and works
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter-1957.txt", "site"]
    assert checksums_hold(out) == before                      # byte-identical publication


def test_second_publish_is_refused_while_the_first_writes(tmp_path, letter):
    out = tmp_path / "site"
    first = start("publish", "-q", out, letter, slow=0.2)
    wait_for(lambda: any(tmp_path.glob(".site.publishing-*")), first)
    second = kg("publish", "-q", out, letter)
    assert second.returncode == 2
    assert second.stderr.splitlines() == [
        f"Error: another kg run (pid {first.pid}) is writing the publication {out} in "
        f"{tmp_path / '.site.lock'}: wait until it has finished, then run again"]
    first.communicate(timeout=300)
    assert first.returncode == 0
    checksums_hold(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter-1957.txt", "site"]


# Run `kg` with rows spilled to disk and the store on disk from the first few hundred quads,
# and with validation stopped at its start (a marker file says it got there): the moment a
# large build holds the most in $TMPDIR. Only the limits and that pause differ from `kg`.
PAUSED_AT_VALIDATION = """\
import sys, time
from pathlib import Path
import kg.quads, kg.shacl
from kg.cli import main
kg.quads.SPILL_ROWS = kg.quads.STORE_IN_MEMORY = 500
kg.quads.CHECK_EVERY = 1
def check(*args, **kwargs):
    Path(sys.argv[1]).write_text("validating")
    time.sleep(600)
kg.shacl.check = check
main(sys.argv[2:], prog_name="kg")
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_build_stopped_by_a_signal_removes_its_temporary_files(tmp_path, letter, signum):
    out, scratch, marker = tmp_path / "build", tmp_path / "scratch", tmp_path / "validating"
    scratch.mkdir()
    assert kg("build", "-q", "-o", out, letter).returncode == 0
    before = (out / "dataset.nq").read_bytes()

    script = tmp_path / "paused.py"
    script.write_text(PAUSED_AT_VALIDATION)
    proc = subprocess.Popen([sys.executable, script, marker, "build", "-q", "-o", out],
                            env=dict(os.environ, TMPDIR=str(scratch)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(marker.exists, proc)
        held = sorted(p.name.split("-")[1] for p in scratch.iterdir())
        assert held == ["rows", "store"]                      # the bundled memo spilled both
    except BaseException:
        kill9(proc)
        raise
    proc.send_signal(signum)
    stdout, stderr = proc.communicate(timeout=60)

    name = signal.Signals(signum).name
    assert proc.returncode == 128 + signum
    assert stderr.splitlines() == [f"Error: stopped by {name} before finishing; temporary files "
                                   "were removed and no output was half-written"]
    assert list(scratch.iterdir()) == []
    assert (out / "dataset.nq").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == [".cache", "dataset.nq"]


# Run `kg` with each document's extraction held up in the worker (a marker file per worker
# says it got there): the moment a killed parent could leave its worker processes behind.
PAUSED_IN_EXTRACTION = """\
import os, sys, time
from pathlib import Path
import kg.batch
from kg.cli import main
def extract_one(*args, **kwargs):
    (Path(sys.argv[1]) / str(os.getpid())).write_text("extracting")
    time.sleep(600)
kg.batch.extract_one = extract_one
if sys.argv[2] == "watch":                     # as where the kernel cannot be asked (not Linux)
    kg.batch._kill_me_with_parent = lambda: False
main(sys.argv[3:], prog_name="kg")
"""


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"          # a zombie has ended


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("how", ["kernel", "watch"])
def test_workers_of_a_killed_build_end_with_it_and_free_the_folder(tmp_path, letter, how):
    out, markers = tmp_path / "build", tmp_path / "workers"
    markers.mkdir()
    for i in range(4):
        (tmp_path / f"copy-{i}.txt").write_text(LETTER.replace("1957", str(1960 + i)), encoding="utf-8")
    script = tmp_path / "paused.py"
    script.write_text(PAUSED_IN_EXTRACTION)
    proc = subprocess.Popen([sys.executable, script, markers, how, "build", "-q", "--no-cache", "--jobs", "2",
                             "-o", out, *sorted(tmp_path.glob("copy-*.txt"))],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: len(list(markers.iterdir())) == 2, proc)
    finally:
        kill9(proc)
    workers = [int(p.name) for p in markers.iterdir()]
    deadline = time.monotonic() + 10
    while any(map(alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(alive, workers))
    r = kg("build", "-q", "-o", out, letter)                  # the folder's lock went with them
    assert r.returncode == 0, r.stderr


def test_temporary_files_of_a_killed_build_are_removed_by_the_next_build(tmp_path, letter):
    out, scratch, marker = tmp_path / "build", tmp_path / "scratch", tmp_path / "validating"
    scratch.mkdir()
    script = tmp_path / "paused.py"
    script.write_text(PAUSED_AT_VALIDATION)
    env = dict(os.environ, TMPDIR=str(scratch))
    proc = subprocess.Popen([sys.executable, script, marker, "build", "-q", "-o", out], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(marker.exists, proc)
    finally:
        kill9(proc)                                          # nothing of its own can run
    assert sorted(p.name.split("-")[1] for p in scratch.iterdir()) == ["rows", "store"]

    r = subprocess.run([sys.executable, "-m", "kg", "build", "-q", "-o", out, letter], env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert list(scratch.iterdir()) == []


def test_a_signal_during_validation_stops_it_without_waiting_for_the_running_queries():
    """A query cannot be stopped once it runs (one took 49 CPU minutes at 46 million quads):
    SIGTERM must not wait for it, nor start another."""
    import threading

    from kg import resources, shacl
    from kg.errors import Stopped, stop_on_signals
    from kg.validate import load_shapes

    started = []

    class SlowStore:
        def query(self, sparql, **options):
            started.append(sparql)
            time.sleep(20)
            return []

    compiled = shacl.compile_shapes(load_shapes(resources.SHAPES))
    threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM)).start()
    t = time.monotonic()
    with pytest.raises(Stopped), stop_on_signals():
        shacl.check(SlowStore(), compiled, threads=2)
    assert time.monotonic() - t < 5
    time.sleep(0.5)
    assert len(started) == 2                                  # none started after the signal
