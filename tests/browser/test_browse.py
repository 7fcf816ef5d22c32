"""Browsing the graph in a real browser (headless Chromium) against a real ``serve`` of the
bundled data (issue 33): search, an organisation's page, a partner, a bid, the query page; and
a hostile name shown as text everywhere. The browser may reach the server and nothing else."""

from __future__ import annotations

import csv
import re
import time
from pathlib import Path

import pytest
from partnerkg.data import bundled_paths
from partnerkg.endpoint.server import Server
from partnerkg.pipeline import load_into_store
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
ESSEX = "Essex County Council"
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def served(tca_store):
    with Server(tca_store, port=0) as server:
        yield server


@pytest.fixture
def visit(browser):
    """Open ``server``'s ``path`` in a fresh page that may reach only that server; returns
    (page, console errors with CSP reports, dialogs, requests elsewhere)."""
    contexts = []

    def opener(server, path):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        errors, dialogs, elsewhere = [], [], []

        def route(found):
            if found.request.url.startswith(server.base + "/"):
                return found.continue_()
            elsewhere.append(found.request.url)
            return found.abort()
        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
                if r.status >= 400 else None)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(server.base + path)
        return page, errors, dialogs, elsewhere
    yield opener
    for context in contexts:
        context.close()


def essex_in_the_csv() -> tuple[dict[str, str], dict[str, int]]:
    """Essex County Council's bids ({bid key: role}) and partners ({name: bids shared}),
    counted from the bundled CSV: its rows whose organisation is the council (the CSV spells
    it one way), then the other rows of those bids. By hand, rows 45, 66 and 91 of
    data/tca_bids.csv: it led tca-2013-14-add-essex (alone) and tca-2015-16-essex (with
    Tendring District Council and the Police and Crime Commissioner for Essex), and was a
    partner in tca-2015-16-colchester (led by Colchester Borough Council, with Colchester
    Community Voluntary Services): 3 bids, 2 led, 4 partners sharing 1 bid each."""
    path = next(p for p in bundled_paths() if str(p).endswith("tca_bids.csv"))
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["organisation"] for r in rows if "essex county" in
            r["organisation"].lower()} == {ESSEX}
    bids = {r["bid"]: r["role"] for r in rows if r["organisation"] == ESSEX}
    partners: dict[str, int] = {}
    for r in rows:
        if r["bid"] in bids and r["organisation"] != ESSEX:
            partners[r["organisation"]] = partners.get(r["organisation"], 0) + 1
    return bids, partners


def table_rows(page, selector: str) -> list[list[str]]:
    return page.eval_on_selector_all(
        f"{selector} tbody tr",
        "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))")


