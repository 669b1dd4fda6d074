"""The problems list: what the core found, most severe first; a click takes the cursor to the place."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from ..domain.problems import place_label
from . import look

PLACE_ROLE = Qt.UserRole + 1


class ProblemsPanel(QListWidget):
    go_to = Signal(object)  # a Place

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("problems")
        self.setWordWrap(True)
        self.itemActivated.connect(self._activated)
        self.itemClicked.connect(self._activated)
        self._shown: tuple = ()

    def show_problems(self, template, problems) -> None:
        # Most keystrokes change no problem: rebuilding the list then would only cost time and scroll it back.
        if self._shown == (template, problems):
            return
        self._shown = (template, list(problems))
        current = self.currentRow()
        super().clear()
        for problem in problems:
            text = f"{look.SEVERITY_MARKS[problem.severity]} {look.SEVERITY_WORDS[problem.severity]}　" \
                   f"［{place_label(template, problem.where)}］ {problem.message}"
            item = QListWidgetItem(text)
            item.setData(PLACE_ROLE, problem.where)
            tint = look.SEVERITY_BG.get(problem.severity)
            if tint is not None:
                item.setBackground(tint)
            self.addItem(item)
        if 0 <= current < self.count():
            self.setCurrentRow(current)

    def clear(self) -> None:
        self._shown = ()
        super().clear()

    def _activated(self, item: QListWidgetItem) -> None:
        self.go_to.emit(item.data(PLACE_ROLE))
