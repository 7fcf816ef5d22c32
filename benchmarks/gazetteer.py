"""Gazetteer matching of the register's names over a large text: pyahocorasick's automaton
against one compiled regular expression of every name (longest first).

    python benchmarks/gazetteer.py [--mb 5]

Both find every whole-word occurrence of every name and alias in the folded text; the script
checks that they find the same (start, end) spans where the regex's leftmost-longest choice
agrees, and prints build and search times.
"""

from __future__ import annotations

import argparse
import re
import sys
import time

sys.path.insert(0, __file__.rsplit("/", 1)[0])

from extract_speed import document  # noqa: E402

from partnerkg.loaders.mentions import _fold, _gazetteer_hits, gazetteer_automaton  # noqa: E402
from partnerkg.resolution import default_resolver  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0)
    args = parser.parse_args()
    text = document(args.mb)
    resolver = default_resolver()

    start = time.perf_counter()
    automaton = gazetteer_automaton(resolver)
    built = time.perf_counter() - start
    start = time.perf_counter()
    hits = _gazetteer_hits(text, automaton)
    searched = time.perf_counter() - start

    names = sorted({" ".join(_fold(n).split()) for b in resolver.register.bodies.values()
                    for n in (b.name, *b.aliases)}, key=len, reverse=True)
    start = time.perf_counter()
    pattern = re.compile(r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, names)) + r")(?![a-z0-9])")
    regex_built = time.perf_counter() - start
    start = time.perf_counter()
    spans = {(m.start(), m.end()) for m in pattern.finditer(_fold(text))}
    regex_searched = time.perf_counter() - start

    longest = {span for span in hits if not any(
        o != span and o[0] <= span[0] and span[1] <= o[1] for o in hits if o[0] == span[0])}
    print(f"{len(text) / 1e6:.1f} MB, {len(names)} names")
    print(f"pyahocorasick: build {built:.2f} s, search {searched:.2f} s, {len(hits)} spans")
    print(f"regex:         build {regex_built:.2f} s, search {regex_searched:.2f} s, "
          f"{len(spans)} leftmost-longest spans ({len(spans & longest)} the same)")


if __name__ == "__main__":
    main()
