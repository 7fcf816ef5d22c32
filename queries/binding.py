"""Parameters bound into SPARQL text for a remote endpoint, found by rdflib's SPARQL grammar.

An endpoint elsewhere gets the query as text, so a parameter travels as a ``VALUES`` block of
RDF terms written in SPARQL's escaped syntax, placed at the start of the query's top-level
group pattern (the WHERE clause). Where that group is found is decided by a parser that knows
SPARQL: rdflib's grammar, with the WHERE group's place in the text recorded. A ``{`` in the
projection (``EXISTS { ... }``), in a string, an IRI or a comment is never taken for it.

The prefixes the local engine knows are sent too: the ones a query uses without declaring
them are declared in front of it (``with_prefixes``).
"""

from __future__ import annotations

import functools
import threading

from ..core.errors import QueryError

__all__ = ["with_bindings", "with_prefixes", "parse_query", "ParsedQuery"]

_PARSING = threading.Lock()  # pyparsing's grammar objects are shared
_GRAMMAR = None


def _grammar():
    """rdflib's SPARQL query grammar, rebuilt from its parts with the place of the WHERE
    group's text recorded (pyparsing's ``Located``)."""
    global _GRAMMAR
    if _GRAMMAR is None:
        from pyparsing import Located, OneOrMore, Optional, StringEnd, ZeroOrMore, rest_of_line
        from rdflib.plugins.sparql import parser as p

        keyword = p.Keyword
        where = Optional(keyword("WHERE")) + Located(p.GroupGraphPattern)("group")
        tail = p.SolutionModifier + p.ValuesClause
        datasets = ZeroOrMore(p.DatasetClause)
        form = (p.SelectClause + datasets + where + tail
                | keyword("CONSTRUCT") + p.ConstructTemplate + datasets + where + tail
                | keyword("DESCRIBE") + (OneOrMore(p.VarOrIri) | "*") + datasets
                + Optional(where) + tail
                | keyword("ASK") + datasets + where + tail)
        grammar = p.Prologue("prologue") + form + StringEnd()
        grammar.ignore("#" + rest_of_line)
        _GRAMMAR = grammar
    return _GRAMMAR


class ParsedQuery:
    """A query's text with what binding needs from its parse: the WHERE group's place, the
    prefixes it declares and uses, and its top-level LIMIT."""

    def __init__(self, text: str) -> None:
        from rdflib.plugins.sparql.parser import expandUnicodeEscapes

        from pyparsing import ParseBaseException

        self.text = expandUnicodeEscapes(text) if ("\\u" in text or "\\U" in text) else text
        try:
            with _PARSING:
                tree = _grammar().parse_string(self.text, parse_all=True)
        except ParseBaseException as exc:
            near = exc.line.strip()[:80]
            raise QueryError(f"the SPARQL does not parse (line {exc.lineno}, column {exc.col}: "
                             f"{near!r})") from None
        except RecursionError:
            raise QueryError("the SPARQL does not parse: it is nested too deeply") from None
        group = tree.get("group")
        self.group = (group[0], group[2]) if group is not None else None
        self.subselect = group is not None and getattr(group[1][0], "name", "") == "SubSelect"
        self.declared = {str(decl.prefix or "") for decl in tree["prologue"]
                         if getattr(decl, "name", "") == "PrefixDecl"}
        self.used = set()
        self.limit = None
        for node in _walk(tree):
            if node.name == "pname":
                self.used.add(str(node.prefix or ""))
        for item in tree:  # the top level's solution modifiers (a sub-select's are deeper)
            if getattr(item, "name", None) == "limitoffset" and \
                    item.tokenList.get("limit") is not None:
                self.limit = int(item.tokenList["limit"])


def _walk(tree):
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, ParseResults)):
            stack.extend(item)


@functools.lru_cache(maxsize=256)
def parse_query(text: str) -> ParsedQuery:
    """The parse of ``text``, kept for the texts parsed last: pages bind the same few queries
    again and again, and a parse takes milliseconds (a ``ParsedQuery`` is never changed)."""
    return ParsedQuery(text)


def with_bindings(sparql: str, bindings: dict) -> str:
    """``sparql`` with a VALUES block binding ``bindings`` (variable -> RDF term) at the start
    of its top-level group pattern; a group that is a sub-select is wrapped in a group of its
    own first. The terms are written in SPARQL's escaped syntax, so no value can end the block.

    >>> from rdflib import Literal, Variable
    >>> with_bindings('SELECT ?n WHERE { ?o ?p ?n }', {Variable('o'): Literal('a "b" }')})
    'SELECT ?n WHERE { VALUES ?o { "a \\\\"b\\\\" }" } ?o ?p ?n }'
    >>> with_bindings('SELECT (EXISTS { ?o ?p 1 } AS ?e) { ?o ?p ?n }', {Variable('o'): Literal(1)})
    'SELECT (EXISTS { ?o ?p 1 } AS ?e) { VALUES ?o { "1"^^<http://www.w3.org/2001/XMLSchema#integer> } ?o ?p ?n }'
    """
    if not bindings:
        return sparql
    parsed = parse_query(sparql)
    if parsed.group is None:
        raise QueryError("the query has no WHERE group to bind its parameters in")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(term.n3() for term in bindings.values())
    block = (f"VALUES ?{next(iter(bindings))} {{ {values} }}" if len(bindings) == 1 else
             f"VALUES ({names}) {{ ({values}) }}")
    text = parsed.text
    start, end = parsed.group
    end = text.rindex("}", start, end)
    if parsed.subselect:
        return f"{text[:start + 1]} {block} {{{text[start + 1:end]}}} {text[end:]}"
    return f"{text[:start + 1]} {block}{text[start + 1:]}"


def with_prefixes(sparql: str, known: dict[str, str]) -> str:
    """``sparql`` with a PREFIX declaration in front for each prefix it uses without declaring
    that ``known`` (prefix -> namespace) holds, as the local engine would read it.

    >>> with_prefixes("SELECT * { ?s a org:Organization }", {"org": "http://www.w3.org/ns/org#"})
    'PREFIX org: <http://www.w3.org/ns/org#>\\nSELECT * { ?s a org:Organization }'
    """
    parsed = parse_query(sparql)
    missing = sorted(prefix for prefix in parsed.used - parsed.declared if prefix in known)
    lines = [f"PREFIX {prefix}: <{known[prefix]}>\n" for prefix in missing]
    return "".join(lines) + sparql
