"""RDF terms' canonical forms, shared by the graph builder, the exports and query results."""

from __future__ import annotations

from decimal import Decimal

__all__ = ["canonical_decimal"]


def canonical_decimal(value) -> str:
    """The canonical lexical form of an xsd:decimal (XML Schema 1.1, as Oxigraph writes every
    decimal it holds): no exponent, no leading or trailing zeros, and no point for a whole
    number, so that the store, every export, a push and every result write one term.

    >>> canonical_decimal(1200000), canonical_decimal("0.50"), canonical_decimal("-0.0")
    ('1200000', '0.5', '0')
    """
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{value!r} is not an xsd:decimal")
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "0") else text
