"""Kills at random and at chosen moments, with SIGKILL (no handler runs) and SIGTERM (the
command's handler unwinds): `load` (a first load and a corrected file's replace), `load` of
20,000 bids while Oxigraph's bulk loader writes, the command recovering from an earlier kill,
`export` (a file, and the CSV folder), `register import` and `push` each leave their store,
output or remote graph as it was before or as it is after, a store every later command opens,
and once the next command has run, nothing else behind.

Each series times one complete run, then kills at moments drawn from a fixed seed across that
time, and at the moments that matter, seen from outside: when the checkpoint is being made,
when the loader writes its files into the store (chunk by chunk, while the lines are still
being built), when the write is done. Expected states are worked out from the inputs: the bids of the files loaded,
the bytes of a complete export, the triple counts pushed.

About 100 kills run here. ``PARTNERKG_KILL_SCALE=10`` multiplies every series (the random
moments and the chosen ones, each chosen one at delays drawn after it) for a run of about
1,000 kills.
"""

import itertools
import json
import os
import queue
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from partnerkg.core.files import TEMPORARY_MARK, clean_leftovers

SCALE = int(os.environ.get("PARTNERKG_KILL_SCALE", "1"))
#: Random moments per series (times SCALE); a load's series has more.
MOMENTS = 6 * SCALE
LOAD_MOMENTS = 7 * SCALE
#: Trials at once: the CI machine has two cores.
WORKERS = 2
SIGNALS = [signal.SIGKILL, signal.SIGTERM]
BID = "https://w3id.org/partnerkg/Bid"
COUNT = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
#: Signals delivered to running commands (the count reported for a long run).
DELIVERED: list[int] = []


#: A parent that imports partnerkg once and forks a child per command: each command is a
#: process of its own, killed for real, without paying the second of imports each time (the
#: imports are most of a small command's time, and this file runs about 200 commands). It
#: stays single-threaded (a fork beside other threads may inherit a held lock), sends signals
#: itself (to a child it has not reaped, so never to a process that took a dead one's id), and
#: reports "started TOKEN PID", "signalled PID SIGNAL" and "exited PID STATUS".
FORK_SERVER = r"""
import json, os, select, sys
import partnerkg.cli, partnerkg.pipeline, partnerkg.network.analysis, partnerkg.exports.writers
import partnerkg.reports.partnerships, partnerkg.endpoint.client


def run(errors, args):
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.dup2(os.open(errors, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 2)
    sys.argv = ["partnerkg", *args]
    code = 1
    try:
        partnerkg.cli.main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


out = os.fdopen(os.dup(1), "w")
pending = b""
children = set()
while True:
    ready = select.select([0], [], [], 0.005)[0]
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            break
        children.discard(pid)
        out.write(f"exited {pid} {os.waitstatus_to_exitcode(status)}\n")
        out.flush()
    if not ready:
        continue
    data = os.read(0, 65536)
    if not data:
        break
    *lines, pending = (pending + data).split(b"\n")
    for line in lines:
        request = json.loads(line)
        if request[0] == "signal":  # only to a child not yet reaped: never to a reused id
            if request[1] in children:
                os.kill(request[1], request[2])
                out.write(f"signalled {request[1]} {request[2]}\n")
                out.flush()
            continue
        token, errors, args = request[1:]
        pid = os.fork()
        if pid == 0:
            run(errors, args)
        children.add(pid)
        out.write(f"started {token} {pid}\n")
        out.flush()
"""


