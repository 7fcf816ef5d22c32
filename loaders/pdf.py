"""PDF documents: the tables in them read like CSV, or their text read as prose.

A PDF's partnership tables - tables whose header names a lead or organisation column (the
layouts of ``tabular``) - are read as one CSV would be: over several pages, with the header
repeated on each page or not, cells wrapped over several lines joined, titles above and
footnote and totals rows below passed over (``tabular.published_table``). Every row keeps its
page and its row on that page ("bids.pdf page 3, row 12, column amount"; "page 3, table 2,
row 4" where a page holds several tables) in errors, notes and provenance alike: a message of
``tabular`` that points at another row by its line says that row's page and row instead. A PDF
with no such table is read as prose by the text extractor (``text``).

Finding tables:

* Ruled tables are found by pdfplumber from the lines that rule them.
* When no ruled table is a partnership table, tables drawn without ruling lines (or with rules
  across only, shaded rows or a frame) are found from the position of their words: a line, or
  a row of lines, whose cells name a lead or organisation column (``tabular.is_header``, with
  at least half its cells column names) is a header, and each of its cells a column. The border
  between two columns is where the fewest lines below have a word, between the two header cells
  (a header cell lies inside its column, however the column is aligned). Lines closer together
  than a cell's lines are (the smallest spacing that recurs between lines one above the other)
  make one row; in a table with no space between its rows, a line that fills only some of the
  columns the row's first line fills carries that row on. The table ends at a gap wider than
  its rows', at a line of prose running across its columns, or at another header; when it runs
  to the foot of its page, the first lines of the next page that fit its columns carry it on
  (words beyond its right edge are a column more).

  Why not pdfplumber's own text strategy (``vertical_strategy`` and ``horizontal_strategy``
  "text")? Measured on the 40-bid table without rules of tests/loaders/test_pdf_unruled.py
  (two pages, header repeated, wrapped leads and partners, amounts set right, a totals row):
  with its defaults it split the 4 columns into 7, cutting cells inside words ("Adur District
  Cou" | "ncil"), and made each wrapped line a row of its own (127 rows for 43): no bid of the
  40 came out whole. With ``min_words_vertical`` raised to 20 it found 3 or 4 columns, no table
  at all on a page of 8 of its bids, and still split every wrapped cell into rows. Found from the
  header and the gaps, the same table gives its 43 rows (two headers, 40 bids, the totals) with
  all 40 bids whole, and loads into the same triples as its CSV.
* A table that is not a partnership table (a summary by region, a contacts list) is passed
  over, and a note names its page and says why; a ruled table at the top of a page without a
  header carries on the table that ended the page before when its column edges line up with
  that table's (a column more is allowed), or it has as many columns and that table is a
  partnership table.
* A page whose text runs sideways (a landscape table printed on a portrait page) is turned
  before it is read, as pdfplumber reads a page turned by its /Rotate entry.

What cannot be told apart is not guessed: in a table with no space between its rows whose
cells are centred up and down, rows and wrapped lines run together, and the load is refused
at the first row that comes out without its lead, named by its page and row.

A file that is not a PDF, is cut short, is encrypted, or is a scan with no text layer is
refused with one message saying which (no OCR is attempted).
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from ..core.errors import LoaderError
from ..core.records import Records
from .tabular import (is_header, published_table, read_bytes, records_from_table, table,
                      without_mark)
from .text import text_records

__all__ = ["load_pdf", "pdf_pages", "PdfPage"]


def _joined(cell: str | None) -> str:
    """A cell's wrapped lines as one line ("Stoke-on-\\nTrent" keeps its hyphen)."""
    lines = [line.strip() for line in (cell or "").split("\n")]
    out = ""
    for line in lines:
        if not line:
            continue
        out += line if not out or out.endswith("-") else " " + line
    return out


@dataclass
class _Piece:
    """One table as found on one page: its rows of cell texts, the x of its column edges,
    the y of its top."""

    rows: list[list[str]]
    edges: list[float]
    top: float = 0.0
    number: int = 1  # its place among the tables of its page, from the top
    continues: bool = False  # it carries on the table that ended the page before
    alike: bool = False  # it opens its page with as many columns as that table


