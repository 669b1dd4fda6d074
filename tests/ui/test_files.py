"""Files in the real window: save, reopen, prompts, broken files, drops, examples, crash recovery."""
import os
import subprocess
import sys

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from evaldesk.storage.evd import load_form
from evaldesk.storage.settings import Settings
from evaldesk.ui.autosave import INTERVAL_MS, Session

from ui_keys import press, type_text

SEED = "selfeval-2021-newenergy.evd"


def type_project_name(view, qtbot, text="Renamed"):
    editor = view.fields["project_name"][0]
    editor.setFocus()
    editor.selectAll()
    type_text(qtbot, text)


def test_save_then_reopen_shows_what_was_typed(window, form_copy, registry, qtbot):
    path = form_copy(SEED)
    document = window.open_path(path)
    type_project_name(window.current_view(), qtbot, "Solar 2021")
    assert window.windowTitle().startswith(f"{path.name}[*]") and window.isWindowModified()
    press(qtbot, Qt.Key_S, Qt.ControlModifier)
    assert not window.isWindowModified() and not window.tabs.tabText(0).endswith("*")
    assert load_form(path, registry).project_name == "Solar 2021"
    assert path.with_name(path.name + ".bak").exists()  # the previous version is kept
    window.close_tab(0)
    window.open_path(path)
    assert window.current_view().fields["project_name"][0].text() == "Solar 2021"
    assert window.current_document() is not document


def test_closing_unsaved_work_asks_first(window, form_copy, dialogs, qtbot):
    window.open_path(form_copy(SEED))
    type_project_name(window.current_view(), qtbot)
    dialogs.answers["保存修改"] = "cancel"
    assert not window.close_tab(0) and window.tabs.count() == 1
    dialogs.answers["保存修改"] = "discard"
    assert window.close_tab(0) and window.tabs.count() == 0
    assert window.stack.currentWidget() is window.start  # back to the start page


def test_a_file_changed_by_someone_else_is_not_overwritten_silently(window, form_copy, dialogs, qtbot):
    path = form_copy(SEED)
    window.open_path(path)
    type_project_name(window.current_view(), qtbot)
    path.write_bytes(path.read_bytes().replace("新能源".encode(), "旧能源".encode()))
    press(qtbot, Qt.Key_S, Qt.ControlModifier)  # the test's answer to the question is: cancel
    assert dialogs.asked[-1][0] == "文件已被修改" and "旧能源".encode() in path.read_bytes()


def test_a_broken_file_gives_a_clear_message_and_leaves_the_others_open(window, form_copy, dialogs, tmp_path):
    window.open_path(form_copy(SEED))
    broken = tmp_path / "broken.evd"
    broken.write_text('{"format": "evaldesk-form", "format_ver', encoding="utf-8")
    assert window.open_path(broken) is None
    title, message = dialogs.errors[-1]
    assert title == "无法打开文件" and "broken.evd" in message and "损坏" in message
    assert window.tabs.count() == 1 and window.current_document().form.project_name


def test_several_forms_open_in_tabs_and_the_same_file_only_once(window, form_copy):
    first = window.open_path(form_copy(SEED))
    second = window.open_path(form_copy("selfassess-2019-stec-01.evd"))
    assert window.tabs.count() == 2 and window.current_document() is second
    assert window.open_path(first.path) is first and window.tabs.count() == 2
    assert window.current_document() is first


def test_dropping_evd_files_on_the_window_opens_them(window, form_copy):
    path = form_copy(SEED)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(20, 20), Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier)
    window.dropEvent(event)
    assert window.current_document().path == path


def test_recent_files_are_remembered_in_settings(window, form_copy):
    path = form_copy(SEED)
    window.open_path(path)
    assert str(path.resolve()) in Settings()["recent_files"]
    folder = path.resolve().parent  # two forms of the same name in different folders are told apart
    assert [a.text() for a in window.recent_menu.actions()] == [f"&1 {path.name}　—　{folder}"]
    window.close_tab(0)
    assert window.start.recent.item(0).text() == f"{path.name}　—　{folder}"


def test_the_start_page_offers_a_filled_example_that_opens_as_an_untitled_copy(window, dialogs, qtbot, tmp_path):
    assert window.stack.currentWidget() is window.start
    examples = window.start.examples
    assert examples.count() >= 1
    examples.setFocus()
    row = next(i for i in range(examples.count()) if "自评表" in examples.item(i).text())
    examples.setCurrentRow(row)
    press(qtbot, Qt.Key_Return)
    document = window.current_document()
    assert document.path is None and document.title.startswith("示例")
    assert document.figures.total_score is not None  # a filled form, figures and all
    dialogs.save_paths.append(tmp_path / "mine")
    press(qtbot, Qt.Key_S, Qt.ControlModifier)
    assert document.path == tmp_path / "mine.evd" and document.path.exists()


