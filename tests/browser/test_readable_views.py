"""The map, the clusters view, search, filters and saving, in headless Chromium with the network
off (issue 32). What a page should show is worked out here from the data, not read from the
page's own numbers."""

import json
import math
import xml.etree.ElementTree as ET
from importlib import resources

import pytest
from partnerkg.network.projection import memberships
from partnerkg.resolution.register import Register
from partnerkg.views.network import ViewOptions, write_network_view

from .conftest import synthetic_kg

pytestmark = pytest.mark.browser
FIXED = dict(generated="2026-01-01")
ORG = "https://w3id.org/partnerkg/id/org/"


# --- the boundary data, read here on its own ---------------------------------------------------

def districts() -> dict[str, list]:
    """District GSS code -> polygons (lists of rings of (longitude, latitude))."""
    raw = json.loads(resources.files("partnerkg.data").joinpath("geo", "lad2013.json")
                     .read_text(encoding="utf-8"))
    arcs = [[(x / 1000, y / 1000) for x, y in arc] for arc in raw["arcs"]]
    found = {}
    for code, area in raw["areas"].items():
        polygons = []
        for polygon in area["polygons"]:
            rings = []
            for refs in polygon:
                ring = []
                for ref in refs:
                    points = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
                    ring += points[1:] if ring else points
                rings.append(ring)
            polygons.append(rings)
        found[code] = polygons
    return found


def crosses(x, y, ring) -> bool:
    odd = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            odd = not odd
    return odd


def in_districts(point, codes, polygons) -> bool:
    x, y = point
    return any(crosses(x, y, p[0]) and not any(crosses(x, y, h) for h in p[1:])
               for code in codes for p in polygons[code])


def own_districts(body, register, polygons) -> set[str]:
    """A council's 2013 districts: its own GSS code, else those of the councils it was made of
    (a county's districts, a later unitary's predecessors)."""
    if body.gss in polygons:
        return {body.gss}
    found = set()
    for other in register.bodies.values():
        if other.sector == "council" and (other.parent == body.id or body.id in other.successors):
            found |= own_districts(other, register, polygons)
    return found


def lon_lat(x, y):
    """The page's coordinates back to (longitude, latitude)."""
    return x / (400 * math.cos(math.radians(54))), -y / 400


# --- the map -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def map_page(browser, bundled_kg, tmp_path_factory):
    # the README's example: round 2015-16, sized by funding
    path = write_network_view(bundled_kg, tmp_path_factory.mktemp("map") / "map.html", ViewOptions(
        layout="geo", round_label="2015-16", size_by="funding", **FIXED))
    context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_function("window.partnerkgReady === true", timeout=60000)
    yield page, errors
    context.close()


def test_the_map_draws_every_district_boundary(map_page):
    page, errors = map_page
    assert errors == []
    # 380 districts of England, Wales and Scotland in the 2013 boundaries, each one path
    assert page.evaluate("partnerkgMap.drawn") == page.evaluate("partnerkgMap.areas.length") == 380
    # the SVG save draws the same layer
    svg = ET.fromstring(page.evaluate("partnerkgSvg()"))
    assert len(svg.findall(".//{http://www.w3.org/2000/svg}path")) == 380


def test_every_council_sits_inside_its_own_area(map_page):
    page, _ = map_page
    positions = page.evaluate("partnerkgNetwork.getPositions()")
    register, polygons = Register.default(), districts()
    councils = {node: register.get(node[len(ORG):]) for node in positions
                if node.startswith(ORG) and register.get(node[len(ORG):]) is not None
                and register.get(node[len(ORG):]).sector == "council"}
    assert len(councils) == 50  # the councils of the 2015-16 bids
    for node, body in councils.items():
        codes = own_districts(body, register, polygons)
        assert codes, body.name
        point = lon_lat(positions[node]["x"], positions[node]["y"])
        assert in_districts(point, codes, polygons), body.name
    names = {body.name for body in councils.values()}
    # abolished since: drawn in their own former districts
    assert {"North Dorset District Council", "West Dorset District Council",
            "South Northamptonshire Council"} <= names


