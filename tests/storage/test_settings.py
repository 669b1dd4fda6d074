import json
from pathlib import Path

from evaldesk.storage.settings import MAX_RECENT, SETTINGS_UPGRADES, Settings


def test_settings_persist_in_the_config_folder(evaldesk_home, tmp_path):
    settings = Settings()
    settings["organisation"] = "上海市科学技术协会"
    settings.add_recent(tmp_path / "a.evd")
    assert settings.save() == ""
    again = Settings()
    assert again["organisation"] == "上海市科学技术协会"
    assert again["recent_files"] == [str((tmp_path / "a.evd").resolve())]
    assert (evaldesk_home / "config" / "settings.json").exists()


def test_recent_files_are_most_recent_first_without_duplicates(tmp_path):
    settings = Settings(tmp_path / "s.json")
    for name in ["a", "b", "a"] + [f"f{i}" for i in range(20)]:
        settings.add_recent(tmp_path / f"{name}.evd")
    recent = settings["recent_files"]
    assert len(recent) == MAX_RECENT and len(set(recent)) == MAX_RECENT
    assert recent[0].endswith("f19.evd")


def test_a_settings_file_saved_by_notepad_is_read(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "organisation": "上海市科学技术协会"}, ensure_ascii=False),
                    encoding="utf-8-sig")  # Notepad's mark at the start
    settings = Settings(path)
    assert settings["organisation"] == "上海市科学技术协会" and not settings.load_error


def test_damaged_settings_fall_back_to_defaults_with_a_note(tmp_path):
    path = tmp_path / "s.json"
    path.write_text("{broken", encoding="utf-8")
    settings = Settings(path)
    assert settings["default_unit"] == "元" and "已损坏" in settings.load_error


def test_a_settings_value_of_the_wrong_type_is_ignored(tmp_path):
    path = tmp_path / "s.json"
    path.write_text('{"version": 1, "recent_files": "not a list", "organisation": "甲单位"}', encoding="utf-8")
    settings = Settings(path)
    assert settings["recent_files"] == [] and settings["organisation"] == "甲单位"



def test_a_recent_files_list_with_other_things_in_it_keeps_only_the_paths(tmp_path):
    path = tmp_path / "s.json"
    kept = str(tmp_path / "a.evd")
    (tmp_path / "a.evd").write_text("{}", encoding="utf-8")
    path.write_text('{"version": 1, "recent_files": [null, 3, "", %s]}' % json.dumps(kept), encoding="utf-8")
    settings = Settings(path)
    assert settings["recent_files"] == [kept] and settings.existing_recent() == [Path(kept)]

def test_every_settings_upgrade_has_a_test_of_its_own():
    for version in SETTINGS_UPGRADES:
        assert (Path(__file__).parent / f"test_settings_upgrade_v{version}.py").exists()
