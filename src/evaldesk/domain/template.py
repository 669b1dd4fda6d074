"""Templates: the data that describes one official form — its fields, tables, layout and rules.

A template is read from a JSON file (see resources/templates/) and validated here, so that a broken
template gives one clear sentence instead of a traceback. Nothing in this module knows a file format.
"""
from __future__ import annotations

from decimal import Decimal

from .layout import Block, LayoutError, read_blocks
from .numbers import RATE_DECIMALS, RATE_ROUNDINGS, SCORE_DECIMALS, format_score, setting_number
from .scoring_settings import ScoringSettings, read_scoring
from .value import Fresh, Value, replace

TYPE_CHECKING = False  # typing itself is not imported at run time: `evaldesk check` does without it
if TYPE_CHECKING:
    from typing import Any

FIELD_TYPES = ("text", "longtext", "money", "date", "yesno", "choice", "number")
FAMILIES = ("selfeval", "selfassess", "declaration", "declaration-2021", "goals", "monitor", "dept-selfeval",
            "dept-selfeval-cq")
AMOUNT_UNITS = ("元", "万元")
BUDGET_RULES = ("proportional", "full_at_threshold", "none")
SCORE_BASES = ("ratio", "printed_rate")  # the budget score from the exact ratio, or from the rate as printed
COLUMN_ROLES = ("level1", "level2", "text", "weight", "score", "deviation", "money", "rate",
                "goal", "ratio", "weighted", "coefficient")
LEVEL_ROLES = ("level1", "level2")
FIGURE_ROLES = ("weight", "score", "ratio", "weighted")  # numbers that the totals add up
# A goals table (部门整体支出绩效自评表): each row a goal named in the indicator table's 一级 column, with its
# 权重比例 (ratio) and its weighted score (weighted: the goal's indicator scores × 权重比例 ÷ 100, derived).
# A table with a 得分系数 (coefficient, in %) column derives each row's score: 得分系数 × 分值.


class TemplateError(ValueError):
    """A template that cannot be used; the message says what is wrong, in Chinese."""


class FieldSpec(Value):
    key: str
    label: str
    type: str = "text"
    required: bool = False
    options: tuple[str, ...] = ()
    multiple: bool = False
    prefill: str = ""  # a settings key whose value prefills the field in a new form (e.g. organisation)


class ColumnSpec(Value):
    """A column of a table or of the funds block. Its role says what it holds (a category level, a
    weight, a score, an amount, a rate, a deviation reason, plain text); `long` whether it holds
    paragraphs (resolved when read: a deviation column is long unless the template says otherwise)."""
    key: str
    label: str
    role: str = "text"
    span: int = 1
    long: bool = False
    derived: bool = False  # computed, never typed (a goal's weighted score; a score from 得分系数 × 分值)
    choices: tuple[str, ...] = ()  # the only texts the cell may hold (完成目标可能性: 确定能 / 有可能 / 不可能)
    reason_when: tuple[str, ...] = ()  # a cell holding one of these (有可能, 不可能) asks for the reason_fields
    reason_fields: tuple[str, ...] = ()  # fields to explain it in (偏差原因, 纠偏措施)

    @property
    def is_level(self) -> bool:
        return self.role in LEVEL_ROLES

    @property
    def short_label(self) -> str:
        """The label without the choices it lists: 完成目标可能性（确定能、有可能、不可能） → 完成目标可能性."""
        return self.label.split("（")[0] if self.choices and self.label.endswith("）") else self.label

    @property
    def is_figure(self) -> bool:
        return self.role in FIGURE_ROLES


class Category(Value):
    name: str
    weight: Decimal | None = None
    children: tuple[str, ...] = ()


