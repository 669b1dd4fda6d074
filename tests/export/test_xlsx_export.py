"""The exported workbook, read back with openpyxl: layout, print setup, numbers, typed text as text."""
from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from evaldesk.cli import main
from evaldesk.domain.compute import compute
from evaldesk.domain.sheet import build_sheet
from evaldesk.export.xlsx import write_xlsx
from evaldesk.readers.workbook import read_workbook
from evaldesk.storage.evd import save_form

FIXTURES = sorted(p.name for p in (Path(__file__).parents[1] / "fixtures").glob("*.evd"))
HOSTILE_TEXTS = ['=HYPERLINK("http://x","y")', "+1", "-2", "@x", "=1+1"]


def export(forms) -> io.BytesIO:
    stream = io.BytesIO()
    write_xlsx(forms, stream)
    stream.seek(0)
    return stream


def cell_with(sheet, text):
    return next(c for row in sheet.iter_rows() for c in row if c.value == text)


@pytest.mark.parametrize("name", FIXTURES)
def test_every_fixture_exports_and_imports_back_equal(name, load_fixture, registry, tmp_path):
    form = load_fixture(name)
    path = tmp_path / "form.xlsx"
    path.write_bytes(export([form]).getvalue())
    result = read_workbook(path, registry)
    assert result.form.same_content(form)
    assert result.notes == []


@pytest.mark.parametrize("name", FIXTURES)
def test_every_text_of_the_printed_layout_is_in_the_sheet_once(name, load_fixture):
    """Each text of the form is in the workbook: whole in one cell, or cut between lines into cells
    that read it whole again, top to bottom; repeated headers and （续） labels come on top of that."""
    form = load_fixture(name)
    sheet = load_workbook(export([form])).worksheets[0]
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    numbers = {Decimal(str(c.value)) for row in sheet.iter_rows() for c in row if isinstance(c.value, (int, float))}
    by_column = {}
    for row in sheet.iter_rows():
        for c in row:
            if isinstance(c.value, str):
                by_column.setdefault(c.column, []).append(c.value)
    for cell in (c for row in build_sheet(form, compute(form)).rows for c in row.cells if c.text):
        if cell.value is not None and cell.number_format:
            continue  # written as a number: checked below and in the layout tests
        column = by_column.get(cell.col + 1, [])
        if cell.text in texts:
            continue
        text, read = cell.text.replace("\r\n", "\n"), 0
        for piece in column:  # top to bottom: the pieces that carry on where the last one stopped
            if piece and text.startswith(piece, read):
                read += len(piece)
        assert read == len(text), text[:30]
    assert numbers  # amounts and scores are numbers, not text


def test_selfeval_layout_matches_the_paper_grid(load_fixture):
    sheet = load_workbook(export([load_fixture("selfeval-2021-newenergy.evd")])).active
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A1"].value == "财政项目支出绩效自评表" and "A1:I1" in merged
    assert sheet["A1"].font.name == "宋体" and sheet["A1"].font.bold and sheet["A1"].font.sz >= 15
    header = cell_with(sheet, "一级指标")
    labels = [sheet.cell(row=header.row, column=c).value for c in range(2, 10)]
    assert labels == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    output = cell_with(sheet, "产出指标")  # 一级 merged down its four rows
    assert f"B{output.row}:B{output.row + 3}" in merged
    total = cell_with(sheet, "总分")
    assert sheet.cell(row=total.row, column=7).value == 100
    assert sheet.cell(row=total.row, column=8).value == pytest.approx(87.16)


def test_numbers_are_numbers_with_the_paper_display_format(load_fixture):
    sheet = load_workbook(export([load_fixture("selfeval-2021-newenergy.evd")])).active
    annual = cell_with(sheet, 412907)
    assert annual.number_format == "#,##0.00"
    rate = cell_with(sheet, 0.3577)  # the round-up template prints 35.77%
    assert rate.number_format == "0.00%"
    executed = sheet.cell(row=annual.row, column=annual.column + 1)
    assert executed.value == pytest.approx(147663.64) and executed.alignment.horizontal == "right"


