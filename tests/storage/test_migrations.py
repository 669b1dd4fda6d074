"""Older .evd files are upgraded step by step; each registered step must have its own test."""
import json
from pathlib import Path

import pytest

from evaldesk.storage import migrations
from evaldesk.storage.evd import loads


def test_every_registered_upgrade_has_a_test_of_its_own():
    tests = Path(__file__).parent
    for version in migrations.UPGRADES:
        assert (tests / f"test_upgrade_v{version}.py").exists(), f"upgrade from format {version} has no test"


def test_upgrades_run_in_order_up_to_the_current_version(monkeypatch, registry, fixture_path):
    """The mechanism itself, with a pretend format 2 whose upgrade renames a key."""
    monkeypatch.setattr(migrations, "CURRENT_VERSION", 2)
    monkeypatch.setattr(migrations, "UPGRADES", {})

    @migrations.upgrade(1)
    def rename_fields(document):
        document["fields"]["project_name"] += "（已升级）"
        return document

    data = json.loads(fixture_path("selfeval-2021-newenergy.evd").read_text(encoding="utf-8"))
    upgraded = migrations.migrate(data, 1, current=2)
    assert upgraded["format_version"] == 2
    assert upgraded["fields"]["project_name"].endswith("（已升级）")
    with pytest.raises(ValueError):
        migrations.upgrade(1)(rename_fields)


def test_a_missing_upgrade_step_is_a_clear_error_not_a_crash(monkeypatch, registry, fixture_path):
    from evaldesk.storage import evd

    monkeypatch.setattr(evd, "CURRENT_VERSION", 3)
    monkeypatch.setattr(migrations, "UPGRADES", {})
    raw = fixture_path("selfeval-2021-newenergy.evd").read_bytes()
    with pytest.raises(evd.DocumentError, match="无法从格式 1 升级"):
        loads(raw, registry)
