"""Workbooks as governments publish them: titles above the header, merged title cells, totals
and footnote rows below the table, several sheets of bids. Expected values are typed by hand
from the rows written here."""

from decimal import Decimal

import pytest
from openpyxl import Workbook
from partnerkg.core.errors import LoaderError
from partnerkg.loaders import load_file

WIDE = ["Lead authority", "Partners", "Grant (£)"]


def published(tmp_path, total_2015="£1,550,000"):
    book = Workbook()
    first = book.active
    first.title = "2014-15"
    first.append(["Transformation Challenge Award: table of successful bids"])
    first.merge_cells("A1:C1")
    first.append(["Department for Communities and Local Government, September 2014"])
    first.append([])
    first.append(WIDE)
    first.append(["Essex County Council*", "Essex Police; Tendring District Council", 600000])
    first.append(["Kent County Council", "Kent Police", "£400k"])
    first.append(["Total", None, 1000000])
    first.append(["* Lead named in the council's own announcement."])
    second = book.create_sheet("2015-16")
    second.append(["Awards of November 2014"])
    second.merge_cells("A1:C1")
    second.append(["Provisional"])
    second.append(WIDE)
    second.append(["Norfolk County Council", "Norfolk Constabulary", "£1.2m"])
    second.append(["Suffolk County Council", "", 350000])
    second.append(["Total", None, total_2015])
    path = tmp_path / "winners.xlsx"
    book.save(path)
    return path


def test_every_bid_of_both_sheets_loads(tmp_path):
    records = load_file(published(tmp_path), programme="TCA")
    leads = {p.organisation: records.bids[p.bid_key].amount
             for p in records.participations if p.role == "lead"}
    assert leads == {"Essex County Council": Decimal("600000"),
                     "Kent County Council": Decimal("400000"),
                     "Norfolk County Council": Decimal("1200000"),
                     "Suffolk County Council": Decimal("350000")}
    partners = sorted(p.organisation for p in records.participations if p.role == "partner")
    assert partners == ["Essex Police", "Kent Police", "Norfolk Constabulary",
                        "Tendring District Council"]
    # the sheet's own row numbers: Essex is on row 5 of the first sheet, Norfolk row 4
    lines = {p.organisation: p.source.line for p in records.participations if p.role == "lead"}
    assert lines["Essex County Council"] == 5 and lines["Norfolk County Council"] == 4
    said = " ".join(records.notes)
    assert "totals row" in said and "above the header" in said and "note below" in said


def test_a_total_that_is_not_the_sum_is_refused(tmp_path):
    with pytest.raises(LoaderError, match=r"row|totals row says £1,600,000") as caught:
        load_file(published(tmp_path, total_2015="£1,600,000"), programme="TCA")
    assert "1,550,000" in str(caught.value) and "line 6" in str(caught.value)


def test_one_sheet_by_name(tmp_path):
    records = load_file(published(tmp_path), programme="TCA", sheet="2015-16")
    assert sorted(p.organisation for p in records.participations if p.role == "lead") == [
        "Norfolk County Council", "Suffolk County Council"]
    with pytest.raises(LoaderError, match="no sheet 'Summary'.*'2014-15', '2015-16'"):
        load_file(published(tmp_path), programme="TCA", sheet="Summary")


def test_names_that_start_like_a_total_or_a_note_are_bids(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Programme", "Lead authority", "Partners", "Grant (£)"])
    sheet.append(["Total Transport Pilot Fund", "Kent County Council", "Kent Police", 100000])
    sheet.append(["Total Transport Pilot Fund", "Sources of Hope Trust", "", 50000])
    sheet.append(["Total Transport Pilot Fund", "NB Community Partnership", "", 25000])
    sheet.append(["Total", None, None, 175000])
    sheet.append(["Source: the department's letters to councils"])
    path = tmp_path / "pilot.xlsx"
    book.save(path)
    records = load_file(path)
    assert sorted(p.organisation for p in records.participations if p.role == "lead") == [
        "Kent County Council", "NB Community Partnership", "Sources of Hope Trust"]
    assert {b.programme for b in records.bids.values()} == {"Total Transport Pilot Fund"}
    said = " ".join(records.notes)
    assert "totals row passed over" in said and "note below the table passed over" in said
