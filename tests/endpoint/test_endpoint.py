"""Serving, pushing and querying over HTTP, against a real Oxigraph server started here."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading

from partnerkg import KnowledgeGraph
from partnerkg.endpoint.client import Endpoint, with_bindings
from partnerkg.endpoint.server import Server
from rdflib import Literal, Variable






def rows_of(result) -> list:
    return json.loads(result.output)["results"]["bindings"]


def test_serve_answers_top_partners_with_the_local_rows(run, tca_store, free_port):
    local = run("query", "top-partners", "--format", "json", "--store", tca_store)
    assert local.exit_code == 0
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "partnerkg", "serve", "--store",
                               str(tca_store), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = server.stdout.readline().strip()
        assert first == f"SPARQL endpoint: http://127.0.0.1:{port}/query", server.stderr.read()
        remote = run("query", "top-partners", "--format", "json", "--endpoint",
                     first.split(": ", 1)[1])
        assert remote.exit_code == 0, remote.output
        assert rows_of(remote) == rows_of(local)
        assert len(rows_of(local)) == 109  # organisations in data/tca_bids.csv
        # read-only unless told otherwise: an upload is refused, and said so
        refused = run("push", "--endpoint", f"http://127.0.0.1:{port}/store",
                      "--store", tca_store)
        assert refused.exit_code == 1 and "refused the upload (HTTP 403" in refused.output
    finally:
        server.terminate()
        server.wait(timeout=10)
    # the Oxigraph server went with it: its port is free again
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # past connections linger
        sock.bind(("127.0.0.1", port))  # fails while anything still listens there


def test_parameters_sent_to_an_endpoint_stay_terms(run, tca_store, free_port):
    with Server(tca_store, port=free_port()) as server:
        essex = run("query", "org-partners", "--param", "org=Essex County Council",
                    "--format", "json", "--endpoint", server.url)
        local = run("query", "org-partners", "--param", "org=Essex County Council",
                    "--format", "json", "--store", tca_store)
        assert rows_of(essex) == rows_of(local) and len(rows_of(local)) >= 3
        # a store named in the environment does not stand in the way of --endpoint ...
        from_env = run("query", "org-partners", "--param", "org=Essex County Council",
                       "--format", "json", "--endpoint", server.url,
                       env={"PARTNERKG_STORE": str(tca_store)})
        assert rows_of(from_env) == rows_of(local)
        # ... but asking for both on the command line is a usage error
        both = run("query", "top-partners", "--endpoint", server.url, "--store", tca_store)
        assert both.exit_code == 2 and "not both" in both.output
        # a value written to break out of the VALUES block is one string that matches nothing
        hostile = 'x" } ?o ?p ?org . { "'
        tried = run("query", "org-partners", "--param", f"org={hostile}", "--format", "json",
                    "--endpoint", server.url)
        assert tried.exit_code == 0, tried.output
        assert rows_of(tried) == []


def test_with_bindings_writes_escaped_terms_in_the_where_group():
    sparql = ('PREFIX ex: <http://example.org/x>  # a { in a comment\n'
              'SELECT ?s WHERE { ?s ex:p ?o }')
    bound = with_bindings(sparql, {Variable("o"): Literal('a"}b')})
    assert bound.endswith('SELECT ?s WHERE { VALUES ?o { "a\\"}b" } ?s ex:p ?o }')
    # a '#' in an IRI after SELECT, a brace in a string, WHERE as a variable and a local name
    tricky = ('PREFIX ex: <http://example.org/a#b>\n'
              'SELECT ?where ("{" AS ?x) FROM <http://example.org/g#x> WHERE { ?where ex:where ?o }')
    assert with_bindings(tricky, {Variable("o"): Literal("v")}).endswith(
        'WHERE { VALUES ?o { "v" } ?where ex:where ?o }')
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert with_bindings(construct, {Variable("s"): Literal("v")}) == (
        'CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?s { "v" } ?s ?p ?o }')
    two = with_bindings("SELECT * { ?a ?b ?c }", {Variable("a"): Literal(1),
                                                    Variable("c"): Literal("z")})
    assert two == ('SELECT * { VALUES (?a ?c) { ("1"^^<http://www.w3.org/2001/XMLSchema#integer> '
                   '"z") } ?a ?b ?c }')


def graph_counts(url: str) -> dict[str, int]:
    result = Endpoint(url).query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {str(row.g): int(row.n) for row in result}


def test_pushing_twice_leaves_one_copy(run, tca_store, tmp_path, free_port):
    with KnowledgeGraph(tca_store) as kg:
        triples = len(kg)
    with Server(tmp_path / "remote", port=free_port(), writable=True, create=True) as server:
        for _ in range(2):
            pushed = run("push", "--endpoint", server.store_url, "--store", tca_store)
            assert pushed.exit_code == 0, pushed.output
            assert f"Pushed {triples:,} triples" in pushed.output
        assert graph_counts(server.url) == {"https://w3id.org/partnerkg/graph/main": triples}
        other = "https://example.org/graphs/tca"
        assert run("push", "--endpoint", server.store_url, "--graph", other,
                   "--store", tca_store).exit_code == 0
        assert graph_counts(server.url) == {"https://w3id.org/partnerkg/graph/main": triples,
                                            other: triples}


def test_an_unreachable_endpoint_is_said_plainly(run, tca_store, free_port):
    url = f"http://127.0.0.1:{free_port()}/query"
    result = run("query", "top-partners", "--endpoint", url)
    assert result.exit_code == 1 and f"cannot reach {url}" in result.output
    assert "Traceback" not in result.output


def silent_listener():
    """A socket that takes connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    return sock


