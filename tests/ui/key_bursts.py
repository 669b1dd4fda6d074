"""Keys as a fast clerk's keyboard sends them: queued at the window, all before Qt handles the first one.

Events posted to the QWindow (not to a widget) are delivered to whatever widget has the focus when each
one is handled, as real keyboard events are: keys typed while an editor opens must reach that editor.
"""
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

KEYS = {"\t": Qt.Key_Tab, "\r": Qt.Key_Return, "\n": Qt.Key_Return, "\x1b": Qt.Key_Escape}


def key_of(char: str) -> int:
    if char in KEYS:
        return KEYS[char]
    if char.isalpha():
        return ord(char.upper())
    return ord(char)


def burst(window, text: str, modifier=Qt.NoModifier) -> None:
    """Queue every key of `text` (ASCII; tab, return, escape allowed), then let Qt handle them all."""
    target = window.windowHandle()
    for char in text:
        key = key_of(char)
        shown = "" if char in KEYS else char
        QApplication.postEvent(target, QKeyEvent(QEvent.KeyPress, key, modifier, shown))
        QApplication.postEvent(target, QKeyEvent(QEvent.KeyRelease, key, modifier, shown))
    QApplication.processEvents()
    QApplication.processEvents()
