"""PDF documents: the tables in them read like CSV, or their text read as prose.

A PDF with a ruled table whose header names a lead or organisation column (the layouts of
``tabular``) is read as that table: over several pages, with its header repeated on each page
or not, cells wrapped over several lines joined, titles above it and footnote and totals rows
below it passed over (``tabular.published_table``). Every row keeps its page and its row on
that page ("bids.pdf page 3, row 12, column amount"). A PDF with no such table is read as
prose by the text extractor (``text``). Tables are found by pdfplumber, from the lines that
rule them.

A file that is not a PDF, is cut short, is encrypted, or is a scan with no text layer is
refused with one message saying which (no OCR is attempted).
"""

from __future__ import annotations

import io
from pathlib import Path

from ..core.errors import LoaderError
from ..core.records import Records
from .tabular import is_header, published_table, read_bytes, records_from_table, table
from .text import text_records

__all__ = ["load_pdf", "pdf_pages"]


def _joined(cell: str | None) -> str:
    """A cell's wrapped lines as one line ("Stoke-on-\\nTrent" keeps its hyphen)."""
    lines = [line.strip() for line in (cell or "").split("\n")]
    out = ""
    for line in lines:
        if not line:
            continue
        out += line if not out or out.endswith("-") else " " + line
    return out


def pdf_pages(path: str | Path) -> list[tuple[list[list[list[str]]], str]]:
    """(tables, text) of each page, or LoaderError saying why the file cannot be read."""
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError:  # pragma: no cover - a dependency of partnerkg
        raise LoaderError("reading PDF needs pdfplumber (pip install pdfplumber)",
                          file=str(path)) from None
    name = str(path)
    data = read_bytes(Path(path))
    if not data.lstrip()[:5] == b"%PDF-":
        raise LoaderError("is not a PDF (it does not begin with %PDF-): give it the extension "
                          "of what it is, or --format", file=name)
    if b"%%EOF" not in data[-2048:]:
        raise LoaderError("is cut short: the PDF's end-of-file marker is missing, so pages may "
                          "be lost (download or save it again)", file=name)
    pages = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            chars = images = 0
            for page in pdf.pages:
                chars += len(page.chars)
                images += len(page.images)
                tables = [[[_joined(c) for c in row] for row in found]
                          for found in page.extract_tables()]
                pages.append((tables, page.extract_text() or ""))
    except Exception as exc:  # pdfminer raises many kinds; each is named below
        causes, cause = [], exc
        while cause is not None and len(causes) < 10:
            causes.append(cause)
            cause = cause.__cause__ or cause.__context__ or (
                cause.args[0] if cause.args and isinstance(cause.args[0], Exception) else None)
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes):
            raise LoaderError("is encrypted (it needs a password to open): save an unprotected "
                              "copy, or export its table as CSV", file=name) from None
        if any(isinstance(c, PDFSyntaxError) for c in causes) or isinstance(
                exc, (ValueError, KeyError, TypeError, AttributeError, IndexError, OSError)):
            raise LoaderError(f"is a damaged PDF ({type(causes[-1]).__name__}: {causes[-1]}); "
                              "download or save it again", file=name) from None
        raise
    if not chars:
        if images:
            raise LoaderError("has no text layer: its pages are pictures (a scan?). partnerkg "
                              "does not read text out of images (no OCR); find the document's "
                              "text version, or run OCR on it first", file=name)
        raise LoaderError("holds no text", file=name)
    return pages


def load_pdf(path: str | Path, *, programme: str | None = None, gazetteer) -> Records:
    """Records from a PDF: from its partnership table when it has one, else from its text."""
    path = Path(path)
    name = str(path)
    pages = pdf_pages(path)
    rows, places, line = [], {}, 0
    for number, (tables, _) in enumerate(pages, start=1):
        row_on_page = 0
        for found in tables:
            for cells in found:
                line += 1
                row_on_page += 1
                rows.append((line, cells))
                places[line] = (f"page {number}", row_on_page)
    notes: list[str] = []
    header, body = published_table(name, rows, notes, places)
    if body and is_header(header):
        records = records_from_table(path, table(name, header, body), programme, places=places)
        records.notes.extend(notes)
        return records
    text = "\n\n".join(page_text for _, page_text in pages)
    records = text_records(text, path.name, programme=programme, gazetteer=gazetteer)
    records.notes.append(f"{path.name}: no partnership table found, so its text was read as prose")
    return records
