"""Reading JSON a person may have edited or a program may have mangled, within limits a form never
comes near: nesting 64 levels deep, integers of 30 digits. Beyond them the reader gets a sentence, not
Python's RecursionError or its 4,300-digit integer limit. Every text comes out safe for XML
(domain/text.py): a lone surrogate, which JSON's \\ud800 escape can carry, cannot reach a save or an export.
"""
from __future__ import annotations

import json

from ..domain.text import could_be_unsafe, safe_text

TYPE_CHECKING = False  # typing itself is not imported at run time: `evaldesk check` does without it
if TYPE_CHECKING:
    from typing import Any

MAX_DEPTH = 64  # a form is 4 levels deep, a template 6
MAX_INT_DIGITS = 30


UTF8_BOM = b"\xef\xbb\xbf"  # Notepad's mark at the start of a UTF-8 file


def utf8_text(raw: bytes) -> str:
    """The text of a UTF-8 file, without Notepad's mark if it has one (as the "utf-8-sig" codec reads it, whose
    module a start would import for this alone). UnicodeDecodeError for bytes that are not UTF-8."""
    return (raw[len(UTF8_BOM):] if raw.startswith(UTF8_BOM) else raw).decode("utf-8")


class JsonLimitError(ValueError):
    """The JSON is well-formed but beyond what evaldesk reads; the message says which limit."""


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise JsonLimitError(f"含有位数过多的整数（{len(text)} 位，最多 {MAX_INT_DIGITS} 位）")
    return int(text)


def loads_limited(text: str) -> Any:
    """json.loads within the limits, with every string made XML-safe; JsonLimitError beyond them,
    json.JSONDecodeError for text that is not JSON."""
    try:
        data = json.loads(text, parse_int=_bounded_int)
    except RecursionError:
        raise JsonLimitError(f"嵌套层数过多（超过 {MAX_DEPTH} 层）") from None
    if could_be_unsafe(text):
        return _safe_tree(data)
    _check_depth(data)  # no character to replace anywhere (the usual file): only the nesting to check
    return data


def _check_depth(data: Any) -> None:
    """Refuse nesting deeper than MAX_DEPTH, visiting containers only."""
    stack = [(data, 0)] if isinstance(data, (dict, list)) else []
    while stack:
        container, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise JsonLimitError(f"嵌套层数过多（超过 {MAX_DEPTH} 层）")
        values = container.values() if isinstance(container, dict) else container
        stack.extend((v, depth + 1) for v in values if isinstance(v, (dict, list)))


def _safe_tree(data: Any) -> Any:
    """Every key and string made safe, walking with a stack (no recursion), refusing deep nesting."""
    root = [data]
    stack = [(root, 0, 0)]
    while stack:
        container, key, depth = stack.pop()
        value = container[key]
        if isinstance(value, str):
            container[key] = safe_text(value)
        elif isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                raise JsonLimitError(f"嵌套层数过多（超过 {MAX_DEPTH} 层）")
            if isinstance(value, dict):
                value = {safe_text(k): v for k, v in value.items()}
                container[key] = value
                stack.extend((value, k, depth + 1) for k in value)
            else:
                stack.extend((value, i, depth + 1) for i in range(len(value)))
    return root[0]