def test_search_an_organisation_follow_a_partner_and_a_bid_then_query(served, visit):
    bids, partners = essex_in_the_csv()
    assert (len(bids), sum(r == "lead" for r in bids.values()), len(partners)) == (3, 2, 4)
    page, errors, dialogs, elsewhere = visit(served, "/")
    # search by a spelling only the register's identity rules know
    page.fill("header input[name=q]", "Essex CC")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/id/org/GB-LAE-ESS\?"))
    assert page.text_content("h1") == ESSEX
    assert "“Essex CC” is Essex County Council" in page.text_content(".found")
    # its bids (each linked by its key) and roles, and its partners, as the CSV has them
    found = page.eval_on_selector_all(
        "#bids tbody tr", "rows => rows.map(r => [r.querySelector('a').href.split('/').pop(),"
                          " r.cells[2].textContent.trim()])")
    assert dict(found) == bids and len(found) == len(bids)
    assert {name: int(n) for name, n in table_rows(page, "#partners")} == partners
    measures = dict((r[0], r[1]) for r in table_rows(page, "#measures"))
    assert measures["bids"] == "3" and measures["led"] == "2" and measures["degree"] == "4"
    # the ego network, drawn offline in its frame: the council and its 4 partners
    frame = page.frame_locator("iframe.ego")
    frame.locator("#network canvas").wait_for()
    ego = next(f for f in page.frames if "/ego/" in f.url)
    expect(frame.locator("body")).to_be_visible()
    deadline = time.monotonic() + 30  # a page's CSP forbids the eval wait_for_function uses
    while not ego.evaluate("window.partnerkgReady === true") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ego.evaluate("partnerkgNetwork.body.data.nodes.length") == 1 + len(partners)
    # follow a partner, then the bid they share
    page.click("#partners a:text-is('Tendring District Council')")
    page.wait_for_url(re.compile(r"/id/org/"))
    assert page.text_content("h1") == "Tendring District Council"
    page.click("#bids a[href$='/tca-2015-16-essex']")
    page.wait_for_url(re.compile(r"/id/bid/.*/tca-2015-16-essex$"))
    members = {r[0]: r[3] for r in table_rows(page, "#members")}
    assert members == {ESSEX: "lead", "Tendring District Council": "partner",
                       "Police and Crime Commissioner for Essex": "partner"}
    assert "£3,300,044" in page.text_content("#members")
    # the query page: a named query with its parameter, run at the read-only endpoint
    page.click("header nav a:text-is('Query')")
    page.wait_for_selector("body[data-ready='1']")
    page.select_option("#named", "org-partners")
    page.fill("#parameters input[name=org]", "Essex CC")
    page.dispatch_event("#parameters input[name=org]", "change")
    expect(page.locator("#sparql")).to_have_value(re.compile("VALUES"))
    page.click("#run")
    page.wait_for_selector("#results table.results")
    assert page.text_content("#status") == f"{len(partners)} rows"
    names = page.eval_on_selector_all("#results tbody tr",
                                      "rows => rows.map(r => r.cells[2].textContent)")
    assert sorted(names) == sorted(partners)
    page.click("#results a:text-is('https://w3id.org/partnerkg/id/org/GB-LAE-TEN')")
    page.wait_for_url(re.compile(r"/id/org/GB-LAE-TEN$"))
    assert page.text_content("h1") == "Tendring District Council"
    # the other query forms
    page.go_back()
    page.wait_for_selector("body[data-ready='1']")
    for query, shown in (("ASK { ?s ?p ?o }", "Answer: true"),
                         ("DESCRIBE <https://w3id.org/partnerkg/id/org/GB-LAE-ESS>", "triples"),
                         ("CONSTRUCT WHERE { ?s a <https://w3id.org/partnerkg/Bid> }",
                          "55 triples")):
        page.fill("#sparql", query)
        page.click("#run")
        expect(page.locator("#status")).to_contain_text(shown)
    assert errors == [] and dialogs == [] and elsewhere == []


# holds back the query page's fetch of a named query asked for with no parameters, so that
# it answers after a later one; window.heldBack turns true once it has answered
HOLD_BACK = """
(() => {
  const fetched = window.fetch.bind(window);
  window.heldBack = false;
  window.fetch = (url, options) => {
    const held = String(url).startsWith("/queries/") && String(url).endsWith(".rq?");
    if (!held) return fetched(url, options);
    return new Promise((resolve) => setTimeout(resolve, 1500))
      .then(() => fetched(url, options))
      .then((answer) => { setTimeout(() => { window.heldBack = true; }, 100); return answer; });
  };
})();
"""


def test_a_query_page_load_answered_late_neither_replaces_the_query_nor_clears_its_answer(
        served, visit):
    _, partners = essex_in_the_csv()
    page, errors, dialogs, elsewhere = visit(served, "/editor")
    page.add_init_script(HOLD_BACK)
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    page.select_option("#named", "org-partners")  # asks with no parameter: held back
    page.fill("#parameters input[name=org]", "Essex CC")
    page.dispatch_event("#parameters input[name=org]", "change")
    page.click("#run")
    page.wait_for_selector("#results table.results")
    deadline = time.monotonic() + 30
    while not page.evaluate("window.heldBack") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert page.evaluate("window.heldBack")
    assert page.text_content("#status") == f"{len(partners)} rows"
    assert 'VALUES ?org { "Essex County Council" }' in page.input_value("#sparql")
    names = page.eval_on_selector_all("#results tbody tr",
                                      "rows => rows.map(r => r.cells[2].textContent)")
    assert sorted(names) == sorted(partners)
    assert errors == [] and dialogs == [] and elsewhere == []


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    data = folder / "hostile.csv"
    data.write_text("bid,programme,round,organisation,role,sector,amount,source\n"
                    f"b1,Test Fund,2020-21,\"{HOSTILE}\",lead,council,1000,javascript:alert(2)\n"
                    "b1,Test Fund,2020-21,Plain Partner Trust,partner,charity,,\n",
                    encoding="utf-8")
    load_into_store([data], folder / "store")
    return folder / "store"


