"""CSV files of partnerships, in a long, a wide or a rounds layout.

* long: one row per bid and organisation, with a role column (lead / partner);
* wide: one row per bid, a lead column and a partners column separated by ``;``;
* rounds: one row per funding round with the totals its sources state.

Headers match case-insensitively, with common synonyms (``lead authority``, ``grant (£)`` ...).
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..core.encoding import decode_text
from ..core.errors import LoaderError
from ..core.names import clean, control_character, slugify
from ..core.progress import status, track
from ..core.records import bid_ref, LEAD, PARTNER, Bid, Participation, Records, Round, Source
from ..ontology.sectors import sector_key
from .amounts import parse_amount
from .mentions import bound_words, head_word

__all__ = ["read_csv", "load_csv", "records_from_table", "table", "read_bytes",
           "published_table", "is_header", "COLUMNS", "CONFIDENCE_WORDS"]

#: Canonical column -> the header spellings that mean it (compared after normalising).
COLUMNS: dict[str, tuple[str, ...]] = {
    "bid": ("bid", "bid id", "bid key", "project id", "project", "id"),
    "organisation": ("organisation", "organization", "org", "organisation name",
                     "organization name", "member", "body", "partner name"),
    "role": ("role", "partner role", "member role", "participation"),
    "lead": ("lead", "lead authority", "lead organisation", "lead organization", "lead partner",
             "lead body", "lead council", "applicant", "lead applicant"),
    "partners": ("partners", "partner organisations", "partner organizations", "other partners",
                 "members", "partner"),
    "amount": ("amount", "amount gbp", "award", "award gbp", "grant", "grant gbp", "funding",
               "amount awarded", "value", "grant amount"),
    "title": ("title", "title or theme", "theme", "project title", "bid title", "description"),
    "round": ("round", "funding round", "year"),
    "programme": ("programme", "program", "fund", "funding programme", "scheme"),
    "sector": ("sector", "organisation type", "organization type", "org type"),
    "identifier": ("identifier", "org id", "orgid", "organisation id", "organization id",
                   "lead identifier", "lead org id"),
    "partner identifiers": ("partner identifiers", "partner ids", "partner org ids",
                            "partner identifier"),
    "sources": ("source", "sources", "source urls", "source url", "url", "urls", "evidence"),
    "confidence": ("confidence",),
    "note": ("note", "notes", "comment", "comments"),
    "stated_members": ("partner count stated", "stated members", "stated partner count",
                       "partner count", "members stated"),
    "stated_bids": ("stated bids", "bids stated", "stated bid count"),
    "stated_amount": ("stated amount", "stated amount gbp", "amount stated"),
}

#: Words accepted in a confidence column, as numbers from 0 to 1.
CONFIDENCE_WORDS = {"high": Decimal("0.9"), "medium": Decimal("0.6"), "low": Decimal("0.3")}

_LEAD_WORDS = {"lead", "lead partner", "lead authority", "lead organisation", "lead organization",
               "coordinator", "applicant", "lead applicant"}
_PARTNER_WORDS = {"partner", "member", "participant", "co applicant", "partner organisation"}


def _header_key(text: str) -> str:
    text = text.lower().replace("£", " gbp ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


_HEADER_LOOKUP = {_header_key(spelling): column
                  for column, spellings in COLUMNS.items() for spelling in spellings}


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096] or data[:2] == b"PK" or data[:4] == b"%PDF":
        raise LoaderError("is not a CSV text file (it looks binary; save it as CSV)", file=name)
    return decode_text(data, name)


def _clean_into(cleaned: dict[str, str], value: str) -> str:
    cleaned[value] = result = clean(value)
    return result


Table = tuple[list[str], list[tuple[int, dict[str, str]]], list[str]]


def read_bytes(path: Path) -> bytes:
    """A file's bytes, or LoaderError saying why not."""
    name = str(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise LoaderError("no such file", file=name) from None
    except IsADirectoryError:
        raise LoaderError("is a directory, not a file", file=name) from None
    except OSError as exc:
        raise LoaderError(f"cannot be read ({exc.strerror})", file=name) from None


def strict_rows(text: str, name: str, delimiter: str = ","):
    """(first line number, cells) of every row of CSV ``text``, the header first; a quote never
    closed is an error naming its line, not a cell that swallows the rest of the file."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
    line = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            why = ("a quote opened here is never closed" if "end of data" in str(exc)
                   else f"is not valid CSV ({exc})")
            raise LoaderError(why, file=name, line=line + 1) from None
        start, line = line + 1, reader.line_num
        yield start, values


def read_csv(path: str | Path) -> Table:
    """Read a CSV file (tab-separated if it ends in .tsv): canonical column names, (line
    number, row) pairs, the header as written."""
    path = Path(path)
    name = str(path)
    text = _decode(read_bytes(path), name)
    rows = strict_rows(text, name, "\t" if path.suffix.lower() == ".tsv" else ",")
    first = next(rows, None)
    if first is None:
        raise LoaderError("is empty: a header row is needed", file=name, line=1)
    # footnote marks off every cell, as in workbooks and PDFs ("Kent County Council*")
    with status(f"Reading the rows of {path.name}"):
        return table(name, first[1], ((line, [without_mark(c) for c in cells])
                                      for line, cells in rows))


def table(name: str, header: list[str], numbered_rows) -> Table:
    """Canonical column names, (line, row) pairs and the header as written, from a header and
    (line number, cell texts) pairs: the part every tabular format shares."""
    columns: list[str] = []
    for raw in header:
        column = _HEADER_LOOKUP.get(_header_key(raw), "")
        if column and column in columns:
            raise LoaderError(f"two columns mean {column!r}", file=name, line=1, column=raw)
        columns.append(column)
    rows: list[tuple[int, dict[str, str]]] = []
    cleaned: dict[str, str] = {}  # cells repeat (names, keys, roles): each is cleaned once
    for start, values in numbered_rows:
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(columns) and any(v.strip() for v in values[len(columns):]):
            raise LoaderError(f"has {len(values)} cells but the header has {len(columns)}",
                              file=name, line=start)
        for raw, value in zip(header, values):
            bad = control_character(value) if value not in cleaned else None
            if bad:
                raise LoaderError(f"holds a control character ({bad}): remove it", file=name,
                                  line=start, column=clean(raw))
        rows.append((start, {c: cleaned.get(v) or _clean_into(cleaned, v)
                             for c, v in zip(columns, values) if c}))
    return [c for c in columns if c], rows, [clean(h) for h in header]


class _RowReader:
    """Turns one row's cells into typed values, raising LoaderError with file, line and column."""

    def __init__(self, file: str, line: int, row: dict[str, str],
                 place: tuple[str, int] | None = None) -> None:
        self.file, self.line, self.row = file, line, row
        self.place = place  # (part of the file, row in it): ("page 3", 12) in a PDF
        self._source: Source | None = None

    def error(self, column: str, message: str) -> LoaderError:
        where = f"{self.place[0]}, row {self.place[1]}" if self.place else None
        return LoaderError(message, file=self.file, line=self.line, column=column, place=where)

    def text(self, column: str) -> str:
        return self.row.get(column, "")

    def required(self, column: str, what: str) -> str:
        value = self.text(column)
        if not value:
            raise self.error(column, f"no {what} given")
        return value

    def amount(self, column: str) -> Decimal | None:
        try:
            return parse_amount(self.text(column))
        except ValueError as exc:
            raise self.error(column, str(exc)) from None

    def count(self, column: str) -> int | None:
        value = self.text(column)
        if not value:
            return None
        if not re.fullmatch(r"\d+", value):  # never 7 of "7.5", 12 of "12,5", 3 of "3 to 5"
            raise self.error(column, f"{value!r} is not a whole number")
        return int(value)

    def confidence(self) -> Decimal | None:
        value = self.text("confidence")
        if not value:
            return None
        if value.lower() in CONFIDENCE_WORDS:
            return CONFIDENCE_WORDS[value.lower()]
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = Decimal(-1)
        if not number.is_finite() or not Decimal(0) <= number <= Decimal(1):
            raise self.error("confidence", f"{value!r} is not a confidence "
                             "(a number from 0 to 1, or high / medium / low)")
        return number

    def sector(self) -> str:
        value = self.text("sector")
        if not value:
            return ""
        try:
            return sector_key(value)
        except ValueError as exc:
            raise self.error("sector", str(exc)) from None

    def source(self, display_name: str) -> Source:
        """The row's source record (made once: a bid and its member share it)."""
        if self._source is None:
            documents = tuple(sorted(set(self.text("sources").split())))
            file, line = display_name, self.line
            if self.place:
                file, line = f"{display_name} {self.place[0]}", self.place[1]
            self._source = Source(file=file, line=line, documents=documents,
                                  confidence=self.confidence(), note=self.text("note"))
        return self._source


def _layout(columns: list[str], name: str, header: list[str]) -> str:
    if "organisation" in columns:
        missing = [c for c in ("bid", "role") if c not in columns]
        if missing:
            raise LoaderError(f"looks like the long layout (it has an organisation column) but "
                              f"lacks {' and '.join(missing)}", file=name, line=1)
        return "long"
    if "lead" in columns:
        return "wide"
    if "stated_bids" in columns and "round" in columns:
        return "rounds"
    found = ", ".join(repr(h) for h in header if h) or "none"
    raise LoaderError(
        UNKNOWN_LAYOUT + " (columns found: " + found + "). A long file needs bid, "
        "organisation and role columns; a wide file needs a lead column (and partners, "
        "separated by ';')", file=name, line=1)


def load_csv(path: str | Path, *, programme: str | None = None) -> Records:
    """Read a partnership CSV (long, wide or rounds layout) into records.

    ``programme`` names the funding programme for files without a programme column.
    """
    return records_from_table(path, read_csv(path), programme)


UNKNOWN_LAYOUT = "unknown column layout"


def one_body(cell: str) -> list[str] | None:
    """None when ``cell`` names one body; the bodies when it is a comma-separated list of whole
    names ("Essex Police, Kent Police"); LoaderError-worthy ValueError when it cannot be told.

    A name may hold commas ("Bournemouth, Christchurch and Poole Council": an "and" before its
    last part), so a list is split only when every part is a name in its own right.

    >>> one_body("Essex Police"), one_body("Bournemouth, Christchurch and Poole Council")
    (None, None)
    >>> one_body("Essex Police, Kent County Council")
    ['Essex Police', 'Kent County Council']
    >>> one_body("Kent Police, Surrey Police and Sussex Police")
    ['Kent Police', 'Surrey Police', 'Sussex Police']
    >>> one_body("Essex Police, Cheshire Fire and Rescue Service")
    ['Essex Police', 'Cheshire Fire and Rescue Service']
    """
    if "," not in cell:
        return None
    parts = [clean(p) for p in cell.split(",") if clean(p)]

    def whole(name: str) -> bool:
        return len(name.split()) > 1 and head_word(name.split()[-1])

    def joined(part: str) -> list[str]:
        """"Surrey Police and Sussex Police" is two names; "Cheshire Fire and Rescue
        Service" one (its "and" binds words that go together)."""
        pieces = []
        for piece in re.split(r"(\s+(?:and|&)\s+)", part, flags=re.IGNORECASE):
            if len(pieces) > 1 and piece.strip().lower() not in ("and", "&") and \
                    bound_words(pieces[-2].split()[-1], piece.split()[0]):
                pieces[-2:] = [pieces[-2] + pieces[-1] + piece]
            else:
                pieces.append(piece)
        names = pieces[::2]  # the others are the "and"s between them
        return names if all(whole(n) for n in names) else [part]

    if len(parts) > 1 and all(whole(p) for p in parts):
        # "Kent Police, Surrey Police and Sussex Police": the last "and" joins two names too
        return [name for p in parts for name in joined(p)]
    if re.search(r",[^,]*\band\b", cell, re.IGNORECASE) or len(parts) < 2:
        return None
    raise ValueError(f"{cell!r} looks like a list of bodies separated by commas: separate "
                     "them with ';', one name each")


def records_from_table(path: str | Path, found: Table, programme: str | None,
                       part: str = "", places: dict[int, tuple[str, int]] | None = None
                       ) -> Records:
    """Records from a table read out of ``path`` (any tabular format); ``part`` names the part
    of the file it came from (a workbook's sheet) in messages and provenance; ``places`` maps a
    row's line number to where a reader finds it when lines are not that (("page 3", 12))."""
    name = f"{path} {part}" if part else str(path)
    columns, rows, header = found
    layout = _layout(columns, name, header)
    display = f"{Path(path).name} {part}" if part else Path(path).name
    records = Records()
    builder = _Builder(records, name, display, programme, places)
    for line, row in track(rows, f"Reading {display}"):
        reader = _RowReader(name, line, row, places.get(line) if places else None)
        if layout == "long":
            builder.long_row(reader)
        elif layout == "wide":
            builder.wide_row(reader)
        else:
            builder.round_row(reader)
    builder.check_complete()
    return records


#: The cells that describe a bid rather than a member.
_BID_COLUMNS = ("programme", "round", "title", "amount", "stated_members")


class _Builder:
    def __init__(self, records: Records, name: str, display: str, programme: str | None,
                 places: dict[int, tuple[str, int]] | None = None) -> None:
        self.records, self.name, self.display = records, name, display
        self.places = places or {}  # line -> (part of the file, row in it), as in a PDF
        self.default_programme = clean(programme or "")
        self.lead_line: dict[str, int] = {}
        self.lead_name: dict[str, str] = {}
        self.bid_line: dict[str, int] = {}
        self.sectors: dict[str, tuple[str, int]] = {}
        self.bid_cells: set[tuple[str, ...]] = set()  # (bid key, bid cells) already checked
        self.programmes: dict[str, tuple[str, int]] = {}  # folded -> first spelling, its line
        self.respelled: set[tuple[str, str]] = set()

    def programme(self, reader: _RowReader) -> str:
        value = reader.text("programme") or self.default_programme
        if not value:
            raise reader.error("programme", "no funding programme given: add a programme column "
                               "or pass --programme NAME")
        first = self.programmes.setdefault(value.casefold(), (value, reader.line))
        if first[0] != value:  # "fund a" after "Fund A": one programme, one spelling
            if (value, first[0]) not in self.respelled:
                self.respelled.add((value, first[0]))
                self.records.notes.append(
                    f"{self.display} line {reader.line}: programme {value!r} is taken as "
                    f"{first[0]!r} (line {first[1]}): one programme, spelled as first written")
            return first[0]
        return value

    def bid(self, reader: _RowReader, key: str) -> Bid:
        """The bid this row belongs to (its key within its programme); bid-level cells must
        agree with earlier rows."""
        cells = (key, *map(reader.text, _BID_COLUMNS))
        if cells in self.bid_cells:
            # cells seen before passed the checks and set what they set: nothing new to learn
            return self.records.bids[bid_ref(key, self.programme(reader))]
        source = reader.source(self.display)
        fresh = Bid(key=key, programme=self.programme(reader), source=source,
                    round=reader.text("round"), title=reader.text("title"),
                    amount=reader.amount("amount"), stated_members=reader.count("stated_members"))
        ref = bid_ref(key, fresh.programme)
        existing = self.records.bids.get(ref)
        if existing is None:
            self.records.bids[ref] = fresh
            self.bid_line[ref] = reader.line
            self.bid_cells.add(cells)
            return fresh
        for attribute, column in (("round", "round"), ("title", "title"), ("amount", "amount"),
                                  ("stated_members", "stated_members")):
            old, new = getattr(existing, attribute), getattr(fresh, attribute)
            if new in (None, ""):
                continue
            if old in (None, ""):
                setattr(existing, attribute, new)
            elif old != new:
                raise reader.error(column, f"bid {key!r} has {attribute} {new} here but {old} "
                                   f"on line {self.bid_line[ref]}")
        self.bid_cells.add(cells)
        return existing

    def member(self, reader: _RowReader, bid: Bid, organisation: str, role: str,
               column: str, sector: str = "", identifier: str | None = None) -> None:
        ref = bid_ref(bid.key, bid.programme)
        if role == LEAD:
            if ref in self.lead_line:
                first_line, first = self.lead_line[ref], self.lead_name[ref]
                if first.casefold() == organisation.casefold():
                    # the same lead row twice: one body, one membership (the build merges it)
                    self.records.notes.append(
                        f"{self.display} line {reader.line}: {organisation!r} is the lead of bid "
                        f"{bid.key!r} again (line {first_line}): one membership")
                else:
                    # names are resolved after reading: two spellings of one body are two
                    # names here, and the message says what to do either way
                    raise reader.error(column, (
                        f"bid {bid.key!r} has two leads: {organisation!r} here and {first!r} on "
                        f"line {first_line}; a bid has one lead (if they are two spellings of "
                        "one body, write it once as lead; if the bid's sources name no lead, "
                        "give every row the role 'partner')"))
            self.lead_line.setdefault(ref, reader.line)
            self.lead_name.setdefault(ref, organisation)
        if sector:
            earlier = self.sectors.setdefault(organisation, (sector, reader.line))
            if earlier[0] != sector:
                raise reader.error("sector", f"{organisation!r} is {sector} here but {earlier[0]} "
                                   f"on line {earlier[1]}")
        self.records.participations.append(Participation(
            bid_key=ref, organisation=organisation, role=role,
            source=reader.source(self.display), sector=sector,
            identifier=reader.text("identifier") if identifier is None else identifier))

    def long_row(self, reader: _RowReader) -> None:
        key = reader.required("bid", "bid key")
        organisation = reader.required("organisation", "organisation name")
        role_text = reader.required("role", "role").lower()
        if role_text in _LEAD_WORDS:
            role = LEAD
        elif role_text in _PARTNER_WORDS:
            role = PARTNER
        else:
            raise reader.error("role", f"role {role_text!r} is neither lead nor partner")
        bid = self.bid(reader, key)
        if self.listed(reader, "organisation", organisation) is not None:
            raise reader.error("organisation", f"{organisation!r} names several bodies: give "
                               "each its own row")
        self.member(reader, bid, organisation, role, "organisation", reader.sector())

    def wide_row(self, reader: _RowReader) -> None:
        lead = reader.required("lead", "lead organisation name")
        key = reader.text("bid") or slugify(
            f"{self.programme(reader)} {reader.text('round')} {lead}")
        ref = bid_ref(key, self.programme(reader))
        if ref in self.bid_line:
            raise reader.error("bid" if reader.text("bid") else "lead",
                               f"bid {key!r} already appears on line {self.bid_line[ref]}; "
                               "in the wide layout each bid is one row (add a bid column to tell "
                               "two bids by one lead apart)")
        bid = self.bid(reader, key)
        self.member(reader, bid, lead, LEAD, "lead", reader.sector())
        cell = reader.text("partners")
        partners = [clean(p) for p in cell.split(";")]
        if ";" not in cell:
            listed = self.listed(reader, "partners", cell)
            if listed is not None:
                partners = listed
                self.records.notes.append(
                    f"{self.display} line {reader.line}: the partners cell {cell!r} was read as "
                    f"{len(listed)} bodies separated by commas (separate them with ';')")
        if self.listed(reader, "lead", lead) is not None:
            raise reader.error("lead", f"{lead!r} names several bodies: one lead, the others "
                               "in the partners column")
        identifiers = self.partner_identifiers(reader, partners)
        seen = {lead}
        for partner, identifier in zip(partners, identifiers):
            if partner and partner not in seen:
                seen.add(partner)
                # the identifier column is the lead's: a partner has only its own
                self.member(reader, bid, partner, PARTNER, "partners", identifier=identifier)

    @staticmethod
    def partner_identifiers(reader: _RowReader, partners: list[str]) -> list[str]:
        """The ``partner identifiers`` cell, one per partner in the partners' order (an empty
        place for a partner without one); a count that differs is this row's error."""
        cell = reader.text("partner identifiers")
        if not cell:
            return [""] * len(partners)
        identifiers = [clean(i) for i in cell.split(";")]
        if len(identifiers) != len(partners):
            raise reader.error("partner identifiers",
                               f"{len(identifiers)} partner identifiers for {len(partners)} "
                               "partners: give one per partner, in the same order, separated "
                               "by ';' (leave a place empty for a partner without one)")
        return identifiers

    @staticmethod
    def listed(reader: _RowReader, column: str, cell: str) -> list[str] | None:
        """``one_body`` of a cell, its doubts raised as this row's error."""
        try:
            return one_body(cell)
        except ValueError as exc:
            raise reader.error(column, str(exc)) from None

    def round_row(self, reader: _RowReader) -> None:
        self.records.rounds.append(Round(
            programme=self.programme(reader), label=reader.required("round", "round"),
            source=reader.source(self.display), stated_bids=reader.count("stated_bids"),
            stated_amount=reader.amount("stated_amount")))

    def check_complete(self) -> None:
        """Say which bids no row leads: loaded with no lead, as their sources name none."""
        for ref, line in self.bid_line.items():
            if ref not in self.lead_line:
                key = self.records.bids[ref].key
                place = self.places.get(line)
                where = f"{place[0]}, row {place[1]}" if place else f"line {line}"
                self.records.notes.append(
                    f"{self.display} {where}: bid {key!r} has no row with the role 'lead', "
                    "so it is loaded with no lead (reports say 'lead not stated'); give one "
                    "row the role 'lead' if its source names who led")


# --- tables as governments publish them ---------------------------------------------------------
#: A footnote mark after a name or a sum: *, †, ‡, §, superscript digits, [1] or (a).
_MARK = re.compile(r"(?:\s*(?:[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\d{1,2}\]|\((?:[a-z]|\d{1,2})\)))+$")
#: The characters a footnote mark (``_MARK``) can end in.
_MARK_ENDS = frozenset("*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰])")
#: A row below a table that is a note, not a bid.
#: Known by what it says, not a first word: a mark, or "Source:", "Notes.", "NB" then a colon
#: or stop ("Sources of Hope Trust" is a body).
_NOTE_ROW = re.compile(r"^\s*(?:[*†‡§¹²³⁴⁵⁶⁷⁸⁹]|\[\d{1,2}\]|\(\d{1,2}\)|(?:notes?|sources?|"
                       r"footnotes?|figures|n\.?b\.?)\s*[:.–—-])", re.I)
#: A totals row's first cell is the word alone ("Total", "Grand total:", "Sub-total (round 1)"),
#: never a name that starts with it ("Total Transport Pilot Fund", "total-place-1").
_TOTAL_ROW = re.compile(r"^\s*(?:grand\s+|sub-?\s*)?totals?\s*(?::|\([^)]*\))?\s*$", re.I)
#: How far down a sheet or page a header is looked for, below titles and notes.
_HEADER_SEARCH = 30


def without_mark(cell: str) -> str:
    """A cell without the footnote marks after it.

    >>> without_mark("Essex County Council*"), without_mark("£1.2m [2]"), without_mark("Kent")
    ('Essex County Council', '£1.2m', 'Kent')
    """
    # most cells end in no mark: the pattern is tried only where the last character may end one
    # ("$" also matches before a last newline)
    if cell[-1:] not in _MARK_ENDS and not (cell[-1:] == "\n" and cell[-2:-1] in _MARK_ENDS):
        return cell
    return _MARK.sub("", cell)


def is_header(cells: list[str]) -> bool:
    columns = {_HEADER_LOOKUP.get(_header_key(without_mark(c))) for c in cells}
    return bool(columns & {"organisation", "lead"}) or {"stated_bids", "round"} <= columns


def published_table(where: str, rows: list[tuple[int, list[str]]], records_notes: list[str],
                    places: dict[int, tuple[str, int]] | None = None
                    ) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and data rows of a table as published: title, note and blank rows above the
    header passed over, a header repeated lower down (a table over several pages) dropped,
    footnote rows below it and totals rows taken out, footnote marks taken off cells. A totals
    row that states an amount is checked against the sum of the rows above it (LoaderError when
    they differ). What was passed over is said in ``records_notes``.

    ``rows`` are (line, cell texts); with no row that looks like a header, the first non-empty
    row is the header (and the layout check says what is wrong with it).
    """
    filled = [(line, cells) for line, cells in rows if any(c.strip() for c in cells)]
    if not filled:
        return [], []
    at = next((i for i, (_, cells) in enumerate(filled[:_HEADER_SEARCH]) if is_header(cells)), 0)
    if at:
        titles = [" ".join(c.strip() for c in cells if c.strip()) for _, cells in filled[:at]]
        records_notes.append(f"{where}: {at} row(s) above the header passed over "
                             f"({'; '.join(t[:60] for t in titles)})")
    header_line, header = filled[at]
    header = [without_mark(c.strip()) for c in header]
    key = [_header_key(c) for c in header]
    amount = next((i for i, k in enumerate(key) if _HEADER_LOOKUP.get(k) == "amount"), None)
    bid = next((i for i, k in enumerate(key) if _HEADER_LOOKUP.get(k) == "bid"), None)
    counted: set[str] = set()  # a bid's amount is summed once, however many rows it has
    body: list[tuple[int, list[str]]] = []
    running, since_total = Decimal(0), 0
    for line, cells in filled[at + 1:]:
        cells = [" ".join(c.split()) for c in cells]
        if [_header_key(without_mark(c)) for c in cells[:len(key)]] == key:
            continue  # the header again, at the top of the next page
        texts = [c for c in cells if c]
        if _TOTAL_ROW.match(texts[0]):
            stated = cells[amount] if amount is not None and amount < len(cells) else ""
            try:
                value = parse_amount(without_mark(stated))
            except ValueError:
                value = None
            if value is not None and since_total and value != running:
                place = places.get(line) if places else None
                raise LoaderError(f"the totals row says {stated} but the {since_total} rows above "
                                  f"it sum to {running:,}", file=where, line=line,
                                  column=header[amount],
                                  place=f"{place[0]}, row {place[1]}" if place else None)
            records_notes.append(f"{where} line {line}: totals row passed over" + (
                f" (its {stated} equals the sum of the rows above)" if value is not None else ""))
            running, since_total = Decimal(0), 0
            counted.clear()
            continue
        if len(texts) == 1 and _NOTE_ROW.match(texts[0]) and body:
            records_notes.append(f"{where} line {line}: note below the table passed over: "
                                 f"{texts[0][:80]}")
            continue
        cells = [without_mark(c) for c in cells]
        bid_key = cells[bid] if bid is not None and bid < len(cells) else f"line {line}"
        if amount is not None and amount < len(cells) and bid_key not in counted:
            counted.add(bid_key)
            try:
                running += parse_amount(cells[amount]) or 0
            except ValueError:
                pass  # the row reader says what is wrong with it
            since_total += 1
        body.append((line, cells))
    return header, body