class ForkServer:
    """The test's side of ``FORK_SERVER``: ``start(args)`` gives a ``Command``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.server = subprocess.Popen([sys.executable, "-c", FORK_SERVER], text=True,
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.lock = threading.Lock()
        self.started: dict[int, queue.Queue] = {}
        self.exited: dict[int, int] = {}
        self.changed = threading.Condition()
        self.tokens = itertools.count()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.server.stdout:
            what, first, second = line.split()
            if what == "started":
                with self.changed:  # an id given again: the earlier process's end is not its
                    self.exited.pop(int(second), None)
                self.started.pop(int(first)).put(int(second))
            elif what == "signalled":
                DELIVERED.append(int(second))
            else:
                with self.changed:
                    self.exited[int(first)] = int(second)
                    self.changed.notify_all()

    def start(self, args) -> "Command":
        token = next(self.tokens)
        errors = self.folder / f"errors-{token}.txt"
        errors.touch()  # there even if the child is killed before it opens it
        answer: queue.Queue = queue.Queue()
        self.started[token] = answer
        self.send(["start", token, str(errors), list(map(str, args))])
        return Command(self, answer.get(timeout=60), errors, args)

    def send(self, request: list) -> None:
        with self.lock:
            self.server.stdin.write(json.dumps(request) + "\n")
            self.server.stdin.flush()

    def close(self) -> None:
        self.server.stdin.close()
        self.server.wait(timeout=60)


def _waits(pid: int) -> list[str]:
    """What each thread of a process waits in (the kernel's word), to tell why it hangs."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.append(f"{(task / 'comm').read_text().strip()}:"
                         f"{(task / 'wchan').read_text().strip()}")
        except OSError:
            pass
    return found


class Command:
    """A command forked by the ``ForkServer``, like a ``subprocess.Popen``."""

    def __init__(self, server: ForkServer, pid: int, errors: Path, args) -> None:
        self.server, self.pid, self.errors, self.args = server, pid, errors, args

    def poll(self) -> int | None:
        return self.server.exited.get(self.pid)

    def wait(self, timeout: float = 300) -> int:
        with self.server.changed:
            if not self.server.changed.wait_for(lambda: self.pid in self.server.exited,
                                                timeout):
                raise TimeoutError(f"process {self.pid} still runs: {self.args}, "
                                   f"threads waiting in {_waits(self.pid)}")
        return self.server.exited[self.pid]

    def send_signal(self, how: int) -> None:
        self.server.send(["signal", self.pid, int(how)])

    def error_text(self) -> str:
        return self.errors.read_text(encoding="utf-8", errors="replace")


_SERVER: list[ForkServer] = []


@pytest.fixture(scope="module", autouse=True)
def fork_server(tmp_path_factory):
    server = ForkServer(tmp_path_factory.mktemp("commands"))
    _SERVER.append(server)
    yield server
    _SERVER.remove(server)
    server.close()
    print(f"\n{len(DELIVERED)} signals delivered to running commands "
          f"({DELIVERED.count(signal.SIGKILL)} SIGKILL, {DELIVERED.count(signal.SIGTERM)} SIGTERM)")


def partnerkg(*args) -> Command:
    return _SERVER[0].start(args)


def timed(*args) -> float:
    started = time.monotonic()
    process = partnerkg(*args)
    assert process.wait() == 0, process.error_text()
    return time.monotonic() - started


def done(*args) -> None:
    process = partnerkg(*args)
    assert process.wait() == 0, process.error_text()


def stopped(process: Command, how: int) -> None:
    """Send ``how`` and wait for the process to end; a SIGTERM must end it with no traceback."""
    process.send_signal(how)
    process.wait(timeout=60)
    assert "Traceback" not in process.error_text(), process.error_text()


def killed_at(seconds: float, how: int, *args) -> None:
    process = partnerkg(*args)
    time.sleep(seconds)
    stopped(process, how)


def moments(seed: int, duration: float, count: int = MOMENTS) -> list[float]:
    rng = random.Random(seed)
    return sorted(rng.uniform(0.05, duration) for _ in range(count))


#: The moments of a bulk write that matter, as seen in the folder of the store ``S``: a
#: predicate over the names beside the store and the names in it.
EVENTS = {
    "checkpoint being made": lambda beside, inside: any(
        ".checkpoint-" in n and n.endswith(".tmp") for n in beside),
    "checkpoint made": lambda beside, inside: any(".checkpoint-" in n for n in beside),
    "loader writing into the store": lambda beside, inside: any(
        n.startswith("bulk-") for n in inside),
    "write done": lambda beside, inside: any(n.endswith(".done") for n in beside),
}


def started_when(event: str, store: Path, *args) -> tuple["Command", bool]:
    """Run the command until ``event`` is seen beside or in ``store`` (or until it ends, if
    it never is): the command, and whether the event was seen."""
    process = partnerkg(*args)
    seen = False
    while process.poll() is None and not seen:
        try:
            beside = os.listdir(store.parent)
            inside = os.listdir(store) if store.is_dir() else []
        except OSError:  # the store is being renamed this moment
            continue
        seen = EVENTS[event](beside, inside)
        if not seen:
            time.sleep(0.001)
    return process, seen


