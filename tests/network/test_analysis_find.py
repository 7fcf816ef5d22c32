"""Finding an organisation of an analysis by name, IRI or a spelling that normalises alike."""

import pytest

from partnerkg.core.errors import QueryError
from partnerkg.network.analysis import Analysis


def _row(org, name, bid):
    return {"org": org, "name": name, "sector": "council", "bid": bid, "bid_label": bid,
            "role": "partner", "round": "", "amount": None, "title": "", "confidence": None}


@pytest.fixture(scope="module")
def twins():
    rows = [_row("urn:a", "Twin Council", "b1"), _row("urn:b", "Twin Council", "b1"),
            _row("urn:c", "St. Other Council", "b1")]
    return Analysis.of_rows(rows)


def test_a_name_two_bodies_share_is_refused_naming_both(twins, long_kg):
    with pytest.raises(QueryError) as error:
        twins.find(long_kg, "Twin Council")
    assert "2 organisations are named 'Twin Council': urn:a, urn:b" in str(error.value)


def test_an_iri_or_another_spelling_finds_the_body(twins, long_kg):
    assert twins.find(long_kg, "urn:b") == "urn:b"
    assert twins.find(long_kg, "st other council") == "urn:c"
    with pytest.raises(QueryError, match="closest: St. Other Council"):
        twins.find(long_kg, "St Othre Council")
