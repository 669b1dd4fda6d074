"""A clerk's real keyboard and mouse: X events from xdotool into the real window on a virtual screen.

pytest-qt's events arrive one by one, each handled before the next; a real keyboard queues keys while
the window is still busy (an editor opening, a total being recomputed). Here a whole indicator block is
typed at 20 ms a key, after a funds cell typed right after a click, then saved with Ctrl+S, and the saved
file must hold exactly the text typed. Heavy: it needs Xvfb and xdotool (scripts/system-deps.sh test).
"""
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from evaldesk.storage.evd import load_form

pytestmark = pytest.mark.heavy

DELAY_MS = 20
COLUMNS = ("name", "target", "actual", "weight", "score", "deviation")
BLOCK = [(f"Indicator {n} of the block", f">={80 + n}%", f"{85 + n}.5%", str(10 + n), f"{9 + n}.5", f"note {n}, as typed")
         for n in range(7)]  # the seed's seven rows, every cell typed over
FUNDS_TYPED = "1,234.5"

# The window, under the test's virtual screen. It says where to click; the test types.
CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from evaldesk.domain.places import cell_place, funds_place
    from evaldesk.ui.app import make_application, make_window

    app = make_application()
    window = make_window()
    window.resize(1400, 900)
    window.show()
    document = window.open_path(Path(sys.argv[1]))
    view = window.current_view()
    state = {"step": "funds"}

    def centre(grid, index):
        return grid.viewport().mapToGlobal(grid.visualRect(index).center())

    def say(what, grid, index):
        point = centre(grid, index)
        print(what, point.x(), point.y(), flush=True)

    def show_funds():
        place = funds_place("other", "executed")
        view.focus_place(place)
        grid = view.funds_view
        grid.clearFocus()
        window.tabs.setFocus()
        QTimer.singleShot(300, lambda: say("funds", grid, grid.model().index_of(place)))

    def follow(_touched=None):
        if state["step"] == "funds" and document.form.fund("other", "executed") == sys.argv[2]:
            state["step"] = "grid"
            grid = view.tables["indicators"]
            index = grid.model().index(1, grid.model().column_of("name"))
            view.focus_place(cell_place("indicators", 0, "name"))
            QTimer.singleShot(300, lambda: say("grid", grid, index))

    def saved(modified):
        if not modified and state["step"] == "grid":
            print("saved", flush=True)
            document.undo_stack.setClean()
            window.session.end_clean()
            QTimer.singleShot(100, app.quit)

    document.changed.connect(follow)
    document.modified_changed.connect(saved)
    QTimer.singleShot(500, show_funds)
    app.exec()
""")


def xdotool(display: str, *args: str) -> None:
    subprocess.run(["xdotool", *args], check=True, env={**os.environ, "DISPLAY": display}, timeout=120)


def read_line(child, expected: str) -> tuple[int, int]:
    line = child.stdout.readline().split()
    assert line and line[0] == expected, (line, child.stderr.read() if child.poll() is not None else "")
    return int(line[1]), int(line[2]) if len(line) > 2 else 0


def test_a_whole_indicator_block_typed_with_real_keys_at_20_ms_is_saved_as_typed(form_copy, registry, tmp_path):
    assert shutil.which("Xvfb") and shutil.which("xdotool"), "Xvfb or xdotool is missing: run scripts/system-deps.sh test"
    path = form_copy("selfeval-2021-newenergy.evd")
    screen = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        display = ":" + screen.stdout.readline().strip()
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "EVALDESK_HOME": str(tmp_path / "home")}
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), FUNDS_TYPED], env=env, text=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            x, y = read_line(child, "funds")
            xdotool(display, "search", "--onlyvisible", "--name", ".", "windowfocus", "--sync")
            xdotool(display, "mousemove", str(x), str(y), "click", "1")  # and type at once, as a clerk does
            xdotool(display, "type", "--delay", str(DELAY_MS), FUNDS_TYPED + "\t")
            x, y = read_line(child, "grid")
            block = "".join("\t".join(row) + "\t" for row in BLOCK)  # Tab after a row: the next row's name
            xdotool(display, "mousemove", str(x), str(y), "click", "1")
            xdotool(display, "type", "--delay", str(DELAY_MS), block)
            xdotool(display, "key", "--delay", str(DELAY_MS), "ctrl+s")
            assert child.stdout.readline().strip() == "saved"
            child.wait(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
    finally:
        screen.terminate()  # not kill: Xvfb removes its socket in /tmp/.X11-unix only when it is let to end
        screen.wait(timeout=30)
    saved = load_form(path, registry)
    assert saved.fund("other", "executed") == FUNDS_TYPED
    typed = [tuple(row.get(key) for key in COLUMNS) for row in saved.rows("indicators")]
    assert typed == BLOCK, json.dumps(typed, ensure_ascii=False)
