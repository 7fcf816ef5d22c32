"""RDF terms written straight in N-Triples form: the fast path for building big graphs.

A term here is a plain ``str`` holding its N-Triples text (``<iri>``, ``"text"``,
``"5"^^<...#integer>``). Building millions of triples this way costs a fraction of making rdflib
terms and serialising them, and the text goes to Oxigraph's loader as it is.

>>> iri("https://example.org/a b")
'<https://example.org/a%20b>'
>>> literal('say "hi"\\n')
'"say \\\\"hi\\\\"\\\\n"'
>>> integer(5)
'"5"^^<http://www.w3.org/2001/XMLSchema#integer>'
"""

from __future__ import annotations

import re

from rdflib import BNode, Literal, URIRef

from ..core.terms import canonical_decimal

__all__ = ["iri", "literal", "integer", "decimal", "date", "from_rdflib", "line", "iri_value",
           "canonical_decimal"]

XSD = "http://www.w3.org/2001/XMLSchema#"
# Characters an IRI may not hold (RFC 3987 and N-Triples' IRIREF): percent-encoded, so that no
# user string can end an IRI early or smuggle in another term.
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
_LITERAL_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _percent(match: re.Match) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8"))


def iri(value: str) -> str:
    return f"<{_IRI_UNSAFE.sub(_percent, value)}>"


def iri_value(term: str) -> str:
    """The IRI inside an N-Triples IRI term."""
    return term[1:-1]


def literal(text: str) -> str:
    return f'"{text.translate(_LITERAL_ESCAPES)}"'


def _typed(text: str, datatype: str) -> str:
    return f'"{text}"^^<{XSD}{datatype}>'


def integer(value: int) -> str:
    return _typed(str(int(value)), "integer")


def decimal(value) -> str:
    return _typed(canonical_decimal(value), "decimal")


def date(value: str) -> str:
    return _typed(literal(value)[1:-1], "date")


def from_rdflib(node) -> str:
    """The N-Triples text of an rdflib term."""
    if isinstance(node, URIRef):
        return iri(str(node))
    if isinstance(node, Literal):
        text = literal(str(node))
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None and str(node.datatype) != XSD + "string":
            return f"{text}^^{iri(str(node.datatype))}"
        return text
    if isinstance(node, BNode):
        return f"_:b{node}"
    raise TypeError(f"not an RDF term: {node!r}")



def line(triple: tuple[str, str, str]) -> str:
    return f"{triple[0]} {triple[1]} {triple[2]} .\n"
