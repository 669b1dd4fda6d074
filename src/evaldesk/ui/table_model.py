"""A template table (indicators, sub-budgets, goals) as a Qt model, laid out like the paper.

Model row 0 holds the column labels, rows 1..n the form's rows, and the last row the total (总分/合计)
when the template has one. A section label (绩效指标) is model column 0, merged down the rows. Merged
一级/二级 cells follow `figures.groups`; `spans()` lists every merge for the view to apply.
"""
from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont

from ..domain.compute import blank_table, group_label
from ..domain.declaration import DECLARED_TARGET, target_key
from ..domain.edits import Edit, SetCell, goal_indicators, rename_goal, rename_group
from ..domain.numbers import format_score
from ..domain.places import Place, cell_place
from ..domain.template import ColumnSpec, TableSpec
from . import look

# data() and flags() run hundreds of thousands of times: PySide6 6.12 resolves a short enum name such as
# Qt.DisplayRole in about 9 µs, the full name in 0.4 µs, a module constant in a few ns. Roles are plain ints.
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
EDIT = int(Qt.ItemDataRole.EditRole)
BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
FONT = int(Qt.ItemDataRole.FontRole)
DECLARED = int(Qt.ItemDataRole.UserRole) + 1  # the target as declared, beside the current one (None elsewhere)
CENTER = Qt.AlignmentFlag.AlignCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
EDITABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
NO_FLAGS = Qt.ItemFlag.NoItemFlags
TEXT_ROLES = (DISPLAY, EDIT)
NUMBER_ROLES = ("weight", "score", "money", "ratio")
LEVELS = ("level1", "level2")
DERIVED_TIP = "自动计算，不能填写"
TOTALLED = ("weight", "score", "ratio", "weighted")  # the roles a total row adds up


def bold_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class PlaceEditingModel(QAbstractTableModel):
    """A grid whose editable cells each show one typed place; subclasses say which (`place`) and how to set it."""

    def place(self, index: QModelIndex) -> Place | None:
        raise NotImplementedError

    def is_editable(self, row: int, column: int) -> bool:
        raise NotImplementedError

    def set_text(self, index: QModelIndex, text: str, merge_key: object = None) -> None:
        raise NotImplementedError

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return NO_FLAGS
        return EDITABLE if self.is_editable(index.row(), index.column()) else READ_ONLY

    def setData(self, index: QModelIndex, value, role: int = EDIT) -> bool:
        if role != EDIT or self.place(index) is None:
            return False
        self.set_text(index, str(value))
        return True

    def measured_text(self, row: int, column: int) -> str:
        """The text a cell's height is measured from (RowHeights): what it shows, unless it paints more."""
        return self.shown_text(row, column)

    def emit_cells(self, cells) -> None:
        """dataChanged for exactly these (row, column) cells: a run of neighbours in a row as one range."""
        for row, first, last in _runs(cells):
            self.dataChanged.emit(self.index(row, first), self.index(row, last))


def _runs(cells) -> list[tuple[int, int, int]]:
    runs: list[tuple[int, int, int]] = []
    for row, column in sorted(cells):
        if runs and runs[-1][0] == row and runs[-1][2] == column - 1:
            runs[-1] = (row, runs[-1][1], column)
        else:
            runs.append((row, column, column))
    return runs


