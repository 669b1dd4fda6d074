"""The main window: forms in tabs, the start page when none is open, menus, problems and status bar.

File operations live in file_actions.py and menus in menus.py; this module holds the window's state:
which forms are open, which one is current, and what the status bar and problems list show for it.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QUndoGroup
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QMainWindow, QStackedWidget, QTabWidget

from ..domain.compute import blank_table
from ..domain.numbers import format_score
from ..storage import evd
from . import column_widths, file_actions, menus, zoom
from .autosave import INTERVAL_MS, Session
from .document import FormDocument
from .form_view import FormView
from .problems_panel import ProblemsPanel

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .dialogs import Dialogs
    from .start_page import StartPage

APP_TITLE = "绩效表填报助手"
PROBLEM_LINES = 4  # the problems list's height, in lines, before the clerk drags it taller


class MainWindow(QMainWindow):
    first_painted = Signal()  # once, when the window's first paint is on screen (app.py waits for it)

    def __init__(self, registry, settings, session: Session | None = None, dialogs: Dialogs | None = None,
                 menus_later: bool = False) -> None:
        super().__init__()
        self.painted = False  # the first paint is done
        self._opening = False  # shown by show_opening: forms are on their way, no start page
        self.registry, self.settings = registry, settings
        self._dialogs = dialogs
        self.session = session or Session()
        self.undo_group = QUndoGroup(self)
        self.library = None  # the library page, built when first shown (year_actions.show_library)
        self.resize(1280, 860)
        self._build_central()
        self._build_problems()
        self._problems_shown_with_forms = [True, True]  # [a form is showing, the list was visible then]
        self._build_status()
        menus.build(self, later=menus_later)  # later: a start fills them after its first paint
        self.setAcceptDrops(True)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(INTERVAL_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        self._restore_geometry()
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self.current_changed()

    @property
    def dialogs(self) -> Dialogs:
        """The questions the window asks (tests hand in their own), built when first needed: dialogs.py
        imports a dozen Qt dialog classes, which a start with a form never shows."""
        if self._dialogs is None:
            from .dialogs import Dialogs

            self._dialogs = Dialogs()
        return self._dialogs

    def _focus_changed(self, _old, _new) -> None:
        menus.update_enabled(self)

    # ------------------------------------------------------------------ building
    def _build_central(self) -> None:
        self.stack = QStackedWidget()
        self._start: StartPage | None = None
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(lambda _i: self.current_changed())
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)

    @property
    def start(self) -> StartPage:
        """The start page, built when first wanted: a window started with a form never shows it (nor builds
        every template to list them)."""
        if self._start is None:
            from .start_page import StartPage

            self._start = StartPage(self.registry)
            self._start.open_path.connect(self.open_path)
            self._start.new_form.connect(self.new_form)
            self._start.open_example.connect(self.open_example)
            self._start.open_dialog.connect(lambda: file_actions.open_dialog(self))
            self._start.open_library.connect(lambda: menus.later("year_actions").show_library(self))
            self.stack.insertWidget(0, self._start)
        return self._start

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self.painted:  # the children paint after the window, in the same pass: announce it after them
            self.painted = True
            QTimer.singleShot(0, self, self.first_painted.emit)  # with the window: none if it is gone by then

    def showEvent(self, event) -> None:
        if not self._opening and not self.documents() and self.stack.currentWidget() is self.tabs:
            self.stack.setCurrentWidget(self.start)  # nothing open: the start page
        super().showEvent(event)

    def show_opening(self, open_forms) -> None:
        """Show the window with the forms `open_forms` opens (it returns nothing) as its first screen, the start page
        if none opens. They open in the shown window, before its first paint: each page is laid out once, at its
        size in the window. Opened before the window is shown, a page was first laid out at the tab widget's
        provisional size (a hidden QTabWidget sizes its pages only once shown): 0.5 % of a start."""
        self._opening = True
        try:
            self.show()
        finally:
            self._opening = False
        open_forms()
        if not self.documents():
            self.show_start()

    def _build_problems(self) -> None:
        self.problems = ProblemsPanel()
        self.problems.go_to.connect(self.go_to)
        self.problems_dock = QDockWidget("问题", self)
        self.problems_dock.setObjectName("problems_dock")
        self.problems_dock.setWidget(self.problems)
        self.problems_dock.setFeatures(QDockWidget.DockWidgetClosable | QDockWidget.DockWidgetMovable)
        self.addDockWidget(Qt.BottomDockWidgetArea, self.problems_dock)
        self.problems_title = QLabel("问题")  # one line, with the count; F8 shows and hides the list
        self.problems_title.setObjectName("problems_title")
        self.problems_title.setContentsMargins(8, 2, 8, 2)  # margins, not a style sheet: 1 M instructions each at start
        self.problems_dock.setTitleBarWidget(self.problems_title)
        self._problem_lines = -1

    def _build_status(self) -> None:
        self.figures_label = QLabel()
        self.figures_label.setObjectName("status_figures")
        self.figures_label.setContentsMargins(8, 0, 8, 0)
        bold = self.figures_label.font()
        bold.setBold(True)
        self.figures_label.setFont(bold)
        self.selection_label = QLabel()
        self.selection_label.setObjectName("status_selection")
        self.statusBar().addPermanentWidget(self.selection_label)
        self.statusBar().addPermanentWidget(self.figures_label)
        self.zoom_label = QLabel(f"{zoom.clamp(self.settings['zoom'])}%")
        self.zoom_label.setObjectName("status_zoom")
        self.zoom_label.setToolTip("缩放：Ctrl+滚轮，Ctrl+= 放大，Ctrl+- 缩小，Ctrl+0 还原")
        self.statusBar().addPermanentWidget(self.zoom_label)

    # ------------------------------------------------------------------ documents
    def documents(self) -> list[FormDocument]:
        return [self.tabs.widget(i).document for i in range(self.tabs.count())]

    def current_view(self) -> FormView | None:
        return self.tabs.currentWidget() if self.stack.currentWidget() is self.tabs else None

    def current_document(self) -> FormDocument | None:
        view = self.current_view()
        return view.document if view else None

    def add_document(self, document: FormDocument) -> FormView:
        document.setParent(self)
        view = self._page(document)
        self.undo_group.addStack(document.undo_stack)
        document.template_changed.connect(lambda d=document: self.rebuild_page(d))
        document.changed.connect(lambda _t, d=document: self.document_changed(d))
        document.modified_changed.connect(lambda _m, d=document: self.update_titles(d))
        document.path_changed.connect(lambda d=document: self.update_titles(d))
        self.tabs.addTab(view, document.title)
        self.stack.setCurrentWidget(self.tabs)
        self.tabs.setCurrentWidget(view)
        self.current_changed()
        view.focus_first()
        return view

    def _page(self, document: FormDocument) -> FormView:
        view = FormView(document)
        view.hint.connect(lambda text: self.statusBar().showMessage(text, 8000))
        for grid in view.grid_views():
            grid.selection_summary.connect(self.selection_label.setText)
            grid.context_requested.connect(lambda position, g=grid: menus.context_menu(self, g, position))
        zoom.install(self, view)
        column_widths.install(self, view)
        return view

    def rebuild_page(self, document: FormDocument) -> None:
        """The form moved to another template (or back, by undo): its page is built anew in the same tab."""
        old = self.view_of(document)
        if old is None:
            return
        menus.later("template_change").detach(old)
        index, current = self.tabs.indexOf(old), self.tabs.currentWidget() is old
        view = self._page(document)
        self.tabs.insertTab(index, view, self.tabs.tabText(index))
        self.tabs.removeTab(index + 1)
        if current:
            self.tabs.setCurrentWidget(view)
        old.deleteLater()

    def view_of(self, document: FormDocument) -> FormView | None:
        return next((self.tabs.widget(i) for i in range(self.tabs.count()) if self.tabs.widget(i).document is document), None)

    def open_path(self, path, save_recent: bool = True) -> FormDocument | None:
        return file_actions.open_path(self, Path(path), save_recent)

    def open_paths(self, paths) -> None:
        for path in paths:
            self.open_path(path)
        self.raise_()
        self.activateWindow()

    def new_form(self, template_id: str | None = None) -> FormDocument | None:
        return file_actions.new_form(self, template_id)

    def open_example(self, path=None) -> FormDocument | None:
        return file_actions.open_example(self, Path(path) if path else None)

    def close_tab(self, index: int) -> bool:
        view = self.tabs.widget(index)
        if view is None or not file_actions.confirm_close(self, view.document):
            return False
        self.undo_group.removeStack(view.document.undo_stack)
        self.tabs.removeTab(index)
        view.document.deleteLater()
        view.deleteLater()
        self.autosave()
        if self.tabs.count() == 0:
            self.show_start()
        return True

    def show_start(self) -> None:
        self.start.show_recent(self.settings.existing_recent())
        self.stack.setCurrentWidget(self.start)
        self.current_changed()

    # ------------------------------------------------------------------ what the window shows
    def current_changed(self) -> None:
        document = self.current_document()
        self._problems_only_with_forms(document is not None)
        self.undo_group.setActiveStack(document.undo_stack if document else None)
        if document:
            self.document_changed(document)
            self.update_titles(document)
        else:
            self.problems.clear()
            self.figures_label.setText("")
            self.setWindowTitle(APP_TITLE)
            self.setWindowModified(False)
        menus.update_enabled(self)

    def _problems_only_with_forms(self, has_form: bool) -> None:
        """The problems list is about a form: hidden on the start page, back as the clerk left it with a form."""
        if has_form == self._problems_shown_with_forms[0]:
            return
        if has_form:
            self.problems_dock.setVisible(self._problems_shown_with_forms[1])
        else:
            self._problems_shown_with_forms[1] = not self.problems_dock.isHidden()
            self.problems_dock.hide()
        self._problems_shown_with_forms[0] = has_form

    def document_changed(self, document: FormDocument) -> None:
        if document is not self.current_document():
            return
        self.problems.show_problems(document.form.template, document.problems)
        self.figures_label.setText(status_text(document))
        self._fit_problems(len(document.problems))

    def _fit_problems(self, count: int) -> None:
        """A compact list: one line (its title) when there is nothing to say, up to a few lines otherwise,
        so that a 1366×768 screen keeps the form in sight. The clerk can still drag it taller."""
        self.problems_title.setText(f"问题（{count} 个）" if count else "问题：没有")
        lines = min(count, PROBLEM_LINES)
        if lines == self._problem_lines:
            return
        self._problem_lines = lines
        self.problems.setMaximumHeight(16777215 if count else 0)
        line = self.problems.fontMetrics().lineSpacing() + 6
        height = self.problems_title.sizeHint().height() + (lines * line + 2 * self.problems.frameWidth() if lines else 0)
        self.resizeDocks([self.problems_dock], [height], Qt.Vertical)

    def update_titles(self, document: FormDocument) -> None:
        view = self.view_of(document)
        if view is None:
            return
        index = self.tabs.indexOf(view)
        self.tabs.setTabText(index, document.title + (" *" if document.modified else ""))
        self.tabs.setTabToolTip(index, str(document.path) if document.path else "尚未保存")
        if document is self.current_document():
            self.setWindowTitle(f"{document.title}[*] - {APP_TITLE}")
            self.setWindowModified(document.modified)

    def go_to(self, place) -> None:
        view = self.current_view()
        if view is not None:
            view.focus_place(place)

    # ------------------------------------------------------------------ autosave, drops, closing
    def autosave(self) -> None:
        self.session.autosave(self.documents())
        if self.session.error:
            self.statusBar().showMessage(self.session.error, 10000)

    def end_keeping_work(self) -> None:
        """Asked to end by the system (autosave.keep_work_on_termination): no question, nothing lost. Every
        unsaved form goes to the autosave session now and stays there for the next start to offer back."""
        self.autosave_timer.stop()
        self.autosave()
        if self.library is not None:
            self.library.stop()
        if any(document.modified for document in self.documents()):
            self.session.abandon()  # as after a crash: the next start finds the forms
        else:
            self.session.end_clean()
        # exit, not quit: Qt 6's quit() first asks every window to close (the "save changes?" question). From
        # the loop: a signal may come before it runs, when exit() would do nothing.
        QTimer.singleShot(0, lambda: QApplication.exit(0))

    def offer_recovery(self) -> None:
        file_actions.offer_recovery(self)

    def dragEnterEvent(self, event) -> None:
        if any(u.toLocalFile().lower().endswith(evd.EXTENSION) for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.toLocalFile().lower().endswith(evd.EXTENSION)]
        for path in paths:
            self.open_path(path)
        event.acceptProposedAction()

    def closeEvent(self, event) -> None:
        for index in reversed(range(self.tabs.count())):
            self.tabs.setCurrentIndex(index)
            if not file_actions.confirm_close(self, self.tabs.widget(index).document):
                event.ignore()
                return
        self.settings["window_geometry"] = bytes(self.saveGeometry().toBase64()).decode("ascii")
        self.settings["window_state"] = bytes(self.saveState().toBase64()).decode("ascii")
        self.settings.save()
        self.autosave_timer.stop()
        if self.library is not None:
            self.library.stop()
        self.session.end_clean()
        event.accept()

    def _restore_geometry(self) -> None:
        geometry, state = self.settings["window_geometry"], self.settings["window_state"]
        if geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        if state:
            self.restoreState(QByteArray.fromBase64(state.encode("ascii")))


def status_text(document: FormDocument) -> str:
    """分值合计 · 得分合计 · 等级 · 问题: always in sight, whatever part of the form is on screen."""
    figures, scored = document.figures, document.form.template.scored_table
    parts = []
    if figures.total_weight is not None:
        blank = scored is not None and blank_table(scored, document.form.rows(scored.key))  # as on paper: no 合计 10
        parts.append(f"分值合计 {'—' if blank else format_score(figures.total_weight)}")
        parts.append(f"得分合计 {format_score(figures.total_score) or '—'}")
        parts.append(f"等级 {figures.grade or '—'}")
    if figures.execution_rate_text:
        parts.append(f"执行率 {figures.execution_rate_text}")
    count = len(document.problems)
    parts.append(f"问题 {count} 个" if count else "没有问题")
    return "　|　".join(parts)
