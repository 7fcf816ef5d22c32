"""Writing tables of results: plain text, CSV, TSV, Markdown and SPARQL 1.1 Results JSON."""

from __future__ import annotations

import csv
import io
import json
import re

from rdflib import XSD, BNode, Literal, URIRef
from rdflib.query import Result

__all__ = ["TABLE_FORMATS", "result_table", "render_table", "sparql_results_json", "cell_text",
           "spreadsheet_safe", "csv_writer", "sparql_results_csv", "sparql_results_tsv",
           "canonical_term", "terminal_width", "fit_text", "money", "shorten", "amount",
           "counted", "said"]

TABLE_FORMATS = ("table", "csv", "tsv", "json", "md")


def cell_text(value) -> str:
    """Text for one cell: an RDF term's lexical form, a number as written, None as empty."""
    if value is None:
        return ""
    if isinstance(value, _Pence):  # an amount: as many decimals as it has
        return repr(float(value))
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, Literal) and value.datatype == XSD.decimal:
        return str(canonical_term(value))
    return str(value)


def terminal_width() -> int:
    """The width tables are drawn to: rich's own detection, which is $COLUMNS when set, else
    the size of the terminal (standard input, output or error), else 80 columns (output to a
    file or a pipe with no terminal and no $COLUMNS)."""
    from rich.console import Console

    return Console(file=io.StringIO(), legacy_windows=False).width


def fit_text(text: str, width: int | None = None) -> str:
    r"""Each line of ``text`` wrapped at words to ``width`` (the terminal's by default), the
    continuation indented.

    >>> fit_text("ranked by: degree: distinct co-partners", 20)
    'ranked by: degree:\n  distinct\n  co-partners'
    """
    import textwrap

    width = width or terminal_width()
    return "\n".join(textwrap.fill(line, width, subsequent_indent="  ", break_on_hyphens=False,
                                   break_long_words=True) if len(line) > width else line
                     for line in text.split("\n"))


def shorten(text: str, limit: int) -> str:
    """``text`` cut at the last word boundary before ``limit`` characters, with an ellipsis.

    >>> shorten("one team across the county", 16)
    'one team across…'
    >>> shorten("short", 16)
    'short'
    """
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if text[limit] != " " and " " in cut:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def counted(number: int, word: str, plural: str | None = None) -> str:
    """``number`` and ``word``, in the plural unless it is one.

    >>> counted(1, "bid"), counted(3, "bid"), counted(2, "body", "bodies"), counted(1200, "tie")
    ('1 bid', '3 bids', '2 bodies', '1,200 ties')
    """
    return f"{number:,} {word if number == 1 else plural or word + 's'}"


