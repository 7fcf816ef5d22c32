"""Against a real Virtuoso 7 (Debian package virtuoso-opensource) started here: Digest
authentication with credentials from ~/.netrc, the URL or --user, XML answers, row limits,
refused writes, and two pushes to one graph at once. Skipped where Virtuoso is not installed,
except under CI, where it must be."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib.query import Result

PASSWORD = "s3cretDbaPw7"
#: Virtuoso's row limit in these tests (its default is 10,000): below top-partners' 109 rows.
MAX_ROWS = 50


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def _virtuoso():
    found = shutil.which("virtuoso-t")
    if not found:
        if os.environ.get("CI") == "true":
            pytest.fail("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
        pytest.skip("Virtuoso is not installed here (Debian: apt-get install virtuoso-opensource)")
    return found


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A new Virtuoso database on free ports; its dba password set to PASSWORD. Yields the
    HTTP base URL; the server is stopped by its process id."""
    executable = _virtuoso()
    folder = tmp_path_factory.mktemp("virtuoso")
    sql, http = free_ports(2)
    ini = open("/etc/virtuoso-opensource-7/virtuoso.ini", encoding="utf-8").read()
    ini = ini.replace("/var/lib/virtuoso-opensource-7/db", str(folder))
    ini = re.sub(r"(?m)^ServerPort(\s*)=\s*1111", f"ServerPort = {sql}", ini)
    ini = re.sub(r"(?m)^ServerPort(\s*)=\s*8890", f"ServerPort = {http}", ini)
    ini = re.sub(r"(?m)^ResultSetMaxRows\s*=.*$", f"ResultSetMaxRows = {MAX_ROWS}", ini)
    (folder / "virtuoso.ini").write_text(ini, encoding="utf-8")
    log = open(folder / "out.log", "wb")
    process = subprocess.Popen([executable, "+foreground", "+configfile",
                                str(folder / "virtuoso.ini")], cwd=folder, stdout=log,
                               stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("Virtuoso did not start: " +
                                       (folder / "out.log").read_text(errors="replace")[-2000:])
                time.sleep(0.5)
        subprocess.run([shutil.which("isql-vt") or "isql-vt", str(sql), "dba", "dba",
                        f"exec=set password dba {PASSWORD};"], check=True, capture_output=True,
                       timeout=60)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def netrc(tmp_path, monkeypatch):
    path = tmp_path / "netrc"
    path.write_text(f"machine 127.0.0.1\nlogin dba\npassword {PASSWORD}\n", encoding="utf-8")
    path.chmod(0o600)
    monkeypatch.setenv("NETRC", str(path))
    monkeypatch.delenv("PARTNERKG_USER", raising=False)
    monkeypatch.delenv("PARTNERKG_PASSWORD", raising=False)
    return path


def rows(output: str, format: str = "json") -> list:
    return [tuple(sorted((str(k), v.n3()) for k, v in row.asdict().items()))
            for row in Result.parse(io.BytesIO(output.encode()), format=format)]


def test_push_with_digest_from_netrc_then_query_gives_the_local_rows(
        run, tca_store, virtuoso, netrc):
    store, update = f"{virtuoso}/sparql-graph-crud-auth", f"{virtuoso}/sparql-auth"
    # without credentials Virtuoso refuses; said with the reason, not its HTML page
    bare = run("push", "--endpoint", store, "--update-endpoint", update, "--store", tca_store,
               env={"NETRC": "/nonexistent"})
    assert bare.exit_code == 1 and "refused the upload (HTTP 401" in bare.output, bare.output
    assert "<" not in bare.output.split("HTTP 401", 1)[1].split(")", 1)[0]
    # with ~/.netrc's credentials (Digest, as Virtuoso asks)
    pushed = run("push", "--endpoint", store, "--update-endpoint", update,
                 "--store", tca_store, env={"NETRC": str(netrc)})
    assert pushed.exit_code == 0, pushed.output
    local = run("query", "top-partners", "--format", "json", "--store", tca_store)
    # Virtuoso's limit is 50 rows: top-partners' 109 cannot all come back ...
    cut = run("query", "top-partners", "--format", "json", "--endpoint", f"{virtuoso}/sparql",
              env={"NETRC": str(netrc)})
    assert cut.exit_code == 1 and f"cut its answer at {MAX_ROWS} rows" in cut.output, cut.output
    assert "--allow-partial" in cut.output
    kept = run("query", "top-partners", "--format", "json", "--allow-partial",
               "--endpoint", f"{virtuoso}/sparql", env={"NETRC": str(netrc)})
    assert kept.exit_code == 0 and f"cut its answer at {MAX_ROWS} rows" in kept.stderr
    assert len(rows(kept.stdout)) == MAX_ROWS
    # ... so the rows are compared a page at a time, with the authenticated endpoint
    local_rows = rows(local.output)
    assert len(local_rows) == 109  # the bundled data's organisations
    remote_rows = []
    for offset in (0, 40, 80):
        page = run("query", "--format", "json", "--endpoint", f"{virtuoso}/sparql-auth",
                   "--sparql", get_paged("top-partners", offset), env={"NETRC": str(netrc)})
        assert page.exit_code == 0, page.output
        remote_rows += rows(page.output)
    assert remote_rows == local_rows


def get_paged(name: str, offset: int) -> str:
    from partnerkg.queries import get_query

    text = get_query(name).sparql
    return f"{text.rstrip()}\nOFFSET {offset} LIMIT 40"


@pytest.mark.parametrize("format", ["xml", "csv"])  # its TSV is not SPARQL 1.1 TSV
def test_an_endpoint_answering_in_another_results_format_is_read(
        run, tca_store, virtuoso, netrc, format):
    """Virtuoso answers in the format its ``format`` parameter names, whatever was asked."""
    pushed = run("push", "--endpoint", f"{virtuoso}/sparql-graph-crud-auth", "--update-endpoint",
                 f"{virtuoso}/sparql-auth", "--store", tca_store, env={"NETRC": str(netrc)})
    assert pushed.exit_code == 0, pushed.output
    names = {"xml": "application/sparql-results+xml", "csv": "text/csv",
             "tsv": "text/tab-separated-values"}
    query = ("SELECT ?name WHERE { ?o a org:Organization ; skos:prefLabel ?name } "
             "ORDER BY ?name LIMIT 5")
    url = f"{virtuoso}/sparql?format={urllib.request.quote(names[format])}"
    with urllib.request.urlopen(f"{url}&query={urllib.request.quote(_prefixed(query))}") as raw:
        assert raw.headers.get_content_type() == names[format]
    answered = run("query", "--sparql", query, "--format", "json", "--endpoint", url)
    assert answered.exit_code == 0, answered.output
    local = run("query", "--sparql", query, "--format", "json", "--store", tca_store)
    got = [row["name"]["value"] for row in json.loads(answered.output)["results"]["bindings"]]
    want = [row["name"]["value"] for row in json.loads(local.output)["results"]["bindings"]]
    assert got == want and len(want) == 5


def _prefixed(query: str) -> str:
    return ("PREFIX org: <http://www.w3.org/ns/org#>\n"
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" + query)


def test_credentials_never_appear_in_messages(run, tca_store, virtuoso, free_port, netrc):
    nowhere = f"http://dba:{PASSWORD}@127.0.0.1:{free_port()}/sparql-graph-crud-auth"
    for args in (["push", "--endpoint", nowhere, "--update-endpoint",
                  f"{virtuoso}/sparql-auth", "--store", tca_store],
                 ["query", "top-partners", "--endpoint", nowhere.replace("-graph-crud-auth", "")],
                 ["query", "top-partners", "--endpoint",
                  f"http://dba:wrong-{PASSWORD}@127.0.0.1:{virtuoso.rsplit(':', 1)[1]}"
                  "/sparql-auth"]):
        result = run(*args)
        assert result.exit_code == 1, result.output
        assert PASSWORD not in result.output and "Traceback" not in result.output
    # credentials in the URL work (Digest), and are not printed
    url = f"http://dba:{PASSWORD}@127.0.0.1:{virtuoso.rsplit(':', 1)[1]}"
    pushed = run("push", "--endpoint", f"{url}/sparql-graph-crud-auth", "--update-endpoint",
                 f"{url}/sparql-auth", "--store", tca_store, env={"NETRC": "/nonexistent"})
    assert pushed.exit_code == 0, pushed.output
    assert PASSWORD not in pushed.output
    # --user asks for the password and never echoes it
    asked = run("query", "--sparql", "ASK { ?s ?p ?o }", "--format", "json", "--user", "dba",
                "--endpoint", f"{virtuoso}/sparql-auth", input=PASSWORD + "\n",
                env={"NETRC": "/nonexistent"})
    assert asked.exit_code == 0, asked.output
    assert json.loads(asked.stdout) == {"head": {}, "boolean": True}
    assert PASSWORD not in asked.output


def test_credentials_from_the_environment(run, virtuoso):
    base = f"{virtuoso}/sparql-auth"
    asked = run("query", "--sparql", "ASK { ?s ?p ?o }", "--format", "json", "--endpoint", base,
                env={"NETRC": "/nonexistent", "PARTNERKG_USER": "dba",
                     "PARTNERKG_PASSWORD": PASSWORD})
    assert asked.exit_code == 0, asked.output
    wrong = run("query", "--sparql", "ASK { ?s ?p ?o }", "--format", "json", "--endpoint", base,
                env={"NETRC": "/nonexistent", "PARTNERKG_USER": "dba",
                     "PARTNERKG_PASSWORD": "not-" + PASSWORD})
    assert wrong.exit_code == 1 and "HTTP 401" in wrong.output
    assert "credentials given were refused" in wrong.output and PASSWORD not in wrong.output


# Two pushes to one graph at once (issue 30, item 3): the graph is never left empty, neither
# push removes the other's staging graph, and a reader sees the old graph or the new, never a
# state between.

GRAPH = "https://w3id.org/partnerkg/graph/main"
STAGING = GRAPH + "-partnerkg-upload-"


def _ask(base: str, query: str) -> list[dict]:
    url = f"{base}/sparql?" + urllib.parse.urlencode(
        {"query": query, "format": "application/sparql-results+json"})
    with urllib.request.urlopen(url, timeout=30) as answer:
        return json.load(answer)["results"]["bindings"]


def _count(base: str) -> int:
    rows = _ask(base, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}")
    return int(rows[0]["n"]["value"])


def _staging_graphs(base: str) -> set[str]:
    rows = _ask(base, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                      f"FILTER(STRSTARTS(STR(?g), \"{STAGING}\")) }}")
    return {row["g"]["value"] for row in rows}


def _push(base: str, store, netrc_path) -> subprocess.Popen:
    """``partnerkg push`` as a process of its own, as two users would run it."""
    env = {**os.environ, "NETRC": str(netrc_path)}
    env.pop("PARTNERKG_STORE", None)
    return subprocess.Popen(
        [sys.executable, "-m", "partnerkg", "push", "--store", str(store), "--endpoint",
         f"{base}/sparql-graph-crud-auth", "--update-endpoint", f"{base}/sparql-auth"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)


@pytest.fixture
def small_store(store_of):
    return store_of("bid,programme,organisation,role",
                    [("b1", "Test Fund", "Essex County Council", "lead"),
                     ("b1", "Test Fund", "Essex Police", "partner")])


def _triples(store) -> int:
    from partnerkg import KnowledgeGraph

    with KnowledgeGraph(store) as kg:
        return len(kg)


def test_a_push_leaves_the_staging_graph_of_another_live_push(run, tca_store, virtuoso,
                                                              netrc):
    """A push in progress has uploaded its staging graph and not yet swapped it in: a push
    that ends meanwhile must not delete it, or the other's swap would find nothing to move."""
    live = f"{STAGING}0123456789ab"
    _graph_store(virtuoso, "PUT", live,
                 b"<https://example.org/s> <https://example.org/p> <https://example.org/o> .\n")
    try:
        pushed = run("push", "--endpoint", f"{virtuoso}/sparql-graph-crud-auth",
                     "--update-endpoint", f"{virtuoso}/sparql-auth", "--store", tca_store,
                     env={"NETRC": str(netrc)})
        assert pushed.exit_code == 0, pushed.output
        assert _staging_graphs(virtuoso) == {live}
        assert _count(virtuoso) == _triples(tca_store)
    finally:
        with contextlib.suppress(urllib.error.HTTPError):  # 404: the push deleted it
            _graph_store(virtuoso, "DELETE", live)


def _graph_store(base: str, method: str, graph: str, data: bytes | None = None) -> None:
    """A Graph Store request as the dba user (Digest), as another push would make it."""
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, base, "dba", PASSWORD)
    opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(manager))
    request = urllib.request.Request(
        f"{base}/sparql-graph-crud-auth?" + urllib.parse.urlencode({"graph": graph}),
        data=data, method=method, headers={"Content-Type": "application/n-triples"})
    opener.open(request, timeout=30).read()


def test_two_pushes_at_once_never_leave_the_graph_empty(tca_store, small_store, virtuoso,
                                                        netrc):
    """Two real push processes at once, four times: each ends with one of the two graphs
    there, whole, and no staging graph left (a push the server cuts off says so and touches
    nothing). (Virtuoso's MOVE is not atomic for its readers,
    even inside one SQL transaction: a reader may see a count between the two during the swap;
    Oxigraph's and Fuseki's are.)"""
    big, small = _triples(tca_store), _triples(small_store)
    for _ in range(4):
        pushes = [_push(virtuoso, tca_store, netrc), _push(virtuoso, small_store, netrc)]
        for push in pushes:
            output = push.communicate(timeout=300)[0]
            # Virtuoso may break one upload's connection under the load of two: that push
            # must then say so and leave the graph untouched, never half-swapped
            assert push.returncode == 0 or (push.returncode == 1 and
                                            "there was not touched" in output), output
        assert _count(virtuoso) in (big, small)
        assert not _staging_graphs(virtuoso)
