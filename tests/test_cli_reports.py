"""The detailed reports through CliRunner."""

import csv
import io
import json

import pytest


def test_partners_by_betweenness_is_deterministic(run):
    first = run("report", "partners", "--by", "betweenness", "--format", "json")
    second = run("report", "partners", "--by", "betweenness", "--format", "json")
    assert first.exit_code == 0, first.output
    assert first.output == second.output
    data = json.loads(first.output)
    values = [row["betweenness"] for row in data["rows"]]
    assert values == sorted(values, reverse=True) and len(values) == 10
    assert data["facts"]["betweenness"] == "exact"


def test_clusters_carry_modularity_and_stability(run):
    first = run("report", "clusters", "--format", "json")
    assert first.output == run("report", "clusters", "--format", "json").output
    facts = json.loads(first.output)["facts"]
    assert 0 < facts["modularity"] <= 1 and 0 <= facts["stability"] <= 1


def test_path_between_two_bodies(run):
    result = run("report", "path", "Warrington Borough Council", "Cheshire Constabulary",
                 "--format", "json")
    data = json.loads(result.output)
    assert data["facts"]["connected"] is True
    # Warrington and Cheshire Constabulary were both in the 2013-14 Cheshire West bid
    assert data["rows"] == [{"step": 1, "from": "Warrington Borough Council",
                             "shared bid": "Cheshire West and Chester Council, "
                                           "Transformation Challenge Award 2013-14",
                             "to": "Cheshire Constabulary", "bids shared": 1}]
    apart = run("report", "path", "Warrington Borough Council", "Durham Constabulary")
    assert apart.exit_code == 0 and "are not connected by shared bids" in apart.output


def test_org_report(run):
    result = run("report", "org", "CWAC", "--format", "json")
    tables = json.loads(result.output)
    facts = tables["measures"]["facts"]
    assert facts["organisation"] == "Cheshire West and Chester Council"
    bids = tables["bids"]["rows"]
    assert [b["role"] for b in bids] == ["lead", "lead", "partner"]
    measures = {r["measure"]: r for r in tables["measures"]["rows"]}
    assert measures["bids"]["value"] == 3 and measures["bids"]["rank"] == 1


def test_sectors_and_rounds(run):
    sectors = json.loads(run("report", "sectors", "--format", "json").output)
    matrix = {row["sector"]: row for row in sectors["sectors"]["rows"]}
    assert matrix["council"]["police"] == matrix["police"]["council"]
    rounds = list(csv.DictReader(io.StringIO(
        run("report", "rounds", "--format", "csv").output)))
    assert [r["round"] for r in rounds] == ["2013-14", "2013-14 additional", "2014-15",
                                            "2015-16"]
    assert [int(r["bids"]) for r in rounds] == [15, 6, 6, 28]  # counted in data/tca_bids.csv


def test_filters(run):
    police = json.loads(run("report", "partners", "--sector", "police", "--format",
                            "json").output)
    assert {r["sector"] for r in police["rows"]} == {"police"}
    one_round = json.loads(run("report", "partners", "--round", "2014-15", "--format",
                               "json", "--top", "50").output)
    # 15 bodies in the 2014-15 bids: 7 in the Durham, Norfolk and East Devon bids, the four
    # 2020 Vision councils, Hounslow and the three Dorset councils
    assert one_round["facts"]["organisations"] == 15


@pytest.mark.parametrize("args, code, fragment", [
    (["report", "partners", "--round", "1999-00"], 1, "no round '1999-00'"),
    (["report", "partners", "--sector", "aliens"], 2, "unknown sector 'aliens'"),
    (["report", "org", "Nowhere Council"], 1, "no organisation named 'Nowhere Council'"),
    (["report", "partners", "--by", "charm"], 2, "Invalid value for '--by'"),
])
def test_report_errors(run, args, code, fragment):
    result = run(*args)
    assert result.exit_code == code and fragment in result.output, result.output
    assert "Traceback" not in result.output


