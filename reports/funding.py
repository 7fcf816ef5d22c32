"""Reports on grants: per funder (grants, total, recipients, programmes, years, the share of its
money going to each sector) and per recipient (its funders over time, most co-funded first)."""

from __future__ import annotations

from decimal import Decimal

from ..core.errors import QueryError
from ..core.tables import amount, counted, money
from ..network.funding import find_area, grant_areas, grants, has_grants
from ..ontology import SECTOR_LABELS
from .partnerships import ReportTable, _selection_facts

__all__ = ["funders_report", "recipients_report", "areas_report", "shares"]


def _grants_of(kg, round_label: str | None, min_confidence: float | None,
               area: str | None = None) -> tuple[list[dict], str | None]:
    """The grants chosen (in ``area``, by GSS code or name) and the area's code, or a clear
    refusal where the data holds none."""
    if not has_grants(kg):
        raise QueryError("the data holds no grant with a funder (360Giving's "
                         "fundingOrganization): load a 360Giving file first")
    code = find_area(kg, area) if area else None
    return grants(kg, round_label, min_confidence, code), code


def _district(kg, grant: dict) -> str:
    """The area a grant's recipient is in, for shares: a district of the map where the grant
    names one, else its first area, else 'not stated' (names as ``grant_areas`` gives them)."""
    from ..data.boundaries import boundaries

    _, names = grant_areas(kg)
    districts = [c for c in grant["areas"] if c in boundaries()["areas"]] or grant["areas"]
    if not districts:
        return "not stated"
    return f"{names.get(districts[0]) or districts[0]} ({districts[0]})"


def _area_facts(area: str | None) -> dict:
    return {"area": f"{area}: grants whose recipient or beneficiaries are in it"} if area else {}


def _total(found: list[dict]) -> Decimal | None:
    """The sum of the amounts stated, None where none is."""
    stated = [g["amount"] for g in found if g["amount"] is not None]
    return sum(stated, Decimal(0)) if stated else None


def shares(found: list[dict], key: str, label=lambda k: k) -> str:
    """How the stated amounts of ``found`` split by ``key``, as whole percentages, largest
    first: 'other 67%, voluntary and community 33%' ('' where no amount is stated).

    >>> shares([{"s": "a", "amount": Decimal(1)}, {"s": "b", "amount": Decimal(3)}], "s")
    'b 75%, a 25%'
    """
    total = _total(found)
    if not total:
        return ""
    parts: dict[str, Decimal] = {}
    for grant in found:
        if grant["amount"] is not None:
            parts[grant[key]] = parts.get(grant[key], Decimal(0)) + grant["amount"]
    ranked = sorted(parts.items(), key=lambda kv: (-kv[1], label(kv[0])))
    return ", ".join(f"{label(k)} {(v * 100 / total).quantize(Decimal(1))}%" for k, v in ranked)


def _by(found: list[dict], key: str) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for grant in found:
        grouped.setdefault(grant[key], []).append(grant)
    return grouped


def _ordered(rows: list[list], total_at: int, name_at: int, first=()) -> list[list]:
    """Rows sorted by ``first`` columns (descending), then total (largest first, not stated
    last), then name."""
    return sorted(rows, key=lambda r: (*[-r[i] for i in first], r[total_at] is None,
                                       -(r[total_at] or 0), r[name_at]))


