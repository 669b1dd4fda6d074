"""evaldesk/ui/__init__.py guards None/True/False against a PySide6 bug on CPython before 3.12: a start once
its first screen is up, anything else that makes the application (make_application) at once, the tests
when their session starts (tests/conftest.py).

PySide6 6.12 drops a reference to None that it does not own when Qt calls Python overrides that return
nothing (a delegate's paint(), a view's paintEvent): at least one per repaint of a grid, and many more in
the form's own views.
On 3.11 the count of None falls until it reaches zero and the process aborts ("none_dealloc"); from
3.12 on None is immortal and its count never moves. This test reproduces the leak, so it fails the day
PySide6 stops leaking on 3.11 (then the guard can go) and proves the shipped Pythons (3.12 and later)
need no guard at all.
"""
import gc
import os
import subprocess
import sys

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QTableView

from evaldesk.ui import app as app_module

CELLS = 20 * 5
REPAINTS = 30


class EmptyModel(QAbstractTableModel):
    def rowCount(self, parent=None):
        return CELLS // 5

    def columnCount(self, parent=None):
        return 5

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return None


class PythonPaint(QStyledItemDelegate):
    def paint(self, painter, option, index):  # a Python override Qt calls once per painted cell
        super().paint(painter, option, index)


def references_lost_over_repaints(qtbot) -> int:
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(EmptyModel(view))
    delegate = PythonPaint(view)
    view.setItemDelegate(delegate)
    view.resize(800, 900)
    view.show()
    qtbot.waitExposed(view)
    view.viewport().repaint()  # the first paint settles Qt's own caches
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(REPAINTS):
        view.viewport().repaint()
    gc.collect()
    return before - sys.getrefcount(None)


def test_python_paint_overrides_lose_references_to_none_only_before_3_12(qtbot):
    lost = references_lost_over_repaints(qtbot)
    if sys.version_info >= (3, 12):
        assert lost == 0  # immortal None: nothing leaks, nothing to guard
    else:
        assert lost >= REPAINTS, f"only {lost} references lost: has PySide6 fixed the leak?"


def test_the_guard_is_applied_only_where_the_leak_exists():
    if sys.version_info >= (3, 12):
        # an immortal object reports the same fixed count; the guard would have added 2**48 to it
        assert sys.getrefcount(None) < 1 << 40
    else:
        assert sys.getrefcount(None) > 1 << 40  # headroom no lifetime of repaints uses up


def in_a_process(code: str, home) -> subprocess.CompletedProcess:
    """`code` run by a Python of its own: the guard is applied once a process, so each case needs a fresh one."""
    env = dict(os.environ, EVALDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)


def test_a_start_guards_once_its_first_screen_is_up_and_only_once(tmp_path):
    done = in_a_process("""
import sys
from evaldesk.ui import app
guarded = lambda: sys.getrefcount(None) > 1 << 40
app.make_application(guard_now=False)
print("MADE", guarded(), "ctypes" in sys.modules)
window = app.make_window()
app.after_first_screen(window, False)
print("AFTER_FIRST_SCREEN", guarded())
app.make_application()
print("AGAIN", guarded(), sys.getrefcount(None) < 1 << 49)
""", tmp_path)
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    leaks = sys.version_info < (3, 12)
    assert lines.get("MADE") == "False False", done.stdout + done.stderr  # nothing yet: not even ctypes loaded
    assert lines["AFTER_FIRST_SCREEN"] == str(leaks)
    assert lines["AGAIN"] == f"{leaks} True"  # once: a second call adds nothing


def test_making_the_application_guards_at_once(tmp_path):
    done = in_a_process("""
import sys
from evaldesk.ui import app
app.make_application()
print("MADE", sys.getrefcount(None) > 1 << 40)
""", tmp_path)
    assert done.stdout.strip() == f"MADE {sys.version_info < (3, 12)}", done.stdout + done.stderr
