"""Problems in a form: shown to the clerk, never blocking a save.

Each problem has a stable code (for tests and tools), a place, a severity and a Chinese message.
"""
from __future__ import annotations

from .compute import ZERO, Figures, TableFigures, compute
from .dates import parse_date
from .form import DECLARED_TARGET, Form
from .numbers import format_money, format_score
from .places import FORM, Place, cell_place, field_place, funds_place, resolve_ref
from .scoring import MarkedRows, Proposal, form_proposals
from .scoring_settings import ScoringSettings
from .template import SumSpec, TableSpec, Template
from .value import Value

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


class Problem(Value):
    code: str
    where: Place
    severity: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "where": str(self.where), "severity": self.severity, "message": self.message}


def find_problems(form: Form, figures: Figures) -> list[Problem]:
    found = header_problems(form, figures)
    proposals = form_proposals(form, figures.numbers.tables)
    for table in form.template.tables:
        found += _table_problems(form, table, figures, proposals.get(table.key))
    return ordered(found + scoring_form_problems(form, figures, MarkedRows(form, proposals)))


def ordered(problems: list[Problem]) -> list[Problem]:
    """Errors first, then warnings, then notes; within each, in the order of the form."""
    return sorted(problems, key=lambda p: SEVERITY_ORDER[p.severity])


def header_problems(form: Form, figures: Figures) -> list[Problem]:
    """Unreadable numbers anywhere, and everything outside the tables' rows."""
    template = form.template
    found = [Problem("bad-number", place, ERROR, f"{place_label(template, place)}：{message}")
             for place, message in figures.bad_numbers.items()]
    return found + _field_problems(form) + _funds_problems(form, figures)


def _field_problems(form: Form) -> list[Problem]:
    found = []
    for spec in form.template.fields:
        text = form.text(spec.key)
        place = field_place(spec.key)
        if spec.required and not text.strip():
            found.append(Problem("required-empty", place, WARNING, f"“{spec.label}”未填写"))
        elif spec.type == "date":
            try:
                parse_date(text)
            except ValueError as error:
                found.append(Problem("bad-date", place, ERROR, f"{spec.label}：{error}"))
        elif spec.type == "choice" and text and not spec.multiple and text not in spec.options:
            found.append(Problem("bad-choice", place, ERROR, f"“{spec.label}”的“{text}”不是可选项"))
    return found


def _funds_problems(form: Form, figures: Figures) -> list[Problem]:
    template = form.template
    found = []
    rate = figures.execution_rate
    if rate is not None and rate > 1 and template.execution_rate:
        where = resolve_ref(template.execution_rate.executed)
        found.append(Problem("rate-above-100", where, WARNING,
                             f"执行率 {figures.execution_rate_text} 超过 100%：执行数大于预算数"))
    executed_column = resolve_ref(template.execution_rate.executed).column if template.execution_rate else ""
    budget_column = resolve_ref(template.execution_rate.budget).column if template.execution_rate else ""
    for row in template.funds.rows[1:] if template.funds else ():
        executed = figures.numbers.get(funds_place(row.key, executed_column))
        budget = figures.numbers.get(funds_place(row.key, budget_column))
        if executed is not None and budget is not None and executed > budget:
            found.append(Problem("executed-above-budget", funds_place(row.key, executed_column), WARNING,
                                 f"“{row.label}”的全年执行数大于全年预算数"))
    return found + _sum_problems(form, figures)


def _sum_problems(form: Form, figures: Figures) -> list[Problem]:
    """Amounts that do not make up their total (the template's sums): 当年财政拨款 + 上年结转资金 + 其他资金
    against 年度资金总额, in each money column of a funds block; 其中 parts above their total."""
    template, found = form.template, []
    for spec in template.sums:
        money = [c.key for c in template.funds.columns if c.role == "money"] if template.funds else []
        for column in money if _is_funds_row(spec.total) else [""]:
            found += _sum_problem(form, figures, spec, column)
    return found


def _is_funds_row(ref: str) -> bool:
    return ref.startswith("funds.") and ref.count(".") == 1


