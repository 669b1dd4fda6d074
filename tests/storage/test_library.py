"""The library index: only new or changed files are read again; damaged files are listed with the reason."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from evaldesk.storage.library import LibraryIndex

FIXTURES = Path(__file__).parents[1] / "fixtures"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "forms"
    (folder / "2020").mkdir(parents=True)
    for path in FIXTURES.glob("selfeval-2020-*.evd"):
        shutil.copy(path, folder / "2020" / path.name)
    shutil.copy(FIXTURES / "selfeval-2021-newenergy.evd", folder)
    return folder


def test_a_second_scan_reads_nothing_and_a_changed_file_is_read_again(tmp_path, registry):
    folder, index_file = _folder(tmp_path), tmp_path / "index.json"
    first = LibraryIndex(registry, index_file).scan([folder])
    assert first.read == len(first.items) == 6  # sub-folders too
    again = LibraryIndex(registry, index_file).scan([folder])  # a new start: from the index file
    assert again.read == 0 and [i.overview for i in again.items] == [i.overview for i in first.items]
    changed = folder / "selfeval-2021-newenergy.evd"
    changed.write_text(changed.read_text(encoding="utf-8").replace("新能源产业推进", "新能源产业推广"), encoding="utf-8")
    os.utime(changed, ns=(1, 2))
    third = LibraryIndex(registry, index_file).scan([folder])
    assert third.read == 1
    assert "新能源产业推广 (2021) 年" in [i.overview.project_name for i in third.items]


def test_damaged_files_are_listed_with_the_reason_and_removed_files_forgotten(tmp_path, registry):
    folder, index_file = _folder(tmp_path), tmp_path / "index.json"
    (folder / "空文件.evd").write_bytes(b"")
    (folder / "表格.evd").write_bytes(b"PK\x03\x04\xff\xfe")
    scan = LibraryIndex(registry, index_file).scan([folder])
    reasons = {d.name: d.reason for d in scan.damaged}
    assert "空文件" in reasons["空文件.evd"] and "不是 UTF-8" in reasons["表格.evd"]
    assert len(scan.entries) == 6
    (folder / "表格.evd").unlink()
    index = LibraryIndex(registry, index_file)
    assert len(index.scan([folder]).items) == 7
    assert not any(i.name == "表格.evd" for i in index.cached([folder]))


def test_a_damaged_index_is_rebuilt_from_the_forms(tmp_path, registry):
    folder, index_file = _folder(tmp_path), tmp_path / "index.json"
    index_file.write_text("{not json", encoding="utf-8")
    scan = LibraryIndex(registry, index_file).scan([folder])
    assert scan.read == 6 and not scan.damaged


def test_search_texts_hold_every_typed_text(tmp_path, registry):
    scan = LibraryIndex(registry, tmp_path / "i.json").scan([_folder(tmp_path)])
    item = next(i for i in scan.items if i.name == "selfeval-2021-newenergy.evd")
    assert "因为疫情的影响" in item.texts  # a 偏差原因 deep in the indicator grid
    assert "上海新能源科技成果转化与产业促进中心" in item.texts
    again = LibraryIndex(registry, tmp_path / "i.json")
    assert again.cached([tmp_path / "forms"])[0].texts == ""  # the list comes first; the texts are read after
    rescan = again.scan([tmp_path / "forms"])
    assert rescan.read == 0 and next(i for i in rescan.items if i.name == item.name).texts == ""  # not even then
    found = again.search_texts(rescan.items)
    assert sorted(found) == sorted(str(i.path) for i in rescan.items)
    assert "因为疫情的影响" in found[str(item.path)]


def test_texts_of_unchanged_files_survive_a_save_made_before_they_were_read(tmp_path, registry):
    folder = _folder(tmp_path)
    LibraryIndex(registry, tmp_path / "i.json").scan([folder])
    (folder / "2020" / "selfeval-2020-sast-01.evd").unlink()  # a change: the index is saved again
    assert LibraryIndex(registry, tmp_path / "i.json").scan([folder]).read == 0
    index = LibraryIndex(registry, tmp_path / "i.json")
    found = index.search_texts(index.cached([folder]))
    assert len(found) == 5 and "因为疫情的影响" in found[str(folder.resolve() / "selfeval-2021-newenergy.evd")]


def test_an_index_of_an_older_format_is_rebuilt_and_its_file_removed(tmp_path, registry):
    folder = _folder(tmp_path)
    old = tmp_path / "index.jsonl"  # format 3 and before: JSON lines beside where the index now is
    old.write_text('{"format": 3}\n{"path": "x"}\n', encoding="utf-8")
    (tmp_path / "index.json").write_text('{"format": 3, "items": []}', encoding="utf-8")
    assert LibraryIndex(registry, tmp_path / "index.json").scan([folder]).read == 6
    assert not old.exists() and LibraryIndex(registry, tmp_path / "index.json").scan([folder]).read == 0
