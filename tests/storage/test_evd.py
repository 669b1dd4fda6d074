import json
import os
import stat

import pytest

from evaldesk.domain.form import Row, new_form
from evaldesk.storage.atomic import SaveError, backup_path
from evaldesk.storage.evd import DocumentError, changed_on_disk, disk_state, load_form, save_form
from evaldesk.storage.migrations import CURRENT_VERSION

NASTY = "第一行\n第二行\r\n\t制表符 “引号” 'single' \\ 反斜杠 😀 𠀀 ＡＢＣ１２３ =SUM(A1) \u200b end"


def test_typed_text_survives_save_and_reopen_exactly(tmp_path, registry):
    form = new_form(registry.get("selfeval-national"))
    form.fields["goal_expected"] = NASTY * 300  # well over 10,000 characters
    form.fields["project_name"] = "  leading and trailing spaces  "
    form.tables["indicators"][0].values.update(name=NASTY, weight="１０", score="9.999")
    path = tmp_path / "表单 一.evd"
    save_form(form, path)
    again = load_form(path, registry)
    assert len(again.fields["goal_expected"]) > 10_000
    assert again.fields["goal_expected"] == form.fields["goal_expected"]
    assert again.fields["project_name"] == "  leading and trailing spaces  "
    assert again.tables["indicators"][0].values["name"] == NASTY
    assert again.same_content(form)


def test_file_is_readable_utf8_json_with_version_and_template(tmp_path, registry):
    path = tmp_path / "a.evd"
    save_form(new_form(registry.get("selfassess-shanghai")), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "evaldesk-form" and data["format_version"] == CURRENT_VERSION
    assert data["template"]["id"] == "selfassess-shanghai" and data["template"]["version"] == 1
    assert "项目绩效自我评价" in path.read_text(encoding="utf-8")  # not \u-escaped


def test_saving_keeps_the_previous_version_as_a_backup(tmp_path, load_fixture):
    form = load_fixture("selfeval-2021-newenergy.evd")
    path = tmp_path / "f.evd"
    save_form(form, path)
    first = path.read_bytes()
    form.fields["project_name"] = "改过的名称"
    save_form(form, path)
    assert backup_path(path).read_bytes() == first
    assert "改过的名称" in path.read_text(encoding="utf-8")


def test_a_file_changed_by_someone_else_is_noticed(tmp_path, load_fixture):
    path = tmp_path / "f.evd"
    state = save_form(load_fixture("selfeval-2021-newenergy.evd"), path)
    assert not changed_on_disk(path, state)
    path.write_text(path.read_text(encoding="utf-8").replace("新能源", "旧能源"), encoding="utf-8")
    assert changed_on_disk(path, state)
    assert not changed_on_disk(path, disk_state(path))


@pytest.mark.parametrize("content, words", [
    (b"", "空文件"),
    (b'{"format": "evaldesk-form", "format_version": 1, "template": {"id": "selfeval-nat', "已损坏或不完整"),
    (b"PK\x03\x04\x14\x00\x06\x00binary\xff\xfe", "不是 evaldesk 表单文件"),
    (b'{"name": "something else"}', "不是 evaldesk 表单文件"),
    (b'[1, 2, 3]', "不是 evaldesk 表单文件"),
    (b'{"format": "evaldesk-form", "format_version": 99, "app_version": "9.0"}', "更新版本"),
    (b'{"format": "evaldesk-form", "format_version": "x"}', "格式版本"),
    (b'{"format": "evaldesk-form", "format_version": 1, "template": {"id": "nowhere", "version": 1}}', "nowhere"),
    (b'{"format": "evaldesk-form", "format_version": 1, "template": {"id": "selfeval-national", "version": 1},'
     b' "fields": {"project_name": 12}}', "结构不正确"),
    (b'{"format": "evaldesk-form", "format_version": 1, "template": {"id": "selfeval-national", "version": 1},'
     b' "tables": {"indicators": "oops"}}', "结构不正确"),
])
def test_damaged_foreign_or_newer_files_give_a_clear_message(tmp_path, registry, content, words):
    path = tmp_path / "bad.evd"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=words):
        load_form(path, registry)
    assert path.read_bytes() == content  # nothing is lost by trying


def test_a_missing_file_is_a_document_error(tmp_path, registry):
    with pytest.raises(DocumentError, match="无法打开"):
        load_form(tmp_path / "nope.evd", registry)


def test_a_form_made_with_a_units_own_template_opens_where_that_template_is_unknown(tmp_path, registry):
    from evaldesk.domain.template import template_from_dict
    from evaldesk.storage.templates import TemplateRegistry

    data = json.loads(json.dumps(registry.get("selfassess-shanghai").source))
    data.update(id="unit-own", name="本单位自评表")
    form = new_form(template_from_dict(data))
    form.tables["indicators"] = [Row({"level1": "投入与管理", "weight": "36"})]
    save_form(form, tmp_path / "own.evd")
    again = load_form(tmp_path / "own.evd", TemplateRegistry())
    assert again.template.name == "本单位自评表" and again.same_content(form)


def test_a_failed_save_leaves_the_old_file_and_no_temporary(tmp_path, load_fixture, monkeypatch):
    import errno
    import os

    form = load_fixture("selfeval-2021-newenergy.evd")
    path = tmp_path / "f.evd"
    save_form(form, path)
    before = path.read_bytes()

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    form.fields["project_name"] = "不会保存"
    with pytest.raises(SaveError) as failure:
        save_form(form, path)
    assert "磁盘空间不足" in failure.value.strerror
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.evd"]


def test_windows_line_endings_do_not_matter(tmp_path, registry, fixture_path):
    text = fixture_path("selfeval-2021-newenergy.evd").read_text(encoding="utf-8")
    path = tmp_path / "crlf.evd"
    path.write_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"))
    assert load_form(path, registry).same_content(load_form(fixture_path("selfeval-2021-newenergy.evd"), registry))


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_saving_keeps_the_files_permissions_and_a_new_file_is_not_owner_only(tmp_path, load_fixture):
    form = load_fixture("selfeval-2021-newenergy.evd")
    shared = tmp_path / "shared.evd"
    shared.write_bytes(b"")
    shared.chmod(0o664)  # a form on a folder the whole office reads
    save_form(form, shared)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o664
    new = tmp_path / "new.evd"
    save_form(form, new)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("make, words", [
    (lambda folder: folder / "moved.evd", "找不到文件"),
    (lambda folder: folder, "是文件夹"),
])
def test_a_file_that_cannot_be_opened_is_described_as_opening_not_saving(tmp_path, registry, make, words):
    with pytest.raises(DocumentError) as raised:
        load_form(make(tmp_path), registry)
    assert words in str(raised.value)
    assert "保存" not in str(raised.value) and "文件夹“" not in str(raised.value)
