from evaldesk.domain.form import Row, new_form
from evaldesk.domain.problems import evaluate


def codes(form):
    return {(p.code, str(p.where)) for p in evaluate(form)[1]}


def filled_national(registry):
    form = new_form(registry.get("selfeval-national"))
    form.fields.update(year="2021", project_name="p", department="d", implementer="i", goal_expected="e", goal_actual="a")
    form.funds = {"total": {"initial": "100", "annual": "100", "executed": "90"}}
    form.tables["indicators"] = [
        Row({"level1": "产出指标", "level2": "数量指标", "name": "a", "weight": "50", "score": "50"}),
        Row({"level1": "效益指标", "level2": "社会效益指标", "name": "b", "weight": "30", "score": "30"}),
        Row({"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "c", "weight": "10", "score": "10"}),
    ]
    return form


def test_a_complete_consistent_form_has_no_problems(registry):
    form = filled_national(registry)
    figures, problems = evaluate(form)
    assert problems == []
    assert figures.printed()["total_score"] == "99"


def test_score_above_weight_and_negative_are_errors(registry):
    form = filled_national(registry)
    form.tables["indicators"][0].values["score"] = "51"
    form.tables["indicators"][1].values["score"] = "-1"
    found = {p.code: p for p in evaluate(form)[1]}
    assert str(found["score-above-weight"].where) == "indicators[0].score"
    assert found["score-above-weight"].severity == "error"
    assert "51" in found["score-above-weight"].message and "50" in found["score-above-weight"].message
    assert str(found["score-negative"].where) == "indicators[1].score"


def test_lost_points_without_a_reason_are_flagged_at_the_reason_cell(registry):
    form = filled_national(registry)
    form.tables["indicators"][2].values["score"] = "8"
    assert ("deviation-missing", "indicators[2].deviation") in codes(form)
    form.tables["indicators"][2].values["deviation"] = "满意度调查样本偏少"
    assert ("deviation-missing", "indicators[2].deviation") not in codes(form)


def test_weights_must_reach_the_template_total_at_each_level(registry):
    form = filled_national(registry)
    form.tables["indicators"][0].values["weight"] = "45"
    found = codes(form)
    assert ("weight-total", "indicators.weight") in found
    assert ("category-weight", "indicators[0].level1") in found
    problems = {p.code: p.message for p in evaluate(form)[1]}
    # the indicators carry 85 of their 90; with the budget row's 10 the total row shows 95 of 100
    assert problems["weight-total"] == "分值合计 95，应为 100"


def test_execution_over_budget_is_a_warning_not_a_block(registry):
    form = filled_national(registry)
    form.funds["total"]["executed"] = "120"
    form.funds["carryover"] = {"annual": "5", "executed": "6"}
    found = codes(form)
    assert ("rate-above-100", "funds:total.executed") in found
    assert ("executed-above-budget", "funds:carryover.executed") in found
    assert evaluate(form)[0].printed()["budget_score"] == "10"


def test_funds_breakdown_must_add_up_to_the_total(registry):
    form = filled_national(registry)
    form.funds["appropriation"] = {"annual": "60"}
    form.funds["other"] = {"annual": "30"}
    assert ("funds-breakdown", "funds:total.annual") in codes(form)
    form.funds["other"]["annual"] = "40"
    assert ("funds-breakdown", "funds:total.annual") not in codes(form)


def test_unreadable_number_and_date_are_reported_where_they_are(registry):
    form = new_form(registry.get("selfassess-shanghai"))
    form.fields.update(budget_current="3,467,369.0O", eval_date="2019-13-45")
    found = {p.code: p for p in evaluate(form)[1]}
    assert str(found["bad-number"].where) == "field:budget_current"
    assert "当年预算数" in found["bad-number"].message
    assert str(found["bad-date"].where) == "field:eval_date"


def test_sub_budgets_must_add_up_to_the_annual_budget(registry):
    form = new_form(registry.get("declaration-shanghai"))
    form.fields["annual_budget"] = "4100000"
    form.tables["subbudgets"] = [Row({"name": n, "amount": a}) for n, a in
                                 [("a", "2900000"), ("b", "200000"), ("c", "450000"), ("d", "300000")]]
    found = {p.code: p for p in evaluate(form)[1]}
    assert "3,850,000.00" in found["subbudget-mismatch"].message
    form.tables["subbudgets"].append(Row({"name": "e", "amount": "250,000"}))
    assert "subbudget-mismatch" not in {p.code for p in evaluate(form)[1]}


def test_required_fields_are_listed_but_a_half_filled_form_still_evaluates(registry):
    form = new_form(registry.get("declaration-shanghai"))
    problems = evaluate(form)[1]
    assert ("required-empty", "field:project_name") in {(p.code, str(p.where)) for p in problems}
    assert all(p.message for p in problems)


def test_a_row_without_its_category_names_the_first_level_missing(registry):
    """Rows pasted from a workbook that merged its category cells arrive with blanks: an empty 二级 is
    as much a problem as an empty 一级 (only the first missing level is named)."""
    form = filled_national(registry)
    form.tables["indicators"][1].values["level2"] = ""
    form.tables["indicators"][2].values.update(level1="", level2="")
    found = [(p.code, str(p.where), p.message) for p in evaluate(form)[1] if p.code == "category-empty"]
    assert found == [("category-empty", "indicators[1].level2", "第 2 行“b”：未填二级指标"),
                     ("category-empty", "indicators[2].level1", "第 3 行“c”：未填一级指标")]
