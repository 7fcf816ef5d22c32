"""Running a named query, a .rq file or SPARQL text, and rendering the result."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import QueryError
from ..core.tables import render_table, result_table
from . import NamedQuery, bind_parameters, get_query

__all__ = ["run_query", "query_rows"]


def _resolve(name: str | None, file: Path | None, sparql: str | None) -> NamedQuery:
    if name:
        return get_query(name)
    if file is not None:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise QueryError(f"{file}: no such file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{file}: cannot be read ({exc})") from None
        return NamedQuery.parse(Path(file).stem, text)
    if sparql:
        return NamedQuery.parse("query", sparql)
    raise QueryError("no query given")


def query_rows(kg, *, name: str | None = None, file: Path | None = None,
               sparql: str | None = None, params: dict[str, str] | None = None):
    """(header, rows) of a SELECT query; parameters are bound as RDF terms."""
    named = _resolve(name, file, sparql)
    params = resolve_organisations(kg, named, params or {})
    bindings = bind_parameters(named.parameters, params, named.name)
    result = kg.query(named.sparql, bindings)
    if result.type != "SELECT":
        raise QueryError(f"{named.name} is a {result.type} query; only SELECT queries "
                         "print as tables (use partnerkg export for graphs)")
    return result_table(result)


def resolve_organisations(kg, named: NamedQuery, params: dict[str, str]) -> dict[str, str]:
    """Organisation parameters as the graph names the body ("Essex CC" is Essex County
    Council), where the store's register knows the name; other text is kept as given. A name
    that could be two bodies is refused, naming both."""
    out = dict(params)
    asked = [p for p in named.parameters if p.type == "organisation" and params.get(p.name)]
    if not asked or not hasattr(kg, "resolver"):
        return out  # no register to read (it costs a pass over the stored bodies)
    resolver = kg.resolver()
    for parameter in asked:
        text = params[parameter.name]
        found = resolver.resolve(text)
        if found.kind == "ambiguous":
            options = "; ".join(ident for ident, _ in found.candidates)
            raise QueryError(f"parameter {parameter.name}: {text!r} could be several bodies "
                             f"({options}); write the full name")
        if found.resolved:
            out[parameter.name] = found.body.name
    return out


def run_query(kg, *, format: str = "table", **what) -> str:
    """Run a query and render it in ``format`` (table, csv, tsv, json, md)."""
    header, rows = query_rows(kg, **what)
    return render_table(header, rows, format)