def _sum_problem(form: Form, figures: Figures, spec: SumSpec, column: str) -> list[Problem]:
    def place(ref: str) -> Place:
        return resolve_ref(f"{ref}.{column}" if column and _is_funds_row(ref) else ref)

    where = place(spec.total)
    whole = figures.numbers.get(where)
    typed = [figures.numbers.get(place(part)) for part in spec.parts]
    if whole is None or all(v is None for v in typed):
        return []
    part_sum = sum((v for v in typed if v is not None), ZERO)
    if part_sum == whole or not spec.complete and part_sum <= whole:
        return []
    unit, template = form.amount_unit, form.template
    parts = "、".join(_part_name(place_label(template, place(part))) for part in spec.parts)
    total = place_label(template, where)
    told = f"{total} {format_money(whole)} {unit}，而{parts}合计 {format_money(part_sum)} {unit}，" + (
        f"与之不符（相差 {format_money(abs(whole - part_sum))} {unit}）" if spec.complete else f"超过了{_part_name(total)}")
    return [Problem("funds-breakdown", where, WARNING, told)]


def _part_name(label: str) -> str:
    """其中：当年财政拨款·年初预算数 → 当年财政拨款: the part's own name, its column said with the total."""
    return label.split("·")[0].removeprefix("其中：").removeprefix("其中:")


def _table_problems(form: Form, spec: TableSpec, figures: Figures, proposals: list[Proposal] | None) -> list[Problem]:
    table, settings = figures.numbers.tables[spec.key], form.template.scoring
    found = []
    for index in range(len(table.rows)):
        found += row_problems(table, index)
        if proposals is not None:
            found += proposal_problems(table, index, proposals[index], settings)
    return found + table_problems(form, spec, figures)


def table_problems(form: Form, spec: TableSpec, figures: Figures) -> list[Problem]:
    """Problems of a table as a whole: weight sums per level, sub-budgets against their total, reasons asked
    by the rows' answers (有可能 / 不可能 in 完成目标可能性), goals and their indicators."""
    return (_weight_sum_problems(spec, figures) + _sum_of_problems(form, spec, figures) + _reason_problems(form, spec)
            + _goal_problems(form, spec, figures))


def _reason_problems(form: Form, spec: TableSpec) -> list[Problem]:
    found = []
    for column in (c for c in spec.columns if c.reason_when):
        rows = [i for i, row in enumerate(form.rows(spec.key)) if row.get(column.key).strip() in column.reason_when]
        if not rows:
            continue
        answers = "”“".join(sorted({form.rows(spec.key)[i].get(column.key).strip() for i in rows}, key=column.reason_when.index))
        which = "、".join(str(i + 1) for i in rows)
        for key in (k for k in column.reason_fields if not form.text(k).strip()):
            found.append(Problem("reason-missing", field_place(key), WARNING,
                                 f"第 {which} 行的{column.short_label}为“{answers}”，请填写“{form.template.field(key).label}”"))
    return found


def row_problems(table: TableFigures, index: int) -> list[Problem]:
    """Problems of one row; they depend on that row alone, so an edit re-checks only its row."""
    spec, row = table.spec, table.rows[index]
    weight_key, score_key, deviation_key = table.weight_key, table.score_key, spec.key_of("deviation")
    weight = table.value(index, weight_key) if weight_key else None
    score = table.value(index, score_key) if score_key else None
    name = _row_name(spec, row, index)
    found = []
    empty_level = next((key for key in spec.levels if not row.get(key).strip()), None)
    if empty_level and any(v.strip() for v in row.values.values()):  # 一级 first, then 二级
        found.append(Problem("category-empty", cell_place(spec.key, index, empty_level), WARNING,
                             f"{name}：未填{spec.column(empty_level).label}"))
    if weight is not None and weight < 0:
        found.append(Problem("weight-negative", cell_place(spec.key, index, weight_key), ERROR, f"{name}：分值不能为负数"))
    if score is None:
        if weight and score_key and (index, score_key) not in table.bad:
            found.append(Problem("score-missing", cell_place(spec.key, index, score_key), INFO, f"{name}：尚未评分"))
    elif score < 0:
        found.append(Problem("score-negative", cell_place(spec.key, index, score_key), ERROR, f"{name}：得分不能为负数"))
    elif weight is not None and score > weight:
        found.append(Problem("score-above-weight", cell_place(spec.key, index, score_key), ERROR,
                             f"{name}：得分 {format_score(score)} 超过分值 {format_score(weight)}"))
    elif weight is not None and score < weight and deviation_key and not row.get(deviation_key).strip():
        found.append(Problem("deviation-missing", cell_place(spec.key, index, deviation_key), WARNING,
                             f"{name}：扣了分（{format_score(score)}/{format_score(weight)}），请填写{spec.column(deviation_key).label}"))
    return found + _declared_target_changed(spec, row, index, name) + _choice_problems(spec, row, index, name)


