"""What a form's text may hold: only characters an .xlsx (XML 1.0), a PDF and a UTF-8 .evd can carry,
and where the longest text of a form is (a save too large to open again names it).

Text is made safe where it comes in (an .evd opened, a workbook imported, a value typed or pasted),
so that nothing later — a save, an export, a check — meets a character it cannot write.
"""
from __future__ import annotations

import re

REPLACEMENT = "\ufffd"

# C0 controls other than tab, LF and CR; lone surrogates; the two non-characters XML forbids
# (Patterns as text, compiled by re when first used: a start reads files with no escape in them.)
_NOT_XML = "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"
_LINE_BREAKS = {"\x0b": "\n", "\x0c": "\n"}  # Word's manual line break and page break, pasted
# A JSON escape that may decode to one of those: \u0000–\u001f, a surrogate half, \ufffe, \uffff.
_UNSAFE_ESCAPE = r"(?i)\\u(?:00[01]|d[89a-f]|fff[ef])"


def safe_text(text: str) -> str:
    """`text` with what XML cannot hold replaced: line breaks from Word as line breaks, other control
    characters dropped, a lone surrogate (half of a character) as U+FFFD."""
    if not re.search(_NOT_XML, text):
        return text
    return re.sub(_NOT_XML, _replacement, text)


def could_be_unsafe(json_text: str) -> bool:
    """Whether the strings parsed from this JSON text may hold something safe_text would replace; False
    lets a reader skip walking every string of a file that has nothing to replace (nearly every file)."""
    escaped = "\\u" in json_text or "\\U" in json_text  # evaldesk writes none (ensure_ascii=False)
    if escaped and re.search(_UNSAFE_ESCAPE, json_text) or "\ufffe" in json_text or "\uffff" in json_text:
        return True
    # json.loads (strict) refuses a raw control character in a string, so what is left is a lone surrogate,
    # which no UTF-8 file holds but a text handed over by another program may: UTF-8 cannot encode it.
    try:
        json_text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _replacement(match: re.Match) -> str:
    char = match.group()
    if char in _LINE_BREAKS:
        return _LINE_BREAKS[char]
    return REPLACEMENT if "\ud800" <= char <= "\udfff" or char in "\ufffe\uffff" else ""


def safe_value(value):
    """A form value (a text, or a list of texts for a multi-line field) made safe."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, list):
        return [safe_value(v) for v in value]
    return value


def make_safe(form) -> None:
    """Every text of `form` made safe, in place (a form built by an importer or another program)."""
    form.fields.update({key: safe_value(value) for key, value in form.fields.items()})
    for cells in form.funds.values():
        cells.update({column: safe_value(text) for column, text in cells.items()})
    for rows in form.tables.values():
        for row in rows:
            row.values.update({column: safe_value(text) for column, text in row.values.items()})


def longest_text(form) -> tuple[str, int]:
    """The place (a field key, a fund cell or a table cell) with the longest text, and its length."""
    longest = ("", 0)
    for where, text in _texts(form):
        if len(text) > longest[1]:
            longest = (where, len(text))
    return longest


def _texts(form):
    for key, value in form.fields.items():
        label = form.template.field(key).label if form.template.has_field(key) else key
        for text in value if isinstance(value, list) else [value]:
            yield label, text
    for row, cells in form.funds.items():
        for column, text in cells.items():
            yield f"{row} {column}", text
    for table, rows in form.tables.items():
        for index, row in enumerate(rows):
            for column, text in row.values.items():
                yield f"{table} 第 {index + 1} 行 {column}", text
