"""The printed pages of a form, decided once for the PDF and the workbook alike.

`paginate(sheet, measure)` measures every cell of the sheet (evaldesk.domain.sheet) in the printed
font on A4 and cuts the rows into pages: what each page holds, row by row, with each row's height and
each cell's text and lines. The PDF draws these pages; the workbook gets the same rows, heights and
manual page breaks at a fixed print scale, so Excel, WPS and LibreOffice break where the PDF breaks.

The rules of the paper: the indicator header (and the 预期目标 | 实际完成情况 line, the funds header)
is printed again at the top of a page that starts inside its block; a label spanning rows that go on
over a page is printed again there, marked （续）, and so is the label beside a long text that goes on;
a long text is cut between two lines (at least two lines on each side), never moved whole leaving a
gap; titles and headers are never the last row of a page; the total and the signatures go with at
least two indicator rows, so no page holds only headers, a total or a signature.
"""
from __future__ import annotations

import math
import re

from ..domain import sheet as sh
from ..domain.value import Fresh, Value
from .lines import Measure

MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM, MARGIN_FOOTER = 15 * MM, 15 * MM, 18 * MM, 9 * MM
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_SIDE
FRAME_HEIGHT = (PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM) * 0.985  # slack for the spreadsheets' rounding
FOOTER = "第 {page} 页 共 {pages} 页"  # the one wording of the footer, in the PDF and the workbook

BODY_SIZE, LEAST_SIZE = 10.5, 9.0  # 五号; a figure too wide for its column may go down to 9 pt, no further
SIZES = {sh.TITLE: 16.0, sh.SUBTITLE: 12.0}
LINE_SPACING = 1.34  # leading / size: above what Excel (宋体) and LibreOffice need for a line
PAD_X, PAD_Y = 3.5, 3.0
WRAP_SLACK = 0.2  # ems kept free at each line end: the spreadsheets wrap a little narrower than the font's own widths
NUMBER_SLACK = 1.0  # points: figures are in the same half-width digits everywhere
LEAST_HEIGHT = {"title": 0.0, "signature": 34.0, "stamp": 96.0, "notes": 0.0}
MIN_ROW = 20.0  # room for a pen, even for short values
KEEP_LINES = 2  # a long text cut over pages keeps at least two lines on each side
CONTINUED = "（续）"
CLOSING = ("total", "figures", "notes", "signature", "stamp")  # a form's last rows: kept with two indicator rows
NUMBER = re.compile(r"^[-+]?[\d,.]+%?$")
SPLITTABLE = (sh.LONG, sh.NOTE, sh.VALUE)


class Measured(Value, mutable=True):
    """One cell of the sheet in print: its size and where its lines start in `text`."""
    cell: sh.Cell
    text: str
    size: float
    starts: tuple[int, ...]
    least_lines: int = 1

    @property
    def leading(self) -> float:
        return self.size * LINE_SPACING

    def height(self, lines: int) -> float:
        return max(lines, 0 if self.text else self.least_lines) * self.leading + 2 * PAD_Y

    @property
    def long(self) -> bool:
        """A text that may be cut between lines over two pages (not a figure, not a label)."""
        return self.cell.rowspan == 1 and self.cell.kind in SPLITTABLE and self.cell.value is None


class Slice(Value, mutable=True):
    """A sheet row as it is printed on one page: lines first..last of its long texts, or all of it."""
    row: int
    first: int = 0
    last: int | None = None  # None: to the end
    repeated: bool = False  # a header printed again at the top of a page
    height: float = 0.0

    @property
    def continued(self) -> bool:
        return self.first > 0


class Piece(Value, mutable=True):
    """A cell as drawn on one page: from page row `top` down `rowspan` rows."""
    cell: sh.Cell
    text: str
    lines: list[str]
    size: float
    top: int
    rowspan: int = 1
    whole: bool = True  # the cell's own text, not a part of it nor a repeated label
    repeat: bool = False  # printed again (a repeated header, a label marked （续）, an empty continuation)

    @property
    def valign(self) -> str:
        top = self.cell.kind in (sh.LONG, sh.NOTE) or self.cell.kind == sh.SIGNATURE and "盖章" in self.cell.text
        return "top" if top else "middle"


