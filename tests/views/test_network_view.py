import json
from pathlib import Path as _Path
import re

import pytest
from partnerkg import KnowledgeGraph
from partnerkg.views.network import SECTOR_COLOURS, ViewOptions, build_view, network_page

REMOTE = re.compile(r'<(script|link|img|iframe)[^>]+(src|href)\s*=\s*["\']?\s*(https?:)?//', re.I)
FIXED = dict(generated="2026-01-01")


def kg_of(tmp_path, csv_text: str) -> KnowledgeGraph:
    """An in-memory graph of the CSV ``csv_text``."""
    path = tmp_path / "data.csv"
    path.write_text(csv_text, encoding="utf-8")
    kg = KnowledgeGraph()
    kg.load([path])
    return kg


def page_data(page: str) -> dict:
    match = re.search(r"var data = (\{.*?\});\n", page)
    return json.loads(match.group(1))


def test_page_loads_nothing_from_the_web(long_kg):
    page = network_page(long_kg, ViewOptions(**FIXED))
    assert not REMOTE.search(page)
    assert "vis.Network" in page and "<script src" not in page


def test_partners_view(long_kg):
    view = build_view(long_kg, ViewOptions(**FIXED))
    assert len(view["nodes"]) == 5 and len(view["edges"]) == 6  # by hand: 6 co-partner ties
    beta = next(n for n in view["nodes"] if n["name"] == "Beta Police")
    assert beta["colors"]["sector"] == SECTOR_COLOURS["police"]
    assert beta["size"] == max(n["size"] for n in view["nodes"])  # most partners
    assert "Distinct partners: 4" in beta["title"]
    assert {item["label"] for item in view["legend"]["sector"]} == {
        "council", "police", "health", "voluntary and community"}
    assert "Filters: none. 5 organisations, 6 edges." in view["summary"]  # no "0 bids"
    assert view["details"][beta["id"]]["partners"][0] == "Alpha Council (2)"


def test_bipartite_and_clusters_views(long_kg):
    bipartite = build_view(long_kg, ViewOptions(view="bipartite", **FIXED))
    assert sum(n["kind"] == "bid" for n in bipartite["nodes"]) == 3
    assert len(bipartite["edges"]) == 8
    clusters = build_view(long_kg, ViewOptions(view="clusters", **FIXED))
    members = sorted(m for n in clusters["nodes"] for m in clusters["details"][n["id"]]["members"])
    assert members == sorted(["Alpha Council", "Beta Police", "Gamma Health Trust",
                              "Delta Voluntary Services", "Epsilon District Council"])


def test_filters_and_ego(long_kg):
    ego = build_view(long_kg, ViewOptions(ego="Delta Voluntary Services", **FIXED))
    assert sorted(n["name"] for n in ego["nodes"]) == ["Beta Police", "Delta Voluntary Services"]
    wider = build_view(long_kg, ViewOptions(ego="Delta Voluntary Services", depth=2, **FIXED))
    assert len(wider["nodes"]) == 5
    assert [n["name"] for n in build_view(long_kg, ViewOptions(min_degree=3, **FIXED))["nodes"]
            ] == ["Alpha Council", "Beta Police"]
    one_round = build_view(long_kg, ViewOptions(round_label="2021-22", **FIXED))
    assert len(one_round["nodes"]) == 3
    assert "round 2021-22" in one_round["summary"]


def test_max_nodes_keeps_the_top_and_says_so(long_kg):
    view = build_view(long_kg, ViewOptions(max_nodes=2, **FIXED))
    orgs = [n["name"] for n in view["nodes"] if n["kind"] == "organisation"]
    assert sorted(orgs) == ["Alpha Council", "Beta Police"]
    assert "Showing the top 2 of 5 organisations by degree" in view["notes"][0]
    assert any(n["kind"] == "cluster" for n in view["nodes"])


def test_geo_layout_places_councils_by_coordinates(tmp_path):
    kg = kg_of(tmp_path, "bid,programme,organisation,role\ng1,F,Cornwall Council,lead\n"
                         "g1,F,Northumberland County Council,partner\n")
    nodes = {n["name"]: n for n in build_view(kg, ViewOptions(layout="geo", **FIXED))["nodes"]}
    cornwall, northumberland = nodes["Cornwall Council"], nodes["Northumberland County Council"]
    assert cornwall["y"] > northumberland["y"]  # south is down the page
    assert cornwall["x"] < northumberland["x"]  # west is left


def test_layout_is_deterministic(long_kg):
    assert network_page(long_kg, ViewOptions(**FIXED)) == network_page(long_kg,
                                                                      ViewOptions(**FIXED))


