"""Shared test setup: Qt offscreen, and every test's settings and user data in its own folder."""
import os
from pathlib import Path

import pytest

from evaldesk.ui import guard_singletons
from evaldesk.ui.font_config import honour_unhinted_fonts

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
guard_singletons()  # a session repaints thousands of times: PySide6's leak of None (evaldesk/ui/__init__.py)
honour_unhinted_fonts()  # the fonts drawn as the app draws them, whoever makes the QApplication (pytest-qt)

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def evaldesk_home(tmp_path_factory, monkeypatch):
    """EVALDESK_HOME moves settings, user templates and autosaves out of the real home folder."""
    home = tmp_path_factory.mktemp("evaldesk-home")
    monkeypatch.setenv("EVALDESK_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def registry():
    from evaldesk.storage.templates import load_templates

    return load_templates(user_dir=Path("/nonexistent"))


@pytest.fixture
def fixture_path():
    def find(name: str) -> Path:
        return FIXTURES / name
    return find


@pytest.fixture
def load_fixture(registry):
    from evaldesk.storage.evd import load_form

    def load(name: str):
        return load_form(FIXTURES / name, registry)
    return load
