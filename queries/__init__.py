"""The library of named SPARQL queries: one ``.rq`` file each, with a header that documents it.

Takes a query's name and parameters; hands on SPARQL text with the parameters bound as RDF
terms, which ``runner`` runs on a store (or an endpoint) and renders as a table.

Header lines: the first comments say what the query answers; ``# param: NAME TYPE text`` lines
declare parameters. A parameter binds the SPARQL variable of the same name to an RDF term
(TYPE ``string``, ``iri``, ``integer``, ``decimal`` or ``sector``): user text never becomes
query text. The variable must be in the SELECT clause (Oxigraph binds only projected
variables). A parameter whose text begins with "optional" may be left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources

from rdflib import XSD, Literal, URIRef, Variable
from rdflib.term import Identifier

from ..core.errors import QueryError
from ..ontology import SECTOR, sector_key

__all__ = ["NamedQuery", "Parameter", "named_queries", "get_query", "bind_parameters"]

_PARAM = re.compile(r"^#\s*param:\s*(?P<name>\w+)\s+(?P<type>\w+)\s*(?P<doc>.*)$")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    doc: str

    @property
    def optional(self) -> bool:
        return self.doc.lower().startswith("optional")

    def term(self, text: str) -> Identifier:
        """The RDF term for a user's text, or QueryError saying what was expected."""
        try:
            return _CONVERTERS[self.type](text)
        except (ValueError, InvalidOperation) as exc:
            raise QueryError(f"parameter {self.name}: {exc}") from None


def _iri(text: str) -> URIRef:
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$", text):
        raise ValueError(f"{text!r} is not an IRI")
    return URIRef(text)


def _number(kind, datatype):
    def convert(text: str) -> Literal:
        try:
            return Literal(kind(text.strip()), datatype=datatype)
        except (ValueError, InvalidOperation):
            raise ValueError(f"{text!r} is not a {datatype.rsplit('#', 1)[-1]}") from None
    return convert


_CONVERTERS = {
    "string": lambda text: Literal(text),
    # an organisation's name: read through the register first (see runner.query_rows)
    "organisation": lambda text: Literal(text),
    "iri": _iri,
    "integer": _number(int, XSD.integer),
    "decimal": _number(Decimal, XSD.decimal),
    "sector": lambda text: SECTOR[sector_key(text)],
}


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    parameters: tuple[Parameter, ...]
    sparql: str

    @classmethod
    def parse(cls, name: str, sparql: str) -> "NamedQuery":
        description, parameters = [], []
        said = False  # the description ends at a blank comment line: notes on how it is written
        for line in sparql.splitlines():
            if not line.startswith("#"):
                break
            match = _PARAM.match(line)
            if not match and not line.lstrip("#").strip():
                said = bool(description)
            elif match:
                if match["type"] not in _CONVERTERS:
                    raise QueryError(f"query {name}: parameter {match['name']} has unknown type "
                                     f"{match['type']!r} (known: {', '.join(_CONVERTERS)})")
                parameters.append(Parameter(match["name"], match["type"], match["doc"].strip()))
            elif not said:
                description.append(line.lstrip("#").strip())
        return cls(name, " ".join(d for d in description if d), tuple(parameters), sparql)

    def bindings(self, values: dict[str, str]) -> dict[Variable, Identifier]:
        return bind_parameters(self.parameters, values, self.name)


def bind_parameters(parameters, values: dict[str, str], name: str = "query"
                    ) -> dict[Variable, Identifier]:
    """Check ``values`` against declared parameters and turn them into RDF terms."""
    declared = {p.name: p for p in parameters}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise QueryError(f"{name} has no parameter {', '.join(unknown)} (its parameters: {known})")
    missing = [p.name for p in parameters if p.name not in values and not p.optional]
    if missing:
        hint = " ".join(f"--param {m}=..." for m in missing)
        raise QueryError(f"{name} needs {', '.join(missing)}: add {hint}")
    return {Variable(key): declared[key].term(text) for key, text in values.items()}


def named_queries() -> dict[str, NamedQuery]:
    """Every bundled query by name, sorted."""
    folder = resources.files(__package__)
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            found[name] = NamedQuery.parse(name, entry.read_text(encoding="utf-8"))
    return found


def get_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no query named {name!r}; known queries: {', '.join(queries)}")
    return queries[name]
