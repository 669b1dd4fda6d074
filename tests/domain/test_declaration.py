"""From the two filed 2018 declarations (Form C) to self-evaluation drafts (Form A)."""
from __future__ import annotations

import json

import pytest

from evaldesk.domain.compute import compute
from evaldesk.domain.declaration import (DECLARED_TARGET, DeclarationError, declared_indicators,
                                         self_evaluation_draft, split)
from evaldesk.storage.evd import load_form, save_form

DECLARATIONS = ("declaration-2018-sast-01.evd", "declaration-2018-sast-02.evd")


def _goals(fixture_path, name):
    """The declaration's 分解目标 read straight from the file, not through the code under test."""
    data = json.loads(fixture_path(name).read_text(encoding="utf-8"))
    return data["fields"], data["tables"]["goals"]


@pytest.mark.parametrize("name", DECLARATIONS)
@pytest.mark.parametrize("template_id", ["selfeval-national", "selfeval-sast-2020"])
def test_every_declared_target_lands_in_the_grid_under_a_category_of_the_template(
        name, template_id, load_fixture, fixture_path, registry):
    fields, goals = _goals(fixture_path, name)
    template = registry.get(template_id)
    form = self_evaluation_draft(load_fixture(name), template, "/forms/" + name)
    rows = form.rows("indicators")
    placed = [(r.get("name"), r.get("target"), r.get(DECLARED_TARGET)) for r in rows if r.get("name")]
    assert sorted(placed) == sorted((g["name"], g["target"], g["target"]) for g in goals)
    categories = {c.name: c.children for c in template.table("indicators").categories}
    for row in rows:
        assert row.get("level2") in categories[row.get("level1")]
    assert form.project_name == fields["project_name"]
    assert form.text("year") == fields["year"] == "2018"
    assert form.text("goal_expected") == fields["annual_goals"]
    assert form.text("department") == form.text("implementer") == fields["applicant"]
    assert form.meta["declaration"]["file"] == "/forms/" + name
    assert form.meta["declaration"]["indicators"] == len(goals)


def test_the_budget_comes_over_in_the_templates_unit(load_fixture, registry):
    declaration = load_fixture("declaration-2018-sast-01.evd")  # 项目当年预算 4,100,000 元
    in_yuan = self_evaluation_draft(declaration, registry.get("selfeval-national"))
    in_wan = self_evaluation_draft(declaration, registry.get("selfeval-sast-2020"))
    assert in_yuan.funds == {"total": {"initial": "4100000", "annual": "4100000"}}
    assert in_wan.amount_unit == "万元" and in_wan.funds == {"total": {"initial": "410", "annual": "410"}}


def test_indicators_go_where_their_names_say(load_fixture, registry):
    form = self_evaluation_draft(load_fixture("declaration-2018-sast-01.evd"), registry.get("selfeval-national"))
    where = {r.get("name"): (r.get("level1"), r.get("level2")) for r in form.rows("indicators")}
    assert where["完成相关工作情况时效"] == ("产出指标", "时效指标")
    assert where["参与学会数"] == ("产出指标", "数量指标")
    assert where["学会建设和经济贡献"] == ("效益指标", "经济效益指标")
    assert where["评估及助力合作满意度"] == ("满意度指标", "服务对象满意度指标")  # declared under 影响力目标


