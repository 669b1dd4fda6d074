"""Reading an indicator's 年度指标值 and 实际完成值: operator, number, unit and kind.

"≥95%", "≤20万元", "=100", "≧735人次", "3-5人", "≥3人&&≤5人", "12月底前", "及时" — the cells clerks and
issuers write (see SCORING.md). What cannot be read is said so (kind "unreadable", with the reason);
nothing is guessed silently. `write(read(text))` gives a canonical text that reads back the same.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .numbers import format_plain
from .value import Value

QUANTITATIVE, RANGE, DEADLINE, QUALITATIVE = "quantitative", "range", "deadline", "qualitative"
NOT_APPLICABLE, EMPTY, UNREADABLE = "not_applicable", "empty", "unreadable"
KINDS = (QUANTITATIVE, RANGE, DEADLINE, QUALITATIVE, NOT_APPLICABLE, EMPTY, UNREADABLE)
OPERATORS = ("≥", ">", "=", "<", "≤")
LONGEST = 300  # longer cells are prose, not targets

UNITS = ("人次", "万元", "亿元", "千元", "元", "%", "‰", "次", "篇", "人", "家", "个", "项", "天", "年", "日",
         "场次", "场", "期", "份", "条", "件", "本", "台", "套", "批次", "批", "所", "户", "名", "小时", "周", "册",
         "部", "门", "课时", "平方米", "亩", "米", "公里", "吨", "辆", "座", "处", "分", "单位", "学时", "万人次", "个月")  # a bare 月 is a date (12月), never a count
_MONEY = {"万元": ("元", Decimal(10000)), "亿元": ("元", Decimal(100000000)), "千元": ("元", Decimal(1000)),
          "万人次": ("人次", Decimal(10000))}
_SCALES = {"万": Decimal(10000), "亿": Decimal(100000000), "千": Decimal(1000)}
_EMPTY = {"", "*", "/", "—", "——", "-", "--", "－", "无", "空"}
_NOT_APPLICABLE = {head + "不适用" + tail for head in ("", "本指标") for tail in ("", "此项目", "本项目")}

# Look-alike characters (after NFKC) and words for each operator, longest first.
_SYMBOLS = [("≧", "≥"), ("≦", "≤"), ("═", "="), (">=", "≥"), ("<=", "≤"), ("==", "=")]
_WORDS = [("不少于", "≥"), ("不低于", "≥"), ("不小于", "≥"), ("不得低于", "≥"), ("不得少于", "≥"), ("至少", "≥"),
          ("大于等于", "≥"), ("达到", "≥"), ("不超过", "≤"), ("不得超过", "≤"), ("不高于", "≤"), ("不大于", "≤"),
          ("至多", "≤"), ("最高", "≤"), ("小于等于", "≤"), ("控制在", "≤"), ("大于", ">"), ("超过", ">"), ("高于", ">"),
          ("小于", "<"), ("低于", "<"), ("少于", "<"), ("等于", "=")]
_SUFFIX_WORDS = {"以内": "≤", "以下": "≤", "以上": "≥", "及以上": "≥", "及以下": "≤"}

_NUM = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
_UNITS_LONGEST_FIRST = sorted(UNITS, key=len, reverse=True)  # 人次 before 人, 个月 before 个: the longest fits
_UNIT = "|".join(re.escape(u) for u in _UNITS_LONGEST_FIRST)  # in _RANGE
# A quantity, operator? number scale? unit? suffix?, is read by _quantity_parts in Python: as one regular
# expression (tests/domain/test_targets.py keeps it, to check the two agree) it cost 2.3 M instructions to
# compile at every start. So are the separators of "≥3人&&≤5人" (_bounds), and the other patterns below
# are compiled only when a cell may need them.
_SUFFIXES = ("及以上", "及以下", "以内", "以下", "以上")  # the longer first, as _SUFFIX_WORDS reads them
_RANGE_MARKS = "-~～至到—"  # one of them stands between a range's two bounds
_RANGE = rf"^(?P<low>{_NUM})\s*(?P<u1>{_UNIT})?\s*(?:{'|'.join(_RANGE_MARKS)})\s*(?P<high>{_NUM})\s*(?P<u2>{_UNIT})?$"
_BOUND_MARKS = ("&&", "＆＆", "并且", "&", "且", "，", ",", ";", "；")  # two characters first: && is one mark
_BOUND_STARTS = {mark[0] for mark in _BOUND_MARKS}
# The deadline patterns as text, compiled by re when a cell could hold a deadline (`_deadline`): a form
# without one (`evaldesk check` of most) never pays for compiling them.
_DATE = (r"^(?:(?P<year>\d{4})\s*(?:年|-|\.|/))?\s*(?P<month>\d{1,2})\s*(?:月|-|\.|/)\s*"
         r"(?:(?P<day>\d{1,2})\s*(?:日|号)?|(?P<end>底|末|份)|(?P<mid>中旬|上旬|下旬))?"
         r"\s*(?P<before>前|之前|以前|内)?\s*(?:完成|完工|结束|办结)?$")
_YEAR_END = r"^(?:(?P<year>\d{4})年)?(?:年底|年末|年内|当年|年度内)(?P<before>前|之前|以前|内)?(?:完成|完工|结束)?$"
_JOINING = set(".万亿千以及")  # words after a quantity must not read back as part of it (scale, suffix)


class Reading(Value):
    """One cell read: its kind, and what that kind carries."""

    kind: str
    operator: str = ""  # ≥ > = < ≤, or "" where none was written
    number: Decimal | None = None  # the value (the lower bound of a range), in `unit` after 万 conversion
    high: Decimal | None = None  # the upper bound of a range
    unit: str = ""
    date: tuple[int, int, int] | None = None  # (year or 0, month, day) of a deadline
    text: str = ""  # a qualitative word, the words after a number, or the unreadable cell
    reason: str = ""  # why a cell is unreadable

    @property
    def numeric(self) -> bool:
        return self.kind in (QUANTITATIVE, RANGE)


def normalise(text: str) -> str:
    """Full-width digits and signs to ASCII (NFKC), look-alike operators to one, spaces trimmed."""
    text = unicodedata.normalize("NFKC", text).strip()
    before = None
    while before != text:  # until nothing changes: "<═" → "<=" → "≤"
        before = text
        for old, new in _SYMBOLS:
            text = text.replace(old, new)
        text = _ungrouped(text)
    return text


@lru_cache(maxsize=65536)
def read(text: str) -> Reading:
    """What a 年度指标值/实际完成值/指标性质 cell says; never raises."""
    cell = normalise(text)
    if cell in _EMPTY:
        return Reading(EMPTY)
    if cell in _NOT_APPLICABLE:
        return Reading(NOT_APPLICABLE)
    if len(cell) > LONGEST:
        return _without_number(cell, "文字太长，不是一个指标值")
    return _deadline(cell) or _range(cell) or _quantity(cell) or _without_number(cell, "")


def _without_number(cell: str, why: str) -> Reading:
    if not _has_digit(cell):
        return Reading(QUALITATIVE, text=cell)
    quoted = cell if len(cell) <= 24 else cell[:24] + "…"
    return Reading(UNREADABLE, text=cell, reason=why or f"“{quoted}”含数字，但读不出“符号 数值 单位”（如 ≥95%、≤20万元、3-5人、12月底前）")


def _operator_word(cell: str) -> tuple[str, str]:
    for word, operator in _WORDS:
        if cell.startswith(word):
            return operator, cell[len(word):].strip()
    return "", cell


def _quantity_parts(text: str) -> tuple[str, str, str, str, str, str] | None:
    """(operator sign, number, scale, unit, suffix, the rest) of a quantity written at the start of `text`
    ("" for each part not written), or None where no number starts it. White space may stand between the
    parts; a scale is 万, 亿 or 千 where 元 or 人次 does not follow it (万元 and 万人次 are units)."""
    sign = text[:1] if text[:1] in OPERATORS else ""
    start = _spaces_after(text, len(sign))
    end = _number_end(text, start)
    if end is None:
        return None
    at = _spaces_after(text, end)
    scale = text[at:at + 1] if text[at:at + 1] in _SCALES and not text.startswith(("元", "人次"), at + 1) else ""
    rest = text[_spaces_after(text, at + 1) if scale else at:]
    unit = next((u for u in _UNITS_LONGEST_FIRST if rest.startswith(u)), "")
    rest = rest[len(unit):].lstrip()
    suffix = next((s for s in _SUFFIXES if rest.startswith(s)), "")
    return sign, text[start:end], scale, unit, suffix, rest[len(suffix):]


def _spaces_after(text: str, at: int) -> int:
    while text[at:at + 1].isspace():
        at += 1
    return at


def _number_end(text: str, at: int) -> int | None:
    """Where a number (_NUM: a sign, digits, a point and digits, or a point and digits) starting at `at` ends."""
    if text[at:at + 1] in ("+", "-"):
        at += 1
    digits = _digits_end(text, at)
    if text[digits:digits + 1] == ".":
        fraction = _digits_end(text, digits + 1)
        if digits > at or fraction > digits + 1:
            return fraction
    return digits if digits > at else None


def _digits_end(text: str, at: int) -> int:
    while text[at:at + 1].isdecimal():
        at += 1
    return at


def _has_digit(text: str) -> bool:
    return any(ch.isdecimal() for ch in text)


def _bounds(cell: str) -> list[str]:
    """The parts of a cell between the marks that join two bounds ("≥3人&&≤5人", "≥3人且≤5人"), without the white
    space around the marks; empty parts left out."""
    parts, start, at = [], 0, 0
    while at < len(cell):
        mark = next((m for m in _BOUND_MARKS if cell.startswith(m, at)), "") if cell[at] in _BOUND_STARTS else ""
        if mark:
            parts.append(cell[start:at].rstrip())
            at = start = _spaces_after(cell, at + len(mark))
        else:
            at += 1
    parts.append(cell[start:])
    return [part for part in parts if part]


def _ungrouped(text: str) -> str:
    """Thousands commas taken out of the numbers (1,000,000 → 1000000): a comma between a digit and three
    digits that no further digit follows."""
    if "," not in text:
        return text
    kept = [ch for at, ch in enumerate(text) if not (
        ch == "," and text[at - 1:at].isdecimal() and len(text[at + 1:at + 4]) == 3 and text[at + 1:at + 4].isdecimal()
        and not text[at + 4:at + 5].isdecimal())]
    return "".join(kept)


def _quantity(cell: str) -> Reading | None:
    operator, rest = _operator_word(cell)
    parts = _quantity_parts(rest)
    if not parts:
        return None
    sign, number_text, scale, written, suffix, rest_text = parts
    if sign:
        if operator:
            return None  # "不少于≥5" says it twice: not read
        operator = sign
    if suffix:
        if operator and operator != _SUFFIX_WORDS[suffix]:
            return None
        operator = _SUFFIX_WORDS[suffix]
    rest_text = rest_text.strip()
    if rest_text and (_has_digit(rest_text) or rest_text[0] in _JOINING or not written and not operator):
        return None  # "30场次 2000人" or "100 多样" — more than one quantity, or prose that only starts with a number
    number, unit = _scaled(number_text, scale, written)
    if number is None:
        return None
    return Reading(QUANTITATIVE, operator, number, unit=unit, text=rest_text)


def written_unit(text: str) -> str:
    """The unit a quantity or range cell was written in, its scale kept ("万人次", "万元", "万", "%"), or "":
    the unit a bare number typed against it means (38.6 against ≥35万人次 is 38.6万人次)."""
    cell = normalise(text)
    match = _range_match(cell)
    if match:
        return match.group("u2") or match.group("u1") or ""
    for part in reversed(_bounds(cell)):
        parts = _quantity_parts(_operator_word(part)[1])
        if parts and (parts[2] or parts[3]):
            return parts[2] + parts[3]
    return ""


def _scaled(number: str, scale: str | None, unit: str) -> tuple[Decimal | None, str]:
    try:
        value = Decimal(number)
    except InvalidOperation:
        return None, unit
    if scale:
        value *= _SCALES[scale]
    if unit in _MONEY:
        unit, factor = _MONEY[unit]
        value *= factor
    return value, unit


def _range_match(cell: str):
    """_RANGE's match; the pattern (text) is compiled by re only once a cell has a range's mark."""
    return re.match(_RANGE, cell) if any(mark in cell for mark in _RANGE_MARKS) else None


def _range(cell: str) -> Reading | None:
    parts = _bounds(cell)
    if len(parts) == 2:
        low, high = _quantity(parts[0]), _quantity(parts[1])
        if low and high and low.operator in ("≥", ">") and high.operator in ("≤", "<") and not (low.text or high.text):
            return _bounded(low.number, low.unit, high.number, high.unit)
        return None
    match = _range_match(cell)
    if not match:
        return None
    first, second = match.group("u1") or "", match.group("u2") or ""
    low, low_unit = _scaled(match.group("low"), None, first or second)  # 3至5万元: one 万元 for both bounds
    high, high_unit = _scaled(match.group("high"), None, second or first)
    return _bounded(low, low_unit, high, high_unit)


def _bounded(low: Decimal | None, low_unit: str, high: Decimal | None, high_unit: str) -> Reading | None:
    if low is None or high is None or low_unit != high_unit or low > high:
        return None
    return Reading(RANGE, number=low, high=high, unit=low_unit)


def _deadline(cell: str) -> Reading | None:
    match = re.match(_YEAR_END, cell) if "年" in cell else None  # every year-end word has 年
    if match:
        return Reading(DEADLINE, "≤" if match.group("before") or "内" in cell else "=",
                       date=(int(match.group("year") or 0), 12, 31))
    if "月" not in cell and "-" not in cell and "/" not in cell:
        return None  # the test below: a date is read only with 月, or a year before - or /
    match = re.match(_DATE, cell)
    if not match or not ("月" in cell or match.group("year") and re.search(r"\d{4}[-/]", cell)):
        return None
    year, month = int(match.group("year") or 0), int(match.group("month"))
    if not 1 <= month <= 12:
        return _bad_date(cell)
    last = _days_in(year or 2001, month)
    if match.group("day"):
        day = int(match.group("day"))
    elif match.group("mid"):
        day = {"上旬": 10, "中旬": 20, "下旬": last}[match.group("mid")]
    else:
        day = last
    if not 1 <= day <= last:
        return _bad_date(cell)
    return Reading(DEADLINE, "≤" if match.group("before") else "=", date=(year, month, day))


def _days_in(year: int, month: int) -> int:
    """The month's length (what calendar.monthrange gives, without importing calendar and locale)."""
    from datetime import date  # here: only a deadline needs it, and `evaldesk check` of most forms reads none

    return 31 if month == 12 else (date(year, month + 1, 1) - date(year, month, 1)).days


