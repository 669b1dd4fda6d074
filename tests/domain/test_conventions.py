"""Issuer conventions as template settings: the figures published forms print, recomputed."""
from decimal import Decimal

import pytest

from evaldesk.domain.compute import compute, grade
from evaldesk.domain.conventions import Conventions, apply_to_data, conventions_of, describe, with_conventions
from evaldesk.domain.form import Row, new_form
from evaldesk.domain.problems import evaluate
from evaldesk.domain.template import TemplateError, template_from_dict


def test_hebei_prints_a_whole_percent_and_an_integer_budget_score(load_fixture, registry):
    form = load_fixture("selfeval-2019-hebei-langfang.evd")  # 廊坊 2019: 37.24 ÷ 43.2 万元 printed 86 %, 9
    figures = compute(form)
    printed = form.meta["printed"]
    assert figures.execution_rate_text == printed["execution_rate"] == "86%"  # 86.20 %
    assert figures.printed()["budget_score"] == printed["budget_score"] == "9"  # 10 × 86.20 % = 8.62
    assert figures.printed()["total_score"] == "98"
    c = conventions_of(form.template)
    assert (c.rate_decimals, c.budget_weight, c.score_decimals, c.budget_counted) == (0, 10, 0, True)
    form.template = registry.get("selfeval-national")
    under_national = compute(form)
    assert (under_national.execution_rate_text, under_national.printed()["budget_score"]) == ("86.20%", "8.62")


def test_chongqing_keeps_the_budget_score_to_one_decimal_from_the_printed_rate(registry):
    chongqing = with_conventions(registry.get("selfeval-national"), Conventions(
        rate_decimals=0, budget_weight=Decimal(10), score_decimals=1, score_basis="printed_rate"))
    form = new_form(chongqing)
    form.funds = {"total": {"annual": "1000", "executed": "761.9"}}  # 76.19 %, printed 76 %
    figures = compute(form)
    assert (figures.execution_rate_text, figures.printed()["budget_score"]) == ("76%", "7.6")


def test_ningxia_prints_the_rate_to_one_decimal_and_scores_no_budget(registry):
    ningxia = with_conventions(registry.get("selfeval-national"), Conventions(rate_decimals=1, budget_weight=None))
    form = new_form(ningxia)
    form.funds = {"total": {"annual": "100000", "executed": "86480"}}
    form.tables["indicators"] = [Row({"level1": "产出指标", "weight": "100", "score": "95"})]
    figures = compute(form)
    assert figures.execution_rate_text == "86.5%"
    assert figures.budget_score is None
    assert figures.printed()["total_weight"] == "100" and figures.printed()["total_score"] == "95"
    assert not [p for p in evaluate(form)[1] if p.code == "weight-total"]  # they rightly carry 100


def test_hubei_budget_row_worth_20_leaves_80_to_the_indicators(registry):
    hubei = with_conventions(registry.get("selfeval-national"), Conventions(budget_weight=Decimal(20)))
    form = new_form(hubei)
    form.funds = {"total": {"annual": "200", "executed": "180"}}
    form.tables["indicators"] = [Row({"level1": "产出指标", "weight": "80", "score": "76"})]
    figures = compute(form)
    assert figures.printed()["budget_score"] == "18"  # 20 分 × 90 %
    assert figures.printed()["total_weight"] == "100" and figures.printed()["total_score"] == "94"
    assert hubei.scored_table.total_weight == 80


def test_an_uncapped_budget_score_goes_past_its_weight_only_when_the_issuer_says_so(registry):
    national = registry.get("selfeval-national")
    uncapped = with_conventions(national, Conventions(budget_weight=Decimal(10), score_capped=False))
    for template, printed in ((national, "10"), (uncapped, "10.5")):
        form = new_form(template)
        form.funds = {"total": {"annual": "100", "executed": "105"}}
        assert compute(form).printed()["budget_score"] == printed


@pytest.mark.parametrize("mode, printed", [("half_up", "86.5%"), ("down", "86.4%"), ("up", "86.5%")])
def test_rate_rounding_modes_at_one_decimal(registry, mode, printed):
    template = with_conventions(registry.get("selfeval-national"),
                                Conventions(rate_rounding=mode, rate_decimals=1, budget_weight=Decimal(10)))
    form = new_form(template)
    form.funds = {"total": {"annual": "100000", "executed": "86449"}}
    assert compute(form).execution_rate_text == {"half_up": "86.4%", "down": "86.4%", "up": "86.5%"}[mode]
    form.funds["total"]["executed"] = "86480"
    assert compute(form).execution_rate_text == printed


def test_a_grade_boundary_can_belong_to_the_band_below(registry):
    shanghai = registry.get("selfassess-shanghai")
    below = with_conventions(shanghai, Conventions(boundary_to_upper=False))
    assert [grade(Decimal(v), shanghai) for v in (90, 75, 60)] == ["优秀", "良好", "合格"]
    assert [grade(Decimal(v), below) for v in (90, "90.01", 75, 60, "59.99")] == ["良好", "优秀", "合格", "不合格", "不合格"]


