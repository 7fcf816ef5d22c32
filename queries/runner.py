"""Running a named query, a .rq file or SPARQL text, and rendering the result."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..core.errors import QueryError
from ..core.tables import (TABLE_FORMATS, canonical_term, render_table, result_table,
                           sparql_results_csv, sparql_results_tsv)
from . import NamedQuery, bind_parameters, get_query
from .fetching import fetches

__all__ = ["run_query", "query_rows", "query_result", "QUERY_FORMATS"]

#: What ``run_query`` writes: the table formats (csv and tsv as the SPARQL 1.1 results
#: formats), and N-Triples or Turtle for the graph of a CONSTRUCT or DESCRIBE query.
QUERY_FORMATS = TABLE_FORMATS + ("nt", "ttl")


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
    named, result = query_result(kg, name=name, file=file, sparql=sparql, params=params)
    if result.type != "SELECT":
        raise QueryError(f"{named.name} is a {result.type} query; only SELECT queries give "
                         "rows (run_query gives the others: partnerkg query --format json for "
                         "ASK, --format nt or ttl for a graph)")
    return result_table(result)


def query_result(kg, *, name: str | None = None, file: Path | None = None,
                 sparql: str | None = None, params: dict[str, str] | None = None,
                 allow_service: bool = False):
    """(the query, its rdflib ``Result``) of any query form; parameters bound as RDF terms.
    A query that would fetch another URL (``SERVICE``) is refused unless ``allow_service``."""
    named = _resolve(name, file, sparql)
    if not allow_service:
        refused = fetches("query", named.sparql)
        if refused is not None:
            raise QueryError(
                "SERVICE refused: a query run here does not fetch other URLs unless asked (a "
                "query file from elsewhere could reach into your network); pass "
                "--allow-service to allow it" if refused[0] == 403 else refused[1])
    params = resolve_organisations(kg, named, params or {})
    bindings = bind_parameters(named.parameters, params, named.name)
    return named, kg.query(named.sparql, bindings)


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


# what may hold a "?" that is not a variable: strings, IRIs, comments
_NOT_VARIABLES = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'
                            r"'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>|#[^\n]*")
_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_\u00b7\u00c0-\uffff]+)")
_SELECT_STAR = re.compile(r"\bSELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?(\*)?", re.IGNORECASE)


def in_query_order(sparql: str, header: list[str], rows: list[list]
                   ) -> tuple[list[str], list[list]]:
    """For ``SELECT *``, the columns in the order their variables first appear in the query
    (engines give them in an order of their own, often alphabetical); other queries' columns
    are already in the order they were asked for.

    >>> in_query_order("SELECT * { ?b ?a ?c }", ["a", "b", "c"], [[1, 2, 3]])
    (['b', 'a', 'c'], [[2, 1, 3]])
    """
    text = _NOT_VARIABLES.sub(" ", sparql)
    select = _SELECT_STAR.search(text)
    if select is None or select.group(1) is None:
        return header, rows
    first: dict[str, int] = {}
    for found in _VARIABLE.finditer(text):
        first.setdefault(found.group(1), found.start())
    order = sorted(range(len(header)), key=lambda i: (first.get(header[i], len(text)), i))
    return [header[i] for i in order], [[row[i] for i in order] for row in rows]


def run_query(kg, *, format: str = "table", limit: int | None = None,
              notes: list | None = None, **what) -> str:
    """Run a query and render it in ``format`` (one of QUERY_FORMATS): a SELECT query's table
    in any table format (csv and tsv are the SPARQL 1.1 CSV and TSV results formats), an ASK
    query's answer as SPARQL results JSON or as true/false, a graph as N-Triples or Turtle.

    ``limit``: at most this many rows of a SELECT (a note in ``notes`` says how many there
    were, when more)."""
    named, result = query_result(kg, **what)
    if result.type == "SELECT":
        if format in ("nt", "ttl"):
            raise QueryError(f"{named.name} is a SELECT query: its rows print as "
                             f"{', '.join(TABLE_FORMATS)}, not as {format}")
        header, rows = in_query_order(named.sparql, *result_table(result))
        if limit is not None and len(rows) > limit:
            if notes is not None:
                notes.append(f"showing the first {limit:,} of {len(rows):,} rows (--limit)")
            rows = rows[:limit]
        if format == "csv":
            return sparql_results_csv(header, rows)
        if format == "tsv":
            return sparql_results_tsv(header, rows)
        return render_table(header, rows, format)
    if result.type == "ASK":
        if format == "json":
            return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}, indent=2)
        if format in ("table", "md"):
            return "true" if result.askAnswer else "false"
        if format in ("csv", "tsv"):  # one column, one row: what a table reader expects
            return f"boolean\n{'true' if result.askAnswer else 'false'}\n"
        raise QueryError(f"{named.name} is an ASK query: its answer prints as json, table, "
                         f"md, csv or tsv, not as {format}")
    if format in ("nt", "ttl"):
        from rdflib import Graph

        graph = Graph()  # literals in one form, whoever answered
        for triple in result.graph:
            graph.add(tuple(canonical_term(term) for term in triple))
        return graph.serialize(format="nt" if format == "nt" else "turtle")
    raise QueryError(f"{named.name} is a {result.type} query: its graph prints as nt or ttl "
                     f"(--format nt), not as {format}")
