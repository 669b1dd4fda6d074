"""A grid of the paper form (funds block, indicator table): a QTableView that looks like part of the page.

No scroll bars of its own (the page scrolls), no headers (the labels are the first row, as printed),
rows as tall as their text, merged cells from the model's `spans()`, and spreadsheet keys as in Excel:
a click selects, a double click, F2 or typing edits; Enter moves down the column; Tab moves right along
the row, then to the first cell the clerk fills in the next row, and leaves the grid after its last cell;
Esc gives back the value from before the edit; Delete clears; Ctrl+C/V copy and paste tab-separated text
to and from Excel or WPS.
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QAbstractScrollArea, QApplication, QFrame, QHeaderView,
                               QSizePolicy, QTableView, QWidget)

from . import clipboard, look, selection
from .delegates import CellDelegate
from .row_heights import RowHeights

BORDER_GRIP = 3  # pixels either side of a column's border where the mouse takes it



def own_viewport(area: QAbstractScrollArea, role: QPalette.ColorRole | None = None) -> QWidget:
    """Give a scroll area a viewport made here, set up as Qt sets up its own (`role`: its background).
    The first time Python is handed a widget Qt made, PySide6 6.12 finds out its class by setting up every
    widget class it knows, enums and all: ~25 ms of each start. A widget made in Python is known at once."""
    viewport = QWidget()
    if role is not None:
        viewport.setBackgroundRole(role)
    viewport.setAutoFillBackground(True)
    viewport.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
    area.setViewport(viewport)
    return viewport


# The grid's own colours, in its palette: its selection, and (Fusion) the Window colour its lines are drawn from.
# Its cell editors take the window's colours for these back (delegates.CellDelegate.createEditor).
GRID_ROLES = (QPalette.Window, QPalette.Highlight, QPalette.HighlightedText)


def grid_window_colour() -> QColor:
    """The palette Window colour that Fusion darkens (by 120 %) into a table's grid lines: look.GRID's, lighter."""
    return QColor(look.GRID).lighter(120)


class PaperTableView(QTableView):
    hint = Signal(str)
    focused = Signal()
    selection_summary = Signal(str)  # 计数 and 求和 of the selected cells, for the status bar
    context_requested = Signal(object)  # the global position of a right click: the window builds the menu
    column_dragged = Signal(int, int)  # a column's right border moved by so many pixels
    column_drag_finished = Signal()

    def __init__(self, model, parent=None) -> None:
        super().__init__(parent)
        own_viewport(self, QPalette.ColorRole.Base)
        self.setModel(model)
        self.delegate = CellDelegate(self)
        self.delegate.hint.connect(self.hint)
        self.setItemDelegate(self.delegate)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)  # measured by refresh_layout, row by row
        self.horizontalHeader().setMinimumSectionSize(8)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
        self.setFrameShape(QFrame.NoFrame)
        self.setSelectionMode(QAbstractItemView.ExtendedSelection)
        # No SelectedClicked: its delayed editor swallowed the keys typed in the next 400 ms.
        self.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                             | QAbstractItemView.AnyKeyPressed)
        palette = self.palette()
        if look.FUSION:  # the grid in GRID from the palette: a style sheet made every cell paint slower (12 M at start)
            palette.setColor(QPalette.Window, grid_window_colour())
        else:
            self.setStyleSheet(f"QTableView {{ gridline-color: {look.GRID}; }}")
        palette.setColor(QPalette.Highlight, QColor("#cfe3ff"))
        palette.setColor(QPalette.HighlightedText, QColor("black"))
        self.setPalette(palette)
        self._spans: list = []
        self._merged_across: dict[tuple[int, int], int] = {}  # (row, column) → columns of a merged cell
        self.unit_widths: list[int] = []
        self.heights = RowHeights(self)
        self._dirty_rows: set[int] | None = None  # None: every row
        self._pending = False
        self.detached = False  # a page left behind by a template change: follows nothing any more
        self._drag: tuple[int, int] | None = None  # (column, x) while a column border is dragged
        self.viewport().setMouseTracking(True)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.rowsMoved, model.layoutChanged):
            signal.connect(lambda *_: self.schedule_layout(None))
        model.dataChanged.connect(self._data_changed)
        self.selectionModel().selectionChanged.connect(lambda *_: self.selection_summary.emit(selection.summary(self)))
        self._apply_spans()
        self.schedule_layout(None)

    # ------------------------------------------------------------------ layout
    def set_unit_widths(self, widths: list[int]) -> None:
        """Pixel widths of the page's columns (1 px gaps between them); a model column covers `span` of them
        and its grid line falls in the page's gap after its last one."""
        if widths == self.unit_widths:
            return
        self.unit_widths = widths
        first = 0
        for column, span in enumerate(self.model().template_columns()):
            self.setColumnWidth(column, sum(widths[first:first + span]) + span)
            first += span
        self.heights.forget()
        self.schedule_layout(None)

    def _data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles=()) -> None:
        """Only rows whose text changed are measured again."""
        self.schedule_layout(set(range(top_left.row(), bottom_right.row() + 1)))

    def schedule_layout(self, rows: set[int] | None) -> None:
        """Re-measure rows once the current event is done: one keystroke, one measurement."""
        if rows is None or self._dirty_rows is None:
            self._dirty_rows = None
        else:
            self._dirty_rows = self._dirty_rows | rows
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self.refresh_layout)

    def detach(self) -> None:
        """A page left behind by a template change: its model stops following the document."""
        self.detached = True
        self.model().document.changed.disconnect(self.model()._changed)

    def refresh_layout(self) -> None:
        self._pending = False
        if self.detached:
            return
        self._apply_spans()
        if not self.unit_widths and self.parentWidget() is not None:
            return  # on a page: measured once the page gives its column widths, not once before that too
        count = self.model().rowCount()
        rows = range(count) if self._dirty_rows is None else sorted(r for r in self._dirty_rows if r < count)
        self._dirty_rows = set()
        header = self.verticalHeader()
        for row, height in self.heights.rows(rows, self._merged_across).items():
            if header.sectionSize(row) != height:
                header.resizeSection(row, height)
        self.setFixedHeight(header.length() + 2 * self.frameWidth())

    def _apply_spans(self) -> None:
        spans = self.model().spans()
        if spans != self._spans:
            self.clearSpans()
            for row, column, rows, columns in spans:
                self.setSpan(row, column, rows, columns)
            self._spans = spans
            self._merged_across = {(row, column): columns for row, column, _, columns in spans if columns > 1}

    def sizeHint(self):
        hint = super().sizeHint()
        hint.setHeight(self.verticalHeader().length() + 2 * self.frameWidth())
        return hint

    def put_cursor(self, index: QModelIndex) -> None:
        """Move to a cell and select only it, whatever modifier keys are still held (Ctrl+Enter, Alt+↑)."""
        self.selectionModel().setCurrentIndex(index, QItemSelectionModel.ClearAndSelect)

    # ------------------------------------------------------------------ column borders
    def border_at(self, x: int) -> int:
        """The column whose right border is under x (within a few pixels), or -1; not the grid's outer edge."""
        for column in range(self.model().columnCount() - 1):
            edge = self.columnViewportPosition(column) + self.columnWidth(column)
            if abs(x - edge) <= BORDER_GRIP:
                return column
        return -1

    def mousePressEvent(self, event) -> None:
        column = self.border_at(event.position().toPoint().x()) if event.button() == Qt.LeftButton else -1
        if column >= 0:
            self._drag = (column, event.position().toPoint().x())
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        x = event.position().toPoint().x()
        if self._drag is not None:
            column, last = self._drag
            if x != last:
                self._drag = (column, x)
                self.column_dragged.emit(column, x - last)
            return
        if self.border_at(x) >= 0:
            self.viewport().setCursor(Qt.SplitHCursor)
        else:
            self.viewport().unsetCursor()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._drag is not None:
            self._drag = None
            self.column_drag_finished.emit()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        if self.border_at(event.position().toPoint().x()) < 0:
            super().mouseDoubleClickEvent(event)

    # ------------------------------------------------------------------ keys
    def is_shown(self, row: int, column: int) -> bool:
        """False for a cell hidden under a merged cell that starts above or left of it."""
        return self.rowSpan(row, column) > 0 and not any(
            r <= row < r + rs and c <= column < c + cs and (r, c) != (row, column) for r, c, rs, cs in self._spans)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.focused.emit()
        if not (self.model().flags(self.currentIndex()) & Qt.ItemIsEditable):
            target = self._first_editable(backwards=event.reason() == Qt.BacktabFocusReason)
            if target is not None:
                self.setCurrentIndex(target)

    def _first_editable(self, backwards: bool = False) -> QModelIndex | None:
        """The first (or last) editable cell shown, found without walking a 2,000-row grid to its end."""
        model = self.model()
        rows, columns = range(model.rowCount()), range(model.columnCount())
        if backwards:
            rows, columns = reversed(rows), reversed(columns)
        return next((model.index(r, c) for r in rows for c in columns
                     if model.flags(model.index(r, c)) & Qt.ItemIsEditable and self.is_shown(r, c)), None)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if self.state() != QAbstractItemView.EditingState:
            if key in (Qt.Key_Return, Qt.Key_Enter):
                return self.move_down()
            if key == Qt.Key_Tab and event.modifiers() == Qt.NoModifier:
                return self.step(+1)
            if key == Qt.Key_Backtab:
                return self.step(-1)
            if key == Qt.Key_Delete and event.modifiers() == Qt.NoModifier:
                return self.clear_selection()
        super().keyPressEvent(event)

    def inputMethodEvent(self, event) -> None:
        """Chinese typed into a cell that is not being edited opens the cell, as a letter does."""
        if self.state() != QAbstractItemView.EditingState and event.commitString():
            if self.edit(self.currentIndex(), QAbstractItemView.AnyKeyPressed, event):
                editor = self.indexWidget(self.currentIndex()) or QApplication.focusWidget()
                if editor is not None and editor is not self:
                    QApplication.sendEvent(editor, event)
                return
        super().inputMethodEvent(event)

    def edit(self, index, trigger=None, event=None):
        """A key typed on a cell replaces what it holds, as in Excel (F2 and a double click edit it)."""
        if trigger is None:
            return super().edit(index)
        self.delegate.replacing = trigger == QAbstractItemView.AnyKeyPressed
        try:
            return super().edit(index, trigger, event)
        finally:
            self.delegate.replacing = False

    def keyboardSearch(self, search: str) -> None:
        """Never jump to a cell by its first letter: a typed key that does not open an editor is not a search."""

    def step(self, direction: int) -> None:
        """Tab: the next editable cell of the row, then the first cell the clerk fills in the next row
        (never a merged category that happens to start there); after the last one, the next field."""
        current = self.currentIndex()
        row, column = current.row(), current.column()
        along = [c for c in self._row_cells(row) if (c > column if direction > 0 else c < column)]
        if along:
            return self.setCurrentIndex(self.model().index(row, along[0] if direction > 0 else along[-1]))
        rows = range(row + 1, self.model().rowCount()) if direction > 0 else range(row - 1, -1, -1)
        for other in rows:
            cells = self._row_cells(other)
            if cells:
                entry = [c for c in cells if not self._is_category(c)] or cells
                return self.setCurrentIndex(self.model().index(other, entry[0] if direction > 0 else cells[-1]))
        self._leave(direction)

    def _row_cells(self, row: int) -> list[int]:
        """The editable cells shown on this row, left to right (a merged cell counts on its first row)."""
        model = self.model()
        return [c for c in range(model.columnCount())
                if model.flags(model.index(row, c)) & Qt.ItemIsEditable and self.is_shown(row, c)]

    def _is_category(self, column: int) -> bool:
        spec = self.model().column_spec(column) if hasattr(self.model(), "column_spec") else None
        return spec is not None and spec.is_level

    def _leave(self, direction: int) -> None:
        window = self.window()
        target = self.nextInFocusChain() if direction > 0 else self.previousInFocusChain()
        while target is not None and target is not self and not (target.focusPolicy() & Qt.TabFocus and target.isVisibleTo(window) and target.isEnabled()):
            target = target.nextInFocusChain() if direction > 0 else target.previousInFocusChain()
        if target is not None and target is not self:
            target.setFocus(Qt.TabFocusReason if direction > 0 else Qt.BacktabFocusReason)

    def move_down(self) -> None:
        """Enter: the next editable cell down the column (below a merged cell, below all of it)."""
        current, model = self.currentIndex(), self.model()
        column = current.column()
        for row in range(current.row() + max(1, self.rowSpan(current.row(), column)), model.rowCount()):
            if model.flags(model.index(row, column)) & Qt.ItemIsEditable and self.is_shown(row, column):
                return self.setCurrentIndex(model.index(row, column))

    def closeEditor(self, editor, hint) -> None:
        if hint == QAbstractItemDelegate.RevertModelCache:  # Esc: the value from before the edit, no undo step
            self.delegate.revert(editor)
        if hint in (QAbstractItemDelegate.EditNextItem, QAbstractItemDelegate.EditPreviousItem):
            super().closeEditor(editor, QAbstractItemDelegate.NoHint)
            self.step(+1 if hint == QAbstractItemDelegate.EditNextItem else -1)
            return
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.SubmitModelCache:  # Enter: on to the cell below, as in Excel
            self.move_down()

    # ------------------------------------------------------------------ clipboard
    def selected_block(self) -> list[list[QModelIndex]]:
        indexes = sorted(self.selectedIndexes() or [self.currentIndex()], key=lambda i: (i.row(), i.column()))
        rows: dict[int, list[QModelIndex]] = {}
        for index in indexes:
            if index.isValid():
                rows.setdefault(index.row(), []).append(index)
        return list(rows.values())

    def copy_selection(self) -> None:
        block = [[i.data(Qt.EditRole) if self.model().flags(i) & Qt.ItemIsEditable else i.data(Qt.DisplayRole)
                  for i in row] for row in self.selected_block()]
        QApplication.clipboard().setText(clipboard.to_tsv(block))

    def cut_selection(self) -> None:
        self.copy_selection()
        self.clear_selection()

    def clear_selection(self) -> None:
        targets = [i for row in self.selected_block() for i in row if self.model().flags(i) & Qt.ItemIsEditable]
        clipboard.write_cells(self.model(), [(i, "") for i in targets], "清除")

    def fill_down(self) -> None:
        """Ctrl+D as in Excel: the top cell of each selected column copied down the selection; with one cell
        selected, the cell above copied into it. One undo step."""
        pairs = selection.fill_down_pairs(self)
        if pairs:
            clipboard.write_cells(self.model(), pairs, "向下填充")

    def contextMenuEvent(self, event) -> None:
        index = self.indexAt(event.pos())
        if index.isValid() and not self.selectionModel().isSelected(index):
            self.put_cursor(index)
        self.context_requested.emit(event.globalPos())

    def paste(self) -> None:
        block = clipboard.from_tsv(QApplication.clipboard().text())
        if block:
            clipboard.paste_block(self, block)
