"""Resolution: names as sources write them in, one register body (or none) per name out.

Takes source names (and identifiers) from the records that ``loaders`` hand on; hands on
``Resolution`` decisions (exact, alias, normalised, fuzzy, ambiguous, unmatched) that
``graph.build`` turns into nodes and name-match provenance. The register (``register``) is the
reference table of UK public bodies; ``resolve`` matches names against it.
"""

from .register import Body, Register, read_aliases
from .resolve import Resolution, Resolver, default_resolver, guess_sector, match_key

__all__ = ["Body", "Register", "Resolution", "Resolver", "default_resolver", "guess_sector",
           "match_key", "read_aliases"]
