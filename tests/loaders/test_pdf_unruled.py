"""Tables drawn without ruling lines, as many are published, load like the same table as CSV.

The expected answer is always the CSV of the same rows (without the PDF's footnote marks and
totals row); the PDF is built here with reportlab, and checked to have no ruling lines.
"""

from __future__ import annotations

import re

import pdfplumber
import pytest
from partnerkg.core.errors import LoaderError
from partnerkg.loaders import load_file
from partnerkg.resolution import default_resolver

from .documents import HEADER, grid, heading, space, story_pdf, table_pdf
from .test_pdf import (LEADS, MORE_LEADS, PROGRAMME, loads_like, rows, stores_alike,
                       write_csv)

#: The 40 amounts of ``rows(leads=LEADS + MORE_LEADS)`` summed by hand: the six amounts
#: (£1.2m, 400,000, £350k, £2,500,000, 75000, £0.6 million) come to £5,125,000; six rounds of
#: them and the first four again (£4,450,000) make £35,200,000.
TOTAL_40 = "£35,200,000"


def unruled(path, table, header=HEADER, **options):
    pdf = table_pdf(path, header, table, ruled=False, **options)
    with pdfplumber.open(pdf) as document:
        assert not any(page.lines or page.rects for page in document.pages)
        return pdf, len(document.pages)


@pytest.mark.parametrize("repeat_header", [True, False])
def test_an_unruled_table_of_40_bids_over_two_pages_loads_like_the_same_csv(
        run, tmp_path, repeat_header):
    """As published: a title, no rules, the lead column narrow (long names wrap), partners
    wrapping, amounts set right, footnote marks, a totals row, a footnote, page numbers."""
    table = rows(marks=True, leads=LEADS + MORE_LEADS) + [["Total", "", TOTAL_40, ""]]
    pdf, pages = unruled(tmp_path / "bids.pdf", table, repeat_header=repeat_header,
                         title="Transformation Challenge Award: successful bids",
                         footnote="* Lead authority as named in the bid. [1] Subject to a "
                                  "revised business case.", numbered=True,
                         widths=[4, 7, 2.6, 2], right_aligned=(2,))
    assert pages == 2
    expected = write_csv(tmp_path / "bids.csv", rows(marks=False, leads=LEADS + MORE_LEADS))
    stores_alike(run, tmp_path, pdf, expected, 40)
    notes = load_file(pdf, programme=PROGRAMME, gazetteer=default_resolver()).notes
    assert any(re.fullmatch(r".*bids\.pdf page 2, row \d+: totals row passed over \(its "
                            r"£35,200,000 equals the sum of the rows above\)", n) for n in notes)
    assert not any(re.search(r"\bline \d", n) for n in notes), notes


@pytest.mark.parametrize("layout", [
    {"padding": 0},  # no space between rows: a wrapped line is told by the columns it fills
    {"valign": "MIDDLE"},  # short cells centred between a long cell's lines
    {"valign": "BOTTOM"},
    {"padding": 0, "widths": [3.2, 7, 2.6, 2], "right_aligned": (2,)},
])
def test_wrapped_cells_join_into_one_row(tmp_path, layout):
    pdf, _ = unruled(tmp_path / "bids.pdf", rows(marks=False), **layout)
    loads_like(pdf, write_csv(tmp_path / "bids.csv"))


@pytest.mark.parametrize("drawn", ["rows", "header", "stripes", "box"])
def test_a_table_with_rules_across_only_shaded_rows_or_a_frame_loads_like_the_same_csv(
        tmp_path, drawn):
    """Rules under the rows but none down (pdfplumber finds no cells), shaded stripes (each a
    box of one column), a frame: the table is found by its words."""
    table = rows(marks=False, leads=LEADS + MORE_LEADS)
    pdf = story_pdf(tmp_path / "bids.pdf", [heading("Successful bids"),
                                            grid(HEADER, table, ruled=False, drawn=drawn)])
    loads_like(pdf, write_csv(tmp_path / "bids.csv", table))


def test_an_unruled_long_table_loads_like_the_same_csv(tmp_path):
    """One row per member: a role cell 'Lead' is data, not the header of a new table."""
    header = ["Bid", "Organisation", "Role", "Amount (£)"]
    table = []
    for i, lead in enumerate(LEADS[:24]):
        table.append([f"TCA-{i + 1:02}", lead, "Lead", ["£1.2m", "400,000", "£350k"][i % 3]])
        table.append([f"TCA-{i + 1:02}", LEADS[(i + 1) % 24], "Partner", ""])
    pdf, pages = unruled(tmp_path / "long.pdf", table, header, widths=[2.5, 6, 2.5, 3])
    assert pages == 2
    loads_like(pdf, write_csv(tmp_path / "long.csv", table, header))


def test_a_ruled_partnership_table_is_read_and_an_unruled_one_is_not_looked_for(tmp_path):
    """The ruled table is the document's table: text that only looks like one (a list of
    withdrawn bids set out in columns) is not read as a second."""
    withdrawn = [["Dover District Council", "Kent Police", "£90,000", "2015-16"]]
    pdf = story_pdf(tmp_path / "bids.pdf", [
        heading("Successful bids"), grid(HEADER, rows(marks=False)), space(24),
        heading("Withdrawn bids", 2), grid(HEADER, withdrawn, ruled=False)])
    loads_like(pdf, write_csv(tmp_path / "bids.csv"))


def test_an_unruled_header_that_names_no_lead_column_leaves_the_text_as_prose(tmp_path):
    """Columns headed 'Council', 'Award' are not a partnership table: the text is read."""
    pdf = story_pdf(tmp_path / "awards.pdf", [
        heading("Essex County Council has been awarded £3.3m to work with Essex Police"),
        grid(["Council", "Award"], [["Kent County Council", "£1m"]], ruled=False,
             widths=[6, 3])])
    records = load_file(pdf, gazetteer=default_resolver())
    assert records.notes[-1] == ("awards.pdf: no partnership table found, so its text was read "
                                 "as prose")


def test_rows_that_cannot_be_told_from_wrapped_lines_are_refused_not_guessed(tmp_path):
    """No space between rows and cells centred up and down: a row's short cells stand between
    its long cells' lines, and nothing tells a row from a wrapped line. The load is refused at
    a row that lacks its lead, named by page and row, rather than loaded wrong."""
    pdf, _ = unruled(tmp_path / "bids.pdf", rows(marks=False), padding=0, valign="MIDDLE")
    with pytest.raises(LoaderError) as caught:
        load_file(pdf, programme=PROGRAMME, gazetteer=default_resolver())
    assert re.fullmatch(rf"{re.escape(str(pdf))} page 1, row \d+, column lead: no lead "
                        "organisation name given", str(caught.value))
