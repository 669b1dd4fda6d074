from decimal import Decimal

from evaldesk.domain.compute import budget_score, compute, grade, group_label
from evaldesk.domain.form import Row, new_form
from evaldesk.domain.places import cell_place
from evaldesk.domain.template import BudgetScoreSpec


def test_the_2021_form_computes_its_printed_total(load_fixture):
    figures = compute(load_fixture("selfeval-2021-newenergy.evd"))
    assert figures.execution_rate_text == "35.77%"
    assert figures.printed()["budget_score"] == "3.58"
    assert figures.indicator_weight == 90
    assert figures.printed()["total_weight"] == "100"
    assert figures.printed()["total_score"] == "87.16"
    assert figures.grade == "良"


def test_the_same_form_under_the_half_up_template_prints_35_76(load_fixture, registry):
    form = load_fixture("selfeval-2021-newenergy.evd")
    form.template = registry.get("selfeval-national")
    figures = compute(form)
    assert figures.execution_rate_text == "35.76%"
    assert figures.printed()["total_score"] == "87.16"  # the score uses the exact ratio either way


def test_budget_score_is_proportional_capped_and_from_the_exact_ratio():
    proportional, threshold = BudgetScoreSpec(), BudgetScoreSpec("full_at_threshold", threshold=Decimal("0.8"))
    assert budget_score(Decimal("147663.64") / Decimal("412907"), Decimal(10), proportional) == Decimal("3.58")
    assert budget_score(Decimal("1.2"), Decimal(10), proportional) == Decimal("10.00")
    assert budget_score(Decimal("0.8375"), Decimal(10), threshold) == Decimal("10.00")
    assert budget_score(Decimal("0.5"), Decimal(10), threshold) == Decimal("5.00")


def test_grade_bands_include_their_lower_bound(registry):
    shanghai = registry.get("selfassess-shanghai")
    assert grade(Decimal(95), shanghai) == "优秀"
    assert grade(Decimal(90), shanghai) == "优秀"
    assert grade(Decimal("89.5"), shanghai) == "良好"
    assert grade(Decimal(75), shanghai) == "良好"
    assert grade(Decimal("59.99"), shanghai) == "不合格"
    national = registry.get("selfeval-national")
    assert [grade(Decimal(v), national) for v in (100, 90, 89.99, 80, 60, 0)] == ["优", "优", "良", "良", "中", "差"]


def shanghai_form(registry, rows):
    form = new_form(registry.get("selfassess-shanghai"))
    form.tables["indicators"] = [Row({"level1": g, "name": n, "weight": w, "score": s}) for g, n, w, s in rows]
    return form


def test_group_weights_are_derived_for_the_labels(registry):
    form = shanghai_form(registry, [
        ("投入与管理", "a", "8", "8"), ("投入与管理", "b", "6", "6"), ("产出目标", "c", "7", "7"),
        ("投入与管理", "d", "5", "5"),
    ])
    figures = compute(form)
    spec = form.template.table("indicators")
    groups = figures.groups["indicators"]
    assert [(g.name, g.start, g.stop, g.weight) for g in groups] == [
        ("投入与管理", 0, 2, 14), ("产出目标", 2, 3, 7), ("投入与管理", 3, 4, 5)]
    assert group_label(spec, groups[0]) == "投入与管理 (14分)"


def test_a_typo_in_a_weight_is_remembered_not_counted_as_zero_silently(registry):
    form = shanghai_form(registry, [("投入与管理", "a", "8x", "8"), ("投入与管理", "b", "6", "6")])
    figures = compute(form)
    assert figures.indicator_weight == 6
    assert cell_place("indicators", 0, "weight") in figures.bad_numbers


def test_no_scores_typed_means_no_total_and_no_grade(registry):
    form = new_form(registry.get("selfeval-national"))
    figures = compute(form)
    assert figures.total_score is None and figures.grade == ""


def test_sast_rule_keeps_the_budget_outside_the_total(registry):
    form = new_form(registry.get("selfeval-sast-2020"))
    form.funds = {"total": {"initial": "110", "annual": "110", "executed": "101.64"}}
    form.tables["indicators"] = [Row({"level1": "产出指标", "weight": "100", "score": "91"})]
    figures = compute(form)
    assert figures.execution_rate_text == "92.40%"
    assert figures.printed()["budget_score"] == "10"
    assert figures.printed()["total_weight"] == "100"
    assert figures.printed()["total_score"] == "91"
