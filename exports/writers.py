"""Writing the graph in RDF formats, and its network in Gephi's, deterministically."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import networkx as nx
import numpy as np
from rdflib import Graph

from ..core.files import atomic_folder, atomic_path, temporary_folder
from ..core.progress import status, track
from ..core.tables import csv_fields, csv_writer

__all__ = ["EXPORT_FORMATS", "EXPORT_SUFFIXES", "NETWORK_FORMATS", "export_format", "serialise",
           "export_rdf", "network_for_export", "xml_safe", "write_network"]

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


#: The memory GNU sort may use before it sorts in runs on disk.
_SORT_MEMORY = "256M"


def _sorted_file(kg, folder: Path, output: Path | None = None) -> Path:
    """The store's data (its default graph) as N-Triples lines sorted bytewise, in a file in
    ``folder``: the same graph gives the same bytes. Dumped by Oxigraph to a file and sorted by
    the system's ``sort`` in byte order (``LC_ALL=C``) with bounded memory, runs spilling to
    ``folder``, so memory stays the same whatever the graph's size; where there is no
    ``sort``, sorted in memory. The store holds no triple twice, so none is dropped.
    ResourceError, before anything is written, when ``folder``'s disk (with ``output``'s, the
    file to be written, if given) has too little room."""
    import os
    import shutil
    import subprocess

    import pyoxigraph as ox

    from ..core import resources
    from ..core.errors import StoreError

    triples = kg.triple_count()
    resources.check(resources.estimate("export-rdf", triples=triples, output=output,
                                       temporary=folder),
                    f"exporting {triples:,} triples")
    dumped, ordered = folder / "dumped.nt", folder / "sorted.nt"
    with status("Reading the graph from the store"):
        kg.oxigraph.dump(str(dumped), format=ox.RdfFormat.N_TRIPLES,
                         from_graph=ox.DefaultGraph())
    sort = shutil.which("sort")
    with status(f"Sorting {triples:,} triples"):
        if sort is None:
            lines = sorted(line for line in dumped.read_bytes().split(b"\n") if line)
            ordered.write_bytes(b"".join(line + b"\n" for line in lines))
        else:
            process = subprocess.Popen(
                [sort, "-S", _SORT_MEMORY, "-T", str(folder), "-o", str(ordered), str(dumped)],
                env={**os.environ, "LC_ALL": "C"}, stderr=subprocess.PIPE)
            try:
                _, said = process.communicate()
            finally:
                if process.poll() is None:  # stopped here (a signal): stop the sort too
                    process.kill()
                    process.wait()
            if process.returncode != 0:
                raise StoreError("the export could not sort the graph: "
                                 + said.decode("utf-8", "replace").strip())
    dumped.unlink()
    return ordered


def export_rdf(kg, format: str, out, *, output: Path | None = None) -> None:
    """Write the store's data to the binary file ``out`` as sorted N-Triples, Turtle (prefixed
    names, grouped by subject) or JSON-LD (with a context of the usual prefixes).

    Straight from Oxigraph, in the store's own lexical forms (what ``push``, ``serve`` and the
    query results give): a national graph of five million triples is written without an
    rdflib copy of it, and without holding it in memory. Triples go out in sorted order (see
    ``_sorted_file``), so the same graph gives the same bytes; Turtle and JSON-LD are made
    from the sorted N-Triples, streamed. ``output``: the file ``out`` writes to, if any (its
    disk's room is checked with the temporary folder's before anything is written).
    """
    import shutil

    import pyoxigraph as ox

    if format not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {format!r}; known: {', '.join(EXPORT_FORMATS)}")
    # no spinner while the graph itself goes to the terminal
    writing = contextlib.nullcontext() if getattr(out, "isatty", lambda: False)() else \
        status(f"Writing {dict(nt='N-Triples', ttl='Turtle', jsonld='JSON-LD')[format]}")
    with temporary_folder("partnerkg-export-") as folder:
        sorted_nt = _sorted_file(kg, folder, output)
        with writing:
            if format == "nt":
                with open(sorted_nt, "rb") as handle:
                    shutil.copyfileobj(handle, out, 1 << 20)
                return
            triples = (quad.triple for quad in ox.parse(path=str(sorted_nt),
                                                         format=ox.RdfFormat.N_TRIPLES))
            if format == "ttl":
                ox.serialize(triples, out, format=ox.RdfFormat.TURTLE,
                             prefixes=_TURTLE_PREFIXES)
                return
            # JSON-LD: the expanded nodes Oxigraph writes, under a context naming the prefixes
            out.write(b'{\n  "@context": ' + json.dumps(_JSONLD_CONTEXT, sort_keys=True).encode()
                      + b',\n  "@graph": ')
            ox.serialize(triples, out, format=ox.RdfFormat.JSON_LD)
            out.write(b"\n}\n")


#: File extension -> the export format it names.
EXPORT_SUFFIXES = {".ttl": "ttl", ".nt": "nt", ".jsonld": "jsonld", ".gexf": "gexf",
                   ".graphml": "graphml"}


def export_format(output: str | Path | None, format: str | None) -> str:
    """The format to export to ``output`` (None or "-": standard output): ``format`` if given,
    else the one its extension names; Turtle on standard output. CSV is a folder (nodes.csv and
    edges.csv): an existing folder with no ``format`` means csv. OptionError where the two
    disagree, or where neither says.

    >>> export_format("net.gexf", None), export_format(None, None), export_format("-", "nt")
    ('gexf', 'ttl', 'nt')
    """
    from ..core.errors import OptionError

    known = ", ".join(EXPORT_SUFFIXES)
    if output is None or str(output) == "-":
        if format == "csv":
            raise OptionError("--format csv writes two files (nodes.csv and edges.csv): give "
                              "-o a folder, not standard output")
        return format or "ttl"
    output = Path(output)
    named = EXPORT_SUFFIXES.get(output.suffix.lower())
    if output.suffix.lower() == ".csv" and format in (None, "csv"):
        raise OptionError(f"--format csv writes a folder holding nodes.csv and edges.csv: give -o "
                          f"a folder name, e.g. -o {output.with_suffix('')}")
    if named and format and named != format:
        raise OptionError(f"-o {output} names a {named} file, but --format says {format}")
    if output.suffix.lower() in (".csv", ".tsv") and format:
        raise OptionError(f"-o {output} names a CSV file, but --format {format} writes "
                          f"{format.upper()}: give a name ending .{format}, or -o a folder with "
                          "--format csv")
    if output.is_dir():
        if (format or "csv") != "csv":
            raise OptionError(f"-o {output} is a folder: only --format csv writes one")
        return "csv"
    if named or format:
        return named or format
    raise OptionError(f"cannot tell which format to write {output} in from its name: give "
                      f"--format, or a file name ending in one of {known} (or a folder for csv)")


#: Network formats: the co-partnership graph with measures and clusters (Gephi opens all three).
NETWORK_FORMATS = ("gexf", "graphml", "csv")
_NODE_FIELDS = ("sector", "degree", "strength", "bids", "led", "funding", "funding_led",
                "betweenness", "eigenvector", "core", "clustering", "cluster")
#: What GEXF and GraphML also give each node: its IRI (their node ids are short, see ``_ids``).
_XML_FIELDS = _NODE_FIELDS + ("iri",)
#: One type per attribute: GEXF and GraphML declare it once for every node.
_FIELD_TYPES = {"sector": str, "iri": str, "funding": float, "funding_led": float,
                "betweenness": float, "eigenvector": float, "clustering": float}


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (a name read from RDF may have them),
    so GEXF and GraphML files are always well-formed.

    >>> xml_safe("Alpha\x01 Council")
    'Alpha Council'
    """
    return _NOT_XML.sub("", text)


