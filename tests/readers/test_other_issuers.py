"""项目支出绩效自评表 as other provinces print it, typed as a clerk would, imported without --template.

Each workbook is built here the way it is typed in Excel or WPS: merged labels, amounts as text, the
category's weight inside its label, a colon after a label, 本年 for 当年, columns in the issuer's order,
指标性质 and 度量单位 in columns of their own. The import must find the issuer's conventions from the
figures the sheet prints, say what it found and on what evidence, and recompute the printed rate, budget
score and total exactly.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from openpyxl import Workbook

from evaldesk.domain.compute import compute
from evaldesk.domain.conventions import conventions_of
from evaldesk.domain.sheet import build_sheet
from evaldesk.readers.workbook import read_workbook

NATIONAL = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
FUNDS = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]


@dataclass
class Layout:
    """One issuer's sheet: what is typed where."""

    title: str = "项目支出绩效自评表"
    unit_label: str = "项目资金（万元）"
    total_label: str = "年度资金总额"
    appropriation_label: str = "其中：当年财政拨款"
    funds: tuple = ()  # initial, annual, executed, weight, rate, score — as typed (text or number)
    rate_format: str = ""  # "0%" when the rate cell holds a number formatted as a percentage
    header: list[str] = field(default_factory=lambda: list(NATIONAL))
    rows: list[dict[str, str]] = field(default_factory=list)  # by header label
    weights_in_labels: dict[str, str] = field(default_factory=dict)  # 产出指标 -> 产出指标(50分)
    total: tuple = ()  # 分值, 得分 of the 总分 row


def build(layout: Layout, path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "自评表"
    width = 1 + len(layout.header)
    put = lambda row, col, value: sheet.cell(row=row, column=col, value=value)  # noqa: E731

    put(1, 1, "附件1")
    put(2, 1, layout.title)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    put(3, 1, "（2022年度）")
    sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=width)
    put(4, 1, "项目名称"), put(4, 3, "委托业务项目")
    sheet.merge_cells("A4:B4")
    put(5, 1, "主管部门"), put(5, 3, "某县财政局"), put(5, 6, "实施单位"), put(5, 7, "某镇人民政府")
    sheet.merge_cells("A5:B5")
    put(6, 1, layout.unit_label)
    sheet.merge_cells(start_row=6, start_column=1, end_row=10, end_column=1)
    for col, label in enumerate(FUNDS, start=3):
        put(6, col, label)
    for row, label in ((7, layout.total_label), (8, layout.appropriation_label), (9, "上年结转资金"), (10, "其他资金")):
        put(row, 2, label)
    for col, value in enumerate(layout.funds, start=3):
        if value != "":
            cell = put(7, col, value)
            if col == 7 and layout.rate_format:
                cell.number_format = layout.rate_format
    for col, value in enumerate(layout.funds[:3], start=3):
        put(8, col, value)
    put(11, 1, "年度总体目标"), put(11, 2, "预期目标"), put(11, 6, "实际完成情况")
    sheet.merge_cells(start_row=11, start_column=1, end_row=12, end_column=1)
    put(12, 2, "完成委托业务 50 项。"), put(12, 6, "完成委托业务 50 项。")
    put(13, 1, "绩效指标")
    for col, label in enumerate(layout.header, start=2):
        put(13, col, label)
    row = 14
    previous = {}
    for values in layout.rows:
        for col, label in enumerate(layout.header, start=2):
            text = values.get(label, "")
            if label == "一级指标":
                if text == previous.get(label):
                    continue  # merged on paper: typed once
                text = layout.weights_in_labels.get(text, text)
            if label == "二级指标" and values.get(label) == previous.get(label) and \
                    values.get("一级指标") == previous.get("一级指标"):
                continue
            if text:
                put(row, col, text)
        previous = values
        row += 1
    sheet.merge_cells(start_row=13, start_column=1, end_row=row - 1, end_column=1)
    put(row, 1, "总分")
    put(row, 2 + layout.header.index("分值"), layout.total[0])
    put(row, 2 + layout.header.index("得分"), layout.total[1])
    put(row + 2, 1, "填报人："), put(row + 2, 4, "联系电话：")
    book.save(path)
    return path