def said(value) -> str:
    """A fact's value in words: yes or no, "not known" for none, else as it is.

    >>> said(True), said(None), said(0.5)
    ('yes', 'not known', '0.5')
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "not known" if value is None else str(value)


def money(value) -> str:
    """An amount in pounds with thousands separators, as tables show it (pence only where there
    are any); empty for no amount.

    >>> money(3605044), money(1250.5), money(None)
    ('£3,605,044', '£1,250.50', '')
    """
    if value is None or value == "":
        return ""
    number = float(value)
    return f"£{number:,.0f}" if number == int(number) else f"£{number:,.2f}"


class _Pounds(int):
    """An amount in whole pounds: a plain number in CSV and JSON, ``£1,234`` in a table."""


class _Pence(float):
    """An amount with pence: a plain number in CSV and JSON, ``£1,234.50`` in a table."""


def amount(value):
    """``value`` (a number or its text) marked as an amount of money, or None for none.

    >>> amount("3605044.0"), amount(12.5), amount(None)
    (3605044, 12.5, None)
    >>> money(amount("3605044.0"))
    '£3,605,044'
    """
    if value is None or value == "":
        return None
    number = float(value)
    return _Pounds(int(number)) if number.is_integer() else _Pence(number)


def canonical_term(term):
    """An xsd:decimal literal in its one canonical form (``core.terms.canonical_decimal``), as
    the store writes it whatever the form it was given in; an xsd:string literal as a plain one
    (the same term in RDF 1.1); any other term as it is.

    >>> canonical_term(Literal("750000.0", datatype=XSD.decimal))
    rdflib.term.Literal('750000', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    """
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        from .terms import canonical_decimal

        try:
            return Literal(canonical_decimal(str(term)), datatype=XSD.decimal)
        except ArithmeticError:
            return term  # not a decimal's lexical form: left as the server wrote it
    return term


#: What a spreadsheet runs as a formula when a cell starts with it (OWASP, "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_safe(text: str) -> str:
    r"""A CSV or TSV cell that a spreadsheet shows rather than runs: text starting with "=",
    "+", "-", "@", a tab or a carriage return gets a leading "'" (numbers are left alone).

    >>> spreadsheet_safe("=HYPERLINK(\"http://x\")"), spreadsheet_safe("-5"), spreadsheet_safe("A")
    ('\'=HYPERLINK("http://x")', '-5', 'A')
    """
    if text.startswith(_FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


class csv_writer:
    r"""``csv.writer`` whose every cell passes through ``spreadsheet_safe``: the one way this
    package writes CSV and TSV.

    >>> out = io.StringIO(); csv_writer(out).writerow(["=1+1", 2]); out.getvalue()
    "'=1+1,2\r\n"
    """

    def __init__(self, handle, **options) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row) -> None:
        self._writer.writerow([spreadsheet_safe(cell) if isinstance(cell, str) else cell
                               for cell in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def csv_fields(values: list[str]) -> list[str]:
    """Each value as ``csv_writer`` writes it in a row (spreadsheet-safe, quoted where CSV
    needs it), for writing many rows made of a few distinct values without the CSV module's
    work per row (a national network's million edges name 50,000 organisations).

    >>> csv_fields(["plain", "a,b", "=1+1"])
    ['plain', '"a,b"', "'=1+1"]
    """
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    fields = []
    for value in values:
        out.seek(0)
        out.truncate()
        writer.writerow([value])
        fields.append(out.getvalue()[:-1])
    return fields


def result_table(result: Result) -> tuple[list[str], list[list]]:
    """Variable names and rows of RDF terms (None where unbound) from a SELECT result."""
    if result.type != "SELECT":
        raise ValueError("only SELECT queries give tables")
    header = [str(v) for v in result.vars]
    rows = [[row.get(v) if hasattr(row, "get") else row[i] for i, v in enumerate(result.vars)]
            for row in result]
    return header, rows


def _term_json(term) -> dict:
    term = canonical_term(term)
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype and term.datatype != XSD.string:  # RDF 1.1: plain means xsd:string
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "literal", "value": cell_text(term)}


def sparql_results_json(header: list[str], rows: list[list]) -> str:
    """SPARQL 1.1 Query Results JSON; unbound variables are left out of a binding."""
    bindings = [{name: _term_json(value) for name, value in zip(header, row) if value is not None}
                for row in rows]
    return json.dumps({"head": {"vars": header}, "results": {"bindings": bindings}},
                      indent=2, ensure_ascii=False)


def sparql_results_csv(header: list[str], rows: list[list]) -> str:
    r"""SPARQL 1.1 Query Results CSV: variable names, then each term's plain text (an IRI, a
    literal's lexical form, ``_:label``), quoted where needed, lines ending in CRLF. Cells are
    the terms themselves: a spreadsheet-bound table is ``partnerkg report``'s CSV.

    >>> sparql_results_csv(["s", "n"], [[URIRef("http://a"), Literal("x, y")], [BNode("b1"), None]])
    's,n\r\nhttp://a,"x, y"\r\n_:b1,\r\n'
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if term is None else f"_:{term}" if isinstance(term, BNode)
                         else str(canonical_term(term)) for term in row])
    return out.getvalue()


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r",
                              "\t": "\\t"})


def _tsv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, URIRef):
        return term.n3()
    term = canonical_term(term)
    text = f'"{str(term).translate(_TSV_ESCAPES)}"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype is not None and term.datatype != XSD.string:
        return f"{text}^^<{term.datatype}>"
    return text


def sparql_results_tsv(header: list[str], rows: list[list]) -> str:
    r"""SPARQL 1.1 Query Results TSV: ``?name`` headers, then each term in SPARQL's syntax
    (``<iri>``, ``"text"@en``, ``"5"^^<...#integer>``, ``_:label``), tabs and line breaks in
    literals escaped, an unbound variable as an empty field.

    >>> sparql_results_tsv(["s", "n"], [[URIRef("http://a"), Literal("x\ty", lang="en")]])
    '?s\t?n\n<http://a>\t"x\\ty"@en\n'
    """
    lines = ["\t".join(f"?{name}" for name in header)]
    lines += ["\t".join(_tsv_term(term) for term in row) for row in rows]
    return "\n".join(lines) + "\n"