@dataclass
class PdfPage:
    """A page's tables (ruled, or found by their words when no ruled one is a partnership
    table) and its text."""

    number: int
    tables: list[_Piece] = field(default_factory=list)
    text: str = ""


def pdf_pages(path: str | Path) -> list[PdfPage]:
    """The pages of a PDF with their tables and text, or LoaderError saying why the file
    cannot be read."""
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
    pages: list[PdfPage] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            chars = images = 0
            read = []
            for page in pdf.pages:
                chars += len(page.chars)
                images += len(page.images)
                page = _upright(pdf, page)
                read.append(page)
                pages.append(PdfPage(page.page_number, _ruled(page),
                                     page.extract_text() or ""))
            _mark_carried_on([p.tables for p in pages])
            if not any(_header_at(piece.rows) is not None for p in pages for piece in p.tables):
                carry = None
                for page, found in zip(read, pages):
                    pieces, carry = _unruled(page, carry)
                    for piece in found.tables:  # no partnership table: none carries one on
                        piece.continues = piece.alike = False
                    found.tables = sorted(found.tables + pieces, key=lambda p: p.top)
                    for number, piece in enumerate(found.tables, start=1):
                        piece.number = number
    except LoaderError:
        raise
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


def _upright(pdf, page):
    """The page turned so that most of its text reads left to right (a landscape table printed
    sideways on a portrait page), or the page itself."""
    turns = [0, 0, 0, 0]
    for char in page.chars:
        a, b = char["matrix"][:2]
        turns[round(math.degrees(math.atan2(b, a)) / 90) % 4] += 1
    turn = max(range(4), key=turns.__getitem__)
    if not turn:
        return page
    from pdfplumber.page import Page

    obj = page.page_obj  # pdfminer turns the page when it reads it: by /Rotate, and by this
    obj.rotate = (obj.rotate + 90 * turn) % 360
    obj.attrs["Rotate"] = obj.rotate
    return Page(pdf, obj, page_number=page.page_number, initial_doctop=page.initial_doctop)


def _ruled(page) -> list[_Piece]:
    """The page's ruled tables; a box of one column with no header (a box round a paragraph,
    shaded stripes behind a table's rows) is none."""
    found = [_Piece([[_joined(c) for c in row] for row in one.extract()],
                    [column.bbox[0] for column in one.columns] + [one.bbox[2]], one.bbox[1])
             for one in page.find_tables()]
    found = [p for p in found if len(p.edges) > 2 or _header_at(p.rows) is not None]
    for number, piece in enumerate(found, start=1):
        piece.number = number
    return found


def _lined_up(before: list[float], after: list[float], tolerance: float = 2.0) -> bool:
    """Whether every column edge of a table is an edge of the next (which may add columns),
    where they stand or with their left edges together (a wider table centred on its page)."""
    return any(all(any(abs(x + shift - y) <= tolerance for y in after) for x in before)
               for shift in (0, after[0] - before[0]))


def _mark_carried_on(pages: list[list[_Piece]]) -> None:
    """Mark each ruled table that opens a page and carries on the table that ended the page
    before: its column edges line up with that table's (it may add a column). One with as many
    columns is marked alike: it carries on a partnership table (a program may size columns
    afresh on each page), not one passed over."""
    for before, after in zip(pages, pages[1:]):
        if before and after:
            after[0].continues = _lined_up(before[-1].edges, after[0].edges)
            after[0].alike = len(before[-1].edges) == len(after[0].edges)


# --- tables without ruling lines ----------------------------------------------------------------
@dataclass
class _Line:
    words: list[dict]

    @property
    def base(self) -> float:
        return max(w["bottom"] for w in self.words)


@dataclass
class _Carry:
    """A table that ended its page: what the next page needs to carry it on."""

    borders: list[float]
    spaced: bool
    pitch: float
    left: float  # where its leftmost word starts: the next page's may stand further left
    right: float  # where its rightmost word ends: words beyond are a column it did not have


