"""The export formats, in one list that the command line (`export --xlsx/--pdf`) and the window's File menu
both read: a new format (a Word report) is one module and one line here.

Nothing here imports openpyxl or reportlab: a writer's module is imported when it is first used, so the
window and the command line start without them.
"""
from __future__ import annotations

from importlib import import_module
from typing import BinaryIO, Iterable

from ..domain.form import Form
from ..domain.value import Value


class Exporter(Value):
    key: str  # the command line option (--xlsx) and the menu action's name (export_xlsx)
    name: str  # as the clerk reads it: 导出 Excel
    suffix: str
    file_filter: str  # for the save dialog
    module: str  # the writer's module, imported on first use
    function: str  # write(forms, stream[, draft])
    mnemonic: str  # the menu's underlined letter
    takes_draft: bool = False  # the writer can mark 草稿

    def write(self, forms: Iterable[Form], stream: BinaryIO, draft: bool = False) -> None:
        writer = getattr(import_module(self.module, __package__), self.function)
        if self.takes_draft:
            writer(list(forms), stream, draft=draft)
        else:
            writer(list(forms), stream)


EXPORTERS: tuple[Exporter, ...] = (
    Exporter("xlsx", "Excel", ".xlsx", "Excel 工作簿 (*.xlsx)", ".xlsx", "write_xlsx", "E", takes_draft=True),
    Exporter("pdf", "PDF", ".pdf", "PDF 文件 (*.pdf)", ".pdf", "write_pdf", "D", takes_draft=True),
)


def exporter(key: str) -> Exporter:
    for item in EXPORTERS:
        if item.key == key:
            return item
    raise KeyError(key)
