"""Property: long-layout CSV files, loaded into a graph, come out as what they say.

Hypothesis generates small datasets (up to 8 bids, 12 bodies, 1 to 3 files in different
folders, often with the same base name), writes them with Python's ``csv`` module and loads
them into an in-memory ``KnowledgeGraph``. The graph must then hold exactly the bids (one per
file, programme and key), organisations (one per body, whatever case and spacing it was written
in; distinct bodies apart; its prefLabel one of the spellings written), memberships (one per
body and bid; lead if any row says lead) and amounts (exact decimals, whichever accepted form
they were written in) that were generated. This is read with SPARQL written here for every
example; with the N-Triples export (``partnerkg.exports.serialise``, as ``partnerkg export``
writes it) read back through rdflib's graph API, without SPARQL, for about half; and for a
small sample through the CLI (``load``, ``export --format nt`` and ``query funding-by-lead`` on a
store directory). Loading the files again (all, or one of several) changes nothing, and the
named query ``funding-by-lead`` gives each lead the sum of its bids' amounts.

What the graph should hold is worked out from how the data was generated, never with
partnerkg's own normalisation: a body is its words folded by case (``str.casefold``), written
in case and spacing variants of one spelling. Names are built so they cannot resolve to the
bundled register: two or three words from a pool of generated words (Latin, Greek, Cyrillic,
Arabic, CJK, emoji, with + # % @ £) and a distinctive last word ("Group", "Collective" ...).

Examples: ``PARTNERKG_PROPERTY_EXAMPLES`` (default 300), deterministic (``derandomize``).
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from partnerkg import KnowledgeGraph
from partnerkg.cli import cli
from partnerkg.core.errors import LoaderError
from partnerkg.exports import serialise
from partnerkg.queries import get_query
from rdflib import RDF, Graph, Namespace

EXAMPLES = int(os.environ.get("PARTNERKG_PROPERTY_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much,
                                           HealthCheck.function_scoped_fixture])

HEADER = ["bid", "programme", "organisation", "role", "amount"]
ORG = Namespace("http://www.w3.org/ns/org#")
PKG = Namespace("https://w3id.org/partnerkg/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCT = Namespace("http://purl.org/dc/terms/")
PROV = Namespace("http://www.w3.org/ns/prov#")
PREFIXES = ("PREFIX org: <http://www.w3.org/ns/org#> PREFIX pkg: <https://w3id.org/partnerkg/> "
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
            "PREFIX dct: <http://purl.org/dc/terms/> PREFIX prov: <http://www.w3.org/ns/prov#> ")


# --- names ------------------------------------------------------------------------------------

def _stable(char: str) -> bool:
    """A letter or digit whose case forms are letters or digits that fold (casefold) to one
    key, with no compatibility decomposition and no combining marks: so upper- and lower-case
    spellings of a word are the same word, and two words that differ are different."""
    forms = {char, char.upper(), char.lower(), char.casefold()}
    return (all(unicodedata.normalize("NFKD", f) == f for f in forms)
            and all(c.isalnum() and not unicodedata.combining(c) for f in forms for c in f)
            and len({f.casefold() for f in forms}) == 1)


def _letters(*ranges: tuple[int, int], extra: str = "") -> str:
    chars = [chr(c) for first, last in ranges for c in range(first, last + 1)] + list(extra)
    return "".join(c for c in chars if _stable(c))


SCRIPTS = {
    "latin": _letters((0x61, 0x7A), (0x41, 0x5A), extra="ßæøðþłÆØÐÞŁ"),
    "greek": _letters((0x391, 0x3A9), (0x3B1, 0x3C9)),
    "cyrillic": _letters((0x410, 0x44F)),
    "arabic": _letters((0x621, 0x64A)),
    "cjk": _letters((0x4E00, 0x4FFF)),
}
EMOJI = "🚀🌍🎉🐍💡⚽★♥☂🌳"
#: Symbols that tell names apart ("C+ Group" is not "C Group").
SYMBOLS = "+#%@£"
assert all(unicodedata.category(c) == "So" and unicodedata.normalize("NFKD", c) == c
           for c in EMOJI)
assert "ς" in SCRIPTS["greek"] and "й" not in SCRIPTS["cyrillic"]  # й decomposes: left out

#: Words a generated Latin word never holds, so a name cannot look like a council, a police
#: force or an abbreviation that resolution expands, nor be cut short by boilerplate rules.
STOP_WORDS = frozenset((
    "council", "county", "police", "fire", "nhs", "borough", "city", "district", "trust", "and",
    "the", "of", "lb", "cc", "bc", "dc", "ua", "mbc", "lbc", "mdc", "north", "south", "east",
    "west", "mid", "central", "greater", "upper", "lower", "new", "great", "little", "inner",
    "outer", "rescue", "health", "school", "college", "university", "hospital", "ambulance",
    "commissioner", "pcc", "ccg", "constabulary", "voluntary", "jobcentre", "job", "centre",
    "department", "corporation", "authority", "unitary", "royal", "london", "metropolitan",
    "northants", "glos", "lincs", "notts", "oxon", "hants", "herts", "beds", "bucks", "cambs",
    "staffs", "worcs", "wilts", "leics", "yorks", "ltd", "limited", "plc", "llp", "homes",
    "housing", "foundation", "charity", "cvs", "mind",
))
#: Distinctive last words: none is in the register's names.
SUFFIXES = ("Group", "Collective", "Trust", "Network", "Guild", "Forum", "Группа", "Ομαδα",
            "集团", "مجموعة")


def _no_stop_word(word: str) -> bool:
    return not any(run in STOP_WORDS for run in re.findall(r"[a-z]+", word.casefold()))


#: Words chosen by hand for what they test: symbols that tell names apart, letters whose
#: upper case is longer ("ß", "SS") or whose lower case depends on its place (final "ς").
EDGE_WORDS = ("C#", "C++", "C", "A+", "£5", "100%", "@home", "🚀", "Δ", "Σ", "ΣΟΦΟΣ", "σοφος",
              "Straße", "ÆØ", "文", "مرحبا", "Жук", "Ω+", "#1", "x@y")
#: How many words of each script the pool holds, and their lengths.
_SCRIPT_WORDS = {"latin": (4, 8), "greek": (2, 8), "cyrillic": (2, 8), "arabic": (2, 8),
                 "cjk": (1, 3), "emoji": (1, 2)}


def _word_pool(per_script: int = 400, seed: int = 20240601) -> tuple[str, ...]:
    """Generated words, in every script, some capitalised, some with a symbol: names are made
    of these. Made once with a fixed seed (drawing each word's letters through Hypothesis
    would take a third of each example's time); the hand-picked ones and the short ones come
    first, which is where Hypothesis shrinks to."""
    rng = random.Random(seed)
    made = set()
    for script, (shortest, longest) in _SCRIPT_WORDS.items():
        for _ in range(per_script):
            if script == "emoji":
                word = "".join(rng.choice(EMOJI) for _ in range(rng.randint(1, 2)))
                word += "".join(rng.choice(SCRIPTS["latin"]) for _ in range(rng.randint(0, 3)))
            else:
                word = "".join(rng.choice(SCRIPTS[script])
                               for _ in range(rng.randint(shortest, longest)))
            if script in ("latin", "greek", "cyrillic") and rng.random() < 0.5:
                word = word[:1].upper() + word[1:]
            if rng.random() < 0.3:
                where = rng.randint(0, len(word))
                word = word[:where] + rng.choice((*SYMBOLS, "++")) + word[where:]
            made.add(word)
    words = list(EDGE_WORDS) + sorted(made - set(EDGE_WORDS), key=lambda w: (len(w), w))
    return tuple(w for w in words if _no_stop_word(w))


WORD_POOL = _word_pool()
NAME_WORDS = st.sampled_from(WORD_POOL)
GAPS = st.sampled_from((" ", "  ", "\u00a0", " \t "))
EDGES = st.tuples(st.sampled_from(("", " ", "  ")), st.sampled_from(("", " ")))


@dataclass(frozen=True)
class Body:
    """One body: who it is (its words, case folded) and the spellings it may be written in."""

    identity: tuple[str, ...]
    spellings: tuple[str, ...]


@st.composite
def bodies(draw, listable: bool = False) -> Body:
    """A body; ``listable``: its name ends in an organisation word, with no comma or full stop
    (a list of such names may be split on commas and "and")."""
    parts = draw(st.lists(NAME_WORDS, min_size=2, max_size=3))
    suffix = draw(st.sampled_from(("Group", "Trust", "Network", "Forum") if listable
                                  else SUFFIXES))
    style = draw(st.sampled_from(("plain", "quoted") if listable
                                 else ("plain", "quoted", "comma", "full stop")))
    if style == "comma" and len(parts) == 3:
        # one name holding a comma: "X, Y and Z Group" (a single word before the comma, so it
        # never reads as a list of bodies)
        identity = (parts[0], parts[1], "and", parts[2], suffix)
        shown = [parts[0] + ",", parts[1], "and", parts[2], suffix]
    else:
        identity = (*parts, suffix)
        shown = [*parts, suffix]
        if style == "quoted":
            shown[0] = f'"{shown[0]}"'
        elif style == "full stop":
            shown[-1] += "."
    spellings = []
    for _ in range(draw(st.integers(1, 3))):
        # case: as generated, lower or upper. An upper-case "X, Y AND Z GROUP" is left out:
        # the loader reads a cell with ", " between capitalised words as a list of bodies.
        case = draw(st.sampled_from(("same", "lower") if style == "comma" else
                                    ("same", "lower", "upper")))
        cased = [w.lower() if case == "lower" else w.upper() if case == "upper" else w
                 for w in shown]
        gaps = draw(st.lists(GAPS, min_size=len(cased) - 1, max_size=len(cased) - 1))
        edges = draw(EDGES)
        spelling = edges[0] + cased[0] + "".join(g + w for g, w in zip(gaps, cased[1:])) \
            + edges[1]
        if spelling not in spellings:
            spellings.append(spelling)
    return Body(tuple(w.casefold() for w in identity), tuple(spellings))


def clean(text: str) -> str:
    """A cell as the loader stores it: white space collapsed (README: names are stored so)."""
    return " ".join(text.split())


# --- bid keys, programmes, amounts, roles -----------------------------------------------------

KEY_CHARS = "abzABZ019 -_/#.%?&+'\",ΔΣδσςЖжبت中文🚀"
keys = st.text(KEY_CHARS, min_size=1, max_size=6).map(clean).filter(bool)
PROGRAMMES = ("Fund A", "Ω Fund", "Фонд Б", "基金", "Fund A+")
LEAD_CELLS = ("lead", "Lead", "LEAD", "lead partner", "coordinator", "applicant")
PARTNER_CELLS = ("partner", "Partner", "PARTNER", "member", "participant")

amounts = st.one_of(
    st.integers(0, 10 ** 9).map(Decimal),                                 # whole pounds
    st.integers(0, 10 ** 11).map(lambda pence: Decimal(pence).scaleb(-2)),  # to the penny
    st.builds(lambda digits, power: Decimal(digits).scaleb(power),        # round sums
              st.integers(0, 9999), st.integers(2, 5)),
)
#: Forms of an amount: (prefix, power of ten it is written in, suffix); power 0 with
#: "," means thousands separators, "2dp" two decimal places.
AMOUNT_FORMS = (("", 0, ""), ("", 0, ","), ("£", 0, ","), ("", 0, "2dp"), ("£", 0, ""),
                ("£", 6, "m"), ("£", 6, "M"), ("£", 6, " million"), ("£", 3, "k"),
                ("GBP ", 9, "bn"), ("", 3, " thousand"), (" £ ", 6, "m "))


def amount_cell(value: Decimal, form: tuple[str, int, str]) -> str:
    """``value`` written in ``form``, exactly: "1200000", "1,200,000", "£1.2m", "£400k" ..."""
    prefix, power, unit = form
    if power == 0:
        whole = value == value.to_integral_value()
        if unit == ",":
            return prefix + (f"{int(value):,}" if whole else f"{value:,.2f}")
        if unit == "2dp":
            return prefix + f"{value:.2f}"
        return prefix + (str(int(value)) if whole else f"{value:.2f}")
    return prefix + format(value.scaleb(-power).normalize(), "f") + unit


# --- datasets ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Bid:
    file: int
    programme: str
    key: str
    amount: Decimal | None
    members: tuple[tuple[int, str], ...]  # (body, "lead" or "partner"), one per body


@dataclass(frozen=True)
class CsvFile:
    path: str  # relative to the folder the files are written in
    encoding: str
    quoting: int
    terminator: str
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Dataset:
    bodies: tuple[Body, ...]
    bids: tuple[Bid, ...]
    files: tuple[CsvFile, ...]
    via_cli: bool
    #: Each example does one of two costlier checks besides the rest (so that 300 run in well
    #: under a minute): read the N-Triples export (through rdflib) if True, else load one of
    #: several files again on its own.
    exported: bool = True

    def __repr__(self) -> str:  # the falsifying example, readable: the files as written
        out = [f"Dataset(via_cli={self.via_cli}, exported={self.exported})"]
        for f in self.files:
            out.append(f"--- {f.path} ({f.encoding}, quoting={f.quoting})")
            out.extend(",".join(map(repr, row)) for row in f.rows)
        out.append("--- expected bids (file, programme, key, amount, members):")
        out.extend(f"  {b.file} {b.programme!r} {b.key!r} {b.amount} "
                   f"{[(self.bodies[i].identity, role) for i, role in b.members]}"
                   for b in self.bids)
        return "\n".join(out)

    def _repr_pretty_(self, printer, cycle) -> None:  # how Hypothesis prints an example
        printer.text(repr(self))


FOLDERS = ("d1", "d2", "δ3", "данные", "")
BASE_NAMES = ("bids.csv", "bids.csv", "more bids.csv")


@st.composite
def datasets(draw, key_in_two_programmes_of_a_file: bool = False,
             listable: bool = False) -> Dataset:
    n_people = draw(st.integers(1, 12))
    n_files = draw(st.integers(1, 3))
    programmes = draw(st.lists(st.sampled_from(PROGRAMMES), unique=True,
                               min_size=2 if key_in_two_programmes_of_a_file else 1,
                               max_size=3))
    pool = draw(st.lists(keys, min_size=1, max_size=4, unique=True))
    for key in list(pool):  # case and spacing variants of a key are other keys
        variant = draw(st.sampled_from((None, key.upper(), key.lower(), key.replace(" ", "-"))))
        if variant and variant not in pool:
            pool.append(variant)
    slot = st.tuples(st.integers(0, n_files - 1), st.sampled_from(programmes),
                     st.sampled_from(pool))
    # a bid is one (file, programme, key); within a file, by default, one programme per key.
    # Each file has a bid at least; up to 8 in all.
    heads = [(file, draw(st.sampled_from(programmes)), draw(st.sampled_from(pool)))
             for file in range(n_files)]
    identity = (lambda s: s) if key_in_two_programmes_of_a_file else (lambda s: (s[0], s[2]))
    slots, seen = [], set()
    for candidate in heads + draw(st.lists(slot, max_size=8 - n_files)):
        if identity(candidate) not in seen:
            seen.add(identity(candidate))
            slots.append(candidate)
    if key_in_two_programmes_of_a_file:
        file, programme, key = slots[0]
        other = next(p for p in programmes if p != programme)
        if (file, other, key) not in slots:
            slots.append((file, other, key))
    used = sorted({file for file, _, _ in slots})
    slots = [(used.index(file), programme, key) for file, programme, key in slots]

    # who is in each bid (a lead and 0-5 partners), then the bodies named, made only for those
    chosen = [draw(st.lists(st.integers(0, n_people - 1), min_size=1,
                            max_size=min(6, n_people), unique=True)) for _ in slots]
    named = sorted({body for members in chosen for body in members})
    people = draw(st.lists(bodies(listable),
                           min_size=len(named), max_size=len(named),
                           unique_by=lambda b: b.identity))
    bids, rows_of = [], [[] for _ in used]
    for (file, programme, key), members in zip(slots, chosen):
        members = [named.index(body) for body in members]
        amount = draw(st.none() | amounts)
        rows = []  # (body, spelling, role cell)
        for position, body in enumerate(members):
            spelling = draw(st.sampled_from(people[body].spellings))
            cell = draw(st.sampled_from(LEAD_CELLS if position == 0 else PARTNER_CELLS))
            rows.append((body, spelling, cell))
        lead = people[members[0]]
        if len(lead.spellings) > 1 and draw(st.booleans()):
            # the lead written a second time, another way, as a partner: one membership, lead
            other = draw(st.sampled_from([s for s in lead.spellings if s != rows[0][1]]))
            rows.append((members[0], other, draw(st.sampled_from(PARTNER_CELLS))))
        rows = draw(st.permutations(rows))
        cells = [""] * len(rows)
        if amount is not None:
            form = draw(st.sampled_from(AMOUNT_FORMS))
            carrier = draw(st.integers(0, len(rows) - 1))
            for i in range(len(rows)):
                if i == carrier:
                    cells[i] = amount_cell(amount, form)
                else:  # the other rows: the same cell, nothing, or the amount written another way
                    cells[i] = draw(st.sampled_from((
                        "", amount_cell(amount, form),
                        amount_cell(amount, draw(st.sampled_from(AMOUNT_FORMS))))))
        for (body, spelling, role), amount_text in zip(rows, cells):
            # README: programmes are one whatever their case ("Fund A", "FUND A")
            written = draw(st.sampled_from((programme, programme.upper(), programme.lower())))
            rows_of[file].append((key, written, spelling, role, amount_text))
        bids.append(Bid(file, programme, key, amount,
                        tuple((b, "lead" if i == 0 else "partner")
                              for i, b in enumerate(members))))

    folders = draw(st.lists(st.sampled_from(FOLDERS), min_size=len(used), max_size=len(used),
                            unique=True))
    files = []
    for folder, rows in zip(folders, rows_of):
        name = draw(st.sampled_from(BASE_NAMES))
        rows = tuple(draw(st.permutations(rows)))  # bids' rows interleaved
        quoting = draw(st.sampled_from((csv.QUOTE_MINIMAL, csv.QUOTE_ALL)))
        terminator = draw(st.sampled_from(("\r\n", "\n")))
        encodings = ["utf-8", "utf-8-sig"]
        if windows_1252_alone(csv_text(rows, quoting, terminator)):
            encodings.append("cp1252")  # as spreadsheets on Windows save it
        files.append(CsvFile(
            path=f"{folder}/{name}" if folder else name,
            encoding=draw(st.sampled_from(encodings)), quoting=quoting,
            terminator=terminator, rows=rows))
    via_cli = draw(st.integers(0, 59)) == 7  # a small sample: a store directory is slower
    return Dataset(tuple(people), tuple(bids), tuple(files), via_cli, draw(st.booleans()))


def csv_text(rows, quoting: int, terminator: str) -> str:
    """The file's text: the header and rows as Python's ``csv`` writes them."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=quoting, lineterminator=terminator)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue()


#: Bytes that UTF-8 reads as a letter of two to four bytes (README: a file holding them and
#: bytes that are not UTF-8 mixes the two encodings and is refused)
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|"
                            rb"[\xf0-\xf4][\x80-\xbf]{3}")


