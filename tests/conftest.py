"""Shared fixtures: paths to small data files and graphs built from them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from partnerkg import KnowledgeGraph
from partnerkg.cli import cli

DATA = Path(__file__).parent / "data"
#: Copies of the shared files the tests read (tests/data/copies/README.md).
SHARED = DATA / "copies"
if "PARTNERKG_SHARED" in os.environ:
    SHARED = Path(os.environ["PARTNERKG_SHARED"])


@pytest.fixture(autouse=True)
def _no_store_from_environment(monkeypatch):
    """Tests decide their own store; a developer's $PARTNERKG_STORE must not leak in."""
    monkeypatch.delenv("PARTNERKG_STORE", raising=False)


@pytest.fixture(autouse=True)
def _fixed_terminal_width(monkeypatch):
    """Tables are drawn to the terminal's width: tests fix it (160 columns) so that they do not
    depend on the terminal they run in; a test of narrow output sets $COLUMNS itself."""
    monkeypatch.setenv("COLUMNS", "160")


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def shared_dir() -> Path:
    assert SHARED.is_dir(), f"no shared files at {SHARED}"
    return SHARED


@pytest.fixture
def long_kg():
    kg = KnowledgeGraph()
    kg.load([DATA / "long.csv"])
    return kg


@pytest.fixture(scope="session")
def bundled_kg():
    return KnowledgeGraph.bundled()


@pytest.fixture
def run():
    """Invoke the CLI with CliRunner; arguments may be paths."""
    runner = CliRunner()

    def invoke(*args, **kwargs):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)
    return invoke


@pytest.fixture
def store_of(run, tmp_path):
    """A store loaded from a small CSV: ``store_of(header, rows)`` writes ``header`` and the
    rows (tuples of cells) to a file, loads it with the CLI and returns the store's path."""
    def make(header: str, rows, name: str = "store") -> Path:
        data = tmp_path / f"{name}.csv"
        data.write_text(header + "\n" + "".join(",".join(map(str, row)) + "\n" for row in rows),
                        encoding="utf-8")
        path = tmp_path / name
        loaded = run("load", data, "--store", path)
        assert loaded.exit_code == 0, loaded.output
        return path
    return make


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def free_port():
    """A function giving a TCP port on 127.0.0.1 that nothing listens on now."""
    return _free_port


@pytest.fixture(scope="module")
def tca_store(tmp_path_factory):
    """A store directory holding the bundled data (one per test module)."""
    from partnerkg.data import bundled_paths
    from partnerkg.pipeline import load_into_store

    path = tmp_path_factory.mktemp("served") / "tca"
    load_into_store(bundled_paths(), path)
    return path
