"""Editing in the real window: live figures, undo and redo of every change, numbers, problems, paste."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from evaldesk.domain.places import funds_place
from evaldesk.ui import look
from evaldesk.ui.problems_panel import PLACE_ROLE

from grid_cells import cell, go_to, opened
from ui_keys import focused, press, type_text


def test_typing_a_score_is_one_undo_step_and_redo_brings_it_back(window, form_copy, qtbot):
    document, _, grid = opened(window, form_copy)
    go_to(grid, 1, "score")
    type_text(qtbot, "5.5")
    press(qtbot, Qt.Key_Return)
    assert "得分合计 82.66" in window.figures_label.text()
    assert document.undo_stack.count() == 1  # three keystrokes, one step
    press(qtbot, Qt.Key_Z, Qt.ControlModifier)
    assert "得分合计 87.16" in window.figures_label.text() and cell(grid, 1, "score") == "10"
    assert not document.modified
    press(qtbot, Qt.Key_Y, Qt.ControlModifier)
    assert cell(grid, 1, "score") == "5.5" and "等级 良" in window.figures_label.text()


def test_rows_inserted_deleted_and_moved_are_undone(window, form_copy, qtbot):
    document, _, grid = opened(window, form_copy)
    rows_before = [r.copy() for r in document.form.rows("indicators")]
    go_to(grid, 1, "name")
    press(qtbot, Qt.Key_Return, Qt.ControlModifier)  # insert below, in 质量指标
    assert cell(grid, 2, "level2") == "质量指标" and len(document.form.rows("indicators")) == 8
    press(qtbot, Qt.Key_Delete, Qt.ControlModifier)
    press(qtbot, Qt.Key_Delete, Qt.ControlModifier)  # a seed row goes too
    assert len(document.form.rows("indicators")) == 6
    go_to(grid, 2, "name")  # the 时效指标 row moves up into 质量指标, staying where it is
    press(qtbot, Qt.Key_Up, Qt.AltModifier)
    assert document.form.rows("indicators")[2].get("level2") == "质量指标"
    press(qtbot, Qt.Key_Up, Qt.AltModifier)  # inside 质量指标: it swaps with the row above
    assert document.form.rows("indicators")[1].get("name") == "工作开展和信息公开实施率"
    for _ in range(5):
        press(qtbot, Qt.Key_Z, Qt.ControlModifier)
    assert document.form.rows("indicators") == rows_before
    assert not document.modified and cell(grid, 6, "name") == "服务对象的满意度"


def test_a_typed_word_in_a_number_cell_is_kept_red_with_the_reason(window, form_copy, qtbot):
    document, _, grid = opened(window, form_copy)
    go_to(grid, 2, "weight")
    type_text(qtbot, "ten")
    assert "不是数字" in window.statusBar().currentMessage()
    press(qtbot, Qt.Key_Return)
    assert document.form.rows("indicators")[2].get("weight") == "ten"
    assert cell(grid, 2, "weight", Qt.BackgroundRole) == look.BAD_BG
    assert "不是数字" in cell(grid, 2, "weight", Qt.ToolTipRole)
    assert any("不是数字" in window.problems.item(i).text() for i in range(window.problems.count()))


def test_amounts_are_read_as_clerks_type_them(window, form_copy, qtbot):
    document, view, _ = opened(window, form_copy)
    funds = view.funds_view
    funds.setFocus()
    funds.setCurrentIndex(funds.model().index_of(document.form.template.funds and _place("total", "annual")))
    type_text(qtbot, "41.2907万")
    press(qtbot, Qt.Key_Tab)
    type_text(qtbot, "１４７，６６３．６４")
    press(qtbot, Qt.Key_Tab)
    assert "执行率 35.77%" in window.figures_label.text()
    assert document.form.fund("total", "executed") == "１４７，６６３．６４"  # kept exactly as typed


def _place(row, column):
    from evaldesk.domain.places import funds_place

    return funds_place(row, column)


def test_clicking_a_problem_takes_the_cursor_to_its_cell(window, form_copy, qtbot):
    document, _, grid = opened(window, form_copy)
    go_to(grid, 4, "score")
    type_text(qtbot, "25")  # 得分 above its 分值 of 20
    press(qtbot, Qt.Key_Return)
    item = next(window.problems.item(i) for i in range(window.problems.count())
                if "超过分值" in window.problems.item(i).text())
    assert "绩效指标 第 5 行·得分" in item.text()
    grid.setCurrentIndex(grid.model().index(1, 1))
    window.problems.setFocus()
    qtbot.mouseClick(window.problems.viewport(), Qt.LeftButton, pos=window.problems.visualItemRect(item).center())
    assert focused() is grid
    assert grid.currentIndex() == grid.model().index_of(item.data(PLACE_ROLE))
    assert cell(grid, 4, "score", Qt.BackgroundRole) == look.ERROR_BG


def test_typing_that_changes_no_problem_leaves_the_problems_list_as_the_clerk_left_it(window, form_copy, qtbot):
    document, _, grid = opened(window, form_copy, "selfeval-2020-sast-03.evd")
    panel = window.problems
    assert panel.count() >= 2
    panel.setCurrentRow(1)
    panel.item(0).setData(PLACE_ROLE + 1, "still the same item")
    go_to(grid, 0, "name")
    type_text(qtbot, "abc")  # the row's name: no problem comes or goes
    press(qtbot, Qt.Key_Return)
    assert document.form.rows("indicators")[0].get("name") == "abc"
    assert panel.item(0).data(PLACE_ROLE + 1) == "still the same item" and panel.currentRow() == 1
    go_to(grid, 0, "score")
    type_text(qtbot, "999")  # now a problem comes: the list shows it
    press(qtbot, Qt.Key_Return)
    assert any("超过分值" in panel.item(i).text() for i in range(panel.count()))

def test_rows_pasted_from_excel_extend_the_table_in_one_undo_step(window, form_copy, dialogs, qtbot):
    document, _, grid = opened(window, form_copy)
    go_to(grid, 6, "level1")
    dialogs.answers["粘贴"] = "overwrite"  # the pasted first row replaces 服务对象的满意度
    QApplication.clipboard().setText("满意度指标\t服务对象满意度指标\t投诉处理及时率\t≥95%\t98%\t5\t5\t\r\n"
                                     "满意度指标\t服务对象满意度指标\t\"回访\n记录\"\t100%\t100%\t5\t4\t\r\n")
    press(qtbot, Qt.Key_V, Qt.ControlModifier)
    rows = document.form.rows("indicators")
    assert len(rows) == 8 and rows[6].get("name") == "投诉处理及时率" and rows[7].get("name") == "回访\n记录"
    assert rows[5].get("name") == "项目的可持续性"
    press(qtbot, Qt.Key_Z, Qt.ControlModifier)
    assert len(document.form.rows("indicators")) == 7 and rows[6].get("name") == "服务对象的满意度"


def test_copied_cells_go_to_the_clipboard_as_tab_separated_text(window, form_copy, qtbot):
    _, _, grid = opened(window, form_copy)
    go_to(grid, 1, "weight")
    grid.put_cursor(grid.currentIndex())
    press(qtbot, Qt.Key_Right, Qt.ShiftModifier)
    press(qtbot, Qt.Key_C, Qt.ControlModifier)
    assert QApplication.clipboard().text() == "10\t10\r\n"


def test_renaming_a_merged_category_renames_all_its_rows_and_adds_categories(window, form_copy, dialogs, qtbot):
    document, _, grid = opened(window, form_copy)
    go_to(grid, 0, "level1")
    press(qtbot, Qt.Key_F2)
    focused().selectAll()
    type_text(qtbot, "产出")
    press(qtbot, Qt.Key_Return)
    assert [r.get("level1") for r in document.form.rows("indicators")[:4]] == ["产出"] * 4
    dialogs.categories.append(("效益指标", "经济效益指标"))
    press(qtbot, Qt.Key_A, Qt.ControlModifier | Qt.ShiftModifier)
    rows = document.form.rows("indicators")
    assert (rows[6].get("level1"), rows[6].get("level2")) == ("效益指标", "经济效益指标")
    assert cell(grid, 4, "level1") == "效益指标"
    press(qtbot, Qt.Key_Z, Qt.ControlModifier)
    press(qtbot, Qt.Key_Z, Qt.ControlModifier)
    assert not document.modified and document.form.rows("indicators")[0].get("level1") == "产出指标"


def test_typing_in_a_field_updates_the_title_line_and_undoes_in_one_step(window, form_copy, qtbot):
    document, view, _ = opened(window, form_copy)
    editor = view.fields["project_name"][0]
    editor.setFocus()
    editor.selectAll()
    type_text(qtbot, "Project X")
    assert document.form.text("project_name") == "Project X" and document.undo_stack.count() == 1
    assert window.isWindowModified() and window.tabs.tabText(0).endswith("*")
    press(qtbot, Qt.Key_Z, Qt.ControlModifier)
    assert editor.text() == "新能源产业推进 (2021) 年" and not window.isWindowModified()


def test_undo_and_redo_keys_in_a_text_box_go_to_the_form_not_to_the_box(window, form_copy, qtbot):
    """Qt's text box takes Ctrl+Z and its kin as its own keys; they must still undo and redo the form."""
    document, view, _ = opened(window, form_copy)
    editor = view.fields["goal_actual"][0]
    before = editor.toPlainText()
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    type_text(qtbot, " done")
    assert document.form.text("goal_actual") == before + " done"
    for redo in ((Qt.Key_Y, Qt.ControlModifier), (Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)):
        press(qtbot, Qt.Key_Z, Qt.ControlModifier)
        assert document.form.text("goal_actual") == before == editor.toPlainText()
        assert not document.undo_stack.canUndo() and not window.isWindowModified()
        press(qtbot, *redo)
        assert document.form.text("goal_actual") == before + " done" == editor.toPlainText()
    assert document.undo_stack.count() == 1  # the box's own stack kept nothing that a later Ctrl+Z could undo


