"""The start page: recent files, the templates, and the built-in examples, so a newcomer sees a filled form at once."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QWidget

from ..storage import evd, paths
from .menus import recent_label

DATA = Qt.UserRole + 1


class StartPage(QWidget):
    open_path = Signal(object)  # Path
    new_form = Signal(str)  # template id
    open_example = Signal(object)  # Path
    open_dialog = Signal()
    open_library = Signal()

    def __init__(self, registry, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("start")
        self.registry = registry
        grid = QGridLayout(self)
        grid.setContentsMargins(40, 30, 40, 30)
        title = QLabel("绩效表填报助手")
        title.setStyleSheet("font-size: 20pt; font-weight: bold;")
        grid.addWidget(title, 0, 0, 1, 3)
        hint = QLabel("新建一份表单、打开已有的表单，或先看看填好的示例。全部操作都可用键盘完成：Tab 切换，Enter 打开。")
        hint.setWordWrap(True)
        grid.addWidget(hint, 1, 0, 1, 3)
        self.recent = self._list(grid, 0, "最近打开(&R)")
        self.templates = self._list(grid, 1, "新建(&N)")
        self.examples = self._list(grid, 2, "示例(&E)")
        for template in registry:
            self._item(self.templates, template.name, template.id, template.description)
        self._examples_listed = False  # listed when the page is first shown: a start with a file never shows it
        button = QPushButton("打开其他文件…")
        button.clicked.connect(self.open_dialog)
        grid.addWidget(button, 4, 0)
        library = QPushButton("表单库（本单位全部表单、汇总）…")
        library.setObjectName("start_library")
        library.clicked.connect(self.open_library)
        grid.addWidget(library, 4, 1)
        self.template_errors = QLabel(self._errors_text(registry.errors))
        self.template_errors.setWordWrap(True)
        self.template_errors.setStyleSheet("color: #a40000;")
        self.template_errors.setVisible(bool(registry.errors))
        grid.addWidget(self.template_errors, 5, 0, 1, 3)
        self.recent.itemActivated.connect(lambda item: self.open_path.emit(item.data(DATA)))
        self.templates.itemActivated.connect(lambda item: self.new_form.emit(item.data(DATA)))
        self.examples.itemActivated.connect(lambda item: self.open_example.emit(item.data(DATA)))

    def showEvent(self, event) -> None:
        if not self._examples_listed:
            self._examples_listed = True
            for path in evd.example_files():  # each example is opened for its title: not worth it unseen
                self._item(self.examples, self._example_title(path), path, str(path.name))
        super().showEvent(event)

    def show_template(self, template) -> None:
        """A template the unit just made or imported: listed under 新建 at once (replacing an older copy)."""
        for row in range(self.templates.count()):
            if self.templates.item(row).data(DATA) == template.id:
                self.templates.takeItem(row)
                break
        self._item(self.templates, template.name, template.id, template.description)

    @staticmethod
    def _errors_text(errors: list[str]) -> str:
        """Broken template files in the unit's templates folder: named, skipped, never a reason not to start."""
        folder = paths.user_templates_dir()
        return f"以下模板文件有误，已跳过（文件夹：{folder}）：\n" + "\n".join(f"• {e}" for e in errors)

    def _list(self, grid: QGridLayout, column: int, title: str) -> QListWidget:
        label = QLabel(title)
        label.setStyleSheet("font-size: 13pt; font-weight: bold; margin-top: 16px;")
        listing = QListWidget()
        listing.setWordWrap(True)
        listing.setSpacing(5)  # a list to pick from with the mouse too: room between the entries
        listing.setStyleSheet("QListWidget { font-size: 11pt; }")
        label.setBuddy(listing)
        grid.addWidget(label, 2, column)
        grid.addWidget(listing, 3, column)
        grid.setColumnStretch(column, 1)
        return listing

    @staticmethod
    def _item(listing: QListWidget, text: str, data, tip: str) -> None:
        item = QListWidgetItem(text)
        item.setData(DATA, data)
        item.setToolTip(tip)
        listing.addItem(item)

    def _example_title(self, path: Path) -> str:
        try:
            form = evd.load_form(path, self.registry)
        except evd.DocumentError:
            return path.stem
        return f"{form.project_name or path.stem}（{form.template.title}）"

    def show_recent(self, recent: list[Path]) -> None:
        self.recent.clear()
        for path in recent:
            self._item(self.recent, recent_label(path), path, str(path))
        if not recent:
            item = QListWidgetItem("（还没有打开过的文件）")
            item.setFlags(Qt.NoItemFlags)
            self.recent.addItem(item)