class Page(Value, mutable=True):
    slices: list[Slice]
    pieces: list[Piece] = Fresh(list)

    @property
    def heights(self) -> list[float]:
        return [s.height for s in self.slices]

    def first_texts(self) -> list[str]:
        """The texts of the first row of the page, left to right: how a reader knows where it starts."""
        return [p.text for p in sorted(self.pieces, key=lambda p: p.cell.col) if p.top == 0 and p.text]


class Pages(Value, mutable=True):
    title: str
    name: str
    col_x: list[float]  # left edge of each column from the frame's left, and the right edge of the last
    pages: list[Page]


def column_edges(widths, total: float = FRAME_WIDTH) -> list[float]:
    scale = total / float(sum(widths))
    edges, x = [0.0], 0.0
    for w in widths:
        x += float(w) * scale
        edges.append(x)
    return edges


def paginate(sheet: sh.Sheet, measure: Measure, page_height: float = FRAME_HEIGHT) -> Pages:
    col_x = column_edges(sheet.column_widths)
    flow = _Flow(sheet, measure, col_x, page_height)
    pages = [Page(slices) for slices in flow.pages()]
    for page in pages:
        flow.finish(page)
    return Pages(sheet.title, sheet.name, col_x, pages)


class _Flow:
    def __init__(self, sheet: sh.Sheet, measure: Measure, col_x: list[float], page_height: float) -> None:
        self.sheet, self.measure, self.col_x, self.page_height = sheet, measure, col_x, page_height
        self.rows = sheet.rows
        self.measured = [[self.measure_cell(cell) for cell in row.cells] for row in self.rows]
        self.header_of = _headers(self.rows)
        self.keep, self.closing_chain = _keeps(self.rows)
        self.spans = _spans(self.rows)  # sheet row -> the spanning cells (row, index) covering it
        self._continued: dict[int, Measured] = {}

    # ------------------------------------------------------------------------------ measuring

    def measure_cell(self, cell: sh.Cell, text: str | None = None) -> Measured:
        text = cell.text if text is None else text
        inner = self.col_x[cell.col + cell.colspan] - self.col_x[cell.col] - 2 * PAD_X
        size = SIZES.get(cell.kind, BODY_SIZE)
        figure = bool(text) and NUMBER.match(text) is not None
        wrap = inner - NUMBER_SLACK if figure else max(inner - WRAP_SLACK * size, size)
        if figure and self.measure.width(text, size) > wrap:
            size = max(LEAST_SIZE, math.floor(size * wrap / self.measure.width(text, size) * 2) / 2)
        balanced = cell.kind in (sh.LABEL, sh.HEADER, sh.VALUE)  # short texts: even lines (“项目完成 / 及时性”)
        starts = self.measure.starts(text, wrap, size, balanced) if text else (0,)
        return Measured(cell, text, size, starts, cell.room)

    def continued_label(self, m: Measured) -> Measured:
        found = self._continued.get(id(m.cell))
        if found is None:
            found = self._continued[id(m.cell)] = self.measure_cell(m.cell, m.text + CONTINUED)
        return found

    def slice_height(self, s: Slice) -> float:
        row = self.rows[s.row]
        height = LEAST_HEIGHT.get(row.role, MIN_ROW)
        for m in self.measured[s.row]:
            if m.cell.rowspan > 1:
                continue
            if m.long:
                last = len(m.starts) if s.last is None else min(s.last, len(m.starts))
                lines = max(0, last - min(s.first, len(m.starts)))
                height = max(height, m.height(lines) if lines or not s.continued else 0)
            elif not s.continued:
                height = max(height, m.height(len(m.starts)))
            elif m.cell.kind in (sh.LABEL, sh.HEADER):
                c = self.continued_label(m)
                height = max(height, c.height(len(c.starts)))
        return height

    def long_lines(self, row: int) -> int:
        return max([len(m.starts) for m in self.measured[row] if m.long and m.text] or [0])

    # ------------------------------------------------------------------------------ cutting

    def pages(self) -> list[list[Slice]]:
        pages: list[list[Slice]] = []
        position = (0, 0)
        while position[0] < len(self.rows):
            slices, position = self.fill(position, first_page=not pages)
            pages.append(slices)
        return pages

    def fill(self, position: tuple[int, int], first_page: bool) -> tuple[list[Slice], tuple[int, int]]:
        row, line = position
        page = _PageState(self)
        header = self.header_of.get(row)
        if header is not None and not first_page and (row != header or line > 0):
            page.add(Slice(header, repeated=True))
        while row < len(self.rows):
            whole = Slice(row, line)
            if page.fits(whole):
                page.add(whole)
                row, line = row + 1, 0
                continue
            cut = self.cut(page, row, line)
            if cut is not None:
                page.add(Slice(row, line, cut))
                return page.slices, (row, cut)
            row, line = page.back_off(row, line)
            if not page.content:
                # nothing fits and nothing can be cut so that it fits: the row goes on the page whole
                page.add(Slice(row, line))
                row, line = row + 1, 0
            break
        return page.slices, (row, line)

    def cut(self, page: "_PageState", row: int, line: int) -> int | None:
        """The line at which row `row` (from `line` on) is cut so that its head fits the page."""
        total = self.long_lines(row)
        if total - line < 2 * KEEP_LINES and page.content:
            return None
        chain = self.closing_chain
        if chain is not None and row >= chain and any(not s.repeated and s.row < chain for s in page.slices):
            return None  # the last indicator rows go to the next page whole, with the total and signatures
        last = None
        for end in range(line + 1, total):
            if total - end < KEEP_LINES:
                break
            if not page.fits(Slice(row, line, end)):
                break
            last = end
        if last is None:
            return None
        if last - line < KEEP_LINES and page.content:
            return None
        return last

    # ------------------------------------------------------------------------------ a page's cells

    def finish(self, page: Page) -> None:
        state = _PageState(self)
        for s in page.slices:
            state.add(s)
        for s, height in zip(page.slices, state.heights()):
            s.height = height
        for top, s in enumerate(page.slices):
            for m in self.measured[s.row]:
                if m.cell.rowspan == 1:
                    page.pieces.append(self.piece(m, s, top))
        for (row, index), tops in _span_rows(page.slices, self.spans).items():
            m = self.measured[row][index]
            started = any(s.row == row and not s.repeated and not s.continued for s in page.slices)
            shown = m if started else self.continued_label(m)
            page.pieces.append(Piece(m.cell, shown.text, self.measure.lines(shown.text, shown.starts), shown.size,
                                     tops[0], tops[-1] - tops[0] + 1, whole=started, repeat=not started))

    def piece(self, m: Measured, s: Slice, top: int) -> Piece:
        if m.long and (s.continued or s.last is not None):
            starts = m.starts[s.first:s.last]
            end = m.starts[s.last] if s.last is not None and s.last < len(m.starts) else len(m.text)
            text = m.text[starts[0]:end] if starts else ""
            lines = self.measure.lines(m.text, m.starts, s.first, s.last)
            return Piece(m.cell, text, lines, m.size, top, whole=False)
        if s.continued:
            if m.cell.kind in (sh.LABEL, sh.HEADER) and m.text:
                c = self.continued_label(m)
                return Piece(m.cell, c.text, self.measure.lines(c.text, c.starts), c.size, top, whole=False, repeat=True)
            return Piece(m.cell, "", [], m.size, top, whole=False, repeat=True)
        lines = self.measure.lines(m.text, m.starts)
        return Piece(m.cell, m.text, lines, m.size, top, whole=not s.repeated, repeat=s.repeated)


