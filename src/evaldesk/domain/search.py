"""Find and replace over every text the clerk typed: fields, funds cells and table cells, in page order."""
from __future__ import annotations

import re

from .edits import Batch, Edit, SetCell, SetField, SetFund
from .form import Form
from .places import Place, cell_place, field_place, funds_place
from .value import Value

TEXT_FIELDS = ("text", "longtext", "money", "date", "number")  # ticks and 是/否 are chosen, not typed


class Match(Value):
    place: Place
    start: int
    length: int


def typed_texts(form: Form) -> list[tuple[Place, str]]:
    """Every typed text with its place: fields in template order, then the funds, then each table's rows."""
    template = form.template
    texts = [(field_place(s.key), form.text(s.key)) for s in template.fields if s.type in TEXT_FIELDS]
    if template.funds:
        texts += [(funds_place(r.key, c.key), form.fund(r.key, c.key))
                  for r in template.funds.rows for c in template.funds.columns if c.role == "money"]
    for table in template.tables:
        for index, row in enumerate(form.rows(table.key)):
            texts += [(cell_place(table.key, index, c.key), row.get(c.key)) for c in table.columns]
    return [(place, text) for place, text in texts if text]


def _pattern(needle: str) -> re.Pattern:
    return re.compile(re.escape(needle), re.IGNORECASE)  # 绩效 or ABC as typed, abc found as well


def find(form: Form, needle: str) -> list[Match]:
    if not needle:
        return []
    pattern = _pattern(needle)
    return [Match(place, m.start(), m.end() - m.start())
            for place, text in typed_texts(form) for m in pattern.finditer(text)]


def text_at(form: Form, place: Place) -> str:
    if place.area == "field":
        return form.text(place.key)
    if place.area == "funds":
        return form.fund(place.key, place.column)
    return form.rows(place.key)[place.row].get(place.column)


def edit_at(place: Place, text: str) -> Edit:
    if place.area == "field":
        return SetField(place.key, text)
    if place.area == "funds":
        return SetFund(place.key, place.column, text)
    return SetCell(place.key, place.row, place.column, text)


def replace_one(form: Form, match: Match, replacement: str) -> Edit:
    text = text_at(form, match.place)
    return edit_at(match.place, text[:match.start] + replacement + text[match.start + match.length:])


def replace_all(form: Form, needle: str, replacement: str) -> tuple[Batch, int]:
    """Every occurrence replaced, as one edit; and how many there were."""
    pattern, edits, count = _pattern(needle), [], 0
    for place, text in typed_texts(form):
        new, n = pattern.subn(lambda _m: replacement, text)
        if n:
            edits.append(edit_at(place, new))
            count += n
    return Batch(edits, "全部替换"), count
