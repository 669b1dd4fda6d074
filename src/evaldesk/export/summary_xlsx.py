"""The 汇总表 as an Excel workbook: the table with subtotals and totals, the grade distribution, the
files that could not be read, and a second sheet with two native charts (grades; 执行率 per project)
that Excel, WPS and LibreOffice draw themselves."""
from __future__ import annotations

from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from ..domain.summary import Summary
from .summary_table import COLUMNS, NOTE, TITLE, subtitle, summary_rows
from .xlsx_cells import fast_cells

FONT = "宋体"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MARKED = PatternFill("solid", fgColor="FCE4D6")
TOTAL_FILL = PatternFill("solid", fgColor="EDEDED")
FORMATS = {"money": "#,##0.00", "rate": "0.00%", "score": "0.##", "number": "0"}
GRADES_SHEET, CHART_TITLE_GRADES, CHART_TITLE_RATES = "图表", "等级分布", "各项目执行率"


def write_summary_xlsx(summary: Summary, stream: BinaryIO) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "汇总表"
    row = _write_table(sheet, summary)
    row = _write_grades(sheet, summary, row + 2)
    _write_damaged(sheet, summary, row + 2)
    _print_setup(sheet)
    charts = book.create_sheet(GRADES_SHEET)
    _write_charts(charts, summary)
    _print_setup(charts, title_rows="")
    with fast_cells():
        book.save(stream)


def _cell(sheet, row: int, column: int, value, bold: bool = False, number_format: str = "", fill=None, wrap=True):
    cell = sheet.cell(row=row, column=column, value=value)
    cell.font = Font(name=FONT, size=10, bold=bold)
    cell.border = BOX
    cell.alignment = Alignment(wrap_text=wrap, vertical="center",
                               horizontal="right" if number_format else "left")
    if number_format:
        cell.number_format = number_format
    if fill is not None:
        cell.fill = fill
    return cell


def _write_table(sheet, summary: Summary) -> int:
    width = len(COLUMNS)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    title = sheet.cell(row=1, column=1, value=TITLE)
    title.font = Font(name=FONT, size=16, bold=True)
    title.alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet.cell(row=2, column=1, value=subtitle(summary)).font = Font(name=FONT, size=10)
    for index, column in enumerate(COLUMNS, 1):
        _cell(sheet, 3, index, column.label, bold=True, fill=TOTAL_FILL).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    row = 3
    for line in summary_rows(summary):
        row += 1
        bold = line.kind != "entry"
        fill = TOTAL_FILL if bold else MARKED if line.marked else None
        for index, (column, value) in enumerate(zip(COLUMNS, line.values), 1):
            _cell(sheet, row, index, value, bold, FORMATS.get(column.kind, ""), fill)
        if line.marked and line.messages:
            sheet.cell(row=row, column=COLUMNS.index(next(c for c in COLUMNS if c.label == "问题")) + 1).comment = \
                Comment("\n".join(line.messages[:12]), "evaldesk", width=320, height=160)
        sheet.row_dimensions[row].height = 15 * max(1, _lines(line.values))
    sheet.freeze_panes = "A4"
    row += 1
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    note = sheet.cell(row=row, column=1, value=NOTE)
    note.font = Font(name=FONT, size=9)
    note.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[row].height = 30
    return row


def _lines(values) -> int:
    """Lines a row needs: the longest wrapped text cell (a CJK character is two width units)."""
    needed = 1
    for column, value in zip(COLUMNS, values):
        if isinstance(value, str) and value:
            units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in value)
            needed = max(needed, -(-units // int(column.width)))
    return needed


def _write_grades(sheet, summary: Summary, row: int) -> int:
    _cell(sheet, row, 2, "等级分布", bold=True, fill=TOTAL_FILL)
    _cell(sheet, row, 3, "份数", bold=True, fill=TOTAL_FILL)
    _cell(sheet, row, 4, "占比", bold=True, fill=TOTAL_FILL)
    scored = sum(count for _grade, count in summary.grades)
    for grade, count in summary.grades:
        row += 1
        _cell(sheet, row, 2, grade)
        _cell(sheet, row, 3, count, number_format="0")
        _cell(sheet, row, 4, count / scored if scored else None, number_format="0.0%")
    return row


def _write_damaged(sheet, summary: Summary, row: int) -> None:
    if not summary.damaged:
        return
    _cell(sheet, row, 2, "无法读取的文件", bold=True, fill=MARKED)
    sheet.merge_cells(start_row=row, start_column=3, end_row=row, end_column=len(COLUMNS))
    _cell(sheet, row, 3, "原因", bold=True, fill=MARKED)
    for damaged in summary.damaged:
        row += 1
        _cell(sheet, row, 2, damaged.name)
        sheet.merge_cells(start_row=row, start_column=3, end_row=row, end_column=len(COLUMNS))
        _cell(sheet, row, 3, damaged.reason)


def _print_setup(sheet, title_rows: str = "3:3") -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def _write_charts(sheet, summary: Summary) -> None:
    """The charts' data sits beside them, so Excel draws them from cells the clerk can see."""
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 10
    sheet.append(["等级", "份数"])
    for grade, count in summary.grades:
        sheet.append([grade, count])
    grades_end = sheet.max_row
    sheet.append([])
    sheet.append(["项目", "执行率"])
    rates_start = sheet.max_row
    for entry in summary.rated:
        sheet.append([entry.overview.project_name or entry.name, entry.overview.printed_rate])
        sheet.cell(row=sheet.max_row, column=2).number_format = "0.00%"
    rates_end = sheet.max_row
    if grades_end > 1:
        sheet.add_chart(_bar(sheet, CHART_TITLE_GRADES, 1, grades_end, "col", "0", 8), "D1")
    if rates_end > rates_start:
        chart = _bar(sheet, CHART_TITLE_RATES, rates_start, rates_end, "bar", "0%", 6 + 0.6 * (rates_end - rates_start))
        chart.y_axis.scaling.min = 0
        sheet.add_chart(chart, "D18")


def _bar(sheet, title: str, first: int, last: int, direction: str, number_format: str, height: float) -> BarChart:
    chart = BarChart()
    chart.type = direction
    chart.title = title
    chart.legend = None
    chart.height, chart.width = height, 18
    chart.add_data(Reference(sheet, min_col=2, min_row=first, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=first + 1, max_row=last))
    chart.y_axis.numFmt = number_format
    chart.y_axis.majorGridlines = None
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.dataLabels = DataLabelList(showVal=True, showCatName=False, showSerName=False, showLegendKey=False,
                                     showPercent=False)
    if direction == "bar":
        chart.x_axis.scaling.orientation = "maxMin"  # projects top to bottom, in the table's order
    return chart
