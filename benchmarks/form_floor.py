"""The least any PySide6 program pays to show a form editable: the form's own texts (read from its .evd with
the standard json module) in one QTableView through an editable Python model, reporting at its first paint
as bare_window.py and evaldesk do. Not evaldesk's layout: a peer that has only what showing these Chinese
texts editable needs (a Python model, whose flags are Qt enums; the texts' glyphs), to tell what of
evaldesk's start is the form's and what is evaldesk's own.

Usage: python form_floor.py FORM.evd
"""
import json
import sys

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QTableView

from bare_window import Window  # the same first-paint report as the bare window's

COLUMNS = 9


def texts(path: str) -> list[str]:
    """Every label and value of the form, in reading order: its fields, then its tables' cells."""
    with open(path, encoding="utf-8") as file:
        form = json.load(file)
    definition = form["template"]["definition"]
    found = [definition.get("title", "")]
    for field in definition.get("fields", []):
        value = form["fields"].get(field["key"], "")
        found += [field.get("label", ""), value if isinstance(value, str) else " ".join(map(str, value))]
    for table in definition.get("tables", []):
        keys = [column["key"] for column in table.get("columns", [])]
        found += [column.get("label", "") for column in table.get("columns", [])]
        for row in form["tables"].get(table["key"], []):
            found += [str(row.get(key, "")) for key in keys]
    return found


class Model(QAbstractTableModel):
    def __init__(self, cells: list[str]) -> None:
        super().__init__()
        self.cells = cells

    def rowCount(self, parent=QModelIndex()) -> int:
        return (len(self.cells) + COLUMNS - 1) // COLUMNS

    def columnCount(self, parent=QModelIndex()) -> int:
        return COLUMNS

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            at = index.row() * COLUMNS + index.column()
            return self.cells[at] if at < len(self.cells) else ""
        return None

    def flags(self, index):
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        at = index.row() * COLUMNS + index.column()
        if at >= len(self.cells):
            return False
        self.cells[at] = value
        self.dataChanged.emit(index, index)
        return True


def main(path: str) -> None:
    app = QApplication(sys.argv[:1])
    window = Window()
    view = QTableView()
    view.setModel(Model(texts(path)))
    view.setWordWrap(True)
    for column in range(COLUMNS):
        view.setColumnWidth(column, 136)
    view.resizeRowsToContents()
    window.setCentralWidget(view)
    window.resize(1280, 860)
    window.show()
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1])
