"""Checks on a workbook file before openpyxl touches it: hostile or broken input gets one clear
sentence, never a hang or a traceback.

An .xlsx is a zip of XML parts. Refused here: files that are not zips (with a word for the usual
suspects: an encrypted workbook and an old .xls are both OLE compound files), zip bombs (sizes read
from the zip directory, and a check while reading), XML with a DOCTYPE (entity attacks; openpyxl also
parses through defusedxml, which refuses them), and sheets with far more rows or cells than a form.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 150  # a form's XML packs about 5-20 times; a bomb packs thousands of times
MAX_MEMBERS = 5000
MAX_ROWS = 5000  # a filed form has well under 300 rows
MAX_CELLS = 200_000
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ROW = re.compile(rb"<(?:\w{1,16}:)?row[\s>/]")
_CELL = re.compile(rb"<(?:\w{1,16}:)?c[\s>/]")
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


class ImportFailed(Exception):
    """The workbook cannot be imported; the message (Chinese) says why and what to do."""


def check_workbook_file(path: Path) -> None:
    """Raise ImportFailed unless `path` looks like a safe .xlsx of a sensible size."""
    name = path.name
    if not path.exists():
        raise ImportFailed(f"找不到文件“{path}”。")
    if not path.is_file():
        raise ImportFailed(f"“{name}”不是文件。")
    size = path.stat().st_size
    if size == 0:
        raise ImportFailed(f"“{name}”是空文件，不是 Excel 工作簿。")
    if size > MAX_FILE_BYTES:
        raise ImportFailed(f"“{name}”太大（{size // (1024 * 1024)} MB），不像是一张绩效表，已拒绝导入。")
    with path.open("rb") as stream:
        head = stream.read(8)
    if head == OLE_MAGIC:
        raise ImportFailed(_ole_message(path))
    if not zipfile.is_zipfile(path):
        raise ImportFailed(f"“{name}”不是 Excel 工作簿（.xlsx）：文件内容不是 xlsx 格式，可能已损坏或是其他类型的文件。")
    try:
        with zipfile.ZipFile(path) as archive:
            _check_archive(archive, name)
    # a damaged part: bad CRC, broken deflate data, cut short, or a compression Excel never writes
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
        raise _damaged(name) from None


def _damaged(name: str) -> ImportFailed:
    return ImportFailed(f"“{name}”已损坏（压缩结构不完整），无法读取。")


def _ole_message(path: Path) -> str:
    """An OLE compound file: an encrypted xlsx, an old .xls, or another Office file."""
    with path.open("rb") as stream:
        data = stream.read(8 * 1024 * 1024)
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return f"“{path.name}”是加密（设置了打开密码）的工作簿，无法读取。请在 Excel 或 WPS 中去掉密码后另存为 .xlsx 再导入。"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return f"“{path.name}”是旧版 Excel 格式（.xls），不能直接导入。请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）后再导入。"
    return f"“{path.name}”是旧版 Office 文件，不是 Excel 工作簿（.xlsx）。"


def _check_archive(archive: zipfile.ZipFile, name: str) -> None:
    members = archive.infolist()
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or not any(n.endswith("workbook.xml") for n in names):
        if "word/document.xml" in names:
            raise ImportFailed(f"“{name}”是 Word 文档，不是 Excel 工作簿。")
        if any(n.endswith("workbook.bin") for n in names):
            raise ImportFailed(f"“{name}”是 Excel 二进制工作簿（.xlsb），请另存为 .xlsx 后再导入。")
        raise ImportFailed(f"“{name}”不是 Excel 工作簿（.xlsx）：压缩包中没有工作簿内容。")
    if any(m.flag_bits & 0x1 for m in members):  # zip-level encryption: Excel never writes it
        raise _damaged(name)
    if len(members) > MAX_MEMBERS:
        raise ImportFailed(f"“{name}”包含的部件过多（{len(members)} 个），不像是一张绩效表，已拒绝导入。")
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED_BYTES or any(_bomb_like(m) for m in members):
        raise ImportFailed(f"“{name}”解压后异常巨大（可能是“压缩炸弹”），已拒绝导入。")
    for member in members:
        if member.filename.endswith((".xml", ".rels", ".vml")):
            _check_xml(archive, member, name)


def _bomb_like(member: zipfile.ZipInfo) -> bool:
    return member.file_size > 2 * 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1)


def _check_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    """No DOCTYPE in the first megabyte (openpyxl's defusedxml parser refuses one further down); and a
    worksheet of sensible size. Reads in chunks, with a cap, in case the directory lied about sizes."""
    sheet = member.filename.startswith("xl/worksheets/")
    rows = cells = read = 0
    tail = b""
    with archive.open(member) as stream:
        while True:
            chunk = stream.read(1024 * 1024)
            if not chunk:
                break
            read += len(chunk)
            if read > member.file_size + 1024 or read > MAX_UNPACKED_BYTES:
                raise ImportFailed(f"“{name}”解压后异常巨大（可能是“压缩炸弹”），已拒绝导入。")
            data = tail + chunk
            if read == len(chunk) and (_DOCTYPE.search(data) or _DOCTYPE.search(_utf16(data))):  # the first MB
                raise ImportFailed(f"“{name}”含有 XML 实体声明（DOCTYPE/ENTITY），可能是恶意文件，已拒绝导入。")
            if not sheet:
                tail = data[-32:]
                continue
            cut = max(len(data) - 32, 0)  # count what starts before the last 32 bytes; the rest next time
            rows += sum(1 for m in _ROW.finditer(data) if m.start() < cut)
            cells += sum(1 for m in _CELL.finditer(data) if m.start() < cut)
            tail = data[cut:]
            if rows > MAX_ROWS or cells > MAX_CELLS:
                raise ImportFailed(
                    f"“{name}”中有一张工作表行数或单元格过多（超过 {MAX_ROWS} 行或 {MAX_CELLS} 个单元格），"
                    "不像是一张绩效表，已拒绝导入。请删去多余的行后再试。"
                )


def _utf16(data: bytes) -> bytes:
    """The text of a UTF-16 part as UTF-8 bytes, so a DOCTYPE cannot hide behind the encoding."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="ignore").encode("utf-8")
    return b""
