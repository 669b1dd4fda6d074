"""Cell editors for the paper grids: one-line or multi-line, committing on every keystroke.

Every keystroke goes to the model at once, so totals and the grade follow the typing; keystrokes in
one editor merge into one undo step (the editor's token is the merge key), and Esc takes that step
back off the stack: the cell shows what it held before, and there is nothing to undo. A typed text
that is not a number is kept as typed and shown red, with the reason in the tooltip and the status bar.
Cells copied from a spreadsheet and pasted into an open editor go into the grid as cells.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (QAbstractItemDelegate, QApplication, QComboBox, QLineEdit, QPlainTextEdit,
                               QStyledItemDelegate)

from . import clipboard, look
from .commands import EditCommand
from .field_editors import FormUndoKeys, paint_base
from .numbers_check import number_problem

LONG_EDITOR_MIN_HEIGHT = 96
CELL_AIR = 8  # px above and below a cell's text, as on the printed table (row_heights.py measures with it)


class CellEditorKeys(FormUndoKeys):
    """Paste: several cells from a spreadsheet go to the grid; one text goes into the editor."""

    def paste(self) -> None:
        if not self.delegate.paste_cells(self):
            super().paste()

    def keyPressEvent(self, event) -> None:
        from PySide6.QtGui import QKeySequence  # at the first key (field_editors.undo_step)

        if event.matches(QKeySequence.Paste):
            return self.paste()
        super().keyPressEvent(event)


class LineCellEditor(CellEditorKeys, QLineEdit):
    """A one-line cell editor."""

    def __init__(self, delegate: "CellDelegate", parent=None) -> None:
        super().__init__(parent)
        self.delegate = delegate
        self.setFrame(False)


class LongCellEditor(CellEditorKeys, QPlainTextEdit):
    """A multi-line cell editor: Enter finishes the cell as in a spreadsheet, Alt+Enter starts a new line."""

    def __init__(self, delegate: "CellDelegate", parent=None) -> None:
        super().__init__(parent)
        self.delegate = delegate
        self.setTabChangesFocus(False)  # keyPressEvent takes Tab: on to the next cell, not out of the grid
        self.setUndoRedoEnabled(False)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(text)
        self.moveCursor(self.textCursor().MoveOperation.End)

    def keyPressEvent(self, event) -> None:
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key_Return, Qt.Key_Enter) and mods & (Qt.AltModifier | Qt.ShiftModifier):
            self.insertPlainText("\n")
        elif key in (Qt.Key_Return, Qt.Key_Enter):
            self.delegate.finish(self, QAbstractItemDelegate.SubmitModelCache)
        elif key == Qt.Key_Tab:
            self.delegate.finish(self, QAbstractItemDelegate.EditNextItem)
        elif key == Qt.Key_Backtab:
            self.delegate.finish(self, QAbstractItemDelegate.EditPreviousItem)
        elif key == Qt.Key_Escape:
            self.delegate.closeEditor.emit(self, QAbstractItemDelegate.RevertModelCache)
        else:
            super().keyPressEvent(event)


class ChoiceCellEditor(FormUndoKeys, QComboBox):
    """A cell whose column lists its choices (完成目标可能性): picked from a drop-down list, as a
    spreadsheet's data validation offers them; typing still works, and anything else is a problem."""

    def __init__(self, delegate: "CellDelegate", choices: tuple[str, ...], parent=None) -> None:
        super().__init__(parent)
        self.delegate = delegate
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.NoInsert)
        self.addItems(list(choices))
        self.setFrame(False)

    def text(self) -> str:
        return self.currentText()

    def setText(self, text: str) -> None:
        self.setEditText(text)

    def selectAll(self) -> None:
        self.lineEdit().selectAll()


def own_colours(palette: QPalette, roles) -> QPalette:
    """`palette` with the application's colours for `roles`, in every colour group, set (not inherited)."""
    window = QApplication.palette()
    for group in (QPalette.Active, QPalette.Inactive, QPalette.Disabled):
        for role in roles:
            palette.setColor(group, role, window.color(group, role))
    return palette


