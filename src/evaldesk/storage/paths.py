"""Where evaldesk keeps things. One module, so tests and portable builds can move it all at once.

EVALDESK_HOME, when set, puts settings, user templates, autosaves and logs under that one folder
(tests use it; so can a portable install on a USB stick). Otherwise the platform's usual places.

Each place is worked out once, as text (`…_folder()`); the `…_dir()` functions give it as a Path. Reading
the templates (`evaldesk check`) uses the text: importing pathlib would be a tenth of that command's time.
"""
from __future__ import annotations

import os
import sys

from .. import APP_NAME

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path


def _path(folder: str) -> Path:
    from pathlib import Path

    return Path(folder)


def _home() -> str | None:
    return os.environ.get("EVALDESK_HOME") or None


def _xdg_applies() -> bool:
    """Linux's folders follow the XDG rule, worked out here: importing platformdirs (it brings pathlib,
    tempfile, shutil, random) would take a third of `evaldesk check`. Elsewhere platformdirs decides."""
    return sys.platform.startswith("linux")


def _xdg(variable: str, fallback: str) -> str:
    """$variable/evaldesk when it holds an absolute path, else ~/fallback/evaldesk: what platformdirs gives
    (a test compares the two)."""
    folder = os.environ.get(variable, "")
    return os.path.join(folder if os.path.isabs(folder) else os.path.expanduser(fallback), APP_NAME)


def config_dir() -> Path:
    home = _home()
    if home:
        return _path(os.path.join(home, "config"))
    if _xdg_applies():
        return _path(_xdg("XDG_CONFIG_HOME", "~/.config"))
    from platformdirs import user_config_dir

    return _path(user_config_dir(APP_NAME, appauthor=False, roaming=True))


def data_folder() -> str:
    home = _home()
    if home:
        return os.path.join(home, "data")
    if _xdg_applies():
        return _xdg("XDG_DATA_HOME", "~/.local/share")
    from platformdirs import user_data_dir

    return user_data_dir(APP_NAME, appauthor=False, roaming=True)


def data_dir() -> Path:
    return _path(data_folder())


def user_templates_folder() -> str:
    return os.path.join(data_folder(), "templates")


def user_templates_dir() -> Path:
    return _path(user_templates_folder())


def autosave_dir() -> Path:
    return data_dir() / "autosave"


def log_dir() -> Path:
    return data_dir() / "logs"


def resources_folder() -> str:
    """Templates, fonts, translations and examples, inside the package or the frozen app."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return os.path.join(frozen, "evaldesk", "resources")
    return os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "resources")


def resources_dir() -> Path:
    return _path(resources_folder())


def builtin_templates_folder() -> str:
    return os.path.join(resources_folder(), "templates")


def builtin_templates_dir() -> Path:
    return _path(builtin_templates_folder())


def examples_dir() -> Path:
    return resources_dir() / "examples"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def library_dir() -> Path:
    """Where the library looks, and new forms go, until the clerk chooses other folders:
    an evaldesk folder in the user's documents (Documents\\evaldesk on Windows)."""
    home = _home()
    if home:
        return _path(os.path.join(home, "forms"))
    from platformdirs import user_documents_dir

    return _path(os.path.join(user_documents_dir(), APP_NAME))


def library_index_file() -> Path:
    """The library's index of forms (a cache: deleting it costs only one slow listing)."""
    return data_dir() / "library-index.json"