def _node_columns(analysis) -> tuple[list[str], dict[str, list]]:
    """Every organisation in sorted order, and a column per attribute: ``label``, sector,
    every measure and the cluster (numbers as numbers, None where unknown).

    Every organisation has a cluster: one with no partner is a cluster of its own, numbered
    after the clusters of two or more (in node order), so that Gephi can colour every node.
    """
    order, measured = analysis.measure_columns()
    columns = {"label": [xml_safe(name) for name in measured.get("name", [])]}
    for key in _NODE_FIELDS:
        kind = _FIELD_TYPES.get(key, int)
        values = measured.get(key, [None] * len(order))
        if key == "cluster":
            singles = iter(range(len(analysis.clusters) + 1,
                                 len(order) + len(analysis.clusters) + 1))
            values = [next(singles) if v is None else v for v in values]
        values = [None if v is None else kind(v) for v in values]
        columns[key] = [xml_safe(v) for v in values] if kind is str else values
    return order, columns


def _node_attributes(analysis) -> list[tuple[str, dict]]:
    """(node, attributes) of every organisation in sorted order (see ``_node_columns``;
    unknown values left out)."""
    order, columns = _node_columns(analysis)
    return [(node, {key: column[i] for key, column in columns.items() if column[i] is not None})
            for i, node in enumerate(order)]


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


