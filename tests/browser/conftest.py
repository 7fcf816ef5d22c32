"""Headless Chromium (the system's, never a downloaded one) driven by Playwright."""

import os
import random
import shutil
from decimal import Decimal

import pytest
from partnerkg import KnowledgeGraph
from partnerkg.core.records import LEAD, PARTNER, Bid, Participation, Records, Source

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        executable = None
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium or Playwright is missing in CI")
        pytest.skip("Chromium or Playwright is not installed")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser):
    """Open a file in a fresh offline page; returns (page, console errors, dialogs, requests)."""
    contexts = []

    def opener(path):
        context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
        contexts.append(context)
        page = context.new_page()
        errors, dialogs, requests = [], [], []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: requests.append(r.url)
                if not r.url.startswith(("file:", "data:")) else None)
        page.goto(path.as_uri())
        page.wait_for_function("window.partnerkgReady === true", timeout=60000)
        return page, errors, dialogs, requests
    yield opener
    for context in contexts:
        context.close()


def synthetic_kg(organisations: int = 5000, seed: int = 3) -> KnowledgeGraph:
    """A partnership graph of ``organisations`` bodies: bids of 2 to 8, one lead each."""
    rng = random.Random(seed)
    records = Records()
    sectors = ["council"] * 5 + ["police", "fire-and-rescue", "health", "voluntary-and-community",
                                 "voluntary-and-community", "other"]
    names = [f"Synthetic Body {i:05d}" for i in range(organisations)]
    sector_of = {name: rng.choice(sectors) for name in names}
    source = Source(file="synthetic", line=1)
    bid_count = organisations // 2
    for b in range(bid_count):
        key = f"syn-{b:05d}"
        members = rng.sample(names, rng.randint(2, 8))
        if b < organisations // 2:  # every body in at least one bid
            members = list(dict.fromkeys([names[2 * b], names[2 * b + 1]] + members))
        records.bids[key] = Bid(key=key, programme="Synthetic Fund", source=source,
                                round="2020-21", amount=Decimal(rng.randint(1, 50) * 10000))
        for i, name in enumerate(members):
            records.participations.append(Participation(
                key, name, LEAD if i == 0 else PARTNER, source, sector=sector_of[name],
                identifier=f"XI-TEST-{name[-5:]}"))
    kg = KnowledgeGraph()
    kg.add_records(records)
    return kg
