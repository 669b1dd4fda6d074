"""What a grid's selection adds up to (the status bar's 计数 and 求和), and what Ctrl+D fills down."""
from __future__ import annotations

from PySide6.QtCore import Qt

from ..domain.numbers import NumberError, format_money, parse_amount, parse_number


def summary(view) -> str:
    """计数 and 求和 of the selected cells as Excel shows them; '' for a single cell."""
    indexes = view.selectedIndexes()
    if len(indexes) < 2:
        return ""
    model = view.model()
    unit = model.document.form.amount_unit
    texts = [i.data(Qt.EditRole) if model.flags(i) & Qt.ItemIsEditable else i.data(Qt.DisplayRole) for i in indexes]
    filled = [t for t in texts if t and str(t).strip()]
    numbers = [n for n in (_number(t, unit) for t in filled) if n is not None]
    if not numbers:
        return f"计数 {len(filled)}"
    return f"计数 {len(filled)}　求和 {format_money(sum(numbers)).removesuffix('.00')}"


def _number(text: str, unit: str):
    try:
        return parse_amount(str(text), unit)
    except NumberError:
        return None


def fill_down_pairs(view) -> list:
    """(index, text) pairs: each selected column's top cell copied into the cells below it."""
    model = view.model()
    block = view.selected_block()
    editable = lambda i: bool(model.flags(i) & Qt.ItemIsEditable)  # noqa: E731
    if len(block) == 1 and len(block[0]) == 1:
        current = block[0][0]
        above = _editable_above(view, current)
        return [(current, above.data(Qt.EditRole) or "")] if above is not None and editable(current) else []
    columns: dict[int, list] = {}
    for row in block:
        for index in row:
            columns.setdefault(index.column(), []).append(index)
    pairs = []
    for cells in columns.values():
        top, rest = cells[0], cells[1:]
        pairs += [(i, top.data(Qt.EditRole) or "") for i in rest if editable(i) and editable(top)]
    return pairs


def _editable_above(view, index):
    model = view.model()
    for row in range(index.row() - 1, -1, -1):
        above = model.index(row, index.column())
        if model.flags(above) & Qt.ItemIsEditable and view.is_shown(row, index.column()):
            return above
    return None
