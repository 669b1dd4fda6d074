"""How tall each row of a paper grid must be for its text, measured as the grid paints it.

Qt's `resizeRowToContents` asks the model for every role of every cell of the row through the delegate;
a 2,000-row form made 288,000 `data()` calls that way, twice. Here a row's height comes from the texts
its cells show (the model's `measured_text`, no `data()` call), each measured by the view's own style with
the same option the delegate paints with, and each (text, width, font) measured once: a row is re-measured
only when its text changed (the view calls `rows()` for the rows whose `dataChanged` came), and then
costs a few dictionary look-ups unless the clerk typed a new text.
"""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from .delegates import CELL_AIR

ITEM = QStyle.ContentsType.CT_ItemViewItem
HAS_DISPLAY = QStyleOptionViewItem.ViewItemFeature.HasDisplay
CACHE_LIMIT = 50_000  # distinct (text, width, font) measured; beyond it start afresh: memory stays flat


class RowHeights:
    def __init__(self, view) -> None:
        self.view = view
        self._measured: dict[tuple[str, int, bool], int] = {}
        self._fonts: tuple | None = None

    def forget(self) -> None:
        """Column widths or fonts changed: every text is measured afresh."""
        self._measured.clear()
        self._fonts = None

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
        option, bold_option, style = self._options()
        option = bold_option if bold else option
        option.text = text.replace("\n", "\u2028")  # as QStyledItemDelegate.displayText shows a new line
        option.rect = QRect(0, 0, width, 1000)  # a valid rectangle, or Qt measures the text unwrapped
        return style.sizeFromContents(ITEM, option, QSize(), self.view).height() + CELL_AIR

    def _options(self):
        if self._fonts is None:
            plain = QStyleOptionViewItem()
            self.view.initViewItemOption(plain)
            plain.features |= HAS_DISPLAY
            bold = QStyleOptionViewItem(plain)
            bold.font = self.view.model().label_font
            bold.fontMetrics = QFontMetrics(bold.font)
            self._fonts = (plain, bold, self.view.style())
        return self._fonts
