"""Copy and paste between the grids and Excel/WPS: tab-separated text, quoted cells for line breaks."""
from __future__ import annotations

import io

from PySide6.QtCore import Qt

from ..domain.edits import Batch, InsertRows
from ..domain.form import Row


def to_tsv(block: list[list[str]]) -> str:
    """Rows of cells as Excel puts them on the clipboard: tabs, CRLF, quotes around multi-line cells."""
    out = io.StringIO()
    import csv  # at the first copy or paste, not at the start

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
    import csv

    return [row for row in csv.reader(io.StringIO(text), delimiter="\t")] or [[""]]


def write_cells(model, pairs, label: str) -> None:
    """Write several cells as one undo step."""
    edits = [model.plain_edit(index, text) for index, text in pairs
             if index.data(Qt.EditRole) != text]
    if edits:
        model.document.edit(Batch(edits, label))


def paste_block(view, block: list[list[str]]) -> bool:
    """Paste from the current cell rightwards and down; rows past the end of a table are added.

    A blank under a pasted category name means "as above" (a spreadsheet's merged cell copies as one
    name and blanks). Overwriting cells that hold something is said, with how many, before it happens.
    Returns False when the clerk kept the cells as they were.
    """
    model = view.model()
    start = view.selected_block()[0][0] if view.selected_block() and view.selected_block()[0] else view.currentIndex()
    if not start.isValid():
        return False
    block = _categories_as_above(model, start.column(), block)
    edits = []
    extra = _extra_rows(model, start.row(), len(block))
    if extra:
        last = model.rows[-1] if model.rows else Row()
        levels = {key: last.get(key) for key in model.spec.levels}
        edits.append(InsertRows(model.spec.key, len(model.rows), [Row(levels) for _ in range(extra)]))
    overwritten = 0
    for r, cells in enumerate(block):
        for c, text in enumerate(cells):
            row, column = start.row() + r, start.column() + c
            if column >= model.columnCount() or not _pastable(model, row, column, extra):
                continue
            held = model.index(row, column).data(Qt.EditRole) if row < model.rowCount() else ""
            overwritten += bool(held) and held != text
            edits.append(_cell_edit(model, row, column, text))
    edits = [e for e in edits if e is not None]
    several = len(block) > 1 or len(block[0]) > 1
    if several and overwritten and not _overwrite_confirmed(view, overwritten):
        return False
    if edits:
        model.document.edit(Batch(edits, "粘贴"))
    return True


def _overwrite_confirmed(view, count: int) -> bool:
    window = view.window()
    dialogs = getattr(window, "dialogs", None)
    if dialogs is None:
        return True
    answer = dialogs.ask(window, "粘贴", f"粘贴将覆盖 {count} 个已填写的格子。\n覆盖后仍可用 Ctrl+Z 一步撤销。",
                         [("overwrite", "覆盖"), ("cancel", "取消")], "overwrite")
    return answer == "overwrite"


def _categories_as_above(model, first_column: int, block: list[list[str]]) -> list[list[str]]:
    """Blanks under a pasted 一级/二级 name take that name, as the merged cells of the workbook meant
    (a 二级 only within the same 一级)."""
    if not hasattr(model, "column_spec"):
        return block
    filled = [list(row) for row in block]
    levels = [c for c in range(max(map(len, filled)))
              if (spec := model.column_spec(first_column + c)) is not None and spec.is_level]

    def at(r: int, c: int) -> str:
        return filled[r][c] if c < len(filled[r]) else ""
    for r in range(1, len(filled)):
        for n, c in enumerate(levels):
            same_parent = all(at(r, p) == at(r - 1, p) for p in levels[:n])
            if c < len(filled[r]) and not filled[r][c].strip() and same_parent:
                filled[r][c] = at(r - 1, c)
    return filled


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
