"""The library: every form in the clerk's folders, beside the start page.

The list is filled off the window's thread (LibraryLoader): first what the index already holds (one
read, before any file is looked at), then the folders are checked and new or changed files read, and
only the rows of changed files are brought up to date; last the texts for the search are read. The
window never waits for the disk, and a row's texts are made only when it is shown.
"""
from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from ..domain.summary import grade_bands
from ..storage.library import LibraryIndex, LibraryItem, Scan
from .library_model import ALL, LibraryFilter, LibraryModel

SEARCH_DELAY_MS = 200
PAINT = QEvent.Type.Paint
HAND_OVER_WAIT_S = 1.0  # the loader waits so long at most for the window to have shown what it sent


class LibraryLoader(QThread):
    cached = Signal(object)  # list[LibraryItem]: what the index holds, before the disk is looked at
    progress = Signal(int, int)
    scanned = Signal(object)  # Scan
    texts = Signal(object)  # dict: path → the search texts of the scan's items
    failed = Signal(str)

    def __init__(self, registry, folders: list[Path], parent=None) -> None:
        super().__init__(parent)
        self.registry, self.folders = registry, folders
        self.shown = threading.Event()  # set by the window once it has shown what was sent

    def run(self) -> None:
        try:
            index = LibraryIndex(self.registry)
            self._hand_over(self.cached, index.cached(self.folders))
            scan = index.scan(self.folders, lambda done, total: self.progress.emit(done, total),
                              self.isInterruptionRequested)
            if not self.isInterruptionRequested():
                self._hand_over(self.scanned, scan)
                self.texts.emit(index.search_texts(scan.items))
        except Exception as error:  # never a silent empty list: the clerk is told  # noqa: BLE001
            self.failed.emit(f"{type(error).__name__}: {error}")

    def _hand_over(self, signal, value) -> None:
        """Send, and let the window show it before going on. Python work here while the window paints would
        make each of its data() calls wait for the interpreter (the GIL's 5 ms switch interval), hundreds of
        calls a paint: the list would appear late and the window stall."""
        self.shown.clear()
        signal.emit(value)
        self.shown.wait(HAND_OVER_WAIT_S)


