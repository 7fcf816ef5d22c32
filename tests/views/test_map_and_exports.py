"""Issue 32: every council has a place in its own area, the map keeps to Britain, the clusters
view counts its organisations, and network files carry a drawing Gephi opens."""

import math
from importlib import resources

import networkx as nx
import pytest
from partnerkg.resolution.register import Register
from partnerkg.views.geo import Places, inside, project
from partnerkg.views.network import CLUSTER_PALETTE, ViewOptions, build_view

FIXED = dict(generated="2026-01-01")


def test_the_boundary_file_is_small_and_credited():
    folder = resources.files("partnerkg.data").joinpath("geo")
    assert len(folder.joinpath("lad2013.json").read_bytes()) < 1_000_000
    assert "Open Government Licence" in folder.joinpath("LICENSE-ons").read_text(encoding="utf-8")


def test_every_council_of_the_register_has_a_place_inside_its_own_area():
    register = Register.default()
    places = Places(register)
    councils = [b for b in register.bodies.values() if b.sector == "council"]
    assert len(councils) == 380
    abolished = 0
    for body in councils:
        point, how = places.place(body)
        assert point is not None, body.name
        assert inside(point, places.areas[body.id]), body.name
        # the area is the council's own 2013 district where it had one
        if body.gss in places.areas.get(body.id, ()):
            assert places.areas[body.id] == (body.gss,)
        abolished += bool(body.end)
    assert abolished > 30
    # counties are their districts; a unitary made later, its predecessors'
    assert len(places.areas["GB-LAE-SRY"]) == 11  # Surrey, without Forest Heath (Suffolk)
    assert set(places.areas["GB-LAE-DST"]) >= {"E07000049", "E07000050", "E07000052"}


def test_the_map_keeps_every_body_within_britain(bundled_kg):
    view = build_view(bundled_kg, ViewOptions(layout="geo", round_label="2015-16",
                                              size_by="funding", **FIXED))
    west, north = project(-8.7, 61)
    east, south = project(2, 49.8)
    for node in view["nodes"]:
        assert west <= node["x"] <= east, node["name"]
        # bodies with no placed partner go in rows just under the map
        assert north <= node["y"] <= south + (south - north) * 0.2, node["name"]
    assert view["map"]["areas"] and len(view["map"]["areas"]) == 380
    assert "OS data" in view["map"]["credit"]
    placed = {n["name"]: n["placed"] for n in view["nodes"]}
    assert placed["Surrey Police"] == "in its area (surrey)"
    assert placed["West Dorset District Council"] == "at the centre of its area"
    assert placed["NHS England"] == "beside its partners"


def test_the_clusters_view_counts_the_organisations_in_its_clusters(bundled_kg):
    view = build_view(bundled_kg, ViewOptions(view="clusters", **FIXED))
    assert ("95 organisations in 26 clusters and 14 with no partner, 0 ties between clusters."
            in view["summary"])
    alone = view["details"]["cluster:none"]["members"]
    assert len(alone) == 14 and len(view["members_of"]) == 109
    lancashire = view["members_of"]["Lancashire Constabulary"]
    assert "Lancashire Constabulary" in view["details"][lancashire]["members"]


def test_a_clusters_view_of_grants_with_no_partners_is_not_blank(data_dir):
    from partnerkg import KnowledgeGraph

    kg = KnowledgeGraph()
    kg.load([data_dir / "grants360.json"])  # a funder and its grantee per grant: no partners
    view = build_view(kg, ViewOptions(view="clusters", network="partnerships", **FIXED))
    assert [n["id"] for n in view["nodes"]] == ["cluster:none"]
    assert "0 organisations in 0 clusters and 2 with no partner" in view["summary"]
    # by default such data draws its funding network, and says why: one funder and its two
    # recipients (three grants: two to Riverside Youth Trust), one cluster of three
    view = build_view(kg, ViewOptions(view="clusters", **FIXED))
    assert [n["id"] for n in view["nodes"]] == ["cluster:1"]
    assert "clusters of the funding network" in view["summary"]
    assert "3 organisations in 1 cluster," in view["summary"]
    assert "partnership network has no tie" in view["notes"][0]


@pytest.mark.parametrize("format", ["gexf", "graphml"])
def test_network_files_carry_positions_sizes_and_colours(run, tmp_path, bundled_kg, format):
    path = tmp_path / f"tca.{format}"
    assert run("export", "-o", path).exit_code == 0
    graph = (nx.read_gexf if format == "gexf" else nx.read_graphml)(path)
    palette = {tuple(int(c[k:k + 2], 16) for k in (1, 3, 5)) for c in CLUSTER_PALETTE}
    places = set()
    for node, data in graph.nodes(data=True):
        if format == "gexf":
            viz = data["viz"]
            x, y, size = viz["position"]["x"], viz["position"]["y"], viz["size"]
            rgb = (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"])
        else:
            x, y, size, rgb = data["x"], data["y"], data["size"], (data["r"], data["g"],
                                                                  data["b"])
        places.add((x, y))
        assert 8 <= size <= 38 and math.isfinite(x) and math.isfinite(y)
        if int(data["cluster"]) <= len(CLUSTER_PALETTE):  # the largest clusters, coloured
            assert rgb == tuple(int(CLUSTER_PALETTE[int(data["cluster"]) - 1][k:k + 2], 16)
                                for k in (1, 3, 5))
        else:
            assert rgb not in palette
    assert len(places) == graph.number_of_nodes()  # no two nodes in one place
    # partners are drawn nearer each other than bodies with no tie
    tied = [math.dist(place(graph, a, format), place(graph, b, format)) for a, b in graph.edges]
    nodes = sorted(graph)
    every = [math.dist(place(graph, a, format), place(graph, b, format))
             for i, a in enumerate(nodes) for b in nodes[i + 1:]]
    assert sum(tied) / len(tied) < 0.25 * sum(every) / len(every)


def place(graph, node, format):
    data = graph.nodes[node]
    if format == "gexf":
        return data["viz"]["position"]["x"], data["viz"]["position"]["y"]
    return data["x"], data["y"]


def test_a_store_keeps_the_layout_of_its_network_files(run, tmp_path, tca_store, monkeypatch):
    """The layout is worked out once for the data and read back after (at a national scale
    it takes seconds): the second file, GEXF or GraphML, is drawn the same without laying
    the network out again."""
    import shutil

    from partnerkg.network import drawing

    store = tmp_path / "s"
    shutil.copytree(tca_store, store)
    first, second = tmp_path / "a.gexf", tmp_path / "b.gexf"
    assert run("export", "-o", first, "--store", store).exit_code == 0

    def laid_out_again(*args):
        raise AssertionError("the network was laid out again")
    monkeypatch.setattr(drawing, "drawing", laid_out_again)
    assert run("export", "-o", second, "--store", store).exit_code == 0, "laid out again"
    assert first.read_bytes() == second.read_bytes()
    graphml = tmp_path / "c.graphml"
    assert run("export", "-o", graphml, "--store", store).exit_code == 0
    a, c = nx.read_gexf(first), nx.read_graphml(graphml)
    assert {n: (d["viz"]["position"]["x"], d["viz"]["position"]["y"])
            for n, d in a.nodes(data=True)} == {n: (d["x"], d["y"]) for n, d in c.nodes(data=True)}
