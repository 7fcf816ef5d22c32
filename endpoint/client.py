"""SPARQL endpoints elsewhere: queries over the SPARQL 1.1 Protocol, pushes over the Graph Store
HTTP Protocol (Oxigraph server, Apache Jena Fuseki, GraphDB, Virtuoso ...).

>>> Endpoint("http://127.0.0.1:7878/query").url
'http://127.0.0.1:7878/query'
"""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import socket
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib.query import Result

from ..core.errors import RemoteError
from ..core.files import TEMPORARY_MARK, clean_leftovers
from ..ontology import GRAPH_IRI

__all__ = ["Endpoint", "PushSummary", "push", "update_endpoint", "with_bindings"]

#: Seconds to wait for an endpoint's answer.
DEFAULT_TIMEOUT = 60.0
_RESULTS_JSON = "application/sparql-results+json"
_N_TRIPLES = "application/n-triples"


class Endpoint:
    """A SPARQL endpoint at ``url``: ``query`` answers like ``KnowledgeGraph.query``."""

    def __init__(self, url: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise RemoteError(f"{url!r} is not an http(s) URL of a SPARQL endpoint")
        self.url, self.timeout = url, timeout

    def query(self, sparql: str, bindings: dict | None = None) -> Result:
        """Run SPARQL there; ``bindings`` (variable -> RDF term) are sent as a VALUES block of
        escaped terms, never as text pasted into the query."""
        body = urllib.parse.urlencode({"query": with_bindings(sparql, bindings or {})}).encode()
        data = self._send("POST", self.url, body, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": f"{_RESULTS_JSON}, application/sparql-results+xml;q=0.5"}, "query")
        try:
            return Result.parse(io.BytesIO(data), format="json")
        except Exception as exc:  # rdflib raises many kinds for a body that is not results
            raise RemoteError(f"{self.url} did not answer with SPARQL results ({exc})") from None

    def _send(self, method: str, url: str, body, headers: dict, doing: str) -> bytes:
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
            reason = f": {detail[0]}" if detail else ""
            raise RemoteError(f"{url} refused the {doing} (HTTP {exc.code} {exc.reason}"
                              f"{reason})", status=exc.code) from None
        except urllib.error.URLError as exc:
            raise _failure(url, exc.reason, self.timeout, doing) from None
        except OSError as exc:  # timeouts and broken connections after the request went out
            raise _failure(url, exc, self.timeout, doing) from None


def _failure(url: str, reason, seconds: float, doing: str) -> RemoteError:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return RemoteError(f"no answer from {url} within {seconds:g} s during the {doing} "
                           "(raise --timeout for a big graph)", timed_out=True)
    if isinstance(reason, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError)):
        return RemoteError(f"the connection to {url} broke during the {doing} ({reason})")
    return RemoteError(f"cannot reach {url} ({reason})")


def with_bindings(sparql: str, bindings: dict) -> str:
    """``sparql`` with a VALUES block binding ``bindings`` at the start of its WHERE group.

    The terms are written in SPARQL's own escaped syntax, so a value can never end the block.

    >>> from rdflib import Literal, Variable
    >>> with_bindings('SELECT ?n WHERE { ?o ?p ?n }', {Variable('o'): Literal('a "b" }')})
    'SELECT ?n WHERE { VALUES ?o { "a \\\\"b\\\\" }" } ?o ?p ?n }'
    """
    if not bindings:
        return sparql
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(term.n3() for term in bindings.values())
    block = (f"VALUES ?{next(iter(bindings))} {{ {values} }}" if len(bindings) == 1 else
             f"VALUES ({names}) {{ ({values}) }}")
    at = _where_group(sparql)
    return f"{sparql[:at + 1]} {block}{sparql[at + 1:]}"


# What may hold a brace or the word WHERE without being either, skipped whole; then words and
# the brace itself.
_SKIPPED = (
    r"#[^\n]*",                                  # a comment
    r"<[^<>\"{}|^`\\\x00-\x20]*>",               # an IRI
    r"'''(?:[^'\\]|\\.|'(?!''))*'''",            # long strings
    r'"""(?:[^"\\]|\\.|"(?!""))*"""',
    r"'(?:[^'\\\n]|\\.)*'",                      # strings
    r'"(?:[^"\\\n]|\\.)*"',
    r"[?$]\w+",                                  # variables
    r"[\w-]*:[\w.-]*",                           # prefixed names
)
_TOKENS = re.compile(f"(?P<skip>{'|'.join(_SKIPPED)})|(?P<word>[A-Za-z]+)|(?P<brace>\\{{)")


def _where_group(sparql: str) -> int:
    """Index of the ``{`` that opens the query's WHERE group (WHERE itself may be left out of
    SELECT and ASK queries, as SPARQL allows)."""
    opens_group = False
    for token in _TOKENS.finditer(sparql):
        word = (token["word"] or "").upper()
        if word in ("WHERE", "SELECT", "ASK"):
            opens_group = True
        elif token["brace"] and opens_group:
            return token.start()
    raise RemoteError("cannot find the query's WHERE group to bind its parameters in")


@dataclass(frozen=True)
class PushSummary:
    url: str
    graph: str
    triples: int


def push(kg, url: str, graph: str | None = None, timeout: float = DEFAULT_TIMEOUT,
         update_url: str | None = None, headers: dict | None = None) -> PushSummary:
    """Replace the named graph ``graph`` at a Graph Store Protocol endpoint with this graph.

    The graph is uploaded (HTTP PUT) to a staging graph beside it, and only once the endpoint
    has confirmed it whole is it swapped in, by ``MOVE`` at the SPARQL update endpoint
    (``update_url``, else guessed from ``url``: see ``update_endpoint``). Until then the graph
    there is never touched: a refused, broken or timed-out upload leaves it as it was, and the
    staging graph is deleted. Pushing twice leaves one copy.
    """
    graph = graph or str(GRAPH_IRI)
    endpoint = Endpoint(url, timeout)
    update = Endpoint(update_url or update_endpoint(url), timeout)
    staging = f"{graph}{_STAGING}{secrets.token_hex(6)}"
    extra = dict(headers or {})
    folder = Path(tempfile.gettempdir())
    clean_leftovers(folder)  # what a killed push left
    spool = folder / f".partnerkg-push.nt{TEMPORARY_MARK}{os.getpid()}.tmp"
    try:
        kg.oxigraph.dump(str(spool), format=ox.RdfFormat.N_TRIPLES,
                         from_graph=ox.DefaultGraph())
        triples = kg.triple_count()
        with open(spool, "rb") as body:
            try:
                endpoint._send("PUT", _graph_url(url, staging), body, {
                    **extra, "Content-Type": _N_TRIPLES,
                    "Content-Length": str(spool.stat().st_size)}, "upload")
            except RemoteError as exc:
                raise RemoteError(f"{exc} The graph <{graph}> there was not touched. "
                                  f"{_clean_up(endpoint, staging, extra)}") from None
    finally:
        spool.unlink(missing_ok=True)
    # the swap, and the staging graphs of pushes that were killed before theirs
    swap = (f"MOVE <{staging}> TO <{graph}> ;\nDELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ "
            f"GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), {json.dumps(graph + _STAGING)}))"
            " }")
    try:
        update._send("POST", update.url, urllib.parse.urlencode({"update": swap}).encode(), {
            **extra, "Content-Type": "application/x-www-form-urlencoded"}, "swap")
    except RemoteError as exc:
        raise RemoteError(f"{exc} The upload arrived but was not swapped in: the graph <{graph}> "
                          f"there is as it was. {_clean_up(endpoint, staging, extra)}") from None
    return PushSummary(url=url, graph=graph, triples=triples)


#: What a staging graph's IRI adds to the graph's.
_STAGING = "-partnerkg-upload-"


def update_endpoint(url: str) -> str:
    """The SPARQL update endpoint beside a Graph Store endpoint, for the servers whose layout
    is known: Oxigraph (``/store`` -> ``/update``) and Fuseki (``/ds/data`` -> ``/ds/update``).

    >>> update_endpoint("http://127.0.0.1:7878/store"), update_endpoint("http://h/ds/data")
    ('http://127.0.0.1:7878/update', 'http://h/ds/update')
    """
    parts = urllib.parse.urlsplit(url)
    for tail in ("/store", "/data"):
        if parts.path.endswith(tail):
            path = parts.path[: -len(tail)] + "/update"
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    raise RemoteError(f"cannot tell the SPARQL update endpoint beside {url}: give it with "
                      "--update-endpoint URL (push uploads beside the graph, then swaps it in "
                      "with a SPARQL update)")


def _clean_up(endpoint: Endpoint, staging: str, headers: dict) -> str:
    try:
        endpoint._send("DELETE", _graph_url(endpoint.url, staging), None, headers, "clean-up")
    except RemoteError as exc:
        if exc.status == 404:
            return "Nothing was left there."
        return (f"The staging graph <{staging}> there may hold part of the upload: delete it "
                f"when the endpoint answers again ({exc}).")
    return f"The staging graph <{staging}> was deleted."


def _graph_url(url: str, graph: str) -> str:
    sep = "&" if urllib.parse.urlsplit(url).query else "?"
    return f"{url}{sep}{urllib.parse.urlencode({'graph': graph})}"
