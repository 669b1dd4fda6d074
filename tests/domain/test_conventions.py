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
