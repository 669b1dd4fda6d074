"""部门整体支出绩效自评表: a goal's score is its indicators' scores × 权重比例 ÷ 100 (Tianjin style), an
indicator's score is 得分系数 × 指标权重 (Chongqing 2021), and the total adds the budget row to either.
The Chongqing example is transcribed from a filed form and must recompute the figures that form prints."""
from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaldesk.domain.compute import compute
from evaldesk.domain.edits import InsertRows, RemoveRows, SetCell
from evaldesk.domain.form import Row, new_form
from evaldesk.domain.numbers import format_score, round_half_up
from evaldesk.domain.problems import evaluate
from evaldesk.domain.recalc import Recalculator
from evaldesk.domain.sheet import DERIVED, build_sheet
from evaldesk.domain.template import TemplateError, template_from_dict
from evaldesk.storage import paths
from evaldesk.storage.evd import load_form
from evaldesk.storage.paths import builtin_templates_dir

TIANJIN, CHONGQING = "example-dept-selfeval.evd", "example-dept-selfeval-cq.evd"


def example(registry, name):
    return load_form(paths.examples_dir() / name, registry)


def goal_scores_by_hand(form) -> dict[str, Decimal]:
    """The rule, worked from the typed rows alone: Σ 得分 of the goal's indicators × 权重比例 ÷ 100, half up."""
    scores: dict[str, Decimal] = {}
    for row in form.rows("indicators"):
        scores[row.get("goal")] = scores.get(row.get("goal"), Decimal(0)) + Decimal(row.get("score"))
    return {goal.get("goal"): round_half_up(scores[goal.get("goal")] * Decimal(goal.get("ratio")) / 100)
            for goal in form.rows("goals")}


def test_the_chongqing_form_recomputes_the_figures_it_prints(registry):
    form = example(registry, CHONGQING)
    assert "m.yzwku.com/doc/98587.html" in form.meta["source"]
    figures, problems = evaluate(form)
    printed = form.meta["printed"]
    assert figures.execution_rate_text == printed["execution_rate"] == "76%"
    assert format_score(figures.budget_weight) == printed["budget_weight"]
    assert format_score(figures.budget_score) == printed["budget_score"] == "7.6"  # 76 % × 10, one decimal
    assert format_score(figures.total_score) == printed["total_score"] == "97.6"
    assert not problems, [p.message for p in problems]


def test_each_chongqing_score_is_its_coefficient_times_its_weight(registry):
    form = example(registry, CHONGQING)
    figures = compute(form)
    for index, row in enumerate(form.rows("indicators")):
        expected = Decimal(row.get("coefficient").rstrip("%")) * Decimal(row.get("weight")) / 100
        assert figures.numbers[_cell(index, "score")] == expected
    assert figures.indicator_score == sum(Decimal(r.get("weight")) for r in form.rows("indicators"))  # all at 100 %


def test_a_lower_coefficient_lowers_the_score_and_the_total(registry):
    form = example(registry, CHONGQING)
    at = next(i for i, r in enumerate(form.rows("indicators")) if r.get("name") == "播发稿件数量")  # 指标权重 10
    recalc = Recalculator(form)
    figures, _ = recalc.update(SetCell("indicators", at, "coefficient", "85%").apply(form)[1])
    assert figures.numbers[_cell(at, "score")] == Decimal("8.50")
    assert format_score(figures.total_score) == "96.1"  # 97.6 − 1.5
    assert figures.printed() == compute(form).printed()


def test_the_score_column_of_a_coefficient_table_is_derived_and_ignores_typed_text(registry):
    form = example(registry, CHONGQING)
    spec = form.template.table("indicators")
    assert spec.column("score").derived and not spec.column("weight").derived
    form.rows("indicators")[0].values["score"] = "99"  # as a hand-edited file might hold it
    assert format_score(compute(form).total_score) == "97.6"


def test_each_tianjin_goal_score_is_its_indicators_scores_times_its_ratio(registry):
    form = example(registry, TIANJIN)
    figures, problems = evaluate(form)
    by_hand = goal_scores_by_hand(form)
    for index, goal in enumerate(form.rows("goals")):
        assert figures.numbers[_cell(index, "weighted", "goals")] == by_hand[goal.get("goal")]
    # 99.21 × 40 % = 39.684 → 39.68; 98.29 × 50 % = 49.145 → 49.15 (half up, never to even)
    assert [format_score(v) for v in by_hand.values()] == ["39.68", "49.15"]
    assert figures.budget_score == Decimal("9.62")  # 1,291.37 ÷ 1,342.80 = 96.17 %
    assert figures.total_score == sum(by_hand.values()) + figures.budget_score
    assert (format_score(figures.goal_ratio), format_score(figures.total_weight), figures.grade) == ("90", "100", "优")
    assert not problems, [p.message for p in problems]


def test_editing_an_indicator_moves_its_goal_and_the_total_incrementally(registry):
    form = example(registry, TIANJIN)
    recalc = Recalculator(form)
    edits = [SetCell("indicators", 3, "score", "20.21"),  # 政府采购执行率, under 目标一 (40 %)
             SetCell("goals", 1, "ratio", "45"),
             SetCell("indicators", 8, "goal", "目标一：保障机构正常运转")]  # 读者满意度 moved to the other goal
    for edit in edits:
        figures, problems = recalc.update(edit.apply(form)[1])
        fresh, fresh_problems = evaluate(form)
        assert figures.printed() == fresh.printed() and dict(figures.numbers) == dict(fresh.numbers)
        assert [p.as_dict() for p in problems] == [p.as_dict() for p in fresh_problems]
    by_hand = goal_scores_by_hand(form)
    assert figures.total_score == sum(by_hand.values()) + figures.budget_score