def windows_1252_alone(text: str) -> bool:
    """Whether ``text`` saved as Windows-1252 can be read back only as Windows-1252: every
    character has a Windows-1252 byte, and the bytes are neither UTF-8 nor hold a sequence
    UTF-8 would read as a letter (which makes the file look mixed)."""
    try:
        data = text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    try:
        data.decode("utf-8")
        return False  # plain ASCII, or bytes that are UTF-8 too: nothing to tell apart
    except UnicodeDecodeError:
        return not _UTF8_SEQUENCE.search(data)


def write_files(dataset: Dataset, root: Path) -> list[Path]:
    paths = []
    for f in dataset.files:
        path = root / f.path
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding=f.encoding, newline="") as handle:
            writer = csv.writer(handle, quoting=f.quoting, lineterminator=f.terminator)
            writer.writerow(HEADER)
            writer.writerows(f.rows)
        paths.append(path)
    return paths


# --- what the graph should hold -----------------------------------------------------------------

@dataclass(frozen=True)
class Expected:
    #: (locator, programme, key) -> (amount, frozenset of (body, role))
    bids: dict
    #: a spelling as stored (white space collapsed) -> its body
    body_of_label: dict
    #: lead body -> (bids led, bids led with an amount, total of their amounts)
    funding: dict


