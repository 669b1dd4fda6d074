"""A corpus of hostile and broken workbooks, made from one real export of a seed form.

Each case is a few kilobytes that once made the import freeze, exhaust memory, or crash — or a kind of
file that was always refused and must stay so. `build_corpus(folder)` writes them all; each Case says
what the import must do with it: refuse it with the app's own sentence (containing `words`), or import.
Run it by hand: `python tests/reliability/hostile_workbooks.py OUT_FOLDER`.
"""
from __future__ import annotations

import io
import re
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Callable

FIXTURES = Path(__file__).parent.parent / "fixtures"
SEED = FIXTURES / "selfeval-2021-newenergy.evd"
FORM_SHEET, MARKER_SHEET = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"  # the export's order


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[], bytes]
    words: tuple[str, ...]  # what the refusal must say; empty: the import must succeed


@cache
def base_workbook() -> bytes:
    return exported_workbook()


def exported_workbook(edit=None) -> bytes:
    """The seed form exported by evaldesk itself; `edit(form)` may change the form first."""
    from evaldesk.export.xlsx import write_xlsx
    from evaldesk.storage.evd import load_form
    from evaldesk.storage.templates import load_templates

    form = load_form(SEED, load_templates(user_dir=Path("/nonexistent")))
    if edit:
        edit(form)
    stream = io.BytesIO()
    write_xlsx([form], stream)
    return stream.getvalue()


def rezip(data: bytes, replace: dict[str, bytes], stored: bool = False) -> bytes:
    """The workbook with some parts replaced (a part set to None is removed)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", method) as target:
        for info in source.infolist():
            part = replace.get(info.filename, source.read(info.filename))
            if part is not None:
                target.writestr(info.filename, part)
        for name, part in replace.items():
            if name not in source.namelist() and part is not None:
                target.writestr(name, part)
    return out.getvalue()


def _sheet(data: bytes, part: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(part)


def _with_merge(base: bytes, ref: str) -> bytes:
    sheet = re.sub(rb"(<mergeCells[^>]*>)", f'\\1<mergeCell ref="{ref}" />'.encode(), _sheet(base, FORM_SHEET), count=1)
    return rezip(base, {FORM_SHEET: sheet})


def _moved_cell(base: bytes, part: str, ref: str) -> bytes:
    sheet = _sheet(base, part)
    sheet = re.sub(rb'<c r="[A-Z]+\d+"', f'<c r="{ref}"'.encode(), sheet, count=1)
    return rezip(base, {part: sheet})


def _wide_rows(columns: int, rows: int, with_positions: bool) -> bytes:
    def cell(row, col):
        return f'<c r="{_letters(col)}{row}"><v>1</v></c>' if with_positions else "<c><v>1</v></c>"
    body = "".join(f'<row r="{r}">' + "".join(cell(r, c) for c in range(1, columns + 1)) + "</row>"
                   for r in range(1, rows + 1))
    return _worksheet(body)


def _dimension(sheet: bytes) -> bytes:
    changed = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', sheet, count=1)
    assert changed != sheet, "the export has no dimension to change"
    return changed


def _worksheet(body: str, extra: str = "") -> bytes:
    return ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"{extra}<sheetData>{body}</sheetData></worksheet>").encode()


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _many_merges(count: int) -> bytes:
    merges = "".join(f'<mergeCell ref="A{r}:J{r + 9}" />' for r in range(1, count * 10, 10)[:count])
    return ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            f'<row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCells count="{count}">{merges}'
            "</mergeCells></worksheet>").encode()


def _long_text(chars: int) -> bytes:
    return _worksheet(f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"绩" * chars}</t></is></c></row>')


def _entity_bomb() -> bytes:
    lol = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)) + "]>"
    return (lol + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>&j;</t></is></c></row></sheetData></worksheet>').encode()


def _xxe() -> bytes:
    return ('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>').encode()


def _lying_bomb(base: bytes) -> bytes:
    """A sheet that unpacks to 64 MB while the zip directory claims it is 16 KB."""
    zipped = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in zipped.infolist():
            if info.filename != FORM_SHEET:
                target.writestr(info.filename, zipped.read(info.filename))
    head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = packer.compress(head) + b"".join(packer.compress(b" " * (1 << 20)) for _ in range(64)) + packer.flush()
    return _append_member(out.getvalue(), FORM_SHEET, packed, claimed_size=16_000)


def _append_member(archive: bytes, name: str, packed: bytes, claimed_size: int) -> bytes:
    """Add a deflated member whose headers state `claimed_size` (and a CRC of nothing) as its size."""
    body = archive[: archive.rfind(b"PK\x05\x06")]
    directory_start = struct.unpack("<I", archive[archive.rfind(b"PK\x05\x06") + 16:][:4])[0]
    entries, directory = body[:directory_start], body[directory_start:]
    count = struct.unpack("<H", archive[archive.rfind(b"PK\x05\x06") + 10:][:2])[0]
    encoded = name.encode()
    offset = len(entries)
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, 0, len(packed), claimed_size, len(encoded), 0)
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, 0, len(packed), claimed_size,
                          len(encoded), 0, 0, 0, 0, 0, offset)
    entries += local + encoded + packed
    directory += central + encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count + 1, count + 1, len(directory), len(entries), 0)
    return entries + directory + end


def _honest_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("[Content_Types].xml", "<Types/>")
        target.writestr("xl/workbook.xml", "<workbook/>")
        with target.open(FORM_SHEET, "w", force_zip64=True) as sheet:  # 64 MB, written a megabyte at a time
            sheet.write(b"<worksheet>")
            for _ in range(64):
                sheet.write(b" " * (1 << 20))
            sheet.write(b"</worksheet>")
    return out.getvalue()


def _encrypted(base: bytes) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(base)).encrypt("123456", out)
    return out.getvalue()


def build_corpus(folder: Path) -> dict[str, tuple[Path, tuple[str, ...]]]:
    """Write every case to `folder`; returns name -> (path, words the refusal must contain)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for case in CASES:
        path = folder / f"{case.name}.xlsx"
        path.write_bytes(case.make())
        written[case.name] = (path, case.words)
    return written


