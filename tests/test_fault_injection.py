"""kill -9 at random moments: `load`, `export`, `register import` and `push` each leave their
store, output file or remote graph as it was before or as it is after, and once the next
command has run, nothing else behind.

Each command is first run to the end to time it; then it is killed at ten moments drawn from a
fixed seed across that time. Expected states are worked out from the inputs: the bids in the
files loaded, the bytes of a complete export, the triple counts pushed.
"""

import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from partnerkg.core.files import TEMPORARY_MARK

MOMENTS = 10


def partnerkg(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "partnerkg", *map(str, args)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def timed(*args) -> float:
    started = time.monotonic()
    assert partnerkg(*args).wait() == 0
    return time.monotonic() - started


def killed_at(seconds: float, *args) -> None:
    process = partnerkg(*args)
    time.sleep(seconds)
    process.kill()  # SIGKILL: no handler runs
    process.wait()


def moments(seed: int, duration: float) -> list[float]:
    rng = random.Random(seed)
    return sorted(rng.uniform(0.05, duration) for _ in range(MOMENTS))


def debris(folder: Path) -> list[str]:
    """What a write leaves beside its target while it works."""
    return sorted(p.name for p in folder.iterdir()
                  if TEMPORARY_MARK in p.name or any(f".{kind}-" in p.name for kind in (
                      "load", "checkpoint", "discard")))


def bids_in(store: Path) -> int:
    out = subprocess.run([sys.executable, "-m", "partnerkg", "report", "--store", str(store),
                          "--format", "json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["bids"]


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "big.csv"
    subprocess.run([sys.executable, "-m", "partnerkg", "synth", "--bids", "1500", "--orgs",
                    "1000", "-o", str(path)], check=True, capture_output=True)
    return path


def test_a_killed_load_leaves_the_store_before_or_after(tmp_path, data_dir, big_csv):
    base = tmp_path / "base"
    assert partnerkg("load", data_dir / "long.csv", "--store", base).wait() == 0
    scratch = tmp_path / "scratch"
    shutil.copytree(base, scratch)
    duration = timed("load", big_csv, "--store", scratch)
    seen = []
    for trial, moment in enumerate(moments(1, duration)):
        folder = tmp_path / f"t{trial}"
        folder.mkdir()
        store = folder / "S"
        shutil.copytree(base, store)
        killed_at(moment, "load", big_csv, "--store", store)
        bids = bids_in(store)  # opens the store to write, so puts right what the kill left
        assert bids in (3, 3 + 1500), (moment, bids)
        assert debris(folder) == [], (moment, debris(folder))
        seen.append(bids)
    assert len(seen) == MOMENTS


def test_a_killed_export_leaves_the_old_file_or_the_new_one(tmp_path):
    reference = tmp_path / "reference.nt"
    duration = timed("export", "--format", "nt", "-o", reference)
    complete = reference.read_bytes()
    for trial, moment in enumerate(moments(2, duration)):
        folder = tmp_path / f"t{trial}"
        folder.mkdir()
        out = folder / "out.nt"
        out.write_bytes(b"previous export\n")
        killed_at(moment, "export", "--format", "nt", "-o", out)
        assert out.read_bytes() in (b"previous export\n", complete), moment
        assert partnerkg("export", "--format", "nt", "-o", folder / "again.nt").wait() == 0
        assert debris(folder) == [], (moment, debris(folder))


def register_size(store: Path) -> int:
    out = subprocess.run([sys.executable, "-m", "partnerkg", "register", "list", "--store",
                          str(store), "--format", "csv"], capture_output=True, text=True, check=True)
    return len(out.stdout.splitlines())


def test_a_killed_register_import_leaves_the_store_before_or_after(tmp_path, data_dir,
                                                                   shared_dir):
    table = shared_dir / "reference" / "uk_local_authorities.csv"
    base = tmp_path / "base"
    assert partnerkg("load", data_dir / "long.csv", "--store", base).wait() == 0
    before = register_size(base)
    scratch = tmp_path / "scratch"
    shutil.copytree(base, scratch)
    duration = timed("register", "import", table, "--store", scratch)
    after = register_size(scratch)
    assert after > before
    for trial, moment in enumerate(moments(3, duration)):
        folder = tmp_path / f"t{trial}"
        folder.mkdir()
        store = folder / "S"
        shutil.copytree(base, store)
        killed_at(moment, "register", "import", table, "--store", store)
        assert register_size(store) in (before, after), moment
        assert debris(folder) == [], (moment, debris(folder))


def test_a_killed_push_leaves_the_remote_graph_before_or_after(tmp_path, data_dir, free_port):
    from partnerkg import KnowledgeGraph
    from partnerkg.data import bundled_paths
    from partnerkg.endpoint.client import Endpoint
    from partnerkg.endpoint.server import Server
    from partnerkg.pipeline import load_into_store

    tca_store = tmp_path / "tca"
    load_into_store(bundled_paths(), tca_store)
    small = tmp_path / "small"
    assert partnerkg("load", data_dir / "long.csv", "--store", small).wait() == 0
    with KnowledgeGraph(small) as kg:
        before = len(kg)
    with KnowledgeGraph(tca_store) as kg:
        after = len(kg)

    def graphs(url):
        result = Endpoint(url).query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {str(row.g): int(row.n) for row in result}

    main = "https://w3id.org/partnerkg/graph/main"
    with Server(tmp_path / "remote", port=free_port(), writable=True, create=True) as server:
        assert partnerkg("push", "--endpoint", server.store_url, "--store", small).wait() == 0
        duration = timed("push", "--endpoint", server.store_url, "--store", tca_store)
        for moment in moments(4, duration):
            assert partnerkg("push", "--endpoint", server.store_url, "--store",
                             small).wait() == 0
            killed_at(moment, "push", "--endpoint", server.store_url, "--store", tca_store)
            assert graphs(server.url)[main] in (before, after), moment
        # the next push removes what killed ones left there, and here
        assert partnerkg("push", "--endpoint", server.store_url, "--store", small).wait() == 0
        assert graphs(server.url) == {main: before}
    assert not list(Path(__import__("tempfile").gettempdir()).glob(
        f".partnerkg-push.nt{TEMPORARY_MARK}*"))
