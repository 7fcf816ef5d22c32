"""The one-page summary: most-connected partners, collaboration clusters, coverage."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .formats import cell_text, render_table
from .graph.metrics import clusters, top_partners
from .graph.network import copartnership_graph, memberships, roll_up
from .ontology import SECTOR_LABELS
from .queries import get_query

__all__ = ["SummaryReport", "summary_report", "REPORT_FORMATS"]

REPORT_FORMATS = ("table", "csv", "json", "md")


@dataclass
class SummaryReport:
    organisations: int
    bids: int
    ties: int
    top: list[dict]
    clusters: list[dict]
    coverage: list[dict] = field(default_factory=list)
    as_of: str | None = None
    min_confidence: float | None = None
    rolled_up: dict[str, list[str]] = field(default_factory=dict)

    def sections(self) -> list[tuple[str, list[str], list[list]]]:
        """(title, header, rows) for each table of the report."""
        top = [[i, r["name"], SECTOR_LABELS.get(r["sector"], r["sector"]), r["partners"],
                r["bids"], r["led"]]
               for i, r in enumerate(self.top, 1)]
        clus = [[c["cluster"], c["name"], c["size"],
                 ", ".join(f"{SECTOR_LABELS.get(k, k)} {v}" for k, v in c["sectors"].items()),
                 "; ".join(c["members"])] for c in self.clusters]
        cov = [[c["programme"], c["round"], c["bids"], c["stated"], c["covered"],
                c["amount_recorded"], c["amount_stated"]] for c in self.coverage]
        return [
            ("Most-connected partners (distinct co-partners)",
             ["rank", "organisation", "sector", "partners", "bids", "led"], top),
            ("Collaboration clusters (Louvain, weighted by shared bids, seed 42)",
             ["cluster", "name", "size", "sectors", "members"], clus),
            ("Coverage against stated totals",
             ["programme", "round", "bids", "stated bids", "coverage", "amount recorded (GBP)",
              "amount stated (GBP)"], cov),
        ]

    def render(self, format: str = "table") -> str:
        if format == "json":
            return json.dumps({
                "organisations": self.organisations, "bids": self.bids, "ties": self.ties,
                "top_partners": [{k: v for k, v in r.items()} for r in self.top],
                "clusters": self.clusters, "coverage": self.coverage,
                "as_of": self.as_of, "rolled_up": self.rolled_up,
                "min_confidence": self.min_confidence,
            }, indent=2, ensure_ascii=False, default=str)
        if format not in REPORT_FORMATS:
            raise ValueError(f"unknown format {format!r}; known: {', '.join(REPORT_FORMATS)}")
        headline = (f"{self.organisations} organisations, {self.bids} bids, "
                    f"{self.ties} co-partnership ties")
        if self.min_confidence is not None:
            headline += f" (memberships with confidence at least {self.min_confidence})"
        if self.as_of:
            moved = "; ".join(f"{old} -> {', '.join(new)}" for old, new in self.rolled_up.items())
            headline += (f"\nAs of {self.as_of}: {len(self.rolled_up)} bodies that no longer "
                         f"existed are counted as their successors" + (f" ({moved})" if moved
                                                                        else ""))
        parts = [] if format == "csv" else [headline]
        for title, header, rows in self.sections():
            if format == "csv":
                parts.append(f"# {title}\n" + render_table(header, rows, "csv"))
            else:
                parts.append(render_table(header, rows, format, title=title))
        if format == "table" and self.modularity is not None:
            parts.append(f"Modularity of the clustering: {self.modularity:.3f}")
        return "\n\n".join(parts) + "\n"

    @property
    def modularity(self) -> float | None:
        return self.clusters[0]["modularity"] if self.clusters else None


def _coverage(kg) -> list[dict]:
    rows = []
    for row in kg.query(get_query("coverage").sparql):
        bids = int(row.bids)
        stated = int(row.stated) if row.stated is not None else None
        rows.append({
            "programme": str(row.programme), "round": str(row["round"]), "bids": bids,
            "stated": stated,
            "covered": f"{bids} of the {stated} bids of {row['round']}" if stated
            else f"{bids} bids (no stated total)",
            "amount_recorded": cell_text(row.amountRecorded) if bids else "0",
            "amount_stated": cell_text(row.amountStated),
        })
    return rows


def summary_report(kg, top: int = 10, as_of: str | None = None,
                   min_confidence: float | None = None) -> SummaryReport:
    """Build the summary report of a knowledge graph.

    With ``as_of`` (an ISO date), bodies that no longer existed then count as their successors;
    with ``min_confidence``, only memberships at least that sure are counted.
    """
    rows = memberships(kg, min_confidence)
    rolled_up: dict[str, list[str]] = {}
    if as_of:
        rows, rolled_up = roll_up(rows, kg.register(), as_of)
    graph = copartnership_graph(rows)
    return SummaryReport(
        organisations=graph.number_of_nodes(), bids=len({r["bid"] for r in rows}),
        ties=graph.number_of_edges(), top=top_partners(graph, top), clusters=clusters(graph),
        coverage=_coverage(kg), as_of=as_of, rolled_up=rolled_up,
        min_confidence=min_confidence)