def killed_when(event: str, delay: float, how: int, store: Path, *args) -> bool:
    """Run the command and send ``how`` ``delay`` seconds after ``event`` is seen beside or
    in ``store`` (or when the command ends, if it never is); whether it was seen."""
    process, seen = started_when(event, store, *args)
    time.sleep(delay)
    stopped(process, how)
    return seen


def debris(folder: Path) -> list[str]:
    """What a write leaves beside its target (or a loader inside a store) while it works."""
    found = sorted(p.name for p in folder.iterdir()
                   if TEMPORARY_MARK in p.name or any(f".{kind}-" in p.name for kind in (
                       "load", "checkpoint", "discard", "reader")))
    for store in folder.iterdir():
        if (store / "CURRENT").is_file():
            found += sorted(f"{store.name}/{p.name}" for p in store.glob("bulk-*.sst"))
    return found


def bids_in(store: Path) -> int:
    """The bids in the store, read as the next command reads it: opening it puts right what a
    kill left (and fails on a damaged store)."""
    from partnerkg.graph.store import Store

    with Store(store, create=False, read_only=True) as opened:
        rows = opened.select(f"SELECT (COUNT(?b) AS ?n) WHERE {{ ?b a <{BID}> }}")[1]
    return int(rows[0][0])


def in_pairs(trial, items) -> list:
    """Run ``trial`` on each item, two at a time; the results in order."""
    with ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(lambda item: trial(*item), items))


@pytest.fixture(scope="module")
def loads(tmp_path_factory, fork_server):
    """A base store (tests/data/long.csv: 3 bids), a file of 1,200 bids to load into it (some
    5,000 memberships: just past the bulk loader's threshold of 50,000 triples, at 11 a
    membership), and a replace base: the base with a first version of ``again.csv`` (1,200
    bids), whose corrected version (1,300 bids) the trials load in its place."""
    folder = tmp_path_factory.mktemp("loads")
    data = Path(__file__).parent / "data" / "long.csv"
    synth = ("synth", "--orgs", "700")
    done(*synth, "--bids", "1200", "-o", folder / "bids.csv")
    base = folder / "base"
    done("load", data, "--store", base)
    again = folder / "again.csv"
    shutil.copy(folder / "bids.csv", again)
    replace_base = folder / "replace-base"
    shutil.copytree(base, replace_base)
    # the series draw their random moments across this load
    duration = timed("load", again, "--store", replace_base)
    done(*synth, "--bids", "1300", "--seed", "2", "-o", again)
    return {"first": (base, folder / "bids.csv", (3, 3 + 1200)),
            "replace": (replace_base, again, (3 + 1200, 3 + 1300)), "duration": duration}


def trial_folder(root: Path, name: str, base: Path) -> Path:
    folder = root / name
    folder.mkdir()
    shutil.copytree(base, folder / "S")
    return folder / "S"


def assert_before_or_after(store: Path, states, why) -> int:
    bids = bids_in(store)
    assert bids in states, (why, bids)
    assert debris(store.parent) == [], (why, debris(store.parent))
    return bids


