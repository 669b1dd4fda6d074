"""`evaldesk` itself: the example opens at once, and no exporter library is loaded to get there."""
import os
import subprocess
import sys

import pytest


def test_evaldesk_example_opens_an_editable_form_without_loading_exporters(tmp_path):
    env = dict(os.environ, EVALDESK_HOME=str(tmp_path), EVALDESK_BENCH="quit", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "evaldesk", "--example"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    report = next(line for line in done.stdout.splitlines() if line.startswith("ready_at="))
    assert "editable=True" in report and "painted=True" in report and "exporters_loaded=none" in report
    assert "network_loaded=False" in report  # QtNetwork waits until the window is up
    assert "ctypes_loaded=False" in report  # so does the guard of None on a development Python (and ctypes)
    assert "menu_entries=0" in report  # and the menus' entries (test_first_paint: filled right after)
    assert not list((tmp_path / "data" / "autosave").glob("*"))  # a clean exit leaves nothing to recover


def test_a_broken_unit_template_is_named_on_the_start_page_and_the_app_still_starts(make_window, evaldesk_home):
    folder = evaldesk_home / "data" / "templates"
    folder.mkdir(parents=True)
    (folder / "本单位模板.json").write_text('{"id": "unit", "version": ', encoding="utf-8")
    window = make_window()
    label = window.start.template_errors
    assert label.isVisible()
    assert "本单位模板.json" in label.text() and "格式错误" in label.text()
    assert window.start.templates.count() == len(window.registry.builtin)  # the built-in ones are all still offered


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the socket folder is worked out on Linux only")
@pytest.mark.parametrize("tmpdir", [None, "", "/tmp/", "relative/sock", "/var//tmp/../tmp", "//srv/tmp", "link",
                                    "/no/such/folder"])
def test_the_socket_folder_is_the_one_qt_puts_a_local_server_in(tmpdir, monkeypatch, tmp_path, qapp):
    from PySide6.QtCore import QDir

    from evaldesk.ui.single_instance import qt_temp_folder

    monkeypatch.chdir(tmp_path)
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    if tmpdir is None:
        monkeypatch.delenv("TMPDIR", raising=False)
    else:
        monkeypatch.setenv("TMPDIR", tmpdir)
    assert qt_temp_folder() == QDir.tempPath()


@pytest.mark.parametrize("names", [{}, {"USER": "zhang"}, {"LOGNAME": "li", "USER": "zhang"}, {"USERNAME": "wang"},
                                   {"LOGNAME": "", "LNAME": "zhao"}])
def test_the_user_in_the_socket_name_is_the_one_getpass_gives(names, monkeypatch):
    import getpass

    from evaldesk.ui.single_instance import user_name

    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in names.items():
        monkeypatch.setenv(variable, value)
    assert user_name() == getpass.getuser()


def test_a_form_that_cannot_be_opened_at_the_start_is_reported_over_the_start_page(qtbot, dialogs, tmp_path):
    """The window is shown before its forms open (show_opening): a message about one that failed stands over
    the start page, not over an empty window."""
    from evaldesk.ui.app import make_application, make_window

    make_application()
    window = make_window(dialogs=dialogs)
    qtbot.addWidget(window)
    behind = []
    error = dialogs.error
    dialogs.error = lambda parent, title, text: (behind.append(window.stack.currentWidget()), error(parent, title, text))
    window.show_opening(lambda: window.open_path(tmp_path / "不存在.evd"))
    assert [title for title, _text in dialogs.errors] == ["无法打开文件"]
    assert behind == [window.start] and window.isVisible() and window.stack.currentWidget() is window.start
    window.session.end_clean()


def test_a_portable_copy_with_its_own_home_never_hands_files_to_the_installed_window(monkeypatch, tmp_path):
    from evaldesk.ui.single_instance import server_name

    monkeypatch.setenv("EVALDESK_HOME", str(tmp_path / "usb"))
    portable = server_name()
    monkeypatch.setenv("EVALDESK_HOME", str(tmp_path / "other"))
    assert server_name() != portable
    monkeypatch.setenv("EVALDESK_HOME", str(tmp_path / "usb"))
    assert server_name() == portable


def test_options_persist_and_a_new_form_takes_the_unit_name_and_default_unit(make_window, dialogs, qtbot):
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    from evaldesk.storage.settings import Settings
    from evaldesk.ui.dialogs import OptionsDialog

    window = make_window()
    dialog = OptionsDialog(window.settings, window.registry, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.organisation.setFocus()
    typed = QInputMethodEvent()
    typed.setCommitString("上海市科学技术协会")
    QApplication.sendEvent(dialog.organisation, typed)
    dialog.unit.setCurrentText("万元")
    dialog.template.setCurrentIndex(dialog.template.findData("declaration-shanghai"))
    dialog.store()
    dialog.close()
    again = Settings()
    assert (again["organisation"], again["default_unit"], again["default_template"]) == (
        "上海市科学技术协会", "万元", "declaration-shanghai")

    dialogs.templates.append("selfeval-national")
    window.actions_by_name["new"].trigger()
    form = window.current_document().form
    assert form.amount_unit == "万元" and form.fields["implementer"] == "上海市科学技术协会"


def test_the_problems_list_hides_on_the_start_page_and_returns_with_a_form(make_window, form_copy):
    window = make_window()
    assert window.problems_dock.isHidden()
    window.open_path(form_copy("selfeval-2020-sast-02.evd"))
    assert window.problems_dock.isVisible() and window.problems.count() > 0
    window.problems_dock.hide()  # the clerk closed it (F8)
    window.close_tab(0)
    window.open_path(form_copy("selfeval-2020-sast-02.evd"))
    assert window.problems_dock.isHidden()


def test_options_that_cannot_be_written_are_kept_for_this_run_and_the_clerk_is_told(make_window, evaldesk_home, qtbot):
    from evaldesk.ui.dialogs import OptionsDialog

    window = make_window()
    (evaldesk_home / "config").mkdir(parents=True, exist_ok=True)
    (evaldesk_home / "config" / "settings.json").mkdir()  # a folder where the file should be: cannot be written
    dialog = OptionsDialog(window.settings, window.registry, window)
    qtbot.addWidget(dialog)
    dialog.unit.setCurrentText("万元")
    failed = dialog.store()
    assert failed and window.settings["default_unit"] == "万元"


DEFERRED = ("evaldesk.ui.year_actions", "evaldesk.ui.library_view", "evaldesk.ui.find_replace", "evaldesk.ui.template_change",
            "evaldesk.ui.template_editor", "evaldesk.export.xlsx", "evaldesk.export.pdf", "evaldesk.readers", "openpyxl",
            "reportlab", "PySide6.QtNetwork", "evaldesk.ui.dialogs", "evaldesk.ui.start_page", "dataclasses",
            "secrets", "evaldesk.ui.declared_targets")


def test_a_start_with_a_form_loads_no_menu_module_until_its_entry_is_used(tmp_path, fixture_path):
    code = f"""
import sys
from evaldesk.ui.app import make_application, make_window
app = make_application()
window = make_window()
window.open_path({str(fixture_path("selfeval-2021-newenergy.evd"))!r})
window.show()
app.processEvents()
print("AT_START", " ".join(m for m in {DEFERRED!r} if m in sys.modules))
print("START_BUILT", window._start is not None, len(window.registry._sources))
print("EXAMPLES_LISTED", window.start.examples.count())
window.actions_by_name["find"].trigger()
print("AFTER_FIND", "evaldesk.ui.find_replace" in sys.modules)
"""
    env = dict(os.environ, EVALDESK_HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    lines = dict(line.split(" ", 1) if " " in line else (line, "") for line in done.stdout.splitlines())
    assert lines.get("AT_START", "missing") == "", done.stdout + done.stderr
    built, unbuilt_templates = lines["START_BUILT"].split()
    assert built == "False" and int(unbuilt_templates) > 0  # no start page, so no template listed (built) but the form's
    assert lines["EXAMPLES_LISTED"] == "0"  # the start page was never shown: its examples were never opened
    assert lines["AFTER_FIND"] == "True"


def test_a_start_has_pyside6_read_the_source_of_none_of_evaldesks_modules(tmp_path, fixture_path):
    """PySide6 reads a module's source to see whether it asks for a __feature__ switch, unless told already
    (app._no_source_reading): each read is a file read and split, ~0.1 ms, at every start."""
    code = f"""
import inspect, os, sys
read = []
original = inspect.getsource
inspect.getsource = lambda module: (read.append(getattr(module, "__name__", "?")), original(module))[1]
exit_now = os._exit
os._exit = lambda code: (print("READ", *read, flush=True), exit_now(code))
from evaldesk.cli import main
main([{str(fixture_path("selfeval-2021-newenergy.evd"))!r}])
"""
    env = dict(os.environ, EVALDESK_HOME=str(tmp_path), EVALDESK_BENCH="ready", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    read = next(line for line in done.stdout.splitlines() if line.startswith("READ")).split()[1:]
    assert "PySide6" in read, done.stdout + done.stderr  # the reads are seen: PySide6 reads its own, before any mark
    assert [name for name in read if name.startswith("evaldesk")] == []
    assert "painted=True" in done.stdout
