"""Print preview and printing show exactly the pages of the PDF export."""
from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

from evaldesk.export.pdf import pdf_bytes
from evaldesk.ui import printing

A4_POINTS = (595.3, 841.9)


def exported(form) -> bytes:
    return pdf_bytes([form])


def pdf_printer(form, path) -> QPrinter:
    printer = printing.a4_printer(form)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def ink_map(image: QImage, block: int = 8) -> list[float]:
    """Mean grey of each block × block square: where the ink is, blind to anti-aliasing details."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    pixels, stride = bytes(grey.constBits()), grey.bytesPerLine()
    means = []
    for top in range(0, grey.height() - block + 1, block):
        for left in range(0, grey.width() - block + 1, block):
            rows = (pixels[(top + y) * stride + left:(top + y) * stride + left + block] for y in range(block))
            means.append(sum(sum(row) for row in rows) / block ** 2)
    return means


def difference(a: QImage, b: QImage) -> float:
    """Mean difference of the ink maps, 0 (same) to 255."""
    assert (a.width(), a.height()) == (b.width(), b.height())
    ma, mb = ink_map(a), ink_map(b)
    return sum(abs(x - y) for x, y in zip(ma, mb)) / len(ma)


@pytest.mark.parametrize("name", ["selfeval-2021-newenergy.evd", "selfassess-2019-stec-01.evd"])
def test_preview_shows_as_many_pages_as_the_pdf(qtbot, load_fixture, name):
    form = load_fixture(name)
    expected = len(PdfReader(io.BytesIO(exported(form))).pages)
    dialog = printing.preview_dialog(None, form)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() == expected, timeout=10_000)
    assert "打印预览" in dialog.windowTitle() and form.project_name in dialog.windowTitle()
    dialog.close()


def test_printing_to_a_pdf_printer_gives_the_same_pages(qtbot, load_fixture, tmp_path):
    form = load_fixture("selfassess-2019-stec-01.evd")
    pdf = exported(form)
    out = tmp_path / "printed.pdf"
    assert printing.print_pdf(pdf_printer(form, out), pdf) == printing.page_count(pdf)
    printed = PdfReader(out)
    assert len(printed.pages) == len(PdfReader(io.BytesIO(pdf)).pages) > 1
    for page in printed.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4_POINTS[0]) < 1.5 and abs(height - A4_POINTS[1]) < 1.5


def test_printed_pages_look_like_the_exported_pages(qtbot, load_fixture, tmp_path):
    form = load_fixture("selfeval-2021-newenergy.evd")
    pdf = exported(form)
    out = tmp_path / "printed.pdf"
    printing.print_pdf(pdf_printer(form, out), pdf)
    original, printed = pdfium.PdfDocument(pdf), pdfium.PdfDocument(str(out))
    try:
        for index in range(len(original)):
            a = printing.page_image(original[index], 100)
            b = printing.page_image(printed[index], 100)
            assert difference(a, b) < 4, index  # the same ink in the same places
        # and a different page does differ: the comparison can tell pages apart
        assert difference(printing.page_image(original[0], 100), printing.page_image(printed[1], 100)) > 10
    finally:
        original.close()
        printed.close()


def test_a_page_range_prints_only_those_pages(qtbot, load_fixture, tmp_path):
    form = load_fixture("selfassess-2019-stec-01.evd")
    pdf = exported(form)
    printer = pdf_printer(form, tmp_path / "range.pdf")
    printer.setFromTo(2, 3)
    assert printing.print_pdf(printer, pdf) == 2
    assert len(PdfReader(tmp_path / "range.pdf").pages) == 2


class RecordingDialogs:
    def __init__(self):
        self.errors = []

    def error(self, parent, title, text):
        self.errors.append((title, text))


class Window:
    def __init__(self):
        self.dialogs = RecordingDialogs()


def test_a_printer_that_cannot_start_is_told_in_chinese(qtbot, load_fixture, tmp_path):
    form = load_fixture("selfeval-2021-newenergy.evd")
    window = Window()
    printer = pdf_printer(form, tmp_path / "missing-folder" / "out.pdf")
    assert printing._print_or_tell(window, printer, exported(form)) is False
    assert window.dialogs.errors and window.dialogs.errors[0][0] == "无法打印"
    assert "无法开始打印" in window.dialogs.errors[0][1]
