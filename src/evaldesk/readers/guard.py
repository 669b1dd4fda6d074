"""Checks on a workbook file before openpyxl touches it: hostile or broken input gets one clear
sentence, never a hang or a traceback.

An .xlsx is a zip of XML parts. Refused here: files that are not zips (with a word for the usual
suspects: an encrypted workbook and an old .xls are both OLE compound files), zip bombs (sizes read
from the zip directory, and a check while reading), XML with a DOCTYPE (entity attacks; openpyxl also
parses through defusedxml, which refuses them), and sheets far larger than a form: too many rows or
cells, a cell, row, merged range or stated dimension beyond row 5,000 or column 256, more merged cells
than a form has, or a text longer than an Excel cell holds. All of it is read from the raw XML, in
chunks, before openpyxl builds a single cell: a tiny file that would make openpyxl build millions of
cells (a merge of the whole sheet, one cell moved to XFD1048576) is refused in well under a second.
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
MAX_COLUMNS = 256  # a form uses fewer than 30 columns
MAX_AREA = 300_000  # last row × last column: what openpyxl's row iteration walks
MAX_MERGED_CELLS = 100_000  # a form merges a few thousand cells
MAX_TEXT_CHARS = 32_767  # Excel's limit for one cell
_BOMB_MEMBER_BYTES = 32 * 1024 * 1024  # below this, a high ratio is just repetitive text, not a bomb
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ROW = re.compile(rb"<(?:\w{1,16}:)?row[\s>/]")
_CELL = re.compile(rb"<(?:\w{1,16}:)?c[\s>/]")
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_POSITION = re.compile(rb"<(?:\w{1,16}:)?(row|c)\b(?:[^>]{0,400}?\sr\s*=\s*[\"']([A-Za-z]{0,3})(\d{1,12})[\"'])?")
_RANGE = re.compile(rb"<(?:\w{1,16}:)?(mergeCell|dimension)\b[^>]{0,400}?\sref\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?(\d{1,12})"
                    rb"(?::\$?([A-Za-z]{1,3})\$?(\d{1,12}))?[\"']")
_ENTITY = re.compile(rb"&[^;&<]{1,10};")
_LONG_RUN_BYTES = MAX_TEXT_CHARS // 2
_LONG_RUN = re.compile(rb"[^<]{%d,}" % _LONG_RUN_BYTES)  # half the limit: a longer run has such a part


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
    """A part that unpacks far beyond its packed size, and big: a form's own 32,000-character texts pack
    a thousand times too, so the ratio alone is no sign."""
    return member.file_size > _BOMB_MEMBER_BYTES and member.file_size > MAX_RATIO * max(member.compress_size, 1)


def _check_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    """No DOCTYPE in the first megabyte (openpyxl's defusedxml parser refuses one further down); a
    worksheet of a form's size; no text longer than a cell holds. Reads in chunks, with a cap, in case
    the directory lied about sizes."""
    sheet = SheetExtent(name) if member.filename.startswith("xl/worksheets/") else None
    texts = TextRuns(name)
    read = 0
    tail = b""
    with archive.open(member) as stream:
        while True:
            chunk = stream.read(1024 * 1024)
            if not chunk:
                break
            read += len(chunk)
            if read > member.file_size + 1024 or read > MAX_UNPACKED_BYTES:
                raise ImportFailed(f"“{name}”解压后异常巨大（可能是“压缩炸弹”），已拒绝导入。")
            texts.feed(chunk)
            data = tail + chunk
            if read == len(chunk) and (_DOCTYPE.search(data) or _DOCTYPE.search(_utf16(data))):  # the first MB
                raise ImportFailed(f"“{name}”含有 XML 实体声明（DOCTYPE/ENTITY），可能是恶意文件，已拒绝导入。")
            if sheet is None:
                tail = data[-32:]
                continue
            cut = max(len(data) - 512, 0)  # count what starts before the last 512 bytes; the rest next time
            sheet.feed(data, cut)
            tail = data[cut:]
    if sheet is not None:
        sheet.feed(tail, len(tail))


def _too_big(name: str, what: str) -> ImportFailed:
    return ImportFailed(f"“{name}”中有一张工作表{what}，不像是一张绩效表，已拒绝导入。请删去多余的行、列或合并后再试。")


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


class SheetExtent:
    """How far a worksheet reaches, from its raw XML: rows, cells, their positions, merges, dimension."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rows = self.cells = self.in_row = self.merged = 0
        self.last_row = self.last_column = 0

    def feed(self, data: bytes, cut: int) -> None:
        for match in _POSITION.finditer(data):
            if match.start() >= cut:
                break
            self._position(match.group(1) == b"row", match.group(2), match.group(3))
        for match in _RANGE.finditer(data):
            if match.start() < cut:
                self._range(match)
        self._check()

    def _position(self, is_row: bool, letters: bytes | None, digits: bytes | None) -> None:
        if is_row:
            self.rows += 1
            self.in_row = 0
            row = int(digits) if digits else self.last_row + 1
            self.last_row = max(self.last_row, row)
        else:
            self.cells += 1
            self.in_row += 1
            self.last_column = max(self.last_column, _column(letters) if letters else self.in_row)
            if digits:
                self.last_row = max(self.last_row, int(digits))
        if self.last_row > MAX_ROWS or self.last_column > MAX_COLUMNS or self.rows > MAX_ROWS:
            self._check()  # at once: a hostile sheet is refused at its first far cell

    def _range(self, match: re.Match) -> None:
        first_col, first_row = _column(match.group(2)), int(match.group(3))
        last_col = _column(match.group(4)) if match.group(4) else first_col
        last_row = int(match.group(5)) if match.group(5) else first_row
        self.last_row = max(self.last_row, first_row, last_row)
        self.last_column = max(self.last_column, first_col, last_col)
        if match.group(1) == b"mergeCell":
            self.merged += (abs(last_row - first_row) + 1) * (abs(last_col - first_col) + 1)

    def _check(self) -> None:
        if self.rows > MAX_ROWS or self.cells > MAX_CELLS:
            raise _too_big(self.name, f"行数或单元格过多（超过 {MAX_ROWS} 行或 {MAX_CELLS} 个单元格）")
        if self.last_row > MAX_ROWS or self.last_column > MAX_COLUMNS:
            raise _too_big(self.name, f"用到了第 {self.last_row} 行、第 {self.last_column} 列（最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列）")
        if self.last_row * self.last_column > MAX_AREA:
            raise _too_big(self.name, f"范围过大（{self.last_row} 行 × {self.last_column} 列）")
        if self.merged > MAX_MERGED_CELLS:
            raise _too_big(self.name, f"合并的单元格过多（{self.merged} 个）")


class TextRuns:
    """The longest text between two tags, in characters (an entity counts as one): over Excel's limit
    for a cell, the workbook was not made by Excel or WPS, and would make a form too large to save."""

    LIMIT_BYTES = 10 * MAX_TEXT_CHARS  # no character takes more than 10 bytes, even as &#x10FFFF;

    def __init__(self, name: str) -> None:
        self.name = name
        self.run = b""
        self.in_tag = False  # a tag (or comment) still open at the end of the last chunk

    def feed(self, chunk: bytes) -> None:
        if not _LONG_RUN.search(self.run[-_LONG_RUN_BYTES:] + chunk[:_LONG_RUN_BYTES]) and not _LONG_RUN.search(chunk):
            self._skim(chunk)  # no run here could reach the limit: only remember how the chunk ends
            return
        for index, piece in enumerate(chunk.split(b"<")):
            if index > 0:
                self.run, self.in_tag = b"", True
            if self.in_tag:
                tag_end = piece.find(b">")
                if tag_end < 0:
                    continue
                piece, self.in_tag = piece[tag_end + 1:], False
            self._grow(piece)

    def _skim(self, chunk: bytes) -> None:
        opened, closed = chunk.rfind(b"<"), chunk.rfind(b">")
        if opened < 0 and closed < 0:
            self._grow(chunk)
            return
        self.in_tag = opened > closed
        self.run = b"" if self.in_tag else chunk[closed + 1:]

    def _grow(self, text: bytes) -> None:
        if len(self.run) + len(text) <= MAX_TEXT_CHARS:
            self.run += text
            return
        self.run = (self.run + text)[: self.LIMIT_BYTES + 1]
        if self._chars() > MAX_TEXT_CHARS:
            raise ImportFailed(f"“{self.name}”中有单元格的文字超过 {MAX_TEXT_CHARS} 个字符（Excel 单元格的上限），"
                               "不是 Excel 或 WPS 保存的文件，已拒绝导入。")

    def _chars(self) -> int:
        return len(_ENTITY.sub(b"&", self.run).decode("utf-8", "ignore"))


def _utf16(data: bytes) -> bytes:
    """The text of a UTF-16 part as UTF-8 bytes, so a DOCTYPE cannot hide behind the encoding."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="ignore").encode("utf-8")
    return b""
