"""How tall each row of a paper grid must be for its text, measured as the grid paints it.

Qt's `resizeRowToContents` asks the model for every role of every cell of the row through the delegate;
a 2,000-row form made 288,000 `data()` calls that way, twice. Here a row's height comes from the texts
its cells show (the model's `measured_text`, no `data()` call), each measured by Qt's own item delegate
with the option the grid paints with, and each (text, width, font) measured once: a row is re-measured
only when its text changed (the view calls `rows()` for the rows whose `dataChanged` came), and then
costs a few dictionary look-ups unless the clerk typed a new text.

The text goes to Qt's delegate through one item of a small Qt model (plain or bold), so Qt's own C++
`QStyledItemDelegate.sizeHint` measures it exactly as the grid's cells are measured, through the view's
style, without Python ever touching QStyle: its enum types cost ~47 M instructions (12 ms) of each start.
"""
from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from .delegates import CELL_AIR

CACHE_LIMIT = 50_000  # distinct (text, width, font) measured; beyond it start afresh: memory stays flat


class RowHeights:
    def __init__(self, view) -> None:
        self.view = view
        self._measured: dict[tuple[str, int, bool], int] = {}
        self._option: QStyleOptionViewItem | None = None  # the grid's, taken again after forget()
        model = QStandardItemModel(view)
        self._plain, self._bold = QStandardItem(), QStandardItem()
        model.appendRow([self._plain, self._bold])
        self._delegate = QStyledItemDelegate(view)  # Qt's own: its sizeHint is all C++

    def forget(self) -> None:
        """Column widths or fonts changed: every text is measured afresh."""
        self._measured.clear()
        self._option = None

    def rows(self, rows, spans: dict[tuple[int, int], int]) -> dict[int, int]:
        """Row → height for these rows. `spans` maps a horizontally merged cell's (row, column) to its columns."""
        view, model = self.view, self.view.model()
        widths = [view.columnWidth(c) - 1 for c in range(model.columnCount())]  # a grid line takes 1 px
        floor = view.verticalHeader().minimumSectionSize()
        if len(self._measured) > CACHE_LIMIT:
            self._measured.clear()
        measured, text_height = self._measured, self._text_height
        shown, bold = model.measured_text, model.is_bold
        heights = {}
        for row in rows:
            tallest = 0
            for column, width in enumerate(widths):
                span = spans.get((row, column))
                if span:
                    width = sum(widths[column:column + span]) + span - 1
                key = (shown(row, column), width, bold(row, column))
                height = measured.get(key)
                if height is None:
                    height = measured[key] = text_height(*key)
                tallest = max(tallest, height)
            heights[row] = max(tallest + 1, floor)  # + the grid line, as QTableView.sizeHintForRow adds
        return heights

    def _text_height(self, text: str, width: int, bold: bool) -> int:
        option = self._take_option() if self._option is None else self._option
        item = self._bold if bold else self._plain
        item.setText(text)  # shown, a new line included, as QStyledItemDelegate.displayText shows it
        option.rect = QRect(0, 0, width, 1000)  # a valid rectangle, or Qt measures the text unwrapped
        return self._delegate.sizeHint(option, item.index()).height() + CELL_AIR

    def _take_option(self) -> QStyleOptionViewItem:
        """The option the grid paints with (its font, wrapping, style); bold cells' font as the model gives it."""
        self._option = QStyleOptionViewItem()
        self.view.initViewItemOption(self._option)
        self._bold.setFont(self.view.model().label_font)
        return self._option