class _PageState:
    """The slices put on a page so far, and its height with spanning labels given their room."""

    def __init__(self, flow: _Flow) -> None:
        self.flow = flow
        self.slices: list[Slice] = []
        self._heights: list[float] = []

    @property
    def content(self) -> bool:
        """Whether the page holds a row of its own (not just a repeated header)."""
        return any(not s.repeated for s in self.slices)

    def add(self, s: Slice) -> None:
        self.slices.append(s)
        self._heights.append(self.flow.slice_height(s))

    def fits(self, s: Slice) -> bool:
        base = self._heights + [self.flow.slice_height(s)]
        return sum(_with_spans(self.flow, self.slices + [s], base)) <= self.flow.page_height + 1e-6

    def heights(self) -> list[float]:
        return _with_spans(self.flow, self.slices, list(self._heights))

    def back_off(self, row: int, line: int) -> tuple[int, int]:
        """Take back the rows that must not end a page (headers, the rows before the total), while
        something of the page's own stays on it."""
        while self.slices and not self.slices[-1].repeated and self.flow.keep.get(self.slices[-1].row):
            if sum(1 for s in self.slices if not s.repeated) <= 1:
                break
            last = self.slices.pop()
            self._heights.pop()
            row, line = last.row, last.first
        return row, line


def _with_spans(flow: _Flow, slices: list[Slice], heights: list[float]) -> list[float]:
    """Heights with each spanning label's lack added to the last row it covers on the page."""
    for (row, index), tops in sorted(_span_rows(slices, flow.spans).items(), key=lambda item: (item[1][-1], -item[1][0])):
        m = flow.measured[row][index]
        started = any(s.row == row and not s.repeated and not s.continued for s in slices)
        shown = m if started else flow.continued_label(m)
        lacking = shown.height(len(shown.starts)) - sum(heights[tops[0]:tops[-1] + 1])
        if lacking > 0:
            heights[tops[-1]] += lacking
    return heights


