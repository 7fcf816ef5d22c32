"""Tables over several pages as they are printed: landscape pages turned by /Rotate or printed
sideways, a table carried on to the next page without its header or with a column more. They
load like the same rows as CSV, and every error names the page and the row ("bids.pdf page 3,
row 12, column amount: ..."), never a row number without its page.

Where a row stands is known by construction: ``paged_pdf`` sets each page's rows out as given
(row 1 of a page is its header when the page has one).
"""

from __future__ import annotations

import re

import pdfplumber
import pytest
from partnerkg.core.errors import LoaderError
from partnerkg.loaders import load_file
from partnerkg.resolution import default_resolver

from .documents import HEADER, grid, heading, paged_pdf, story_pdf
from .test_pdf import LEADS, MORE_LEADS, PROGRAMME, loads_like, rows, write_csv

#: Column widths (cm) of a table set out on landscape pages.
LANDSCAPE = [6, 11, 3, 3]


def refusal(pdf) -> str:
    with pytest.raises(LoaderError) as caught:
        load_file(pdf, programme=PROGRAMME, gazetteer=default_resolver())
    message = str(caught.value)
    assert not re.search(r"\bline \d", message), message  # rows are said by page and row
    return message


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize("turn", ["rotate", "text"])
def test_a_landscape_table_on_turned_pages_loads_like_the_same_csv(tmp_path, turn, ruled):
    table = rows(marks=False, leads=LEADS + MORE_LEADS)
    pdf = story_pdf(tmp_path / "bids.pdf", [heading("Successful bids"),
                                            grid(HEADER, table, ruled=ruled, widths=LANDSCAPE)],
                    turn=turn)
    with pdfplumber.open(pdf) as document:
        assert len(document.pages) == 2
        for page in document.pages:  # turned as meant: by /Rotate, or its text running up
            assert page.rotation == (90 if turn == "rotate" else 0)
            assert all(c["upright"] for c in page.chars) == (turn == "rotate")
    loads_like(pdf, write_csv(tmp_path / "bids.csv", table))


@pytest.mark.parametrize("repeat_header", [True, False], ids=["header", "no-header"])
@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize("turn", [None, "rotate", "text"])
def test_an_error_on_a_later_page_names_its_page_and_row(tmp_path, turn, ruled, repeat_header):
    table = rows(marks=False)
    table[26][2] = "about a million"  # the 27th bid: the third row of data on page 3
    later = HEADER if repeat_header else None
    pdf = paged_pdf(tmp_path / "bids.pdf", [(HEADER, table[:12]), (later, table[12:24]),
                                            (later, table[24:])],
                    turn=turn, ruled=ruled, widths=LANDSCAPE if turn else None)
    row = 3 + (1 if repeat_header else 0)
    message = refusal(pdf)
    assert message.startswith(f"{pdf} page 3, row {row}, column amount: 'about a million' ")


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_a_page_carried_on_without_its_header_and_with_a_column_more_is_refused_at_its_row(
        tmp_path, ruled):
    table = rows(marks=False)
    later = [row + [""] for row in table[12:24]]
    later[2][4] = "see note 3"
    pdf = paged_pdf(tmp_path / "bids.pdf", [(HEADER, table[:12]), (None, later)], ruled=ruled)
    assert refusal(pdf) == f"{pdf} page 2, row 3: has 5 cells but the header has 4"


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_a_table_carried_on_under_a_header_with_a_column_more_loads_like_the_same_csv(
        tmp_path, ruled):
    """Page 2 repeats the header and adds a Notes column, page 3 carries on without a header."""
    table = rows(marks=False)
    later = [row + [""] for row in table[12:]]
    later[1][4] = "Revised business case"
    pdf = paged_pdf(tmp_path / "bids.pdf", [(HEADER, table[:12]), (HEADER + ["Notes"], later[:12]),
                                            (None, later[12:])], ruled=ruled)
    loads_like(pdf, write_csv(tmp_path / "bids.csv", [row + [""] for row in table[:12]] + later,
                              HEADER + ["Notes"]))


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_a_message_that_points_at_another_row_names_that_rows_page_too(tmp_path, ruled):
    table = rows(marks=False)
    table[20] = list(table[3])  # the fourth bid again, on page 2
    pdf = paged_pdf(tmp_path / "bids.pdf", [(HEADER, table[:12]), (HEADER, table[12:24]),
                                            (HEADER, table[24:])], ruled=ruled)
    assert re.fullmatch(
        re.escape(f"{pdf} page 2, row 10, column lead: bid ") + "'[^']+'" + re.escape(
            " already appears on page 1, row 5; in the wide layout each bid is one row (add a "
            "bid column to tell two bids by one lead apart)"), refusal(pdf))


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_a_note_on_a_row_names_its_page_and_row(tmp_path, ruled):
    """A bid no row leads is loaded with a note: the note says where its rows start."""
    header = ["Bid", "Organisation", "Role", "Amount (£)"]
    table = []
    for i, lead in enumerate(LEADS[:20]):
        table.append([f"TCA-{i + 1:02}", lead, "Partner" if i == 15 else "Lead", "£1.2m"])
        table.append([f"TCA-{i + 1:02}", LEADS[(i + 1) % 20], "Partner", ""])
    # page 2 holds bids 11 to 20: bid 16's first row is its 11th row of data, row 12
    pdf = paged_pdf(tmp_path / "long.pdf", [(header, table[:20]), (header, table[20:])],
                    ruled=ruled, widths=[2.5, 6, 2.5, 3])
    notes = load_file(pdf, programme=PROGRAMME, gazetteer=default_resolver()).notes
    assert [n for n in notes if "TCA-16" in n][0].startswith(
        "long.pdf page 2, row 12: bid 'TCA-16' has no row with the role 'lead'")
    assert not any(re.search(r"\bline \d", n) for n in notes), notes


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_a_note_on_how_a_cell_was_read_names_its_page_and_row(tmp_path, ruled):
    table = rows(marks=False)
    table[14][1] = "Essex Police, Kent Police"  # page 2, its third row of data: row 4
    pdf = paged_pdf(tmp_path / "bids.pdf", [(HEADER, table[:12]), (HEADER, table[12:])],
                    ruled=ruled)
    notes = load_file(pdf, programme=PROGRAMME, gazetteer=default_resolver()).notes
    assert [n for n in notes if "Kent Police" in n] == [
        "bids.pdf page 2, row 4: the partners cell 'Essex Police, Kent Police' was read as 2 "
        "bodies separated by commas (separate them with ';')"]
