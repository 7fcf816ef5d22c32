"""SPARQL endpoints elsewhere: queries over the SPARQL 1.1 Protocol, pushes over the Graph Store
HTTP Protocol (Oxigraph server, Apache Jena Fuseki, GraphDB, Virtuoso ...).

>>> Endpoint("http://127.0.0.1:7878/query").url
'http://127.0.0.1:7878/query'
"""

from __future__ import annotations

import io
import os
import re
import secrets
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.query import Result

from ..core.errors import RemoteError
from ..core.files import TEMPORARY_MARK, clean_leftovers, owner_mark, process_alive
from ..ontology import GRAPH_IRI
from ..queries.binding import parse_query, with_bindings, with_prefixes
from .http import MAX_ANSWER, Credentials, HttpClient, safe_url

__all__ = ["Endpoint", "PushSummary", "push", "update_endpoint", "with_bindings", "read_result",
           "ROUND_LIMITS"]

#: Seconds to wait for an endpoint's answer.
DEFAULT_TIMEOUT = 60.0
_N_TRIPLES = "application/n-triples"
#: What a query asks for: SPARQL results in any of the four formats, or RDF (CONSTRUCT).
_ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
           "text/tab-separated-values;q=0.8, text/csv;q=0.7, application/n-triples, "
           "text/turtle;q=0.9, application/rdf+xml;q=0.5")
#: Media type -> rdflib's parser name, for SPARQL results and for RDF.
_RESULTS = {"application/sparql-results+json": "json", "application/json": "json",
            "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
            "text/csv": "csv", "text/tab-separated-values": "tsv"}
_RDF = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle",
        "application/rdf+xml": "xml", "application/ld+json": "json-ld",
        "application/n-quads": "nquads", "application/trig": "trig"}
#: Row counts that are the usual limits of triple stores (Virtuoso 10,000; Fuseki, GraphDB
#: and QLever configurations): an answer of exactly this many rows may have been cut.
ROUND_LIMITS = frozenset({1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000,
                          1_000_000})


class Endpoint:
    """A SPARQL endpoint at ``url``: ``query`` answers like ``KnowledgeGraph.query``.

    ``credentials`` (else found for the URL: see ``endpoint.http``), ``insecure`` (no TLS
    check), ``allow_partial`` (an answer the server cut short is kept, with a warning,
    instead of refused) and ``max_bytes`` (the largest answer read; ``timeout`` bounds the
    whole of each request, answer included). ``warnings`` collects what the caller should
    tell the user.
    """

    def __init__(self, url: str, timeout: float = DEFAULT_TIMEOUT, *,
                 credentials: Credentials | None = None, insecure: bool = False,
                 allow_partial: bool = False, max_bytes: int = MAX_ANSWER) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise RemoteError(f"{safe_url(url)!r} is not an http(s) URL of a SPARQL endpoint")
        self.url, self.timeout, self.allow_partial = safe_url(url), timeout, allow_partial
        self.http = HttpClient(url, credentials=credentials, timeout=timeout, insecure=insecure,
                               max_bytes=max_bytes)
        self.warnings = self.http.warnings

    def query(self, sparql: str, bindings: dict | None = None) -> Result:
        """Run SPARQL there; ``bindings`` (variable -> RDF term) are sent as a VALUES block of
        escaped terms, never as text pasted into the query; the prefixes a local store knows
        are declared where the query uses them undeclared."""
        from ..graph.store import known_prefixes

        text = with_prefixes(with_bindings(sparql, bindings or {}), known_prefixes())
        answer = self.http.send("POST", self.url, form={"query": text},
                                headers={"Accept": _ACCEPT}, doing="query")
        result = read_result(answer.content, answer.media_type, self.url)
        self._check_whole(result, answer.headers, parse_query(text).limit)
        return result

    def _check_whole(self, result: Result, headers, limit: int | None) -> None:
        """RemoteError (or a warning, with ``allow_partial``) when the server says it cut the
        answer; a warning when it may have (a round number of rows, no LIMIT asked)."""
        if result.type != "SELECT":
            return
        rows = len(result)
        said = headers.get("x-sparql-maxrows")
        if said and said.strip().isdigit() and rows >= int(said) and limit != rows:
            message = (f"{self.url} cut its answer at {int(said):,} rows (its limit, "
                       f"X-SPARQL-MaxRows: {said.strip()}): the result is not whole")
            if not self.allow_partial:
                raise RemoteError(f"{message}. Raise the server's limit (Virtuoso: "
                                  "ResultSetMaxRows in virtuoso.ini), page with LIMIT and "
                                  "OFFSET, or give --allow-partial to keep the rows it sent",
                                  status=None)
            self.warnings.append(f"{message} (kept, as --allow-partial asks)")
        elif rows in ROUND_LIMITS and limit is None:
            self.warnings.append(f"{self.url} answered exactly {rows:,} rows, a round number "
                                 "that is often a server's limit on rows: the answer may be "
                                 "cut short (count them with a COUNT query to be sure)")

    def _send(self, method: str, url: str, doing: str, **request):
        return self.http.send(method, url, doing=doing, **request)


