"""The visible hint for a typed number that is not one: the text is kept, the clerk is told why."""
from __future__ import annotations

from ..domain.numbers import NumberError, parse_amount, parse_number


def number_problem(text: str, kind: str, unit: str = "元") -> str:
    """'' when `text` reads as a number of this kind (or is empty), else a Chinese sentence."""
    if not kind or not text.strip():
        return ""
    try:
        parse_amount(text, unit) if kind == "money" else parse_number(text)
    except NumberError as error:
        example = "如 412907.00、41.29万 或 １２,３４５" if kind == "money" else "如 10、3.58"
        return f"{error}：已按原样保留，请改为数字（{example}）"
    return ""
