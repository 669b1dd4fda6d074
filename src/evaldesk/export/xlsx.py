"""Excel export: one sheet per form, laid out cell for cell like the printed form, on the PDF's pages.

The pages come from export.pages (the same pages the PDF draws): each printed row becomes a sheet row
of exactly its height (a row taller than Excel's 409 pt becomes several), the headers and the （续）
labels that a page repeats are written on that page, and a manual page break ends each page, at a
fixed print scale of 100 % with the columns as wide as the PDF's, so Excel, WPS and LibreOffice break
where the PDF breaks. A text the clerk typed is always written as text, never as a formula. Styles
are made once per look and shared by every cell that has it. A hidden record (storage.workbook_record) lets
the import give back exactly the exported form.
"""
from __future__ import annotations

import math
import re
from copy import copy
from decimal import Decimal
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties

from ..domain.form import Form
from ..domain.places import cell_place, field_place, funds_place
from ..domain.problems import evaluate
from ..domain.sheet import DERIVED, TITLE, Cell, Sheet, build_sheet
from . import xlsx_layout as layout
from ..domain.value import Value
from .fonts import font_chain
from .lines import Measure, measure_for
from .xlsx_choices import add_choice_lists
from .xlsx_cells import fast_cells
from .pages import FOOTER, SPLITTABLE, Pages, Piece, paginate
from ..storage.workbook_record import PlaceRecord, SheetRecord, write_marker

FONT_NAME = "宋体"
NUMBER_FORMATS = {"money": "#,##0.00", "rate": "0.00%", "score": "General"}
FORMULA_START = ("=", "+", "-", "@")
FOOTER_SIZE = 9
DRAFT_MARK = "草稿"
EXCEL_CELL_LIMIT = 32767
_THIN = Side(style="thin", color="000000")


class Placed(Value, mutable=True):
    """A printed cell (or a piece of one) on Excel rows top..bottom, columns left..right."""

    cell: Cell
    text: str
    top: int
    bottom: int
    left: int
    right: int
    piece: Piece | None = None

    @property
    def repeat(self) -> bool:
        return self.piece is not None and self.piece.repeat

    @property
    def whole(self) -> bool:
        return self.piece is None or self.piece.whole


def write_xlsx(forms: list[Form], stream: BinaryIO, draft: bool = False) -> None:
    """Write the forms to `stream` as one workbook, one sheet each; "草稿" in the page header when `draft`."""
    workbook = _workbook(forms, draft)
    try:
        with fast_cells():
            workbook.save(stream)
    finally:
        _let_go(workbook)


def _workbook(forms: list[Form], draft: bool) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    _default_font(workbook)
    sheets = [build_sheet(form, evaluate(form)[0]) for form in forms]
    _refuse_overlong(sheets)
    titles = layout.safe_sheet_titles([sheet.name for sheet in sheets])
    styles = _Styles()
    measure = measure_for(font_chain())
    records = {}
    for form, sheet, title in zip(forms, sheets, titles):
        worksheet = workbook.create_sheet(title)
        placed = write_sheet(worksheet, sheet, measure, styles, draft)
        add_choice_lists(worksheet, form.template, placed)
        records[title] = _record(form, placed)
    write_marker(workbook, records)
    workbook.active = 0
    workbook.properties.creator = "evaldesk"
    return workbook


def _let_go(workbook: Workbook) -> None:
    """A cell refers to its sheet and the sheet to its cells: a cycle that only a collection over the whole
    heap frees (half a second after 500 forms, in the process's last collection when nothing sooner).
    The sheets let go of their cells once saved, and reference counting frees the cells at once (the few
    sheet and workbook objects, which refer to each other, still wait for the collector)."""
    for worksheet in workbook.worksheets:
        worksheet._cells.clear()


def _refuse_overlong(sheets: list[Sheet]) -> None:
    """Before any work: a text that would go whole into one cell and is longer than Excel's 32,767
    characters is refused in a sentence. (Long texts are cut between lines page by page, so only a
    text placed into a title line or a label can reach this.)"""
    for sheet in sheets:
        for row in sheet.rows:
            for cell in row.cells:
                if len(cell.text) > EXCEL_CELL_LIMIT and not (cell.rowspan == 1 and cell.kind in SPLITTABLE):
                    raise ValueError(f"“{cell.text[:12]}…”共 {len(cell.text):,} 个字符，超过 Excel 一个单元格能存的 "
                                     f"{EXCEL_CELL_LIMIT:,} 个字符，无法导出为 Excel；请缩短后再导出，或导出 PDF。")


