"""Saving without ever leaving a half-written file: write beside, flush, fsync, then replace."""
from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path

WINDOWS_MAX_PATH = 260


class SaveError(OSError):
    """A save that did not happen; the message is for the clerk, and the old file is intact."""


def describe_os_error(error: OSError, path: Path, reading: bool = False) -> str:
    """Why saving (or, with `reading`, opening) `path` failed, in a sentence for the clerk."""
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) and not reading:
        return f"磁盘空间不足，无法保存“{path.name}”。原文件未被改动，请清理磁盘后重试，或另存到其他位置。"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        if reading:
            return f"没有权限读取“{path}”。"
        return f"没有权限写入“{path}”。文件可能是只读的，或已被其他程序（如 WPS、Excel）打开。"
    if error.errno == errno.ENAMETOOLONG or (os.name == "nt" and len(str(path)) >= WINDOWS_MAX_PATH):
        return f"路径太长（{len(str(path))} 个字符），Windows 无法处理。请把文件保存到较短的文件夹中。"
    if error.errno == errno.ENOENT:
        return f"找不到文件“{path}”，它可能已被移动、改名或删除。" if reading else f"文件夹“{path.parent}”不存在。"
    if error.errno == errno.EISDIR and reading:
        return f"“{path.name}”是文件夹，不是文件。"
    return f"{error.strerror or error}" if reading else f"无法保存“{path.name}”：{error.strerror or error}"


def atomic_write(path: Path, data: bytes, backup: bool = True) -> None:
    """Replace `path` with `data` in one step; with `backup`, the previous version is kept as PATH.bak."""
    path = Path(path)
    if os.name == "nt" and len(str(path.absolute())) >= WINDOWS_MAX_PATH:
        raise SaveError(errno.ENAMETOOLONG, describe_os_error(OSError(errno.ENAMETOOLONG, ""), path))
    tmp_name = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        if os.name != "nt":  # on Windows a read-only temporary could not even be cleaned up
            os.chmod(tmp_name, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if backup and path.exists():
            shutil.copy2(path, backup_path(path))
        os.replace(tmp_name, path)
        tmp_name = None
        _fsync_dir(path.parent)
    except SaveError:
        raise
    except OSError as error:
        raise SaveError(error.errno, describe_os_error(error, path)) from error
    finally:
        if tmp_name and os.path.exists(tmp_name):
            os.unlink(tmp_name)


def _mode_for(path: Path) -> int:
    """The replaced file keeps its permissions; a new one gets the usual ones, not mkstemp's owner-only 0600."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return  # Windows has no directory handles to fsync; os.replace is already atomic there
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
