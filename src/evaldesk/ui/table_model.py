"""A template table (indicators, sub-budgets, goals) as a Qt model, laid out like the paper.

Model row 0 holds the column labels, rows 1..n the form's rows, and the last row the total (总分/合计)
when the template has one. A section label (绩效指标) is model column 0, merged down the rows. Merged
一级/二级 cells follow `figures.groups`; `spans()` lists every merge for the view to apply.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont

from ..domain.compute import group_label
from ..domain.edits import Edit, SetCell, rename_group
from ..domain.numbers import format_score
from ..domain.places import Place, cell_place
from ..domain.template import ColumnSpec, TableSpec
from . import look

NUMBER_ROLES = ("weight", "score", "money")
EDITABLE = Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsEditable
READ_ONLY = Qt.ItemIsEnabled | Qt.ItemIsSelectable


class PlaceEditingModel(QAbstractTableModel):
    """A grid whose editable cells each show one typed place; subclasses say which (`place`) and how to set it."""

    def place(self, index: QModelIndex) -> Place | None:
        raise NotImplementedError

    def set_text(self, index: QModelIndex, text: str, merge_key: object = None) -> None:
        raise NotImplementedError

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.NoItemFlags
        return EDITABLE if self.place(index) is not None else READ_ONLY

    def setData(self, index: QModelIndex, value, role: int = Qt.EditRole) -> bool:
        if role != Qt.EditRole or self.place(index) is None:
            return False
        self.set_text(index, str(value))
        return True



class TableModel(PlaceEditingModel):
    def __init__(self, document, spec: TableSpec, parent=None) -> None:
        super().__init__(parent)
        self.document, self.spec = document, spec
        self.offset = 1 if spec.section_label else 0
        self.has_total = bool(spec.total_label)
        self._bold = QFont()
        self._bold.setBold(True)
        document.rows_about_to_insert.connect(self._about_to_insert)
        document.rows_inserted.connect(lambda t: t == spec.key and self.endInsertRows())
        document.rows_about_to_remove.connect(self._about_to_remove)
        document.rows_removed.connect(lambda t: t == spec.key and self.endRemoveRows())
        document.rows_about_to_move.connect(self._about_to_move)
        document.rows_moved.connect(self._moved)
        document.changed.connect(self._changed)
        self._moving = False
        self._renaming: tuple[object, tuple[int, int]] = (None, (0, 0))  # (typing session, its category's rows)
        self._groups_of = None
        self._groups: dict = {}

    # ------------------------------------------------------------------ shape
    @property
    def rows(self):
        return self.document.form.rows(self.spec.key)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 1 + len(self.rows) + (1 if self.has_total else 0)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.offset + len(self.spec.columns)

    def column_spec(self, column: int) -> ColumnSpec | None:
        index = column - self.offset
        return self.spec.columns[index] if 0 <= index < len(self.spec.columns) else None

    def column_of(self, key: str) -> int:
        return self.offset + [c.key for c in self.spec.columns].index(key)

    def template_columns(self) -> list[int]:
        """How many template (paper) columns each model column covers: for the view's widths."""
        return ([1] if self.offset else []) + [c.span for c in self.spec.columns]

    def number_kind(self, index: QModelIndex) -> str:
        """'money', 'number' or '': how a typed text in this cell is read."""
        spec = self.column_spec(index.column())
        if spec is None or spec.role not in NUMBER_ROLES:
            return ""
        return "money" if spec.role == "money" else "number"

    def is_long(self, index: QModelIndex) -> bool:
        spec = self.column_spec(index.column())
        return bool(spec and (spec.long or spec.role == "deviation"))

    def form_row(self, row: int) -> int:
        """The form's row index behind a model row, or -1 for the header and total rows."""
        index = row - 1
        return index if 0 <= index < len(self.rows) else -1

    def rows_touched(self, touched) -> set[int] | None:
        """Model rows whose height may change after an edit (None: all of them)."""
        if touched.everything or self.spec.key in touched.tables:
            return None
        rows = {p.row + 1 for p in touched.places if p.area == "table" and p.key == self.spec.key}
        return rows | {self.rowCount() - 1} if rows else set()

    def is_total(self, row: int) -> bool:
        return self.has_total and row == self.rowCount() - 1

    def place(self, index: QModelIndex) -> Place | None:
        spec, row = self.column_spec(index.column()), self.form_row(index.row())
        return cell_place(self.spec.key, row, spec.key) if spec and row >= 0 else None

    def index_of(self, place: Place) -> QModelIndex:
        """The cell showing a place (a row of -1 means the total row, or the header when there is none)."""
        row = place.row + 1 if place.row >= 0 else self.rowCount() - 1
        column = self.column_of(place.column) if place.column else self.offset
        group = self._group_at(self.spec.columns[column - self.offset], place.row) if place.row >= 0 else None
        if group is not None:
            row = group.start + 1
        return self.index(row, column)

    # ------------------------------------------------------------------ data
    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if row == 0:
            return self._header(column, role)
        if self.is_total(row):
            return self._total(column, role)
        if column < self.offset:
            return self._section(role, row)
        return self._cell(self.form_row(row), self.column_spec(column), role)

    def _header(self, column: int, role: int):
        if role == Qt.DisplayRole:
            spec = self.column_spec(column)
            return self.spec.section_label if spec is None else spec.label.replace("{unit}", self.document.form.amount_unit)
        return self._label_look(role)

    def _section(self, role: int, row: int = 0):
        # Only the merged cell's first row carries the text: the rows under it must not be measured with it.
        if role == Qt.DisplayRole:
            return self.spec.section_label if row == 0 else ""
        return self._label_look(role)

    def _label_look(self, role: int):
        if role == Qt.BackgroundRole:
            return look.LABEL_BG
        if role == Qt.TextAlignmentRole:
            return Qt.AlignCenter
        if role == Qt.FontRole:
            return self._bold
        return None

    def _total(self, column: int, role: int):
        spec = self.column_spec(column)
        figures = self.document.figures
        if role == Qt.DisplayRole:
            if column == 0:
                return self.spec.total_label
            if column < self._total_columns():
                return ""
            if spec and spec.role == "weight":
                return format_score(figures.total_weight)
            if spec and spec.role == "score":
                return format_score(figures.total_score)
            return ""
        if role == Qt.BackgroundRole:
            return look.DERIVED_BG
        if role == Qt.TextAlignmentRole:
            return Qt.AlignCenter
        if role == Qt.FontRole:
            return self._bold
        if role == Qt.ToolTipRole and spec and spec.role in ("weight", "score"):
            return "自动计算，不能填写"
        return None

    def _cell(self, row: int, spec: ColumnSpec, role: int):
        if role == Qt.DisplayRole or role == Qt.EditRole:
            text = self.rows[row].get(spec.key)
            if role == Qt.DisplayRole and spec.role in ("level1", "level2"):
                return self._level_text(spec, row, text)
            if role == Qt.DisplayRole and spec.role == "money":
                return look.shown_amount(text, self.document.figures.numbers.get(cell_place(self.spec.key, row, spec.key)))
            return text
        if role == Qt.BackgroundRole:
            place = cell_place(self.spec.key, row, spec.key)
            if place in self.document.figures.bad_numbers:
                return look.BAD_BG
            tint = look.problem_background(self.document.problems_at(place))
            return tint or (look.CATEGORY_BG if spec.role in ("level1", "level2") else None)
        if role == Qt.ToolTipRole:
            place = cell_place(self.spec.key, row, spec.key)
            bad = self.document.figures.bad_numbers.get(place)
            return bad or look.problem_tooltip(self.document.problems_at(place)) or None
        if role == Qt.TextAlignmentRole:
            if spec.role == "money":
                return Qt.AlignRight | Qt.AlignVCenter
            wide = spec.long or spec.role in ("deviation", "text")
            return (Qt.AlignLeft | Qt.AlignVCenter) if wide else Qt.AlignCenter
        return None

    def _level_text(self, spec: ColumnSpec, row: int, text: str) -> str:
        group = self._group_at(spec, row)
        if group is not None and spec.role == "level1" and group.name:
            return group_label(self.spec, group)
        return text

    def _group_at(self, spec: ColumnSpec, row: int):
        if spec.role not in ("level1", "level2"):
            return None
        figures = self.document.figures
        if self._groups_of is not figures:  # one index per recompute, not one scan per cell
            self._groups_of = figures
            self._groups = {(g.level, r): g for g in figures.groups.get(self.spec.key, []) for r in range(g.start, g.stop)}
        return self._groups.get((spec.key, row))

    def set_text(self, index: QModelIndex, text: str, merge_key: object = None) -> None:
        session = merge_key and (merge_key, self.spec.key, index.row(), index.column())
        edit = self.edit_for(index, text, session)
        if edit is not None:
            self.document.edit(edit, merge_key=session)

    def edit_for(self, index: QModelIndex, text: str, session: object = None) -> Edit | None:
        """Typing in a merged 一级/二级 cell renames the whole category, as on paper.

        The category's rows are fixed when the typing starts (`session`): a name that passes through the
        next category's name on the way must not swallow that category at the next keystroke.
        """
        spec, row = self.column_spec(index.column()), self.form_row(index.row())
        if self.rows[row].get(spec.key) == text:
            return None
        if session is not None and self._renaming[0] == session:
            start, stop = self._renaming[1]
        else:
            group = self._group_at(spec, row)
            start, stop = (group.start, group.stop) if group is not None else (row, row + 1)
        self._renaming = (session, (start, stop))
        if stop - start > 1:
            return rename_group(self.document.form, self.spec.key, spec.key, start, stop, text)
        return SetCell(self.spec.key, row, spec.key, text)

    def plain_edit(self, index: QModelIndex, text: str) -> Edit:
        """One cell, never a whole category: what a paste writes."""
        return SetCell(self.spec.key, self.form_row(index.row()), self.column_spec(index.column()).key, text)

    def data_rows(self) -> tuple[int, int]:
        """The first and one-past-last model rows that hold form rows."""
        return 1, 1 + len(self.rows)

    # ------------------------------------------------------------------ merged cells
    def spans(self) -> list[tuple[int, int, int, int]]:
        """(row, column, rows, columns) of every merged cell: section label, categories, total label."""
        merged = []
        if self.offset:
            merged.append((0, 0, 1 + len(self.rows), 1))
        for group in self.document.figures.groups.get(self.spec.key, []):
            if group.stop - group.start > 1:
                merged.append((1 + group.start, self.column_of(group.level), group.stop - group.start, 1))
        if self.has_total:
            merged.append((self.rowCount() - 1, 0, 1, self._total_columns()))
        return merged

    def _total_columns(self) -> int:
        covered, count = 0, 0
        for span in self.template_columns():
            if covered >= self.spec.total_span:
                break
            covered += span
            count += 1
        return max(count, 1)

    # ------------------------------------------------------------------ following the document
    def _about_to_insert(self, table: str, index: int, count: int) -> None:
        if table == self.spec.key:
            self.beginInsertRows(QModelIndex(), 1 + index, index + count)

    def _about_to_remove(self, table: str, index: int, count: int) -> None:
        if table == self.spec.key:
            self.beginRemoveRows(QModelIndex(), 1 + index, index + count)

    def _about_to_move(self, table: str, index: int, count: int, to: int) -> None:
        if table != self.spec.key:
            return
        destination = 1 + (to if to < index else to + count)
        self._moving = self.beginMoveRows(QModelIndex(), 1 + index, index + count, QModelIndex(), destination)
        if not self._moving:
            self.layoutAboutToBeChanged.emit()

    def _moved(self, table: str) -> None:
        if table != self.spec.key:
            return
        if self._moving:
            self.endMoveRows()
        else:
            self.layoutChanged.emit()

    def _changed(self, touched) -> None:
        """Repaint what the edit can have changed: its rows, rows whose problems changed, and the derived cells."""
        last_row, last_column = self.rowCount() - 1, self.columnCount() - 1
        if last_row < 0 or last_column < 0:
            return
        if touched.everything or self.spec.key in touched.tables:
            self.dataChanged.emit(self.index(0, 0), self.index(last_row, last_column))
            return
        rows = {1 + p.row for p in touched.places if p.area == "table" and p.key == self.spec.key and p.row >= 0}
        for row in sorted(rows | {0, last_row}):  # the header and total rows carry table-wide figures and problems
            self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))
        for level in self.spec.levels:  # merged category labels carry their derived weights: 投入与管理 (36分)
            column = self.column_of(level)
            self.dataChanged.emit(self.index(0, column), self.index(last_row, column))
