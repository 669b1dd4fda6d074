"""The workbook's units: the pages' point widths as Excel column widths, the margins in inches, row
heights in Excel's quarter points, and sheet names Excel accepts. What goes on which row and how tall
it is comes from export.pages, the same for the PDF.
"""
from __future__ import annotations

import math
import re

from .pages import MARGIN_BOTTOM, MARGIN_FOOTER, MARGIN_SIDE, MARGIN_TOP

MAX_ROW_HEIGHT = 400.0  # Excel's limit is 409 pt; a taller printed row is written as several
PIXELS_PER_POINT = 96 / 72
DEFAULT_FONT_SIZE = 10.5  # the workbook's own font, 宋体: a digit is 5.25 pt, 7 pixels at 96 dpi
DIGIT_PIXELS, COLUMN_PADDING = 7, 5  # Excel: a column w digits wide is 7w + 5 pixels; LibreOffice: 7w

_FORBIDDEN_IN_NAME = re.compile(r"[\[\]:*?/\\：＊？／＼［］]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # invisible, and refused by openpyxl in a cell (the marker names the sheet)
_RESERVED_NAMES = {"history"}


def safe_sheet_titles(names: list[str], fallback: str = "表单") -> list[str]:
    """Sheet names Excel accepts: at most 31 characters, none of []:*?/\\ nor control characters, not
    empty, all different."""
    used: set[str] = set()
    titles = []
    for name in names:
        base = _FORBIDDEN_IN_NAME.sub("_", _CONTROL.sub("", " ".join(name.split()))).strip("'").strip() or fallback
        if base.lower() in _RESERVED_NAMES:
            base += "_"
        title, number = base[:31], 1
        while title.lower() in used:
            number += 1
            suffix = f"({number})"
            title = base[: 31 - len(suffix)] + suffix
        used.add(title.lower())
        titles.append(title)
    return titles


def ceil_height(value: float) -> float:
    """Heights in whole quarter points, as Excel stores them."""
    return math.ceil(value * 4) / 4


def excel_widths(col_x: list[float]) -> list[float]:
    """Excel column widths (characters) for columns at the given edges in points: printed at 100 %,
    they are exactly as wide as the PDF's columns."""
    return [round(((b - a) * PIXELS_PER_POINT - COLUMN_PADDING) / DIGIT_PIXELS, 4) for a, b in zip(col_x, col_x[1:])]


def margins() -> dict[str, float]:
    """The PDF's margins in inches, as openpyxl wants them."""
    inch = 72.0
    return {"left": MARGIN_SIDE / inch, "right": MARGIN_SIDE / inch, "top": MARGIN_TOP / inch,
            "bottom": MARGIN_BOTTOM / inch, "header": MARGIN_FOOTER / inch, "footer": MARGIN_FOOTER / inch}
