"""How the paper form looks on screen: colours for labels, derived cells, problems; the base font size."""
from __future__ import annotations

from PySide6.QtGui import QColor

LABEL_BG = QColor("#eef2f7")  # printed labels and column headers
DERIVED_BG = QColor("#e6e6e6")  # computed, never typed: looks read-only
BAD_BG = QColor("#ffc9c9")  # a typed text that is not a number
ERROR_BG = QColor("#ffe1e1")
WARNING_BG = QColor("#fff2c2")
CATEGORY_BG = QColor("#f7f9fc")
GRID = "#9aa3ad"
BASE_POINT_SIZE = 10.5  # clerks read these forms for hours: never smaller than the paper

SEVERITY_BG = {"error": ERROR_BG, "warning": WARNING_BG}
SEVERITY_WORDS = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_MARKS = {"error": "✖", "warning": "▲", "info": "ℹ"}


def problem_background(problems) -> QColor | None:
    """The tint of a cell that has problems: the most severe one wins; infos do not tint."""
    for severity in ("error", "warning"):
        if any(p.severity == severity for p in problems):
            return SEVERITY_BG[severity]
    return None


def problem_tooltip(problems) -> str:
    return "\n".join(f"{SEVERITY_WORDS[p.severity]}：{p.message}" for p in problems)


def shown_amount(typed: str, value) -> str:
    """An amount as the paper prints it (530,000.00) while not being edited; a typo stays as typed, in red."""
    from ..domain.numbers import format_money

    return format_money(value) if value is not None else typed
