"""The lists of organisations, bids and programmes: rows, filters, facets, sorting and pages,
as datasette offers them for a table (each list also as JSON and CSV).

Filters: ``sector``, ``round`` and ``programme`` (labels), ``min`` and ``max`` (an amount
awarded, in pounds), ``q`` (words the name holds, in any case), ``org`` (an organisation's IRI:
its bids). An organisation passes the
round, programme and amount filters when one of its bids does. Facets count the rows that pass
every filter, by each filter's values.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..core.errors import OptionError
from ..core.tables import csv_writer

__all__ = ["LISTS", "Listing", "Selection", "selection_of", "listing"]

#: list -> (columns shown, default sort, facets)
LISTS = {
    "orgs": (("name", "sector", "bids", "led", "partners", "funding", "cluster"), "name",
             ("sector", "round", "programme")),
    "bids": (("bid", "title", "lead", "round", "programme", "amount", "members"), "bid",
             ("round", "programme", "sector")),
    "programmes": (("programme", "rounds", "bids", "amount"), "programme", ()),
}
PER_PAGE = 50
MOST_PER_PAGE = 1000
_FILTERS = ("sector", "round", "programme", "q", "min", "max", "org")


@dataclass(frozen=True)
class Selection:
    """What a list request asks for: filters, sort, page."""

    filters: dict = field(default_factory=dict)
    sort: str = ""
    descending: bool = False
    page: int = 1
    per_page: int = PER_PAGE

    def query(self, **changed) -> str:
        """This selection's URL query, with ``changed`` parameters (None drops one)."""
        from urllib.parse import urlencode

        params = {**self.filters, "sort": self.sort or None,
                  "desc": "1" if self.descending else None,
                  "page": str(self.page) if self.page != 1 else None,
                  "per": str(self.per_page) if self.per_page != PER_PAGE else None}
        params.update(changed)
        kept = [(k, v) for k, v in params.items() if v not in (None, "")]
        return "?" + urlencode(kept) if kept else ""


def _number(name: str, text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", "").replace("£", "").strip())
    except InvalidOperation:
        raise OptionError(f"{name} must be a number of pounds, not {text!r}") from None


def selection_of(kind: str, params: dict[str, str]) -> Selection:
    """The selection a request's parameters ask for (OptionError naming a bad one)."""
    columns, default, _ = LISTS[kind]
    filters = {k: params[k] for k in _FILTERS if params.get(k)}
    for name in ("min", "max"):
        if name in filters:
            _number(name, filters[name])
    sort = params.get("sort") or default
    if sort not in columns:
        raise OptionError(f"sort must be one of {', '.join(columns)}, not {sort!r}")
    try:
        page = int(params.get("page") or 1)
        per_page = int(params.get("per") or PER_PAGE)
    except ValueError:
        raise OptionError("page and per must be whole numbers") from None
    if page < 1 or not 1 <= per_page <= MOST_PER_PAGE:
        raise OptionError(f"page must be 1 or more and per from 1 to {MOST_PER_PAGE}")
    return Selection(filters, sort, params.get("desc") in ("1", "true", "yes"), page, per_page)


def _bid_passes(bid: dict, filters: dict) -> bool:
    if "round" in filters and bid["round"] != filters["round"]:
        return False
    if "programme" in filters and bid["programme"] != filters["programme"]:
        return False
    money = bid["amount"]
    if "min" in filters and (money is None or money < _number("min", filters["min"])):
        return False
    return not ("max" in filters and (money is None or money > _number("max", filters["max"])))


def _passes(row: dict, filters: dict, kind: str) -> bool:
    words = filters.get("q", "").casefold().split()
    if words and not all(w in row["_text"] for w in words):
        return False
    if "sector" in filters and filters["sector"] not in row["_sectors"]:
        return False
    if "org" in filters and filters["org"] not in row["_members"]:
        return False
    return kind == "programmes" or any(_bid_passes(b, filters) for b in row["_bids"])


@dataclass
class Listing:
    """One page of a list: its rows, how many passed, the facets and the selection."""

    kind: str
    columns: tuple
    rows: list[dict]
    count: int
    facets: dict[str, list[tuple[str, int]]]
    selection: Selection
    every: list[dict]  # all the rows that passed (for CSV)

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.selection.per_page))

    def as_json(self) -> str:
        return json.dumps({"list": self.kind, "count": self.count, "page": self.selection.page,
                           "pages": self.pages, "per_page": self.selection.per_page,
                           "filters": self.selection.filters,
                           "sort": self.selection.sort, "descending": self.selection.descending,
                           "facets": {k: dict(v) for k, v in self.facets.items()},
                           "rows": [_public(r) for r in self.rows]},
                          ensure_ascii=False, indent=1, default=_plain)

    def as_csv(self) -> str:
        out = io.StringIO()
        writer = csv_writer(out, lineterminator="\n")
        header = [c for c in _public(self.every[0])] if self.every else list(self.columns)
        writer.writerow(header)
        for row in self.every:
            public = _public(row)
            writer.writerow(["" if public.get(c) is None else _plain(public[c])
                             for c in header])
        return out.getvalue()


def _public(row: dict) -> dict:
    return {k: v for k, v in row.items() if not k.startswith("_")}


def _plain(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value if isinstance(value, (int, float, str)) else str(value)


def _sort_key(column: str):
    def key(row: dict):
        value = row.get(column)
        if value is None:
            return (1, "")
        return (0, value.casefold() if isinstance(value, str) else value)
    return key


def listing(kind: str, rows: list[dict], selection: Selection) -> Listing:
    """The page of ``rows`` (as ``Site`` makes them) that ``selection`` asks for."""
    columns, _, facet_names = LISTS[kind]
    passed = [r for r in rows if _passes(r, selection.filters, kind)]
    facets = {}
    for name in facet_names:
        counts: dict[str, int] = {}
        for row in passed:
            values = (row["_sectors"] if name == "sector" else
                      {b[name] for b in row["_bids"] if _bid_passes(b, selection.filters)})
            for value in values:
                if value:
                    counts[value] = counts.get(value, 0) + 1
        facets[name] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ordered = sorted(passed, key=lambda r: (r.get("_key") or ""))
    ordered.sort(key=_sort_key(selection.sort), reverse=selection.descending)
    start = (selection.page - 1) * selection.per_page
    return Listing(kind, columns, ordered[start:start + selection.per_page], len(passed),
                   facets, selection, ordered)

