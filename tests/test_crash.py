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

    proc = start("build", "-q", "-o", out, slow=30)           # the bundled memo: other output
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
