"""Screenshots of the real window on a virtual X screen, for docs/screenshots/ and for looking at.

    python scripts/screenshots.py            # starts itself under xvfb-run (apt: xvfb)
For each form in tests/fixtures: the window as the clerk first sees it (NAME-window.png) and the whole
page scrolled through (NAME-page.png); for each template an empty new form (new-TEMPLATE-page.png);
and the start page (start.png).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
FIXTURES = ROOT / "tests" / "fixtures"
WINDOW_SIZE = (1366, 768)  # the commonest office laptop screen


def main() -> int:
    if "--inner" not in sys.argv:
        if not shutil.which("xvfb-run"):
            print("xvfb-run is missing: apt-get install xvfb (see scripts/system-deps.sh)", file=sys.stderr)
            return 2
        command = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24 -dpi 96", sys.executable, __file__, "--inner"]
        return subprocess.call(command, cwd=ROOT)
    with tempfile.TemporaryDirectory(prefix="evaldesk-shots-") as home:  # settings and autosaves: gone after
        os.environ["EVALDESK_HOME"] = home
        os.environ["QT_QPA_PLATFORM"] = "xcb"
        return shoot()


def save(pixmap, path: Path) -> None:
    """256 colours are plenty for a form on screen and keep docs/screenshots small."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    image = pixmap.toImage().convertToFormat(QImage.Format_Indexed8, Qt.AvoidDither | Qt.ThresholdAlphaDither)
    image.save(str(path), "PNG", 9)


def settle(app, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()


def page_shot(app, window, name: str) -> None:
    """The whole page: the paper widget grabbed at its full height, as if scrolled through."""
    view = window.current_view()
    settle(app)
    save(view.paper.grab(), OUT / f"{name}-page.png")


def shoot() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from evaldesk.ui.app import make_application, make_window

    app = make_application()
    OUT.mkdir(parents=True, exist_ok=True)
    window = make_window()
    window.resize(*WINDOW_SIZE)
    window.show()
    window.show_start()
    settle(app)
    save(window.grab(), OUT / "start.png")
    for path in sorted(FIXTURES.glob("*.evd")):
        document = window.open_path(path)
        if document is None:
            print(f"skipped {path.name}: cannot open", file=sys.stderr)
            continue
        settle(app)
        save(window.grab(), OUT / f"{path.stem}-window.png")
        page_shot(app, window, path.stem)
        window.close_tab(window.tabs.currentIndex())
    for template in window.registry:
        document = window.new_form(template.id)
        page_shot(app, window, f"new-{template.id}")
        document.undo_stack.setClean()
        window.close_tab(window.tabs.currentIndex())
    window.session.end_clean()
    print(f"screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
