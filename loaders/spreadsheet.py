"""XLSX workbooks in the same long, wide and rounds layouts as CSV (see ``tabular``).

The first worksheet is read; its first row is the header. Line numbers in messages are the
sheet's row numbers, as Excel shows them.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from ..core.errors import LoaderError
from ..core.records import Records
from .tabular import read_bytes, records_from_table, table

__all__ = ["load_xlsx", "cell_text"]


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


def load_xlsx(path: str | Path, *, programme: str | None = None) -> Records:
    """Read the first sheet of a partnership workbook (long, wide or rounds layout)."""
    from openpyxl import load_workbook

    path = Path(path)
    name = str(path)
    data = read_bytes(path)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise LoaderError(f"is not an XLSX workbook ({exc}); save it as .xlsx or CSV",
                          file=name) from None
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or not any(cell is not None for cell in header):
            raise LoaderError(f"sheet {sheet.title!r} is empty: a header row is needed",
                              file=name, line=1)
        numbered = ((line, [cell_text(v) for v in values])
                    for line, values in enumerate(rows, start=2))
        found = table(name, [cell_text(v) for v in header], numbered)
    finally:
        book.close()
    return records_from_table(path, found, programme)
