"""Every sheet of a workbook is read; a sheet that is no table is passed over, and said so."""

import pytest
from openpyxl import Workbook
from partnerkg.core.errors import LoaderError
from partnerkg.loaders import load_file

HEADER = ["bid", "programme", "organisation", "role", "amount"]


def workbook(tmp_path, sheets) -> str:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / "bids.xlsx"
    book.save(path)
    return path


def test_two_sheets_of_bids_load_both(tmp_path):
    path = workbook(tmp_path, {
        "2014-15": [HEADER, ["a1", "P", "Essex County Council", "lead", 100000],
                    ["a1", "P", "Essex Police", "partner", None]],
        "2015-16": [HEADER, ["b1", "P", "Kent County Council", "lead", 250000]]})
    records = load_file(path)
    assert sorted(b.key for b in records.bids.values()) == ["a1", "b1"]
    assert len(records.participations) == 3
    assert {b.amount for b in records.bids.values()} == {100000, 250000}


def test_a_sheet_of_notes_is_passed_over_and_said(tmp_path):
    path = workbook(tmp_path, {
        "Bids": [HEADER, ["a1", "P", "Essex County Council", "lead", 100000]],
        "Notes": [["Figures from the award letters."], ["Updated March 2015."]]})
    records = load_file(path)
    assert [b.key for b in records.bids.values()] == ["a1"]
    assert any("'Notes'" in message for message in records.skipped)


def test_a_wrong_cell_names_its_sheet_and_row(tmp_path):
    path = workbook(tmp_path, {
        "Bids": [HEADER, ["a1", "P", "Essex County Council", "lead", 100000]],
        "More": [HEADER, ["b1", "P", "Kent County Council", "lead", "lots"]]})
    with pytest.raises(LoaderError) as caught:
        load_file(path)
    assert "sheet 'More'" in str(caught.value) and "line 2" in str(caught.value)


def test_a_single_sheet_keeps_plain_messages(tmp_path):
    path = workbook(tmp_path, {"Sheet1": [HEADER, ["a1", "P", "", "lead", 1]]})
    with pytest.raises(LoaderError) as caught:
        load_file(path)
    assert "sheet 'Sheet1'" not in str(caught.value) and "line 2" in str(caught.value)


def test_a_formula_without_a_saved_value_is_refused(tmp_path):
    # openpyxl writes formulas without calculating them, as some programs do
    path = workbook(tmp_path, {"Bids": [HEADER, ["b1", "P", "Alpha Council", "lead", "=1000*2"]]})
    with pytest.raises(LoaderError) as caught:
        load_file(path)
    message = str(caught.value)
    assert "line 2, column amount" in message and "'=1000*2'" in message
    assert "no saved value" in message


def test_one_bid_key_in_two_sheets_is_refused(tmp_path):
    path = workbook(tmp_path, {
        "2015": [HEADER, ["b1", "P", "Alpha Council", "lead", 10]],
        "2016": [HEADER, ["b1", "P", "Beta Police", "lead", 20]]})
    with pytest.raises(LoaderError) as caught:
        load_file(path)
    assert "bid 'b1' appears twice" in str(caught.value) and "'2016'" in str(caught.value)
