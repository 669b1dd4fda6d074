"""A worksheet as the import sees it: the text each non-empty cell shows, merged ranges, and which
cells have been placed into the form (so that the rest can be reported).

Texts are what a clerk sees: 0.3576 formatted 0.00% reads "35.76%", a date reads 2019-05-15, a whole
number reads without ".0". Labels are compared after `normalize` (full-width to half-width, no spaces,
no trailing colon, no unit in brackets), so 项目名称： and 项 目 名 称 are the same label.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from openpyxl.utils import get_column_letter

_UNIT = re.compile(r"[(（]\s*(万元|元)\s*[)）]")
_PERCENT_SIGN = re.compile(r"[(（]\s*[%％]\s*[)）]")
_SPACES = re.compile(r"\s+")
_DECIMALS = re.compile(r"0\.(0+)")


# The same label as other issuers print it (compared on both sides, so either spelling finds the other).
SAME_LABELS = {
    "全年实际值": "实际完成值", "全年实际完成值": "实际完成值", "实际值": "实际完成值", "全年完成值": "实际完成值",
    "指标值": "年度指标值", "权重": "分值", "指标权重": "分值",
    "偏差原因分析": "偏差原因分析及改进措施", "未完成原因分析": "偏差原因分析及改进措施",
    "偏差原因": "偏差原因分析及改进措施", "全年(调整)预算数": "全年预算数", "调整后预算数": "全年预算数",
}


def normalize(text: str) -> str:
    """A label as compared: NFKC, no unit or (%) in brackets, no spaces, no trailing colon or asterisk;
    本年 read as 当年 and another issuer's name for a column (全年实际值, 权重) as ours."""
    text = unicodedata.normalize("NFKC", text)
    text = _PERCENT_SIGN.sub("", _UNIT.sub("", text))
    text = _SPACES.sub("", text).rstrip(":").strip("*").replace("本年", "当年")
    return SAME_LABELS.get(text, text)


def same_title(title: str, text: str) -> bool:
    """Normalized texts: 财政项目支出绩效自评表 as such, or as other issuers shorten it: 项目支出绩效自评表."""
    return title in text or len(text) >= 6 and text.endswith("表") and text in title


def unit_in(text: str) -> str | None:
    """The amount unit a label names: 当年预算数（万元） → 万元."""
    match = _UNIT.search(unicodedata.normalize("NFKC", text).replace(" ", ""))
    return match.group(1) if match else None


def number_text(value: float | int | Decimal) -> str:
    """A number as a clerk would have typed it: 3467369, 147663.64 (no float noise, no exponent)."""
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        return str(value)
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def display_text(value, number_format: str = "General") -> str:
    """What the cell shows, as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)):
        if "%" in (number_format or ""):
            match = _DECIMALS.search(number_format)
            places = len(match.group(1)) if match else 0
            return f"{Decimal(repr(value) if isinstance(value, float) else value) * 100:.{places}f}%"
        return number_text(value)
    return str(value)


class Grid:
    """The non-empty cells of one worksheet, by (row, column), 1-based."""

    def __init__(self, worksheet) -> None:
        self.title = worksheet.title
        self.raw: dict[tuple[int, int], object] = {}
        self.texts: dict[tuple[int, int], str] = {}
        self.used: set[tuple[int, int]] = set()
        self.extent: dict[tuple[int, int], tuple[int, int]] = {}  # merged range: top-left -> bottom-right
        for (row, col), cell in getattr(worksheet, "_cells", {}).items():
            text = display_text(cell.value, cell.number_format)
            if text.strip():  # kept unstripped: a text cut over rows may end in a line break
                self.raw[(row, col)] = cell.value
                self.texts[(row, col)] = text
        for merged in worksheet.merged_cells.ranges:
            self.extent[(merged.min_row, merged.min_col)] = (merged.max_row, merged.max_col)

    # ---------------------------------------------------------------------------------- looking
    def text(self, row: int, col: int) -> str:
        return self.texts.get((row, col), "")

    def norm(self, row: int, col: int) -> str:
        return normalize(self.text(row, col))

    def rows(self) -> list[int]:
        return sorted({row for row, _ in self.texts})

    def row_cells(self, row: int) -> list[int]:
        return sorted(col for r, col in self.texts if r == row)

    def find(self, label: str, from_row: int = 0) -> tuple[int, int] | None:
        """The first cell not yet placed, on `from_row` or below, whose normalized text is `label`."""
        want = normalize(label)
        hits = [pos for pos in self.texts
                if pos[0] >= from_row and pos not in self.used and normalize(self.texts[pos]) == want]
        return min(hits) if hits else None

    def last_col(self, row: int, col: int) -> int:
        return self.extent.get((row, col), (row, col))[1]

    def last_row(self, row: int, col: int) -> int:
        return self.extent.get((row, col), (row, col))[0]

    def address(self, row: int, col: int) -> str:
        return f"{get_column_letter(col)}{row}"

    def use(self, row: int, col: int) -> str:
        self.used.add((row, col))
        return self.text(row, col)

    def unused(self) -> list[tuple[int, int]]:
        return sorted(pos for pos in self.texts if pos not in self.used)
