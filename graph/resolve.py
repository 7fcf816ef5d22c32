"""From the names sources use to one node per body, and a sector for each body."""

from __future__ import annotations

import re

from ..names import normalise_name, slugify

__all__ = ["organisation_key", "guess_sector"]


def organisation_key(name: str, identifier: str = "") -> str:
    """The key an organisation's IRI is made from: its identifier, else its normalised name.

    >>> organisation_key("Bath & North East Somerset Council") == organisation_key("Bath and North East Somerset Council")
    True
    """
    return identifier.strip() or slugify(name)


# Ordered: the first rule that matches wins, so specific phrases come before generic words.
_SECTOR_RULES: tuple[tuple[str, str], ...] = (
    (r"\bfire\b", "fire-and-rescue"),
    (r"\b(police|constabulary|crime commissioner|pcc)\b", "police"),
    (r"\b(nhs|ccgs?|clinical commissioning|hospitals?|ambulance|health|primary care|"
     r"foundation trust)\b", "health"),
    (r"\b(voluntary|cvs|community and voluntary|vcse|charity|charitable|volunteer centre|"
     r"citizens advice|trust for|foundation)\b", "voluntary-and-community"),
    (r"\b(jobcentre|department for|department of|home office|ministry of|cabinet office|"
     r"hm treasury|probation)\b", "central-government"),
    (r"\b(university|college|school|academy)\b", "education"),
    (r"\b(housing association|homes|housing)\b", "housing"),
    (r"\b(ltd|limited|plc|llp)\b", "private"),
    (r"\b(council|borough|county|city of|district|metropolitan|combined authority|"
     r"london borough|royal borough|unitary)\b", "council"),
)


def guess_sector(name: str) -> str:
    """A sector key for a body from words in its name; 'other' when unsure.

    >>> guess_sector("Cheshire Fire and Rescue Authority"), guess_sector("Jobcentre Plus")
    ('fire-and-rescue', 'central-government')
    >>> guess_sector("Suffolk Public Sector Leaders")
    'other'
    """
    text = normalise_name(name)
    for pattern, sector in _SECTOR_RULES:
        if re.search(pattern, text):
            return sector
    return "other"
