"""The one-page summary: most-connected partners, collaboration clusters, coverage."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..core.errors import QueryError
from ..core.progress import status
from ..core.tables import amount, counted, fit_text, render_table, said
from ..network.analysis import Analysis, network_chosen, round_table, selection_of
from ..network.funding import NETWORKS, PARTNERSHIPS
from ..network.projection import MembershipTable, roll_up
from ..ontology import SECTOR_LABELS
from ..queries import get_query

__all__ = ["SummaryReport", "summary_report", "REPORT_FORMATS", "ReportTable", "render_tables",
           "render_report", "write_report", "partners_report", "clusters_report", "org_report",
           "path_report", "sectors_report", "rounds_report"]

REPORT_FORMATS = ("table", "csv", "tsv", "json", "md")
#: On screen, a detailed report's table shows this many rows (the rest: --format csv or json).
SHOWN_ROWS = 50
#: On screen, the summary lists this many clusters, each with this many members.
SHOWN_CLUSTERS = 25
SHOWN_MEMBERS = 12
#: On screen, a coverage table of more rows than this lists the programmes and rounds with a
#: stated total, and sums the others up in one row (a grant file has dozens of programmes).
SHOWN_COVERAGE = 10


def _sectors(counts: dict[str, int]) -> str:
    """Sector counts as 'council 4, police 1', with the sectors' labels."""
    return ", ".join(f"{SECTOR_LABELS.get(k, k)} {v}" for k, v in counts.items())


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
    round_label: str | None = None
    sector: str | None = None
    #: how many clusters there are (``clusters`` lists the largest)
    cluster_count: int = 0
    #: how many of the bids name no lead (their sources name the bodies, not who led)
    without_lead: int = 0
    #: the network measured (see ``network.funding.NETWORKS``), and a note on why
    network: str = PARTNERSHIPS
    note: str | None = None
    #: the area (GSS code) whose grants are measured, if one was asked for
    area: str | None = None
    #: how many of the bids are grants (360Giving's, with a funder)
    grants: int = 0

    def tables(self, brief: bool = False) -> list["ReportTable"]:
        """The report's tables: partners (the main one), clusters and coverage.

        ``brief`` (for reading on screen) lists the ``SHOWN_CLUSTERS`` largest clusters and
        their ``SHOWN_MEMBERS`` most central members, and says how many clusters are left out.
        """
        top = [[r.get("rank", i), r["name"], SECTOR_LABELS.get(r["sector"], r["sector"]),
                r["partners"], r["bids"], r["led"]] for i, r in enumerate(self.top, 1)]
        shown = self.clusters[:SHOWN_CLUSTERS] if brief else self.clusters
        clus = [[c["cluster"], c["name"], c["size"], _sectors(c["sectors"]),
                 _members(c["members"], SHOWN_MEMBERS if brief else None)] for c in shown]
        left = max(self.cluster_count, len(self.clusters)) - len(shown)
        if brief and left > 0:
            clus.append(["", f"{left:,} smaller clusters", "", "",
                         "(all of them: 'report clusters')"])
        coverage = self.coverage
        unstated = [c for c in coverage if not c["stated"]]
        if brief and len(coverage) > SHOWN_COVERAGE and unstated:
            coverage = [c for c in coverage if c["stated"]]
        cov = [[c["programme"], c["round"], c["bids"], c["stated"], c["covered"],
                amount(c["amount_recorded"]), amount(c["amount_stated"])]
               for c in coverage]
        if len(coverage) < len(self.coverage):  # the rest, summed up
            from decimal import Decimal

            recorded = [Decimal(str(c["amount_recorded"])) for c in unstated
                        if c["amount_recorded"] is not None]
            bids = sum(c["bids"] for c in unstated)
            cov.append([f"{counted(len(unstated), 'programme round')} with no stated total",
                        "", bids, None, f"{counted(bids, 'bid')} (all of them: --format csv "
                                        "or json)", amount(sum(recorded)) if recorded else None,
                        None])
        words = NETWORKS[self.network]
        shared = f"shared {words.thing}s" if self.network != "combined" else "shared ties"
        return [
            ReportTable("Most-connected partners (distinct co-partners)"
                        if self.network == PARTNERSHIPS else
                        f"Most-connected bodies in the {self.network} network (distinct bodies "
                        "tied to each)",
                        ["rank", "organisation", "sector", "partners", words.things,
                         words.led], top, name="partners"),
            ReportTable(f"Collaboration clusters (Louvain, weighted by {shared}, seed 42)",
                        ["cluster", "name", "size", "sectors", "members"], clus,
                        name="clusters"),
            ReportTable("Coverage against stated totals",
                        ["programme", "round", "bids", "stated bids", "coverage",
                         "amount recorded", "amount stated"], cov, name="coverage"),
        ]

    def render(self, format: str = "table") -> str:
        """The report as one JSON object, as text or Markdown, or (CSV and TSV hold one table)
        its main table; ``render_report`` also says which tables CSV and TSV leave out."""
        if format == "json":
            return json.dumps({
                "organisations": self.organisations, "bids": self.bids,
                "bids_without_lead": self.without_lead, "ties": self.ties,
                "top_partners": [{k: v for k, v in r.items()} for r in self.top],
                "clusters": self.clusters, "coverage": self.coverage,
                "as_of": self.as_of, "rolled_up": self.rolled_up,
                "min_confidence": self.min_confidence, "round": self.round_label,
                "sector": self.sector, "network": self.network, "note": self.note,
                "area": self.area, "grants": self.grants,
            }, indent=2, ensure_ascii=False, default=str)
        if format in ("csv", "tsv"):
            return render_tables(self.tables(), format)
        if format not in ("table", "md"):
            raise ValueError(f"unknown format {format!r}; known: {', '.join(REPORT_FORMATS)}")
        unled = f" ({self.without_lead} with no stated lead)" if self.without_lead else ""
        if self.grants and self.network in (PARTNERSHIPS, "combined"):
            unled = f", {self.grants:,} of them grants{unled}"
        words = NETWORKS[self.network]
        headline = (f"{counted(self.organisations, 'organisation')}, "
                    f"{counted(self.bids, words.thing)}{unled}, "
                    f"{counted(self.ties, words.tie)}")
        if self.network != PARTNERSHIPS:
            headline += f" (the {self.network} network: {words.meaning})"
        if self.area:
            headline += f"\nGrants whose recipient or beneficiaries are in {self.area}"
        if self.note:
            headline = f"{self.note}\n\n{headline}"
        if self.round_label:
            headline += f" in round {self.round_label}"
        if self.min_confidence is not None:
            headline += f" (memberships with confidence at least {self.min_confidence})"
        if self.as_of:
            moved = "; ".join(f"{old} -> {', '.join(new)}" for old, new in self.rolled_up.items())
            headline += (f"\nAs of {self.as_of}: {len(self.rolled_up)} bodies that no longer "
                         f"existed are counted as their successors" + (f" ({moved})" if moved
                                                                        else ""))
        if self.sector:
            headline += f"\nPartners and clusters with a {SECTOR_LABELS[self.sector]} member"
        parts = [fit_text(headline) if format == "table" else headline,
                 render_tables(self.tables(brief=True), format).rstrip("\n")]
        if format == "table" and self.modularity is not None:
            parts.append(f"Modularity of the clustering: {self.modularity:.3f}")
        return "\n\n".join(parts) + "\n"

    @property
    def modularity(self) -> float | None:
        return self.clusters[0]["modularity"] if self.clusters else None


