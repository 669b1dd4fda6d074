"""Edits to a form. Each edit applies itself and returns its inverse, so undo is just applying that.

The window wraps these in undo commands; the command line and importers use them too. Each edit
also says what it touched (`Touched`), so a view refreshes exactly those cells.
"""
from __future__ import annotations


from .form import FieldValue, Form, Row
from .numbers import NumberError, TEN_THOUSAND, format_plain, parse_amount
from .places import Place, cell_place, field_place, funds_place
from .text import safe_value
from .value import Fresh, Value


class Touched(Value, mutable=True):
    places: set[Place] = Fresh(set)
    tables: set[str] = Fresh(set)  # tables whose rows were inserted, removed or moved
    everything: bool = False


class Edit(Value, mutable=True):
    label = "编辑"

    def apply(self, form: Form) -> tuple["Edit", Touched]:
        raise NotImplementedError


class SetField(Edit):
    key: str
    value: FieldValue
    label = "修改字段"

    def __init__(self, key: str, value: FieldValue) -> None:
        super().__init__(key, safe_value(value))  # typed or pasted: only what the files can hold

    def apply(self, form):
        old = form.fields.get(self.key, "")
        form.fields[self.key] = self.value
        return SetField(self.key, old), Touched({field_place(self.key)})


class SetFund(Edit):
    row: str
    column: str
    value: str
    label = "修改资金"

    def __init__(self, row: str, column: str, value: str) -> None:
        super().__init__(row, column, safe_value(value))

    def apply(self, form):
        cells = form.funds.setdefault(self.row, {})
        old = cells.get(self.column, "")
        cells[self.column] = self.value
        return SetFund(self.row, self.column, old), Touched({funds_place(self.row, self.column)})


class SetCell(Edit):
    table: str
    row: int
    column: str
    value: str
    label = "修改单元格"

    def __init__(self, table: str, row: int, column: str, value: str) -> None:
        super().__init__(table, row, column, safe_value(value))

    def apply(self, form):
        target = form.rows(self.table)[self.row]
        old = target.get(self.column)
        target.values[self.column] = self.value
        return SetCell(self.table, self.row, self.column, old), Touched({cell_place(self.table, self.row, self.column)})


class InsertRows(Edit):
    table: str
    index: int
    rows: list[Row]
    label = "插入行"

    def __init__(self, table: str, index: int, rows: list[Row]) -> None:
        super().__init__(table, index, [row if all(safe_value(t) is t for t in row.values.values())
                                        else Row({column: safe_value(text) for column, text in row.values.items()})
                                        for row in rows])

    def apply(self, form):
        target = form.rows(self.table)
        target[self.index:self.index] = [r.copy() for r in self.rows]
        return RemoveRows(self.table, self.index, len(self.rows)), Touched(tables={self.table})


class RemoveRows(Edit):
    table: str
    index: int
    count: int
    label = "删除行"

    def apply(self, form):
        target = form.rows(self.table)
        removed = target[self.index:self.index + self.count]
        del target[self.index:self.index + self.count]
        return InsertRows(self.table, self.index, removed), Touched(tables={self.table})


class MoveRows(Edit):
    """Move `count` rows starting at `index` so that they start at `to` afterwards."""

    table: str
    index: int
    count: int
    to: int
    label = "移动行"

    def apply(self, form):
        target = form.rows(self.table)
        moving = target[self.index:self.index + self.count]
        del target[self.index:self.index + self.count]
        target[self.to:self.to] = moving
        return MoveRows(self.table, self.to, self.count, self.index), Touched(tables={self.table})


class Batch(Edit):
    """Several edits as one step (a paste, a category rename, a unit conversion)."""

    edits: list[Edit]
    label: str = "编辑"

    def apply(self, form):
        inverses, touched = [], Touched()
        for edit in self.edits:
            inverse, part = edit.apply(form)
            inverses.append(inverse)
            touched.places |= part.places
            touched.tables |= part.tables
            touched.everything |= part.everything
        return Batch(list(reversed(inverses)), self.label), touched


class SetAmountUnit(Edit):
    """Change the form's unit; with `convert`, every amount is converted (元 ↔ 万元) as well."""

    unit: str
    convert: bool = True
    label = "更改金额单位"

    def apply(self, form):
        old_unit = form.amount_unit
        conversions = _unit_conversions(form, self.unit) if self.convert and old_unit != self.unit else []
        inverse_cells, touched = Batch(conversions).apply(form)
        form.amount_unit = self.unit
        touched.everything = True
        return _RestoreUnit(old_unit, inverse_cells), touched


class _RestoreUnit(Edit):
    unit: str
    cells: Edit
    label = "更改金额单位"

    def apply(self, form):
        new_unit = form.amount_unit
        redo_cells, touched = self.cells.apply(form)
        form.amount_unit = self.unit
        touched.everything = True
        return _RestoreUnit(new_unit, redo_cells), touched


def _unit_conversions(form: Form, unit: str) -> list[Edit]:
    factor = TEN_THOUSAND if unit == "元" else 1 / TEN_THOUSAND

    def converted(text: str) -> str | None:
        try:
            value = parse_amount(text, form.amount_unit)
        except NumberError:
            return None  # a typo stays as typed; the problems list still shows it
        return None if value is None else format_plain((value * factor).normalize())

    edits: list[Edit] = []
    template = form.template
    for spec in template.fields:
        if spec.type == "money" and (new := converted(form.text(spec.key))) is not None:
            edits.append(SetField(spec.key, new))
    if template.funds:
        for row in template.funds.rows:
            for column in template.funds.columns:
                if column.role == "money" and (new := converted(form.fund(row.key, column.key))) is not None:
                    edits.append(SetFund(row.key, column.key, new))
    for table in template.tables:
        money = table.key_of("money")
        for index, row in enumerate(form.rows(table.key)):
            if money and (new := converted(row.get(money))) is not None:
                edits.append(SetCell(table.key, index, money, new))
    return edits


def rename_group(form: Form, table: str, level: str, start: int, stop: int, name: str) -> Batch:
    """Rename one merged 一级/二级 category: every row of its run takes the new name."""
    return Batch([SetCell(table, i, level, name) for i in range(start, stop)], "重命名分类")


def goal_indicators(form: Form, goals: str, row: int) -> list[int]:
    """The indicator rows under a goal of a goals table: those whose 一级 cell names it."""
    spec = form.template.table(goals)
    level = form.template.table(spec.goals_of).levels[0]
    name = form.rows(goals)[row].get(spec.key_of("goal")).strip()
    return [i for i, r in enumerate(form.rows(spec.goals_of)) if name and r.get(level).strip() == name]


def rename_goal(form: Form, goals: str, row: int, name: str, indicators: list[int]) -> Batch:
    """Rename a goal (部门整体支出绩效自评表): its indicator rows (`indicators`, found when the typing began) take
    the new name too, so the goal keeps its indicators and its score."""
    spec = form.template.table(goals)
    level = form.template.table(spec.goals_of).levels[0]
    edits = [SetCell(goals, row, spec.key_of("goal"), name)] + [SetCell(spec.goals_of, i, level, name) for i in indicators]
    return Batch(edits, "重命名目标")