def expected_of(dataset: Dataset, paths: list[Path]) -> Expected:
    locators = [str(p.resolve()) for p in paths]  # README: pkg:locator is the absolute path
    bids = {}
    for bid in dataset.bids:
        bids[(locators[bid.file], bid.programme.casefold(), bid.key)] = (
            bid.amount, frozenset(bid.members))
    assert len(bids) == len(dataset.bids)
    body_of_label = {}
    for f in dataset.files:
        for _, _, spelling, _, _ in f.rows:
            body = next(i for i, b in enumerate(dataset.bodies) if spelling in b.spellings)
            assert body_of_label.setdefault(clean(spelling), body) == body
    funding = {}
    for bid in dataset.bids:
        lead = bid.members[0][0]
        led, with_amount, total = funding.get(lead, (0, 0, Decimal(0)))
        funding[lead] = (led + 1, with_amount + (bid.amount is not None),
                         total + (bid.amount or 0))
    return Expected(bids, body_of_label, funding)


def body_of(expected: Expected, label) -> int:
    """The body an organisation is, by its prefLabel: one of the spellings written for it."""
    assert label is not None, "an organisation without skos:prefLabel"
    assert str(label) in expected.body_of_label, \
        f"prefLabel {str(label)!r} is none of the spellings written: {expected.body_of_label}"
    return expected.body_of_label[str(label)]


