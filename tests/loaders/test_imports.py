"""XLSX, 360Giving and RDF files load; RDF exports load back as the same graph."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest
from openpyxl import Workbook
from partnerkg import KnowledgeGraph
from partnerkg.loaders import load_file
from partnerkg.network.projection import memberships
from partnerkg.pipeline import load_into_store
from rdflib.compare import isomorphic

#: The money cells of long.csv and wide.csv as a spreadsheet holds them: numbers.
AS_NUMBERS = {"£1.2m": 1200000.0, "£400k": 400000, "1,200,000": 1200000}


def csv_to_xlsx(source, target):
    """The same table as a workbook, with its money cells written as numbers."""
    with open(source, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    book = Workbook()
    for row in rows:
        book.active.append([AS_NUMBERS.get(cell, cell) for cell in row])
    book.save(target)
    return target


def membership_facts(store):
    with KnowledgeGraph(store) as kg:
        # bids are keyed within their file: the same key of two files is compared by its key
        return sorted((r["org"], r["bid"].rsplit("/", 1)[-1], r["role"], r["name"], r["sector"],
                       r["amount"])
                      for r in memberships(kg))


@pytest.mark.parametrize("name", ["long.csv", "wide.csv"])
def test_a_workbook_loads_like_the_same_csv(run, data_dir, tmp_path, name):
    workbook = csv_to_xlsx(data_dir / name, tmp_path / name.replace(".csv", ".xlsx"))
    assert run("load", workbook, "--store", tmp_path / "x").exit_code == 0
    assert run("load", data_dir / name, "--store", tmp_path / "c").exit_code == 0
    facts = membership_facts(tmp_path / "x")
    assert facts == membership_facts(tmp_path / "c")
    assert {fact[-1] for fact in facts} >= {Decimal("1200000"), Decimal("400000")}


def test_a_workbook_error_names_the_sheet_row(run, tmp_path):
    book = Workbook()
    book.active.append(["bid", "programme", "organisation", "role", "amount"])
    book.active.append(["b1", "Fund", "Alpha Council", "lead", 1000])
    book.active.append(["b1", "Fund", "Beta Police", "boss", None])
    book.save(tmp_path / "bad.xlsx")
    result = run("load", tmp_path / "bad.xlsx", "--store", tmp_path / "s")
    assert result.exit_code == 1
    assert "bad.xlsx line 3, column role: role 'boss' is neither lead nor partner" in result.output
    assert not (tmp_path / "s").exists()
    (tmp_path / "fake.xlsx").write_text("bid,organisation\n")
    result = run("load", tmp_path / "fake.xlsx", "--store", tmp_path / "s")
    assert result.exit_code == 1 and "is not an XLSX workbook" in result.output


def test_360giving_json_makes_bids_of_grants(data_dir):
    records = load_file(data_dir / "grants360.json")
    assert sorted(records.bids) == ["360G-example-0001", "360G-example-0002",
                                    "360G-example-0003"]
    first = records.bids["360G-example-0001"]
    assert (first.programme, first.amount, first.funder, first.funder_id) == (
        "Stronger Places", Decimal("250000"), "Example Community Fund", "GB-GOR-PC390")
    assert records.bids["360G-example-0002"].amount == Decimal("80000.50")
    euro = records.bids["360G-example-0003"]
    assert euro.amount is None and "12000 EUR" in euro.notes[0]
    assert euro.programme == "Example Community Fund"  # no programme: the funder's name
    given = load_file(data_dir / "grants360.json", programme="Place Fund").bids
    assert (given["360G-example-0003"].programme, given["360G-example-0001"].programme) == (
        "Place Fund", "Stronger Places")  # --programme only where the grant names none
    assert [(p.organisation, p.identifier, p.role) for p in records.participations] == [
        ("Riverside Youth Trust", "GB-CHC-1000001", "lead"),
        ("Hillside Citizens Advice", "GB-CHC-1000002", "lead"),
        ("Riverside Youth Trust", "GB-CHC-1000001", "lead")]


def test_360giving_csv_loads_like_its_json(data_dir, tmp_path):
    load_into_store([data_dir / "grants360.json"], tmp_path / "j")
    load_into_store([data_dir / "grants360.csv"], tmp_path / "c")  # found by its column titles
    assert membership_facts(tmp_path / "j") == membership_facts(tmp_path / "c")
    with KnowledgeGraph(tmp_path / "c") as kg:
        funders = kg.select("""
            PREFIX pkg: <https://w3id.org/partnerkg/>
            PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            SELECT DISTINCT ?name ?id WHERE { ?bid pkg:funder ?f . ?f skos:prefLabel ?name ;
                                               pkg:identifier ?id }""")[1]
        assert funders == [("Example Community Fund", "GB-GOR-PC390")]
        # the funder is not a partner: three organisations would make a tie
        assert {r["name"] for r in memberships(kg)} == {"Riverside Youth Trust",
                                                        "Hillside Citizens Advice"}


def test_360giving_json_without_grants_is_refused(run, tmp_path):
    (tmp_path / "g.json").write_text('{"grant": []}')
    result = run("load", tmp_path / "g.json", "--store", tmp_path / "s")
    assert result.exit_code == 1 and 'needs a top-level "grants" list' in result.output


@pytest.mark.parametrize("format", ["ttl", "nt", "jsonld"])
def test_an_rdf_export_loads_back_as_the_same_graph(run, data_dir, tmp_path, format):
    load_into_store([data_dir / "long.csv", data_dir / "wide.csv"], tmp_path / "a")
    exported = tmp_path / f"graph.{format}"
    assert run("export", "--format", format, "-o", exported,
               "--store", tmp_path / "a").exit_code == 0
    assert run("load", exported, "--store", tmp_path / "b").exit_code == 0
    with KnowledgeGraph(tmp_path / "a") as a, KnowledgeGraph(tmp_path / "b") as b:
        assert len(a) == len(b) > 100
        assert isomorphic(a.to_memory(), b.to_memory())


def test_bad_rdf_names_file_and_line_and_leaves_the_store(run, data_dir, tmp_path):
    load_into_store([data_dir / "long.csv"], tmp_path / "s")
    with KnowledgeGraph(tmp_path / "s") as kg:
        before = len(kg)
    (tmp_path / "bad.ttl").write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "x .\n')
    result = run("load", data_dir / "wide.csv", tmp_path / "bad.ttl", "--store", tmp_path / "s")
    assert result.exit_code == 1
    assert "bad.ttl line 2, column 11: is not valid RDF" in result.output
    with KnowledgeGraph(tmp_path / "s") as kg:
        assert len(kg) == before


def test_360giving_recipients_are_resolved_against_the_register(run, tmp_path):
    """A grant to "Calderdale Council" under a funder's own org id joins the register's
    Calderdale Metropolitan Borough Council, which the bundled data already holds."""
    import csv as _csv
    import json as _json
    from pathlib import Path as _Path

    import partnerkg
    from partnerkg.data import bundled_paths

    grants = tmp_path / "grants.json"
    grants.write_text(_json.dumps({"grants": [
        {"id": "360G-w-1", "title": "Community hub", "amountAwarded": 5000, "currency": "GBP",
         "recipientOrganization": [{"id": "360G-wolfson:org-864", "name": "Calderdale Council"}],
         "fundingOrganization": [{"id": "GB-CHC-1156077", "name": "A Foundation"}]},
        {"id": "360G-w-2", "title": "Choir", "amountAwarded": 800, "currency": "GBP",
         "recipientOrganization": [{"id": "GB-CHC-999999", "name": "Halifax Choral Society"}],
         "fundingOrganization": [{"id": "GB-CHC-1156077", "name": "A Foundation"}]}]}),
        encoding="utf-8")
    store = tmp_path / "store"
    assert run("load", *bundled_paths(), grants, "--store", store).exit_code == 0
    table = _Path(partnerkg.__file__).resolve().parent / "data" / "tca_bids.csv"
    with open(table, encoding="utf-8") as handle:
        bundled = {r["bid"] for r in _csv.DictReader(handle)
                   if r["organisation"] == "Calderdale Metropolitan Borough Council"}
    found = run("query", "org-bids", "--param", "org=Calderdale Council", "--store", store,
                "--format", "json")
    bids = {b["bid"]["value"].rsplit("/", 1)[-1]
            for b in _json.loads(found.output)["results"]["bindings"]}
    assert bids == bundled | {"360G-w-1"} and len(bundled) >= 1  # keys kept as written
    choir = run("query", "org-bids", "--param", "org=Halifax Choral Society", "--store", store,
                "--format", "json")
    rows = _json.loads(choir.output)["results"]["bindings"]
    assert [r["org"]["value"] for r in rows] == ["Halifax Choral Society"]


def test_an_rdf_body_named_like_a_register_body_is_kept_apart_and_said(run, tmp_path):
    path = tmp_path / "essex.ttl"
    path.write_text(
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
        "<http://x.org/essex> a org:Organization ; skos:prefLabel \"Essex County Council\" ;\n"
        "  org:classification <https://w3id.org/partnerkg/sector/council> ;\n"
        "  prov:wasDerivedFrom <http://x.org/src> .\n", encoding="utf-8")
    result = run("load", path, "--store", tmp_path / "s")
    assert result.exit_code == 0, result.output
    assert ("Note: essex.ttl: <http://x.org/essex> 'Essex County Council' is named like the "
            "register's Essex County Council (GB-LAE-ESS)") in result.output


def test_a_file_that_changes_while_it_is_read_is_refused(tmp_path, monkeypatch):
    from partnerkg.core.errors import LoaderError
    from partnerkg.loaders import LOADERS, load_file

    path = tmp_path / "growing.csv"
    path.write_text("bid,programme,organisation,role\nb1,F,Kent County Council,lead\n",
                    encoding="utf-8")
    reader = LOADERS["csv"][1]

    def still_being_written(target, **options):  # another program appends as it is read
        records = reader(target, **options)
        with open(target, "a", encoding="utf-8") as handle:
            handle.write("b2,F,Medway Council,lead\n")
        return records

    monkeypatch.setitem(LOADERS, "csv", (LOADERS["csv"][0], still_being_written))
    with pytest.raises(LoaderError, match="changed while it was being read"):
        load_file(path)