class TableModel(PlaceEditingModel):
    def __init__(self, document, spec: TableSpec, parent=None) -> None:
        super().__init__(parent)
        self.document, self.spec = document, spec
        self.offset = 1 if spec.section_label else 0
        self.has_total = bool(spec.total_label)
        self.label_font = bold_font()  # labels, headers and totals; RowHeights measures with it too
        self._specs: list[ColumnSpec | None] = [None] * self.offset + list(spec.columns)
        self._align = [CENTER] * self.offset + [_alignment(c) for c in spec.columns]
        self._level1 = {self.column_of(c.key) for c in spec.columns if c.role == "level1"}
        self._derived_columns = [self.column_of(c.key) for c in spec.columns if c.derived]
        document.rows_about_to_insert.connect(self._about_to_insert)
        document.rows_inserted.connect(lambda t: t == spec.key and self.endInsertRows())
        document.rows_about_to_remove.connect(self._about_to_remove)
        document.rows_removed.connect(lambda t: t == spec.key and self.endRemoveRows())
        document.rows_about_to_move.connect(self._about_to_move)
        document.rows_moved.connect(self._moved)
        document.changed.connect(self._changed)
        self._moving = False
        self._renaming: tuple[object, tuple[int, int]] = (None, (0, 0))  # (typing session, its category's rows)
        self._goal_rows: tuple[object, list[int]] = (None, [])  # (typing session, the renamed goal's indicator rows)
        self._groups_of = None
        self._groups: dict = {}
        self.blank = blank_table(spec, self.rows)  # nothing typed to weigh or score: weights and totals left blank, as on paper
        self._derived = self._derived_texts()
        target = target_key(spec) if "declaration" in document.form.meta and spec is document.form.template.scored_table else None
        self.declared_column = self.column_of(target) if target else -1  # -1: not a form made from a declaration
        if self.declared_column < 0:
            self.measured_text = self.shown_text  # row heights measure every cell: no extra call per cell

    @property
    def shows_declared(self) -> bool:
        """A self-evaluation made from a declaration: its target column shows the declared target too."""
        return self.declared_column >= 0

    # ------------------------------------------------------------------ shape
    @property
    def rows(self):
        return self.document.form.rows(self.spec.key)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 1 + len(self.document.form.rows(self.spec.key)) + self.has_total

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._specs)

    def column_spec(self, column: int) -> ColumnSpec | None:
        return self._specs[column] if 0 <= column < len(self._specs) else None

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
        return bool(spec and spec.long)

    def form_row(self, row: int) -> int:
        """The form's row index behind a model row, or -1 for the header and total rows."""
        index = row - 1
        return index if 0 <= index < len(self.rows) else -1

    def is_total(self, row: int) -> bool:
        return self.has_total and row == self.rowCount() - 1

    def is_editable(self, row: int, column: int) -> bool:
        return (column >= self.offset and 1 <= row <= len(self.document.form.rows(self.spec.key))
                and not self._specs[column].derived)

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
    def data(self, index: QModelIndex, role: int = DISPLAY):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == DISPLAY:
            return self.shown_text(row, column)
        if role == EDIT:
            rows = self.document.form.rows(self.spec.key)
            spec = self._specs[column] if column < len(self._specs) else None
            return rows[row - 1].get(spec.key) if spec is not None and 1 <= row <= len(rows) else None
        if role == BACKGROUND:
            return self._background(row, column)
        if role == ALIGNMENT:
            return CENTER if row == 0 or self.is_total(row) else self._align[column]
        if role == FONT:
            return self.label_font if self.is_bold(row, column) else None
        if role == TOOLTIP:
            return self._tooltip(row, column)
        if role == DECLARED:
            return self.declared_target(row, column)
        return None

    def declared_target(self, row: int, column: int) -> str | None:
        """The 年度指标值 as declared, for an indicator a declaration brought; None for every other cell."""
        if column != self.declared_column:
            return None
        rows = self.document.form.rows(self.spec.key)
        return rows[row - 1].values.get(DECLARED_TARGET) if 1 <= row <= len(rows) else None

    def measured_text(self, row: int, column: int) -> str:
        """The target cell of a declared indicator also paints the declared target on a line of its own."""
        text = self.shown_text(row, column)
        declared = self.declared_target(row, column)
        return text if declared is None else f"{text}\n{look.declared_line(declared, text)}"

    def shown_text(self, row: int, column: int) -> str:
        """What a cell shows (the DisplayRole): also what the view measures its row's height from."""
        rows = self.document.form.rows(self.spec.key)
        spec = self._specs[column]
        if row == 0:
            return self.spec.section_label if spec is None else spec.label.replace("{unit}", self.document.form.amount_unit)
        if row > len(rows):
            return self._total_text(column)
        if spec is None:
            return ""  # the merged section label: only its first row carries the text, the rows under it are not measured with it
        text = rows[row - 1].get(spec.key)
        if column in self._level1:
            return self._level_text(spec, row - 1, text)
        if spec.role == "money":
            return look.shown_amount(text, self.document.figures.numbers.get(cell_place(self.spec.key, row - 1, spec.key)))
        if spec.derived:
            return format_score(self.document.figures.numbers.get(cell_place(self.spec.key, row - 1, spec.key)))
        return text

    def is_bold(self, row: int, column: int) -> bool:
        return row == 0 or column < self.offset or (self.has_total and row > len(self.document.form.rows(self.spec.key)))

    def _total_text(self, column: int) -> str:
        if column == 0:
            return self.spec.total_label
        spec = self._specs[column]
        if column < self._total_columns() or spec is None or self.blank:
            return ""
        if spec.role == "weight":
            return format_score(self.document.figures.total_weight)
        if spec.role == "score":
            return format_score(self.document.figures.total_score)
        if spec.role == "ratio":
            return format_score(self.document.figures.goal_ratio)
        if spec.role == "weighted":
            return format_score(self.document.figures.indicator_score)
        return ""

    def _background(self, row: int, column: int):
        if self.is_total(row):
            return look.DERIVED_BG
        if row == 0 or column < self.offset:
            return look.LABEL_BG
        spec = self._specs[column]
        place = cell_place(self.spec.key, row - 1, spec.key)
        if place in self.document.figures.bad_numbers:
            return look.BAD_BG
        tint = look.problem_background(self.document.problems_at(place))
        if spec.derived:
            return tint or look.DERIVED_BG
        return tint or (look.CATEGORY_BG if spec.role in LEVELS else None)

    def _tooltip(self, row: int, column: int):
        if row == 0 and column == self.declared_column:
            return look.DECLARED_HEADER_TIP
        if row == 0 or column < self.offset:
            return None
        spec = self._specs[column]
        if self.is_total(row):
            return DERIVED_TIP if spec and spec.role in TOTALLED else None
        place = cell_place(self.spec.key, row - 1, spec.key)
        bad = self.document.figures.bad_numbers.get(place)
        tip = bad or look.problem_tooltip(self.document.problems_at(place))
        declared = self.declared_target(row, column)
        if declared is not None and not tip:
            tip = look.declared_tip(declared, self.rows[row - 1].get(spec.key))
        return tip or (DERIVED_TIP if spec.derived else None)

    def _level_text(self, spec: ColumnSpec, row: int, text: str) -> str:
        group = self._group_at(spec, row)
        if group is not None and spec.role == "level1" and group.name:
            return group_label(self.spec, group, self.blank)
        return text

    def _group_at(self, spec: ColumnSpec, row: int):
        if spec.role not in LEVELS:
            return None
        figures = self.document.figures
        if self._groups_of is not figures:  # one index per recompute, as long as the groups, not the rows
            self._groups_of, self._groups = figures, {}
            for group in figures.groups.get(self.spec.key, []):
                starts, groups = self._groups.setdefault(group.level, ([], []))
                starts.append(group.start)
                groups.append(group)
        starts, groups = self._groups.get(spec.key, ((), ()))
        position = bisect_right(starts, row) - 1
        return groups[position] if position >= 0 and row < groups[position].stop else None

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
        if spec.role == "goal" and self.spec.goals_of:  # a goal renamed takes its indicators along
            if session is None or self._goal_rows[0] != session:
                self._goal_rows = (session, goal_indicators(self.document.form, self.spec.key, row))
            return rename_goal(self.document.form, self.spec.key, row, text, self._goal_rows[1])
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
        """dataChanged for exactly the cells the edit changed: typed cells, cells whose problems came or went,
        and the derived texts (总分, 投入与管理 (36分)) whose figure moved."""
        self.blank = blank_table(self.spec, self.rows)  # stops at the first typed figure: O(1) on a filled form
        derived, self._derived = self._derived, self._derived_texts()
        if self.rowCount() == 0 or self.columnCount() == 0:
            return
        if touched.everything or self.spec.key in touched.tables:
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
            return
        columns = {c.key: self.offset + i for i, c in enumerate(self.spec.columns)}
        cells = {(1 + p.row, columns[p.column]) for p in touched.places
                 if p.area == "table" and p.key == self.spec.key and p.row >= 0 and p.column in columns}
        for key in derived.keys() | self._derived.keys():
            if derived.get(key) != self._derived.get(key):
                row, stop, column = key
                cells.update((r, column) for r in range(row, stop))
        self.emit_cells(cells)

    def _derived_texts(self) -> dict[tuple[int, int, int], str]:
        """(first row, row after the last, column) → text of every derived cell: total figures, category labels."""
        texts = {}
        if self.has_total:
            last = self.rowCount() - 1
            for column in range(self.columnCount()):
                if self._specs[column] is not None and self._specs[column].role in TOTALLED:
                    texts[(last, last + 1, column)] = self._total_text(column)
        for column in self._derived_columns:  # a goal's weighted score moves when its indicators' scores do
            for row in range(1, 1 + len(self.rows)):
                texts[(row, row + 1, column)] = self.shown_text(row, column)
        for group in self.document.figures.groups.get(self.spec.key, []):
            column = self.column_of(group.level)
            if column in self._level1 and group.name:
                texts[(1 + group.start, 1 + group.stop, column)] = group_label(self.spec, group, self.blank)
        return texts


def _alignment(spec: ColumnSpec):
    if spec.role == "money":
        return RIGHT
    return LEFT if spec.long or spec.role in ("deviation", "text") else CENTER
