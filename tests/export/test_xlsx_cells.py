"""The fast cell writer gives the bytes openpyxl's own writer gives, for every form and for the summary."""
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
    monkeypatch.setattr(xlsx_cells, "_write_cell", xlsx_cells._openpyxl_write_cell)  # fast_cells installs openpyxl's
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

    before = _writer.write_cell
    with pytest.raises(OSError):
        with xlsx_cells.fast_cells():
            assert _writer.write_cell is xlsx_cells._write_cell
            raise OSError(28, "No space left on device")
    assert _writer.write_cell is before