def count_coverage(kg) -> list[list]:
    """The coverage query's rows as kept: [programme, round, bids, bids stated, amount
    recorded, amount stated] (amounts as text)."""
    with status("Counting bids per programme and round"):
        return [[str(row.programme), str(row["round"]), int(row.bids),
                 None if row.stated is None else int(row.stated),
                 None if row.amountRecorded is None else str(row.amountRecorded),
                 None if row.amountStated is None else str(row.amountStated)]
                for row in kg.query(get_query("coverage").sparql)]


def _coverage(kg, round_label: str | None = None) -> list[dict]:
    rows = []
    from ..graph.cache import remembered
    from ..graph.tables import COVERAGE_PARTS

    # kept: a million grants take 22 s to count (a first load keeps them, see graph.tables)
    for programme, round_, bids, stated, recorded, stated_amount in remembered(
            kg, "coverage", COVERAGE_PARTS, lambda: count_coverage(kg)):
        if round_label and round_ != round_label:
            continue
        rows.append({
            "programme": programme, "round": round_, "bids": bids, "stated": stated,
            "covered": f"{bids} of the {stated} bids of {round_}" if stated
            else f"{counted(bids, 'bid')} (no stated total)",
            "amount_recorded": amount(recorded) if bids else 0,
            "amount_stated": amount(stated_amount),
        })
    return rows