def test_converting_the_amount_unit_converts_every_amount_and_undoes_in_one_step(window, form_copy):
    window.open_path(form_copy("selfeval-2021-newenergy.evd"))
    document = window.current_document()
    funds = window.current_view().funds_view.model()
    window.actions_by_name["unit_wan"].trigger()
    assert document.form.amount_unit == "万元"
    assert document.form.fund("total", "annual") == "41.2907"
    assert document.figures.execution_rate_text == "35.77%"  # the rate does not depend on the unit
    assert funds.index(0, 0).data() == "项目资金（万元）"
    document.undo_stack.undo()
    assert document.form.amount_unit == "元" and document.form.fund("total", "annual") == "412907.00"
    assert document.undo_stack.count() == 1


def test_amounts_show_as_printed_but_edit_as_typed(window, form_copy):
    window.open_path(form_copy("selfeval-2021-newenergy.evd"))
    funds = window.current_view().funds_view.model()
    index = funds.index_of(funds_place("total", "initial"))
    assert index.data(Qt.DisplayRole) == "530,000.00"  # as the PDF prints it
    assert index.data(Qt.EditRole) == "530000.00"  # as the clerk typed it, kept in the file
    funds.setData(index, "12万x", Qt.EditRole)
    assert index.data(Qt.DisplayRole) == "12万x"