def test_police_and_fire_bodies_sit_in_their_areas(map_page):
    page, _ = map_page
    positions = page.evaluate("partnerkgNetwork.getPositions()")
    register, polygons = Register.default(), districts()
    surrey = own_districts(register.get("GB-LAE-SRY"), register, polygons)
    lancashire = own_districts(register.get("GB-LAE-LAN"), register, polygons) | {
        "E06000008", "E06000009"}  # with Blackburn with Darwen and Blackpool
    for body, area in (("XI-PKG-POLICE-SURREY", surrey), ("XI-PKG-FIRE-SURREY-FIRE-AND-RESCUE-SERVICE",
                                                           surrey),
                       ("XI-PKG-POLICE-LANCASHIRE", lancashire),
                       ("XI-PKG-FIRE-LANCASHIRE-COMBINED-FIRE-AUTHORITY", lancashire)):
        where = positions[ORG + body]
        assert in_districts(lon_lat(where["x"], where["y"]), area, polygons), body
    # a body with no place of its own says how it was placed
    titles = page.evaluate("partnerkgData.nodes.filter(n => n.name === 'NHS England')"
                           ".map(n => n.title)")
    assert "On the map: beside its partners" in titles[0]


def test_the_opening_view_holds_every_drawn_node(map_page):
    page, _ = map_page
    inside = page.evaluate("""() => {
        const net = partnerkgNetwork, box = document.getElementById('network');
        const w = box.clientWidth, h = box.clientHeight, out = [];
        Object.entries(net.getPositions()).forEach(([id, p]) => {
            const d = net.canvasToDOM(p);
            if (d.x < 0 || d.y < 0 || d.x > w || d.y > h) { out.push(id); }
        });
        return [out, net.getScale()];
    }""")
    assert inside[0] == []
    assert inside[1] > 0.2  # England fills the page: no speck at scale 0.04


# --- the clusters view -------------------------------------------------------------------------

def label_boxes_overlap(boxes) -> list:
    return [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"]
            and b["top"] < a["bottom"]]


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
def test_clusters_are_labelled_nodes_whose_labels_do_not_overlap(open_page, bundled_kg, tmp_path,
                                                                 which):
    kg = bundled_kg if which == "bundled" else synthetic_kg(400, seed=5)
    path = write_network_view(kg, tmp_path / "clusters.html", ViewOptions(view="clusters",
                                                                         **FIXED))
    page, errors, _, _ = open_page(path)
    assert errors == []
    data = page.evaluate("partnerkgData")
    drawn = [n for n in data["nodes"] if n["kind"] == "cluster"]
    clusters = [n for n in drawn if not n.get("alone")]  # not the node of bodies with no partner
    boxes = page.evaluate("partnerkgLabels")
    assert sorted(b["id"] for b in boxes) == sorted(n["id"] for n in drawn)  # each labelled
    assert label_boxes_overlap(boxes) == []
    width, height = page.evaluate("[document.getElementById('network').clientWidth, "
                                  "document.getElementById('network').clientHeight]")
    assert all(0 <= b["left"] and b["right"] <= width and b["bottom"] <= height for b in boxes)
    assert min(b["font"] for b in boxes) >= 9  # readable at the opening view
    # sized by members; the summary counts the organisations in the clusters
    members = sum(n["members"] for n in clusters)
    rows = memberships(kg)
    partnered = {r["org"] for r in rows if sum(1 for s in rows if s["bid"] == r["bid"]) > 1} \
        if which == "bundled" else None
    if which == "bundled":
        assert members == len(partnered) == 95 and len(clusters) == 26
    else:
        assert data["edges"]  # ties between clusters are drawn
    said = f"{members:,} organisations in {len(clusters)} clusters"
    if which == "bundled":
        said += " and 14 with no partner"  # 109 organisations in all
    assert said in page.text_content("#summary") and said in page.text_content("#shown")


def test_the_clusters_search_finds_an_organisation_and_opens_its_cluster(open_page, bundled_kg,
                                                                        tmp_path):
    path = write_network_view(bundled_kg, tmp_path / "c.html", ViewOptions(view="clusters",
                                                                          **FIXED))
    page, errors, _, _ = open_page(path)
    page.fill("#search", "Lancashire Constabulary")
    page.press("#search", "Enter")
    selected = page.evaluate("partnerkgNetwork.getSelectedNodes()")
    assert len(selected) == 1 and selected[0].startswith("cluster:")
    assert page.text_content("#status") != "No organisation matches"
    assert page.text_content("#panel li.found") == "Lancashire Constabulary"


# --- search, labels, neighbours, panel ---------------------------------------------------------

