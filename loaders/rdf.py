"""RDF files that use the ontology (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML).

Their triples go into the data graph as they are: no records, no name resolution (they already
name their nodes). Quads lose their graph name. Blank nodes stay distinct between files.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..core.errors import LoaderError
from .tabular import read_bytes

__all__ = ["RDF_SUFFIXES", "is_rdf", "read_rdf"]

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
    try:
        triples = [ox.Triple(q.subject, q.predicate, q.object)
                   for q in ox.parse(data, format=rdf_format, base_iri=path.resolve().as_uri())]
    except SyntaxError as exc:
        raise LoaderError(f"is not valid RDF: {exc.msg}", file=name, line=exc.lineno,
                          column=str(exc.offset) if exc.offset else None) from None
    except (ValueError, OSError) as exc:
        raise LoaderError(f"is not valid RDF: {exc}", file=name) from None
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    return text, len(triples)
