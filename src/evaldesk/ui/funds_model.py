"""The funds block (项目资金) as a Qt model, laid out like the paper.

Row 0 holds the column labels; rows 1..4 the funds rows (年度资金总额, 其中：当年财政拨款, …). Column 0
is the block label (项目资金（元）) merged down all rows, column 1 the row labels. Only the first row
carries 分值, 执行率 and 得分, all derived; the others show — as the paper does.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont

from ..domain.edits import SetFund
from ..domain.numbers import format_score
from ..domain.places import Place, funds_place
from ..domain.template import FundsSpec
from . import look
from .table_model import PlaceEditingModel

FIRST_VALUE_COLUMN = 2


class FundsModel(PlaceEditingModel):
    def __init__(self, document, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.spec: FundsSpec = document.form.template.funds
        self._bold = QFont()
        self._bold.setBold(True)
        document.changed.connect(self._changed)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 1 + len(self.spec.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else FIRST_VALUE_COLUMN + len(self.spec.columns)

    def template_columns(self) -> list[int]:
        return [self.spec.label_span, 1] + [c.span for c in self.spec.columns]

    def rows_touched(self, touched) -> set[int] | None:
        return None if touched.everything else set()

    def number_kind(self, index: QModelIndex) -> str:
        return "money"

    def is_long(self, index: QModelIndex) -> bool:
        return False

    def place(self, index: QModelIndex) -> Place | None:
        row, column = index.row() - 1, index.column() - FIRST_VALUE_COLUMN
        if row < 0 or column < 0 or self.spec.columns[column].role != "money":
            return None
        return funds_place(self.spec.rows[row].key, self.spec.columns[column].key)

    def index_of(self, place: Place) -> QModelIndex:
        rows = [r.key for r in self.spec.rows]
        columns = [c.key for c in self.spec.columns]
        row = rows.index(place.key) + 1 if place.key in rows else 1
        column = columns.index(place.column) + FIRST_VALUE_COLUMN if place.column in columns else FIRST_VALUE_COLUMN
        return self.index(row, column)

    def spans(self) -> list[tuple[int, int, int, int]]:
        return [(0, 0, self.rowCount(), 1)]

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if column == 0 or row == 0 or column == 1:
            return self._label(row, column, role)
        spec = self.spec.columns[column - FIRST_VALUE_COLUMN]
        if spec.role == "money":
            return self._money(self.spec.rows[row - 1].key, spec.key, role)
        return self._derived(row, spec.role, role)

    def _label(self, row: int, column: int, role: int):
        if role == Qt.DisplayRole:
            if column == 0:  # merged down the block: only its first row carries the text
                return self.spec.label.replace("{unit}", self.document.form.amount_unit) if row == 0 else ""
            if row == 0:
                return "" if column == 1 else self.spec.columns[column - FIRST_VALUE_COLUMN].label
            return self.spec.rows[row - 1].label
        if role == Qt.BackgroundRole:
            return look.LABEL_BG
        if role == Qt.TextAlignmentRole:
            return (Qt.AlignLeft | Qt.AlignVCenter) if column == 1 and row else Qt.AlignCenter
        if role == Qt.FontRole and (row == 0 or column == 0):
            return self._bold
        return None

    def _money(self, row: str, column: str, role: int):
        text = self.document.form.fund(row, column)
        place = funds_place(row, column)
        if role == Qt.DisplayRole:
            return look.shown_amount(text, self.document.figures.numbers.get(place))
        if role == Qt.EditRole:
            return text
        if role == Qt.BackgroundRole:
            if place in self.document.figures.bad_numbers:
                return look.BAD_BG
            return look.problem_background(self.document.problems_at(place))
        if role == Qt.ToolTipRole:
            return self.document.figures.bad_numbers.get(place) or look.problem_tooltip(self.document.problems_at(place)) or None
        if role == Qt.TextAlignmentRole:
            return Qt.AlignRight | Qt.AlignVCenter
        return None

    def _derived(self, row: int, column_role: str, role: int):
        figures = self.document.figures
        if role == Qt.DisplayRole:
            if not self.spec.is_scored(self.spec.rows[row - 1].key):
                return "" if column_role == "rate" else "—"
            if column_role == "weight":
                return format_score(figures.budget_weight)
            if column_role == "rate":
                return figures.execution_rate_text
            return format_score(figures.budget_score)
        if role == Qt.BackgroundRole:
            return look.DERIVED_BG
        if role == Qt.TextAlignmentRole:
            return Qt.AlignCenter
        if role == Qt.ToolTipRole:
            return "自动计算，不能填写"
        return None

    def set_text(self, index: QModelIndex, text: str, merge_key: object = None) -> None:
        place = self.place(index)
        if self.document.form.fund(place.key, place.column) != text:
            self.document.edit(SetFund(place.key, place.column, text),
                               merge_key=merge_key and (merge_key, "funds", index.row(), index.column()))

    def plain_edit(self, index: QModelIndex, text: str):
        return self.edit_for(index, text)

    def edit_for(self, index: QModelIndex, text: str):
        place = self.place(index)
        return SetFund(place.key, place.column, text) if place else None

    def _changed(self, touched) -> None:
        self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
