"""The worksheet's rows as XML, written straight as text: the same bytes openpyxl's own row writer gives,
at a fraction of its cost.

openpyxl sorts (address, cell) pairs, then builds an ElementTree element for every row and every cell and
serialises it through et_xmlfile's namespace machinery. In a 500-form workbook 219,100 of the 315,463
cells are the hidden record's (storage.workbook_record), in 44,539 rows. evaldesk's cells are only texts,
numbers and empty styled cells (borders of merged ranges), so those are written as text, a row at a time;
any other cell (a formula, a date, rich text, a hyperlink) goes to openpyxl's own cell writer, and a row
with a comment and any other writer (lxml's, et_xmlfile 1's) to openpyxl's own row writer. Installed only
while evaldesk saves a workbook (`fast_cells`); a test compares the bytes of both writers.
"""
from __future__ import annotations

import threading
from collections import defaultdict
from contextlib import contextmanager
from xml.etree.ElementTree import _escape_attrib  # what et_xmlfile escapes attribute values with

from openpyxl.compat import safe_string
from openpyxl.worksheet import _writer as sheet_writer

_LOCK = threading.Lock()  # the writer is openpyxl's class: one save installs it at a time


def _escape(text: str) -> str:
    """ElementTree's escapes for text (three replaces: many times faster than str.translate)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _rows(self):
    """WorksheetWriter.rows: the cells row by row, in order, and the rows that only have a height. openpyxl
    sorts (address, cell) pairs, comparing the addresses twice over; the addresses alone sort in a third
    of the time."""
    cells = self.ws._cells
    rows = defaultdict(list)
    for address in sorted(cells):
        rows[address[0]].append(cells[address])
    for row in self.ws.row_dimensions.keys() - rows.keys():
        rows[row] = []
    return sorted(rows.items())


def _write_row(self, xf, row, row_idx) -> None:
    """WorksheetWriter.write_row: the row's tag and its plain cells as one text."""
    write = getattr(xf, "_file", None)  # et_xmlfile 2's raw output (lxml's writer: none; et_xmlfile 1: a file)
    if not callable(write) or any(cell._comment is not None for cell in row):
        return _openpyxl_write_row(self, xf, row, row_idx)
    attrs = {"r": f"{row_idx}"}
    attrs.update(self.ws.row_dimensions.get(row_idx, {}))
    parts = ["<row", *[f' {key}="{_escape_attrib(value)}"' for key, value in attrs.items()], ">"]
    for cell in row:
        styled = cell.has_style
        if cell._value is None and not styled:
            continue
        text = _cell_xml(cell, styled)
        if text is None:  # openpyxl's own writer for this cell, after what came before it
            write("".join(parts))
            parts.clear()
            _openpyxl_write_cell(xf, self.ws, cell, styled)
        else:
            parts.append(text)
    parts.append("</row>")
    write("".join(parts))


def _cell_xml(cell, styled) -> str | None:
    """The cell's XML as openpyxl writes it; None for a cell other than a text, a number or an empty one."""
    value, kind = cell._value, cell.data_type
    if cell.hyperlink or not (kind == "n" or kind == "s" and isinstance(value, str)):
        return None
    head = f'<c r="{cell.coordinate}"' + (f' s="{cell.style_id}"' if styled else "")
    if value is None or value == "":
        return f'{head} t="{"inlineStr" if kind == "s" else "n"}" />'
    if kind == "s":
        space = ' xml:space="preserve"' if value.strip() and value != value.strip() else ""
        return f'{head} t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'
    return f'{head} t="n"><v>{_escape(safe_string(value))}</v></c>'


_openpyxl_rows = sheet_writer.WorksheetWriter.rows
_openpyxl_write_row = sheet_writer.WorksheetWriter.write_row
_openpyxl_write_cell = sheet_writer.write_cell


@contextmanager
def fast_cells():
    """openpyxl's worksheet writer uses `_rows` and `_write_row` for the duration (a save)."""
    writer = sheet_writer.WorksheetWriter
    with _LOCK:
        writer.rows, writer.write_row = _rows, _write_row
        try:
            yield
        finally:
            writer.rows, writer.write_row = _openpyxl_rows, _openpyxl_write_row