def test_each_tick_of_a_choice_box_is_its_own_undo_step(window, form_copy):
    window.open_path(form_copy("declaration-2018-sast-01.evd"))
    document = window.current_document()
    from evaldesk.ui.field_editors import ChoiceField

    editor = window.current_view().findChild(ChoiceField, "field_project_type")
    boxes = {box.text(): box for box in editor.boxes}
    assert document.form.fields["project_type"] == "其他一次性项目"
    boxes["结转项目"].click()
    boxes["经常性专项业务费"].click()
    assert document.form.fields["project_type"] == "经常性专项业务费"
    document.undo_stack.undo()
    assert document.form.fields["project_type"] == "结转项目"
    document.undo_stack.undo()
    assert document.form.fields["project_type"] == "其他一次性项目"


def test_typing_a_category_name_that_passes_through_the_next_ones_does_not_swallow_it(window, form_copy, qtbot):
    document, _, grid = opened(window, form_copy)
    rows = document.form.rows("indicators")
    rows_before = [r.get("level1") for r in rows]
    assert rows_before[:4] == ["产出指标"] * 4 and rows_before[4:6] == ["效益指标"] * 2
    model = grid.model()
    index = model.index(1, model.column_of("level1"))  # the merged 产出指标 cell; the clerk types on…
    model.set_text(index, "效益指标", merge_key="typing")  # …through the next category's name…
    model.set_text(index, "效益指标2", merge_key="typing")  # …and on: only the first four rows follow
    assert [r.get("level1") for r in rows[:4]] == ["效益指标2"] * 4
    assert [r.get("level1") for r in rows[4:6]] == ["效益指标"] * 2


def test_a_header_amount_shows_as_printed_and_edits_as_typed(window, form_copy, qtbot):
    window.open_path(form_copy("declaration-2018-sast-01.evd"))
    document = window.current_document()
    editor = window.current_view().fields["annual_budget"][0]
    assert document.form.text("annual_budget") == "4100000"  # as the clerk typed it (and the seed printed it)
    assert editor.text() == "4,100,000.00"  # shown as an amount while the clerk is elsewhere
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    assert editor.text() == "4100000"  # the clerk edits what they typed
    editor.selectAll()
    type_text(qtbot, "4200000")
    window.current_view().fields["total_budget"][0].setFocus()
    qtbot.waitUntil(lambda: not editor.hasFocus())
    assert document.form.text("annual_budget") == "4200000" and editor.text() == "4,200,000.00"
    assert document.undo_stack.count() == 1