def indicator(level1, level2, name, target, actual, weight, score, **more):
    return {"一级指标": level1, "二级指标": level2, "三级指标": name, "年度指标值": target, "实际完成值": actual,
            "分值": weight, "得分": score, **more}


def chizhou_rows(actual_scores=None):
    """池州市贵池区棠溪镇 2022 委托业务项目 (Anhui): weights 8 8 8 8 8 10 | 10 10 10 | 10."""
    rows = [
        indicator("产出指标", "数量指标", "基建工程委托业务项目数量", "≥50个", "50", "8", "8"),
        indicator("产出指标", "质量指标", "委托业务报告合格率", "100%", "100%", "8", "8"),
        indicator("产出指标", "质量指标", "经费支出合规性", "严格执行相关制度规定", "达成预期指标", "8", "8"),
        indicator("产出指标", "时效指标", "提交报告及时性", "在项目计划完成时间内完成", "达成预期指标", "8", "8"),
        indicator("产出指标", "成本指标", "项目总成本", "≤90万元", "90", "8", "8"),
        indicator("产出指标", "成本指标", "单项业务成本", "符合相关规定", "达成预期指标", "10", "10"),
        indicator("效益指标", "社会效益指标", "对维护基建市场公平的影响程度", "效果明显", "达成预期指标", "10", "10"),
        indicator("效益指标", "生态效益指标", "对控制基建项目成本影响程度", "效果明显", "达成预期指标", "10", "10"),
        indicator("效益指标", "可持续影响指标", "对推动基建项目制度健全的持续性影响", "效果明显", "达成预期指标", "10", "10"),
        indicator("满意度指标", "服务对象满意度指标", "公众满意度", "≥90%", "95%", "10", "9", 偏差原因分析及改进措施="个别受访者不了解项目"),
    ]
    return rows


def hebei_2019() -> Layout:
    """廊坊 2019 (Hebei): rate a whole percent typed as a number formatted 0%, budget score an integer."""
    rows = [indicator("产出指标", "数量指标", "工程资金金额", "43.2", "37.24", "10", "9",
                      偏差原因分析及改进措施="已完工，剩余3%尾款未付。")]
    rows += [indicator(l1, l2, name, "100", "100", "10", "10") for l1, l2, name in (
        ("产出指标", "质量指标", "工程完工率"), ("产出指标", "质量指标", "工程验收合格率"),
        ("产出指标", "时效指标", "项目完成及时率"), ("产出指标", "成本指标", "成本控制率"),
        ("效益指标", "经济效益指标", "安全率"), ("效益指标", "社会效益指标", "学校发展能力"),
        ("效益指标", "可持续影响指标", "长期使用性"), ("满意度指标", "服务对象满意度指标", "学生满意度"))]
    return Layout(funds=(43.2, 43.2, 37.24, 10, 0.86, 9), rate_format="0%", rows=rows, total=(100, 98))


def anhui_2022() -> Layout:
    """池州 2022 (Anhui): 年度资金总额：, 其中：本年财政拨款, 产出指标(50分), amounts as text, the rate cell blank."""
    return Layout(total_label="年度资金总额：", appropriation_label="其中：本年财政拨款",
                  funds=("90", "90", "89.974", "10", "", "10"), rows=chizhou_rows(),
                  weights_in_labels={"产出指标": "产出指标(50分)", "效益指标": "效益指标(30分)", "满意度指标": "满意度指标(10分)"},
                  total=("100", "99"))


