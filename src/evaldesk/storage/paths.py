"""Where evaldesk keeps things. One module, so tests and portable builds can move it all at once.

EVALDESK_HOME, when set, puts settings, user templates, autosaves and logs under that one folder
(tests use it; so can a portable install on a USB stick). Otherwise the platform's usual places.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from .. import APP_NAME


def _home() -> Path | None:
    override = os.environ.get("EVALDESK_HOME")
    return Path(override) if override else None


def config_dir() -> Path:
    home = _home()
    if home:
        return home / "config"
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False, roaming=True))


def data_dir() -> Path:
    home = _home()
    if home:
        return home / "data"
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=True))


def user_templates_dir() -> Path:
    return data_dir() / "templates"


def autosave_dir() -> Path:
    return data_dir() / "autosave"


def log_dir() -> Path:
    return data_dir() / "logs"


def resources_dir() -> Path:
    """Templates, fonts, translations and examples, inside the package or the frozen app."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "evaldesk" / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def builtin_templates_dir() -> Path:
    return resources_dir() / "templates"


def examples_dir() -> Path:
    return resources_dir() / "examples"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def library_dir() -> Path:
    """Where the library looks, and new forms go, until the clerk chooses other folders:
    an evaldesk folder in the user's documents (Documents\\evaldesk on Windows)."""
    home = _home()
    if home:
        return home / "forms"
    from platformdirs import user_documents_dir

    return Path(user_documents_dir()) / APP_NAME


def library_index_file() -> Path:
    """The library's index of forms (a cache: deleting it costs only one slow listing)."""
    return data_dir() / "library-index.json"
