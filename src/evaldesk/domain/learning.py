"""Learning an issuer's conventions from a filed form: which settings reproduce the figures it prints.

A filed form prints its rate, budget score and totals; the typed amounts and scores give the exact
figures. Each setting is tried against the figure it alone decides — the rate's decimals and rounding
against the printed rate, the budget row's weight, score decimals, basis and cap against the printed
budget score (or, where none is printed, against 总分 less the indicators' scores), whether the budget
counts against 总分, the category weights against the labels that print them — and what was found is
said with its evidence, in the clerk's words. A figure no setting explains is left to be reported as a
paper error; the conventions stay as they were for it.
"""
from __future__ import annotations

from decimal import Decimal
from itertools import product

from .compute import budget_score, compute
from .conventions import ROUNDING_WORDS, SCORE_WORDS, Conventions, conventions_of
from .form import Form
from .numbers import BASIS_POINT, NumberError, format_rate, format_score, parse_number, round_to
from .template import BudgetScoreSpec, RateSpec
from .value import Fresh, Value, replace

RATE_MODES = ("half_up", "down", "up")
BUDGET_WEIGHTS = (Decimal(10), Decimal(20))
PRINTED_RATE_WORDS = {0: "整数百分比", 1: "一位小数", 2: "两位小数"}


class Learned(Value, mutable=True):
    conventions: Conventions
    evidence: list[str] = Fresh(list)  # one sentence per setting that differs from the template's

    @property
    def changed(self) -> bool:
        return bool(self.evidence)

    def summary(self, base: Conventions) -> str:
        """What differs from `base`, in a few words for a template's name: 执行率整数百分比、预算得分取整数."""
        c, parts = self.conventions, []
        if (c.rate_decimals, c.rate_rounding) != (base.rate_decimals, base.rate_rounding):
            parts.append("执行率" + _rate_words(c.rate_rounding, c.rate_decimals))
        if c.budget_weight != base.budget_weight:
            parts.append(f"预算{format_score(c.budget_weight)}分")
        if c.score_decimals != base.score_decimals:
            parts.append("预算得分" + SCORE_WORDS[c.score_decimals])
        if c.budget_counted != base.budget_counted:
            parts.append("预算得分计入总分" if c.budget_counted else "预算得分不计入总分")
        if c.category_weights != base.category_weights or c.weights_in_label != base.weights_in_label:
            parts.append("一级指标分值" + ("印在名称中" if c.weights_in_label else "另定"))
        if c.column_order != base.column_order:
            parts.append("列序不同")
        return "、".join(parts) or "规则不同"


def learn_conventions(form: Form, printed: dict[str, str], groups: list[tuple[str, str]] = (),
                      column_order: tuple[str, ...] = ()) -> Learned:
    """The conventions that reproduce `printed` (execution_rate, budget_weight, budget_score, total_weight,
    total_score: the texts the sheet shows), the 一级 labels' printed weights `groups` (name, weight) and
    the scored table's columns in the order the sheet has them."""
    base = conventions_of(form.template)
    figures = compute(form)
    learned = Learned(base)
    if figures.execution_rate is not None:
        _rate(learned, figures.execution_rate, printed.get("execution_rate", ""))
        _budget(learned, form, figures, printed)
    _groups(learned, groups)
    _columns(learned, form, column_order)
    return learned


# ------------------------------------------------------------------------------------------- rate
def _rate(learned: Learned, ratio: Decimal, text: str) -> None:
    shown = _printed_percent(text)
    if shown is None:
        return
    percent, decimals = shown
    c = learned.conventions
    modes = [c.rate_rounding] + [m for m in RATE_MODES if m != c.rate_rounding] + ["whole_percent"]
    for mode in modes:
        if format_rate(ratio, mode, decimals) == f"{percent}%":
            if (mode, decimals) != (c.rate_rounding, c.rate_decimals):
                learned.conventions = replace(c, rate_rounding=mode, rate_decimals=decimals)
                learned.evidence.append(f"执行率 打印为{_rate_words(mode, decimals)}：{_exact(ratio, percent)} 印为 {text.strip()}")
            return