def _spans(words: list[dict], gap: float) -> list[list[dict]]:
    """Words in runs along the line, a run broken where the gap between words exceeds
    ``gap`` (a cell's words are a space apart, two cells' further)."""
    runs: list[list[dict]] = []
    right = -math.inf
    for word in sorted(words, key=lambda w: w["x0"]):
        if runs and word["x0"] - right <= gap:
            runs[-1].append(word)
        else:
            runs.append([word])
        right = max(right, word["x1"]) if len(runs[-1]) > 1 else word["x1"]
    return runs


def _text(words: list[dict]) -> str:
    """Words in reading order: line by line, left to right."""
    lines: dict[float, list[dict]] = {}
    for word in sorted(words, key=lambda w: w["bottom"]):
        at = next((b for b in lines if abs(b - word["bottom"]) < 0.3 * _height(word)),
                  word["bottom"])
        lines.setdefault(at, []).append(word)
    return _joined("\n".join(" ".join(w["text"] for w in sorted(line, key=lambda w: w["x0"]))
                             for _, line in sorted(lines.items())))


def _height(word: dict) -> float:
    return word["bottom"] - word["top"]


def _lines(words: list[dict]) -> list[_Line]:
    """Words in lines, by their baselines (a footnote mark raised above one stays on it)."""
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (w["bottom"], w["x0"])):
        if lines and word["bottom"] - lines[-1].words[0]["bottom"] <= 0.3 * _height(word):
            lines[-1].words.append(word)
        else:
            lines.append(_Line([word]))
    return lines


def _leading(lines: list[_Line], size: float) -> float:
    """The distance between a paragraph's (a cell's) lines: the smallest that recurs between a
    line and the next one with words above or below its own (the lines of a cell, however far
    the other cells of its row are moved down to be centred), from 0.9 to 1.4 times the
    height of the words; 1.2 times when none does (no cell wraps: what recurs is the rows')."""
    pitches = []
    for i, line in enumerate(lines):
        below = next((other for other in lines[i + 1:i + 6] if any(
            a["x0"] < b["x1"] and b["x0"] < a["x1"] for a in line.words for b in other.words)),
            None)
        if below is not None:
            pitches.append(below.base - line.base)
    pitches.sort()
    for pitch in pitches:
        if 0.9 * size <= pitch <= 1.4 * size and sum(pitch <= p <= 1.1 * pitch
                                                     for p in pitches) >= 2:
            return pitch
    return 1.2 * size


def _header_cells(lines: list[_Line], gap: float) -> list[list[dict]]:
    return _spans([w for line in lines for w in line.words], gap)


def _heads(lines: list[_Line], gap: float) -> list[str]:
    """The texts of the cells of ``lines`` read as a header."""
    return [_text(cell) for cell in _header_cells(lines, gap)]


def _borders(header: list[list[dict]], body: list[_Line]) -> list[float]:
    """The x between each two columns: between their header cells, where fewest body lines
    have a word (a left-aligned column's words start under its header, a right-aligned one's
    end there; either way its header cell lies inside it)."""
    borders = []
    for left, right in zip(header, header[1:]):
        start, end = max(w["x1"] for w in left), min(w["x0"] for w in right)
        if end - start < 1:
            borders.append((start + end) / 2)
            continue
        steps = int(end - start) * 2 + 1
        counts = [0] * steps
        for line in body:
            covered = set()
            for word in line.words:
                first = max(0, math.ceil((word["x0"] - start) * 2))
                last = min(steps - 1, math.floor((word["x1"] - start) * 2))
                covered.update(range(first, last + 1))
            for i in covered:
                counts[i] += 1
        fewest = min(counts)
        best, run = (0, 0), None
        for i, count in enumerate(counts + [math.inf]):
            if count == fewest and run is None:
                run = i
            elif count != fewest and run is not None:
                if i - run > best[1] - best[0]:
                    best = (run, i)
                run = None
        borders.append(start + (best[0] + best[1] - 1) / 4)
    return borders


def _column(x: float, borders: list[float]) -> int:
    return sum(x > b for b in borders)


def _filled(line: _Line, borders: list[float]) -> set[int]:
    return {_column((w["x0"] + w["x1"]) / 2, borders) for w in line.words}


