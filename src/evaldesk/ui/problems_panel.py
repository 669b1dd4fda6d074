"""The problems list: what the core found, most severe first; a click takes the cursor to the place."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from ..domain.places import Place
from . import look

PLACE_ROLE = Qt.UserRole + 1


def place_name(template, place: Place) -> str:
    """Where a problem is, in the form's own words: 字段 项目名称, 资金 年度资金总额·全年执行数, 绩效指标 第 3 行·得分."""
    try:
        if place.area == "field":
            return template.field(place.key).label
        if place.area == "funds" and template.funds:
            row = next(r.label for r in template.funds.rows if r.key == place.key)
            column = next(c.label for c in template.funds.columns if c.key == place.column)
            return f"{row}·{column}"
        if place.area == "table":
            spec = template.table(place.key)
            table = spec.section_label or spec.caption or "表格"
            row = f"第 {place.row + 1} 行" if place.row >= 0 else (spec.total_label or "合计")
            column = f"·{spec.column(place.column).label}" if place.column else ""
            return f"{table} {row}{column}".replace("{unit}", "")
    except (KeyError, StopIteration):
        pass
    return "表单"


class ProblemsPanel(QListWidget):
    go_to = Signal(object)  # a Place

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("problems")
        self.setWordWrap(True)
        self.itemActivated.connect(self._activated)
        self.itemClicked.connect(self._activated)

    def show_problems(self, template, problems) -> None:
        current = self.currentRow()
        self.clear()
        for problem in problems:
            text = f"{look.SEVERITY_MARKS[problem.severity]} {look.SEVERITY_WORDS[problem.severity]}　" \
                   f"［{place_name(template, problem.where)}］ {problem.message}"
            item = QListWidgetItem(text)
            item.setData(PLACE_ROLE, problem.where)
            tint = look.SEVERITY_BG.get(problem.severity)
            if tint is not None:
                item.setBackground(tint)
            self.addItem(item)
        if 0 <= current < self.count():
            self.setCurrentRow(current)

    def _activated(self, item: QListWidgetItem) -> None:
        self.go_to.emit(item.data(PLACE_ROLE))
