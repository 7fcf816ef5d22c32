"""A load refuses before reading anything when the machine lacks the memory its files will
need (estimated from their sizes: ``core.resources.check_load``). The file here is sparse: it
says it is a terabyte long and takes no room on disk."""

import pytest

from partnerkg.core import resources
from partnerkg.core.resources import SKIP_ENV


@pytest.fixture
def terabyte_csv(tmp_path):
    path = tmp_path / "national.csv"
    with open(path, "wb") as handle:
        handle.truncate(1 << 40)
    return path


def test_a_load_too_big_for_the_memory_is_refused_before_reading(run, tmp_path, terabyte_csv,
                                                                 monkeypatch):
    monkeypatch.delenv(SKIP_ENV, raising=False)
    free = resources.available_memory()
    if free is None:
        pytest.skip("this machine does not say how much memory is free")
    store = tmp_path / "store"
    refused = run("load", terabyte_csv, "--store", store)
    assert refused.exit_code == 1, refused.output
    # so many bytes of memory for each byte of the files, and a base: tens of terabytes
    need = (resources.LOAD_MEMORY_BASE + resources.LOAD_MEMORY_PER_BYTE * (1 << 40)) / (1 << 30)
    assert need > 10_000
    assert "Error: not enough memory for loading 1024.0 GB of files into" in refused.output
    assert f"it needs about {need:.1f} GB and" in refused.output
    assert "Traceback" not in refused.output
    assert not store.exists()  # nothing made, nothing read


def test_the_variable_lets_a_load_start_without_the_check(run, tmp_path, monkeypatch):
    monkeypatch.setenv(SKIP_ENV, "1")
    monkeypatch.setattr(resources, "LOAD_MEMORY_PER_BYTE", 1 << 40)  # a need no machine meets
    path = tmp_path / "zeros.csv"
    with open(path, "wb") as handle:
        handle.truncate(1 << 20)
    # it is read: a megabyte of zero bytes is no table, and the loader itself says so
    refused = run("load", path, "--store", tmp_path / "store")
    assert refused.exit_code == 1
    assert "not enough memory" not in refused.output
    assert "zeros.csv" in refused.output and "Traceback" not in refused.output
