"""A new form to fill by hand shows on screen what its paper shows: no 投入与管理 (0分), no 总分 10."""
import io

import pytest
from PySide6.QtCore import Qt
from pypdf import PdfReader

from evaldesk.domain.sheet import LABEL, build_sheet
from evaldesk.export.pdf import write_pdf
from evaldesk.ui.main_window import status_text

from grid_cells import go_to
from ui_keys import press, type_text


def screen_texts(grid):
    """Category labels and the total row's texts, as the grid shows them."""
    model = grid.model()
    labels = {model.index(r, c).data() for r in range(1, model.rowCount() - 1) for c in model._level1}
    total = [model.index(model.rowCount() - 1, c).data() for c in range(model.columnCount())]
    return labels, total


def paper_texts(document, key):
    sheet = build_sheet(document.form, document.figures)
    rows = [row for row in sheet.rows if row.role in ("table-row", "total")]
    labels = {c.text for row in rows if row.role == "table-row" for c in row.cells if c.kind == LABEL and "(" in c.text}
    total = [c.text for row in rows if row.role == "total" for c in row.cells]
    return labels, total


@pytest.mark.parametrize("template_id", ["selfeval-national", "selfassess-shanghai", "selfeval-sast-2020"])
def test_a_new_blank_form_shows_blank_weights_and_totals_as_its_paper_does(window, template_id):
    document = window.new_form(template_id)
    grid = window.current_view().tables["indicators"]
    labels, total = screen_texts(grid)
    paper_labels, paper_total = paper_texts(document, "indicators")
    assert labels and not any("0分" in label or "0 分" in label for label in labels)
    assert {label for label in labels if "(" in label} == paper_labels  # 投入与管理 (    分): room to write by hand
    assert [t for t in total if t] == [t for t in paper_total if t] == [grid.model().spec.total_label]
    assert "分值合计 —" in status_text(document)
    buffer = io.BytesIO()
    write_pdf([document.form], buffer)
    printed = "".join(page.extract_text() for page in PdfReader(buffer).pages)
    flat = printed.replace(" ", "").replace("\u00a0", "")
    assert "(0分)" not in flat and "（0分）" not in flat


def test_the_first_typed_weight_brings_the_figures_back_on_screen_and_paper_alike(window, qtbot):
    document = window.new_form("selfassess-shanghai")
    grid = window.current_view().tables["indicators"]
    go_to(grid, 0, grid.model().spec.key_of("weight"))
    type_text(qtbot, "20")
    press(qtbot, Qt.Key_Return)
    labels, total = screen_texts(grid)
    paper_labels, paper_total = paper_texts(document, "indicators")
    assert "投入与管理 (20分)" in labels and labels >= paper_labels
    assert [t for t in total if t] == [t for t in paper_total if t] and "20" in total
    assert "分值合计 20" in status_text(document)
    document.undo_stack.undo()  # blank again: blank again on screen
    labels, total = screen_texts(grid)
    assert not any("20分" in label or "0分" in label for label in labels) and "20" not in total
