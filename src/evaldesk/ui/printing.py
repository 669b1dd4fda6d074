"""Print preview and printing from the window: the printer gets the very pages of the PDF export.

The form is exported to PDF (evaldesk.export.pdf) and each PDF page is rendered by PDFium at the
printer's resolution and painted over the whole sheet of paper, so what the preview shows, what
the printer prints and what "导出 PDF" saves are one and the same; no second layout to keep in step.
"""
from __future__ import annotations

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

from ..domain.form import Form

MAX_DPI = 300  # enough for 9-point text on paper; an A4 page at 300 dpi is a 35 MB image already


class PrintFailed(Exception):
    """Printing could not start (no printer, output file not writable): a Chinese sentence."""


def print_preview(parent, form: Form) -> None:
    """The 打印预览 action: a preview of the printed pages, with its own print button."""
    dialog = preview_dialog(parent, form)
    if dialog is not None:
        dialog.exec()


def print_form(parent, form: Form) -> bool:
    """The 打印 action: the system print dialog, then the pages. True when something was printed."""
    pdf = _form_pdf(parent, form)
    if pdf is None:
        return False
    printer = a4_printer(form)
    dialog = print_dialog(parent, printer, page_count(pdf))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    return _print_or_tell(parent, printer, pdf)


# Labels of Qt's print dialog that its Chinese translation lacks.
PRINT_LABELS = {"Page &Set:": "打印页面(&S)："}


def print_dialog(parent, printer: QPrinter, pages: int) -> QPrintDialog:
    """The system print dialog (Qt's own on Linux, entirely in Chinese), pages 1 to `pages` to choose from."""
    dialog = QPrintDialog(printer, parent)
    dialog.printer_kept = printer  # the dialog does not own its printer
    dialog.setWindowTitle("打印")
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setMinMax(1, pages)
    for label in dialog.findChildren(QLabel):
        if label.text() in PRINT_LABELS:
            label.setText(PRINT_LABELS[label.text()])
    return dialog


def preview_dialog(parent, form: Form) -> QPrintPreviewDialog | None:
    """The preview dialog, ready to show (tests show() it; the window exec()s it)."""
    pdf = _form_pdf(parent, form)
    if pdf is None:
        return None
    printer = a4_printer(form)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.printer_kept = printer  # the dialog does not own its printer: keep it alive as long as the dialog
    dialog.setWindowTitle(f"打印预览 — {form.project_name or form.template.title}")
    dialog.paintRequested.connect(lambda printer: _print_or_tell(dialog, printer, pdf))
    return dialog


def a4_printer(form: Form | None = None) -> QPrinter:
    """A printer set for the export's pages: A4 portrait, painted edge to edge (the PDF has its margins)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    if form is not None:
        printer.setDocName(form.project_name or form.template.title)
    return printer


def print_pdf(printer: QPrinter, pdf: bytes) -> int:
    """Paint the PDF's pages (those of the printer's page range) onto the printer; returns how many."""
    document = pdfium.PdfDocument(pdf)
    try:
        pages = _chosen_pages(printer, len(document))
        printer.setFullPage(True)  # again: choosing an output format or a printer resets it
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintFailed("无法开始打印：打印机不可用，或输出文件无法写入。")
        try:
            dpi = min(printer.resolution(), MAX_DPI)
            paper = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            for n, index in enumerate(pages):
                if n and not printer.newPage():
                    raise PrintFailed("打印中断：无法开始新的一页。")
                painter.drawImage(paper, page_image(document[index], dpi))
        finally:
            painter.end()
        return len(pages)
    finally:
        document.close()


def page_image(page, dpi: float) -> QImage:
    """One PDF page as an image at `dpi`, white paper under it."""
    bitmap = page.render(scale=dpi / 72, prefer_bgrx=True)
    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32)
    return image.copy()  # own the pixels: PDFium frees its buffer with the bitmap


def page_count(pdf: bytes) -> int:
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def _chosen_pages(printer: QPrinter, count: int) -> list[int]:
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0:
        return list(range(count))
    return list(range(first - 1, min(last or count, count)))


def _form_pdf(parent, form: Form) -> bytes | None:
    from ..export.pdf import pdf_bytes

    try:
        return pdf_bytes([form])
    except (OSError, ValueError) as error:  # a font that cannot be read, a damaged template text
        _tell(parent, f"无法生成打印页面：{error}")
        return None


def _print_or_tell(parent, printer: QPrinter, pdf: bytes) -> bool:
    try:
        return print_pdf(printer, pdf) > 0
    except PrintFailed as error:
        _tell(parent, str(error))
        return False


def _tell(parent, text: str) -> None:
    dialogs = getattr(parent, "dialogs", None)
    if dialogs is not None:
        dialogs.error(parent, "无法打印", text)
    else:
        QMessageBox.warning(parent, "无法打印", text)