def _crosses(line: _Line, borders: list[float], gap: float) -> bool:
    """A line of prose running across the columns: one run of words over a border."""
    runs = _spans(line.words, gap)
    return len(runs) == 1 and len(runs[0]) > 1 and any(
        runs[0][0]["x0"] < b - 1 < b + 1 < max(w["x1"] for w in runs[0]) for b in borders)


def _continues(line: _Line, rows: list[list[_Line]], borders: list[float], header: bool
               ) -> bool:
    """In a table with no space between its rows: whether a line carries on the row above,
    filling only some of the columns the row's first line fills (a header's, only while the
    header still reads as one: the first row of data fills fewer columns than it too)."""
    if not _filled(line, borders) < _filled(rows[-1][0], borders):
        return False
    return not header or len(rows) > 1 or _looks_like_header(_cells(rows[0] + [line], borders))


def _cells(row: list[_Line], borders: list[float]) -> list[str]:
    columns: list[list[dict]] = [[] for _ in range(len(borders) + 1)]
    for line in row:
        for word in line.words:
            columns[_column((word["x0"] + word["x1"]) / 2, borders)].append(word)
    return [_text(c) for c in columns]


def _looks_like_header(cells: list[str]) -> bool:
    """A header row, not a row of data that holds a column's name (a role 'Lead'): it names a
    partnership column, and at least half its cells are column names."""
    if not is_header(cells):
        return False
    texts = [without_mark(" ".join(c.split())) for c in cells if c.strip()]
    try:
        named = len(table("", texts, [])[0])
    except LoaderError:  # two cells name one column: a header, refused when it is read
        return True
    return 2 * named >= len(texts)


def _unruled(page, carry: _Carry | None) -> tuple[list[_Piece], _Carry | None]:
    """The partnership tables drawn without ruling lines on a page, and what the next page
    needs to carry the last of them on (None when it did not run to the page's end)."""
    words = [w for w in page.extract_words(x_tolerance=3, y_tolerance=3) if w["upright"]]
    if not words:
        return [], carry
    size = median(_height(w) for w in words)
    gap = 0.5 * size
    lines = _lines(words)
    leading = _leading(lines, size)
    within = 1.1 * leading  # lines closer than this are one row's, where rows are spaced
    pieces: list[_Piece] = []
    at = 0
    incoming, carry = carry, None
    if incoming is not None:
        # the first line that fits its columns and is not alone (a page's running head in two
        # parts fits them too), above any header
        fits = []
        for i, line in enumerate(lines):
            if _looks_like_header(_heads([line], gap)):
                break
            if not _crosses(line, incoming.borders, gap) and len(
                    _filled(line, incoming.borders)) > 1:
                fits.append(i)
        wide = _wide(leading, incoming.pitch)
        first = next((i for i in fits if i + 1 < len(lines)
                      and lines[i + 1].base - lines[i].base <= wide), fits[-1] if fits else None)
        if first is not None:
            # a table given a column more is wider, and stands further left when centred
            shift = min(w["x0"] for line in lines[first:first + 5] for w in line.words) \
                - incoming.left
            piece, at, carry = _table(lines, first, [b + shift for b in incoming.borders],
                                      incoming.spaced, incoming.pitch, leading, gap,
                                      header=False, right=incoming.right + shift)
            piece.continues = True
            pieces.append(piece)
    while at < len(lines):
        row = [lines[at]]
        while (at + len(row) < len(lines) and len(row) < 4
               and lines[at + len(row)].base - row[-1].base <= within):
            row.append(lines[at + len(row)])
        # a header set apart from the rows below (its lines closer together than to them),
        # or a header line in a table with no space between its rows
        apart = _looks_like_header(_heads(row, gap))
        if not apart and not _looks_like_header(_heads(row[:1], gap)):
            at += 1
            continue
        header = _header_cells(row if apart else row[:1], gap)
        # the lines below the header, up to a wide gap: where the columns' borders are
        below, end = [], at + (len(row) if apart else 1)
        while end < len(lines) and lines[end].base - lines[end - 1].base <= 3 * leading:
            below.append(lines[end])
            end += 1
        pitches = [b.base - a.base for a, b in zip(lines[at:end], lines[at + 1:end])]
        breaks = [p for p in pitches if p > within]
        spaced = apart and len(breaks) >= max(1, 0.2 * len(pitches))
        borders = _borders(header, below or row)
        piece, at, carry = _table(lines, at, borders, spaced,
                                  median(breaks) if spaced else leading, leading, gap)
        # the header again at the top of the page, below which the table goes on
        piece.continues = incoming is not None and not pieces
        pieces.append(piece)
    return pieces, carry