def test_every_cell_of_a_bordered_merged_range_has_its_outer_border(load_fixture):
    sheet = load_workbook(export([load_fixture("selfeval-2020-sast-01.evd")])).active
    for merged in sheet.merged_cells.ranges:
        corner = sheet.cell(row=merged.min_row, column=merged.min_col)
        if corner.border.left.style is None:
            continue  # a title or signature line: no box on paper either
        for row in range(merged.min_row, merged.max_row + 1):
            assert sheet.cell(row=row, column=merged.min_col).border.left.style == "thin"
            assert sheet.cell(row=row, column=merged.max_col).border.right.style == "thin"
        for col in range(merged.min_col, merged.max_col + 1):
            assert sheet.cell(row=merged.max_row, column=col).border.bottom.style == "thin"


def test_a_page_break_never_falls_inside_a_merged_cell_and_every_page_is_a_closed_table(load_fixture):
    """The 2021 goals run over a page: each page closes its table, and the next one starts again with
    the 预期目标 | 实际完成情况 header and the label marked （续）."""
    sheet = load_workbook(export([load_fixture("selfeval-2021-newenergy.evd")])).active
    breaks = [b.id for b in sheet.row_breaks.brk]
    assert breaks
    for merged in sheet.merged_cells.ranges:
        assert not any(merged.min_row <= row < merged.max_row for row in breaks), merged
    assert cell_with(sheet, "年度总体目标（续）").row == breaks[0] + 1
    assert cell_with(sheet, "预期目标").row < breaks[0] < [c.row for c in sheet["B"] if c.value == "预期目标"][-1]
    for row in breaks:
        for col in range(1, 10):
            above, below = sheet.cell(row=row, column=col), sheet.cell(row=row + 1, column=col)
            if above.border.left.style or above.border.right.style:
                assert above.border.bottom.style == "thin", (row, col)
            if below.border.left.style or below.border.right.style:
                assert below.border.top.style == "thin", (row + 1, col)


def test_print_setup_is_a4_portrait_at_a_fixed_scale_with_manual_breaks_and_page_numbers(load_fixture):
    from evaldesk.export.pages import FRAME_WIDTH

    sheet = load_workbook(export([load_fixture("selfassess-2019-stec-01.evd")])).active
    setup = sheet.page_setup
    assert str(setup.paperSize) == sheet.PAPERSIZE_A4 and setup.orientation == "portrait"
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage and int(setup.scale) == 100
    assert sheet.print_title_rows is None  # the repeated headers are written on each page
    headers = [c.row for c in sheet["A"] if c.value == "一级指标"]
    breaks = [b.id for b in sheet.row_breaks.brk]
    assert len(headers) >= 3 and all(h - 1 in breaks for h in headers[1:])
    assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"
    pixels = sum(7 * sheet.column_dimensions[c].width + 5 for c in "ABCDEF")
    assert pixels == pytest.approx(FRAME_WIDTH * 96 / 72, abs=1)  # the PDF's width, at 100 %
    assert 0.5 <= sheet.page_margins.left <= 1.0 and 0.5 <= sheet.page_margins.top <= 1.2


def test_row_heights_are_the_pages_and_a_long_text_goes_on_over_the_page(load_fixture):
    form = load_fixture("selfeval-2021-newenergy.evd")
    sheet = load_workbook(export([form])).active
    heights = {r: sheet.row_dimensions[r].height for r in range(1, sheet.max_row + 1)}
    assert all(h is not None and 15 <= h <= 409 for h in heights.values())
    pieces = [c.value for c in sheet["B"] if isinstance(c.value, str) and c.value and c.value in form.fields["goal_expected"]]
    assert len(pieces) == 2 and "".join(pieces) == form.fields["goal_expected"]
    start = cell_with(sheet, pieces[0]).row
    name_row = cell_with(sheet, "项目名称").row
    assert heights[start] > 5 * heights[name_row]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_typed_text_that_looks_like_a_formula_stays_text(text, load_fixture, registry, tmp_path):
    form = load_fixture("selfeval-2021-newenergy.evd")
    form.fields["project_name"] = text
    form.tables["indicators"][1].values["actual"] = text
    data = export([form]).getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert all(b"<f>" not in xml and b"<f " not in xml for xml in sheets)
    sheet = load_workbook(io.BytesIO(data)).active
    cell = cell_with(sheet, text)
    assert cell.data_type == "s"
    assert cell.quotePrefix == text.startswith(("=", "+", "-", "@"))
    path = tmp_path / "f.xlsx"
    path.write_bytes(data)
    assert read_workbook(path, registry).form.same_content(form)


