from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evaldesk.domain.numbers import (
    NumberError, format_money, format_rate, format_score, parse_amount, parse_number, round_half_up, round_score,
    round_to, setting_number,
)


@pytest.mark.parametrize("typed, value", [
    ("147,663.64", "147663.64"), ("１２３４５．６", "12345.6"), ("3,467,369.00", "3467369.00"),
    (" 10 ", "10"), ("¥530,000", "530000"), ("15分", "15"), ("-2", "-2"), ("1 000", "1000"),
])
def test_typed_numbers_are_read_as_clerks_mean_them(typed, value):
    assert parse_number(typed) == Decimal(value)


@pytest.mark.parametrize("typed", ["", "  ", "—"])
def test_empty_or_dash_cells_are_no_number(typed):
    assert parse_number(typed) is None


@pytest.mark.parametrize("typed", ["12a", "1.2.3", "十", "3,4,x"])
def test_a_typo_is_an_error_never_zero(typed):
    with pytest.raises(NumberError, match="不是数字"):
        parse_number(typed)


def test_wan_suffix_converts_into_the_forms_unit():
    assert parse_amount("12万", "元") == Decimal("120000")
    assert parse_amount("12万元", "万元") == Decimal("12")
    assert parse_amount("1200元", "万元") == Decimal("0.12")
    assert parse_amount("101.64", "万元") == Decimal("101.64")


def test_scores_round_half_up_not_half_even():
    assert format_score(Decimal("8.235")) == "8.24"
    assert format_score(Decimal("4.985")) == "4.99"
    assert format_score(Decimal("0.125")) == "0.13"
    assert round_half_up(Decimal("2.5"), Decimal(1)) == Decimal(3)


def test_scores_print_without_trailing_zeros():
    assert format_score(Decimal("91.00")) == "91"
    assert format_score(Decimal("87.16")) == "87.16"
    assert format_score(Decimal("3.50")) == "3.5"
    assert format_score(None) == ""


def test_rate_roundings_seen_on_the_seed_forms():
    newenergy = Decimal("147663.64") / Decimal("412907.00")
    assert format_rate(newenergy, "half_up") == "35.76%"
    assert format_rate(newenergy, "up") == "35.77%"
    assert format_rate(Decimal(45) / Decimal(47), "half_up") == "95.74%"
    assert format_rate(Decimal("350.19") / Decimal("352.5"), "half_up") == "99.34%"
    assert format_rate(Decimal(3316815) / Decimal(3467369), "whole_percent") == "96.00%"
    assert format_rate(Decimal(554501) / Decimal(560000), "whole_percent") == "99.00%"


def test_money_prints_with_thousands_and_two_decimals():
    assert format_money(Decimal("3467369")) == "3,467,369.00"
    assert format_money(Decimal("0.125")) == "0.13"


@pytest.mark.parametrize("typed", [",234.5", "1,", "1,,234", ",5万", "，234.5"])
def test_a_comma_out_of_place_is_an_error_not_a_smaller_amount(typed):
    with pytest.raises(NumberError, match="逗号位置不对"):
        parse_amount(typed, "元")


@pytest.mark.parametrize("typed, value", [("1,234.5", "1234.5"), ("¥1,234.00", "1234.00"), ("12,345万", "123450000")])
def test_thousands_commas_between_digits_are_read(typed, value):
    assert parse_amount(typed, "元") == Decimal(value)


def test_rates_print_with_the_issuers_decimals():
    langfang = Decimal("37.24") / Decimal("43.2")  # Hebei 2019: printed 86%
    assert format_rate(langfang, "half_up", 0) == "86%"
    assert format_rate(langfang, "half_up", 2) == "86.20%"
    assert format_rate(Decimal("0.8648"), "half_up", 1) == "86.5%"  # Ningxia 2022
    assert format_rate(Decimal("0.8648"), "down", 1) == "86.4%"
    assert format_rate(Decimal("0.8641"), "up", 1) == "86.5%"


def test_scores_keep_the_issuers_decimals_half_up():
    assert round_score(Decimal("8.62"), 0) == Decimal(9)  # Hebei 2019: 10 × 86.20 % printed 9
    assert round_score(Decimal("7.612"), 1) == Decimal("7.6")
    assert round_score(Decimal("8.235"), 2) == Decimal("8.24")
    assert round_score(Decimal("7.65"), 1) == Decimal("7.7")


@pytest.mark.parametrize("value, step, rounded", [
    ("9" * 26 + ".995", "0.01", "1" + "0" * 26 + ".00"),  # past Python's default 28 digits
    ("1E+150", "0.01", "1" + "0" * 150 + ".00"),  # past even the 120 digits the figures were first given
    ("-2.5", "1", "-3"),  # half up is away from zero
])
def test_round_to_holds_every_digit_of_a_huge_figure(value, step, rounded):
    assert str(round_to(Decimal(value), Decimal(step))) == rounded


@pytest.mark.parametrize("value, words", [
    ("1e30", "位数太多"), ("9" * 27, "位数太多"), (1e300, "位数太多"), ("0.0000000000000000000001", "位数太多"),
    (float("inf"), "应为数字"), ("Infinity", "应为数字"), ("NaN", "应为数字"), ("abc", "应为数字"), (True, "应为数字"),
])
def test_a_setting_that_is_no_number_or_too_long_is_refused_with_its_name(value, words):
    with pytest.raises(NumberError, match=f"^分值.*{words}"):
        setting_number(value, "分值")


def test_a_setting_of_twenty_digits_or_a_float_is_read_exactly():
    assert setting_number("9" * 20, "分值") == Decimal("9" * 20)
    assert setting_number(0.8, "分值") == Decimal("0.8")
    assert setting_number(" 12.5 ", "分值") == Decimal("12.5")


# The patterns as numbers.py had them, until a number and its commas were checked in Python (cheaper than
# compiling them at every start): every text must be judged the same.
NUMBER_PIECES = st.sampled_from(["+", "-", ".", "0", "7", "12", "٣", "5", ",", "e", " ", "\n", "万", "a"])


@given(st.lists(NUMBER_PIECES, max_size=8).map("".join))
@settings(max_examples=3000, deadline=None)
def test_a_decimal_literal_is_what_the_pattern_said(text):
    import re

    from evaldesk.domain.numbers import _is_decimal_literal

    assert _is_decimal_literal(text) == bool(re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text))


@given(st.lists(NUMBER_PIECES, max_size=8).map("".join))
@settings(max_examples=3000, deadline=None)
def test_a_stray_comma_is_what_the_pattern_said(text):
    import re

    from evaldesk.domain.numbers import NumberError, _check_commas, _plain

    stray = bool(re.search(r"(^[+-]?|[^\d]),|,([^\d]|$)", _plain(text)))
    try:
        _check_commas(text)
    except NumberError:
        assert stray
    else:
        assert not stray