def read_result(content: bytes, media_type: str, url: str = "the endpoint") -> Result:
    """SPARQL results (JSON, XML, CSV or TSV) or an RDF graph (CONSTRUCT, DESCRIBE), read by
    rdflib's parser for the answer's media type. RDF/XML whose entities would expand past
    a bound is refused before it is parsed (the same rule as an RDF/XML file's)."""
    if _RDF.get(media_type) == "xml":
        from ..loaders.rdf import entity_expansion_problem

        problem = entity_expansion_problem(content)
        if problem is not None:
            raise RemoteError(f"{url} answered with RDF/XML that is not read: it {problem}")
    try:
        if media_type in _RESULTS:
            return Result.parse(io.BytesIO(content), format=_RESULTS[media_type])
        if media_type in _RDF:
            result = Result("CONSTRUCT")
            result.graph = Graph().parse(data=content, format=_RDF[media_type])
            return result
    except Exception as exc:  # rdflib raises many kinds for a body that is not what it says
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise RemoteError(f"{url} did not answer with readable {media_type} ({reason})"
                          ) from None
    raise RemoteError(f"{url} did not answer with SPARQL results or RDF (its answer is "
                      f"{media_type or 'of no stated type'})")


@dataclass(frozen=True)
class PushSummary:
    url: str
    graph: str
    triples: int


def push(kg, url: str, graph: str | None = None, timeout: float = DEFAULT_TIMEOUT,
         update_url: str | None = None, *, credentials: Credentials | None = None,
         insecure: bool = False, warnings: list | None = None) -> PushSummary:
    """Replace the named graph ``graph`` at a Graph Store Protocol endpoint with this graph.

    The graph is uploaded (HTTP PUT) to a staging graph beside it, and only once the endpoint
    has confirmed it whole is it swapped in, by ``MOVE`` at the SPARQL update endpoint
    (``update_url``, else guessed from ``url``: see ``update_endpoint``). Until then the graph
    there is never touched: a refused, broken or timed-out upload leaves it as it was, and the
    staging graph is deleted. Pushing twice leaves one copy; two pushes at once leave one of
    the two graphs whole, since each staging graph is named for its push and removed by it
    alone (a killed push's is left: it cannot be told from a running one's). ``credentials``
    (else found for ``url``: see ``endpoint.http``) are used for both endpoints; ``warnings``
    (a list) gets what the user should be told.
    """
    graph = graph or str(GRAPH_IRI)
    credentials = credentials if credentials is not None else Credentials.find(url)
    endpoint = Endpoint(url, timeout, credentials=credentials, insecure=insecure)
    update = Endpoint(update_url or update_endpoint(endpoint.url), timeout,
                      credentials=credentials, insecure=insecure)
    if warnings is not None:
        warnings.extend(endpoint.warnings)
    staging = f"{graph}{_STAGING}{secrets.token_hex(6)}"
    folder = Path(tempfile.gettempdir())
    notes = _remove_killed_stagings(folder, endpoint)  # before its journal files are cleaned
    clean_leftovers(folder)  # what a killed push left
    if warnings is not None:
        warnings.extend(notes)
    journal = folder / f".partnerkg-staging-{owner_mark()}.txt"
    spool = folder / f".partnerkg-push.nt{TEMPORARY_MARK}{os.getpid()}.tmp"
    try:
        kg.oxigraph.dump(str(spool), format=ox.RdfFormat.N_TRIPLES,
                         from_graph=ox.DefaultGraph())
        triples = kg.triple_count()
        # noted just before the upload: a push killed earlier has nothing there to remove
        journal.write_text(f"{endpoint.url}\n{staging}\n", encoding="utf-8")
        try:
            endpoint._send("PUT", _graph_url(endpoint.url, staging), "upload", file=spool,
                           headers={"Content-Type": _N_TRIPLES})
        except RemoteError as exc:
            if not exc.sent:
                journal.unlink(missing_ok=True)
                raise RemoteError(f"{exc}: nothing was sent, and the graph <{graph}> there was "
                                  "not touched.", sent=False) from None
            raise RemoteError(f"{exc} The graph <{graph}> there was not touched. "
                              f"{_clean_up(endpoint, staging, journal)}",
                              status=exc.status) from None
    finally:
        spool.unlink(missing_ok=True)
    # One operation, so one request and one transaction: MOVE empties the graph and fills it
    # from the staging graph, which it removes. Only this push's staging graph is named: the
    # others beside it may be uploads of pushes still running.
    swap = f"MOVE <{staging}> TO <{graph}>"
    try:
        update._send("POST", update.url, "swap", form={"update": swap})
    except RemoteError as exc:
        raise RemoteError(f"{exc} The upload arrived but was not swapped in: the graph <{graph}> "
                          f"there is as it was. {_clean_up(endpoint, staging, journal)}",
                          status=exc.status) from None
    # the staging graph is gone (MOVE took it): nothing for a later push to remove. A push
    # stopped before this line (killed, or its staging graph not deleted) keeps its journal
    journal.unlink(missing_ok=True)
    return PushSummary(url=endpoint.url, graph=graph, triples=triples)