def write_sheet(worksheet, sheet: Sheet, measure: Measure, styles: "_Styles", draft: bool = False) -> list[Placed]:
    pages = paginate(sheet, measure)
    for index, width in enumerate(layout.excel_widths(pages.col_x), start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    placed, breaks, heights = place_pages(pages)
    for row, height in heights.items():
        worksheet.row_dimensions[row].height = height
    for row in breaks:
        worksheet.row_breaks.append(Break(id=row))
    for item in placed:
        _write_cell(worksheet, item, styles)
    _print_setup(worksheet, draft)
    return placed


# ------------------------------------------------------------------------------------------ placing


def place_pages(pages: Pages) -> tuple[list[Placed], list[int], dict[int, float]]:
    """The pages' rows as Excel rows: the pieces on them, the Excel rows that end a page, and each
    row's height (a printed row taller than Excel allows is shared out over several)."""
    placed, breaks, heights, row = [], [], {}, 1
    for page in pages.pages:
        firsts, lasts = [], []
        for height in page.heights:
            count = max(1, math.ceil(height / layout.MAX_ROW_HEIGHT))
            firsts.append(row)
            for _ in range(count):
                heights[row] = layout.ceil_height(height / count)
                row += 1
            lasts.append(row - 1)
        for piece in page.pieces:
            cell = piece.cell
            placed.append(Placed(cell, piece.text, firsts[piece.top], lasts[piece.top + piece.rowspan - 1],
                                 cell.col + 1, cell.col + cell.colspan, piece))
        breaks.append(row - 1)
    return placed, breaks[:-1], heights


# ------------------------------------------------------------------------------------------ writing


def _default_font(workbook) -> None:
    """宋体 10.5 pt as the workbook's own font: its digits are 7 pixels wide at 96 dpi in Excel and in
    LibreOffice alike, and the column widths (counted in those digits) print the same in both."""
    font = Font(name=FONT_NAME, sz=layout.DEFAULT_FONT_SIZE, family=3, charset=134)
    workbook._fonts = IndexedList([font])
    workbook._named_styles["Normal"].font = font


class _Styles:
    """Each look (font size, alignment, number format, which border lines) built once, then copied
    as openpyxl's style indices onto every cell that has it: no style hashing per cell."""

    def __init__(self) -> None:
        self._made: dict[tuple, object] = {}

    def apply(self, target, key: tuple, make) -> None:
        style = self._made.get(key)
        if style is None:
            make(target)
            self._made[key] = copy(target._style)
        else:
            target._style = copy(style)


def _write_cell(worksheet, item: Placed, styles: _Styles) -> None:
    cell = item.cell
    target = worksheet.cell(row=item.top, column=item.left)
    number = _number(cell) if item.whole else None
    if number is not None:
        target.value = number
    else:
        _write_text(target, item.text)
    size = item.piece.size if item.piece is not None else 10.5
    vertical = "top" if item.piece is not None and item.piece.valign == "top" else "center"
    fmt = "General"
    if number is not None:
        fmt = _rate_format(cell.text) if cell.number_format == "rate" else NUMBER_FORMATS[cell.number_format]
    quoted = number is None and item.text.lstrip(" \t\r\n").startswith(FORMULA_START)  # Excel trims leading blanks

    def make_first(c):
        c.font = Font(name=FONT_NAME, size=size, bold=cell.kind == TITLE)
        c.alignment = Alignment(horizontal=cell.align, vertical=vertical, wrap_text=True)
        c.number_format = fmt
        c.quotePrefix = quoted

    if item.bottom > item.top or item.right > item.left:
        _merge(worksheet, item)
    for row in range(item.top, item.bottom + 1):
        for column in range(item.left, item.right + 1):
            sides = (column == item.left, column == item.right, row == item.top, row == item.bottom) if cell.bordered else None
            first = row == item.top and column == item.left
            if first:
                key = ("first", size, cell.kind == TITLE, cell.align, vertical, fmt, quoted, sides)
                styles.apply(target, key, _styler(make_first, sides))
                continue
            covered = MergedCell(worksheet, row=row, column=column)
            worksheet._cells[row, column] = covered
            if sides is not None:
                styles.apply(covered, ("edge", sides), _styler(None, sides))


def _merge(worksheet, item: Placed) -> None:
    """Merge the item's cells; `_write_cell` makes the covered cells and gives the edge ones their border
    lines, from the same looks as every other cell. openpyxl's `merge_cells` would first compare the new
    range with every range merged before (quadratic in the pages: 18 of the 20 s a form with 20,000
    characters in every text took), then copy borders through style hashing (a fifth of a batch's time).
    The pages' pieces never overlap, so the range goes in as it is."""
    worksheet.merged_cells.ranges.add(CellRange(min_col=item.left, min_row=item.top, max_col=item.right,
                                                max_row=item.bottom))


def _styler(make_first, sides):
    def make(target):
        if make_first is not None:
            make_first(target)
        if sides is not None:
            left, right, top, bottom = sides
            target.border = Border(left=_THIN if left else None, right=_THIN if right else None,
                                   top=_THIN if top else None, bottom=_THIN if bottom else None)
    return make


def _write_text(target, text: str) -> None:
    """Typed text stays text: no formula, no number, whatever it starts with. Set as openpyxl's `value`
    would set it (cut at Excel's limit), without its second search for the characters just removed."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)[:EXCEL_CELL_LIMIT]
    target._value, target.data_type = (text, "s") if text else (None, "n")


def _number(cell: Cell) -> Decimal | None:
    if cell.value is None or cell.number_format not in NUMBER_FORMATS:
        return None
    if cell.number_format == "rate":
        return _printed_rate(cell.text)
    if cell.number_format == "score":
        return Decimal(cell.text) if cell.text else None
    return cell.value


def _rate_format(text: str) -> str:
    """0% / 0.0% / 0.00%: as many decimals as the issuer prints (86%, 86.5%, 86.20%)."""
    decimals = len(text.strip().removesuffix("%").partition(".")[2])
    return "0." + "0" * decimals + "%" if decimals else "0%"


def _printed_rate(text: str) -> Decimal | None:
    """The rate as the form prints it (the template's rounding), so that 0.00% shows the same text."""
    match = re.fullmatch(r"(-?\d+(?:\.\d+)?)%", text.strip())
    return Decimal(match.group(1)) / 100 if match else None


def _print_setup(worksheet, draft: bool) -> None:
    """A4 portrait at 100 %, the PDF's margins: the manual page breaks are the only ones."""
    worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
    worksheet.page_setup.orientation = "portrait"
    worksheet.page_setup.scale = 100
    worksheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)
    worksheet.page_margins = PageMargins(**layout.margins())
    worksheet.print_options.horizontalCentered = True
    footer = FOOTER.format(page="&P", pages="&N")
    worksheet.oddFooter.center.text = footer
    worksheet.oddFooter.center.font = f"{FONT_NAME},Regular"
    worksheet.oddFooter.center.size = FOOTER_SIZE
    if draft:
        worksheet.oddHeader.center.text = DRAFT_MARK
        worksheet.oddHeader.center.font = f"{FONT_NAME},Bold"
        worksheet.oddHeader.center.size = 28
        worksheet.oddHeader.center.color = "AAAAAA"


# ------------------------------------------------------------------------------------------ record


def _record(form: Form, placed: list[Placed]) -> SheetRecord:
    """The hidden record of one sheet: template, unit, typed texts and where each is shown."""
    template = form.template
    record = SheetRecord(template.id, template.version, template.source, form.amount_unit)
    for key, value in form.fields.items():
        record.places[str(field_place(key))] = PlaceRecord(value)
    for row_key, columns in form.funds.items():
        for column, value in columns.items():
            record.places[str(funds_place(row_key, column))] = PlaceRecord(value)
    for table, rows in form.tables.items():
        record.rows[table] = len(rows)
        for index, row in enumerate(rows):
            for column, value in row.values.items():
                record.places[str(cell_place(table, index, column))] = PlaceRecord(value)
    for item in placed:
        _note_place(record, item)
    return record


def _note_place(record: SheetRecord, item: Placed) -> None:
    cell = item.cell
    address = f"{get_column_letter(item.left)}{item.top}"
    if cell.kind == DERIVED and item.whole:
        record.derived.append(address)
    if cell.place is None or item.repeat:
        if cell.kind in ("label", "header") and item.text:
            record.labels.append((address, ILLEGAL_CHARACTERS_RE.sub("", item.text)))
        return
    entry = record.places.setdefault(str(cell.place), PlaceRecord(""))
    entry.addresses.append(address)
    number = _number(cell) if item.whole else None
    if number is not None:
        entry.number, entry.shown = True, str(number)
    elif len(entry.addresses) == 1:  # a long text on many pages: cleaned once, not once a page
        entry.number, entry.shown = False, ILLEGAL_CHARACTERS_RE.sub("", cell.text)