# --- reading the graph --------------------------------------------------------------------------

BIDS = PREFIXES + """
SELECT ?b ?locator ?programme ?key ?amount WHERE {
  ?b a pkg:Bid .
  OPTIONAL { ?b prov:wasDerivedFrom ?row . ?row dct:isPartOf ?file . ?file pkg:locator ?locator }
  OPTIONAL { ?b dct:identifier ?key }
  OPTIONAL { ?b pkg:programme ?p . ?p skos:prefLabel ?programme }
  OPTIONAL { ?b pkg:amountAwarded ?amount }
}"""
MEMBERSHIPS = PREFIXES + """
SELECT ?m ?b ?o ?role WHERE {
  ?m a org:Membership ; org:member ?o ; org:organization ?b .
  OPTIONAL { ?m org:role ?r }
  BIND(STRAFTER(STR(?r), "/partnerkg/") AS ?role)
}"""
ORGANISATIONS = PREFIXES + """
SELECT ?o ?label WHERE { ?o a org:Organization . OPTIONAL { ?o skos:prefLabel ?label } }"""
ROLES = {"LeadPartner": "lead", "Partner": "partner"}


def check_by_sparql(kg: KnowledgeGraph, expected: Expected) -> None:
    """The bids, organisations, memberships and amounts, read with SPARQL."""
    bid_rows = kg.select(BIDS)[1]
    nodes = Counter(b for b, *_ in bid_rows)
    assert all(n == 1 for n in nodes.values()), \
        f"bids with several files, keys, programmes or amounts: {bid_rows}"
    bid_of = {b: (locator, str(programme).casefold(), key)
              for b, locator, programme, key, _ in bid_rows}
    assert len(bid_of) == len(expected.bids)
    assert sorted(bid_of.values()) == sorted(expected.bids)
    amounts = {bid_of[b]: None if a is None else Decimal(a) for b, *_, a in bid_rows}
    assert amounts == {k: amount for k, (amount, _) in expected.bids.items()}

    org_rows = kg.select(ORGANISATIONS)[1]
    assert len(org_rows) == len({o for o, _ in org_rows}), f"several prefLabels: {org_rows}"
    org_of = {o: body_of(expected, label) for o, label in org_rows}
    assert len(set(org_of.values())) == len(org_of), f"one body, two organisations: {org_rows}"
    assert set(org_of.values()) == {body for _, members in expected.bids.values()
                                    for body, _ in members}

    member_rows = kg.select(MEMBERSHIPS)[1]
    assert len(member_rows) == len({m for m, *_ in member_rows}), \
        f"memberships with several roles: {member_rows}"
    pairs = Counter((b, o) for _, b, o, _ in member_rows)
    assert all(n == 1 for n in pairs.values()), f"a body twice in a bid: {member_rows}"
    found = {(bid_of[b], org_of[o], ROLES.get(role, role)) for _, b, o, role in member_rows}
    assert found == {(bid, body, role) for bid, (_, members) in expected.bids.items()
                     for body, role in members}


