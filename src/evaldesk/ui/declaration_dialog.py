"""按申报表更新: what the declaration would change, each with a tick (the clerk decides), and the
targets the clerk has changed from the declared ones, pointed out."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout)

CHECKED, UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked


class ReviewChangesDialog(QDialog):
    def __init__(self, changes, pointed, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("按申报表更新")
        self.resize(820, 460)
        self.changes = list(changes)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("申报表中与本表不同的内容如下。勾选的项目将被更新，未勾选的保持原样；已填写的内容不会被清除。"
                                if self.changes else "申报表中没有需要更新的内容。"))
        self.list = QTreeWidget()
        self.list.setObjectName("declaration_changes")
        self.list.setHeaderLabels(["内容", "本表现在", "申报表", "说明"])
        for change in self.changes:
            item = QTreeWidgetItem([change.where, change.old, change.new, change.note])
            item.setCheckState(0, CHECKED if change.proposed else UNCHECKED)
            item.setToolTip(1, change.old)
            item.setToolTip(2, change.new)
            self.list.addTopLevelItem(item)
        self.list.setColumnWidth(0, 240)
        self.list.setColumnWidth(1, 180)
        self.list.setColumnWidth(2, 180)
        layout.addWidget(self.list, 2)
        layout.addWidget(QLabel(f"您改过的年度指标值（与申报时不同）：{len(pointed)} 项" if pointed else
                                "各指标的年度指标值与申报时一致。"))
        self.pointed = QTreeWidget()
        self.pointed.setObjectName("declaration_targets_changed")
        self.pointed.setHeaderLabels(["指标", "申报时", "现在"])
        for target in pointed:
            self.pointed.addTopLevelItem(QTreeWidgetItem([target.name, target.declared, target.current]))
        self.pointed.setColumnWidth(0, 240)
        self.pointed.setVisible(bool(pointed))
        layout.addWidget(self.pointed, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("更新所勾选的")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.changes))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accepted_changes(self) -> list:
        return [change for index, change in enumerate(self.changes)
                if self.list.topLevelItem(index).checkState(0) == CHECKED]
