"""The arithmetic of a form: typed text in, figures out.

Every derived figure (rate, budget score, group weights, totals, grade) comes from here and is never
typed. A table's figures (`TableFigures`) can be updated one cell at a time, so that a recompute after
a keystroke costs almost nothing however long the table is (see recalc.py); `compute` does it all afresh.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping
from decimal import Decimal

from .form import Form, Row
from .numbers import NumberError, format_score, format_rate, parse_amount, parse_number, round_half_up, round_rate, round_score
from .places import Place, cell_place, field_place, funds_place, resolve_ref
from .template import BudgetScoreSpec, RateSpec, TableSpec, Template
from .value import Fresh, Value, replace

ZERO = Decimal(0)
HUNDRED = Decimal(100)


class Group(Value):
    """A run of consecutive rows under one 一级 (or 二级) category: merged on paper, summed here."""

    level: str
    name: str
    start: int
    stop: int
    weight: Decimal
    score: Decimal


def read_number(text: str, unit: str, money: bool) -> tuple[Decimal | None, str]:
    """The number typed in a cell, or the sentence saying why it is not one."""
    if not text:
        return None, ""
    try:
        return (parse_amount(text, unit) if money else parse_number(text)), ""
    except NumberError as error:
        return None, str(error)


class TableFigures:
    """Parsed weights, scores and amounts of one table, with their sums and merged groups."""

    def __init__(self, spec: TableSpec, rows: list[Row], unit: str) -> None:
        self.spec, self.rows, self.unit = spec, rows, unit
        self.weight_key, self.score_key, self.money_key = spec.key_of("weight"), spec.key_of("score"), spec.key_of("money")
        self.ratio_key, self.coefficient_key = spec.key_of("ratio"), spec.key_of("coefficient")
        self.derives_scores = spec.derives_scores and bool(self.score_key and self.weight_key)
        typed = (self.weight_key, None if self.derives_scores else self.score_key, self.money_key,
                 self.ratio_key, self.coefficient_key)
        self.numeric = {k: k == self.money_key for k in typed if k}
        self.values: dict[str, list[Decimal | None]] = {}
        self.bad: dict[tuple[int, str], str] = {}
        for key, money in self.numeric.items():
            column = []
            for index, row in enumerate(rows):
                value, error = self._read(row, key)
                column.append(value)
                if error:
                    self.bad[(index, key)] = error
            self.values[key] = column
        if self.derives_scores:
            self.values[self.score_key] = [self._derived_score(i) for i in range(len(rows))]
        self.sums = {key: sum((v for v in column if v is not None), ZERO) for key, column in self.values.items()}
        self.score_count = sum(v is not None for v in self.values.get(self.score_key, ()))
        self.groups = self._all_groups()

    def _read(self, row: Row, key: str) -> tuple[Decimal | None, str]:
        text = row.values.get(key, "")
        if key == self.coefficient_key:  # 得分系数 typed as 100% or 100: a percentage either way
            text = text.strip().rstrip("%％")
        return read_number(text, self.unit, self.numeric[key])

    def _derived_score(self, index: int) -> Decimal | None:
        """指标得分 = 得分系数 × 指标权重 (the coefficient in %), kept to two decimals half up."""
        coefficient = self.value(index, self.coefficient_key)
        weight = self.value(index, self.weight_key)
        if coefficient is None or weight is None:
            return None
        return round_score(coefficient * weight / HUNDRED)

    def value(self, row: int, column: str) -> Decimal | None:
        column_values = self.values.get(column)
        return column_values[row] if column_values is not None and 0 <= row < len(column_values) else None

    def cell_changed(self, index: int, column: str) -> None:
        """Re-read one typed cell and adjust sums and groups by the difference."""
        if column in self.spec.levels:
            self.groups = self._all_groups()
            return
        if column not in self.numeric:
            return
        new, error = self._read(self.rows[index], column)
        if error:
            self.bad[(index, column)] = error
        else:
            self.bad.pop((index, column), None)
        self._replace(index, column, new)
        if self.derives_scores and column in (self.weight_key, self.coefficient_key):
            self._replace(index, self.score_key, self._derived_score(index))

    def _replace(self, index: int, column: str, new: Decimal | None) -> None:
        old = self.values[column][index]
        self.values[column][index] = new
        delta = (new or ZERO) - (old or ZERO)
        self.sums[column] += delta
        if column == self.score_key:
            self.score_count += (new is not None) - (old is not None)
        if column in (self.weight_key, self.score_key) and delta:
            self._adjust_groups(index, column, delta)

    def _adjust_groups(self, index: int, column: str, delta: Decimal) -> None:
        for level, groups in self.groups.items():
            position = bisect_right(self.starts[level], index) - 1
            group = groups[position]
            if column == self.weight_key:
                groups[position] = replace(group, weight=group.weight + delta)
            else:
                groups[position] = replace(group, score=group.score + delta)

    def _all_groups(self) -> dict[str, list[Group]]:
        groups = {level: self._groups(level) for level in self.spec.levels}
        self.starts = {level: [g.start for g in found] for level, found in groups.items()}
        return groups

    def _groups(self, level: str) -> list[Group]:
        """Runs of consecutive rows sharing this level's name (and, for 二级, their 一级 name)."""
        levels = self.spec.levels
        outer = levels[: levels.index(level) + 1]
        weights = self.values.get(self.weight_key) if self.weight_key else None
        scores = self.values.get(self.score_key) if self.score_key else None
        rows, found, start = self.rows, [], 0
        for index in range(1, len(rows) + 1):
            if index == len(rows) or _key(rows[index], outer) != _key(rows[start], outer):
                found.append(Group(level, rows[start].get(level), start, index,
                                   _sum(weights, start, index), _sum(scores, start, index)))
                start = index
        return found

    @property
    def all_groups(self) -> list[Group]:
        return [group for groups in self.groups.values() for group in groups]