def _choice_problems(spec: TableSpec, row, index: int, name: str) -> list[Problem]:
    """A cell of a column with choices (完成目标可能性) holding anything else."""
    found = []
    for column in spec.choice_columns:
        text = row.get(column.key).strip()
        if text and text not in column.choices:
            found.append(Problem("bad-choice", cell_place(spec.key, index, column.key), ERROR,
                                 f"{name}：{column.short_label}只能填“{'”“'.join(column.choices)}”之一，现为“{text}”"))
    return found


def _declared_target_changed(spec: TableSpec, row, index: int, name: str) -> list[Problem]:
    """In a form made from a declaration: a target the clerk changed from the declared one, pointed out."""
    if DECLARED_TARGET not in row.values:
        return []
    from .declaration import target_key  # only forms made from a declaration get here

    target = target_key(spec)
    if not target or row.get(target) == row.get(DECLARED_TARGET):
        return []
    return [Problem("target-changed", cell_place(spec.key, index, target), INFO,
                    f"{name}：{spec.column(target).label}“{row.get(target)}”与申报时的“{row.get(DECLARED_TARGET)}”不同")]


def _goal_problems(form: Form, spec: TableSpec, figures: Figures) -> list[Problem]:
    """A goals table (部门整体支出绩效自评表): indicators under a goal it does not name count for nothing, a
    goal with no indicators scores nothing, and the goals' weighted 分值 with the budget row make 100."""
    if not spec.goals_of:
        return []
    indicators, name_key = form.template.table(spec.goals_of), spec.key_of("goal")
    level = indicators.levels[0]
    goals = [row.get(name_key).strip() for row in form.rows(spec.key)]
    groups = [g for g in figures.groups.get(indicators.key, []) if g.level == level]
    found = []
    for group in groups:
        if not group.name.strip() and not (group.weight or group.score):
            continue  # rows to fill in yet (a new form's empty rows)
        if group.name.strip() not in goals:
            told = f"所属目标“{group.name}”不在{spec.section_label}中" if group.name.strip() else "没有填所属目标"
            found.append(Problem("goal-unknown", cell_place(indicators.key, group.start, level), WARNING,
                                 f"第 {group.start + 1} 行起的指标{told}，不计入总分"))
    named = {group.name.strip() for group in groups}
    for index, name in enumerate(goals):
        if name and name not in named:
            found.append(Problem("goal-without-indicators", cell_place(spec.key, index, name_key), WARNING,
                                 f"目标“{name}”下没有绩效指标"))
    if figures.goal_ratio is not None and figures.total_weight is not None and figures.total_weight != 100:
        found.append(Problem("goal-weight-total", cell_place(spec.key, -1, spec.key_of("ratio")), WARNING,
                             f"各目标指标分值按权重比例折算，连同预算执行率分值合计 {format_score(figures.total_weight)} 分，"
                             "应为 100 分"))
    return found


def _weight_sum_problems(spec: TableSpec, figures: Figures) -> list[Problem]:
    if not spec.key_of("weight"):
        return []
    found = []
    if spec.total_weight is not None and figures.indicator_weight != spec.total_weight:
        # Quote the total row as the clerk sees it: it adds the budget row's 分值 when that counts.
        budget = figures.total_weight - figures.indicator_weight if figures.total_weight is not None else ZERO
        found.append(Problem("weight-total", cell_place(spec.key, -1, spec.key_of("weight")), WARNING,
                             f"分值合计 {format_score(figures.indicator_weight + budget)}，"
                             f"应为 {format_score(spec.total_weight + budget)}"))
    level1 = spec.levels[0] if spec.levels else None
    groups = [g for g in figures.groups.get(spec.key, []) if g.level == level1]
    for category in spec.categories:
        if category.weight is None:
            continue
        weight = sum((g.weight for g in groups if g.name == category.name), ZERO)
        first = next((g.start for g in groups if g.name == category.name), -1)
        if weight != category.weight:
            found.append(Problem("category-weight", cell_place(spec.key, first, level1), WARNING,
                                 f"“{category.name}”的分值合计 {format_score(weight)}，应为 {format_score(category.weight)}"))
    return found


