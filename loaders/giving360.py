"""Grants in the 360Giving Data Standard, as JSON (a ``grants`` list) or flattened, as CSV or
XLSX (the first sheet holding grants; column titles in any spelling 360Giving's tools accept:
``Recipient Org:Identifier``, ``Recipient Org: Identifier``, ``recipientOrganization/0/id``).

A grant that cannot be read (no id, an id seen before, a recipient that is an individual, a bad
amount) is reported with its id and left out, and the rest of the file is loaded, as
360Giving's own checker does; ``strict`` refuses the whole file instead. The award date sets the
bid's round: the UK financial year it falls in (1 April to 31 March: 2015-06-01 is 2015-16).

Each grant becomes a bid: the recipient organisation is its member (the first recipient leads),
``recipientOrganization.id`` (an org-id such as ``GB-CHC-1234567``) is kept as the identifier,
and the funding organisation is the bid's funder (``pkg:funder``), not a partner. The grant
programme's title is the programme, else ``--programme``, else the funder's name. Amounts in a
currency other than GBP are kept as a note, not as an amount.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal
from pathlib import Path

from ..core.errors import LoaderError
from ..core.names import clean, control_character
from ..core.records import LEAD, PARTNER, Bid, Participation, Records, Source
from .amounts import checked_amount
from .tabular import _decode, read_bytes, strict_rows

__all__ = ["load_360giving", "looks_like_360giving_csv"]

#: The flattened CSV's column titles -> the JSON paths they stand for.
_CSV_COLUMNS = {
    "identifier": "id", "title": "title", "currency": "currency",
    "amount awarded": "amountAwarded", "award date": "awardDate",
    "recipient org:identifier": "recipientOrganization/0/id",
    "recipient org:name": "recipientOrganization/0/name",
    "funding org:identifier": "fundingOrganization/0/id",
    "funding org:name": "fundingOrganization/0/name",
    "grant programme:title": "grantProgramme/0/title",
}


_RECIPIENT_TITLE = re.compile(rb"recipient\s*org\s*:\s*identifier|recipientorganization/0/id",
                              re.I)


def looks_like_360giving_csv(head: bytes) -> bool:
    """Whether a CSV's first bytes carry 360Giving's column titles."""
    return bool(_RECIPIENT_TITLE.search(head.split(b"\n", 1)[0]))


#: Flattened titles of locations, with or without the item's number ("Beneficiary
#: Location:0:Geographic Code", "Recipient Org:Location:Name") -> their JSON paths.
_LOCATION_TITLE = re.compile(r"^(recipient org:location|beneficiary location)(?::(\d+))?:"
                             r"(geographic code type|geographic code|name)$")
_LOCATION_FIELDS = {"geographic code": "geoCode", "geographic code type": "geoCodeType",
                    "name": "name"}
_CSV_COLUMNS["recipient org:postal code"] = "recipientOrganization/0/postalCode"


def _flat_field(title: str) -> str:
    """The JSON path a flattened column title stands for (the title itself when unknown).

    >>> _flat_field("Beneficiary Location:0:Geographic Code")
    'beneficiaryLocation/0/geoCode'
    >>> _flat_field("Recipient Org:Location:Geographic Code Type")
    'recipientOrganization/0/location/0/geoCodeType'
    """
    key = _column_key(title)
    found = _LOCATION_TITLE.match(key)
    if found:
        where = ("recipientOrganization/0/location" if found[1].startswith("recipient")
                 else "beneficiaryLocation")
        return f"{where}/{found[2] or 0}/{_LOCATION_FIELDS[found[3]]}"
    return _CSV_COLUMNS.get(key, title)


def _column_key(title: str) -> str:
    """A column title as compared: lower case, no space around ':' or '/'.

    >>> _column_key("Grant Programme: Title"), _column_key("Recipient Org:Identifier")
    ('grant programme:title', 'recipient org:identifier')
    """
    return re.sub(r"\s*([:/])\s*", r"\1", " ".join(title.lower().split()))


def looks_like_360giving_xlsx(path: str | Path) -> bool:
    """Whether a workbook's first rows carry 360Giving's column titles."""
    return _grant_sheet(path) is not None


def _grant_sheet(path: str | Path) -> list[tuple] | None:
    """The rows of a workbook's first sheet of grants, or None (also for a workbook that cannot
    be read: the workbook loader then says what is wrong with it)."""
    from openpyxl import load_workbook

    from .spreadsheet import refuse_zip_bomb

    data = read_bytes(Path(path))
    refuse_zip_bomb(data, str(path))  # before openpyxl expands any of it
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        return None
    try:
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            first = next(rows, None) or ()
            titles = [_column_key(str(v)) for v in first if v is not None]
            if any(_CSV_COLUMNS.get(t) == "recipientOrganization/0/id" or
                   t == "recipientorganization/0/id" for t in titles):
                return [first, *rows]
    except Exception:
        return None
    finally:
        book.close()
    return None


def load_360giving(path: str | Path, *, programme: str | None = None,
                   strict: bool = False) -> Records:
    """Read a 360Giving file (JSON, CSV or XLSX) into records."""
    path = Path(path)
    name = str(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        grants = [(i, grant) for i, grant in enumerate(_json_grants(path), start=1)]
        where = "grant"
    elif suffix in (".xlsx", ".xlsm"):
        rows = _grant_sheet(path)
        if rows is None:
            raise LoaderError("has no sheet with 360Giving's column titles (Identifier, "
                              "Recipient Org:Identifier, ...)", file=name)
        grants = _flat_grants(enumerate(([_cell(v) for v in row] for row in rows), start=1))
        where = "line"
    else:
        grants = _csv_grants(path)  # read as loaded: a million grants are never held twice
        where = "line"
    records = Records()
    read = 0
    for number, grant in grants:
        read += 1
        try:
            _add_grant(records, grant, name, path.name, number, where, programme)
        except LoaderError as exc:
            if strict:
                raise
            records.skipped.append(f"{path.name} {exc.column if where == 'grant' else ''}"
                                   f"{'' if where == 'grant' else f'line {number}'}: "
                                   f"{exc.message} (left out; --strict refuses the file)")
    if not records.bids and read:
        raise LoaderError(f"no grant could be read ({records.skipped[0]})", file=name)
    return records


def _cell(value) -> str:
    from .spreadsheet import cell_text

    return cell_text(value)


#: The longest number a grant file may hold, in characters (parsing longer ones is slow).
_MAX_NUMBER = 100


class _TooLong(Exception):
    pass


def _bounded_number(text: str):
    """A JSON number as Python reads it, refused when absurdly long (not a sum of money)."""
    if len(text) > _MAX_NUMBER:
        raise _TooLong(len(text))
    # exact, as written: a sum of money is not a binary fraction
    return Decimal(text) if any(c in text for c in ".eE") else int(text)


def _json_grants(path: Path) -> list[dict]:
    name = str(path)
    try:
        data = json.loads(_decode(read_bytes(path), name), parse_int=_bounded_number,
                          parse_float=_bounded_number)
    except json.JSONDecodeError as exc:
        raise LoaderError(f"is not valid JSON ({exc.msg}, column {exc.colno})", file=name,
                          line=exc.lineno) from None
    except RecursionError:
        raise LoaderError("is nested too deeply to be 360Giving JSON (lists or objects inside "
                          "one another hundreds of levels down)", file=name) from None
    except _TooLong as exc:
        raise LoaderError(f"holds a number of {exc.args[0]:,} characters: no amount or count "
                          f"is longer than {_MAX_NUMBER}", file=name) from None
    grants = data.get("grants") if isinstance(data, dict) else data
    if not isinstance(grants, list):
        raise LoaderError("is not 360Giving JSON: it needs a top-level \"grants\" list",
                          file=name)
    return grants


def _csv_grants(path: Path):
    """(line, grant as nested JSON) from the flattened CSV."""
    name = str(path)
    text = _decode(read_bytes(path), name)
    yield from _flat_grants(strict_rows(text, name))


class _Checked(dict):
    """A grant read from a flattened table whose texts hold no control character (checked on
    the row as read): ``_add_grant`` need not walk it field by field to find one."""


#: The control characters (Unicode category Cc, as ``core.names.control_character`` finds them)
#: but tab and line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _flat_grants(rows):
    """(line, grant as nested JSON) from a flattened table's (line, cells) rows, the first its
    titles."""
    rows = iter(rows)
    _, header = next(rows, (1, []))
    paths = [_flat_field(f).split("/") if f else None for f in header]
    for number, values in rows:
        grant: dict = {}
        texts = []
        for path, value in zip(paths, values):
            if path is None or value is None or not value.strip():
                continue
            value = clean(value)
            texts.append(value)
            _put(grant, path, value)
        if grant:
            yield number, grant if _CONTROL.search("".join(texts)) else _Checked(grant)


def _put(target: dict, path: list[str], value) -> None:
    key, rest = path[0], path[1:]
    if not rest:
        target[key] = value
        return
    if rest[0].isdigit():
        items = target.setdefault(key, [])
        index = int(rest[0])
        while len(items) <= index:
            items.append({})
        if rest[1:]:
            _put(items[index], rest[1:], value)
        else:
            items[index] = value
    else:
        _put(target.setdefault(key, {}), rest, value)


def _texts(value, path: str = ""):
    """(field path, text) for every string in a grant, however deep."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{path}/{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, f"{path}/{index}")


