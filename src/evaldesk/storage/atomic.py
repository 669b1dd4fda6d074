"""Saving without ever leaving a half-written file, and without writing where the clerk did not mean.

The save: write a temporary file beside the target, fsync, keep the old version as PATH.bak (a hard
link, or a copy written the same careful way, put in place by one rename), then rename the temporary
over the target. A kill at any point leaves the form and the .bak each a complete version; temporaries
left by a killed save are removed the next time evaldesk saves or opens a file in that folder.

The write policy (docs/reliability.md): a symbolic link is followed, and the file it points to is
written; read-only files, devices, pipes and folders are refused; a missing folder is not created; a
file changed on disk since it was read is not overwritten.
"""
from __future__ import annotations

import errno
import os
import re
import stat
import time

from ..domain.value import Value

TYPE_CHECKING = False  # pathlib is imported where paths are made: `evaldesk check` reads a form without it
if TYPE_CHECKING:
    from pathlib import Path

WINDOWS_MAX_PATH = 260
MAX_NAME_BYTES = 255  # one file name, on every file system a clerk's PC uses
TEMP_PREFIX = ".evaldesk-"
# Patterns as text, compiled by re on first use: only a folder holding a leftover temporary needs them.
_OUR_TEMP = r"^\.evaldesk-(\d+)-[0-9a-f]{8}\.tmp$"
_OLD_TEMP = r"^\..+\.(evd|xlsx|pdf|json)\.[a-z0-9_]{8}\.tmp$"  # versions before 0.x named them so
_OLD_TEMP_AGE = 3600


class SaveError(OSError):
    """A save that did not happen; the message is for the clerk, and the old file is intact."""


class DiskState(Value):
    """What the file looked like when we read or wrote it, to notice a change by someone else."""

    size: int
    mtime_ns: int
    digest: str


ABSENT = DiskState(-1, -1, "")  # the file did not exist when we looked


def disk_state(path: Path) -> DiskState | None:
    try:
        info = os.stat(path)
        with open(path, "rb") as handle:
            digest = _sha256()(handle.read()).hexdigest()
    except OSError:
        return None
    return DiskState(info.st_size, info.st_mtime_ns, digest)


def _sha256():
    """Python's own SHA-256 (0.2 ms to load): hashlib would load OpenSSL first, 3–4 ms of the window's start
    for the few kilobytes of a form. Imported here, not at the top: `evaldesk check` never hashes."""
    try:
        from _sha2 import sha256  # Python 3.12 and later
    except ImportError:
        try:
            from _sha256 import sha256  # Python 3.11
        except ImportError:  # a Python built without them
            from hashlib import sha256
    return sha256


def state_before_writing(path: Path) -> DiskState:
    """The target's state now, to be passed back to atomic_write: ABSENT when there is no file yet."""
    return disk_state(os.path.realpath(path)) or ABSENT


def describe_os_error(error: OSError, path: Path, reading: bool = False) -> str:
    """Why saving (or, with `reading`, opening) `path` failed, in a sentence for the clerk."""
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) and not reading:
        return f"磁盘空间不足，无法保存“{path.name}”。原文件未被改动，请清理磁盘后重试，或另存到其他位置。"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        if reading:
            return f"没有权限读取“{path}”。"
        return f"没有权限写入“{path}”。文件或文件夹可能是只读的，或已被其他程序（如 WPS、Excel）打开。"
    if os.name == "nt" and len(str(path)) >= WINDOWS_MAX_PATH:
        return f"路径太长（{len(str(path))} 个字符），Windows 无法处理。请把文件保存到较短的文件夹中。"
    if error.errno == errno.ENAMETOOLONG:
        return name_too_long(path)
    if error.errno == errno.ENOENT:
        return f"找不到文件“{path}”，它可能已被移动、改名或删除。" if reading else f"文件夹“{path.parent}”不存在。"
    if error.errno == errno.EISDIR and reading:
        return f"“{path.name}”是文件夹，不是文件。"
    return f"{error.strerror or error}" if reading else f"无法保存“{path.name}”：{error.strerror or error}"