def _sum_of_problems(form: Form, spec: TableSpec, figures: Figures) -> list[Problem]:
    if not spec.sum_of or spec.key not in figures.table_sums or not form.rows(spec.key):
        return []
    target = figures.numbers.get(field_place(spec.sum_of))
    total = figures.table_sums[spec.key]
    if target is None or total == target:
        return []
    label = form.template.field(spec.sum_of).label
    return [Problem("subbudget-mismatch", cell_place(spec.key, -1, spec.key_of("money") or ""), WARNING,
                    f"{spec.caption or '子项目'}合计 {format_money(total)}，与{label} {format_money(target)} 不符")]


def _row_name(spec: TableSpec, row, index: int) -> str:
    name_key = next((c.key for c in spec.columns if c.role == "text"), None)
    name = row.get(name_key).strip() if name_key else ""
    return f"第 {index + 1} 行“{name}”" if name else f"第 {index + 1} 行"


def place_label(template: Template, place: Place) -> str:
    """Where something is, in the form's own words: 项目名称, 年度资金总额·全年执行数, 绩效指标 第 3 行·得分."""
    try:
        if place.area == "field":
            return template.field(place.key).label
        if place.area == "funds" and template.funds:
            row = next(r.label for r in template.funds.rows if r.key == place.key)
            column = next(c.label for c in template.funds.columns if c.key == place.column)
            return f"{row}·{column}"
        if place.area == "table":
            spec = template.table(place.key)
            table = spec.section_label or spec.caption or "表格"
            row = f"第 {place.row + 1} 行" if place.row >= 0 else (spec.total_label or "合计")
            column = f"·{spec.column(place.column).label}" if place.column else ""
            return f"{table} {row}{column}".replace("（{unit}）", "").replace("{unit}", "")
    except (KeyError, StopIteration):
        pass
    return "表单"


# ------------------------------------------------------------------------ from the scoring rules


def proposal_problems(table: TableFigures, index: int, proposal: Proposal, settings: ScoringSettings) -> list[Problem]:
    """A score departing from its rule, a target overshot, a qualitative score outside its band (one row)."""
    if proposal.score is None and proposal.ratio is None:
        return []  # most rows of a long form: nothing to compare, nothing to look up
    spec, row = table.spec, table.rows[index]
    reason_key = settings.reason_column or spec.key_of("deviation")
    if reason_key and row.get(reason_key).strip():
        return []  # every rule here asks for a reason, and one is written
    score = table.value(index, table.score_key) if table.score_key else None
    weight = table.value(index, table.weight_key) if table.weight_key else None
    found: list[tuple[str, Place, str]] = []
    if proposal.ratio is not None and settings.overshoot is not None and proposal.ratio >= settings.overshoot:
        found.append(("target-overshot", cell_place(spec.key, index, settings.actual_column),
                      f"实际完成值是目标的 {format_score(proposal.ratio * 100)}%（达到 {format_score(settings.overshoot * 100)}%），"
                      "目标可能定得过低，请在{reason}中说明"))
    if score is not None and weight is not None and proposal.score is not None:
        found += _score_against_rule(spec, proposal, settings, score, weight, reason_key)
    if not found:
        return []
    name, reason_label = _row_name(spec, row, index), spec.column(reason_key).label if reason_key else "备注"
    return [Problem(code, where, WARNING, f"{name}：" + message.replace("{reason}", reason_label))
            for code, where, message in found]


