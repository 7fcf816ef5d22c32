import csv
import json

import networkx as nx
import pytest
from partnerkg import KnowledgeGraph
from partnerkg.exports.writers import export_rdf, serialise
from partnerkg.network.analysis import Analysis
from partnerkg.network.projection import memberships
from rdflib import Graph
from rdflib.compare import isomorphic


def test_nt_is_sorted_and_identical_across_builds(data_dir):
    texts = []
    for _ in range(2):
        kg = KnowledgeGraph()
        kg.load([data_dir / "long.csv"])
        texts.append(serialise(kg.to_memory(), "nt"))
    assert texts[0] == texts[1]
    lines = texts[0].splitlines()
    assert lines == sorted(lines)


def test_every_format_round_trips(long_kg):
    original = long_kg.to_memory()
    for name, parser in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        text = serialise(original, name)
        assert isomorphic(Graph().parse(data=text, format=parser), original), name


def plain_strings(graph: Graph) -> Graph:
    """The graph with ``"x"^^xsd:string`` written ``"x"`` (one term in RDF 1.1)."""
    from rdflib import XSD, Literal

    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        out.add((s, p, o))
    return out


@pytest.mark.parametrize("format, parser", [("nt", "nt"), ("ttl", "turtle"),
                                            ("jsonld", "json-ld")])
def test_the_store_export_holds_the_store_data_in_its_own_forms(long_kg, format, parser):
    import io

    held = plain_strings(long_kg.graph)  # through rdflib's view of the store, not its dump
    out = io.BytesIO()
    export_rdf(long_kg, format, out)
    read = plain_strings(Graph().parse(data=out.getvalue().decode("utf-8"), format=parser))
    assert isomorphic(read, held)
    # decimals as the store writes them (what push, serve and query results give)
    amounts = {str(o) for _, p, o in read if str(p).endswith("amountAwarded")}
    assert amounts and not any(a.endswith(".0") for a in amounts)  # long.csv: whole pounds
    assert amounts == {str(o) for _, p, o in held if str(p).endswith("amountAwarded")}
    again = io.BytesIO()
    export_rdf(long_kg, format, again)
    assert again.getvalue() == out.getvalue()  # the same graph gives the same bytes


def test_jsonld_has_a_context(long_kg):
    document = json.loads(serialise(long_kg.to_memory(), "jsonld"))
    assert document["@context"]["org"] == "http://www.w3.org/ns/org#"


def shared_bid_counts(rows) -> dict[tuple[str, str], int]:
    """Shared bids per pair, counted pair by pair (independently of the sparse projection)."""
    members: dict[str, set[str]] = {}
    for row in rows:
        members.setdefault(row["bid"], set()).add(row["org"])
    counts: dict[tuple[str, str], int] = {}
    for orgs in members.values():
        for a in orgs:
            for b in orgs:
                if a < b:
                    counts[(a, b)] = counts.get((a, b), 0) + 1
    return counts


@pytest.mark.parametrize("format, read", [("gexf", nx.read_gexf), ("graphml", nx.read_graphml)])
def test_network_files_read_back_with_their_attributes(run, tmp_path, bundled_kg, format, read):
    path = tmp_path / f"tca.{format}"
    assert run("export", "--format", format, "-o", path).exit_code == 0
    graph = read(path)
    analysis = Analysis.of(bundled_kg)
    # 109 distinct organisation names in data/tca_bids.csv, each one register body
    assert graph.number_of_nodes() == 109 == len(analysis.measures)
    # short ids, n0, n1 ..., in the order of the organisations' IRIs, each IRI an attribute
    iri = {node: data["iri"] for node, data in graph.nodes(data=True)}
    assert list(iri) == [f"n{i}" for i in range(109)]
    assert list(iri.values()) == sorted(analysis.measures)
    for node, data in graph.nodes(data=True):
        expected = analysis.measures[iri[node]]
        assert data["label"] == expected["name"]
        assert data["sector"] == expected["sector"]
        assert int(data["degree"]) == expected["degree"]
        assert float(data["betweenness"]) == pytest.approx(expected["betweenness"])
        if expected.get("cluster") is not None:
            assert int(data["cluster"]) == expected["cluster"]
    weights = {tuple(sorted((iri[a], iri[b]))): int(w) for a, b, w in graph.edges(data="weight")}
    assert weights == shared_bid_counts(memberships(bundled_kg))
    again = tmp_path / f"again.{format}"
    run("export", "--format", format, "-o", again)
    assert again.read_bytes() == path.read_bytes()


