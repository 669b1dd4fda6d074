"""Screenshots of a form being filled, at 1366×768 and at 150 % display scaling, for docs/screenshots/.

    python scripts/editing_screenshots.py         # starts itself under xvfb-run twice (apt: xvfb)
editing-1366x768.png: the indicator table of a filed form with two typos, cells selected (计数/求和 in the
status bar) and the compact problems list; editing-150pct.png: the same at QT_SCALE_FACTOR=1.5 on a 1920×1080 screen.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(os.environ.get("EVALDESK_SHOTS", ROOT / "docs" / "screenshots"))
SEED = ROOT / "tests" / "fixtures" / "selfeval-2021-newenergy.evd"
RUNS = {"editing-1366x768": ("1", (1366, 768), "1366x768"), "editing-150pct": ("1.5", (1280, 720), "1920x1080")}


def main() -> int:
    if "--inner" in sys.argv:
        return shoot(sys.argv[-1])
    for name, (scale, _size, screen) in RUNS.items():
        with tempfile.TemporaryDirectory(prefix="evaldesk-shots-") as home:  # settings and autosaves: gone after
            env = {**os.environ, "QT_SCALE_FACTOR": scale, "QT_QPA_PLATFORM": "xcb", "EVALDESK_HOME": home}
            command = ["xvfb-run", "-a", "-s", f"-screen 0 {screen}x24 -dpi 96", sys.executable, __file__, "--inner", name]
            if subprocess.call(command, cwd=ROOT, env=env):
                return 1
    return 0


def shoot(name: str) -> int:
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "scripts")]
    from PySide6.QtCore import QItemSelection, QItemSelectionModel
    from PySide6.QtWidgets import QApplication

    from evaldesk.domain.edits import SetCell
    from evaldesk.domain.places import cell_place
    from evaldesk.ui.app import make_application, make_window
    from screenshots import save  # the same small 256-colour PNGs as the other screenshots

    app = make_application()
    window = make_window()
    window.resize(*RUNS[name][1])
    window.show()
    document = window.open_path(SEED)
    document.edit(SetCell("indicators", 6, "score", "12"))  # two problems, to show the problems list
    document.edit(SetCell("indicators", 5, "weight", "1o"))
    view = window.current_view()
    grid = view.tables["indicators"]
    view.focus_place(cell_place("indicators", 6, "score"))
    model = grid.model()
    first, last = model.index(1, model.column_of("weight")), model.index(7, model.column_of("score"))
    grid.selectionModel().select(QItemSelection(first, last), QItemSelectionModel.ClearAndSelect)
    for _ in range(30):
        app.processEvents()
    OUT.mkdir(parents=True, exist_ok=True)
    save(window.grab(), OUT / f"{name}.png")
    visible = sum(1 for row in range(1, model.rowCount())
                  if grid.visualRect(model.index(row, model.column_of("name"))).intersects(grid.viewport().rect())
                  and view.viewport().rect().contains(grid.viewport().mapTo(view.viewport(), grid.visualRect(model.index(row, model.column_of("name"))).center())))
    print(f"{name}: {visible} indicator rows in sight, problems list {window.problems_dock.height()} px")
    document.undo_stack.setClean()
    window.session.end_clean()
    QApplication.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
