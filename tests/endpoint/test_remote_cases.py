"""The client against the Oxigraph server: redirects, undeclared prefixes, parameters in
queries with EXISTS, sub-selects, OPTIONAL and UNION, a port where nothing listens, results
formats read back by rdflib's own parsers, and decimals written one way everywhere."""

from __future__ import annotations

import base64
import http.server
import io
import json
import threading
import urllib.error
import urllib.request

import pytest
from partnerkg import KnowledgeGraph
from partnerkg.endpoint.client import Endpoint
from partnerkg.endpoint.server import Server
from partnerkg.queries.binding import with_bindings
from rdflib import BNode, URIRef, Variable
from rdflib.query import Result


def bindings_of(output: str) -> list:
    return json.loads(output)["results"]["bindings"]


class _Local:
    """A real HTTP server on a free local port, answering with ``Handler`` on a thread of its
    own until the ``with`` block ends."""

    def _start(self, handler) -> int:
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.server.server_address[1]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class Redirector(_Local):
    """A real HTTP server that answers every request with ``status`` and a Location on
    ``target``; records the methods it was asked with."""

    def __init__(self, status: int, target: str) -> None:
        seen = self.seen = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                seen.append(self.command)
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                self.send_response(status)
                query = self.path.partition("?")[2]  # a graph store's ?graph= goes along
                self.send_header("Location", target + ("?" + query if query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = do_PUT = do_DELETE = _answer

            def log_message(self, *args):
                pass

        self.url = f"http://127.0.0.1:{self._start(Handler)}/"


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirected_query_is_asked_again_where_it_points(run, tca_store, free_port, status):
    local = run("query", "top-partners", "--format", "json", "--store", tca_store)
    with Server(tca_store, port=free_port()) as server, Redirector(status, server.url) as moved:
        remote = run("query", "top-partners", "--format", "json", "--endpoint", moved.url)
        assert remote.exit_code == 0, remote.output
        assert bindings_of(remote.output) == bindings_of(local.output)
        assert len(bindings_of(local.output)) == 109  # the bundled data's organisations


@pytest.mark.parametrize("status", [301, 307, 308])
def test_a_redirected_push_keeps_its_method_and_body(run, tca_store, tmp_path, free_port, status):
    with KnowledgeGraph(tca_store) as kg:
        triples = len(kg)
    with Server(tmp_path / "remote", port=free_port(), writable=True, create=True) as server, \
            Redirector(status, server.store_url) as moved:
        pushed = run("push", "--endpoint", moved.url.rstrip("/") + "/store",
                     "--update-endpoint", server.base + "/update", "--store", tca_store)
        assert pushed.exit_code == 0, pushed.output
        assert moved.seen[0] == "PUT"
        count = Endpoint(server.url).query("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
        assert int(next(iter(count))[0]) == triples


def test_prefixes_known_locally_work_against_an_endpoint(run, tca_store, free_port):
    sparql = "SELECT (COUNT(?o) AS ?n) WHERE { ?o a org:Organization ; skos:prefLabel ?l }"
    local = run("query", "--sparql", sparql, "--format", "json", "--store", tca_store)
    assert local.exit_code == 0, local.output
    with Server(tca_store, port=free_port()) as server:
        remote = run("query", "--sparql", sparql, "--format", "json", "--endpoint", server.url)
    assert remote.exit_code == 0, remote.output
    assert bindings_of(remote.output) == bindings_of(local.output)
    assert int(bindings_of(local.output)[0]["n"]["value"]) > 50


ORG = "https://w3id.org/partnerkg/id/org/GB-LAE-ESS"
PREFIX = "PREFIX org: <http://www.w3.org/ns/org#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"


@pytest.mark.parametrize("sparql", [
    # EXISTS in the projection: its braces come before the WHERE group
    PREFIX + "SELECT ?org (EXISTS { ?m org:member ?org } AS ?member) WHERE { ?org skos:prefLabel ?n }",
    PREFIX + "SELECT ?org ?bid WHERE { { SELECT ?org ?bid WHERE { ?m org:member ?org ; "
             "org:organization ?bid } } }",
    PREFIX + "SELECT ?org ?n ?bid WHERE { ?org skos:prefLabel ?n OPTIONAL { ?m org:member ?org ; "
             "org:organization ?bid } }",
    PREFIX + "SELECT ?org ?x WHERE { { ?org skos:prefLabel ?x } UNION { ?m org:member ?org ; "
             "org:organization ?x } }",
])
def test_parameters_are_placed_in_the_top_level_group(tca_store, sparql):
    """The text sent to an endpoint, run here, gives the rows Oxigraph's own binding gives."""
    binding = {Variable("org"): URIRef(ORG)}
    with KnowledgeGraph(tca_store) as kg:
        want = sorted(tuple(map(str, row)) for row in kg.query(sparql, binding))
        got = sorted(tuple(map(str, row)) for row in kg.query(with_bindings(sparql, binding)))
    assert got == want and want
    assert all(row[0] == ORG for row in got)


def test_pushing_to_a_port_where_nothing_listens_says_nothing_was_sent(run, tca_store, free_port):
    result = run("push", "--endpoint", f"http://127.0.0.1:{free_port()}/store",
                 "--store", tca_store)
    assert result.exit_code == 1
    assert "nothing was sent" in result.output and "may hold part" not in result.output


def test_csv_and_tsv_are_the_sparql_results_formats(run, tca_store):
    """Read back by rdflib's CSV and TSV results parsers: the rows of the JSON results."""
    # IRIs, language-tagged and plain literals, decimals, blank nodes and unbound values
    sparql = (PREFIX + 'PREFIX pkg: <https://w3id.org/partnerkg/>\n'
              'SELECT ?bid ?role ?amount ?blank ?tricky WHERE { ?m org:organization ?bid ; '
              'org:role/skos:prefLabel ?role . OPTIONAL { ?bid pkg:amountAwarded ?amount } '
              'BIND(IF(BOUND(?amount), BNODE(), ?unbound) AS ?blank) '
              'BIND(CONCAT("a\\tb, \\"c\\"\\n", STR(?role)) AS ?tricky) } '
              'ORDER BY ?bid ?role LIMIT 40')
    want = Result.parse(io.BytesIO(run("query", "--sparql", sparql, "--format", "json",
                                       "--store", tca_store).output.encode()), format="json")
    rows = [row.asdict() for row in want]
    assert len(rows) == 40 and any(getattr(v, "language", None) for r in rows for v in r.values())
    assert any("amount" in r for r in rows) and any("amount" not in r for r in rows)
    tsv = run("query", "--sparql", sparql, "--format", "tsv", "--store", tca_store).output
    assert tsv.splitlines()[0] == "?bid\t?role\t?amount\t?blank\t?tricky"
    back = [row.asdict() for row in Result.parse(io.BytesIO(tsv.encode()), format="tsv")]
    assert [without_blanks(r) for r in back] == [without_blanks(r) for r in rows]
    assert [sorted(r) for r in back] == [sorted(r) for r in rows]  # the same ones unbound
    # (CliRunner's .output turns CRLF into LF: read the bytes)
    csv_text = run("query", "--sparql", sparql, "--format", "csv",
                   "--store", tca_store).stdout_bytes.decode()
    assert csv_text.count("\r\n") == len(rows) + 1
    parsed = [row.asdict() for row in Result.parse(io.BytesIO(csv_text.encode()), format="csv")]
    # CSV keeps only text: every value's text, a blank node as _:label
    assert [{k: str(v) for k, v in without_blanks(r).items()} for r in parsed] == \
        [{k: str(v) for k, v in without_blanks(r).items()} for r in rows]
    assert all(str(r["blank"]).startswith("_:") or isinstance(r["blank"], BNode)
               for r in parsed if "blank" in r)


def without_blanks(row: dict) -> dict:
    """A row without its blank nodes, whose labels are the server's own."""
    return {k: v for k, v in row.items() if k != "blank"}


def test_ask_prints_as_sparql_results_json(run, tca_store):
    asked = run("query", "--sparql", "ASK { ?s a org:Organization }", "--format", "json",
                "--store", tca_store)
    assert asked.exit_code == 0, asked.output
    assert json.loads(asked.output) == {"head": {}, "boolean": True}


def test_decimals_are_the_same_terms_in_the_export_and_the_pushed_graph(
        run, tca_store, tmp_path, free_port):
    exported = run("export", "--format", "nt", "--store", tca_store).output
    with Server(tmp_path / "remote", port=free_port(), writable=True, create=True) as server:
        assert run("push", "--endpoint", server.store_url, "--store", tca_store).exit_code == 0
        remote = Endpoint(server.url).query(
            "SELECT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } FILTER(DATATYPE(?o) = "
            "<http://www.w3.org/2001/XMLSchema#decimal>) }")
    pushed = {f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in remote}
    in_export = {line for line in exported.splitlines() if "XMLSchema#decimal>" in line
                 and line.count("^^") == 1 and not line.startswith("<https://w3id.org/partnerkg/amount")}
    assert len(pushed) > 100
    assert pushed <= set(exported.splitlines()), sorted(pushed - set(exported.splitlines()))[:3]
    assert not any(line.split('"')[1].endswith(".0") for line in in_export
                   if line.count('"') >= 2)


def test_an_answer_of_a_round_number_of_rows_is_warned_of(run, tca_store, free_port):
    digits = " ".join(str(d) for d in range(10))
    sparql = (f"SELECT ?a ?b ?c WHERE {{ VALUES ?a {{ {digits} }} VALUES ?b {{ {digits} }} "
              f"VALUES ?c {{ {digits} }} }}")
    with Server(tca_store, port=free_port()) as server:
        round_ = run("query", "--sparql", sparql, "--format", "json", "--endpoint", server.url)
        asked = run("query", "--sparql", sparql + " LIMIT 1000", "--format", "json",
                    "--endpoint", server.url)
        fewer = run("query", "--sparql", sparql.replace(" 9 }", " }", 1), "--format", "json",
                    "--endpoint", server.url)
    assert round_.exit_code == 0 and len(bindings_of(round_.stdout)) == 1000
    assert "answered exactly 1,000 rows" in round_.stderr
    # a LIMIT of its own, or another count, is no reason to warn
    assert asked.exit_code == 0 and "Warning" not in asked.stderr
    assert len(bindings_of(fewer.stdout)) == 900 and "Warning" not in fewer.stderr


def test_loading_an_rdf_export_counts_its_bids_and_memberships(run, tmp_path):
    from partnerkg.data import bundled_paths

    first = run("load", *bundled_paths(), "--store", tmp_path / "a")
    assert first.exit_code == 0, first.output
    exported = tmp_path / "export.nt"
    assert run("export", "--format", "nt", "-o", exported, "--store", tmp_path / "a").exit_code == 0
    again = run("load", exported, "--store", tmp_path / "b")
    assert again.exit_code == 0, again.output
    counts = first.stdout.split(":", 1)[1].split(";", 1)[0]  # " 43 bids, 102 memberships"
    assert counts.strip() != "0 bids, 0 memberships"
    assert again.stdout.split(":", 1)[1].split(";", 1)[0] == counts


def test_construct_and_ask_come_back_from_an_endpoint(run, tca_store, free_port):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    construct = ("CONSTRUCT { ?o a org:Organization ; skos:prefLabel ?n } WHERE { "
                 "?o a org:Organization ; skos:prefLabel ?n }")
    local = run("query", "--sparql", construct, "--format", "nt", "--store", tca_store)
    with Server(tca_store, port=free_port()) as server:
        remote = run("query", "--sparql", construct, "--format", "nt", "--endpoint", server.url)
        asked = run("query", "--sparql", "ASK { ?o a org:Organization }", "--format", "json",
                    "--endpoint", server.url)
        wrong = run("query", "--sparql", construct, "--format", "csv", "--endpoint", server.url)
    assert remote.exit_code == 0, remote.output
    want, got = Graph().parse(data=local.output, format="nt"), \
        Graph().parse(data=remote.output, format="nt")
    assert len(want) > 100 and isomorphic(want, got)
    assert json.loads(asked.output) == {"head": {}, "boolean": True}
    assert wrong.exit_code == 1 and "prints as nt or ttl" in wrong.output


class Gate(_Local):
    """A real HTTP server in front of ``target`` asking for a password (Basic), as Virtuoso
    asks for one (Digest): a request without it gets 401 at once, its body unread, and the
    connection closed; ``unread`` counts the bodies so refused."""

    def __init__(self, target: str, password: str) -> None:
        owner = self
        self.unread = 0
        wanted = "Basic " + base64.b64encode(f"dba:{password}".encode()).decode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                if self.headers.get("Authorization") != wanted:
                    owner.unread += bool(length)
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="gate"')
                    self.send_header("Content-Length", "0")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.close_connection = True
                    return
                body = self.rfile.read(length) if length else None
                request = urllib.request.Request(target + self.path, data=body,
                                                 method=self.command)
                if self.headers.get("Content-Type"):
                    request.add_header("Content-Type", self.headers["Content-Type"])
                try:
                    with urllib.request.urlopen(request) as answer:
                        status, content = answer.status, answer.read()
                except urllib.error.HTTPError as exc:
                    status, content = exc.code, exc.read()
                self.send_response(status)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _answer

            def log_message(self, *args):
                pass

        self.url = f"http://dba:{password}@127.0.0.1:{self._start(Handler)}"


def test_an_upload_to_a_server_asking_for_a_password_is_sent_once_with_it(
        run, tca_store, tmp_path, free_port):
    """The server's challenge is learnt before the upload, so a server that refuses a body
    without reading it never sees one (it would break the upload off mid-way)."""
    with KnowledgeGraph(tca_store) as kg:
        triples = len(kg)
    with Server(tmp_path / "remote", port=free_port(), writable=True, create=True) as server, \
            Gate(server.base, "pw-7d2c") as gate:
        pushed = run("push", "--endpoint", gate.url + "/store", "--update-endpoint",
                     gate.url + "/update", "--store", tca_store, env={"NETRC": "/nonexistent"})
        assert pushed.exit_code == 0, pushed.output
        assert gate.unread == 0
        count = Endpoint(server.url).query("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
        assert int(next(iter(count))[0]) == triples
