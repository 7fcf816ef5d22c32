"""Screenshots of each view of the README, 1400x900, for docs/views/ (small PNGs).

Usage: ``python benchmarks/view_screenshots.py [folder]`` (default ``docs/views`` beside the
repository's README). Draws the README's ``viz`` examples from the bundled data (and the
funding views from the grant file of the tests, ``GRANTS``), opens each page
in the system's headless Chromium through Playwright (each page in a new context) with the
network off, waits for it to draw, and saves the screenshot reduced to a 256-colour palette
(Pillow) so each file stays small.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from partnerkg import KnowledgeGraph
from partnerkg.views.network import ViewOptions, write_network_view

#: file name -> (the README's command, the options it gives)
VIEWS = {
    "tca": ("partnerkg viz --output tca.html", ViewOptions()),
    "bids": ("partnerkg viz --output bids.html --view bipartite", ViewOptions(view="bipartite")),
    "clusters": ("partnerkg viz --output clusters.html --view clusters",
                 ViewOptions(view="clusters")),
    "essex": ('partnerkg viz --output essex.html --ego "Essex County Council" --depth 2',
              ViewOptions(ego="Essex County Council", depth=2)),
    "map": ("partnerkg viz --output map.html --layout geo --round 2015-16 --size-by funding",
            ViewOptions(layout="geo", round_label="2015-16", size_by="funding")),
}
#: The funding views, of a small 360Giving file: file name -> (command, options)
GRANTS = Path(__file__).resolve().parent.parent / "tests" / "data" / "funding" / "grants.json"
GRANT_VIEWS = {
    "funding": ("partnerkg viz --output funding.html --store grants",
                ViewOptions(data_name="grants")),
    "funding-map": ("partnerkg viz --output funding-map.html --layout geo --store grants",
                    ViewOptions(layout="geo", data_name="grants")),
}
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main(folder: Path) -> None:
    from PIL import Image
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    bundled, grants = KnowledgeGraph.bundled(), KnowledgeGraph()
    grants.load([GRANTS])
    drawn = [(bundled, name, view) for name, view in VIEWS.items()] + \
        [(grants, name, view) for name, view in GRANT_VIEWS.items()]
    with tempfile.TemporaryDirectory() as work, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                             args=FLAGS)
        for kg, name, (command, options) in drawn:
            page_file = write_network_view(kg, Path(work) / f"{name}.html", options)
            context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
            page = context.new_page()
            page.goto(page_file.as_uri())
            page.wait_for_function("window.partnerkgReady === true", timeout=60000)
            if name == "tca":  # show a search: the found body labelled, its partners lit
                page.fill("#search", "Lancashire County Council")
                page.press("#search", "Enter")
            shot = Path(work) / f"{name}.png"
            page.screenshot(path=str(shot))
            context.close()
            small = Image.open(shot).convert("RGB").quantize(
                colors=256, method=Image.Quantize.FASTOCTREE)  # keeps the legend's colours
            small.save(folder / f"{name}.png", optimize=True)
            print(f"{folder / f'{name}.png'}: {command}")
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else
         Path(__file__).resolve().parent.parent / "docs" / "views")
