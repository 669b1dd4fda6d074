"""Column widths dragged on screen: the whole page follows, the template's paper widths stay, remembered."""
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

SEED = "selfeval-2021-newenergy.evd"


def border(grid, column: int) -> QPoint:
    x = grid.columnViewportPosition(column) + grid.columnWidth(column)
    return QPoint(x, grid.rowViewportPosition(2) + 5)


def share(grid, column: int) -> float:
    return grid.columnWidth(column) / sum(grid.columnWidth(c) for c in range(grid.model().columnCount()))


def drag(qtbot, grid, column: int, dx: int) -> None:
    start = border(grid, column)
    qtbot.mousePress(grid.viewport(), Qt.LeftButton, pos=start)
    for step in range(1, 5):
        qtbot.mouseMove(grid.viewport(), start + QPoint(dx * step // 4, 0))
    qtbot.mouseRelease(grid.viewport(), Qt.LeftButton, pos=start + QPoint(dx, 0))
    QApplication.processEvents()
    QApplication.processEvents()


def test_dragging_a_border_widens_the_column_the_page_follows_and_the_width_is_remembered(make_window, form_copy, qtbot):
    window = make_window()
    document = window.open_path(form_copy(SEED))
    qtbot.waitUntil(lambda: bool(window.current_view().paper.unit_widths))
    grid = window.current_view().tables["indicators"]
    name, target = grid.model().column_of("name"), grid.model().column_of("target")
    widths = grid.columnWidth(name), grid.columnWidth(target)
    grid.setFocus()
    selected = grid.model().index(3, grid.model().column_of("score"))
    before = share(grid, name)
    grid.put_cursor(selected)
    drag(qtbot, grid, name, 60)
    assert abs(grid.columnWidth(name) - (widths[0] + 60)) <= 2 and abs(grid.columnWidth(target) - (widths[1] - 60)) <= 2
    dragged = share(grid, name)
    assert grid.currentIndex() == selected and grid.state() != grid.State.EditingState  # a drag is not a click
    funds = window.current_view().funds_view  # the other grid keeps to the same page columns
    assert funds.columnViewportPosition(funds.model().columnCount() - 1) + funds.columnWidth(funds.model().columnCount() - 1) \
        == grid.columnViewportPosition(grid.model().columnCount() - 1) + grid.columnWidth(grid.model().columnCount() - 1)
    assert [float(w) for w in document.form.template.columns] != window.current_view().paper.weights  # screen only
    assert "selfeval-national-roundup" in window.settings["column_weights"]
    window.close()

    again = make_window()
    again.open_path(form_copy(SEED))
    qtbot.waitUntil(lambda: bool(again.current_view().paper.unit_widths))
    QApplication.processEvents()
    grid = again.current_view().tables["indicators"]
    assert abs(share(grid, name) - dragged) < 0.005  # the same proportion, whatever the window's width
    again.actions_by_name["reset_columns"].trigger()
    QApplication.processEvents()
    assert abs(share(grid, name) - before) < 0.005


def test_a_column_is_never_dragged_narrower_than_a_few_characters(window, form_copy, qtbot):
    window.open_path(form_copy(SEED))
    qtbot.waitUntil(lambda: bool(window.current_view().paper.unit_widths))
    grid = window.current_view().tables["indicators"]
    weight = grid.model().column_of("weight")
    drag(qtbot, grid, weight, -400)
    assert grid.columnWidth(weight) >= 24
