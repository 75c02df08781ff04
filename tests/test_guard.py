"""kg.guard: a command run under it ends with the guard's parent, and says how it ended."""

import os
import signal
import subprocess
import sys
import time

import pytest


def guard(*args, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "kg.guard", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def test_the_guard_exits_with_its_commands_status():
    g = guard(os.getpid(), "--", sys.executable, "-c", "import sys; print('ran'); sys.exit(3)")
    out, err = g.communicate(timeout=30)
    assert (g.returncode, out, err) == (3, "ran\n", "")


@pytest.mark.parametrize("args", [[], ["x", "--", "true"], [os.getpid(), "--"],
                                  [os.getpid(), "--max-memory", "--", "true"]])
def test_a_wrong_command_line_is_a_usage_line(args):
    g = guard(*args)
    out, err = g.communicate(timeout=30)
    assert g.returncode == 2
    assert err.startswith("usage: python -m kg.guard PARENT")


def test_a_signal_to_the_guard_is_passed_on_to_its_command(tmp_path):
    started = tmp_path / "started"
    g = guard(os.getpid(), "--", sys.executable, "-c",
              f"import pathlib, time; pathlib.Path({str(started)!r}).touch(); time.sleep(600)")
    deadline = time.monotonic() + 30
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started.exists()
    g.send_signal(signal.SIGTERM)
    g.communicate(timeout=30)
    assert g.returncode == 128 + signal.SIGTERM               # the command ended by SIGTERM


def test_a_command_whose_parent_is_gone_already_is_not_started(tmp_path):
    g = guard(1 if os.getpid() != 1 else 2, "--", sys.executable, "-c",
              f"open({str(tmp_path / 'ran')!r}, 'w')")
    g.communicate(timeout=30)
    assert g.returncode == 1 and not (tmp_path / "ran").exists()
