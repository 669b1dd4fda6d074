"""The hidden record evaldesk leaves in the workbooks it writes, so that an import gives back exactly
the form that was exported.

A workbook shows amounts as numbers (3,467,369.00) while the clerk typed "3467369"; texts longer than a
row are cut over several rows. The very hidden sheet `_evaldesk` keeps, for each form sheet, the
template, the amount unit, and for every typed place the exact typed text, where it is shown (cell
addresses) and what was shown there. On import, a cell still showing what was written gives back the
typed text; a cell changed in Excel gives its new content. The label cells and their addresses are kept
as a fingerprint: if rows were inserted or moved in Excel, the record no longer fits and the import
reads the sheet by its labels instead.
"""
from __future__ import annotations

import json
from typing import Any

from ..domain.value import Fresh, Value

MARKER_SHEET = "_evaldesk"
MARKER_FORMAT = "evaldesk-xlsx"
MARKER_VERSION = "1"
CHUNK = 30000  # below Excel's 32,767 characters per cell


class PlaceRecord(Value, mutable=True):
    typed: Any  # str, or list[str] for a multiple choice
    addresses: list[str] = Fresh(list)
    shown: str = ""  # the text written, or the number as a decimal string
    number: bool = False


class SheetRecord(Value, mutable=True):
    """What the marker says about one form sheet."""

    template_id: str = ""
    template_version: int = 0
    template_definition: dict | None = None
    amount_unit: str = ""
    places: dict[str, PlaceRecord] = Fresh(dict)
    rows: dict[str, int] = Fresh(dict)
    labels: list[tuple[str, str]] = Fresh(list)
    derived: list[str] = Fresh(list)  # addresses of the computed cells, in sheet order


def write_marker(workbook, records: dict[str, SheetRecord]) -> None:
    sheet = workbook.create_sheet(MARKER_SHEET)
    sheet.sheet_state = "veryHidden"
    rows = [[MARKER_FORMAT, MARKER_VERSION]]
    for title, record in records.items():
        rows.append([title, "template", record.template_id, str(record.template_version)])
        rows.append([title, "definition", ""] + _chunks(json.dumps(record.template_definition, ensure_ascii=False)))
        rows.append([title, "unit", record.amount_unit])
        for key, count in record.rows.items():
            rows.append([title, "rows", key, str(count)])
        rows.append([title, "labels", ""] + _chunks(json.dumps(record.labels, ensure_ascii=False)))
        rows.append([title, "derived", ""] + _chunks(json.dumps(record.derived)))
        for place, item in record.places.items():
            long = len(item.shown) > CHUNK // 2  # a cell holds 32,767 characters: a long text's shown form goes on its own row, in chunks
            shown = json.dumps(["" if long else item.shown, item.number, " ".join(item.addresses)], ensure_ascii=False)
            rows.append([title, "place", place, shown] + _chunks(json.dumps(item.typed, ensure_ascii=False)))
            if long:
                rows.append([title, "shown", place] + _chunks(json.dumps(item.shown, ensure_ascii=False)))
    from openpyxl.cell.cell import Cell

    cells = sheet._cells
    for number, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            # Every value is a plain name or JSON text (which escapes control characters): set as text as it
            # is, never a formula, without openpyxl's checks of each value (a fifth of a long form's export).
            cell = cells[number, column] = Cell(sheet, row=number, column=column)
            cell._value, cell.data_type = value, "s"


def read_marker(workbook) -> dict[str, SheetRecord] | None:
    """The records by sheet title, or None when the workbook has no (readable) marker."""
    if MARKER_SHEET not in workbook.sheetnames:
        return None
    rows = [[("" if v is None else str(v)) for v in row] for row in workbook[MARKER_SHEET].iter_rows(values_only=True)]
    if not rows or rows[0][:2] != [MARKER_FORMAT, MARKER_VERSION]:
        return None
    records: dict[str, SheetRecord] = {}
    try:
        for row in rows[1:]:
            if len(row) >= 3:
                _read_row(records.setdefault(row[0], SheetRecord()), row)
    except (ValueError, TypeError, IndexError):
        return None
    return records


def _read_row(record: SheetRecord, row: list[str]) -> None:
    kind, key = row[1], row[2]
    if kind == "template":
        record.template_id, record.template_version = key, int(row[3] or 0)
    elif kind == "definition":
        record.template_definition = json.loads("".join(row[3:]))
    elif kind == "unit":
        record.amount_unit = key
    elif kind == "rows":
        record.rows[key] = int(row[3])
    elif kind == "labels":
        record.labels = [(a, t) for a, t in json.loads("".join(row[3:]))]
    elif kind == "derived":
        record.derived = [str(a) for a in json.loads("".join(row[3:]))]
    elif kind == "place":
        shown, number, addresses = json.loads(row[3])
        typed = json.loads("".join(row[4:]))
        if not isinstance(typed, (str, list)):
            raise TypeError("typed text expected")
        record.places[key] = PlaceRecord(typed, addresses.split(), str(shown), bool(number))
    elif kind == "shown" and key in record.places:
        record.places[key].shown = str(json.loads("".join(row[3:])))


def _chunks(text: str) -> list[str]:
    return [text[i:i + CHUNK] for i in range(0, len(text), CHUNK)] or [""]
