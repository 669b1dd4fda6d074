"""PDF export: the printed form on A4, ready to sign and stamp.

`write_pdf(forms, stream)` draws the pages that export.pages cut each form's sheet into (the same
pages the workbook prints): a bordered grid with merged cells, in an embedded Song face, numbered
with the one footer wording per form, with a bookmark per form. The "草稿" watermark is the clerk's
choice (draft=True), never switched on by the form's problems. The window's print preview and print
paint these very pages.
"""
from __future__ import annotations

import io
from typing import BinaryIO, Iterable

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from .. import __version__
from ..domain.form import Form
from ..domain.problems import evaluate
from ..domain.sheet import TITLE, build_sheet
from .fonts import font_chain
from .lines import Measure, measure_for
from .pages import (FOOTER, LINE_SPACING, MARGIN_FOOTER, MARGIN_SIDE, MARGIN_TOP, PAD_X, PAD_Y, Page, Pages,
                    Piece, paginate)

PAGE_WIDTH, PAGE_HEIGHT = A4
LINE_WIDTH = 0.6
FOOTER_SIZE = 9
DRAFT_MARK = "草稿"
BASELINE = 0.38  # how far below the middle of its line a CJK glyph's baseline sits, in ems


def write_pdf(forms: Iterable[Form], stream: BinaryIO, draft: bool = False) -> None:
    """Write the forms to `stream` as one PDF, each form starting on a new page; "草稿" across every
    page when `draft`."""
    forms = list(forms)
    measure = measure_for(font_chain())
    canvas = Canvas(stream, pagesize=A4, pageCompression=1, initialFontName=measure.fonts.primary)
    _describe(canvas, forms)
    for number, form in enumerate(forms):
        pages = paginate(build_sheet(form, evaluate(form)[0]), measure)
        _draw_form(canvas, measure, pages, f"form-{number}", bool(draft))
    if len(forms) > 1:
        canvas.showOutline()
    canvas.save()


def pdf_bytes(forms: Iterable[Form], draft: bool = False) -> bytes:
    buffer = io.BytesIO()
    write_pdf(forms, buffer, draft)
    return buffer.getvalue()


def _describe(canvas: Canvas, forms: list[Form]) -> None:
    first = forms[0] if forms else None
    if first is not None:
        canvas.setTitle(first.project_name or first.template.title if len(forms) == 1 else first.template.title)
        canvas.setSubject(first.template.title)
    canvas.setCreator(f"evaldesk {__version__}")


def _draw_form(canvas: Canvas, measure: Measure, pages: Pages, key: str, draft: bool) -> None:
    for number, page in enumerate(pages.pages, start=1):
        if number == 1:
            canvas.bookmarkPage(key)
            canvas.addOutlineEntry(pages.name, key, level=0)
        if draft:
            _draw_watermark(canvas, measure)
        _draw_page(canvas, measure, pages, page)
        _draw_footer(canvas, measure, number, len(pages.pages))
        canvas.showPage()


def _draw_page(canvas: Canvas, measure: Measure, pages: Pages, page: Page) -> None:
    heights = page.heights
    tops, y = [], PAGE_HEIGHT - MARGIN_TOP
    for height in heights:
        tops.append(y)
        y -= height
    canvas.setLineWidth(LINE_WIDTH)
    for piece in page.pieces:
        cell = piece.cell
        x = MARGIN_SIDE + pages.col_x[cell.col]
        width = pages.col_x[cell.col + cell.colspan] - pages.col_x[cell.col]
        top, height = tops[piece.top], sum(heights[piece.top:piece.top + piece.rowspan])
        if cell.bordered:
            canvas.rect(x, top - height, width, height, stroke=1, fill=0)
        if piece.lines:
            _draw_lines(canvas, measure, piece, x, width, top, height)


def _draw_lines(canvas: Canvas, measure: Measure, piece: Piece, x: float, width: float, top: float, height: float) -> None:
    size = piece.size
    leading = size * LINE_SPACING
    block = len(piece.lines) * leading
    first_top = top - PAD_Y if piece.valign == "top" else top - (height - block) / 2
    bold = piece.cell.kind == TITLE
    if bold:  # CJK fonts have no bold face: fill and stroke the outlines, as word processors do
        canvas.saveState()
        canvas.setLineWidth(size / 30)
        canvas.addLiteral("2 Tr")
    for index, line in enumerate(piece.lines):
        baseline = first_top - index * leading - leading / 2 - BASELINE * size
        line_width = measure.width(line, size)
        if piece.cell.align == "left":
            left = x + PAD_X
        elif piece.cell.align == "right":
            left = x + width - PAD_X - line_width
        else:
            left = x + (width - line_width) / 2
        _draw_runs(canvas, measure, line, left, baseline, size)
    if bold:
        canvas.restoreState()


def _draw_runs(canvas: Canvas, measure: Measure, line: str, x: float, y: float, size: float) -> None:
    """One line, each run of characters in the first font of the chain that has them."""
    text = canvas.beginText(x, y)
    run, run_font = [], None
    for char in line:
        font = measure.font_of(char) if not char.isspace() else (run_font or measure.fonts.primary)
        if font != run_font and run:
            text.setFont(run_font, size)
            text.textOut("".join(run))
            run = []
        run_font = font
        run.append(char)
    if run:
        text.setFont(run_font, size)
        text.textOut("".join(run))
    canvas.drawText(text)


def _draw_watermark(canvas: Canvas, measure: Measure) -> None:
    canvas.saveState()
    canvas.setFillColorRGB(0.82, 0.82, 0.82)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(40)
    canvas.setFont(measure.fonts.primary, 150)
    canvas.drawCentredString(0, -50, DRAFT_MARK)
    canvas.restoreState()


def _draw_footer(canvas: Canvas, measure: Measure, number: int, count: int) -> None:
    canvas.setFont(measure.fonts.primary, FOOTER_SIZE)
    canvas.drawCentredString(PAGE_WIDTH / 2, MARGIN_FOOTER, FOOTER.format(page=number, pages=count))