def test_search_prefers_word_starts_and_labels_the_found_node_and_its_neighbours(
        open_page, bundled_kg, tmp_path):
    path = write_network_view(bundled_kg, tmp_path / "tca.html", ViewOptions(**FIXED))
    page, errors, _, _ = open_page(path)
    page.fill("#search", "lanc")
    page.press("#search", "Enter")
    # "lanc" starts Lancashire and Lancaster; East Midlands Ambulance Service only has it inside
    title = page.text_content("#panel-title")
    assert title.startswith("Lanc"), title
    found = page.evaluate("partnerkgNetwork.getSelectedNodes()")[0]
    page.evaluate("partnerkgNetwork.redraw()")
    boxes = page.evaluate("partnerkgLabels")
    assert boxes[0]["id"] == found and boxes[0]["bold"]  # labelled first, in bold
    neighbours = set(page.evaluate(f"partnerkgNetwork.getConnectedNodes({json.dumps(found)})"))
    # its partners labelled (in bold) wherever a label fits without covering another
    assert neighbours and {b["id"] for b in boxes if b["bold"]} <= {found} | neighbours
    assert len([b for b in boxes if b["bold"]]) > len(neighbours) / 2
    assert label_boxes_overlap(boxes) == []
    faded = page.evaluate("partnerkgNetwork.body.data.nodes.get({filter: n => n.opacity < 1})"
                          ".map(n => n.id)")
    assert faded and not (set(faded) & ({found} | neighbours))
    # a partner in the panel is a link to that partner
    partner = page.locator("#panel button.link").first
    name = partner.text_content().rsplit(" (", 1)[0]
    partner.click()
    assert page.text_content("#panel-title") == name
    # labels are at least 10 px, and none covers another
    boxes = page.evaluate("partnerkgLabels")
    assert min(b["font"] for b in boxes) >= 10
    assert label_boxes_overlap(boxes[1:]) == []


def test_colour_by_cluster_or_sector_and_the_ego_marked(open_page, bundled_kg, tmp_path):
    path = write_network_view(bundled_kg, tmp_path / "ego.html", ViewOptions(
        ego="Essex County Council", depth=2, **FIXED))
    page, errors, _, _ = open_page(path)
    data = page.evaluate("partnerkgData")
    # the colour each node is drawn in
    drawn = "partnerkgData.nodes.map(n => partnerkgNetwork.body.nodes[n.id].options.color.background)"
    assert page.evaluate(drawn) == [n["colors"]["cluster"] for n in data["nodes"]]
    page.select_option("#colour-by", "sector")
    assert page.evaluate(drawn) == [n["colors"]["sector"] for n in data["nodes"]]
    assert len(set(page.evaluate(drawn))) > 1  # Essex's partners are of several sectors
    ego = page.evaluate("partnerkgNetwork.body.data.nodes.get(" + json.dumps(ORG + "GB-LAE-ESS")
                        + ")")
    assert ego["shape"] == "star" and ego["borderWidth"] == 4
    assert ORG + "GB-LAE-ESS" in {b["id"] for b in page.evaluate("partnerkgLabels")}


# --- filters -----------------------------------------------------------------------------------

def shown_organisations(page) -> set[str]:
    return set(page.evaluate("partnerkgNetwork.body.data.nodes.get({filter: n => !n.hidden && "
                             "n.kind === 'organisation'}).map(n => n.id)"))


