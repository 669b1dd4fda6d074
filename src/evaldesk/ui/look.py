"""How the paper form looks on screen: colours for labels, derived cells, problems; the base font size."""
from __future__ import annotations

import sys

from PySide6.QtGui import QColor

LABEL_BG = QColor("#eef2f7")  # printed labels and column headers
DERIVED_BG = QColor("#e6e6e6")  # computed, never typed: looks read-only
BAD_BG = QColor("#ffc9c9")  # a typed text that is not a number
ERROR_BG = QColor("#ffe1e1")
WARNING_BG = QColor("#fff2c2")
CATEGORY_BG = QColor("#f7f9fc")
DECLARED_SAME = QColor("#5f6b7a")  # the declared target under the current one: quiet while they agree
DECLARED_CHANGED = QColor("#b54708")  # … and amber once the clerk changed the target
DECLARED_HEADER_TIP = "各指标下方小字为申报表中的年度指标值（申报值），改动过的标为橙色；只在屏幕上显示，不打印"
GRID = "#9aa3ad"
# The window's style: Qt's Fusion on Linux (its default there; app.make_application asks for it by name), the
# platform's own elsewhere. Fusion draws a table's grid lines in the palette's Window colour darkened by 120 %.
FUSION = sys.platform.startswith("linux")
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


DECLARED_SHORT = 16  # characters: a longer declared target that was kept is not written out a second time


def declared_line(declared: str, current: str) -> str:
    """The line under a target that came from a declaration: the declared value, and whether it was changed."""
    shown = declared or "（空）"
    if declared != current:
        return f"申报值 {shown} · 已改"
    return f"申报值 {shown}" if len(declared) <= DECLARED_SHORT else "与申报值一致"


def declared_tip(declared: str, current: str) -> str:
    if declared == current:
        return f"申报值：{declared or '（空）'}，与申报表一致"
    return f"申报值：{declared or '（空）'}\n现值：{current or '（空）'}（已改动）"


def shown_amount(typed: str, value) -> str:
    """An amount as the paper prints it (530,000.00) while not being edited; a typo stays as typed, in red."""
    from ..domain.numbers import format_money

    return format_money(value) if value is not None else typed
