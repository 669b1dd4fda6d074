"""查找 (Ctrl+F) and 替换 (Ctrl+H) over every text of the open form, each match shown in place on the page."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton

from ..domain.search import Match, find, replace_all, replace_one


class FindReplaceDialog(QDialog):
    """Non-modal, as in Excel: the clerk can look at and type in the form while it stays open."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("查找和替换")
        self.setModal(False)
        self.current: Match | None = None
        grid = QGridLayout(self)
        self.needle, self.replacement = QLineEdit(), QLineEdit()
        self.needle.setObjectName("find_text")
        self.replacement.setObjectName("replace_text")
        self.replace_label = QLabel("替换为：")
        grid.addWidget(QLabel("查找内容："), 0, 0)
        grid.addWidget(self.needle, 0, 1)
        grid.addWidget(self.replace_label, 1, 0)
        grid.addWidget(self.replacement, 1, 1)
        self.find_button = self._button("查找下一个(&F)", self.find_next, grid, 0)
        self.replace_button = self._button("替换(&R)", self.replace, grid, 1)
        self.replace_all_button = self._button("全部替换(&A)", self.replace_everything, grid, 2)
        self.result = QLabel()
        self.result.setObjectName("find_result")
        grid.addWidget(self.result, 3, 0, 1, 3)
        self.find_button.setDefault(True)
        self.needle.textChanged.connect(self._restart)

    def _button(self, text: str, slot, grid: QGridLayout, row: int) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        grid.addWidget(button, row, 2)
        return button

    def open_for(self, replacing: bool) -> None:
        for widget in (self.replace_label, self.replacement, self.replace_button, self.replace_all_button):
            widget.setVisible(replacing)
        self.setWindowTitle("替换" if replacing else "查找")
        self.show()
        self.raise_()
        self.activateWindow()
        self.needle.setFocus()
        self.needle.selectAll()

    def _restart(self) -> None:
        self.current = None
        self.result.setText("")

    def document(self):
        return self.window_.current_document()

    # ------------------------------------------------------------------ finding
    def find_next(self) -> Match | None:
        document = self.document()
        if document is None:
            return None
        matches = find(document.form, self.needle.text())
        if not matches:
            self.current = None
            self.result.setText(f"找不到“{self.needle.text()}”" if self.needle.text() else "")
            return None
        after = [m for m in matches if self.current is None or self._after(m, self.current, matches)]
        self.current = after[0] if after else matches[0]  # past the last: round to the first, as Excel does
        number = matches.index(self.current) + 1
        self.result.setText(f"第 {number} 处，共 {len(matches)} 处")
        show_match(self.window_, self.current)
        return self.current

    @staticmethod
    def _after(match: Match, current: Match, matches: list[Match]) -> bool:
        order = [m.place for m in matches]
        here = order.index(current.place) if current.place in order else -1
        there = order.index(match.place)
        return there > here or (match.place == current.place and match.start > current.start)

    # ------------------------------------------------------------------ replacing
    def replace(self) -> None:
        """Replace the match on show, then show the next one."""
        document = self.document()
        if document is None:
            return
        if self.current is not None and self.current in find(document.form, self.needle.text()):
            document.edit(replace_one(document.form, self.current, self.replacement.text()), label="替换")
            self.current = Match(self.current.place, self.current.start + len(self.replacement.text()) - 1, 0)
        self.find_next()

    def replace_everything(self) -> None:
        document = self.document()
        if document is None or not self.needle.text():
            return
        edit, count = replace_all(document.form, self.needle.text(), self.replacement.text())
        if count:
            document.edit(edit, label="全部替换")
        self.current = None
        self.result.setText(f"已替换 {count} 处（可用 Ctrl+Z 一步撤销）" if count else f"找不到“{self.needle.text()}”")


def show_match(window, match: Match) -> None:
    """Put the page's cursor on the match: the cell selected and in sight, or the words selected in a field."""
    view = window.current_view()
    if view is None or not view.focus_place(match.place):
        return
    editors = view.fields.get(match.place.key, []) if match.place.area == "field" else []
    editor = editors[0] if editors else None
    if editor is None:
        return
    if isinstance(editor, QLineEdit):
        editor.setSelection(match.start, match.length)
    elif isinstance(editor, QPlainTextEdit):
        cursor = editor.textCursor()
        cursor.setPosition(match.start)
        cursor.setPosition(match.start + match.length, QTextCursor.KeepAnchor)
        editor.setTextCursor(cursor)
        editor.ensureCursorVisible()


def open_dialog(window, replacing: bool) -> FindReplaceDialog:
    dialog = getattr(window, "find_dialog", None)
    if dialog is None:
        dialog = window.find_dialog = FindReplaceDialog(window)
    selected = _selected_text(window)
    if selected:
        dialog.needle.setText(selected)
    dialog.open_for(replacing)
    return dialog


def _selected_text(window) -> str:
    from PySide6.QtWidgets import QApplication

    widget = QApplication.focusWidget()
    return widget.selectedText() if isinstance(widget, QLineEdit) and "\n" not in widget.selectedText() else ""
