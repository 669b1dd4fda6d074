"""A filled form: what the clerk typed, kept exactly as typed, under its template."""
from __future__ import annotations

from .template import Template
from .value import Fresh, Value

TYPE_CHECKING = False  # typing itself is not imported at run time: `evaldesk check` does without it
if TYPE_CHECKING:
    from typing import Any


# The row value holding the target as declared, in a self-evaluation made from a declaration (declaration.py)
DECLARED_TARGET = "declared_target"


class Row:
    """One row of a table (an indicator, a sub-budget): the typed text of each column."""

    __slots__ = ("values",)

    def __init__(self, values: dict[str, str] | None = None) -> None:
        self.values: dict[str, str] = dict(values or {})

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    def copy(self) -> "Row":
        return Row(self.values)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Row):
            return NotImplemented
        return {k: v for k, v in self.values.items() if v} == {k: v for k, v in other.values.items() if v}

    def __repr__(self) -> str:
        return f"Row({self.values!r})"


FieldValue = str | list[str]


class Form(Value, mutable=True):
    template: Template
    amount_unit: str
    fields: dict[str, FieldValue] = Fresh(dict)
    funds: dict[str, dict[str, str]] = Fresh(dict)
    tables: dict[str, list[Row]] = Fresh(dict)
    meta: dict[str, Any] = Fresh(dict)

    def text(self, key: str) -> str:
        value = self.fields.get(key, "")
        return "、".join(value) if isinstance(value, list) else value

    def fund(self, row: str, column: str) -> str:
        return self.funds.get(row, {}).get(column, "")

    def rows(self, table: str) -> list[Row]:
        return self.tables.setdefault(table, [])

    @property
    def project_name(self) -> str:
        return self.text("project_name")

    def same_content(self, other: "Form") -> bool:
        """Equal in everything the clerk typed (empty cells and absent cells are the same)."""
        def typed(form: Form) -> tuple:
            fields = {k: v for k, v in form.fields.items() if v}
            funds = {(r, c): v for r, cols in form.funds.items() for c, v in cols.items() if v}
            tables = {k: rows for k, rows in form.tables.items() if rows}
            return (form.template.id, form.amount_unit, fields, funds, tables)
        return typed(self) == typed(other)


def new_form(template: Template, prefill: dict[str, str] | None = None) -> Form:
    """An empty form with the template's default rows and prefilled fields (e.g. the unit's name)."""
    prefill = prefill or {}
    form = Form(template=template, amount_unit=template.amount_unit)
    for spec in template.fields:
        if spec.prefill and prefill.get(spec.prefill):
            form.fields[spec.key] = prefill[spec.prefill]
        elif spec.type == "choice" and spec.multiple:
            form.fields[spec.key] = []
    for table in template.tables:
        form.tables[table.key] = [Row(values) for values in table.default_rows]
    return form