def _organisations(grant: dict, key: str) -> list[dict]:
    value = grant.get(key) or []
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, dict)]


def _add_grant(records: Records, grant: dict, name: str, display: str, number: int,
               where: str, programme: str | None) -> None:
    def error(field: str, message: str) -> LoaderError:
        return LoaderError(message, file=name, line=number if where == "line" else None,
                           column=field if where == "line" else f"grant {number}, {field}")

    if not isinstance(grant, dict):
        raise error("grant", "is not a JSON object")
    for field, text in () if isinstance(grant, _Checked) else _texts(grant):
        if _CONTROL.search(text):
            raise error(field, f"holds a control character ({control_character(text)}): "
                        "remove it")
    def text(value, field: str) -> str:
        """A field's text; a number is written as it reads, anything else is refused (never
        a Python repr such as {'x': 1} or True as a name)."""
        if value is None or value == "":
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, Decimal, float)):
            raise error(field, f"{json.dumps(value, default=str)} is not text: give a string")
        return clean(str(value))

    key = text(grant.get("id"), "id")
    if not key:
        raise error("id", "no grant identifier given")
    recipients = [(text(o.get("name"), "recipientOrganization/name"),
                   text(o.get("id"), "recipientOrganization/id"))
                  for o in _organisations(grant, "recipientOrganization")]
    recipients = [(n, i) for n, i in recipients if n]
    if not recipients:
        if grant.get("recipientIndividual"):
            raise error("recipientIndividual", f"grant {key!r} is to an individual, and "
                        "partnerkg records partnerships of organisations only")
        raise error("recipientOrganization", f"grant {key!r} names no recipient organisation")
    funders = [(text(o.get("name"), "fundingOrganization/name"),
                text(o.get("id"), "fundingOrganization/id"))
               for o in _organisations(grant, "fundingOrganization")]
    funder, funder_id = funders[0] if funders else ("", "")
    programmes = [text(p.get("title"), "grantProgramme/title")
                  for p in _organisations(grant, "grantProgramme")]
    source = Source(file=display, line=number)
    try:
        round_label = _financial_year(text(grant.get("awardDate"), "awardDate"))
    except ValueError as exc:
        round_label = ""
        records.notes.append(f"{display} {where} {number}: grant {key!r}: {exc}")
    bid = Bid(key=key, round=round_label, programme=next((p for p in programmes if p), "") or clean(programme or "")
              or funder or "360Giving grants",
              source=source, title=text(grant.get("title"), "title"),
              funder=funder, funder_id=funder_id)
    amount = grant.get("amountAwarded")
    currency = (text(grant.get("currency"), "currency") or "GBP").upper()  # " gbp" is GBP
    if amount not in (None, ""):
        noise = _float_noise(amount)
        if noise is not None:
            bid.notes.append(f"amount awarded written {amount}, read as {noise} (the digits "
                             "past the penny are a spreadsheet's rounding noise)")
            amount = noise
        try:
            value = checked_amount(amount)
        except ValueError as exc:
            raise error("amountAwarded", f"grant {key!r}: {exc}") from None
        if currency == "GBP":
            bid.amount = value
        else:
            bid.notes.append(f"amount awarded {value} {currency} (not GBP, so not summed)")
    _add_places(bid, grant, text)
    if key in records.bids:
        raise error("id", f"grant {key!r} appears twice (the first is kept)")
    records.bids[key] = bid
    for index, (org, identifier) in enumerate(recipients):
        records.participations.append(Participation(
            bid_key=key, organisation=org, role=LEAD if index == 0 else PARTNER, source=source,
            identifier=identifier))