def test_weights_are_the_national_rule_as_a_proposal(load_fixture, registry):
    """产出 50, 效益 30, 满意度 10 (+ the budget row's 10): the draft totals 100 with no weight problem."""
    form = self_evaluation_draft(load_fixture("declaration-2018-sast-02.evd"), registry.get("selfeval-national"))
    figures = compute(form)
    by_category = {g.name: g.weight for g in figures.groups["indicators"] if g.level == "level1"}
    assert by_category == {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
    assert figures.total_weight == 100
    assert form.meta["declaration"]["weights"] == "proposed"


def test_a_template_that_does_not_count_the_budget_gives_its_10_to_output(load_fixture, registry):
    form = self_evaluation_draft(load_fixture("declaration-2018-sast-01.evd"), registry.get("selfeval-sast-2020"))
    figures = compute(form)
    assert {g.name: g.weight for g in figures.groups["indicators"] if g.level == "level1"} == {
        "产出指标": 60, "效益指标": 30, "满意度指标": 10}
    assert figures.total_weight == 100


def test_the_link_and_the_declared_targets_survive_save_and_reopen(load_fixture, registry, tmp_path):
    form = self_evaluation_draft(load_fixture("declaration-2018-sast-01.evd"), registry.get("selfeval-national"), "d.evd")
    save_form(form, tmp_path / "自评.evd")
    again = load_form(tmp_path / "自评.evd", registry)
    assert again.meta["declaration"]["file"] == "d.evd"
    assert [r.get(DECLARED_TARGET) for r in again.rows("indicators")] == [r.get(DECLARED_TARGET) for r in form.rows("indicators")]


def test_only_a_declaration_and_only_a_self_evaluation_template(load_fixture, registry):
    with pytest.raises(DeclarationError, match="不是绩效目标申报表"):
        self_evaluation_draft(load_fixture("selfeval-2021-newenergy.evd"), registry.get("selfeval-national"))
    with pytest.raises(DeclarationError, match="请选择自评表模板"):
        self_evaluation_draft(load_fixture("declaration-2018-sast-01.evd"), registry.get("selfassess-shanghai"))


def test_declared_indicators_read_in_order(load_fixture):
    names = [i.name for i in declared_indicators(load_fixture("declaration-2018-sast-01.evd"))]
    assert names[:3] == ["人员投入", "管理制度", "参与学会数"] and len(names) == 9


@pytest.mark.parametrize("total,count,shares", [(50, 3, [17, 17, 16]), (10, 3, [4, 3, 3]), (30, 4, [8, 8, 7, 7]),
                                                 (2, 3, ["0.67", "0.67", "0.66"])])
def test_split_adds_up_exactly(total, count, shares):
    from decimal import Decimal

    result = split(Decimal(total), count)
    assert result == [Decimal(str(s)) for s in shares] and sum(result) == total


def test_split_of_a_27_digit_weight_adds_up_exactly():
    from decimal import Decimal

    total = Decimal("9" * 27)  # past what a template may hold (20 digits); rounded by numbers.round_to
    result = split(total, 7)
    assert sum(result) == total and max(result) - min(result) == 1


def test_a_declaration_laid_out_like_the_national_grid_keeps_its_own_second_level(registry, load_fixture):
    """Newer declarations print 一级/二级 columns (产出指标 / 质量指标): those map onto the self-evaluation's."""
    from evaldesk.domain.form import Form, Row
    from evaldesk.domain.template import template_from_dict

    source = json.loads(json.dumps(registry.get("declaration-shanghai").source))
    goals = next(t for t in source["tables"] if t["key"] == "goals")
    goals["columns"] = [{"key": "level1", "label": "一级指标", "role": "level1"},
                        {"key": "level2", "label": "二级指标", "role": "level2"},
                        {"key": "name", "label": "三级指标", "role": "text"}, {"key": "target", "label": "指标值"}]
    goals["categories"], goals["default_rows"] = [], []
    source["id"] = "declaration-national-grid"
    template = template_from_dict(source)
    declaration = Form(template, "元", {"project_name": "植树造林", "year": "2026"}, tables={"goals": [
        Row({"level1": "产出指标", "level2": "质量指标", "name": "成活株数", "target": "≥1000株"}),
        Row({"level1": "效益指标", "level2": "生态效益指标", "name": "覆盖面积", "target": "50亩"}),
        Row({"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "居民评价", "target": "≥90%"})]})
    form = self_evaluation_draft(declaration, registry.get("selfeval-national"))
    where = {r.get("name"): (r.get("level1"), r.get("level2"), r.get("target")) for r in form.rows("indicators")}
    assert where["成活株数"] == ("产出指标", "质量指标", "≥1000株")  # not 数量指标, the default for 产出
    assert where["覆盖面积"] == ("效益指标", "生态效益指标", "50亩")
    assert where["居民评价"] == ("满意度指标", "服务对象满意度指标", "≥90%")
