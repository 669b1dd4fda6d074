"""The grids answer the keyboard as Excel and WPS do: no key lost at any speed, Esc, Tab, Enter, click, paste."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from evaldesk.domain.places import funds_place
from evaldesk.ui import look

from grid_cells import at, go_to, opened
from key_bursts import burst
from ui_keys import press, type_text

EDITING = QAbstractItemView.EditingState


def funds_cell(view, row: str, column: str):
    return view.funds_view.model().index_of(funds_place(row, column))


def click(qtbot, grid, index, double=False) -> None:
    point = grid.visualRect(index).center()
    if double:
        qtbot.mouseDClick(grid.viewport(), Qt.LeftButton, pos=point)
    else:
        qtbot.mouseClick(grid.viewport(), Qt.LeftButton, pos=point)


def test_keys_typed_fast_after_clicking_a_funds_cell_all_arrive(window, form_copy, qtbot):
    document, view, grid = opened(window, form_copy)
    go_to(grid, 1, "score")
    type_text(qtbot, "7")
    press(qtbot, Qt.Key_Return)  # a cell finished in the indicator grid
    target = funds_cell(view, "other", "executed")
    click(qtbot, view.funds_view, target)
    click(qtbot, view.funds_view, target)  # a second click on the same cell: still only selects
    burst(window, "1,234.5\t")  # every key queued before the first is handled
    assert document.form.fund("other", "executed") == "1,234.5"
    assert target.data() == "1,234.50"


def test_a_whole_row_typed_in_one_burst_lands_cell_by_cell(window, form_copy, qtbot):
    document, _, grid = opened(window, form_copy)
    go_to(grid, 5, "name")
    burst(window, "Survey\t95\t96\t10\t9\tnone\t")
    row = document.form.rows("indicators")[5]
    assert [row.get(k) for k in ("name", "target", "actual", "weight", "score", "deviation")] == \
        ["Survey", "95", "96", "10", "9", "none"]
    assert grid.currentIndex() == at(grid, 6, "name")  # Tab after the row: the next row's first cell to fill


def test_esc_gives_back_the_amount_from_before_and_leaves_nothing_to_undo(window, form_copy, qtbot):
    document, view, _ = opened(window, form_copy)
    funds = view.funds_view
    before = window.figures_label.text()
    funds.setFocus()
    funds.setCurrentIndex(funds_cell(view, "total", "annual"))
    type_text(qtbot, "999")
    assert "执行率 14781.15%" in window.figures_label.text()  # 147,663.64 / 999, rounded up
    press(qtbot, Qt.Key_Escape)
    assert funds.state() != EDITING
    assert funds_cell(view, "total", "annual").data() == "412,907.00"
    assert document.form.fund("total", "annual") == "412907.00"
    assert window.figures_label.text() == before and "执行率 35.77%" in before
    assert not document.undo_stack.canUndo() and not document.undo_stack.canRedo() and not document.modified


def test_esc_in_a_long_text_cell_gives_back_the_text(window, form_copy, qtbot):
    document, _, grid = opened(window, form_copy)
    go_to(grid, 1, "deviation")
    type_text(qtbot, "typed then cancelled")
    assert document.form.rows("indicators")[1].get("deviation") == "typed then cancelled"
    press(qtbot, Qt.Key_Escape)
    assert document.form.rows("indicators")[1].get("deviation") == "" and at(grid, 1, "deviation").data() == ""
    assert document.undo_stack.count() == 0


def test_tab_at_the_end_of_a_row_goes_to_the_next_rows_indicator_name(window, form_copy, qtbot):
    _, _, grid = opened(window, form_copy)
    for row in (0, 1, 3, 5):  # the next rows start a 二级, continue a category, start a 一级, start both
        go_to(grid, row, "deviation")
        press(qtbot, Qt.Key_Tab)
        assert grid.currentIndex() == at(grid, row + 1, "name"), row
    go_to(grid, 2, "name")
    press(qtbot, Qt.Key_Tab, Qt.ShiftModifier)  # back: the last cell of the row above
    assert grid.currentIndex() == at(grid, 1, "deviation")
    go_to(grid, 4, "level1")  # on a category, Tab goes along its own row
    press(qtbot, Qt.Key_Tab)
    assert grid.currentIndex() == at(grid, 4, "level2")


def test_enter_goes_down_the_column_past_merged_categories(window, form_copy, qtbot):
    _, _, grid = opened(window, form_copy)
    go_to(grid, 0, "level1")  # 产出指标 covers four rows
    press(qtbot, Qt.Key_Return)
    assert grid.currentIndex() == at(grid, 4, "level1")
    go_to(grid, 2, "score")
    type_text(qtbot, "8")
    press(qtbot, Qt.Key_Return)
    assert grid.currentIndex() == at(grid, 3, "score") and grid.state() != EDITING


def test_a_click_selects_and_a_double_click_or_f2_edits(window, form_copy, qtbot):
    _, _, grid = opened(window, form_copy)
    target = at(grid, 2, "target")
    click(qtbot, grid, target)
    click(qtbot, grid, target)
    qtbot.wait(QApplication.doubleClickInterval() + 100)
    assert grid.currentIndex() == target and grid.state() != EDITING
    click(qtbot, grid, target, double=True)
    assert grid.state() == EDITING
    press(qtbot, Qt.Key_Escape)
    press(qtbot, Qt.Key_F2)
    assert grid.state() == EDITING


def test_cells_pasted_into_an_open_editor_go_into_the_grid_in_one_step(window, form_copy, dialogs, qtbot):
    document, _, grid = opened(window, form_copy)
    go_to(grid, 6, "name")
    press(qtbot, Qt.Key_F2)
    assert grid.state() == EDITING
    dialogs.answers["粘贴"] = "overwrite"
    QApplication.clipboard().setText("满意度调查\t≥90%\r\n回访率\t100%\r\n")
    press(qtbot, Qt.Key_V, Qt.ControlModifier)
    rows = document.form.rows("indicators")
    assert grid.state() != EDITING
    assert [(r.get("name"), r.get("target")) for r in rows[6:]] == [("满意度调查", "≥90%"), ("回访率", "100%")]
    assert dialogs.asked[-1] == ("粘贴", "粘贴将覆盖 2 个已填写的格子。\n覆盖后仍可用 Ctrl+Z 一步撤销。")
    assert document.undo_stack.count() == 1
    press(qtbot, Qt.Key_Z, Qt.ControlModifier)
    assert len(rows) == 7 and rows[6].get("name") == "服务对象的满意度"


def test_a_paste_the_clerk_does_not_confirm_changes_nothing(window, form_copy, dialogs, qtbot):
    document, _, grid = opened(window, form_copy)
    go_to(grid, 0, "weight")
    QApplication.clipboard().setText("5\t5\r\n5\t5\r\n")
    press(qtbot, Qt.Key_V, Qt.ControlModifier)
    assert dialogs.asked[-1][1].startswith("粘贴将覆盖 4 个")
    assert not document.modified and at(grid, 0, "weight").data() == "10"


def test_blanks_under_a_pasted_category_mean_as_above(window, form_copy, dialogs, qtbot):
    document, _, grid = opened(window, form_copy)
    go_to(grid, 6, "level1")
    dialogs.answers["粘贴"] = "overwrite"
    QApplication.clipboard().setText(  # as copied from a workbook whose 一级/二级 cells are merged
        "效益指标\t经济效益指标\t收入增长\t≥5%\t6%\t5\t5\r\n"
        "\t\t成本节约\t≥3%\t3%\t5\t5\r\n"
        "\t社会效益指标\t新增就业\t≥10人\t12人\t5\t4\r\n")
    press(qtbot, Qt.Key_V, Qt.ControlModifier)
    rows = document.form.rows("indicators")
    assert [(r.get("level1"), r.get("level2")) for r in rows[6:]] == [
        ("效益指标", "经济效益指标"), ("效益指标", "经济效益指标"), ("效益指标", "社会效益指标")]
    assert grid.rowSpan(7, grid.model().column_of("level2")) == 2  # one merged 经济效益指标, as in the workbook
    assert not any("为空" in p.message for p in document.problems)


def test_a_leading_comma_is_a_problem_not_a_smaller_amount(window, form_copy, qtbot):
    document, view, _ = opened(window, form_copy)
    funds = view.funds_view
    funds.setFocus()
    funds.setCurrentIndex(funds_cell(view, "other", "executed"))
    type_text(qtbot, ",234.5")
    assert "逗号" in window.statusBar().currentMessage()
    press(qtbot, Qt.Key_Return)
    assert funds_cell(view, "other", "executed").data(Qt.BackgroundRole) == look.BAD_BG
    assert any("逗号" in p.message for p in document.problems)


def test_the_status_bar_forgets_a_typo_once_it_is_fixed(window, form_copy, qtbot):
    _, _, grid = opened(window, form_copy)
    go_to(grid, 2, "weight")
    type_text(qtbot, "abc")
    assert "不是数字" in window.statusBar().currentMessage()
    press(qtbot, Qt.Key_Backspace, times=3)
    type_text(qtbot, "5")
    assert window.statusBar().currentMessage() == ""


def test_the_weight_total_problem_quotes_the_total_the_clerk_sees(window, form_copy, qtbot):
    document, _, grid = opened(window, form_copy)
    go_to(grid, 5, "weight")
    type_text(qtbot, "20")
    press(qtbot, Qt.Key_Return)
    total = grid.model().index(grid.model().rowCount() - 1, grid.model().column_of("weight")).data()
    assert total == "110"
    assert [p.message for p in document.problems if p.code == "weight-total"] == ["分值合计 110，应为 100"]


def test_typing_on_a_long_text_cell_replaces_it_and_f2_adds_to_it(window, form_copy, qtbot):
    document, _, grid = opened(window, form_copy)
    go_to(grid, 0, "deviation")
    burst(window, "new\r")
    assert document.form.rows("indicators")[0].get("deviation") == "new"
    go_to(grid, 0, "deviation")
    press(qtbot, Qt.Key_F2)
    type_text(qtbot, " and more")
    press(qtbot, Qt.Key_Return)
    assert document.form.rows("indicators")[0].get("deviation") == "new and more"