def test_csv_node_and_edge_lists_use_gephi_columns(run, tmp_path, bundled_kg):
    assert run("export", "--format", "csv", "-o", tmp_path / "net").exit_code == 0
    with open(tmp_path / "net" / "nodes.csv", newline="") as handle:
        nodes = list(csv.DictReader(handle))
    with open(tmp_path / "net" / "edges.csv", newline="") as handle:
        edges = list(csv.DictReader(handle))
    assert [n["Id"] for n in nodes] == sorted({r["org"] for r in memberships(bundled_kg)})
    assert {(e["Source"], e["Target"]): int(e["Weight"]) for e in edges} == \
        shared_bid_counts(memberships(bundled_kg))
    assert {e["Type"] for e in edges} == {"Undirected"}


def test_a_network_file_can_go_to_standard_output(run, tmp_path):
    path = tmp_path / "tca.gexf"
    assert run("export", "-o", path).exit_code == 0
    for given in (("--format", "gexf"), ("--format", "gexf", "-o", "-")):
        result = run("export", *given)
        assert result.exit_code == 0
        assert result.stdout == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name, format, root", [("tca.gexf", "gexf", "gexf"),
                                                ("tca.graphml", "graphml", "graphml"),
                                                ("tca.GEXF", "gexf", "gexf")])
def test_the_format_is_taken_from_the_extension(run, tmp_path, name, format, root):
    import xml.etree.ElementTree as ET

    path = tmp_path / name
    assert run("export", "-o", path).exit_code == 0
    assert ET.parse(path).getroot().tag.endswith(root)
    assert run("export", "--format", format, "-o", tmp_path / "again").exit_code == 0
    assert (tmp_path / "again").read_bytes() == path.read_bytes()


@pytest.mark.parametrize("suffix, parser", [("nt", "nt"), ("ttl", "turtle"),
                                            ("jsonld", "json-ld")])
def test_rdf_formats_are_taken_from_the_extension(run, tmp_path, bundled_kg, suffix, parser):
    path = tmp_path / f"tca.{suffix}"
    assert run("export", "-o", path).exit_code == 0
    read = plain_strings(Graph().parse(path, format=parser))
    assert isomorphic(read, plain_strings(bundled_kg.graph))


@pytest.mark.parametrize("args, says", [
    (("--format", "ttl", "-o", "x.gexf"), "names a gexf file, but --format says ttl"),
    (("-o", "net.csv"), "give -o a folder name, e.g. -o net"),
    (("--format", "csv", "-o", "net.csv"), "give -o a folder name"),
    (("--format", "csv"), "not standard output"),
    (("--format", "csv", "-o", "-"), "not standard output"),
    (("-o", "graph.xml"), "cannot tell which format"),
    (("-o", "graph"), "cannot tell which format"),
    # RDF into a file named .csv: never written
    (("--format", "nt", "-o", "net.csv"), "names a CSV file, but --format nt writes NT"),
    (("--format", "jsonld", "-o", "z.csv"), "names a CSV file, but --format jsonld"),
])
def test_formats_that_cannot_be_told_or_disagree_are_usage_errors(run, tmp_path, monkeypatch,
                                                                   args, says):
    monkeypatch.chdir(tmp_path)
    result = run("export", *args)
    assert result.exit_code == 2 and says in result.output
    assert "Traceback" not in result.output
    assert not any(tmp_path.iterdir())  # nothing written


def test_an_existing_folder_gets_the_csv_lists(run, tmp_path):
    (tmp_path / "net").mkdir()
    assert run("export", "-o", tmp_path / "net").exit_code == 0
    assert sorted(p.name for p in (tmp_path / "net").iterdir()) == ["edges.csv", "nodes.csv"]
    result = run("export", "--format", "ttl", "-o", tmp_path / "net")
    assert result.exit_code == 2 and "is a folder" in result.output


