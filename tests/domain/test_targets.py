"""Reading 年度指标值 and 实际完成值 as clerks and issuers write them (SCORING.md), never guessing."""
from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evaldesk.domain.targets import (DEADLINE, EMPTY, NOT_APPLICABLE, OPERATORS, QUALITATIVE, QUANTITATIVE, RANGE,
                                     UNITS, UNREADABLE, Reading, read, write)

D = Decimal


@pytest.mark.parametrize("text, operator, number, unit", [
    ("≥95%", "≥", D(95), "%"),
    ("≧735人次", "≥", D(735), "人次"),
    (">=5次", "≥", D(5), "次"),
    ("＞３０篇", ">", D(30), "篇"),  # full-width sign and digits
    ("=100", "=", D(100), ""),
    ("═100%", "=", D(100), "%"),
    ("﹦100%", "=", D(100), "%"),
    ("＝0", "=", D(0), ""),
    ("＜5天", "<", D(5), "天"),
    ("≤20万元", "≤", D(200000), "元"),  # 万元 converted to 元
    ("1.2万人次", "", D(12000), "人次"),
    ("5万人", "", D(50000), "人"),
    ("不少于12篇", "≥", D(12), "篇"),
    ("不低于90%", "≥", D(90), "%"),
    ("至少3家", "≥", D(3), "家"),
    ("不超过20万元", "≤", D(200000), "元"),
    ("不高于5%", "≤", D(5), "%"),
    ("至多2个", "≤", D(2), "个"),
    ("控制在20万元以内", "≤", D(200000), "元"),
    ("10项以上", "≥", D(10), "项"),
    ("1,000人", "", D(1000), "人"),
    ("6个月", "", D(6), "个月"),
    ("12月", "=", None, ""),  # a bare month is a date, not a count of months
])
def test_operator_number_and_unit(text, operator, number, unit):
    reading = read(text)
    if number is None:
        assert reading.kind == DEADLINE
        return
    assert (reading.kind, reading.operator, reading.number, reading.unit) == (QUANTITATIVE, operator, number, unit)


@pytest.mark.parametrize("text, low, high, unit", [
    ("3-5人", 3, 5, "人"), ("≥3人&&≤5人", 3, 5, "人"), ("95%~100%", 95, 100, "%"), ("3～5家", 3, 5, "家"),
    ("≥80%且≤100%", 80, 100, "%"), ("3至5万元", 30000, 50000, "元"),  # one 万元 for both bounds
    ("3万元-50000元", 30000, 50000, "元"), ("1-2万人次", 10000, 20000, "人次"),
])
def test_ranges(text, low, high, unit):
    assert read(text) == Reading(RANGE, number=D(low), high=D(high), unit=unit)


@pytest.mark.parametrize("text, date, operator", [
    ("12月底前", (0, 12, 31), "≤"), ("１２月底前完成", (0, 12, 31), "≤"), ("2024年6月30日前", (2024, 6, 30), "≤"),
    ("年底前", (0, 12, 31), "≤"), ("2024年2月底前", (2024, 2, 29), "≤"), ("2023年2月底", (2023, 2, 28), "="),
    ("2024-06-30", (2024, 6, 30), "="), ("6月中旬", (0, 6, 20), "="),
])
def test_dates_and_deadlines(text, date, operator):
    assert read(text) == Reading(DEADLINE, operator, date=date)


@pytest.mark.parametrize("text", ["及时", "规范", "有效", "提升", "显著", "满意", "达到预期", "好", "较好", "一般", "差"])
def test_words_without_numbers_are_qualitative(text):
    assert read(text) == Reading(QUALITATIVE, text=text)


@pytest.mark.parametrize("text, kind", [
    ("", EMPTY), ("—", EMPTY), ("/", EMPTY), ("*", EMPTY), ("不适用", NOT_APPLICABLE), ("本指标不适用此项目", NOT_APPLICABLE),
])
def test_no_value_and_not_applicable(text, kind):
    assert read(text).kind == kind


@pytest.mark.parametrize("text", ["重要活动30场次", "30场次 2000人", "100多样", "≥3人&&≤2人", "约5", "13月底前", "2月30日前"])
def test_what_cannot_be_read_is_said_so(text):
    reading = read(text)
    assert reading.kind == UNREADABLE and "读不出" in reading.reason


def test_words_after_a_quantity_are_kept_not_dropped():
    reading = read("100%按照节点时间完成")
    assert (reading.kind, reading.number, reading.unit, reading.text) == (QUANTITATIVE, D(100), "%", "按照节点时间完成")


# ------------------------------------------------------------------------ properties

ANY_TEXT = st.text(alphabet=st.sampled_from(list("0123456789０１２.,-~～%％≥≤＞＜=＝≧═﹦&且年月日底前万元人次篇及时满意不较 ")
                                              + list(OPERATORS)), max_size=40) | st.text(max_size=60)


