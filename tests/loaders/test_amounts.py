from decimal import Decimal

import pytest
from partnerkg.loaders.amounts import parse_amount


@pytest.mark.parametrize("text, expected", [
    ("£1.2m", "1200000"),
    ("£400k", "400000"),
    ("1,200,000", "1200000"),
    ("£12.4 million", "12400000"),
    ("£12.4m", "12400000"),
    ("3300044", "3300044"),
    ("£624,000", "624000"),
    ("£1 million", "1000000"),
    ("GBP 2.5bn", "2500000000"),
    ("12.50", "12.5"),
    ("  £ 5m ", "5000000"),
    ("£0.1m", "100000"),
    ("£1,200k", "1200000"),
    ("£500,000.00", "500000"),
    ("400,000 GBP", "400000"),
])
def test_amounts_become_exact_decimals(text, expected):
    value = parse_amount(text)
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)
    assert str(value) == expected  # no exponent or trailing zeros in what the graph stores


def test_empty_cell_is_no_amount():
    assert parse_amount("") is None
    assert parse_amount("   ") is None


@pytest.mark.parametrize("text", ["£1.2bn?", "about a million", "1,2,3", "-5", "£", "1.2.3m"])
def test_non_amounts_are_refused(text):
    with pytest.raises(ValueError, match="not an amount"):
        parse_amount(text)


@pytest.mark.parametrize("text, expected", [
    ("£1.2-million", "1200000"),       # 1.2 x 1,000,000, hyphen before the unit
    ("£750 000", "750000"),            # a space between groups of three
    ("£750\u00a0000", "750000"),       # a no-break space
    ("£750\u202f000", "750000"),       # a narrow no-break space
    ("1 250 000", "1250000"),
    ("£2.5 millions", "2500000"),      # 2.5 x 1,000,000
    ("1.2 million pounds", "1200000"),
])
def test_amounts_as_people_write_them(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", [
    "£750 2015",     # a space-grouped part is exactly three digits
    "£750, 000",     # a comma and a space is no thousands separator
    "£500,0003",     # a figure run on into a digit
    "£1.2m-£1.5m",   # a range is not one amount
    "€500,000",      # not pounds
    "£2 more",
])
def test_near_amounts_are_refused(text):
    with pytest.raises(ValueError, match="not an amount"):
        parse_amount(text)
