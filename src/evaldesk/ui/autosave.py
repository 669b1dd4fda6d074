"""Autosave and crash recovery.

Each running window owns a session folder under autosave_dir(), locked with a QLockFile while it
runs; the folder and its lock are made when there is first something to write (a start makes neither:
a lock file costs a write and a sync). Every 30 s the unsaved forms are written there (the .evd text plus a small note saying where
the form came from). A clean exit removes the folder. At start, a folder whose lock can be taken
belongs to a session that ended without cleaning up (a crash, a killed process, a power cut): its
forms are offered back.

A polite end (SIGTERM from a logout, a shutdown or `kill`; SIGHUP when the terminal goes) does not wait for
the next tick: `keep_work_on_termination` writes every unsaved form at once and leaves the session to be
offered back, as after a crash, then ends the window without asking.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from PySide6.QtCore import QLockFile

from ..domain.value import Value
from ..storage import evd, paths
from ..storage.atomic import SaveError, atomic_write

INTERVAL_MS = 30_000
LOCK_NAME = "session.lock"
STALE_AFTER_MS = 0  # a lock whose process is gone is stale at once


class Recovered(Value, mutable=True):
    """One unsaved form found in a crashed session's folder."""

    data: Path
    original: Path | None  # the file it was opened from, or None for an untitled form
    title: str


class Session:
    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root else paths.autosave_dir()
        self.folder = self.root / os.urandom(16).hex()
        self.lock: QLockFile | None = None
        self.error = ""

    def _claim(self) -> None:
        """The session's folder, locked: made with the first unsaved form to write."""
        if self.lock is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.lock = QLockFile(str(self.folder / LOCK_NAME))
            self.lock.setStaleLockTime(STALE_AFTER_MS)
            self.lock.tryLock(0)

    # ------------------------------------------------------------------ writing
    def autosave(self, documents) -> None:
        """Write every unsaved form; forget the ones that are saved now."""
        keep, self.error = set(), ""
        for document in documents:
            name = f"{id(document):x}"
            if not document.modified:
                continue
            keep.add(name)
            self._claim()
            note = {"original": str(document.path) if document.path else "",
                    "title": document.path.name if document.path else document.untitled_name}
            try:
                atomic_write(self.folder / f"{name}.evd", evd.dumps(document.form), backup=False)
                atomic_write(self.folder / f"{name}.json", json.dumps(note, ensure_ascii=False).encode("utf-8"), backup=False)
            except (SaveError, OSError) as error:  # OSError: the session folder could not be made
                self.error = f"自动保存失败：{error.strerror}"
        for stale in self.folder.glob("*.evd"):
            if stale.stem not in keep:
                stale.unlink(missing_ok=True)
                (self.folder / f"{stale.stem}.json").unlink(missing_ok=True)

    def end_clean(self) -> None:
        """A clean exit: nothing to recover next time."""
        if self.lock is not None:
            self.lock.unlock()
            shutil.rmtree(self.folder, ignore_errors=True)

    def abandon(self) -> None:
        """What a crash leaves behind: the folder stays, the lock is gone (tests simulate a crash with this)."""
        if self.lock is not None:
            self.lock.unlock()

    # ------------------------------------------------------------------ recovering
    def orphans(self) -> list[Path]:
        """Session folders of sessions that ended without cleaning up (never a running one)."""
        found = []
        for folder in sorted(self.root.iterdir()) if self.root.is_dir() else ():
            if folder == self.folder or not folder.is_dir():
                continue
            lock = QLockFile(str(folder / LOCK_NAME))
            lock.setStaleLockTime(STALE_AFTER_MS)
            if lock.tryLock(0):  # taken: its owner is gone
                lock.unlock()
                found.append(folder)
        return found

    def recoverable(self) -> list[Recovered]:
        forms = []
        for folder in self.orphans():
            for data in sorted(folder.glob("*.evd")):
                note = _read_note(data.with_suffix(".json"))
                original = Path(note["original"]) if note.get("original") else None
                forms.append(Recovered(data, original, note.get("title") or data.stem))
        return forms

    def discard_orphans(self) -> None:
        for folder in self.orphans():
            shutil.rmtree(folder, ignore_errors=True)


def _read_note(path: Path) -> dict:
    try:
        note = json.loads(path.read_text(encoding="utf-8"))
        return note if isinstance(note, dict) else {}
    except (OSError, ValueError):
        return {}


def keep_work_on_termination(window) -> None:
    """On SIGTERM or SIGHUP: `window.end_keeping_work()`. Python runs a signal's handler only when it runs
    code, and a window waiting in Qt's event loop runs none, so the signal also wakes the loop: its number
    is written to a pipe (signal.set_wakeup_fd) that a QSocketNotifier watches. POSIX only."""
    if os.name != "posix":
        return
    import signal

    from PySide6.QtCore import QSocketNotifier

    reader, writer = os.pipe()
    for end in (reader, writer):
        os.set_blocking(end, False)
    signal.set_wakeup_fd(writer)
    notifier = QSocketNotifier(reader, QSocketNotifier.Type.Read, window)

    def drain() -> None:  # Python code running: the handler below runs now
        try:
            os.read(reader, 64)
        except OSError:
            pass

    notifier.activated.connect(drain)
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, lambda *_: window.end_keeping_work())
    window.termination_wakeup = (reader, writer, notifier)  # alive as long as the window