def _ranked(measures: list[dict], by: str) -> list[tuple[int, dict]]:
    """(rank, measures) of organisations sorted by ``by``: those tied on it share a rank (standard
    competition ranking: 1, 2, 2, 4).

    >>> [r for r, _ in _ranked([{"d": 3}, {"d": 2}, {"d": 2}, {"d": 1}], "d")]
    [1, 2, 2, 4]
    """
    ranked, rank, last = [], 0, None
    for i, m in enumerate(measures, 1):
        if m[by] != last:
            rank, last = i, m[by]
        ranked.append((rank, m))
    return ranked


def _selected_rows(kg, round_label: str | None, min_confidence: float | None,
                   as_of: str | None, network: str = PARTNERSHIPS, area: str | None = None
                   ) -> tuple[MembershipTable, dict[str, list[str]]]:
    """The memberships of a round, at least as sure as ``min_confidence``, and with bodies that
    no longer existed on ``as_of`` counted as their successors (and which those were); of
    ``network`` (see ``network.funding``), in grants of ``area`` (a GSS code)."""
    table = round_table(kg, round_label, min_confidence, network, area)
    if not as_of:
        return table, {}
    rows, rolled_up = roll_up(table.rows(), kg.register(), as_of)
    return MembershipTable.of_rows(rows), rolled_up


def _analysis(kg, round_label: str | None = None, min_confidence: float | None = None,
              as_of: str | None = None, network: str = PARTNERSHIPS, area: str | None = None,
              **options) -> tuple[Analysis, dict[str, list[str]]]:
    """The analysis of the memberships chosen as ``_selected_rows`` does (``options``: as
    ``Analysis.of``), and the bodies rolled up into their successors."""
    if not as_of:
        return Analysis.of(kg, round_label=round_label, min_confidence=min_confidence,
                           network=network, area=area, **options), {}
    table, rolled_up = _selected_rows(kg, round_label, min_confidence, as_of, network, area)
    return Analysis.of_rows(table.rows(), kg=kg, table=table, selection=selection_of(
        round_label, min_confidence, as_of, network, area), **options), rolled_up


def _chosen(kg, network: str | None, round_label: str | None, min_confidence: float | None,
            area: str | None) -> tuple[str, str | None, str | None]:
    """The network measured, a note when it was chosen for the user, and the GSS code of the
    ``area`` asked for (by code or name)."""
    from ..network.funding import find_area

    code = find_area(kg, area) if area else None
    return (*network_chosen(kg, network, round_label, min_confidence, code), code)


def _network_facts(network: str, note: str | None, area: str | None = None) -> dict:
    """The facts that say which network a report measures (nothing for partnerships, unless
    it was chosen with a note), and in which area."""
    facts = {} if network == PARTNERSHIPS else {"network": f"{network}: "
                                                           f"{NETWORKS[network].meaning}"}
    if area:
        facts["area"] = f"{area}: grants whose recipient or beneficiaries are in it"
    return facts | ({"note": note} if note else {})


#: Changes whenever what the sector and round reports count changes, so older kept counts
#: are not reused.
_COUNTS_VERSION = 1


def _remembered(kg, kind: str, selection: list, count):
    """``count()``, kept in the store for the data and ``selection`` (see ``graph.cache``): a
    national graph's sector and round counts take seconds, and reading them back a moment."""
    from ..graph.cache import remembered

    return remembered(kg, kind, [_COUNTS_VERSION, *selection], count)


def _selection_facts(round_label=None, min_confidence=None, as_of=None, sector=None) -> dict:
    """The facts that say how a report's memberships were chosen."""
    facts = {"round": round_label, "min_confidence": min_confidence, "as_of": as_of,
             "sector": SECTOR_LABELS.get(sector, sector)}
    return {k: v for k, v in facts.items() if v is not None}


