"""Checks the template's data asks for: amounts that must make up their total (template "sums") and
cells that may hold only the column's choices (完成目标可能性), on real forms transcribed from their sources."""
from __future__ import annotations

import json

import pytest

from evaldesk.domain.problems import evaluate
from evaldesk.domain.template import TemplateError, template_from_dict
from evaldesk.storage import paths
from evaldesk.storage.evd import load_form


def found(form, code):
    return [p for p in evaluate(form)[1] if p.code == code]


def example(registry, name):
    return load_form(paths.examples_dir() / f"example-{name}.evd", registry)


def test_a_likelihood_outside_the_three_choices_is_an_error_naming_the_row(load_fixture, registry):
    typo = found(load_fixture("checks/monitor-2019-huangshi-likelihood-typo.evd"), "bad-choice")
    assert [str(p.where) for p in typo] == ["indicators[1].likelihood"]
    assert typo[0].severity == "error"
    assert typo[0].message == "第 2 行：完成目标可能性只能填“确定能”“有可能”“不可能”之一，现为“可能”"
    assert evaluate(example(registry, "monitor"))[1] == []  # the Huangshi form as filed: 确定能 twice


@pytest.mark.parametrize("text, bad", [("有可能", False), ("不可能", False), (" 确定能 ", False), ("", False),
                                       ("能", True), ("确定", True), ("yes", True)])
def test_only_the_listed_likelihoods_pass(registry, text, bad):
    form = example(registry, "monitor")
    form.tables["indicators"][0].values["likelihood"] = text
    assert bool(found(form, "bad-choice")) is bad


def test_the_years_funds_not_making_up_the_years_total_is_a_problem(load_fixture, registry):
    off = found(load_fixture("checks/declaration-2026-putuo-sums-off.evd"), "funds-breakdown")
    assert [str(p.where) for p in off] == ["field:annual_total"]
    assert off[0].message == ("年度资金申请总额 226,145,100.00 元，而当年财政拨款、上年结转资金、其他资金合计 "
                              "221,145,100.00 元，与之不符（相差 5,000,000.00 元）")


def test_the_projects_cumulative_total_is_never_compared_with_the_years_amounts(registry):
    filed = example(registry, "declaration-2021")  # 项目资金总额 771,325,800 over the project; 226,145,100 this year
    assert filed.fields["total_funds"] != filed.fields["annual_total"]
    assert found(filed, "funds-breakdown") == []


def test_a_part_named_with_qizhong_may_be_less_than_its_total_but_never_more(registry):
    form = example(registry, "declaration-2021")
    form.fields["total_fiscal"] = "700000000"
    assert found(form, "funds-breakdown") == []
    form.fields["total_fiscal"] = "800000000"
    [above] = found(form, "funds-breakdown")
    assert str(above.where) == "field:total_funds"
    assert above.message == "项目资金总额 771,325,800.00 元，而财政资金合计 800,000,000.00 元，超过了项目资金总额"


def test_a_funds_block_is_checked_column_by_column_with_the_columns_name(registry):
    form = example(registry, "monitor")  # 年度资金总额 and 其中：当年财政拨款 both 220 / 87.57 万元
    form.funds["other"] = {"half_year": "10"}
    [off] = found(form, "funds-breakdown")
    assert str(off.where) == "funds:total.half_year"
    assert off.message.startswith("年度资金总额·1-6月执行数 87.57 万元，而当年财政拨款、其他资金合计 97.57 万元")


def read_template(name):
    return json.loads((paths.builtin_templates_dir() / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("change, words", [
    (lambda d: d["sums"][1]["parts"].append("field.nowhere"), "field.nowhere"),
    (lambda d: d["sums"].append({"total": "field.annual_total"}), "parts"),
    (lambda d: d["tables"][0]["columns"][3].update(choices="确定能"), "choices"),
])
def test_sums_and_choices_that_cannot_be_used_are_refused_in_one_sentence(change, words):
    data = read_template("declaration-shanghai-2021")
    change(data)
    with pytest.raises(TemplateError, match=words):
        template_from_dict(data)


def test_the_choices_and_the_sums_are_the_templates_data_not_code(registry):
    likelihood = registry.get("monitor-national").table("indicators").column("likelihood")
    assert likelihood.choices == ("确定能", "有可能", "不可能") and likelihood.short_label == "完成目标可能性"
    sums = registry.get("declaration-shanghai-2021").sums
    assert [(s.total, s.complete) for s in sums] == [("field.total_funds", False), ("field.annual_total", True)]


def test_a_likelihood_short_of_certain_asks_for_the_reason_and_the_measures(registry):
    form = example(registry, "monitor")  # as the Huangshi form's footnote asks: 有可能 / 不可能 → 原因 and 举措
    form.tables["indicators"][1].values["likelihood"] = "有可能"
    asked = found(form, "reason-missing")
    assert [(str(p.where), p.message) for p in asked] == [
        ("field:deviation", "第 2 行的完成目标可能性为“有可能”，请填写“偏差或不能完成目标原因分析”"),
        ("field:measures", "第 2 行的完成目标可能性为“有可能”，请填写“相关建议或举措（纠偏措施）”")]
    form.tables["indicators"][0].values["likelihood"] = "不可能"
    form.fields["deviation"] = "申遗文本编制进度滞后于计划"
    [asked] = found(form, "reason-missing")
    assert asked.message == "第 1、2 行的完成目标可能性为“有可能”“不可能”，请填写“相关建议或举措（纠偏措施）”"
    form.fields["measures"] = "加快文本编制，下半年完成专家评审"
    assert found(form, "reason-missing") == []


def test_a_reason_asked_in_a_field_the_template_lacks_is_refused():
    data = read_template("monitor-national")
    data["tables"][0]["columns"][5]["reason"]["fields"] = ["deviation", "nowhere"]
    with pytest.raises(TemplateError, match="不存在的字段“nowhere”"):
        template_from_dict(data)
