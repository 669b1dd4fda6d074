"""The fast row writer gives the bytes openpyxl's own writer gives, for every form and for the summary."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from evaldesk.domain.summary import summarise
from evaldesk.export import summary_xlsx, xlsx, xlsx_cells
from evaldesk.storage.library import LibraryIndex

FOLDER = Path(__file__).parents[1] / "fixtures"
FIXTURES = sorted(p.name for p in FOLDER.glob("*.evd"))
AWKWARD = [" leading blank", "trailing blank ", "a<b & c>d", "\n", "  ", "第一行\r\n第二行", "]]>", '"quoted" \'x\'',
           "=1+1", "12.50", "emoji 😀 and 𠀀"]


def sheets_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return {name: book.read(name) for name in book.namelist() if name.startswith("xl/worksheets/")}


def fast_texts(sheets: dict) -> str:
    return b"".join(sheets.values()).decode("utf-8").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def both_ways(monkeypatch, write) -> tuple[dict, dict]:
    fast = io.BytesIO()
    write(fast)
    monkeypatch.setattr(xlsx_cells, "_rows", xlsx_cells._openpyxl_rows)  # fast_cells installs openpyxl's
    monkeypatch.setattr(xlsx_cells, "_write_row", xlsx_cells._openpyxl_write_row)
    slow = io.BytesIO()
    write(slow)
    return sheets_of(fast.getvalue()), sheets_of(slow.getvalue())


def test_every_form_is_written_byte_for_byte_as_openpyxl_writes_it(load_fixture, monkeypatch):
    forms = [load_fixture(name) for name in ["selfeval-2021-newenergy.evd"] + FIXTURES]
    indicators = forms[0].tables["indicators"]
    for text, row in zip(AWKWARD, indicators * len(AWKWARD)):
        row.values["name"] = row.values["name"] + text
    forms[0].fields["goal_expected"] = "".join(AWKWARD)
    fast, slow = both_ways(monkeypatch, lambda stream: xlsx.write_xlsx(forms, stream))
    assert len(fast) == len(forms) + 1 and forms[0].fields["goal_expected"] in fast_texts(fast)  # every form sheet and the record
    assert fast == slow


def test_the_summary_is_written_byte_for_byte_as_openpyxl_writes_it(registry, monkeypatch, tmp_path):
    scan = LibraryIndex(registry, tmp_path / "index.json").scan([FOLDER])
    summary = summarise(scan.entries, scan.damaged)
    fast, slow = both_ways(monkeypatch, lambda stream: summary_xlsx.write_summary_xlsx(summary, stream))
    assert fast == slow


def test_openpyxl_s_own_writer_is_back_after_a_save_even_a_failed_one(load_fixture):
    from openpyxl.worksheet import _writer

    writer = _writer.WorksheetWriter
    before = writer.rows, writer.write_row
    with pytest.raises(OSError):
        with xlsx_cells.fast_cells():
            assert (writer.rows, writer.write_row) == (xlsx_cells._rows, xlsx_cells._write_row)
            raise OSError(28, "No space left on device")
    assert (writer.rows, writer.write_row) == before


def test_a_row_mixing_plain_cells_with_others_is_written_as_openpyxl_writes_it(monkeypatch):
    """Cells evaldesk does not write (a formula, a date, a link, a comment) go to openpyxl's own writer,
    in their place among the texts and numbers of their row."""
    from datetime import date

    from openpyxl import Workbook
    from openpyxl.comments import Comment

    def write(stream):
        book = Workbook()
        sheet = book.active
        sheet.append(["text", "=1+1", 3, date(2021, 5, 6), " a<b ", None, 2.5])
        sheet.append(["before the link", "link", "after"])
        sheet["B2"].hyperlink = "https://example.org"
        sheet.append(["commented", 7])
        sheet["A3"].comment = Comment("a note", "clerk")
        sheet.row_dimensions[5].height = 30  # a row with a height only
        with xlsx_cells.fast_cells():
            book.save(stream)

    fast, slow = both_ways(monkeypatch, write)
    assert b"<f>1+1</f>" in fast["xl/worksheets/sheet1.xml"] and b'<row r="5" ht="30"' in fast["xl/worksheets/sheet1.xml"]
    assert fast == slow


def test_a_writer_without_et_xmlfile_2s_raw_output_gets_openpyxls_own_rows(monkeypatch):
    """et_xmlfile 1.x keeps a file object in `_file`, lxml's writer nothing: their rows go to openpyxl's writer."""
    from types import SimpleNamespace

    written = []
    monkeypatch.setattr(xlsx_cells, "_openpyxl_write_row", lambda self, xf, row, index: written.append(index))
    for xf in (SimpleNamespace(_file=io.BytesIO()), SimpleNamespace()):
        xlsx_cells._write_row(SimpleNamespace(ws=None), xf, [], 7)
    assert written == [7, 7]
