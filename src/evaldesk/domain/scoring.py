"""Proposed scores: what the issuer's rules give an indicator row, with the rule in words.

The rules are template settings (scoring_settings.py); the defaults are those of SCORING.md:
≥ targets: met → 分值, short → 实际 ÷ 目标 × 分值; ≤ targets: lose points linearly to 0 at twice the
target; ＝0 targets: all or nothing; ranges: full inside, the nearer bound's rule outside; deadlines met
or missed; qualitative results in three bands. A proposal never changes the form: the clerk decides.
"""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from .compute import TableFigures
from .form import Form, Row
from .numbers import format_plain, format_score, round_half_up
from .places import Place, cell_place
from .scoring_settings import Band, ScoringSettings
from .targets import (DEADLINE, EMPTY, NOT_APPLICABLE, QUALITATIVE, QUANTITATIVE, RANGE, UNREADABLE, Reading,
                      normalise, read, shown, write, written_unit)
from .template import TableSpec, Template
from .value import Value

ZERO, ONE, TWO = Decimal(0), Decimal(1), Decimal(2)
WORD_LIMIT = 12  # a longer qualitative actual is a sentence: its band is the clerk's to choose, not a word match


def _short(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"


class Proposal(Value):
    where: Place  # the 得分 cell (or the target cell of a table without scores)
    kind: str  # the target's kind: quantitative, range, deadline, qualitative, not_applicable, empty, unreadable
    target: Reading
    actual: Reading
    score: Decimal | None  # None: no rule applies, and `rule` says why
    rule: str
    band: Band | None = None  # a qualitative result's band: the score must lie in it
    ratio: Decimal | None = None  # actual ÷ target of a quantitative ≥/＝ target (over-completion)

    @property
    def proposed(self) -> str | None:
        return None if self.score is None else format_score(self.score)

    def band_bounds(self, weight: Decimal) -> tuple[Decimal, Decimal]:
        return weight * self.band.low, weight * self.band.high

    def as_dict(self) -> dict:
        return {"where": str(self.where), "proposed": self.proposed, "rule": self.rule, "kind": self.kind,
                "target": _reading_dict(self.target), "actual": _reading_dict(self.actual)}


def _described(reading: Reading) -> str:
    return write(reading) if reading.kind not in (EMPTY, UNREADABLE) else reading.text


def _iso(date: tuple[int, int, int]) -> str:
    """2024-06-30, or --12-31 (ISO 8601's date without a year) for "12月底前"."""
    year, month, day = date
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _reading_dict(reading: Reading) -> dict:
    """A reading for tools: its canonical text and parts (numbers as strings, exactly)."""
    found = {"kind": reading.kind, "text": _described(reading), "operator": reading.operator,
             "number": None if reading.number is None else format_plain(reading.number),
             "high": None if reading.high is None else format_plain(reading.high), "unit": reading.unit,
             "date": None if reading.date is None else _iso(reading.date)}
    if reading.reason:
        found["reason"] = reading.reason
    return found


def scored_columns(template: Template, spec: TableSpec) -> bool:
    """Whether this table's rows are indicators the rules can read (it has the target column)."""
    settings = template.scoring
    return settings.enabled and any(c.key == settings.target_column for c in spec.columns)


def form_proposals(form: Form, tables: dict[str, TableFigures]) -> dict[str, list[Proposal]]:
    """Every indicator row's proposal, per table (tables without a target column have none)."""
    template = form.template
    return {key: [row_proposal(template, table, i) for i in range(len(table.rows))]
            for key, table in tables.items() if scored_columns(template, table.spec)}


def row_proposal(template: Template, table: TableFigures, index: int) -> Proposal:
    settings, spec, row = template.scoring, table.spec, table.rows[index]
    score_key = table.score_key
    where = cell_place(spec.key, index, score_key or settings.target_column)
    weight = table.value(index, table.weight_key) if table.weight_key else None
    nature = row.get(settings.nature_column) if settings.nature_column else ""
    unit = row.get(settings.unit_column) if settings.unit_column else ""
    return Proposal(where, *_outcome(settings, bool(score_key), row.get(settings.target_column), nature, unit,
                                     row.get(settings.actual_column), weight))


@lru_cache(maxsize=16384)
def _outcome(settings: ScoringSettings, scored: bool, target_text: str, nature: str, unit: str, actual_text: str,
             weight: Decimal | None) -> tuple:
    """A proposal's parts from the texts it depends on: rows typed alike share it (a fresh evaluate of a long
    form after one keystroke re-reads one row)."""
    target, actual = _target(target_text, normalise(nature), normalise(unit)), read(actual_text)
    assumed = ""
    if actual.kind == QUANTITATIVE and not actual.unit and target.numeric:
        assumed = written_unit(target_text) or normalise(unit)
        actual = read(_with_unit(actual, assumed)) if assumed else actual
    if not scored:
        return target.kind, target, actual, None, "此表没有得分栏，不提议得分", None, None
    if target.kind == NOT_APPLICABLE:
        return target.kind, target, actual, None, "本指标不适用：不计分，其余指标按比例折算", None, None
    if weight is None:
        return target.kind, target, actual, None, "未填分值，无法计算", None, None
    return (target.kind, target, actual, *_propose(settings, target, actual, weight, assumed))


class MarkedRows:
    """The rows the form-wide rules look at, kept up to date row by row: 不适用 rows per table, and the rows
    of the scored table whose name holds the execution rate's reason (预算执行率)."""

    def __init__(self, form: Form, proposals: dict[str, list[Proposal]]) -> None:
        self.form = form
        scored = form.template.scored_table
        self.scored_key = scored.key if scored is not None else None
        self.name_key = next((c.key for c in scored.columns if c.role == "text"), None) if scored else None
        self.rate_word = form.template.scoring.rate_reason_row
        self.not_applicable: dict[str, set[int]] = {}
        self.rate_rows: set[int] = set()
        for key in proposals:
            self.table_changed(key, proposals[key])

    def table_changed(self, key: str, proposals: list[Proposal]) -> None:
        self.not_applicable[key] = {i for i, p in enumerate(proposals) if p.kind == NOT_APPLICABLE}
        if self._is_scored(key):
            self.rate_rows = {i for i in range(len(proposals)) if self._names_rate(key, i)}

    def row_changed(self, key: str, index: int, proposal: Proposal) -> None:
        marked = self.not_applicable.setdefault(key, set())
        marked.add(index) if proposal.kind == NOT_APPLICABLE else marked.discard(index)
        if self._is_scored(key):
            self.rate_rows.add(index) if self._names_rate(key, index) else self.rate_rows.discard(index)

    def _is_scored(self, key: str) -> bool:
        return key == self.scored_key

    def _names_rate(self, key: str, index: int) -> bool:
        return bool(self.name_key) and self.rate_word in self.form.rows(key)[index].get(self.name_key)


def target_reading(settings: ScoringSettings, row: Row) -> Reading:
    """The 年度指标值, with the 指标性质 and 度量单位 columns where the form prints them separately."""
    nature = normalise(row.get(settings.nature_column)) if settings.nature_column else ""
    unit = normalise(row.get(settings.unit_column)) if settings.unit_column else ""
    return _target(row.get(settings.target_column), nature, unit)


def _target(text: str, nature: str, unit: str) -> Reading:
    if nature in ("不适用", "10"):
        return Reading(NOT_APPLICABLE)
    if nature in ("定性", "6"):
        return Reading(QUALITATIVE, text=normalise(text)) if normalise(text) else Reading(EMPTY)
    if nature in ("定量(其他)", "9"):
        return Reading(UNREADABLE, text=normalise(text), reason="指标性质为“定量（其他）”，不与数值比较")
    operator = {"1": "≥", "2": ">", "3": "=", "4": "<", "5": "≤", "正向": "≥", "反向": "≤"}.get(nature, nature)
    reading = read(text)
    if operator in ("≥", ">", "=", "<", "≤") and reading.kind == QUANTITATIVE and not reading.operator:
        reading = read(operator + normalise(text))
    if unit and reading.kind in (QUANTITATIVE, RANGE) and not reading.unit:
        reading = read(_with_unit(reading, unit))
    return reading


def actual_reading(settings: ScoringSettings, row: Row) -> Reading:
    return read(row.get(settings.actual_column))


def _with_unit(reading: Reading, unit: str) -> str:
    if reading.kind == RANGE:
        return write(reading).replace("~", f"{unit}~") + unit
    return write(reading).replace(reading.text, "") + unit + reading.text


# ------------------------------------------------------------------------------------------- rules

Outcome = tuple[Decimal | None, str, Band | None, Decimal | None]


def _propose(settings: ScoringSettings, target: Reading, actual: Reading, weight: Decimal, assumed: str = "") -> Outcome:
    """`assumed`: the unit a bare actual was read in, the target's as written (38.6 against ≥35万人次)."""
    if target.kind == EMPTY:
        return None, "未填年度指标值，无法提议得分", None, None
    if target.kind == UNREADABLE:
        return None, f"年度指标值读不懂：{target.reason}", None, None
    if actual.kind == EMPTY:
        return None, "未填实际完成值，无法提议得分", None, None
    if actual.kind == UNREADABLE:
        return None, f"实际完成值读不懂：{actual.reason}", None, None
    if target.kind == QUALITATIVE:
        return _qualitative(settings, target, actual, weight)
    if target.kind == DEADLINE:
        return _deadline(settings, target, actual, weight)
    return _numeric(settings, target, actual, weight, assumed)


def _numeric(settings: ScoringSettings, target: Reading, actual: Reading, weight: Decimal, assumed: str) -> Outcome:
    if actual.kind != QUANTITATIVE:
        return None, f"年度指标值是数值，实际完成值“{_described(actual)}”不是，无法比较", None, None
    unit = target.unit or actual.unit
    if actual.unit and target.unit and actual.unit != target.unit:
        return None, f"单位不同（目标 {target.unit}，实际 {actual.unit}），无法比较", None, None
    note = f"（实际值未写单位，按 {assumed} 计）" if assumed else ""
    a = max(actual.number, ZERO)
    if target.kind == RANGE:
        return _range(settings, target, actual, a, unit, weight, note)
    operator = target.operator or ("" if settings.bare_operator == "none" else settings.bare_operator)
    if not operator:
        return None, "年度指标值没有写 ≥、≤ 或 ＝，无法判断方向", None, None
    if not target.operator:
        note += f"（目标未写符号，按 {operator} 计）"
    t = target.number
    if actual.operator and actual.operator != "=":
        return _bounded_actual(operator, t, actual, unit, weight, note)
    if operator in ("≥", ">") or operator == "=" and t > 0:
        score, rule = _at_least(settings, operator, t, a, unit, weight)
        return score, rule + note, None, a / t if t > 0 else None
    if operator == "=":  # ＝0: nothing may happen
        met = a <= 0
        return (weight if met else ZERO), f"目标 ＝0，实际 {shown(a, unit)}：{'满分' if met else '0 分'}{note}", None, None
    score, rule = _at_most(settings, operator, t, a, unit, weight)
    return score, rule + note, None, None


def _at_least(settings: ScoringSettings, operator: str, t: Decimal, a: Decimal, unit: str, weight: Decimal):
    met = a > t or a == t and operator != ">"
    if met or t <= 0:
        return weight, f"实际 {shown(a, unit)} {operator} 目标 {shown(t, unit)}，达到目标：满分 {format_score(weight)}"
    score = _rounded(settings, a / t * weight)
    return score, f"{shown(a, unit)} ÷ {shown(t, unit)} × {format_score(weight)} = {_fixed(settings, score)}"


def _at_most(settings: ScoringSettings, operator: str, t: Decimal, a: Decimal, unit: str, weight: Decimal):
    met = a < t or a == t and operator != "<"
    if met:
        return weight, f"实际 {shown(a, unit)} {operator} 目标 {shown(t, unit)}，达到目标：满分 {format_score(weight)}"
    if t <= 0:
        return ZERO, f"目标 {operator}{shown(t, unit)}，实际 {shown(a, unit)}：0 分"
    if settings.at_most_rule == "ratio":
        score = _rounded(settings, t / a * weight)
        return score, f"{shown(t, unit)} ÷ {shown(a, unit)} × {format_score(weight)} = {_fixed(settings, score)}"
    if a >= TWO * t:
        return ZERO, f"实际 {shown(a, unit)} 达到目标 {shown(t, unit)} 的 2 倍或以上：0 分"
    score = _rounded(settings, (ONE - (a - t) / t) * weight)
    return score, (f"(1 − ({shown(a, unit)} − {shown(t, unit)}) ÷ {shown(t, unit)}) × {format_score(weight)}"
                   f" = {_fixed(settings, score)}")


def _range(settings, target: Reading, actual: Reading, a: Decimal, unit: str, weight: Decimal, note: str) -> Outcome:
    low, high = target.number, target.high
    if actual.operator and actual.operator != "=":
        return None, f"实际值“{_described(actual)}”只给出一个界限，无法与区间比较", None, None
    if low <= a <= high:
        return weight, f"实际 {shown(a, unit)} 在 {shown(low, unit)}–{shown(high, unit)} 之内：满分 {format_score(weight)}{note}", None, None
    if a < low:
        score, rule = _at_least(settings, "≥", low, a, unit, weight)
    else:
        score, rule = _at_most(settings, "≤", high, a, unit, weight)
    return score, f"区间 {shown(low, unit)}–{shown(high, unit)} 之外，按较近的界限：{rule}{note}", None, None


def _bounded_actual(operator: str, t: Decimal, actual: Reading, unit: str, weight: Decimal, note: str) -> Outcome:
    """An actual typed as a bound (">20次"): full marks where the bound settles it, else no proposal."""
    bound, side = actual.number, actual.operator
    upward = side in (">", "≥")
    if operator in ("≥", ">", "=") and upward and (bound > t or bound == t and (operator != ">" or side == ">")):
        return weight, f"实际 {side}{shown(bound, unit)}，不低于目标 {shown(t, unit)}：满分 {format_score(weight)}{note}", None, None
    if operator in ("≤", "<") and not upward and (bound < t or bound == t and (operator != "<" or side == "<")):
        return weight, f"实际 {side}{shown(bound, unit)}，不高于目标 {shown(t, unit)}：满分 {format_score(weight)}{note}", None, None
    return None, f"实际值“{_described(actual)}”只给出一个界限，无法算出得分；请填写实际数值", None, None


def _deadline(settings: ScoringSettings, target: Reading, actual: Reading, weight: Decimal) -> Outcome:
    if actual.kind == DEADLINE:
        met = _on_time(target.date, actual.date)
        what = f"实际 {_described(actual)}，期限 {_described(target)}"
    elif actual.kind == QUALITATIVE and len(actual.text) <= WORD_LIMIT:
        band = _band_of(settings, "", actual.text)
        if band is None:
            return None, f"期限指标：不能从“{actual.text}”判断是否按期，请填写完成日期或自行评分", None, None
        met = band is settings.bands[0]
        what = f"实际“{actual.text}”"
    else:
        return None, f"年度指标值是期限，实际完成值“{_described(actual)}”不是日期，无法比较", None, None
    if met:
        return weight, f"{what}：按期完成，满分 {format_score(weight)}", None, None
    score = _rounded(settings, weight * settings.deadline_missed)
    return score, f"{what}：未按期完成，{format_score(weight)} × {format_score(settings.deadline_missed * 100)}% = {_fixed(settings, score)}", None, None


def _on_time(deadline: tuple[int, int, int], done: tuple[int, int, int]) -> bool:
    if deadline[0] and done[0]:
        return done <= deadline
    return done[1:] <= deadline[1:]


def _qualitative(settings: ScoringSettings, target: Reading, actual: Reading, weight: Decimal) -> Outcome:
    if actual.kind != QUALITATIVE:
        return None, f"年度指标值是定性的“{target.text}”，实际完成值“{_described(actual)}”是数值，无法对应档次；请自选档次评分", None, None
    if len(actual.text) > WORD_LIMIT:
        return None, f"定性指标：实际完成值是一段说明，不能从中判断档次（目标“{_short(target.text)}”），请自选档次评分", None, None
    band = _band_of(settings, target.text, actual.text)
    if band is None:
        return None, f"定性指标：不能从“{actual.text}”判断档次（目标“{target.text}”），请自选档次评分", None, None
    low, high = weight * band.low, weight * band.high
    score = _rounded(settings, weight * band.point)
    rule = (f"“{actual.text}”→ {band.name}（分值的 {format_score(band.low * 100)}%–{format_score(band.high * 100)}%）："
            f"得分应在 {format_score(low)}–{format_score(high)} 之间；建议 {format_score(weight)} × "
            f"{format_score(band.point * 100)}% = {_fixed(settings, score)}")
    return score, rule, band, None


def _band_of(settings: ScoringSettings, target: str, actual: str) -> Band | None:
    """The band an actual qualitative value falls in: as the target or an achieved word → the top band;
    a word of a lower band (比较、基本 → partly; 不、未、差 → not achieved) → that band; otherwise unknown."""
    if actual == target:
        return settings.bands[0]
    for band in reversed(settings.bands[1:]):
        if any(word in actual and word not in target for word in band.words):
            return band
    if target and target in actual or any(word in actual for word in settings.achieved_words):
        return settings.bands[0]
    return None


def _rounded(settings: ScoringSettings, value: Decimal) -> Decimal:
    return round_half_up(value, settings.step)


def _fixed(settings: ScoringSettings, value: Decimal) -> str:
    return f"{round_half_up(value, settings.step):f}"


__all__ = ["MarkedRows", "Proposal", "form_proposals", "row_proposal", "scored_columns", "target_reading", "actual_reading"]
