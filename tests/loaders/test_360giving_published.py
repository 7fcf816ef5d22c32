"""360Giving files as publishers write them, in the shapes of 360Giving's own test fixtures
(ThreeSixtyGiving/dataquality cove/cove_360/fixtures: fundingproviders_grants_2_grants.csv and
.xlsx, fundingproviders-grants_fixed_2_grants.json, RecipientIndDEI.json). Those files are under
the AGPL, so they are not copied here: these are small files of the same shapes (the same column
titles, a grant id given twice, a grant to an individual, day/month/year dates, an amount with a
float's noise), written for the tests. Expected counts are worked out by hand from the rows below.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal

import pytest
from openpyxl import Workbook
from partnerkg.core.errors import LoaderError
from partnerkg.loaders import load_file

# the fixture's column titles, as its CSV writes them, and with the spaced spellings the
# 360Giving tools also accept
TITLES = ["Identifier", "Grant number", "Recipient Org:Identifier", "Recipient Org:Name",
          "Recipient Org:City", "Title", "Amount Awarded", "Currency", "Award Date",
          "Grant Programme:Code", "Grant Programme:Title", "Funding Org:Identifier",
          "Funding Org:Name"]
SPACED = [t.replace(":", ": ") for t in TITLES]
FUNDER = ["GB-CHC-000000", "Funding Providers UK"]
ROWS = [
    ["360G-fp-001", "001", "GB-COH-00000001", "Company Name Limited", "London", "Title A",
     "152505", "GBP", "24/07/2014", "AAC", "Awards Funding Committee", *FUNDER],
    ["360G-fp-002", "002", "GB-COH-RC000000", "University of UK", "Leicester", "Title B",
     "178990", "GBP", "02/03/2015", "AAC", "Awards Funding Committee", *FUNDER],
    ["360G-fp-003", "003", "GB-CHC-1111111", "Riverside Trust", "Leeds", "Title C",
     "41133.770000000004", "GBP", "01/04/2015", "SG", "Small Grants", *FUNDER],
    ["360G-fp-003", "003", "GB-CHC-2222222", "Hillside Trust", "York", "Title D",
     "5000", "GBP", "01/05/2015", "SG", "Small Grants", *FUNDER],  # the id again
]
# by hand: three grants read (001, 002, the first 003); 003 again reported, not loaded;
# 3 recipients, 1 funder, 2 programmes; total 152505 + 178990 + 41133.77 = 372628.77;
# rounds: 24 Jul 2014 and 2 Mar 2015 fall in 2014-15, 1 Apr 2015 in 2015-16
EXPECTED = {"grants": 3, "recipients": 3, "funders": 1, "programmes": 2,
            "total": Decimal("372628.77"), "rounds": {"2014-15": 2, "2015-16": 1}}


def counts(records):
    bids = list(records.bids.values())
    rounds: dict[str, int] = {}
    for bid in bids:
        rounds[bid.round] = rounds.get(bid.round, 0) + 1
    return {"grants": len(bids),
            "recipients": len({p.identifier for p in records.participations}),
            "funders": len({b.funder_id for b in bids}),
            "programmes": len({b.programme for b in bids}),
            "total": sum(b.amount for b in bids), "rounds": rounds}


def write_csv(path, titles):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([titles, *ROWS])
    return path


def write_xlsx(path, titles):
    book = Workbook()
    book.active.title = "grants"
    for row in [titles, *ROWS]:
        book.active.append(row)
    book.save(path)
    return path


def write_json(path):
    grants = [{"id": r[0], "title": r[5], "amountAwarded": r[6], "currency": r[7],
               "awardDate": "-".join(reversed(r[8].split("/"))),
               "recipientOrganization": [{"id": r[2], "name": r[3]}],
               "fundingOrganization": [{"id": r[11], "name": r[12]}],
               "grantProgramme": [{"code": r[9], "title": r[10]}]} for r in ROWS]
    # amounts as JSON numbers, as the fixture writes them
    text = json.dumps({"grants": grants})
    for r in ROWS:
        text = text.replace(f'"{r[6]}"', r[6])
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("make", [
    lambda tmp: write_csv(tmp / "grants.csv", TITLES),
    lambda tmp: write_csv(tmp / "spaced.csv", SPACED),
    lambda tmp: write_xlsx(tmp / "grants.xlsx", TITLES),
    lambda tmp: write_xlsx(tmp / "spaced.xlsx", SPACED),
    lambda tmp: write_json(tmp / "grants.json"),
], ids=["csv", "csv-spaced-titles", "xlsx", "xlsx-spaced-titles", "json"])
def test_published_files_give_the_counted_grants(tmp_path, make):
    records = load_file(make(tmp_path))  # found as 360Giving by its column titles
    assert counts(records) == EXPECTED
    assert len(records.skipped) == 1 and "'360G-fp-003' appears twice" in records.skipped[0]
    programmes = {b.key: b.programme for b in records.bids.values()}
    assert programmes["360G-fp-001"] == "Awards Funding Committee"  # not the funder's name
    assert programmes["360G-fp-003"] == "Small Grants"


def test_strict_refuses_the_file(tmp_path):
    with pytest.raises(LoaderError, match="'360G-fp-003' appears twice"):
        load_file(write_csv(tmp_path / "grants.csv", TITLES), strict=True)


def test_a_grant_to_an_individual_is_reported_and_the_rest_loaded(tmp_path):
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps({"grants": [
        {"id": "360-g-i", "recipientIndividual": {"id": "ID", "name": "NAME"}},
        {"id": "360-g-o", "amountAwarded": 100, "currency": "GBP",
         "recipientOrganization": [{"id": "GB-CHC-1", "name": "A Trust"}]}]}))
    records = load_file(path)
    assert list(records.bids) and [b.key for b in records.bids.values()] == ["360-g-o"]
    assert "'360-g-i' is to an individual" in records.skipped[0]
    only_individual = tmp_path / "individual.json"
    only_individual.write_text(json.dumps({"grants": [
        {"id": "360-g-i", "recipientIndividual": {"id": "ID", "name": "NAME"}}]}))
    with pytest.raises(LoaderError, match="no grant could be read"):
        load_file(only_individual)


def test_the_store_reports_rounds_from_award_dates(run, tmp_path):
    path = write_csv(tmp_path / "grants.csv", SPACED)
    assert run("load", path, "--store", tmp_path / "s").exit_code == 0
    result = run("report", "rounds", "--format", "csv", "--store", tmp_path / "s")
    assert result.exit_code == 0, result.output
    assert "2014-15" in result.output and "2015-16" in result.output
    assert "not stated" not in result.output


@pytest.mark.parametrize("amount", [1e26, "1e26", 10 ** 40, "12345678901234567890123456789012345678901"])
def test_an_amount_too_large_is_refused_with_its_grant(tmp_path, amount):
    path = tmp_path / "huge.json"
    path.write_text(json.dumps({"grants": [{
        "id": "360G-x-1", "title": "Hub", "currency": "GBP", "amountAwarded": amount,
        "recipientOrganization": [{"id": "GB-CHC-1", "name": "Riverside Youth Trust"}],
        "fundingOrganization": [{"id": "GB-GOR-X", "name": "Example Fund"}],
        "grantProgramme": [{"title": "Places"}]}]}), encoding="utf-8")
    with pytest.raises(LoaderError, match="amountAwarded") as caught:
        load_file(path, strict=True)
    assert "360G-x-1" in str(caught.value)


def _one_grant(tmp_path, **fields):
    grant = {"id": "360G-x-1", "title": "Hub", "currency": "GBP", "amountAwarded": 1000,
             "recipientOrganization": [{"id": "GB-CHC-1", "name": "Riverside Youth Trust"}],
             "fundingOrganization": [{"id": "GB-GOR-X", "name": "Example Fund"}],
             "grantProgramme": [{"title": "Places"}]}
    grant.update(fields)
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"grants": [grant]}), encoding="utf-8")
    return path


def test_a_currency_written_with_spaces_or_small_letters_is_that_currency(tmp_path):
    records = load_file(_one_grant(tmp_path, currency=" gbp "), strict=True)
    (bid,) = records.bids.values()
    assert bid.amount == Decimal("1000") and not bid.notes


@pytest.mark.parametrize("field, value", [
    ("id", {"x": 1}), ("title", True),
    ("recipientOrganization", [{"id": "GB-CHC-1", "name": ["Beta"]}])])
def test_values_that_are_not_text_are_refused(tmp_path, field, value):
    with pytest.raises(LoaderError, match="is not text: give a string"):
        load_file(_one_grant(tmp_path, **{field: value}), strict=True)


def test_an_unclosed_quote_in_a_360giving_csv_is_refused_with_its_line(tmp_path):
    path = tmp_path / "grants.csv"
    path.write_text("Identifier,Title,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,"
                    "Recipient Org:Name,Funding Org:Identifier,Funding Org:Name\n"
                    "360G-x-1,Hub,GBP,1000,2015-04-01,GB-CHC-1,Riverside Youth Trust,GB-GOR-X,Fund\n"
                    '360G-x-2,Hall,GBP,2000,2015-04-01,GB-CHC-2,"Hillside Trust,GB-GOR-X,Fund\n'
                    "360G-x-3,Shed,GBP,3000,2015-04-01,GB-CHC-3,Valley Trust,GB-GOR-X,Fund\n",
                    encoding="utf-8")
    with pytest.raises(LoaderError, match="line 3: a quote opened here is never closed"):
        load_file(path)


@pytest.mark.parametrize("date", ["2015-02-30", "06/24/2015", "June 2015", 42156])
def test_an_award_date_that_cannot_be_read_is_said_per_grant(tmp_path, date):
    records = load_file(_one_grant(tmp_path, awardDate=date), strict=True)
    (bid,) = records.bids.values()
    assert bid.round == ""
    assert records.notes == [f"one.json grant 1: grant '360G-x-1': award date {str(date)!r} "
                             "cannot be read (write it as YYYY-MM-DD, or DD/MM/YYYY); the grant "
                             "is kept with no round"]
