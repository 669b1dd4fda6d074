"""PDF export: the printed form on A4, ready to sign and stamp.

`write_pdf(forms, stream)` draws each form's sheet (evaldesk.domain.sheet, the one printed layout) as a
bordered grid with merged cells, in an embedded Chinese font, cut into pages by pdf_pages, numbered
"第 X 页 共 Y 页" per form, with a bookmark per form and a "草稿" watermark on forms that still have
problems. The window's print preview and print paint these very pages.
"""
from __future__ import annotations

from typing import BinaryIO, Iterable

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from .. import __version__
from ..domain.form import Form
from ..domain.problems import evaluate
from ..domain.sheet import TITLE, build_sheet
from .fonts import FontChain, font_chain
from .pdf_grid import PAD_X, PAD_Y, Grid, GridBuilder
from .pdf_pages import Page, page_heights, paginate, placed_boxes

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 15 * mm, 14 * mm, 16 * mm
FOOTER_Y = 8.5 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
LINE_WIDTH = 0.6
DRAFT_MARK = "草稿"
DRAFT_SEVERITIES = ("error", "warning")


def write_pdf(forms: Iterable[Form], stream: BinaryIO, draft: bool | None = None) -> None:
    """Write the forms to `stream` as one PDF, each form starting on a new page.

    draft=None marks "草稿" on the forms that have problems (errors or warnings), True on every
    form, False on none.
    """
    forms = list(forms)
    fonts = font_chain()
    canvas = Canvas(stream, pagesize=A4, pageCompression=1, initialFontName=fonts.primary)
    _describe(canvas, forms)
    for number, form in enumerate(forms):
        figures, problems = evaluate(form)
        marked = draft if draft is not None else any(p.severity in DRAFT_SEVERITIES for p in problems)
        grid = GridBuilder(fonts, FRAME_WIDTH).build(build_sheet(form, figures))
        _draw_form(canvas, fonts, grid, paginate(grid, FRAME_HEIGHT), f"form-{number}", marked)
    if len(forms) > 1:
        canvas.showOutline()
    canvas.save()


def pdf_bytes(forms: Iterable[Form], draft: bool | None = None) -> bytes:
    import io

    buffer = io.BytesIO()
    write_pdf(forms, buffer, draft)
    return buffer.getvalue()


def _describe(canvas: Canvas, forms: list[Form]) -> None:
    first = forms[0] if forms else None
    if first is not None:
        canvas.setTitle(first.project_name or first.template.title if len(forms) == 1 else first.template.title)
        canvas.setSubject(first.template.title)
    canvas.setCreator(f"evaldesk {__version__}")


def _draw_form(canvas: Canvas, fonts: FontChain, grid: Grid, pages: list[Page], key: str, marked: bool) -> None:
    for number, page in enumerate(pages, start=1):
        if number == 1:
            canvas.bookmarkPage(key)
            canvas.addOutlineEntry(grid.name, key, level=0)
        if marked:
            _draw_watermark(canvas, fonts)
        _draw_page(canvas, grid, page)
        _draw_footer(canvas, fonts, number, len(pages))
        canvas.showPage()


def _draw_page(canvas: Canvas, grid: Grid, page: Page) -> None:
    placed = placed_boxes(grid, page.rows)
    heights = page_heights(grid, page.rows, placed)
    tops, y = [], PAGE_HEIGHT - MARGIN_TOP
    for height in heights:
        tops.append(y)
        y -= height
    canvas.setLineWidth(LINE_WIDTH)
    for p in placed:
        box = p.box
        x = MARGIN_X + grid.col_x[box.col]
        width = grid.col_x[box.col + box.colspan] - grid.col_x[box.col]
        top, height = tops[p.first], sum(heights[p.first:p.last + 1])
        if box.bordered:
            canvas.rect(x, top - height, width, height, stroke=1, fill=0)
        if box.para is None:
            continue
        content = box.height - 2 * PAD_Y
        inset = PAD_Y if box.valign == "top" else (height - content) / 2
        if box.kind == TITLE:
            _draw_bold(canvas, box.para, x + PAD_X, top - inset - content)
        else:
            box.para.drawOn(canvas, x + PAD_X, top - inset - content)


def _draw_bold(canvas: Canvas, para, x: float, y: float) -> None:
    """CJK fonts have no bold face: fill and stroke the glyph outlines, as word processors do."""
    canvas.saveState()
    canvas.setLineWidth(0.5)
    canvas.addLiteral("2 Tr")
    para.drawOn(canvas, x, y)
    canvas.restoreState()


def _draw_watermark(canvas: Canvas, fonts: FontChain) -> None:
    canvas.saveState()
    canvas.setFillColorRGB(0.82, 0.82, 0.82)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(40)
    canvas.setFont(fonts.primary, 150)
    canvas.drawCentredString(0, -50, DRAFT_MARK)
    canvas.restoreState()


def _draw_footer(canvas: Canvas, fonts: FontChain, number: int, count: int) -> None:
    canvas.setFont(fonts.primary, 9)
    canvas.drawCentredString(PAGE_WIDTH / 2, FOOTER_Y, f"第 {number} 页 共 {count} 页")
