"""The funds block (项目资金) as a Qt model, laid out like the paper.

Row 0 holds the column labels; rows 1..4 the funds rows (年度资金总额, 其中：当年财政拨款, …). Column 0
is the block label (项目资金（元）) merged down all rows, column 1 the row labels. Only the first row
carries 分值, 执行率 and 得分, all derived; the others show — as the paper does.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex

from ..domain.edits import SetFund
from ..domain.numbers import format_score
from ..domain.places import Place, funds_place
from ..domain.template import FundsSpec
from . import look
from .table_model import (ALIGNMENT, BACKGROUND, CENTER, DERIVED_TIP, DISPLAY, EDIT, FONT, LEFT, RIGHT, TOOLTIP,
                          PlaceEditingModel, bold_font)

FIRST_VALUE_COLUMN = 2


class FundsModel(PlaceEditingModel):
    def __init__(self, document, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.spec: FundsSpec = document.form.template.funds
        self.label_font = bold_font()  # labels, headers and totals; RowHeights measures with it too
        document.changed.connect(self._changed)
        self._derived = self._derived_texts()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 1 + len(self.spec.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else FIRST_VALUE_COLUMN + len(self.spec.columns)

    def template_columns(self) -> list[int]:
        return [self.spec.label_span, 1] + [c.span for c in self.spec.columns]

    def number_kind(self, index: QModelIndex) -> str:
        return "money"

    def is_long(self, index: QModelIndex) -> bool:
        return False

    def is_editable(self, row: int, column: int) -> bool:
        return row >= 1 and column >= FIRST_VALUE_COLUMN and self.spec.columns[column - FIRST_VALUE_COLUMN].role == "money"

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

    def data(self, index: QModelIndex, role: int = DISPLAY):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == DISPLAY:
            return self.shown_text(row, column)
        if column < FIRST_VALUE_COLUMN or row == 0:
            return self._label_look(row, column, role)
        spec = self.spec.columns[column - FIRST_VALUE_COLUMN]
        if spec.role == "money":
            return self._money_look(funds_place(self.spec.rows[row - 1].key, spec.key), role)
        if role == BACKGROUND:
            return look.DERIVED_BG
        if role == ALIGNMENT:
            return CENTER
        return DERIVED_TIP if role == TOOLTIP else None

    def shown_text(self, row: int, column: int) -> str:
        """What a cell shows (the DisplayRole): also what the view measures its row's height from."""
        if column == 0:  # merged down the block: only its first row carries the text
            return self.spec.label.replace("{unit}", self.document.form.amount_unit) if row == 0 else ""
        if row == 0:
            return "" if column == 1 else self.spec.columns[column - FIRST_VALUE_COLUMN].label
        if column == 1:
            return self.spec.rows[row - 1].label
        spec = self.spec.columns[column - FIRST_VALUE_COLUMN]
        if spec.role == "money":
            key = self.spec.rows[row - 1].key
            return look.shown_amount(self.document.form.fund(key, spec.key), self.document.figures.numbers.get(funds_place(key, spec.key)))
        return self._derived_text(row, spec.role)

    def is_bold(self, row: int, column: int) -> bool:
        return row == 0 or column == 0

    def _label_look(self, row: int, column: int, role: int):
        if role == BACKGROUND:
            return look.LABEL_BG
        if role == ALIGNMENT:
            return LEFT if column == 1 and row else CENTER
        if role == FONT and self.is_bold(row, column):
            return self.label_font
        return None

    def _money_look(self, place: Place, role: int):
        if role == EDIT:
            return self.document.form.fund(place.key, place.column)
        if role == BACKGROUND:
            if place in self.document.figures.bad_numbers:
                return look.BAD_BG
            return look.problem_background(self.document.problems_at(place))
        if role == TOOLTIP:
            return self.document.figures.bad_numbers.get(place) or look.problem_tooltip(self.document.problems_at(place)) or None
        if role == ALIGNMENT:
            return RIGHT
        return None

    def _derived_text(self, row: int, column_role: str) -> str:
        figures = self.document.figures
        if not self.spec.is_scored(self.spec.rows[row - 1].key):
            return "" if column_role == "rate" else "—"
        if column_role == "weight":
            return format_score(figures.budget_weight)
        if column_role == "rate":
            return figures.execution_rate_text
        return format_score(figures.budget_score)

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
        """dataChanged for exactly the cells the edit changed: typed amounts, cells whose problems came or
        went, and the derived 分值/执行率/得分 whose text moved."""
        derived, self._derived = self._derived, self._derived_texts()
        if touched.everything:
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
            return
        cells = {(row, column) for (row, column), text in self._derived.items() if derived.get((row, column)) != text}
        for place in touched.places:
            if place.area == "funds":
                index = self.index_of(place)
                cells.add((index.row(), index.column()))
        self.emit_cells(cells)

    def _derived_texts(self) -> dict[tuple[int, int], str]:
        return {(row, FIRST_VALUE_COLUMN + i): self._derived_text(row, c.role)
                for row in range(1, self.rowCount()) for i, c in enumerate(self.spec.columns) if c.role != "money"}
