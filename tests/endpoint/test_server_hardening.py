"""What the served endpoint refuses, against the real Oxigraph server behind its front: SERVICE
and LOAD (server-side request forgery), cross-site requests and writes without the token,
queries past the time limit and answers past the size limit; a busy port, a killed ``serve``
and a load into a store being served."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from partnerkg.core.errors import StoreError
from partnerkg.endpoint.server import Server
from partnerkg.graph.holders import SERVER, holder

FORM = "application/x-www-form-urlencoded"
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads /proc; the kernel's parent-death signal")




def send(port: int, method: str, path: str, body=None, headers: dict | None = None):
    """(status, body) of one request to 127.0.0.1:port."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def ways_to_query(sparql: str):
    """The same query as a GET, a form POST and an application/sparql-query POST."""
    return [("GET", "/query?" + urllib.parse.urlencode({"query": sparql}), None, {}),
            ("POST", "/query", urllib.parse.urlencode({"query": sparql}), {"Content-Type": FORM}),
            ("POST", "/query", sparql, {"Content-Type": "application/sparql-query"})]


def ways_to_update(sparql: str):
    """The same update as a form POST, an application/sparql-update POST and a URL parameter."""
    return [("POST", "/update", urllib.parse.urlencode({"update": sparql}),
             {"Content-Type": FORM}),
            ("POST", "/update", sparql, {"Content-Type": "application/sparql-update"}),
            ("POST", "/update?" + urllib.parse.urlencode({"update": sparql}), "",
             {"Content-Type": FORM})]


