"""The commands on grant data alone (tests/data/funding/grants.json: 10 grants from 3 funders to
6 recipients, tabulated by hand in tests/network/test_funding.py): each grant has one
recipient, so the partnership network has no tie, and the reports say so and measure the
funding network instead of printing an empty one."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

GRANTS = Path(__file__).parent / "data" / "funding" / "grants.json"


@pytest.fixture(scope="module")
def grant_store(tmp_path_factory):
    from click.testing import CliRunner
    from partnerkg.cli import cli

    path = tmp_path_factory.mktemp("grants") / "store"
    loaded = CliRunner().invoke(cli, ["load", str(GRANTS), "--store", str(path)])
    assert loaded.exit_code == 0, loaded.output
    return path


def test_summary_of_grants_alone_says_which_networks_and_shows_the_one_with_ties(
        run, grant_store):
    result = run("report", "--store", grant_store)
    assert result.exit_code == 0, result.output
    # 3 funders + 6 recipients; 9 funder-recipient pairs (F1 -> R1 twice): see the module doc
    assert "9 organisations, 10 grants, 9 funder-recipient ties" in result.output
    assert "0 co-partnership ties" not in result.output
    assert "partnership network has no tie" in result.output
    for other in ("co-funding", "shared-funders", "--network"):
        assert other in result.output
    data = json.loads(run("report", "--store", grant_store, "--format", "json").output)
    assert data["network"] == "funding" and data["ties"] == 9
    # the three funders lead the table: F2 has 4 recipients, F1 3 (R1 twice), F3 2
    assert [(r["name"], r["partners"]) for r in data["top_partners"][:2]] == [
        ("Eastway Lottery Trust", 4), ("Northfield Community Foundation", 3)]
    assert data["clusters"]  # the funding network has clusters; partnerships had none


def test_clusters_of_an_empty_network_say_why(run, grant_store):
    result = run("report", "clusters", "--store", grant_store, "--network", "partnerships")
    assert result.exit_code == 0, result.output
    assert "no two of the 6 bodies share a bid" in result.output
    assert "stability" not in result.output


def test_partners_and_export_of_co_funding(run, grant_store, tmp_path):
    result = run("report", "partners", "--store", grant_store, "--network", "co-funding",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["rows"]
    # F1 {R1, R2, R3}, F2 {R1, R3, R4, R6}, F3 {R1, R5}: every funder shares one with both
    # others; strength F1 2 + 1, F2 2 + 1, F3 1 + 1
    assert {r["organisation"]: (r["degree"], r["strength"]) for r in rows} == {
        "Northfield Community Foundation": (2, 3), "Eastway Lottery Trust": (2, 3),
        "Essex County Council": (2, 2)}
    folder = tmp_path / "cofunding"
    exported = run("export", "--store", grant_store, "--network", "co-funding", "--format",
                   "csv", "-o", folder)
    assert exported.exit_code == 0, exported.output
    with open(folder / "edges.csv", encoding="utf-8") as handle:
        edges = list(csv.DictReader(handle))
    assert sorted(int(e["Weight"]) for e in edges) == [1, 1, 2]


def test_viz_of_grants_draws_the_funding_network(run, grant_store, tmp_path):
    page = tmp_path / "funding.html"
    result = run("viz", "--store", grant_store, "-o", page)
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    assert "of the funding network" in text and "partnership network has no tie" in text


def test_funding_network_of_data_without_grants_is_refused(run, data_dir, tmp_path):
    store = tmp_path / "bids"
    assert run("load", data_dir / "long.csv", "--store", store).exit_code == 0
    result = run("report", "--store", store, "--network", "funding")
    assert result.exit_code == 1
    assert "no grant with a funder" in result.output and "Traceback" not in result.output
    refused = run("report", "sectors", "--store", store, "--network", "funding")
    assert refused.exit_code == 2 and "does not take --network" in refused.output


def test_areas_from_the_command_line(run, grant_store):
    result = run("report", "areas", "--store", grant_store, "--format", "csv")
    assert result.exit_code == 0, result.output
    # four districts; Basildon's six grants first (see tests/network/test_funding_places.py)
    lines = result.output.splitlines()
    assert len(lines) == 5 and lines[1].startswith("E07000066,Basildon,6,2,3,101000")
    chosen = run("report", "funders", "--store", grant_store, "--area", "Colchester",
                 "--format", "csv")
    assert chosen.exit_code == 0, chosen.output
    assert chosen.output.splitlines()[1].startswith("Essex County Council,1,50000")
    unknown = run("report", "--store", grant_store, "--area", "Nowhere")
    assert unknown.exit_code == 1 and "areas in the data: Basildon" in unknown.output
    refused = run("report", "rounds", "--store", grant_store, "--area", "Basildon")
    assert refused.exit_code == 2 and "does not take --area" in refused.output
