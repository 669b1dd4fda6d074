"""How big things are on an A4 sheet: column widths, text lines, row heights, safe sheet names.

openpyxl writes no row heights, and Excel, WPS and LibreOffice keep the default height for wrapped
text, cutting it off. So the exporter estimates each row's height from the text, the font size and
the width of the (merged) columns, the way Excel wraps: a CJK character takes about two width units
at 11 pt, a Latin character about one. Excel caps a row at 409 pt, so a very long text is cut into
pieces that go on rows of their own (see `split_text`).
"""
from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal

# A4 portrait, margins like the paper form (inches, as openpyxl wants them).
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM, MARGIN_HEADER = 0.7, 0.8, 0.8, 0.35
PRINTABLE_PIXELS = int((8.27 - 2 * MARGIN_SIDE) * 96)  # pixels at 96 dpi across the printable width

BODY_SIZE, TITLE_SIZE, SUBTITLE_SIZE = 10.5, 16, 11
MAX_ROW_HEIGHT = 400.0  # Excel's limit is 409 pt; stay below it
MIN_ROW_HEIGHT = 20.0  # room for a pen on the paper, even for short values
LINE_FACTOR = 1.3  # line height / font size for 宋体 and its stand-ins (measured by rendering)
PADDING = 6.0  # points above and below the text inside a cell

_BREAK_AFTER = "。；;！!？?\n，,、"
_FORBIDDEN_IN_NAME = re.compile(r"[\[\]:*?/\\：＊？／＼［］]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # invisible, and refused by openpyxl in a cell (the marker names the sheet)
_RESERVED_NAMES = {"history"}


def column_widths(relative: tuple[Decimal, ...]) -> list[float]:
    """Excel widths (character units) for the template's relative widths, filling A4 portrait.

    Excel draws a column of width w as 7w + 5 pixels; the columns together must fit the printable width.
    """
    units = (PRINTABLE_PIXELS - 5 * len(relative)) / 7 - 1
    total = float(sum(relative))
    return [round(float(w) / total * units, 2) for w in relative]


def char_units(char: str) -> float:
    """Width of one character in Excel width units at 11 pt."""
    if char in "\t":
        return 4.0
    if unicodedata.east_asian_width(char) in "WF":
        return 2.0
    if unicodedata.east_asian_width(char) == "A":  # ☐ ☑ ≥ “ ” and the like: full width in 宋体
        return 2.0
    return 1.1


def wrap_lines(text: str, width: float, size: float = BODY_SIZE) -> list[str]:
    """The lines Excel shows for `text` wrapped in a cell `width` units wide (an estimate, erring tall)."""
    return [line.rstrip("\n") for line in _wrap_keeping_newlines(text, width, size)]


def _wrap_keeping_newlines(text: str, width: float, size: float) -> list[str]:
    """The wrapped lines, each keeping its newline, so that "".join(lines) == text."""
    usable = max(width - 1.2, 2.0) / (size / 11)
    lines: list[str] = []
    line, used = "", 0.0
    for char in text:
        if char == "\n":
            lines.append(line + char)
            line, used = "", 0.0
            continue
        units = char_units(char)
        if used + units > usable and line:
            lines.append(line)
            line, used = "", 0.0
        line += char
        used += units
    lines.append(line)
    return lines


def line_height(size: float) -> float:
    return size * LINE_FACTOR


def text_height(text: str, width: float, size: float = BODY_SIZE) -> float:
    """Points needed to show all of `text` wrapped in a cell of `width` units."""
    if not text:
        return 0.0
    return len(wrap_lines(text, width, size)) * line_height(size) + PADDING


def split_text(text: str, width: float, size: float = BODY_SIZE, limit: float = MAX_ROW_HEIGHT) -> list[str]:
    """`text` cut into pieces that each fit a row of at most `limit` points; "".join(pieces) == text.

    Cuts after a sentence or clause where one is near the end of a piece, so that each row reads well.
    """
    per_piece = max(1, int((limit - PADDING) // line_height(size)))
    pieces: list[str] = []
    rest = text
    while rest:
        lines = _wrap_keeping_newlines(rest, width, size)
        if len(lines) <= per_piece:
            pieces.append(rest)
            break
        head = "".join(lines[:per_piece])
        cut = _good_cut(head, len(head) - sum(len(line) for line in lines[per_piece - 3:per_piece]))
        pieces.append(rest[:cut])
        rest = rest[cut:]
    return pieces or [""]


def _good_cut(head: str, not_before: int) -> int:
    for index in range(len(head) - 1, max(not_before, 0) - 1, -1):
        if head[index] in _BREAK_AFTER:
            return index + 1
    return len(head)


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


PAGE_HEIGHT = (11.69 - MARGIN_TOP - MARGIN_BOTTOM) * 72 * 0.98  # points, with a little slack


def page_breaks(heights: list[float], ties: list[tuple[int, int]], header: tuple[int, int] | None,
                keep: list[tuple[int, int]] = ()) -> list[int]:
    """Rows after which a page should end, so that no merged cell over several rows is cut by a page
    (Excel and LibreOffice print its text in the middle of the range: on the cut, half a line shows),
    and the `keep` blocks (the closing total and signatures) stay on one page. A block taller than a
    third of a page (half, for `keep`) runs over pages where it must. `heights[r]` is row r's height."""
    rows = len(heights) - 1
    tied = set()  # r in tied: rows r and r + 1 go on the same page
    for (top, bottom), limit in [(t, PAGE_HEIGHT / 3) for t in ties] + [(k, PAGE_HEIGHT / 2) for k in keep]:
        if sum(heights[top:bottom + 1]) <= limit:
            tied.update(range(top, bottom))
    repeat = sum(heights[header[0]:header[1] + 1]) if header else 0.0
    breaks, start, used = [], 1, 0.0
    for row in range(1, rows + 1):
        if used + heights[row] > PAGE_HEIGHT and row > start:
            cut = next((b for b in range(row - 1, start - 1, -1) if b not in tied), row - 1)
            breaks.append(cut)
            start = cut + 1
            used = (repeat if header and start > header[1] else 0.0) + sum(heights[start:row])
        used += heights[row]
    return breaks


def ceil_height(value: float) -> float:
    """Heights in whole quarter points, as Excel stores them."""
    return math.ceil(value * 4) / 4