def _column(values: list, before: str = "", after: str = "", text: bool = False) -> list:
    """A column of node values as XML, each between ``before`` and ``after``, as pieces for
    ``_write_lines``: text escaped (quoted as an attribute value unless ``text``), numbers as
    they are (quoted unless ``text``). A value that is unknown (None) leaves out its whole
    element, ``before`` and ``after`` too. A column holds one type (see ``_node_columns``):
    its first known value tells which."""
    kind = type(next((v for v in values if v is not None), None))
    if kind is str:
        quote = escape if text else _quoted
        distinct = {v: quote(v) for v in set(values) if v is not None}  # a sector: ten values
        values = [None if v is None else distinct[v] for v in values]
    elif not text:
        before, after = before + '"', '"' + after
    if None in values:  # each value with its element, or nothing
        return [np.array(["" if v is None else f"{before}{v!s}{after}" for v in values],
                         dtype=object)]
    # every value known: the element's text is laid in the grid once per column, not per value
    if kind is int:  # counts: each number made once
        return [before, _numbers(values), after]
    return [before, np.array(list(map(str, values)), dtype=object), after]


def _ids(order: list[str]):
    """Each node's id in GEXF and GraphML, as a quoted XML attribute value, in ``order`` (a
    numpy array): ``n`` and its place in the sorted order, its IRI being an attribute. An
    edge names its two ends by id, and a national graph has four million edges: with IRIs as
    ids the GEXF file was 890 MB, two thirds of it the IRIs repeated on every edge.

    >>> _ids(["https://w3id.org/partnerkg/id/org/a", "https://w3id.org/partnerkg/id/org/b"])
    array(['"n0"', '"n1"'], dtype=object)
    """
    return np.array([f'"n{i}"' for i in range(len(order))], dtype=object)


def _with_iris(order: list[str], columns: dict[str, list]) -> dict[str, list]:
    """The node columns with each node's IRI (``_XML_FIELDS``)."""
    return {**columns, "iri": [xml_safe(node) for node in order]}


_NEEDS_ESCAPE = re.compile("[&<>\"'\n\r\t]")


def _quoted(text: str) -> str:
    """``quoteattr(text)``, made at once where nothing needs escaping (most names and IRIs).

    >>> _quoted("Alpha Council") == quoteattr("Alpha Council"), _quoted("a & b")
    (True, '"a &amp; b"')
    """
    return quoteattr(text) if _NEEDS_ESCAPE.search(text) else f'"{text}"'


def _numbers(values, before: str = "", after: str = ""):
    """Integers as an array of their decimal strings (between ``before`` and ``after``),
    each distinct number formatted once."""
    values = np.asarray(values)
    if not len(values):
        return np.array([], dtype=object)
    if values.dtype.kind in "iu" and values.min() >= 0 and values.max() < 2 * len(values):  # small counts: a table of all
        return np.array([f"{before}{v}{after}" for v in range(int(values.max()) + 1)],
                        dtype=object)[values]
    distinct, where = np.unique(values, return_inverse=True)
    return np.array([f"{before}{v}{after}" for v in distinct.tolist()], dtype=object)[where]


