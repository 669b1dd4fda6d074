"""The first screen first: what a start does besides showing the form waits until the form is drawn."""
import gc
import sys

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from evaldesk.ui import app as app_module


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def unshown_window(qtbot, dialogs, path=None):
    app_module.make_application()
    window = app_module.make_window(dialogs=dialogs)
    qtbot.addWidget(window)
    if path is not None:
        window.open_path(path, save_recent=False)
    return window


def test_what_follows_the_first_screen_runs_once_the_form_is_drawn_in_order(qtbot, dialogs, fixture_path):
    window = unshown_window(qtbot, dialogs, fixture_path("selfeval-2021-newenergy.evd"))
    grid = window.current_view().grid_views()[0].viewport()  # the funds table, at the top
    counter = PaintCounter()
    grid.installEventFilter(counter)
    ran = []
    app_module.when_first_painted(window, [lambda: ran.append(("first", counter.count)),
                                           lambda: ran.append(("second", counter.count))])
    qtbot.wait(50)
    assert ran == []  # not shown, not painted: nothing yet
    window.show()
    qtbot.waitUntil(lambda: len(ran) == 2, timeout=5000)
    assert [name for name, _ in ran] == ["first", "second"]
    assert all(paints >= 1 for _, paints in ran)  # the funds table was drawn before either ran
    window.update()
    qtbot.wait(100)
    assert len(ran) == 2  # once, not at every paint


def test_a_window_never_painted_still_gets_what_follows_after_a_wait(qtbot, dialogs, monkeypatch):
    monkeypatch.setattr(app_module, "FIRST_PAINT_WAIT_MS", 100)
    window = unshown_window(qtbot, dialogs)  # not shown (as one started minimized): not painted until it is
    ran = []
    app_module.when_first_painted(window, [lambda: ran.append("after")])
    qtbot.waitUntil(lambda: ran == ["after"], timeout=3000)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(100)
    assert ran == ["after"]  # the paint that came later does not run it again


def test_a_window_closed_before_its_first_paint_leaves_nothing_to_run(qtbot, dialogs, monkeypatch):
    monkeypatch.setattr(app_module, "FIRST_PAINT_WAIT_MS", 100)
    app_module.make_application()
    window = app_module.make_window(dialogs=dialogs)  # not handed to qtbot: it is deleted here
    ran = []
    app_module.when_first_painted(window, [lambda: ran.append("after")])
    window.deleteLater()
    qtbot.wait(300)
    assert ran == []


def test_on_a_window_painted_already_they_run_at_once_and_one_that_fails_does_not_stop_the_next(
        qtbot, dialogs, monkeypatch):
    reported = []
    monkeypatch.setattr("sys.excepthook", lambda kind, value, tb: reported.append(value))
    window = unshown_window(qtbot, dialogs)
    window.show()
    qtbot.waitUntil(lambda: window.painted, timeout=5000)
    ran = []
    app_module.when_first_painted(window, [lambda: 1 / 0, lambda: ran.append("next")])
    assert ran == ["next"]  # at once: no paint to wait for
    assert [type(error) for error in reported] == [ZeroDivisionError]  # shown as any error is (the dialog)


def test_a_start_run_whole_frees_a_form_closed_later_and_ends_with_collections_on_and_its_icon(
        qtbot, dialogs, monkeypatch, form_copy):
    """run() turns the collector off and freezes what the start made, before the forms open: a form opened at
    start and closed later must still be freed (frozen, it would stay in memory for good)."""
    import weakref

    from PySide6.QtGui import QIcon

    import evaldesk.ui.autosave

    listened, kept, made = [], [], []
    monkeypatch.setattr(app_module, "listen_for_files", listened.append)  # no server, no signal handlers in pytest
    monkeypatch.setattr(evaldesk.ui.autosave, "keep_work_on_termination", kept.append)
    build = app_module.make_window
    monkeypatch.setattr(app_module, "make_window", lambda **how: made.append(build(dialogs=dialogs, **how)) or made[-1])
    monkeypatch.setattr("sys.excepthook", sys.excepthook)  # run() installs the error dialog: put it back after
    monkeypatch.setenv("EVALDESK_BENCH", "quit")  # the start ends by itself once the form is drawn
    QApplication.setWindowIcon(QIcon())
    try:
        assert app_module.run([str(form_copy("selfeval-2021-newenergy.evd"))]) == 0
        assert gc.isenabled()
        window = made[0]
        qtbot.addWidget(window)
        assert window.painted and listened == [window] and kept == [window]
        assert window.actions_by_name["save"].isEnabled()  # the menus' entries, filled after the first paint
        assert window.actions_by_name["save"].shortcuts() and window.recent_menu is not None
        assert not QApplication.windowIcon().isNull()
        document = weakref.ref(window.documents()[0])
        window.close_tab(0)
        qtbot.wait(50)  # the tab's page is deleted later
        gc.collect()
        assert document() is None
    finally:
        gc.unfreeze()
        gc.enable()


def test_menus_filled_after_the_first_screen_that_fail_part_way_leave_the_window_working(qtbot, dialogs, monkeypatch):
    """A fill that fails (here: the recent list cannot be read) is an error of its own action (run() gives it
    one): the window's focus changes do not then fail at every turn, and no second fill doubles the entries."""
    from evaldesk.ui import menus

    window = app_module.make_window(dialogs=dialogs, menus_later=True)
    qtbot.addWidget(window)
    assert window.actions_by_name == {} and [m.title() for m in window.menu_titles] == list(menus.TITLES)
    menus.update_enabled(window)  # before the fill: nothing to enable, nothing fails

    def unreadable():
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(window.settings, "existing_recent", unreadable)
    try:
        menus.fill(window)
    except PermissionError:
        pass
    made = len(window.actions_by_name)
    assert 0 < made and not window.menus_filled
    menus.update_enabled(window)  # no KeyError for the entries never made
    menus.fill(window)
    assert len(window.actions_by_name) == made  # not filled twice
