"""One layout: a block or a column added to a template file reaches the window, the PDF, the workbook and
the workbook reader, with no code changed. (Issue 9: the layout is interpreted in one place.)"""
from __future__ import annotations

import copy
import io
import json

from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from evaldesk.domain.form import Row
from evaldesk.export.pdf import write_pdf
from evaldesk.export.xlsx import write_xlsx
from evaldesk.readers.workbook import read_workbook
from evaldesk.storage.paths import builtin_templates_dir
from evaldesk.storage.templates import load_templates
from evaldesk.storage.workbook_record import MARKER_SHEET
from evaldesk.ui.document import FormDocument
from evaldesk.ui.form_view import FormView

CONTACT = "联系人及电话"
UNIT = "计量单位"


def widened_template(tmp_path):
    """The national form with a new row block (联系人及电话) and a new indicator column (计量单位): one
    more grid column, so every full-width row spans one more."""
    data = json.loads((builtin_templates_dir() / "selfeval-national.json").read_text("utf-8"))
    data = copy.deepcopy(data)
    data.update(id="unit-own", name="本单位自评表（带计量单位）")
    data["columns"] = data["columns"][:5] + [8] + data["columns"][5:]
    data["fields"].append({"key": "contact", "label": CONTACT, "type": "text"})
    for block in data["layout"]:
        if block["block"] == "row":
            block["cells"][-1]["span"] += 1
        if block["block"] == "goals":
            block["right_span"] += 1
    at = next(i for i, b in enumerate(data["layout"]) if b["block"] == "funds")
    data["layout"].insert(at, {"block": "row", "cells": [{"label": CONTACT, "span": 2}, {"field": "contact", "span": 8}]})
    data["funds"]["columns"][-1]["span"] += 1
    table = data["tables"][0]
    at = next(i for i, c in enumerate(table["columns"]) if c["key"] == "actual")
    table["columns"].insert(at + 1, {"key": "unit", "label": UNIT})
    table["total_span"] += 1
    (tmp_path / "unit-own.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return load_templates(user_dir=tmp_path)


def filled(registry, load_fixture):
    source = load_fixture("selfeval-2021-newenergy.evd")
    form = copy.deepcopy(source)
    form.template = registry.get("unit-own")
    form.fields["contact"] = "张文 021-64011234"
    form.tables["indicators"] = [Row({**row.values, "unit": "篇"}) for row in source.rows("indicators")]
    return form


def test_a_new_block_and_column_show_in_the_window(tmp_path, load_fixture, qtbot):
    form = filled(widened_template(tmp_path), load_fixture)
    view = FormView(FormDocument(form))
    qtbot.addWidget(view)
    assert any(label.text() == CONTACT for label in view.findChildren(QLabel))
    assert view.fields["contact"][0].text() == "张文 021-64011234"
    model = view.tables["indicators"].model()
    cells = [model.index(r, c).data(Qt.ItemDataRole.DisplayRole) for r in range(model.rowCount()) for c in range(model.columnCount())]
    assert UNIT in cells and cells.count("篇") == len(form.rows("indicators"))


def test_a_new_block_and_column_print_in_the_pdf_and_the_workbook(tmp_path, load_fixture):
    form = filled(widened_template(tmp_path), load_fixture)
    pdf = io.BytesIO()
    write_pdf([form], pdf)
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages).replace("\n", "").replace(" ", "")
    assert CONTACT in text and "张文021-64011234" in text and UNIT in text
    book = io.BytesIO()
    write_xlsx([form], book)
    values = [c.value for row in load_workbook(book).worksheets[0].iter_rows() for c in row]
    assert CONTACT in values and "张文 021-64011234" in values and UNIT in values and values.count("篇") == len(form.rows("indicators"))


def test_the_reader_finds_a_new_block_and_column_by_their_labels(tmp_path, load_fixture):
    registry = widened_template(tmp_path)
    form = filled(registry, load_fixture)
    book = io.BytesIO()
    write_xlsx([form], book)
    workbook = load_workbook(io.BytesIO(book.getvalue()))
    del workbook[MARKER_SHEET]  # as if typed by hand: the reader must go by the labels
    path = tmp_path / "handtyped.xlsx"
    workbook.save(path)
    read = read_workbook(path, registry, template_id="unit-own").form
    assert read.fields["contact"] == "张文 021-64011234"
    assert [row.get("unit") for row in read.rows("indicators")] == ["篇"] * len(form.rows("indicators"))
    assert [row.get("name") for row in read.rows("indicators")] == [row.get("name") for row in form.rows("indicators")]
