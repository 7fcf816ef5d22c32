"""Grants in the 360Giving Data Standard, as JSON (a ``grants`` list) or as its flattened CSV.

Each grant becomes a bid: the recipient organisation is its member (the first recipient leads),
``recipientOrganization.id`` (an org-id such as ``GB-CHC-1234567``) is kept as the identifier,
and the funding organisation is the bid's funder (``pkg:funder``), not a partner. The grant
programme's title is the programme, else ``--programme``, else the funder's name. Amounts in a
currency other than GBP are kept as a note, not as an amount.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..core.errors import LoaderError
from ..core.names import clean, control_character
from ..core.records import LEAD, PARTNER, Bid, Participation, Records, Source
from .amounts import checked_amount
from .tabular import _decode, read_bytes

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


def looks_like_360giving_csv(head: bytes) -> bool:
    """Whether a CSV's first bytes carry 360Giving's column titles."""
    first = head.split(b"\n", 1)[0].lower()
    return b"recipient org:identifier" in first or b"recipientorganization/0/id" in first


def load_360giving(path: str | Path, *, programme: str | None = None) -> Records:
    """Read a 360Giving file (JSON or CSV) into records."""
    path = Path(path)
    name = str(path)
    if path.suffix.lower() == ".json":
        grants = [(i, grant) for i, grant in enumerate(_json_grants(path), start=1)]
        where = "grant"
    else:
        grants = list(_csv_grants(path))
        where = "line"
    records = Records()
    for number, grant in grants:
        _add_grant(records, grant, name, path.name, number, where, programme)
    return records


#: The longest number a grant file may hold, in characters (parsing longer ones is slow).
_MAX_NUMBER = 100


class _TooLong(Exception):
    pass


def _bounded_number(text: str):
    """A JSON number as Python reads it, refused when absurdly long (not a sum of money)."""
    if len(text) > _MAX_NUMBER:
        raise _TooLong(len(text))
    return float(text) if any(c in text for c in ".eE") else int(text)


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
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = {f: _CSV_COLUMNS.get(" ".join(f.lower().split()), f) for f in reader.fieldnames or []}
    for row in reader:
        grant: dict = {}
        for field, value in row.items():
            if field is None or value is None or not value.strip():
                continue
            _put(grant, fields[field].split("/"), clean(value))
        yield reader.line_num, grant


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
    for field, text in _texts(grant):
        bad = control_character(text)
        if bad:
            raise error(field, f"holds a control character ({bad}): remove it")
    key = clean(str(grant.get("id") or ""))
    if not key:
        raise error("id", "no grant identifier given")
    recipients = [(clean(str(o.get("name") or "")), clean(str(o.get("id") or "")))
                  for o in _organisations(grant, "recipientOrganization")]
    recipients = [(n, i) for n, i in recipients if n]
    if not recipients:
        raise error("recipientOrganization", f"grant {key!r} names no recipient organisation")
    funders = [(clean(str(o.get("name") or "")), clean(str(o.get("id") or "")))
               for o in _organisations(grant, "fundingOrganization")]
    funder, funder_id = funders[0] if funders else ("", "")
    programmes = [clean(str(p.get("title") or "")) for p in _organisations(grant, "grantProgramme")]
    source = Source(file=display, line=number)
    bid = Bid(key=key, programme=next((p for p in programmes if p), "") or clean(programme or "")
              or funder or "360Giving grants",
              source=source, title=clean(str(grant.get("title") or "")),
              funder=funder, funder_id=funder_id)
    amount, currency = grant.get("amountAwarded"), str(grant.get("currency") or "GBP").upper()
    if amount not in (None, ""):
        try:
            value = checked_amount(amount)
        except ValueError as exc:
            raise error("amountAwarded", f"grant {key!r}: {exc}") from None
        if currency == "GBP":
            bid.amount = value
        else:
            bid.notes.append(f"amount awarded {value} {currency} (not GBP, so not summed)")
    if key in records.bids:
        raise error("id", f"grant {key!r} appears twice")
    records.bids[key] = bid
    for index, (org, identifier) in enumerate(recipients):
        records.participations.append(Participation(
            bid_key=key, organisation=org, role=LEAD if index == 0 else PARTNER, source=source,
            identifier=identifier))
