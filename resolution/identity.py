"""What tells two bodies apart: the checks a name must pass before it joins a register body
by any rule but its own exact name.

* ``kind_words_conflict``: "City", "County", "District", "Borough", "Town" and "Parish" written
  in a council's name must fit the body ("Durham City Council" is not Durham County Council).
* ``body_kind``: the kind of body a name says it is (a council, a police force, a police and
  crime commissioner, a fire authority, an NHS trust, a CCG ...); two names of different kinds
  never join.
* ``distinctive``: the words of a name that say *which* body it is (places, numbers, compass
  words, anything not a kind word); a fuzzy match joins only when these agree, word for word.
* ``mixed_script``: a word that mixes letters of two scripts ("Kеnt" with a Cyrillic "е"),
  which prints like another name but is not it.

Places come from the register and from ``data/register/places.txt`` (UK places from GeoNames
and every UK local authority area): a word that is a known place is never read as a misspelling
of another place ("Wessex" is not "Essex", "Hertfordshire" not "Herefordshire").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

from ..core.names import normalise_name

__all__ = ["body_kind", "council_words", "kind_words_conflict", "distinctive", "mixed_script", "same_body",
           "Vocabulary", "known_places"]

# Ordered: the first rule that matches names the kind.
_KINDS: tuple[tuple[str, str], ...] = (
    ("pfcc", r"\b((police )?fire and crime commissioners?|commissioners? for police fire "
             r"and crime|pfcc)\b"),
    ("pcc", r"\b(commissioners?|pcc|opcc|mopac|mayor s office for policing)\b"),
    ("police-authority", r"\b(police|constabulary)\b.*\bauthority\b"),
    ("police", r"\b(police|constabulary|policing)\b"),
    ("fire", r"\b(fire|frs|fra)\b"),
    ("ccg", r"\b(ccgs?|clinical commissioning)\b"),
    ("icb", r"\b(icbs?|integrated care boards?)\b"),
    ("ambulance", r"\bambulance\b"),
    ("nhs-trust", r"\b(nhs|hospitals?|healthcare|foundation trust|health trust|"
                  r"partnership trust|care trust|mental health)\b|\bft$"),
    ("combined-authority", r"\b(combined authority|mca|ca)$|\bcombined (county )?authority\b"),
    ("university", r"\b(university|college|school|academy)\b"),
    ("housing", r"\b(housing|homes)\b"),
    ("company", r"\b(ltd|limited|plc|llp|cic)\b"),
    ("voluntary", r"\b(charity|trust|foundation|cvs|voluntary|volunteer|vcs|vcse|"
                  r"citizens advice|age uk|mind|association|society|community action)\b"),
    ("partnership", r"\b(partnership|leaders|board|forum|network|alliance|pilot)\b"),
    ("council", r"(\b(councils?|county|borough|district|unitary authority|corporation|ua|mbc|"
                r"dc|bc|cc|lbc?|mdc)$|^(london borough|royal borough|borough|city and county|"
                r"county borough|city|county|corporation) of\b|\bcouncil\b)"),
)
_KIND_PATTERNS = tuple((kind, re.compile(pattern)) for kind, pattern in _KINDS)


@lru_cache(maxsize=1 << 16)  # register names are asked about again and again
def body_kind(name: str) -> str:
    """The kind of body a name says it is, or "" when it says none.

    >>> body_kind("Essex Police"), body_kind("Police and Crime Commissioner for Essex")
    ('police', 'pcc')
    >>> body_kind("Essex CC"), body_kind("Essex"), body_kind("Barnsley CCG")
    ('council', '', 'ccg')
    """
    text = normalise_name(name)
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(text):
            return kind
    return ""


#: Words that say what kind of body a name is, not which one: two spellings of one body may
#: differ in them ("Constabulary" for "Police", "Service" for "Authority").
GENERIC_WORDS = frozenset("""
the of for and in on at to by upon
council councils borough district county city unitary authority corporation
mbc bc dc cc lbc lb ua mdc royal rbc rb
police constabulary force service services policing
commissioner commissioners crime pcc opcc pfcc
fire rescue frs fra
nhs trust foundation ft
clinical commissioning group ccg integrated care board icb
combined mca ca
ltd limited plc llp cic
""".split())

#: Kind words that tell two bodies of one kind apart.
_TELLING_KIND_WORDS = {"police-authority": frozenset({"service", "services"})}

_STOP_WORDS = frozenset("the of for and in on at to by upon".split())
_LONG_GENERIC = tuple(sorted(w for w in GENERIC_WORDS if len(w) >= 5))

_COMPASS = frozenset({"north", "south", "east", "west", "mid", "central", "northern",
                      "southern", "eastern", "western", "upper", "lower", "greater", "inner",
                      "outer", "new", "great", "little", "old"})


def corrected(name: str, vocabulary: "Vocabulary") -> str:
    """A folded name whose unknown words one letter off a kind word are that word
    ("Commisioner", "Concil", "Count Council").

    >>> corrected("Sussex Police & Crime Commisioner", Vocabulary(()))
    'sussex police and crime commissioner'
    """
    from .resolve import expand

    words = expand(name).split()
    return " ".join(
        next((g for g in _LONG_GENERIC if _one_letter_off(w, g)), w)
        if len(w) >= 4 and not vocabulary.known(w) else w for w in words)


@lru_cache(maxsize=1 << 16)
@lru_cache(maxsize=1 << 18)  # each register key is asked for by every name sharing a word
def distinctive(name: str) -> tuple[str, ...]:
    """The words of a name that say which body it is, in order.

    >>> distinctive("Police and Crime Commissioner for North Wales")
    ('north', 'wales')
    >>> distinctive("Pennine Housing 2000 Ltd")
    ('pennine', 'housing', '2000')
    """
    from .resolve import expand

    return tuple(w for w in expand(name).split() if w not in GENERIC_WORDS)


# Council kind words, and what a body must show to be called by each.
_CITY, _COUNTY, _DISTRICT, _BOROUGH = "city", "county", "district", "borough"
_DISTRICT_TYPES = ("Non-metropolitan district", "Metropolitan district")
_BOROUGH_TYPES = ("London borough", "Metropolitan district")
#: Council abbreviations and the council words they stand for ("cc" is city or county: below).
_COUNCIL_ABBREVIATIONS = {"dc": {"district", "council"}, "bc": {"borough", "council"},
                          "mbc": {"metropolitan", "borough", "council"},
                          "mdc": {"metropolitan", "district", "council"},
                          "lb": {"borough"}, "lbc": {"borough", "council"},
                          "rbc": {"borough", "council"}, "rb": {"borough"}}
_COUNCIL_TYPES = ("County", "Unitary authority", "London borough", "City corporation") + \
    _DISTRICT_TYPES
_SUB_PRINCIPAL = frozenset({"town", "parish", "village", "community", "neighbourhood"})


def _words_of(body) -> set[str]:
    words = set(normalise_name(body.name).split())
    for alias in body.aliases:
        words.update(normalise_name(alias).split())
    return words


def council_words(name: str) -> frozenset[str]:
    """The council words a name carries ("city", "county", "district", "borough").

    >>> sorted(council_words("Buckinghamshire County Council")), council_words("Bucks Council")
    (['county'], frozenset())
    """
    return frozenset(normalise_name(name).split()) & {_CITY, _COUNTY, _DISTRICT, _BOROUGH}


def kind_words_conflict(name: str, body) -> bool:
    """Whether the council words of ``name`` say it is not ``body``.

    >>> from partnerkg.resolution.register import Body
    >>> durham = Body("GB-LAE-DUR", "Durham County Council", "council", "Unitary authority")
    >>> kind_words_conflict("Durham City Council", durham), kind_words_conflict("Durham CC", durham)
    (True, False)
    """
    words = normalise_name(name).split()
    if not words or body.sector != "council":
        return False
    has = _words_of(body)
    said = set(words)
    for short, meant in _COUNCIL_ABBREVIATIONS.items():  # "Durham DC" says "district"
        if short in said:
            said |= meant
    if _COUNTY in has and _COUNTY not in normalise_name(body.name).split():
        # "county" only in an alias ("city and county of the city of London") is not enough
        has = has - {_COUNTY}
    if "councils" in said:
        return True  # "London Councils": a group of councils is not one of them
    if "council" in said and said & _SUB_PRINCIPAL and not (has & said & _SUB_PRINCIPAL):
        return True  # a town or parish council is never the principal council of its area
    if "cc" in said and not has & {_CITY, _COUNTY} and body.type not in ("County",):
        return True
    if _CITY in said and _CITY not in has:
        return True  # a city council of the same name may be a parish (Chichester, Lichfield)
    if _COUNTY in said and _COUNTY not in has and body.type != "County":
        return True
    if _DISTRICT in said and _DISTRICT not in has and body.type not in _DISTRICT_TYPES:
        return True
    if _BOROUGH in said and _BOROUGH not in has and body.type not in _BOROUGH_TYPES + (
            "Non-metropolitan district", "Unitary authority"):
        return True  # a district or unitary may hold borough status; a county never does
    if "council" in said and "council" not in has and body.type not in _COUNCIL_TYPES:
        return True  # "Greater London Council" is not the Greater London Authority
    return "metropolitan" in said and body.type != "Metropolitan district"


class Vocabulary:
    """The words the register's names use, and the UK's places: words taken as written."""

    def __init__(self, names) -> None:
        words = set(GENERIC_WORDS)
        for name in names:
            words.update(name.split())
        self.words = frozenset(words) | known_places()
        self._corrected: dict[str, str] = {}

    def known(self, word: str) -> bool:
        return word in self.words or word in _COMPASS

    def corrected(self, name: str) -> str:
        """``corrected(name, self)``, remembered."""
        found = self._corrected.get(name)
        if found is None:
            found = self._corrected[name] = corrected(name, self)
        return found


@lru_cache(maxsize=1)
def known_places() -> frozenset[str]:
    """Every word of every UK place name in ``data/register/places.txt``."""
    text = resources.files("partnerkg.data").joinpath("register", "places.txt").read_text(
        encoding="utf-8")
    return frozenset(word for line in text.splitlines() for word in line.split())


def _one_letter_off(typed: str, word: str) -> bool:
    """Whether ``typed`` is ``word`` with one letter left out, added, changed or two swapped
    (two such slips in a word of ten letters or more: "Gloucestshire")."""
    allowed = 2 if len(word) >= 10 else 1
    if typed[0] != word[0] or abs(len(typed) - len(word)) > allowed:
        return False
    from rapidfuzz.distance import OSA

    return OSA.distance(typed, word) <= allowed


def _words_agree(typed: str, word: str, vocabulary: Vocabulary) -> bool:
    if typed == word:
        return True
    if len(typed) >= 5 and len(word) >= 5 and typed.rstrip("s") == word.rstrip("s"):
        return True  # one and many: "Valley" and "Valleys", "Hospital" and "Hospitals"
    # a misspelling: a word the register and the gazetteer do not know, one letter off a long
    # register word; numbers and known words (places, compass words) are taken as written
    return (len(word) >= 6 and not typed.isdigit() and not word.isdigit()
            and not vocabulary.known(typed) and _one_letter_off(typed, word))


def same_body(name: str, key: str, body, vocabulary: Vocabulary) -> bool:
    """Whether ``name`` may be joined to ``body`` (whose register name or alias folded to
    ``key``) by a fuzzy match: the same kind of body, kind words that fit, and the same
    distinctive words in any order, each spelt alike or one letter off."""
    name = vocabulary.corrected(name)
    kind, key_kind = body_kind(name), body_kind(key)
    # a bare place ("North Norfok") may be a misspelt bare alias ("North Norfolk"), which the
    # register gives to one body; a name that says its kind must say the body's, and a name
    # with kind words whose kind is unknown ("... Combined County Authority") joins nothing
    if kind != key_kind and not (kind and not key_kind and kind == body_kind(body.name)):
        return False
    if not kind and any(w in GENERIC_WORDS and w not in _STOP_WORDS for w in name.split()):
        return False
    if kind == "council" and kind_words_conflict(name, body):
        return False
    from .resolve import match_key

    telling = _TELLING_KIND_WORDS.get(kind)
    if telling and set(name.split()) & telling != set(key.split()) & telling:
        return False  # "Scottish Police Services Authority" is not the Scottish Police Authority
    typed, known = sorted(distinctive(match_key(name))), sorted(distinctive(key))
    if not typed or len(typed) != len(known):
        return False
    unmatched = list(known)
    exact = sum(1 for w in typed if w in known)
    for word in typed:
        partner = next((w for w in unmatched if w == word), None) or next(
            (w for w in unmatched if _words_agree(word, w, vocabulary)), None)
        if partner is None:
            return False
        if partner != word and len(word) < 8 and not exact:
            return False  # one short word, misspelt, is as likely another place: Morton, Merton
        unmatched.remove(partner)
    return True


_LATIN, _COMMON = "LATIN", ""


#: Cyrillic and Greek letters that print like Latin ones.
_LOOK_ALIKES = frozenset("АВЕКМНОРСТХаеорсухѕіјԁӏЅІЈΑΒΕΖΗΙΚΜΝΟΡΤΥΧοι")


def _is_letter(char: str) -> bool:
    """A letter of a script (modifier letters, such as the apostrophe U+02BC, are marks)."""
    return unicodedata.category(char) in ("Lu", "Ll", "Lt", "Lo")


def _script(char: str) -> str:
    """The script of a letter, from its Unicode name ("LATIN", "CYRILLIC", "GREEK" ...)."""
    try:
        return unicodedata.name(char).split()[0]
    except ValueError:
        return _COMMON


def mixed_script(name: str) -> str:
    r"""A warning when a word of ``name`` mixes letters of two scripts, naming the letters that
    are not of the word's main script; "" when none does.

    >>> print(mixed_script("K\u0435nt County Council"))
    'Kеnt' mixes Latin and Cyrillic letters: 'е' (U+0435 CYRILLIC SMALL LETTER IE)
    >>> mixed_script("Ynys Môn"), mixed_script("Δ Group")
    ('', '')
    """
    if name.isascii():  # ASCII letters are all Latin
        return ""
    text = unicodedata.normalize("NFKC", name)
    words = re.findall(r"\w+", text)
    latin = any(_script(c) == _LATIN for w in words for c in w if _is_letter(c))
    for word in words:
        scripts = [(c, _script(c)) for c in word if _is_letter(c)]
        if latin and scripts and all(s != _LATIN and c in _LOOK_ALIKES for c, s in scripts):
            # a whole word of letters that print as Latin ones, among Latin words: "Еѕѕех"
            named = ", ".join(f"{c!r} (U+{ord(c):04X} {unicodedata.name(c)})"
                              for c in dict.fromkeys(c for c, _ in scripts))
            return (f"{word!r} is written in {scripts[0][1].title()} letters that look like "
                    f"Latin ones, among Latin words: {named}")
        kinds = {s for _, s in scripts if s}
        if len(kinds) < 2:
            continue
        counts = {s: sum(1 for _, k in scripts if k == s) for s in kinds}
        main = _LATIN if _LATIN in kinds else max(sorted(kinds), key=counts.get)
        odd = [c for c, s in scripts if s != main]
        named = ", ".join(f"{c!r} (U+{ord(c):04X} {unicodedata.name(c)})"
                          for c in dict.fromkeys(odd))
        others = " and ".join(s.title() for s in sorted(kinds - {main}))
        return f"{word!r} mixes {main.title()} and {others} letters: {named}"
    return ""
