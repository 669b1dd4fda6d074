"""A column with choices in the real window (完成目标可能性): a drop-down list in the cell, as a
spreadsheet's data validation offers; anything else typed is kept and named in the problems list."""
from PySide6.QtCore import Qt

from evaldesk.storage import paths

from grid_cells import at, go_to
from ui_keys import focused, press, type_text


def likelihood_cell(window):
    document = window.open_example(paths.examples_dir() / "example-monitor.evd")
    grid = window.current_view().tables["indicators"]
    go_to(grid, 0, "likelihood")
    return document, grid


def problem_texts(window):
    return [window.problems.item(i).text() for i in range(window.problems.count())]


def test_the_likelihood_cell_offers_its_three_choices_and_takes_one_by_the_arrow_keys(window, qtbot):
    document, grid = likelihood_cell(window)
    press(qtbot, Qt.Key_F2)
    editor = grid.indexWidget(at(grid, 0, "likelihood"))
    assert [editor.itemText(i) for i in range(editor.count())] == ["确定能", "有可能", "不可能"]
    assert editor.currentText() == "确定能"  # what the Huangshi form holds
    press(qtbot, Qt.Key_Down)
    assert document.form.tables["indicators"][0].get("likelihood") == "有可能"
    press(qtbot, Qt.Key_Return)
    qtbot.waitUntil(lambda: grid.indexWidget(at(grid, 0, "likelihood")) is None)
    assert at(grid, 0, "likelihood").data() == "有可能"
    assert not any("只能填" in text for text in problem_texts(window))
    assert any(text.endswith("第 1 行的完成目标可能性为“有可能”，请填写“偏差或不能完成目标原因分析”")
               for text in problem_texts(window))  # the footnote's rule, asked at once
    document.undo_stack.undo()
    assert document.form.tables["indicators"][0].get("likelihood") == "确定能"


def test_a_likelihood_typed_outside_the_list_is_kept_and_named_in_the_problems(window, qtbot):
    document, grid = likelihood_cell(window)
    type_text(qtbot, "可能")  # typed on the cell: it opens, as in a spreadsheet, and replaces what it held
    assert isinstance(focused(), type(grid.indexWidget(at(grid, 0, "likelihood"))))
    press(qtbot, Qt.Key_Return)
    assert document.form.tables["indicators"][0].get("likelihood") == "可能"
    assert any(text.startswith("✖ 错误") and text.endswith("第 1 行：完成目标可能性只能填“确定能”“有可能”“不可能”之一，现为“可能”")
               for text in problem_texts(window))


def test_ctrl_z_in_an_open_likelihood_cell_undoes_the_form_not_the_cells_own_line(window, qtbot):
    document, grid = likelihood_cell(window)
    type_text(qtbot, "可能")
    assert document.form.tables["indicators"][0].get("likelihood") == "可能"
    steps = document.undo_stack.index()
    press(qtbot, Qt.Key_Z, Qt.ControlModifier)
    assert document.undo_stack.index() == steps - 1  # one step of the form's, back to what the form held
    assert document.form.tables["indicators"][0].get("likelihood") == "确定能"
    press(qtbot, Qt.Key_Y, Qt.ControlModifier)
    assert document.undo_stack.index() == steps
    assert document.form.tables["indicators"][0].get("likelihood") == "可能"
