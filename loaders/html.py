"""Saved web pages (``.html``, ``.htm``): news and announcements read as prose, tables as tables.

The page's structure is kept: its headline and headings, paragraphs, list items and table rows
become the blocks the text extractor (``text``) reads units from, one block each, so a bid is
associated within the paragraph or item that states it. Navigation, headers without the
headline, footers, asides, forms, scripts and styles are dropped; where the page marks its
content (``<main>`` or ``<article>``), only that is read. A table whose header names a lead or
organisation column goes through the table reader, as a CSV would; other tables are read as
rows of prose. Parsing is selectolax's (the lexbor HTML5 parser).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core.errors import LoaderError
from ..core.records import Records
from .tabular import _decode, is_header, published_table, read_bytes, records_from_table, table
from .text import text_records, without_restated

__all__ = ["load_html", "page_text"]

_DROP = {"script", "style", "noscript", "nav", "footer", "aside", "form", "template", "svg",
         "iframe", "button", "select", "head", "object", "canvas"}
_DROP_ROLES = {"navigation", "contentinfo", "banner", "search", "complementary"}
#: An inline style that hides its element from readers of the page.
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.I)
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_PARAGRAPHS = _HEADINGS | {"p", "blockquote", "dt", "dd", "figcaption", "caption", "pre",
                           "address", "summary"}
_BLOCKS = _PARAGRAPHS | {"li", "ul", "ol", "dl", "table", "div", "section", "article", "main",
                         "header", "figure", "details", "body", "tr", "td", "th", "br", "hr"}


def _text(node) -> str:
    return " ".join(node.text(deep=True, separator="").split())


def _has_blocks(node) -> bool:
    return any(child.tag in _BLOCKS for child in node.traverse(include_text=False)
               if child is not node)


def _dropped(node) -> bool:
    if node.tag in _DROP:
        return True
    attributes = node.attributes
    if (attributes.get("role") or "").lower() in _DROP_ROLES or "hidden" in attributes or \
            (attributes.get("aria-hidden") or "").strip().lower() == "true" or \
            _HIDDEN_STYLE.search(attributes.get("style") or ""):
        return True
    # a page header is dropped unless it holds the headline
    return node.tag == "header" and node.css_first("h1") is None


class _Page:
    def __init__(self) -> None:
        self.blocks: list[str] = []  # prose blocks, in order
        self.tables: list[list[tuple[int, list[str]]]] = []  # tables of bids

    def walk(self, node) -> None:
        if _dropped(node):
            return
        tag = node.tag
        if tag in _PARAGRAPHS:
            text = _text(node)
            if text:
                self.blocks.append(text)
        elif tag in ("ul", "ol"):
            items = []
            for item in node.iter():
                if item.tag != "li" or _dropped(item):
                    continue
                # a list inside an item is read after it, as items of their own
                nested = [child for child in item.iter() if child.tag in ("ul", "ol")]
                text = " ".join(" ".join(
                    (child.text_content or "") if child.tag == "-text" else _text(child)
                    for child in item.iter(include_text=True)
                    if child.tag not in ("ul", "ol")).split())
                if text:
                    items.append(f"- {text}")
                if nested:
                    self.blocks.append("\n".join(items))
                    items = []
                for child in nested:
                    self.walk(child)
            if items:
                self.blocks.append("\n".join(items))
        elif tag == "table":
            self.table(node)
        elif _has_blocks(node):
            for child in node.iter(include_text=True):
                if child.tag == "-text":
                    text = " ".join((child.text_content or "").split())
                    if text:
                        self.blocks.append(text)
                else:
                    self.walk(child)
        else:
            text = _text(node)
            if text:
                self.blocks.append(text)

    def table(self, node) -> None:
        rows = [[_text(cell) for cell in row.iter() if cell.tag in ("td", "th")]
                for row in node.css("tr")]
        rows = [row for row in rows if any(row)]
        if any(is_header(row) for row in rows[:30]):
            self.tables.append(list(enumerate(rows, start=1)))
        elif rows:
            self.blocks.append("\n".join(" | ".join(row) for row in rows))


def page_text(html: str) -> tuple[str, list[list[tuple[int, list[str]]]]]:
    """The prose of a page (blocks separated by blank lines) and its tables of bids."""
    from selectolax.lexbor import LexborHTMLParser

    html = re.sub(r"<br\s*/?>", "<br> ", html, flags=re.I)
    # a footnote mark ("£500,000<sup>3</sup>") is no part of the sum or name it follows
    html = re.sub(r"<sup\b[^>]*>\s*(?:\d{1,2}|[*†‡§a-z])\s*</sup>", "", html, flags=re.I)
    tree = LexborHTMLParser(html)
    root = tree.css_first("main") or tree.css_first("article") or tree.body or tree.root
    page = _Page()
    if root is not None:
        headline = tree.css_first("h1")
        if headline is not None and root.css_first("h1") is None:
            page.blocks.append(_text(headline))  # the headline, above the marked content
        page.walk(root)
    return "\n\n".join(page.blocks), page.tables


def load_html(path: str | Path, *, programme: str | None = None, gazetteer) -> Records:
    """Records from a saved web page: its tables of bids, and the bids its prose states."""
    path = Path(path)
    name = str(path)
    data = read_bytes(path)
    if data[:5] == b"%PDF-":
        raise LoaderError("is a PDF, not a web page: give it the extension .pdf", file=name)
    text, tables = page_text(_decode(data, name))
    if not text.strip() and not tables:
        raise LoaderError("has no text once navigation, scripts and styles are left out",
                          file=name)
    records = Records()
    for number, rows in enumerate(tables, start=1):
        part = f"table {number}" if len(tables) > 1 else "table"
        notes: list[str] = []
        header, body = published_table(f"{name} {part}", rows, notes)
        found = records_from_table(path, table(f"{name} {part}", header, body), programme, part)
        found.notes.extend(notes)
        try:
            records.extend(found)
        except ValueError as exc:
            raise LoaderError(f"{exc}: in two tables of the page", file=name) from None
    if text.strip():
        prose = text_records(text, path.name, programme=programme, gazetteer=gazetteer)
        try:
            records.extend(without_restated(prose, records, gazetteer))
        except ValueError as exc:
            raise LoaderError(f"{exc}: in a table and in the text", file=name) from None
    return records
