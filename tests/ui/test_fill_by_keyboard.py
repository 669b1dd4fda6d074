"""The headline: a clerk fills the 2021 seed form from scratch with the keyboard only, and sees 87.16."""
from PySide6.QtCore import Qt

from evaldesk.storage.evd import load_form

from ui_keys import focused, press, type_text

SEED = "selfeval-2021-newenergy.evd"
COLUMNS = ("name", "target", "actual", "weight", "score", "deviation")


def status(window) -> str:
    return window.figures_label.text()


def grid_cell(view, row: int, key: str) -> str:
    model = view.model()
    return model.index(row + 1, model.column_of(key)).data()


def tab_to_column(qtbot, view, key: str, limit: int = 4) -> None:
    """Press Tab until the cursor reaches this column of the next row, as a clerk would."""
    column = view.model().column_of(key)
    for _ in range(limit):
        if focused() is view and view.currentIndex().column() == column:
            return
        press(qtbot, Qt.Key_Tab)
    assert view.currentIndex().column() == column


def shape_indicator_rows(qtbot, view) -> None:
    """From the template's nine default rows to the seed's seven, with Ctrl+Enter and Ctrl+Delete."""
    press(qtbot, Qt.Key_Right, times=2)  # 一级 → 二级 → 三级 of the 数量指标 row
    press(qtbot, Qt.Key_Down)  # 质量指标
    press(qtbot, Qt.Key_Return, Qt.ControlModifier)  # a second 质量指标 row below
    press(qtbot, Qt.Key_Down, times=2)  # 成本指标
    press(qtbot, Qt.Key_Delete, Qt.ControlModifier)  # 成本指标 gone, cursor on 经济效益指标
    press(qtbot, Qt.Key_Delete, Qt.ControlModifier)  # 经济效益指标 gone, cursor on 社会效益指标
    press(qtbot, Qt.Key_Down)  # 生态效益指标
    press(qtbot, Qt.Key_Delete, Qt.ControlModifier)
    press(qtbot, Qt.Key_Up, times=5)  # back to the first row


def test_clerk_fills_the_2021_form_with_the_keyboard_and_sees_87_16(window, dialogs, registry, fixture_path, tmp_path, qtbot):
    seed = load_form(fixture_path(SEED), registry)
    dialogs.templates.append("selfeval-national-roundup")
    press(qtbot, Qt.Key_N, Qt.ControlModifier)
    document = window.current_document()
    assert document is not None and document.form.template.id == "selfeval-national-roundup"
    view = window.current_view()

    for key in ("year", "project_name", "department", "implementer"):
        type_text(qtbot, seed.text(key))
        press(qtbot, Qt.Key_Tab)
    assert focused() is view.funds_view
    for row in ("total", "appropriation", "carryover", "other"):
        for column in ("initial", "annual", "executed"):
            type_text(qtbot, seed.fund(row, column))
            press(qtbot, Qt.Key_Tab)
    assert "执行率 35.77%" in status(window)  # this template prints the rate rounded up, as the seed does
    for key in ("goal_expected", "goal_actual"):
        type_text(qtbot, seed.text(key))
        press(qtbot, Qt.Key_Tab)

    grid = view.tables["indicators"]
    assert focused() is grid
    shape_indicator_rows(qtbot, grid)
    levels = [(r.get("level1"), r.get("level2")) for r in document.form.rows("indicators")]
    assert levels == [(r.get("level1"), r.get("level2")) for r in seed.rows("indicators")]

    rows = seed.rows("indicators")
    for index, row in enumerate(rows):
        tab_to_column(qtbot, grid, "name")
        assert grid.model().form_row(grid.currentIndex().row()) == index
        for key in COLUMNS:
            text = row.get(key)
            last_score = index == len(rows) - 1 and key == "score"
            if last_score:
                type_text(qtbot, text[:-1])
                assert "得分合计 78.16" in status(window)
                type_text(qtbot, text[-1])
                # The last keystroke, the editor still open: the total and the grade are there at once.
                assert "得分合计 87.16" in status(window) and "等级 良" in status(window)
                assert grid_cell(grid, len(rows), "score") == "87.16"
            else:
                type_text(qtbot, text)
            press(qtbot, Qt.Key_Tab)

    assert grid_cell(grid, 0, "level1") == "产出指标"
    assert document.form.same_content(seed)
    target = tmp_path / "新能源产业推进.evd"
    dialogs.save_paths.append(target)
    press(qtbot, Qt.Key_S, Qt.ControlModifier)
    assert not document.modified and target.exists()
    assert load_form(target, registry).same_content(seed)
