"""The one-page summary: most-connected partners, collaboration clusters, coverage."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..core.errors import QueryError
from ..core.progress import status
from ..core.tables import cell_text, render_table
from ..network.analysis import Analysis, round_table
from ..network.projection import memberships, roll_up
from ..ontology import SECTOR_LABELS
from ..queries import get_query

__all__ = ["SummaryReport", "summary_report", "REPORT_FORMATS", "ReportTable", "render_tables",
           "partners_report", "clusters_report", "org_report", "path_report", "sectors_report",
           "rounds_report"]

REPORT_FORMATS = ("table", "csv", "json", "md")
#: On screen, a detailed report's table shows this many rows (the rest: --format csv or json).
SHOWN_ROWS = 50
#: On screen, the summary lists this many clusters, each with this many members.
SHOWN_CLUSTERS = 25
SHOWN_MEMBERS = 12


def _members(names: list[str], limit: int | None) -> str:
    """Names joined; past ``limit``, the first ones and how many more.

    >>> _members(["A", "B", "C"], 2)
    'A; B; and 1 more'
    """
    if limit is None or len(names) <= limit:
        return "; ".join(names)
    return "; ".join(names[:limit]) + f"; and {len(names) - limit:,} more"


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

    def sections(self, brief: bool = False) -> list[tuple[str, list[str], list[list]]]:
        """(title, header, rows) for each table of the report.

        ``brief`` (for reading on screen) lists the ``SHOWN_CLUSTERS`` largest clusters and
        their ``SHOWN_MEMBERS`` most central members; otherwise every cluster and member.
        """
        top = [[i, r["name"], SECTOR_LABELS.get(r["sector"], r["sector"]), r["partners"],
                r["bids"], r["led"]]
               for i, r in enumerate(self.top, 1)]
        shown = self.clusters[:SHOWN_CLUSTERS] if brief else self.clusters
        clus = [[c["cluster"], c["name"], c["size"],
                 ", ".join(f"{SECTOR_LABELS.get(k, k)} {v}" for k, v in c["sectors"].items()),
                 _members(c["members"], SHOWN_MEMBERS if brief else None)] for c in shown]
        if len(shown) < len(self.clusters):
            rest = self.clusters[len(shown):]
            clus.append(["", f"{len(rest):,} smaller clusters", sum(c["size"] for c in rest), "",
                         "(all of them: --format csv or json, or 'report clusters')"])
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
        for title, header, rows in self.sections(brief=format in ("table", "md")):
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
    with status("Reading memberships"):
        rows = memberships(kg, min_confidence)
    rolled_up: dict[str, list[str]] = {}
    if as_of:
        rows, rolled_up = roll_up(rows, kg.register(), as_of)
    analysis = Analysis.of_rows(rows, kg=kg, betweenness=False, structure=False,
                                selection={"round": None, "min_confidence": min_confidence,
                                           "as_of": as_of})
    ranked = [{"org": m["org"], "name": m["name"], "sector": m["sector"], "partners": m["degree"],
               "strength": m["strength"], "bids": m["bids"], "led": m["led"]}
              for m in analysis.top(top)]
    return SummaryReport(
        organisations=len(analysis.measures), bids=len({r["bid"] for r in rows}),
        ties=analysis.ties, top=ranked, clusters=analysis.clusters,
        coverage=_coverage(kg), as_of=as_of, rolled_up=rolled_up,
        min_confidence=min_confidence)


# --- the analytical reports: partners, clusters, org, path, sectors, rounds -----------------


@dataclass
class ReportTable:
    """One titled table with a few facts about how it was made."""

    title: str
    header: list[str]
    rows: list[list]
    facts: dict = field(default_factory=dict)
    #: Columns shown in the terminal table (all columns go to CSV, JSON and Markdown).
    compact: list[str] | None = None

    def as_dict(self) -> dict:
        return {"title": self.title, "facts": self.facts,
                "rows": [dict(zip(self.header, row)) for row in self.rows]}


def render_tables(tables: list[ReportTable], format: str = "table") -> str:
    """Tables as text, CSV (blocks headed by '# title'), Markdown or one JSON document."""
    if format == "json":
        data = [t.as_dict() for t in tables]
        return json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False,
                          default=str) + "\n"
    parts = []
    for table in tables:
        facts = "\n".join(f"{k}: {v}" for k, v in table.facts.items())
        if not table.rows and format != "csv":
            parts.append(f"{table.title}." + (f"\n{facts}" if facts else ""))
        elif format == "csv":
            parts.append(f"# {table.title}\n" + render_table(table.header, table.rows, "csv"))
        else:
            header, rows = table.header, table.rows
            more = ""
            if format == "table":
                if table.compact:
                    keep = [header.index(c) for c in table.compact]
                    header, rows = table.compact, [[row[i] for i in keep] for row in rows]
                if len(rows) > SHOWN_ROWS:  # a terminal shows the first; files get them all
                    more = (f"\n... and {len(rows) - SHOWN_ROWS:,} more rows (all of them: "
                            "--format csv or json)")
                    rows = rows[:SHOWN_ROWS]
            text = render_table(header, rows, format, title=table.title) + more
            parts.append(text + (("\n\n" if format == "md" else "\n") + facts if facts else ""))
    return "\n\n".join(parts) + "\n"


def _rank(values: dict[str, float], node: str) -> int:
    """Competition rank (1 = highest)."""
    return 1 + sum(1 for v in values.values() if v > values[node])


def _number(value):
    return round(value, 4) if isinstance(value, float) else value


def partners_report(kg, *, by: str = "degree", top: int = 10, round_label: str | None = None,
                    sector: str | None = None) -> list[ReportTable]:
    from ..network.metrics import MEASURES

    if by not in MEASURES:
        raise QueryError(f"unknown measure {by!r}; known: {', '.join(MEASURES)}")
    analysis = Analysis.of(kg, round_label=round_label)
    listed = [m for m in analysis.measures.values() if not sector or m["sector"] == sector]
    listed.sort(key=lambda m: (-m[by], m["name"]))
    header = ["rank", "organisation", "sector", by] + [k for k in MEASURES if k != by] + \
        ["sectors_spanned", "brokerage", "cluster"]
    rows = [[i, m["name"], SECTOR_LABELS.get(m["sector"], m["sector"]), _number(m[by])]
            + [_number(m[k]) for k in MEASURES if k != by]
            + [m["sectors_spanned"], _number(m["brokerage"]), m.get("cluster", "")]
            for i, m in enumerate(listed[:top], 1)]
    facts = {"ranked by": f"{by}: {MEASURES[by]}", "betweenness": analysis.notes["betweenness"],
             "organisations": len(analysis.measures)}
    if round_label:
        facts["round"] = round_label
    if sector:
        facts["sector"] = SECTOR_LABELS.get(sector, sector)
    compact = list(dict.fromkeys(["rank", "organisation", "sector", by, "degree", "bids", "led",
                                  "betweenness", "brokerage", "cluster"]))
    return [ReportTable(f"Partners by {by}", header, rows, facts, compact)]


def clusters_report(kg, *, top: int = 10, round_label: str | None = None,
                    sector: str | None = None) -> list[ReportTable]:
    analysis = Analysis.of(kg, round_label=round_label, with_stability=True,
                           betweenness=False, structure=False)
    found = [c for c in analysis.clusters if not sector or sector in c["sectors"]]
    rows = [[c["cluster"], c["name"], c["size"],
             ", ".join(f"{SECTOR_LABELS.get(k, k)} {v}" for k, v in c["sectors"].items()),
             "; ".join(c["leads"]), c["funding_led"], c["internal_ties"], "; ".join(c["members"])]
            for c in found[:top]]
    first = analysis.clusters[0] if analysis.clusters else {"modularity": 0.0, "stability": None}
    facts = {"method": f"{analysis.notes['clusters']} on shared-bid weights, seed 42",
             "modularity": round(first["modularity"], 4),
             "stability": (round(first["stability"], 4) if first["stability"] is not None
                           else None),
             "stability_method": "mean adjusted Rand index against Louvain with seeds 0-9",
             "clusters": len(analysis.clusters)}
    header = ["cluster", "name", "size", "sectors", "leads", "funding_led", "internal_ties",
              "members"]
    return [ReportTable("Collaboration clusters", header, rows, facts,
                        ["cluster", "name", "size", "sectors", "leads", "funding_led"])]


def org_report(kg, name: str, *, round_label: str | None = None) -> list[ReportTable]:
    from ..network.metrics import MEASURES

    analysis = Analysis.of(kg, round_label=round_label)
    node = analysis.find(kg, name)
    me = analysis.measures[node]
    measures = [[k, _number(me[k]), _rank({o: m[k] for o, m in analysis.measures.items()}, node),
                 MEASURES[k]] for k in MEASURES]
    measures.append(["brokerage", _number(me["brokerage"]),
                     _rank({o: m["brokerage"] for o, m in analysis.measures.items()}, node),
                     "share of partner pairs across sectors it alone joins"])
    bids = sorted({(r["round"], r["bid_label"], r["role"], str(r["amount"] or ""))
                   for r in analysis.rows_of([node])})
    graph = analysis.projection
    partners = sorted(((graph.nodes[p]["label"], d["weight"]) for p, d in graph[node].items()),
                      key=lambda x: (-x[1], x[0]))
    cluster = next((c for c in analysis.clusters if node in c["ids"]), None)
    facts = {"organisation": me["name"], "node": node,
             "sector": SECTOR_LABELS.get(me["sector"], me["sector"]),
             "cluster": f"{cluster['cluster']}: {cluster['name']}" if cluster else "none",
             "out of": f"{len(analysis.measures)} organisations"}
    return [ReportTable(f"{me['name']}: measures and ranks", ["measure", "value", "rank",
                                                              "meaning"], measures, facts),
            ReportTable("Bids", ["round", "bid", "role", "amount"], [list(b) for b in bids]),
            ReportTable("Partners", ["partner", "shared bids"], [list(p) for p in partners])]


def path_report(kg, source: str, target: str, *, round_label: str | None = None
                ) -> list[ReportTable]:
    from ..network.paths import bid_path

    analysis = Analysis.of(kg, round_label=round_label, betweenness=False, structure=False)
    a, b = analysis.find(kg, source), analysis.find(kg, target)
    labels = {bid[0]: bid[1] for bid in analysis.table().bids}
    steps = bid_path(analysis.projection, a, b, labels)
    names = f"{analysis.measures[a]['name']} and {analysis.measures[b]['name']}"
    if steps is None:
        return [ReportTable(f"{names} are not connected by shared bids", ["step"], [],
                            {"connected": False})]
    rows = [[i, s["from"], s["bid"], s["to"], s["shared_bids"]] for i, s in enumerate(steps, 1)]
    return [ReportTable(f"How {names} are connected", ["step", "from", "shared bid", "to",
                                                       "bids shared"], rows,
                        {"connected": True, "steps": len(steps)})]


def sectors_report(kg, *, round_label: str | None = None) -> list[ReportTable]:
    from ..network.brokerage import bids_joining, sector_matrix

    table = round_table(kg, round_label)
    sectors, matrix = sector_matrix(table)
    labels = [SECTOR_LABELS.get(s, s) for s in sectors]
    joined = bids_joining(table)
    return [ReportTable("Bids shared between sectors", ["sector"] + labels,
                        [[label] + line for label, line in zip(labels, matrix)],
                        {"diagonal": "bids with two or more members of the sector"}),
            ReportTable("Bids joining three or more of council, police, health, voluntary",
                        ["bid", "sectors", "members"],
                        [[b["label"], ", ".join(SECTOR_LABELS[s] for s in b["sectors"]),
                          b["members"]] for b in joined])]


def rounds_report(kg, *, sector: str | None = None) -> list[ReportTable]:
    from ..network.rounds import round_changes

    rows = memberships(kg)
    if sector:
        rows = [r for r in rows if r["sector"] == sector]
    found = round_changes(rows)
    header = ["round", "bids", "bodies", "new_bodies", "pairs", "repeat_pairs"]
    return [ReportTable("Rounds", header, [[r[h] for h in header] for r in found],
                        {"repeat_pairs": "pairs that had shared a bid in an earlier round"})]