def summary_report(kg, top: int = 10, as_of: str | None = None,
                   min_confidence: float | None = None, round_label: str | None = None,
                   sector: str | None = None, network: str | None = None,
                   area: str | None = None) -> SummaryReport:
    """Build the summary report of a knowledge graph: the ``top`` most-connected partners and
    ``top`` largest clusters.

    With ``as_of`` (an ISO date), bodies that no longer existed then count as their successors;
    with ``min_confidence``, only memberships at least that sure are counted; with
    ``round_label``, only the bids of that round; with ``sector``, only partners of that sector
    and clusters with a member of it are listed. ``network`` (see ``network.funding``): by
    default partnerships, or, where no bid has two members and grants make a network,
    funding, with a note saying which networks the data holds.
    """
    network, note, area = _chosen(kg, network, round_label, min_confidence, area)
    analysis, rolled_up = _analysis(kg, round_label, min_confidence, as_of, network, area,
                                    betweenness=False, structure=False)
    ranked = [{"rank": rank, "org": m["org"], "name": m["name"], "sector": m["sector"],
               "partners": m["degree"], "strength": m["strength"], "bids": m["bids"],
               "led": m["led"]}
              for rank, m in analysis.leaders(top, sector)]
    found = [c for c in analysis.clusters if not sector or sector in c["sectors"]]
    bids, led = analysis.table().bids_taken()  # from its arrays: no dict per membership
    # the "bids" of co-funding and shared-funders are bodies: no lead is theirs to state
    unled = len(bids) - led if network in (PARTNERSHIPS, "funding", "combined") else 0
    from ..network.funding import grant_funders, has_grants

    # without a grant, no bid is one: the grants' funders and programmes are not read
    grants = (len(grant_funders(kg).keys() & set(bids)) if has_grants(kg) else 0) \
        if network != "funding" else len(bids)
    return SummaryReport(
        organisations=len(analysis.columns("name")[0]), bids=len(bids), without_lead=unled,
        ties=analysis.ties, top=ranked, clusters=found[:top],
        coverage=_coverage(kg, round_label), as_of=as_of, rolled_up=rolled_up,
        min_confidence=min_confidence, round_label=round_label, sector=sector,
        cluster_count=len(found), network=network, note=note, area=area, grants=grants)


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
    #: What the table is called: its key in a report's JSON, its file's name (NAME.csv).
    name: str = "table"

    def as_dict(self) -> dict:
        return {"title": self.title, "facts": self.facts,
                "rows": [dict(zip(self.header, row)) for row in self.rows]}


def render_tables(tables: list[ReportTable], format: str = "table") -> str:
    """Tables as text or Markdown, or as one JSON object (a table's own, or one key per table
    for several); CSV and TSV give the first table only (see ``render_report``)."""
    if format == "json":
        data = tables[0].as_dict() if len(tables) == 1 else {t.name: t.as_dict() for t in tables}
        return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
    if format in ("csv", "tsv"):
        return render_table(tables[0].header, tables[0].rows, format) + "\n"
    parts = []
    for table in tables:
        facts = "\n".join(f"{k}: {said(v)}" for k, v in table.facts.items())
        if format == "table":
            facts = fit_text(facts)
        if not table.rows:
            parts.append(f"{table.title}." + (f"\n{facts}" if facts else ""))
            continue
        header, rows = table.header, table.rows
        amounts = [i for i, name in enumerate(header) if name in _AMOUNT_COLUMNS]
        if amounts:  # an unknown amount is "not stated" to a reader (an empty cell in files)
            rows = [[_NOT_STATED if i in amounts and v is None else v for i, v in enumerate(row)]
                    for row in rows]
        more = ""
        if format == "table":
            if table.compact:
                keep = [header.index(c) for c in table.compact]
                hidden = [c for c in header if c not in table.compact]
                if hidden:  # said, so that nobody takes the table for all there is
                    more += "\n" + fit_text(f"(columns not shown in this view: "
                                             f"{', '.join(hidden)}; all of them: --format csv, "
                                             "json or md)")
                header, rows = table.compact, [[row[i] for i in keep] for row in rows]
            if len(rows) > SHOWN_ROWS:  # a terminal shows the first; files get them all
                more += (f"\n... and {len(rows) - SHOWN_ROWS:,} more rows (all of them: "
                        "--format csv or json)")
                rows = rows[:SHOWN_ROWS]
        text = render_table(header, rows, format, title=table.title) + more
        parts.append(text + (("\n\n" if format == "md" else "\n") + facts if facts else ""))
    return "\n\n".join(parts) + "\n"


