"""Next year's drafts from this year's filed forms: nothing of this year's results left in them."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaldesk.domain.compute import compute
from evaldesk.domain.year import next_year, shift_date

FIXTURES = sorted(p.name for p in (Path(__file__).parents[1] / "fixtures").glob("*.evd"))
RESULT_COLUMNS = {"actual", "score", "deviation", "remark"}  # 实际完成值, 得分/自评分, 偏差原因, 备注 (Form B)
RESULT_FIELDS = {"goal_actual", "executed", "eval_date", "main_results", "main_problems", "improvements",
                 "previous_executed"}


def _raw(fixture_path, name):
    return json.loads(fixture_path(name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", FIXTURES)
def test_nothing_stale_is_left(name, load_fixture, fixture_path):
    draft = next_year(load_fixture(name), name).form
    raw = _raw(fixture_path, name)
    assert not RESULT_FIELDS & set(draft.fields)
    for rows in draft.tables.values():
        for row in rows:
            assert not RESULT_COLUMNS & set(row.values), row
            assert "declared_target" not in row.values
    for cells in draft.funds.values():
        assert set(cells) <= {"initial"}  # no 全年预算数 yet, no 全年执行数
    figures = compute(draft)
    assert figures.total_score is None and figures.execution_rate is None and figures.grade == ""
    assert "printed" not in draft.meta and draft.meta["previous_year"]["file"] == name
    if "year" in raw["fields"]:
        assert draft.fields["year"] == str(int(raw["fields"]["year"]) + 1)


@pytest.mark.parametrize("name", FIXTURES)
def test_targets_indicators_weights_and_texts_are_kept(name, load_fixture, fixture_path):
    raw = _raw(fixture_path, name)
    draft = next_year(load_fixture(name), name).form
    for key, rows in raw["tables"].items():
        kept = [{k: v for k, v in row.items() if k not in RESULT_COLUMNS} for row in rows]
        assert [r.values for r in draft.rows(key)] == kept
    for key in ("goal_expected", "annual_goal", "overview", "plan", "annual_goals", "department", "applicant"):
        if key in raw["fields"]:
            assert draft.fields[key] == raw["fields"][key]


def test_budgets_move_on(load_fixture):
    draft = next_year(load_fixture("selfeval-2021-newenergy.evd")).form  # 全年预算数 412,907.00
    assert draft.funds["total"] == {"initial": "412907.00"}
    declaration = next_year(load_fixture("declaration-2018-sast-01.evd")).form
    assert declaration.fields["previous_budget"] == "4100000"  # 同名项目上年预算额 ← 项目当年预算
    assess = next_year(load_fixture("selfassess-2019-stec-01.evd")).form
    assert assess.fields["budget_previous"] == "3,467,369.00"  # 上年预算金额 ← 当年预算数


def test_year_and_dates_move_and_the_project_name_follows(load_fixture):
    result = next_year(load_fixture("selfeval-2020-sast-01.evd"))
    assert result.year == "2021" and result.form.project_name == "2021 年市科协办公用房维修项目"
    declaration = next_year(load_fixture("declaration-2018-sast-01.evd")).form
    assert (declaration.fields["start_date"], declaration.fields["end_date"]) == ("2019年1月1日", "2019年12月31日")


def test_texts_still_naming_the_old_year_are_pointed_out(load_fixture):
    result = next_year(load_fixture("declaration-2018-sast-01.evd"))
    assert "年度绩效目标" in result.stale_texts  # "1、2018年星级学会评估…"


@pytest.mark.parametrize("typed,moved", [("2018年1月1日", "2019年1月1日"), ("2019-05-15", "2020-05-15"),
                                         ("2020/2/29", "2021/2/28"), ("不是日期", "不是日期"), ("", "")])
def test_shift_date_keeps_the_way_it_was_typed(typed, moved):
    assert shift_date(typed) == moved
