"""部门整体支出绩效自评表 in the real window: each goal's weighted score and the total shown, kept current while
the clerk types an indicator's score (or, on the Chongqing form, its 得分系数), and never typed themselves."""
from PySide6.QtCore import Qt

from evaldesk.storage import paths

from grid_cells import cell, go_to
from ui_keys import press, type_text


def opened(window, name):
    document = window.open_example(paths.examples_dir() / name)
    view = window.current_view()
    return document, view, view.tables


def total(view) -> str:
    return next(w for w in view.computed if w.key == "total_score").text()


def test_the_goals_show_their_weighted_scores_and_move_as_an_indicator_is_typed(window, qtbot):
    document, view, tables = opened(window, "example-dept-selfeval.evd")
    goals, indicators = tables["goals"], tables["indicators"]
    assert [cell(goals, i, "ratio") for i in range(2)] == ["40", "50"]
    assert [cell(goals, i, "weighted") for i in range(2)] == ["39.68", "49.15"]
    assert goals.model().index(goals.model().rowCount() - 1, goals.model().column_of("weighted")).data() == "88.83"
    assert total(view) == "98.45"
    go_to(indicators, 3, "score")  # 政府采购执行率 under 目标一 (权重比例 40): 24.21 → 20.21
    with qtbot.waitSignal(goals.model().dataChanged):
        type_text(qtbot, "20.21")
        press(qtbot, Qt.Key_Return)
    assert cell(goals, 0, "weighted") == "38.08"  # 95.21 × 40 % = 38.084
    assert cell(goals, 1, "weighted") == "49.15" and total(view) == "96.85"  # 38.08 + 49.15 + 9.62
    press(qtbot, Qt.Key_Z, Qt.ControlModifier)
    assert cell(goals, 0, "weighted") == "39.68" and total(view) == "98.45"


def test_a_goal_score_is_derived_and_cannot_be_typed(window, qtbot):
    document, view, tables = opened(window, "example-dept-selfeval.evd")
    goals = tables["goals"]
    index = goals.model().index(1, goals.model().column_of("weighted"))
    assert not index.flags() & Qt.ItemFlag.ItemIsEditable
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "自动计算，不能填写"
    ratio = goals.model().index(1, goals.model().column_of("ratio"))
    assert ratio.flags() & Qt.ItemFlag.ItemIsEditable
    go_to(goals, 0, "ratio")
    type_text(qtbot, "30")
    press(qtbot, Qt.Key_Return)
    assert cell(goals, 0, "weighted") == "29.76"  # 99.21 × 30 %
    assert goals.model().index(goals.model().rowCount() - 1, goals.model().column_of("ratio")).data() == "80"


def test_the_chongqing_score_follows_its_coefficient(window, qtbot):
    document, view, tables = opened(window, "example-dept-selfeval-cq.evd")
    grid = tables["indicators"]
    assert total(view) == "97.6"
    row = next(i for i, r in enumerate(document.form.rows("indicators")) if r.get("name") == "播发稿件数量")
    assert cell(grid, row, "score") == "10"
    assert not grid.model().index(row + 1, grid.model().column_of("score")).flags() & Qt.ItemFlag.ItemIsEditable
    go_to(grid, row, "coefficient")
    type_text(qtbot, "80%")
    press(qtbot, Qt.Key_Return)
    assert cell(grid, row, "score") == "8" and total(view) == "95.6"


def test_the_blank_shows_no_goal_scores_and_no_total(window, dialogs):
    document = window.new_form("dept-selfeval-tianjin")
    view = window.current_view()
    goals = view.tables["goals"].model()
    assert total(view) == ""
    assert goals.index(goals.rowCount() - 1, goals.column_of("weighted")).data() == ""
    assert not dialogs.errors


def test_a_goal_renamed_takes_its_indicators_along_and_keeps_its_score(window, qtbot):
    document, view, tables = opened(window, "example-dept-selfeval.evd")
    goals, indicators = tables["goals"], tables["indicators"]
    go_to(goals, 1, "goal")
    type_text(qtbot, "G2")  # 目标二：提升公共阅读服务 → G2, key by key
    press(qtbot, Qt.Key_Return)
    under = [r.get("goal") for r in document.form.rows("indicators")]
    assert under == ["目标一：保障机构正常运转"] * 4 + ["G2"] * 5
    assert cell(indicators, 4, "goal") == "G2" and cell(goals, 1, "weighted") == "49.15" and total(view) == "98.45"
    assert not [p for p in document.problems if p.code.startswith("goal-")]
    press(qtbot, Qt.Key_Z, Qt.ControlModifier)  # one step back: the goal and its indicators together
    assert document.form.rows("indicators")[4].get("goal") == "目标二：提升公共阅读服务"
    assert document.form.rows("goals")[1].get("goal") == "目标二：提升公共阅读服务"
