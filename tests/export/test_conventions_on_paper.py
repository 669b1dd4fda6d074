"""An issuer's conventions reach both papers: the Hebei 2019 form prints 86 % and 9 in Excel and PDF."""
from __future__ import annotations

import io

from openpyxl import load_workbook
from test_pdf_support import export as export_pdf, page_texts

from evaldesk.export.xlsx import write_xlsx

HEBEI = "selfeval-2019-hebei-langfang.evd"  # a template with the Hebei conventions travels in the file


def test_excel_shows_the_rate_as_a_whole_percent_and_the_integer_score(load_fixture):
    stream = io.BytesIO()
    write_xlsx([load_fixture(HEBEI)], stream)
    stream.seek(0)
    sheet = load_workbook(stream).worksheets[0]
    rate = next(c for row in sheet.iter_rows() for c in row if c.value is not None and c.number_format.endswith("%"))
    assert (float(rate.value), rate.number_format) == (0.86, "0%")
    assert sheet.cell(row=rate.row, column=rate.column + 1).value == 9


def test_pdf_prints_86_percent_and_9(load_fixture):
    text = "".join(page_texts(export_pdf(load_fixture(HEBEI))))
    assert "37.24" in text and "86%9" in text and "86.20%" not in text
