"""Zoom in the real window: keys and Ctrl+wheel, 50 % to 200 %, remembered for the next start."""
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from ui_keys import press

SEED = "selfeval-2021-newenergy.evd"


def ctrl_wheel(view, steps: int) -> None:
    viewport = view.viewport()
    centre = QPointF(viewport.rect().center())
    event = QWheelEvent(centre, QPointF(viewport.mapToGlobal(centre.toPoint())), QPoint(), QPoint(0, 120 * steps),
                        Qt.NoButton, Qt.ControlModifier, Qt.NoScrollPhase, False)
    QApplication.sendEvent(viewport, event)


def row_height(window) -> int:
    grid = window.current_view().tables["indicators"]
    QApplication.processEvents()
    return grid.rowHeight(2)


def test_ctrl_plus_minus_and_wheel_zoom_the_page_between_50_and_200(window, form_copy, qtbot):
    window.open_path(form_copy(SEED))
    view = window.current_view()
    name = view.fields["project_name"][0]
    size, height, width = name.font().pointSizeF(), row_height(window), view.paper.maximumWidth()
    press(qtbot, Qt.Key_Equal, Qt.ControlModifier)
    press(qtbot, Qt.Key_Equal, Qt.ControlModifier)
    assert window.zoom_label.text() == "125%" and window.settings["zoom"] == 125
    assert name.font().pointSizeF() == size * 1.25 and view.paper.maximumWidth() == round(width * 1.25)
    assert row_height(window) > height
    ctrl_wheel(view, -1)
    assert window.zoom_label.text() == "110%"
    for _ in range(12):
        press(qtbot, Qt.Key_Minus, Qt.ControlModifier)
    assert window.zoom_label.text() == "50%" and name.font().pointSizeF() == size * 0.5
    assert row_height(window) < height
    ctrl_wheel(view, 20)
    ctrl_wheel(view, 20)
    assert window.zoom_label.text() == "75%"  # one wheel event, one step: 50 → 67 → 75
    press(qtbot, Qt.Key_0, Qt.ControlModifier)
    assert window.zoom_label.text() == "100%" and name.font().pointSizeF() == size and row_height(window) == height


def test_the_zoom_is_remembered_for_the_next_start(make_window, form_copy, qtbot):
    first = make_window()
    for _ in range(2):
        press(qtbot, Qt.Key_Equal, Qt.ControlModifier)
    assert first.zoom_label.text() == "125%"
    first.close()
    second = make_window()
    assert second.zoom_label.text() == "125%"
    second.open_path(form_copy(SEED))
    grid = second.current_view().tables["indicators"]
    assert grid.font().pointSizeF() == grid.model().label_font.pointSizeF() == QApplication.font().pointSizeF() * 1.25