def _bad_date(cell: str) -> Reading:
    return Reading(UNREADABLE, text=cell, reason=f"“{cell}”读不出有效的日期（月份 1–12，日期不超过当月天数）")


def write(reading: Reading) -> str:
    """A canonical text for a reading: read(write(r)) == r."""
    kind = reading.kind
    if kind == QUANTITATIVE:
        return f"{reading.operator}{_plain(reading.number)}{reading.unit}{reading.text}"
    if kind == RANGE:
        return f"{_plain(reading.number)}{reading.unit}~{_plain(reading.high)}{reading.unit}"
    if kind == DEADLINE:
        year, month, day = reading.date
        return f"{f'{year}年' if year else ''}{month}月{day}日{'前' if reading.operator == '≤' else ''}"
    if kind == NOT_APPLICABLE:
        return "不适用"
    return reading.text


def _plain(value: Decimal | None) -> str:
    return format_plain(value)


def shown(value: Decimal, unit: str) -> str:
    """A number with its unit as a rule's explanation prints it: 98%, 12篇, 1200000元."""
    text = format_plain(value.normalize()) if value == value.to_integral_value() else format_plain(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}{unit}"


__all__ = ["Reading", "read", "write", "written_unit", "normalise", "shown", "KINDS", "OPERATORS"]
