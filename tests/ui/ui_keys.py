"""Typing into the real window as a clerk does: the keyboard, and an input method for Chinese."""
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication


def focused():
    """Where the keyboard is: the focused widget, else the active window (QTest aborts on no widget)."""
    widget = QApplication.focusWidget() or QApplication.activeWindow()
    assert widget is not None, "no widget has the keyboard"
    return widget


def type_text(qtbot, text: str) -> None:
    """Type as a clerk does: ASCII key by key, Chinese committed by the input method (see RECIPES.md)."""
    if text.isascii():
        for char in text:
            qtbot.keyClick(focused(), char)
    else:
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(focused(), event)
    qtbot.wait(1)


def press(qtbot, key, modifier=Qt.NoModifier, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), key, modifier)
    qtbot.wait(1)