def test_batch_export_of_a_folder_gives_one_sheet_per_form_with_safe_names(load_fixture, tmp_path, capsys):
    folder = tmp_path / "forms"
    folder.mkdir()
    names = ["项目[一]/二期:*?", "项目[一]/二期:*?", "", "很长的项目名称" * 6]
    for index, name in enumerate(names):
        form = load_fixture("selfeval-2021-newenergy.evd")
        form.fields["project_name"] = name
        save_form(form, folder / f"{index}.evd")
    out = tmp_path / "all.xlsx"
    assert main(["export", str(folder), "--xlsx", str(out)]) == 0
    book = load_workbook(out)
    titles = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    assert len(titles) == 4 and len({t.lower() for t in titles}) == 4
    for title in titles:
        assert 0 < len(title) <= 31 and not set(title) & set("[]:*?/\\")
    assert titles[0].startswith("项目_一_")


def test_a_project_name_with_a_control_character_still_exports_and_comes_back(load_fixture, registry, tmp_path):
    """Pasted from a PDF, a name can carry an invisible control character; openpyxl refuses one in the
    marker's cell that names the sheet, and the whole export failed with a traceback."""
    form = load_fixture("selfeval-2021-newenergy.evd")
    form.fields["project_name"] = "新能源\x01产业推进"
    path = tmp_path / "form.xlsx"
    path.write_bytes(export([form]).getvalue())
    assert load_workbook(path).worksheets[0].title == "新能源产业推进"
    assert read_workbook(path, registry).form.same_content(form)


def test_a_template_without_signature_exports_none_and_a_changed_one_its_own(load_fixture):
    from evaldesk.domain.template import template_from_dict

    form = load_fixture("selfeval-2021-newenergy.evd")
    texts = lambda f: {c.value for row in load_workbook(export([f])).active.iter_rows() for c in row}  # noqa: E731
    assert "填报人：" in texts(form) and "单位（盖章）：" in texts(form)
    form.template = template_from_dict({**form.template.source, "signature": ["审核人"]})
    assert "审核人：" in texts(form) and "填报人：" not in texts(form)
    form.template = template_from_dict({**form.template.source, "signature": []})
    assert not {t for t in texts(form) if isinstance(t, str) and "填报人" in t}


def test_a_100000_character_text_is_cut_into_cells_excel_can_hold_and_comes_back_whole(load_fixture, registry, tmp_path):
    """Excel holds 32,767 characters a cell: the goal is cut between lines page by page, each piece
    far below the limit, and the import gives the text back exactly."""
    form = load_fixture("selfeval-2021-newenergy.evd")
    sentence = "围绕年度绩效目标，推进各项工作并按期完成。"
    form.fields["goal_expected"] = (sentence * 5000)[:100_000]
    path = tmp_path / "long.xlsx"
    path.write_bytes(export([form]).getvalue())
    sheet = load_workbook(path).worksheets[0]
    longest = max(len(c.value) for row in sheet.iter_rows() for c in row if isinstance(c.value, str))
    assert longest < 32767
    assert read_workbook(path, registry).form.fields["goal_expected"] == form.fields["goal_expected"]