@pytest.mark.parametrize("kind", ["first", "replace"])
def test_a_stopped_load_leaves_the_store_before_or_after(tmp_path, loads, kind):
    """Each trial stops a load, then stops the next two commands (``query``, ``export``)
    about when they put right what the first left, and checks the store the command after
    them finds."""
    base, csv_file, states = loads[kind]
    duration = loads["duration"]
    seed = 1 + (kind == "replace")
    rng = random.Random(seed)

    def trial(index, how, moment, event, delay, then):
        store = trial_folder(tmp_path, f"t{index}", base)
        seen = event is None or killed_when(event, delay, how, store, "load", csv_file,
                                            "--store", store)
        if event is None:
            killed_at(moment, how, "load", csv_file, "--store", store)
        killed_at(then[0], SIGNALS[1 - SIGNALS.index(how)], "query", "--sparql", COUNT,
                  "--store", store)
        killed_at(then[1], how, "export", "--format", "nt", "-o", store.parent / "out.nt",
                  "--store", store)
        clean_leftovers(store.parent)  # what the next write into the folder does first
        return seen or event, assert_before_or_after(store, states, (how, moment, event, delay,
                                                                     then))

    # every chosen moment with both signals across the two kinds of load, the random moments
    # with each signal in turn
    trials = [(SIGNALS[(i + seed) % 2], None, event, 0.0 if repeat == 0 else
               rng.uniform(0, 0.05)) for repeat in range(SCALE)
              for i, event in enumerate(EVENTS)]
    trials += [(SIGNALS[i % 2], moment, None, 0.0)
               for i, moment in enumerate(moments(seed, duration, LOAD_MOMENTS))]
    # the query takes a tenth of a second or so, the export half a second
    seen = in_pairs(trial, [(i, *t, (rng.uniform(0.0, 0.1), rng.uniform(0.0, 0.5)))
                            for i, t in enumerate(trials)])
    assert len(seen) == len(EVENTS) * SCALE + LOAD_MOMENTS
    # the bulk write's phases were each caught (the checkpoint's making may be too quick)
    assert {missed for missed, _ in seen if missed is not True} <= {"checkpoint being made"}


def test_ctrl_c_during_a_load_says_what_became_of_the_store(tmp_path, loads):
    """Ctrl-C (SIGINT) at each phase of a bulk load and at seeded moments across it: exit 130
    and one line that says whether the store is as it was or holds the load, and it does
    (or the load had ended: exit 0, loaded); never a traceback or a message about a lock."""
    base, csv_file, (before, after) = loads["first"]

    def trial(index, moment, event):
        store = trial_folder(tmp_path, f"i{index}", base)
        if event is None:
            process = partnerkg("load", csv_file, "--store", store)
            time.sleep(moment)
        else:
            process, _ = started_when(event, store, "load", csv_file, "--store", store)
        stopped(process, signal.SIGINT)
        said, code = process.error_text(), process.wait()
        bids = assert_before_or_after(store, (before, after), (moment, event, said))
        assert "Traceback" not in said and "lock" not in said, said
        if code == 0:
            assert bids == after, said
        else:
            assert code == 130, (code, said)
            assert said.count("Stopped (Ctrl-C)") == 1, said
            if "its write had finished" in said:
                assert bids == after, said
            elif "as it was before this command" in said:
                assert bids == before, said
            else:  # stopped before it began to write: nothing said of the store, none changed
                assert bids == before and said.strip().endswith("Stopped (Ctrl-C)."), said
        return code

    trials = [(None, event) for event in EVENTS]
    trials += [(moment, None) for moment in moments(5, loads["duration"], 3 * SCALE)]
    codes = [trial(i, *t) for i, t in enumerate(trials)]
    assert 130 in codes


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory, fork_server):
    path = tmp_path_factory.mktemp("big") / "big.csv"
    done("synth", "--bids", "20000", "--orgs", "8000", "-o", path)
    return path


def test_a_load_of_20000_bids_stopped_while_the_bulk_loader_writes(tmp_path, loads, big_csv):
    """The moment an audit found damaging: a SIGTERM while Oxigraph's loader thread still
    wrote into the store put the checkpoint back under it (a store no command could open
    again, or the loader's files left in it for good). Each signal, side by side."""
    base = loads["first"][0]

    def trial(index, how, delay):
        store = trial_folder(tmp_path, f"t{index}", base)
        seen = killed_when("loader writing into the store", delay, how, store, "load", big_csv,
                           "--store", store)
        return seen, assert_before_or_after(store, (3, 3 + 20000), (how, delay))

    delays = [0.0] + moments(7, 3.0, SCALE - 1)
    results = in_pairs(trial, [(i, *t) for i, t in enumerate(
        (how, delay) for delay in delays for how in SIGNALS)])
    assert all(seen for seen, _ in results)  # each kill fell in the phase it aimed at


@pytest.fixture(scope="module")
def small_store(loads):
    return loads["first"][0]


