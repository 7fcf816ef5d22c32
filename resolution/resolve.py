"""From the names sources use to one node per body, never two bodies in one.

Resolution runs in steps, first hit wins:

1. the user's alias file (``user-alias``);
2. the register's own name (``exact``) or one of its aliases (``alias``);
3. the same name with council boilerplate folded away (``normalised``: "Calderdale MBC",
   "Royal Borough of ..."), but only when the kind words the name carries fit the body:
   "Durham City Council" is not Durham County Council, "Chichester City Council" not
   Chichester District Council;
4. a name with a part in brackets by its part outside them when the inside is the same body
   ("Cheshire West and Chester (West Cheshire)") or a part of it ("Essex County Council (Adult
   Social Care)"); by the part inside only when the outside is its initials ("ECC (Essex County
   Council)"): "Age UK (Essex)" is not Essex County Council, nor "Sheffield (Citizens
   Advice)" Sheffield City Council;
5. a fuzzy match (``fuzzy``), taken only when the distinctive parts of the two names agree
   (see ``identity``): the same places, numbers, compass words and kind of body, every word
   spelt alike except an unknown word one letter off a register word.

A close name that fails those checks is a ``suggestion``: shown by ``resolve --review``, never
applied. Ties are ``ambiguous`` and names nothing fits are ``unmatched``; both stay
organisations of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..core.names import normalise_name, slugify
from ..core.progress import status, track
from . import identity
from .identity import kind_words_conflict, mixed_script
from .register import Body, Register, clean_identifier

__all__ = ["Resolution", "Resolver", "default_resolver", "match_key", "guess_sector",
           "organisation_key", "needs_review", "FUZZY_THRESHOLD", "SUGGESTION_THRESHOLD",
           "JOIN_KINDS"]

#: The least score (rapidfuzz's token sort ratio, 0-1) at which a fuzzy candidate that passes
#: every identity check is joined.
FUZZY_THRESHOLD = 0.80
#: The least score at which a candidate that fails a check is shown as a suggestion.
SUGGESTION_THRESHOLD = 0.88
#: How far ahead of the runner-up a fuzzy match must be to be taken.
FUZZY_MARGIN = 0.03
#: Decisions that make a name a register body's node other than by its own exact name.
JOIN_KINDS = ("user-alias", "alias", "normalised", "bracketed", "initials", "fuzzy")

_COUNCIL_SUFFIXES = (
    "metropolitan borough council", "metropolitan district council", "metropolitan council",
    "london borough council",
    "royal borough council", "borough council",
    "district council", "county borough council", "county council", "city council",
    "city of council", "unitary authority", "council", "mbc", "bc", "dc", "cc", "ua", "lbc",
    "lb", "mdc", "rbc", "corporation")
_COUNCIL_PREFIXES = ("london borough of", "royal borough of", "borough of", "city and county of",
                     "city of", "county of", "lb of", "lb", "rb", "the")
_SECTOR_WORDS = re.compile(r"\b(police|constabulary|fire|rescue|nhs|trust|ambulance|"
                           r"commissioner|pcc|ccg|icb|hospital|health|voluntary|jobcentre|"
                           r"department|university|college|school|integrated care|"
                           r"combined authority)\b")

#: Common short forms, expanded before matching.
_ABBREVIATIONS = {"northants": "northamptonshire", "glos": "gloucestershire",
                  "lincs": "lincolnshire", "notts": "nottinghamshire", "oxon": "oxfordshire",
                  "hants": "hampshire", "herts": "hertfordshire", "beds": "bedfordshire",
                  "bucks": "buckinghamshire", "cambs": "cambridgeshire", "staffs": "staffordshire",
                  "worcs": "worcestershire", "wilts": "wiltshire", "leics": "leicestershire",
                  "yorks": "yorkshire", "lancs": "lancashire", "warks": "warwickshire",
                  "derbys": "derbyshire", "job centre": "jobcentre", "saint": "st",
                  "dept": "department", "nhs ft": "nhs foundation trust",
                  "nhsft": "nhs foundation trust", "e": "east", "w": "west", "n": "north",
                  "ne": "north east", "nw": "north west", "se": "south east",
                  "sw": "south west",
                  # Welsh names of bodies whose register names are English
                  "comisiynydd heddlu a throsedd": "police and crime commissioner",
                  "comisiynydd heddlu a throseddu": "police and crime commissioner",
                  "heddlu r gogledd": "north wales police", "heddlu r de": "south wales police",
                  "heddlu": "police", "gogledd cymru": "north wales", "de cymru": "south wales",
                  "gorllewin": "west",
                  "canolbarth a gorllewin cymru": "mid and west wales",
                  "gwasanaeth tan ac achub": "fire and rescue service",
                  "awdurdod tan ac achub": "fire and rescue authority",
                  "cyngor sir": "county council", "cyngor": "council"}
_ABBREVIATION = re.compile(r"\b(" + "|".join(sorted(_ABBREVIATIONS, key=len, reverse=True))
                           + r")\b")


_POSSESSIVE = re.compile(r"\b(\w+) s\b")


@lru_cache(maxsize=1 << 18)  # names repeat across rows, keys across every fuzzy candidate
def expand(name: str) -> str:
    """A name folded (``normalise_name``) with common short forms written out.

    >>> expand("Northants CC"), expand("Saint Helens"), expand("Guy's and St Thomas'")
    ('northamptonshire cc', 'st helens', 'guys and st thomas')
    """
    text = _POSSESSIVE.sub(r"\1s", normalise_name(name))  # "Guy's" as "Guys"
    return _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m[1]], text)


@lru_cache(maxsize=1 << 18)
def match_key(name: str) -> str:
    """A name with case, punctuation and council boilerplate folded away.

    >>> match_key("Royal Borough of Kingston upon Thames"), match_key("Calderdale MBC")
    ('kingston upon thames', 'calderdale')
    >>> match_key("Durham Constabulary")
    'durham constabulary'
    """
    key = expand(name)
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
# token sort ratio; the identity checks and thresholds are applied after.
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
     r"foundation trust|public health|integrated care boards?|icb)\b", "health"),
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
    # user-alias | exact | alias | normalised | initials | fuzzy | suggestion | ambiguous |
    # unmatched (and identifier, from ``decide``)
    kind: str
    score: float
    runner_up: Body | None = None
    runner_up_score: float = 0.0
    candidates: tuple[tuple[str, float], ...] = ()
    #: Why the name needs a look even as it is (letters of two scripts in one word), or "".
    warning: str = ""

    @property
    def resolved(self) -> bool:
        return self.body is not None

    @property
    def joined(self) -> bool:
        """Whether the name became a register body other than by that body's own name."""
        return self.kind in JOIN_KINDS and self.body is not None

    def describe(self) -> str:
        """How the name was matched, in words: "joined by fuzzy match (0.93)".

        >>> Resolution("x", None, "fuzzy", 0.934).describe()
        'joined by fuzzy match (0.93)'
        """
        return _DESCRIPTIONS.get(self.kind, self.kind).format(score=self.score)

    def as_dict(self) -> dict:
        body, runner = self.body, self.runner_up
        found = {
            "name": self.name, "kind": self.kind, "score": round(self.score, 3),
            "id": body.id if body else None, "canonical": body.name if body else None,
            "sector": body.sector if body else guess_sector(self.name),
            "runner_up": ({"id": runner.id, "name": runner.name,
                           "score": round(self.runner_up_score, 3)} if runner else None),
        }
        if self.warning:
            found["warning"] = self.warning
        return found


