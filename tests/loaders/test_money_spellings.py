"""Sums of money written any usual way, in prose and in table cells: each read as exact pounds."""

import doctest
from decimal import Decimal

import pytest
from partnerkg.loaders import amounts
from partnerkg.loaders.html import page_text
from partnerkg.loaders.money import money_mentions, sum_in_cell
from partnerkg.loaders.text import extract_text
from partnerkg.resolution import default_resolver


def sums(text):
    return [(m.value, m.kind) for m in money_mentions(text)]


def award_in(spelling):
    """The sums read in a sentence awarding ``spelling``."""
    return sums(f"Kent County Council has been awarded {spelling} to help families.")


@pytest.mark.parametrize("spelling, expected", [
    ("£1.2-million", 1_200_000),
    ("£1  million", 1_000_000),
    ("£750 000", 750_000),
    ("£750\u202f000", 750_000),
    ("£750\u00a0000", 750_000),
    ("£1 250 000", 1_250_000),
    ("£2.5 millions", 2_500_000),
    ("£1.2m¹", 1_200_000),
    ("£1.2 million²", 1_200_000),
    ("£1.2m1", 1_200_000),  # "£1.2m<sup>1</sup>" with its tags taken off
    ("GBP 400,000", 400_000),
    ("400,000 GBP", 400_000),
    ("GBP 1.2m", 1_200_000),
    ("1.2 million GBP", 1_200_000),
    ("£1.2-1.5m", 1_200_000),  # a range's first figure, with the unit both share
    ("£5 000 2015", 5_000),  # the year is not a third group
])
def test_spellings_of_one_sum(spelling, expected):
    assert award_in(spelling) == [(Decimal(expected), "award")]


@pytest.mark.parametrize("spelling, expected", [
    ("£1.2bn", 1_200_000_000),
    ("£1,200k", 1_200_000),
    ("£ 500,000", 500_000),
    ("£500,000.00", 500_000),
    ("1.2 million pounds", 1_200_000),
    ("£1.2m<sup>1</sup>", 1_200_000),
    ("£750 2015", 750),
])
def test_spellings_read_before_still_read(spelling, expected):
    assert award_in(spelling) == [(Decimal(expected), "award")]


def test_footnote_mark_from_a_web_page():
    text, _ = page_text("<p>Kent County Council has been awarded £1.2m<sup>1</sup> to help "
                        "families.</p>")
    assert sums(text) == [(Decimal(1_200_000), "award")]


def test_euros_are_not_pounds():
    assert award_in("€1.2m") == []
    assert award_in("€500,000") == []
    assert sums("It was awarded €500,000 and £200,000.") == [(Decimal(200_000), "award")]


def test_a_range_of_two_sums_is_read_as_two():
    assert award_in("£1.2m-£1.5m") == [(Decimal(1_200_000), "award"),
                                       (Decimal(1_500_000), "other")]


def test_a_comma_and_space_do_not_join_figures():
    text = "Kent County Council has been awarded £750, 000 people will benefit."
    (money,) = money_mentions(text)
    assert money.value == Decimal(750)
    assert text[money.start:money.end] == "£750"


@pytest.mark.parametrize("cell, expected", [
    ("GBP 400,000", 400_000),
    ("400,000 GBP", 400_000),
    ("750 000", 750_000),
    ("£1.2-million", 1_200_000),
    ("£2.5 millions", 2_500_000),
])
def test_cells_as_people_write_them(cell, expected):
    assert sum_in_cell(cell) == Decimal(expected)


@pytest.mark.parametrize("spelling", ["£1.2-million", "GBP 1.2m", "1.2 million GBP", "£1 200 000"])
def test_award_in_a_press_release(spelling):
    text = f"Kent County Council has been awarded {spelling} to join up services for families.\n"
    _, bids = extract_text(text, gazetteer=default_resolver())
    assert [(b.lead, b.amount_gbp) for b in bids] == [("Kent County Council",
                                                       Decimal("1200000"))]


def test_amounts_docstring_examples():
    result = doctest.testmod(amounts)
    assert result.attempted > 0 and result.failed == 0