@pytest.fixture
def hostile_kg(data_dir):
    kg = KnowledgeGraph()
    kg.load([data_dir / "hostile.csv"])
    return kg


def test_hostile_names_are_escaped(hostile_kg):
    page = network_page(hostile_kg, ViewOptions(title="<b>title</b>", **FIXED))
    assert "<img src=x" not in page
    assert "</script><script>alert(1)" not in page
    assert "<b>Trust</b>" not in page
    assert "&lt;b&gt;title&lt;/b&gt;" in page
    names = {n.get("name") for n in page_data(page)["nodes"]}
    assert "</script><script>alert(1)</script>" in names


def test_geo_layout_puts_each_council_at_its_register_coordinates(tmp_path):
    import csv as _csv
    import math

    import partnerkg

    councils = {"Durham County Council": "GB-LAE-DUR", "Surrey County Council": "GB-LAE-SRY",
                "Cornwall Council": "GB-LAE-CON", "Kent County Council": "GB-LAE-KEN"}
    path = tmp_path / "geo.csv"
    path.write_text("bid,programme,organisation,role\n" + "".join(
        f"b{i},F,{name},lead\n" for i, name in enumerate(councils)), encoding="utf-8")
    kg = KnowledgeGraph(tmp_path / "store")
    kg.load([path])
    table = _Path(partnerkg.__file__).resolve().parent / "data" / "register" / "councils.csv"
    with open(table, encoding="utf-8") as handle:
        where = {r["id"]: (float(r["lat"]), float(r["long"])) for r in _csv.DictReader(handle)
                 if r["lat"]}
    nodes = {n["name"]: n for n in build_view(kg, ViewOptions(layout="geo", **FIXED))["nodes"]}
    for name, ident in councils.items():
        lat, long = where[ident]
        assert (nodes[name]["x"], nodes[name]["y"]) == (
            round(long * math.cos(math.radians(54)) * 400, 2), round(-lat * 400, 2)), name
    assert nodes["Durham County Council"]["y"] < nodes["Surrey County Council"]["y"]  # north up
    assert nodes["Cornwall Council"]["x"] < nodes["Kent County Council"]["x"]  # west left


def test_side_panels_list_the_strongest_ties_first_and_say_how_many_more(bundled_kg, monkeypatch):
    from partnerkg.network.projection import memberships
    from partnerkg.views import network

    monkeypatch.setattr(network, "PANEL_LIMIT", 3)
    view = build_view(bundled_kg, ViewOptions())
    # worked out from the memberships alone: bids shared with each partner
    rows = memberships(bundled_kg)
    bids_of, name = {}, {}
    for r in rows:
        bids_of.setdefault(r["org"], set()).add(r["bid"])
        name[r["org"]] = r["name"]
    checked = 0
    for node in view["details"]:
        if node not in bids_of:
            continue
        shared = {p: len(bids_of[node] & b) for p, b in bids_of.items() if p != node}
        ranked = sorted((p for p, n in shared.items() if n), key=lambda p: (-shared[p], name[p]))
        listed = view["details"][node]["partners"]
        assert listed[:3] == [f"{name[p]} ({shared[p]})" for p in ranked[:3]]
        if len(ranked) > 3:
            assert listed[3] == f"and {len(ranked) - 3:,} more (partnerkg report org)"
            checked += 1
    assert checked > 10


def test_edges_and_bids_beyond_the_limits_are_left_out_and_said(bundled_kg, tmp_path):
    full = build_view(bundled_kg, ViewOptions())
    ties = [e for e in full["edges"] if not e.get("dashes")]
    cut = build_view(bundled_kg, ViewOptions(max_edges=10))
    kept = [e for e in cut["edges"] if not e.get("dashes")]
    assert len(ties) > 10 and len(kept) == 10
    weight = {(e["from"], e["to"]): int(e["title"].split()[0]) for e in ties}
    strongest = sorted(weight.values(), reverse=True)[:10]
    assert sorted((weight[(e["from"], e["to"])] for e in kept), reverse=True) == strongest
    assert any("strongest of" in note for note in cut["notes"])
    # a body in 30 bids, each with a partner of its own, and one partner in 3 of them
    lines = ["bid,programme,organisation,role"] + [
        f"b{i},Test Fund,{name},{role}" for i in range(30)
        for name, role in (("Hub Council", "lead"), (f"Partner Trust {i:02d}", "partner"))]
    lines += [f"b{i},Test Fund,Shared Police,partner" for i in (3, 7, 11)]
    data = tmp_path / "hub.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    kg = KnowledgeGraph()
    kg.load([data])
    bids = build_view(kg, ViewOptions(view="bipartite", max_nodes=5))
    shown = [n["id"].rsplit("/", 1)[-1] for n in bids["nodes"] if n["kind"] == "bid"]
    assert len(shown) == 5 and any("bids with most members" in note for note in bids["notes"])
    # the three bids with three drawn members (hub, police, partner) are among them
    assert {"b3", "b7", "b11"} <= set(shown)