_DESCRIPTIONS = {
    "exact": "the register's own name", "identifier": "joined by its identifier",
    "user-alias": "joined by the user's alias file", "alias": "joined by a register alias",
    "normalised": "joined by its name less council words",
    "bracketed": "joined by its name outside the brackets",
    "initials": "joined as the initials of the body's name",
    "fuzzy": "joined by fuzzy match ({score:.2f})",
    "suggestion": "not joined: a close name that fails an identity check ({score:.2f})",
    "ambiguous": "not joined: several bodies fit", "unmatched": "not joined: no body fits"}


#: Words that make a part in brackets a part of the body outside them ("Essex County Council
#: (Adult Social Care)"), when no other word there names a place or body.
_PART_WORDS = frozenset("""
services department directorate team division unit care social children childrens adult
adults highways public health lead partner accountable body on behalf finance housing
planning commissioning directorate office secretariat
""".split())


#: The small words initials may leave out ("RBKC": Royal Borough of Kensington and Chelsea).
_SMALL_WORDS = frozenset({"and", "of", "the", "for", "upon", "on"})
_SHORT_KIND_WORDS = frozenset("ccg icb frs fra pcc opcc pfcc mbc bc dc cc ua lb lbc rbc rb mdc "
                              "mca ca ft cic ltd plc llp".split())

