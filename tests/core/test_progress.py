import io

from partnerkg.core import progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_bars_only_on_a_terminal_and_never_when_quiet(monkeypatch):
    items = list(range(progress.MIN_ITEMS))
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert list(progress.track(items, "Counting")) == items
    assert not progress.enabled()

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert progress.enabled()
    assert list(progress.track(items, "Counting")) == items
    assert "Counting" in terminal.getvalue()

    quiet = Terminal()
    monkeypatch.setattr("sys.stderr", quiet)
    progress.quiet(True)
    try:
        assert list(progress.track(items, "Counting")) == items
        with progress.status("Thinking"):
            pass
        assert quiet.getvalue() == ""
    finally:
        progress.quiet(False)


def test_short_loops_draw_nothing(monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert list(progress.track(range(10), "Counting")) == list(range(10))
    assert terminal.getvalue() == ""


def test_quiet_flag_on_the_command_line(run):
    result = run("--quiet", "query", "--list")
    assert result.exit_code == 0 and "top-partners" in result.output
    assert not progress.enabled()
    progress.quiet(False)


def test_a_status_shows_its_description_and_the_time_taken(monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with progress.status("Finding clusters"):
        pass
    drawn = terminal.getvalue()
    assert "Finding clusters" in drawn and "0:00:00" in drawn  # elapsed, h:mm:ss


def test_calls_side_by_side_show_a_bar_with_the_time_left(monkeypatch):
    from partnerkg.network import engine

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    calls = [(i,) for i in range(5)]
    assert engine.side_by_side(lambda i: i * i, calls, description="Squaring") == \
        [0, 1, 4, 9, 16]
    drawn = terminal.getvalue()
    assert "Squaring" in drawn and "100%" in drawn
    plain = io.StringIO()  # not a terminal: nothing drawn, the same answers
    monkeypatch.setattr("sys.stderr", plain)
    assert engine.side_by_side(lambda i: i * i, calls, description="Squaring") == \
        [0, 1, 4, 9, 16]
    assert plain.getvalue() == ""


def test_many_lines_written_show_a_bar_and_the_same_text(monkeypatch):
    import numpy as np

    from partnerkg.exports.writers import _write_lines

    pieces = ["<", np.array([str(i) for i in range(25)], dtype=object), ">\n"]
    expected = "".join(f"<{i}>\n" for i in range(25))
    for stderr, drawn in ((Terminal(), True), (io.StringIO(), False)):
        monkeypatch.setattr("sys.stderr", stderr)
        written = []
        _write_lines(written.append, pieces, size=2, description="Writing 25 ties")
        assert "".join(written) == expected
        assert ("Writing 25 ties" in stderr.getvalue()) is drawn
    few = Terminal()  # fewer than ten blocks: no bar
    monkeypatch.setattr("sys.stderr", few)
    _write_lines([].append, pieces, size=5, description="Writing 25 ties")
    assert few.getvalue() == ""
