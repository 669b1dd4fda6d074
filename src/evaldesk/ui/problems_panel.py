"""The problems list: what the core found, most severe first; a click takes the cursor to the place."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from ..domain.problems import place_label
from . import look
from .document import changed_runs

PLACE_ROLE = Qt.ItemDataRole.UserRole + 1


class ProblemsPanel(QListWidget):
    go_to = Signal(object)  # a Place

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("problems")
        # One line an item, all of one height: Qt then lays out thousands of items without measuring each
        # one's text again whenever one comes or goes (that took 50 ms a keystroke at 1,300 problems).
        # A message too long for the line ends in … and shows whole in its tooltip.
        self.setUniformItemSizes(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.itemActivated.connect(self._activated)
        self.itemClicked.connect(self._activated)
        self._shown: tuple = ()

    def show_problems(self, template, problems) -> None:
        """Show this list, changing only the items that differ from what is shown: a keystroke that makes or
        mends one problem touches one item, and the list keeps its scroll position and current row."""
        shown_template, shown = self._shown or (None, [])
        if shown_template is not template:
            shown = []
            super().clear()
        for old_start, old_stop, new_start, new_stop in reversed(changed_runs(shown, problems)):
            for row in reversed(range(old_start, old_stop)):
                self.takeItem(row)  # Python owns the taken item and deletes it
            for offset, problem in enumerate(problems[new_start:new_stop]):
                self.insertItem(old_start + offset, self._item(template, problem))
        self._shown = (template, list(problems))

    def _item(self, template, problem) -> QListWidgetItem:
        text = f"{look.SEVERITY_MARKS[problem.severity]} {look.SEVERITY_WORDS[problem.severity]}　" \
               f"［{place_label(template, problem.where)}］ {problem.message}"
        item = QListWidgetItem(text)
        item.setToolTip(text)
        item.setData(PLACE_ROLE, problem.where)
        tint = look.SEVERITY_BG.get(problem.severity)
        if tint is not None:
            item.setBackground(tint)
        return item

    def clear(self) -> None:
        self._shown = ()
        super().clear()

    def _activated(self, item: QListWidgetItem) -> None:
        self.go_to.emit(item.data(PLACE_ROLE))
