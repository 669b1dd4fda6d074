"""The first screen first: what a start does besides showing the form waits until the form is drawn."""
import gc

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
    window = unshown_window(qtbot, dialogs)  # started minimized: not painted until restored
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


def test_after_the_first_screen_collections_resume_and_the_window_has_its_icon(qtbot, dialogs, monkeypatch):
    import evaldesk.ui.autosave

    listened, kept = [], []
    monkeypatch.setattr(app_module, "listen_for_files", listened.append)  # no server, no signal handlers in pytest
    monkeypatch.setattr(evaldesk.ui.autosave, "keep_work_on_termination", kept.append)
    window = unshown_window(qtbot, dialogs)
    was = gc.isenabled()
    gc.disable()  # as run() does before the first screen
    try:
        app_module.after_first_screen(window, False)
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        if not was:
            gc.disable()
    assert not QApplication.windowIcon().isNull()
    assert listened == [window] and kept == [window]