def render_report(report, format: str = "table") -> tuple[str, str | None]:
    """A report (``SummaryReport`` or a list of ``ReportTable``) for standard output, and a
    note for standard error or None.

    CSV and TSV hold one table: a report of several prints its first (main) one, and the note
    names the others and how to have them all (``--output-dir``).
    """
    if format not in REPORT_FORMATS:
        raise ValueError(f"unknown format {format!r}; known: {', '.join(REPORT_FORMATS)}")
    summary = isinstance(report, SummaryReport)
    tables = report.tables() if summary else report
    note = None
    if format in ("csv", "tsv") and len(tables) > 1:
        note = (f"Printed the table {tables[0].name!r}; the report also has "
                + ", ".join(repr(t.name) for t in tables[1:])
                + ": --output-dir DIR writes every table, one file each (DIR/NAME.csv).")
    if summary and format in ("table", "md", "json"):
        return report.render(format), note
    return render_tables(tables, format), note


def write_report(report, folder, format: str = "csv") -> list:
    """Every table of a report to ``folder``, one file each named after the table
    (``partners.csv``; ``.tsv`` for TSV); returns the paths written."""
    from pathlib import Path

    from ..core.files import atomic_path

    if format not in ("csv", "tsv"):
        raise ValueError(f"--output-dir writes CSV or TSV files, not {format!r}")
    tables = report.tables() if isinstance(report, SummaryReport) else report
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        path = folder / f"{table.name}.{format}"
        with atomic_path(path) as temporary:
            Path(temporary).write_text(render_tables([table], format), encoding="utf-8")
        written.append(path)
    return written


def _rank(values: list, value) -> int:
    """Competition rank (1 = highest) of ``value`` among ``values``.

    >>> _rank([3, 5, 5, 1], 5), _rank([3, 5, 5, 1], 3)
    (1, 3)
    """
    if value is None:
        return None  # an amount not stated has no rank
    return 1 + sum(1 for v in values if v is not None and v > value)


def _number(value):
    return round(value, 4) if isinstance(value, float) else value


#: Measures that are amounts of money.
_AMOUNTS = ("funding", "funding_led")
#: Columns of amounts in any report table, and how a table shows one not stated.
_AMOUNT_COLUMNS = {*_AMOUNTS, "amount", "amount_recorded", "amount_stated", "total"}
_NOT_STATED = "not stated"


def _value(measure: str, value):
    """A measure's value as reports give it: an amount for funding, else a rounded number."""
    return amount(value) if measure in _AMOUNTS else _number(value)


def partners_report(kg, *, by: str = "degree", top: int = 10, round_label: str | None = None,
                    sector: str | None = None, min_confidence: float | None = None,
                    as_of: str | None = None, network: str | None = None,
                    area: str | None = None) -> list[ReportTable]:
    from ..network.metrics import RANKABLE

    if by not in RANKABLE:
        raise QueryError(f"unknown measure {by!r}; known: {', '.join(RANKABLE)}")
    network, note, area = _chosen(kg, network, round_label, min_confidence, area)
    analysis, _ = _analysis(kg, round_label, min_confidence, as_of, network, area)
    # ranked on the measure's column alone; the measures of the organisations shown are read
    # then (a national graph's 120,000 organisations need no dict each)
    orgs, (values, names, sectors) = analysis.columns(by, "name", "sector")
    chosen = [i for i in range(len(orgs)) if not sector or sectors[i] == sector]
    # amounts not stated last: they are unknown, not nothing
    chosen.sort(key=lambda i: (values[i] is None, -(values[i] or 0), names[i]))
    ranks = _ranked([{by: values[i]} for i in chosen[:top]], by)  # a rank needs those before
    shown = [orgs[chosen[n]] for n in range(len(ranks))]
    measured = analysis.measures_for(shown)
    others = [k for k in RANKABLE if k != by]
    header = ["rank", "organisation", "sector", by] + others + ["cluster"]
    rows = []
    for (rank, _), org in zip(ranks, shown):
        m = measured[org]
        rows.append([rank, m["name"], SECTOR_LABELS.get(m["sector"], m["sector"]),
                     _value(by, m[by])] + [_value(k, m[k]) for k in others]
                    + [m.get("cluster", "")])
    facts = {"ranked by": f"{by}: {RANKABLE[by]}", "betweenness": analysis.notes["betweenness"],
             "organisations": len(orgs),
             **_selection_facts(round_label, min_confidence, as_of, sector),
             **_network_facts(network, note, area)}
    compact = list(dict.fromkeys(["rank", "organisation", "sector", by, "degree", "bids", "led",
                                  "betweenness", "brokerage", "cluster"]))
    # what each measure shown means, under the table (the README's glossary has them all)
    facts |= {f"{k} means": RANKABLE[k] for k in compact if k in RANKABLE and k != by}
    if network != PARTNERSHIPS:  # what bids and led count in this network
        words = NETWORKS[network]
        facts |= {"bids means": f"{words.things} it is in (each {words.thing} ties the bodies "
                                "it joins)", "led means": words.led_means}
    return [ReportTable(f"Partners by {by}", header, rows, facts, compact, name="partners")]


