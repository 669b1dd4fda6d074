"""Moving a filled form to another template (another issuer's conventions, a unit's own template).

What the clerk typed goes to the place with the same key in the new template. What has no place there
is never dropped: it is kept in `form.meta["kept_from_template"]` (saved with the form) and listed, so
the clerk can see it and copy it where it belongs. The figures that come out differently (the printed
rate, a score, the grade) are listed before and after, for the clerk to confirm the change.
"""
from __future__ import annotations

import copy
from typing import Any

from .compute import compute
from .edits import Edit, Touched
from .form import Form, Row
from .numbers import format_score
from .template import Template
from .value import Fresh, Value

KEPT = "kept_from_template"


class Unplaced(Value):
    """A typed value the new template has no place for."""

    where: str  # in the clerk's words: 字段“联系电话”, 资金表 其他资金 · 全年执行数, 表格第 3 行 · 备注
    text: str


class FigureChange(Value):
    label: str
    before: str
    after: str


class ChangeTemplate(Edit):
    """The whole typed content under another template; its inverse is the content as it was."""

    template: Template
    fields: dict[str, Any]
    funds: dict[str, dict[str, str]]
    tables: dict[str, list[Row]]
    meta: dict[str, Any]
    label = "更换模板"

    def apply(self, form: Form):
        inverse = ChangeTemplate(form.template, form.fields, form.funds, form.tables, form.meta)
        form.template, form.fields, form.funds = self.template, self.fields, self.funds
        form.tables, form.meta = self.tables, self.meta
        return inverse, Touched(everything=True)


class TemplateChange(Value, mutable=True):
    edit: ChangeTemplate
    unplaced: list[Unplaced] = Fresh(list)
    figures: list[FigureChange] = Fresh(list)


def change_template(form: Form, template: Template) -> TemplateChange:
    """What moving `form` to `template` would do; applying `result.edit` does it (and its inverse undoes it)."""
    unplaced: list[Unplaced] = []
    fields = _fields(form, template, unplaced)
    funds = _funds(form, template, unplaced)
    tables = _tables(form, template, unplaced)
    meta = copy.deepcopy(form.meta)
    if unplaced:
        meta[KEPT] = list(meta.get(KEPT, [])) + [
            {"template": form.template.id, "where": u.where, "text": u.text} for u in unplaced]
    edit = ChangeTemplate(template, fields, funds, tables, meta)
    after = Form(template=template, amount_unit=form.amount_unit, fields=fields, funds=funds, tables=tables)
    return TemplateChange(edit, unplaced, figure_changes(form, after))


def _fields(form: Form, template: Template, unplaced: list[Unplaced]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key, value in form.fields.items():
        if template.has_field(key):
            fields[key] = copy.copy(value)
        elif value:
            label = form.template.field(key).label if form.template.has_field(key) else key
            unplaced.append(Unplaced(f"字段“{label}”", form.text(key)))
    for spec in template.fields:
        if spec.key not in fields and spec.type == "choice" and spec.multiple:
            fields[spec.key] = []
    return fields


def _funds(form: Form, template: Template, unplaced: list[Unplaced]) -> dict[str, dict[str, str]]:
    rows = {r.key for r in template.funds.rows} if template.funds else set()
    columns = {c.key for c in template.funds.columns if c.role == "money"} if template.funds else set()
    old = form.template.funds
    funds: dict[str, dict[str, str]] = {}
    for row, cells in form.funds.items():
        for column, text in cells.items():
            if row in rows and column in columns:
                funds.setdefault(row, {})[column] = text
            elif text:
                unplaced.append(Unplaced(f"资金表 {_label(old and old.rows, row)} · {_label(old and old.columns, column)}", text))
    return funds


def _tables(form: Form, template: Template, unplaced: list[Unplaced]) -> dict[str, list[Row]]:
    tables: dict[str, list[Row]] = {}
    for spec in template.tables:
        tables[spec.key] = [Row(values) for values in spec.default_rows] if spec.key not in form.tables else []
    for key, rows in form.tables.items():
        old = next((t for t in form.template.tables if t.key == key), None)
        name = (old.section_label or old.caption) if old else key
        new = next((t for t in template.tables if t.key == key), None)
        keys = {c.key for c in new.columns} if new else set()
        for number, row in enumerate(rows, 1):
            if new:
                tables[key].append(Row({k: v for k, v in row.values.items() if k in keys}))
            for column, text in row.values.items():
                if text and column not in keys:
                    unplaced.append(Unplaced(f"{name or '表格'}第 {number} 行 · {_label(old and old.columns, column)}", text))
    return tables


def _label(specs, key: str) -> str:
    return next((s.label for s in specs or () if s.key == key), key).replace("{unit}", "")


def figure_changes(before: Form, after: Form) -> list[FigureChange]:
    """The derived figures the clerk sees that differ between the two forms."""
    old, new = compute(before), compute(after)

    def shown(figures) -> dict[str, str]:
        return {"预算执行率": figures.execution_rate_text,
                "预算执行得分": format_score(figures.budget_score) if figures.budget_score is not None else "",
                "分值合计": format_score(figures.total_weight) if figures.total_weight is not None else "",
                "得分合计": format_score(figures.total_score) if figures.total_score is not None else "",
                "等级": figures.grade}
    a, b = shown(old), shown(new)
    return [FigureChange(label, a[label], b[label]) for label in a if a[label] != b[label]]
