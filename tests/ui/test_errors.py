"""A bug in a slot: the clerk gets one Chinese sentence, the open forms are backed up, the traceback is logged."""
import sys

from evaldesk.ui.errors import ErrorHandler


def test_an_unexpected_error_backs_up_open_forms_and_is_told_in_chinese(make_window, dialogs, form_copy, evaldesk_home):
    window = make_window()
    window.open_path(form_copy("selfeval-2021-newenergy.evd"))
    window.current_document().form.fields["project_name"] = "改了还没保存"
    window.current_document().mark_modified()
    handler = ErrorHandler(window)
    handler.install()
    try:
        try:
            raise ZeroDivisionError("division by zero")
        except ZeroDivisionError:
            sys.excepthook(*sys.exc_info())
    finally:
        handler.uninstall()
    title, text = dialogs.errors[-1]
    assert title == "程序出错" and "自动备份" in text and "Traceback" not in text
    log = evaldesk_home / "data" / "logs" / "evaldesk.log"
    assert "ZeroDivisionError" in log.read_text(encoding="utf-8") and str(log) in text
    backups = list((evaldesk_home / "data" / "autosave").rglob("*.evd"))
    assert backups and any("改了还没保存" in b.read_text(encoding="utf-8") for b in backups)


def test_an_error_raised_inside_a_qt_slot_reaches_the_handler(make_window, dialogs, qtbot):
    from PySide6.QtCore import QTimer

    window = make_window()
    handler = ErrorHandler(window)
    handler.install()
    try:
        def broken_slot():
            raise RuntimeError("a bug in a slot")

        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=3000)
    finally:
        handler.uninstall()
    assert dialogs.errors[-1][0] == "程序出错"