def test_an_endpoint_that_never_answers_times_out(run, tca_store):
    with silent_listener() as sock:
        port = sock.getsockname()[1]
        result = run("query", "top-partners", "--timeout", "0.5",
                     "--endpoint", f"http://127.0.0.1:{port}/query")
        assert result.exit_code == 1 and "no answer from" in result.output
        pushed = run("push", "--timeout", "0.5", "--endpoint", f"http://127.0.0.1:{port}/store",
                     "--store", tca_store)
        assert pushed.exit_code == 1 and "no answer from" in pushed.output
        assert "may hold part of the upload" in pushed.output
        assert "there was not touched" in pushed.output


def test_an_upload_broken_off_is_not_left_as_if_complete(run, tca_store):
    """A server that reads part of the body and hangs up: the push says the graph there may be
    partial, and how to put it right."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)

    def hang_up():
        for _ in range(2):  # the upload, then the clean-up
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            conn.recv(4096)
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            conn.close()

    thread = threading.Thread(target=hang_up, daemon=True)
    thread.start()
    try:
        result = run("push", "--endpoint", f"http://127.0.0.1:{sock.getsockname()[1]}/store",
                     "--store", tca_store)
    finally:
        sock.close()
    assert result.exit_code == 1
    assert "broke during the upload" in result.output
    assert "The graph <https://w3id.org/partnerkg/graph/main> there was not touched" in \
        result.output
    assert "The staging graph <https://w3id.org/partnerkg/graph/main-partnerkg-upload-" in \
        result.output and "may hold part of the upload" in result.output


def test_a_push_that_cannot_be_swapped_in_leaves_the_remote_graph_as_it_was(
        run, tca_store, tmp_path, free_port):
    with KnowledgeGraph(tca_store) as kg:
        triples = len(kg)
    with Server(tmp_path / "remote", port=free_port(), writable=True, create=True) as server:
        assert run("push", "--endpoint", server.store_url, "--store", tca_store).exit_code == 0
        before = graph_counts(server.url)
        assert before == {"https://w3id.org/partnerkg/graph/main": triples}
        nowhere = f"http://127.0.0.1:{free_port()}/update"
        failed = run("push", "--endpoint", server.store_url, "--update-endpoint", nowhere,
                     "--store", tca_store)
        assert failed.exit_code == 1 and "was not swapped in" in failed.output
        assert "there is as it was" in failed.output and "was deleted" in failed.output
        assert graph_counts(server.url) == before  # the old copy whole, no staging graph left


def test_a_write_through_a_writable_server_renews_the_data_version(tmp_path, data_dir, free_port):
    import urllib.request

    from partnerkg.pipeline import load_into_store

    store = tmp_path / "store"
    load_into_store([data_dir / "long.csv"], store)
    with KnowledgeGraph(store) as kg:
        before = kg.data_version()
    with Server(store, port=free_port(), writable=True) as server:
        request = urllib.request.Request(
            f"{server.base}/update", method="POST",
            data=b'INSERT DATA { <https://example.org/a> <https://example.org/b> "c" }',
            headers={"Content-Type": "application/sparql-update"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.status < 300
    with KnowledgeGraph(store) as kg:
        after = kg.data_version()
        assert after not in (None, before)
        assert kg.select("SELECT ?o { <https://example.org/a> ?p ?o }")[1] == [("c",)]


def test_a_second_server_on_a_served_store_is_refused_and_the_first_keeps_its_claim(
        run, tca_store, free_port):
    from pathlib import Path

    from partnerkg.graph.holders import SERVER, holder

    port = free_port()
    first = subprocess.Popen([sys.executable, "-m", "partnerkg", "serve", "--store",
                              str(tca_store), "--port", str(port)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert first.stdout.readline().startswith("SPARQL endpoint:"), first.stderr.read()
        second = subprocess.run([sys.executable, "-m", "partnerkg", "serve", "--store",
                                 str(tca_store), "--port", str(free_port())],
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 1
        assert "is served already by process" in second.stderr
        assert holder(Path(tca_store), SERVER)["pid"] == first.pid  # the claim is the first's
    finally:
        first.terminate()
        first.wait(timeout=10)
