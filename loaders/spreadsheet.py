"""XLSX workbooks in the same long, wide and rounds layouts as CSV (see ``tabular``).

Every worksheet is read (or the one ``sheet`` names). A sheet's header is the first row that
names a lead or organisation column: title, note and blank rows above it (a merged title cell
among them) are passed over, and so are footnote rows and totals rows below the table (a
totals row is checked against the sum of the amounts above it); see ``published_table``. Line
numbers in messages are the sheet's row numbers, as Excel shows them, and a workbook of several
sheets names the sheet.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DTDForbidden, EntitiesForbidden

from ..core.errors import LoaderError
from ..core.records import Records
from .tabular import UNKNOWN_LAYOUT, published_table, read_bytes, records_from_table, table

__all__ = ["load_xlsx", "cell_text", "refuse_zip_bomb", "MAX_UNZIPPED", "MAX_RATIO"]


def cell_text(value) -> str:
    """A cell as the text a CSV of it would hold: whole numbers without '.0', dates in ISO form.

    >>> [cell_text(v) for v in (None, 1200000.0, 2.5, "Essex", dt.date(2015, 3, 1))]
    ['', '1200000', '2.5', 'Essex', '2015-03-01']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def load_xlsx(path: str | Path, *, programme: str | None = None, sheet: str | None = None
              ) -> Records:
    """Read every sheet of a partnership workbook (long, wide or rounds layout).

    A sheet with no partnership table (notes, a chart) is passed over and the load says so; a
    sheet that is a table but holds a wrong cell stops the load, naming the sheet.
    """
    from openpyxl import load_workbook

    path = Path(path)
    name = str(path)
    data = read_bytes(path)
    refuse_zip_bomb(data, name)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _UNREADABLE as exc:
        raise _unreadable(exc, name) from None
    records, passed_over, first_error = Records(), [], None
    try:
        sheets = [(sheet.title, list(sheet.iter_rows(values_only=True)))
                  for sheet in book.worksheets]
        _refuse_formulas_without_values(data, sheets, name)
    except _UNREADABLE as exc:
        raise _unreadable(exc, name) from None
    finally:
        book.close()
    if sheet is not None:
        titles = [title for title, _ in sheets]
        if sheet not in titles:
            raise LoaderError(f"has no sheet {sheet!r} (its sheets: "
                              f"{', '.join(map(repr, titles))})", file=name)
        sheets = [(title, rows) for title, rows in sheets if title == sheet]
    sheets = [(title, rows) for title, rows in sheets
              if any(cell is not None for row in rows for cell in row)]
    if not sheets:
        raise LoaderError("has no sheet with a header row", file=name, line=1)
    for title, rows in sheets:
        part = f"sheet {title!r}" if len(sheets) > 1 else ""
        where = f"{name} {part}" if part else name
        header, numbered = published_table(
            where, [(line, [cell_text(v) for v in values])
                    for line, values in enumerate(rows, start=1)], records.notes)
        try:
            found = records_from_table(path, table(where, header, numbered), programme, part)
        except LoaderError as exc:
            if UNKNOWN_LAYOUT not in str(exc) or len(sheets) == 1:
                raise
            first_error = first_error or exc
            passed_over.append(title)
            continue
        try:
            records.extend(found)
        except ValueError as exc:  # one key in two sheets: two bids, or one split in two?
            raise LoaderError(f"{exc}: in {where} and an earlier sheet (give each bid its own "
                              "key, or all its rows in one sheet)", file=name) from None
    if len(passed_over) == len(sheets):
        raise first_error
    records.skipped.extend(f"{path.name} sheet {title!r}: no partnership table (its header is "
                           "not a long, wide or rounds layout)" for title in passed_over)
    return records


#: The most a workbook may unzip to, in bytes: about four million cells of sheet XML, far
#: beyond a table of bids, and short of what openpyxl can hold (a 3.9 MB workbook that unzips
#: to 1.57 GB held 2.1 GB of memory for two minutes).
MAX_UNZIPPED = 500_000_000
#: The most one member of a workbook may expand by, once it is big enough to matter: sheet XML
#: compresses 5 to 30 times; hundreds of times is a file built to expand.
MAX_RATIO = 200
_RATIO_FROM = 10_000_000


def refuse_zip_bomb(data: bytes, name: str) -> None:
    """LoaderError, naming the file, for a workbook whose zip would expand past
    ``MAX_UNZIPPED`` in all or by more than ``MAX_RATIO`` in one member; read from the zip's
    directory before any of it is decompressed. (The sizes it states bound what is read:
    Python's zip reader stops at a member's stated size.) A file that is no zip is left to
    openpyxl's own message."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return
    total = sum(member.file_size for member in members)
    if total > MAX_UNZIPPED:
        raise LoaderError(f"would unzip to {total:,} bytes, more than the {MAX_UNZIPPED:,} a "
                          "workbook may (it is not read); save the table as CSV", file=name)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_FROM and ratio > MAX_RATIO:
            raise LoaderError(f"holds {member.filename!r}, which would unzip {ratio:,.0f} times "
                              f"over ({member.compress_size:,} to {member.file_size:,} bytes; "
                              f"a workbook's parts expand at most {MAX_RATIO} times): it is not "
                              "read; save the table as CSV", file=name)


#: What a damaged or hostile workbook raises while it is read (defusedxml's refusals of
#: entity declarations are ValueErrors).
_UNREADABLE = (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, ParseError)


def _unreadable(exc: Exception, name: str) -> LoaderError:
    causes, cause = [], exc
    while cause is not None and len(causes) < 10:  # openpyxl wraps what it met
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
    if any(isinstance(c, (EntitiesForbidden, DTDForbidden)) for c in causes):
        return LoaderError("declares XML entities inside the workbook, which are not read (they "
                           "can grow without bound); save it again from a spreadsheet program",
                           file=name)
    return LoaderError(f"is not an XLSX workbook, or is damaged ({exc}); save it again as .xlsx "
                       "or as CSV", file=name)


def _refuse_formulas_without_values(data: bytes, sheets, name: str) -> None:
    """LoaderError for a formula cell whose value was never saved (a workbook written by a
    program that does not calculate): read as empty, its amount would silently be none."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        for (title, values), sheet in zip(sheets, book.worksheets):
            header = [cell_text(v) for v in values[0]] if values else []
            for line, (saved, written) in enumerate(
                    zip(values, sheet.iter_rows(values_only=True)), start=1):
                for column, (value, formula) in enumerate(zip(saved, written)):
                    if value is None and isinstance(formula, str) and formula.startswith("="):
                        label = header[column] if column < len(header) else str(column + 1)
                        raise LoaderError(
                            f"sheet {title!r}: the cell holds the formula {formula!r} but no "
                            "saved value: open the workbook in a spreadsheet program and save "
                            "it, so that its values are stored", file=name, line=line,
                            column=label or str(column + 1))
    finally:
        book.close()