def hubei_2020() -> Layout:
    """Hubei 2020: the budget row worth 20 (得分 = 20 × 执行率), indicators 40/30/10, the rate to one decimal,
    the score to one decimal, and the columns 三级指标 | 分值 | 年度指标值 | 全年实际值 | 得分."""
    header = ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "全年实际值", "得分", "偏差原因分析及改进措施"]
    rows = [
        {**indicator("产出指标", "数量指标", "培训人次", "≥500人次", "", "20", "20"), "全年实际值": "520人次"},
        {**indicator("产出指标", "质量指标", "培训合格率", "≥95%", "", "20", "18"), "全年实际值": "93%",
         "偏差原因分析及改进措施": "部分学员缺考"},
        {**indicator("效益指标", "社会效益指标", "基层服务能力提升", "明显提升", "", "30", "27"), "全年实际值": "有所提升",
         "偏差原因分析及改进措施": "效果需长期显现"},
        {**indicator("满意度指标", "服务对象满意度指标", "学员满意度", "≥90%", "", "10", "10"), "全年实际值": "96%"},
    ]
    # 172.9 ÷ 200 = 86.45 % printed 86.5 %; 20 × 86.45 % = 17.29 printed 17.3; 总分 75 + 17.3
    return Layout(header=header, funds=("200", "200", "172.9", "20", "86.5%", "17.3"), rows=rows, total=("100", "92.3"))


def chongqing_2021() -> Layout:
    """Chongqing style: 指标性质 and 度量单位 columns, 76 % × 10 = 7.6 (rate a whole percent, score one decimal)."""
    header = ["一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "度量单位", "实际完成值", "分值", "得分",
              "偏差原因分析及改进措施"]
    rows = [
        {**indicator("产出指标", "数量指标", "播发稿件数量", "2200", "2859篇", "25", "25"), "指标性质": "≥", "度量单位": "篇"},
        {**indicator("产出指标", "质量指标", "稿件差错率", "1", "0.5%", "25", "25"), "指标性质": "≤", "度量单位": "%"},
        {**indicator("效益指标", "社会效益指标", "宣传覆盖面", "扩大", "扩大", "30", "30"), "指标性质": "定性"},
        {**indicator("满意度指标", "服务对象满意度指标", "群众满意度", "90", "95%", "10", "10"), "指标性质": "≥", "度量单位": "%"},
    ]
    # 761.9 ÷ 1000 = 76.19 % printed 76 %; 10 × 76.19 % = 7.619 printed 7.6; 总分 90 + 7.6
    return Layout(header=header, funds=("1000", "1000", "761.9", "10", "76%", "7.6"), rows=rows, total=("100", "97.6"))


def ningxia_2022() -> Layout:
    """Ningxia 2022: the rate to one decimal (86.48 % → 86.5 %), no budget score; the indicators carry 100."""
    rows = chizhou_rows()
    rows[0]["分值"] = rows[0]["得分"] = "18"  # 产出 60 + 效益 30 + 满意度 10: the indicators carry all 100
    return Layout(funds=("100000", "100000", "86480", "", "86.5%", ""), rows=rows, total=("100", "99"))


def test_hebei_whole_percent_and_integer_score_are_learned_from_86_and_9(registry, tmp_path):
    result = read_workbook(build(hebei_2019(), tmp_path / "hebei.xlsx"), registry)
    figures = compute(result.form)
    assert (figures.execution_rate_text, figures.printed()["budget_score"], figures.printed()["total_score"]) == \
        ("86%", "9", "98")
    assert "  执行率 打印为整数百分比：86.20% 印为 86%" in result.notes
    assert "  预算执行得分取整数：10 × 86.20% = 8.62 印为 9" in result.notes
    assert not [n for n in result.notes if "已采用计算值" in n]
    assert result.learned is result.form.template and result.form.amount_unit == "万元"
    assert result.learned.name == "财政项目支出绩效自评表（推断：执行率整数百分比、预算得分取整数）"


def test_anhui_colons_ben_nian_weights_in_labels_and_a_blank_rate(registry, tmp_path):
    result = read_workbook(build(anhui_2022(), tmp_path / "anhui.xlsx"), registry)
    form, figures = result.form, compute(result.form)
    assert form.fund("appropriation", "executed") == "89.974"  # 其中：本年财政拨款 read as 当年财政拨款
    assert form.fund("total", "annual") == "90"
    assert [g.name for g in figures.groups["indicators"] if g.level == "level1"] == ["产出指标", "效益指标", "满意度指标"]
    assert (figures.printed()["budget_score"], figures.printed()["total_score"]) == ("10", "99")
    assert "  一级指标分值印在名称中：产出指标(50分)、效益指标(30分)、满意度指标(10分)" in result.notes
    assert conventions_of(form.template).weights_in_label
    assert not [n for n in result.notes if "已采用计算值" in n or "无法归入" in n]


