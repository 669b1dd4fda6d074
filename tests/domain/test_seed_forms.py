"""The real forms of shared/seeds/, transcribed into tests/fixtures/, computed again by evaldesk.

Each fixture carries in meta.printed the figures its paper form prints; evaldesk must arrive at the
same figures from the typed rows alone, and must report what the paper got wrong instead of copying it.
"""
import json
from decimal import Decimal

import pytest

from evaldesk.cli import main
from evaldesk.domain.compute import group_label
from evaldesk.domain.edits import SetCell, SetField
from evaldesk.domain.numbers import format_money, format_rate, parse_number
from evaldesk.domain.places import cell_place, field_place
from evaldesk.domain.problems import evaluate
from evaldesk.storage import paths
from evaldesk.storage.evd import load_form

# fixture -> the problems the paper form really has: (code, place)
# A qualitative score outside the band of its result (比较及时 → 60–80 % of 分值) with no reason written is
# one of them: SCORING.md's bands (tests/domain/test_scoring.py lists why each filed score departs).
SEED_FORMS = {
    "selfeval-2021-newenergy.evd": set(),
    "selfeval-2020-sast-01.evd": set(),
    "selfeval-2020-sast-02.evd": {
        ("deviation-missing", "indicators[2].deviation"),
        ("score-outside-band", "indicators[2].score"),
    },
    "selfeval-2020-sast-03.evd": {
        ("deviation-missing", "indicators[2].deviation"),
        ("deviation-missing", "indicators[3].deviation"),
        ("deviation-missing", "indicators[4].deviation"),
        ("score-outside-band", "indicators[2].score"),
    },
    "selfeval-2020-sast-06.evd": set(),
    "selfeval-2020-sast-14.evd": set(),
    "selfassess-2019-stec-01.evd": set(),
    "selfassess-2019-stec-02.evd": set(),
    "declaration-2018-sast-01.evd": set(),
    "declaration-2018-sast-02.evd": set(),
}
MONEY_FIGURES = ("annual_budget", "subbudget_total")


def official_figures(form, figures) -> dict[str, str]:
    """What evaldesk prints for the form: the scored figures, and for Form C the sub-budget sum."""
    official = figures.printed()
    if "subbudgets" in figures.table_sums:
        official["subbudget_total"] = format_money(figures.table_sums["subbudgets"])
        official["annual_budget"] = format_money(figures.numbers.get(field_place("annual_budget")))
    return official


def same_figure(key: str, computed: str, printed: str) -> bool:
    """Text as printed; amounts by value, since the paper prints 4100000 where evaldesk prints 4,100,000.00."""
    if key in MONEY_FIGURES:
        return parse_number(computed) == parse_number(printed)
    return computed == printed


@pytest.mark.parametrize("name", sorted(SEED_FORMS))
def test_every_figure_printed_on_the_seed_form_is_recomputed(load_fixture, name):
    form = load_fixture(name)
    printed = form.meta["printed"]
    assert printed, "the fixture must carry the figures printed on paper"
    assert form.meta["source"].startswith("shared/seeds/")
    official = official_figures(form, evaluate(form)[0])
    for key, text in printed.items():
        assert same_figure(key, official[key], text), f"{name}: {key} computed {official[key]!r}, paper {text!r}"


@pytest.mark.parametrize("name", sorted(SEED_FORMS))
def test_each_seed_form_has_exactly_its_known_problems(load_fixture, name):
    problems = evaluate(load_fixture(name))[1]
    assert {(p.code, str(p.where)) for p in problems} == SEED_FORMS[name]
    assert all(p.severity == "warning" for p in problems)


# --------------------------------------------------------------------- the headline figures of FORMS.md


def test_2021_national_rule_counts_the_budget_row_for_87_16(load_fixture):
    form = load_fixture("selfeval-2021-newenergy.evd")
    figures = evaluate(form)[0]
    assert figures.printed()["total_score"] == "87.16"
    assert figures.budget_score == Decimal("3.58")
    assert figures.indicator_weight == 90 and figures.total_weight == 100
    # the finance system's header rounds up; the clerk typed the half-up rate in the indicator row
    assert figures.execution_rate_text == "35.77%"
    assert format_rate(figures.execution_rate, "half_up") == form.rows("indicators")[0].get("actual") == "35.76%"


