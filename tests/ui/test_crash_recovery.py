"""A real crash: a separate evaldesk process is killed (SIGKILL) after its 30-second autosave tick.

The next start offers the form back with what was typed. The clerk loses at most what was typed in the
last 30 seconds. Heavy: it waits for the real timer.
"""
import subprocess
import sys
import textwrap
import time

import pytest

from evaldesk.ui.autosave import INTERVAL_MS, Session

pytestmark = pytest.mark.heavy

CHILD = textwrap.dedent("""
    import os, signal, sys, time
    from pathlib import Path
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from evaldesk.ui.app import make_application, make_window

    app = make_application()
    window = make_window()
    window.show()
    window.open_path(Path(sys.argv[1]))
    editor = window.current_view().fields["project_name"][0]
    editor.setFocus()
    editor.selectAll()
    QTest.keyClicks(editor, "Typed before the crash")
    print(f"typed_at={time.time()}", flush=True)

    def die_once_autosaved():
        if any(window.session.folder.glob("*.evd")):
            print(f"autosaved_at={time.time()}", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)  # no clean exit, no goodbye

    poll = QTimer()
    poll.timeout.connect(die_once_autosaved)
    poll.start(100)
    app.exec()
""")


def test_killed_while_editing_the_next_start_offers_the_work_back(make_window, dialogs, form_copy):
    path = form_copy("selfeval-2021-newenergy.evd")
    child = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True,
                           timeout=INTERVAL_MS / 1000 + 60)
    assert child.returncode == -9, child.stderr  # really killed
    stamps = dict(line.split("=") for line in child.stdout.split() if "=" in line)
    assert float(stamps["autosaved_at"]) - float(stamps["typed_at"]) <= INTERVAL_MS / 1000 + 2
    assert "新能源产业推进" in path.read_text(encoding="utf-8")  # the file itself was never touched

    dialogs.answers["恢复未保存的表单"] = "recover"
    window = make_window(Session())
    window.offer_recovery()
    assert [d.form.project_name for d in window.documents()] == ["Typed before the crash"]
    recovered = window.documents()[0]
    assert recovered.modified and recovered.path == path
