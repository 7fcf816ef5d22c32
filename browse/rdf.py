"""The data about one entity for programs: its concise bounded description (CBD) in Turtle,
JSON-LD or N-Triples, chosen by a suffix of the path or by the request's ``Accept`` header.

The CBD of a node is every triple of the data (the store's default graph) with the node as
subject, and, for each blank node among their objects, the CBD of that blank node: what a
SPARQL ``DESCRIBE`` of the node gives on Oxigraph.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph

from ..core.tables import canonical_term
from ..exports.writers import serialise
from ..graph.store import PREFIXES, from_ox

__all__ = ["RDF_FORMATS", "description", "serialised", "suffix_of", "negotiated"]

#: suffix -> (media type, name in ``exports.writers.EXPORT_FORMATS``)
RDF_FORMATS = {"ttl": ("text/turtle", "ttl"), "jsonld": ("application/ld+json", "jsonld"),
               "nt": ("application/n-triples", "nt")}


def description(kg, iri: str) -> Graph:
    """The concise bounded description of ``iri`` in the data of ``kg`` (empty when the data
    says nothing about it).

    >>> from partnerkg import KnowledgeGraph
    >>> len(description(KnowledgeGraph(), "https://w3id.org/partnerkg/id/org/none"))
    0
    """
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    seen: set = set()
    todo = [ox.NamedNode(iri)]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for quad in kg.oxigraph.quads_for_pattern(node, None, None, ox.DefaultGraph()):
            triple = tuple(canonical_term(from_ox(term))
                           for term in (quad.subject, quad.predicate, quad.object))
            graph.add(triple)
            if isinstance(triple[2], BNode):
                todo.append(quad.object)
    return graph


def serialised(graph: Graph, suffix: str) -> bytes:
    """``graph`` written in the format of ``suffix`` (a key of ``RDF_FORMATS``), as ``export``
    writes it (decimals in their canonical form, triples sorted)."""
    return serialise(graph, suffix).encode("utf-8")


def suffix_of(path: str) -> tuple[str, str | None]:
    """(the path without an RDF suffix, the suffix or None).

    >>> suffix_of("/id/org/GB-LAE-ESS.ttl")
    ('/id/org/GB-LAE-ESS', 'ttl')
    >>> suffix_of("/id/org/GB-LAE-ESS")
    ('/id/org/GB-LAE-ESS', None)
    """
    stem, dot, suffix = path.rpartition(".")
    if dot and suffix in RDF_FORMATS and "/" not in suffix:
        return stem, suffix
    return path, None


def negotiated(accept: str | None) -> str | None:
    """The RDF suffix an ``Accept`` header prefers over HTML (None: a page), by its q values.

    >>> negotiated("text/turtle")
    'ttl'
    >>> negotiated("text/html,application/xhtml+xml,*/*;q=0.8") is None
    True
    >>> negotiated("application/ld+json;q=0.5, application/n-triples")
    'nt'
    """
    wanted = []
    for i, part in enumerate((accept or "").split(",")):
        kind, *options = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for option in options:
            name, _, value = option.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        wanted.append((-quality, i, kind.lower()))
    for _, _, kind in sorted(wanted):
        if kind in ("text/html", "application/xhtml+xml"):
            return None
        for suffix, (media, _) in RDF_FORMATS.items():
            if kind == media:
                return suffix
    return None