#: A GSS code: a country letter and eight digits (E07000066 a district, E05... a ward).
_GSS = re.compile(r"^[EWSNK]\d{8}$")
_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$")


def _add_places(bid: Bid, grant: dict, text) -> None:
    """The places a grant states, kept on its bid: the recipient's and the beneficiaries'
    locations with a GSS code, and the recipient's postcode; a location with another kind of
    code (or none) is kept as a note, never guessed."""
    recipient = next(iter(_organisations(grant, "recipientOrganization")), {})
    for role, locations in (("recipient", _organisations(recipient, "location")),
                            ("beneficiary", _organisations(grant, "beneficiaryLocation"))):
        field = "recipientOrganization/location" if role == "recipient" else \
            "beneficiaryLocation"
        for location in locations:
            code = text(location.get("geoCode"), f"{field}/geoCode").upper().replace(" ", "")
            kind = text(location.get("geoCodeType"), f"{field}/geoCodeType")
            name = text(location.get("name"), f"{field}/name")
            if _GSS.match(code):
                bid.places.append((role, code, kind, name))
            elif code or name:
                bid.notes.append(f"{role} location {name or code!r}"
                                 f"{f' (code {code})' if code and name else ''} has no GSS "
                                 "code: kept as this note, not as a place")
    postcode = text(recipient.get("postalCode"), "recipientOrganization/postalCode").upper()
    found = _POSTCODE.match(" ".join(postcode.split()))
    if found:
        bid.places.append(("recipient", f"{found[1]} {found[2]}", "postcode", ""))
    elif postcode:
        bid.notes.append(f"recipient postcode {postcode!r} is not a UK postcode: not kept")


