"""The library's table: one row per form file (readable or not), sortable and filterable.

LibraryModel holds the items as the index gives them and makes a row's texts when the view first asks for
them (a list of 2,000 forms shows 30 of them at a time); it sorts by each column's value (amounts as
numbers, dates as dates), not by the text shown, and takes a refreshed list row by row: only rows whose
file changed are repainted. LibraryFilter narrows them by year, kind, grade, "has problems" and a search
over project names and all typed texts; with no filter set it accepts every row without looking.
"""
from __future__ import annotations

from contextlib import contextmanager
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
CHANGED = 11  # 修改时间: the order the list opens in, sorted on the file's time without making any row's texts
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
        self.rows: list[tuple[tuple, tuple] | None] = []  # cells() of each item, made when first needed
        self.order = (CHANGED, Qt.SortOrder.DescendingOrder)  # the latest change first

    def set_items(self, items: list[LibraryItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.rows = [None] * len(self.items)
        self._sort_rows(*self.order)
        self.endResetModel()

    def update_items(self, items: list[LibraryItem]) -> bool:
        """A refreshed list over the shown one: the same files keep their rows (selection and scrolling stay)
        and only those whose file changed are repainted; new or vanished files make a new list.
        True when anything the list shows changed."""
        fresh = {item.path: item for item in items}
        if len(fresh) != len(self.items) or any(item.path not in fresh for item in self.items):
            self.set_items(items)
            return True
        changed = []
        for row, item in enumerate(self.items):
            new = fresh[item.path]
            if new is not item and ((new.size, new.mtime_ns) != (item.size, item.mtime_ns) or new.overview != item.overview):
                changed.append(row)
                self.rows[row] = None
            self.items[row] = new  # the same file: maybe with its search texts now
        last = len(HEADERS) - 1
        for row in changed:
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))
        if changed:
            self.sort(*self.order)
        return bool(changed)

    def row_cells(self, row: int) -> tuple[tuple, tuple]:
        made = self.rows[row]
        if made is None:
            made = self.rows[row] = cells(self.items[row])
        return made

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
        if column == CHANGED:
            keys = [item.mtime_ns for item in self.items]
        else:
            keys = [self.row_cells(row)[1][column] for row in range(len(self.items))]
        ranked = sorted(range(len(keys)), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        self.items, self.rows = [self.items[i] for i in ranked], [self.rows[i] for i in ranked]

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
            return self.row_cells(row)[0][column]
        if role == SORT:
            return self.row_cells(row)[1][column]
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
        self.active = False  # any filter or search set: else every row is accepted without a look
        self.texts: dict[str, str] = {}  # path → all texts of a form, read after the list is shown

    def set_filter(self, year: str = ALL, kind: str = ALL, grade: tuple[str, ...] | str = ALL, problems_only: bool = False,
                   search: str = "") -> None:
        """`grade`: the names of one grade band (优, 优秀)."""
        words = search.lower().split()
        if (year, kind, grade, problems_only, words) == (self.year, self.kind, self.grade, self.problems_only, self.words):
            return  # the same filter: 2,000 rows are not looked at again
        with self.filter_change():
            self.year, self.kind, self.grade, self.problems_only, self.words = year, kind, grade, problems_only, words
            self.active = bool(year or kind or grade or problems_only or words)

    def refilter(self) -> None:
        """The same filter over new search texts."""
        if self.active:
            with self.filter_change():
                pass

    @contextmanager
    def filter_change(self):
        """Qt 6.9's beginFilterChange/endFilterChange; on Qt 6.8 (the arm64 package's PySide6, the newest
        whose aarch64 wheel runs on glibc 2.31) invalidateFilter, which 6.9 deprecates."""
        new_api = hasattr(self, "beginFilterChange")
        if new_api:
            self.beginFilterChange()
        yield
        if new_api:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        if not self.active:
            return True
        item = self.sourceModel().items[source_row]
        view = item.overview
        if view is None:  # a damaged file is never hidden by the filters, only by a search
            return all(w in f"{item.name}\n{item.error}".lower() for w in self.words)
        if (self.year and view.year != self.year) or (self.kind and view.kind_name != self.kind) \
                or (self.grade and view.grade not in self.grade) or (self.problems_only and not view.has_problems):
            return False
        texts = (item.texts or self.texts.get(str(item.path), "")).lower()
        return all(w in view.project_name.lower() or w in texts for w in self.words)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """The header's sort goes to the library model; this proxy keeps its order and only filters."""
        self.sourceModel().sort(column, order)

    def item(self, proxy_row: int) -> LibraryItem:
        return self.sourceModel().items[self.mapToSource(self.index(proxy_row, 0)).row()]

    def visible_items(self) -> list[LibraryItem]:
        return [self.item(row) for row in range(self.rowCount())]

    def row_of(self, path) -> int:
        """The shown row of a file, or -1."""
        items = self.sourceModel().items
        source = next((row for row, item in enumerate(items) if item.path == path), -1)
        return self.mapFromSource(self.sourceModel().index(source, 0)).row() if source >= 0 else -1
