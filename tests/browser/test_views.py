"""The network views in a real browser (headless Chromium), with the network off."""


import pytest
from partnerkg import KnowledgeGraph
from partnerkg.views.network import ViewOptions, build_view, write_network_view

from .conftest import synthetic_kg

pytestmark = pytest.mark.browser
FIXED = dict(generated="2026-01-01")


def test_bundled_view_draws_every_node_and_edge(open_page, bundled_kg, tmp_path):
    options = ViewOptions(**FIXED)
    path = write_network_view(bundled_kg, tmp_path / "tca.html", options)
    view = build_view(bundled_kg, options)
    page, errors, dialogs, requests = open_page(path)
    drawn = page.evaluate("[partnerkgNetwork.body.data.nodes.length, "
                          "partnerkgNetwork.body.data.edges.length]")
    # 109 organisations and 155 distinct co-member pairs, counted in data/tca_bids.csv
    assert drawn == [len(view["nodes"]), len(view["edges"])] == [109, 155]
    assert errors == [] and dialogs == [] and requests == []
    # the search box focuses a named body and opens its panel
    page.fill("#search", "Essex County Council")
    page.press("#search", "Enter")
    selected = page.evaluate("partnerkgNetwork.getSelectedNodes()")
    assert selected == ["https://w3id.org/partnerkg/id/org/GB-LAE-ESS"]
    assert page.text_content("#panel-title") == "Essex County Council"
    assert "Colchester Borough Council (1)" in page.text_content("#panel-body")
    # a sector toggle hides that sector's nodes
    page.select_option("#colour-by", "sector")
    page.click("#legend button:has-text('police')")
    hidden = page.evaluate("partnerkgNetwork.body.data.nodes.get({filter: n => n.hidden})"
                           ".map(n => n.sector)")
    assert hidden and set(hidden) == {"police"}
    shot = tmp_path / "tca.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20000


def test_hostile_names_run_nothing(open_page, data_dir, tmp_path):
    kg = KnowledgeGraph()
    kg.load([data_dir / "hostile.csv"])
    path = write_network_view(kg, tmp_path / "x.html", ViewOptions(title="<img src=x "
                                                                   "onerror=alert(1)>", **FIXED))
    page, errors, dialogs, requests = open_page(path)
    assert dialogs == [] and errors == []
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    page.fill("#search", "</script>")
    page.press("#search", "Enter")
    assert page.text_content("#panel-title") == "</script><script>alert(1)</script>"
    assert dialogs == []


def test_five_thousand_organisations_are_all_drawn(open_page, tmp_path):
    # how fast is the benchmark's business (shared machines make a wall-time assert flaky)
    kg = synthetic_kg(5000)
    path = write_network_view(kg, tmp_path / "big.html", ViewOptions(max_nodes=5000, **FIXED))
    page, errors, dialogs, requests = open_page(path)
    count = page.evaluate("partnerkgNetwork.body.data.nodes.length")
    assert count == 5000 and errors == []


def test_max_nodes_is_said_on_the_page(open_page, tmp_path):
    kg = synthetic_kg(2000)
    path = write_network_view(kg, tmp_path / "cut.html", ViewOptions(**FIXED))  # default 1,500
    page, errors, dialogs, requests = open_page(path)
    assert "Showing the top 1500 of 2000 organisations" in page.text_content("#note")
    organisations = page.evaluate("partnerkgNetwork.body.data.nodes.get({filter: n => "
                                  "n.kind === 'organisation'}).length")
    assert organisations == 1500
