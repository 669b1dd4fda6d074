"""更换模板 in the real window: the change is shown, confirmed, applied to the page, and undone in one step."""
from PySide6.QtCore import Qt

from evaldesk.domain.places import funds_place
from evaldesk.domain.retemplate import KEPT
from evaldesk.storage.evd import load_form

from ui_keys import press, type_text

SEED = "selfeval-2021-newenergy.evd"


def rate_cell(window):
    funds = window.current_view().funds_view
    model = funds.model()
    index = model.index_of(funds_place("total", "executed"))
    return model.index(1, model.columnCount() - 2).data(), index


def test_changing_the_template_shows_the_rate_before_and_after_and_undoes_in_one_step(window, dialogs, form_copy, qtbot):
    document = window.open_path(form_copy(SEED))
    old_page = window.current_view()
    dialogs.templates.append("selfeval-national")
    dialogs.answers["更换模板"] = "change"
    window.actions_by_name["change_template"].trigger()
    title, text = dialogs.asked[-1]
    assert title == "更换模板" and "预算执行率　35.77% → 35.76%" in text and "没有位置" not in text
    page = window.current_view()
    assert page is not old_page and page.template.id == "selfeval-national"
    assert "执行率 35.76%" in window.figures_label.text() and rate_cell(window)[0] == "35.76%"
    assert document.undo_stack.count() == 1
    press(qtbot, Qt.Key_Z, Qt.ControlModifier)
    assert window.current_view().template.id == "selfeval-national-roundup"
    assert "执行率 35.77%" in window.figures_label.text() and rate_cell(window)[0] == "35.77%"
    press(qtbot, Qt.Key_Y, Qt.ControlModifier)
    grid = window.current_view().tables["indicators"]  # the rebuilt page takes typing as before
    grid.setFocus()
    grid.setCurrentIndex(grid.model().index(2, grid.model().column_of("score")))
    type_text(qtbot, "6")
    press(qtbot, Qt.Key_Return)
    assert "得分合计 83.16" in window.figures_label.text()


def test_a_cancelled_change_leaves_the_form_as_it_was(window, dialogs, form_copy):
    document = window.open_path(form_copy(SEED))
    dialogs.templates.append("selfeval-national")
    window.actions_by_name["change_template"].trigger()
    assert document.form.template.id == "selfeval-national-roundup" and not document.modified


def test_data_with_no_place_in_the_new_template_is_kept_saved_and_reported(window, dialogs, form_copy, registry, tmp_path):
    document = window.open_path(form_copy(SEED))
    dialogs.templates.append("selfassess-shanghai")
    dialogs.answers["更换模板"] = "change"
    window.actions_by_name["change_template"].trigger()
    text = dialogs.asked[-1][1]
    assert "字段“主管部门”：上海市科学技术委员会" in text and "不会丢失" in text
    assert "已保留在表单中" in window.statusBar().currentMessage()
    window.actions_by_name["show_kept"].trigger()
    assert "上海市科学技术委员会" in dialogs.infos[-1][1]
    document.save(tmp_path / "moved.evd")
    saved = load_form(tmp_path / "moved.evd", registry)
    assert saved.template.id == "selfassess-shanghai"
    assert "上海市科学技术委员会" in [item["text"] for item in saved.meta[KEPT]]
    document.undo_stack.undo()
    assert KEPT not in document.form.meta and document.form.text("department") == "上海市科学技术委员会"
