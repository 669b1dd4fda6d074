"""Hand-typed official-layout workbooks import with the seed forms' figures.

tests/fixtures/handtyped-*.xlsx are the seed forms typed by hand in the official layout, the way a
clerk types them in WPS — no evaldesk record, labels not merged, blank rows, amounts typed as text with
separators, full-width digits, a 万元 header, 一级 labels carrying their weight, a date cell. They were
made by the builder at the end of this file (`python tests/export/test_xlsx_handtyped.py` rebuilds
them); the tests read the committed files.
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from evaldesk.domain.compute import compute
from evaldesk.domain.numbers import parse_amount
from evaldesk.readers.workbook import read_workbook

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


# ---------------------------------------------------------------------------------------------- tests


def test_selfeval_2021_typed_by_hand_gives_87_16_under_the_round_up_template(registry, fixture_path, load_fixture):
    result = read_workbook(fixture_path("handtyped-selfeval-2021-newenergy.xlsx"), registry)
    figures = compute(result.form)
    assert result.form.template.id == "selfeval-national-roundup"  # the header prints 35.77%, not 35.76%
    assert figures.printed()["execution_rate"] == "35.77%"
    assert figures.printed()["budget_score"] == "3.58"
    assert figures.printed()["total_score"] == "87.16"
    assert any("selfeval-national-roundup" in note for note in result.notes)
    _same_rows_and_texts(result.form, load_fixture("selfeval-2021-newenergy.evd"))


def test_sast_2020_typed_in_wan_yuan_gives_91_under_the_sast_template(registry, fixture_path, load_fixture):
    result = read_workbook(fixture_path("handtyped-selfeval-2020-sast-01.xlsx"), registry)
    figures = compute(result.form)
    assert result.form.template.id == "selfeval-sast-2020"  # 总分 91 leaves the budget's 10 out
    assert result.form.amount_unit == "万元"
    assert figures.printed()["execution_rate"] == "92.40%"
    assert figures.printed()["total_score"] == "91"
    _same_rows_and_texts(result.form, load_fixture("selfeval-2020-sast-01.evd"))


def test_selfassess_typed_by_hand_gives_95_and_its_rate(registry, fixture_path, load_fixture):
    result = read_workbook(fixture_path("handtyped-selfassess-2019-stec-01.xlsx"), registry)
    figures = compute(result.form)
    assert result.form.template.id == "selfassess-shanghai"
    assert figures.printed()["total_score"] == "95"
    assert figures.grade == "优秀"
    assert figures.printed()["execution_rate"] == "96.00%"
    assert [g.weight for g in figures.groups["indicators"] if g.level == "level1"] == [36, 34, 15, 15]
    assert result.form.fields["eval_date"] == "2019-05-15"  # a date cell reads as a date
    assert not [n for n in result.notes if "无法归入" in n]
    _same_rows_and_texts(result.form, load_fixture("selfassess-2019-stec-01.evd"))


def test_declaration_typed_by_hand_gives_sub_budgets_adding_up_to_the_annual_budget(registry, fixture_path, load_fixture):
    result = read_workbook(fixture_path("handtyped-declaration-2018-sast-01.xlsx"), registry)
    form = result.form
    figures = compute(form)
    annual = parse_amount(form.fields["annual_budget"], form.amount_unit)
    assert annual == 4_100_000
    assert figures.table_sums["subbudgets"] == annual  # 2,900,000 + 200,000 + 450,000 + 300,000 + 250,000
    assert form.fields["project_type"] == "其他一次性项目"
    assert form.fields["fund_use"] == "其他事业专业类"
    assert form.fields["applicant"] == "上海市科学技术协会"
    _same_rows_and_texts(form, load_fixture("declaration-2018-sast-01.evd"))


def test_a_total_typed_wrong_by_hand_is_recomputed_and_reported_with_its_cell(registry, fixture_path, tmp_path):
    book = load_workbook(fixture_path("handtyped-selfeval-2020-sast-01.xlsx"))
    sheet = book.active
    total = next(row for row in sheet.iter_rows() if row[0].value == "总分")
    total[7].value = 93  # the clerk added the scores wrong
    sheet["H8"] = 9.5  # and typed a budget score by hand
    path = tmp_path / "wrong.xlsx"
    book.save(path)
    result = read_workbook(path, registry, template_id="selfeval-sast-2020")
    assert compute(result.form).printed()["total_score"] == "91"
    assert any(f"H{total[7].row}" in note and "“93”" in note and "“91”" in note for note in result.notes)
    assert any("H8" in note and "“9.5”" in note and "“10”" in note for note in result.notes)


def test_a_cell_that_fits_nowhere_is_reported_with_sheet_and_cell(registry, fixture_path, tmp_path):
    book = load_workbook(fixture_path("handtyped-selfassess-2019-stec-01.xlsx"))
    book.active["H3"] = "草稿，勿报"
    path = tmp_path / "extra.xlsx"
    book.save(path)
    notes = read_workbook(path, registry).notes
    assert any("自评表" in note and "H3" in note and "草稿，勿报" in note for note in notes)


def test_template_option_settles_what_the_sheet_cannot_tell(registry, fixture_path):
    result = read_workbook(fixture_path("handtyped-selfeval-2021-newenergy.xlsx"), registry, template_id="selfeval-national")
    assert result.form.template.id == "selfeval-national"
    assert compute(result.form).printed()["execution_rate"] == "35.76%"
    assert any("G8" in note and "35.77%" in note for note in result.notes)  # the header's rate now disagrees


def test_a_sheet_without_a_known_title_asks_for_the_template(registry, tmp_path):
    from evaldesk.readers.workbook import ImportFailed

    book = Workbook()
    book.active["A1"] = "某某统计表"
    book.active["A2"] = "项目名称"
    path = tmp_path / "unknown.xlsx"
    book.save(path)
    with pytest.raises(ImportFailed, match="--template"):
        read_workbook(path, registry)


def _same_rows_and_texts(imported, seed) -> None:
    """Everything the clerk typed came across: texts exactly, numbers as the same numbers."""
    for key, value in seed.fields.items():
        spec = seed.template.field(key)
        if spec.type in ("money", "number"):
            assert parse_amount(imported.fields[key], imported.amount_unit) == parse_amount(value, seed.amount_unit), key
        elif value:
            assert imported.fields.get(key) == value, key
    for key, rows in seed.tables.items():
        got = imported.tables[key]
        assert len(got) == len(rows), key
        for mine, theirs in zip(got, rows):
            for column, text in theirs.values.items():
                role = seed.template.table(key).column(column).role
                if role in ("weight", "score", "money"):
                    assert parse_amount(mine.get(column), "元") == parse_amount(text, "元")
                else:
                    assert mine.get(column) == text, (key, column)
    for row, columns in seed.funds.items():
        for column, text in columns.items():
            assert parse_amount(imported.fund(row, column), imported.amount_unit) == parse_amount(text, seed.amount_unit)


# ---------------------------------------------------------------------------------------------- builder


def typed(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.evd").read_text(encoding="utf-8"))


def put(ws, row: int, col: int, value) -> None:
    ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value:
        ws.cell(row=row, column=col).data_type = "s"


def selfeval(name: str, out: str, unit: str, title_merged: bool, printed: dict) -> None:
    """Form A: labels in their own cells, level names typed once per group (blank below)."""
    form = typed(name)
    fields, funds, rows = form["fields"], form.get("funds", {}), form["tables"]["indicators"]
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    put(ws, 1, 1, "财政项目支出绩效自评表")
    if title_merged:
        ws.merge_cells("A1:I1")
    put(ws, 2, 1, f"（{fields['year']}年度）")
    put(ws, 4, 1, "项目名称")
    put(ws, 4, 3, fields["project_name"])
    put(ws, 5, 1, "主管部门")
    put(ws, 5, 3, fields["department"])
    put(ws, 5, 6, "实施单位")
    put(ws, 5, 7, fields["implementer"])
    put(ws, 7, 1, f"项目资金（{unit}）")
    for col, label in enumerate(["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"], start=3):
        put(ws, 7, col, label)
    labels = {"total": "年度资金总额", "appropriation": "其中：当年财政拨款", "carryover": "上年结转资金", "other": "其他资金"}
    for offset, (key, label) in enumerate(labels.items()):
        row = 8 + offset
        put(ws, row, 2, label)
        for col, column in enumerate(["initial", "annual", "executed"], start=3):
            text = funds.get(key, {}).get(column, "")
            put(ws, row, col, _as_clerk_types(text, col))
        put(ws, row, 6, 10 if key == "total" else "—")
        put(ws, row, 7, printed["rate"] if key == "total" else "")
        put(ws, row, 8, float(printed["budget_score"]) if key == "total" else "—")
    put(ws, 12, 1, "年度总体目标")
    put(ws, 12, 2, "预期目标")
    put(ws, 12, 6, "实际完成情况")
    put(ws, 13, 2, fields["goal_expected"])
    put(ws, 13, 6, fields["goal_actual"])
    header = 15  # row 14 left blank, as clerks do
    put(ws, header, 1, "绩效指标")
    for col, label in enumerate(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                                 "偏差原因分析及改进措施"], start=2):
        put(ws, header, col, label)
    row = header
    previous = {}
    for index, values in enumerate(rows):
        row += 1
        if index == 3:
            row += 1  # a stray blank row inside the table
        for col, key in enumerate(["level1", "level2", "name", "target", "actual", "weight", "score", "deviation"], start=2):
            text = values.get(key, "")
            if key in ("level1", "level2") and previous.get("level1") == values["level1"] and (
                key == "level1" or previous.get("level2") == values["level2"]
            ):
                text = ""  # typed once per group, left blank below
            put(ws, row, col, float(text) if key in ("weight", "score") and text else text)
        previous = values
    row += 1
    put(ws, row, 1, "总分")
    put(ws, row, 7, float(printed["total_weight"]))
    put(ws, row, 8, float(printed["total_score"]))
    put(ws, row + 2, 1, "填报人：")
    put(ws, row + 2, 6, "联系电话：")
    wb.save(FIXTURES / out)


def _as_clerk_types(text: str, col: int):
    """Some amounts typed as numbers, some as text with separators, one with full-width digits."""
    if not text:
        return ""
    plain = text.replace(",", "")
    if col == 3:
        return f"{float(plain):,.2f}"
    if col == 5:
        return f"{float(plain):,.2f}".translate(FULL_WIDTH)
    return float(plain)


def selfassess(out: str) -> None:
    """Form B: label：value pairs, the 一级 label with its weight in full-width brackets, a date cell."""
    form = typed("selfassess-2019-stec-01")
    fields, rows = form["fields"], form["tables"]["indicators"]
    wb = Workbook()
    ws = wb.active
    ws.title = "自评表"
    put(ws, 1, 1, "项目绩效自我评价")
    pairs = [
        ("项目名称：", fields["project_name"], "预算单位：", fields["budget_unit"]),
        ("具体实施处（科室）：", fields["division"], "是否为经常性项目：", fields["recurring"]),
        ("当年预算数（元）：", fields["budget_current"], "上年预算金额（元）：", fields["budget_previous"]),
        ("预算执行数（元）：", fields["executed"], "预算执行率（%）：", "96.00%"),
    ]
    for offset, (label, value, label2, value2) in enumerate(pairs):
        put(ws, 3 + offset, 1, label)
        put(ws, 3 + offset, 2, value)
        put(ws, 3 + offset, 4, label2)
        put(ws, 3 + offset, 5, value2)
    singles = [("项目年度总目标：", fields["annual_goal"]), ("自评时间：", datetime(2019, 5, 15)),
               ("绩效等级：", "优秀"), ("主要绩效：", fields["main_results"]),
               ("主要问题：", fields["main_problems"]), ("改进措施：", fields["improvements"])]
    for offset, (label, value) in enumerate(singles):
        put(ws, 7 + offset, 1, label)
        put(ws, 7 + offset, 2, value)
    header = 15
    for col, label in enumerate(["一级指标", "指标名称", "指标解释", "权重", "自评分", "备注"], start=1):
        put(ws, header, col, label)
    weights = {"投入与管理": 36, "产出目标": 34, "效果目标": 15, "影响力目标": 15}
    row, previous = header, ""
    for values in rows:
        row += 1
        level = values["level1"]
        put(ws, row, 1, f"{level}（{weights[level]}分）" if level != previous else "")
        put(ws, row, 2, values.get("name", ""))
        put(ws, row, 3, values.get("explanation", ""))
        weight = values.get("weight", "")
        put(ws, row, 4, weight.translate(FULL_WIDTH) if level == "效果目标" else float(weight))
        put(ws, row, 5, float(values["score"]))
        put(ws, row, 6, values.get("remark", ""))
        previous = level
    row += 1
    put(ws, row, 1, "合计")
    put(ws, row, 4, 100)
    put(ws, row, 5, 95)
    put(ws, row + 1, 1, "说明：1、依据本项目应实现的绩效目标或工作计划，对照已完成的情况，进行绩效自评。")
    wb.save(FIXTURES / out)


def declaration(out: str) -> None:
    """Form C: checkbox lines over two rows, sub-budgets with amounts as text, goals grouped once."""
    form = typed("declaration-2018-sast-01")
    f, tables = form["fields"], form["tables"]
    wb = Workbook()
    ws = wb.active
    ws.title = "申报表"
    put(ws, 1, 1, "上海市财政支出项目绩效目标申报表")
    ws.merge_cells("A1:D1")
    put(ws, 2, 1, "（2018年）")
    put(ws, 3, 1, f"申报单位名称：{f['applicant']}")
    lines = [
        ("项目名称", f["project_name"]),
        ("项目类型", "□市委市政府已确定的新增项目  □结转项目  ☑其他一次性项目"),
        ("", "□经常性专项业务费  □其他经常性项目"),
        ("资金用途", "□基本建设工程类 □信息化建设类 □政策补贴类 □政府购买服务 □资产购置类 ☑其他事业专业类"),
    ]
    row = 4
    for label, value in lines:
        put(ws, row, 1, label)
        put(ws, row, 2, value)
        row += 1
    put(ws, row, 1, "开始时间")
    put(ws, row, 2, f["start_date"])
    put(ws, row, 3, "结束时间")
    put(ws, row, 4, f["end_date"])
    row += 1
    for label, key in [("项目概况", "overview"), ("立项依据", "basis"), ("项目设立的必要性", "necessity"),
                       ("保证项目实施的制度、措施", "safeguards")]:
        put(ws, row, 1, label)
        put(ws, row, 2, f[key])
        row += 1
    for label, key, label2, key2 in [("项目总预算（元）", "total_budget", "项目当年预算（元）", "annual_budget"),
                                     ("同名项目上年预算额（元）", "previous_budget", "同名项目上年预算执行数（元）", "previous_executed")]:
        put(ws, row, 1, label)
        put(ws, row, 2, f"{int(f[key]):,}")
        put(ws, row, 3, label2)
        put(ws, row, 4, int(f[key2]))
        row += 1
    put(ws, row, 1, "项目当年投入资金构成")
    put(ws, row, 2, "子项目名称")
    put(ws, row, 4, "预算金额（元）")
    for index, values in enumerate(tables["subbudgets"]):
        row += 1
        put(ws, row, 2, values["name"])
        amount = int(values["amount"])
        put(ws, row, 4, f"{amount:,.2f}" if index % 2 else amount)
    row += 2  # a blank row before the next block
    for label, key in [("项目实施计划", "plan"), ("项目总目标", "overall_goal"), ("年度绩效目标", "annual_goals")]:
        put(ws, row, 1, label)
        put(ws, row, 2, f[key])
        row += 1
    put(ws, row, 1, "分解目标")
    row += 1
    for col, label in enumerate(["分解目标内容", "绩效指标", "指标目标值"], start=1):
        put(ws, row, col, label)
    previous = ""
    for values in tables["goals"]:
        row += 1
        put(ws, row, 1, values["level1"] if values["level1"] != previous else "")
        put(ws, row, 2, values.get("name", ""))
        put(ws, row, 3, values.get("target", ""))
        previous = values["level1"]
    row += 1
    put(ws, row, 1, "备注")
    put(ws, row, 2, f.get("remarks", ""))
    wb.save(FIXTURES / out)


def build_all() -> None:
    selfeval("selfeval-2021-newenergy", "handtyped-selfeval-2021-newenergy.xlsx", "元", title_merged=False,
             printed={"rate": "35.77%", "budget_score": "3.58", "total_weight": "100", "total_score": "87.16"})
    selfeval("selfeval-2020-sast-01", "handtyped-selfeval-2020-sast-01.xlsx", "万元", title_merged=True,
             printed={"rate": "92.40%", "budget_score": "10", "total_weight": "100", "total_score": "91"})
    selfassess("handtyped-selfassess-2019-stec-01.xlsx")
    declaration("handtyped-declaration-2018-sast-01.xlsx")


if __name__ == "__main__":
    build_all()
