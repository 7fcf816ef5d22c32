"""Writing the graph in RDF formats, and its network in Gephi's, deterministically."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
from rdflib import Graph

from ..core.files import atomic_path, write_text
from ..core.tables import csv_writer

__all__ = ["EXPORT_FORMATS", "NETWORK_FORMATS", "serialise", "network_for_export", "xml_safe",
           "write_network"]

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
    return _turtle(graph)


def _turtle(graph: Graph) -> str:
    """Turtle written by Oxigraph: rdflib abbreviates ``"750000"^^xsd:decimal`` as ``750000.0``,
    which reads back as another term (``"750000.0"``); Oxigraph abbreviates only where the
    term stays the same. Triples sorted, so the same graph gives the same bytes."""
    import pyoxigraph as ox

    from ..graph.store import to_ox

    triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in
               sorted(graph, key=lambda t: tuple(term.n3() for term in t))]
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE,
                        prefixes=_TURTLE_PREFIXES).decode("utf-8")


_TURTLE_PREFIXES = {**_JSONLD_CONTEXT, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                    "owl": "http://www.w3.org/2002/07/owl#"}


#: Network formats: the co-partnership graph with measures and clusters (Gephi opens all three).
NETWORK_FORMATS = ("gexf", "graphml", "csv")
_NODE_FIELDS = ("sector", "degree", "strength", "bids", "led", "funding", "funding_led",
                "betweenness", "eigenvector", "core", "clustering", "cluster")
#: One type per attribute: GEXF and GraphML declare it once for every node.
_FIELD_TYPES = {"sector": str, "funding": float, "funding_led": float, "betweenness": float,
                "eigenvector": float, "clustering": float}


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (a name read from RDF may have them),
    so GEXF and GraphML files are always well-formed.

    >>> xml_safe("Alpha\x01 Council")
    'Alpha Council'
    """
    return _NOT_XML.sub("", text)


def network_for_export(analysis) -> nx.Graph:
    """The co-partnership graph as plain attributes: ``label``, sector, every measure and the
    cluster on nodes (numbers as numbers, unknown ones left out), ``weight`` = shared bids on
    edges. Nodes and edges in sorted order, so the same graph gives the same file."""
    source = analysis.graph
    graph = nx.Graph()
    for node in sorted(source):
        measures = analysis.measures[node]
        attributes = {"label": xml_safe(measures["name"])}
        for key in _NODE_FIELDS:
            value = measures.get(key)
            if value is not None:
                value = _FIELD_TYPES.get(key, int)(value)
                attributes[key] = xml_safe(value) if isinstance(value, str) else value
        graph.add_node(node, **attributes)
    for a, b, weight in sorted((min(a, b), max(a, b), w)
                               for a, b, w in source.edges(data="weight")):
        graph.add_edge(a, b, weight=weight)
    return graph


def write_network(analysis, format: str, output: Path) -> list[Path]:
    """Write the network as GEXF or GraphML (one file), or as CSV node and edge lists with
    Gephi's column names (``output`` is then a folder: nodes.csv and edges.csv)."""
    graph = network_for_export(analysis)
    if format == "gexf":
        # without the day's date networkx stamps in (optional in GEXF): same graph, same bytes
        text = "\n".join(nx.generate_gexf(graph))
        write_text(output, re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1) + "\n")
        return [output]
    if format == "graphml":
        with atomic_path(output) as temporary:
            nx.write_graphml(graph, temporary)
        return [output]
    if format != "csv":
        raise ValueError(f"unknown network format {format!r}; known: {', '.join(NETWORK_FORMATS)}")
    output.mkdir(parents=True, exist_ok=True)
    nodes, edges = output / "nodes.csv", output / "edges.csv"
    with atomic_path(nodes) as temporary, open(temporary, "w", newline="",
                                                encoding="utf-8") as handle:
        writer = csv_writer(handle)
        writer.writerow(["Id", "Label", *_NODE_FIELDS])
        for node, data in graph.nodes(data=True):
            writer.writerow([node, data["label"], *(data.get(k, "") for k in _NODE_FIELDS)])
    with atomic_path(edges) as temporary, open(temporary, "w", newline="",
                                                encoding="utf-8") as handle:
        writer = csv_writer(handle)
        writer.writerow(["Source", "Target", "Type", "Weight"])
        for a, b, weight in graph.edges(data="weight"):
            writer.writerow([a, b, "Undirected", weight])
    return [nodes, edges]