def test_geo_layout_puts_other_bodies_between_their_placed_partners(tmp_path):
    kg = kg_of(tmp_path, "bid,programme,organisation,role\ng1,F,Cornwall Council,lead\n"
                         "g1,F,Northumberland County Council,partner\n"
                         "g1,F,Kernow Bridge Trust,partner\n"
                         "g2,F,Lonely Trust,lead\ng2,F,Other Lonely Trust,partner\n")
    nodes = {n["name"]: n for n in build_view(kg, ViewOptions(layout="geo", **FIXED))["nodes"]}
    a, b = nodes["Cornwall Council"], nodes["Northumberland County Council"]
    trust = nodes["Kernow Bridge Trust"]
    span = max(abs(a["x"]), abs(a["y"]), abs(b["x"]), abs(b["y"]))
    middle = ((a["x"] + b["x"]) / 2, (a["y"] + b["y"]) / 2)
    assert abs(trust["x"] - middle[0]) < 0.1 * span and abs(trust["y"] - middle[1]) < 0.1 * span
    # bodies with no placed partner go in a row below everything placed
    assert nodes["Lonely Trust"]["y"] > max(a["y"], b["y"], trust["y"])


def test_two_bids_with_one_label_are_two_lines_of_the_side_panel(tmp_path):
    # the bids differ only by key: same programme (so same label), role and amount
    kg = kg_of(tmp_path, "bid,programme,round,organisation,role,amount\n"
                         "t1,Twin Fund,R1,Alpha Council,lead,100\n"
                         "t1,Twin Fund,R1,Beta Police,partner,\n"
                         "t2,Twin Fund,R1,Alpha Council,lead,100\n"
                         "t2,Twin Fund,R1,Gamma Trust,partner,\n")
    view = build_view(kg, ViewOptions(**FIXED))
    alpha = next(d for d in view["details"].values() if d["name"] == "Alpha Council")
    assert len(alpha["bids"]) == 2
    assert alpha["bids"][0] == alpha["bids"][1]  # two bids, told apart by what they share


def test_the_bipartite_summary_counts_its_bids(long_kg):
    view = build_view(long_kg, ViewOptions(view="bipartite", **FIXED))
    # long.csv: 5 bodies, 3 bids, 8 memberships (an edge each)
    assert "5 organisations, 3 bids, 8 edges." in view["summary"]


def test_a_filter_that_leaves_nothing_is_refused_with_the_sectors_there_are(run, tmp_path,
                                                                             data_dir):
    store = tmp_path / "store"
    run("load", data_dir / "long.csv", "--store", store)
    out = tmp_path / "view.html"
    result = run("viz", "-o", out, "--store", store, "--sector", "education")
    assert result.exit_code == 1 and not out.exists()
    assert "no organisation is in the sector education" in result.output
    assert "sectors in the data: council, health, police, voluntary and community" in result.output


def test_side_panel_amounts_read_as_the_reports_write_them(long_kg):
    view = build_view(long_kg, ViewOptions(**FIXED))
    alpha = next(d for d in view["details"].values() if d["name"] == "Alpha Council")
    # Alpha Council took part in b1 (£1.2m) and b3 (1,200,000) and led both
    assert alpha["measures"]["funding"] == "£2,400,000"
    assert alpha["measures"]["degree"] == "3"


def test_a_view_is_written_only_to_an_html_name(run, tmp_path):
    result = run("viz", "-o", tmp_path / "net.gexf")
    assert result.exit_code == 2 and "partnerkg export -o net.gexf" in result.output
    assert not (tmp_path / "net.gexf").exists()


def test_an_empty_graph_gives_a_page_that_says_so():
    view = build_view(KnowledgeGraph(), ViewOptions(**FIXED))
    assert view["nodes"] == [] and "holds no organisation yet" in " ".join(view["notes"])


def test_nodes_can_be_sized_by_brokerage(long_kg):
    # by hand from tests/data/long.csv (see tests/reports): Beta Police 4/6, Alpha Council 1/3,
    # the other three 0
    view = build_view(long_kg, ViewOptions(size_by="brokerage", **FIXED))
    size = {n["name"]: n["size"] for n in view["nodes"]}
    assert size["Beta Police"] > size["Alpha Council"] > size["Gamma Health Trust"]
    assert size["Gamma Health Trust"] == size["Delta Voluntary Services"] == \
        size["Epsilon District Council"]
