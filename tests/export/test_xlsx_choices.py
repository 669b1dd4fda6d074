"""A column with choices goes into the workbook as Excel's data-validation list on its cells, as the
window offers it: 完成目标可能性 picked from 确定能 / 有可能 / 不可能 in Excel and WPS too."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from evaldesk.domain.form import new_form
from evaldesk.export.xlsx import write_xlsx
from evaldesk.storage import paths
from evaldesk.storage.evd import load_form


def exported(form):
    stream = io.BytesIO()
    write_xlsx([form], stream)
    stream.seek(0)
    return load_workbook(stream).worksheets[0]


def likelihood_column(sheet) -> int:
    header = next(c for row in sheet.iter_rows() for c in row if str(c.value or "").startswith("完成目标可能性"))
    return header.column


def test_the_likelihood_cells_of_the_huangshi_form_carry_the_list_of_three(registry):
    sheet = exported(load_form(paths.examples_dir() / "example-monitor.evd", registry))
    [rule] = sheet.data_validations.dataValidation
    assert (rule.type, rule.formula1, rule.allow_blank, rule.showErrorMessage) == ("list", '"确定能,有可能,不可能"', True, True)
    assert rule.error == "完成目标可能性只能填 确定能、有可能、不可能 之一"
    column = likelihood_column(sheet)
    filled = [c.coordinate for row in sheet.iter_rows() for c in row if c.column == column and c.value == "确定能"]
    covered = {cell for cells in rule.sqref.ranges for cell in [cells.coord]}
    assert len(filled) == 2 and set(filled) == covered  # both rows, and nothing else: not the header, not 备注


def test_a_blank_monitor_form_offers_the_list_on_every_row_to_fill(registry):
    form = new_form(registry.get("monitor-national"))
    sheet = exported(form)
    [rule] = sheet.data_validations.dataValidation
    assert len(rule.sqref.ranges) == len(form.rows("indicators")) == 9
    assert {sheet[cell.coord].column for cell in rule.sqref.ranges} == {likelihood_column(sheet)}


def test_forms_without_choices_carry_no_validation(registry):
    sheet = exported(load_form(paths.examples_dir() / "example-selfeval.evd", registry))
    assert sheet.data_validations.dataValidation == []
