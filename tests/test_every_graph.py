"""Every report, view and export works on every graph: empty, one body, no partnerships (no bid
has two members) and one giant bid. Expected figures are worked out by hand from the files."""

import json
import xml.etree.ElementTree as ET

import pytest

GRAPHS = {
    "empty": [],
    "one body": [("b1", "Essex County Council", "lead")],
    "no partnerships": [("b1", "Essex County Council", "lead"),
                        ("b2", "Kent County Council", "lead")],
    "one giant bid": [("g", f"Org {i} Trust", "lead" if i == 0 else "partner")
                      for i in range(120)],
}
COMMANDS = [["report"], ["report", "partners"], ["report", "clusters"], ["report", "sectors"],
            ["report", "rounds"]]


@pytest.fixture(params=list(GRAPHS))
def store(request, store_of):
    rows = GRAPHS[request.param]
    return store_of("bid,programme,organisation,role",
                    [(bid, "P", org, role) for bid, org, role in rows]), rows


def test_reports_views_and_exports_run(store, run, tmp_path):
    path, rows = store
    for command in COMMANDS:
        result = run(*command, "--store", path)
        assert result.exit_code == 0, (command, result.output)
    assert run("viz", "--store", path, "-o", tmp_path / "view.html").exit_code == 0
    for fmt in ("gexf", "graphml", "nt", "ttl"):
        result = run("export", "--store", path, "--format", fmt, "-o", tmp_path / f"out.{fmt}")
        assert result.exit_code == 0, (fmt, result.output)


def test_the_network_export_holds_every_body_and_tie(store, run, tmp_path):
    path, rows = store
    out = tmp_path / "net.graphml"
    assert run("export", "--store", path, "--format", "graphml", "-o", out).exit_code == 0
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(out).getroot()
    orgs = {org for _, org, _ in rows}
    members_of: dict[str, set] = {}
    for bid, org, _ in rows:
        members_of.setdefault(bid, set()).add(org)
    ties = {frozenset((a, b)) for m in members_of.values() for a in m for b in m if a != b}
    assert len(root.findall(".//g:node", ns)) == len(orgs)
    assert len(root.findall(".//g:edge", ns)) == len(ties)


def test_partners_report_gives_each_body_its_degree(store, run):
    path, rows = store
    result = run("report", "partners", "--store", path, "--format", "json", "--top", "500")
    assert result.exit_code == 0, result.output
    got = {row["organisation"]: row["degree"] for row in json.loads(result.output)["rows"]}
    members_of: dict[str, set] = {}
    for bid, org, _ in rows:
        members_of.setdefault(bid, set()).add(org)
    want = {org: len(set().union(*(m for m in members_of.values() if org in m)) - {org})
            for _, org, _ in rows}
    assert got == want
