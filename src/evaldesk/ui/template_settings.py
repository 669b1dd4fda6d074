"""Two settings of the template editor that are lists, not single choices: the indicator table's column
order, and the grade bands with their lower bounds. Each widget shows the template's own setting, says
when the clerk changed it (`changed`), and gives the setting back as the domain's conventions hold it."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QGridLayout, QHeaderView, QListWidget, QListWidgetItem, QPushButton,
                               QTableWidget, QTableWidgetItem, QWidget)

from ..domain.conventions import band_ranges
from ..domain.template import TableSpec, TemplateError, check_grade_bands

KEY_ROLE = Qt.UserRole


def _buttons(grid: QGridLayout, *buttons: QPushButton) -> None:
    for row, button in enumerate(buttons):
        grid.addWidget(button, row, 1)
    grid.setRowStretch(len(buttons), 1)


class ColumnOrder(QWidget):
    """The indicator table's columns left to right, moved by dragging or by 上移 / 下移; the category
    columns (一级、二级指标) stay leftmost, where their merged cells belong."""

    changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.levels: tuple[str, ...] = ()
        self.list = QListWidget()
        self.list.setDragDropMode(QAbstractItemView.InternalMove)
        self.list.setMinimumHeight(150)
        self.list.setAccessibleName("指标表的列")
        self.list.model().rowsMoved.connect(lambda *_: self.changed.emit())
        self.up, self.down = QPushButton("上移"), QPushButton("下移")
        self.up.clicked.connect(lambda: self.move(-1))
        self.down.clicked.connect(lambda: self.move(+1))
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.list, 0, 0, 3, 1)
        _buttons(grid, self.up, self.down)

    def load(self, table: TableSpec | None, order: tuple[str, ...]) -> None:
        self.list.clear()
        self.levels = table.levels if table else ()
        for key in (k for k in order if k not in self.levels):
            item = QListWidgetItem(table.column(key).label)
            item.setData(KEY_ROLE, key)
            self.list.addItem(item)
        self.setEnabled(table is not None)

    def labels(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def order(self) -> tuple[str, ...]:
        return self.levels + tuple(self.list.item(i).data(KEY_ROLE) for i in range(self.list.count()))

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        if row < 0 or not 0 <= row + step < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(row + step, item)
        self.list.setCurrentRow(row + step)
        self.changed.emit()


class GradeBands(QWidget):
    """等级 | 下限（分） | 分数段: names and lower bounds typed in the table, the score range of each band
    shown beside it as it will be judged; a band added below or the chosen one taken away."""

    changed = Signal()
    NAME, MINIMUM, RANGE = range(3)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.boundary_to_upper = True
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["等级", "下限（分）", "分数段"])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(self.RANGE, QHeaderView.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(180)
        self.table.setAccessibleName("等级及分数线")
        self.table.itemChanged.connect(self._edited)
        self.add, self.remove = QPushButton("增加一档"), QPushButton("删除一档")
        self.add.clicked.connect(self.add_band)
        self.remove.clicked.connect(self.remove_band)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.table, 0, 0, 3, 1)
        _buttons(grid, self.add, self.remove)

    def load(self, bands: tuple[tuple[str, Decimal], ...], boundary_to_upper: bool) -> None:
        self.boundary_to_upper = boundary_to_upper
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for name, minimum in bands:
            self._append(name, f"{minimum:f}")
        self.table.blockSignals(False)
        self.show_ranges()
        self.setEnabled(bool(bands))

    def set_boundary(self, boundary_to_upper: bool) -> None:
        self.boundary_to_upper = boundary_to_upper
        self.show_ranges()

    def bands(self) -> tuple[tuple[str, Decimal], ...]:
        """The bands as typed, checked (TemplateError in Chinese: a bound not a number, overlapping bands)."""
        bands = []
        for row in range(self.table.rowCount()):
            name, text = self._text(row, self.NAME), self._text(row, self.MINIMUM)
            try:
                minimum = Decimal(text)
                if not minimum.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                raise TemplateError(f"“{name or f'第 {row + 1} 档'}”的下限“{text}”不是分数") from None
            bands.append((name, minimum))
        check_grade_bands(bands)
        return tuple(bands)

    def show_ranges(self) -> None:
        """分数段 beside each band; left empty while the bands cannot be read."""
        try:
            words = band_ranges(self.bands(), self.boundary_to_upper)
        except TemplateError:
            words = [""] * self.table.rowCount()
        self.table.blockSignals(True)
        for row, text in enumerate(words):
            item = QTableWidgetItem(text)
            item.setFlags(Qt.ItemIsEnabled)
            self.table.setItem(row, self.RANGE, item)
        self.table.blockSignals(False)

    def add_band(self) -> None:
        """A new lowest band from 0: the clerk names it and raises the bound of the band above it."""
        self.table.blockSignals(True)
        self._append("", "0")
        self.table.blockSignals(False)
        self.table.setCurrentCell(self.table.rowCount() - 1, self.NAME)
        self._edited()

    def remove_band(self) -> None:
        row = self.table.currentRow()
        if row >= 0 and self.table.rowCount() > 1:
            self.table.removeRow(row)
            self._edited()

    def _append(self, name: str, minimum: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, self.NAME, QTableWidgetItem(name))
        bound = QTableWidgetItem(minimum)
        bound.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.table.setItem(row, self.MINIMUM, bound)

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _edited(self, item: QTableWidgetItem | None = None) -> None:
        if item is not None and item.column() == self.RANGE:
            return
        self.show_ranges()
        self.changed.emit()