#: A name written as initials: capitals, with "a", "o", "of" or "&" between ("CWaC", "B&NES").
_INITIALS = re.compile(r"[A-Z](?:[A-Z]|a|o|&){2,7}")


def needs_review(kind: str, name: str, became: str | None) -> bool:
    """Whether a decision is one ``resolve --review`` lists and a load counts: any but a
    register body's exact name, or an identifier that comes with its body's own name.

    >>> needs_review("alias", "Essex CC", "Essex County Council")
    True
    >>> needs_review("identifier", "Essex County Council", "Essex County Council")
    False
    """
    if kind == "exact":
        return False
    return kind != "identifier" or (became is not None and
                                    normalise_name(name) != normalise_name(became))


def _initialisms(name: str) -> set[str]:
    """The initials a register name may be written as, with and without its small words, for
    names of three words or more.

    >>> sorted(_initialisms("Royal Borough of Kensington and Chelsea"))
    ['rbkc', 'rbokac']
    """
    # an abbreviation inside a name ("... CCG") is no word to take an initial from
    words = [w for w in normalise_name(name).split()
             if (len(w) > 1 or w.isdigit()) and w not in _SHORT_KIND_WORDS]
    found = set()
    # NHS bodies' initials leave out "NHS", and often "Foundation": LTHT, EKHUFT, TEWV
    for form in (words, [w for w in words if w != "mayoral"], [w for w in words if w != "nhs"],
                 [w for w in words if w not in ("nhs", "foundation")]):
        # also the name less the kind words it ends in: "Sheffield City Region" of "...
        # Combined Authority", so that "SCR Combined Authority" is its initials and its kind
        stripped = list(form)
        while stripped and stripped[-1] in identity.GENERIC_WORDS:
            stripped.pop()
        for part, least in ((form, 3), (stripped, 2)):
            for small in (True, False):
                kept = [w for w in part if small or w not in _SMALL_WORDS]
                if len(kept) >= least and (part is form or len(kept) < len(words)):
                    found.add("".join(w[0] for w in kept))
    return found


@lru_cache(maxsize=1 << 16)
def _keys_of(name: str) -> tuple[str, str]:
    """A register name's keys: normalised, and its ``match_key``. Worked out once a process:
    every resolver of a load indexes the register."""
    return normalise_name(name), match_key(name)


@lru_cache(maxsize=1 << 16)
def _initials_of(name: str) -> frozenset[str]:
    """The initials a register name may be written as (see ``_initialisms``), its
    ``match_key``'s too."""
    return frozenset(_initialisms(name) | _initialisms(match_key(name)))


def _abbreviates(short: str, long: str) -> bool:
    """Whether ``short`` is written as an abbreviation of ``long``: capitals whose letters are
    the initials of some of its words, in order ("UHS" for "University Hospital Southampton
    NHS FT", "SY ICB" for "NHS South Yorkshire Integrated Care Board").

    >>> _abbreviates("UHS", "University Hospital Southampton NHS FT"), _abbreviates("UK", "Mind")
    (True, False)
    """
    letters = re.sub(r"[^A-Za-z]", "", short)
    if len(letters) < 2 or sum(c.isupper() for c in letters) < 2 or not _INITIALS.fullmatch(
            letters if len(letters) >= 3 else letters + "X"):
        return False
    initials = iter(w[0] for w in normalise_name(long).split())
    return all(c in initials for c in letters.lower())