def clusters_report(kg, *, top: int = 10, round_label: str | None = None,
                    sector: str | None = None, min_confidence: float | None = None,
                    as_of: str | None = None, network: str | None = None,
                    area: str | None = None) -> list[ReportTable]:
    network, note, area = _chosen(kg, network, round_label, min_confidence, area)
    analysis, _ = _analysis(kg, round_label, min_confidence, as_of, network, area,
                            with_stability=True, betweenness=False, structure=False)
    found = [c for c in analysis.clusters if not sector or sector in c["sectors"]]
    rows = [[c["cluster"], c["name"], c["size"], _sectors(c["sectors"]), "; ".join(c["leads"]),
             amount(c["funding_led"]), c["internal_ties"], "; ".join(c["members"])]
            for c in found[:top]]
    first = analysis.clusters[0] if analysis.clusters else {"modularity": 0.0, "stability": None}
    words = NETWORKS[network]
    facts = {"method": f"{analysis.notes['clusters']} on shared-{words.thing} weights, seed 42"
             if network != "combined" else f"{analysis.notes['clusters']} on tie weights, "
                                           "seed 42",
             "modularity": round(first["modularity"], 4),
             "stability": (round(first["stability"], 4) if first["stability"] is not None
                           else None),
             "stability_method": "mean adjusted Rand index against Louvain with seeds 0-9",
             "meaning": "modularity: how much more of the ties fall inside clusters than "
                        "chance would put there (near 0: no clusters; above 0.3: clear ones); "
                        "stability: how far other seeds give the same clusters (1: the same)",
             "clusters": len(analysis.clusters),
             **_selection_facts(round_label, min_confidence, as_of, sector),
             **_network_facts(network, note, area)}
    if not analysis.clusters:  # no tie: nothing to measure, and it says why
        for key in ("modularity", "stability", "stability_method", "meaning"):
            facts.pop(key)
        bodies = counted(len(analysis.measures), "body", "bodies")
        facts["clusters"] = f"none: no two of the {bodies} share a {words.thing}"
    header = ["cluster", "name", "size", "sectors", "leads", "funding_led", "internal_ties",
              "members"]
    return [ReportTable("Collaboration clusters", header, rows, facts,
                        ["cluster", "name", "size", "sectors", "leads", "funding_led"],
                        name="clusters")]