def _write_lines(write, pieces: list, size: int = 100_000, description: str | None = None
                 ) -> None:
    """Write one line per row of the columns in ``pieces`` (text, or arrays of strings of one
    length), joined in order, a block of ``size`` rows at a time: the pieces of a block laid
    out in a grid by numpy and joined by one ``str.join``, not by a Python loop over the rows
    (nor by adding arrays of strings, which makes every partial line)."""
    rows = next((len(p) for p in pieces if not isinstance(p, str)), 0)
    blocks = range(0, rows, size)
    # a bar with the time left where there are many blocks (a national graph's ties)
    for start in (track(blocks, description, min_items=10) if description else blocks):
        stop = min(start + size, rows)
        grid = np.empty((stop - start, len(pieces)), dtype=object)
        for j, piece in enumerate(pieces):
            grid[:, j] = piece if isinstance(piece, str) else piece[start:stop]
        write("".join(grid.ravel().tolist()))


def _drawing(analysis, nodes, ties, order) -> dict[str, np.ndarray]:
    """Each node's position, size and colour as the XML writers put them (strings, in node
    order): laid out as the views lay out a network, coloured by cluster as they colour it,
    so that Gephi opens the file drawn (see ``network.drawing.drawing``)."""
    from ..network.drawing import drawing

    drawn = analysis.remembered("drawing", lambda: drawing(
        len(order), ties, nodes[1]["degree"], nodes[1]["cluster"]))
    text = {key: np.array([f"{v:.2f}" for v in drawn[key]], dtype=object)
            for key in ("x", "y", "size")}
    for i, channel in enumerate("rgb"):
        text[channel] = _numbers(np.array([c[i] for c in drawn["rgb"]], dtype=np.int64))
    return text


def _gexf(nodes, ties, order, drawn, write) -> None:
    """GEXF 1.2 (Gephi's own format), written as it goes; each node with its place, size and
    colour in GEXF's viz namespace."""
    write("<?xml version='1.0' encoding='utf-8'?>\n"
          '<gexf xmlns="http://www.gexf.net/1.2draft" '
          'xmlns:viz="http://www.gexf.net/1.2draft/viz" '
          'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation='
          '"http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n'
          '  <meta>\n    <creator>partnerkg</creator>\n  </meta>\n'
          '  <graph defaultedgetype="undirected" mode="static" name="">\n'
          '    <attributes mode="static" class="node">\n')
    for i, key in enumerate(_XML_FIELDS):
        write(f'      <attribute id="{i}" title="{key}" type="{_xml_type(key)}" />\n')
    write('    </attributes>\n    <nodes>\n')
    names = _ids(order)
    columns = _with_iris(order, nodes[1])
    _write_lines(write, ['      <node id=', names, ' label=', *_column(columns["label"]),
                         '>\n        <attvalues>\n',
                         *(piece for i, key in enumerate(_XML_FIELDS) for piece in _column(
                             columns[key], f'          <attvalue for="{i}" value=', ' />\n')),
                         '        </attvalues>\n        <viz:color r="', drawn["r"], '" g="',
                         drawn["g"], '" b="', drawn["b"], '" />\n        <viz:position x="',
                         drawn["x"], '" y="', drawn["y"], '" z="0.0" />\n        <viz:size value="',
                         drawn["size"], '" />\n      </node>\n'])
    write('    </nodes>\n    <edges>\n')
    a, b, weight = ties
    # each node's part of an edge line made once: then four joins per edge, not eight
    source, target = '      <edge source=' + names + ' target=', names + ' id="'
    _write_lines(write, [source[a], target[b], np.array(list(map(str, range(len(a)))),
                                                        dtype=object),
                         _numbers(weight, '" weight="', '" />\n')],
                 description=f"Writing {len(a):,} ties")
    write('    </edges>\n  </graph>\n</gexf>\n')


