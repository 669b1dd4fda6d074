"""Giving back an exported form from the hidden record (storage.workbook_record), taking in what was changed in Excel.

A place whose cells still show what evaldesk wrote gets back its exact typed text ("530000.00", not
530000). A cell changed in Excel gives its new content, and a note says so. Derived cells (totals,
rates, group weights) are recomputed; where the sheet still prints an old figure, a note says so.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from openpyxl.utils import get_column_letter

from ..domain.compute import compute
from ..domain.form import Form, Row
from ..domain.places import Place
from ..domain.sheet import DERIVED, build_sheet
from ..domain.template import Template, TemplateError
from ..storage.templates import TemplateRegistry
from ..storage.workbook_record import PlaceRecord, SheetRecord
from .grid import display_text, number_text
from .guard import ImportFailed
from .label_tables import GROUP_WEIGHT
from .labels import chosen_options
from .result import ImportResult


def restore_from_record(worksheet, record: SheetRecord, registry: TemplateRegistry):
    """The form the record describes, or None when the sheet no longer fits it (rows moved in Excel)."""
    if not _labels_in_place(worksheet, record):
        return None
    template = _template(record, registry)
    original = _form(template, record, {})
    notes: list[str] = []
    edits = {}
    for key, item in record.places.items():
        if item.addresses and not _unchanged(worksheet, item):
            edits[key] = _edited_value(worksheet, template, Place.parse(key), item)
            notes.append(f"工作表“{worksheet.title}”{item.addresses[0]} 在 Excel 中改为“{_short(edits[key])}”，已采用表中内容。")
    form = _form(template, record, edits) if edits else original
    notes += _stale_figures(worksheet, record.derived, original, form)
    return ImportResult(form, notes)


def _labels_in_place(worksheet, record: SheetRecord) -> bool:
    return all(_shown(worksheet[address]) == text for address, text in record.labels)


def _template(record: SheetRecord, registry: TemplateRegistry) -> Template:
    try:
        template = registry.saved_with(record.template_id, record.template_version, record.template_definition)
    except TemplateError as error:
        raise ImportFailed(f"工作簿中保存的模板有误：{error}") from None
    if template is None:
        raise ImportFailed(f"工作簿使用的模板“{record.template_id}”在本机上没有。")
    return template


def _form(template: Template, record: SheetRecord, edits: dict) -> Form:
    form = Form(template, record.amount_unit or template.amount_unit)
    form.tables = {spec.key: [Row() for _ in range(record.rows.get(spec.key, 0))] for spec in template.tables}
    for key, item in record.places.items():
        value = edits.get(key, item.typed)
        place = Place.parse(key)
        if place.area == "field":
            form.fields[place.key] = value
        elif place.area == "funds":
            form.funds.setdefault(place.key, {})[place.column] = value
        elif place.area == "table" and place.key in form.tables and 0 <= place.row < len(form.tables[place.key]):
            form.tables[place.key][place.row].values[place.column] = value
    return form


def _shown(cell) -> str:
    return display_text(cell.value, cell.number_format)


def _unchanged(worksheet, item: PlaceRecord) -> bool:
    if item.number:
        value = worksheet[item.addresses[0]].value
        try:
            return isinstance(value, (int, float)) and Decimal(repr(value)) == Decimal(item.shown)
        except InvalidOperation:
            return False
    return _lf("".join(_raw_text(worksheet[a].value) for a in item.addresses)) == _lf(item.shown)


def _lf(text: str) -> str:
    """Line ends as a read-back cell has them: XML parsing turns a typed \\r\\n (or \\r) into \\n."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _raw_text(value) -> str:
    return value if isinstance(value, str) else display_text(value)


def _edited_value(worksheet, template: Template, place: Place, item: PlaceRecord):
    cells = [worksheet[a] for a in item.addresses]
    text = "".join(number_text(c.value) if isinstance(c.value, (int, float)) else _raw_text(c.value) for c in cells)
    if place.area == "field" and template.field(place.key).type == "choice":
        spec = template.field(place.key)
        return chosen_options(text, spec.options, spec.multiple)
    if place.area == "table" and place.column in template.table(place.key).levels:
        return GROUP_WEIGHT.sub("", text).strip()
    return text.strip()


def _stale_figures(worksheet, addresses: list[str], original: Form, form: Form) -> list[str]:
    """Derived cells still printing the exported figure, where the edited form computes another.

    The writer recorded where each derived cell of the sheet went, in sheet order; both forms have the
    same rows (the labels are in place), so their derived cells pair up in that order."""
    before = _derived(original)
    after = _derived(form)
    notes = []
    for address, old, new in zip(addresses, before, after):
        if old != new:
            shown = _shown(worksheet[address])
            if shown != new:
                notes.append(f"工作表“{worksheet.title}”{address} 印着“{shown}”，按修改后的内容重新计算为“{new}”，已采用计算值。")
    return notes


def _derived(form: Form) -> list[str]:
    return [cell.text for row in build_sheet(form, compute(form)).rows for cell in row.cells if cell.kind == DERIVED]


def _short(value) -> str:
    text = "、".join(value) if isinstance(value, list) else str(value)
    return text if len(text) <= 30 else text[:30] + "…"
