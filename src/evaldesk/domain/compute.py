"""The arithmetic of a form, as one pure function: typed text in, figures out.

Every derived figure (rate, budget score, group weights, totals, grade) comes from here and is never
typed. Parsing is cached by text, so a recompute after one keystroke re-reads only what changed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .form import Form, Row
from .numbers import NumberError, format_money, format_rate, format_score, parse_amount, parse_number, round_half_up
from .places import Place, cell_place, field_place, funds_place, resolve_ref
from .template import TableSpec, Template

ZERO = Decimal(0)
ONE = Decimal(1)


@dataclass(frozen=True)
class Group:
    """A run of consecutive rows under one 一级 (or 二级) category: merged on paper, summed here."""

    level: str
    name: str
    start: int
    stop: int
    weight: Decimal
    score: Decimal


@dataclass
class Figures:
    execution_rate: Decimal | None = None
    execution_rate_text: str = ""
    budget_weight: Decimal | None = None
    budget_score: Decimal | None = None
    indicator_weight: Decimal = ZERO
    indicator_score: Decimal | None = None
    total_weight: Decimal | None = None
    total_score: Decimal | None = None
    grade: str = ""
    groups: dict[str, list[Group]] = field(default_factory=dict)
    table_sums: dict[str, Decimal] = field(default_factory=dict)
    numbers: dict[Place, Decimal] = field(default_factory=dict)
    bad_numbers: dict[Place, str] = field(default_factory=dict)

    def printed(self) -> dict[str, str]:
        """The figures as the form prints them."""
        return {
            "execution_rate": self.execution_rate_text,
            "budget_score": format_score(self.budget_score),
            "total_weight": format_score(self.total_weight),
            "total_score": format_score(self.total_score),
            "grade": self.grade,
        }


class _Reader:
    """Parses typed numbers once, remembering failures as places to report."""

    def __init__(self, form: Form, figures: Figures) -> None:
        self.unit = form.amount_unit
        self.figures = figures

    def number(self, place: Place, text: str, money: bool = False) -> Decimal | None:
        if not text:
            return None
        try:
            value = parse_amount(text, self.unit) if money else parse_number(text)
        except NumberError as error:
            self.figures.bad_numbers[place] = str(error)
            return None
        if value is not None:
            self.figures.numbers[place] = value
        return value


def compute(form: Form) -> Figures:
    template = form.template
    figures = Figures()
    reader = _Reader(form, figures)
    _read_typed_numbers(form, reader)
    if template.execution_rate:
        _execution_rate(form, template, figures, reader)
    for table in template.tables:
        _table(form.rows(table.key), table, figures, reader)
    _totals(template, figures)
    return figures


def _read_typed_numbers(form: Form, reader: _Reader) -> None:
    template = form.template
    for spec in template.fields:
        if spec.type in ("money", "number"):
            reader.number(field_place(spec.key), form.text(spec.key), money=spec.type == "money")
    if template.funds:
        for row in template.funds.rows:
            for column in template.funds.columns:
                reader.number(funds_place(row.key, column.key), form.fund(row.key, column.key), money=True)


def _execution_rate(form: Form, template: Template, figures: Figures, reader: _Reader) -> None:
    spec = template.execution_rate
    executed = figures.numbers.get(resolve_ref(spec.executed))
    budget = figures.numbers.get(resolve_ref(spec.budget))
    if executed is not None and budget:
        figures.execution_rate = executed / budget
        figures.execution_rate_text = format_rate(figures.execution_rate, spec.rounding)
    rule = template.budget_score
    if rule and rule.rule != "none" and template.funds:
        figures.budget_weight = template.funds.weight
        if figures.execution_rate is not None:
            figures.budget_score = budget_score(figures.execution_rate, template.funds.weight, rule.rule, rule.threshold)


def budget_score(rate: Decimal, weight: Decimal, rule: str, threshold: Decimal | None = None) -> Decimal:
    """分值 × 执行率, capped at 分值 and never negative, from the exact ratio; or full marks at a threshold."""
    if rule == "full_at_threshold" and threshold is not None and rate >= threshold:
        return round_half_up(weight)
    return round_half_up(max(ZERO, min(weight * rate, weight)))


def _table(rows: list[Row], spec: TableSpec, figures: Figures, reader: _Reader) -> None:
    weight_key, score_key = spec.key_of("weight"), spec.key_of("score")
    money_key = spec.key_of("money")
    weights: list[Decimal] = []
    scores: list[Decimal | None] = []
    money_total = ZERO
    for index, row in enumerate(rows):
        values = row.values
        if weight_key:
            weights.append(reader.number(cell_place(spec.key, index, weight_key), values.get(weight_key, "")) or ZERO)
        if score_key:
            scores.append(reader.number(cell_place(spec.key, index, score_key), values.get(score_key, "")))
        if money_key:
            money_total += reader.number(cell_place(spec.key, index, money_key), values.get(money_key, ""), money=True) or ZERO
    if money_key:
        figures.table_sums[spec.key] = money_total
    if not weight_key:
        weights = [ZERO] * len(rows)
        scores = [None] * len(rows)
    figures.groups[spec.key] = [
        group for level in spec.levels for group in _groups(rows, level, spec.levels, weights, scores)
    ]
    if weight_key:
        figures.indicator_weight = sum(weights, ZERO)
        typed_scores = [s for s in scores if s is not None]
        figures.indicator_score = sum(typed_scores, ZERO) if typed_scores else None


def _groups(rows, level, levels, weights, scores) -> list[Group]:
    """Runs of consecutive rows sharing this level's name (and, for 二级, their 一级 name)."""
    outer = levels[: levels.index(level) + 1]
    groups: list[Group] = []
    start = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or _key(rows[index], outer) != _key(rows[start], outer):
            groups.append(Group(
                level=level, name=rows[start].get(level), start=start, stop=index,
                weight=sum(weights[start:index], ZERO),
                score=sum((s for s in scores[start:index] if s is not None), ZERO),
            ))
            start = index
    return groups


def _key(row: Row, levels: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(row.values.get(level, "") for level in levels)


def _totals(template: Template, figures: Figures) -> None:
    if template.scored_table is None:
        return
    rule = template.budget_score
    counted = rule is not None and rule.counts_in_total and figures.budget_weight is not None
    figures.total_weight = figures.indicator_weight + (figures.budget_weight if counted else ZERO)
    if figures.indicator_score is None and not (counted and figures.budget_score is not None):
        return
    figures.total_score = (figures.indicator_score or ZERO) + (figures.budget_score or ZERO if counted else ZERO)
    figures.grade = grade(figures.total_score, template)


def grade(total: Decimal, template: Template) -> str:
    """The band whose lower bound the total reaches (lower bound included: 90 → 优秀)."""
    rounded = round_half_up(total)
    for band in template.grade_bands:
        if rounded >= band.minimum:
            return band.label
    return ""


def group_label(spec: TableSpec, group: Group) -> str:
    """The 一级 label as printed: 投入与管理 (36分) — the weight always derived, never typed."""
    return spec.group_label.format(name=group.name, weight=format_score(group.weight))


__all__ = ["Figures", "Group", "compute", "budget_score", "grade", "group_label", "format_money"]
