"""From the names sources use to one node per body.

Resolution runs in steps, first hit wins: the user's alias file, an exact or alias name, the same
name with council boilerplate removed ("Borough Council", "MBC", "Royal Borough of" ...), then a
fuzzy match (rapidfuzz) above a threshold. Fuzzy matches are guarded against false friends: a
candidate must agree on sector words (police, fire, NHS ...) and on place qualifiers (north, west,
east, city ...). Ties and unmatched names are never merged: they stay their own organisations,
flagged for review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..core.names import normalise_name, slugify
from .register import Body, Register

__all__ = ["Resolution", "Resolver", "default_resolver", "match_key", "guess_sector",
           "organisation_key", "FUZZY_THRESHOLD"]

FUZZY_THRESHOLD = 0.88
#: How far ahead of the runner-up a fuzzy match must be to be taken.
FUZZY_MARGIN = 0.03

_COUNCIL_SUFFIXES = (
    "metropolitan borough council", "metropolitan district council", "borough council",
    "district council", "county borough council", "county council", "city council",
    "city of council", "unitary authority", "council", "mbc", "bc", "dc", "cc", "ua", "lbc",
    "lb", "mdc", "corporation")
_COUNCIL_PREFIXES = ("london borough of", "royal borough of", "borough of", "city and county of",
                     "city of", "county of", "lb", "the")
_SECTOR_WORDS = re.compile(r"\b(police|constabulary|fire|rescue|nhs|trust|ambulance|"
                           r"commissioner|pcc|ccg|hospital|health|voluntary|jobcentre|department|"
                           r"university|college|school)\b")
_QUALIFIERS = frozenset({"north", "south", "east", "west", "mid", "central", "greater", "upper",
                         "lower", "new", "great", "little", "inner", "outer", "city", "county",
                         "borough", "district", "and"})


#: Common short forms of county names, expanded before matching.
_ABBREVIATIONS = {"northants": "northamptonshire", "glos": "gloucestershire",
                  "lincs": "lincolnshire", "notts": "nottinghamshire", "oxon": "oxfordshire",
                  "hants": "hampshire", "herts": "hertfordshire", "beds": "bedfordshire",
                  "bucks": "buckinghamshire", "cambs": "cambridgeshire", "staffs": "staffordshire",
                  "worcs": "worcestershire", "wilts": "wiltshire", "leics": "leicestershire",
                  "yorks": "yorkshire", "job centre": "jobcentre"}
_ABBREVIATION = re.compile(r"\b(" + "|".join(sorted(_ABBREVIATIONS, key=len, reverse=True))
                           + r")\b")


def match_key(name: str) -> str:
    """A name with case, punctuation and council boilerplate folded away.

    >>> match_key("Royal Borough of Kingston upon Thames"), match_key("Calderdale MBC")
    ('kingston upon thames', 'calderdale')
    >>> match_key("Durham Constabulary")
    'durham constabulary'
    """
    key = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m[1]], normalise_name(name))
    if _SECTOR_WORDS.search(key):
        return key
    changed = True
    while changed:
        changed = False
        for prefix in _COUNCIL_PREFIXES:
            if key.startswith(prefix + " ") and len(key) > len(prefix) + 1:
                key, changed = key[len(prefix) + 1:], True
        for suffix in _COUNCIL_SUFFIXES:
            if key.endswith(" " + suffix):
                key, changed = key[: -len(suffix) - 1], True
    return key


# Fuzzy candidates: the best few register names scoring at least this (0-100) on rapidfuzz's
# ratio; the acceptance threshold (FUZZY_THRESHOLD) is applied after the guards.
_FUZZY_CUTOFF = 70
_FUZZY_LIMIT = 12


def organisation_key(name: str, identifier: str = "") -> str:
    """The key an unresolved organisation's IRI is made from: identifier, else normalised name."""
    return identifier.strip() or slugify(name)