DECIMAL = re.compile(r'"([^"]*)"\^\^<http://www\.w3\.org/2001/XMLSchema#decimal>')


def check_export(nt: str, expected: Expected) -> None:
    """The bids, organisations, memberships and amounts, read out of an N-Triples export with
    rdflib's graph API (no SPARQL)."""
    for lexical in DECIMAL.findall(nt):
        assert re.fullmatch(r"\d+(\.\d+)?", lexical), f"not an xsd:decimal: {lexical!r}"
    # the data's nodes only (the ontology's triples travel with every export): faster to read
    graph = Graph()
    graph.parse(data="\n".join(line for line in nt.splitlines()
                                if line.startswith("<https://w3id.org/partnerkg/id/")),
                format="nt")

    def one(subject, predicate):
        values = list(graph.objects(subject, predicate))
        assert len(values) <= 1, f"{subject} has {len(values)} {predicate}: {values}"
        return values[0] if values else None

    def body(org):
        return body_of(expected, one(org, SKOS.prefLabel))

    found = Counter()
    for bid in graph.subjects(RDF.type, PKG.Bid):
        # a bid's file: the file its row is part of (README: pkg:locator, the absolute path)
        files = [str(one(f, PKG.locator)) for source in graph.objects(bid, PROV.wasDerivedFrom)
                 for f in graph.objects(source, DCT.isPartOf)]
        assert len(files) == 1, f"bid {bid} is said to come from {files}"
        amount = one(bid, PKG.amountAwarded)
        members = set()
        for membership in graph.subjects(ORG.organization, bid):
            role = one(membership, ORG.role)
            members.add((body(one(membership, ORG.member)),
                         ROLES.get(str(role).rsplit("/", 1)[-1], str(role))))
        assert len(members) == len(list(graph.subjects(ORG.organization, bid)))
        found[(files[0], str(one(one(bid, PKG.programme), SKOS.prefLabel)).casefold(),
               str(one(bid, DCT.identifier)),
               None if amount is None else Decimal(str(amount)), frozenset(members))] += 1
    assert found == Counter((locator, programme, key, amount, members)
                            for (locator, programme, key), (amount, members)
                            in expected.bids.items())
    organisations = set(graph.subjects(RDF.type, ORG.Organization))
    assert sorted(map(body, organisations)) == sorted(
        {b for _, members in expected.bids.values() for b, _ in members})


