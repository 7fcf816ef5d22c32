"""Writing the graph in RDF formats, deterministically."""

from __future__ import annotations

from rdflib import Graph

__all__ = ["EXPORT_FORMATS", "serialise"]

#: Format name -> rdflib serializer name.
EXPORT_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}

_JSONLD_CONTEXT = {
    "pkg": "https://w3id.org/partnerkg/", "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#", "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "id": "https://w3id.org/partnerkg/id/", "sector": "https://w3id.org/partnerkg/sector/",
}


def serialise(graph: Graph, format: str) -> str:
    """The graph as text; N-Triples lines are sorted so the same graph gives the same bytes."""
    if format not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {format!r}; known: {', '.join(EXPORT_FORMATS)}")
    if format == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return "\n".join(sorted(set(line for line in lines if line.strip()))) + "\n"
    if format == "jsonld":
        return graph.serialize(format="json-ld", context=_JSONLD_CONTEXT, indent=2,
                               sort_keys=True)
    return graph.serialize(format="turtle")
