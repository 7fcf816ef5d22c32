"""Places in grant data: tests/data/funding/grants.json gives each grant its recipient's
district (GSS code, name) and postcode, and the same district as the beneficiaries' location
(tabulated by hand in tests/network/test_funding.py; districts: R1 Riverbank and R3 Meadow Lane
Basildon E07000066, R2 Hilltop Braintree E07000067, R4 Old Mill and R6 Greenway Chelmsford
E07000070, R5 Harbour Walk Colchester E07000071). The same grants flattened to CSV and XLSX with
360Giving's column titles give the same networks and places."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
from partnerkg import KnowledgeGraph
from partnerkg.core.errors import OptionError, QueryError
from partnerkg.network.analysis import Analysis

GRANTS = Path(__file__).parent.parent / "data" / "funding" / "grants.json"
F1, F2, F3 = "Northfield Community Foundation", "Eastway Lottery Trust", "Essex County Council"
R1, R3 = "Riverbank Youth Club", "Meadow Lane Carers"

TITLES = ["Identifier", "Title", "Currency", "Amount Awarded", "Award Date",
          "Recipient Org:Identifier", "Recipient Org:Name", "Recipient Org:Postal Code",
          "Recipient Org:Location:0:Geographic Code",
          "Recipient Org:Location:0:Geographic Code Type", "Recipient Org:Location:0:Name",
          "Funding Org:Identifier", "Funding Org:Name", "Grant Programme:Title",
          "Beneficiary Location:0:Name", "Beneficiary Location:0:Geographic Code",
          "Beneficiary Location:0:Geographic Code Type"]


def flat_rows() -> list[list]:
    """The JSON file's grants as rows under ``TITLES``."""
    rows = []
    for g in json.loads(GRANTS.read_text(encoding="utf-8"))["grants"]:
        r, f, b = g["recipientOrganization"][0], g["fundingOrganization"][0], \
            g["beneficiaryLocation"][0]
        where = r["location"][0]
        rows.append([g["id"], g["title"], g["currency"], g.get("amountAwarded", ""),
                     g["awardDate"], r["id"], r["name"], r["postalCode"], where["geoCode"],
                     where["geoCodeType"], where["name"], f["id"], f["name"],
                     g["grantProgramme"][0]["title"], b["name"], b["geoCode"],
                     b["geoCodeType"]])
    return rows


def graph_of(path) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    kg.load([path])
    return kg


@pytest.fixture(scope="module")
def grants_kg():
    return graph_of(GRANTS)


def ties(analysis) -> dict[frozenset, int]:
    names = {org: m["name"] for org, m in analysis.measures.items()}
    return {frozenset((names[a], names[b])): w
            for a, b, w in analysis.projection.edges(data="weight")}


def test_places_are_kept_from_each_shape(tmp_path):
    from openpyxl import Workbook
    from partnerkg.loaders import load_file

    csv_path = tmp_path / "grants.csv"
    with open(csv_path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([TITLES, *flat_rows()])
    book = Workbook()
    book.active.append(TITLES)
    for row in flat_rows():
        book.active.append(row)
    xlsx_path = tmp_path / "grants.xlsx"
    book.save(xlsx_path)
    for path in (GRANTS, csv_path, xlsx_path):
        records = load_file(path, format="360giving")
        first = records.bids["360G-test-g01"]
        # g01: to Riverbank Youth Club, Basildon E07000066, SS14 1AA
        assert sorted(first.places) == [
            ("beneficiary", "E07000066", "LAD", "Basildon"),
            ("recipient", "E07000066", "LAD", "Basildon"),
            ("recipient", "SS14 1AA", "postcode", "")], path
        assert first.amount == Decimal(10000)
        # and the funding network is the one worked out by hand for the JSON
        kg = graph_of(path)
        assert ties(Analysis.of(kg, network="co-funding")) == {
            frozenset((F1, F2)): 2, frozenset((F1, F3)): 1, frozenset((F2, F3)): 1}, path
        assert Analysis.of(kg, network="funding").ties == 9


def test_a_location_without_a_gss_code_is_a_note(tmp_path):
    from partnerkg.loaders import load_file

    grant = {"id": "360G-x-1", "title": "t", "currency": "GBP", "amountAwarded": 5,
             "awardDate": "2016-05-01",
             "recipientOrganization": [{"id": "GB-CHC-1", "name": "A Trust",
                                        "postalCode": "not a postcode",
                                        "location": [{"geoCode": "GB", "geoCodeType": "CTRY",
                                                      "name": "United Kingdom"}]}],
             "fundingOrganization": [{"id": "GB-CHC-2", "name": "B Fund"}]}
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"grants": [grant]}), encoding="utf-8")
    bid = load_file(path, format="360giving").bids["360G-x-1"]
    assert bid.places == []
    assert any("no GSS code" in n and "United Kingdom" in n for n in bid.notes)
    assert any("not a UK postcode" in n for n in bid.notes)


