"""A self-evaluation made from a declaration, in the real window: every indicator's 年度指标值 shows the
target as declared beside it (a small line under it), and a target the clerk changes is pointed out
(amber line, corner mark, tooltip), on screen only: the printed sheet has the template's columns alone."""
from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from evaldesk.export.xlsx import write_xlsx
from evaldesk.ui import look
from evaldesk.ui.declared_targets import DeclaredTargetDelegate
from evaldesk.ui.table_model import DECLARED

from grid_cells import at, cell, go_to, opened
from ui_keys import press, type_text

DECLARATIONS = (("declaration-2018-sast-01.evd", "selfeval-national"), ("declaration-2018-sast-02.evd", "selfeval-sast-2020"))


def made_from(window, dialogs, form_copy, declaration: str, template: str):
    """The self-evaluation the clerk gets from 文件 → 生成自评表 on the opened declaration, and its grid."""
    window.open_path(form_copy(declaration))
    dialogs.templates.append(template)
    window.actions_by_name["self_evaluation"].trigger()
    grid = window.current_view().tables["indicators"]
    grid.refresh_layout()
    return window.current_document(), grid


def declared_in_file(path) -> dict[str, str]:
    """Indicator name → target, read straight from the declaration's file (not through the app)."""
    rows = json.loads(path.read_text(encoding="utf-8"))["tables"]["goals"]
    return {r["name"].strip(): r.get("target", "") for r in rows if r.get("name", "").strip()}


def shown_declared(grid) -> dict[str, str]:
    model = grid.model()
    rows = range(1, 1 + len(model.rows))
    return {at(grid, r - 1, "name").data(): model.index(r, model.declared_column).data(DECLARED)
            for r in rows if at(grid, r - 1, "name").data()}


def colours(grid, row: int) -> set[tuple[int, int, int]]:
    image = grid.viewport().grab(grid.visualRect(at(grid, row, "target"))).toImage()
    return {QColor(image.pixel(x, y)).getRgb()[:3] for x in range(image.width()) for y in range(image.height())}


def near(found: set, colour: QColor, tolerance: int = 40) -> bool:
    want = colour.getRgb()[:3]
    return any(sum(abs(a - b) for a, b in zip(c, want)) <= tolerance for c in found)


@pytest.mark.parametrize("declaration,template", DECLARATIONS)
def test_every_indicator_shows_its_declared_target_beside_the_current_one(window, dialogs, form_copy, declaration, template):
    document, grid = made_from(window, dialogs, form_copy, declaration, template)
    model = grid.model()
    assert isinstance(grid.itemDelegateForColumn(model.declared_column), DeclaredTargetDelegate)
    assert model.column_spec(model.declared_column).key == "target"
    expected = declared_in_file(form_copy(declaration))
    assert shown_declared(grid) == expected and len(expected) >= 9
    for row, form_row in enumerate(document.form.rows("indicators")):
        if not form_row.get("name"):
            continue
        assert cell(grid, row, "target") == expected[form_row.get("name")]  # the current target, as declared
        found = colours(grid, row)
        assert near(found, look.DECLARED_SAME) and not near(found, look.DECLARED_CHANGED)  # quiet: unchanged
        two_lines = 2 * grid.fontMetrics().height()
        assert grid.rowHeight(row + 1) >= two_lines  # room for the target and the declared line under it
    assert "申报值" in model.index(0, model.declared_column).data(Qt.ToolTipRole)


def test_a_changed_target_is_marked_and_the_declared_one_stays_beside_it(window, dialogs, form_copy, qtbot):
    document, grid = made_from(window, dialogs, form_copy, *DECLARATIONS[0])
    row = next(i for i, r in enumerate(document.form.rows("indicators")) if r.get("target") == "80")
    other = next(i for i, r in enumerate(document.form.rows("indicators")) if r.get("target") == "100%")
    go_to(grid, row, "target")
    type_text(qtbot, "90")
    press(qtbot, Qt.Key_Return)
    grid.refresh_layout()
    assert cell(grid, row, "target") == "90" and cell(grid, row, "target", DECLARED) == "80"
    assert near(colours(grid, row), look.DECLARED_CHANGED)
    assert not near(colours(grid, other), look.DECLARED_CHANGED)
    tip = cell(grid, row, "target", Qt.ToolTipRole)
    assert "“90”与申报时的“80”不同" in tip
    assert "与申报表一致" in cell(grid, other, "target", Qt.ToolTipRole)
    press(qtbot, Qt.Key_Z, Qt.ControlModifier)  # undone: quiet again
    assert cell(grid, row, "target") == "80" and not near(colours(grid, row), look.DECLARED_CHANGED)


def test_the_declared_line_survives_reopening_and_is_not_printed(window, dialogs, form_copy, tmp_path, qtbot):
    document, grid = made_from(window, dialogs, form_copy, *DECLARATIONS[1])
    row = next(i for i, r in enumerate(document.form.rows("indicators")) if r.get("target") == "100")
    go_to(grid, row, "target")
    type_text(qtbot, "120")
    press(qtbot, Qt.Key_Return)
    path = tmp_path / "自评.evd"
    dialogs.save_paths.append(path)
    window.actions_by_name["save"].trigger()
    for index in reversed(range(window.tabs.count())):
        assert window.close_tab(index)
    reopened = window.open_path(path)
    grid = window.current_view().tables["indicators"]
    grid.refresh_layout()
    assert cell(grid, row, "target") == "120" and cell(grid, row, "target", DECLARED) == "100"
    assert near(colours(grid, row), look.DECLARED_CHANGED)
    stream = io.BytesIO()
    write_xlsx([reopened.form], stream)
    sheet = load_workbook(io.BytesIO(stream.getvalue())).active
    texts = [str(c.value) for r in sheet.iter_rows() for c in r if c.value is not None]
    assert "120" in texts and not any("申报值" in t for t in texts)


def test_the_grid_of_a_form_made_from_a_declaration_passes_the_qt_model_tester(window, dialogs, form_copy, qtmodeltester):
    _, grid = made_from(window, dialogs, form_copy, *DECLARATIONS[0])
    qtmodeltester.check(grid.model())


def test_a_form_not_made_from_a_declaration_has_no_declared_line(window, form_copy):
    _, _, grid = opened(window, form_copy)
    model = grid.model()
    assert model.declared_column == -1
    assert not any(isinstance(grid.itemDelegateForColumn(c), DeclaredTargetDelegate) for c in range(model.columnCount()))
    assert cell(grid, 0, "target", DECLARED) is None
