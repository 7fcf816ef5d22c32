"""Normalising names and making IRI-safe keys: the same name always gives the same key."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from urllib.parse import quote

__all__ = ["clean", "control_character", "iri_segment", "normalise_name", "slugify"]


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
    >>> normalise_name("Es\u00adsex Coun\u200bcil")
    'essex council'

    """
    if name.isascii():  # most names: one table lookup per character gives the same key
        return " ".join(name.translate(_ASCII_KEY).lower().split())
    return _unicode_key(name)


def _unicode_key(name: str) -> str:
    """``normalise_name`` for text in any script, character by character."""
    text = unicodedata.normalize("NFKD", name)
    # invisible format characters (soft hyphens, zero-width spaces and joiners) join the
    # letters around them: "Es\u00adsex" is "Essex"
    text = "".join(c if (c.isalnum() and c not in _APOSTROPHES) or _meaningful(c) else " "
                   for c in text.replace("&", " and ") if not unicodedata.combining(c)
                   and unicodedata.category(c) != "Cf")
    return " ".join(text.casefold().split())


#: Modifier letters written as apostrophes ("Guyʼs"): punctuation, as "'" is.
_APOSTROPHES = frozenset("\u02b9\u02bb\u02bc\u02bd\u02be\u02bf")

#: Punctuation that changes what a name means ("C#" is not "C"); the rest only spaces words.
_MEANINGFUL_PUNCTUATION = frozenset("#%@*")


def _meaningful(char: str) -> bool:
    """Whether a character that is not a letter or digit still tells names apart: symbols
    (pictographs, "+", "£") and a few marks ("C++", "C#" and "C" are three bodies)."""
    return unicodedata.category(char) in _SYMBOLS or char in _MEANINGFUL_PUNCTUATION


_SYMBOLS = frozenset({"So", "Sm", "Sc"})

#: ``normalise_name``'s rule for each ASCII character, as a ``str.translate`` table (ASCII text
#: is its own NFKD form and has no combining marks).
_ASCII_KEY = {code: " " for code in range(128)
              if not (chr(code).isalnum() or _meaningful(chr(code)))} | {ord("&"): " and "}


def iri_segment(key: str) -> str:
    """A key as one IRI path segment: "/", "#", "%", "?", spaces and other scripts are
    percent-encoded and ".." never stands alone, so two keys never share a segment and none
    escapes its namespace.

    >>> iri_segment("GB-LAE-ESS"), iri_segment("GB-X/1"), iri_segment("../x#1"), iri_segment("..")
    ('GB-LAE-ESS', 'GB-X%2F1', '..%2Fx%231', '%2E%2E')
    """
    segment = quote(key, safe="-._~:@!$&'()*+,;=")
    return segment.replace(".", "%2E") if not segment.strip(".") else segment


@lru_cache(maxsize=1 << 17)
def slugify(text: str) -> str:
    """An IRI path segment from any text.

    >>> slugify("Stoke-on-Trent City Council"), slugify("C# Group"), slugify("Δ-1")
    ('stoke-on-trent-city-council', 'c%23-group', '%CE%B4-1')
    """
    return iri_segment(normalise_name(text).replace(" ", "-")) or "unnamed"
