"""The real main window, with a Dialogs object that answers at once instead of opening dialogs."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from evaldesk.ui.dialogs import Dialogs


class AnsweringDialogs(Dialogs):
    """Every question answered from prepared answers; everything shown is recorded for the test."""

    def __init__(self) -> None:
        self.answers: dict[str, str] = {}
        self.asked: list[tuple[str, str]] = []
        self.errors: list[tuple[str, str]] = []
        self.infos: list[tuple[str, str]] = []
        self.save_paths: list = []
        self.open_list: list = []
        self.workbooks: list = []
        self.template_files: list = []
        self.templates: list[str] = []
        self.categories: list[tuple[str, str]] = []
        self.drafts: list = []  # answers to the export dialog: True/False (草稿 or not), None (cancel)
        self.export_problems: list[str] = []

    def ask(self, parent, title, text, buttons, default=""):
        """Unprepared questions are cancelled: a test never saves or discards anything by accident."""
        self.asked.append((title, text))
        return self.answers.get(title, "cancel")

    def info(self, parent, title, text):
        self.infos.append((title, text))

    def error(self, parent, title, text):
        self.errors.append((title, text))

    def open_paths(self, parent, folder=""):
        return list(self.open_list)

    def open_workbook(self, parent, folder=""):
        return self.workbooks.pop(0) if self.workbooks else None

    def open_template_file(self, parent, folder=""):
        return self.template_files.pop(0) if self.template_files else None

    def save_path(self, parent, title, suggested, file_filter=""):
        return self.save_paths.pop(0) if self.save_paths else None

    def export_choice(self, parent, title, problems):
        self.export_problems.append(problems)
        return self.drafts.pop(0) if self.drafts else False

    def choose_template(self, parent, registry, default="", title=""):
        return self.templates.pop(0) if self.templates else None

    def add_category(self, parent, spec, level1=""):
        return self.categories.pop(0) if self.categories else None

    def options(self, parent, settings, registry):
        return False


@pytest.fixture
def dialogs():
    return AnsweringDialogs()


@pytest.fixture
def make_window(qtbot, dialogs):
    """Start a main window as `evaldesk` would (same settings, templates, session folder)."""
    from evaldesk.ui.app import make_application, make_window as build

    made = []

    def start(session=None):
        make_application()
        window = build(dialogs=dialogs, session=session)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
        made.append(window)
        return window

    yield start
    for window in made:
        for document in window.documents():
            document.undo_stack.setClean()
        window.autosave_timer.stop()
        if window.session.lock is None or window.session.lock.isLocked():  # None: nothing was autosaved
            window.session.end_clean()
        window.close()


@pytest.fixture
def window(make_window):
    return make_window()


@pytest.fixture
def form_copy(fixture_path, tmp_path):
    """A fixture form copied to a temporary folder: tests save and overwrite the copy, never the fixture."""
    import shutil

    def copy(name: str):
        target = tmp_path / name
        shutil.copy(fixture_path(name), target)
        return target
    return copy
