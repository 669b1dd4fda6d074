"""Asked to end by the system (SIGTERM at a logout or shutdown, SIGHUP when the terminal goes): a real
evaldesk process writes what was typed a moment ago at once — not at the next 30-second tick — ends
without a question, and the next start offers the form back."""
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from evaldesk.storage import paths
from evaldesk.ui.autosave import Session

pytestmark = pytest.mark.skipif(os.name != "posix", reason="signals: POSIX only")

CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtTest import QTest
    from evaldesk.ui.app import after_first_screen, make_application, make_window

    app = make_application()
    window = make_window()
    window.show()
    window.open_path(Path(sys.argv[1]))
    if sys.argv[2]:
        editor = window.current_view().fields["project_name"][0]
        editor.setFocus()
        editor.selectAll()
        QTest.keyClicks(editor, sys.argv[2])
    after_first_screen(window, False)  # what every start does once the first screen is up
    print("ready", flush=True)
    print(f"exit={app.exec()}", flush=True)
""")


def ended_by(number: int, path, typed: str) -> subprocess.CompletedProcess:
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), typed], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert child.stdout.readline().strip() == "ready", child.stderr.read()
    started = time.monotonic()
    child.send_signal(number)
    try:
        out, err = child.communicate(timeout=20)
    except subprocess.TimeoutExpired:  # hanging: on a question (Qt 6's quit() asks each window to close)?
        child.kill()
        raise AssertionError(f"still running 20 s after the signal: {child.communicate()[1][-2000:]}") from None
    assert time.monotonic() - started < 10  # it ends at once, no 30-second tick, no question waiting
    return subprocess.CompletedProcess(child.args, child.returncode, out, err)


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_ended_by_the_system_while_editing_the_next_start_offers_the_work_back(number, make_window, dialogs,
                                                                                form_copy):
    path = form_copy("selfeval-2021-newenergy.evd")
    child = ended_by(number, path, "Typed just before the logout")
    assert (child.returncode, child.stdout.strip()) == (0, "exit=0"), child.stderr
    assert "新能源产业推进" in path.read_text(encoding="utf-8")  # the file itself is the clerk's to save

    dialogs.answers["恢复未保存的表单"] = "recover"
    window = make_window(Session())
    window.offer_recovery()
    assert [d.form.project_name for d in window.documents()] == ["Typed just before the logout"]
    assert window.documents()[0].modified and window.documents()[0].path == path


def test_ended_by_the_system_with_everything_saved_leaves_nothing_to_recover(form_copy):
    path = form_copy("selfeval-2021-newenergy.evd")
    child = ended_by(signal.SIGTERM, path, "")
    assert (child.returncode, child.stdout.strip()) == (0, "exit=0"), child.stderr
    root = paths.autosave_dir()
    assert not root.exists() or not any(root.iterdir())