def test_a_stopped_export_leaves_the_old_file_or_the_new_one(tmp_path, small_store):
    reference = tmp_path / "reference.nt"
    duration = timed("export", "--format", "nt", "-o", reference)
    complete = reference.read_bytes()

    def trial(index, moment, how):
        folder = tmp_path / f"t{index}"
        folder.mkdir()
        out = folder / "out.nt"
        out.write_bytes(b"previous export\n")
        killed_at(moment, how, "export", "--format", "nt", "-o", out)
        assert out.read_bytes() in (b"previous export\n", complete), moment
        clean_leftovers(folder)  # what the next write into the folder does first
        assert debris(folder) == [], (moment, debris(folder))

    trials = [(i, moment, SIGNALS[i % 2])
              for i, moment in enumerate(moments(2, duration, 2 * MOMENTS))]
    assert len(in_pairs(trial, trials)) == 2 * MOMENTS


def csv_pair(folder: Path) -> tuple[str, str]:
    return tuple((folder / name).read_text(encoding="utf-8") for name in ("nodes.csv",
                                                                           "edges.csv"))


def test_a_stopped_csv_export_leaves_both_files_of_one_run(tmp_path, small_store):
    """nodes.csv of one export never sits beside edges.csv of another: each trial stops an
    export of the bundled data into a folder holding the small store's, at a random moment or
    as soon as nodes.csv changes."""
    old, new = tmp_path / "old", tmp_path / "new"
    assert partnerkg("export", "--format", "csv", "-o", old, "--store", small_store).wait() == 0
    duration = timed("export", "--format", "csv", "-o", new)
    pairs = (csv_pair(old), csv_pair(new))
    assert pairs[0] != pairs[1]

    def trial(index, moment, how):
        out = tmp_path / f"t{index}" / "net"
        shutil.copytree(old, out)
        process = partnerkg("export", "--format", "csv", "-o", out)
        if moment is None:  # as soon as nodes.csv is another file
            first = os.stat(out / "nodes.csv").st_ino
            while process.poll() is None and os.stat(out / "nodes.csv").st_ino == first:
                time.sleep(0.001)
        else:
            time.sleep(moment)
        stopped(process, how)
        assert csv_pair(out) in pairs, (moment, how)
        clean_leftovers(out.parent)
        assert debris(out.parent) == [] and debris(out) == [], moment

    trials = [(i, moment, SIGNALS[i % 2]) for i, moment in enumerate(
        [None] * 2 * SCALE + moments(6, duration, MOMENTS))]
    assert len(in_pairs(trial, trials)) == MOMENTS + 2 * SCALE


def register_size(store: Path) -> int:
    from partnerkg.graph.store import Store

    with Store(store, create=False, read_only=True) as opened:
        return len(opened.register().bodies)


def test_a_stopped_register_import_leaves_the_store_before_or_after(tmp_path, small_store,
                                                                    shared_dir):
    table = shared_dir / "reference" / "uk_local_authorities.csv"
    before = register_size(small_store)
    scratch = tmp_path / "scratch"
    shutil.copytree(small_store, scratch)
    duration = timed("register", "import", table, "--store", scratch)
    after = register_size(scratch)
    assert after > before

    def trial(index, moment, how):
        store = trial_folder(tmp_path, f"t{index}", small_store)
        killed_at(moment, how, "register", "import", table, "--store", store)
        assert register_size(store) in (before, after), moment
        assert debris(store.parent) == [], (moment, debris(store.parent))

    trials = [(i, moment, SIGNALS[i % 2]) for i, moment in enumerate(moments(3, duration,
                                                                            2 * MOMENTS))]
    assert len(in_pairs(trial, trials)) == 2 * MOMENTS


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
        for index, moment in enumerate(moments(4, duration, 2 * MOMENTS)):
            assert partnerkg("push", "--endpoint", server.store_url, "--store",
                             small).wait() == 0
            killed_at(moment, SIGNALS[index % 2], "push", "--endpoint", server.store_url,
                      "--store", tca_store)
            assert graphs(server.url)[main] in (before, after), moment
        # the next push removes what killed ones left there, and here; an upload a killed push
        # had already sent may be written by the server after that push looked (its note then
        # stays), so the push after it removes that one
        for _ in range(2):
            assert partnerkg("push", "--endpoint", server.store_url, "--store",
                             small).wait() == 0
        assert graphs(server.url) == {main: before}
    assert not list(Path(__import__("tempfile").gettempdir()).glob(
        f".partnerkg-push.nt{TEMPORARY_MARK}*"))
