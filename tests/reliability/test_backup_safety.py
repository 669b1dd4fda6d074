"""The .bak is always a complete earlier version, and a killed save leaves nothing behind for long."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from evaldesk.storage import evd
from evaldesk.storage.atomic import atomic_write, backup_path, clean_stale_temps

VERSIONS = [b"{\"v\": 1}\n" * 2000, b"{\"v\": 2}\n" * 9000, b"{\"v\": 3}\n" * 500]


def test_a_reader_never_finds_the_backup_empty_or_half_written_during_saves(tmp_path):
    path = tmp_path / "表.evd"
    atomic_write(path, VERSIONS[0])
    atomic_write(path, VERSIONS[1])
    stop = threading.Event()

    def keep_saving():
        i = 0
        while not stop.is_set():
            atomic_write(path, VERSIONS[i % 3])
            i += 1

    saver = threading.Thread(target=keep_saving)
    saver.start()
    try:
        seen = [backup_path(path).read_bytes() for _ in range(3000)]
    finally:
        stop.set()
        saver.join()
    assert all(copy in VERSIONS for copy in seen), {len(copy) for copy in seen if copy not in VERSIONS}


KILLED_SAVE = """
import os, signal, sys
from pathlib import Path
from evaldesk.storage import atomic
def die(*args):
    os.kill(os.getpid(), signal.SIGKILL)
atomic.os.replace = die  # the process is killed just before the new version is put in place
atomic.atomic_write(Path(sys.argv[1]), b"new version")
"""


def test_temporaries_of_a_killed_save_are_removed_by_the_next_save_in_that_folder(tmp_path):
    path = tmp_path / "表.evd"
    atomic_write(path, b"old version")
    for _ in range(3):
        killed = subprocess.run([sys.executable, "-c", KILLED_SAVE, str(path)], capture_output=True)
        assert killed.returncode == -9, killed.stderr
    left = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(left) == 2  # the last killed save's (its form and its .bak link); each save clears the one before
    assert path.read_bytes() == b"old version"
    atomic_write(path, b"next save")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_opening_a_form_also_clears_a_killed_saves_temporaries(tmp_path, load_fixture, registry):
    path = tmp_path / "表.evd"
    evd.save_form(load_fixture("selfeval-2021-newenergy.evd"), path)
    subprocess.run([sys.executable, "-c", KILLED_SAVE, str(path)], capture_output=True)
    assert any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
    evd.load_form(path, registry)
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())


def test_a_live_writers_temporary_and_other_files_are_left_alone(tmp_path):
    own = tmp_path / f".evaldesk-{os.getpid()}-0123abcd.tmp"  # this process: perhaps mid-save
    parent = tmp_path / f".evaldesk-{os.getppid()}-0123abcd.tmp"  # a live process
    other = tmp_path / ".someone-else.tmp"
    for p in (own, parent, other):
        p.write_bytes(b"x")
    assert clean_stale_temps(tmp_path) == 0
    assert all(p.exists() for p in (own, parent, other))


def test_temp_names_are_short_whatever_the_forms_name(tmp_path):
    path = tmp_path / ("绩" * 83 + ".evd")  # 253 bytes
    atomic_write(path, b"1")
    atomic_write(path, b"2")
    assert path.read_bytes() == b"2" and backup_path(path).read_bytes() == b"1"
    assert Path(path).exists()


def test_a_save_after_one_killed_between_backup_and_replace_leaves_no_temporary(tmp_path):
    """Killed after linking the form as its .bak and before replacing the form, a save leaves the .bak as
    a second name of the form itself; the next save's backup rename then does nothing (rename() of a hard
    link onto another of the same file), and its temporary stayed behind: 1 kill in about 2,800."""
    from evaldesk.storage.atomic import atomic_write, backup_path

    path = tmp_path / "表.evd"
    atomic_write(path, b"first")
    os.link(path, backup_path(path).with_suffix(".tmp-link"))
    os.replace(backup_path(path).with_suffix(".tmp-link"), backup_path(path))  # .bak is now the form itself
    atomic_write(path, b"second")
    assert path.read_bytes() == b"second" and backup_path(path).read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_opening_the_forms_of_a_folder_lists_it_once_a_minute_not_once_a_form(tmp_path, load_fixture, registry,
                                                                              monkeypatch):
    form = load_fixture("selfeval-2021-newenergy.evd")
    paths = [tmp_path / f"{i}.evd" for i in range(5)]
    for path in paths:
        evd.save_form(form, path)
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    killed = tmp_path / f".evaldesk-{ended.pid}-0123abcd.tmp"  # a save whose process is gone
    killed.write_bytes(b"x")
    listed = []
    listdir = os.listdir
    monkeypatch.setattr(os, "listdir", lambda folder: listed.append(str(folder)) or listdir(folder))
    for path in paths:
        evd.load_form(path, registry)
    assert not killed.exists()  # the first opening cleared it
    assert listed.count(str(tmp_path)) == 1  # 500 forms in one folder: one listing, not 500 of 500 names
    monkeypatch.setattr(evd, "CLEAN_AGAIN_AFTER", 0.0)  # a minute later: the next opening clears it again
    evd.load_form(paths[0], registry)
    assert listed.count(str(tmp_path)) == 2