def test_sast_2020_first_form_is_91_with_the_budget_row_shown_but_not_counted(load_fixture):
    form = load_fixture("selfeval-2020-sast-01.evd")
    figures = evaluate(form)[0]
    assert figures.printed()["total_score"] == "91"
    assert figures.total_weight == figures.indicator_weight == 100
    assert figures.total_score == figures.indicator_score
    assert figures.budget_score == 10 and figures.execution_rate_text == "92.40%"


@pytest.mark.parametrize("name, rate", [
    ("selfeval-2020-sast-03.evd", "95.74%"),  # 45 ÷ 47 = 95.7446…%
    ("selfeval-2020-sast-06.evd", "99.34%"),  # 350.19 ÷ 352.5 = 99.3447…%
])
def test_sast_rates_round_half_up_to_two_decimals(load_fixture, name, rate):
    assert evaluate(load_fixture(name))[0].execution_rate_text == rate


def test_sast_rate_of_83_75_percent_still_earns_the_full_10(load_fixture):
    figures = evaluate(load_fixture("selfeval-2020-sast-14.evd"))[0]
    assert figures.execution_rate_text == "83.75%"
    assert figures.budget_score == 10
    assert figures.printed()["total_score"] == "88"


def test_form_b_first_form_is_95_with_group_weights_derived(load_fixture):
    form = load_fixture("selfassess-2019-stec-01.evd")
    figures = evaluate(form)[0]
    assert figures.printed()["total_score"] == "95"
    assert figures.grade == "优秀"
    spec = form.template.table("indicators")
    labels = [group_label(spec, g) for g in figures.groups["indicators"] if g.level == "level1"]
    assert labels == ["投入与管理 (36分)", "产出目标 (34分)", "效果目标 (15分)", "影响力目标 (15分)"]


@pytest.mark.parametrize("name, exact, header", [
    ("selfassess-2019-stec-01.evd", "95.66%", "96.00%"),  # 3,316,815 ÷ 3,467,369
    ("selfassess-2019-stec-02.evd", "99.02%", "99.00%"),  # 554,501 ÷ 560,000
])
def test_form_b_header_rate_is_printed_to_a_whole_percent(load_fixture, name, exact, header):
    form = load_fixture(name)
    figures, problems = evaluate(form)
    assert figures.execution_rate_text == header == form.meta["printed"]["execution_rate"]
    assert format_rate(figures.execution_rate, "half_up") == exact
    # the clerk's remark on the 预算执行率 row gives the exact rate, as the paper does
    remark = next(row.get("remark") for row in form.rows("indicators") if row.get("name") == "预算执行率")
    assert exact in remark
    assert not [p for p in problems if p.code.startswith("rate")]


def test_form_c_sub_budgets_add_up_to_4_100_000(load_fixture):
    form = load_fixture("declaration-2018-sast-01.evd")
    figures, problems = evaluate(form)
    amounts = [parse_number(row.get("amount")) for row in form.rows("subbudgets")]
    assert amounts == [2900000, 200000, 450000, 300000, 250000]
    assert figures.table_sums["subbudgets"] == Decimal(4100000) == figures.numbers[field_place("annual_budget")]
    assert form.text("project_type") == "其他一次性项目" and form.text("fund_use") == "其他事业专业类"
    assert problems == []


# ------------------------------------------------------------- inconsistencies reported, never copied


def test_the_15_to_13_row_without_a_reason_is_flagged_at_its_reason_cell(load_fixture):
    form = load_fixture("selfeval-2020-sast-02.evd")
    problems = evaluate(form)[1]
    [problem] = [p for p in problems if p.code == "deviation-missing"]
    assert problem.where == cell_place("indicators", 2, "deviation")
    assert form.rows("indicators")[2].get("name") == "项目完成及时性"
    assert "项目完成及时性" in problem.message and "13/15" in problem.message
    # the row that lost 9 points explains why on paper, so it is not flagged
    assert form.rows("indicators")[5].get("deviation") and evaluate(form)[0].printed()["total_score"] == "89"


def test_a_reason_typed_by_the_clerk_clears_the_problem(load_fixture):
    form = load_fixture("selfeval-2020-sast-02.evd")
    SetCell("indicators", 2, "deviation", "部分环节工作进度管理有待加强。").apply(form)
    assert evaluate(form)[1] == []


