"""Money as people write it, turned into exact pounds."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = ["parse_amount"]

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
    value = number * _MULTIPLIERS[match["unit"] or ""]
    # normalise 1.20E+6 style exponents to a plain integer or decimal
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
