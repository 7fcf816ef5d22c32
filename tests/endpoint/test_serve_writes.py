"""Writes through a writable ``serve`` stopped by SIGTERM (issue 30, item 6): a write committed
is answered as made and comes with a new data version (so no report reads results kept for the
data before it); a write not committed is answered as failed."""

from __future__ import annotations

import http.client
import signal
import subprocess
import sys
import threading
import time

import pytest
from partnerkg import KnowledgeGraph
from partnerkg.pipeline import load_into_store

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals")
GRAPH = "https://example.org/uploaded"


def upload(triples: int) -> bytes:
    return b"".join(b"<https://example.org/s%d> <https://example.org/p> \"%d\" .\n" % (i, i)
                    for i in range(triples))


def in_store(store) -> tuple[str | None, int]:
    """The store's data version and the triples of the uploaded graph."""
    with KnowledgeGraph(store) as kg:
        rows = kg.select(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}")[1]
        return kg.data_version(), int(rows[0][0])


def put_then_sigterm(store, port: int, body: bytes, path: str, kind: str, after: float):
    """Send ``body`` to the writable ``serve`` of ``store``; SIGTERM it ``after`` seconds after
    the last byte; the status the client got (None: the connection just ended)."""
    server = subprocess.Popen([sys.executable, "-m", "partnerkg", "serve", "--store", str(store),
                               "--port", str(port), "--writable"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout.readline().startswith("SPARQL endpoint"), server.stderr.read()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request("PUT" if kind != "application/sparql-update" else "POST", path,
                           body=body, headers={"Content-Type": kind})
        timer = threading.Timer(after, server.send_signal, (signal.SIGTERM,))
        timer.start()
        try:
            status = connection.getresponse().status
        except (http.client.HTTPException, OSError):
            status = None
        finally:
            timer.join()
            connection.close()
        server.communicate(timeout=120)
        return status
    finally:
        server.kill()
        server.communicate()


def timed_write(store, port: int, body: bytes, path: str, kind: str) -> float:
    """Seconds the write takes through a writable server on ``store`` (then undone)."""
    from partnerkg.endpoint.server import Server

    with Server(store, port=port, writable=True) as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        started = time.monotonic()
        connection.request("PUT" if kind != "application/sparql-update" else "POST", path,
                           body=body, headers={"Content-Type": kind})
        assert connection.getresponse().status < 300
        connection.close()
        took = time.monotonic() - started
    with KnowledgeGraph(store) as kg:
        kg.oxigraph.update(f"DROP SILENT GRAPH <{GRAPH}>")
    return took


@linux_only
@pytest.mark.parametrize("way", ["graph store", "update"])
def test_sigterm_mid_write_never_leaves_a_committed_write_unanswered_or_unversioned(
        tmp_path, data_dir, free_port, way):
    store = tmp_path / "store"
    load_into_store([data_dir / "long.csv"], store)
    triples = 40_000
    if way == "graph store":
        body, path, kind = upload(triples), f"/store?graph={GRAPH}", "application/n-triples"
    else:
        body = b"INSERT DATA { GRAPH <%s> { %s } }" % (GRAPH.encode(), upload(triples))
        path, kind = "/update", "application/sparql-update"
    duration = timed_write(store, free_port(), body, path, kind)
    committed = 0
    for after in (0.2 * duration, 0.6 * duration, 0.9 * duration):  # the last: committed
        before, _ = in_store(store)
        status = put_then_sigterm(store, free_port(), body, path, kind, after)
        version, count = in_store(store)
        assert count in (0, triples), count  # all or nothing
        if count:
            committed += 1
            assert status is not None and status < 300, (after, status)
            assert version != before, (after, "a committed write kept the old data version")
            with KnowledgeGraph(store) as kg:  # for the next moment: not committed yet
                kg.oxigraph.update(f"DROP SILENT GRAPH <{GRAPH}>")
        else:
            assert status is None or status >= 400, (after, status)
    assert committed, "no write was committed: the moments chosen test nothing"

