"""A document with several tables: its partnership tables are read (like the same rows as
CSV), the others passed over, each named in the notes with its page and why.

Where a table stands (its page, its place among the page's tables) is found here with
pdfplumber's own words, not with the loader's.
"""

from __future__ import annotations

import pdfplumber
import pytest
from partnerkg.core.errors import LoaderError
from partnerkg.loaders import load_file
from partnerkg.resolution import default_resolver

from .documents import HEADER, grid, heading, page_break, paragraph, space, story_pdf
from .test_pdf import LEADS, PROGRAMME, loads_like, rows, write_csv

REGIONS = (["Region", "Bids", "Amount (£)"],
           [["East of England", "9", "£7.3m"], ["South East", "11", "£9.1m"],
            ["East Midlands", "10", "£8.0m"]])
CONTACTS = (["Name", "Email", "Telephone"],
            [["Funding team", "funding@example.gov.uk", "0303 444 0000"],
             ["Press office", "press@example.gov.uk", "0303 444 1201"]])
LONG = ["Bid", "Organisation", "Role", "Amount (£)"]


def long_rows() -> list[list[str]]:
    """The 30 bids in the long layout: the lead's row, then one row per partner."""
    out = []
    for i, (lead, partners, amount, _) in enumerate(rows(marks=False)):
        key = f"TCA-{i + 1:02}"
        out.append([key, lead, "Lead", amount])
        out += [[key, partner, "Partner", ""] for partner in partners.split("; ")]
    return out


def page_of(pdf, text: str) -> int:
    """The page whose text holds ``text`` (found by pdfplumber, not by the loader)."""
    with pdfplumber.open(pdf) as document:
        return next(n for n, page in enumerate(document.pages, start=1)
                    if text in (page.extract_text() or ""))


def document(path, header, table, *, ruled=True):
    """A partnership table, then a contacts table on the page where it ends, then a summary
    by region alone on the next page."""
    return story_pdf(path, [
        heading("Transformation Challenge Award: successful bids"), space(),
        grid(header, table, ruled=ruled, widths=[2.5, 6, 2.5, 3] if header == LONG else None),
        space(24), heading("Contacts", 2), grid(*CONTACTS, ruled=ruled, widths=[4, 6, 4]),
        page_break(), heading("Summary by region", 2),
        paragraph("The bids by the region of their lead authority."),
        grid(*REGIONS, ruled=ruled, widths=[5, 3, 3])])


@pytest.mark.parametrize("layout", ["wide", "long"])
def test_the_partnership_table_is_read_and_the_others_passed_over_with_a_note(tmp_path,
                                                                              layout):
    header, table = (HEADER, rows(marks=False)) if layout == "wide" else (LONG, long_rows())
    pdf = document(tmp_path / "bids.pdf", header, table)
    loads_like(pdf, write_csv(tmp_path / "bids.csv", table, header))
    notes = load_file(pdf, programme=PROGRAMME, gazetteer=default_resolver()).notes
    contacts, regions = page_of(pdf, "Press office"), page_of(pdf, "South East")
    assert regions == contacts + 1 and contacts > 1
    assert f"{pdf} page {contacts}, table 2: a table passed over (Name, Email, Telephone): " \
           "its header names no lead or organisation column" in notes
    assert f"{pdf} page {regions}: a table passed over (Region, Bids, Amount (£)): its header " \
           "names no lead or organisation column" in notes


def test_unruled_tables_around_an_unruled_partnership_table_are_not_read_into_it(tmp_path):
    pdf = document(tmp_path / "bids.pdf", HEADER, rows(marks=False), ruled=False)
    loads_like(pdf, write_csv(tmp_path / "bids.csv"))


def test_two_partnership_tables_in_one_document_are_both_read(tmp_path):
    """Two rounds, each its own table under its own header (the second with a column more):
    the same bids as the CSV of both."""
    first = [row[:3] for row in rows(marks=False)[:12]]
    second = rows(marks=False)[12:]
    pdf = story_pdf(tmp_path / "bids.pdf", [
        heading("Round 1"), grid(HEADER[:3], first), space(24), paragraph("Round 2 follows."),
        page_break(), heading("Round 2"), grid(HEADER, second)])
    loads_like(pdf, write_csv(tmp_path / "bids.csv", [row + [""] for row in first] + second))


def test_a_table_whose_header_names_organisations_but_is_no_partnership_table_is_passed_over(
        tmp_path):
    """A contacts table headed 'Organisation' is not a long table (no bid, no role): beside a
    partnership table it is passed over, and the note says what it lacks."""
    contacts = ["Organisation", "Contact", "Email"], [["Adur District Council", "Grants team",
                                                       "grants@adur.example"]]
    pdf = story_pdf(tmp_path / "bids.pdf", [
        grid(HEADER, rows(marks=False)), space(24), grid(*contacts, widths=[5, 4, 5])])
    loads_like(pdf, write_csv(tmp_path / "bids.csv"))
    notes = load_file(pdf, programme=PROGRAMME, gazetteer=default_resolver()).notes
    page = page_of(pdf, "Grants team")
    assert f"{pdf} page {page}, table 2: a table passed over (Organisation, Contact, Email): " \
           "its header lacks a column the layout needs (a long table: bid, organisation and " \
           "role)" in notes


def test_alone_such_a_table_is_refused_with_what_it_lacks_and_where(tmp_path):
    pdf = story_pdf(tmp_path / "contacts.pdf", [
        heading("Contacts"),
        grid(["Organisation", "Contact"], [[lead, "Grants team"] for lead in LEADS[:3]],
             widths=[6, 4])])
    with pytest.raises(LoaderError) as caught:
        load_file(pdf, programme=PROGRAMME, gazetteer=default_resolver())
    assert str(caught.value).startswith(f"{pdf} page 1, row 1: looks like the long layout")
