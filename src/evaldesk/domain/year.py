"""Next year's draft of a form: the same project, a year on, with this year's results taken out.

Kept: targets, indicators, weights, categories and texts (what the project is and aims at).
Moved: the year (also where the project name carries it), every date by a year, and the budgets —
this year's 全年预算数 becomes next year's 年初预算数, this year's budget next year's 上年预算.
Cleared: what only this year can say — actual values, scores, execution figures, deviation texts,
the evaluation date and the results and problems found.
"""
from __future__ import annotations


from .dates import parse_date
from .form import Form, Row
from .overview import YEAR, year_of
from .template import FieldSpec, TableSpec, Template
from .value import Fresh, Value

# Words in a label that mark a value only this year can give (实际完成情况, 全年执行数, 得分, 主要问题 …).
RESULT_WORDS = ("实际", "执行数", "完成值", "得分", "自评分", "偏差", "主要绩效", "主要问题", "改进措施",
                "自评时间", "评价结论", "存在问题")
RESULT_ROLES = ("score", "deviation")
# Fields that take this year's figure next year: 上年预算 ← 当年预算.
PREVIOUS_YEAR = {"budget_previous": "budget_current", "previous_budget": "annual_budget"}
# Row keys that belong to one year's link with its declaration (see declaration.py).
LINK_KEYS = ("declared_target",)


class NextYear(Value, mutable=True):
    form: Form
    year: str  # the new year, "" when the form names none
    stale_texts: list[str] = Fresh(list)  # labels of kept texts that still name the old year


def next_year(form: Form, source_name: str = "") -> NextYear:
    template = form.template
    old_year = year_of(form)
    new_year = str(int(old_year) + 1) if old_year else ""
    draft = Form(template=template, amount_unit=form.amount_unit)
    for spec in template.fields:
        draft.fields[spec.key] = _next_field(form, spec, old_year, new_year)
    draft.funds = _next_funds(form)
    for table in template.tables:
        draft.tables[table.key] = [_next_row(table, row) for row in form.rows(table.key)]
    draft.fields = {k: v for k, v in draft.fields.items() if v not in ("", [])}
    draft.meta = {"previous_year": {"file": source_name, "year": old_year, "project_name": form.project_name}}
    return NextYear(draft, new_year, _stale_texts(draft, old_year))


def is_result(label: str) -> bool:
    return any(word in label for word in RESULT_WORDS)


def _next_field(form: Form, spec: FieldSpec, old_year: str, new_year: str):
    value = form.fields.get(spec.key, [] if spec.multiple else "")
    if spec.key in PREVIOUS_YEAR:
        return form.text(PREVIOUS_YEAR[spec.key])
    if is_result(spec.label):
        return [] if isinstance(value, list) else ""
    if spec.type == "date" and isinstance(value, str):
        return shift_date(value)
    if spec.key in ("year", "project_name") and old_year and isinstance(value, str):
        return YEAR.sub(lambda m: new_year if m.group(0) == old_year else m.group(0), value)
    return list(value) if isinstance(value, list) else value


def shift_date(text: str) -> str:
    """The same date a year on, written the way the clerk wrote it (2018年1月1日 → 2019年1月1日)."""
    try:
        day = parse_date(text)
    except ValueError:
        return text  # not a date: left as typed, the problems list shows it
    if day is None:
        return text
    match = YEAR.search(text)
    if match is None:  # full-width digits: left as typed rather than guessed at
        return text
    head, tail = text[:match.start()] + str(day.year + 1), text[match.end():]
    if (day.month, day.day) == (2, 29):  # no 29 February next year
        tail = tail.replace("29", "28", 1)
    return head + tail


def _next_funds(form: Form) -> dict[str, dict[str, str]]:
    """年初预算数 ← this year's 全年预算数 (or its 年初 when no adjusted budget was typed); the rest cleared."""
    template = form.template
    if template.funds is None or template.execution_rate is None:
        return {}
    money = [c.key for c in template.funds.columns if c.role == "money"]
    annual = template.execution_rate.budget.split(".")[-1]
    executed = template.execution_rate.executed.split(".")[-1]
    initial = next((c for c in money if c not in (annual, executed)), None)
    funds: dict[str, dict[str, str]] = {}
    for row in template.funds.rows:
        budget = form.fund(row.key, annual) or (form.fund(row.key, initial) if initial else "")
        if initial and budget:
            funds[row.key] = {initial: budget}
    return funds


def _next_row(table: TableSpec, row: Row) -> Row:
    cleared = {c.key for c in table.columns if c.role in RESULT_ROLES or is_result(c.label) or _is_remark(table, c.label)}
    return Row({k: v for k, v in row.values.items() if k not in cleared and k not in LINK_KEYS})


def _is_remark(table: TableSpec, label: str) -> bool:
    """A 备注 beside a score says why the score was given: this year's, like the score."""
    return "备注" in label and table.key_of("score") is not None


def _stale_texts(draft: Form, old_year: str) -> list[str]:
    """Texts kept for next year that still mention the old year: the clerk should read them."""
    if not old_year:
        return []
    template: Template = draft.template
    return [spec.label for spec in template.fields
            if spec.type in ("text", "longtext") and old_year in draft.text(spec.key)]