def _score_against_rule(spec: TableSpec, proposal: Proposal, settings: ScoringSettings, score, weight, reason_key):
    if proposal.band is not None:
        low, high = proposal.band_bounds(weight)
        top = proposal.band is settings.bands[0]
        if score < low or score > high or score == high and not top:
            bounds = f"{format_score(low)}–{format_score(high)} " + ("之间" if top else f"之间（不含 {format_score(high)}）")
            return [("score-outside-band", proposal.where,
                     f"“{proposal.actual.text}”属于“{proposal.band.name}”，得分应在 {bounds}，现为 {format_score(score)}；"
                     "如有理由，请在{reason}中说明")]
        return []
    asked = score < weight and reason_key == spec.key_of("deviation")  # deviation-missing asks already
    margin = settings.departure_margin
    if margin is not None and abs(score - proposal.score) > margin and not asked:
        return [("score-departs", proposal.where,
                 f"得分 {format_score(score)} 与按规则算出的 {proposal.proposed} 相差超过 {format_score(margin)}"
                 f"（{proposal.rule}），请在{{reason}}中说明")]
    return []


def scoring_form_problems(form: Form, figures: Figures, marked: MarkedRows) -> list[Problem]:
    """What the rules say about the form as a whole: 不适用 rows, the execution rate's reason and cap."""
    settings = form.template.scoring
    if not settings.enabled:
        return []
    found = []
    for key, rows in marked.not_applicable.items():
        found += _not_applicable_problems(form.template.table(key), figures, sorted(rows), settings)
    return found + _rate_reason_problems(form, figures, settings, sorted(marked.rate_rows)) + \
        _rate_cap_problems(form, figures, settings)


def _not_applicable_problems(spec: TableSpec, figures: Figures, rows: list[int], settings) -> list[Problem]:
    weight_key = spec.key_of("weight")
    if not rows or not weight_key or settings.not_applicable != "rescale":
        return []
    table = figures.numbers.tables[spec.key]
    dropped = sum((table.value(i, weight_key) or ZERO for i in rows), ZERO)
    total = spec.total_weight if spec.total_weight is not None else table.sums[weight_key]
    left = total - dropped
    if not dropped:
        return []  # already rescaled (its 分值 is 0)
    return [Problem("not-applicable", cell_place(spec.key, i, weight_key), INFO,
                    f"{_row_name(spec, table.rows[i], i)}：不适用，不计分；其余指标分值合计 {format_score(left)}，"
                    f"应按 {format_score(total)} ÷ {format_score(left)} 折算到 {format_score(total)}（编辑 → 按“不适用”折算分值）") for i in rows]


def _rate_reason_problems(form: Form, figures: Figures, settings: ScoringSettings, rows: list[int]) -> list[Problem]:
    """执行率 below the threshold: the first row named for it (预算执行率) must give the reason."""
    rate, spec = figures.execution_rate, form.template.scored_table
    if rate is None or settings.rate_reason_below is None or rate >= settings.rate_reason_below or not rows:
        return []
    name_key = next((c.key for c in spec.columns if c.role == "text"), None)
    reason_key = settings.reason_column or spec.key_of("deviation")
    row = form.rows(spec.key)[rows[0]]
    if not reason_key or row.get(reason_key).strip():
        return []
    return [Problem("rate-reason-missing", cell_place(spec.key, rows[0], reason_key), WARNING,
                    f"执行率 {figures.execution_rate_text} 低于 {format_score(settings.rate_reason_below * 100)}%，"
                    f"请在“{row.get(name_key).strip()}”一行的{spec.column(reason_key).label}中写明原因")]


def _rate_cap_problems(form: Form, figures: Figures, settings: ScoringSettings) -> list[Problem]:
    rate, total, spec = figures.execution_rate, figures.total_score, form.template.scored_table
    if rate is None or total is None or spec is None:
        return []
    cap = next((c for c in settings.rate_caps if rate < c.below), None)
    if cap is None or total <= cap.maximum:
        return []
    return [Problem("total-above-rate-cap", cell_place(spec.key, -1, spec.key_of("score") or ""), WARNING,
                    f"执行率 {figures.execution_rate_text} 低于 {format_score(cap.below * 100)}%，总分最高 "
                    f"{format_score(cap.maximum)}，现为 {format_score(total)}")]


__all__ = ["Problem", "find_problems", "evaluate", "place_label", "ERROR", "WARNING", "INFO", "FORM"]


def evaluate(form: Form) -> tuple[Figures, list[Problem]]:
    """Figures and problems of a form: what every view shows after every edit."""
    figures = compute(form)
    return figures, find_problems(form, figures)