def test_each_filter_shows_the_organisations_the_data_gives(open_page, data_dir, tmp_path):
    from partnerkg import KnowledgeGraph

    # the bundled bids and a second programme's
    data = tmp_path / "second.csv"
    data.write_text("bid,programme,round,organisation,role,amount\n"
                    "s1,Second Fund,2015-16,Essex County Council,lead,250000\n"
                    "s1,Second Fund,2015-16,Kent County Council,partner,\n"
                    "s2,Second Fund,2016-17,Kent County Council,lead,\n"
                    "s2,Second Fund,2016-17,Kent Police,partner,\n", encoding="utf-8")
    kg = KnowledgeGraph.bundled()
    kg.load([data])
    rows = memberships(kg)
    path = write_network_view(kg, tmp_path / "f.html", ViewOptions(**FIXED))
    page, errors, _, _ = open_page(path)
    everyone = {r["org"] for r in rows}
    assert shown_organisations(page) == everyone
    rounds = page.evaluate("partnerkgData.filters.rounds")
    assert rounds == sorted({r["round"] or "" for r in rows})
    for i, label in enumerate(rounds):
        page.select_option("#f-round", str(i))
        assert shown_organisations(page) == {r["org"] for r in rows if r["round"] == label}, label
        assert f"round {label}" in page.text_content("#shown")
    # the slider: its first step is every round, then one step a round
    page.evaluate("s => { s.value = '2'; s.dispatchEvent(new Event('input')); }",
                  page.query_selector("#f-round-slider"))
    assert shown_organisations(page) == {r["org"] for r in rows if r["round"] == rounds[1]}
    assert page.input_value("#f-round") == "1"
    page.click("#f-reset")
    programmes = page.evaluate("partnerkgData.filters.programmes")
    second = {r["org"] for r in rows if "/second-fund/" in r["bid"]}
    page.select_option("#f-programme", str(programmes.index("Second Fund")))
    assert shown_organisations(page) == second == {ORG + "GB-LAE-ESS", ORG + "GB-LAE-KEN",
                                                   ORG + "XI-PKG-POLICE-KENT"}
    assert "programme Second Fund" in page.text_content("#shown")
    page.click("#f-reset")
    page.select_option("#f-sector", "police")
    assert shown_organisations(page) == {r["org"] for r in rows if r["sector"] == "police"}
    page.click("#f-reset")
    page.fill("#f-min", "500000")
    page.fill("#f-max", "1000000")
    assert shown_organisations(page) == {r["org"] for r in rows if r["amount"] is not None
                                         and 500000 <= r["amount"] <= 1000000}
    shown = page.text_content("#shown")
    assert "amount at least £500,000" in shown and "amount at most £1,000,000" in shown
    assert f"{len(shown_organisations(page))} of {len(everyone)} organisations" in shown
    # an edge is drawn only between two shown organisations
    hidden = page.evaluate("partnerkgNetwork.body.data.edges.get({filter: e => !e.hidden})"
                           ".map(e => [e.from, e.to])")
    assert all(a in shown_organisations(page) and b in shown_organisations(page)
               for a, b in hidden)
    assert errors == []


# --- saving ------------------------------------------------------------------------------------

def test_the_view_saves_as_png_and_svg(map_page, tmp_path):
    page, _ = map_page
    with page.expect_download() as png:
        page.click("#save-png")
    png_path = tmp_path / "view.png"
    png.value.save_as(png_path)
    assert png_path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png_path.stat().st_size > 20000
    with page.expect_download() as svg:
        page.click("#save-svg")
    svg_path = tmp_path / "view.svg"
    svg.value.save_as(svg_path)
    root = ET.parse(svg_path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    drawn = page.evaluate("partnerkgNetwork.body.data.nodes.get({filter: n => !n.hidden})"
                          ".length")
    assert len(root.findall(".//{http://www.w3.org/2000/svg}circle")) == drawn
    assert len(root.findall(".//{http://www.w3.org/2000/svg}text")) == len(
        page.evaluate("partnerkgLabels"))


def test_labels_grow_on_zoom_and_show_on_hover(open_page, bundled_kg, tmp_path):
    path = write_network_view(bundled_kg, tmp_path / "zoom.html", ViewOptions(**FIXED))
    page, errors, _, _ = open_page(path)
    before = {b["id"]: b["font"] for b in page.evaluate("partnerkgLabels")}
    page.evaluate("partnerkgNetwork.moveTo({scale: partnerkgNetwork.getScale() * 3, "
                  "animation: false}); partnerkgNetwork.redraw()")
    after = {b["id"]: b["font"] for b in page.evaluate("partnerkgLabels")}
    both = set(before) & set(after)
    assert both and all(after[i] > before[i] for i in both)
    # a node with no label at the opening view gets one under the pointer
    page.evaluate("partnerkgFit(); partnerkgNetwork.redraw()")
    shown = {b["id"] for b in page.evaluate("partnerkgLabels")}
    node = next(n for n in page.evaluate("partnerkgData.nodes") if n["id"] not in shown)
    where = page.evaluate("id => { const p = partnerkgNetwork.getPositions([id])[id]; "
                          "const d = partnerkgNetwork.canvasToDOM(p); "
                          "const r = document.getElementById('network').getBoundingClientRect();"
                          " return [d.x + r.left, d.y + r.top]; }", node["id"])
    page.mouse.move(*where)
    page.wait_for_function(f"partnerkgLabels.some(b => b.id === {json.dumps(node['id'])})",
                           timeout=5000)
    assert errors == []