def _printed_percent(text: str) -> tuple[Decimal, int] | None:
    """86% → (86, 0); 86.5% → (86.5, 1); 0.8648 typed as a ratio → (86.48, 2)."""
    flat = text.strip().replace("％", "%")
    number = flat.removesuffix("%").strip()
    try:
        value = parse_number(number)
    except NumberError:
        return None
    if value is None:
        return None
    decimals = len(number.partition(".")[2])
    if not flat.endswith("%"):
        if value > 1:
            return None
        value, decimals = value * 100, max(0, decimals - 2)
    value = round_to(value, Decimal(1).scaleb(-decimals))
    return (value, decimals) if decimals <= 2 else None


def _rate_words(mode: str, decimals: int) -> str:
    if mode == "whole_percent":
        return ROUNDING_WORDS[mode]
    words = PRINTED_RATE_WORDS[decimals]
    return words if mode == "half_up" else f"{words}（{ROUNDING_WORDS[mode]}）"


def _exact(ratio: Decimal, printed: Decimal) -> str:
    """The exact rate at two decimals, or four where two would already read as the printed figure."""
    two = format_rate(ratio, "half_up", 2)
    return two if Decimal(two[:-1]) != printed else f"{round_to(ratio * 100, BASIS_POINT)}%"


# ------------------------------------------------------------------------------------------- budget
def _budget(learned: Learned, form: Form, figures, printed: dict[str, str]) -> None:
    template = form.template
    if template.budget_score is None or template.execution_rate is None or template.funds is None:
        return
    indicators = figures.indicator_score
    total = _number(printed.get("total_score", ""))
    score = _number(printed.get("budget_score", ""))
    if score is None and total is not None and indicators is not None and total != indicators:
        score = total - indicators  # the budget score shows only in 总分
    if score is not None:
        _score(learned, form, figures.execution_rate, score, _weights(learned.conventions, figures, printed))
    if total is not None and indicators is not None:
        _counted(learned, form, figures.execution_rate, indicators, total)


def _weights(c: Conventions, figures, printed: dict[str, str]) -> list[Decimal]:
    typed = _number(printed.get("budget_weight", ""))
    if typed is not None:
        return [typed]
    weights = [c.budget_weight] if c.budget_weight is not None else []
    total = _number(printed.get("total_weight", ""))
    if total is not None and total > figures.indicator_weight:
        weights.append(total - figures.indicator_weight)
    return list(dict.fromkeys(weights + list(BUDGET_WEIGHTS)))


def _score(learned: Learned, form: Form, ratio: Decimal, printed: Decimal, weights: list[Decimal]) -> None:
    c = learned.conventions
    decimals = [c.score_decimals] + [d for d in (2, 1, 0) if d != c.score_decimals]
    bases = [c.score_basis] + [b for b in ("ratio", "printed_rate") if b != c.score_basis]
    caps = [c.score_capped, not c.score_capped]
    rules = list(dict.fromkeys([c.full_marks_from, None]))
    # The exact ratio before the printed one: 17.29 printed 17.3 is read as a score kept to one decimal.
    for rule, weight, basis, capped, places in product(rules, weights, bases, caps, decimals):
        trial = replace(c, budget_weight=weight, score_decimals=places, score_basis=basis, score_capped=capped,
                        full_marks_from=rule)
        if _budget_score(ratio, trial) == printed:
            _say_score(learned, trial, ratio, printed)
            learned.conventions = trial
            return


def _budget_score(ratio: Decimal, c: Conventions) -> Decimal:
    rule = BudgetScoreSpec("proportional" if c.full_marks_from is None else "full_at_threshold",
                           threshold=c.full_marks_from, decimals=c.score_decimals, basis=c.score_basis,
                           capped=c.score_capped)
    rate = RateSpec("", "", c.rate_rounding, c.rate_decimals)
    return budget_score(ratio, c.budget_weight, rule, rate)