def test_areas_report_and_funders_shares_by_area(grants_kg):
    from partnerkg.reports.funding import areas_report, funders_report

    rows = areas_report(grants_kg)[0].as_dict()["rows"]
    # Basildon: R1 g01 g04 g05 g08, R3 g03 g06: 6 grants, 3 funders, 10,000 + 1,000 + 5,000 +
    # 40,000 + 30,000 + 15,000; Colchester: R5 g09 50,000; Chelmsford: R4 g07 25,000, R6 g10
    # (no amount); Braintree: R2 g02 20,000. Every grant also benefits its recipient's district.
    assert [(r["area"], r["grants"], r["recipients"], r["funders"], r["total"],
             r["benefiting"]) for r in rows] == [
        ("Basildon", 6, 2, 3, 101000, 6), ("Colchester", 1, 1, 1, 50000, 1),
        ("Chelmsford", 2, 2, 1, 25000, 2), ("Braintree", 1, 1, 1, 20000, 1)]
    by = {r["funder"]: r for r in funders_report(grants_kg)[0].as_dict()["rows"]}
    # Northfield: Basildon R1 11,000 + R3 30,000 = 41,000 of 61,000 (67%), Braintree 20,000
    assert by[F1]["areas"] == "Basildon (E07000066) 67%, Braintree (E07000067) 33%"


def test_an_area_chooses_the_grants_of_a_network(grants_kg):
    from partnerkg.reports.funding import funders_report

    # Basildon's grants: g01 g04 (F1 -> R1), g05 (F2 -> R1), g08 (F3 -> R1), g03 (F1 -> R3),
    # g06 (F2 -> R3)
    analysis = Analysis.of(grants_kg, network="funding", area="E07000066")
    assert ties(analysis) == {frozenset((F1, R1)): 2, frozenset((F2, R1)): 1,
                              frozenset((F3, R1)): 1, frozenset((F1, R3)): 1,
                              frozenset((F2, R3)): 1}
    rows = funders_report(grants_kg, area="basildon")[0].as_dict()["rows"]
    assert [(r["funder"], r["grants"], r["total"]) for r in rows] == [
        (F1, 3, 41000), (F3, 1, 40000), (F2, 2, 20000)]
    with pytest.raises(QueryError, match="no grant states the area 'Leeds'.*Basildon"):
        funders_report(grants_kg, area="Leeds")


def test_an_area_with_the_partnership_network_is_refused(grants_kg):
    from partnerkg.reports.partnerships import summary_report

    with pytest.raises(OptionError, match="bids state no area"):
        summary_report(grants_kg, network="partnerships", area="E07000066")


def test_the_map_places_recipients_in_their_district(grants_kg):
    from partnerkg.views.network import ViewOptions, build_view

    view = build_view(grants_kg, ViewOptions(layout="geo", generated="2026-01-01"))
    placed = {n["name"]: n["placed"] for n in view["nodes"]}
    assert placed[R1] == "in its district as its grants state it (Basildon)"
    assert placed["Harbour Walk Advice Centre"] == \
        "in its district as its grants state it (Colchester)"
    assert placed[F3] == "at its coordinates"  # a register council
    assert placed[F1] == "beside its partners"  # a funder states no place
    # two recipients of one district are not drawn on top of each other
    points = {n["name"]: (n["x"], n["y"]) for n in view["nodes"]}
    assert points[R1] != points[R3]