class CellDelegate(QStyledItemDelegate):
    hint = Signal(str)  # a sentence for the status bar
    replacing = False  # the editor is being opened by a typed key: what is typed replaces the cell

    def createEditor(self, parent, option, index):
        model = index.model()
        column = model.column_spec(index.column()) if hasattr(model, "column_spec") else None
        if column is not None and column.choices:
            editor = ChoiceCellEditor(self, column.choices, parent)
            editor.lineEdit().textEdited.connect(lambda _text: self._typed(editor))
            editor.activated.connect(lambda _index: self._typed(editor))  # picked (or arrowed to): into the form at once
        elif model.is_long(index):
            editor = LongCellEditor(self, parent)
            editor.textChanged.connect(lambda: self._typed(editor))
        else:
            editor = LineCellEditor(self, parent)
            editor.textEdited.connect(lambda _text: self._typed(editor))
        if look.FUSION:  # the window's own colours, not the grid's (paper_view: its grid colour, its selection)
            from .paper_view import GRID_ROLES

            editor.setPalette(own_colours(editor.palette(), GRID_ROLES))
        editor.merge_token = object()
        editor.number_kind = model.number_kind(index)
        editor.unit = model.document.form.amount_unit
        editor.loading = False
        editor.bad = False
        editor.index = QPersistentModelIndex(index)
        editor.before = index.data(Qt.EditRole) or ""
        return editor

    def setEditorData(self, editor, index) -> None:
        text = index.data(Qt.EditRole) or ""
        if editor.text() != text:  # never reset the cursor under the clerk's fingers
            editor.loading = True
            editor.setText(text)
            editor.loading = False
        if self.replacing and isinstance(editor, (LongCellEditor, ChoiceCellEditor)):
            self.replacing = False  # once, as it opens: not again when the first key comes back from the model
            editor.selectAll()  # a line editor is selected by Qt itself, not one inside a combo
        self._check(editor)

    def setModelData(self, editor, model, index) -> None:
        model.set_text(index, editor.text(), merge_key=editor.merge_token)

    def updateEditorGeometry(self, editor, option, index) -> None:
        rect = option.rect
        if isinstance(editor, LongCellEditor):
            rect.setHeight(max(rect.height(), LONG_EDITOR_MIN_HEIGHT))
        editor.setGeometry(rect)

    def sizeHint(self, option, index):
        hint = super().sizeHint(option, index)
        hint.setHeight(hint.height() + CELL_AIR)
        return hint

    def finish(self, editor, hint) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, hint)

    def _typed(self, editor) -> None:
        if editor.loading:
            return
        self._check(editor)
        self.commitData.emit(editor)

    def _check(self, editor) -> None:
        message = number_problem(editor.text(), editor.number_kind, editor.unit)
        paint_base(editor, look.BAD_BG if message else QColor("white"))
        editor.setToolTip(message)
        if message or editor.bad:
            self.hint.emit(message)  # an empty hint clears the sentence about a typo the clerk has fixed
        editor.bad = bool(message)

    def revert(self, editor) -> None:
        """Esc: the cell's value from before the edit, and the typing's undo step gone from the stack."""
        index = editor.index
        if not index.isValid():
            return
        model = index.model()
        stack = model.document.undo_stack
        top = stack.command(stack.index() - 1) if stack.index() > 0 else None
        if isinstance(top, EditCommand) and isinstance(top.merge_key, tuple) and top.merge_key[0] is editor.merge_token:
            top.drop_on_undo = True
            stack.undo()
        elif index.data(Qt.EditRole) != editor.before:
            model.set_text(model.index(index.row(), index.column()), editor.before)
        if editor.bad:
            self.hint.emit("")

    def paste_cells(self, editor) -> bool:
        """Several cells on the clipboard: close the editor as Esc would and paste them into the grid."""
        block = clipboard.from_tsv(QApplication.clipboard().text())
        if len(block) < 2 and len(block[0] if block else []) < 2:
            return False
        view = self.parent()
        self.closeEditor.emit(editor, QAbstractItemDelegate.RevertModelCache)
        view.paste()
        return True

    def eventFilter(self, editor, event) -> bool:
        # A QPlainTextEdit would otherwise swallow Tab and Enter before the editor sees them.
        if isinstance(editor, LongCellEditor) and event.type() == QEvent.KeyPress:
            return False
        return super().eventFilter(editor, event)
