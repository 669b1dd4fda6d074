"""Excel export: one sheet per form, laid out cell for cell like the paper form, ready to print on A4.

The layout comes from `build_sheet` (the one printed layout); this module only maps its cells to
openpyxl: merges, thin borders, 宋体, wrapped text, number formats, row heights, print setup. A text the
clerk typed is always written as text, never as a formula. A hidden record (storage.workbook_record) lets the
import give back exactly the exported form.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties

from ..domain.form import Form
from ..domain.places import cell_place, field_place, funds_place
from ..domain.problems import evaluate
from ..domain.sheet import DERIVED, LONG, NOTE, SIGNATURE, SUBTITLE, TITLE, Cell, Sheet, build_sheet
from . import xlsx_layout as layout
from ..storage.workbook_record import PlaceRecord, SheetRecord, write_marker

FONT_NAME = "宋体"
NUMBER_FORMATS = {"money": "#,##0.00", "rate": "0.00%", "score": "General"}
FORMULA_START = ("=", "+", "-", "@")
SPLITTABLE = {LONG, NOTE, "value"}
_THIN = Side(style="thin", color="000000")
_NONE = Side(style=None)


@dataclass
class Placed:
    """A sheet cell (or one piece of a long one) put on Excel rows top..bottom, columns left..right."""

    cell: Cell
    text: str
    top: int
    bottom: int
    left: int
    right: int
    piece: int = 0  # which piece of a split text
    pieces: int = 1
    tall: bool = False  # on a row cut in several: the text starts at the top


def write_xlsx(forms: list[Form], stream: BinaryIO) -> None:
    """Write the forms to `stream` as one workbook, one sheet each."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = [build_sheet(form, evaluate(form)[0]) for form in forms]
    titles = layout.safe_sheet_titles([sheet.name for sheet in sheets])
    records = {}
    for form, sheet, title in zip(forms, sheets, titles):
        worksheet = workbook.create_sheet(title)
        placed = write_sheet(worksheet, sheet)
        records[title] = _record(form, placed)
    write_marker(workbook, records)
    workbook.active = 0
    workbook.properties.creator = "evaldesk"
    workbook.save(stream)


def write_sheet(worksheet, sheet: Sheet) -> list[Placed]:
    widths = layout.column_widths(sheet.column_widths)
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    placed, starts, counts = place_cells(sheet, widths)
    heights = _set_heights(worksheet, placed, widths, sum(counts))
    header = _print_setup(worksheet, sheet, starts, counts)
    breaks = layout.page_breaks(heights, _ties(placed), header, _closing_block(sheet, starts, counts))
    for row in breaks:
        worksheet.row_breaks.append(Break(id=row))
    for item in placed:
        _write_cell(worksheet, item, breaks)
    return placed


# ------------------------------------------------------------------------------------------ placing


def place_cells(sheet: Sheet, widths: list[float]) -> tuple[list[Placed], list[int], list[int]]:
    """Every cell on its Excel rows; a text too tall for one row goes on several (Excel caps a row)."""
    pieces = {}
    counts = []
    for row in sheet.rows:
        count = 1
        for cell in row.cells:
            if cell.rowspan == 1 and cell.kind in SPLITTABLE and cell.text:
                pieces[id(cell)] = layout.split_text(cell.text, _width(widths, cell), _size(cell))
                count = max(count, len(pieces[id(cell)]))
        counts.append(count)
    starts = [1 + sum(counts[:index]) for index in range(len(counts))]
    placed = []
    for index, row in enumerate(sheet.rows):
        for cell in row.cells:
            left, right = cell.col + 1, cell.col + cell.colspan
            texts = pieces.get(id(cell), [cell.text])
            last_row = index + cell.rowspan - 1
            bottom = starts[last_row] + counts[last_row] - 1
            for number, text in enumerate(texts):
                top = starts[index] + number
                placed.append(Placed(cell, text, top, bottom if number == len(texts) - 1 else top,
                                     left, right, number, len(texts), counts[index] > 1 and cell.kind == LONG))
    return placed, starts, counts


def _width(widths: list[float], cell: Cell) -> float:
    return sum(widths[cell.col:cell.col + cell.colspan])


def _size(cell: Cell) -> float:
    return {TITLE: layout.TITLE_SIZE, SUBTITLE: layout.SUBTITLE_SIZE}.get(cell.kind, layout.BODY_SIZE)


# ------------------------------------------------------------------------------------------ writing


def _write_cell(worksheet, item: Placed, breaks: list[int] = ()) -> None:
    cell = item.cell
    target = worksheet.cell(row=item.top, column=item.left)
    number = _number(cell) if item.pieces == 1 else None
    if number is not None:
        target.value = number
        target.number_format = _rate_format(cell.text) if cell.number_format == "rate" else NUMBER_FORMATS[cell.number_format]
    else:
        _write_text(target, item.text)
    # A page break inside a merged range: one merged cell per page, each closed by its own lines, the
    # text in the first and at its top (centred, it would print on the cut, half a line on each page).
    cuts = [row for row in breaks if item.top <= row < item.bottom]
    segments = list(zip([item.top] + [row + 1 for row in cuts], cuts + [item.bottom]))
    # A text cut over several rows reads from the top; a number shrinks rather than show ###.
    vertical = "top" if item.tall or cuts else "center"
    for top, bottom in segments:
        first = worksheet.cell(row=top, column=item.left)
        first.font = Font(name=FONT_NAME, size=_size(cell), bold=cell.kind == TITLE)
        first.alignment = Alignment(horizontal=cell.align, vertical=vertical, wrap_text=number is None,
                                    shrink_to_fit=number is not None)
        if bottom > top or item.right > item.left:
            worksheet.merge_cells(start_row=top, start_column=item.left, end_row=bottom, end_column=item.right)
        if cell.bordered:
            closed_top = top > item.top or item.piece == 0 or top - 1 in breaks
            closed_bottom = bottom < item.bottom or item.piece == item.pieces - 1 or bottom in breaks
            _border(worksheet, item, top, bottom, closed_top, closed_bottom)


