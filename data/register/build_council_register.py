"""Build data/register/councils.csv from mySociety's table of UK local authorities.

Usage: python scripts/build_council_register.py PATH/TO/uk_local_authorities.csv
       [PATH/TO/lookup_name_to_registry.csv]

Takes every English authority in the table (all of which existed from 2013 onwards), keeps the
fields the register needs, turns codes into org-id identifiers (GB-LAE-<code>) and gathers
name variants as aliases. The source is MIT-licensed (data/register/LICENSE-mysociety).
Run it again when mySociety's table changes; tests/test_register.py compares the result with the
table field by field.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "data" / "register" / "councils.csv"
FIELDS = ["id", "name", "sector", "type", "gss", "region", "parent", "start", "end",
          "successor", "aliases", "lat", "long"]


def org_id(code: str) -> str:
    return f"GB-LAE-{code}"


def _coordinate(text: str) -> str:
    """Five decimal places (about a metre) are plenty for a schematic map."""
    return f"{float(text):.5f}" if text.strip() else ""


def main(table: str, lookup: str | None = None) -> None:
    with open(table, encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["nation"] == "England"]
    variants: dict[str, set[str]] = defaultdict(set)
    if lookup:
        with open(lookup, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                variants[row["local-authority-code"]].add(row["la-name"].strip())
    out = []
    for row in sorted(rows, key=lambda r: r["local-authority-code"]):
        code = row["local-authority-code"]
        names = {row["nice-name"], *(n.strip() for n in row["alt-names"].split(",")),
                 *variants.get(code, ())}
        names = sorted({n for n in names if n and n.lower() != row["official-name"].lower()},
                       key=str.lower)
        out.append({
            "id": org_id(code), "name": row["official-name"], "sector": "council",
            "type": row["local-authority-type-name"], "gss": row["gss-code"],
            "region": row["region"],
            "parent": org_id(row["county-la"]) if row["county-la"] else "",
            "start": row["start-date"], "end": row["end-date"],
            "successor": "|".join(org_id(c.strip()) for c in row["replaced-by"].split(",")
                                  if c.strip()),
            "aliases": "|".join(names),
            "lat": _coordinate(row["lat"]), "long": _coordinate(row["long"]),
        })
    with open(OUT, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(out)
    print(f"wrote {len(out)} councils to {OUT}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
