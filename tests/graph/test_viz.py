import json
import re
import shutil
import subprocess

import pytest

from partnerkg import KnowledgeGraph
from partnerkg.graph.viz import SECTOR_COLOURS, network_page

REMOTE = re.compile(r'<(script|link|img|iframe)[^>]+(src|href)\s*=\s*["\']?\s*(https?:)?//', re.I)


def page_data(page: str) -> dict:
    match = re.search(r"var data = (\{.*?\});\n", page)
    return json.loads(match.group(1))


def test_page_loads_nothing_from_the_web(long_kg):
    page = network_page(long_kg)
    assert not REMOTE.search(page)
    assert "vis.Network" in page and "<script src" not in page


def test_page_draws_every_organisation_and_membership(long_kg):
    data = page_data(network_page(long_kg))
    kinds = [n["kind"] for n in data["nodes"]]
    assert kinds.count("organisation") == 5 and kinds.count("bid") == 3
    assert len(data["edges"]) == 8
    beta = next(n for n in data["nodes"] if n.get("name") == "Beta Police")
    assert beta["color"] == SECTOR_COLOURS["police"]
    assert "Distinct partners: 4" in beta["title"]
    assert {item["label"] for item in data["legend"]} >= {"council", "police", "health", "bid"}


def test_layout_is_deterministic(long_kg):
    assert network_page(long_kg) == network_page(long_kg)


@pytest.fixture
def hostile_kg(data_dir):
    kg = KnowledgeGraph()
    kg.load([data_dir / "hostile.csv"])
    return kg


def test_hostile_names_are_escaped(hostile_kg):
    page = network_page(hostile_kg, title="<b>title</b>")
    assert "<img src=x" not in page
    assert "</script><script>alert(1)" not in page
    assert "<b>Trust</b>" not in page
    assert "&lt;b&gt;title&lt;/b&gt;" in page
    # the names still arrive intact as data
    names = {n.get("name") for n in page_data(page)["nodes"]}
    assert "</script><script>alert(1)</script>" in names


def _chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.browser
def test_page_runs_offline_in_chromium(tmp_path, hostile_kg, long_kg):
    """The page's script runs with the network off: the legend and search list get built."""
    browser = _chromium()
    if browser is None:
        if __import__("os").environ.get("CI"):
            pytest.fail("Chromium is missing in CI")
        pytest.skip("chromium is not installed")
    for kg, expected_options in ((long_kg, 5), (hostile_kg, 3)):
        path = tmp_path / "view.html"
        path.write_text(network_page(kg), encoding="utf-8")
        result = subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
             "--proxy-server=127.0.0.1:9", "--virtual-time-budget=3000", "--dump-dom",
             path.as_uri()],
            capture_output=True, text=True, timeout=120)
        dom = result.stdout
        assert dom.count("<option value=") == expected_options, result.stderr[-2000:]
        assert 'class="swatch"' in dom
        assert "<canvas" in dom  # vis-network drew
        # hostile names stay text: no element was made from them
        assert "<img" not in dom
        assert dom.count("<script") == path.read_text(encoding="utf-8").count("<script")