def test_category_weights_and_their_labels_are_settings(registry):
    national = registry.get("selfeval-national")
    c = conventions_of(national)
    assert dict(c.category_weights) == {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
    changed = with_conventions(national, Conventions(
        budget_weight=Decimal(10), weights_in_label=True,
        category_weights=(("产出指标", Decimal(40)), ("效益指标", Decimal(30)), ("满意度指标", Decimal(20)))))
    table = changed.scored_table
    assert [(k.name, k.weight) for k in table.categories] == [("产出指标", 40), ("效益指标", 30), ("满意度指标", 20)]
    assert table.group_label.format(name="产出指标", weight="40") == "产出指标(40分)"
    assert conventions_of(changed).weights_in_label


def test_conventions_read_back_from_the_data_they_were_written_into(registry):
    for template in registry:
        c = conventions_of(template)
        assert conventions_of(template_from_dict(apply_to_data(template.source, c))) == c


def test_a_template_file_with_an_unknown_setting_is_refused_in_one_sentence(registry):
    data = apply_to_data(registry.get("selfeval-national").source, Conventions(budget_weight=Decimal(10)))
    data["execution_rate"]["decimals"] = 3
    with pytest.raises(TemplateError, match="执行率的 decimals"):
        template_from_dict(data)


def test_conventions_are_described_in_a_clerks_words(registry):
    lines = describe(conventions_of(registry.get("selfeval-sast-2020")))
    assert lines[0] == "执行率：保留两位小数，四舍五入"
    assert "不计入总分" in lines[1]


def test_grade_bands_and_their_bounds_are_settings(registry):
    national = registry.get("selfeval-national")
    assert conventions_of(national).grade_bands == (("优", 90), ("良", 80), ("中", 60), ("差", 0))
    stricter = with_conventions(national, Conventions(grade_bands=(
        ("优秀", Decimal(95)), ("良好", Decimal("85.5")), ("合格", Decimal(60)), ("不合格", Decimal(0)))))
    assert [grade(Decimal(v), stricter) for v in (95, "94.995", "94.99", "85.5", 85, 60, 59)] == \
        ["优秀", "优秀", "良好", "良好", "合格", "合格", "不合格"]  # 94.995 prints as 95, 94.99 as itself
    assert [grade(Decimal(v), national) for v in (95, 90, 85)] == ["优", "优", "良"]
    assert describe(conventions_of(stricter))[-1] == \
        "等级：优秀 95 分及以上，良好 85.5（含）–95 分，合格 60（含）–85.5 分，不合格 60 分以下"


@pytest.mark.parametrize("bands, message", [
    ((("优", 90), ("良", 90), ("差", 0)), "等级应从高到低排列：“良”的下限 90 分不低于上一档“优”的下限 90 分，两档重叠"),
    ((("优", 80), ("良", 90), ("差", 0)), "等级应从高到低排列：“良”的下限 90 分不低于上一档“优”的下限 80 分，两档重叠"),
    ((("优", 90), (" ", 80)), "第 2 档等级没有名称"),
    ((("优", 90), ("优", 80)), "等级“优”出现了两次"),
    ((("优", 120), ("良", 80)), "“优”的下限 120 分应在 0 到 100 分之间"),
    ((("优", 90), ("差", -1)), "“差”的下限 -1 分应在 0 到 100 分之间"),
])
def test_grade_bands_that_overlap_or_climb_are_refused_in_chinese(registry, bands, message):
    bands = tuple((name, Decimal(bound)) for name, bound in bands)
    with pytest.raises(TemplateError) as refused:
        with_conventions(registry.get("selfeval-national"), Conventions(grade_bands=bands))
    assert str(refused.value) == f"等级（grade_bands）：{message}"


def test_the_column_order_of_an_unscored_indicator_table_is_a_setting_too(registry):
    monitor = registry.get("monitor-national")
    order = conventions_of(monitor).column_order
    assert order == ("level1", "level2", "name", "target", "half_year", "likelihood", "remark")
    moved = ("level1", "level2", "name", "likelihood", "target", "half_year", "remark")
    changed = with_conventions(monitor, Conventions(column_order=moved))
    assert tuple(c.key for c in changed.table("indicators").columns) == moved
    assert changed.table("indicators").column("likelihood").choices == ("确定能", "有可能", "不可能")


def test_a_moved_column_keeps_its_width_on_the_paper(registry):
    shanghai = registry.get("selfassess-shanghai")  # 一级指标 | 指标名称 | 指标解释 | 权重 | 自评分 | 备注
    widths = dict(zip((c.key for c in shanghai.table("indicators").columns), shanghai.columns))
    moved = with_conventions(shanghai, Conventions(
        column_order=("level1", "name", "weight", "score", "explanation", "remark"), boundary_to_upper=True))
    keys = [c.key for c in moved.table("indicators").columns]
    assert keys == ["level1", "name", "weight", "score", "explanation", "remark"]
    assert list(moved.columns) == [widths[key] for key in keys]
    assert widths["explanation"] > widths["weight"]  # the wide 指标解释 stays wide where it went
    assert moved.table("indicators").total_span == 2  # 合计 stops before 权重