def _wide(leading: float, pitch: float) -> float:
    """A gap wider than a table's rows are apart (``pitch``): the table has ended above it."""
    return max(1.8 * leading, 1.45 * pitch)


def _table(lines: list[_Line], at: int, borders: list[float], spaced: bool, pitch: float,
           leading: float, gap: float, header: bool = True, right: float | None = None
           ) -> tuple[_Piece, int, _Carry | None]:
    """The table whose first row (its header, or a row carrying on a table from the page
    before) starts at ``lines[at]``, the index of the line after it, and its carry when it
    runs to the page's end. Words beyond ``right`` (where the table it carries on ended) are
    a column of their own."""
    within = 1.1 * leading
    wide = _wide(leading, pitch)
    rows: list[list[_Line]] = []
    end = at
    while end < len(lines):
        line = lines[end]
        if rows:
            step = line.base - lines[end - 1].base
            if step > wide or _crosses(line, borders, gap) or _looks_like_header(
                    _heads([line], gap)):
                break
            if spaced and step <= within or not spaced and _continues(line, rows, borders,
                                                                     header):
                rows[-1].append(line)
                end += 1
                continue
        rows.append([line])
        end += 1
    words = [w for row in rows for line in row for w in line.words]
    if right is not None and any(w["x0"] > right + gap for w in words):
        borders = [*borders, right + gap]
    cells = [_cells(row, borders) for row in rows]
    edges = [min(w["x0"] for w in words), *borders]
    ends_page = all(len(_filled(line, borders)) < 2 or _crosses(line, borders, gap)
                    for line in lines[end:])  # below it, page numbers and footnotes at most
    carry = _Carry(borders, spaced, pitch, edges[0], max(w["x1"] for w in words)) \
        if ends_page else None
    return _Piece(cells, edges, lines[at].words[0]["top"]), end, carry


# --- reading the tables found -------------------------------------------------------------------
def _header_at(rows: list[list[str]], continues: bool = False, search: int = 5) -> int | None:
    """The index of a table's header among its first rows (titles may stand above it); in a
    table that carries on another, only a row most of whose cells are column names is one
    (a row of a long table holds a role 'Lead')."""
    heading = _looks_like_header if continues else is_header
    return next((i for i, cells in enumerate(rows[:search]) if heading(cells)), None)


def _key(cells: list[str]) -> list[str]:
    return [" ".join(without_mark(c).split()).lower() for c in cells]


@dataclass
class _Table:
    """A partnership table over one or more pages: (line, cells) rows in reading order."""

    rows: list[tuple[int, list[str]]]
    header: list[str]


def _tables(name: str, pages: list[PdfPage], notes: list[str]
            ) -> tuple[list[_Table], dict[int, tuple[str, int]]]:
    """The partnership tables of a document, each row numbered, and where each number is
    (("page 3", 12)); the other tables passed over, each named in ``notes``."""
    tables: list[_Table] = []
    places: dict[int, tuple[str, int]] = {}
    line, into = 0, None  # into: the table the last piece went to (None: passed over)
    for page in pages:
        several = len(page.tables) > 1
        for piece in page.tables:
            where = f"page {page.number}" + (f", table {piece.number}" if several else "")
            continues = piece is page.tables[0] and (
                piece.continues or piece.alike and into is not None)
            at = _header_at(piece.rows, continues)
            if at is not None:
                header = _key(piece.rows[at])
                if not (continues and into is not None and into.header == header):
                    into = _Table([], header)
                    tables.append(into)
            elif not continues or into is None:
                first = next((r for r in piece.rows if any(r)), [])
                why = ("it carries on a table passed over" if continues else
                       "its header names no lead or organisation column")
                notes.append(f"{name} {where}: a table passed over "
                             f"({', '.join(c for c in first if c)[:80]}): {why}")
                into = None
                continue
            for row_number, cells in enumerate(piece.rows, start=1):
                line += 1
                into.rows.append((line, cells))
                places[line] = (where, row_number)
    return tables, places


