"""Fill down, the right-click menu and the selection's sum, driven through the real window."""
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from grid_cells import at, opened
from ui_keys import press


def select(grid, first, last) -> None:
    grid.setFocus()
    grid.put_cursor(first)
    grid.selectionModel().select(QItemSelection(first, last), QItemSelectionModel.ClearAndSelect)


def right_click(qtbot, grid, index):
    point = grid.visualRect(index).center()
    event = QContextMenuEvent(QContextMenuEvent.Mouse, point, grid.viewport().mapToGlobal(point))
    QApplication.sendEvent(grid.viewport(), event)
    menu = grid.window().last_context_menu
    qtbot.waitExposed(menu)
    return menu


def entries(menu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_ctrl_d_fills_the_top_cell_down_the_selection_in_one_step(window, form_copy, qtbot):
    document, _, grid = opened(window, form_copy)
    select(grid, at(grid, 0, "target"), at(grid, 3, "target"))
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    assert [at(grid, r, "target").data() for r in range(4)] == ["≥80%"] * 4
    assert at(grid, 1, "target").data() == "≥80%" and document.undo_stack.count() == 1
    press(qtbot, Qt.Key_Z, Qt.ControlModifier)
    assert at(grid, 1, "target").data() == "≥20次"


def test_ctrl_d_on_one_cell_copies_the_cell_above(window, form_copy, qtbot):
    document, _, grid = opened(window, form_copy)
    select(grid, at(grid, 5, "actual"), at(grid, 5, "actual"))
    grid.put_cursor(at(grid, 4, "actual"))
    press(qtbot, Qt.Key_D, Qt.ControlModifier)  # row 4 has no 实际值: it takes row 3's
    assert at(grid, 4, "actual").data() == ">80%"


def test_the_status_bar_shows_the_count_and_sum_of_the_selected_cells(window, form_copy, qtbot):
    _, _, grid = opened(window, form_copy)
    label = window.findChild(type(window.figures_label), "status_selection")
    select(grid, at(grid, 0, "weight"), at(grid, 6, "score"))
    assert label.text() == "计数 14　求和 173.58"  # the rows' 分值 90 and 得分 83.58
    select(grid, at(grid, 0, "name"), at(grid, 1, "name"))
    assert label.text() == "计数 2"


def test_the_right_click_menu_inserts_rows_above_and_below_and_deletes(window, form_copy, qtbot):
    document, _, grid = opened(window, form_copy)
    menu = right_click(qtbot, grid, at(grid, 2, "name"))
    assert entries(menu) == ["在上方插入行", "在下方插入行", "删除行", "复制", "粘贴", "向下填充", "添加分类…"]
    assert grid.currentIndex().row() == at(grid, 2, "name").row()  # the clicked row is the one acted on
    next(a for a in menu.actions() if a.text() == "在上方插入行").trigger()
    rows = document.form.rows("indicators")
    assert len(rows) == 8 and rows[2].get("name") == "" and rows[2].get("level2") == "质量指标"
    assert rows[3].get("name") == "形成的工作报告和专报篇数"
    menu = right_click(qtbot, grid, at(grid, 3, "name"))
    next(a for a in menu.actions() if a.text() == "删除行").trigger()
    assert [r.get("name") for r in rows[2:4]] == ["", "工作开展和信息公开实施率"]
    menu = right_click(qtbot, grid, at(grid, 6, "name"))
    next(a for a in menu.actions() if a.text() == "在下方插入行").trigger()
    assert len(rows) == 8 and rows[7].get("level1") == "满意度指标" and rows[7].get("name") == ""


def test_the_right_click_menu_copies_pastes_and_fills_down(window, form_copy, qtbot):
    document, _, grid = opened(window, form_copy)
    menu = right_click(qtbot, grid, at(grid, 0, "target"))
    next(a for a in menu.actions() if a.text() == "复制").trigger()
    assert QApplication.clipboard().text() == "≥80%\r\n"
    menu = right_click(qtbot, grid, at(grid, 4, "actual"))
    next(a for a in menu.actions() if a.text() == "粘贴").trigger()
    assert document.form.rows("indicators")[4].get("actual") == "≥80%"
    menu = right_click(qtbot, grid, at(grid, 5, "actual"))
    next(a for a in menu.actions() if a.text() == "向下填充").trigger()
    assert document.form.rows("indicators")[5].get("actual") == "≥80%"


def test_the_funds_grid_menu_has_no_row_entries(window, form_copy, qtbot):
    opened(window, form_copy)
    funds = window.current_view().funds_view
    menu = right_click(qtbot, funds, funds.model().index(1, 2))
    assert entries(menu) == ["复制", "粘贴", "向下填充"]