class Resolver:
    """Resolves names against a register.

    >>> resolver = Resolver(Register.default())
    >>> resolver.resolve("CWAC").body.id
    'GB-LAE-CHW'
    >>> resolver.resolve("Durham City Council").kind
    'suggestion'
    """

    def __init__(self, register: Register, aliases=()) -> None:
        self.register = register
        self._ahead = None  # see ``expect``
        self._user = {normalise_name(name): ident for name, ident in aliases}
        self._full: dict[str, set[str]] = {}
        self._core: dict[str, set[str]] = {}
        self._official: dict[str, set[str]] = {}
        for body in register.bodies.values():
            self._official.setdefault(_keys_of(body.name)[0], set()).add(body.id)
            for name in (body.name, *body.aliases):
                full, core = _keys_of(name)
                self._full.setdefault(full, set()).add(body.id)
                self._core.setdefault(core, set()).add(body.id)
        for name, ident in register.aliases:
            full, core = _keys_of(name)
            self._full.setdefault(full, set()).add(ident)
            self._core.setdefault(core, set()).add(ident)
        self._choices = sorted(self._core)
        self._words = identity.Vocabulary(self._choices)
        #: register keys by each of their distinctive words, to find "Thames Valley
        #: Constabulary" under "Thames Valley Police" however far the kind words differ
        self._by_word: dict[str, set[str]] = {}
        #: the same by word and by how many distinctive words the key has, and each key's
        #: distinctive words sorted, as ``_sharing_words`` compares them
        self._by_word_and_length: dict[tuple[str, int], set[str]] = {}
        self._distinct_text: dict[str, str] = {}
        for key in self._choices:
            words = identity.distinctive(key)
            self._distinct_text[key] = " ".join(sorted(words))
            for word in words:
                self._by_word.setdefault(word, set()).add(key)
                self._by_word_and_length.setdefault((word, len(words)), set()).add(key)
        self._cache: dict[str, Resolution] = {}
        self._initials_of: dict[str, set[str]] | None = None  # made when first needed
        self._indexed = list(register.bodies.values())

    @property
    def _initials(self) -> dict[str, set[str]]:
        """Register bodies by the initials their names may be written as: made on the first
        name written as initials (most loads have none, and the register is thousands of
        names)."""
        if self._initials_of is None:
            self._initials_of = {}
            for body in self._indexed:
                for name in (body.name, *body.aliases):
                    for letters in _initials_of(name):
                        self._initials_of.setdefault(letters, set()).add(body.id)
        return self._initials_of

    def _by_initials(self, name: str) -> Resolution | None:
        """A name written as the initials of one register body's name ("GMCA", "RBKC",
        "TWFRS"); initials two bodies share are ambiguous."""
        words = name.split()
        # kind words after the initials ("BCP Council", "SCR Combined Authority") say the kind
        # of body the initials must be
        while len(words) > 1 and normalise_name(words[-1]) in identity.GENERIC_WORDS:
            words.pop()
        text, kind = " ".join(words), identity.body_kind(name[len(" ".join(words)):])
        letters = re.sub(r"[^A-Za-z]", "", text).lower()  # "B&NES": banes
        # three letters stand for too many bodies outside the register (HMRC's, the MoD's ...)
        # to be taken alone; with kind words after them they say which ("BCP Council")
        if not _INITIALS.fullmatch(text) or sum(c.isupper() for c in text) < 3 or (
                len(letters) < 4 and not kind):
            return None
        ids = self._initials.get(letters)
        if not ids:
            return None
        bodies = sorted((b for b in map(self._body, ids) if b is not None and (
            not kind or identity.body_kind(b.name) == kind)), key=lambda b: b.id)
        if not bodies:
            return None
        if len(bodies) == 1:
            return Resolution(name, bodies[0], "initials", 1.0)
        return Resolution(name, None, "ambiguous", 1.0, bodies[0], 1.0,
                          tuple((b.id, 1.0) for b in bodies))

    def _body(self, ident: str) -> Body | None:
        return self.register.get(ident)

    def _pick(self, name: str, ids: set[str], kind: str) -> Resolution | None:
        """One body of ``ids`` for ``name``, ambiguous if several fit, None if none does."""
        bodies = sorted((b for b in map(self._body, ids) if b is not None), key=lambda b: b.id)
        if kind == "normalised":
            # council words were folded away to reach these: the ones written must fit
            bodies = [b for b in bodies if not kind_words_conflict(name, b)]
        if not bodies:
            return None
        if len(bodies) > 1:
            # a name that is some body's own name, less boilerplate, means that body; else the
            # one body whose council words are the name's ("Bucks Council": not the county)
            own = [b for b in bodies if match_key(b.name) == match_key(name)]
            if len(own) != 1:
                words = identity.council_words(name)
                own = [b for b in bodies if identity.council_words(b.name) == words]
            bodies = own if len(own) == 1 else bodies
        if len(bodies) == 1:
            return Resolution(name, bodies[0], kind, 1.0)
        return Resolution(name, None, "ambiguous", 1.0, bodies[0], 1.0,
                          tuple((b.id, 1.0) for b in bodies))

    def resolve(self, name: str) -> Resolution:
        if name not in self._cache:
            self._cache[name] = self._resolve(name)
        return self._cache[name]

    def lookup(self, name: str) -> Resolution | None:
        """Resolution by name alone (user alias, exact, alias, normalised), no fuzzy matching:
        fast enough to test every capitalised phrase of a long text."""
        result = self._resolve(name, fuzzy=False)
        return result if result is not None and result.resolved else None

    def _resolve(self, name: str, fuzzy: bool = True, matches=None) -> Resolution | None:
        """Every step in order; ``matches``: the fuzzy candidates, if already scored."""
        warning = mixed_script(name)
        if warning:
            # a look-alike letter from another script: never taken for the name it imitates
            return Resolution(name, None, "unmatched", 0.0, warning=warning) if fuzzy else None
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
            bracketed = self._bracketed(name, fuzzy)
            if bracketed is not None:
                return bracketed
        initials = self._by_initials(name)
        if initials is not None and (fuzzy or initials.resolved):
            return initials
        return self._fuzzy(name, matches) if fuzzy else None

    def _bracketed(self, name: str, fuzzy: bool = True) -> Resolution | None:
        """A name with a part in brackets: by the part outside when the inside is the same
        body, a part of it ("Adult Social Care") or its abbreviation; by the part inside when
        the outside is the inside's abbreviation. Anything else ("Age UK (Essex)", "Kent County
        Council (Medway Council)") is left to the fuzzy step, which sees the whole name."""
        outside = re.sub(r"\s*\([^)]*\)?", " ", name).strip()
        # brackets within brackets, or never closed, are read as words: no recursion
        inside = re.sub(r"[()]", " ", " ".join(re.findall(r"\(([^)]*)\)?", name))).strip()
        inside = " ".join(inside.split())
        found = self._resolve(outside, fuzzy=False) if outside else None
        if found is None and outside and inside and fuzzy and _abbreviates(inside, outside):
            # "Liverpool Heart and Chest NHS FT (LHCH)": the name, then its own initials
            found = self.resolve(outside)
            if found.resolved:
                return Resolution(name, found.body, found.kind, found.score, found.runner_up,
                                  found.runner_up_score, found.candidates)
            return None
        if found is not None and found.resolved:
            within = self._resolve(inside, fuzzy=False) if inside else None
            if within is not None and within.body is not None:
                same = within.body.id == found.body.id
                return Resolution(name, found.body, "bracketed", 1.0) if same else None
            if _abbreviates(inside, outside) or self._part_of(inside, outside):
                return Resolution(name, found.body, "bracketed", 1.0)
            # anything else in brackets may name another body or another place: "Sheffield
            # (Citizens Advice)", "Birmingham City Council (Alabama)", "Kent (Medway) Council"
            return None
        if inside and (not outside or _abbreviates(outside, inside)):
            found = self._resolve(inside, fuzzy=False)
            if found is not None and found.resolved:
                return Resolution(name, found.body, "bracketed", 1.0)
        return None

    @staticmethod
    def _part_of(inside: str, outside: str) -> bool:
        """Whether a part in brackets names a part of the body outside them: kind words, the
        outside's own words and words for departments only ("Adult Social Care", "Lead
        Partner"), never another place or body ("Medway Council Children's Services")."""
        if not identity.body_kind(outside):
            return False
        own = set(identity.distinctive(outside))
        return all(w in own or w in _PART_WORDS for w in identity.distinctive(inside))

    def decide(self, name: str, identifier: str = "") -> Resolution:
        """What a record's name and identifier make of it. An identifier decides: one the
        register knows is that body whatever the name says, one it does not know is an
        organisation of its own (``body`` None, ``kind`` "identifier") that no name can join.
        Where the name says otherwise, ``warning`` says so and which was kept. The one
        exception is 360Giving's ``360G-`` prefix, which a funder gives a body it found no
        registered number for: there the register's exact or known name decides.

        >>> resolver = default_resolver()
        >>> found = resolver.decide("Kent County Council", "GB-LAE-ESS")
        >>> found.body.name, found.kind
        ('Essex County Council', 'identifier')
        >>> print(found.warning)
        'Kent County Council' has the identifier GB-LAE-ESS, which is Essex County Council's; the name is Kent County Council's (GB-LAE-KEN): kept the identifier (Essex County Council)
        """
        code = clean_identifier(identifier)
        if not code:
            return self.resolve(name)
        body = self.register.find(code)
        by_name = self.resolve(name)
        if body is not None:
            warning = ""
            if by_name.body is not None and by_name.body.id != body.id:
                warning = (f"{name!r} has the identifier {code}, which is {body.name}'s; the "
                           f"name is {by_name.body.name}'s ({by_name.body.id}): kept the "
                           f"identifier ({body.name})")
            elif by_name.body is None and not (set(identity.distinctive(name)) & set(
                    identity.distinctive(body.name))):
                warning = (f"{name!r} has the identifier {code}, which is {body.name}'s, a "
                           f"name that has no word in common with it: kept the identifier")
            return Resolution(name, body, "identifier", 1.0, warning=warning or by_name.warning)
        warning = by_name.warning
        if code.upper().startswith("360G-") and by_name.body is not None and by_name.kind in (
                "exact", "alias", "normalised", "user-alias"):
            # 360Giving's own prefix marks a body a funder found no registered number for: a
            # label of the funder's, not the body's identity, so the register's name decides
            return Resolution(name, by_name.body, by_name.kind, by_name.score, warning=(
                f"{name!r} has {code}, a funder's own identifier (360G-), not a registered "
                f"number: taken as the register's {by_name.body.name} ({by_name.body.id}) by "
                "its name"))
        if by_name.body is not None:
            warning = (f"{name!r} is named like the register's {by_name.body.name} "
                       f"({by_name.body.id}), but its identifier {code} is not that body's: "
                       f"kept apart, as an organisation of its own")
        return Resolution(name, None, "identifier", 1.0, runner_up=by_name.body,
                          runner_up_score=by_name.score if by_name.body else 0.0,
                          warning=warning)

    def _sharing_words(self, name: str) -> list[tuple[str, float]]:
        """Register keys holding every known distinctive word of ``name``, scored (0-100) on
        how alike the distinctive words are."""
        from rapidfuzz import fuzz

        own = identity.distinctive(self._words.corrected(name))
        known = sorted((w for w in own if w in self._by_word), key=lambda w: len(self._by_word[w]))
        if not known:
            return []
        # the keys with every known word and as many distinctive words as the name
        sets = [self._by_word_and_length.get((word, len(own)), set()) for word in known]
        keys = set.intersection(*sorted(sets, key=len))  # the smallest set first
        text = " ".join(sorted(own))
        return [(key, fuzz.ratio(text, self._distinct_text[key])) for key in sorted(keys)]

    def near(self, name: str) -> tuple[tuple[str, float], ...]:
        """The register bodies closest to ``name`` by fuzzy score, best first (id, score), as
        the fuzzy step sees them, whatever step decided the name."""
        found = self.resolve(name)
        return found.candidates or self._fuzzy(name).candidates

    def resolve_all(self, names) -> None:
        """Resolve many names at once (later ``resolve`` calls read the results).

        The names no exact or alias rule settles are scored against the register in one
        matrix, computed in C on every core, instead of one search per name.
        """
        self.resolving(names).finish()

    def resolving(self, names) -> "ResolutionSteps":
        """``resolve_all`` as steps of a fraction of a second each, taken by iterating: a
        load takes them while its store is busy with what was built before (see
        ``core.idle``). Decisions ``expect``-ed are taken as soon as they are there."""
        ahead, self._ahead = self._ahead, None
        return ResolutionSteps(self, list(dict.fromkeys(names)), ahead)

    def fingerprint(self) -> str:
        """What this resolver's decisions depend on: its register's bodies and aliases, and
        the user's aliases (two resolvers of one fingerprint decide every name alike)."""
        import hashlib

        text = repr((sorted(self.register.bodies.items()), self.register.aliases,
                     sorted(self._user.items())))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def adopt(self, decisions: dict[str, Resolution]) -> int:
        """Take ``decisions`` made by a resolver of the same ``fingerprint`` for the names
        this one has not decided; how many it took."""
        fresh = {name: found for name, found in decisions.items() if name not in self._cache}
        self._cache.update(fresh)
        return len(fresh)

    def expect(self, ahead) -> None:
        """Take the decisions ``ahead`` (a ``prefetch.NamesAhead``) makes elsewhere into the
        next ``resolving``, as soon as they are there: the names it decides are not resolved
        again."""
        self._ahead = ahead

    def _fuzzy(self, name: str, matches=None) -> Resolution:
        from rapidfuzz import fuzz, process

        core = match_key(name)
        if matches is None:
            matches = [(key, score) for key, score, _ in process.extract(
                core, self._choices, scorer=fuzz.token_sort_ratio, limit=_FUZZY_LIMIT,
                score_cutoff=_FUZZY_CUTOFF)]
        # a candidate below both thresholds can be neither joined nor suggested
        least = 100 * min(FUZZY_THRESHOLD, SUGGESTION_THRESHOLD)
        agreeing: dict[str, float] = {}
        differing: dict[str, float] = {}  # kept to show as the nearest other bodies
        for key, score in list(matches) + self._sharing_words(name):
            for ident in sorted(self._core[key]):
                body = self._body(ident)
                if body is None:
                    continue
                same = score >= least and identity.same_body(name, key, body, self._words)
                if not same:  # shown by how alike the whole names are, not their places alone
                    score = fuzz.token_sort_ratio(core, key)
                table = agreeing if same else differing
                table[ident] = max(table.get(ident, 0.0), score / 100)
        ranked = sorted(agreeing.items(), key=lambda kv: (-kv[1], kv[0]))
        candidates = tuple(sorted({**differing, **agreeing}.items(),
                                  key=lambda kv: (-kv[1], kv[0]))[:5])
        if ranked and ranked[0][1] >= FUZZY_THRESHOLD:
            first = self._body(ranked[0][0])
            second = self._body(ranked[1][0]) if len(ranked) > 1 else None
            second_score = ranked[1][1] if len(ranked) > 1 else 0.0
            if second is not None and ranked[0][1] - second_score < FUZZY_MARGIN:
                return Resolution(name, None, "ambiguous", ranked[0][1], first, ranked[0][1],
                                  candidates)
            return Resolution(name, first, "fuzzy", ranked[0][1], second, second_score,
                              candidates)
        if candidates and candidates[0][1] >= SUGGESTION_THRESHOLD:
            best = self._body(candidates[0][0])
            return Resolution(name, None, "suggestion", candidates[0][1], best,
                              candidates[0][1], candidates)
        best = self._body(candidates[0][0]) if candidates else None
        score = candidates[0][1] if candidates else 0.0
        return Resolution(name, None, "unmatched", score, best, score, candidates)


