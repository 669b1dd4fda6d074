"""Column widths the clerk drags on screen, remembered per template; the paper keeps the template's widths.

The page is one grid of the template's columns (see form_view.Paper): dragging a grid column's border
moves the boundary between two of the page's columns, so every block of the page stays lined up.
"""
from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QApplication

MIN_PIXELS = 24  # a column never narrower than this on screen


def install(window, view) -> None:
    """A new page: the clerk's widths for its template, and its grids' borders draggable."""
    saved = window.settings["column_weights"].get(view.template.id)
    if isinstance(saved, list) and len(saved) == len(view.paper.weights):
        view.paper.weights = [float(w) for w in saved]
    for grid in view.grid_views():
        grid.column_dragged.connect(lambda column, delta, g=grid: drag(view, g, column, delta))
        grid.column_drag_finished.connect(lambda: remember(window, view))


def drag(view, grid, column: int, delta: int) -> None:
    """Move the right border of the grid's `column` by `delta` pixels, taking the width from its neighbour."""
    paper = view.paper
    left = sum(grid.model().template_columns()[:column + 1]) - 1
    right = left + 1
    if right >= len(paper.weights) or not paper.unit_widths:
        return
    per_pixel = sum(paper.weights) / sum(paper.unit_widths)
    least = MIN_PIXELS * per_pixel
    change = delta * per_pixel
    change = max(least - paper.weights[left], min(paper.weights[right] - least, change))
    weights = list(paper.weights)
    weights[left] += change
    weights[right] -= change
    set_weights(paper, weights)


def set_weights(paper, weights: list[float]) -> None:
    """New proportions for the page's columns: it lays itself out again as after a resize."""
    paper.weights = weights
    paper.unit_widths = []
    QApplication.sendEvent(paper, QResizeEvent(paper.size(), paper.size()))


def remember(window, view) -> None:
    window.settings["column_weights"] = {**window.settings["column_weights"],
                                         view.template.id: [round(w, 4) for w in view.paper.weights]}
    window.settings.save()


def reset(window) -> None:
    """视图 → 还原列宽: the template's own proportions again, for this template."""
    view = window.current_view()
    if view is None:
        return
    set_weights(view.paper, [float(w) for w in view.template.columns])
    window.settings["column_weights"] = {k: v for k, v in window.settings["column_weights"].items() if k != view.template.id}
    window.settings.save()
