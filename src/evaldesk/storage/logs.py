"""The log file: where unexpected errors go, so a clerk sees a sentence and a maintainer sees the traceback."""
from __future__ import annotations

from . import paths

LOG_NAME = "evaldesk.log"
MAX_LOG_BYTES = 1_000_000


def write_log(text: str) -> str:
    """Append to the log (started afresh past 1 MB); returns the log's path, or '' when it cannot be written."""
    from datetime import datetime  # here: a start that logs nothing does not load it

    path = paths.log_dir() / LOG_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = "w" if path.exists() and path.stat().st_size > MAX_LOG_BYTES else "a"
        with path.open(mode, encoding="utf-8") as log:
            log.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n{text}\n")
    except OSError:
        return ""
    return str(path)