def _say_score(learned: Learned, trial: Conventions, ratio: Decimal, printed: Decimal) -> None:
    c, weight = learned.conventions, trial.budget_weight
    rate = format_rate(ratio, trial.rate_rounding, trial.rate_decimals) if trial.score_basis == "printed_rate" \
        else format_rate(ratio, "half_up", 2)
    product_text = _plain(weight * Decimal(rate[:-1]) / 100)
    sum_text = f"{format_score(weight)} × {rate} = {product_text} 印为 {format_score(printed)}"
    if weight != c.budget_weight:
        learned.evidence.append(f"预算执行率分值为 {format_score(weight)} 分：{sum_text}")
    if trial.score_decimals != c.score_decimals:
        learned.evidence.append(f"预算执行得分{SCORE_WORDS[trial.score_decimals]}：{sum_text}")
    if trial.score_basis != c.score_basis:
        how = "按打印的执行率计算" if trial.score_basis == "printed_rate" else "按未取舍的执行率计算"
        learned.evidence.append(f"预算执行得分{how}：{sum_text}")
    if trial.full_marks_from != c.full_marks_from and trial.full_marks_from is None:
        learned.evidence.append(f"预算执行得分按比例计算（未达满分线也不给满分）：{sum_text}")
    if trial.score_capped != c.score_capped:
        learned.evidence.append(f"预算执行得分{'不超过分值' if trial.score_capped else '不设上限'}：{sum_text}")


def _counted(learned: Learned, form: Form, ratio: Decimal, indicators: Decimal, total: Decimal) -> None:
    c = learned.conventions
    if c.budget_weight is None:
        return
    score = _budget_score(ratio, c)
    if indicators + score == total and not c.budget_counted:
        learned.conventions = replace(c, budget_counted=True)
        learned.evidence.append(f"预算执行得分计入总分：指标得分 {format_score(indicators)} + 预算执行得分 "
                                f"{format_score(score)} = 总分 {format_score(total)}")
    elif indicators == total and score and c.budget_counted:
        learned.conventions = replace(c, budget_counted=False)
        learned.evidence.append(f"预算执行得分不计入总分：指标得分合计 {format_score(indicators)}，总分印为 {format_score(total)}")


# ------------------------------------------------------------------------------------------- categories
def _groups(learned: Learned, groups: list[tuple[str, str]]) -> None:
    printed = [(name, _number(text)) for name, text in groups]
    printed = [(name, weight) for name, weight in printed if weight is not None]
    if not printed:
        return
    c = learned.conventions
    weights = dict(c.category_weights)
    found = {name: weight for name, weight in printed if name in weights}
    changes = {}
    if found and any(weights[name] != weight for name, weight in found.items()):
        changes["category_weights"] = tuple((name, found.get(name, weight)) for name, weight in c.category_weights)
        labels = "、".join(f"{name} {format_score(weight)}" for name, weight in found.items())
        learned.evidence.append(f"一级指标分值：{labels}（表中印为 {_labels(printed)}）")
    if not c.weights_in_label:
        changes["weights_in_label"] = True
        learned.evidence.append(f"一级指标分值印在名称中：{_labels(printed)}")
    learned.conventions = replace(c, **changes)


def _columns(learned: Learned, form: Form, order: tuple[str, ...]) -> None:
    c, table = learned.conventions, form.template.scored_table
    ours = tuple(key for key in c.column_order if key in order)
    if table is None or len(order) < 2 or tuple(order) == ours:
        return
    learned.conventions = replace(c, column_order=tuple(order) + tuple(k for k in c.column_order if k not in order))
    labels = " | ".join(table.column(key).label for key in order)
    learned.evidence.append(f"列的次序与模板不同：{labels}")


def _labels(printed: list[tuple[str, Decimal]]) -> str:
    return "、".join(f"{name}({format_score(weight)}分)" for name, weight in printed)


def _plain(value: Decimal) -> str:
    """10 × 76.19 % = 7.619, exactly, as a clerk would work it out: no rounding, no trailing zeros."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _number(text: str) -> Decimal | None:
    try:
        return parse_number(text.replace("分", ""))
    except NumberError:
        return None


__all__ = ["Learned", "learn_conventions"]
