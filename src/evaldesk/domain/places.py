"""Where something is in a form: a field, a funds cell, a table cell. Problems and edits name places."""
from __future__ import annotations

from .value import Value


class Place(Value, order=True):
    area: str  # "field", "funds", "table", "form"
    key: str = ""  # field key, funds row, or table key
    row: int = -1  # table row
    column: str = ""  # funds column or table column

    def __str__(self) -> str:
        if self.area == "field":
            return f"field:{self.key}"
        if self.area == "funds":
            return f"funds:{self.key}.{self.column}"
        if self.area == "table":
            row = "" if self.row < 0 else f"[{self.row}]"
            column = f".{self.column}" if self.column else ""
            return f"{self.key}{row}{column}"
        return self.area

    @classmethod
    def parse(cls, text: str) -> "Place":
        """The inverse of str(): 'field:x', 'funds:total.executed', 'indicators[3].score', 'form'."""
        if text.startswith("field:"):
            return cls("field", text[6:])
        if text.startswith("funds:"):
            row, _, column = text[6:].partition(".")
            return cls("funds", row, column=column)
        if text == "form":
            return cls("form")
        key, _, rest = text.partition("[")
        if not rest:
            key, _, column = text.partition(".")
            return cls("table", key, column=column)
        index, _, column = rest.partition("]")
        return cls("table", key, int(index), column.lstrip("."))


def field_place(key: str) -> Place:
    return Place("field", key)


def funds_place(row: str, column: str) -> Place:
    return Place("funds", row, column=column)


def cell_place(table: str, row: int, column: str = "") -> Place:
    return Place("table", table, row, column)


FORM = Place("form")


def resolve_ref(ref: str) -> Place:
    """A template's value reference — 'field.executed' or 'funds.total.annual' — as a place."""
    kind, _, rest = ref.partition(".")
    if kind == "field":
        return field_place(rest)
    row, _, column = rest.partition(".")
    return funds_place(row, column)