def funders_report(kg, *, top: int = 10, round_label: str | None = None,
                   min_confidence: float | None = None, area: str | None = None
                   ) -> list[ReportTable]:
    """Per funder: grants, the total of their stated amounts, recipients, programmes, years,
    and the share of the stated money going to each recipient sector and area; largest total
    first."""
    found, area = _grants_of(kg, round_label, min_confidence, area)
    for grant in found:
        grant["district"] = _district(kg, grant)
    rows = []
    for funder, given in _by(found, "funder").items():
        rounds = sorted({g["round"] for g in given if g["round"]})
        undated = sum(1 for g in given if not g["round"])
        rows.append([given[0]["funder_name"], len(given), _total(given),
                     sum(1 for g in given if g["amount"] is None),
                     len({g["recipient"] for g in given}),
                     "; ".join(sorted({g["programme"] for g in given if g["programme"]})),
                     ", ".join(rounds) + (f" (and {undated} undated)" if undated else ""),
                     shares(given, "sector", lambda s: SECTOR_LABELS.get(s, s)),
                     shares(given, "district")])
    rows = [r[:2] + [amount(r[2])] + r[3:] for r in _ordered(rows, 2, 0)]
    total = _total(found)
    facts = {"funders": len(rows), "grants": len(found),
             "total": money(total) if total is not None else "not stated",
             "sectors": "share of each funder's stated amounts going to recipients of each "
                        "sector",
             "areas": "share going to recipients in each area (a district where the grant "
                      "names one)",
             **_selection_facts(round_label, min_confidence), **_area_facts(area)}
    header = ["funder", "grants", "total", "grants_without_amount", "recipients", "programmes",
              "years", "sectors", "areas"]
    return [ReportTable("Funders", header, rows[:top], facts,
                        ["funder", "grants", "total", "recipients", "years", "sectors"],
                        name="funders")]


def recipients_report(kg, *, top: int = 10, round_label: str | None = None,
                      min_confidence: float | None = None, area: str | None = None
                      ) -> list[ReportTable]:
    """Per recipient: how many funders, grants and total, and its funders year by year; the
    most co-funded (most funders) first."""
    found, area = _grants_of(kg, round_label, min_confidence, area)
    rows = []
    for recipient, received in _by(found, "recipient").items():
        years = []
        for round_label_, of_year in sorted(_by(received, "round").items()):
            names = "; ".join(sorted({g["funder_name"] for g in of_year}))
            years.append(f"{round_label_ or 'undated'}: {names}")
        rows.append([received[0]["recipient_name"],
                     SECTOR_LABELS.get(received[0]["sector"], received[0]["sector"]),
                     len({g["funder"] for g in received}), len(received), _total(received),
                     " | ".join(years)])
    rows = [r[:4] + [amount(r[4])] + r[5:] for r in _ordered(rows, 4, 0, first=(2,))]
    co_funded = sum(1 for r in rows if r[2] > 1)
    facts = {"recipients": len(rows),
             "co-funded": f"{counted(co_funded, 'recipient')} with two funders or more",
             **_selection_facts(round_label, min_confidence), **_area_facts(area)}
    header = ["recipient", "sector", "funders", "grants", "total", "funders_by_year"]
    return [ReportTable("Recipients, most co-funded first", header, rows[:top], facts,
                        name="recipients")]


def areas_report(kg, *, top: int = 10, round_label: str | None = None,
                 min_confidence: float | None = None, area: str | None = None
                 ) -> list[ReportTable]:
    """Coverage per area the grants state: per area, the grants whose recipient is in it (how
    many recipients, funders, and the total), and the grants that benefit it; the area with
    the largest total first. How many grants state no area is said under the table."""
    found, area = _grants_of(kg, round_label, min_confidence, area)
    _, names = grant_areas(kg)
    codes = sorted({c for g in found for c in g["areas"] + g["benefits"]}
                   if not area else {area})
    rows = []
    for code in codes:
        there = [g for g in found if code in g["areas"]]
        benefit = sum(1 for g in found if code in g["benefits"])
        rows.append([code, names.get(code, ""), len(there), len({g["recipient"] for g in there}),
                     len({g["funder"] for g in there}), _total(there), benefit])
    rows = [r[:5] + [amount(r[5])] + r[6:] for r in _ordered(rows, 5, 1)]
    stated = sum(1 for g in found if g["areas"])
    facts = {"grants with a recipient area": f"{stated} of {len(found)}",
             "grants with a beneficiaries' area": f"{sum(1 for g in found if g['benefits'])} "
                                                  f"of {len(found)}",
             "meaning": "an area is as the grants give it (a district, a ward ...): a grant "
                        "may name several",
             **_selection_facts(round_label, min_confidence), **_area_facts(area)}
    header = ["code", "area", "grants", "recipients", "funders", "total", "benefiting"]
    return [ReportTable("Grants by area", header, rows[:top], facts, name="areas")]