def _base_with(part: str, make: Callable[[], bytes]) -> Callable[[], bytes]:
    return lambda: rezip(base_workbook(), {part: make()})


def _too_big(name: str, make: Callable[[], bytes]) -> Case:
    return Case(name, make, ("不像是一张绩效表",))


def _cases() -> list[Case]:
    base = base_workbook
    return [
        _too_big("merge-A1-Z100000", lambda: _with_merge(base(), "A1:Z100000")),
        _too_big("merge-whole-sheet", lambda: _with_merge(base(), "A1:XFD1048576")),
        _too_big("marker-cell-at-XFD1048576", lambda: _moved_cell(base(), MARKER_SHEET, "XFD1048576")),
        _too_big("form-cell-at-A1048576", lambda: _moved_cell(base(), FORM_SHEET, "A1048576")),
        _too_big("16384-columns-x-12-rows", _base_with(FORM_SHEET, lambda: _wide_rows(16384, 12, True))),
        _too_big("16384-unnumbered-columns", _base_with(FORM_SHEET, lambda: _wide_rows(16384, 12, False))),
        _too_big("dimension-A1-XFD1048576", _base_with(FORM_SHEET, lambda: _dimension(_sheet(base(), FORM_SHEET)))),
        _too_big("row-1048576", _base_with(MARKER_SHEET, lambda: _worksheet(
            '<row r="1048576"><c r="A1048576"><v>1</v></c></row>'))),
        _too_big("3000-merges-of-100-cells", _base_with(FORM_SHEET, lambda: _many_merges(3000))),
        _too_big("100000-rows", _base_with(FORM_SHEET, lambda: _worksheet("".join(
            f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 100_001))))),
        Case("text-of-100000-characters", _base_with(FORM_SHEET, lambda: _long_text(100_000)), ("32767",)),
        Case("entity-bomb", _base_with(FORM_SHEET, _entity_bomb), ("实体",)),
        Case("xxe-file-read", _base_with(FORM_SHEET, _xxe), ("实体",)),
        Case("honest-zip-bomb", _honest_bomb, ("压缩炸弹",)),
        Case("lying-zip-bomb", lambda: _lying_bomb(base()), ("损坏",)),  # read only to its stated size: bad checksum
        Case("encrypted", lambda: _encrypted(base()), ("加密",)),
        Case("old-xls", lambda: bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504 + "Workbook".encode("utf-16-le") * 4,
             (".xls",)),
        Case("not-a-zip", lambda: b"PK\x03\x04 this is not really a workbook" * 10, ("不是 Excel 工作簿",)),
        Case("cut-short", lambda: base()[: len(base()) // 2], ("不是 Excel 工作簿",)),
        Case("empty", lambda: b"", ("空文件",)),
        Case("own-export-with-32000-character-texts", lambda: exported_workbook(_long_texts), ()),
    ]


def _long_texts(form) -> None:
    """The longest texts filled with 32,000 characters each (an export evaldesk must read back)."""
    texts = sorted((key for key, value in form.fields.items() if isinstance(value, str)),
                   key=lambda key: -len(form.fields[key]))[:3]
    for key in texts:
        form.fields[key] = ("绩效目标完成情况良好。" * 3200)[:32_000]


CASES = _cases()
SLOW_TO_MAKE = {"own-export-with-32000-character-texts"}  # an export of three 32,000-character texts


if __name__ == "__main__":
    for name, (path, words) in build_corpus(Path(sys.argv[1])).items():
        print(f"{path.stat().st_size:>10,}  {name}")
