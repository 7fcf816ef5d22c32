"""Bodies users add to a store's register (``partnerkg register add``): read, checked, kept, and
then found by name and by alias files."""

import csv
import io

from openpyxl import Workbook


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_added_bodies_resolve_and_alias_files_may_point_at_them(run, tmp_path):
    table = write(tmp_path / "bodies.csv",
                  "name,identifier,sector,aliases,lat,long,start,end,successor\n"
                  "Age UK Essex,GB-CHC-1076149,voluntary,Age Concern Essex,51.73,0.47,,,\n"
                  "Old Trust,GB-CHC-1,charity,,,,2001-02-03,2015-03-31,GB-CHC-1076149\n")
    store = tmp_path / "store"
    added = run("register", "add", table, "--store", store)
    assert added.exit_code == 0 and "Added 2 bodies" in added.output
    listed = list(csv.DictReader(io.StringIO(run("register", "list", "--store", store,
                                                 "--format", "csv").output)))
    mine = {r["id"]: r for r in listed if r["id"].startswith("GB-CHC")}
    assert mine["GB-CHC-1"]["end"] == "2015-03-31"
    assert mine["GB-CHC-1"]["successor"] == "GB-CHC-1076149"
    assert mine["GB-CHC-1076149"]["sector"] == "voluntary-and-community"
    aliases = write(tmp_path / "aliases.csv", "name,id\nAge Concern (Essex),GB-CHC-1076149\n")
    data = write(tmp_path / "bids.csv", "bid,programme,organisation,role\n"
                 "b1,Fund,Age Concern Essex,lead\nb1,Fund,Age Concern (Essex),partner\n"
                 "b1,Fund,Essex County Council,partner\n")
    loaded = run("load", data, "--store", store, "--aliases", aliases)
    assert loaded.exit_code == 0, loaded.output
    report = run("report", "--store", store, "--format", "json")
    assert '"organisations": 2' in report.output  # Age UK Essex (both names) and Essex CC
    # the place it stands is kept for maps
    from partnerkg import KnowledgeGraph
    with KnowledgeGraph(store) as kg:
        body = kg.register().get("GB-CHC-1076149")
    assert (body.lat, body.long) == (51.73, 0.47)


def test_a_workbook_of_bodies_is_read_too(run, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Identifier", "Sector"])
    sheet.append(["Riverside Youth Trust", "GB-CHC-1000001", "voluntary"])
    book.save(tmp_path / "bodies.xlsx")
    store = tmp_path / "store"
    assert run("register", "add", tmp_path / "bodies.xlsx", "--store", store).exit_code == 0
    found = run("resolve", "Riverside Youth Trust", "--store", store, "--format", "json")
    assert '"id": "GB-CHC-1000001"' in found.output and '"kind": "exact"' in found.output


def test_a_table_that_would_join_two_bodies_is_refused_and_the_store_unchanged(run, tmp_path):
    store = tmp_path / "store"
    first = write(tmp_path / "first.csv", "name,identifier\nBeta Trust,GB-CHC-2\n")
    assert run("register", "add", first, "--store", store).exit_code == 0
    before = run("register", "list", "--store", store, "--format", "csv").output
    cases = {
        "name,identifier\nEssex County Council,GB-CHC-9\n":
            "line 2: 'Essex County Council' already names the register's Essex County "
            "Council (GB-LAE-ESS",
        "name,identifier,aliases\nEssex Cricket,GB-CHC-9,Essex CC\n":
            "line 2: 'Essex CC' already names the register's Essex County Council",
        "name,identifier\nEssex County Council,GB-LAE-ESS\n":
            "identifier GB-LAE-ESS is the register's Essex County Council",
        "name,identifier\nBeta Partners,gb-lae-ess\n":
            "identifier GB-LAE-ess is the register's Essex County Council (GB-LAE-ESS)",
        "name,identifier\nBeta Partners,E10000012\n":
            "identifier E10000012 is the register's Essex County Council (GB-LAE-ESS)",
        "name,identifier\n...,GB-CHC-4\n": "'...' has no letter or digit",
        "name,identifier\nK\u0435nt Trust,GB-CHC-4\n": "mixes Latin and Cyrillic letters",
        "name,identifier\nGamma,n/a\n": "'n/a' is no identifier",
        "name,identifier,end,successor\nGamma,GB-CHC-3,2015-01-01,GB-CHC-4\n"
        "Delta,GB-CHC-4,2016-01-01,GB-CHC-3\n": "the successors of 'GB-CHC-3' lead back to it",
        "name,identifier\nKent Trust,GB-LAE-ESS\n":
            "line 2, column identifier: identifier GB-LAE-ESS is the register's Essex County "
            "Council",
        "name,identifier,successor\nGamma,GB-CHC-3,GB-CHC-404\n":
            "line 2, column successor: successor 'GB-CHC-404'",
        "name,identifier\nGamma,GB-CHC-3\nDelta,GB-CHC-3\n":
            "line 3, column identifier: identifier 'GB-CHC-3' is given on line 2 too",
        "name,identifier,start\nGamma,GB-CHC-3,31/12/2015\n":
            "line 2, column start: '31/12/2015' is not a date",
        "name,identifier,sector\nGamma,GB-CHC-3,bakery\n": "line 2, column sector: unknown sector",
        "name,sector\nGamma,voluntary\n": "needs the columns name and identifier",
        "name,identifier,lat\nGamma,GB-CHC-3,51.5\n": "a place needs both lat and long",
    }
    for number, (text, message) in enumerate(cases.items()):
        result = run("register", "add", write(tmp_path / f"bad{number}.csv", text),
                     "--store", store)
        assert result.exit_code == 1, text
        assert message in result.output, (text, result.output)
    assert run("register", "list", "--store", store, "--format", "csv").output == before


def test_the_same_table_added_again_replaces_what_it_added(run, tmp_path):
    store = tmp_path / "store"
    table = write(tmp_path / "bodies.csv", "name,identifier\nBeta Trsut,GB-CHC-2\n")
    assert run("register", "add", table, "--store", store).exit_code == 0
    write(table, "name,identifier\nBeta Trust,GB-CHC-2\n")  # the misprint corrected
    again = run("register", "add", table, "--store", store)
    assert again.exit_code == 0, again.output
    listed = run("register", "list", "--store", store, "--format", "csv").output
    assert "GB-CHC-2,Beta Trust," in listed and "Beta Trsut" not in listed