class TableSpec(Value):
    key: str
    columns: tuple[ColumnSpec, ...]
    section_label: str = ""
    caption: str = ""
    categories: tuple[Category, ...] = ()
    total_weight: Decimal | None = None
    total_label: str = ""
    total_span: int = 0
    group_label: str = "{name}"
    default_rows: tuple[dict[str, str], ...] = ()
    sum_of: str = ""  # a money field the rows' money column must add up to (Form C sub-budgets)
    goals_of: str = ""  # a goals table: the table whose 一级 groups are its goals, by name

    @property
    def derives_scores(self) -> bool:
        """Each row's score is 得分系数 × 分值, not typed (Chongqing's 部门整体支出绩效自评表)."""
        return self.key_of("coefficient") is not None

    def column(self, key: str) -> ColumnSpec:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def key_of(self, role: str) -> str | None:
        return next((c.key for c in self.columns if c.role == role), None)

    @property
    def choice_columns(self) -> tuple[ColumnSpec, ...]:
        return tuple(c for c in self.columns if c.choices)

    @property
    def levels(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns if c.is_level)

    @property
    def width(self) -> int:
        return sum(c.span for c in self.columns) + (1 if self.section_label else 0)


class FundsSpec(Value):
    """The funds block: a label over its rows, a blank corner, money columns and the derived columns
    (weight, rate, score) that only the scored row fills."""
    label: str
    columns: tuple[ColumnSpec, ...]
    rows: tuple[ColumnSpec, ...]
    weight: Decimal
    label_span: int = 1
    scored_row: str = ""  # the row whose rate and score are shown (年度资金总额); resolved when read

    @property
    def width(self) -> int:
        return self.label_span + 1 + sum(c.span for c in self.columns)

    def is_scored(self, row: str) -> bool:
        return row == self.scored_row


class SumSpec(Value):
    """Amounts that make up a total: value references ("field.annual_total"; "funds.total", a funds row,
    in each money column). Complete parts add up to the total; partial ones (其中) only never exceed it."""
    total: str
    parts: tuple[str, ...]
    complete: bool = True


class RateSpec(Value):
    executed: str  # a value reference: "funds.total.executed" or "field.executed"
    budget: str
    rounding: str = "half_up"
    decimals: int = 2  # of the printed percentage


class BudgetScoreSpec(Value):
    rule: str = "proportional"
    counts_in_total: bool = True
    threshold: Decimal | None = None
    decimals: int = 2  # the score kept to 0, 1 or 2 decimals, half up
    basis: str = "ratio"
    capped: bool = True  # never above the row's 分值 (national text); some systems print 10 × 执行率 uncapped


class GradeBand(Value):
    minimum: Decimal
    label: str
    includes_minimum: bool = True  # 90 → 优 (90–100); False: 90 still 良 (75–90], the band starts above 90


class Template(Value, uncompared=("source",)):  # the JSON it was read from
    id: str
    version: int
    name: str
    family: str
    title: str
    columns: tuple[Decimal, ...]
    amount_unit: str
    fields: tuple[FieldSpec, ...]
    blocks: tuple[Block, ...] = ()
    tables: tuple[TableSpec, ...] = ()
    funds: FundsSpec | None = None
    execution_rate: RateSpec | None = None
    budget_score: BudgetScoreSpec | None = None
    grade_bands: tuple[GradeBand, ...] = ()
    notes: str = ""
    signature: tuple[str, ...] = ()
    description: str = ""
    scoring: ScoringSettings = ScoringSettings()
    sums: tuple[SumSpec, ...] = ()
    source: dict[str, Any] = Fresh(dict)

    def field(self, key: str) -> FieldSpec:
        for spec in self.fields:
            if spec.key == key:
                return spec
        raise KeyError(key)

    def has_field(self, key: str) -> bool:
        return any(spec.key == key for spec in self.fields)

    def table(self, key: str) -> TableSpec:
        for spec in self.tables:
            if spec.key == key:
                return spec
        raise KeyError(key)

    @property
    def scored_table(self) -> TableSpec | None:
        return next((t for t in self.tables if t.key_of("weight")), None)

    @property
    def width(self) -> int:
        return len(self.columns)


# ---------------------------------------------------------------------------------------- reading


