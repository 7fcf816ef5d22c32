"""Writing the graph in RDF formats, and its network in Gephi's, deterministically."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import networkx as nx
import numpy as np
from rdflib import Graph

from ..core.files import atomic_path
from ..core.tables import csv_fields, csv_writer

__all__ = ["EXPORT_FORMATS", "NETWORK_FORMATS", "serialise", "export_rdf", "network_for_export",
           "xml_safe", "write_network"]

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


def _sorted_lines(kg) -> list[bytes]:
    """The store's data (its default graph) as N-Triples lines, sorted bytewise (the same
    graph gives the same bytes). The store holds no triple twice, so none is dropped."""
    import pyoxigraph as ox

    dumped = kg.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    lines = dumped.split(b"\n")
    del dumped  # the lines hold their own copies: at national scale, a gigabyte each
    lines.sort()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


def export_rdf(kg, format: str, out) -> None:
    """Write the store's data to the binary file ``out`` as sorted N-Triples, Turtle (prefixed
    names, grouped by subject) or JSON-LD (with a context of the usual prefixes).

    Straight from Oxigraph, in the store's own lexical forms (what ``push``, ``serve`` and the
    query results give): a national graph of five million triples is written without an
    rdflib copy of it. Triples go out in sorted order, so the same graph gives the same bytes;
    Turtle and JSON-LD are made from the sorted N-Triples, streamed through a temporary file.
    """
    import tempfile

    import pyoxigraph as ox

    if format not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {format!r}; known: {', '.join(EXPORT_FORMATS)}")
    lines = _sorted_lines(kg)
    if format == "nt":
        out.writelines(line + b"\n" for line in lines)
        return
    with tempfile.TemporaryDirectory(prefix="partnerkg-export-") as folder:
        sorted_nt = Path(folder) / "sorted.nt"
        with open(sorted_nt, "wb") as handle:
            handle.writelines(line + b"\n" for line in lines)
        del lines
        triples = (quad.triple for quad in ox.parse(path=str(sorted_nt),
                                                     format=ox.RdfFormat.N_TRIPLES))
        if format == "ttl":
            ox.serialize(triples, out, format=ox.RdfFormat.TURTLE, prefixes=_TURTLE_PREFIXES)
            return
        # JSON-LD: the expanded nodes Oxigraph writes, under a context naming the prefixes
        out.write(b'{\n  "@context": ' + json.dumps(_JSONLD_CONTEXT, sort_keys=True).encode()
                  + b',\n  "@graph": ')
        ox.serialize(triples, out, format=ox.RdfFormat.JSON_LD)
        out.write(b"\n}\n")


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


def _node_attributes(analysis) -> list[tuple[str, dict]]:
    """(node, attributes) of every organisation in sorted order: ``label``, sector, every
    measure and the cluster (numbers as numbers, unknown ones left out).

    Every organisation has a cluster: one with no partner is a cluster of its own, numbered
    after the clusters of two or more (in node order), so that Gephi can colour every node.
    """
    order = sorted(analysis.measures)
    singles = iter(range(len(analysis.clusters) + 1, len(order) + len(analysis.clusters) + 1))
    found = []
    for node in order:
        measures = analysis.measures[node]
        attributes = {"label": xml_safe(measures["name"])}
        for key in _NODE_FIELDS:
            value = measures.get(key)
            if key == "cluster" and value is None:
                value = next(singles)
            if value is not None:
                value = _FIELD_TYPES.get(key, int)(value)
                attributes[key] = xml_safe(value) if isinstance(value, str) else value
        found.append((node, attributes))
    return found


def network_for_export(analysis) -> nx.Graph:
    """The co-partnership graph as plain attributes (see ``_node_attributes``), ``weight`` =
    shared bids on edges; nodes and edges in sorted order. For use in Python: the files are
    written by streaming writers that never hold the graph (see ``write_network``)."""
    graph = nx.Graph()
    graph.add_nodes_from(_node_attributes(analysis))
    graph.add_weighted_edges_from(_ties(analysis))
    return graph


def _ties(analysis):
    """(a, b, shared bids) for every tie, a < b, in sorted order."""
    return sorted((min(a, b), max(a, b), w) for a, b, w in
                  analysis.projection.edges(data="weight"))


def _xml_type(key: str) -> str:
    """The GEXF and GraphML type of a node attribute."""
    return {str: "string", float: "double"}.get(_FIELD_TYPES.get(key, int), "long")


def _attribute(value) -> str:
    """An XML attribute value, quoted (text escaped; numbers as they are)."""
    return quoteattr(value) if isinstance(value, str) else f'"{value!r}"'


def _text(value) -> str:
    """XML element text (text escaped; numbers as they are)."""
    return escape(value) if isinstance(value, str) else repr(value)


def _by_position(text: dict, order: list[str]):
    """``text`` of each node of ``order``, as a numpy array of strings indexed by position."""
    return np.array([text[node] for node in order], dtype=object)


def _numbers(values, before: str = "", after: str = ""):
    """Integers as an array of their decimal strings (between ``before`` and ``after``),
    each distinct number formatted once."""
    values = np.asarray(values)
    if not len(values):
        return np.array([], dtype=object)
    distinct, where = np.unique(values, return_inverse=True)
    return np.array([f"{before}{v}{after}" for v in distinct.tolist()], dtype=object)[where]


def _write_lines(write, pieces: list, size: int = 100_000) -> None:
    """Write one line per row of the columns in ``pieces`` (text, or arrays of strings of one
    length), joined in order: made by numpy's element-wise joins a block at a time, not by a
    Python loop over the rows."""
    rows = next((len(p) for p in pieces if not isinstance(p, str)), 0)
    for start in range(0, rows, size):
        write(_lines_text(pieces, start, min(start + size, rows), size))


def _lines_text(pieces: list, start: int, stop: int, size: int) -> str:
    """The lines of rows ``start`` to ``stop`` of ``pieces`` (see ``_write_lines``)."""
    text = []
    for first in range(start, stop, size):
        block = None
        for piece in pieces:
            part = piece if isinstance(piece, str) else piece[first:min(first + size, stop)]
            block = part if block is None else block + part
        text.append("".join(block.tolist()))
    return "".join(text)


def _gexf(nodes, ties, order, write) -> None:
    """GEXF 1.2 (Gephi's own format), written as it goes."""
    write("<?xml version='1.0' encoding='utf-8'?>\n"
          '<gexf xmlns="http://www.gexf.net/1.2draft" '
          'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation='
          '"http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n'
          '  <meta>\n    <creator>partnerkg</creator>\n  </meta>\n'
          '  <graph defaultedgetype="undirected" mode="static" name="">\n'
          '    <attributes mode="static" class="node">\n')
    for i, key in enumerate(_NODE_FIELDS):
        write(f'      <attribute id="{i}" title="{key}" type="{_xml_type(key)}" />\n')
    write('    </attributes>\n    <nodes>\n')
    ids = {}
    for node, data in nodes:
        ids[node] = quoteattr(xml_safe(node))
        values = "".join(f'          <attvalue for="{i}" value={_attribute(data[k])} />\n'
                         for i, k in enumerate(_NODE_FIELDS) if k in data)
        write(f'      <node id={ids[node]} label={quoteattr(data["label"])}>\n'
              f'        <attvalues>\n{values}        </attvalues>\n      </node>\n')
    write('    </nodes>\n    <edges>\n')
    a, b, weight = ties
    names = _by_position(ids, order)
    # each node's part of an edge line made once: then four joins per edge, not eight
    source, target = '      <edge source=' + names + ' target=', names + ' id="'
    _write_lines(write, [source[a], target[b], np.array(list(map(str, range(len(a)))),
                                                        dtype=object),
                         _numbers(weight, '" weight="', '" />\n')])
    write('    </edges>\n  </graph>\n</gexf>\n')


def _graphml(nodes, ties, order, write) -> None:
    """GraphML, written as it goes."""
    write("<?xml version='1.0' encoding='utf-8'?>\n"
          '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
          'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation='
          '"http://graphml.graphdrawing.org/xmlns '
          'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
          '  <key id="label" for="node" attr.name="label" attr.type="string" />\n')
    for key in _NODE_FIELDS:
        write(f'  <key id="{key}" for="node" attr.name="{key}" '
              f'attr.type="{_xml_type(key)}" />\n')
    write('  <key id="weight" for="edge" attr.name="weight" attr.type="long" />\n'
          '  <graph edgedefault="undirected">\n')
    ids = {}
    for node, data in nodes:
        ids[node] = quoteattr(xml_safe(node))
        values = "".join(f'      <data key="{k}">{_text(data[k])}</data>\n'
                         for k in ("label",) + _NODE_FIELDS if k in data)
        write(f'    <node id={ids[node]}>\n{values}    </node>\n')
    a, b, weight = ties
    names = _by_position(ids, order)
    source, target = '    <edge source=' + names + ' target=', names + '>\n'
    _write_lines(write, [source[a], target[b],
                         _numbers(weight, '      <data key="weight">', '</data>\n    </edge>\n')])
    write('  </graph>\n</graphml>\n')


def write_network(analysis, format: str, output: Path) -> list[Path]:
    """Write the network as GEXF or GraphML (one file), or as CSV node and edge lists with
    Gephi's column names (``output`` is then a folder: nodes.csv and edges.csv).

    Written as they go, node by node and tie by tie, from the sparse projection: a national
    graph's million ties never become a million Python objects at once. The same graph gives
    the same bytes.
    """
    if format not in NETWORK_FORMATS:
        raise ValueError(f"unknown network format {format!r}; known: {', '.join(NETWORK_FORMATS)}")
    nodes = _node_attributes(analysis)
    order, ties = analysis.tie_arrays()  # node order is sorted order: already a < b
    if format in ("gexf", "graphml"):
        with atomic_path(output) as temporary, open(temporary, "w", encoding="utf-8",
                                                    newline="\n") as handle:
            (_gexf if format == "gexf" else _graphml)(nodes, ties, order, handle.write)
        return [output]
    output.mkdir(parents=True, exist_ok=True)
    nodes_file, edges_file = output / "nodes.csv", output / "edges.csv"
    with atomic_path(nodes_file) as temporary, open(temporary, "w", newline="",
                                                     encoding="utf-8") as handle:
        writer = csv_writer(handle)
        writer.writerow(["Id", "Label", *_NODE_FIELDS])
        for node, data in nodes:
            writer.writerow([node, data["label"], *(data.get(k, "") for k in _NODE_FIELDS)])
    fields = np.array(csv_fields(order), dtype=object)  # each node's cell, made once
    a, b, weight = ties
    with atomic_path(edges_file) as temporary, open(temporary, "w", newline="",
                                                     encoding="utf-8") as handle:
        handle.write("Source,Target,Type,Weight\r\n")
        _write_lines(handle.write, [(fields + ",")[a], fields[b],
                                    _numbers(weight, ",Undirected,", "\r\n")])
    return [nodes_file, edges_file]
