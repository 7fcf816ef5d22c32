"""One exception hierarchy for partnerkg; the CLI turns each into a clear message."""

from __future__ import annotations

__all__ = ["PartnerKGError", "LoaderError", "OptionError", "QueryError", "StoreError",
           "ValidationError", "RemoteError", "ResourceError"]


class PartnerKGError(Exception):
    """Base class of every error partnerkg raises on purpose."""


class LoaderError(PartnerKGError):
    """A source file cannot be read; names the file, line and column where known.

    >>> str(LoaderError("amount '£1.2bn?' is not a number", file="bids.csv", line=14, column="amount"))
    "bids.csv line 14, column amount: amount '£1.2bn?' is not a number"
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 column: str | None = None, place: str | None = None) -> None:
        self.message, self.file, self.line, self.column = message, file, line, column
        # ``place`` says where in the file when lines are not what a reader counts
        # ("page 3, row 12" in a PDF)
        where = [part for part in (
            file,
            place or (f"line {line}" if line is not None else None),
        ) if part]
        place = " ".join(where)
        if column:
            place = f"{place}, column {column}" if place else f"column {column}"
        super().__init__(f"{place}: {message}" if place else message)


class OptionError(PartnerKGError):
    """Options that do not go together, or that a command cannot honour (the command line
    shows it as a usage error, exit 2)."""


class QueryError(PartnerKGError):
    """A SPARQL query is unknown, malformed or given bad parameters."""


class StoreError(PartnerKGError):
    """The store cannot be opened or written."""


class ValidationError(PartnerKGError):
    """The graph breaks its SHACL shapes."""


class RemoteError(PartnerKGError):
    """A SPARQL endpoint cannot be reached, refuses, or does not answer in time.

    ``status`` is the HTTP status of a refusal (None when no answer came); ``sent`` is False
    when the connection could not even be made, so nothing reached the endpoint.
    """

    def __init__(self, message: str, *, status: int | None = None, timed_out: bool = False,
                 sent: bool = True) -> None:
        super().__init__(message)
        self.status, self.timed_out, self.sent = status, timed_out, sent


class ResourceError(PartnerKGError):
    """The machine has less free memory or disk than a command will need: refused before it
    starts. ``short`` names what is short ("memory", "disk" or "temporary space"); ``need`` and
    ``free`` are in bytes."""

    def __init__(self, message: str, *, short: str, need: int, free: int) -> None:
        super().__init__(message)
        self.short, self.need, self.free = short, need, free
