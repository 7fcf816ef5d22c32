"""A --store that is not a store is refused; push uploads only what it is told to."""

import socket


def folder_of_csvs(tmp_path, data_dir):
    folder = tmp_path / "my-spreadsheets"
    folder.mkdir()
    (folder / "bids.csv").write_bytes((data_dir / "long.csv").read_bytes())
    return folder


def test_load_refuses_a_folder_that_is_not_a_store(run, tmp_path, data_dir):
    folder = folder_of_csvs(tmp_path, data_dir)
    result = run("load", data_dir / "long.csv", "--store", folder)
    assert result.exit_code == 1
    assert "not a partnerkg store" in result.output and "Traceback" not in result.output
    assert [p.name for p in folder.iterdir()] == ["bids.csv"]  # nothing made inside it


def test_reports_refuse_a_folder_that_is_not_a_store(run, tmp_path, data_dir):
    folder = folder_of_csvs(tmp_path, data_dir)
    result = run("report", "--store", folder)
    assert result.exit_code == 1 and "not a partnerkg store" in result.output
    assert [p.name for p in folder.iterdir()] == ["bids.csv"]


def test_an_empty_folder_becomes_a_store(run, tmp_path, data_dir):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("load", data_dir / "long.csv", "--store", empty).exit_code == 0
    assert run("report", "--store", empty).exit_code == 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_push_needs_a_store_or_demo(run, tmp_path, data_dir):
    url = f"http://127.0.0.1:{free_port()}/store"  # nothing listens: nothing may be sent
    result = run("push", "--endpoint", url)
    assert result.exit_code == 2 and "--store DIR" in result.output and "--demo" in result.output
    store = tmp_path / "store"
    assert run("load", data_dir / "long.csv", "--store", store).exit_code == 0
    both = run("push", "--endpoint", url, "--store", store, "--demo")
    assert both.exit_code == 2 and "not both" in both.output
