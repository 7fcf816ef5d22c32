"""The browsable pages of ``serve`` (issue 33) over HTTP, without a browser: each entity's RDF
(by suffix and by content negotiation) is the same graph as a SPARQL DESCRIBE of it; lists
answer JSON and CSV with counts taken from the bundled CSV; every page keeps the endpoint's
limits (Host, Origin, read-only) and sends a Content-Security-Policy."""

from __future__ import annotations

import csv
import http.client
import io
import json
import urllib.parse

import pytest
from partnerkg.data import bundled_paths
from partnerkg.endpoint.server import Server
from rdflib import Graph
from rdflib.compare import isomorphic, to_isomorphic

from .test_server_hardening import send

ID = "https://w3id.org/partnerkg/id/"
ESSEX = f"{ID}org/GB-LAE-ESS"
ENTITIES = [ESSEX, f"{ID}bid/transformation-challenge-award/tca_bids.csv-f13bf4ae/"
                   "tca-2015-16-colchester",
            f"{ID}round/transformation-challenge-award/2015-16",
            f"{ID}programme/transformation-challenge-award",
            "https://w3id.org/partnerkg/sector/council"]
FORMATS = {"ttl": ("text/turtle", "turtle"), "jsonld": ("application/ld+json", "json-ld"),
           "nt": ("application/n-triples", "nt")}


@pytest.fixture(scope="module")
def served(tca_store):
    with Server(tca_store, port=0) as server:
        yield server


def path_of(iri: str) -> str:
    return "/" + iri.removeprefix("https://w3id.org/partnerkg/")


def described(server, iri: str) -> Graph:
    """What the SPARQL endpoint's DESCRIBE gives for ``iri``."""
    status, data = send(server.port, "GET", "/query?" + urllib.parse.urlencode(
        {"query": f"DESCRIBE <{iri}>"}), None, {"Accept": "application/n-triples"})
    assert status == 200, data
    return Graph().parse(data=data.decode(), format="nt")


def csv_rows() -> list[dict]:
    path = next(p for p in bundled_paths() if str(p).endswith("tca_bids.csv"))
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_each_entity_answers_the_triples_a_describe_gives_in_every_format(served):
    for iri in ENTITIES:
        expected = described(served, iri)
        assert len(expected) >= 2, iri
        for suffix, (media, parser) in FORMATS.items():
            by_suffix = send(served.port, "GET", f"{path_of(iri)}.{suffix}")
            by_accept = send(served.port, "GET", path_of(iri), None, {"Accept": media})
            for status, data in (by_suffix, by_accept):
                assert status == 200, (iri, suffix, data[:200])
                got = Graph().parse(data=data.decode(), format=parser)
                assert isomorphic(got, expected), (iri, suffix, sorted(
                    to_isomorphic(got) ^ to_isomorphic(expected))[:5])
        status, data = send(served.port, "GET", path_of(iri), None, {"Accept": "text/html"})
        assert status == 200 and data.startswith(b"<!DOCTYPE html>"), iri
    status, data = send(served.port, "GET", "/id/org/no-such-body.ttl")
    assert status == 404


def test_lists_answer_json_and_csv_filtered_sorted_and_paged(served):
    # bids of each round, counted in the bundled CSV (one key per bid, many rows each)
    rounds: dict[str, set] = {}
    for row in csv_rows():
        rounds.setdefault(row["round"], set()).add(row["bid"])
    status, data = send(served.port, "GET", "/bids.json?per=5")
    assert status == 200
    listing = json.loads(data)
    assert listing["count"] == sum(len(b) for b in rounds.values())
    assert listing["facets"]["round"] == {k: len(v) for k, v in rounds.items()}
    assert len(listing["rows"]) == 5 and listing["pages"] == -(-listing["count"] // 5)
    status, data = send(served.port, "GET", "/bids.csv?round=2015-16&sort=amount&desc=1")
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert status == 200 and len(rows) == len(rounds["2015-16"])
    amounts = [float(r["amount"]) for r in rows if r["amount"]]
    assert amounts == sorted(amounts, reverse=True)
    # the 2015-16 bids of at least £1m, from the CSV's lead rows (amounts are on them)
    big = {r["bid"] for r in csv_rows() if r["round"] == "2015-16" and r["amount"]
           and float(r["amount"]) >= 1_000_000}
    status, data = send(served.port, "GET", "/bids.json?round=2015-16&min=1000000&per=1000")
    assert {row["iri"].rsplit("/", 1)[-1] for row in json.loads(data)["rows"]} == big
    # an organisation's bids: the CSV's rows naming it (one spelling there)
    essex = {r["bid"] for r in csv_rows() if r["organisation"] == "Essex County Council"}
    status, data = send(served.port, "GET", "/bids.json?" + urllib.parse.urlencode(
        {"org": ESSEX}))
    assert {row["iri"].rsplit("/", 1)[-1] for row in json.loads(data)["rows"]} == essex
    status, data = send(served.port, "GET", "/orgs.json?sort=nonsense")
    assert status == 400 and b"sort must be one of" in data


def test_pages_keep_the_endpoint_limits_and_a_strict_policy(served):
    port = served.port
    status, data = send(port, "GET", "/id/org/GB-LAE-ESS", None, {"Host": f"evil.example:{port}"})
    assert status == 403
    status, data = send(port, "GET", "/orgs", None, {"Origin": "http://evil.example"})
    assert status == 403
    assert send(port, "HEAD", "/orgs") == (200, b"")
    for path in ("/", "/orgs", "/id/org/GB-LAE-ESS", "/editor", "/search?q=nothing+like+it"):
        connection = http.client.HTTPConnection("127.0.0.1", port)
        connection.request("GET", path)
        answer = connection.getresponse()
        answer.read()
        policy = answer.getheader("Content-Security-Policy") or ""
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split(
            "style-src")[0], (path, policy)
        assert answer.getheader("X-Content-Type-Options") == "nosniff"
        connection.close()
    # the pages are reads: a write to the store is still refused
    assert send(port, "POST", "/id/org/GB-LAE-ESS", b"x", {"Content-Type": "text/turtle"})[0] \
        == 403


def test_a_writable_server_says_its_pages_need_a_read_only_one_and_takes_prefixed_updates(
        tca_store, tmp_path, free_port):
    import shutil

    store = tmp_path / "copy"
    shutil.copytree(tca_store, store)
    # an update declaring prefixes, as SPARQL allows (the data version's renewal goes with it)
    rename = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
              f"DELETE {{ <{ESSEX}> skos:prefLabel ?n }} "
              f"INSERT {{ <{ESSEX}> skos:prefLabel \"Essex Renamed\" }} "
              f"WHERE {{ <{ESSEX}> skos:prefLabel ?n }}")
    with Server(store, port=free_port(), writable=True) as server:
        status, data = send(server.port, "GET", path_of(ESSEX))
        assert status == 404 and b"without --writable" in data, data
        status, data = send(server.port, "POST", "/update", rename,
                            {"Content-Type": "application/sparql-update"})
        assert status == 204, data
        assert send(server.port, "GET", "/")[0] == 200  # Oxigraph's own query page
    with Server(store, port=free_port()) as server:
        status, data = send(server.port, "GET", path_of(ESSEX) + ".nt")
        assert status == 200 and b'"Essex Renamed"' in data, data
        assert b'"Essex County Council"' not in data
