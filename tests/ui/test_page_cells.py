"""The printed table on screen: every cell fills its place on the page, so the grid colour shows only as the
1 px lines between cells, never as a band above and below a field that is shorter than its row."""
import pytest
from PySide6.QtWidgets import QApplication


@pytest.mark.parametrize("name", ["selfassess-2019-stec-01.evd", "selfeval-2021-newenergy.evd",
                                  "declaration-2018-sast-01.evd"])
def test_the_cells_of_a_row_of_the_page_are_all_as_tall_as_the_row(window, form_copy, qtbot, name):
    window.open_path(form_copy(name))  # 2019: two-line labels make rows taller than a one-line field
    window.show()
    qtbot.waitExposed(window)
    view = window.current_view()
    qtbot.waitUntil(lambda: bool(view.paper.unit_widths))
    QApplication.processEvents()
    rows: dict[int, list] = {}
    for widget in view.paper.bordered:
        row, _, span, _ = view.grid.getItemPosition(view.grid.indexOf(widget))
        if span == 1 and widget.isVisible():
            rows.setdefault(row, []).append(widget)
    uneven = {row: [(w.objectName() or type(w).__name__, w.y(), w.height()) for w in cells]
              for row, cells in rows.items() if len({(w.y(), w.height()) for w in cells}) > 1}
    assert len(rows) > 3 and uneven == {}


def _grid_line_colours(grid) -> set[str]:
    """The colours of the grid's vertical lines, halfway down each row below the header."""
    image = grid.grab().toImage()
    colours = set()
    for row in range(1, grid.model().rowCount()):
        y = grid.rowViewportPosition(row) + grid.rowHeight(row) // 2
        for column in range(grid.model().columnCount() - 1):
            if grid.columnSpan(row, column) == 1:
                x = grid.columnViewportPosition(column) + grid.columnWidth(column) - 1  # Qt's line: a cell's last px
                colours.add(image.pixelColor(x, y).name())
    return colours


@pytest.mark.parametrize("fusion", [True, False])
def test_the_grids_lines_are_the_papers_grid_colour_with_and_without_a_style_sheet(window, form_copy, qtbot,
                                                                                    monkeypatch, fusion):
    """On Linux the window's style is Fusion, which draws a table's grid from its palette: no style sheet (it made
    every cell paint slower). Elsewhere a style sheet gives the colour: either way, the paper's grid colour."""
    from evaldesk.ui import look

    monkeypatch.setattr(look, "FUSION", fusion)
    window.open_path(form_copy("selfeval-2021-newenergy.evd"))
    view = window.current_view()
    qtbot.waitUntil(lambda: bool(view.paper.unit_widths))
    QApplication.processEvents()
    for grid in view.grid_views():
        assert (grid.styleSheet() == "") is fusion
        assert _grid_line_colours(grid) == {look.GRID}


def test_a_cell_editor_has_the_windows_own_colours_not_the_grids(window, form_copy, qtbot):
    from PySide6.QtGui import QPalette

    from grid_cells import go_to, opened

    _document, _view, grid = opened(window, form_copy)
    go_to(grid, 0, "name")
    grid.edit(grid.currentIndex())
    editor = QApplication.focusWidget()
    assert editor is not grid and editor.parent() is grid.viewport()
    for role in (QPalette.Window, QPalette.Highlight, QPalette.HighlightedText):  # its frame, its selected text
        assert editor.palette().color(role) == QApplication.palette().color(role)
    assert grid.palette().color(QPalette.Window) != QApplication.palette().color(QPalette.Window)


def test_the_window_is_drawn_in_fusion_on_linux_whatever_the_desktop_asks(tmp_path):
    import os
    import subprocess
    import sys

    if not sys.platform.startswith("linux"):
        pytest.skip("Fusion is asked for on Linux only")
    code = "from evaldesk.ui.app import make_application; print(make_application().style().name())"
    env = dict(os.environ, QT_STYLE_OVERRIDE="Windows", QT_QPA_PLATFORM="offscreen", EVALDESK_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.split()[-1] == "fusion", done.stderr
