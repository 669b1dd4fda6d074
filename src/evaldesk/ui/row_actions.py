"""Row and category operations on a table grid: each builds one core Edit for the document's undo stack.

Moving a row past the edge of its category takes it into the neighbouring category (as dragging a
line on paper would), instead of splitting a merged cell in two.
"""
from __future__ import annotations

from ..domain.edits import Batch, Edit, InsertRows, MoveRows, RemoveRows, SetCell
from ..domain.form import Row


def current_row(view) -> int:
    return view.model().form_row(view.currentIndex().row())


def selected_rows(view) -> list[int]:
    model = view.model()
    rows = {model.form_row(i.row()) for i in view.selectedIndexes()} | {current_row(view)}
    return sorted(r for r in rows if r >= 0)


def levels_of(model, row: Row) -> dict[str, str]:
    return {key: row.get(key) for key in model.spec.levels}


def insert_row(model, row: int, above: bool = False) -> tuple[Edit, int]:
    """A new row below (or above) `row`, in the same category; returns the edit and the new row's index."""
    rows = model.rows
    template = levels_of(model, rows[row]) if 0 <= row < len(rows) else (levels_of(model, rows[-1]) if rows else {})
    index = (row if above else row + 1) if 0 <= row < len(rows) else len(rows)
    return InsertRows(model.spec.key, index, [Row(template)]), index


def remove_rows(model, rows: list[int]) -> Edit | None:
    """Remove the given rows, bottom run first so the indexes stay right."""
    if not rows:
        return None
    runs, start = [], rows[0]
    for previous, current in zip(rows, rows[1:] + [None]):
        if current != previous + 1:
            runs.append((start, previous - start + 1))
            start = current
    return Batch([RemoveRows(model.spec.key, s, n) for s, n in reversed(runs)], "删除行")


def move_row(model, row: int, step: int) -> tuple[Edit | None, int]:
    """Up (-1) or down (+1): within the category a swap, at its edge into the next category."""
    rows = model.rows
    other = row + step
    if not (0 <= row < len(rows)) or not (0 <= other < len(rows)):
        return None, row
    mine, theirs = levels_of(model, rows[row]), levels_of(model, rows[other])
    if mine != theirs:
        edits = [SetCell(model.spec.key, row, key, value) for key, value in theirs.items() if rows[row].get(key) != value]
        return Batch(edits, "移动行"), row
    return MoveRows(model.spec.key, row, 1, other), other


def add_category(model, level1: str, level2: str) -> tuple[Edit, int]:
    """A new row under a (new or existing) category, after that category's last row."""
    rows = model.rows
    keys = model.spec.levels
    values = {keys[0]: level1}
    if len(keys) > 1:
        values[keys[1]] = level2
    last = max((i for i, r in enumerate(rows) if r.get(keys[0]) == level1), default=len(rows) - 1)
    index = last + 1
    return InsertRows(model.spec.key, index, [Row(values)]), index