def test_a_goal_without_scored_indicators_has_no_score_yet(registry):
    form = example(registry, TIANJIN)
    for row in form.rows("indicators"):
        if row.get("goal").startswith("目标二"):
            row.values.pop("score")
    figures = compute(form)
    assert figures.numbers.get(_cell(1, "weighted", "goals")) is None
    assert figures.indicator_score == Decimal("39.68")


@pytest.mark.parametrize("template_id", ["dept-selfeval-tianjin", "dept-selfeval-chongqing-2021"])
def test_the_blank_prints_no_total(registry, template_id):
    blank = new_form(registry.get(template_id))
    figures = compute(blank)
    assert figures.total_score is None
    sheet = build_sheet(blank, figures)
    derived = [c.text for row in sheet.rows for c in row.cells if c.kind == DERIVED and c.text not in ("", "—")]
    assert derived == ["10"], derived  # only the budget row's 分值, printed on every blank form


def _cell(row, column, table="indicators"):
    from evaldesk.domain.places import cell_place
    return cell_place(table, row, column)


def _tianjin_data():
    return json.loads((builtin_templates_dir() / "dept-selfeval-tianjin.json").read_text("utf-8"))


def test_a_goals_table_must_weigh_a_table_that_exists(registry):
    data = _tianjin_data()
    data["tables"][0]["goals_of"] = "targets"
    with pytest.raises(TemplateError, match="goals_of 指向不存在的表格“targets”"):
        template_from_dict(data)


def test_a_goals_table_needs_its_ratio_column(registry):
    data = copy.deepcopy(_tianjin_data())
    goals = data["tables"][0]
    goals["columns"] = [c for c in goals["columns"] if c.get("role") != "ratio"]
    goals["columns"][1]["span"] += 1
    with pytest.raises(TemplateError, match="缺少权重比例"):
        template_from_dict(data)


def test_indicators_under_a_goal_the_goals_table_does_not_name_are_reported_not_counted(registry):
    form = example(registry, TIANJIN)
    form.rows("indicators")[8].values["goal"] = "目标三：读者满意"  # 读者满意度 (25 分) under a goal nobody weighed
    figures, problems = evaluate(form)
    found = {(p.code, str(p.where)): p.message for p in problems}
    assert found[("goal-unknown", "indicators[8].goal")] == "第 9 行起的指标所属目标“目标三：读者满意”不在年度绩效目标中，不计入总分"
    # 目标二 now weighs 75 分 of indicators at 50 %: 87.5 + 40 (目标一) + 10 (budget) = 87.5 ≠ 100
    assert "合计 87.5 分，应为 100 分" in found[("goal-weight-total", "goals.ratio")]
    assert figures.numbers[_cell(1, "weighted", "goals")] == Decimal("36.65")  # (98.29 − 25) × 50 %


def test_a_goal_with_no_indicators_is_reported(registry):
    form = example(registry, TIANJIN)
    form.rows("goals")[1].values["goal"] = "目标二：提升公共阅读服务水平"
    problems = {(p.code, str(p.where)) for p in evaluate(form)[1]}
    assert ("goal-without-indicators", "goals[1].goal") in problems
    assert ("goal-unknown", "indicators[4].goal") in problems


def test_a_new_form_has_rows_to_fill_and_no_goal_problem_yet(registry):
    blank = new_form(registry.get("dept-selfeval-tianjin"))
    assert len(blank.rows("goals")) == 3 and len(blank.rows("indicators")) == 6
    assert {p.code for p in evaluate(blank)[1]} == {"required-empty"}


GOALS = ["目标一：保障机构正常运转", "目标二：提升公共阅读服务", "目标三", ""]
NUMBERS = ["", "0", "10", "25", "40", "24.21", "x", "100%", "85%", "-5"]


@st.composite
def dept_edits(draw, form):
    """An edit a clerk could make to either kind: any cell of either table, rows inserted or removed."""
    tables = [t.key for t in form.template.tables]
    table = draw(st.sampled_from(tables))
    rows = len(form.rows(table))
    kind = draw(st.sampled_from(["cell", "cell", "cell", "insert", "remove"]))
    if kind == "insert" or not rows:
        return InsertRows(table, draw(st.integers(0, rows)), [Row({})])
    if kind == "remove":
        return RemoveRows(table, draw(st.integers(0, rows - 1)), 1)
    column = draw(st.sampled_from([c.key for c in form.template.table(table).columns]))
    text = draw(st.sampled_from(GOALS if column == "goal" else NUMBERS))
    return SetCell(table, draw(st.integers(0, rows - 1)), column, text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), name=st.sampled_from([TIANJIN, CHONGQING]))
def test_goal_and_coefficient_figures_kept_edit_by_edit_equal_a_fresh_count(registry, data, name):
    form = example(registry, name)
    recalc = Recalculator(form)
    for _ in range(data.draw(st.integers(1, 15))):
        _, touched = data.draw(dept_edits(form)).apply(form)
        figures, problems = recalc.update(touched)
        fresh, fresh_problems = evaluate(form)
        assert figures.printed() == fresh.printed() and figures.goal_ratio == fresh.goal_ratio
        assert dict(figures.numbers) == dict(fresh.numbers) and dict(figures.bad_numbers) == dict(fresh.bad_numbers)
        assert problems == fresh_problems
