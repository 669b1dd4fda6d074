"""Proposed scores in the real window: beside the 得分 cell with their rule, accepted by key or menu, undoable;
a score the clerk typed is never overwritten."""
from PySide6.QtCore import QEvent, QItemSelectionModel, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QStyleOptionViewItem, QToolTip

from evaldesk.ui.proposals import ProposalDelegate

from test_editing import cell, go_to, opened
from ui_keys import press, type_text

SCORE_KEY = Qt.Key_J  # with Ctrl


def proposal_painted(grid, row: int) -> bool:
    """Whether the 得分 cell looks different with the proposal delegate than with the plain one."""
    model = grid.model()
    column = model.column_of("score")
    rect = grid.visualRect(model.index(row + 1, column))
    delegate = grid.itemDelegateForColumn(column)
    with_proposal = grid.viewport().grab(rect).toImage()
    grid.setItemDelegateForColumn(column, grid.itemDelegate())
    plain = grid.viewport().grab(rect).toImage()
    grid.setItemDelegateForColumn(column, delegate)
    return with_proposal != plain


def test_the_proposal_shows_beside_the_score_cell_with_its_rule(window, form_copy, qtbot):
    document, _, grid = opened(window, form_copy)
    model = grid.model()
    column = model.column_of("score")
    assert isinstance(grid.itemDelegateForColumn(column), ProposalDelegate)
    assert not proposal_painted(grid, 1)  # filed 10 = proposed 10: nothing to add
    assert proposal_painted(grid, 0)  # filed 3.58, proposed 4.47: "(4.47)" beside it
    assert not proposal_painted(grid, 4)  # no 实际完成值: no proposal
    go_to(grid, 1, "score")
    press(qtbot, Qt.Key_Delete)
    assert proposal_painted(grid, 1)  # "建议 10" in the empty cell

    index = model.index(1, column)
    rect = grid.visualRect(index)
    event = QHelpEvent(QEvent.ToolTip, rect.center(), grid.viewport().mapToGlobal(rect.center()))
    option = QStyleOptionViewItem()
    option.rect = rect
    assert grid.itemDelegateForColumn(column).helpEvent(event, grid, option, index)
    assert "建议得分 4.47：35.76% ÷ 80% × 10 = 4.47" in QToolTip.text()


def test_one_key_accepts_the_rows_proposal_and_undo_takes_it_back(window, form_copy, qtbot):
    document, _, grid = opened(window, form_copy)
    go_to(grid, 2, "score")
    press(qtbot, Qt.Key_Delete)
    assert cell(grid, 2, "score") == ""
    press(qtbot, SCORE_KEY, Qt.ControlModifier)
    assert cell(grid, 2, "score") == "10"
    assert "已采用建议得分 10" in window.statusBar().currentMessage()
    assert "得分合计 87.16" in window.figures_label.text()
    press(qtbot, Qt.Key_Z, Qt.ControlModifier)
    assert cell(grid, 2, "score") == ""
    press(qtbot, Qt.Key_Y, Qt.ControlModifier)
    assert cell(grid, 2, "score") == "10"


def test_the_clerks_own_score_always_wins(window, form_copy, qtbot):
    document, _, grid = opened(window, form_copy)
    go_to(grid, 0, "score")  # filed 3.58, proposed 4.47
    press(qtbot, SCORE_KEY, Qt.ControlModifier)
    assert cell(grid, 0, "score") == "3.58" and document.undo_stack.count() == 0
    assert "不会被改动" in window.statusBar().currentMessage()
    window.actions_by_name["accept_all_proposals"].trigger()
    assert cell(grid, 0, "score") == "3.58" and document.undo_stack.count() == 0


def test_the_menu_accepts_every_proposal_as_one_undo_step(window, form_copy, qtbot):
    document, _, grid = opened(window, form_copy)
    for row in (0, 1, 4):  # 4 has no 实际完成值, so no proposal: it stays empty
        go_to(grid, row, "score")
        press(qtbot, Qt.Key_Delete)
    steps = document.undo_stack.count()
    window.actions_by_name["accept_all_proposals"].trigger()
    assert [cell(grid, r, "score") for r in (0, 1, 4)] == ["4.47", "10", ""]
    assert document.undo_stack.count() == steps + 1
    press(qtbot, Qt.Key_Z, Qt.ControlModifier)
    assert [cell(grid, r, "score") for r in (0, 1, 4)] == ["", "", ""]


def test_not_applicable_rows_are_rescaled_from_the_menu_in_one_undo_step(window, form_copy, qtbot):
    document, _, grid = opened(window, form_copy)
    go_to(grid, 6, "target")  # 服务对象的满意度, 10 of the indicators' 90
    type_text(qtbot, "不适用")
    press(qtbot, Qt.Key_Return)
    assert "not-applicable" in {p.code for p in document.problems}
    steps = document.undo_stack.count()
    window.actions_by_name["rescale_not_applicable"].trigger()
    weights = [cell(grid, r, "weight") for r in range(7)]
    assert weights == ["11.25", "11.25", "11.25", "22.5", "22.5", "11.25", "0"]  # × 90 ÷ 80
    assert document.undo_stack.count() == steps + 1
    assert "not-applicable" not in {p.code for p in document.problems}
    press(qtbot, Qt.Key_Z, Qt.ControlModifier)
    assert [cell(grid, r, "weight") for r in range(7)] == ["10", "10", "10", "20", "20", "10", "10"]


def test_a_selected_score_cell_paints_its_proposal_darker(window, form_copy, qtbot, monkeypatch):
    from evaldesk.ui import proposals

    _, _, grid = opened(window, form_copy)
    index = grid.model().index(1, grid.model().column_of("score"))  # filed 3.58, proposed 4.47
    rect = grid.visualRect(index)
    option = QStyleOptionViewItem()
    grid.initViewItemOption(option)
    assert option.widget is grid
    grid.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)  # no editor open
    assert proposals._selected(option, index)  # what the grid paints selected is what its selection says
    assert not proposals._selected(option, grid.model().index(2, index.column()))
    selected = grid.viewport().grab(rect).toImage()
    monkeypatch.setattr(proposals, "_selected", lambda option, index: False)
    grid.viewport().update()
    assert grid.viewport().grab(rect).toImage() != selected  # the darker grey, not the unselected one
