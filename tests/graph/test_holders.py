"""Readers beside a writer, a second writer told who holds the store, a served store kept."""

import json
import subprocess
import sys
import time

import pytest
from partnerkg.graph.holders import SERVER, claim, release

HOLD = """
import sys, time
from partnerkg.graph.store import Store
store = Store(sys.argv[1])
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
store.close()
"""


def hold(store, seconds=30):
    """A process that opens ``store`` to write and keeps it open."""
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(store), str(seconds)],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "holding"
    return process


def test_a_report_runs_while_another_process_writes(run, tmp_path, data_dir):
    store = tmp_path / "s"
    assert run("load", data_dir / "long.csv", "--store", store).exit_code == 0
    writer = hold(store)
    try:
        report = run("report", "--store", store, "--format", "json")
        assert report.exit_code == 0, report.output
        assert json.loads(report.output)["bids"] == 3
        query = run("query", "top-partners", "--store", store, "--format", "csv")
        assert query.exit_code == 0 and "Beta Police" in query.output
    finally:
        writer.terminate()
        writer.wait()


def test_a_second_writer_waits_then_names_the_holder(run, tmp_path, data_dir):
    store = tmp_path / "s"
    run("load", data_dir / "long.csv", "--store", store)
    writer = hold(store)
    try:
        started = time.monotonic()
        result = run("load", data_dir / "wide.csv", "--store", store, "--wait", "0.5")
        assert time.monotonic() - started >= 0.5
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert f"process {writer.pid}" in result.output and "LOCK" in result.output
        assert "--wait" in result.output
    finally:
        writer.terminate()
        writer.wait()
    # once the holder has gone, the same load goes through
    assert run("load", data_dir / "wide.csv", "--store", store).exit_code == 0


def test_a_served_store_is_not_changed_under_the_server(run, tmp_path, data_dir):
    store = tmp_path / "s"
    run("load", data_dir / "long.csv", "--store", store)
    server = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    claim(store, SERVER, pid=server.pid)
    try:
        result = run("load", data_dir / "wide.csv", "--store", store)
        assert result.exit_code == 1 and f"served by process {server.pid}" in result.output
        assert run("report", "--store", store).exit_code == 0  # reading is fine
    finally:
        server.terminate()
        server.wait()
    # a server that ended without cleaning up does not block the store
    assert run("load", data_dir / "wide.csv", "--store", store).exit_code == 0
    release(store, SERVER, pid=server.pid)


def test_two_writers_at_once_give_what_one_after_the_other_gives(tmp_path, data_dir):
    import pyoxigraph as ox
    from partnerkg import KnowledgeGraph

    files = [data_dir / "long.csv", data_dir / "wide.csv"]
    together = tmp_path / "together"
    processes = [subprocess.Popen([sys.executable, "-m", "partnerkg", "load", str(path),
                                   "--store", str(together), "--wait", "60"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                 for path in files]
    for process in processes:
        assert process.wait() == 0, process.stderr.read()
    apart = tmp_path / "apart"
    for path in files:
        assert subprocess.run([sys.executable, "-m", "partnerkg", "load", str(path), "--store",
                               str(apart)], capture_output=True).returncode == 0

    def data(store):
        with KnowledgeGraph(store) as kg:
            return set(kg.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES,
                                        from_graph=ox.DefaultGraph()).decode().splitlines())
    assert data(together) == data(apart)


def test_a_store_another_process_is_making_is_not_taken_for_a_foreign_folder(tmp_path):
    # RocksDB writes its info LOG before it takes the LOCK: a second writer arriving then
    # waits for the store instead of refusing the folder
    from partnerkg.core.errors import StoreError
    from partnerkg.graph.store import refuse_foreign_folder

    making = tmp_path / "making"
    making.mkdir()
    (making / "LOG").write_text("RocksDB info log", encoding="utf-8")
    refuse_foreign_folder(making)
    (making / "bids.csv").write_text("bid\n", encoding="utf-8")
    with pytest.raises(StoreError, match="folder of 2 file"):
        refuse_foreign_folder(making)


def test_a_holder_record_keeps_no_secret_and_only_its_owner_reads_it(tmp_path, monkeypatch):
    import os
    import stat

    from partnerkg.graph import holders

    store = tmp_path / "s"
    store.mkdir()
    monkeypatch.setattr(sys, "argv", ["partnerkg", "serve", "--token", "s3cret-token",
                                      "--store", str(store), "--endpoint=http://ann:pa55@h/q"])
    claim(store, SERVER)
    path = holders._file(store, SERVER)
    text = path.read_text(encoding="utf-8")
    assert "s3cret-token" not in text and "pa55" not in text
    assert json.loads(text)["command"].startswith("partnerkg serve --token *** --store")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    release(store, SERVER)
    assert not path.exists()


def test_docstring_examples():
    import doctest

    from partnerkg.graph import holders

    result = doctest.testmod(holders)
    assert result.attempted > 0 and result.failed == 0
