"""Reading numbers as clerks type them, and printing them as the paper form does.

Money is Decimal, never float. Scores round half up (8.236 → 8.24, 4.985 → 4.99); Python's round()
rounds half to even and must not be used for these figures.
"""
from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal, InvalidOperation
from functools import lru_cache

CENT = Decimal("0.01")
BASIS_POINT = Decimal("0.0001")
WHOLE_PERCENT = Decimal("0.01")
TEN_THOUSAND = Decimal(10000)

_FULL_WIDTH = str.maketrans(
    "０１２３４５６７８９．，－＋％　",
    "0123456789.,-+% ",
)
_SEPARATORS = str.maketrans("", "", ",_'’")  # dropped, with every white space (str.split's)
_UNIT_SUFFIXES = ("万元", "万", "元", "分", "%")  # the longer first: 5万元 ends in 万元, not in 元
_CURRENCIES = ("¥", "￥")


# Rounding a ratio of two 20-digit numbers (a target typed as 0.0…01) needs more than the default 28
# digits of precision; quantize would raise InvalidOperation in the middle of a check or an export.
# Every rounding goes through round_to, which widens the context further when a result needs it.
_WIDE = Context(prec=120)
MAX_DIGITS = 20  # a trillion yuan to the fen is 15; more is a slip of the keyboard, and would overflow the sums


class NumberError(ValueError):
    """A text that should be a number and is not; the message is for the clerk."""


def _clean(text: str) -> str:
    return "".join(_plain(text).split()).translate(_SEPARATORS)


def _plain(text: str) -> str:
    """Half-width, trimmed, without a leading ¥ (one)."""
    text = text.translate(_FULL_WIDTH).strip()
    return text[1:] if text[:1] in _CURRENCIES else text


def _unit_suffix(cleaned: str) -> str:
    return next((suffix for suffix in _UNIT_SUFFIXES if cleaned.endswith(suffix)), "")


def _shown(text: str) -> str:
    """A typed text as a message quotes it: a runaway one cut short."""
    text = text.strip()
    return text if len(text) <= 30 else text[:27] + "…"


def _check_commas(text: str) -> None:
    """",234.5" is a keystroke lost or a figure cut short, not 234.50: a thousands comma stands between digits."""
    plain = _plain(text)
    at = plain.find(",")
    while at >= 0:
        if not (plain[at - 1:at].isdecimal() and plain[at + 1:at + 2].isdecimal()):  # "" (an end) is no digit
            raise NumberError(f"“{text.strip()}”中的逗号位置不对")
        at = plain.find(",", at + 1)


def _is_decimal_literal(text: str) -> bool:
    """Whether `text` is a plain decimal number: a sign, digits with a point (5, 5., 5.25, .25, -3), nothing
    else. Checked in Python, not by a regular expression, which every start would compile (`\\d` is
    str.isdecimal's digits)."""
    whole, point, fraction = text[1:].partition(".") if text[:1] in ("+", "-") else text.partition(".")
    if whole:
        return whole.isdecimal() and (not fraction or fraction.isdecimal())
    return bool(point) and fraction.isdecimal()


@lru_cache(maxsize=65536)
def parse_number(text: str) -> Decimal | None:
    """The number in `text`, or None when the cell is empty.

    Accepts full-width digits, thousands separators, a leading ¥ and a trailing 元/分. Raises
    NumberError for anything else, so that a typo is reported, never read as zero.
    """
    cleaned = _clean(text)
    if cleaned in ("", "—", "-", "－", "/"):
        return None
    cleaned = cleaned[:-1] if cleaned.endswith(("元", "分")) else cleaned
    if not _is_decimal_literal(cleaned):
        raise NumberError(f"“{text.strip()}”不是数字")
    if sum(ch.isdigit() for ch in cleaned) > MAX_DIGITS:
        raise NumberError(f"“{_shown(text)}”位数太多（最多 {MAX_DIGITS} 位数字），请检查是否多打了数字")
    _check_commas(text)
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid literals
        raise NumberError(f"“{text.strip()}”不是数字") from exc


def parse_amount(text: str, unit: str) -> Decimal | None:
    """An amount in the form's unit (元 or 万元), accepting a typed 万/万元/元 suffix in either unit."""
    cleaned = _clean(text)
    suffix = _unit_suffix(cleaned)
    if suffix:
        _check_commas(text)
    if suffix in ("万元", "万"):
        value = parse_number(cleaned[: -len(suffix)])
        if value is None:
            raise NumberError(f"“{text.strip()}”不是金额")
        return value if unit == "万元" else value * TEN_THOUSAND
    if suffix == "元" and unit == "万元":
        value = parse_number(cleaned[: -len(suffix)])
        if value is None:
            raise NumberError(f"“{text.strip()}”不是金额")
        return value / TEN_THOUSAND
    return parse_number(text)


