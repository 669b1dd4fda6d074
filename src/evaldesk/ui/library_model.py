"""The library's table: one row per form file (readable or not), sortable and filterable.

LibraryModel holds the items as the index gives them; LibraryFilter narrows them by year, kind, grade,
"has problems" and a search over project names and all typed texts, and sorts by each column's value
(amounts as numbers, dates as dates), not by the text shown.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from ..domain.numbers import format_money, format_score
from ..storage.library import LibraryItem

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
FOREGROUND = Qt.ItemDataRole.ForegroundRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
ALIGN = Qt.ItemDataRole.TextAlignmentRole
SORT = Qt.ItemDataRole.UserRole + 1
ITEM = Qt.ItemDataRole.UserRole + 2
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
HEADERS = ("项目名称", "单位", "年度", "类型", "模板", "全年预算数（元）", "全年执行数（元）", "执行率", "总分", "等级",
           "问题", "修改时间", "文件")
NUMERIC = {5, 6, 7, 8}
DAMAGED_COLOR = QBrush(QColor("#a40000"))
PROBLEM_COLOR = QBrush(QColor("#fce4d6"))
ALL = ""


def cells(item: LibraryItem) -> tuple[tuple, tuple]:
    """(shown texts, sort keys) of one row."""
    changed = datetime.fromtimestamp(item.mtime_ns / 1e9)
    view = item.overview
    if view is None:
        shown = ("（无法读取）", "", "", "", "", "", "", "", "", "", item.error, f"{changed:%Y-%m-%d %H:%M}", item.name)
        return shown, (*shown[:5], -1.0, -1.0, -1.0, -1.0, "", 10 ** 9, item.mtime_ns, item.name)  # unreadable: most problems
    shown = (view.project_name or "（未填项目名称）", view.unit, view.year, view.kind_name, view.template_name,
             format_money(view.annual_budget), format_money(view.executed), view.execution_rate_text,
             format_score(view.total_score), view.grade, view.problem_text, f"{changed:%Y-%m-%d %H:%M}", item.name)
    number = lambda v: float(v) if isinstance(v, Decimal) else -1.0  # noqa: E731 - blanks sort first
    keys = (*shown[:5], number(view.annual_budget), number(view.executed), number(view.printed_rate),
            number(view.total_score), view.grade, sum(view.problems.get(s, 0) * w for s, w in (("error", 10000), ("warning", 100), ("info", 1))),
            item.mtime_ns, item.name)
    return shown, keys


class LibraryModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.items: list[LibraryItem] = []
        self.rows: list[tuple[tuple, tuple]] = []
        self.order = (11, Qt.SortOrder.DescendingOrder)  # the latest change first

    def set_items(self, items: list[LibraryItem], rows: list[tuple[tuple, tuple]] | None = None) -> None:
        """`rows` (cells() of each item) may come ready-made from the loader thread."""
        self.beginResetModel()
        self.items = list(items)
        self.rows = rows if rows is not None else [cells(item) for item in self.items]
        self._sort_rows(*self.order)
        self.endResetModel()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here, in one Python sort over precomputed keys: a proxy comparing rows through data()
        would cost thousands of calls into Python for an archive of 2,000 forms."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        kept = [(self.items[index.row()], index.column()) for index in persistent]
        self._sort_rows(column, order)
        position = {id(item): row for row, item in enumerate(self.items)}
        self.changePersistentIndexList(persistent, [self.index(position[id(item)], column) for item, column in kept])
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order) -> None:
        self.order = (column, order)
        if not 0 <= column < len(HEADERS):
            return
        paired = sorted(zip(self.rows, self.items), key=lambda pair: pair[0][1][column],
                        reverse=order == Qt.SortOrder.DescendingOrder)
        self.rows, self.items = [p[0] for p in paired], [p[1] for p in paired]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=DISPLAY):
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index, role=DISPLAY):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == DISPLAY:
            return self.rows[row][0][column]
        if role == SORT:
            return self.rows[row][1][column]
        item = self.items[row]
        if role == ITEM:
            return item
        if role == TOOLTIP:
            return self._tooltip(item)
        if role == FOREGROUND and item.overview is None:
            return DAMAGED_COLOR
        if role == BACKGROUND and item.overview is not None and item.overview.has_problems:
            return PROBLEM_COLOR
        if role == ALIGN and column in NUMERIC:
            return RIGHT
        return None

    @staticmethod
    def _tooltip(item: LibraryItem) -> str:
        if item.overview is None:
            return f"{item.path}\n无法读取：{item.error}"
        messages = "\n".join(f"• {m}" for m in item.overview.problem_messages[:10])
        return f"{item.path}" + (f"\n{messages}" if messages else "")


class LibraryFilter(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.year = self.kind = self.grade = ALL
        self.problems_only = False
        self.words: list[str] = []

    def set_filter(self, year: str = ALL, kind: str = ALL, grade: str = ALL, problems_only: bool = False,
                   search: str = "") -> None:
        self.beginFilterChange()
        self.year, self.kind, self.grade, self.problems_only = year, kind, grade, problems_only
        self.words = search.lower().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        item = self.sourceModel().items[source_row]
        view = item.overview
        if view is None:  # a damaged file is never hidden by the filters, only by a search
            return all(w in f"{item.name}\n{item.error}".lower() for w in self.words)
        if (self.year and view.year != self.year) or (self.kind and view.kind_name != self.kind) \
                or (self.grade and view.grade != self.grade) or (self.problems_only and not view.has_problems):
            return False
        return all(w in view.project_name.lower() or w in item.texts.lower() for w in self.words)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """The header's sort goes to the library model; this proxy keeps its order and only filters."""
        self.sourceModel().sort(column, order)

    def item(self, proxy_row: int) -> LibraryItem:
        return self.sourceModel().items[self.mapToSource(self.index(proxy_row, 0)).row()]

    def visible_items(self) -> list[LibraryItem]:
        return [self.item(row) for row in range(self.rowCount())]
