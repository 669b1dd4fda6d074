"""Zoom of the form on screen, 50 % to 200 % (Ctrl+wheel, Ctrl+= / Ctrl+-, Ctrl+0), remembered between runs.

Every widget of the page keeps its own font at 100 % (labels are bold, titles larger) and is scaled from
that; the paper's width limits scale with it, so the columns keep their proportions. Printing and
export never see the zoom.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QWidget

from .form_view import PAPER_MAX_WIDTH, PAPER_MIN_WIDTH

STEPS = (50, 67, 75, 80, 90, 100, 110, 125, 150, 175, 200)
BASE = "evaldesk_base_point_size"


def clamp(percent: int) -> int:
    return max(STEPS[0], min(STEPS[-1], int(percent)))


def step(percent: int, direction: int) -> int:
    """The next step up or down from `percent` (which may lie between steps)."""
    if direction > 0:
        return next((s for s in STEPS if s > percent), STEPS[-1])
    return next((s for s in reversed(STEPS) if s < percent), STEPS[0])


def apply(view, percent: int) -> None:
    """Show one form's page at `percent` of its size."""
    factor = clamp(percent) / 100
    paper = view.paper
    widgets = [paper, *paper.findChildren(QWidget)]
    for widget in widgets:  # every base first: a parent's new font would otherwise reach its children's
        if widget.property(BASE) is None:
            widget.setProperty(BASE, widget.font().pointSizeF())
    for widget in widgets:
        font = widget.font()
        font.setPointSizeF(widget.property(BASE) * factor)
        widget.setFont(font)
    paper.setMinimumWidth(round(PAPER_MIN_WIDTH * factor))
    paper.setMaximumWidth(round(PAPER_MAX_WIDTH * factor))
    for grid in view.grid_views():
        model = grid.model()  # the bold labels' font is the model's own
        if getattr(model, BASE, None) is None:
            setattr(model, BASE, model.label_font.pointSizeF())
        model.label_font.setPointSizeF(getattr(model, BASE) * factor)
        grid.heights.forget()
        grid.schedule_layout(None)
    view.zoom = clamp(percent)


class CtrlWheel(QObject):
    """Ctrl+wheel over the page zooms, as in Excel and WPS; the wheel alone scrolls."""

    def __init__(self, window, parent) -> None:
        super().__init__(parent)
        self.window = window

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Wheel and event.modifiers() & Qt.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                set_zoom(self.window, step(self.window.settings["zoom"], 1 if delta > 0 else -1))
            return True
        return False


def install(window, view) -> None:
    """A new page: at the remembered zoom, listening for Ctrl+wheel."""
    view.viewport().installEventFilter(CtrlWheel(window, view))
    if clamp(window.settings["zoom"]) != 100:
        apply(view, window.settings["zoom"])


def set_zoom(window, percent: int) -> None:
    percent = clamp(percent)
    window.settings["zoom"] = percent
    for index in range(window.tabs.count()):
        apply(window.tabs.widget(index), percent)
    window.zoom_label.setText(f"{percent}%")
    window.settings.save()
