"""A bid whose sources name its bodies but not which one led: loaded, shaped, reported, queried,
drawn and exported with no lead, and never given one.

The data is written here by hand: bid j1 (no lead) joins Alpha Council, Beta Police and Gamma
Trust with £60,000; bid l1 is led by Alpha Council with Delta Council as partner, £10,000.
"""

from __future__ import annotations

import json

import pytest
from partnerkg import KnowledgeGraph
from partnerkg.graph.validate import validate_graph
from partnerkg.queries.runner import query_rows
from partnerkg.reports.partnerships import summary_report
from partnerkg.views.network import ViewOptions, build_view
from rdflib import Graph

CSV = ("bid,programme,round,organisation,role,sector,amount\n"
       "j1,Joint Fund,R1,Alpha Council,partner,council,60000\n"
       "j1,Joint Fund,R1,Beta Police,partner,police,\n"
       "j1,Joint Fund,R1,Gamma Trust,partner,health,\n"
       "l1,Joint Fund,R1,Alpha Council,lead,council,10000\n"
       "l1,Joint Fund,R1,Delta Council,partner,council,\n")


@pytest.fixture
def csv_path(tmp_path):
    path = tmp_path / "joint.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


@pytest.fixture
def kg(csv_path):
    graph = KnowledgeGraph()
    graph.load([csv_path])
    return graph


def test_the_load_says_how_many_bids_name_no_lead(run, csv_path, tmp_path):
    result = run("load", csv_path, "--store", tmp_path / "s")
    assert result.exit_code == 0, result.output
    assert "2 bids, 5 memberships" in result.output
    assert "1 of the bids name no lead" in result.output
    assert "bid 'j1' has no row with the role 'lead'" in result.output


def test_a_bid_without_a_lead_meets_the_shapes_and_two_leads_do_not(kg, tmp_path):
    assert validate_graph(kg.graph) == []
    path = tmp_path / "two.csv"
    path.write_text(CSV.replace("j1,Joint Fund,R1,Beta Police,partner",
                                "j1,Joint Fund,R1,Beta Police,lead")
                    .replace("j1,Joint Fund,R1,Alpha Council,partner",
                             "j1,Joint Fund,R1,Alpha Council,lead"), encoding="utf-8")
    from partnerkg.core.errors import LoaderError
    with pytest.raises(LoaderError, match="two leads|another on line"):
        KnowledgeGraph().load([path])


def test_reports_count_it_as_a_bid_and_no_one_led_it(kg):
    report = summary_report(kg)
    assert (report.bids, report.without_lead) == (2, 1)
    assert "2 bids (1 with no stated lead)" in report.render("table")
    led = {row["name"]: row["led"] for row in report.top}
    # Alpha leads l1 only; Beta and Gamma lead nothing; j1's members are partners of each other
    assert led == {"Alpha Council": 1, "Beta Police": 0, "Gamma Trust": 0, "Delta Council": 0}
    partners = {row["name"]: row["partners"] for row in report.top}
    assert partners == {"Alpha Council": 3, "Beta Police": 2, "Gamma Trust": 2,
                        "Delta Council": 1}


def test_the_bids_query_says_lead_not_stated(kg):
    header, rows = query_rows(kg, name="bids", params={})
    got = {str(r[header.index("label")]): (str(r[header.index("lead")]),
                                           int(r[header.index("members")].value))
           for r in rows}
    assert got == {
        "Alpha Council and 2 others (lead not stated), Joint Fund R1": ("lead not stated", 3),
        "Alpha Council, Joint Fund R1": ("Alpha Council", 2)}
    header, rows = query_rows(kg, name="funding-by-lead", params={})
    assert [str(r[header.index("name")]) for r in rows] == ["Alpha Council"]


def test_the_view_lists_it_as_lead_not_stated(kg):
    view = build_view(kg, ViewOptions(generated="2026-01-01"))
    beta = next(d for d in view["details"].values() if d["name"] == "Beta Police")
    assert beta["bids"] == ["Alpha Council and 2 others (lead not stated), Joint Fund R1 "
                            "(partner, £60,000)"]


def test_an_rdf_export_loads_again_with_no_lead(run, csv_path, tmp_path):
    store = tmp_path / "s"
    run("load", csv_path, "--store", store)
    out = tmp_path / "out.nt"
    assert run("export", "--format", "nt", "-o", out, "--store", store).exit_code == 0
    graph = Graph().parse(out, format="nt")
    leads = graph.query("""PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX pkg: <https://w3id.org/partnerkg/>
        SELECT ?bid (COUNT(?m) AS ?n) WHERE { ?bid a pkg:Bid .
          OPTIONAL { ?m org:organization ?bid ; org:role pkg:LeadPartner } } GROUP BY ?bid""")
    assert sorted(int(n) for _, n in leads) == [0, 1]
    again = run("load", out, "--store", tmp_path / "again")
    assert again.exit_code == 0, again.output
    report = json.loads(run("report", "--store", tmp_path / "again", "--format", "json").output)
    assert (report["bids"], report["bids_without_lead"]) == (2, 1)


def test_a_joint_award_in_prose_is_loaded_with_its_bodies_and_no_lead(run, tmp_path):
    path = tmp_path / "news.txt"
    path.write_text("Councils share award\n\nKent County Council and Medway Council received "
                    "£60,000 to join up their family support services.\n", encoding="utf-8")
    result = run("load", "--text", path, "--store", tmp_path / "s")
    assert result.exit_code == 0, result.output
    assert "1 bid, 2 memberships" in result.output and "Not loaded" not in result.output
    found = run("query", "bids", "--store", tmp_path / "s", "--format", "csv").output
    assert found.splitlines()[1].split(",")[-3:] == ["lead not stated", "2", "60000"]
