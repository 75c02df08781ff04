"""kg.scratch: the temporary folders of a killed run are removed by the next one, and only those."""

import os
import subprocess
import sys
import tempfile

import pytest

from kg import scratch


@pytest.fixture
def tmpdir_env(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)           # read TMPDIR again
    return tmp_path


def ended_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def leftover(tmp, name: str, owner: str | None) -> None:
    (tmp / name).mkdir()
    (tmp / name / "run-0").write_bytes(b"rows")
    if owner is not None:
        (tmp / name / scratch.OWNER).write_text(owner)


def test_only_the_folders_of_ended_runs_are_removed(tmpdir_env):
    ns = scratch._namespace()
    leftover(tmpdir_env, "kg-rows-dead", f"{ended_pid()} {ns}\n")
    leftover(tmpdir_env, "kg-rows-alive", f"{os.getppid()} {ns}\n")          # pytest's parent runs
    leftover(tmpdir_env, "kg-rows-elsewhere", f"{ended_pid()} pid:[1]x\n")  # another PID namespace
    leftover(tmpdir_env, "kg-rows-unlabelled", None)                       # not made by kg.scratch
    leftover(tmpdir_env, "kg-store-dead", f"{ended_pid()} {ns}\n")          # another kind of kg's
    leftover(tmpdir_env, "other-dead", f"{ended_pid()} {ns}\n")            # not kg's

    made = scratch.folder("kg-rows-")
    assert sorted(p.name for p in tmpdir_env.iterdir() if str(p) != made) == [
        "kg-rows-alive", "kg-rows-elsewhere", "kg-rows-unlabelled", "other-dead"]
    assert (tmpdir_env / made / scratch.OWNER).read_text() == f"{os.getpid()} {ns}\n"
    assert scratch.reap() == []                              # its own folder is kept


def test_a_build_removes_the_rows_a_killed_build_left(tmpdir_env):
    from kg.quads import RowSorter

    leftover(tmpdir_env, "kg-rows-killed", f"{ended_pid()} {scratch._namespace()}\n")
    sorter = RowSorter(2)
    for i in range(10):
        sorter.group("<urn:g>").append(("<urn:s>", "<urn:p>", f'"{i}"'))
        sorter.check()
    assert [p.name[:8] for p in tmpdir_env.iterdir()] == ["kg-rows-"]
    assert not (tmpdir_env / "kg-rows-killed").exists()
