"""Qt's own dialogs speak Chinese: the file dialogs (Qt's, on Linux) and the message box buttons."""
import re

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QWidget

from evaldesk.ui.app import make_application
from evaldesk.ui.dialogs import EVD_FILTER, file_dialog

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def shown_texts(dialog) -> list[str]:
    texts = [dialog.windowTitle()]
    for widget in dialog.findChildren(QWidget):
        if widget.isVisibleTo(dialog):
            for name in ("text", "toolTip", "currentText"):
                method = getattr(widget, name, None)
                if callable(method):
                    try:
                        texts.append(method())
                    except TypeError:
                        pass
    return [t for t in texts if t]


@pytest.mark.parametrize("kind, accept", [("open", "打开(&O)"), ("save", "保存(&S)"), ("folder", "选择(&C)")])
def test_the_file_dialog_has_no_english_label(qtbot, tmp_path, kind, accept):
    app = make_application()
    assert app._evaldesk_translator is not None  # qtbase_zh_CN.qm from PySide6 is loaded
    dialog = file_dialog(None, "选择", str(tmp_path), EVD_FILTER, save=kind == "save", folders=kind == "folder")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    english = [t for t in shown_texts(dialog) if LATIN_WORD.search(t.replace("evd", "").replace(str(tmp_path), ""))]
    assert english == []
    labels = {l.text() for l in dialog.findChildren(type(dialog.findChild(QWidget, "lookInLabel")))}
    assert "查找范围(&I)：" in labels and "文件类型(&T)：" in labels
    buttons = dialog.findChild(QDialogButtonBox).buttons()
    assert sorted(b.text() for b in buttons) == sorted([accept, "取消"])
    assert dialog.testOption(QFileDialog.DontUseNativeDialog)
    dialog.close()


def test_the_print_dialog_has_no_english_label(qtbot):
    from evaldesk.ui.printing import a4_printer, print_dialog

    make_application()
    dialog = print_dialog(None, a4_printer(), 3)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    home = str(__import__("pathlib").Path.home())
    english = [t for t in shown_texts(dialog) if LATIN_WORD.search(t.replace("PDF", "").replace(home, ""))]
    assert english == []
    dialog.close()
