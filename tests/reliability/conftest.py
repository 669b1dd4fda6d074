"""The window fixtures of tests/ui (a real main window whose dialogs answer at once), shared here."""
import importlib.util
import sys
from pathlib import Path

UI_TESTS = Path(__file__).parent.parent / "ui"
sys.path.insert(0, str(UI_TESTS))  # ui_keys: typing and pressing keys as a clerk does

_spec = importlib.util.spec_from_file_location("ui_window_fixtures", UI_TESTS / "conftest.py")
_ui = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_ui)

AnsweringDialogs = _ui.AnsweringDialogs
dialogs, make_window, window, form_copy = _ui.dialogs, _ui.make_window, _ui.window, _ui.form_copy
