"""Funder and recipient reports on tests/data/funding/grants.json (tabulated by hand in
tests/network/test_funding.py). Recipient sectors, guessed from their names: Hilltop Citizens
Advice voluntary and community, Old Mill Housing Association housing, the other four other."""

from __future__ import annotations

from pathlib import Path

import pytest
from partnerkg import KnowledgeGraph
from partnerkg.core.errors import QueryError
from partnerkg.reports.funding import funders_report, recipients_report

GRANTS = Path(__file__).parent.parent / "data" / "funding" / "grants.json"


@pytest.fixture(scope="module")
def grants_kg():
    kg = KnowledgeGraph()
    kg.load([GRANTS])
    return kg


def rows(tables) -> list[dict]:
    return tables[0].as_dict()["rows"]


def test_funders_report(grants_kg):
    found = rows(funders_report(grants_kg))
    # totals: Essex 40,000 + 50,000; Northfield 10,000 + 20,000 + 30,000 + 1,000; Eastway
    # 5,000 + 15,000 + 25,000 and g10 with no amount. Largest first.
    assert [(r["funder"], r["grants"], r["total"], r["grants_without_amount"],
             r["recipients"]) for r in found] == [
        ("Essex County Council", 2, 90000, 0, 2),
        ("Northfield Community Foundation", 4, 61000, 0, 3),
        ("Eastway Lottery Trust", 4, 45000, 1, 4)]
    by = {r["funder"]: r for r in found}
    assert by["Northfield Community Foundation"]["programmes"] == "Big Grants; Small Grants"
    assert by["Eastway Lottery Trust"]["years"] == "2015-16, 2016-17"
    # Northfield: other (R1 11,000 + R3 30,000) 41,000 / 61,000 = 67%, voluntary (R2) 20,000
    # = 33%; Eastway: housing (R4) 25,000 / 45,000 = 56%, other 20,000 = 44%
    assert by["Northfield Community Foundation"]["sectors"] == \
        "other 67%, voluntary and community 33%"
    assert by["Eastway Lottery Trust"]["sectors"] == "housing 56%, other 44%"
    assert by["Essex County Council"]["sectors"] == "other 100%"


def test_funders_of_one_round(grants_kg):
    # 2015-16: g01 (F1 10,000), g02 (F1 20,000), g05 (F2 5,000), g08 (F3 40,000)
    found = rows(funders_report(grants_kg, round_label="2015-16"))
    assert [(r["funder"], r["grants"], r["total"]) for r in found] == [
        ("Essex County Council", 1, 40000), ("Northfield Community Foundation", 2, 30000),
        ("Eastway Lottery Trust", 1, 5000)]


def test_recipients_most_co_funded_first_with_funders_over_time(grants_kg):
    found = rows(recipients_report(grants_kg, top=3))
    # Riverbank: 3 funders (F1 g01 g04, F2 g05, F3 g08); Meadow Lane: 2 (F1 g03, F2 g06); then
    # one funder each, by total: Harbour Walk 50,000 first
    assert [(r["recipient"], r["funders"], r["grants"], r["total"]) for r in found] == [
        ("Riverbank Youth Club", 3, 4, 56000), ("Meadow Lane Carers", 2, 2, 45000),
        ("Harbour Walk Advice Centre", 1, 1, 50000)]
    assert found[0]["funders_by_year"] == (
        "2015-16: Eastway Lottery Trust; Essex County Council; Northfield Community "
        "Foundation | 2016-17: Northfield Community Foundation")
    all_rows = rows(recipients_report(grants_kg))
    assert all_rows[-1]["recipient"] == "Greenway Allotment Society"  # amount not stated last
    assert all_rows[-1]["total"] is None


def test_funder_reports_refuse_data_without_grants(bundled_kg, run):
    with pytest.raises(QueryError, match="no grant with a funder"):
        funders_report(bundled_kg)
    result = run("report", "recipients")
    assert result.exit_code == 1 and "no grant with a funder" in result.output
    assert run("report", "funders", "--sector", "police").exit_code == 2


def test_summary_coverage_beyond_a_screen_lists_stated_totals_and_counts_the_rest(tmp_path):
    from partnerkg.reports.partnerships import SHOWN_COVERAGE, SummaryReport, write_report

    stated = {"programme": "Award", "round": "2015-16", "bids": 5, "stated": 8,
              "covered": "5 of the 8 bids of 2015-16", "amount_recorded": 1000,
              "amount_stated": 2000}
    # SHOWN_COVERAGE + 2 programmes with no stated total, 3 bids and £100.50 recorded each
    unstated = [{"programme": f"Fund {i:02d}", "round": "2016-17", "bids": 3, "stated": None,
                 "covered": "3 bids (no stated total)", "amount_recorded": 100.5,
                 "amount_stated": None} for i in range(SHOWN_COVERAGE + 2)]
    report = SummaryReport(organisations=3, bids=5, ties=1, top=[], clusters=[],
                           coverage=[stated, *unstated])
    shown = report.tables(brief=True)[2].rows
    n = SHOWN_COVERAGE + 2
    assert [r[0] for r in shown] == ["Award", f"{n} programme rounds with no stated total"]
    assert shown[1][2] == 3 * n and float(shown[1][5]) == 100.5 * n  # 36 bids, £1,206
    assert "Fund 00" not in report.render("table")
    # files and JSON have every row
    coverage = write_report(report, tmp_path)[2].read_text(encoding="utf-8")
    assert all(f"Fund {i:02d}" in coverage for i in range(n))
    # a table that fits the screen is shown whole
    small = SummaryReport(organisations=3, bids=5, ties=1, top=[], clusters=[],
                          coverage=[stated, *unstated[:3]])
    assert len(small.tables(brief=True)[2].rows) == 4