class LibraryView(QWidget):
    open_path = Signal(object)  # Path
    new_form = Signal()
    self_evaluation = Signal(object)  # LibraryItem of a declaration
    next_year = Signal(object)  # LibraryItem
    summary = Signal(object)  # list[LibraryItem] shown
    add_folder = Signal()
    remove_folder = Signal()

    def __init__(self, registry, folders: list[Path], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("library")
        self.registry, self.folders = registry, list(folders)
        self.loader: LibraryLoader | None = None
        self.again = self.loading = False
        self.last_scan: Scan | None = None
        self.texts_ready = False
        self.awaiting_paint = False
        self.model = LibraryModel(self)
        self.proxy = LibraryFilter(self)
        self.proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        layout.addLayout(self._folder_bar())
        layout.addLayout(self._filter_bar())
        self.table = self._table()
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setObjectName("library_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.apply_filter)
        self._show_folders()

    # ------------------------------------------------------------------ building
    def _button(self, layout, text: str, signal_or_slot, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: signal_or_slot())
        layout.addWidget(button)
        return button

    def _folder_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        title = QLabel("表单库")
        title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        bar.addWidget(title)
        self.folder_label = QLabel()
        self.folder_label.setObjectName("library_folders")
        bar.addWidget(self.folder_label, 1)
        self._button(bar, "添加文件夹…", self.add_folder.emit, "library_add_folder")
        self._button(bar, "移除文件夹", self.remove_folder.emit, "library_remove_folder")
        self._button(bar, "刷新", self.refresh, "library_refresh")
        return bar

    def _filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.year, self.kind, self.grade = (self._combo(bar, label) for label in ("年度", "类型", "等级"))
        self.problems_only = QCheckBox("只看有问题的")
        self.problems_only.toggled.connect(self.apply_filter)
        bar.addWidget(self.problems_only)
        self.search = QLineEdit()
        self.search.setObjectName("library_search")
        self.search.setPlaceholderText("搜索项目名称和表中全部文字…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.search_timer.start())
        bar.addWidget(self.search, 1)
        self._button(bar, "打开", self.open_current, "library_open")
        self._button(bar, "新建…", self.new_form.emit, "library_new")
        self.self_evaluation_button = self._button(bar, "生成自评表…", lambda: self._emit_current(self.self_evaluation),
                                                   "library_self_evaluation")
        self._button(bar, "下一年度草稿", lambda: self._emit_current(self.next_year), "library_next_year")
        self._button(bar, "汇总…", lambda: self.summary.emit(self.proxy.visible_items()), "library_summary")
        return bar

    def _combo(self, bar: QHBoxLayout, label: str) -> QComboBox:
        bar.addWidget(QLabel(label))
        combo = QComboBox()
        combo.setObjectName(f"library_{label}")
        combo.setMinimumContentsLength(6)
        combo.addItem("全部", ALL)
        combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        bar.addWidget(combo)
        return combo

    def _table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("library_table")
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(11, Qt.SortOrder.DescendingOrder)  # the latest change first
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((260, 200, 50, 70, 200, 120, 120, 70, 50, 50, 110, 120)):
            table.setColumnWidth(column, width)
        table.viewport().installEventFilter(self)
        table.activated.connect(lambda _index: self.open_current())
        table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        return table

    # ------------------------------------------------------------------ loading
    def set_folders(self, folders: list[Path]) -> None:
        self.folders = list(folders)
        self._show_folders()
        self.refresh()

    def _show_folders(self) -> None:
        self.folder_label.setText("；".join(str(f) for f in self.folders) or "（尚未选择文件夹）")

    def refresh(self) -> None:
        """Fill the list from the index at once, then bring it up to date from the folders."""
        if self.is_loading():
            self.again = True  # once this round is done: the folders may have changed meanwhile
            return
        self.again = False
        self.status.setText("正在读取表单…")
        self.loader = LibraryLoader(self.registry, self.folders, self)
        self.loader.cached.connect(self._show_items)
        self.loader.progress.connect(lambda done, total: self.status.setText(f"正在读取表单 {done}/{total}…"))
        self.loader.scanned.connect(self._scanned)
        self.loader.texts.connect(self._texts_read)
        self.loader.failed.connect(lambda text: self.status.setText(f"表单库未能读取：{text}"))
        self.loader.finished.connect(self._finished)
        self.loading = True
        self.texts_ready = False
        self.loader.start()

    def _finished(self) -> None:
        self.loading = False
        if self.again:
            self.refresh()

    def is_loading(self) -> bool:
        return self.loading

    def _show_items(self, items: list[LibraryItem]) -> None:
        """A list from the loader: the same files keep their rows; only what changed is redrawn."""
        current = self.current_item()
        changed = self.model.update_items(items)
        if changed:
            self._fill_choices()
            self.apply_filter()
            if current is not None:
                self.select_path(current.path)
        self.awaiting_paint = changed and self.table.isVisible()
        if not self.awaiting_paint:
            self.loader.shown.set()

    def eventFilter(self, watched, event) -> bool:
        """The list's first paint after new rows: the loader may go on (see LibraryLoader._hand_over)."""
        if self.awaiting_paint and event.type() == PAINT and watched is self.table.viewport():
            self.awaiting_paint = False
            QTimer.singleShot(0, self.loader.shown.set)  # once this paint is done
        return False

    def _scanned(self, scan: Scan) -> None:
        self.last_scan = scan
        self._show_items(scan.items)
        self._update_status()

    def _texts_read(self, texts: dict[str, str]) -> None:
        self.proxy.texts = texts  # nothing shown changes: no row is touched
        self.texts_ready = True
        self.proxy.refilter()
        self._update_status()

    def _fill_choices(self) -> None:
        """The years, kinds and grades the listed forms have; 优 and 优秀 are one grade, as in the 汇总表."""
        views = [i.overview for i in self.model.items if i.overview is not None]
        grades = [(label, tuple(names)) for label, names in grade_bands(views)]
        for combo, values in ((self.year, [(y, y) for y in sorted({v.year for v in views if v.year}, reverse=True)]),
                              (self.kind, [(k, k) for k in sorted({v.kind_name for v in views})]),
                              (self.grade, grades)):
            chosen = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("全部", ALL)
            for text, value in values:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findText(chosen)))
            combo.blockSignals(False)

    # ------------------------------------------------------------------ filtering, status
    def apply_filter(self) -> None:
        self.proxy.set_filter(self.year.currentData() or ALL, self.kind.currentData() or ALL,
                              self.grade.currentData() or ALL, self.problems_only.isChecked(), self.search.text())
        self._update_status()
        self._update_buttons()

    def _update_status(self) -> None:
        if self.is_loading() and self.last_scan is None:
            return
        items = self.model.items
        damaged = sum(1 for i in items if i.overview is None)
        missing = self.last_scan.folders_missing if self.last_scan else []
        parts = [f"共 {len(items) - damaged} 份表单", f"显示 {self.proxy.rowCount()} 行"]
        if damaged:
            parts.append(f"{damaged} 个文件无法读取（红字，悬停可见原因）")
        if missing:
            parts.append("找不到文件夹：" + "、".join(str(m) for m in missing))
        if self.proxy.words and not self.texts_ready:
            parts.append("正在读取全文，暂时只搜索项目名称")
        if not items and not missing:
            parts = ["文件夹中还没有表单。新建的表单保存在这里后会列在此处。"]
        self.status.setText("；".join(parts))

    def current_item(self) -> LibraryItem | None:
        index = self.table.currentIndex()
        return self.proxy.item(index.row()) if index.isValid() else None

    def select_path(self, path: Path) -> None:
        row = self.proxy.row_of(path)
        if row >= 0:
            self.table.selectRow(row)

    def _update_buttons(self) -> None:
        item = self.current_item()
        self.self_evaluation_button.setEnabled(item is not None and item.overview is not None
                                               and item.overview.kind == "declaration")

    def open_current(self) -> None:
        item = self.current_item()
        if item is not None:
            self.open_path.emit(item.path)

    def _emit_current(self, signal) -> None:
        item = self.current_item()
        if item is not None and item.overview is not None:
            signal.emit(item)

    def stop(self) -> None:
        """The window is closing: the loader stops after the file it is reading."""
        if self.loader is not None:
            self.loader.requestInterruption()
            self.loader.shown.set()
            self.loader.wait()

