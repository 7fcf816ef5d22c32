"""The networks grant data holds, on tests/data/funding/grants.json (written for these tests in
the shape of 360Giving's standard: 10 grants from 3 funders to 6 recipients).

The file, by hand (F: funder, R: recipient, amount, award date):

    g01 F1 -> R1 10,000 2015-05   g06 F2 -> R3 15,000 2016-07
    g02 F1 -> R2 20,000 2015-06   g07 F2 -> R4 25,000 2016-08
    g03 F1 -> R3 30,000 2016-05   g08 F3 -> R1 40,000 2015-09
    g04 F1 -> R1  1,000 2016-10   g09 F3 -> R5 50,000 2016-09
    g05 F2 -> R1  5,000 2015-07   g10 F2 -> R6 (no amount) 2016-12

F1 Northfield Community Foundation, F2 Eastway Lottery Trust, F3 Essex County Council (an
org-id of the register: the same body as the bundled data's Essex County Council); R1 Riverbank
Youth Club, R2 Hilltop Citizens Advice, R3 Meadow Lane Carers, R4 Old Mill Housing Association, R5 Harbour
Walk Advice Centre, R6 Greenway Allotment Society. Every expected value below is counted from
this table, not from the code's output.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from partnerkg import KnowledgeGraph
from partnerkg.core.errors import OptionError, QueryError
from partnerkg.network.analysis import Analysis
from partnerkg.network.funding import choose_network, network_of, networks_held

GRANTS = Path(__file__).parent.parent / "data" / "funding" / "grants.json"

F1, F2, F3 = "Northfield Community Foundation", "Eastway Lottery Trust", "Essex County Council"
R1, R2, R3 = "Riverbank Youth Club", "Hilltop Citizens Advice", "Meadow Lane Carers"
R4, R5, R6 = "Old Mill Housing Association", "Harbour Walk Advice Centre", "Greenway Allotment Society"


@pytest.fixture(scope="module")
def grants_kg():
    kg = KnowledgeGraph()
    kg.load([GRANTS])
    return kg


@pytest.fixture(scope="module")
def both_kg():
    from partnerkg.data import bundled_paths

    kg = KnowledgeGraph()
    kg.load([*bundled_paths(), GRANTS])
    return kg


def ties(analysis: Analysis) -> dict[frozenset, int]:
    """{{name, name}: weight} of the analysis's projection."""
    names = {org: m["name"] for org, m in analysis.measures.items()}
    return {frozenset((names[a], names[b])): w
            for a, b, w in analysis.projection.edges(data="weight")}


def by_name(analysis: Analysis) -> dict[str, dict]:
    return {m["name"]: m for m in analysis.measures.values()}


def test_funding_network_joins_funders_and_recipients_by_grants(grants_kg):
    analysis = Analysis.of(grants_kg, network="funding")
    # 9 pairs of funder and recipient; F1 -> R1 twice (g01, g04), every other pair once
    assert ties(analysis) == {
        frozenset((F1, R1)): 2, frozenset((F1, R2)): 1, frozenset((F1, R3)): 1,
        frozenset((F2, R1)): 1, frozenset((F2, R3)): 1, frozenset((F2, R4)): 1,
        frozenset((F2, R6)): 1, frozenset((F3, R1)): 1, frozenset((F3, R5)): 1}
    m = by_name(analysis)
    assert len(m) == 9  # 3 funders and 6 recipients
    # grants a body is in; received (led) only by recipients
    assert {n: (m[n]["bids"], m[n]["led"]) for n in (F1, F2, F3, R1, R6)} == {
        F1: (4, 0), F2: (4, 0), F3: (2, 0), R1: (4, 4), R6: (1, 1)}
    # the amounts of those grants: F1 10,000 + 20,000 + 30,000 + 1,000; F2 5,000 + 15,000 +
    # 25,000 (g10 states none); R1 10,000 + 1,000 + 5,000 + 40,000; R6 none stated
    assert (m[F1]["funding"], m[F2]["funding"], m[F3]["funding"]) == (
        Decimal(61000), Decimal(45000), Decimal(90000))
    assert (m[R1]["funding_led"], m[R6]["funding"]) == (Decimal(56000), None)
    # distinct bodies tied: F2 to R1, R3, R4, R6; R1 to F1, F2, F3
    assert (m[F2]["degree"], m[R1]["degree"], m[R1]["strength"]) == (4, 3, 4)


def test_funding_pairs_carry_grants_and_amounts(grants_kg):
    from partnerkg.network.funding import funding_ties, grants

    pairs = {(p["funder_name"], p["recipient_name"]): (p["grants"], p["amount"])
             for p in funding_ties(grants(grants_kg))}
    assert pairs == {
        (F1, R1): (2, Decimal(11000)), (F1, R2): (1, Decimal(20000)),
        (F1, R3): (1, Decimal(30000)), (F2, R1): (1, Decimal(5000)),
        (F2, R3): (1, Decimal(15000)), (F2, R4): (1, Decimal(25000)), (F2, R6): (1, None),
        (F3, R1): (1, Decimal(40000)), (F3, R5): (1, Decimal(50000))}


