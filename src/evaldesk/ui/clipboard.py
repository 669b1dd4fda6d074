"""Copy and paste between the grids and Excel/WPS: tab-separated text, quoted cells for line breaks."""
from __future__ import annotations

import csv
import io

from PySide6.QtCore import Qt

from ..domain.edits import Batch, InsertRows
from ..domain.form import Row


def to_tsv(block: list[list[str]]) -> str:
    """Rows of cells as Excel puts them on the clipboard: tabs, CRLF, quotes around multi-line cells."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows([[text or "" for text in row] for row in block])
    return out.getvalue()


def from_tsv(text: str) -> list[list[str]]:
    """Excel's clipboard text back into rows of cells (a trailing line break is not an extra row)."""
    if not text:
        return []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if "\t" not in text and "\n" not in text:
        return [[text]]
    return [row for row in csv.reader(io.StringIO(text), delimiter="\t")] or [[""]]


def write_cells(model, pairs, label: str) -> None:
    """Write several cells as one undo step."""
    edits = [model.plain_edit(index, text) for index, text in pairs
             if index.data(Qt.EditRole) != text]
    if edits:
        model.document.edit(Batch(edits, label))


def paste_block(view, block: list[list[str]]) -> None:
    """Paste from the current cell rightwards and down; rows past the end of a table are added."""
    model = view.model()
    start = view.selected_block()[0][0] if view.selected_block() and view.selected_block()[0] else view.currentIndex()
    if not start.isValid():
        return
    edits = []
    extra = _extra_rows(model, start.row(), len(block))
    if extra:
        last = model.rows[-1] if model.rows else Row()
        levels = {key: last.get(key) for key in model.spec.levels}
        edits.append(InsertRows(model.spec.key, len(model.rows), [Row(levels) for _ in range(extra)]))
    for r, cells in enumerate(block):
        for c, text in enumerate(cells):
            row, column = start.row() + r, start.column() + c
            if column >= model.columnCount() or not _pastable(model, row, column, extra):
                continue
            edits.append(_cell_edit(model, row, column, text))
    edits = [e for e in edits if e is not None]
    if edits:
        model.document.edit(Batch(edits, "粘贴"))


def _extra_rows(model, first: int, count: int) -> int:
    if not hasattr(model, "data_rows"):
        return 0
    _, stop = model.data_rows()
    return max(0, first + count - stop) if first < stop else 0


def _pastable(model, row: int, column: int, extra: int) -> bool:
    if hasattr(model, "data_rows"):
        first, stop = model.data_rows()
        if first <= row < stop + extra:
            return model.column_spec(column) is not None
        return False
    return bool(model.flags(model.index(row, column)) & Qt.ItemIsEditable)


def _cell_edit(model, row: int, column: int, text: str):
    if hasattr(model, "data_rows"):
        from ..domain.edits import SetCell

        return SetCell(model.spec.key, row - 1, model.column_spec(column).key, text)
    return model.plain_edit(model.index(row, column), text)
