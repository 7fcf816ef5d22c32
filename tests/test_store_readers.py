"""Readers of a store: during a corrected file's load they see the store before it or after
it; they open a store they may only read (another user's, a read-only file system); and no
command writes its output into a store.

Real processes and a real Oxigraph store throughout; expected values come from the files
loaded (tests/data/long.csv has 3 bids among 5 organisations, a synthetic file as many bids
as it was asked for).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

BID = "https://w3id.org/partnerkg/Bid"
COUNT_BIDS = f"SELECT (COUNT(?b) AS ?n) WHERE {{ ?b a <{BID}> }}"
#: How a bid's type reads in N-Triples (the ontology's lines name the class otherwise).
TYPED_BID = f"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{BID}> ."
LONG = Path(__file__).parent / "data" / "long.csv"


def partnerkg(*args, user: int | None = None) -> subprocess.CompletedProcess:
    """Run a command, as the user of id ``user`` if given (``setpriv``, as root)."""
    command = [sys.executable, "-m", "partnerkg", *map(str, args)]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True)


def test_readers_and_exports_during_a_corrected_files_load_see_before_or_after(tmp_path):
    """The bulk write of a corrected file took out its old facts in steps, then loaded the new
    ones: readers meanwhile counted bids between the two versions' (and exports wrote them)."""
    from partnerkg.graph.store import Store

    data = tmp_path / "bids.csv"
    store = tmp_path / "S"
    for step in (("load", LONG, "--store", store),
                 ("synth", "--bids", "1200", "--orgs", "700", "-o", data),
                 ("load", data, "--store", store),
                 ("synth", "--bids", "1300", "--orgs", "700", "--seed", "2", "-o", data)):
        assert partnerkg(*step).returncode == 0
    states = {3 + 1200, 3 + 1300}
    writer = subprocess.Popen([sys.executable, "-m", "partnerkg", "load", data, "--store",
                               store], stderr=subprocess.PIPE, text=True)
    seen, exported = [], []

    def read() -> None:
        while writer.poll() is None:
            with Store(store, create=False, read_only=True) as opened:
                seen.append(int(opened.select(COUNT_BIDS)[1][0][0]))

    def export() -> None:
        for index in range(100):
            if writer.poll() is not None:
                break
            out = tmp_path / f"export-{index}.nt"
            done = partnerkg("export", "--format", "nt", "-o", out, "--store", store)
            assert done.returncode == 0, done.stderr
            exported.append(out.read_text(encoding="utf-8").count(TYPED_BID))

    # readers come once the load holds the store (one that finds it free opens it to write)
    while writer.poll() is None and not (tmp_path / ".S.writer").exists():
        time.sleep(0.001)
    readers = [threading.Thread(target=read), threading.Thread(target=export)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert writer.wait() == 0, writer.stderr.read()
    assert set(exported) <= states, exported
    assert set(seen) <= states, sorted(set(seen) - states)
    assert len(seen) > 10 and exported, (len(seen), exported)
    assert seen[-1] == 3 + 1300
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert sorted(p.name for p in store.glob("bulk-*")) == []


@pytest.fixture
def store_of_root():
    """A store of tests/data/long.csv made by root in a folder others may read but not write,
    and a folder anyone may write to."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run a command as another user")
    seen = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                           sys.executable, "-c", "import partnerkg"], capture_output=True)
    if seen.returncode != 0:  # say why, rather than fail for the wrong reason
        pytest.skip("user nobody cannot read the installed package (its folder is private): "
                    "install it where other users may read it")
    folder = Path(tempfile.mkdtemp(prefix="partnerkg-readonly-"))
    try:
        folder.chmod(0o755)
        store = folder / "S"
        assert partnerkg("load", LONG, "--store", store).returncode == 0
        outputs = folder / "out"
        outputs.mkdir()
        outputs.chmod(0o777)
        yield store, outputs
    finally:
        shutil.rmtree(folder)


def read_everything(store: Path, outputs: Path, user: int | None = None) -> None:
    """``query``, ``report`` and ``export`` each find long.csv's 3 bids."""
    query = partnerkg("query", "--sparql", COUNT_BIDS, "--format", "csv", "--store", store,
                      user=user)
    assert query.returncode == 0, query.stderr
    assert query.stdout.split() == ["n", "3"]
    report = partnerkg("report", "--store", store, "--format", "json", user=user)
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["bids"] == 3
    out = outputs / "all.nt"
    export = partnerkg("export", "--format", "nt", "-o", out, "--store", store, user=user)
    assert export.returncode == 0, export.stderr
    assert out.read_text(encoding="utf-8").count(TYPED_BID) == 3
    network = partnerkg("export", "--format", "csv", "-o", outputs / "net", "--store", store,
                        user=user)
    assert network.returncode == 0, network.stderr
    nodes = (outputs / "net" / "nodes.csv").read_text(encoding="utf-8").splitlines()
    assert len(nodes) == 1 + 5


def test_commands_that_read_open_another_users_store_read_only(store_of_root):
    store, outputs = store_of_root
    files = sorted(os.listdir(store))
    read_everything(store, outputs, user=65534)  # nobody
    assert sorted(os.listdir(store)) == files


def test_commands_that_read_open_a_store_on_a_read_only_file_system(store_of_root, tmp_path):
    store, outputs = store_of_root
    mounted = tmp_path / "ro"
    mounted.mkdir()
    if subprocess.run(["mount", "--bind", str(store.parent), str(mounted)]).returncode != 0:
        pytest.skip("cannot mount here")
    try:
        assert subprocess.run(["mount", "-o", "remount,bind,ro", str(mounted)]).returncode == 0
        read_everything(mounted / "S", outputs)
    finally:
        subprocess.run(["umount", str(mounted)], check=True)


@pytest.mark.parametrize("command", [
    ("report", "--store", "{store}", "--output-dir", "{store}"),
    ("report", "partners", "--store", "{store}", "--output-dir", "{store}"),
    ("synth", "--bids", "5", "--orgs", "3", "-o", "{store}/x.csv"),
    ("export", "--format", "csv", "-o", "{store}/net"),
])
def test_no_output_is_written_into_a_store(tmp_path, command):
    store = tmp_path / "S"
    assert partnerkg("load", LONG, "--store", store).returncode == 0
    files = sorted(os.listdir(store))
    result = partnerkg(*(part.format(store=store) for part in command))
    assert result.returncode == 1, result.stdout
    assert "inside the store" in result.stderr and "Traceback" not in result.stderr
    assert sorted(os.listdir(store)) == files
