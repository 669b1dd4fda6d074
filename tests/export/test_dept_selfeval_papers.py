"""部门整体支出绩效自评表 on both papers: the goals with their 权重比例 and weighted scores, the indicators under
them, the total; read back from the PDF's text and from the workbook with openpyxl, and the workbook
imported again (by its record, and by its labels alone) giving the same form and no figure in dispute."""
from __future__ import annotations

import io

from openpyxl import load_workbook
from test_pdf_support import export as export_pdf, page_texts, squeeze

from evaldesk.domain.form import new_form
from evaldesk.export.xlsx import write_xlsx
from evaldesk.readers.workbook import read_workbook
from evaldesk.storage import paths
from evaldesk.storage.evd import load_form
from evaldesk.storage.workbook_record import MARKER_SHEET

TIANJIN, CHONGQING = "example-dept-selfeval.evd", "example-dept-selfeval-cq.evd"


def example(registry, name):
    return load_form(paths.examples_dir() / name, registry)


def workbook(form):
    stream = io.BytesIO()
    write_xlsx([form], stream)
    stream.seek(0)
    return load_workbook(stream)


def rows_of(book) -> list[list]:
    return [[c.value for c in row if c.value is not None] for row in book.worksheets[0].iter_rows()]


def row_starting(rows, *first):
    return next(row for row in rows if row[:len(first)] == list(first))


def test_the_pdf_prints_each_goal_with_its_ratio_and_weighted_score(registry):
    text = squeeze("".join(page_texts(export_pdf(example(registry, TIANJIN)))))
    # each goal's row: …中期目标 | 权重比例 | 实际完成情况 | 目标得分 | 偏差原因…
    for printed in ("权重比例（%）", "目标得分", "机制。40在职", "3.5%。39.68政府", "以上。50接待", "94.3%。49.15新增",
                    "合计9088.83", "自评总分98.45", "自评等级优", "96.17%109.62"):
        assert squeeze(printed) in text, printed
    assert text.index("目标得分") < text.index("所属目标")  # the goals, then the indicators under them


def test_the_workbook_holds_goal_weights_and_scores_as_numbers(registry):
    rows = rows_of(workbook(example(registry, TIANJIN)))
    assert row_starting(rows, "年度绩效目标")[1:] == ["目标名称", "年度目标", "中期目标", "权重比例（%）", "实际完成情况",
                                                     "目标得分", "偏差原因分析及改进措施"]
    assert row_starting(rows, "目标一：保障机构正常运转")[3:6:2] == [40, 39.68]
    assert row_starting(rows, "目标二：提升公共阅读服务")[3:6:2] == [50, 49.15]
    assert row_starting(rows, "合计") == ["合计", 90, 88.83]
    assert row_starting(rows, "自评总分") == ["自评总分", 98.45, "自评等级", "优"]


def test_the_chongqing_papers_print_97_6_from_76_percent_times_10(registry):
    form = example(registry, CHONGQING)
    text = squeeze("".join(page_texts(export_pdf(form))))
    assert "自评总分（分）97.6" in text and "76%107.6" in text
    rows = rows_of(workbook(form))
    assert row_starting(rows, "部门预算") == ["部门预算", 560, 612.4, 465.42, 0.76, 10, 7.6]  # 0.76 shown as 76%
    first = row_starting(rows, "财政供养人员控制率")
    assert first[-4:] == ["100%", 2, 2, "否"]  # 得分系数, 指标权重, 指标得分 (derived), 是否核心指标


def test_the_workbook_imports_again_as_the_same_form(registry, tmp_path):
    for name in (TIANJIN, CHONGQING):
        form = example(registry, name)
        path = tmp_path / f"{name}.xlsx"
        workbook(form).save(path)
        assert read_workbook(path, registry).form.same_content(form)


def test_typed_by_hand_it_is_read_by_its_labels_and_a_wrong_printed_goal_total_is_reported(registry, tmp_path):
    form = example(registry, TIANJIN)
    book = workbook(form)
    del book[MARKER_SHEET]
    sheet = book.worksheets[0]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == 88.83)
    cell.value = "89.5"  # the clerk's own sum, as text
    path = tmp_path / "typed.xlsx"
    book.save(path)
    result = read_workbook(path, registry)
    assert result.form.template.id == "dept-selfeval-tianjin" and result.form.same_content(form)
    disputed = [n for n in result.notes if "89.5" in n]
    assert len(disputed) == 1 and "88.83" in disputed[0] and "目标得分合计" in disputed[0], result.notes
    assert not [n for n in result.notes if "无法归入" in n], result.notes


def test_the_blank_prints_the_goal_table_with_no_figures(registry):
    blank = new_form(registry.get("dept-selfeval-tianjin"))
    rows = rows_of(workbook(blank))
    assert row_starting(rows, "合计") == ["合计"]
    assert row_starting(rows, "自评总分") == ["自评总分", "自评等级"]
    text = squeeze("".join(page_texts(export_pdf(blank))))
    assert "权重比例（%）" in text and "目标得分" in text and "合计自评" not in text