def test_total_is_computed_from_the_rows_not_copied_from_paper(load_fixture):
    form = load_fixture("selfeval-2020-sast-01.evd")
    SetCell("indicators", 6, "score", "7").apply(form)  # 长效机制 6 → 7
    assert evaluate(form)[0].printed()["total_score"] == "92"


def test_seed_weights_reach_the_template_total_and_a_typo_is_reported(load_fixture):
    form = load_fixture("selfeval-2020-sast-01.evd")
    assert evaluate(form)[0].indicator_weight == form.template.table("indicators").total_weight == 100
    SetCell("indicators", 3, "weight", "12").apply(form)  # 办公用房安全性 11 → 12
    problems = {p.code: p for p in evaluate(form)[1]}
    assert str(problems["weight-total"].where) == "indicators.weight"
    assert "101" in problems["weight-total"].message and "100" in problems["weight-total"].message


def test_form_b_group_weight_off_its_category_is_reported_at_the_group(load_fixture):
    form = load_fixture("selfassess-2019-stec-01.evd")
    SetCell("indicators", 1, "weight", "7").apply(form)  # 资金使用的合规性 6 → 7: 投入与管理 37
    found = {(p.code, str(p.where)) for p in evaluate(form)[1]}
    assert ("category-weight", "indicators[0].level1") in found
    assert ("weight-total", "indicators.weight") in found


def test_form_c_sub_budgets_against_another_annual_budget_are_reported(load_fixture):
    form = load_fixture("declaration-2018-sast-01.evd")
    SetField("annual_budget", "3600000").apply(form)  # the 上年预算额, typed in the wrong cell
    [problem] = evaluate(form)[1]
    assert problem.code == "subbudget-mismatch" and str(problem.where) == "subbudgets.amount"
    assert "4,100,000.00" in problem.message and "3,600,000.00" in problem.message


# ---------------------------------------------------------------------------------- the command line


@pytest.mark.parametrize("name", sorted(SEED_FORMS))
def test_check_json_prints_the_official_figures(capsys, fixture_path, load_fixture, name):
    assert main(["check", "--json", str(fixture_path(name))]) == 0
    report = json.loads(capsys.readouterr().out)
    form = load_fixture(name)
    assert report["template"] == form.template.id and report["project_name"] == form.project_name
    if "subbudgets" in report["table_sums"]:
        report["subbudget_total"] = report["table_sums"]["subbudgets"]
    printed = {k: v for k, v in form.meta["printed"].items() if k != "annual_budget"}  # a typed field, not a figure
    for key, text in printed.items():
        assert same_figure(key, report[key], text), f"{name}: {key} reported {report[key]!r}, paper {text!r}"
    assert {(p["code"], p["where"]) for p in report["problems"]} == SEED_FORMS[name]


def test_check_text_report_names_the_problem_for_the_clerk(capsys, fixture_path):
    assert main(["check", "--strict", str(fixture_path("selfeval-2020-sast-02.evd"))]) == 1
    out = capsys.readouterr().out
    assert "得分合计：89" in out and "执行率：99.93%" in out
    assert "indicators[2].deviation" in out and "项目完成及时性" in out
    assert main(["check", "--strict", str(fixture_path("selfeval-2020-sast-01.evd"))]) == 0
    assert "问题：无" in capsys.readouterr().out
    assert main(["check", str(fixture_path("declaration-2018-sast-01.evd"))]) == 0
    assert "子项目预算合计：4,100,000.00" in capsys.readouterr().out


# ------------------------------------------------------------------------ examples for the start page

EXAMPLES = {
    "example-selfeval.evd": "selfeval-2021-newenergy.evd",
    "example-selfassess.evd": "selfassess-2019-stec-01.evd",
    "example-declaration.evd": "declaration-2018-sast-01.evd",
}


@pytest.mark.parametrize("example, fixture", sorted(EXAMPLES.items()))
def test_start_page_examples_are_the_seed_forms(registry, load_fixture, example, fixture):
    path = paths.examples_dir() / example
    form = load_form(path, registry)
    assert form.same_content(load_fixture(fixture))
    assert evaluate(form)[1] == []
    assert {p.name for p in paths.examples_dir().glob("*.evd")} >= set(EXAMPLES)