def test_network_files_are_well_formed_xml_whatever_the_names(run, tmp_path, data_dir):
    import xml.etree.ElementTree as ET

    plain = tmp_path / "plain"
    assert run("load", data_dir / "long.csv", "--store", plain).exit_code == 0
    triples = tmp_path / "graph.nt"
    assert run("export", "--store", plain, "--format", "nt", "-o", triples).exit_code == 0
    text = triples.read_text(encoding="utf-8")
    assert '"Alpha Council"' in text
    # the loaders refuse control characters; a store written from Python may still hold them
    odd = tmp_path / "odd"
    from partnerkg import KnowledgeGraph

    with KnowledgeGraph(odd) as kg:
        kg.add_n_triples(text.replace('"Alpha Council"', '"Alpha\\u0001 Council"'),
                         text.count("\n"))
    for fmt in ("gexf", "graphml"):
        out = tmp_path / f"net.{fmt}"
        assert run("export", "--store", odd, "--format", fmt, "-o", out).exit_code == 0
        root = ET.parse(out).getroot()  # raises if not well-formed
        labels = [e.text for e in root.iter() if e.text and "Alpha" in e.text] + [
            v for e in root.iter() for v in e.attrib.values() if "Alpha" in v]
        assert "Alpha Council" in labels


@pytest.mark.parametrize("format, parser", [("nt", "nt"), ("ttl", "turtle"),
                                            ("jsonld", "json-ld")])
def test_an_export_to_standard_output_holds_the_graph(run, bundled_kg, format, parser):
    result = run("export", "--format", format)
    assert result.exit_code == 0, result.output
    read = plain_strings(Graph().parse(data=result.output, format=parser))
    assert isomorphic(read, plain_strings(bundled_kg.graph))


def test_every_organisation_has_a_cluster_in_the_network_exports(run, tmp_path):
    # two bodies that bid together, and one that bid alone: a cluster of its own
    data = tmp_path / "alone.csv"
    data.write_text("bid,programme,organisation,role\nb1,F,Alpha Council,lead\n"
                    "b1,F,Beta Police,partner\nb2,F,Gamma Trust,lead\n", encoding="utf-8")
    assert run("load", data, "--store", tmp_path / "store").exit_code == 0
    assert run("export", "--format", "csv", "-o", tmp_path / "net", "--store",
               tmp_path / "store").exit_code == 0
    with open(tmp_path / "net" / "nodes.csv", newline="", encoding="utf-8") as handle:
        clusters = {row["Label"]: row["cluster"] for row in csv.DictReader(handle)}
    assert clusters["Alpha Council"] == clusters["Beta Police"] == "1"
    assert clusters["Gamma Trust"] == "2"  # numbered after the clusters of two or more
    for format, read in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        path = tmp_path / f"net.{format}"
        assert run("export", "--format", format, "-o", path, "--store",
                   tmp_path / "store").exit_code == 0
        assert all(str(d.get("cluster", "")) != "" for _, d in read(path).nodes(data=True))


@pytest.mark.parametrize("kind", ["symlink", "fifo", "folder"])
def test_an_output_that_is_not_a_regular_file_is_refused_and_kept(run, tmp_path, kind):
    import os

    target = tmp_path / "out.nt"
    kept = tmp_path / "kept.nt"
    kept.write_text("keep\n", encoding="utf-8")
    if kind == "symlink":
        target.symlink_to(kept)
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    result = run("export", "--format", "nt", "-o", target)
    assert result.exit_code in (1, 2) and "Traceback" not in result.output
    assert "not a regular file" in result.output or "is a folder" in result.output
    assert kept.read_text(encoding="utf-8") == "keep\n"
    assert (target.is_symlink() if kind == "symlink" else
            not target.is_file() and target.exists())


def test_the_sorted_export_is_the_same_with_or_without_the_systems_sort(tmp_path, tca_store):
    """The N-Triples export sorts with the system's ``sort`` (bounded memory) where there is
    one, else in memory: the same bytes either way, in Python's own bytewise order."""
    import os
    import subprocess
    import sys

    def export(path_variable: str) -> bytes:
        out = tmp_path / f"{len(path_variable)}.nt"
        subprocess.run([sys.executable, "-m", "partnerkg", "-q", "export", "--format", "nt",
                        "-o", str(out), "--store", str(tca_store)], check=True,
                       env={**os.environ, "PATH": path_variable})
        return out.read_bytes()

    with_sort = export(os.environ["PATH"])
    no_sort = tmp_path / "bin"  # a PATH with no sort on it
    no_sort.mkdir()
    without = export(str(no_sort))
    assert with_sort == without
    lines = with_sort.split(b"\n")
    assert lines[-1] == b"" and lines[:-1] == sorted(lines[:-1]) and len(lines) > 4000
