"""A column with choices (完成目标可能性: 确定能 / 有可能 / 不可能) carries them into the workbook as an
Excel data-validation list on its cells: the clerk who goes on in Excel or WPS picks from the same
list the window offers, and a typed slip is refused there with the same words."""
from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..domain.template import Template

LIST_LIMIT = 255  # characters Excel keeps of a list typed into the rule


def add_choice_lists(worksheet, template: Template, placed) -> None:
    """One validation rule per column with choices, over every printed cell of that column."""
    rules = {(table.key, column.key): _rule(column) for table in template.tables for column in table.choice_columns
             if _listable(column.choices)}
    cells: dict[tuple[str, str], list[str]] = {key: [] for key in rules}
    for item in placed if rules else ():
        place = item.cell.place
        if place is not None and place.area == "table" and place.row >= 0 and not item.repeat:
            found = cells.get((place.key, place.column))
            if found is not None:
                found.append(f"{get_column_letter(item.left)}{item.top}")
    for key, rule in rules.items():
        if cells[key]:  # all at once: DataValidation.add compares each cell with every one before
            rule.sqref = " ".join(cells[key])
            worksheet.add_data_validation(rule)


def _listable(choices: tuple[str, ...]) -> bool:
    """Excel's list rule separates by commas and keeps 255 characters: other lists stay the window's."""
    return not any("," in choice for choice in choices) and len(",".join(choices)) + 2 <= LIST_LIMIT


def _rule(column) -> DataValidation:
    choices = "、".join(column.choices)
    listed = ",".join(column.choices).replace('"', '""')
    return DataValidation(type="list", formula1=f'"{listed}"',
                          allow_blank=True, showDropDown=False, showErrorMessage=True,
                          errorTitle=column.short_label, error=f"{column.short_label}只能填 {choices} 之一")
