"""Normalising names and making IRI-safe keys: the same name always gives the same key."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["clean", "control_character", "normalise_name", "slugify"]


def clean(text: str) -> str:
    """Collapse white space and strip: the form in which names are stored.

    >>> clean("  Essex   County\\u00a0Council ")
    'Essex County Council'
    """
    return " ".join(text.replace("\u00a0", " ").split())


def control_character(text: str) -> str | None:
    r"""The first control character in ``text`` (as U+XXXX), or None; tabs and line breaks are
    allowed. Such characters make exports that are not well-formed XML.

    >>> control_character("Essex\x00 Council"), control_character("Essex\tCouncil")
    ('U+0000', None)
    """
    for char in text:
        if unicodedata.category(char) == "Cc" and char not in "\t\n\r":
            return f"U+{ord(char):04X}"
    return None


@lru_cache(maxsize=1 << 17)  # names repeat across rows
def normalise_name(name: str) -> str:
    """A matching key for a name: case, accents, '&' and punctuation folded; the letters and
    digits of every script, and pictographs, kept, so that names in other scripts never fold
    into one another (or into nothing).

    >>> normalise_name("Bath & North East Somerset Council") == normalise_name("bath and north-east somerset council")
    True
    >>> normalise_name("Ynys Môn"), normalise_name("Δ Group") != normalise_name("Σ Group")
    ('ynys mon', True)
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c if c.isalnum() or unicodedata.category(c) == "So" else " "
                   for c in text.replace("&", " and ") if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


@lru_cache(maxsize=1 << 17)
def slugify(text: str) -> str:
    """An IRI path segment from any text.

    >>> slugify("Stoke-on-Trent City Council")
    'stoke-on-trent-city-council'
    """
    return normalise_name(text).replace(" ", "-") or "unnamed"
