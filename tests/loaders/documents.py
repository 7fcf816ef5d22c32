"""Builders of the PDF documents the loader tests read (reportlab), as they are published: a
title, tables over several pages with their header repeated or not, drawn with ruling lines or
without, wrapped cells, footnotes, page numbers, several tables in one document, landscape pages
turned by /Rotate or printed sideways."""

from __future__ import annotations

from pathlib import Path

HEADER = ["Lead authority", "Partners", "Amount (£)", "Round"]
#: Column widths in cm: a narrow lead column (long names wrap) and a wide partners column.
WIDTHS = [5, 7, 2.6, 2]


def _styles():
    from reportlab.lib.styles import getSampleStyleSheet

    return getSampleStyleSheet()


def grid(header: list[str] | None, rows: list[list[str]], *, ruled: bool = True,
         repeat_header: bool = True, widths: list[float] | None = None,
         right_aligned: tuple[int, ...] = (), padding: float | None = None,
         valign: str = "TOP", drawn: str | None = None):
    """A table flowable: ``header`` (None: rows only, as a table carried on from the page
    before), wrapped cells, ruled or not, columns ``right_aligned`` by index, ``padding`` above
    and below each cell's text (reportlab's 3 points when None). A table not ruled may still
    be ``drawn`` with "rows" (a rule under each row, no rule down), "header" (a rule under the
    header only), "stripes" (every other row shaded) or "box" (a frame round it)."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, Table, TableStyle

    cell = _styles()["BodyText"]
    right = ParagraphStyle("right", parent=cell, alignment=2)
    lines = ([header] if header else []) + rows
    data = [[Paragraph(c, right if i in right_aligned else cell) for i, c in enumerate(line)]
            for line in lines]
    width = widths or WIDTHS
    table = Table(data, colWidths=[w * cm for w in width][:max(len(line) for line in lines)],
                  repeatRows=1 if header and repeat_header else 0)
    style = [("VALIGN", (0, 0), (-1, -1), valign)]
    if ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    style += {None: [], "rows": [("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.grey)],
              "header": [("LINEBELOW", (0, 0), (-1, 0), 1, colors.black)],
              "stripes": [("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white,
                                                                colors.lightgrey])],
              "box": [("BOX", (0, 0), (-1, -1), 1, colors.black)]}[drawn]
    if padding is not None:
        style += [("TOPPADDING", (0, 0), (-1, -1), padding),
                  ("BOTTOMPADDING", (0, 0), (-1, -1), padding)]
    table.setStyle(TableStyle(style))
    return table


def heading(text: str, level: int = 1):
    """A title (level 1) or a section heading (level 2)."""
    from reportlab.platypus import Paragraph

    return Paragraph(text, _styles()["Title" if level == 1 else "Heading2"])


def paragraph(text: str):
    from reportlab.platypus import Paragraph

    return Paragraph(text, _styles()["BodyText"])


def space(points: float = 12):
    from reportlab.platypus import Spacer

    return Spacer(1, points)


def page_break():
    from reportlab.platypus import PageBreak

    return PageBreak()


def _page_number(canvas, document) -> None:
    canvas.setFont("Helvetica", 9)
    canvas.drawCentredString(document.pagesize[0] / 2, 30, f"Page {document.page}")


def story_pdf(path: Path, story: list, *, turn: str | None = None, numbered: bool = False,
              encrypt: str | None = None) -> Path:
    """A PDF of ``story`` (flowables) on A4 pages, a page number at the foot of each when
    ``numbered``. ``turn`` lays the story out on landscape pages printed sideways on portrait
    paper: "rotate" with a /Rotate entry that turns each page to be read (a landscape page of
    a published report), "text" without one (its text runs up the page)."""
    from reportlab.lib.pagesizes import A4

    if turn is not None:
        return _turned(path, story, rotate=turn == "rotate")
    from reportlab.platypus import SimpleDocTemplate

    options = {}
    if encrypt:
        from reportlab.lib import pdfencrypt

        options["encrypt"] = pdfencrypt.StandardEncryption(encrypt, canPrint=0)
    feet = {"onFirstPage": _page_number, "onLaterPages": _page_number} if numbered else {}
    SimpleDocTemplate(str(path), pagesize=A4, **options).build(story, **feet)
    return path


def _turned(path: Path, story: list, *, rotate: bool) -> Path:
    """``story`` on landscape frames drawn turned a quarter left on portrait A4 pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    from reportlab.platypus import Frame, PageBreak

    width, height = A4
    page = canvas.Canvas(str(path), pagesize=A4)
    story = list(story)
    while story:
        if rotate:
            page.setPageRotation(90)
        page.saveState()
        page.translate(width, 0)
        page.rotate(90)
        frame = Frame(36, 36, height - 72, width - 72)
        while story:
            if isinstance(story[0], PageBreak):
                story.pop(0)
                break
            if frame.add(story[0], page):
                story.pop(0)
                continue
            parts = frame.split(story[0], page)
            if len(parts) < 2 or not frame.add(parts[0], page):
                raise ValueError("a flowable does not fit on a page")
            story[0:1] = parts[1:]
            break
        page.restoreState()
        page.showPage()
    page.save()
    return path


def table_pdf(path: Path, header: list[str], rows: list[list[str]], *, title: str = "",
              footnote: str = "", repeat_header: bool = True, encrypt: str | None = None,
              ruled: bool = True, numbered: bool = False, **layout) -> Path:
    """A PDF of one table (wrapped cells, the header on every page when repeated), ruled or
    not; ``layout`` as ``grid`` takes it."""
    story = []
    if title:
        story += [heading(title), space()]
    story.append(grid(header, rows, ruled=ruled, repeat_header=repeat_header, **layout))
    if footnote:
        story += [space(), paragraph(footnote)]
    return story_pdf(path, story, encrypt=encrypt, numbered=numbered)


def prose_pdf(path: Path, paragraphs: list[str]) -> Path:
    """A PDF of paragraphs only (a committee report or press release)."""
    story = []
    for i, text in enumerate(paragraphs):
        story += [heading(text) if i == 0 else paragraph(text), space(8)]
    return story_pdf(path, story)


def scanned_pdf(path: Path) -> Path:
    """A PDF whose page is a picture of text, with no text layer (as a scanner makes it)."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(image).text((20, 80), "Essex County Council  £3.3m", fill="black")
    page = canvas.Canvas(str(path), pagesize=A4)
    page.drawImage(ImageReader(image), 50, 500, width=500, height=160)
    page.showPage()
    page.save()
    return path


def paged_pdf(path: Path, pages: list[tuple[list[str] | None, list[list[str]]]], *,
              turn: str | None = None, ruled: bool = True,
              widths: list[float] | None = None) -> Path:
    """A table set out page by page as given: each page's header (None: none) and rows, so
    that where each row stands is known by construction; ``turn`` as ``story_pdf`` takes it.
    A row with a cell more than the widths give gets a column 3 cm wide."""
    story = []
    for number, (header, rows) in enumerate(pages):
        cells = max(len(row) for row in ([header] if header else []) + rows)
        width = list(widths or WIDTHS)
        story += ([page_break()] if number else []) + [
            grid(header, rows, ruled=ruled, widths=width + [3] * (cells - len(width)))]
    return story_pdf(path, story, turn=turn)
