"""A screenshot of the browsable graph for the README, 1400x900: Essex County Council's page
as ``partnerkg serve`` answers it after a search for "Essex CC" (docs/browse/essex.png).

Usage: ``python benchmarks/browse_screenshot.py [folder]`` (default ``docs/browse`` beside the
repository's README). Serves the bundled data from a temporary store, opens the front page in
the system's headless Chromium through Playwright (reaching that server only), searches, waits
for the network view in the page to draw, and saves the screenshot reduced to a 256-colour
palette (Pillow) so the file stays small.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from partnerkg.endpoint.server import Server
from partnerkg.pipeline import bundled_store

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main(folder: Path) -> None:
    from PIL import Image
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    with bundled_store() as store, Server(store, port=0) as server, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                             args=FLAGS)
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        context.route("**/*", lambda route: route.continue_()
                      if route.request.url.startswith(server.base + "/") else route.abort())
        page = context.new_page()
        page.goto(server.base + "/")
        page.fill("header input[name=q]", "Essex CC")
        page.press("header input[name=q]", "Enter")
        page.wait_for_url("**/id/org/GB-LAE-ESS?*")
        ego = page.frame_locator("iframe.ego").locator("#network canvas")
        ego.wait_for()
        frame = next(f for f in page.frames if "/ego/" in f.url)
        while not frame.evaluate("window.partnerkgReady === true"):
            time.sleep(0.05)
        shot = folder / "essex-full.png"
        page.screenshot(path=str(shot))
        browser.close()
    small = Image.open(shot).convert("RGB").quantize(colors=256,
                                                     method=Image.Quantize.FASTOCTREE)
    small.save(folder / "essex.png", optimize=True)
    shot.unlink()
    print(f"{folder / 'essex.png'}: partnerkg serve, then a search for \"Essex CC\"")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else
         Path(__file__).resolve().parent.parent / "docs" / "browse")
