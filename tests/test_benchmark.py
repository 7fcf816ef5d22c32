"""A small-scale run of the benchmark: its equality checks must hold (timings are not tested)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


def test_benchmark_at_scale_s_gives_the_baselines_answers(tmp_path):
    import os

    out = tmp_path / "s.json"
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    # the baselines only: the README commands' part is checked on its own below
    # (test_the_benchmark_answer_checks_hold_on_synthetic_data)
    done = subprocess.run([sys.executable, str(BENCHMARK), "--scale", "S", "--only", "baselines",
                           "--json", str(out)],
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "TMPDIR": str(scratch)})
    # the benchmark removes everything it wrote in the temporary folder
    assert sorted(p.name for p in scratch.iterdir()) == []
    checks = json.loads(out.read_text())["checks"]
    # timings at scale S say little, but the exit status must say whether every check held
    assert done.returncode == (0 if all(checks.values()) else 1), done.stderr
    for name in ("top-partners same rows as pyoxigraph", "top-partners same rows as rdflib",
                 "analysis: same degrees as naive networkx",
                 "analysis: same top 20 as naive networkx",
                 "top-partners: earlier nested form gives the same rows on rdflib"):
        assert checks[name] is True, name
    assert "| load CSV into the store |" in done.stdout


def test_synth_is_deterministic(run, tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    assert run("synth", "--bids", "300", "--orgs", "200", "--seed", "4", "-o", first).exit_code == 0
    run("synth", "--bids", "300", "--orgs", "200", "--seed", "4", "-o", second)
    assert first.read_bytes() == second.read_bytes()
    rows = first.read_text().splitlines()
    assert rows[0] == "bid,programme,round,organisation,role,sector,amount,title"
    bids = {line.split(",")[0] for line in rows[1:]}
    assert len(bids) == 300
    assert run("load", first, "--store", tmp_path / "s").exit_code == 0


def test_synth_names_a_body_once_per_bid(run, tmp_path):
    import csv

    from partnerkg.data.synth import synthetic_rows

    # no variants: the same name twice in a bid is the same body twice
    rows = list(synthetic_rows(bids=5000, organisations=3000, seed=1, variants=0))
    pairs = [(row["bid"], row["organisation"]) for row in rows]
    assert len(pairs) == len(set(pairs))
    path = tmp_path / "m.csv"
    run("synth", "--bids", "2000", "--orgs", "1500", "-o", path)
    loaded = run("load", path, "--store", tmp_path / "s")
    assert loaded.exit_code == 0 and "are one body" not in loaded.output
    with open(path, encoding="utf-8") as handle:
        assert len({r["bid"] for r in csv.DictReader(handle)}) == 2000


def test_the_benchmark_runs_every_readme_command_of_the_three_sections():
    sys.path.insert(0, str(BENCHMARK.parent))
    try:
        from commands import readme_commands, timed_kind
    finally:
        sys.path.pop(0)
    readme = (BENCHMARK.parents[1] / "README.md").read_text(encoding="utf-8")
    found = readme_commands()
    # worked out from the README by hand: every partnerkg line of those sections' code blocks
    for section in ("## Reports", "## Views", "## Checking and exporting"):
        body = readme.split(section + "\n", 1)[1].split("\n## ", 1)[0]
        for line in body.splitlines():
            if line.startswith("partnerkg "):
                # the command without the comment after it (" # ...")
                assert line.split(" # ")[0].strip() in found
    assert len(found) == len(set(found)) >= 15
    kinds = {line: timed_kind(line.split()) for line in found}
    assert kinds["partnerkg viz --output tca.html"] == "viz"
    maps = [line for line in found if "--layout geo" in line]
    assert maps and all(kinds[line] == "viz map" for line in maps)
    assert kinds["partnerkg viz --output bids.html --view bipartite"] is None
    assert kinds["partnerkg validate"] == "validate"
    assert kinds["partnerkg export --format gexf -o tca.gexf"] == "export --format gexf"
    assert kinds["partnerkg export --format nt -o tca.nt"] is None


def test_the_benchmark_answer_checks_hold_on_synthetic_data(run, tmp_path):
    # the same checks the L run makes, on a small synthetic store
    sys.path.insert(0, str(BENCHMARK.parent))
    try:
        from commands import _prepare, _shown, _substitutes, answer_checks, readme_commands
    finally:
        sys.path.pop(0)
    data = tmp_path / "syn.csv"
    assert run("synth", "--bids", "400", "--orgs", "300", "--seed", "2", "-o", data).exit_code == 0
    assert run("load", data, "--store", tmp_path / "store").exit_code == 0
    lines = readme_commands()
    import re
    quoted = list(dict.fromkeys(q for line in lines for q in re.findall(r'"([^"]+)"', line)))
    names = dict(zip(quoted, _substitutes([str(data)], tmp_path / "store")))
    entries = [{"readme": line, "command": _shown(_prepare(line, tmp_path / "store", tmp_path,
                                                            names), tmp_path / "store")}
               for line in lines]
    (tmp_path / "out").mkdir()
    checks = answer_checks(tmp_path, lines, names, entries)
    assert len(checks) == 6
    assert all(checks.values()), checks


def test_a_stopped_benchmark_removes_what_it_wrote(tmp_path):
    import os
    import signal
    import time

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    process = subprocess.Popen([sys.executable, str(BENCHMARK), "--scale", "M"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "TMPDIR": str(scratch)})
    deadline = time.monotonic() + 120
    while not any(scratch.glob("partnerkg-bench-M-*/M.csv")):  # it has begun writing
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=120) == 128 + signal.SIGTERM
    assert list(scratch.iterdir()) == []


def _benchmark_module(monkeypatch, tmp_path):
    """benchmarks/run.py imported as a module, its temporary folders made under ``tmp_path``."""
    import importlib.util
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.syspath_prepend(str(BENCHMARK.parent))
    spec = importlib.util.spec_from_file_location("bench_run", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # run in this process, its signal handlers would outlive it (the real ones are tested above)
    monkeypatch.setattr(module.signal, "signal", lambda *args: None)
    return module


def _main(module, monkeypatch, *args):
    monkeypatch.setattr(sys, "argv", ["run.py", *args])
    with pytest.raises(BaseException) as raised:
        module.main()
    return raised.value


def test_the_benchmark_exits_non_zero_and_leaves_nothing_when_a_check_fails(monkeypatch, tmp_path):
    module = _benchmark_module(monkeypatch, tmp_path)
    seen = []

    def failing(args, work, data):
        seen.append(work)
        (work / "scratch").write_text("written by a step")
        return False  # a target or a check did not hold
    monkeypatch.setattr(module, "_measure", failing)
    ended = _main(module, monkeypatch, "--scale", "S")
    assert isinstance(ended, SystemExit) and ended.code == 1
    assert seen and seen[0].name.startswith("partnerkg-bench-S-")
    assert list(tmp_path.iterdir()) == []


def test_the_benchmark_leaves_nothing_when_a_step_fails_or_it_is_interrupted(monkeypatch, tmp_path):
    module = _benchmark_module(monkeypatch, tmp_path)

    def step_fails(args, work, data):
        raise SystemExit("step load failed:\nboom")  # as _run does
    monkeypatch.setattr(module, "_measure", step_fails)
    ended = _main(module, monkeypatch, "--scale", "S")
    assert isinstance(ended, SystemExit) and ended.code not in (0, None)
    assert list(tmp_path.iterdir()) == []

    # Ctrl-C while the synthetic data is being written (scale M writes it before measuring)
    import partnerkg.pipeline as pipeline

    def interrupted(path, **kwargs):
        Path(path).write_text("bid,programme\n")
        raise KeyboardInterrupt
    monkeypatch.setattr(pipeline, "write_synthetic_data", interrupted)
    ended = _main(module, monkeypatch, "--scale", "M")
    assert isinstance(ended, KeyboardInterrupt)
    assert list(tmp_path.iterdir()) == []


def test_xl_is_held_to_its_own_bounds_and_the_load_plus_summary_to_one():
    sys.path.insert(0, str(BENCHMARK.parent))
    try:
        from commands import bounds, limits_of, load_and_summary, table
    finally:
        sys.path.pop(0)
    xl, l = limits_of("XL"), limits_of("L")
    entry = {"command": "partnerkg report clusters", "kind": "report clusters",
             "first": {"seconds": 100.0, "peak_mb": 5000, "exit": 0},
             "second": {"seconds": 4.9, "peak_mb": 900, "exit": 0}}
    # 100 s is within XL's 120 s for clusters, not within L's 45 s; 5,000 MB within 6 GB only
    assert all(bounds(entry, xl).values())
    at_l = bounds(entry, l)
    assert at_l["partnerkg report clusters: first time at most 45 s"] is False
    assert at_l["partnerkg report clusters: peak memory at most 3072 MB"] is False
    other = dict(entry, command="partnerkg report org X", kind="report org")
    assert bounds(other, xl)["partnerkg report org X: first time at most 30 s"] is False
    slow = dict(entry, second={"seconds": 5.1, "peak_mb": 900, "exit": 0})
    assert bounds(slow, xl)["partnerkg report clusters: second time at most 5 s"] is False
    # the load and the summary: seconds added (200 + 99 = 299 <= 300), the higher peak
    load = {"seconds": 200.0, "peak_mb": 8000}
    summary = {"seconds": 99.0, "peak_mb": 3000, "exit": 0}
    assert list(load_and_summary(load, summary, xl).values()) == [True]
    assert list(load_and_summary(load, dict(summary, seconds=101.0), xl).values()) == [False]
    assert list(load_and_summary(dict(load, peak_mb=8193), summary, xl).values()) == [False]
    assert load_and_summary(load, summary, l) == {}  # L sets no such bound
    shown = table({"report": summary, "commands": [entry]}, xl, load=load)
    assert "| load plus the first summary | 299.00 | | 8000 | 300 s, 8192 MB | ok |" in shown
    assert "| 120 s / 5 s | ok |" in shown
