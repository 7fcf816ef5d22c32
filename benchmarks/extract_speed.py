"""Time text extraction on a large document: python benchmarks/extract_speed.py [--mb 5].

Exits 1 when either shape takes more than 2 s a megabyte, 10 s at the least (the target: 5 MB
in under 10 s): the document as written, in paragraphs, and the same text as one long paragraph
(every line break a space), which must take no longer per megabyte.

The document repeats the seed and held-out texts (with numbered variations so the resolver's
cache does not hide the work) until it reaches the size asked for.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from partnerkg.loaders.text import extract_text
from partnerkg.resolution import default_resolver

HERE = Path(__file__).resolve().parent
TARGET_SECONDS_PER_MB = 2.0
SOURCES = sorted((HERE.parents[0] / "tests" / "data" / "held_out").glob("*.txt")) + \
    sorted((HERE.parents[0] / "tests" / "data" / "copies" / "seeds").glob("*.txt"))


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
    limit = TARGET_SECONDS_PER_MB * max(args.mb, 5.0)  # smaller texts: the same 10 s
    failed = False
    resolver = default_resolver()
    for shape, shaped in (("paragraphs", text), ("one paragraph", " ".join(text.split()))):
        start = time.perf_counter()
        _, bids = extract_text(shaped, "benchmark", gazetteer=resolver)
        seconds = time.perf_counter() - start
        print(f"{shape}: {len(shaped.encode('utf-8')) / 1e6:.1f} MB, {len(bids)} bids, "
              f"{seconds:.2f} s")
        if seconds > limit:
            print(f"FAIL: {shape} took more than {limit:.0f} s (the target is 5 MB in under "
                  "10 s)")
            failed = True
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