def test_new_form_prefills_the_organisation_from_settings(make_window, dialogs, qtbot):
    settings = Settings()
    settings["organisation"] = "上海市某某研究所"
    settings.save()
    window = make_window()
    dialogs.templates.append("declaration-shanghai")
    press(qtbot, Qt.Key_N, Qt.ControlModifier)
    assert window.current_document().form.text("applicant") == "上海市某某研究所"
    assert window.current_view().fields["applicant"][0].text() == "上海市某某研究所"


def test_window_geometry_persists(make_window):
    window = make_window()
    window.resize(701, 502)  # the offscreen screen is 800 × 600
    window.close()
    assert Settings()["window_geometry"]
    again = make_window()
    assert (again.width(), again.height()) == (701, 502)


def test_after_a_crash_the_next_start_offers_the_unsaved_work_back(make_window, dialogs, form_copy, qtbot):
    crashed = make_window(Session())
    assert crashed.autosave_timer.interval() == INTERVAL_MS == 30_000
    crashed.open_path(form_copy(SEED))
    type_project_name(crashed.current_view(), qtbot, "Typed before the crash")
    dialogs.templates.append("selfassess-shanghai")
    crashed.new_form()
    type_project_name(crashed.current_view(), qtbot, "Not saved at all")
    crashed.autosave_timer.timeout.emit()  # the 30-second tick
    crashed.session.abandon()  # the process dies: no clean exit

    dialogs.answers["恢复未保存的表单"] = "recover"
    window = make_window(Session())
    window.offer_recovery()
    assert SEED in dialogs.asked[-1][1]
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert len(titles) == 2 and all("已恢复" in t and t.endswith("*") for t in titles)
    names = sorted(d.form.project_name for d in window.documents())
    assert names == ["Not saved at all", "Typed before the crash"]
    assert all(d.modified for d in window.documents())
    assert next(d for d in window.documents() if d.path).path.name == SEED  # Ctrl+S saves where it came from
    # Offered once: the next start finds nothing more to recover.
    window.session.end_clean()
    dialogs.asked.clear()
    make_window(Session()).offer_recovery()
    assert not dialogs.asked


def test_a_running_session_is_never_offered_as_crashed(make_window, dialogs, form_copy, qtbot):
    running = make_window(Session())
    running.open_path(form_copy(SEED))
    type_project_name(running.current_view(), qtbot)
    running.autosave()
    other = make_window(Session())
    other.offer_recovery()
    assert not dialogs.asked


def test_a_second_launch_hands_its_files_to_the_running_window(window, form_copy, qtbot):
    from evaldesk.ui.single_instance import InstanceServer

    server = InstanceServer(name=f"evaldesk-test-{os.getpid()}", parent=window)
    server.files_received.connect(window.open_paths)
    path = form_copy(SEED)
    launch = ("import sys; from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]); "
              "from evaldesk.ui.single_instance import hand_over; "
              f"sys.exit(0 if hand_over([sys.argv[1]], {server.name!r}) else 3)")
    with qtbot.waitSignal(server.files_received, timeout=10000):
        second = subprocess.Popen([sys.executable, "-c", launch, str(path)])
    assert second.wait(timeout=10) == 0  # the second launch exits: the running window took the file
    assert window.current_document().path == path.resolve()


def test_a_second_launch_with_nobody_listening_starts_normally():
    from evaldesk.ui.single_instance import hand_over

    assert hand_over([], "evaldesk-test-nobody-here") is False


def test_qt_dialogs_speak_chinese(window):
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("QFileDialog", "File &name:").startswith("文件名")


def test_an_autosave_that_failed_for_one_form_is_still_reported_when_the_next_one_succeeds(window, form_copy, qtbot,
                                                                                           monkeypatch):
    from evaldesk.ui import autosave

    first, second = window.open_path(form_copy(SEED)), window.new_form("selfassess-shanghai")
    first.mark_modified()
    second.mark_modified()
    real_write = autosave.atomic_write

    def first_one_fails(path, data, backup=True):
        if path.stem == f"{id(first):x}":
            raise autosave.SaveError(28, "磁盘空间不足")
        real_write(path, data, backup)

    monkeypatch.setattr(autosave, "atomic_write", first_one_fails)
    window.autosave()
    assert "自动保存失败" in window.session.error
    assert "自动保存失败" in window.statusBar().currentMessage()