_LINE = re.compile(r"\bline (\d+)\b")


def _paged(text: str, places: dict[int, tuple[str, int]]) -> str:
    """``text`` with each "line N" of a table's row said as its page and row."""
    def where(match: re.Match) -> str:
        place = places.get(int(match[1]))
        return f"{place[0]}, row {place[1]}" if place else match[0]
    return _LINE.sub(where, text)


def _kind(columns: list[str]) -> str:
    if "organisation" in columns:
        return "long"
    return "wide" if "lead" in columns else "rounds"


def _read_tables(path: Path, tables: list[_Table], places: dict[int, tuple[str, int]],
                 notes: list[str], programme: str | None) -> Records:
    """Records of a document's partnership tables: those of one layout read as one table (a
    table continued under another header, with a column more, is still one table). Beside
    another, a table headed with an organisation column but no bid or role (a contacts list)
    is passed over; alone, it is refused with what it lacks."""
    name = str(path)
    merged: dict[str, tuple[list[str], list, list[str], int]] = {}
    lacking = []
    for found in tables:
        header_line = found.rows[0][0]
        try:
            header, body = published_table(name, found.rows, notes, places)
            header_line = next((line for line, cells in found.rows
                                if [without_mark(c.strip()) for c in cells] == header),
                               header_line)
            columns, rows, written = table(name, header, body)
        except LoaderError as exc:
            raise _placed(exc, places, header_line) from None
        kind = _kind(columns)
        if kind == "long" and not {"bid", "role"} <= set(columns):
            lacking.append((columns, rows, written, header_line))
        elif kind in merged:
            before = merged[kind]
            merged[kind] = (before[0] + [c for c in columns if c not in before[0]],
                            before[1] + rows, before[2], before[3])
        else:
            merged[kind] = (columns, rows, written, header_line)
    if not merged:  # the first says what it lacks
        merged["long"] = lacking.pop(0)
    for _, _, written, header_line in lacking:
        notes.append(f"{name} {places[header_line][0]}: a table passed over "
                     f"({', '.join(written)[:80]}): its header lacks a column the layout needs "
                     "(a long table: bid, organisation and role)")
    records = Records()
    for columns, rows, written, header_line in merged.values():
        try:
            found = records_from_table(path, (columns, rows, written), programme, places=places)
        except LoaderError as exc:
            raise _placed(exc, places, header_line) from None
        try:
            records.extend(found)
        except ValueError as exc:  # one key in a long and a wide table
            where = places[header_line]
            raise LoaderError(f"{exc}: in the table headed here and in one of another layout",
                              file=name, place=f"{where[0]}, row {where[1]}") from None
    records.notes = [_paged(note, places) for note in records.notes]
    return records


def _placed(exc: LoaderError, places: dict[int, tuple[str, int]], header_line: int
            ) -> LoaderError:
    """A table's error said with the page and row it is on (a header's error: line 1)."""
    line = header_line if exc.line == 1 else exc.line
    place = places.get(line) if line is not None else None
    return LoaderError(_paged(exc.message, places), file=exc.file, line=exc.line,
                       column=exc.column, place=f"{place[0]}, row {place[1]}" if place else None)


def load_pdf(path: str | Path, *, programme: str | None = None, gazetteer) -> Records:
    """Records from a PDF: from its partnership tables when it has some, else from its text."""
    path = Path(path)
    name = str(path)
    pages = pdf_pages(path)
    notes: list[str] = []
    tables, places = _tables(name, pages, notes)
    if tables:
        records = _read_tables(path, tables, places, notes, programme)
        records.notes.extend(_paged(note, places) for note in notes)
        return records
    text = "\n\n".join(page.text for page in pages)
    records = text_records(text, path.name, programme=programme, gazetteer=gazetteer)
    records.notes.extend(notes)
    records.notes.append(f"{path.name}: no partnership table found, so its text was read as prose")
    return records
