"""Builders of the PDF documents the loader tests read (reportlab), gov.uk style: a title, a
table over several pages with its header repeated, wrapped cells and a footnote."""

from __future__ import annotations

from pathlib import Path

HEADER = ["Lead authority", "Partners", "Amount (£)", "Round"]


def table_pdf(path: Path, header: list[str], rows: list[list[str]], *, title: str = "",
              footnote: str = "", repeat_header: bool = True, encrypt: str | None = None) -> Path:
    """A PDF of one ruled table (wrapped cells, the header on every page when repeated)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    cell = styles["BodyText"]
    story = []
    if title:
        story += [Paragraph(title, styles["Title"]), Spacer(1, 12)]
    data = [[Paragraph(c, cell) for c in header]] + [[Paragraph(c, cell) for c in row]
                                                     for row in rows]
    table = Table(data, colWidths=[5 * cm, 7 * cm, 2.6 * cm, 2 * cm][:len(header)],
                  repeatRows=1 if repeat_header else 0)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(table)
    if footnote:
        story += [Spacer(1, 12), Paragraph(footnote, styles["BodyText"])]
    options = {}
    if encrypt:
        from reportlab.lib import pdfencrypt

        options["encrypt"] = pdfencrypt.StandardEncryption(encrypt, canPrint=0)
    SimpleDocTemplate(str(path), pagesize=A4, **options).build(story)
    return path


def prose_pdf(path: Path, paragraphs: list[str]) -> Path:
    """A PDF of paragraphs only (a committee report or press release)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    story = []
    for i, text in enumerate(paragraphs):
        story += [Paragraph(text, styles["Title" if i == 0 else "BodyText"]), Spacer(1, 8)]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


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