def name_too_long(path: Path) -> str:
    size = len(path.name.encode("utf-8"))
    if size > MAX_NAME_BYTES:
        return f"文件名太长（{size} 字节，最多 {MAX_NAME_BYTES} 字节，约 85 个汉字）。请用较短的文件名。"
    return f"路径太长（{len(str(path))} 个字符）。请把文件保存到较短的文件夹中。"


def atomic_write(path: Path, data: bytes, backup: bool = True, expected: DiskState | None = None,
                 make_folder: bool = False) -> None:
    """Replace `path` with `data` in one step; with `backup`, the previous version is kept as PATH.bak.

    `expected`: the file's state when it was read (ABSENT: it did not exist); a file that has changed
    since is not overwritten. `make_folder`: create a missing folder (the app's own folders only)."""
    from pathlib import Path

    path = Path(path)
    if os.name == "nt" and len(str(path.absolute())) >= WINDOWS_MAX_PATH:
        raise SaveError(errno.ENAMETOOLONG, describe_os_error(OSError(errno.ENAMETOOLONG, ""), path))
    target = writable_target(path, make_folder)
    clean_stale_temps(target.parent)
    tmp = None
    try:
        tmp = _write_temp(target.parent, data, _mode_for(target))
        with _folder_lock(target.parent):
            _refuse_if_changed(target, expected)
            if backup and target.exists():
                _keep_backup(target)
            _put_in_place(tmp, target, expected is ABSENT)
            tmp = None
        _fsync_dir(target.parent)
    except SaveError:
        raise
    except OSError as error:
        raise SaveError(error.errno, describe_os_error(error, path)) from error
    finally:
        if tmp is not None:
            _remove(tmp)


def writable_target(path: Path, make_folder: bool = False) -> Path:
    """The file a save to `path` writes: a link's target; SaveError for anything not to be written."""
    from pathlib import Path

    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    if len(target.name.encode("utf-8")) > MAX_NAME_BYTES:
        raise SaveError(errno.ENAMETOOLONG, name_too_long(target))
    if make_folder:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SaveError(error.errno, describe_os_error(error, target)) from error
    if not target.parent.is_dir():
        raise SaveError(errno.ENOENT, f"文件夹“{target.parent}”不存在，文件没有保存。请先建立这个文件夹，或另选保存位置。")
    try:
        info = os.stat(target)
    except OSError:
        return target  # a new file
    if not stat.S_ISREG(info.st_mode):
        kind = "文件夹" if stat.S_ISDIR(info.st_mode) else "设备或管道等特殊文件"
        raise SaveError(errno.EINVAL, f"“{target}”是{kind}，不是普通文件；evaldesk 只写入普通文件，没有写入。")
    if not info.st_mode & stat.S_IWUSR:
        raise SaveError(errno.EACCES, f"“{target.name}”是只读文件，evaldesk 不会覆盖它。请另存为其他文件，或先取消它的只读属性。")
    return target


def _refuse_if_changed(target: Path, expected: DiskState | None) -> None:
    if expected is None:
        return
    now = disk_state(target)
    if now is None or now.digest == expected.digest:
        return  # unchanged, or gone since (then nothing of anyone's is overwritten)
    what = "已被其他程序或其他人建立" if expected is ABSENT else "在读取之后已被其他程序或其他人修改"
    raise SaveError(errno.EEXIST, f"“{target.name}”{what}，为免覆盖对方的内容，这次没有保存。"
                                  "请另存为其他文件，或重新打开后再修改。")


def _write_temp(folder: Path, data: bytes, mode: int) -> Path:
    tmp = temp_path(folder)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        if os.name != "nt":  # on Windows a read-only temporary could not even be cleaned up
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            fd = -1
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        if fd >= 0:
            os.close(fd)
        _remove(tmp)
        raise
    return tmp


def temp_path(folder: Path) -> Path:
    """A short name whatever the form's name (a 250-byte name still saves), with the writer's process id.
    os.urandom, as secrets.token_hex would use, without importing secrets (and hashlib) on opening a form."""
    return folder / f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(4).hex()}.tmp"


