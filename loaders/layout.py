r"""The layout of a document: the units prose extraction reads.

Takes text; hands on ``Unit``s in order: headline and header lines, the sentences of paragraphs
(soft-wrapped lines joined), bullet and short numbered items, question-and-answer pairs (an
answer knows its question), and the rows of tables pasted as text (``|``, tab or aligned
columns), with the lead, partners and amount cells found by their headers.

>>> [u.kind for u in layout("Council wins funds\n\nIt was awarded. It is pleased.\n\n- A\n- B")]
['title', 'sentence', 'sentence', 'item', 'item']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Unit", "layout"]

_BLOCK = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|$))+")
_BULLET = re.compile(r"^\s*(?:[•*·▪◦‣–-]\s*|\(?[a-z0-9]{1,2}\)\s+|\d{1,2}(?:\.\d{1,2})*[.)]?\s+"
                     r"(?=[A-Z£]))")
_QA = re.compile(r"^\s*(?:Q|Question|A|Answer)\s*[.:)]\s*", re.I)
_SEPARATOR = re.compile(r"^[\s\-+=|:_]+$")
_DASHED_SUM = re.compile(r"\s[-–:]\s*(?:£|GBP\b)")  # "1. A, on behalf of B - £4.2m to ...": a list item
#: A paragraph that opens with a name, a dash and a sum is an entry of a list of awards
#: ("Cumbria County Council – £500,000, with ..."), bullet or not.
_ENTRY = re.compile(r"[A-Z][^.£\n]{1,250}?(?:\s[-–—]|:)\s*(?:£|GBP\b)")
_LINE_ENDS_SENTENCE = re.compile(r"[.!?:”\"]\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[A-Z£\"“‘'(])")
_COLUMN = {"lead": re.compile(r"lead|bidder|recipient|organisation|council|authority|body|"
                              r"applicant|awarded to|name", re.I),
           "partners": re.compile(r"partner|other|with|members", re.I),
           "amount": re.compile(r"award|amount|£|grant|funding|allocation|sum|value", re.I),
           "not_amount": re.compile(r"saving|cost|contribution|match|own|total cost|bid for|"
                                    r"requested", re.I)}


@dataclass
class Unit:
    """A sentence, list item, table row or headline: where a fact is looked for first."""

    start: int
    end: int
    kind: str  # title | sentence | item | row
    paragraph: int
    question: str = ""  # the question a Q&A answer answers
    cells: dict = field(default_factory=dict)  # a table row's lead / partners / amount spans


def _sentences(text: str, start: int, end: int):
    """(start, end) of the sentences of text[start:end]; a line that ends a sentence or is short
    ends one too (soft-wrapped lines do not)."""
    cuts = [m.end() for m in _SENTENCE_END.finditer(text, start, end)]
    at = text.find("\n", start, end)
    while at != -1:
        previous = text.rfind("\n", start, at)
        line = text[previous + 1 if previous != -1 else start:at]
        if len(line) < 60 or _LINE_ENDS_SENTENCE.search(line[-3:]):
            cuts.append(at + 1)
        at = text.find("\n", at + 1, end)
    here = start
    for cut in sorted(set(cuts)) + [end]:
        piece = text[here:cut]
        if piece.strip():
            left = here + len(piece) - len(piece.lstrip())
            yield left, here + len(piece.rstrip())
        here = cut


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, here = [], start
    for line in text[start:end].split("\n"):
        if line.strip():
            out.append((here, here + len(line.rstrip())))
        here += len(line) + 1
    return out


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    line = text[start:end]
    splitter = r"\|" if "|" in line else (r"\t+" if "\t" in line else r"\s{2,}")
    cells, here = [], 0
    for part in re.split(f"({splitter})", line):
        if part and not re.fullmatch(splitter, part):
            stripped = part.strip()
            if stripped:
                left = here + part.index(stripped[0])
                cells.append((start + left, start + left + len(stripped)))
        here += len(part)
    return cells


def layout(text: str) -> list[Unit]:
    """The document's units in order, each with the paragraph it belongs to."""
    units: list[Unit] = []
    paragraph = 0
    for block in _BLOCK.finditer(text):
        lines = _lines(text, block.start(), block.end())
        tabled = [ln for ln in lines if not _SEPARATOR.match(text[ln[0]:ln[1]])]
        columned = len(tabled) >= 2 and re.search(r"[|\t]|\S {2,}\S", text[block.start():block.end()])
        widths = [len(_cells(text, *ln)) for ln in tabled] if columned else []
        if len(tabled) >= 2 and sum(w >= 2 for w in widths) >= 2 and any(
                "|" in text[a:b] or "\t" in text[a:b] for a, b in tabled) or (
                len(tabled) >= 3 and sum(w >= 3 for w in widths) >= 3):
            paragraph = _table(text, tabled, units, paragraph)
            continue
        if all(len(text[a:b]) <= 100 and not re.search(r"[.!?]\s*$", text[a:b])
               for a, b in lines) and not any(_BULLET.match(text[a:b]) for a, b in lines):
            for a, b in lines:  # headline, header and date lines
                paragraph += 1
                units.append(Unit(a, b, "title", paragraph))
            continue
        question = ""
        pieces: list[list[tuple[int, int]]] = []
        # lines that each name a sum, none running on into the next, are a list
        listed = sum("£" in text[a:b] or "GBP" in text[a:b] for a, b in lines) >= 2 and not any(
            re.search(r"\b(?:and|the|of|to|a|with|for|in)\s*$", text[a:b], re.I)
            for a, b in lines)
        for a, b in lines:
            line = text[a:b]
            if listed or _BULLET.match(line) or _QA.match(line) or not pieces or \
                    _ENTRY.match(line):
                pieces.append([(a, b)])
            else:
                pieces[-1].append((a, b))
        for piece in pieces:
            a, b = piece[0][0], piece[-1][1]
            head = text[a:b]
            qa = _QA.match(head)
            if qa and head.lstrip()[:1].upper() == "Q":
                question = head
            elif not qa:
                question = ""
            paragraph += 1
            # a numbered paragraph of a report is prose; a bullet or a short numbered line is not
            bullet = _BULLET.match(head)
            kind = "item" if (bullet and (not bullet.group().strip()[:1].isdigit() or
                                          len(head) < 160 or _DASHED_SUM.search(head))) or (
                listed and ("£" in head or "GBP" in head)) or _ENTRY.match(head) else "sentence"
            for s, e in _sentences(text, a, b):
                units.append(Unit(s, e, kind, paragraph, question if qa and head.lstrip()[
                    :1].upper() == "A" else ""))
    return units


def _table(text: str, lines, units: list[Unit], paragraph: int) -> int:
    header = [text[a:b].lower() for a, b in _cells(text, *lines[0])]
    roles: dict[str, int] = {}
    for i, name in enumerate(header):
        if _COLUMN["amount"].search(name) and not _COLUMN["not_amount"].search(name):
            roles.setdefault("amount", i)
        elif _COLUMN["partners"].search(name):
            roles.setdefault("partners", i)
        elif _COLUMN["lead"].search(name):
            roles.setdefault("lead", i)
    for a, b in lines[1:]:
        cells = _cells(text, a, b)
        paragraph += 1
        if not cells or re.match(r"\s*(?:total|sum|all)\b", text[cells[0][0]:cells[0][1]], re.I):
            continue
        spans = {role: cells[i] for role, i in roles.items() if i < len(cells)}
        units.append(Unit(a, b, "row", paragraph, cells=spans))
    return paragraph
