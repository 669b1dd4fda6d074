"""Applying a declaration again to a self-evaluation the clerk has already worked on.

Nothing typed is wiped: `changes` lists what the declaration would change (a field, the budget, a
declared target, a new indicator, an indicator no longer declared), each with the edit that makes it,
and `apply_changes` turns only the accepted ones into one undoable edit. `target_changes` points out
the indicators whose target the clerk changed from the declared one.
"""
from __future__ import annotations


from .declaration import DECLARED_TARGET, FIELD_MAP, self_evaluation_draft, target_key
from .edits import Batch, Edit, InsertRows, RemoveRows, SetCell, SetField, SetFund
from .form import Form, Row
from .template import TableSpec
from .value import Value


class Change(Value):
    where: str  # in the form's words: 项目名称, 指标“参与学会数”的年度指标值 …
    old: str
    new: str
    kind: str  # field, funds, target, add, remove
    key: tuple = ()  # what the edit is built from
    note: str = ""
    proposed: bool = True  # accepted unless the clerk says no (removals are not: they would lose rows)


class TargetChange(Value):
    row: int
    name: str
    declared: str
    current: str


def changes(form: Form, declaration: Form) -> list[Change]:
    draft = self_evaluation_draft(declaration, form.template)
    template = form.template
    found = []
    for key, _origin in FIELD_MAP:
        new, old = draft.text(key), form.text(key)
        if template.has_field(key) and new and new != old:
            found.append(Change(template.field(key).label, old, new, "field", (key,)))
    for row, cells in draft.funds.items():
        for column, new in cells.items():
            old = form.fund(row, column)
            if new != old:
                found.append(Change(_funds_label(form, row, column), old, new, "funds", (row, column)))
    table = template.scored_table
    if table is not None:
        found += _indicator_changes(form, draft, table)
    return found


def _funds_label(form: Form, row: str, column: str) -> str:
    funds = form.template.funds
    row_label = next((r.label for r in funds.rows if r.key == row), row)
    column_label = next((c.label for c in funds.columns if c.key == column), column)
    return f"{row_label}·{column_label}"


def _indicator_changes(form: Form, draft: Form, table: TableSpec) -> list[Change]:
    name_key, target_column = table.key_of("text"), target_key(table)
    current = form.rows(table.key)
    declared_names = set()
    found = []
    for row in draft.rows(table.key):
        name = row.get(name_key)
        if not name:
            continue
        declared_names.add(name)
        index = next((i for i, r in enumerate(current) if r.get(name_key).strip() == name), None)
        if index is None:
            found.append(Change(f"新指标“{name}”", "", row.get(DECLARED_TARGET), "add", (tuple(row.values.items()),)))
            continue
        mine = current[index]
        new = row.get(DECLARED_TARGET)
        if new != mine.get(DECLARED_TARGET) and target_column:
            typed = mine.get(target_column)
            note = f"您已改为“{typed}”，将被替换" if typed and typed != mine.get(DECLARED_TARGET) else ""
            found.append(Change(f"指标“{name}”的{table.column(target_column).label}", typed, new, "target", (name,), note))
    for row in current:
        name = row.get(name_key).strip()
        if row.get(DECLARED_TARGET) and name and name not in declared_names:
            found.append(Change(f"指标“{name}”", name, "", "remove", (name,),
                                "申报表中已没有该指标；删除会丢失该行已填的内容", proposed=False))
    return found


def apply_changes(form: Form, accepted: list[Change]) -> Batch:
    """One edit making the accepted changes; built on a copy, so each row index is the one it will find."""
    scratch = Form(form.template, form.amount_unit, dict(form.fields), {r: dict(c) for r, c in form.funds.items()},
                   {k: [r.copy() for r in rows] for k, rows in form.tables.items()})
    table = form.template.scored_table
    edits: list[Edit] = []
    for change in sorted(accepted, key=lambda c: ("field", "funds", "target", "add", "remove").index(c.kind)):
        edit = _edit_for(scratch, table, change)
        if edit is not None:
            edit.apply(scratch)
            edits.append(edit)
    return Batch(edits, "按申报表更新")


def _edit_for(form: Form, table: TableSpec | None, change: Change) -> Edit | None:
    if change.kind == "field":
        return SetField(change.key[0], change.new)
    if change.kind == "funds":
        return SetFund(change.key[0], change.key[1], change.new)
    if table is None:
        return None
    name_key, rows = table.key_of("text"), form.rows(table.key)
    if change.kind == "add":
        row = Row(dict(change.key[0]))
        return InsertRows(table.key, _end_of_category(rows, table, row), [row])
    index = next((i for i, r in enumerate(rows) if r.get(name_key).strip() == change.key[0]), None)
    if index is None:
        return None
    if change.kind == "remove":
        return RemoveRows(table.key, index, 1)
    target_column = target_key(table)
    return Batch([SetCell(table.key, index, target_column, change.new), SetCell(table.key, index, DECLARED_TARGET, change.new)])


def _end_of_category(rows: list[Row], table: TableSpec, new: Row) -> int:
    """After the last row of the same 一级/二级 (else of the same 一级, else at the end)."""
    for depth in (len(table.levels), 1):
        keys = table.levels[:depth]
        same = [i for i, r in enumerate(rows) if all(r.get(k) == new.get(k) for k in keys)]
        if same:
            return same[-1] + 1
    return len(rows)


def target_changes(form: Form) -> list[TargetChange]:
    """Indicators whose 年度指标值 is no longer the declared one: to be pointed out, not undone."""
    table = form.template.scored_table
    if table is None or not target_key(table):
        return []
    name_key, target_column = table.key_of("text"), target_key(table)
    return [TargetChange(i, row.get(name_key), row.get(DECLARED_TARGET), row.get(target_column))
            for i, row in enumerate(form.rows(table.key))
            if DECLARED_TARGET in row.values and row.get(target_column) != row.get(DECLARED_TARGET)]