#: How long a note of another endpoint's staging graph is kept (seconds).
_NOTE_KEPT = 24 * 3600
_JOURNAL = re.compile(r"^\.partnerkg-staging-(\d+)(?:_(\d+))?\.txt$")


def _remove_killed_stagings(folder: Path, endpoint: "Endpoint") -> list[str]:
    """Delete the staging graphs that pushes from this machine to this endpoint left when they
    were killed (each push notes its staging graph in a journal file named for its process,
    and removes the file when it ends): a staging graph is removed only when the process that
    made it no longer runs, so a push still running elsewhere keeps its own. Returns notes."""
    notes = []
    for entry in sorted(folder.glob(".partnerkg-staging-*.txt")):
        found = _JOURNAL.match(entry.name)
        if not found or process_alive(int(found[1]), int(found[2]) if found[2] else None):
            continue
        try:
            said = entry.read_text(encoding="utf-8").split("\n")
        except OSError:
            continue
        if len(said) < 2 or _STAGING not in said[1]:
            entry.unlink(missing_ok=True)  # killed while noting it: nothing was uploaded yet
            continue
        url, staging = said[:2]
        if url != endpoint.url:
            # another endpoint's: its own next push removes it; a note a day old is dropped
            # (that endpoint is gone, or nobody pushes there from here), said once
            if time.time() - entry.stat().st_mtime > _NOTE_KEPT:
                entry.unlink(missing_ok=True)
                notes.append(f"A push killed a day or more ago may have left <{staging}> at "
                             f"{url}: delete it there if it remains.")
            continue
        try:
            endpoint._send("DELETE", _graph_url(endpoint.url, staging), "clean-up")
        except RemoteError as exc:
            # not there (yet): an upload the killed push had sent may still be written by the
            # server, so the note stays until it is older than any push may take
            if exc.status == 404 and time.time() - entry.stat().st_mtime > endpoint.timeout:
                entry.unlink(missing_ok=True)
            continue
        entry.unlink(missing_ok=True)
        notes.append(f"A push killed earlier left a staging graph there: <{staging}> was "
                     "deleted.")
    return notes


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


def _clean_up(endpoint: Endpoint, staging: str, journal: Path | None = None) -> str:
    """Delete a staging graph; what became of it, in words. Once it is gone, its journal
    (see ``_remove_killed_stagings``) goes too; if it may remain, the journal stays so that the
    next push from here removes it."""
    try:
        endpoint._send("DELETE", _graph_url(endpoint.url, staging), "clean-up")
    except RemoteError as exc:
        if exc.status != 404:
            return (f"The staging graph <{staging}> there may hold part of the upload: the next "
                    f"push from here deletes it, or delete it when the endpoint answers again "
                    f"({exc}).")
        said = "Nothing was left there."
    else:
        said = f"The staging graph <{staging}> was deleted."
    if journal is not None:
        journal.unlink(missing_ok=True)
    return said


def _graph_url(url: str, graph: str) -> str:
    sep = "&" if urllib.parse.urlsplit(url).query else "?"
    return f"{url}{sep}{urllib.parse.urlencode({'graph': graph})}"
