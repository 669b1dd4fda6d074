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
