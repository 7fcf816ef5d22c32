"""The check of free memory and disk before a heavy command: it refuses, naming what is short,
how much is needed and free and what to do, when the need is above what is free; it passes
otherwise."""

import os

import pytest

from partnerkg.core import resources
from partnerkg.core.errors import PartnerKGError, ResourceError
from partnerkg.core.resources import GB, MB, Need, SKIP_ENV


def meminfo(tmp_path, available_kb: int):
    path = tmp_path / f"meminfo-{available_kb}"
    path.write_text("MemTotal:       24000000 kB\nMemFree:          100000 kB\n"
                    f"MemAvailable:   {available_kb:>9} kB\nBuffers:            1000 kB\n")
    return path


def test_available_memory_is_memavailable_in_bytes(tmp_path):
    assert resources.available_memory(meminfo(tmp_path, 2048)) == 2048 * 1024
    (tmp_path / "old").write_text("MemTotal: 1000 kB\nMemFree: 10 kB\n")  # no MemAvailable
    assert resources.available_memory(tmp_path / "old") is None
    assert resources.available_memory(tmp_path / "absent") is None
    assert resources.available_memory(None) is None


def test_the_real_reading_on_this_machine_is_a_number_or_unknown():
    found = resources.available_memory()
    assert found is None or found > 0
    assert resources.free_disk(os.getcwd()) > 0


def test_memory_short_is_refused_with_need_free_and_what_to_do(tmp_path):
    need = Need(memory=10 * GB)
    with pytest.raises(ResourceError) as raised:
        resources.check(need, "partnerkg validate on big", meminfo=meminfo(tmp_path, 1024 * 1024),
                        environ={})
    message = str(raised.value)
    assert message.startswith("not enough memory for partnerkg validate on big")
    assert "needs about 10.0 GB" in message and "1.0 GB is available" in message
    assert "Close other programs" in message and f"{SKIP_ENV}=1" in message
    assert raised.value.short == "memory"
    assert (raised.value.need, raised.value.free) == (10 * GB, GB)
    assert isinstance(raised.value, PartnerKGError)  # the CLI shows it as one line, exit 1


def test_memory_enough_passes_and_the_edge_is_allowed(tmp_path):
    resources.check(Need(memory=10 * GB), "x", meminfo=meminfo(tmp_path, 11 * 1024 * 1024),
                    environ={})
    resources.check(Need(memory=GB), "x", meminfo=meminfo(tmp_path, 1024 * 1024), environ={})
    with pytest.raises(ResourceError):  # one kB short
        resources.check(Need(memory=GB + 1024), "x", meminfo=meminfo(tmp_path, 1024 * 1024),
                        environ={})


def test_unknown_free_memory_is_not_checked(tmp_path):
    resources.check(Need(memory=10 ** 15), "x", meminfo=tmp_path / "absent", environ={})


def test_disk_short_names_the_folder_and_says_set_tmpdir(tmp_path):
    need = Need(disk={tmp_path / "scratch": (5 * GB, "temporary files")})
    with pytest.raises(ResourceError) as raised:
        resources.check(need, "partnerkg export", meminfo=None, environ={},
                        disk_free=lambda folder: 2 * GB)
    message = str(raised.value)
    assert message.startswith("not enough disk for partnerkg export: temporary files in "
                              f"{tmp_path / 'scratch'} need about 5.0 GB and 2.0 GB is free")
    assert "Set TMPDIR to a folder on a disk with room" in message
    assert raised.value.short == "disk"
    resources.check(need, "partnerkg export", meminfo=None, environ={},
                    disk_free=lambda folder: 5 * GB)


def test_folders_on_one_disk_are_counted_together(tmp_path):
    (tmp_path / "a").mkdir()
    need = Need(disk={tmp_path / "a": (3 * GB, "temporary files"),
                      tmp_path / "b" / "c": (3 * GB, "the file written")})  # b/c not made yet
    free = lambda folder: 5 * GB  # noqa: E731
    with pytest.raises(ResourceError) as raised:
        resources.check(need, "x", meminfo=None, environ={}, disk_free=free)
    assert "need about 6.0 GB and 5.0 GB is free" in str(raised.value)
    for folder, want in need.disk.items():  # either alone fits
        resources.check(Need(disk={folder: want}), "x", meminfo=None, environ={},
                        disk_free=free)