@lru_cache(maxsize=1)
def default_resolver() -> Resolver:
    """A resolver over the bundled register (made once)."""
    return Resolver(Register.default())


class ResolutionSteps:
    """The steps of ``Resolver.resolve_all``: the names the register's own words settle, a
    batch at a time, then the others scored fuzzily, 4,096 rows of scores at a time (bounded
    memory). ``len`` is the number of steps left at most (how many fuzzy batches there are is
    known once every name has had its exact look)."""

    EXACT_BATCH = 2_000
    FUZZY_BATCH = 4_096

    def __init__(self, resolver: Resolver, distinct: list[str], ahead=None) -> None:
        self._resolver = resolver
        self._ahead = ahead  # decisions made elsewhere, taken once there (see ``expect``)
        self._names = distinct
        self._checked = 0  # names that have had their exact look
        self._pending: list[str] = []  # names left to the fuzzy matching
        self._fuzzed = 0
        self._steps = self._take()

    def __iter__(self):
        return self._steps

    def __len__(self) -> int:
        unchecked = len(self._names) - self._checked
        fuzzy = len(self._pending) - self._fuzzed + unchecked
        return -(-unchecked // self.EXACT_BATCH) + -(-fuzzy // self.FUZZY_BATCH)

    def finish(self) -> None:
        """Take the steps left, with a bar where there are many (once the decisions expected
        from elsewhere are in: they were started first)."""
        if self._ahead is not None:
            with status("Resolving the names"):
                self._take_ahead(wait=True)
        for _ in track(self, "Resolving the names", total=len(self), min_items=4):
            pass

    def _take_ahead(self, wait: bool = False) -> None:
        if self._ahead is not None and (wait or self._ahead.ready()):
            self._ahead.give(self._resolver)
            self._ahead = None

    def _take(self):
        import numpy as np
        from rapidfuzz import fuzz, process

        resolver, cache = self._resolver, self._resolver._cache
        while self._ahead is not None and not self._ahead.ready():
            # the names are being resolved elsewhere: let the store's loaders have the cores
            # rather than resolve them twice (a step taken while they are busy is a pause)
            self._ahead.wait(0.05)
            yield
        self._take_ahead()
        while self._checked < len(self._names):
            batch = self._names[self._checked:self._checked + self.EXACT_BATCH]
            for name in batch:
                if name not in cache:
                    found = resolver._resolve(name, fuzzy=False)
                    if found is not None or mixed_script(name):
                        cache[name] = found or resolver._resolve(name)
                    else:
                        self._pending.append(name)
            self._checked += len(batch)
            yield
        pending = self._pending
        while self._fuzzed < len(pending):
            chunk = pending[self._fuzzed:self._fuzzed + self.FUZZY_BATCH]
            self._fuzzed += len(chunk)
            chunk = [name for name in chunk if name not in cache]  # decided elsewhere
            if not chunk:
                continue
            cores = [match_key(name) for name in chunk]
            scores = process.cdist(cores, resolver._choices, scorer=fuzz.token_sort_ratio,
                                   workers=-1, score_cutoff=_FUZZY_CUTOFF, dtype=np.float64)
            for name, row in zip(chunk, scores):
                hits = np.flatnonzero(row >= _FUZZY_CUTOFF)
                best = sorted(hits.tolist(), key=lambda i: (-row[i], i))[:_FUZZY_LIMIT]
                cache[name] = resolver._resolve(
                    name, matches=[(resolver._choices[i], float(row[i])) for i in best])
            yield
