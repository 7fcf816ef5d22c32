"""Money as people write it, turned into exact pounds."""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, Decimal, InvalidOperation

__all__ = ["parse_amount", "checked_amount", "MAX_AMOUNT"]

#: The largest sum accepted: a thousand billion pounds. Sums above it are typing slips, and the
#: store's decimal arithmetic (SPARQL SUM) loses them.
MAX_AMOUNT = Decimal(10) ** 15

_MULTIPLIERS = {"": 1, "k": 1_000, "thousand": 1_000, "m": 1_000_000, "mn": 1_000_000,
                "million": 1_000_000, "bn": 1_000_000_000, "billion": 1_000_000_000}
_AMOUNT = re.compile(
    r"^(?:gbp|£)?\s*(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>k|thousand|mn|m|million|bn|billion)?\s*(?:gbp|£)?$"
)


def parse_amount(text: str) -> Decimal | None:
    """Return the amount in pounds as an exact Decimal, or None for an empty cell.

    Raises ValueError when the text is not an amount.

    >>> parse_amount("£1.2m"), parse_amount("£400k"), parse_amount("1,200,000")
    (Decimal('1200000'), Decimal('400000'), Decimal('1200000'))
    >>> parse_amount("£12.4 million")
    Decimal('12400000')
    """
    cleaned = " ".join(text.replace("\u00a0", " ").split()).lower()
    if not cleaned:
        return None
    match = _AMOUNT.match(cleaned)
    if not match:
        raise ValueError(f"{text!r} is not an amount of money (write e.g. 1200000, £1.2m or £400k)")
    try:
        number = Decimal(match["number"].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise ValueError(f"{text!r} is not a number") from None
    return checked_amount(number * _MULTIPLIERS[match["unit"] or ""], text)


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
