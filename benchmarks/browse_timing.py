"""Seconds the browsable pages take, the first time and the second, on a store.

Usage: ``python benchmarks/browse_timing.py STORE`` (a store directory, e.g. one loaded from
``partnerkg synth --bids 80000 --orgs 50000``, scale L). Serves the store read-only, then asks
for the front page, a search, the lists, the pages of the most connected organisation, one of
its bids, its round and programme, and another organisation's page and RDF, each twice, and
prints the times. The first request builds what every page reads (the measures and the list
rows); the issue's bound is a second for every page after it.
"""

from __future__ import annotations

import http.client
import json
import sys
import time
import urllib.parse

from partnerkg.endpoint.server import Server

BASE = "https://w3id.org/partnerkg"


def fetch(server: Server, path: str) -> tuple[int, float]:
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
    try:
        connection.request("GET", path)
        answer = connection.getresponse()
        answer.read()
        return answer.status, time.monotonic() - started
    finally:
        connection.close()


def rows(server: Server, path: str) -> list[dict]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
    try:
        connection.request("GET", path)
        return json.loads(connection.getresponse().read())["rows"]
    finally:
        connection.close()


def main(store: str) -> None:
    with Server(store, port=0, timeout=600) as server:
        status, took = fetch(server, "/")
        print(f"{'/':60} {status} first {took:7.2f} s")
        top = rows(server, "/orgs.json?sort=partners&desc=1&per=2")
        first, other = (row["iri"].removeprefix(BASE) for row in top)
        bid = rows(server, "/bids.json?sort=amount&desc=1&per=1")[0]["iri"].removeprefix(BASE)
        paths = ["/", "/search?" + urllib.parse.urlencode({"q": top[0]["name"]}),
                 "/orgs", "/orgs?sort=funding&desc=1&page=3", "/bids?min=100000",
                 "/programmes", first, first + ".ttl", other, other + ".jsonld", bid]
        for path in paths:
            timings = [fetch(server, path) for _ in range(2)]
            print(f"{path[:60]:60} {timings[0][0]} first {timings[0][1]:7.2f} s, "
                  f"second {timings[1][1]:7.2f} s")


if __name__ == "__main__":
    main(sys.argv[1])
