"""What the text extractor finds, as JSON or a table, for ``partnerkg extract``."""

from __future__ import annotations

import json

from ..core.tables import render_table
from ..loaders.text import extract_file
from ..resolution.resolve import default_resolver

__all__ = ["extraction", "render_extraction"]


def extraction(paths) -> list[dict]:
    """One dict per bid found, over all files, with its evidence and confidence."""
    found = []
    for path in paths:
        facts, bids = extract_file(path, gazetteer=default_resolver())
        found.extend(bid.as_dict(facts) for bid in bids)
    return found


def render_extraction(paths, format: str = "json") -> str:
    bids = extraction(paths)
    if format == "json":
        return json.dumps(bids, indent=2, ensure_ascii=False)
    header = ["document", "lead", "place", "partners", "amount_gbp", "partner_count_stated",
              "confidence", "sentence"]
    rows = [[b["document"], b["lead"] or "", b["place"] or "", "; ".join(b["partners"]),
             b["amount_gbp"] or "", b["partner_count_stated"] or "", b["confidence"],
             b["evidence"][0]["sentence"][:120]] for b in bids]
    return render_table(header, rows, "table")
