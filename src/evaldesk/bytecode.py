"""Compiled bytecode for a source install, even where Python is told not to write it.

With PYTHONDONTWRITEBYTECODE set (some machines set it for every program) Python compiles every module of
evaldesk again at every start, which was a third of `evaldesk check`'s time. Python still reads .pyc files,
so after a start that found some missing or older than their source, evaldesk has them written once, by
`python -m compileall` in a process of its own that nobody waits for. The frozen app carries its bytecode;
an install that cannot be written to is left as it is.
"""
from __future__ import annotations

import os
import stat
import sys


def stale_sources() -> list[str]:
    """Source files of the evaldesk modules loaded now whose .pyc is missing or older than the source."""
    found = []
    for name, module in list(sys.modules.items()):
        spec = getattr(module, "__spec__", None) if name.split(".")[0] == "evaldesk" else None
        if spec is None or not spec.cached or not (spec.origin or "").endswith(".py"):
            continue
        try:
            if os.stat(spec.cached).st_mtime < os.stat(spec.origin).st_mtime:
                found.append(spec.origin)
        except OSError:
            found.append(spec.origin)
    return found


def _writable(folder: str) -> bool:
    """Writable, and not made read-only on purpose (an administrator, root, may write anywhere: ask the mode)."""
    try:
        return os.access(folder, os.W_OK) and bool(os.stat(folder).st_mode & stat.S_IWUSR)
    except OSError:
        return False


def refresh() -> bool:
    """Start writing the package's .pyc files when Python will not and some are missing; True if started."""
    package = os.path.dirname(os.path.abspath(__file__))
    if not sys.flags.dont_write_bytecode or getattr(sys, "frozen", False) or not _writable(package):
        return False
    if not stale_sources():
        return False
    import subprocess

    quiet = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    if os.name == "nt":
        quiet["creationflags"] = subprocess.CREATE_NO_WINDOW | subprocess.DETACHED_PROCESS
    else:
        quiet["start_new_session"] = True
    try:
        subprocess.Popen([sys.executable, "-m", "compileall", "-q", package], **quiet)
    except OSError:
        return False
    return True
