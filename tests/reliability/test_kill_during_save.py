"""SIGKILL at random points of a save, in forked and in fresh processes: after every kill the form and
its .bak are each one complete version that was saved, never torn or empty, and the temporaries of a
killed save are gone after the next save (docs/reliability.md has the figures)."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evaldesk.storage import evd
from evaldesk.storage.atomic import atomic_write, backup_path

pytestmark = [pytest.mark.heavy, pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL")]

FORKED_KILLS = 600
FRESH_KILLS = 300
SEED = Path(__file__).parent.parent / "fixtures" / "selfeval-2021-newenergy.evd"


def versions(registry) -> list[bytes]:
    """Five versions of a real form, of very different sizes (a form that grows and shrinks)."""
    form = evd.load_form(SEED, registry)
    made = []
    for n, extra in enumerate((0, 40_000, 2_000, 300_000, 10)):
        form.fields["project_name"] = f"版本{n}"
        form.fields["goal_actual"] = "实际完成情况。" * (extra // 7)
        made.append(evd.dumps(form))
    return made


def assert_intact(path: Path, known: list[bytes], registry) -> None:
    assert path.read_bytes() in known
    if backup_path(path).exists():
        assert backup_path(path).read_bytes() in known
    evd.load_form(path, registry)
    temps = [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert len(temps) <= 2, temps  # the last killed save's form and .bak temporaries, no pile


def _save_forever(path: Path, known: list[bytes]) -> None:
    i = 0
    while True:
        atomic_write(path, known[i % len(known)])
        i += 1


def test_six_hundred_kills_of_forked_saves_leave_form_and_backup_whole(tmp_path, registry):
    known = versions(registry)
    path = tmp_path / "表.evd"
    atomic_write(path, known[0])
    chance = random.Random(11)
    for _ in range(FORKED_KILLS):
        pid = os.fork()
        if pid == 0:
            try:
                _save_forever(path, known)
            finally:
                os._exit(1)
        time.sleep(chance.uniform(0, 0.02))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        assert_intact(path, known, registry)
    atomic_write(path, known[1])
    left = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert left == [], [(p.name, p.lstat().st_mtime, os.getpid(), Path(f"/proc/{p.name.split('-')[1]}").exists())
                        for p in left]  # which writer, when, and whether its process id is in use


FRESH_SAVER = """
import sys
from pathlib import Path
from evaldesk.storage.atomic import atomic_write
path, sources = Path(sys.argv[1]), [Path(p).read_bytes() for p in sys.argv[2:]]
print("ready", flush=True)
i = 0
while True:
    atomic_write(path, sources[i % len(sources)])
    i += 1
"""


def test_three_hundred_kills_of_fresh_processes_saving_leave_form_and_backup_whole(tmp_path, registry):
    known = versions(registry)
    sources = []
    for n, data in enumerate(known):
        sources.append(tmp_path / f"source{n}")
        sources[-1].write_bytes(data)
    folder = tmp_path / "forms"
    folder.mkdir()
    path = folder / "表.evd"
    atomic_write(path, known[0])
    chance = random.Random(12)
    for _ in range(FRESH_KILLS):
        saver = subprocess.Popen([sys.executable, "-c", FRESH_SAVER, str(path), *map(str, sources)],
                                 stdout=subprocess.PIPE)
        assert saver.stdout.readline().strip() == b"ready"
        time.sleep(chance.uniform(0, 0.03))
        saver.send_signal(signal.SIGKILL)
        saver.wait()
        saver.stdout.close()
        assert_intact(path, known, registry)
    atomic_write(path, known[1])
    assert [p for p in folder.iterdir() if p.name.endswith(".tmp")] == []