def round_to(value: Decimal, step: Decimal = CENT, rounding: str = ROUND_HALF_UP) -> Decimal:
    """`value` to a multiple of `step` (0.01, 1, 0.0001…): the one way a figure is rounded. The context
    holds every digit of the result, so a 26-digit figure never raises InvalidOperation as it would in
    Python's default context of 28 digits."""
    digits = value.adjusted() - step.as_tuple().exponent + 2
    context = _WIDE if digits <= _WIDE.prec else Context(prec=digits)
    return value.quantize(step, rounding=rounding, context=context)


def round_half_up(value: Decimal, step: Decimal = CENT) -> Decimal:
    return round_to(value, step)


def written_digits(value: Decimal) -> int:
    """How many digits `value` has written out plainly: 1E+30 has 31, 0.001 has 4."""
    _sign, digits, exponent = value.as_tuple()
    return max(len(digits) + exponent, 1) + max(-exponent, 0)


def setting_number(value: object, where: str, error: type[Exception] = NumberError) -> Decimal:
    """A number from a template or settings file (JSON text, integer or float), exactly: 0.8 is 0.8.
    Raises `error` with a sentence naming the setting (`where`) for anything else, for infinity, and for
    more than MAX_DIGITS digits written out (1e300): such a figure would only fail later, mid-export."""
    shown = _shown(repr(value))
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise error(f"{where}应为数字，而不是 {shown}")
    try:
        number = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
    except InvalidOperation:
        raise error(f"{where}应为数字，而不是 {shown}") from None
    if not number.is_finite():
        raise error(f"{where}应为数字，而不是 {shown}")
    if written_digits(number) > MAX_DIGITS:
        raise error(f"{where}为 {shown}，位数太多（最多 {MAX_DIGITS} 位数字）")
    return number


RATE_ROUNDINGS = ("half_up", "up", "down", "whole_percent")
RATE_DECIMALS = (0, 1, 2)  # decimals of the printed percentage: 86%, 86.5%, 86.48%
SCORE_DECIMALS = (0, 1, 2)  # decimals a score is kept to: 9, 7.6, 8.62
_MODES = {"half_up": ROUND_HALF_UP, "up": ROUND_CEILING, "down": ROUND_FLOOR}


def percent_step(decimals: int) -> Decimal:
    """The ratio step of a percentage printed with `decimals` decimals: 2 → 0.0001 (0.01 %)."""
    return Decimal(1).scaleb(-2 - decimals)


def round_rate(ratio: Decimal, rounding: str, decimals: int = 2) -> Decimal:
    """The ratio as it is printed: to `decimals` decimals of a percent, half up, upwards or downwards;
    "whole_percent" rounds half up to a whole percent whatever the printed decimals (96.00%)."""
    if rounding == "whole_percent":
        return round_to(ratio, WHOLE_PERCENT)
    if rounding not in _MODES:
        raise ValueError(f"unknown rate rounding {rounding!r}")
    return round_to(ratio, percent_step(decimals), _MODES[rounding])


def format_rate(ratio: Decimal | None, rounding: str = "half_up", decimals: int = 2) -> str:
    """35.7619…% → '35.76%' (half up) or '35.77%' (up); 86.2037…% → '86%' (0 decimals);
    95.66 % → '96.00%' (whole percent printed with two decimals)."""
    if ratio is None:
        return ""
    percent = round_rate(ratio, rounding, decimals) * 100
    return f"{round_to(percent, Decimal(1).scaleb(-decimals))}%"


def round_score(value: Decimal, decimals: int = 2, rounding: str = "half_up") -> Decimal:
    """A score kept to `decimals` decimals: 8.62 → 9 (0), 7.612 → 7.6 (1), 8.236 → 8.24 (2)."""
    return round_to(value, Decimal(1).scaleb(-decimals), _MODES[rounding])


def format_score(value: Decimal | None) -> str:
    """Two decimals at most, half up, with no trailing zeros: 87.16, 91, 3.5."""
    if value is None:
        return ""
    text = f"{round_half_up(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_money(value: Decimal | None) -> str:
    """3467369 → '3,467,369.00'."""
    if value is None:
        return ""
    return f"{round_half_up(value):,.2f}"


def format_plain(value: Decimal | None) -> str:
    """A typed number written back without grouping, as a clerk would type it: 530000.00, 101.64."""
    if value is None:
        return ""
    return f"{value:f}"