def test_the_variable_skips_every_check(tmp_path):
    need = Need(memory=10 ** 15, disk={tmp_path: (10 ** 15, "the store")})
    resources.check(need, "x", meminfo=meminfo(tmp_path, 1), environ={SKIP_ENV: "1"},
                    disk_free=lambda folder: 0)
    with pytest.raises(ResourceError):
        resources.check(need, "x", meminfo=meminfo(tmp_path, 1), environ={SKIP_ENV: "0"},
                        disk_free=lambda folder: 0)


def test_estimates_grow_with_the_memberships_as_measured(tmp_path):
    base, per_million = resources.COMMANDS["validate"]
    assert resources.estimate("validate").memory == base * MB
    assert resources.estimate("validate", memberships=2_000_000).memory == \
        (base + 2 * per_million) * MB
    # the measured peaks lie under the estimates, and not far under (issue 35's runs):
    # (command, memberships, peak MB)
    for command, memberships, peak in (("report", 348_000, 888), ("report", 1_082_024, 4676),
                                       ("validate", 348_000, 1726),
                                       ("validate", 1_082_024, 4937)):
        need = resources.estimate(command, memberships=memberships).memory / MB
        assert peak <= need <= 2.1 * peak, (command, memberships, need)
    # an RDF export streams: its memory does not grow, its disk does: 3 copies of the graph
    # in the temporary folder (the dump, sort's runs, the sorted copy)
    per = resources.NT_BYTES_PER_TRIPLE
    need = resources.estimate("export-rdf", memberships=10 ** 6, triples=10 ** 6,
                              temporary=tmp_path)
    assert need.memory == resources.COMMANDS["export-rdf"][0] * MB
    assert need.disk == {tmp_path: (3 * per * 10 ** 6, "temporary files")}
    # the file written on the same disk takes the dump's place: still 3 copies at most
    same = resources.estimate("export-rdf", triples=10, output=tmp_path / "out" / "g.nt",
                              temporary=tmp_path)
    assert same.disk == {tmp_path: (3 * per * 10,
                                    "temporary files (then the file written, on the same disk)")}
    # on another disk (a memory file system, where there is one), one copy there
    shm = resources.Path("/dev/shm")
    if shm.is_dir() and shm.stat().st_dev != tmp_path.stat().st_dev:
        apart = resources.estimate("export-rdf", triples=10, output=shm / "g.nt",
                                   temporary=tmp_path)
        assert apart.disk == {tmp_path: (3 * per * 10, "temporary files"),
                              shm: (per * 10, "the file written")}
    with pytest.raises(ValueError, match="unknown command 'nope'"):
        resources.estimate("nope")


def test_check_command_compares_the_estimate_with_free_memory(tmp_path):
    need = resources.estimate("report", memberships=1_000_000).memory  # 4,400 MB
    with pytest.raises(ResourceError, match="not enough memory for partnerkg report on s"):
        resources.check_command("report", 1_000_000, what="partnerkg report on s",
                                meminfo=meminfo(tmp_path, need // 1024 - 1), environ={})
    resources.check_command("report", 1_000_000, what="partnerkg report on s",
                            meminfo=meminfo(tmp_path, need // 1024), environ={})


def test_check_load_estimates_from_the_files_sizes(tmp_path):
    data = tmp_path / "bids.csv"
    data.write_bytes(b"x" * (10 * MB))
    need_memory = resources.LOAD_MEMORY_BASE + resources.LOAD_MEMORY_PER_BYTE * 10 * MB
    enough = meminfo(tmp_path, need_memory // 1024)
    resources.check_load([data], tmp_path / "store", meminfo=enough, environ={},
                         disk_free=lambda folder: resources.LOAD_DISK_PER_BYTE * 10 * MB)
    short = meminfo(tmp_path, need_memory // 1024 - 1)
    with pytest.raises(ResourceError, match="not enough memory for loading 10 MB of files"):
        resources.check_load([data, tmp_path / "absent.csv"], tmp_path / "store",
                             meminfo=short, environ={})
    with pytest.raises(ResourceError) as raised:
        resources.check_load([data], tmp_path / "store", meminfo=enough, environ={},
                             disk_free=lambda folder: 10 * MB)
    assert f"the store in {tmp_path / 'store'} need about" in str(raised.value)
    assert "Free space there, or write to another disk" in str(raised.value)