def _require(data: dict, key: str, kind: type | tuple, where: str) -> Any:
    if key not in data:
        raise TemplateError(f"{where}缺少“{key}”")
    value = data[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise TemplateError(f"{where}的“{key}”类型不对")
    return value


def _decimal(value: Any, where: str) -> Decimal:
    return setting_number(value, where, TemplateError)


def _choice(value: Any, allowed: tuple, where: str) -> Any:
    if value not in allowed or isinstance(value, bool):
        raise TemplateError(f"{where}只能是 {'、'.join(map(str, allowed))} 之一，而不是 {value!r}")
    return value


def _column(data: dict, where: str) -> ColumnSpec:
    return ColumnSpec(
        key=_require(data, "key", str, where),
        label=_require(data, "label", str, where),
        role=_choice(data.get("role", "text"), COLUMN_ROLES, f"{where}的 role"),
        span=_positive(data.get("span", 1), f"{where}的 span"),
        long=bool(data.get("long", data.get("role") == "deviation")),
        choices=_texts(data.get("choices", []), f"{where}的 choices"),
        reason_when=_texts(data.get("reason", {}).get("when", []), f"{where}的 reason.when"),
        reason_fields=_texts(data.get("reason", {}).get("fields", []), f"{where}的 reason.fields"),
    )


def _texts(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TemplateError(f"{where}应是非空文字的列表")
    return tuple(value)


def _positive(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise TemplateError(f"{where}应为正整数")
    return value


def _field(data: dict, index: int) -> FieldSpec:
    where = f"第 {index + 1} 个字段"
    spec = FieldSpec(
        key=_require(data, "key", str, where),
        label=_require(data, "label", str, where),
        type=_choice(data.get("type", "text"), FIELD_TYPES, f"{where}的 type"),
        required=bool(data.get("required", False)),
        options=tuple(data.get("options", ())),
        multiple=bool(data.get("multiple", False)),
        prefill=str(data.get("prefill", "")),
    )
    if spec.type == "choice" and not spec.options:
        raise TemplateError(f"字段“{spec.key}”是选择框，但没有给出 options")
    return spec


def _category(data: dict, where: str) -> Category:
    weight = data.get("weight")
    return Category(
        name=_require(data, "name", str, where),
        weight=None if weight is None else _decimal(weight, f"{where}的 weight"),
        children=tuple(data.get("children", ())),
    )


def _table(data: dict, index: int) -> TableSpec:
    where = f"第 {index + 1} 个表格"
    columns = tuple(_column(c, f"{where}第 {i + 1} 列") for i, c in enumerate(_require(data, "columns", list, where)))
    coefficient = any(c.role == "coefficient" for c in columns)
    columns = tuple(replace(c, derived=True) if c.role == "weighted" or c.role == "score" and coefficient else c
                    for c in columns)
    total = data.get("total_weight")
    return TableSpec(
        key=_require(data, "key", str, where),
        columns=columns,
        section_label=str(data.get("section_label", "")),
        caption=str(data.get("caption", "")),
        categories=tuple(_category(c, f"{where}的分类") for c in data.get("categories", ())),
        total_weight=None if total is None else _decimal(total, f"{where}的 total_weight"),
        total_label=str(data.get("total_label", "")),
        total_span=int(data.get("total_span", 0)),
        group_label=str(data.get("group_label", "{name}")),
        default_rows=tuple(dict(r) for r in data.get("default_rows", ())),
        sum_of=str(data.get("sum_of", "")),
        goals_of=str(data.get("goals_of", "")),
    )


def _funds(data: dict) -> FundsSpec:
    where = "资金表"
    rows = tuple(_column(r, f"{where}的行") for r in _require(data, "rows", list, where))
    if not rows:
        raise TemplateError(f"{where}没有行")
    scored = str(data.get("scored_row", rows[0].key))
    if scored not in [r.key for r in rows]:
        raise TemplateError(f"{where}的 scored_row 指向不存在的行“{scored}”")
    return FundsSpec(
        label=_require(data, "label", str, where),
        columns=tuple(_column(c, f"{where}的列") for c in _require(data, "columns", list, where)),
        rows=rows,
        weight=_decimal(data.get("weight", "10"), f"{where}的 weight"),
        label_span=_positive(data.get("label_span", 1), f"{where}的 label_span"),
        scored_row=scored,
    )


def template_from_dict(data: Any) -> Template:
    """Build and check a Template; raises TemplateError with a sentence a clerk can pass on."""
    if not isinstance(data, dict):
        raise TemplateError("模板文件的内容应是一个 JSON 对象")
    try:
        template = _template(data)
        _check_consistency(template)
        template = replace(template, blocks=read_blocks(template, _require(data, "layout", list, "模板")))
    except LayoutError as error:
        raise TemplateError(str(error)) from None
    except TemplateError:
        raise
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        # A list where an object belongs, "2" where a number belongs: one sentence, never a traceback.
        raise TemplateError(f"模板的内容结构不正确（{type(error).__name__}: {error}）") from None
    return template


def _template(data: dict) -> Template:
    where = "模板"
    rate = data.get("execution_rate")
    score = data.get("budget_score")
    return Template(
        id=_require(data, "id", str, where),
        version=_positive(_require(data, "version", int, where), "模板的 version"),
        name=_require(data, "name", str, where),
        family=_choice(_require(data, "family", str, where), FAMILIES, "模板的 family"),
        title=_require(data, "title", str, where),
        columns=tuple(_decimal(w, "模板的列宽") for w in _require(data, "columns", list, where)),
        amount_unit=_choice(data.get("amount_unit", "元"), AMOUNT_UNITS, "模板的 amount_unit"),
        fields=tuple(_field(f, i) for i, f in enumerate(_require(data, "fields", list, where))),
        tables=tuple(_table(t, i) for i, t in enumerate(data.get("tables", ()))),
        funds=_funds(data["funds"]) if "funds" in data else None,
        execution_rate=None if rate is None else RateSpec(
            executed=_require(rate, "executed", str, "执行率"),
            budget=_require(rate, "budget", str, "执行率"),
            rounding=_choice(rate.get("rounding", "half_up"), RATE_ROUNDINGS, "执行率的 rounding"),
            decimals=_choice(rate.get("decimals", 2), RATE_DECIMALS, "执行率的 decimals"),
        ),
        budget_score=None if score is None else BudgetScoreSpec(
            rule=_choice(score.get("rule", "proportional"), BUDGET_RULES, "预算得分的 rule"),
            counts_in_total=bool(score.get("counts_in_total", True)),
            threshold=None if score.get("threshold") is None else _decimal(score["threshold"], "预算得分的 threshold"),
            decimals=_choice(score.get("decimals", 2), SCORE_DECIMALS, "预算得分的 decimals"),
            basis=_choice(score.get("basis", "ratio"), SCORE_BASES, "预算得分的 basis"),
            capped=bool(score.get("capped", True)),
        ),
        grade_bands=tuple(
            GradeBand(_decimal(b.get("min"), "等级的 min"), _require(b, "label", str, "等级"),
                      bool(b.get("min_included", True)))
            for b in data.get("grade_bands", ())
        ),
        notes=str(data.get("notes", "")),
        signature=tuple(str(s) for s in data.get("signature", ())),
        description=str(data.get("description", "")),
        scoring=read_scoring(data.get("scoring"), TemplateError),
        sums=_sums(data),
        source=data,
    )


def _sums(data: dict) -> tuple[SumSpec, ...]:
    """The template's "sums"; without them, a funds block's first row is the total of the others (the
    rule of every funds block before sums were data)."""
    if "sums" not in data:
        rows = [r.get("key") for r in data.get("funds", {}).get("rows", ())]
        return (SumSpec(f"funds.{rows[0]}", tuple(f"funds.{r}" for r in rows[1:])),) if len(rows) > 1 else ()
    where = "模板的 sums"
    return tuple(SumSpec(_require(s, "total", str, where), _texts(_require(s, "parts", list, where), f"{where}的 parts"),
                         bool(s.get("complete", True))) for s in _require(data, "sums", list, "模板"))


def _check_consistency(t: Template) -> None:
    keys = [f.key for f in t.fields]
    if len(set(keys)) != len(keys):
        raise TemplateError("字段的 key 有重复")
    if t.width < 1:
        raise TemplateError("模板没有列（columns 为空）")
    if t.budget_score and t.budget_score.rule == "full_at_threshold" and t.budget_score.threshold is None:
        raise TemplateError("预算得分规则 full_at_threshold 需要 threshold")
    if t.budget_score and t.budget_score.rule != "none" and not t.execution_rate:
        raise TemplateError("有预算得分规则，却没有执行率的定义")
    for ref in (t.execution_rate.executed, t.execution_rate.budget) if t.execution_rate else ():
        _check_ref(t, ref)
    for total in t.sums:
        for ref in (total.total, *total.parts):
            _check_ref(t, ref, whole_row=True)
    try:
        check_grade_bands([(b.label, b.minimum) for b in t.grade_bands])
    except TemplateError as error:
        raise TemplateError(f"等级（grade_bands）：{error}") from None
    for table in t.tables:
        if table.width != t.width:
            raise TemplateError(f"表格“{table.key}”共占 {table.width} 列，与模板的 {t.width} 列不符")
        try:
            table.group_label.format(name="", weight="")
        except (KeyError, IndexError, ValueError):
            raise TemplateError(f"表格“{table.key}”的 group_label 只能含 {{name}} 和 {{weight}}，而不是“{table.group_label}”") from None
        for column in table.columns:
            missing = next((key for key in column.reason_fields if not t.has_field(key)), None)
            if missing is not None:
                raise TemplateError(f"表格“{table.key}”的“{column.label}”要求在不存在的字段“{missing}”中说明原因")
        if table.sum_of and not t.has_field(table.sum_of):
            raise TemplateError(f"表格“{table.key}”的 sum_of 指向不存在的字段“{table.sum_of}”")
        if table.goals_of:
            _check_goals(t, table)


def _check_goals(t: Template, goals: TableSpec) -> None:
    """A goals table names its goals in one column, weighs them (权重比例) and shows their weighted score;
    the indicator table it weighs groups its rows by goal (一级) and scores them."""
    where = f"目标表“{goals.key}”"
    for role, what in (("goal", "目标名称（goal）"), ("ratio", "权重比例（ratio）"), ("weighted", "加权得分（weighted）")):
        if goals.key_of(role) is None:
            raise TemplateError(f"{where}缺少{what}列")
    indicators = next((table for table in t.tables if table.key == goals.goals_of), None)
    if indicators is None or indicators is goals:
        raise TemplateError(f"{where}的 goals_of 指向不存在的表格“{goals.goals_of}”")
    if not indicators.key_of("level1") or not indicators.key_of("score"):
        raise TemplateError(f"{where}所指的表格“{indicators.key}”应有一级（目标）列和得分列")


def check_grade_bands(bands: list[tuple[str, Decimal]]) -> None:
    """Grade bands, highest first, each by its name and its lower bound (优 90, 良 80, 中 60, 差 0): named,
    each name once, bounds from 0 to 100 and falling, so that no two bands overlap."""
    names = set()
    for index, (name, minimum) in enumerate(bands):
        if not name.strip():
            raise TemplateError(f"第 {index + 1} 档等级没有名称")
        if name in names:
            raise TemplateError(f"等级“{name}”出现了两次")
        names.add(name)
        if not Decimal(0) <= minimum <= Decimal(100):
            raise TemplateError(f"“{name}”的下限 {format_score(minimum)} 分应在 0 到 100 分之间")
        if index and minimum >= bands[index - 1][1]:
            above, bound = bands[index - 1]
            raise TemplateError(f"等级应从高到低排列：“{name}”的下限 {format_score(minimum)} 分不低于上一档"
                                f"“{above}”的下限 {format_score(bound)} 分，两档重叠")


def _check_ref(t: Template, ref: str, whole_row: bool = False) -> None:
    """A value reference names a field or a funds cell (with whole_row, also a funds row: "funds.total")."""
    parts = ref.split(".")
    if parts[0] == "field" and len(parts) == 2 and t.has_field(parts[1]):
        return
    if parts[0] == "funds" and len(parts) in ((2, 3) if whole_row else (3,)) and t.funds:
        if any(r.key == parts[1] for r in t.funds.rows) and (
                len(parts) == 2 or any(c.key == parts[2] for c in t.funds.columns)):
            return
    raise TemplateError(f"引用“{ref}”找不到对应的字段或资金格")
