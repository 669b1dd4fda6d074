"""Breaking a measured grid into A4 pages.

reportlab's Table cannot break a page inside a rowspan (the 绩效指标 label spans the whole indicator
table) nor inside one row, so the pages are cut here: a page takes whole rows while they fit; a row of
long text that does not fit is cut at the page foot and goes on at the top of the next page; the
indicator header row is repeated on every page of its table; a label spanning rows across a page
break is printed again on the next page, so every page reads on its own when it is signed.
"""
from __future__ import annotations

from dataclasses import dataclass

from .pdf_grid import BODY_LEADING, PAD_Y, Box, Grid

MIN_SPLIT = 3 * BODY_LEADING + 2 * PAD_Y  # cut a long row only if three lines fit above the cut
SPLIT_SHARE = 0.35  # long rows taller than this share of a page are cut rather than moved whole; shorter ones move, easier to read
HEADED = {"table-row": "table-header", "total": "table-header", "goals-text": "goals"}  # body role -> its header's


@dataclass
class Page:
    rows: list[int]  # grid row indices top to bottom; the first may be a repeated header


@dataclass
class Placed:
    """A box as it appears on one page: from page row `first` to `last`."""
    box: Box
    first: int
    last: int


def placed_boxes(grid: Grid, rows: list[int]) -> list[Placed]:
    """The boxes drawn on a page made of `rows`, each clipped to the rows it covers there."""
    if not rows:
        return []
    starts = [(r, b) for r in rows for b in grid.rows[r].boxes]
    # Spans from earlier pages: those reaching the first row, or the second when the first is a repeated header.
    carried = grid.covering(rows[0]) + (grid.covering(rows[1]) if len(rows) > 1 else [])
    seen, placed = set(), []
    for r, box in carried + starts:
        if id(box) in seen:
            continue
        seen.add(id(box))
        covered = [j for j, q in enumerate(rows) if r <= q < r + box.rowspan]
        if covered:
            placed.append(Placed(box, covered[0], covered[-1]))
    return placed


def page_heights(grid: Grid, rows: list[int], placed: list[Placed] | None = None) -> list[float]:
    """Row heights on a page: each row's own need, then spanning labels given room on their last row."""
    heights = [grid.rows[r].natural for r in rows]
    spans = [p for p in (placed if placed is not None else placed_boxes(grid, rows)) if p.last > p.first]
    for p in sorted(spans, key=lambda p: (p.last, -p.first)):
        lacking = p.box.height - sum(heights[p.first:p.last + 1])
        if lacking > 0:
            heights[p.last] += lacking
    return heights


def paginate(grid: Grid, page_height: float) -> list[Page]:
    pages: list[Page] = []
    index = 0
    while index < len(grid.rows):
        rows, index = _fill_page(grid, page_height, index)
        pages.append(Page(rows))
    return pages


def _fill_page(grid: Grid, page_height: float, index: int) -> tuple[list[int], int]:
    """Rows for the page starting at row `index`, and the index of the first row left for the next."""
    header = repeated_header(grid, index)
    rows = [] if header is None else [header]
    start = len(rows)
    while index < len(grid.rows):
        if sum(page_heights(grid, rows + [index])) <= page_height:
            rows.append(index)
            index += 1
            continue
        room = page_height - sum(page_heights(grid, rows))
        alone = len(rows) == start
        row = grid.rows[index]
        worth = alone or row.long and row.natural > SPLIT_SHARE * page_height
        if worth and room >= MIN_SPLIT and grid.split_row(index, room):
            continue  # the head now fits, or is cut again
        if alone:
            # Nothing can be cut (no text to move on): print the row whole rather than lose it.
            rows.append(index)
            index += 1
        while len(rows) - start > 1 and grid.rows[rows[-1]].keep_with_next:
            rows.pop()
            index -= 1
        break
    return rows, index


def repeated_header(grid: Grid, index: int) -> int | None:
    """The header row to print again above row `index` when a page starts there: the indicator
    header inside its table, the 预期目标 | 实际完成情况 line inside the goal texts."""
    header_role = HEADED.get(grid.rows[index].role)
    if header_role is None:
        return None
    above = index - 1
    while above >= 0 and HEADED.get(grid.rows[above].role) == header_role:
        above -= 1
    header = grid.rows[above] if above >= 0 else None
    if header is None or header.role != header_role or header_role == "table-header" and not header.repeat:
        return None
    return above