def _keep_backup(target: Path) -> None:
    """PATH.bak becomes the version about to be replaced, in one rename: never empty, never half."""
    bak = backup_path(target)
    tmp = temp_path(target.parent)
    try:
        try:
            os.link(target, tmp)
        except OSError:  # a file system without hard links (FAT, some shares): a careful copy instead
            import shutil

            with open(target, "rb") as source, open(tmp, "xb") as copy:
                shutil.copyfileobj(source, copy)
                copy.flush()
                os.fsync(copy.fileno())
        os.replace(tmp, bak)
        # When .bak already is this very file (a save killed after keeping its backup, before replacing
        # the form), rename() of one hard link onto another does nothing and leaves the temporary.
        if os.path.lexists(tmp):
            _remove(tmp)
    except BaseException:
        _remove(tmp)
        raise


def _put_in_place(tmp: Path, target: Path, new_file: bool) -> None:
    if new_file:
        try:
            os.link(tmp, target)  # fails if someone created the file meanwhile: nothing overwritten
        except FileExistsError:
            _refuse_if_changed(target, ABSENT)
        except OSError:
            os.replace(tmp, target)
            return
        _remove(tmp)
        return
    os.replace(tmp, target)


def _mode_for(path: Path) -> int:
    """The replaced file keeps its permissions; a new one gets the usual ones, not owner-only 0600."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def backup_path(path: Path) -> Path:
    """PATH.bak; for a name already near the 255-byte limit, the name is shortened to make room."""
    name = path.name
    while len((name + ".bak").encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    return path.with_name(name + ".bak")


def clean_stale_temps(folder: Path) -> int:
    """Remove temporaries left by saves that were killed; returns how many went."""
    removed = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        path = os.path.join(folder, name)
        if name.startswith(".") and name.endswith(".tmp") and _stale(path):
            removed += _remove(path)
    return removed


def _stale(path: str) -> bool:
    name = os.path.basename(path)
    ours = re.match(_OUR_TEMP, name)
    try:
        age = time.time() - os.lstat(path).st_mtime
    except OSError:
        return False
    if ours:
        pid = int(ours.group(1))
        return pid != os.getpid() and (age > _OLD_TEMP_AGE if os.name == "nt" else not _alive(pid, time.time() - age))
    return bool(re.match(_OLD_TEMP, name)) and age > _OLD_TEMP_AGE


def _alive(pid: int, written_at: float) -> bool:
    """Whether the process that wrote a temporary at `written_at` still runs: not if the id is free,
    a zombie (killed, not yet waited for), or taken by a process started since (ids are reused)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        pass  # someone else's process: alive, unless /proc says otherwise
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return True  # no /proc (macOS): trust the id
    return fields[0] != b"Z" and _started_at(int(fields[19])) <= written_at + 1


def _started_at(ticks: int) -> float:
    """A process's start, from its start time in clock ticks after boot (/proc/PID/stat field 22)."""
    with open("/proc/stat", "rb") as handle:
        boot = next(int(line.split()[1]) for line in handle if line.startswith(b"btime"))
    return boot + ticks / os.sysconf("SC_CLK_TCK")


def _remove(path: Path) -> int:
    try:
        os.unlink(path)
    except OSError:
        return 0
    return 1


class _folder_lock:
    """evaldesk processes saving into one folder take turns between checking the file and replacing it.
    (A class, not contextlib.contextmanager: reading a form, which imports this module, need not load contextlib.)"""

    def __init__(self, folder: Path) -> None:
        self.folder, self.fd = folder, None

    def __enter__(self) -> None:
        if os.name == "nt":
            return
        import fcntl

        self.fd = os.open(self.folder, os.O_RDONLY)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        except OSError:
            pass  # a file system without locks (some network shares): the check still runs

    def __exit__(self, *_exc) -> None:
        if self.fd is not None:
            os.close(self.fd)  # and with it the lock


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return  # Windows has no directory handles to fsync; os.replace is already atomic there
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
