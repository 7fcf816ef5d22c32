"""Property: a 360Giving JSON file loads exactly the grants it states, each in the financial
year of its award date; a date that cannot be read keeps its grant with no round and a note
naming it; an identifier or name that is not text (an object, a list, true) leaves its grant
out with a message naming the grant and the field, never a Python repr as a name.

What each grant should become is worked out from how it was generated: the financial year
from the ``datetime.date`` drawn (UK financial years run April to March: a date in January
2016 is in 2015-16), never from the text written.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from partnerkg.core.errors import LoaderError
from partnerkg.loaders.giving360 import load_360giving

SETTINGS = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

#: Values JSON can hold that are not text, each as a field of a grant.
NOT_TEXT = ({"x": 1}, ["Beta"], True, False, [], {})


def financial_year(day: dt.date) -> str:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{str(start + 1)[-2:]}"


@dataclass
class Grant:
    json: dict
    key: str | None      # the bid key it becomes; None when it is left out
    round: str | None    # its financial year; None when the date cannot be read
    bad_field: str = ""  # the field that leaves it out
    recipient: str = ""


READABLE_DATES = {
    "iso": lambda d: d.isoformat(),
    "iso time": lambda d: f"{d.isoformat()}T00:00:00+00:00",
    "day/month/year": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
}
#: Dates as people write them that name no one day the standard's way, each kept with no round.
UNREADABLE_DATES = {
    "impossible day": lambda d: f"{d.year}-02-30",
    "month/day/year": lambda d: f"{d.month:02d}/{max(d.day, 13)}/{d.year}",
    "month and year": lambda d: d.strftime("%B %Y"),
    "Excel serial": lambda d: (d - dt.date(1899, 12, 30)).days,
}


@st.composite
def grants(draw, number: int) -> Grant:
    day = draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
    readable = draw(st.booleans())
    form = draw(st.sampled_from(sorted(READABLE_DATES if readable else UNREADABLE_DATES)))
    written = (READABLE_DATES if readable else UNREADABLE_DATES)[form](day)
    event(f"date: {form}")
    key_as = draw(st.sampled_from(("string", "number", "not text")))
    name = f"Qzxv {number} Trust"
    grant = {"recipientOrganization": [{"name": name}], "awardDate": written,
             "amountAwarded": draw(st.integers(1, 10 ** 7)),
             "currency": draw(st.sampled_from(("GBP", " gbp", "gbp ", "Gbp")))}
    bad = ""
    if key_as == "string":
        grant["id"], key = f"360G-qzxv-{number}", f"360G-qzxv-{number}"
    elif key_as == "number":
        grant["id"], key = number, str(number)
    else:
        grant["id"], key, bad = draw(st.sampled_from(NOT_TEXT)), None, "id"
    if draw(st.integers(0, 4)) == 0:  # now and then a name that is not text
        grant["recipientOrganization"][0]["name"] = draw(st.sampled_from(NOT_TEXT))
        key, bad = None, bad or "recipientOrganization/name"
    event("left out" if key is None else "loaded")
    return Grant(grant, key, financial_year(day) if readable else None, bad, name)


@st.composite
def files(draw) -> list[Grant]:
    return [draw(grants(number)) for number in range(1, draw(st.integers(1, 6)) + 1)]


@SETTINGS
@given(files())
def test_grants_load_as_stated_and_each_unreadable_value_is_said(chosen):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "grants.json"
        path.write_text(json.dumps({"grants": [g.json for g in chosen]}), encoding="utf-8")
        kept = [g for g in chosen if g.key is not None]
        if not kept:
            with pytest.raises(LoaderError, match="no grant could be read"):
                load_360giving(path)
            return
        records = load_360giving(path)

    assert sorted(records.bids) == sorted(g.key for g in kept)
    for number, grant in enumerate(chosen, start=1):
        if grant.key is None:
            # left out, with the grant and the field named; its values never become names
            said = [s for s in records.skipped if f"grant {number}, " in s]
            assert len(said) == 1 and grant.bad_field in said[0], records.skipped
            assert "is not text" in said[0]
            continue
        bid = records.bids[grant.key]
        assert bid.amount == Decimal(grant.json["amountAwarded"])  # every currency is GBP
        if grant.round is None:
            assert bid.round == ""
            notes = [n for n in records.notes if f"grant {grant.key!r}" in n]
            assert len(notes) == 1 and "cannot be read" in notes[0], records.notes
        else:
            assert bid.round == grant.round
            assert not [n for n in records.notes if f"grant {grant.key!r}" in n]
    names = sorted(p.organisation for p in records.participations)
    assert names == sorted(g.recipient for g in kept)
    assert len(records.skipped) == len(chosen) - len(kept)
