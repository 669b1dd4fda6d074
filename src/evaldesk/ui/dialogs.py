"""Every question the window asks, in one replaceable object.

The window never builds a QMessageBox or a QFileDialog itself: it calls these methods, and tests hand
the window a Dialogs whose methods answer at once (never exec() a dialog in a test).
"""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QMessageBox, QVBoxLayout)

from ..export.registry import exporter

EVD_FILTER = "绩效表文件 (*.evd)"
XLSX_FILTER = exporter("xlsx").file_filter  # a workbook to import is one the Excel export could have written
TEMPLATE_FILTER = "模板文件 (*.json)"


class Dialogs:
    def ask(self, parent, title: str, text: str, buttons: list[tuple[str, str]], default: str = "") -> str:
        """A question with named answers, e.g. [("save", "保存"), ("discard", "不保存"), ("cancel", "取消")]."""
        box = QMessageBox(QMessageBox.Question, title, text, QMessageBox.NoButton, parent)
        roles = {"cancel": QMessageBox.RejectRole, "discard": QMessageBox.DestructiveRole}
        made = {key: box.addButton(label, roles.get(key, QMessageBox.AcceptRole)) for key, label in buttons}
        if default in made:
            box.setDefaultButton(made[default])
        if "cancel" in made:
            box.setEscapeButton(made["cancel"])
        box.exec()
        clicked = box.clickedButton()
        return next((key for key, button in made.items() if button is clicked), "cancel")

    def info(self, parent, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def error(self, parent, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    def open_paths(self, parent, folder: str = "") -> list[Path]:
        return [Path(n) for n in _chosen(file_dialog(parent, "打开表单", folder, EVD_FILTER, many=True))]

    def open_workbook(self, parent, folder: str = "") -> Path | None:
        names = _chosen(file_dialog(parent, "导入 Excel", folder, XLSX_FILTER))
        return Path(names[0]) if names else None

    def open_template_file(self, parent, folder: str = "") -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, "导入模板", folder, TEMPLATE_FILTER)
        return Path(name) if name else None

    def save_path(self, parent, title: str, suggested: str, file_filter: str = EVD_FILTER) -> Path | None:
        names = _chosen(file_dialog(parent, title, suggested, file_filter, save=True))
        return Path(names[0]) if names else None

    def export_choice(self, parent, title: str, problems: str) -> bool | None:
        """Before an export: the form's problems in a sentence, and 草稿 as the clerk's choice.
        True/False: export with/without the 草稿 watermark; None: cancelled."""
        dialog = ExportDialog(title, problems, parent)
        return dialog.draft.isChecked() if dialog.exec() == QDialog.Accepted else None

    def choose_folder(self, parent, title: str, folder: str = "") -> Path | None:
        names = _chosen(file_dialog(parent, title, folder, "", folders=True))
        return Path(names[0]) if names else None

    def review_changes(self, parent, changes, pointed) -> list:
        """按申报表更新: the changes the clerk ticks (none when cancelled)."""
        from .declaration_dialog import ReviewChangesDialog

        dialog = ReviewChangesDialog(changes, pointed, parent)
        return dialog.accepted_changes() if dialog.exec() == QDialog.Accepted else []

    def choose_template(self, parent, registry, default: str = "", title: str = "新建表单") -> str | None:
        dialog = NewFormDialog(registry, default, parent)
        dialog.setWindowTitle(title)
        return dialog.template_id() if dialog.exec() == QDialog.Accepted else None

    def add_category(self, parent, spec, level1: str = "") -> tuple[str, str] | None:
        dialog = CategoryDialog(spec, level1, parent)
        return dialog.names() if dialog.exec() == QDialog.Accepted else None

    def options(self, parent, settings, registry) -> bool:
        dialog = OptionsDialog(settings, registry, parent)
        if dialog.exec() != QDialog.Accepted:
            return False
        failed = dialog.store()
        if failed:
            self.error(parent, "选项未能保存", f"{failed}\n本次运行中仍按新的选项工作。")
        return True


class ExportDialog(QDialog):
    """导出: how many problems the form has, and a 草稿 box the clerk ticks or not (never ticked for them)."""

    def __init__(self, title: str, problems: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(problems))
        self.draft = QCheckBox("每页加“草稿”水印（未定稿时用）")
        layout.addWidget(self.draft)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("导出…")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


# Labels Qt's own Chinese translation lacks (their source text carries a shortcut mark it does not know).
FILE_DIALOG_LABELS = {QFileDialog.LookIn: "查找范围(&I)：", QFileDialog.FileType: "文件类型(&T)：",
                      QFileDialog.FileName: "文件名(&N)：", QFileDialog.Reject: "取消"}


def file_dialog(parent, title: str, start: str, file_filter: str, save: bool = False, many: bool = False,
                folders: bool = False) -> QFileDialog:
    """Windows' own dialog on Windows (in the system's language); elsewhere Qt's dialog, labelled in Chinese."""
    dialog = QFileDialog(parent, title, start, file_filter)
    if sys.platform != "win32":
        dialog.setOption(QFileDialog.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptSave if save else QFileDialog.AcceptOpen)
    if folders:
        dialog.setFileMode(QFileDialog.Directory)
        dialog.setOption(QFileDialog.ShowDirsOnly, True)
    else:
        dialog.setFileMode(QFileDialog.ExistingFiles if many else (QFileDialog.AnyFile if save else QFileDialog.ExistingFile))
    accept = "选择(&C)" if folders else "保存(&S)" if save else "打开(&O)"
    for label, text in {**FILE_DIALOG_LABELS, QFileDialog.Accept: accept}.items():
        dialog.setLabelText(label, text)
    return dialog


def _chosen(dialog: QFileDialog) -> list[str]:
    return dialog.selectedFiles() if dialog.exec() == QDialog.Accepted else []


class NewFormDialog(QDialog):
    """新建: the templates, each with its description; Enter picks the highlighted one."""

    def __init__(self, registry, default: str = "", parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建表单")
        self.resize(560, 360)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("请选择表单模板："))
        self.list = QListWidget()
        for template in registry:
            item = QListWidgetItem(template.name)
            item.setData(256, template.id)
            item.setToolTip(template.description)
            self.list.addItem(item)
            if template.id == default:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.list.currentItemChanged.connect(lambda item, _old: self.about.setText(item.toolTip() if item else ""))
        self.about.setText(self.list.currentItem().toolTip() if self.list.currentItem() else "")
        layout.addWidget(self.list)
        layout.addWidget(self.about)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def template_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(256) if item else None


class CategoryDialog(QDialog):
    """添加分类: a 一级 name and, for tables that have them, a 二级 name; the template's names are offered."""

    def __init__(self, spec, level1: str = "", parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("添加分类")
        self.spec = spec
        form = QFormLayout(self)
        self.level1 = QComboBox()
        self.level1.setEditable(True)
        self.level1.addItems([c.name for c in spec.categories])
        self.level1.setCurrentText(level1)
        form.addRow(spec.column(spec.levels[0]).label + "：", self.level1)
        self.level2 = None
        if len(spec.levels) > 1:
            self.level2 = QComboBox()
            self.level2.setEditable(True)
            form.addRow(spec.column(spec.levels[1]).label + "：", self.level2)
            self.level1.currentTextChanged.connect(self._offer_children)
            self._offer_children(self.level1.currentText())
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _offer_children(self, name: str) -> None:
        category = next((c for c in self.spec.categories if c.name == name), None)
        self.level2.clear()
        self.level2.addItems(list(category.children) if category else [])
        self.level2.setCurrentText("")

    def names(self) -> tuple[str, str] | None:
        first = self.level1.currentText().strip()
        second = self.level2.currentText().strip() if self.level2 else ""
        return (first, second) if first else None


class OptionsDialog(QDialog):
    """选项: the unit's name that prefills 申报单位/预算单位/实施单位, the default amount unit and template."""

    def __init__(self, settings, registry, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("选项")
        self.settings = settings
        form = QFormLayout(self)
        self.organisation = QLineEdit(settings["organisation"])
        self.organisation.setMinimumWidth(320)
        form.addRow("本单位名称：", self.organisation)
        self.unit = QComboBox()
        self.unit.addItems(["元", "万元"])
        self.unit.setCurrentText(settings["default_unit"])
        form.addRow("默认金额单位：", self.unit)
        self.template = QComboBox()
        for template in registry:
            self.template.addItem(template.name, template.id)
        index = self.template.findData(settings["default_template"])
        self.template.setCurrentIndex(max(index, 0))
        form.addRow("默认模板：", self.template)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def store(self) -> str:
        """Keep the choices; returns why they could not be written to disk ('' when they were)."""
        self.settings["organisation"] = self.organisation.text().strip()
        self.settings["default_unit"] = self.unit.currentText()
        self.settings["default_template"] = self.template.currentData()
        return self.settings.save()