def _span_rows(slices: list[Slice], spans: dict[int, list[tuple[int, int]]]) -> dict[tuple[int, int], list[int]]:
    """For each spanning cell shown on the page, the page rows it covers."""
    covered: dict[tuple[int, int], list[int]] = {}
    for top, s in enumerate(slices):
        for key in spans.get(s.row, ()):
            covered.setdefault(key, []).append(top)
    return covered


def _spans(rows: list[sh.SheetRow]) -> dict[int, list[tuple[int, int]]]:
    spans: dict[int, list[tuple[int, int]]] = {}
    for r, row in enumerate(rows):
        for index, cell in enumerate(row.cells):
            if cell.rowspan > 1:
                for covered in range(r, min(r + cell.rowspan, len(rows))):
                    spans.setdefault(covered, []).append((r, index))
    return spans


def _headers(rows: list[sh.SheetRow]) -> dict[int, int]:
    """Sheet row -> the header row printed again above it when a page starts there."""
    headers: dict[int, int] = {}
    current: int | None = None
    for r, row in enumerate(rows):
        if row.role == "table-header":
            current = r if row.repeat else None
        elif row.role == "goals" or row.role == "funds" and any(c.rowspan > 1 for c in row.cells):
            current = r
        elif row.role in ("table-row", "total") and current is not None and rows[current].role == "table-header":
            pass
        elif row.role == "goals-text" and current is not None and rows[current].role == "goals":
            pass
        elif row.role == "funds" and current is not None and rows[current].role == "funds":
            pass
        else:
            current = None
        if current is not None and current != r:
            headers[r] = current
    return headers


def _keeps(rows: list[sh.SheetRow]) -> tuple[dict[int, bool], int | None]:
    """Rows that must not be the last of a page: titles, headers, and from the indicator row before
    the last one down to the signatures (the closing block goes with at least two indicator rows);
    and the first row of that closing chain."""
    keep: dict[int, bool] = {}
    for r, row in enumerate(rows):
        header = row.role in ("title", "table-header") or row.role in ("funds", "goals") and any(c.rowspan > 1 for c in row.cells)
        keep[r] = header
    closing = len(rows)
    while closing > 0 and rows[closing - 1].role in CLOSING:
        closing -= 1
    if closing == len(rows):
        return keep, None
    first = closing
    while first > 0 and closing - first < 2 and rows[first - 1].role == "table-row":
        first -= 1
    for r in range(first, len(rows) - 1):
        keep[r] = True
    return keep, first
