"""Sector keys of the SKOS scheme and the words people use for them."""

from __future__ import annotations

from ..core.names import normalise_name

__all__ = ["SECTORS", "SECTOR_LABELS", "sector_key"]

#: Sector keys in the order reports list them; each is a concept in ontology/partnerkg.ttl.
SECTORS = ("council", "police", "fire-and-rescue", "health", "voluntary-and-community",
           "central-government", "education", "housing", "private", "other")

SECTOR_LABELS = {key: key.replace("-", " ") for key in SECTORS}

_SYNONYMS = {
    "local authority": "council", "local government": "council", "la": "council",
    "constabulary": "police", "pcc": "police", "police and crime commissioner": "police",
    "fire": "fire-and-rescue", "fire service": "fire-and-rescue", "fra": "fire-and-rescue",
    "nhs": "health", "vcs": "voluntary-and-community", "vcse": "voluntary-and-community",
    "voluntary": "voluntary-and-community", "charity": "voluntary-and-community",
    "community": "voluntary-and-community", "government": "central-government",
    "central government department": "central-government", "school": "education",
    "university": "education", "college": "education", "housing association": "housing",
    "business": "private", "company": "private",
}
_LOOKUP = {normalise_name(label): key for key, label in SECTOR_LABELS.items()}
_LOOKUP.update({normalise_name(word): key for word, key in _SYNONYMS.items()})


def sector_key(text: str) -> str:
    """The sector key for a label or synonym; ValueError lists the known sectors.

    >>> sector_key("Fire & Rescue"), sector_key("VCSE")
    ('fire-and-rescue', 'voluntary-and-community')
    """
    key = _LOOKUP.get(normalise_name(text))
    if key is None:
        known = ", ".join(SECTOR_LABELS.values())
        raise ValueError(f"unknown sector {text!r}; known sectors: {known}")
    return key
