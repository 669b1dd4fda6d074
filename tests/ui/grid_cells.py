"""Finding one's way in the real window's grids: the seed form opened, a cell by form row and column key."""
from PySide6.QtCore import Qt

SEED = "selfeval-2021-newenergy.evd"


def opened(window, form_copy, name=SEED):
    """The form opened from a copy: its document, its page and its indicator grid."""
    document = window.open_path(form_copy(name))
    return document, window.current_view(), window.current_view().tables["indicators"]


def at(grid, row: int, key: str):
    """The model index of the form's `row` (0-based) in the column `key` (the label row is model row 0)."""
    return grid.model().index(row + 1, grid.model().column_of(key))


def go_to(grid, row: int, key: str) -> None:
    """The cursor on that cell alone, the grid focused, as a click would leave it."""
    grid.setFocus()
    grid.put_cursor(at(grid, row, key))


def cell(grid, row: int, key: str, role=Qt.DisplayRole):
    return at(grid, row, key).data(role)
