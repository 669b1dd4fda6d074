"""The sheet as measured boxes on the A4 grid: what each cell says, in which font and size, and how tall
it is once wrapped to its column width. Rows with long text can be cut in two at a given height, so a
5,000-character goal flows on to the next page instead of being lost.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib import textsplit
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, paragraph

from ..domain import sheet as sh
from .fonts import FontChain

BODY_SIZE, BODY_LEADING = 9.5, 13.5
PAD_X, PAD_Y = 3.0, 3.0
HANG = 0.5 * BODY_SIZE
# Row roles' least heights (pt): room to write by hand after a signature label, and for a round stamp.
MIN_HEIGHTS = {"title": 0, "signature": 34, "stamp": 96, "notes": 0}
MIN_ROW = 19.0
MIN_NUMBER_SIZE, MIN_LABEL_SIZE, MIN_SIZE = 6.5, 8.0, 6.0
NUMBER = re.compile(r"^[-+]?[\d,.]+%?$")
SIZES = {sh.TITLE: (17, 26), sh.SUBTITLE: (11, 18), sh.HEADLINE: (10.5, 16)}
ALIGN = {"center": TA_CENTER, "left": TA_LEFT, "right": TA_RIGHT}
KEEP_WITH_NEXT = {"title", "signature", "total"}  # never the last row of a page: the signatures go with the total


# reportlab's CJK line breaking keeps Japanese closing marks off the start of a line but not the
# Chinese full-width ones: a line starting with "，" looks broken on an official form.
CHINESE_CANNOT_START = "，：；！？”’》〉】」』…"
for _module in (paragraph, textsplit):  # both keep their own copy of the string
    if CHINESE_CANNOT_START[0] not in _module.ALL_CANNOT_START:
        _module.ALL_CANNOT_START += CHINESE_CANNOT_START


@dataclass
class Box:
    """One cell of the printed grid, starting on its row and covering `rowspan` rows."""
    col: int
    colspan: int
    rowspan: int
    kind: str
    bordered: bool
    width: float  # inner width, padding excluded
    para: Paragraph | None
    height: float = 0.0  # wrapped content height, padding included
    valign: str = "middle"

    def measure(self) -> "Box":
        self.height = 2 * PAD_Y + (self.para.wrap(self.width, 1e6)[1] if self.para else 0.0)
        return self

    def empty_like(self) -> "Box":
        return Box(self.col, self.colspan, 1, self.kind, self.bordered, self.width, None, valign=self.valign).measure()


@dataclass
class GridRow:
    boxes: list[Box]
    role: str
    repeat: bool = False  # a table header that repeats on every page
    least: float = MIN_ROW
    keep_with_next: bool = False
    natural: float = 0.0  # height needed by the boxes that start here and span one row

    def measure(self) -> "GridRow":
        self.natural = max([self.least] + [b.height for b in self.boxes if b.rowspan == 1])
        return self

    @property
    def long(self) -> bool:
        return any(b.kind == sh.LONG and b.para is not None for b in self.boxes)


@dataclass
class Grid:
    """The sheet laid on the page width: column positions and measured rows."""
    title: str
    name: str
    col_x: list[float]  # left edge of each column, and the right edge of the last one
    rows: list[GridRow] = field(default_factory=list)

    def covering(self, index: int) -> list[tuple[int, Box]]:
        """Boxes from earlier rows whose span reaches down to row `index`."""
        return [(r, b) for r in range(index) for b in self.rows[r].boxes if r + b.rowspan > index]

    def split_row(self, index: int, room: float) -> bool:
        """Cut row `index` in two so that its first part fits in `room` points; False if nothing would go on."""
        row = self.rows[index]
        head, tail, stretched = [], [], []
        for box in row.boxes:
            if box.rowspan > 1 or box.kind in (sh.LABEL, sh.HEADER):
                head.append(box)
                stretched.append(box)  # a label also heads the continuation
                continue
            first, rest = _cut(box, room)
            head.append(first)
            tail.append(rest)
        if not any(box.para is not None for box in tail):
            return False
        for box in stretched + [box for _, box in self.covering(index)]:
            box.rowspan += 1
        self.rows[index:index + 1] = [
            GridRow(head, row.role, row.repeat, row.least).measure(),
            GridRow(tail, row.role, False, MIN_ROW).measure(),
        ]
        return True


def _cut(box: Box, room: float) -> tuple[Box, Box]:
    """The part of a one-row box that fits in `room`, and what goes on to the continuation row."""
    if box.height <= room or box.para is None:
        return box, box.empty_like()
    parts = box.para.split(box.width, room - 2 * PAD_Y)
    if len(parts) < 2:
        return box.empty_like(), box  # not even a line fits: all of it goes on
    first, rest = (Box(box.col, box.colspan, 1, box.kind, box.bordered, box.width, p, valign="top").measure() for p in parts)
    return first, rest


class GridBuilder:
    """Turns a Sheet into a measured Grid for a frame `width` points wide."""

    def __init__(self, fonts: FontChain, width: float) -> None:
        self.fonts, self.width = fonts, width
        self._styles: dict[tuple[str, str, float | None], ParagraphStyle] = {}

    def build(self, sheet: sh.Sheet) -> Grid:
        col_x = _column_edges(sheet.column_widths, self.width)
        grid = Grid(sheet.title, sheet.name, col_x)
        for row in sheet.rows:
            boxes = [self.box(cell, col_x) for cell in row.cells]
            least = MIN_HEIGHTS.get(row.role, MIN_ROW)
            grid.rows.append(GridRow(boxes, row.role, row.repeat, least, _keeps_with_next(row)).measure())
        return grid

    def box(self, cell: sh.Cell, col_x: list[float]) -> Box:
        inner = col_x[cell.col + cell.colspan] - col_x[cell.col] - 2 * PAD_X
        valign = "top" if cell.kind in (sh.LONG, sh.NOTE) or cell.kind == sh.SIGNATURE and "盖章" in cell.text else "middle"
        box = Box(cell.col, cell.colspan, cell.rowspan, cell.kind, cell.bordered, inner, None, valign=valign)
        if cell.text:
            box.para, box.width = self.paragraph(cell, inner)
        return box.measure()

    def paragraph(self, cell: sh.Cell, inner: float) -> tuple[Paragraph, float]:
        """The cell's text wrapped to its width, and the width it is wrapped to.

        reportlab lets a closing "）" or "，" hang one character past the line end, so left-aligned
        text is wrapped short of the border to leave it room; centred text must fit outright. A short
        label keeps to one line, broken before its bracket ("当年预算数 / （元）：") or set a little
        smaller; whatever would still cross the border is set smaller until it fits."""
        plain = self.fonts.markup(cell.text)
        bracket = cell.text.rfind("（")
        broken = None
        if cell.kind in (sh.LABEL, sh.HEADER) and bracket > 0:
            broken = self.fonts.markup(cell.text[:bracket]) + "<br/>" + self.fonts.markup(cell.text[bracket:])
        if broken is not None:
            para = self.two_lines(broken, cell, inner)
            if para is not None:
                return para, inner
        tries = [(broken, None), (plain, self.fit(cell, inner))]
        size = SIZES.get(cell.kind, (BODY_SIZE,))[0]
        while size > MIN_SIZE:
            size -= 0.5
            tries += [(plain, size), (broken, size)]
        wraps = (inner, inner - HANG) if cell.align == "left" else (inner,)
        for markup, size in tries:
            for wrap in wraps if markup is not None else ():
                para = Paragraph(markup, self.style(cell.kind, cell.align, size))
                para.wrap(wrap, 1e6)
                # a hanging full-width mark past a line wrapped short inks only its left half
                if max(para.getActualLineWidths0() or [0]) <= inner + (HANG if wrap < inner else 0) + 0.01:
                    return para, wrap
        return para, wrap

    def two_lines(self, broken: str, cell: sh.Cell, inner: float) -> Paragraph | None:
        """A label with its unit in brackets on exactly two lines ("同名项目上年预算执行数 / （元）"), set
        a little smaller if it must, rather than its name wrapped with one character left on a line."""
        size = BODY_SIZE
        while size >= MIN_LABEL_SIZE:
            para = Paragraph(broken, self.style(cell.kind, cell.align, None if size == BODY_SIZE else size))
            para.wrap(inner, 1e6)
            widths = para.getActualLineWidths0() or [0]
            if len(widths) == 2 and max(widths) <= inner + 0.01:
                return para
            size -= 0.5
        return None

    def fit(self, cell: sh.Cell, width: float) -> float | None:
        """A smaller size for a figure or short label a little too wide for its column: figures are never
        broken over lines, and a label does not leave one character alone on a second line."""
        if NUMBER.match(cell.text):
            least = MIN_NUMBER_SIZE
        elif cell.kind in (sh.LABEL, sh.HEADER) and len(cell.text) <= 12 and "\n" not in cell.text:
            least = MIN_LABEL_SIZE
        else:
            return None
        wide = stringWidth(cell.text, self.fonts.primary, BODY_SIZE)
        size = BODY_SIZE * width / wide if wide > width else None
        return None if size is None or size < least else round(size - 0.05, 1)

    def style(self, kind: str, align: str, size: float | None = None) -> ParagraphStyle:
        key = (kind, align, size)
        if key not in self._styles:
            size, leading = (size, max(size * 1.35, min(BODY_LEADING, size * 1.6))) if size else SIZES.get(kind, (BODY_SIZE, BODY_LEADING))
            self._styles[key] = ParagraphStyle(
                f"{kind}-{align}", fontName=self.fonts.primary, fontSize=size, leading=leading,
                alignment=ALIGN.get(align, TA_LEFT), wordWrap="CJK",
            )
        return self._styles[key]


def _column_edges(widths: tuple[Decimal, ...], total: float) -> list[float]:
    scale = total / float(sum(widths))
    edges, x = [0.0], 0.0
    for w in widths:
        x += float(w) * scale
        edges.append(x)
    return edges


def _keeps_with_next(row: sh.SheetRow) -> bool:
    """Headers and titles belong with what follows them: a page never ends on one."""
    if row.role in KEEP_WITH_NEXT or row.repeat:
        return True
    # The header line of a block (项目资金 columns, 预期目标 | 实际完成情况) opens a rowspan label.
    return row.role in ("funds", "goals") and any(c.rowspan > 1 for c in row.cells)