def test_merged_cells_of_long_texts_over_many_pages_never_overlap_and_the_form_comes_back(load_fixture, registry, tmp_path):
    """The exporter merges without openpyxl's check of each range against all earlier ones (quadratic in
    the pages): it relies on the pages' cells never overlapping, which Excel would refuse to open."""
    form = load_fixture("selfeval-2021-newenergy.evd")
    text = ("对照年度目标逐项核实，完成情况良好。" * 200)[:3_000]
    form.fields["goal_expected"] = form.fields["goal_actual"] = text
    for row in form.tables["indicators"]:
        row.values["deviation"] = text
    path = tmp_path / "long.xlsx"
    path.write_bytes(export([form]).getvalue())
    sheet = load_workbook(path).worksheets[0]
    assert len(sheet.row_breaks.brk) > 50
    covered: dict[tuple[int, int], str] = {}
    for merged in sheet.merged_cells.ranges:
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                assert (row, col) not in covered, (merged.coord, covered[row, col])
                covered[row, col] = merged.coord
                if (row, col) != (merged.min_row, merged.min_col):
                    assert sheet.cell(row=row, column=col).value is None
    back = read_workbook(path, registry).form
    assert back.fields["goal_actual"] == text
    assert [r.values["deviation"] for r in back.tables["indicators"]] == [text] * len(form.tables["indicators"])


def test_a_title_text_longer_than_an_excel_cell_is_refused_in_a_sentence_before_any_work(load_fixture):
    form = load_fixture("declaration-2018-sast-01.evd")
    form.fields["applicant"] = "上海" * 20000  # printed in the title line 申报单位名称：{applicant}
    with pytest.raises(ValueError, match="32,767"):
        export([form])


def test_a_batch_export_pauses_the_collector_while_it_writes_and_leaves_it_as_it_was(tmp_path, fixture_path,
                                                                                     load_fixture):
    """`evaldesk export`: everything it builds lives until the file is written, so the cyclic collector has
    nothing to free meanwhile. It is back as it was afterwards, after a refused export too, and left off
    when the caller had it off."""
    import gc
    import shutil
    import sys

    from openpyxl import Workbook

    from evaldesk.export import xlsx

    folder = tmp_path / "forms"
    folder.mkdir()
    for name in FIXTURES:
        shutil.copy(fixture_path(name), folder)
    passes = []  # the collector's passes that started while the workbook was built or saved
    working = (xlsx._workbook.__code__, Workbook.save.__code__)

    def record(phase, info):
        frame = sys._getframe()
        while phase == "start" and frame is not None:
            if frame.f_code in working:
                passes.append(info["generation"])
            frame = frame.f_back

    gc.callbacks.append(record)
    try:
        for _ in range(3):  # enough allocations for the collector to run, were it on
            assert main(["export", str(folder), "--xlsx", str(tmp_path / "all.xlsx")]) == 0
        assert passes == [] and gc.isenabled()
        overlong = load_fixture(FIXTURES[0])  # declaration-2018-sast-01: its title line prints the applicant
        overlong.fields["applicant"] = "上海" * 20000
        save_form(overlong, folder / "overlong.evd")
        assert main(["export", str(folder), "--xlsx", str(tmp_path / "refused.xlsx")]) != 0  # refused as it writes
        assert gc.isenabled()
        gc.disable()
        (folder / "overlong.evd").unlink()
        assert main(["export", str(folder), "--xlsx", str(tmp_path / "again.xlsx")]) == 0
        assert not gc.isenabled()
    finally:
        gc.callbacks.remove(record)
        gc.enable()


def test_the_cells_of_a_written_workbook_are_freed_at_once_not_left_to_the_collector(load_fixture):
    import gc

    from openpyxl.cell.cell import Cell, MergedCell

    def cells() -> int:
        return sum(1 for o in gc.get_objects() if type(o) in (Cell, MergedCell))

    forms = [load_fixture(name) for name in FIXTURES]
    gc.collect()
    gc.disable()
    try:
        before = cells()
        export(forms)
        left = cells() - before
    finally:
        gc.enable()
    assert left == 0