def _float_noise(amount) -> Decimal | None:
    """The amount to the penny when it differs from it by a binary float's rounding noise only
    (41133.770000000004), else None.

    >>> _float_noise(Decimal("41133.770000000004")), _float_noise(Decimal("10.005"))
    (Decimal('41133.77'), None)
    """
    try:
        value = Decimal(str(amount))
    except ArithmeticError:
        return None
    try:
        pennies = value.quantize(Decimal("0.01"))
    except ArithmeticError:  # too many digits to hold to the penny: checked_amount refuses it
        return None
    # noise has a float's 15-17 significant digits; 1e-50 or 10.005 was written so
    if not value.is_finite() or value == pennies or len(value.as_tuple().digits) < 15:
        return None
    return pennies if abs(value - pennies) < Decimal("0.000001") else None


_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _financial_year(date: str) -> str:
    """The UK financial year (April to March) an award date falls in, "" when there is none.
    Dates are ISO 8601, as the standard asks, or day/month/year as UK spreadsheets write them.

    >>> _financial_year("2015-06-01"), _financial_year("2016-03-31T00:00:00+00:00"), _financial_year("")
    ('2015-16', '2015-16', '')
    >>> _financial_year("24/07/2014")
    '2014-15'
    >>> _financial_year("June 2015")
    Traceback (most recent call last):
    ...
    ValueError: award date 'June 2015' cannot be read (write it as YYYY-MM-DD, or DD/MM/YYYY); the grant is kept with no round
    """
    if not date.strip():
        return ""
    uk = _UK_DATE.match(date.strip())
    try:
        day = (dt.date(int(uk[3]), int(uk[2]), int(uk[1])) if uk
               else dt.date.fromisoformat(date.strip()[:10]))
    except ValueError:
        raise ValueError(f"award date {date!r} cannot be read (write it as YYYY-MM-DD, or "
                         "DD/MM/YYYY); the grant is kept with no round") from None
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"
