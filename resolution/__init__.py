"""Resolution: names as sources write them in, one register body (or none) per name out.

Takes source names (and identifiers) from the records that ``loaders`` hand on; hands on
``Resolution`` decisions (identifier, user-alias, exact, alias, normalised, initials, fuzzy,
suggestion, ambiguous, unmatched) that ``graph.build`` turns into nodes and name-match
provenance. The register (``register``, ``register_table`` for bodies users add) is the
reference table of UK public bodies; ``resolve`` matches names against it, and ``identity``
holds the checks that keep two bodies apart.
"""

from .register import Body, Register, read_aliases
from .resolve import Resolution, Resolver, default_resolver, guess_sector, match_key

__all__ = ["Body", "Register", "Resolution", "Resolver", "default_resolver", "guess_sector",
           "match_key", "read_aliases"]
