"""One window per user: a window that was killed leaves its socket behind, and the next start clears it."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

FORM = Path(__file__).resolve().parents[1] / "fixtures" / "selfeval-2021-newenergy.evd"

pytestmark = pytest.mark.skipif(os.name == "nt", reason="on Windows the socket is a named pipe: nothing is left")


def launch(tmp_path: Path, bench: str) -> subprocess.Popen:
    env = dict(os.environ, EVALDESK_HOME=str(tmp_path / "home"), EVALDESK_BENCH=bench, TMPDIR=str(tmp_path / "tmp"),
               QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen([sys.executable, "-m", "evaldesk", str(FORM)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)


def sockets(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_socket())


def test_the_next_start_after_a_killed_window_clears_its_stale_socket(tmp_path):
    (tmp_path / "tmp").mkdir()
    killed = launch(tmp_path, "1")  # stays open
    try:
        assert "editable=True" in killed.stdout.readline()
        deadline = time.monotonic() + 20  # it listens just after "ready" (the form comes first): wait for that
        while not sockets(tmp_path / "tmp") and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=30)
    stale = sockets(tmp_path / "tmp")
    assert len(stale) == 1 and stale[0].startswith("evaldesk-")
    again = launch(tmp_path, "quit")  # finds the dead socket, removes it, listens, then quits cleanly
    out, _ = again.communicate(timeout=120)
    assert again.returncode == 0 and "editable=True" in out
    assert sockets(tmp_path / "tmp") == []  # had it not listened on the name, the stale socket would remain


def test_a_temp_folder_too_deep_for_a_socket_still_gets_one_window(tmp_path):
    """A Unix socket's path holds 107 bytes: under a deeper TMPDIR the window listens in a shorter folder,
    and a second launch with a file still reaches it rather than opening a window of its own."""
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    env = dict(os.environ, EVALDESK_HOME=str(tmp_path / "home"), TMPDIR=str(deep), QT_QPA_PLATFORM="offscreen")
    env.pop("XDG_RUNTIME_DIR", None)
    before = set(Path("/tmp").glob("evaldesk-*"))
    first = subprocess.Popen([sys.executable, "-m", "evaldesk", str(FORM)], env=dict(env, EVALDESK_BENCH="1"),
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        lines = [first.stdout.readline()]
        while lines[-1] and not lines[-1].startswith("listening="):
            lines.append(first.stdout.readline())
        assert lines[-1].strip() == "listening=True", lines
        second = subprocess.run([sys.executable, "-m", "evaldesk", str(FORM)], env=env, timeout=60,
                                capture_output=True, text=True)
        assert second.returncode == 0 and second.stdout == ""  # handed over: no window of its own
    finally:
        first.kill()
        first.wait(timeout=30)
        made = {p: p.is_socket() for p in set(Path("/tmp").glob("evaldesk-*")) - before}
        for socket in made:  # killed, the window could not remove its socket: the test does
            socket.unlink()
    assert list(made.values()) == [True]  # it listened in /tmp, the shorter folder