def test_options_before_a_detailed_report_mean_the_same_as_after(run, tmp_path, data_dir):
    store = tmp_path / "store"
    assert run("load", data_dir / "long.csv", "--store", store).exit_code == 0
    after = run("report", "partners", "--store", store, "--top", "2", "--format", "csv")
    before = run("report", "--store", store, "--top", "2", "--format", "csv", "partners")
    assert before.exit_code == 0 and before.output == after.output
    assert len([line for line in after.output.splitlines() if line[:1].isdigit()]) == 2
    missing = run("report", "--store", tmp_path / "nowhere", "partners")
    assert missing.exit_code == 1 and "no store at" in missing.output


def test_options_a_detailed_report_does_not_take_are_a_usage_error_before_it_too(run):
    result = run("report", "--top", "3", "org", "CWAC")
    assert result.exit_code == 2 and "'report org' does not take --top" in result.output
    clash = run("report", "--top", "3", "partners", "--top", "4")
    assert clash.exit_code == 2 and "given twice" in clash.output


def test_a_long_table_is_cut_on_screen_and_whole_in_files(run, store_of):
    # one bid of a hub and 60 partners: the hub's partner table has 60 rows
    rows = [("b1", "Test Fund", "Hub Council", "lead", "council")] + [
        ("b1", "Test Fund", f"Partner Trust {i:02d}", "partner", "health") for i in range(60)]
    store = store_of("bid,programme,organisation,role,sector", rows)
    shown = run("report", "org", "Hub Council", "--store", store)
    assert shown.exit_code == 0, shown.output
    assert "Partner Trust 49" in shown.output and "Partner Trust 50" not in shown.output
    assert "and 10 more rows (all of them: --format csv or json)" in shown.output
    whole = run("report", "org", "Hub Council", "--store", store, "--format", "json")
    partners = json.loads(whole.output)["partners"]["rows"]
    assert sorted(p["partner"] for p in partners) == [f"Partner Trust {i:02d}" for i in range(60)]


def test_two_bids_with_one_label_are_two_lines_of_an_org_report(run, store_of):
    # two bids of the same lead and programme, the same amount: one label, two bids
    store = store_of("bid,programme,organisation,role,sector,amount",
                     [("b1", "Test Fund", "Hub Council", "lead", "council", "1000"),
                      ("b1", "Test Fund", "Aid Trust", "partner", "voluntary", "1000"),
                      ("b2", "Test Fund", "Hub Council", "lead", "council", "1000"),
                      ("b2", "Test Fund", "Aid Trust", "partner", "voluntary", "1000")])
    tables = json.loads(run("report", "org", "Hub Council", "--store", store,
                            "--format", "json").output)
    assert [(b["role"], b["amount"]) for b in tables["bids"]["rows"]] == [("lead", 1000)] * 2
    assert tables["partners"]["rows"] == [{"partner": "Aid Trust", "shared bids": 2}]
    measures = {r["measure"]: r for r in tables["measures"]["rows"]}
    assert measures["bids"]["value"] == 2 and measures["led"]["value"] == 2


def test_an_org_report_is_the_same_whatever_the_hash_seed(tmp_path, data_dir):
    import os
    import subprocess
    import sys

    store = tmp_path / "store"
    subprocess.run([sys.executable, "-m", "partnerkg", "load", str(data_dir / "long.csv"),
                    "--store", str(store)], check=True, capture_output=True)
    outputs = {subprocess.run(
        [sys.executable, "-m", "partnerkg", "report", "org", "Beta Police", "--store",
         str(store), "--format", "json"], capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(outputs) == 1


def test_a_confidence_of_nan_is_a_usage_error(run):
    result = run("report", "--min-confidence", "nan")
    assert result.exit_code == 2
    assert "'nan' is not a number from 0 to 1" in result.output
