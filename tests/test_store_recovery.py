"""What a killed write leaves beside a store is told apart from a live writer's, put right by
the next command (a reader included), and never undoes a later write; a full disk is named.

Real processes and a real Oxigraph store throughout: a load is killed (kill -9) while it streams
its lines to the bulk loader, so that its checkpoint stays beside the store; what a kill at
another moment would leave is made from that, with the names the writer gives.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest

TWO_BIDS = ("bid,programme,organisation,role\n"
            "n1,Later Fund,Zeta Council,lead\nn1,Later Fund,Eta Police,partner\n"
            "n2,Later Fund,Eta Police,lead\nn2,Later Fund,Theta Trust,partner\n")


def partnerkg(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "partnerkg", *map(str, args)],
                          capture_output=True, text=True, **kwargs)


def bids_in(store: Path) -> int:
    """The bids a report finds (the next command: it puts right what a kill left)."""
    out = partnerkg("report", "--store", store, "--format", "json")
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    return json.loads(out.stdout)["bids"]


def beside(store: Path) -> list[str]:
    return sorted(p.name for p in store.parent.iterdir() if p.name.startswith(f".{store.name}."))


@pytest.fixture(scope="module")
def killed(tmp_path_factory):
    """A store of tests/data/long.csv (3 bids), and a copy of it as a load of 1,200 bids killed
    (kill -9) while its lines went to the bulk loader left it: the store part-written, its
    checkpoint beside it. Returns (store as it was, killed store, the load's process id)."""
    folder = tmp_path_factory.mktemp("killed")
    data = Path(__file__).parent / "data" / "long.csv"
    base = folder / "base"
    assert partnerkg("load", data, "--store", base).returncode == 0
    bids = folder / "bids.csv"
    assert partnerkg("synth", "--bids", "1200", "--orgs", "700", "-o", bids).returncode == 0
    store = folder / "killed" / "S"
    shutil.copytree(base, store)
    process = subprocess.Popen([sys.executable, "-m", "partnerkg", "load", bids, "--store",
                                store], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # killed once its checkpoint is complete: the lines are being built and loaded
    while process.poll() is None and not any(
            ".checkpoint-" in n and not n.endswith(".tmp") for n in beside(store)):
        time.sleep(0.001)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert any(".checkpoint-" in name for name in beside(store)), beside(store)
    return base, store, process.pid


def copy_of(killed_store: Path, folder: Path) -> Path:
    """The killed store and what its load left beside it, in ``folder``."""
    folder.mkdir()
    for entry in killed_store.parent.iterdir():
        if entry.is_fifo():  # the pipe the lines streamed through
            os.mkfifo(folder / entry.name)
        else:
            (shutil.copytree if entry.is_dir() else shutil.copy2)(entry, folder / entry.name)
    return folder / killed_store.name


def checkpoint_of(store: Path) -> Path:
    return next(p for p in store.parent.iterdir() if re.match(
        rf"^\.{store.name}\.checkpoint-\d+(_\d+)?$", p.name))


def give_pid(pid: int) -> subprocess.Popen:
    """A new, unrelated process with the id ``pid`` (the kernel's next id is set just below it:
    root only), which runs until killed."""
    for _ in range(50):
        try:
            with open("/proc/sys/kernel/ns_last_pid", "w") as handle:
                handle.write(str(pid - 1))
        except OSError as exc:
            pytest.skip(f"cannot choose a process id here ({exc})")
        process = subprocess.Popen(["sleep", "600"])
        if process.pid == pid:
            return process
        process.kill()
        process.wait()
    pytest.fail(f"process id {pid} was never given out")


def test_a_dead_loads_checkpoint_never_undoes_a_later_load_when_its_id_is_reused(tmp_path,
                                                                                killed):
    """A process given the killed load's id made its checkpoint look alive: a later load went
    in beside it, and once that process ended the next command put the checkpoint back over
    the later load."""
    _, killed_store, pid = killed
    store = copy_of(killed_store, tmp_path / "reused")
    later = tmp_path / "later.csv"
    later.write_text(TWO_BIDS, encoding="utf-8")
    impostor = give_pid(pid)
    try:
        loaded = partnerkg("load", later, "--store", store)
        assert loaded.returncode == 0, loaded.stderr
    finally:
        impostor.kill()
        impostor.wait()
    assert bids_in(store) == 3 + 2  # the killed load undone, the later one kept
    assert bids_in(store) == 3 + 2
    assert [n for n in beside(store) if "checkpoint" in n or "load-" in n] == []


@pytest.mark.parametrize("name", ["{pid}", "{pid}_{started}"])
def test_a_checkpoint_killed_while_being_made_is_removed(tmp_path, killed, name):
    """RocksDB makes a checkpoint in ``NAME.tmp`` and renames it when done: a kill -9 before
    the rename left a folder of hard links no cleanup matched."""
    base = killed[0]
    store = tmp_path / "S"
    shutil.copytree(base, store)
    # a real checkpoint of the store, under the name it has while a process (now dead) makes it
    tmp = tmp_path / f".S.checkpoint-{name.format(pid=_dead_pid(), started=12345)}.tmp"
    pyoxigraph.Store(str(base)).backup(str(tmp))
    assert bids_in(store) == 3
    assert beside(store) == [], beside(store)


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_reader_finds_the_store_when_a_recovery_was_killed_between_its_renames(tmp_path,
                                                                                killed):
    """Putting a checkpoint back is two renames (the store aside, the checkpoint in): a kill
    between them left no folder at the store's name, and every reader said "no store"."""
    _, killed_store, _ = killed
    store = copy_of(killed_store, tmp_path / "between")
    store.rename(store.parent / f".S.discard-{_dead_pid()}")  # the first rename, then the kill
    result = partnerkg("report", "--store", store, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["bids"] == 3  # the store before the killed load
    assert "no store" not in result.stderr
    assert beside(store) == [], beside(store)


@pytest.fixture
def small_disk(tmp_path):
    """A folder on a file system of 8 KB (root only)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.strip()}")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


@pytest.mark.parametrize("target, format", [("out.nt", "nt"), ("net", "csv"),
                                            ("net.gexf", "gexf")])
def test_a_full_disk_is_named_and_the_old_output_kept(small_disk, target, format):
    out = small_disk / target
    if format == "nt":
        out.write_text("previous\n", encoding="utf-8")
    if format == "nt":
        # the RDF export sees the room it needs is not there before it writes anything
        result = partnerkg("export", "--format", format, "-o", out)
        assert result.returncode == 1
        assert "not enough disk for exporting" in result.stderr and \
            f"the file written in {small_disk} need about " in result.stderr and \
            "KB is free on that disk" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        assert sorted(p.name for p in small_disk.iterdir()) == ["out.nt"]
        assert out.read_text(encoding="utf-8") == "previous\n"
    # told to go on regardless (or a CSV folder, not checked before), the write meets the
    # full disk
    result = partnerkg("export", "--format", format, "-o", out,
                       env={**os.environ, "PARTNERKG_SKIP_RESOURCE_CHECK": "1"})
    assert result.returncode == 1
    assert "No space left on device" in result.stderr and str(out) in result.stderr, \
        result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in small_disk.iterdir()) == (
        ["out.nt"] if format == "nt" else [])
    if format == "nt":
        assert out.read_text(encoding="utf-8") == "previous\n"