def check_funding(rows, expected: Expected) -> None:
    """``funding-by-lead`` rows (name, bids led, with an amount, total) against the sums."""
    found = {}
    for name, led, with_amount, total in rows:
        lead = body_of(expected, name)
        assert lead not in found, f"one lead in two rows: {rows}"
        found[lead] = (int(led), int(with_amount), Decimal(str(total)))
    assert found == expected.funding


def data_lines(kg: KnowledgeGraph) -> list[str]:
    """The data graph (each file's own graph left out) as sorted N-Triples lines."""
    text = kg.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return sorted(text.decode("utf-8").splitlines())


# --- the properties -----------------------------------------------------------------------------

def round_trip(dataset: Dataset) -> None:
    names = [Path(f.path).name for f in dataset.files]
    event(f"{len(dataset.files)} file(s), {len(set(names))} base name(s)")
    event("a key in two files" if len({b.key for b in dataset.bids}) < len(dataset.bids)
          else "keys apart")
    event("a lead written twice" if sum(len(f.rows) for f in dataset.files) > sum(
        len(b.members) for b in dataset.bids) else "no body twice in a bid")
    event("through the CLI too" if dataset.via_cli else "in memory only")
    event("a file in Windows-1252" if any(f.encoding == "cp1252" for f in dataset.files)
          else "UTF-8 files")
    event("a programme in two cases" if any(len({row[1] for row in f.rows if row[1].casefold()
                                                 == p.casefold()}) > 1
                                             for f in dataset.files for p in PROGRAMMES)
          else "each programme one way in a file")
    event("N-Triples export read" if dataset.exported else "one file loaded again")
    with tempfile.TemporaryDirectory() as folder:
        paths = write_files(dataset, Path(folder))
        expected = expected_of(dataset, paths)

        kg = KnowledgeGraph()
        summary = kg.load(paths)
        assert summary.bids == len(expected.bids)
        check_by_sparql(kg, expected)
        if dataset.exported:
            check_export(serialise(kg.to_memory(), "nt"), expected)
        # the named query as it is (``query_rows`` would build a resolver for each call)
        header, rows = kg.select(get_query("funding-by-lead").sparql)
        assert header == ["org", "name", "bidsLed", "bidsWithAmount", "totalAwarded"]
        check_funding([row[1:] for row in rows], expected)

        # loading the same files again, all or one, changes nothing
        triples, lines = len(kg), data_lines(kg)
        kg.load(paths)
        assert len(kg) == triples
        if len(paths) > 1 and not dataset.exported:  # one file again: the others' facts stay
            kg.load(paths[-1:])
            assert len(kg) == triples
        assert data_lines(kg) == lines

        if dataset.via_cli:
            store, runner = Path(folder) / "store", CliRunner()
            loaded = runner.invoke(cli, ["load", *map(str, paths), "--store", str(store)])
            assert loaded.exit_code == 0, loaded.output
            exported = runner.invoke(cli, ["export", "--format", "nt", "--store", str(store)])
            assert exported.exit_code == 0, exported.output
            check_export(exported.stdout, expected)
            queried = runner.invoke(cli, ["query", "funding-by-lead", "--store", str(store),
                                          "--format", "json"])
            assert queried.exit_code == 0, queried.output
            check_funding([(b["name"]["value"], b["bidsLed"]["value"],
                            b["bidsWithAmount"]["value"], b["totalAwarded"]["value"])
                           for b in json.loads(queried.stdout)["results"]["bindings"]],
                          expected)


