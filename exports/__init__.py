"""Exports: the graph and its network as files for other tools.

Takes a store and its ``network`` analysis; hands on RDF serialisations (Turtle, N-Triples,
JSON-LD, RDF/XML) and the co-partnership network for Gephi (GEXF, GraphML, CSV node and edge
lists).
"""

from .writers import EXPORT_FORMATS, NETWORK_FORMATS, serialise, write_network

__all__ = ["EXPORT_FORMATS", "NETWORK_FORMATS", "serialise", "write_network"]
