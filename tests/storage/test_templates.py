import json

from evaldesk.storage.paths import builtin_templates_dir
from evaldesk.storage.templates import load_templates


def test_a_unit_adds_its_own_template_by_dropping_a_file(tmp_path):
    data = json.loads((builtin_templates_dir() / "selfassess-shanghai.json").read_text(encoding="utf-8"))
    data.update(id="unit-2027", name="本单位 2027 自评表")
    # saved by Notepad: with its mark at the start
    (tmp_path / "unit.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8-sig")
    registry = load_templates(tmp_path)
    assert registry.get("unit-2027").name == "本单位 2027 自评表"
    assert "unit-2027" not in registry.builtin and "selfeval-national" in registry.builtin


def test_broken_user_templates_are_named_and_skipped_and_the_rest_still_loads(tmp_path):
    (tmp_path / "truncated.json").write_text('{"id": "x", "version": ', encoding="utf-8")
    (tmp_path / "wrong.json").write_text('{"id": "x", "version": 1}', encoding="utf-8")
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    clash = json.loads((builtin_templates_dir() / "selfeval-national.json").read_text(encoding="utf-8"))
    (tmp_path / "clash.json").write_text(json.dumps(clash), encoding="utf-8")
    registry = load_templates(tmp_path)
    assert len(registry.errors) == 4
    joined = "\n".join(registry.errors)
    for name in ("truncated.json", "wrong.json", "binary.json", "clash.json"):
        assert name in joined
    assert "第 1 行" in joined and "缺少" in joined and "重复" in joined
    assert len(list(registry)) == len(list(builtin_templates_dir().glob("*.json")))


def test_the_default_user_templates_folder_is_under_evaldesk_home(evaldesk_home):
    folder = evaldesk_home / "data" / "templates"
    folder.mkdir(parents=True)
    (folder / "bad.json").write_text("{", encoding="utf-8")
    assert any("bad.json" in e for e in load_templates().errors)


def test_a_user_template_of_the_wrong_shape_is_named_and_skipped_not_a_crash_at_start_up(tmp_path):
    base = json.loads((builtin_templates_dir() / "selfeval-national.json").read_text(encoding="utf-8"))
    shapes = {
        "span-text.json": {"layout": [{"block": "row", "cells": [{"span": "2"}]}]},
        "band-number.json": {"grade_bands": [90]},
        "options-number.json": {"fields": [{"key": "a", "label": "甲", "options": 5}]},
        "total-span-text.json": {"tables": [{**base["tables"][0], "total_span": "六"}]},
    }
    for name, change in shapes.items():
        (tmp_path / name).write_text(json.dumps({**base, "id": name, **change}, ensure_ascii=False), encoding="utf-8")
    registry = load_templates(tmp_path)
    assert sorted(e.split("”")[0].split("“")[1] for e in registry.errors) == sorted(shapes)
    by_file = {e.split("”")[0].split("“")[1]: e for e in registry.errors}
    assert "版面第 1 块的 span 应为正整数" in by_file.pop("span-text.json")  # the layout names the block
    assert all("结构不正确" in e for e in by_file.values())
    assert "selfeval-national" in registry


def test_asking_for_one_template_builds_that_one_only_and_the_same_object_stays(tmp_path, monkeypatch):
    import evaldesk.storage.templates as templates

    built = []
    real = templates.template_from_dict
    monkeypatch.setattr(templates, "template_from_dict", lambda data: built.append(data["id"]) or real(data))
    registry = load_templates(tmp_path)
    template = registry.get("selfeval-national")
    assert built == ["selfeval-national"] and "selfassess-shanghai" in registry  # `in` builds that one too
    assert registry.templates["selfeval-national"] is template and len(built) == len(registry.templates)


def test_a_unit_template_edited_on_disk_is_read_as_it_is_now_and_the_later_file_of_an_id_wins(tmp_path):
    data = json.loads((builtin_templates_dir() / "selfassess-shanghai.json").read_text(encoding="utf-8"))
    for name, title in (("a.json", "甲"), ("b.json", "乙")):
        (tmp_path / name).write_text(json.dumps({**data, "id": "unit", "name": title}, ensure_ascii=False), encoding="utf-8")
    assert load_templates(tmp_path).get("unit").name == "乙"
    (tmp_path / "b.json").write_text(json.dumps({**data, "id": "unit", "name": "丙"}, ensure_ascii=False), encoding="utf-8")
    assert load_templates(tmp_path).get("unit").name == "丙"
    (tmp_path / "b.json").write_text('{"id": "unit", "version": 1}', encoding="utf-8")  # broken: the earlier file serves
    registry = load_templates(tmp_path)
    assert registry.get("unit").name == "甲" and any("b.json" in e for e in registry.errors)
