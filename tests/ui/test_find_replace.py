"""查找 and 替换 in the real window: each match shown where it is on the page; replacing all is one undo step."""
from PySide6.QtCore import Qt

from ui_keys import press

SEED = "selfeval-2021-newenergy.evd"


def opened(window, form_copy):
    document = window.open_path(form_copy(SEED))
    return document, window.current_view()


def test_ctrl_f_shows_each_match_in_place_field_words_selected_then_cells(window, form_copy, qtbot):
    _, view = opened(window, form_copy)
    press(qtbot, Qt.Key_F, Qt.ControlModifier)
    dialog = window.find_dialog
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "查找" and not dialog.replacement.isVisible()
    dialog.needle.setText("新能源")
    dialog.find_button.click()
    assert dialog.result.text() == "第 1 处，共 10 处"
    name = view.fields["project_name"][0]
    assert window.focusWidget() is name and name.selectedText() == "新能源"
    dialog.find_button.click()
    implementer = view.fields["implementer"][0]
    assert window.focusWidget() is implementer and implementer.selectionStart() == 2 and implementer.selectedText() == "新能源"
    dialog.needle.setText("知晓度")
    dialog.find_button.click()
    grid = view.tables["indicators"]
    assert window.focusWidget() is grid and grid.currentIndex().data() == "政策指南制度知晓度"
    assert dialog.result.text() == "第 1 处，共 1 处"
    dialog.needle.setText("没有这几个字")
    dialog.find_button.click()
    assert dialog.result.text() == "找不到“没有这几个字”"


def test_ctrl_h_replaces_one_match_then_all_in_one_undo_step(window, form_copy, qtbot):
    document, view = opened(window, form_copy)
    press(qtbot, Qt.Key_H, Qt.ControlModifier)
    dialog = window.find_dialog
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "替换" and dialog.replacement.isVisible()
    grid = view.tables["indicators"]
    dialog.needle.setText("≥80%")
    dialog.replacement.setText("≥85%")
    dialog.find_button.click()
    dialog.replace_button.click()  # the first one replaced, the second one shown
    rows = document.form.rows("indicators")
    assert rows[0].get("target") == "≥85%" and rows[3].get("target") == "≥80%"
    assert grid.currentIndex() == grid.model().index(4, grid.model().column_of("target"))
    dialog.replace_all_button.click()
    assert dialog.result.text() == "已替换 4 处（可用 Ctrl+Z 一步撤销）"
    assert [r.get("target") for r in rows if "80" in r.get("target") or "85" in r.get("target")] == ["≥85%"] * 5
    assert document.undo_stack.count() == 2
    document.undo_stack.undo()
    assert [rows[i].get("target") for i in (0, 3, 6)] == ["≥85%", "≥80%", "≥80%"]
