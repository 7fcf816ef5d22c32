"""Build data/register/councils.csv from mySociety's table of UK local authorities.

Usage: python data/register/build_council_register.py PATH/TO/uk_local_authorities.csv
       [PATH/TO/lookup_name_to_registry.csv]

Takes every English authority in the table (all of which existed from 2013 onwards), keeps the
fields the register needs, turns codes into org-id identifiers (GB-LAE-<code>) and gathers
name variants as aliases. The source is MIT-licensed (data/register/LICENSE-mysociety).

Coordinates are the table's ``lat``/``long``, except for county councils: the table places
several counties far from their own area (Lancashire and Suffolk in the East Midlands, Kent in
east London, Devon at Penarth in Wales, ...), so a county's coordinate is derived from the
same table as the mean of its districts' coordinates (rows whose ``county-la`` is the county);
if the table places none of its districts (all abolished: Buckinghamshire, Dorset,
Northamptonshire), each district stands in with the mean coordinate of the councils that
replaced it. The same mean reproduces the table's sound county coordinates (Cambridgeshire,
Cumbria, East Sussex) and most of its combined authorities' coordinates.

Aliases are sorted case-insensitively; names that differ only in case keep the order they have
in the councils.csv being replaced, so that a rebuild does not reshuffle them.

Run it again when mySociety's table changes; tests/resolution/test_register.py compares the
result with the table field by field, and tests/data/test_register_coordinates.py checks the
coordinates against the districts.
"""

from __future__ import annotations

import csv
import math
import sys
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent / "councils.csv"
FIELDS = ["id", "name", "sector", "type", "gss", "region", "parent", "start", "end",
          "successor", "aliases", "lat", "long"]


def org_id(code: str) -> str:
    return f"GB-LAE-{code}"


def _coordinate(value: str | float | None) -> str:
    """Five decimal places (about a metre) are plenty for a schematic map."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    return f"{float(value):.5f}"


def _point(row: dict[str, str]) -> tuple[float, float] | None:
    return (float(row["lat"]), float(row["long"])) if row["lat"].strip() else None


def _mean(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    if not points:
        return None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _placed(by_code: dict[str, dict[str, str]], code: str,
            seen: frozenset[str] = frozenset()) -> tuple[float, float] | None:
    """An authority's coordinate in the table or, if it has none, the mean of its successors'."""
    row = by_code.get(code)
    if row is None or code in seen:
        return None
    if (point := _point(row)) is not None:
        return point
    successors = [c.strip() for c in row["replaced-by"].split(",") if c.strip()]
    return _mean([p for c in successors if (p := _placed(by_code, c, seen | {code}))])


def county_coordinates(rows: list[dict[str, str]]) -> dict[str, tuple[float, float]]:
    """Each county's coordinate, derived from its districts in the table (see the docstring)."""
    by_code = {r["local-authority-code"]: r for r in rows}
    districts: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row["county-la"]:
            districts[row["county-la"]].append(row["local-authority-code"])
    derived = {}
    for code, row in by_code.items():
        if row["local-authority-type-name"] != "County" or not districts[code]:
            continue
        point = _mean([p for d in districts[code] if (p := _point(by_code[d]))])
        if point is None:
            point = _mean([p for d in districts[code] if (p := _placed(by_code, d))])
        if point is not None:
            derived[code] = point
    return derived


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return 111.2 * math.hypot(a[0] - b[0], (a[1] - b[1]) * math.cos(math.radians(a[0])))


def _previous_aliases(path: Path) -> dict[str, list[str]]:
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as handle:
        return {r["id"]: r["aliases"].split("|") for r in csv.DictReader(handle)}


#: Where the source table is wrong, checked against ONS: Forest Heath (E07000201) was a
#: district of Suffolk, not Surrey; Lincolnshire (E10000019) is in the East Midlands.
CORRECTIONS = {"FOR": {"parent": "GB-LAE-SFK"}, "LIN": {"region": "East Midlands"}}


def main(table: str, lookup: str | None = None) -> None:
    with open(table, encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["nation"] == "England"]
    variants: dict[str, set[str]] = defaultdict(set)
    if lookup:
        with open(lookup, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                variants[row["local-authority-code"]].add(row["la-name"].strip())
    counties = county_coordinates(rows)
    previous = _previous_aliases(OUT)
    out = []
    for row in sorted(rows, key=lambda r: r["local-authority-code"]):
        code = row["local-authority-code"]
        names = {row["nice-name"], *(n.strip() for n in row["alt-names"].split(",")),
                 *variants.get(code, ())}
        rank = {n: i for i, n in enumerate(previous.get(org_id(code), ()))}
        names = sorted({n for n in names if n and n.lower() != row["official-name"].lower()},
                       key=lambda n: (n.lower(), rank.get(n, len(rank)), n))
        lat, long = counties.get(code, (row["lat"], row["long"]))
        out.append({
            "id": org_id(code), "name": row["official-name"], "sector": "council",
            "type": row["local-authority-type-name"], "gss": row["gss-code"],
            "region": row["region"],
            "parent": org_id(row["county-la"]) if row["county-la"] else "",
            "start": row["start-date"], "end": row["end-date"],
            "successor": "|".join(org_id(c.strip()) for c in row["replaced-by"].split(",")
                                  if c.strip()),
            "aliases": "|".join(names),
            "lat": _coordinate(lat), "long": _coordinate(long),
            **CORRECTIONS.get(code, {}),
        })
    with open(OUT, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(out)
    print(f"wrote {len(out)} councils to {OUT}")
    for code, point in sorted(counties.items()):
        row = next(r for r in rows if r["local-authority-code"] == code)
        stated = _point(row)
        moved = (f"{_km(stated, point):.0f} km from the table's coordinate" if stated
                 else "the table gives none")
        print(f"  {org_id(code)} {row['official-name']}: derived from its districts, "
              f"{point[0]:.5f},{point[1]:.5f} ({moved})")


if __name__ == "__main__":
    main(*sys.argv[1:3])
