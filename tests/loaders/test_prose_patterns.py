"""How real announcements write awards, each read as its writer meant: names with doubled
spaces, joint awards, distributive plurals, lists of awards with bracketed or dashed amounts,
national totals beside a local award.

Each text is written here in the manner of local news; its expected bids were worked out by
hand from the text.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from partnerkg.loaders.text import extract_text, single_spaced
from partnerkg.resolution import default_resolver


def found(text: str) -> list[tuple]:
    _, bids = extract_text(text, gazetteer=default_resolver())
    return sorted(((b.lead, tuple(sorted(b.partners)), b.amount_gbp) for b in bids), key=repr)


@pytest.mark.parametrize("spaces", ["  ", "   ", "\u00a0 ", " \u202f"])
def test_a_name_with_a_doubled_space_is_one_name(spaces):
    text = (f"Kent{spaces}County Council has been awarded £1.2m, working with Medway{spaces}"
            "Council and Kent Police.\n")
    assert found(text) == [("Kent County Council", ("Kent Police", "Medway Council"),
                            Decimal("1200000"))]


def test_spans_point_into_the_text_as_written():
    text = "News\n\nKent  County Council has been awarded £1.2m to help families.\n"
    _, bids = extract_text(text, gazetteer=default_resolver())
    evidence = bids[0].evidence[0]
    assert text[evidence.start:evidence.end] == \
        "Kent  County Council has been awarded £1.2m to help families."


def test_a_row_of_cells_keeps_its_wide_gaps():
    rows = "Lead   Partners   Amount\nKent County Council   Medway Council   £1,000,000\n"
    assert single_spaced(rows) == (rows, None)


@pytest.mark.parametrize("text, expected", [
    ("Calderdale, Kirklees and Wakefield Councils have been awarded £1.2m to share payroll.",
     [(None, ("Calderdale Council", "Kirklees Council", "Wakefield Council"),
       Decimal("1200000"))]),
    ("Ashford Borough, Dover and Folkestone District Councils were awarded £50,000 for a study.",
     [(None, ("Ashford Borough Council", "Dover District Council",
              "Folkestone District Council"), Decimal("50000"))]),
    ("The Barnsley and Rotherham councils received £300,000 for a joint hub.",
     [(None, ("Barnsley Council", "Rotherham Council"), Decimal("300000"))]),
    ("Cheshire and Merseyside fire and rescue authorities have won £2m for a control room.",
     [(None, ("Cheshire Fire and Rescue Authority", "Merseyside Fire and Rescue Authority"),
       Decimal("2000000"))]),
    ("The London Boroughs of Camden, Islington and Haringey were awarded £100,000 jointly.",
     [(None, ("London Borough of Camden", "London Borough of Haringey",
              "London Borough of Islington"), Decimal("100000"))]),
])
def test_a_plural_head_belongs_to_each_name(text, expected):
    assert found(text) == expected
