"""Settings that persist between runs, in the platform's config folder, as readable JSON.

Each settings version change is an upgrade registered with @settings_upgrade(N); the test suite fails
when one has no test of its own.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import paths
from .atomic import SaveError, atomic_write
from .json_limits import utf8_text

SETTINGS_VERSION = 1
MAX_RECENT = 10

DEFAULTS: dict[str, Any] = {
    "organisation": "",
    "default_unit": "元",
    "default_template": "selfeval-national",
    "recent_files": [],
    "library_folders": [],  # the folders the library lists; empty: paths.library_dir()
    "window_geometry": "",
    "window_state": "",
    "zoom": 100,  # per cent, 50–200: how large the form shows on screen
    "column_weights": {},  # template id → the clerk's screen column widths (the paper keeps the template's)
}

SETTINGS_UPGRADES: dict[int, Callable[[dict], dict]] = {}


def settings_upgrade(from_version: int):
    def register(step):
        SETTINGS_UPGRADES[from_version] = step
        return step
    return register


class Settings:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.config_dir() / "settings.json"
        self.values: dict[str, Any] = dict(DEFAULTS)
        self.load_error = ""
        self._load()

    def _load(self) -> None:
        try:
            data = json.loads(utf8_text(self.path.read_bytes()))
        except FileNotFoundError:
            return
        except (OSError, ValueError):
            self.load_error = f"设置文件“{self.path}”已损坏，已改用默认设置。"
            return
        if not isinstance(data, dict):
            return
        version = data.get("version", 1)
        while isinstance(version, int) and version < SETTINGS_VERSION and version in SETTINGS_UPGRADES:
            data = SETTINGS_UPGRADES[version](data)
            version += 1
        for key, default in DEFAULTS.items():
            if isinstance(data.get(key), type(default)):
                self.values[key] = data[key]
        self.values["recent_files"] = [p for p in self.values["recent_files"] if isinstance(p, str) and p]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.values[key] = value

    def save(self) -> str:
        """Write the settings; returns an error sentence instead of raising (settings are never worth a crash)."""
        data = {"version": SETTINGS_VERSION, **self.values}
        try:
            atomic_write(self.path, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"), backup=False,
                         make_folder=True)
        except SaveError as error:
            return str(error.strerror)
        return ""

    def add_recent(self, path: Path) -> None:
        text = str(Path(path).resolve())
        recent = [p for p in self.values["recent_files"] if p != text]
        self.values["recent_files"] = [text, *recent][:MAX_RECENT]

    def existing_recent(self) -> list[Path]:
        return [Path(p) for p in self.values["recent_files"] if os.path.exists(p)]  # False where it cannot be read
