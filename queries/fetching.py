"""Whether a SPARQL query or update would fetch another URL (``SERVICE``, or ``LOAD`` in an
update): the endpoint refuses such requests from clients, and ``query`` runs them locally only
with ``--allow-service``, since a query from elsewhere could reach into the network it runs in.
"""

from __future__ import annotations

import threading

__all__ = ["fetches"]

#: What makes a store fetch a URL, by the name rdflib's parser gives it.
_FETCHING = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}
_PARSING = threading.Lock()  # rdflib's parser is not known to be thread-safe


def _names(tree):
    """The names of the parts of an rdflib SPARQL parse tree."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item.name
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, ParseResults)):
            stack.extend(item)


def fetches(kind: str, text: str) -> tuple[int, str] | None:
    """Why the query or update ``text`` is refused, as (HTTP status, message), if it would make
    the server fetch a URL (``SERVICE``, or ``LOAD`` in an update) or cannot be checked.

    >>> fetches("query", 'SELECT ?service { ?s <http://x.org/service> "SERVICE" }') is None
    True
    >>> fetches("query", "SELECT * { sErViCe <http://10.0.0.1/> { ?s ?p ?o } }")[0]
    403
    """
    lowered = text.lower()
    if "service" not in lowered and "\\u" not in lowered and (
            kind == "query" or "load" not in lowered):
        return None  # most queries: nothing to parse
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        with _PARSING:
            tree = (parseUpdate if kind == "update" else parseQuery)(text)
    except Exception as exc:  # noqa: BLE001 - pyparsing's errors, RecursionError on nesting
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        return 400, (f"this {kind} could not be checked for SERVICE or LOAD, which this endpoint "
                     f"refuses: {reason}")
    found = sorted({_FETCHING[name] for name in _names(tree) if name in _FETCHING})
    if found:
        return 403, (f"{' and '.join(found)} refused: this endpoint does not fetch other URLs "
                     "for a client (the server would reach into the network it runs in); serve "
                     "it with allow_service (partnerkg serve --allow-service) to allow it")
    return None