@SETTINGS
@given(datasets())
def test_loaded_files_come_out_as_they_went_in(dataset):
    round_trip(dataset)


#: The smallest case of the property below, tried first.
_ONE_KEY_TWO_PROGRAMMES = Dataset(
    bodies=(Body(("qzxv", "group"), ("Qzxv Group",)),),
    bids=(Bid(0, "Fund A", "b1", Decimal(1), ((0, "lead"),)),
          Bid(0, "Ω Fund", "b1", Decimal(2), ((0, "lead"),))),
    files=(CsvFile("bids.csv", "utf-8", csv.QUOTE_MINIMAL, "\n",
                   (("b1", "Fund A", "Qzxv Group", "lead", "1"),
                    ("b1", "Ω Fund", "Qzxv Group", "lead", "2"))),),
    via_cli=False)


@settings(SETTINGS, max_examples=max(1, EXAMPLES // 3))  # a variant of the property above
@example(_ONE_KEY_TWO_PROGRAMMES)
@given(datasets(key_in_two_programmes_of_a_file=True))
def test_a_key_in_two_programmes_of_one_file_is_two_bids(dataset):
    """README: "a bid is keyed within its programme and its file" (and "Two files named alike
    ... their bids are apart: a bid is keyed within its programme and its file"). The same key
    under two programmes of one file is therefore two bids, as it is across two files.

    FAILS with the loader of this writing: ``loaders/tabular.py`` keeps a file's bids by key
    alone (``_Builder.bid``) and refuses the second programme ("bid 'b1' has programme Ω Fund
    here but Fund A on line 2"), although the graph keys bids by programme too
    (``graph/build.py`` ``_bid_path``). Left failing on purpose: see the report of this test.
    """
    round_trip(dataset)


LATIN_1_LETTERS = "éèêëàâäîïôöûüçñåøæÉÈÀÇÑÅØÆ"


@SETTINGS
@given(st.lists(st.text(LATIN_1_LETTERS, min_size=1, max_size=4), min_size=2, max_size=6),
       st.data())
def test_a_file_mixing_utf8_and_windows_1252_is_refused_at_its_first_other_line(words, data):
    """README: every text input is UTF-8 (with or without BOM), else Windows-1252; a file that
    mixes the two is refused naming the line, and nothing is loaded. One row is saved as
    Windows-1252, the rest (and the header) as UTF-8."""
    rows = [f"b{i},Fund A,Qzxv {word} Group,{'lead' if i == 0 else 'partner'},\n"
            for i, word in enumerate(words)]
    # a UTF-8 row with a letter beyond ASCII: the file is UTF-8 until the other row
    other = data.draw(st.integers(1, len(rows) - 1))
    encoded = [row.encode("cp1252" if i == other else "utf-8") for i, row in enumerate(rows)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mixed.csv"
        path.write_bytes("bid,programme,organisation,role,amount\n".encode() + b"".join(encoded))
        kg = KnowledgeGraph()
        with pytest.raises(LoaderError) as caught:
            kg.load([path])
        assert caught.value.line == other + 2  # the header is line 1
        assert "mixes UTF-8 and Windows-1252" in str(caught.value)
        assert len(kg) == 0


# --- the wide layout: a bid's partners in one cell ----------------------------------------------

WIDE_HEADER = ["bid", "programme", "lead", "partners", "amount"]
#: Last words the README names as organisation words: a list of names ending so is split on
#: commas and its last "and" (README, "Wide").
LISTABLE = ("group", "trust", "network", "forum")


def listable(spelling: str) -> bool:
    words = spelling.split()
    return "," not in spelling and words[-1].casefold() in LISTABLE


def wide_files(dataset: Dataset, data) -> tuple[CsvFile, ...]:
    """The dataset's files in the wide layout: a row per bid, its lead as first written, its
    other bodies in the partners cell, each once, joined by ';', or by commas with "and"
    before the last when every name ends in an organisation word."""
    files = []
    for number, f in enumerate(dataset.files):
        rows, order = {}, []
        for key, programme, spelling, role, amount in f.rows:
            bid = (programme.casefold(), key)
            if bid not in rows:
                order.append(bid)
                rows[bid] = {"programme": programme, "lead": None, "others": [], "amount": ""}
            row = rows[bid]
            row["amount"] = row["amount"] or amount
            if role in LEAD_CELLS:
                row["lead"] = spelling
            else:
                row["others"].append(spelling)
        wide = []
        for programme, key in order:
            row = rows[(programme, key)]
            bid = next(b for b in dataset.bids if b.file == number and b.key == key
                       and b.programme.casefold() == programme)
            lead_body = bid.members[0][0]
            partners, seen = [], {lead_body}
            for spelling in row["others"]:
                body = next(i for i, b in enumerate(dataset.bodies) if spelling in b.spellings)
                if body not in seen:
                    seen.add(body)
                    partners.append(spelling)
            styles = ["; "]
            if len(partners) > 1 and all(map(listable, partners)):
                styles = (["and", "AND", "&", ", "] if len(partners) > 2 else [", "]) + styles
            style = data.draw(st.sampled_from(styles))
            cell = (", ".join(partners[:-1]) + f" {style} " + partners[-1]
                    if style in ("and", "AND", "&") else style.join(partners))
            event(f"partners joined by {style!r}" if len(partners) > 1 else "one partner")
            wide.append((key, row["programme"], row["lead"], cell, row["amount"]))
        files.append(CsvFile(f.path, f.encoding, f.quoting, f.terminator, tuple(wide)))
    return tuple(files)


@SETTINGS
@given(datasets(listable=True), st.data())
def test_wide_rows_with_partner_lists_come_out_as_they_went_in(dataset, data):
    """The same property, each bid one row: a partners cell listing names with ';', or with
    commas and a last "and", gives one membership per name, never a body called "A and B"."""
    files = wide_files(dataset, data)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for f in files:
            path = Path(folder) / f.path
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, quoting=f.quoting, lineterminator=f.terminator)
                writer.writerow(WIDE_HEADER)
                writer.writerows(f.rows)
            paths.append(path)
        expected = expected_of(dataset, paths)
        kg = KnowledgeGraph()
        summary = kg.load(paths)
        assert summary.bids == len(expected.bids)
        check_by_sparql(kg, expected)
