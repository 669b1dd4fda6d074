"""An unexpected error never shows a clerk a traceback and never costs them their work.

PySide6 prints an exception raised in a slot and carries on; a windowed Windows exe has nowhere to print
it. The hook here writes the traceback to the log folder, saves every open form to the autosave folder
at once, and says so in one Chinese sentence. A second error while one is being reported is only logged.
"""
from __future__ import annotations

import sys
import traceback

from ..storage.logs import write_log

class ErrorHandler:
    def __init__(self, window) -> None:
        self.window = window
        self.reporting = False
        self.previous = sys.excepthook

    def install(self) -> None:
        sys.excepthook = self

    def uninstall(self) -> None:
        sys.excepthook = self.previous

    def __call__(self, kind, value, tb) -> None:
        log = write_log("".join(traceback.format_exception(kind, value, tb)))
        if self.reporting:
            return
        self.reporting = True
        try:
            self.window.autosave()
            where = f"详细信息已记录在“{log}”。" if log else ""
            self.window.dialogs.error(
                self.window, "程序出错",
                "程序遇到了一个意外错误，刚才的操作可能没有完成。所有打开的表单都已自动备份；"
                f"请保存后重新启动程序。{where}",
            )
        finally:
            self.reporting = False