def _write_text(target, text: str) -> None:
    """Typed text stays text: no formula, no number, whatever it starts with."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    target.value = text or None
    if text:
        target.data_type = "s"
        if text.lstrip(" \t\r\n").startswith(FORMULA_START):  # Excel trims leading blanks when a cell is edited
            target.quotePrefix = True  # Excel and WPS keep it text when the cell is edited


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


def _border(worksheet, item: Placed, top_row: int, bottom_row: int, closed_top: bool, closed_bottom: bool) -> None:
    """Thin lines round the cell, drawn on every cell of a merged range (or the print shows gaps).
    The pieces of a split text show no line between them (on paper it is one cell), unless a page ends there."""
    top = _THIN if closed_top else _NONE
    bottom = _THIN if closed_bottom else _NONE
    for row in range(top_row, bottom_row + 1):
        for column in range(item.left, item.right + 1):
            worksheet.cell(row=row, column=column).border = Border(
                left=_THIN if column == item.left else None,
                right=_THIN if column == item.right else None,
                top=top if row == top_row else None,
                bottom=bottom if row == bottom_row else None,
            )


def _set_heights(worksheet, placed: list[Placed], widths: list[float], rows: int) -> list[float]:
    heights = [layout.MIN_ROW_HEIGHT] * (rows + 1)
    for item in placed:
        if item.top == item.bottom:
            heights[item.top] = max(heights[item.top], _needed(item, widths))
    for item in placed:  # a cell over several rows: the last of them takes what is missing
        if item.bottom > item.top:
            missing = _needed(item, widths) - sum(heights[item.top:item.bottom + 1])
            if missing > 0:
                heights[item.bottom] += missing
    heights = [layout.ceil_height(min(height, 409)) for height in heights]
    for row in range(1, rows + 1):
        worksheet.row_dimensions[row].height = heights[row]
    return heights


def _ties(placed: list[Placed]) -> list[tuple[int, int]]:
    """Row ranges a page should not cut: a merged cell over several rows (its text sits in the middle)."""
    return [(item.top, item.bottom) for item in placed if item.bottom > item.top]


def _needed(item: Placed, widths: list[float]) -> float:
    cell = item.cell
    width = sum(widths[item.left - 1:item.right])
    height = layout.text_height(item.text, width, _size(cell))
    if cell.kind == TITLE:
        return max(height, 32.0)
    if cell.kind == SIGNATURE:
        return max(height, 30.0)
    return height


def _closing_block(sheet: Sheet, starts: list[int], counts: list[int]) -> list[tuple[int, int]]:
    """The total, notes and signature lines at the end go onto one page: a signature alone on a page
    signs nothing."""
    closing = ("total", "notes", "signature", "stamp")
    first = len(sheet.rows)
    while first > 0 and sheet.rows[first - 1].role in closing:
        first -= 1
    if first == len(sheet.rows):
        return []
    return [(starts[first], starts[-1] + counts[-1] - 1)]


def _print_setup(worksheet, sheet: Sheet, starts: list[int], counts: list[int]) -> tuple[int, int] | None:
    worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
    worksheet.page_setup.orientation = "portrait"
    worksheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.page_margins = PageMargins(
        left=layout.MARGIN_SIDE, right=layout.MARGIN_SIDE, top=layout.MARGIN_TOP, bottom=layout.MARGIN_BOTTOM,
        header=layout.MARGIN_HEADER, footer=layout.MARGIN_HEADER,
    )
    worksheet.print_options.horizontalCentered = True
    worksheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    worksheet.oddFooter.center.font = f"{FONT_NAME},Regular"
    worksheet.oddFooter.center.size = 9
    header = _repeated_header(sheet)
    if header is not None:
        first, last = starts[header], starts[header] + counts[header] - 1
        worksheet.print_title_rows = f"{first}:{last}"
        return first, last
    return None


def _repeated_header(sheet: Sheet) -> int | None:
    """The table header to repeat on each page: the one over the longest table (Excel allows one)."""
    best, best_length = None, -1
    for index, row in enumerate(sheet.rows):
        if row.repeat:
            length = 0
            for following in sheet.rows[index + 1:]:
                if following.role != "table-row":
                    break
                length += 1
            if length > best_length:
                best, best_length = index, length
    return best


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
    if cell.kind == DERIVED and item.piece == 0:
        record.derived.append(address)
    if cell.place is None:
        if cell.kind in ("label", "header") and item.text:
            record.labels.append((address, item.text))
        return
    entry = record.places.setdefault(str(cell.place), PlaceRecord(""))
    entry.addresses.append(address)
    number = _number(cell) if item.pieces == 1 else None
    entry.number = number is not None
    entry.shown = str(number) if number is not None else ILLEGAL_CHARACTERS_RE.sub("", cell.text)
