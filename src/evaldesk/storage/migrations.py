"""Upgrading older .evd files, one guarded step at a time.

Each step is registered with @upgrade(N) and turns a version-N document (a dict) into version N+1.
tests/storage/test_migrations.py fails when a registered step has no test file of its own.
"""
from __future__ import annotations

from collections.abc import Callable

CURRENT_VERSION = 1

Upgrade = Callable[[dict], dict]
UPGRADES: dict[int, Upgrade] = {}


def upgrade(from_version: int) -> Callable[[Upgrade], Upgrade]:
    def register(step: Upgrade) -> Upgrade:
        if from_version in UPGRADES:
            raise ValueError(f"two upgrades from version {from_version}")
        UPGRADES[from_version] = step
        return step
    return register


def migrate(document: dict, version: int, current: int = CURRENT_VERSION) -> dict:
    """Bring `document` from `version` up to `current`; KeyError names a missing step."""
    while version < current:
        step = UPGRADES.get(version)
        if step is None:
            raise KeyError(version)
        document = step(document)
        version += 1
        document["format_version"] = version
    return document
