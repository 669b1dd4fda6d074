"""Offline by construction: a whole working session opens no network connection.

The clerks' PCs have no internet. A guard replaces Python's ways to reach the network (connect,
create_connection, name look-ups) with a loud failure, and records every attempt; a session of the
command-line parts and one of the window run under it. Qt's local socket (QLocalSocket, the
single-instance pipe) is native code outside the guard, and is not a network connection anyway.
The frozen app's native calls are checked with strace in tests/packaging/test_frozen_build.py.
"""
from __future__ import annotations

import io
import socket

import pytest

from evaldesk.domain.edits import Batch, SetCell, SetField, SetFund
from evaldesk.domain.form import new_form
from evaldesk.domain.problems import evaluate
from evaldesk.storage import evd
from evaldesk.storage.settings import Settings


class NetworkAttempt(AssertionError):
    """Raised where the app tried to reach the network."""


class SocketGuard:
    def __init__(self) -> None:
        self.attempts: list[str] = []

    def refuse(self, what: str):
        def refused(*args, **kwargs):
            self.attempts.append(f"{what}{args[1:] if what.startswith('socket.') else args}")
            raise NetworkAttempt(f"evaldesk tried to reach the network: {what}{args}")
        return refused

    def install(self, monkeypatch) -> None:
        for method in ("connect", "connect_ex", "sendto"):
            monkeypatch.setattr(socket.socket, method, self.refuse(f"socket.{method}"))
        for function in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
            monkeypatch.setattr(socket, function, self.refuse(function))


@pytest.fixture
def no_network(monkeypatch):
    guard = SocketGuard()
    guard.install(monkeypatch)
    return guard


def test_the_guard_catches_a_connection_attempt(no_network):
    import urllib.request

    with pytest.raises(NetworkAttempt):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    with pytest.raises(NetworkAttempt):
        urllib.request.urlopen("http://example.invalid/", timeout=1)
    assert len(no_network.attempts) == 2


def fill_in(form) -> None:
    """What a clerk types: the header, the funds, two indicators with scores."""
    Batch([
        SetField("year", "2021"),
        SetField("project_name", "新能源产业推进"),
        SetField("department", "某某区发展和改革委员会"),
        SetField("goal_expected", "推进新能源产业发展。"),
        SetFund("total", "initial", "1000000"),
        SetFund("total", "annual", "1000000"),
        SetFund("total", "executed", "950000"),
        SetCell("indicators", 0, "name", "支持企业数量"),
        SetCell("indicators", 0, "target", "≥10家"),
        SetCell("indicators", 0, "actual", "12家"),
        SetCell("indicators", 0, "weight", "50"),
        SetCell("indicators", 0, "score", "48"),
    ]).apply(form)


def test_a_whole_session_without_the_window_opens_no_connection(no_network, registry, tmp_path):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from evaldesk.export.pdf import write_pdf
    from evaldesk.export.xlsx import write_xlsx
    from evaldesk.readers.workbook import read_workbook
    from evaldesk.storage.templates import load_templates

    registry = load_templates()  # the user's templates folder too, as the app does
    form = new_form(registry.get("selfeval-national"), {"organisation": "某某区财政局"})
    fill_in(form)
    figures, problems = evaluate(form)
    assert figures.execution_rate is not None
    path = tmp_path / "新能源 自评表.evd"
    evd.save_form(form, path)
    again = evd.load_form(path, registry)
    assert again.same_content(form)
    xlsx, pdf = io.BytesIO(), io.BytesIO()
    write_xlsx([again], xlsx)
    write_pdf([again], pdf, draft=None)
    (tmp_path / "a.xlsx").write_bytes(xlsx.getvalue())
    imported = read_workbook(tmp_path / "a.xlsx", registry)
    assert imported.form.fields["project_name"] == "新能源产业推进"
    assert load_workbook(tmp_path / "a.xlsx").worksheets
    assert len(PdfReader(io.BytesIO(pdf.getvalue())).pages) >= 1
    settings = Settings()
    settings.add_recent(path)
    assert settings.save() == ""
    assert no_network.attempts == []


def test_a_whole_session_in_the_window_opens_no_connection(no_network, qtbot, tmp_path):
    """The real window, offscreen: one window per user (a local socket), a new form typed into,
    saved, exported to Excel and PDF, the Excel imported back, and a clean quit."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    from evaldesk.ui import file_actions
    from evaldesk.ui.app import make_application, make_window
    from evaldesk.ui.single_instance import InstanceServer

    make_application()
    dialogs = ScriptedDialogs()
    window = make_window(dialogs=dialogs)
    qtbot.addWidget(window)
    server = InstanceServer(name=f"evaldesk-offline-test-{tmp_path.name}", parent=window)
    window.show()
    qtbot.waitExposed(window)
    try:
        window.new_form("selfeval-national")
        editor = window.current_view().fields["project_name"][0]
        editor.setFocus()
        event = QInputMethodEvent()
        event.setCommitString("新能源产业推进")
        QApplication.sendEvent(editor, event)
        folder = tmp_path / "张三" / "文档" / "绩效 自评"
        folder.mkdir(parents=True)  # a save dialog offers existing folders; a missing one is refused
        dialogs.save_paths = [folder / "新能源.evd", folder / "新能源.xlsx", folder / "新能源.pdf"]
        assert file_actions.save_as(window)
        assert file_actions.export(window, "xlsx") and file_actions.export(window, "pdf")
        dialogs.workbook = folder / "新能源.xlsx"
        imported = file_actions.import_workbook(window)
        assert imported is not None and imported.form.fields["project_name"] == "新能源产业推进"
        assert evd.load_form(folder / "新能源.evd", window.registry).fields["project_name"] == "新能源产业推进"
        assert (folder / "新能源.pdf").stat().st_size > 1000
        assert dialogs.errors == []
    finally:
        for document in window.documents():
            document.undo_stack.setClean()
        window.autosave_timer.stop()
        window.session.end_clean()
        server.server.close()
        window.close()
    assert no_network.attempts == []


class ScriptedDialogs:
    """The window's questions answered from a script, so no dialog ever waits for a person."""

    def __init__(self) -> None:
        self.save_paths: list = []
        self.workbook = None
        self.errors: list[tuple[str, str]] = []

    def save_path(self, parent, title, suggested, file_filter=""):
        return self.save_paths.pop(0) if self.save_paths else None

    def open_workbook(self, parent, folder=""):
        return self.workbook

    def export_choice(self, parent, title, problems):
        return False  # no 草稿 watermark

    def ask(self, parent, title, text, buttons, default=""):
        return "cancel"

    def error(self, parent, title, text):
        self.errors.append((title, text))

    def info(self, parent, title, text):
        pass
