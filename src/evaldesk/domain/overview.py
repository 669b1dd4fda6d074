"""One form seen from the outside: what a unit's list of forms and the finance office's summary show.

`overview(form)` reads a form once and gives its project, unit, year, kind, budgets (in 元, whatever unit
the form is kept in), execution rate, scores, grade and problem counts — the row of the library and of
the 汇总表. It is computed by the same arithmetic as the window (compute, find_problems), never copied.
"""
from __future__ import annotations

import re
from decimal import Decimal

from .compute import Figures
from .form import Form
from .numbers import TEN_THOUSAND
from .places import resolve_ref
from .problems import ERROR, INFO, WARNING, Problem, evaluate
from .template import Template
from .value import Fresh, Value

# A template family's name in a list, in the order a year runs: targets filed, watched mid-year, evaluated.
KIND_NAMES = {"selfeval": "自评表", "selfassess": "自我评价", "dept-selfeval": "部门整体自评表",
              "dept-selfeval-cq": "部门整体自评表", "monitor": "监控表", "declaration": "申报表",
              "declaration-2021": "申报表", "goals": "目标表"}
# Who files the form: the first of these fields the template has (实施单位, 预算单位, 申报单位名称).
UNIT_FIELDS = ("implementer", "budget_unit", "applicant", "department")
# The budget at the start of the year: 年初预算数 (Form A), 当年预算数 (Form B), 项目当年预算 (Form C).
INITIAL_BUDGET_REFS = ("funds.total.initial", "field.budget_current", "field.annual_budget")
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


class Overview(Value):
    project_name: str
    unit: str
    year: str
    kind: str  # template family: selfeval, selfassess, declaration
    template_id: str
    template_name: str
    amount_unit: str
    initial_budget: Decimal | None  # all amounts in 元
    annual_budget: Decimal | None
    executed: Decimal | None
    execution_rate: Decimal | None  # the exact ratio
    execution_rate_text: str  # as the form prints it
    budget_score: Decimal | None
    total_score: Decimal | None
    grade: str
    problems: dict[str, int] = Fresh(dict)  # severity → count
    problem_messages: tuple[str, ...] = ()
    grade_position: int = -1  # the grade's band in its template, 0 the highest; -1 no grade
    grade_scale: tuple[str, ...] = ()  # the lower bounds of the template's bands, highest first (90, 80, 60, 0)

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, self.kind)

    @property
    def printed_rate(self) -> Decimal | None:
        """The rate as the form prints it (its template's rounding), as a ratio: 35.77% → 0.3577."""
        return Decimal(self.execution_rate_text.rstrip("%")) / 100 if self.execution_rate_text else None

    @property
    def has_problems(self) -> bool:
        """Errors or warnings; notes (提示: not yet scored, a target changed since the declaration) are not."""
        return bool(self.problems.get(ERROR) or self.problems.get(WARNING))

    @property
    def problem_text(self) -> str:
        """错误 1 · 警告 2: the counts a list shows, errors first."""
        words = ((ERROR, "错误"), (WARNING, "警告"))
        return " · ".join(f"{word} {self.problems[s]}" for s, word in words if self.problems.get(s))


def overview(form: Form) -> Overview:
    figures, problems = evaluate(form)
    return overview_of(form, figures, problems)


def overview_of(form: Form, figures: Figures, problems: list[Problem]) -> Overview:
    template = form.template
    budget_ref = template.execution_rate.budget if template.execution_rate else ""
    executed_ref = template.execution_rate.executed if template.execution_rate else ""
    counts = {severity: 0 for severity in (ERROR, WARNING, INFO)}
    for problem in problems:
        counts[problem.severity] += 1
    return Overview(
        project_name=form.project_name.strip(),
        unit=unit_of(form),
        year=year_of(form),
        kind=template.family,
        template_id=template.id,
        template_name=template.name,
        amount_unit=form.amount_unit,
        initial_budget=_amount(form, figures, next((r for r in INITIAL_BUDGET_REFS if _has_ref(template, r)), "")),
        annual_budget=_amount(form, figures, budget_ref),
        executed=_amount(form, figures, executed_ref),
        execution_rate=figures.execution_rate,
        execution_rate_text=figures.execution_rate_text,
        budget_score=figures.budget_score,
        total_score=figures.total_score,
        grade=figures.grade,
        problems=counts,
        problem_messages=tuple(p.message for p in problems if p.severity != INFO),
        grade_position=next((i for i, b in enumerate(template.grade_bands) if figures.grade and b.label == figures.grade), -1),
        grade_scale=tuple(str(b.minimum) for b in template.grade_bands),
    )


def unit_of(form: Form) -> str:
    return next((form.text(key).strip() for key in UNIT_FIELDS if form.text(key).strip()), "")


def year_of(form: Form) -> str:
    """The form's year: its 年度 field, else a year in the project name (2020 年…项目), else the year of
    its first date (Form B's 自评时间), else none."""
    dates = [form.text(spec.key) for spec in form.template.fields if spec.type == "date"]
    for text in (form.text("year"), form.project_name, *dates):
        match = YEAR.search(text)
        if match:
            return match.group(0)
    return ""


def in_yuan(value: Decimal | None, unit: str) -> Decimal | None:
    return None if value is None else value * TEN_THOUSAND if unit == "万元" else value


def _has_ref(template: Template, ref: str) -> bool:
    area, _, rest = ref.partition(".")
    if area == "field":
        return template.has_field(rest)
    row, _, column = rest.partition(".")
    return template.funds is not None and any(r.key == row for r in template.funds.rows) \
        and any(c.key == column for c in template.funds.columns)


def _amount(form: Form, figures: Figures, ref: str) -> Decimal | None:
    if not ref or not _has_ref(form.template, ref):
        return None
    return in_yuan(figures.numbers.get(resolve_ref(ref)), form.amount_unit)


def all_texts(form: Form) -> str:
    """Everything typed in the form, one piece a line: what a search over "all texts" looks in."""
    pieces = [form.text(key) for key in form.fields]
    pieces += [value for cells in form.funds.values() for value in cells.values()]
    pieces += [value for rows in form.tables.values() for row in rows for value in row.values.values()]
    return "\n".join(piece for piece in pieces if piece)
