"""Money as people write it, turned into exact pounds."""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, Decimal, InvalidOperation, localcontext

__all__ = ["parse_amount", "amount_value", "checked_amount", "MAX_AMOUNT", "NUMBER", "UNIT",
           "UNIT_GAP"]

#: The largest sum accepted: a thousand billion pounds. Sums above it are typing slips, and the
#: store's decimal arithmetic (SPARQL SUM) loses them.
MAX_AMOUNT = Decimal(10) ** 12

_MULTIPLIERS = {"": 1, "k": 1_000, "thousand": 1_000, "m": 1_000_000, "mn": 1_000_000,
                "million": 1_000_000, "millions": 1_000_000, "bn": 1_000_000_000,
                "billion": 1_000_000_000}
#: A figure as written (a regular expression, no groups): 1200000, 1,200,000 or 1 200 000 -
#: groups of three after a comma, a space, a no-break space (U+00A0), a narrow no-break space
#: (U+202F) or a thin space (U+2009) - then any decimal part. A group is exactly three digits:
#: "750 2015" is 750 and the year after it. A figure run on into a digit ("500,0003", "1.2.3")
#: is no figure.
NUMBER = (r"(?:\d{1,3}(?:,\d{3}(?!\d))+|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3}(?!\d))+|\d+)"
          r"(?:\.\d+)?(?![.,]?\d)")
#: What a figure is multiplied by (case aside): k, thousand, m, mn, million(s), bn, billion. A
#: letter may not follow ("£2 more" has none); a digit or footnote mark may ("£1.2m¹").
UNIT = r"(?:k|thousand|mn|millions?|m|bn|billion)(?![a-z])"
#: What may stand between a figure and its unit: nothing, spaces, or a hyphen ("£1.2-million").
UNIT_GAP = r"(?:-|[^\S\n]*)"
_AMOUNT = re.compile(rf"(?:gbp|£)?\s*(?P<number>{NUMBER}){UNIT_GAP}(?P<unit>{UNIT})?\s*"
                     r"(?:gbp|£|pounds)?", re.I)


def parse_amount(text: str) -> Decimal | None:
    """Return the amount in pounds as an exact Decimal, or None for an empty cell.

    Raises ValueError when the text is not an amount. A range ("£1.2m-£1.5m") is not one.

    >>> parse_amount("£1.2m"), parse_amount("£400k"), parse_amount("1,200,000")
    (Decimal('1200000'), Decimal('400000'), Decimal('1200000'))
    >>> parse_amount("£12.4 million"), parse_amount("£1.2-million"), parse_amount("750 000 GBP")
    (Decimal('12400000'), Decimal('1200000'), Decimal('750000'))
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        return None
    match = _AMOUNT.fullmatch(cleaned)
    if not match:
        raise ValueError(f"{text!r} is not an amount of money (write e.g. 1200000, £1.2m or £400k)")
    return amount_value(match["number"], match["unit"], text)


def amount_value(number: str, unit: str | None = None, text: str | None = None) -> Decimal:
    """The pounds a figure (as ``NUMBER`` matches it) and its unit (as ``UNIT`` matches it, or
    none) make, checked by ``checked_amount``; ``text`` is what ValueError quotes.

    >>> amount_value("750\u202f000"), amount_value("2.5", "Millions"), amount_value("1,200", "k")
    (Decimal('750000'), Decimal('2500000'), Decimal('1200000'))
    """
    try:
        figure = Decimal(re.sub(r"[,\s]", "", number))
    except InvalidOperation:
        raise ValueError(f"{text or number!r} is not a number") from None
    with localcontext() as exact:  # never rounded to 28 digits before it is checked
        exact.prec = max(exact.prec, len(figure.as_tuple().digits) + 10)
        value = figure * _MULTIPLIERS[(unit or "").lower()]
    return checked_amount(value, text if text is not None else f"{number}{unit or ''}")


def checked_amount(value, text=None) -> Decimal:
    """``value`` as an exact Decimal of pounds, or ValueError saying what is wrong with it: not
    a number, not finite, negative, over ``MAX_AMOUNT``, or finer than a penny. Every loader's
    amounts pass through here.

    >>> checked_amount("1200000"), checked_amount(0.5)
    (Decimal('1200000'), Decimal('0.5'))
    >>> checked_amount("NaN")
    Traceback (most recent call last):
    ...
    ValueError: 'NaN' is not a finite amount
    """
    said = repr(text if text is not None else value)
    if isinstance(value, bool):
        raise ValueError(f"{said} is not an amount of money")
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValueError(f"{said} is not an amount of money") from None
    if not number.is_finite():
        raise ValueError(f"{said} is not a finite amount")
    if number < 0:
        raise ValueError(f"{said} is negative: an award is never below zero")
    if number > MAX_AMOUNT:
        raise ValueError(f"{said} is more than £{MAX_AMOUNT:,.0f}: check the figure")
    if number != number.quantize(Decimal("0.01"), rounding=ROUND_DOWN):
        raise ValueError(f"{said} is finer than a penny")
    # normalise 1.20E+6 style exponents to a plain integer or decimal
    return number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()