def _graphml(nodes, ties, order, drawn, write) -> None:
    """GraphML, written as it goes; each node with the keys Gephi draws it by (x, y, size, r,
    g, b)."""
    write("<?xml version='1.0' encoding='utf-8'?>\n"
          '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
          'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation='
          '"http://graphml.graphdrawing.org/xmlns '
          'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
          '  <key id="label" for="node" attr.name="label" attr.type="string" />\n')
    for key in _XML_FIELDS:
        write(f'  <key id="{key}" for="node" attr.name="{key}" '
              f'attr.type="{_xml_type(key)}" />\n')
    for key, kind in (("x", "float"), ("y", "float"), ("size", "float"), ("r", "int"),
                      ("g", "int"), ("b", "int")):
        write(f'  <key id="{key}" for="node" attr.name="{key}" attr.type="{kind}" />\n')
    write('  <key id="weight" for="edge" attr.name="weight" attr.type="long" />\n'
          '  <graph edgedefault="undirected">\n')
    names = _ids(order)
    columns = _with_iris(order, nodes[1])
    _write_lines(write, ['    <node id=', names, '>\n',
                         *(piece for key in ("label",) + _XML_FIELDS for piece in _column(
                             columns[key], f'      <data key="{key}">', '</data>\n', text=True)),
                         *(piece for key in ("x", "y", "size", "r", "g", "b") for piece in (
                             f'      <data key="{key}">', drawn[key], '</data>\n')),
                         '    </node>\n'])
    a, b, weight = ties
    source, target = '    <edge source=' + names + ' target=', names + '>\n'
    _write_lines(write, [source[a], target[b],
                         _numbers(weight, '      <data key="weight">', '</data>\n    </edge>\n')],
                 description=f"Writing {len(a):,} ties")
    write('  </graph>\n</graphml>\n')


#: The files of a CSV export's folder.
_CSV_FILES = ("nodes.csv", "edges.csv")


def write_network(analysis, format: str, output) -> list[Path]:
    """Write the network as GEXF or GraphML (one file, or a text stream such as standard
    output), or as CSV node and edge lists with Gephi's column names (``output`` is then a
    folder: nodes.csv and edges.csv). Returns the files written.

    Written as they go, node by node and tie by tie, from the sparse projection: a national
    graph's million ties never become a million Python objects at once. The same graph gives
    the same bytes.
    """
    if format not in NETWORK_FORMATS:
        raise ValueError(f"unknown network format {format!r}; known: {', '.join(NETWORK_FORMATS)}")
    nodes = _node_columns(analysis)
    order, ties = analysis.tie_arrays()
    if list(order) != nodes[0]:  # the columns are joined to the ties by position
        raise ValueError("the ties and the measures name different organisations")
    if format in ("gexf", "graphml"):
        write_xml = _gexf if format == "gexf" else _graphml
        if not isinstance(output, Path):  # a text stream, such as standard output
            write_xml(nodes, ties, order, _drawing(analysis, nodes, ties, order), output.write)
            return []
        with atomic_path(output) as temporary, open(temporary, "wb") as handle:
            # bytes made here, a block at a time: a national graph's file is hundreds of MB,
            # and a text file's own encoding of it took a third longer
            write_xml(nodes, ties, order, _drawing(analysis, nodes, ties, order),
                      lambda text: handle.write(text.encode("utf-8")))
        return [output]
    # both files go into a new folder put in the place of the old one at once: a reader never
    # finds this run's nodes.csv beside another run's edges.csv
    with atomic_folder(output, _CSV_FILES) as folder:
        with open(folder / _CSV_FILES[0], "w", newline="", encoding="utf-8") as handle:
            writer = csv_writer(handle)
            writer.writerow(["Id", "Label", *_NODE_FIELDS])
            columns = [nodes[1][key] for key in ("label",) + _NODE_FIELDS]
            for node, *values in zip(nodes[0], *columns):
                writer.writerow([node, *("" if v is None else v for v in values)])
        fields = np.array(csv_fields(order), dtype=object)  # each node's cell, made once
        a, b, weight = ties
        with open(folder / _CSV_FILES[1], "w", newline="", encoding="utf-8") as handle:
            handle.write("Source,Target,Type,Weight\r\n")
            _write_lines(handle.write, [(fields + ",")[a], fields[b],
                                        _numbers(weight, ",Undirected,", "\r\n")],
                         description=f"Writing {len(a):,} ties")
    nodes_file, edges_file = (output / name for name in _CSV_FILES)
    return [nodes_file, edges_file]
