"""Plain records that loaders produce and the graph builder consumes (no RDF here)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import Decimal

__all__ = ["Source", "Bid", "Participation", "Round", "Records", "RdfText", "LEAD", "PARTNER",
           "bid_ref"]

LEAD = "lead"
PARTNER = "partner"


def bid_ref(key: str, programme: str) -> str:
    """How a file's records name one of its bids: the same key under two programmes is two
    bids (``Records.bids`` and ``Participation.bid_key`` use this; ``Bid.key`` stays as written).

    >>> bid_ref("b1", "Fund A") != bid_ref("b1", "Fund B")
    True
    """
    return f"{programme}\x1f{key}"


@dataclass(frozen=True)
class Source:
    """Where a record came from: file and line, the documents it cites, how sure it is."""

    file: str
    line: int
    documents: tuple[str, ...] = ()
    confidence: Decimal | None = None
    note: str = ""
    sentence: str = ""
    span: tuple[int, int] | None = None
    method: str = "curated"  # or "rules": read out of prose by the text extractor
    #: A digest of the file's bytes: two files of one name (d2015/bids.csv, d2016/bids.csv)
    #: are two sources, the same file loaded again is the same one.
    origin: str = ""


@dataclass
class Bid:
    key: str
    programme: str
    source: Source
    round: str = ""
    title: str = ""
    amount: Decimal | None = None
    stated_members: int | None = None
    notes: list[str] = field(default_factory=list)
    unnamed_sectors: tuple[str, ...] = ()
    funder: str = ""  # the funding organisation, where a source names it (360Giving)
    funder_id: str = ""
    #: places a grant states (360Giving): (role, code, code type, name), role "recipient" or
    #: "beneficiary", code a GSS code or (type "postcode") a postcode
    places: list[tuple[str, str, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Participation:
    bid_key: str
    organisation: str
    role: str
    source: Source
    sector: str = ""
    identifier: str = ""


@dataclass(frozen=True)
class Round:
    """A funding round with the totals its sources state, for coverage reporting."""

    programme: str
    label: str
    source: Source
    stated_bids: int | None = None
    stated_amount: Decimal | None = None


@dataclass(frozen=True)
class RdfText:
    """An RDF file's triples as N-Triples text, ready for the store, and where they came from."""

    locator: str
    text: str
    count: int
    #: What the user should know of the file (a body there that the register also names).
    notes: tuple[str, ...] = ()
    #: How many bids and memberships the file holds (for the load summary).
    bids: int = 0
    memberships: int = 0


@dataclass
class Records:
    """Everything a file said, in order (or several files' records, merged for a report)."""

    bids: dict[str, Bid] = field(default_factory=dict)
    participations: list[Participation] = field(default_factory=list)
    rounds: list[Round] = field(default_factory=list)
    #: What a loader read but could not turn into records, said in words.
    skipped: list[str] = field(default_factory=list)
    #: What a loader read in a way the user should know of (a list split, a sheet passed over).
    notes: list[str] = field(default_factory=list)
    #: Which file these records came from (see ``loaders.locate``): loading the same locator
    #: again replaces what it said before. Empty for records made in code.
    locator: str = ""
    #: A digest of that file's bytes (see ``Source.origin``).
    origin: str = ""
    #: How each (name, identifier) became its organisation, once built (``Resolution``s).
    resolutions: dict = field(default_factory=dict)
    #: What the text extractor found for each bid it read out of prose (its ``as_dict``), by
    #: bid ref; and the bids it found that could not be loaded (with a ``not_loaded`` reason).
    extracted: dict[str, dict] = field(default_factory=dict)
    not_loaded: list[dict] = field(default_factory=list)
    #: How many memberships building these records made (None until built): two rows naming
    #: one body in one bid are one membership.
    memberships_made: int | None = None

    def without_lead(self) -> list[str]:
        """The refs of bids no record names a lead of (a source named the bodies, not who led).

        >>> r = Records(participations=[Participation("b1", "A", LEAD, Source("f", 1)),
        ...                             Participation("b2", "B", PARTNER, Source("f", 2))])
        >>> r.bids = {"b1": None, "b2": None}
        >>> r.without_lead()
        ['b2']
        """
        led = {p.bid_key for p in self.participations if p.role == LEAD}
        return [ref for ref in self.bids if ref not in led]

    def stamp(self, origin: str, locator: str = "") -> None:
        """Mark every source of these records as coming from the file digested as ``origin``
        found at ``locator``.

        In place: the sources are the loader's own, made for these records and not yet put in
        any set or dict (a source is hashed by its fields); copying each row's record and
        source took a tenth of reading a national file.
        """
        self.locator, self.origin = locator, origin
        sources = itertools.chain((bid.source for bid in self.bids.values()),
                                  (p.source for p in self.participations),
                                  (r.source for r in self.rounds))
        for source in sources:
            object.__setattr__(source, "origin", origin)

    def extend(self, other: "Records") -> None:
        """Add ``other``'s records; ValueError when it has a bid key these records already
        have (two bids never merge by accident)."""
        shared = sorted(set(self.bids) & set(other.bids))
        if shared:
            raise ValueError(f"bid {self.bids[shared[0]].key!r} appears twice")
        self.bids.update(other.bids)
        self.participations.extend(other.participations)
        self.rounds.extend(other.rounds)
        self.skipped.extend(other.skipped)
        self.notes.extend(other.notes)
        self.extracted.update(other.extracted)
        self.not_loaded.extend(other.not_loaded)