def _key(row: Row, levels: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(row.values.get(level, "") for level in levels)


def _sum(values: list[Decimal | None] | None, start: int, stop: int) -> Decimal:
    return sum((v for v in values[start:stop] if v is not None), ZERO) if values else ZERO


class CellNumbers(Mapping):
    """Place → number for every typed number of the form (header cells and table cells)."""

    def __init__(self, header: dict[Place, Decimal], tables: dict[str, TableFigures]) -> None:
        self.header, self.tables = header, tables

    def __getitem__(self, place: Place) -> Decimal:
        if place.area == "table" and place.key in self.tables:
            value = self.tables[place.key].value(place.row, place.column)
            if value is None:
                raise KeyError(place)
            return value
        return self.header[place]

    def __iter__(self) -> Iterator[Place]:
        yield from self.header
        for key, table in self.tables.items():
            for column, values in table.values.items():
                yield from (cell_place(key, i, column) for i, v in enumerate(values) if v is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class BadNumbers(Mapping):
    """Place → why the text typed there is not a number."""

    def __init__(self, header: dict[Place, str], tables: dict[str, TableFigures]) -> None:
        self.header, self.tables = header, tables

    def __getitem__(self, place: Place) -> str:
        if place.area == "table" and place.key in self.tables:
            return self.tables[place.key].bad[(place.row, place.column)]
        return self.header[place]

    def __iter__(self) -> Iterator[Place]:
        yield from self.header
        for key, table in self.tables.items():
            yield from (cell_place(key, row, column) for row, column in sorted(table.bad))

    def __len__(self) -> int:
        return len(self.header) + sum(len(t.bad) for t in self.tables.values())


class Figures(Value, mutable=True):
    execution_rate: Decimal | None = None
    execution_rate_text: str = ""
    budget_weight: Decimal | None = None
    budget_score: Decimal | None = None
    indicator_weight: Decimal = ZERO
    indicator_score: Decimal | None = None
    total_weight: Decimal | None = None
    total_score: Decimal | None = None
    goal_ratio: Decimal | None = None  # the goals' 权重比例 added up (部门整体支出绩效自评表)
    grade: str = ""
    groups: dict[str, list[Group]] = Fresh(dict)
    table_sums: dict[str, Decimal] = Fresh(dict)
    numbers: Mapping = Fresh(dict)
    bad_numbers: Mapping = Fresh(dict)

    def printed(self) -> dict[str, str]:
        """The figures as the form prints them."""
        return {
            "execution_rate": self.execution_rate_text,
            "budget_score": format_score(self.budget_score),
            "total_weight": format_score(self.total_weight),
            "total_score": format_score(self.total_score),
            "grade": self.grade,
        }


def table_figures(form: Form) -> dict[str, TableFigures]:
    return {spec.key: TableFigures(spec, form.rows(spec.key), form.amount_unit) for spec in form.template.tables}


def compute(form: Form) -> Figures:
    return assemble(form, table_figures(form))


def assemble(form: Form, tables: dict[str, TableFigures]) -> Figures:
    """Figures from the (possibly incrementally kept) table figures and the header cells, read afresh."""
    template = form.template
    header, bad = _header_numbers(form)
    figures = Figures(numbers=CellNumbers(header, tables), bad_numbers=BadNumbers(bad, tables))
    if template.execution_rate:
        _execution_rate(template, figures, header)
    for key, table in tables.items():
        figures.groups[key] = table.all_groups
        if table.money_key:
            figures.table_sums[key] = table.sums[table.money_key]
    scored = template.scored_table
    goals = next((t for t in tables.values() if t.spec.goals_of in tables), None)
    if goals is not None:
        _weigh_goals(goals, tables[goals.spec.goals_of], figures)
    elif scored is not None and scored.key in tables:
        table = tables[scored.key]
        figures.indicator_weight = table.sums[table.weight_key]
        if table.score_key and table.score_count:
            figures.indicator_score = table.sums[table.score_key]
    _totals(template, figures)
    return figures


def _weigh_goals(goals: TableFigures, indicators: TableFigures, figures: Figures) -> None:
    """Each goal's weighted score = the sum of its indicators' scores × 权重比例 ÷ 100 (its indicators: the
    indicator rows whose 一级 names the goal); the goals' scores and weighted 分值 add up to the form's."""
    level = indicators.spec.levels[0]
    weights: dict[str, Decimal] = {}
    scores: dict[str, Decimal] = {}
    scored_values = indicators.values.get(indicators.score_key, [])
    for group in indicators.groups.get(level, []):
        name = group.name.strip()
        weights[name] = weights.get(name, ZERO) + group.weight
        if any(v is not None for v in scored_values[group.start:group.stop]):
            scores[name] = scores.get(name, ZERO) + group.score
    name_key, weighted_key = goals.spec.key_of("goal"), goals.spec.key_of("weighted")
    weighted: list[Decimal | None] = []
    for index, row in enumerate(goals.rows):
        ratio, name = goals.value(index, goals.ratio_key), row.get(name_key).strip()
        weighted.append(None if ratio is None or name not in scores else round_score(scores[name] * ratio / HUNDRED))
        if ratio is not None:
            figures.indicator_weight += weights.get(name, ZERO) * ratio / HUNDRED
    goals.values[weighted_key] = weighted
    goals.sums[weighted_key] = sum((v for v in weighted if v is not None), ZERO)
    figures.goal_ratio = goals.sums[goals.ratio_key] if any(v is not None for v in goals.values[goals.ratio_key]) else None
    if any(v is not None for v in weighted):
        figures.indicator_score = goals.sums[weighted_key]


def _header_numbers(form: Form) -> tuple[dict[Place, Decimal], dict[Place, str]]:
    template, unit = form.template, form.amount_unit
    numbers: dict[Place, Decimal] = {}
    bad: dict[Place, str] = {}

    def read(place: Place, text: str, money: bool) -> None:
        value, error = read_number(text, unit, money)
        if value is not None:
            numbers[place] = value
        if error:
            bad[place] = error

    for spec in template.fields:
        if spec.type in ("money", "number"):
            read(field_place(spec.key), form.text(spec.key), spec.type == "money")
    if template.funds:
        for row in template.funds.rows:
            for column in template.funds.columns:
                if column.role == "money":
                    read(funds_place(row.key, column.key), form.fund(row.key, column.key), True)
    return numbers, bad


def _execution_rate(template: Template, figures: Figures, header: dict[Place, Decimal]) -> None:
    spec = template.execution_rate
    executed = header.get(resolve_ref(spec.executed))
    budget = header.get(resolve_ref(spec.budget))
    if executed is not None and budget:
        figures.execution_rate = executed / budget
        figures.execution_rate_text = format_rate(figures.execution_rate, spec.rounding, spec.decimals)
    rule = template.budget_score
    if rule and rule.rule != "none" and template.funds:
        figures.budget_weight = template.funds.weight
        if figures.execution_rate is not None:
            figures.budget_score = budget_score(figures.execution_rate, template.funds.weight, rule, spec)


def budget_score(rate: Decimal, weight: Decimal, rule: BudgetScoreSpec, printed: RateSpec | None = None) -> Decimal:
    """分值 × 执行率 (the exact ratio, or the rate as printed), never negative, capped at 分值 unless the
    issuer does not cap, kept to the issuer's decimals half up; or full marks from a threshold."""
    if rule.rule == "full_at_threshold" and rule.threshold is not None and rate >= rule.threshold:
        return round_score(weight, rule.decimals)
    if rule.basis == "printed_rate" and printed is not None:
        rate = round_rate(rate, printed.rounding, printed.decimals)
    score = max(ZERO, weight * rate)
    return round_score(min(score, weight) if rule.capped else score, rule.decimals)


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
    """The first band (highest first) whose lower bound the total reaches; a band whose bound belongs to
    the band below (includes_minimum False) needs a total above it: 75 is 合格 when 良好 is (75, 90]."""
    rounded = round_half_up(total)
    for band in template.grade_bands:
        if rounded > band.minimum or rounded == band.minimum and band.includes_minimum:
            return band.label
    return ""


WEIGHT_BLANK = "\u00a0" * 4  # 投入与管理 (    分) on a form to fill by hand: room to write the weight


def group_label(spec: TableSpec, group: Group, blank: bool = False) -> str:
    """The 一级 label as printed: 投入与管理 (36分) — the weight always derived, never typed."""
    return spec.group_label.format(name=group.name, weight=WEIGHT_BLANK if blank else format_score(group.weight))


def blank_table(spec: TableSpec, rows: list[Row]) -> bool:
    """No weight or score typed anywhere in the table: a form to fill by hand. Paper and window then leave
    the category weights (投入与管理 (    分)) and the totals blank rather than print 0分 and 合计 10."""
    figures = [c.key for c in spec.columns if c.is_figure]
    return not any(row.values.get(key) for row in rows for key in figures)


__all__ = ["Figures", "Group", "TableFigures", "compute", "assemble", "budget_score", "grade", "group_label", "blank_table"]
