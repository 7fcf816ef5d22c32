"""A table of bodies a user adds to a store's register (``partnerkg register add``).

CSV, TSV or XLSX (the first sheet), one body a row. Columns (any order, common spellings):
``name`` and ``identifier`` (an org-id such as GB-CHC-1234567, or any identifier the user's
data carries) are needed; ``sector``, ``aliases`` (separated by ``|`` or ``;``), ``gss``,
``lat``/``long``, ``start``/``end`` (ISO dates), ``successor`` (identifiers, separated by ``|``
or ``;``) and ``type`` may follow. Every cell is checked before anything is added: a wrong one
is an error naming its file, line and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from ..core.errors import LoaderError
from ..core.names import clean, control_character, normalise_name
from ..ontology import sector_key
from .identity import mixed_script
from .register import Body, clean_identifier
from ..loaders.tabular import _decode, read_bytes

__all__ = ["read_register_table", "REGISTER_COLUMNS"]

#: Canonical column -> the header spellings taken for it (folded).
REGISTER_COLUMNS = {
    "name": ("name", "organisation", "organisation name", "organization name", "body"),
    "identifier": ("identifier", "id", "org id", "orgid", "organisation id", "org-id"),
    "sector": ("sector", "organisation type", "org type"),
    "type": ("type", "kind", "body type"),
    "aliases": ("aliases", "alias", "other names", "also known as"),
    "gss": ("gss", "gss code", "ons code"),
    "lat": ("lat", "latitude"),
    "long": ("long", "lon", "lng", "longitude"),
    "start": ("start", "start date", "from", "opened"),
    "end": ("end", "end date", "to", "closed"),
    "successor": ("successor", "successors", "replaced by", "succeeded by"),
}
_LOOKUP = {normalise_name(s): c for c, spellings in REGISTER_COLUMNS.items() for s in spellings}
_SPLIT = re.compile(r"\s*[|;]\s*")


def _rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and (line, cells) rows of a CSV, TSV or the first sheet of an XLSX file."""
    name = str(path)
    data = read_bytes(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        from ..loaders.spreadsheet import cell_text, refuse_zip_bomb

        refuse_zip_bomb(data, name)  # before openpyxl expands any of it
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            rows = [[cell_text(v) for v in row] for row in book.worksheets[0].iter_rows(
                values_only=True)]
            book.close()
        except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
            raise LoaderError(f"is not a readable workbook ({exc.__class__.__name__})",
                              file=name) from None
    else:
        reader = csv.reader(io.StringIO(_decode(data, name), newline=""), strict=True,
                            delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
        try:
            rows = list(reader)
        except csv.Error as exc:
            raise LoaderError(f"is not valid CSV ({exc})", file=name,
                              line=reader.line_num) from None
    numbered = [(line, cells) for line, cells in enumerate(rows, 1) if any(c.strip()
                                                                          for c in cells)]
    if not numbered:
        raise LoaderError("is empty: a header row is needed", file=name, line=1)
    (_, header), body = numbered[0], numbered[1:]
    return header, body


def read_register_table(path: str | Path) -> list[tuple[int, Body]]:
    """The bodies a register table lists, each with its line, every cell checked.

    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> table = os.path.join(folder, "bodies.csv")
    >>> _ = open(table, "w").write("name,identifier,sector,aliases\\n"
    ...                            "Age UK Essex,GB-CHC-1076149,voluntary,Age Concern Essex\\n")
    >>> [(n, b.id, b.name, b.sector, b.aliases) for n, b in read_register_table(table)]
    [(2, 'GB-CHC-1076149', 'Age UK Essex', 'voluntary-and-community', ('Age Concern Essex',))]
    """
    path = Path(path)
    name = str(path)
    header, rows = _rows(path)
    columns = []
    for raw in header:
        column = _LOOKUP.get(normalise_name(raw), "")
        if column and column in columns:
            raise LoaderError(f"two columns mean {column!r}", file=name, line=1, column=raw)
        columns.append(column)
    missing = [c for c in ("name", "identifier") if c not in columns]
    if missing:
        raise LoaderError(f"a register table needs the columns name and identifier (missing: "
                          f"{', '.join(missing)})", file=name, line=1)
    bodies, seen = [], {}
    for line, cells in rows:
        row = {}
        for raw, column, value in zip(header, columns, cells):
            if not column:
                continue
            bad = control_character(value)
            if bad:
                raise LoaderError(f"holds a control character ({bad})", file=name, line=line,
                                  column=clean(raw))
            row[column] = clean(value)
        bodies.append((line, _body(row, name, line)))
        earlier = seen.setdefault(bodies[-1][1].id, line)
        if earlier != line:
            raise LoaderError(f"identifier {bodies[-1][1].id!r} is given on line {earlier} too: "
                              "one row per body", file=name, line=line, column="identifier")
    if not bodies:
        raise LoaderError("lists no body", file=name, line=2)
    return bodies


def _body(row: dict[str, str], name: str, line: int) -> Body:
    def error(column: str, why: str) -> LoaderError:
        return LoaderError(why, file=name, line=line, column=column)

    for needed in ("name", "identifier"):
        if not row.get(needed):
            raise error(needed, f"no {needed} given")
    for text in (row["name"], *_SPLIT.split(row.get("aliases", ""))):
        if text and not normalise_name(text):
            raise error("name" if text == row["name"] else "aliases",
                        f"{text!r} has no letter or digit: it names no body")
        odd = mixed_script(text)
        if odd:
            raise error("name" if text == row["name"] else "aliases", odd)
    identifier = clean_identifier(row["identifier"])
    if not identifier:
        raise error("identifier", f"{row['identifier']!r} is no identifier")
    if re.search(r"\s", identifier):
        raise error("identifier", f"identifier {identifier!r} holds a space")
    try:
        sector = sector_key(row["sector"]) if row.get("sector") else "other"
    except ValueError as exc:
        raise error("sector", str(exc)) from None
    dates = {}
    for column in ("start", "end"):
        text = row.get(column, "")
        if text:
            try:
                dates[column] = dt.date.fromisoformat(text).isoformat()
            except ValueError:
                raise error(column, f"{text!r} is not a date (YYYY-MM-DD)") from None
    if dates.get("start") and dates.get("end") and dates["end"] < dates["start"]:
        raise error("end", f"ends ({dates['end']}) before it starts ({dates['start']})")
    place = {}
    for column, limit in (("lat", 90), ("long", 180)):
        text = row.get(column, "")
        if text:
            try:
                value = float(text)
            except ValueError:
                raise error(column, f"{text!r} is not a number") from None
            if not -limit <= value <= limit:
                raise error(column, f"{value} is not a {column}itude")
            place[column] = value
    if len(place) == 1:
        raise error("long" if "lat" in place else "lat", "a place needs both lat and long")
    return Body(id=identifier, name=row["name"], sector=sector, type=row.get("type", ""),
                gss=row.get("gss", ""), start=dates.get("start", ""), end=dates.get("end", ""),
                successors=tuple(s for s in _SPLIT.split(row.get("successor", "")) if s),
                aliases=tuple(a for a in _SPLIT.split(row.get("aliases", "")) if a),
                lat=place.get("lat"), long=place.get("long"))