def test_hubei_budget_row_of_20_one_decimal_rate_and_score_and_its_column_order(registry, tmp_path):
    result = read_workbook(build(hubei_2020(), tmp_path / "hubei.xlsx"), registry)
    form, figures = result.form, compute(result.form)
    assert (figures.execution_rate_text, figures.printed()["budget_score"], figures.printed()["total_score"]) == \
        ("86.5%", "17.3", "92.3")
    assert form.rows("indicators")[1].values["actual"] == "93%"  # 全年实际值 read as 实际完成值
    assert form.rows("indicators")[1].values["target"] == "≥95%"  # 分值 before 年度指标值
    c = conventions_of(form.template)
    assert (c.budget_weight, c.rate_decimals, c.score_decimals) == (20, 1, 1)
    assert form.template.scored_table.total_weight == 80
    assert "  预算执行率分值为 20 分：20 × 86.45% = 17.29 印为 17.3" in result.notes
    assert "  列的次序与模板不同：一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 实际完成值 | 得分 | 偏差原因分析及改进措施" \
        in result.notes
    header = next(row for row in build_sheet(form, figures).rows if row.role == "table-header")
    assert [c.text for c in header.cells][1:6] == ["一级指标", "二级指标", "三级指标", "分值", "年度指标值"]
    total = next(row for row in build_sheet(form, figures).rows if row.role == "total")
    assert [c.text for c in total.cells if c.text] == ["总分", "100", "92.3"]  # 总分 stops before 分值
    assert not [n for n in result.notes if "已采用计算值" in n or "无法归入" in n]


def test_chongqing_sign_and_unit_columns_join_the_target_and_76_percent_gives_7_6(registry, tmp_path):
    result = read_workbook(build(chongqing_2021(), tmp_path / "chongqing.xlsx"), registry)
    form, figures = result.form, compute(result.form)
    assert [r.values.get("target") for r in form.rows("indicators")] == ["≥2200篇", "≤1%", "扩大", "≥90%"]
    assert (figures.execution_rate_text, figures.printed()["budget_score"], figures.printed()["total_score"]) == \
        ("76%", "7.6", "97.6")
    assert not [n for n in result.notes if "已采用计算值" in n or "无法归入" in n]


def test_ningxia_rate_to_one_decimal_and_no_budget_score_in_the_total(registry, tmp_path):
    result = read_workbook(build(ningxia_2022(), tmp_path / "ningxia.xlsx"), registry)
    figures = compute(result.form)
    assert (figures.execution_rate_text, figures.printed()["total_weight"], figures.printed()["total_score"]) == \
        ("86.5%", "100", "99")
    assert not conventions_of(result.form.template).budget_counted
    assert not [n for n in result.notes if "已采用计算值" in n]


def test_a_figure_no_setting_explains_is_kept_as_computed_and_reported(registry, tmp_path):
    layout = hebei_2019()
    layout.total = (100, 97)  # the clerk added wrong: 89 + 9 is 98
    result = read_workbook(build(layout, tmp_path / "typo.xlsx"), registry)
    assert compute(result.form).printed()["total_score"] == "98"
    assert any("得分合计为“97”" in n and "已采用计算值" in n for n in result.notes)
    assert "  执行率 打印为整数百分比：86.20% 印为 86%" in result.notes  # what is explained is still learned


@pytest.mark.parametrize("make", [hebei_2019, hubei_2020])
def test_the_cli_saves_the_learned_conventions_as_the_units_template(make, tmp_path, capsys):
    from evaldesk.cli import main
    from evaldesk.storage.templates import load_templates

    workbook = build(make(), tmp_path / "in.xlsx")
    assert main(["import", str(workbook), "-o", str(tmp_path / "out.evd"), "--save-template"]) == 0
    out = capsys.readouterr().out
    assert "已保存为本单位的模板" in out
    learned = [t for t in load_templates() if "learned" in t.id]
    assert len(learned) == 1
    assert main(["new", "-t", learned[0].id, "-o", str(tmp_path / "new.evd")]) == 0