def test_co_funding_joins_funders_by_shared_recipients(grants_kg):
    analysis = Analysis.of(grants_kg, network="co-funding")
    # F1 funds {R1, R2, R3}, F2 {R1, R3, R4, R6}, F3 {R1, R5}
    assert ties(analysis) == {frozenset((F1, F2)): 2, frozenset((F1, F3)): 1,
                              frozenset((F2, F3)): 1}
    m = by_name(analysis)
    assert {n: m[n]["bids"] for n in m} == {F1: 3, F2: 4, F3: 2}  # recipients each funds


def test_shared_funders_joins_recipients_by_shared_funders(grants_kg):
    analysis = Analysis.of(grants_kg, network="shared-funders")
    # R1 {F1, F2, F3}, R2 {F1}, R3 {F1, F2}, R4 {F2}, R5 {F3}, R6 {F2}: pairs sharing one
    assert ties(analysis) == {
        frozenset((R1, R2)): 1, frozenset((R1, R3)): 2, frozenset((R1, R4)): 1,
        frozenset((R1, R5)): 1, frozenset((R1, R6)): 1, frozenset((R2, R3)): 1,
        frozenset((R3, R4)): 1, frozenset((R3, R6)): 1, frozenset((R4, R6)): 1}


def test_a_round_chooses_the_grants_first(grants_kg):
    # 2015-16 (April 2015 to March 2016): g01, g02, g05, g08: F1 -> R1, R2; F2 -> R1; F3 -> R1
    analysis = Analysis.of(grants_kg, network="co-funding", round_label="2015-16")
    assert ties(analysis) == {frozenset((F1, F2)): 1, frozenset((F1, F3)): 1,
                              frozenset((F2, F3)): 1}


def test_which_networks_grant_data_holds(grants_kg):
    from partnerkg.network.analysis import round_table

    table = round_table(grants_kg)
    assert networks_held(grants_kg, table) == ["funding", "co-funding", "shared-funders",
                                               "combined"]
    network, note = choose_network(grants_kg, table, None)
    assert network == "funding" and "no tie" in note and "co-funding" in note
    with pytest.raises(OptionError, match="unknown network"):
        network_of(grants_kg, table, "nonsense")


def test_bundled_data_has_no_funding_network(bundled_kg):
    from partnerkg.network.analysis import round_table

    assert choose_network(bundled_kg, round_table(bundled_kg), None) == ("partnerships", None)
    with pytest.raises(QueryError, match="no grant with a funder"):
        Analysis.of(bundled_kg, network="funding")


def test_bids_and_grants_stay_apart_and_a_shared_body_links_them(bundled_kg, both_kg):
    alone = by_name(Analysis.of(bundled_kg))
    partnerships = by_name(Analysis.of(both_kg))
    # a grant is a bid of one member: it ties no one, and Essex keeps its bundled partners
    assert partnerships[F3]["degree"] == alone[F3]["degree"]
    assert all(partnerships[r]["degree"] == 0 for r in (R1, R2, R3, R4, R5, R6))
    assert F1 not in partnerships and F2 not in partnerships  # funders are not partners
    # the partnership network is the default, and the grants' networks are named
    from partnerkg.network.analysis import round_table

    chosen, note = choose_network(both_kg, round_table(both_kg), None)
    assert chosen == "partnerships" and "funding, co-funding, shared-funders, combined" in note
    from partnerkg.reports.partnerships import summary_report

    # the bundled data's 55 bids and the file's 10 grants, said apart
    assert "65 bids, 10 of them grants (7 with no stated lead)" in \
        summary_report(both_kg).render("table")
    # the funding network of both is the grants' alone: 9 nodes, 9 ties
    funding = Analysis.of(both_kg, network="funding")
    assert len(funding.measures) == 9 and funding.ties == 9
    # combined: Essex County Council is a partner in bids and the funder of g08 (R1) and g09
    # (R5): its ties are its bundled partners and those two recipients
    combined = Analysis.of(both_kg, network="combined")
    m = by_name(combined)
    assert m[F3]["degree"] == alone[F3]["degree"] + 2
    names = {org: x["name"] for org, x in combined.measures.items()}
    essex = next(o for o, n in names.items() if n == F3)
    assert {names[p] for p in combined.projection[essex]} >= {R1, R5}
    # the ties between the worlds go through the shared body: R5's only tie is to Essex
    r5 = next(o for o, n in names.items() if n == R5)
    assert [names[p] for p in combined.projection[r5]] == [F3]


def test_a_projection_too_dense_to_hold_is_refused(grants_kg, monkeypatch):
    from partnerkg.network import funding
    from partnerkg.network.analysis import round_table

    # shared-funders: F2 funds 4 recipients (6 pairs), F1 3 (3), F3 2 (1): 10 pairs in all
    table = round_table(grants_kg)
    monkeypatch.setattr(funding, "MAX_PAIRS", 9)
    with pytest.raises(QueryError, match="would join 10 pairs.*joins 4"):
        funding.network_of(grants_kg, table, "shared-funders")
    monkeypatch.setattr(funding, "MAX_PAIRS", 10)
    # one membership per grant (recipient, funder): 10 grants
    assert len(funding.network_of(grants_kg, table, "shared-funders")) == 10
