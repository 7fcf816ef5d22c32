"""The query page of a read-only ``serve`` (issue 33, item 3): Oxigraph's page sends every
query to ``/sparql``, where the front used to take any POST for a write and answer 403. A POST
there is now a read when it holds queries and no update; updates there are still writes, and
the other limits (SERVICE, Origin, Host, time) hold on the path too."""

from __future__ import annotations

import json
import shutil
import urllib.parse

from partnerkg import KnowledgeGraph
from partnerkg.endpoint.server import Server

from .test_server_hardening import CROSS_JOIN, FORM, send

# the page's first request, as a browser sends it: a form with query= (YASGUI posts this)
ORGANISATIONS = ("PREFIX org: <http://www.w3.org/ns/org#> "
                 "SELECT (COUNT(DISTINCT ?o) AS ?n) { ?m org:member ?o }")
JSON = "application/sparql-results+json"


def rows(data: bytes) -> list[dict]:
    return json.loads(data)["results"]["bindings"]


def test_the_query_page_reads_through_sparql_and_updates_there_stay_refused(tca_store,
                                                                            free_port):
    with Server(tca_store, port=free_port(), timeout=2) as server:
        port = server.port
        # every way a query reaches /sparql is answered (the bundled data: 109 organisations,
        # as the README's report says)
        for body, kind in ((urllib.parse.urlencode({"query": ORGANISATIONS}), FORM),
                           (ORGANISATIONS, "application/sparql-query")):
            status, data = send(port, "POST", "/sparql", body,
                                {"Content-Type": kind, "Accept": JSON, "Origin": server.base})
            assert status == 200, (kind, status, data[:300])
            assert rows(data)[0]["n"]["value"] == "109"
        for query in ("ASK { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2",
                      "DESCRIBE <https://w3id.org/partnerkg/id/org/GB-LAE-ESS>"):
            status, data = send(port, "POST", "/sparql", urllib.parse.urlencode(
                {"query": query}), {"Content-Type": FORM})
            assert status == 200 and data, (query, status, data[:300])
        # an update there is a write: refused on a read-only server, however it is sent
        wipe = "DELETE WHERE { ?s ?p ?o }"
        for body, kind in ((urllib.parse.urlencode({"update": wipe}), FORM),
                           (wipe, "application/sparql-update"),
                           (urllib.parse.urlencode({"query": "ASK {}", "update": wipe}), FORM),
                           ("", FORM), ("ASK {}", "text/plain")):
            status, data = send(port, "POST", "/sparql", body, {"Content-Type": kind})
            assert status == 403 and b"read-only" in data, (body, kind, status, data)
        status, data = send(port, "POST", "/sparql?" + urllib.parse.urlencode({"update": wipe}),
                            urllib.parse.urlencode({"query": "ASK {}"}), {"Content-Type": FORM})
        assert status == 403, data
        # the limits of /query hold on /sparql: SERVICE, other sites, another Host, time
        federated = urllib.parse.urlencode(
            {"query": "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"})
        status, data = send(port, "POST", "/sparql", federated, {"Content-Type": FORM})
        assert status == 403 and b"SERVICE" in data, data
        asking = urllib.parse.urlencode({"query": "ASK {}"})
        assert send(port, "POST", "/sparql", asking, {
            "Content-Type": FORM, "Origin": "http://evil.example"})[0] == 403
        assert send(port, "POST", "/sparql", asking, {
            "Content-Type": FORM, "Host": f"evil.example:{port}"})[0] == 403
        status, data = send(port, "POST", "/sparql", urllib.parse.urlencode(
            {"query": f"SELECT (COUNT(*) AS ?n) {CROSS_JOIN}"}), {"Content-Type": FORM})
        assert status == 500 and b"time limit of 2 s" in data, (status, data[:300])
        status, data = send(port, "GET", "/query?" + urllib.parse.urlencode(
            {"query": ORGANISATIONS}), None, {"Accept": JSON})
        assert status == 200 and rows(data)[0]["n"]["value"] == "109"  # nothing was deleted


def test_an_update_to_sparql_on_a_writable_server_needs_the_token_and_renews(tca_store,
                                                                             tmp_path,
                                                                             free_port):
    store = tmp_path / "copy"
    shutil.copytree(tca_store, store)
    with KnowledgeGraph(store) as kg:
        before = kg.data_version()
    insert = urllib.parse.urlencode(
        {"update": "INSERT DATA { <http://e.org/a> <http://e.org/p> 1 }"})
    with Server(store, port=free_port(), writable=True, token="s3cret-enough") as server:
        assert send(server.port, "POST", "/sparql", insert, {"Content-Type": FORM})[0] == 401
        status, data = send(server.port, "POST", "/sparql", insert, {
            "Content-Type": FORM, "Authorization": "Bearer s3cret-enough"})
        assert status == 204, data
        status, data = send(server.port, "POST", "/sparql", urllib.parse.urlencode(
            {"query": "SELECT (COUNT(*) AS ?n) { ?s <http://e.org/p> ?o }"}),
            {"Content-Type": FORM, "Accept": JSON})
        assert status == 200 and rows(data)[0]["n"]["value"] == "1", data
    with KnowledgeGraph(store) as kg:
        assert before and kg.data_version() not in (None, before)  # kept results are stale now
