"""The other forms of a unit's year, as template data: the mid-year 绩效运行监控表, the national 项目支出绩效
目标表 with 指标性质 and 度量单位, and the Shanghai declaration as filed from 2021. Each has a filled example
(transcribed from the sources in FORMS.md, as far as they print it) and a blank, on both papers, and its
workbook reads back by its labels."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from test_pdf_support import export as export_pdf, page_texts, squeeze

from evaldesk.domain.form import new_form
from evaldesk.domain.problems import evaluate
from evaldesk.export.xlsx import write_xlsx
from evaldesk.readers.workbook import read_workbook
from evaldesk.storage import paths
from evaldesk.storage.evd import load_form
from evaldesk.storage.workbook_record import MARKER_SHEET

KINDS = {
    "monitor-national": ("example-monitor.evd", ["年初预算数", "1-6月执行数", "全年预计执行数", "半年度指标执行情况",
                                                   "完成目标可能性（确定能、有可能、不可能）", "相关建议或举措（纠偏措施）"]),
    "goals-national": ("example-goals.evd", ["中期资金总额", "年度资金总额", "中期目标", "年度目标", "指标性质", "指标值",
                                              "度量单位"]),
    "declaration-shanghai-2021": ("example-declaration-2021.evd", ["项目性质", "计划开始日期", "计划完成日期",
                                                                   "项目资金总额", "年度资金申请总额", "其中：当年财政拨款",
                                                                   "上年结转资金", "项目总目标", "年度总体目标"]),
    "dept-selfeval-tianjin": ("example-dept-selfeval.evd", ["部门预算执行情况（万元）", "全年（调整）预算数", "年度绩效目标",
                                                          "中期目标", "权重比例（%）", "目标得分", "偏差原因分析及改进措施",
                                                          "计算符号", "计量单位", "自评总分"]),
    "dept-selfeval-chongqing-2021": ("example-dept-selfeval-cq.evd", ["全年（调整）预算数", "执行率权重", "执行率得分（分）",
                                                                      "年初绩效目标", "全年（调整）绩效目标", "得分系数（%）",
                                                                      "指标得分（分）", "是否核心指标", "自评总分（分）"]),
}


def example(registry, template_id):
    form = load_form(paths.examples_dir() / KINDS[template_id][0], registry)
    assert form.template.id == template_id
    return form


def xlsx_texts(form) -> list[str]:
    stream = io.BytesIO()
    write_xlsx([form], stream)
    stream.seek(0)
    return [str(c.value) for row in load_workbook(stream).worksheets[0].iter_rows() for c in row if c.value is not None]


@pytest.mark.parametrize("template_id", sorted(KINDS))
def test_the_blank_prints_every_label_on_both_papers(registry, template_id):
    blank = new_form(registry.get(template_id))
    labels = KINDS[template_id][1]
    in_excel = "".join(xlsx_texts(blank))
    in_pdf = "".join(page_texts(export_pdf(blank)))
    for label in labels:
        assert label in in_excel, label
        assert squeeze(label) in in_pdf, label


@pytest.mark.parametrize("template_id", sorted(KINDS))
def test_the_filled_example_prints_what_its_source_prints(registry, template_id):
    form = example(registry, template_id)
    assert form.meta["source"]
    in_pdf = "".join(page_texts(export_pdf(form)))
    template = form.template
    typed = [v for k, v in form.fields.items()
             if isinstance(v, str) and v and len(v) < 40 and template.field(k).type != "money"]
    typed += [v for row in form.tables.get("indicators", []) for v in row.values.values() if v and len(v) < 20]
    for text in typed:
        assert squeeze(text) in in_pdf, text


def test_the_monitoring_example_is_huangshi_2019_with_87_57_of_220(registry):
    form = example(registry, "monitor-national")
    texts = xlsx_texts(form)
    assert "220" in texts and "87.57" in texts and form.amount_unit == "万元"
    assert {row.get("likelihood") for row in form.rows("indicators")} == {"确定能"}


def test_the_goal_table_keeps_sign_value_and_unit_in_their_own_columns(registry):
    form = example(registry, "goals-national")
    first = form.rows("indicators")[0].values
    assert (first["nature"], first["target"], first["unit"]) == ("≥", "50", "个")
    texts = xlsx_texts(form)
    assert texts.index("≥") < texts.index("50") < texts.index("个")


def test_the_2021_declaration_never_compares_the_whole_project_with_the_year(registry):
    form = example(registry, "declaration-shanghai-2021")
    in_pdf = "".join(page_texts(export_pdf(form)))
    assert "771,325,800.00" in in_pdf and "226,145,100.00" in in_pdf
    messages = [p.message for p in evaluate(form)[1]]
    assert not [m for m in messages if "项目资金总额" in m or "771" in m]


@pytest.mark.parametrize("template_id", sorted(KINDS))
def test_the_example_exported_and_retyped_without_its_record_reads_back_by_its_labels(registry, template_id, tmp_path):
    form = example(registry, template_id)
    stream = io.BytesIO()
    write_xlsx([form], stream)
    stream.seek(0)
    book = load_workbook(stream)
    if MARKER_SHEET in book.sheetnames:
        del book[MARKER_SHEET]  # as if typed by hand: only the labels say what is where
    path = tmp_path / "typed.xlsx"
    book.save(path)
    result = read_workbook(path, registry)
    assert result.form.template.id == template_id
    assert result.form.same_content(form), result.notes
