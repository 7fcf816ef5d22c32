"""Progress shows on a terminal, and never under --quiet or when standard error is not one."""

import os
import pty
import subprocess
import sys

import pytest


def stderr_on_a_terminal(*args, cwd) -> str:
    """Run partnerkg with standard error on a pseudo-terminal; what it drew there."""
    main, side = pty.openpty()
    env = dict(os.environ, COLUMNS="100", TERM="xterm")
    env.pop("PARTNERKG_STORE", None)
    process = subprocess.Popen([sys.executable, "-m", "partnerkg", *args], cwd=cwd, env=env,
                               stdout=subprocess.DEVNULL, stderr=side, stdin=subprocess.DEVNULL)
    os.close(side)
    drawn = b""
    while True:
        try:
            block = os.read(main, 65536)
        except OSError:  # the other side closed
            break
        if not block:
            break
        drawn += block
    process.wait(timeout=300)
    os.close(main)
    assert process.returncode == 0, drawn
    return drawn.decode("utf-8", "replace")


@pytest.mark.parametrize("args, shown", [
    (("validate",), "Checking the graph against the shapes"),
    (("export", "--format", "nt", "-o", "out.nt"), "Sorting"),
    (("export", "-o", "out.ttl"), "Writing Turtle"),
    (("report",), "Projecting the co-partnership graph"),
    (("report",), "Keeping the tables reports start from"),
    (("report", "rounds"), "Counting bodies and pairs round by round"),
    (("viz", "-o", "v.html"), "Laying out"),
    (("viz", "-o", "v.html"), "Reading the drawn bodies' bids, rounds and programmes"),
])
def test_slow_steps_show_progress_on_a_terminal_and_not_with_quiet(tmp_path, args, shown):
    assert shown in stderr_on_a_terminal(*args, cwd=tmp_path)
    for quiet in (("-q",) + args, ("--quiet",) + args, args + ("--quiet",)):
        assert shown not in stderr_on_a_terminal(*quiet, cwd=tmp_path)


def test_no_progress_when_standard_error_is_not_a_terminal(tmp_path):
    done = subprocess.run([sys.executable, "-m", "partnerkg", "validate"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stderr == ""


def test_a_load_of_many_rows_shows_its_steps_on_a_terminal(tmp_path):
    """The names are resolved in steps taken while the store loads (``core.idle``), inside the
    step that records the rows: one bar at a time, never two at once (rich refuses that)."""
    data = tmp_path / "many.csv"
    subprocess.run([sys.executable, "-m", "partnerkg", "synth", "--bids", "6000", "--orgs",
                    "3000", "-o", str(data), "-q"], check=True, cwd=tmp_path)
    drawn = stderr_on_a_terminal("load", str(data), "--store", str(tmp_path / "s"), cwd=tmp_path)
    assert "Recording where each row came from" in drawn
    assert "Traceback" not in drawn and "live display" not in drawn.lower()
