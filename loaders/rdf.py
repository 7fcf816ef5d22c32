"""RDF files that use the ontology (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML).

Their triples go into the data graph as they are: no records, no name resolution (they already
name their nodes). Quads lose their graph name. Blank nodes stay distinct between files. Their
literals are read by the rules every loader keeps (amounts, confidences, numbers, control
characters); relative IRIs are refused. The pipeline checks them against the shapes.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from ..core.errors import LoaderError
from ..core.names import control_character
from ..ontology import PKG
from .amounts import checked_amount
from .tabular import read_bytes

__all__ = ["RDF_SUFFIXES", "MAX_TERM", "entity_expansion_problem", "is_rdf", "read_rdf"]

RDF_SUFFIXES = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
                ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG,
                ".jsonld": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML,
                ".owl": ox.RdfFormat.RDF_XML}


def is_rdf(path: str | Path, format: str | None = None) -> bool:
    """Whether ``path`` is read as RDF (``format`` "rdf", or an RDF file extension)."""
    return format == "rdf" or (format is None and Path(path).suffix.lower() in RDF_SUFFIXES)


def read_rdf(path: str | Path) -> tuple[str, int]:
    """The file's triples as N-Triples text, and how many; LoaderError with the line and
    column where it does not parse."""
    path = Path(path)
    name = str(path)
    rdf_format = RDF_SUFFIXES.get(path.suffix.lower())
    if rdf_format is None:
        known = ", ".join(RDF_SUFFIXES)
        raise LoaderError(f"cannot tell which RDF syntax it is from {path.suffix!r} "
                          f"(known: {known})", file=name)
    data = read_bytes(path)
    if rdf_format == ox.RdfFormat.RDF_XML:
        _refuse_growing_entities(data, name)
    if rdf_format == ox.RdfFormat.JSON_LD:
        _refuse_relative_ids(data, name)
    try:
        # no base IRI: a relative IRI would otherwise name the folder the file was loaded from
        triples = [ox.Triple(q.subject, q.predicate, q.object)
                   for q in ox.parse(data, format=rdf_format)]
    except SyntaxError as exc:
        hint = (" (write absolute IRIs: a relative one would depend on where the file is)"
                if "No scheme found" in exc.msg else "")
        raise LoaderError(f"is not valid RDF: {exc.msg}{hint}", file=name, line=exc.lineno,
                          column=str(exc.offset) if exc.offset else None) from None
    except (ValueError, OSError) as exc:
        raise LoaderError(f"is not valid RDF: {exc}", file=name) from None
    for triple in triples:
        problem = _too_long(triple) or _literal_problem(triple)
        if problem is not None:
            raise LoaderError(problem, file=name, line=_line_of(data, triple.object))
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    return text, len(triples)


_ABSOLUTE = re.compile(r"^(?:_:|[A-Za-z][A-Za-z0-9+.-]*:)[^\s<>\"{}|\\^`]*$")


def _refuse_relative_ids(data: bytes, name: str) -> None:
    """LoaderError for a JSON-LD ``@id`` that is not an absolute IRI, a compact IRI or a blank
    node: JSON-LD drops such a node without a word, where Turtle refuses the same IRI."""
    import json

    if b'"@base"' in data:
        return  # the document says what its relative IRIs are relative to
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        return  # the parser below says what is wrong
    todo = [(document, "")]
    while todo:
        value, where = todo.pop()
        if isinstance(value, dict):
            ident = value.get("@id")
            if isinstance(ident, str) and not _ABSOLUTE.match(ident):
                raise LoaderError(
                    f"is not valid RDF: the @id {ident!r} at {where or '/'} is not an absolute "
                    "IRI (write absolute IRIs: JSON-LD would drop the node without a word)",
                    file=name, line=_line_of_text(data, ident))
            todo.extend((item, f"{where}/{key}") for key, item in value.items()
                        if key != "@context")
        elif isinstance(value, list):
            todo.extend((item, f"{where}/{index}") for index, item in enumerate(value))


def _line_of_text(data: bytes, text: str) -> int | None:
    at = data.find(_json_string(text))
    return data.count(b"\n", 0, at) + 1 if at != -1 else None


def _json_string(text: str) -> bytes:
    import json

    return json.dumps(text, ensure_ascii=False).encode("utf-8")


#: An XML entity declaration: its name, and its value or external identifier.
_ENTITY = re.compile(rb"<!ENTITY\s+(%\s+)?([^\s>]+)\s+(SYSTEM|PUBLIC|\"[^\"]*\"|'[^']*')", re.S)
#: The most that entity references in an RDF/XML document may add by their expansion, in
#: bytes: a small bound, or four times the document (abbreviations such as ``&xsd;`` used
#: throughout a big export stay within it; a 200 KB file whose 100 KB entity is used 1,900
#: times, 190 MB, does not).
_MAX_EXPANSION = 10_000_000


def entity_expansion_problem(data: bytes) -> tuple[str, int | None] | None:
    """What makes the entity declarations of RDF/XML ``data`` unsafe to expand, and the line
    of the declaration at fault (if one is), or None. Refused: an entity that refers to
    another entity ("billion laughs"), a parameter entity, an external one, and references
    whose expanded text (each use counted at its value's length) passes ``_MAX_EXPANSION``.
    Plain abbreviations (``<!ENTITY rdf "http://...">``) are kept. Counted before any parser
    runs, so the time taken is that of reading the bytes once per entity."""
    expansion = 0
    for match in _ENTITY.finditer(data):
        parameter, entity, value = match[1], match[2], match[3]
        if parameter or value in (b"SYSTEM", b"PUBLIC") or b"&" in value or b"%" in value:
            return (f"declares the XML entity {entity.decode('utf-8', 'replace')!r} as a "
                    "reference to other entities or to outside the file, which is not read "
                    "(it can grow without bound)", data.count(b"\n", 0, match.start()) + 1)
        expansion += (len(value) - 2) * data.count(b"&" + entity + b";")
    bound = max(_MAX_EXPANSION, 4 * len(data))
    if expansion > bound:
        return (f"uses its XML entities so often that they would expand to {expansion:,} bytes, "
                f"more than the {bound:,} allowed; write the values out", None)
    return None


def _refuse_growing_entities(data: bytes, name: str) -> None:
    """LoaderError naming the file (and the declaration's line) where
    ``entity_expansion_problem`` finds one."""
    problem = entity_expansion_problem(data)
    if problem is not None:
        raise LoaderError(problem[0], file=name, line=problem[1])


#: The longest literal or IRI read, in characters: no name, title or note comes near it, and
#: the shape check's N-Triples reader (rdflib's) takes time that grows with the square of a
#: line's length (1 MB: 4 s, 4 MB: 54 s), so a longer one would hold a load for minutes.
MAX_TERM = 65_536


def _too_long(triple) -> str | None:
    for term in (triple.subject, triple.predicate, triple.object):
        if len(term.value) > MAX_TERM:
            kind = "literal" if isinstance(term, ox.Literal) else "IRI"
            return (f"<{triple.subject.value[:100]}> <{triple.predicate.value}>: a {kind} of "
                    f"{len(term.value):,} characters, longer than the {MAX_TERM:,} allowed "
                    "(a value that long is no name, title or note: shorten it)")
    return None


_XSD = "http://www.w3.org/2001/XMLSchema#"
_AMOUNTS = {str(PKG.amountAwarded), str(PKG.statedAmount)}
_COUNTS = {str(PKG.statedBidCount), str(PKG.statedMemberCount)}
_NUMBER = {f"{_XSD}decimal": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"),
           f"{_XSD}integer": re.compile(r"[+-]?\d+")}


def _literal_problem(triple) -> str | None:
    """What is wrong with the triple's object, read by the same rules as every loader's cells:
    numbers well formed, amounts checked like a CSV amount, a confidence from 0 to 1, no
    control characters. None when nothing is."""
    value = triple.object
    if not isinstance(value, ox.Literal):
        return None
    what = f"<{triple.subject.value}> <{triple.predicate.value}> {value}"
    character = control_character(value.value)
    if character is not None:
        return f"{what}: holds the control character {character}"
    pattern = _NUMBER.get(value.datatype.value)
    if pattern is not None and not pattern.fullmatch(value.value):
        return f"{what}: {value.value!r} is not an xsd:{value.datatype.value[len(_XSD):]}"
    predicate = triple.predicate.value
    if predicate in _AMOUNTS:
        if pattern is None:
            return f"{what}: an amount is an xsd:decimal"
        try:
            checked_amount(value.value)
        except ValueError as exc:
            return f"{what}: {exc}"
    if predicate in _COUNTS and (value.datatype.value != f"{_XSD}integer" or
                                 value.value.lstrip("+").startswith("-")):
        return f"{what}: a count is a whole xsd:integer, 0 or more"
    if predicate == str(PKG.confidence):
        number = Decimal(value.value) if pattern is not None else None
        if number is None or not Decimal(0) <= number <= Decimal(1):
            return f"{what}: a confidence is an xsd:decimal from 0 to 1"
    return None


def _line_of(data: bytes, term: ox.Literal) -> int | None:
    """The first line of ``data`` holding the literal as written (escaped, or quoted), if any:
    a guess good enough to look."""
    escaped = str(ox.Literal(term.value))
    for needle in (escaped, f'"{term.value}"', term.value):
        at = data.find(needle.encode("utf-8"))
        if at >= 0 and needle:
            return data.count(b"\n", 0, at) + 1
    return None