def org_report(kg, name: str, *, round_label: str | None = None,
               min_confidence: float | None = None, as_of: str | None = None
               ) -> list[ReportTable]:
    from ..network.metrics import MEASURES

    analysis, _ = _analysis(kg, round_label, min_confidence, as_of)
    node = analysis.find(kg, name)
    me = analysis.measures_of(node)
    meanings = {**MEASURES, "brokerage": "share of partner pairs across sectors it alone joins"}
    measures = [[k, _value(k, me[k]), _rank(analysis.values(k), me[k]), meaning]
                for k, meaning in meanings.items()]
    # each bid once (two bids may share a label), in an order that does not vary between runs
    bids = sorted({(r["round"], r["bid_label"], r["role"], r["bid"]): r["amount"]
                   for r in analysis.rows_of([node])}.items())
    bids = [(*key[:3], value) for key, value in bids]
    partners = sorted(((name, shared) for _, name, shared in analysis.table().partners_of(node)),
                      key=lambda x: (-x[1], x[0]))
    cluster = next((c for c in analysis.clusters if node in c["ids"]), None)
    facts = {"organisation": me["name"], "node": node,
             "sector": SECTOR_LABELS.get(me["sector"], me["sector"]),
             "cluster": f"{cluster['cluster']}: {cluster['name']}" if cluster else "none",
             "out of": f"{len(analysis.values('name'))} organisations",
             **_selection_facts(round_label, min_confidence, as_of)}
    return [ReportTable(f"{me['name']}: measures and ranks", ["measure", "value", "rank",
                                                              "meaning"], measures, facts,
                        name="measures"),
            ReportTable("Bids", ["round", "bid", "role", "amount"],
                        [[*b[:3], amount(b[3])] for b in bids], name="bids"),
            ReportTable("Partners", ["partner", "shared bids"], [list(p) for p in partners],
                        name="partners")]


def path_report(kg, source: str, target: str, *, round_label: str | None = None,
                min_confidence: float | None = None, as_of: str | None = None
                ) -> list[ReportTable]:
    from ..network.paths import bid_path_in_table

    analysis, _ = _analysis(kg, round_label, min_confidence, as_of, betweenness=False,
                            structure=False)
    a, b = analysis.find(kg, source), analysis.find(kg, target)
    # found on the memberships: a national graph's projection is not made for one path
    known = analysis.names()
    steps = bid_path_in_table(analysis.table(), a, b, known)
    names = f"{known[a]} and {known[b]}"
    if steps is None:
        return [ReportTable(f"{names} are not connected by shared bids", ["step"], [],
                            {"connected": False}, name="path")]
    rows = [[i, s["from"], s["bid"], s["to"], s["shared_bids"]] for i, s in enumerate(steps, 1)]
    return [ReportTable(f"How {names} are connected", ["step", "from", "shared bid", "to",
                                                       "bids shared"], rows,
                        {"connected": True, "steps": len(steps)}, name="path")]


def sectors_report(kg, *, round_label: str | None = None, min_confidence: float | None = None,
                   as_of: str | None = None) -> list[ReportTable]:
    from ..network.brokerage import bids_joining, sector_matrix

    def count() -> dict:
        table, _ = _selected_rows(kg, round_label, min_confidence, as_of)
        with status("Counting the bids shared between sectors"):
            sectors, matrix = sector_matrix(table)
            return {"sectors": sectors, "matrix": matrix, "joined": bids_joining(table)}
    found = _remembered(kg, "sectors", [round_label, min_confidence, as_of], count)
    sectors, matrix, joined = found["sectors"], found["matrix"], found["joined"]
    labels = [SECTOR_LABELS.get(s, s) for s in sectors]
    return [ReportTable("Bids shared between sectors", ["sector"] + labels,
                        [[label] + line for label, line in zip(labels, matrix)],
                        {"diagonal": "bids with two or more members of the sector",
                         **_selection_facts(round_label, min_confidence, as_of)},
                        name="sectors"),
            ReportTable("Bids joining three or more of council, police, health, voluntary",
                        ["bid", "sectors", "members"],
                        [[b["label"], ", ".join(SECTOR_LABELS[s] for s in b["sectors"]),
                          b["members"]] for b in joined], name="joining")]


def rounds_report(kg, *, sector: str | None = None, min_confidence: float | None = None,
                  as_of: str | None = None) -> list[ReportTable]:
    from ..network.rounds import round_changes

    def count() -> list[dict]:
        rows = _selected_rows(kg, None, min_confidence, as_of)[0].rows()
        with status("Counting bodies and pairs round by round"):
            return round_changes([r for r in rows if r["sector"] == sector] if sector else rows)
    found = _remembered(kg, "rounds", [sector, min_confidence, as_of], count)
    header = ["round", "bids", "bodies", "new_bodies", "pairs", "repeat_pairs"]
    return [ReportTable("Rounds", header, [[r[h] for h in header] for r in found],
                        {"repeat_pairs": "pairs that had shared a bid in an earlier round",
                         **_selection_facts(None, min_confidence, as_of, sector)},
                        name="rounds")]
