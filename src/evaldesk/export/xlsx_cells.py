"""The worksheet's cells as XML, written straight as text: the same bytes openpyxl's own cell writer gives,
at a fraction of its cost.

openpyxl builds an ElementTree element for every cell and serialises it through et_xmlfile's namespace
machinery: two thirds of a 500-form batch export went there. evaldesk's cells are only texts, numbers and
empty styled cells (borders of merged ranges), so those are written as text; any other cell (a formula, a
date, rich text, a hyperlink) and any other writer (lxml's) goes to openpyxl's own code. Installed only
while evaldesk saves a workbook (`fast_cells`); a test compares the bytes of both writers.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager

from openpyxl.compat import safe_string
from openpyxl.worksheet import _writer as sheet_writer

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})  # ElementTree's escapes for text
_LOCK = threading.Lock()  # the writer is a module global of openpyxl's: one save installs it at a time


def _write_cell(xf, worksheet, cell, styled=None) -> None:
    write = getattr(xf, "_file", None)  # et_xmlfile's raw output; lxml's xmlfile has none
    value, kind = cell._value, cell.data_type
    if write is None or cell.hyperlink or not (kind == "n" or kind == "s" and isinstance(value, str)):
        return _openpyxl_write_cell(xf, worksheet, cell, styled)
    head = f'<c r="{cell.coordinate}"' + (f' s="{cell.style_id}"' if styled else "")
    if value is None or value == "":
        write(f'{head} t="{"inlineStr" if kind == "s" else "n"}" />')
    elif kind == "s":
        space = ' xml:space="preserve"' if value.strip() and value != value.strip() else ""
        write(f'{head} t="inlineStr"><is><t{space}>{value.translate(_ESCAPES)}</t></is></c>')
    else:
        write(f'{head} t="n"><v>{safe_string(value).translate(_ESCAPES)}</v></c>')


_openpyxl_write_cell = sheet_writer.write_cell


@contextmanager
def fast_cells():
    """openpyxl's worksheet writer uses `_write_cell` for the duration (a save)."""
    with _LOCK:
        sheet_writer.write_cell = _write_cell
        try:
            yield
        finally:
            sheet_writer.write_cell = _openpyxl_write_cell