def render_table(header: list[str], rows: list[list], format: str = "table",
                 title: str | None = None) -> str:
    """Render rows in one of TABLE_FORMATS (json here is SPARQL 1.1 Results JSON)."""
    if format == "json":
        return sparql_results_json(header, rows)
    shown = format in ("table", "md")
    texts = [[money(v) if shown and isinstance(v, (_Pounds, _Pence)) else cell_text(v)
              for v in row] for row in rows]
    if format in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv_writer(out, delimiter="," if format == "csv" else "\t", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(texts)
        return out.getvalue().rstrip("\n")
    if format == "md":
        def line(cells):
            return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"
        lines = ([f"### {title}", ""] if title else []) + [line(header),
                                                           line(["---"] * len(header))]
        return "\n".join(lines + [line(r) for r in texts])
    if format == "table":
        return _terminal_table(header, texts, title)
    raise ValueError(f"unknown format {format!r}; known: {', '.join(TABLE_FORMATS)}")



#: On screen, a column of words is never made narrower than this to fit more columns in.
_NARROWEST = 14
_FIGURE = re.compile(r"[£+-]?[\d.,%]*")


def _column_needs(name: str, cells: list[str]) -> tuple[int, bool]:
    """The fewest characters a column is drawn in, and whether it holds only figures (drawn
    whole, in exactly that width): the longest figure, or header word; for words, the longest
    word of the header and up to ``_NARROWEST`` of the cells'."""
    words = max((len(w) for w in name.split()), default=1)
    if all(_FIGURE.fullmatch(c) for c in cells):
        return max([words] + [len(c) for c in cells]), True
    longest = max((len(w) for c in cells for w in c.split()), default=1)
    return max(words, min(longest, _NARROWEST)), False


def _widths(needs: list[tuple[int, bool]], natural: list[int], room: int) -> list[int | None]:
    """Each column's width: figures exactly their need; columns of words at least their need
    (so a word is never broken), then whole where the room allows, the narrowest first; the
    widest share what is left evenly. None (rich decides) when the needs alone do not fit.

    >>> _widths([(4, True), (10, False), (5, False)], [4, 40, 5], 30)
    [4, 21, 5]
    >>> _widths([(4, True), (10, False), (8, False)], [4, 30, 20], 30)
    [4, 14, 12]
    """
    if sum(need for need, _ in needs) > room:
        return [need if figures else None for need, figures in needs]
    widths = [need for need, _ in needs]
    wants = [0 if figures else max(0, full - need)
             for (need, figures), full in zip(needs, natural)]
    spare = room - sum(widths)
    # the columns wanting least are drawn whole first; the rest share what is left evenly
    order = sorted(range(len(wants)), key=lambda i: (wants[i], i))
    for left, i in enumerate(order):
        given = min(wants[i], spare // (len(order) - left))
        widths[i] += given
        spare -= given
    return widths


def _terminal_table(header: list[str], texts: list[list[str]], title: str | None) -> str:
    """A boxed table drawn to the terminal's width (``terminal_width``): long cells wrap at
    words, figures are kept whole, and columns that cannot fit at all are left out (and named
    under the table)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    width = terminal_width()
    needs = [_column_needs(name, [row[i] for row in texts]) for i, name in enumerate(header)]
    kept, used = [], 1  # the left border
    for i, (need, _) in enumerate(needs):
        if used + need + 3 > width and len(kept) >= 2:  # a cell's padding and border: 3
            break
        kept.append(i)
        used += need + 3
    widths = _widths([needs[i] for i in kept],
                     [max([len(header[i])] + [len(row[i]) for row in texts]) for i in kept],
                     width - 1 - 3 * len(kept))
    table = Table(title=title, title_justify="left", show_lines=False)
    for i, drawn in zip(kept, widths):
        need, figures = needs[i]
        table.add_column(header[i], overflow="fold", width=drawn,
                         justify="right" if figures and i else "left")
    for row in texts:
        table.add_row(*[escape(row[i]) for i in kept])
    console = Console(file=io.StringIO(), width=width, color_system=None, legacy_windows=False)
    console.print(table)
    text = "\n".join(line.rstrip() for line in console.file.getvalue().rstrip("\n").split("\n"))
    if len(kept) < len(header):
        left_out = ", ".join(header[i] for i in range(len(header)) if i not in kept)
        text += "\n" + fit_text(f"(not shown at this width: {left_out}; see them with a wider "
                                 "terminal, or --format csv or json)", width)
    return text