@settings(max_examples=2000, deadline=timedelta(milliseconds=200))
@given(ANY_TEXT)
def test_never_crashes_never_hangs_and_reads_its_own_writing_back(text):
    reading = read(text)
    assert reading.kind in (QUANTITATIVE, RANGE, DEADLINE, QUALITATIVE, NOT_APPLICABLE, EMPTY, UNREADABLE)
    assert (reading.kind == UNREADABLE) == bool(reading.reason)
    assert read(write(reading)) == reading


@settings(deadline=timedelta(milliseconds=500))
@given(st.text(alphabet="0123456789.-~%≥万元人次月底前&", min_size=1000, max_size=5000))
def test_long_cells_are_read_in_bounded_time(text):
    assert read(text).kind in (QUALITATIVE, UNREADABLE, EMPTY)


NUMBERS = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@given(st.sampled_from(OPERATORS + ("",)), NUMBERS, st.sampled_from(tuple(u for u in UNITS if u not in ("万元", "亿元", "千元", "万人次"))))
def test_quantities_round_trip(operator, number, unit):
    reading = Reading(QUANTITATIVE, operator, number, unit=unit)
    text = write(reading)
    assert read(text) == reading, text


@given(NUMBERS, NUMBERS, st.sampled_from(("%", "人", "次", "")))
def test_ranges_round_trip(a, b, unit):
    low, high = min(a, b), max(a, b)
    reading = Reading(RANGE, number=low, high=high, unit=unit)
    assert read(write(reading)) == reading


@given(st.dates(), st.booleans(), st.booleans())
def test_deadlines_round_trip(day, before, with_year):
    reading = Reading(DEADLINE, "≤" if before else "=", date=(day.year if with_year and day.year >= 1000 else 0, day.month, day.day))
    if reading.date[0] == 0 and (day.month, day.day) == (2, 29):
        return  # without a year, February has 28 days
    assert read(write(reading)) == reading


# The patterns as targets.py had them, until its quantities, separators and thousands commas were read in
# Python (cheaper than compiling them at every start): every text must read the same.
_WHOLE_QUANTITY = None


def _whole_quantity():
    global _WHOLE_QUANTITY
    if _WHOLE_QUANTITY is None:
        import re

        from evaldesk.domain import targets

        units = "|".join(sorted((re.escape(u) for u in targets.UNITS), key=len, reverse=True))  # its own, as it was
        _WHOLE_QUANTITY = re.compile(
            rf"^(?P<op>[≥>=<≤])?\s*(?P<num>{targets._NUM})\s*(?P<scale>[万亿千](?!元|人次))?\s*(?P<unit>{units})?"
            rf"\s*(?P<suffix>及以上|及以下|以内|以下|以上)?(?P<rest>.*)$", re.S)
    return _WHOLE_QUANTITY


PIECES = st.sampled_from(["≥", ">", "=", "<", "≤", "+", "-", ".", "0", "5", "12", "3.5", " ", "\u3000", "\t", "万", "亿",
                          "千", "元", "人", "次", "人次", "万元", "万人次", "个月", "个", "月", "平方米", "%", "‰", "及",
                          "以", "上", "下", "内", "及以上", "以内", "多", "项目", "a", "，", "\n", "\u2003", "٣"]
                         + list(UNITS))


@given(st.lists(PIECES, max_size=8).map("".join))
@settings(max_examples=3000, deadline=None)
def test_a_quantity_is_split_as_the_single_pattern_split_it(text):
    from evaldesk.domain.targets import _quantity_parts

    match = _whole_quantity().match(text)
    parts = _quantity_parts(text)
    if match is None:
        assert parts is None
        return
    expected = tuple(match.group(g) or "" for g in ("op", "num", "scale", "unit", "suffix", "rest"))
    assert parts == expected


BOUND_PIECES = st.sampled_from(["≥3人", "≤5人", "&&", "＆＆", "＆", "&", "且", "并且", "并", "，", ",", ";", "；", " ", "\u3000",
                                "\n", "5", "万元", "a"])


@given(st.lists(BOUND_PIECES, max_size=8).map("".join))
@settings(max_examples=2000, deadline=None)
def test_bounds_are_split_as_the_pattern_split_them(text):
    import re

    from evaldesk.domain.targets import _bounds

    assert _bounds(text) == [p for p in re.split(r"\s*(?:&&|＆＆|&|且|并且|，|,|;|；)\s*", text) if p]


@given(st.lists(st.sampled_from(["1", "23", "456", "٣", ",", "，", ".", " ", "a", "万"]), max_size=10).map("".join))
@settings(max_examples=2000, deadline=None)
def test_thousands_commas_are_taken_out_as_the_pattern_took_them(text):
    import re

    from evaldesk.domain.targets import _ungrouped

    assert _ungrouped(text) == re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)


@given(st.lists(st.sampled_from(["本指标", "不适用", "此项目", "本项目", "本", "适用", "项目", " "]), max_size=4).map("".join))
def test_not_applicable_is_what_the_pattern_said(text):
    import re

    from evaldesk.domain.targets import NOT_APPLICABLE, read

    cell = text.strip()
    said = bool(re.match(r"^(本指标)?不适用(此项目|本项目)?$", cell))
    assert (read(text).kind == NOT_APPLICABLE) == said