def count(port: int, **headers) -> int:
    status, data = send(port, "GET", "/query?" + urllib.parse.urlencode(
        {"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}),
        headers={"Accept": "application/sparql-results+json", **headers})
    assert status == 200, data
    return int(json.loads(data)["results"]["bindings"][0]["n"]["value"])


class Trap:
    """An HTTP server on 127.0.0.1 that notes every request and answers like an endpoint."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Answer(BaseHTTPRequestHandler):
            def do_GET(self):
                hits.append(f"{self.command} {self.path}")
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                data = json.dumps({"head": {"vars": ["o"]}, "results": {"bindings": [
                    {"o": {"type": "literal", "value": "from the trap"}}]}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            do_POST = do_GET

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/x"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def trap():
    found = Trap()
    yield found
    found.close()


def test_a_federated_query_is_refused_however_it_is_written(tca_store, trap, free_port):
    at = f"<{trap.url}>"
    hostile = [
        f"SELECT * {{ SERVICE {at} {{ ?s ?p ?o }} }}",
        f"select * {{ service {at} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SeRvIcE SILENT {at} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?x ?y ?z # a comment\n SERVICE# }} a comment\n{at} {{ ?s ?p ?o }} }}",
        f"ASK {{ FILTER EXISTS {{ SERVICE {at} {{ ?s ?p ?o }} }} }}",
        # a '<' that is "less than" yet looks like the start of an IRI, hiding what follows
        (f"SELECT * {{ {{ ?a ?b ?c FILTER(?a<?b)'>\"' ?p ?o }} UNION "
         f"{{ SERVICE {at} {{ ?s ?p ?o }} }} # \"\n}}"),
    ]
    with Server(tca_store, port=free_port()) as server:
        for sparql in hostile:
            for method, path, body, headers in ways_to_query(sparql):
                status, data = send(server.port, method, path, body, headers)
                assert status in (400, 403), (sparql, method, headers, status, data[:300])
                assert b"SERVICE" in data and b"Traceback" not in data
        assert trap.hits == []  # the server never went there
        # the word in a variable, an IRI, a string or a comment is no reason to refuse
        harmless = ['SELECT ?service WHERE { ?s <http://x.org/service> "SERVICE" }',
                    "SELECT * { ?s ?p ?o } LIMIT 1 # SERVICE <http://127.0.0.1:1/> { }",
                    "PREFIX service: <http://x.org/> ASK { ?s service:p 'service' }"]
        for sparql in harmless:
            for method, path, body, headers in ways_to_query(sparql):
                status, data = send(server.port, method, path, body, headers)
                assert status == 200, (sparql, method, data[:300])


def test_service_and_load_in_an_update_are_refused(tmp_path, trap, free_port):
    with Server(tmp_path / "remote", port=free_port(), writable=True, create=True) as server:
        for method, path, body, headers in ways_to_update(
                'INSERT DATA { <http://e.org/a> <http://e.org/p> "social services download" }'):
            status, data = send(server.port, method, path, body, headers)
            assert status == 204, data
        hostile = [f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{trap.url}> {{ ?s ?p ?o }} }}",
                   f"LOAD <{trap.url}>",
                   f"load silent <{trap.url}> into graph <http://e.org/g>"]
        for sparql in hostile:
            for method, path, body, headers in ways_to_update(sparql):
                status, data = send(server.port, method, path, body, headers)
                assert status == 403, (sparql, method, path, status, data[:300])
        assert trap.hits == []
        assert count(server.port) == 1


def test_allow_service_lets_a_federated_query_through(tca_store, trap, free_port):
    with Server(tca_store, port=free_port(), allow_service=True) as server:
        method, path, body, headers = ways_to_query(
            f"SELECT ?o {{ SERVICE <{trap.url}> {{ ?s ?p ?o }} }}")[0]
        status, data = send(server.port, method, path, body, headers)
        assert status == 200 and b"from the trap" in data, data[:300]
        assert trap.hits


def test_a_cross_site_request_is_refused(tmp_path, free_port):
    with Server(tmp_path / "remote", port=free_port(), writable=True, create=True) as server:
        port = server.port
        insert = "INSERT DATA { <http://e.org/a> <http://e.org/p> 1, 2, 3 }"
        assert send(port, "POST", "/update", insert,
                    {"Content-Type": "application/sparql-update"})[0] == 204
        wipe = urllib.parse.urlencode({"update": "DELETE WHERE { ?s ?p ?o }"})
        for origin in ("http://evil.example", "null", f"http://localhost.evil.example:{port}",
                       f"http://127.0.0.1:{port}.evil.example"):
            status, data = send(port, "POST", "/update", wipe,
                                {"Content-Type": FORM, "Origin": origin})
            assert status == 403 and b"other sites" in data, (origin, status, data)
        evil = {"Origin": "http://evil.example"}
        assert send(port, "DELETE", "/store?default", None, evil)[0] == 403
        assert send(port, "PUT", "/store?default", b"", {
            **evil, "Content-Type": "application/n-triples"})[0] == 403
        assert send(port, "GET", "/query?query=ASK%7B%7D", None, evil)[0] == 403
        # a site whose name was made to point at 127.0.0.1 (DNS rebinding)
        assert send(port, "POST", "/update", wipe,
                    {"Content-Type": FORM, "Host": f"evil.example:{port}"})[0] == 403
        assert send(port, "GET", "/query?query=ASK%7B%7D", None,
                    {"Host": f"evil.example:{port}"})[0] == 403
        assert count(port) == 3  # nothing was deleted
        # the endpoint's own pages, and clients that send no Origin, are answered
        assert count(port, Origin=server.base) == 3
        assert send(port, "POST", "/update", wipe, {"Content-Type": FORM,
                                                     "Origin": server.base})[0] == 204
        assert count(port) == 0


def test_writes_beyond_loopback_need_the_token(tmp_path, free_port):
    server = Server(tmp_path / "open", host="0.0.0.0", port=free_port(), writable=True,
                    create=True)
    insert = 'INSERT DATA { <http://e.org/a> <http://e.org/p> "x" }'
    body = {"Content-Type": "application/sparql-update"}
    triple = b'<http://e.org/b> <http://e.org/p> "y" .\n'
    with server:
        token = server.token
        assert token and len(token) >= 40  # secrets.token_urlsafe(32)
        port = server.port
        for given in (None, "Bearer wrong", f"Basic {token}", "Bearer"):
            headers = {"Authorization": given} if given else {}
            status, data = send(port, "POST", "/update", insert, {**body, **headers})
            assert status == 401 and b"Authorization: Bearer" in data, (given, status, data)
            assert send(port, "PUT", "/store?default", triple,
                        {"Content-Type": "application/n-triples", **headers})[0] == 401
            assert send(port, "DELETE", "/store?default", None, headers)[0] == 401
        assert count(port) == 0  # reading needs no token
        bearer = {"Authorization": f"Bearer {token}"}
        assert send(port, "POST", "/update", insert, {**body, **bearer})[0] == 204
        assert send(port, "POST", "/store?default", triple,
                    {"Content-Type": "application/n-triples", **bearer})[0] in (201, 204)
        assert count(port) == 2
    # on loopback a token is asked for only when one is given
    with Server(tmp_path / "local", port=free_port(), writable=True, create=True) as local:
        assert local.token is None
        assert send(local.port, "POST", "/update", insert, body)[0] == 204
    with Server(tmp_path / "given", port=free_port(), writable=True, create=True,
                token="s3cret-enough") as given:
        assert send(given.port, "POST", "/update", insert, body)[0] == 401
        assert send(given.port, "POST", "/update", insert,
                    {**body, "Authorization": "Bearer s3cret-enough"})[0] == 204


CROSS_JOIN = "{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # about 10^14 rows over the TCA store


def test_a_query_past_the_time_limit_is_stopped(tca_store, free_port):
    assert "--timeout-s" in Server(tca_store).command()  # a limit by default (60 s)
    with Server(tca_store, port=free_port(), timeout=1) as server:
        status, data = send(server.port, "GET", "/query?" + urllib.parse.urlencode(
            {"query": f"SELECT (COUNT(*) AS ?n) {CROSS_JOIN}"}))
        # the message names the 1 s limit: stopped by it, not by running out (no wall time here)
        assert status == 500 and b"time limit of 1 s" in data, (status, data[:300])
        assert count(server.port) > 1000  # and the server goes on answering


def test_an_answer_over_the_size_limit_is_refused_or_cut_off(tca_store, free_port):
    everything = "/query?" + urllib.parse.urlencode({"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    with Server(tca_store, port=free_port(), max_result_bytes=10_000) as server:
        status, data = send(server.port, "GET", everything, None,
                            {"Accept": "application/n-triples"})
        assert status == 500 and b"larger than 10,000 bytes" in data, (status, data[:300])
        assert send(server.port, "GET", "/query?query=ASK%7B%7D")[0] == 200
    limit = 3_000_000  # past what the front holds before it streams: cut off mid-answer
    with Server(tca_store, port=free_port(), max_result_bytes=limit) as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        connection.request("GET", "/query?" + urllib.parse.urlencode(
            {"query": f"SELECT * {CROSS_JOIN}"}))
        answer = connection.getresponse()
        assert answer.status == 200
        with pytest.raises(http.client.IncompleteRead) as cut:
            answer.read()  # the client is told the answer is incomplete
        connection.close()
        partial = cut.value.partial
        assert limit - 70_000 < len(partial) <= limit + 1000
        assert partial.rstrip().endswith(b"the answer is larger than 3,000,000 bytes, the most "
                                         b"this endpoint sends (max_result_bytes): ask for "
                                         b"less, e.g. with LIMIT")
        assert count(server.port) > 1000


def test_a_busy_port_is_one_clear_error(run, tca_store, tmp_path, data_dir, free_port):
    other = tmp_path / "other"
    assert run("load", data_dir / "long.csv", "--store", other).exit_code == 0
    with Server(tca_store, port=free_port()) as first:
        served = count(first.port)
        result = run("serve", "--store", other, "--port", first.port)
        assert result.exit_code == 1
        assert f"port {first.port} is in use" in result.output, result.output
        assert "SPARQL endpoint" not in result.output
        with pytest.raises(StoreError, match=f"port {first.port} is in use"):
            Server(other, port=first.port).start()
        assert count(first.port) == served  # the first server goes on, with its own store
        assert holder(other, SERVER) is None  # the store refused is not left claimed
    with socket.socket() as sock:  # any program, not only an Oxigraph server
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        port = sock.getsockname()[1]
        with pytest.raises(StoreError, match=f"port {port} is in use"):
            Server(other, port=port).start()


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def descendants(pid: int) -> list[int]:
    """The processes ``pid`` started, and those they started, and so on."""
    found, todo = [], [pid]
    while todo:
        for child in children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def gone(pid: int, within: float) -> bool:
    """Whether process ``pid`` has ended (a zombie has) within ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state in ("Z", "X"):
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def serve(store: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "partnerkg", "serve", "--store", str(store),
                             "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def end(pids) -> None:
    """Kill what a failed test left running (only the processes it started)."""
    for pid in pids:
        if not gone(pid, 0):
            os.kill(pid, signal.SIGKILL)


@linux_only
def test_kill_9_of_serve_takes_the_oxigraph_server_with_it(tca_store, free_port):
    port = free_port()
    parent = serve(tca_store, port)
    started = []
    try:
        assert parent.stdout.readline().startswith("SPARQL endpoint"), parent.stderr.read()
        started = descendants(parent.pid)  # the helper and the Oxigraph server
        assert len(started) == 2
        parent.kill()
        parent.wait(timeout=10)
        assert all(gone(pid, within=10) for pid in started), "the Oxigraph server outlived serve"
        with socket.socket() as sock:  # and nothing holds the port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", port))
    finally:
        parent.kill()
        parent.communicate()
        end(started)


@linux_only
def test_sigterm_while_serve_starts_leaves_nothing_running(tca_store, free_port):
    claimed = tca_store.parent / f".{tca_store.name}.{SERVER}"
    for _ in range(5):
        parent = serve(tca_store, free_port())
        started = []
        try:
            deadline = time.monotonic() + 60
            while not started and parent.poll() is None and time.monotonic() < deadline:
                started = children(parent.pid)
                time.sleep(0.002)
            assert started, "serve started no Oxigraph server"
            parent.send_signal(signal.SIGTERM)  # while it waits for the Oxigraph server
            out, _ = parent.communicate(timeout=30)
            assert gone(started[0], within=10), "the Oxigraph server outlived serve"
            assert not claimed.exists(), "the store is left claimed by a server"
            if "SPARQL endpoint" not in out:  # the signal came while serve was starting
                return
        finally:
            parent.kill()
            parent.communicate()
            end(started)
    pytest.fail("the signal never came while serve was starting")


@pytest.mark.parametrize("writable", [False, True], ids=["read-only", "writable"])
def test_a_served_store_refuses_a_load_until_the_server_stops(run, tmp_path, data_dir, writable,
                                                             free_port):
    store = tmp_path / "served"
    assert run("load", data_dir / "long.csv", "--store", store).exit_code == 0
    with Server(store, port=free_port(), writable=writable):
        refused = run("load", data_dir / "wide.csv", "--store", store)
        assert refused.exit_code == 1
        assert f"is being served by process {os.getpid()}" in refused.output, refused.output
        assert "waited" not in refused.output  # at once, not after waiting for the lock
    loaded = run("load", data_dir / "wide.csv", "--store", store)
    assert loaded.exit_code == 0, loaded.output


def test_what_held_still_holds_loopback_read_only_no_cors_no_traversal(tca_store, free_port):
    port = free_port()
    with Server(tca_store, port=port) as server:
        assert server.host == "127.0.0.1"  # the default bind is this machine only
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", "/query?" + urllib.parse.urlencode({"query": "ASK {}"}),
                           headers={"Origin": f"http://127.0.0.1:{port}"})
        answer = connection.getresponse()
        answer.read()
        connection.close()
        assert answer.status == 200
        assert not [h for h in answer.getheaders() if h[0].lower().startswith("access-control")]
        status, _ = send(port, "POST", "/update", urllib.parse.urlencode(
            {"update": "CLEAR ALL"}), {"Content-Type": FORM})
        assert status == 403  # read-only by default
        for path in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/store/../../CURRENT"):
            status, body = send(port, "GET", path)
            assert status >= 400 and b"root:" not in body and b"MANIFEST" not in body