# Ordered: the first rule that matches wins, so specific phrases come before generic words.
_SECTOR_RULES: tuple[tuple[str, str], ...] = (
    (r"\bfire\b", "fire-and-rescue"),
    (r"\b(police|constabulary|crime commissioner|pcc|opcc)\b", "police"),
    (r"\b(nhs|ccgs?|clinical commissioning|hospitals?|ambulance|health|primary care|"
     r"foundation trust|public health)\b", "health"),
    (r"\b(voluntary|cvs|community and voluntary|vcse|vcs|charity|charitable|volunteer centre|"
     r"citizens advice|age uk|mind|barnardo s|foundation|community action)\b",
     "voluntary-and-community"),
    (r"\b(jobcentre|department for|department of|home office|ministry of|cabinet office|"
     r"hm treasury|probation|hm prison|dwp|dclg|environment agency|highways england)\b",
     "central-government"),
    (r"\b(university|college|school|academy|academies)\b", "education"),
    (r"\b(housing association|homes|housing)\b", "housing"),
    (r"\b(ltd|limited|plc|llp)\b", "private"),
    # a council's name ends in its kind ("... Borough Council", "... MBC") or opens with its
    # borough; "Lake District Summer Music" and "Council for At-Risk Academics" are charities
    (r"(\b(councils?|combined authority|county|borough|unitary authority|local authorit(y|ies)|"
     r"ua|mbc|dc|bc|cc|lbc?)$|^(london borough|royal borough|borough|city and county|county "
     r"borough) of\b|^lb\b|^city of \w+( \w+)? (council|corporation)$)", "council"),
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


@dataclass(frozen=True)
class Resolution:
    """What resolution decided for one source name."""

    name: str
    body: Body | None
    kind: str  # user-alias | exact | alias | normalised | fuzzy | ambiguous | unmatched
    score: float
    runner_up: Body | None = None
    runner_up_score: float = 0.0
    candidates: tuple[tuple[str, float], ...] = ()

    @property
    def resolved(self) -> bool:
        return self.body is not None

    @property
    def flagged(self) -> bool:
        return self.kind in ("fuzzy", "ambiguous", "unmatched")

    def as_dict(self) -> dict:
        body, runner = self.body, self.runner_up
        return {
            "name": self.name, "kind": self.kind, "score": round(self.score, 3),
            "id": body.id if body else None, "canonical": body.name if body else None,
            "sector": body.sector if body else guess_sector(self.name),
            "runner_up": ({"id": runner.id, "name": runner.name,
                           "score": round(self.runner_up_score, 3)} if runner else None),
        }


_DISTRICT_TYPES = ("Non-metropolitan district", "Metropolitan district", "London borough")


def _type_conflict(name: str, body: Body) -> bool:
    """A 'district' name cannot be a county, nor a 'county council' name a district."""
    words = set(normalise_name(name).split())
    if "district" in words and body.type == "County":
        return True
    return "county" in words and "council" in words and body.type in _DISTRICT_TYPES and \
        "county" not in normalise_name(body.name).split()


def _qualifiers(key: str) -> frozenset[str]:
    return frozenset(key.split()) & _QUALIFIERS


class Resolver:
    """Resolves names against a register.

    >>> resolver = Resolver(Register.default())
    >>> resolver.resolve("CWAC").body.id
    'GB-LAE-CHW'
    """

    def __init__(self, register: Register, aliases=()) -> None:
        self.register = register
        self._user = {normalise_name(name): ident for name, ident in aliases}
        self._full: dict[str, set[str]] = {}
        self._core: dict[str, set[str]] = {}
        self._official: dict[str, set[str]] = {}
        for body in register.bodies.values():
            self._official.setdefault(normalise_name(body.name), set()).add(body.id)
            for name in (body.name, *body.aliases):
                self._full.setdefault(normalise_name(name), set()).add(body.id)
                self._core.setdefault(match_key(name), set()).add(body.id)
        for name, ident in register.aliases:
            self._full.setdefault(normalise_name(name), set()).add(ident)
            self._core.setdefault(match_key(name), set()).add(ident)
        self._choices = sorted(self._core)
        self._cache: dict[str, Resolution] = {}

    def _body(self, ident: str) -> Body | None:
        return self.register.get(ident)

    def _pick(self, name: str, ids: set[str], kind: str) -> Resolution | None:
        """One body of ``ids`` for ``name``, ambiguous if several fit, None if none does."""
        bodies = sorted((b for b in map(self._body, ids) if b and not _type_conflict(name, b)),
                        key=lambda b: b.id)
        if not bodies:
            return None
        if len(bodies) > 1:
            # a name that is some body's own name, less boilerplate, means that body
            own = [b for b in bodies if match_key(b.name) == match_key(name)]
            bodies = own if len(own) == 1 else bodies
        if len(bodies) == 1:
            return Resolution(name, bodies[0], kind, 1.0)
        return Resolution(name, None, "ambiguous", 1.0, bodies[0] if bodies else None, 1.0,
                          tuple((b.id, 1.0) for b in bodies))

    def _compatible(self, query: str, key: str, body: Body) -> bool:
        sector = guess_sector(query)
        if sector not in ("other", "council") and body.sector != sector:
            return False
        if sector == "council" and body.sector != "council" and \
                guess_sector(body.name) != "council":
            return False
        return _qualifiers(match_key(query)) == _qualifiers(key)

    def resolve(self, name: str) -> Resolution:
        if name not in self._cache:
            self._cache[name] = self._resolve(name)
        return self._cache[name]

    def lookup(self, name: str) -> Resolution | None:
        """Resolution by name alone (user alias, exact, alias, normalised), no fuzzy matching:
        fast enough to test every capitalised phrase of a long text."""
        result = self._resolve(name, fuzzy=False)
        return result if result is not None and result.resolved else None

    def _resolve(self, name: str, fuzzy: bool = True) -> Resolution | None:
        full = normalise_name(name)
        if full in self._user:
            body = self._body(self._user[full])
            if body is not None:
                return Resolution(name, body, "user-alias", 1.0)
        core = match_key(name)
        for table, key, kind in ((self._official, full, "exact"), (self._full, full, "alias"),
                                 (self._core, core, "normalised")):
            if key in table and (kind != "exact" or len(table[key]) == 1):
                picked = self._pick(name, table[key], kind)
                if picked is not None:
                    return picked
        if "(" in name:
            # "Cheshire West and Chester (West Cheshire)": the name outside the brackets, else
            # the one inside
            outside = re.sub(r"\s*\([^)]*\)?", " ", name).strip()
            inside = " ".join(re.findall(r"\(([^)]*)\)?", name)).strip()
            for part in (outside, inside):
                if part:
                    found = self._resolve(part, fuzzy=False)
                    if found is not None and found.resolved:
                        return Resolution(name, found.body, found.kind, found.score)
        return self._fuzzy(name, core) if fuzzy else None

    def resolve_all(self, names) -> None:
        """Resolve many names at once (later ``resolve`` calls read the results).

        The names no exact or alias rule settles are scored against the register in one
        matrix, computed in C on every core, instead of one search per name.
        """
        import numpy as np
        from rapidfuzz import fuzz, process

        pending = []
        for name in dict.fromkeys(names):
            if name not in self._cache:
                found = self._resolve(name, fuzzy=False)
                if found is not None:
                    self._cache[name] = found
                else:
                    pending.append(name)
        for start in range(0, len(pending), 4096):  # bounded memory: 4096 rows of scores
            chunk = pending[start:start + 4096]
            cores = [match_key(name) for name in chunk]
            scores = process.cdist(cores, self._choices, scorer=fuzz.ratio, workers=-1,
                                   score_cutoff=_FUZZY_CUTOFF, dtype=np.float64)
            for name, core, row in zip(chunk, cores, scores):
                hits = np.flatnonzero(row >= _FUZZY_CUTOFF)
                best = sorted(hits.tolist(), key=lambda i: (-row[i], i))[:_FUZZY_LIMIT]
                self._cache[name] = self._fuzzy(
                    name, core, [(self._choices[i], float(row[i])) for i in best])

    def _fuzzy(self, name: str, core: str, matches=None) -> Resolution:
        from rapidfuzz import fuzz, process

        if matches is None:
            matches = [(key, score) for key, score, _ in process.extract(
                core, self._choices, scorer=fuzz.ratio, limit=_FUZZY_LIMIT,
                score_cutoff=_FUZZY_CUTOFF)]
        scored: dict[str, float] = {}
        for key, score in matches:
            for ident in self._core[key]:
                body = self._body(ident)
                if body is not None and self._compatible(name, key, body) and \
                        not _type_conflict(name, body):
                    scored[ident] = max(scored.get(ident, 0.0), score / 100)
        ranked = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))
        candidates = tuple(ranked[:5])
        if not ranked or ranked[0][1] < FUZZY_THRESHOLD:
            best = self._body(ranked[0][0]) if ranked else None
            return Resolution(name, None, "unmatched", ranked[0][1] if ranked else 0.0, best,
                              ranked[0][1] if ranked else 0.0, candidates)
        first = self._body(ranked[0][0])
        second = self._body(ranked[1][0]) if len(ranked) > 1 else None
        second_score = ranked[1][1] if len(ranked) > 1 else 0.0
        if second is not None and ranked[0][1] - second_score < FUZZY_MARGIN:
            return Resolution(name, None, "ambiguous", ranked[0][1], first, ranked[0][1],
                              candidates)
        return Resolution(name, first, "fuzzy", ranked[0][1], second, second_score, candidates)


@lru_cache(maxsize=1)
def default_resolver() -> Resolver:
    """A resolver over the bundled register (made once)."""
    return Resolver(Register.default())
