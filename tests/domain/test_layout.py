"""The layout is read once into typed blocks, with every default resolved and every mistake named."""
import json

import pytest

from evaldesk.domain import layout as lay
from evaldesk.domain.template import TemplateError, template_from_dict
from evaldesk.storage.paths import builtin_templates_dir


def national(**changes):
    data = json.loads((builtin_templates_dir() / "selfeval-national.json").read_text("utf-8"))
    data.update(changes)
    return data


def test_defaults_are_resolved_when_the_template_is_read():
    data = national(layout=[{"block": "title"}, {"block": "notes"}, {"block": "signature"}], notes="说明：按规定填写。")
    title, notes, signature = template_from_dict(data).blocks
    assert title.lines == (lay.TitleLine("财政项目支出绩效自评表", "title"),)
    assert notes.text == "说明：按规定填写。"
    assert signature.items == tuple(data["signature"]) and signature.stamp == "单位（盖章）"


def test_goal_slots_sit_where_the_paper_has_them():
    goals = next(b for b in template_from_dict(national()).blocks if b.kind == "goals")
    assert [(s.row, s.col, s.colspan, s.rowspan, s.kind, s.text or s.key) for s in goals.slots] == [
        (0, 0, 1, 2, "label", "年度总体目标"), (0, 1, 4, 1, "header", "预期目标"), (0, 5, 4, 1, "header", "实际完成情况"),
        (1, 1, 4, 1, "field", "goal_expected"), (1, 5, 4, 1, "field", "goal_actual")]


def test_column_roles_and_the_scored_funds_row_live_on_the_specs():
    template = template_from_dict(national())
    columns = {c.key: c for c in template.table("indicators").columns}
    assert columns["deviation"].long and not columns["name"].long
    assert columns["level1"].is_level and columns["weight"].is_figure and not columns["target"].is_figure
    assert template.funds.scored_row == "total" and template.funds.is_scored("total") and not template.funds.is_scored("other")


@pytest.mark.parametrize("layout, words", [
    ([{"block": "row", "cells": [{"label": "甲", "span": 2}]}], "版面第 1 块共占 2 列，与模板的 9 列不符"),
    ([{"block": "row", "cells": [{"field": "nothing", "span": 9}]}], "版面第 1 块引用了不存在的字段“nothing”"),
    ([{"block": "picture"}], "版面第 1 块的 block 只能是"),
    ([{"block": "title", "lines": [{"text": "甲", "style": "huge"}]}], "标题样式只能是"),
    ([{"block": "table", "table": "nope"}], "引用了不存在的表格“nope”"),
    ([{"block": "row", "cells": [{"computed": "mood", "span": 9}]}], "computed"),
])
def test_a_wrong_layout_is_refused_with_a_sentence_naming_the_block(layout, words):
    with pytest.raises(TemplateError, match=words):
        template_from_dict(national(layout=layout))


def test_fill_leaves_a_blank_to_write_on_only_in_titles(registry):
    from evaldesk.domain.form import new_form

    form = new_form(registry.get("selfeval-national"))
    assert lay.fill("项目资金（{unit}）", form) == "项目资金（元）"
    assert lay.fill("（{year} 年度）", form) == "（ 年度）"
    assert lay.fill("（{year} 年度）", form, title=True) == f"（{lay.TITLE_BLANK} 年度）"
    form.fields["year"] = "2021"
    assert lay.fill("（{year} 年度）", form, title=True) == "（2021 年度）"