def test_a_hostile_name_is_text_on_its_page_in_lists_and_in_search(hostile_store, visit):
    with Server(hostile_store, port=0) as server:
        page, errors, dialogs, elsewhere = visit(server, "/orgs")
        assert HOSTILE in [r[0] for r in table_rows(page, "table.list")]
        page.click(f"table.list a:text-is('{HOSTILE}')")
        page.wait_for_url(re.compile(r"/id/org/"))
        assert page.text_content("h1") == HOSTILE
        # a cited document that is a script, not a web address, is text, not a link
        assert "javascript:" in page.text_content("#sources")
        assert page.evaluate("[...document.links].filter(a => a.protocol === 'javascript:')"
                             ".length") == 0
        page.goto(server.base + "/bids")
        assert HOSTILE in page.text_content("table.list")
        # searched for by its own name: found, and named as text
        page.fill("header input[name=q]", HOSTILE)
        page.press("header input[name=q]", "Enter")
        page.wait_for_url(re.compile(r"searched="))
        assert HOSTILE in page.text_content(".found")
        # a search that finds nothing offers it among the closest names, as text
        page.goto(server.base + "/search?q=alert")
        assert HOSTILE in page.text_content("main")
        assert page.evaluate("document.querySelectorAll('main script').length") == 0
        assert dialogs == [] and elsewhere == []
        assert errors == []


def test_the_front_page_screenshot_is_drawn(served, visit, tmp_path: Path):
    page, errors, dialogs, elsewhere = visit(served, "/id/org/GB-LAE-ESS")
    shot = tmp_path / "essex.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20000 and errors == [] and elsewhere == []


def test_publish_writes_pages_that_work_from_disk_with_their_rdf(browser, run, tca_store,
                                                                 tmp_path: Path):
    from partnerkg import KnowledgeGraph
    from rdflib import Graph
    from rdflib.compare import isomorphic

    site = tmp_path / "site"
    result = run("publish", str(site), "--store", str(tca_store))
    assert result.exit_code == 0, result.output
    essex = site / "id" / "org" / "GB-LAE-ESS"
    with KnowledgeGraph(tca_store, create=False, read_only=True) as kg:
        import pyoxigraph as ox

        answer = kg.oxigraph.query("DESCRIBE <https://w3id.org/partnerkg/id/org/GB-LAE-ESS>")
        expected = Graph().parse(data=answer.serialize(format=ox.RdfFormat.N_TRIPLES).decode(),
                                 format="nt")
        assert len(expected) > 10
        for suffix, parser in (("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")):
            got = Graph().parse(essex.with_suffix(f".{suffix}"), format=parser)
            assert isomorphic(got, expected), suffix
    context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        errors, elsewhere = [], []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: elsewhere.append(r.url)
                if not r.url.startswith(("file:", "data:")) else None)
        page.goto((essex / "index.html").as_uri())
        assert page.text_content("h1") == ESSEX
        _, partners = essex_in_the_csv()
        assert {name for name, _ in table_rows(page, "#partners")} == set(partners)
        page.click("#partners a:text-is('Tendring District Council')")
        assert page.text_content("h1") == "Tendring District Council"
        page.click("header nav a:text-is('Bids')")
        assert page.text_content("h1") == "Bids"
        assert errors == [] and elsewhere == []
    finally:
        context.close()
    # a symbolic link, or a folder holding other files, is refused with one line
    (tmp_path / "link").symlink_to(site)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    for target, said in (("link", "symbolic link"), ("mine", "notes.txt")):
        result = run("publish", str(tmp_path / target), "--store", str(tca_store))
        assert result.exit_code == 1 and said in result.output, result.output
        assert "Traceback" not in result.output
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep"
