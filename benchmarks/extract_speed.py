"""Time text extraction on a large document: python benchmarks/extract_speed.py [--mb 5].

The document repeats the seed and held-out texts (with numbered variations so the resolver's
cache does not hide the work) until it reaches the size asked for.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from partnerkg.loaders.text import extract_text
from partnerkg.resolution import default_resolver

HERE = Path(__file__).resolve().parent
SOURCES = sorted((HERE.parents[0] / "tests" / "data" / "held_out").glob("*.txt")) + \
    sorted((HERE.parents[0] / "tests" / "data" / "seeds").glob("*.txt"))


def document(megabytes: float) -> str:
    parts, size, n = [], 0, 0
    texts = [p.read_text(encoding="utf-8") for p in SOURCES]
    while size < megabytes * 1_000_000:
        text = texts[n % len(texts)].replace("£", f"£{n % 97}") + f"\n\nItem {n}.\n\n"
        parts.append(text)
        size += len(text.encode("utf-8"))
        n += 1
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=5.0)
    args = parser.parse_args()
    text = document(args.mb)
    start = time.perf_counter()
    _, bids = extract_text(text, "benchmark", gazetteer=default_resolver())
    seconds = time.perf_counter() - start
    print(f"{len(text.encode('utf-8')) / 1e6:.1f} MB, {len(bids)} bids, {seconds:.2f} s")


if __name__ == "__main__":
    main()
