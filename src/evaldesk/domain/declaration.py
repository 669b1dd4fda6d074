"""From a 绩效目标申报表 (Form C) to the matching 自评表 (Form A) a year later.

The draft carries the project, unit, year, budget, the annual goal as 预期目标, and every 分解目标
indicator with its target, placed under the self-evaluation's 一级/二级 categories. Weights are
proposals from the template (or the national rule: 产出 50, 效益 30, 满意度 10, the budget row 10) for
the clerk to adjust. Each indicator keeps the target as declared (`declared_target`) beside the one the
clerk may change, and form.meta["declaration"] records which declaration the form came from.
"""
from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from .form import DECLARED_TARGET, Form, Row
from .numbers import CENT, NumberError, TEN_THOUSAND, format_plain, parse_amount, round_to
from .template import TableSpec, Template
from .value import Value

# Self-evaluation field ← declaration field.
FIELD_MAP = (("year", "year"), ("project_name", "project_name"), ("department", "applicant"),
             ("implementer", "applicant"), ("goal_expected", "annual_goals"))
# The declaration's 分解目标 group → the self-evaluation's 一级 and the usual 二级 under it.
GROUP_MAP = (("满意", "满意", "满意"), ("产出", "产出", "数量"), ("投入", "产出", "质量"),
             ("效益", "效益", "社会"), ("效果", "效益", "社会"), ("影响", "效益", "可持续"))
# Words in an indicator's name that say better where it belongs: (words, 一级, 二级); 一级 None = any.
NAME_RULES = (
    (("满意",), "满意", "满意"),
    (("时效", "及时", "进度", "时限"), "产出", "时效"),
    (("成本", "经费", "费用", "单价"), "产出", "成本"),
    (("质量", "达标", "合格", "优良", "验收", "准确"), "产出", "质量"),
    (("经济",), "效益", "经济"),
    (("生态", "环保", "节能", "减排", "绿色"), "效益", "生态"),
    (("可持续", "长效", "长期"), "效益", "可持续"),
    (("社会",), "效益", "社会"),
)
# The national rule's category weights, when a template names none (财预〔2020〕10号).
NATIONAL_WEIGHTS = (("产出", Decimal(50)), ("效益", Decimal(30)), ("满意", Decimal(10)))


class DeclarationError(ValueError):
    """A declaration that cannot become a self-evaluation, or a template that cannot take it."""


class DeclaredIndicator(Value):
    group: str  # 投入和管理目标, 产出目标, … (or 产出指标 in a declaration laid out like the national grid)
    name: str
    target: str
    subgroup: str = ""  # its 二级 (数量指标 …), where the declaration has one


def declared_indicators(declaration: Form) -> list[DeclaredIndicator]:
    table = _goals_table(declaration.template)
    name_key, target_column = table.key_of("text"), target_key(table)
    level1, level2 = (*table.levels, "")[:2]
    return [DeclaredIndicator(row.get(level1).strip(), row.get(name_key).strip(), row.get(target_column),
                              row.get(level2).strip() if level2 else "")
            for row in declaration.rows(table.key) if row.get(name_key).strip() or row.get(target_column).strip()]


def self_evaluation_draft(declaration: Form, template: Template, source: str = "") -> Form:
    """A new self-evaluation from a declaration; `source` is the declaration's file, recorded in meta."""
    if declaration.template.family != "declaration":
        raise DeclarationError(f"“{declaration.template.name}”不是绩效目标申报表，无法据此生成自评表。")
    if template.family != "selfeval" or template.scored_table is None:
        raise DeclarationError(f"模板“{template.name}”不是财政项目支出绩效自评表，请选择自评表模板。")
    form = Form(template=template, amount_unit=template.amount_unit)
    for target, origin in FIELD_MAP:
        if template.has_field(target) and declaration.text(origin).strip():
            form.fields[target] = declaration.text(origin)
    form.funds = _funds(declaration, template)
    table = template.scored_table
    form.tables = {spec.key: [] for spec in template.tables}
    form.tables[table.key] = indicator_rows(declared_indicators(declaration), table)
    form.meta["declaration"] = {
        "file": source, "project_name": declaration.project_name, "year": declaration.text("year"),
        "indicators": len(declared_indicators(declaration)), "weights": "proposed",
    }
    return form


def _goals_table(template: Template) -> TableSpec:
    table = next((t for t in template.tables if t.levels and target_key(t) and t.key_of("text")), None)
    if table is None:
        raise DeclarationError(f"“{template.name}”中没有分解目标表。")
    return table


def target_key(table: TableSpec) -> str | None:
    return next((c.key for c in table.columns if c.key == "target" or "目标值" in c.label or "指标值" in c.label), None)


def _funds(declaration: Form, template: Template) -> dict[str, dict[str, str]]:
    """The year's budget as 年初预算数 and, until adjusted, 全年预算数, in the template's unit; a budget
    that is no number (“四百万”, 27 digits) comes over as typed, for the check to point out, not lost."""
    if template.funds is None or template.execution_rate is None or not template.execution_rate.budget.startswith("funds."):
        return {}
    amount = _budget_in(declaration, template.amount_unit)
    if not amount:
        return {}
    _, row, annual = template.execution_rate.budget.split(".")
    executed = template.execution_rate.executed.split(".")[-1]
    initial = [c.key for c in template.funds.columns if c.role == "money" and c.key not in (annual, executed)]
    return {row: {key: amount for key in (*initial[:1], annual)}}


def _budget_in(declaration: Form, unit: str) -> str:
    typed = declaration.text("annual_budget")
    try:
        value = parse_amount(typed, declaration.amount_unit)
    except NumberError:
        return typed.strip()
    if value is None:
        return ""
    yuan = value * TEN_THOUSAND if declaration.amount_unit == "万元" else value
    return format_plain((yuan / TEN_THOUSAND if unit == "万元" else yuan).normalize())


# ------------------------------------------------------------------------------- the indicator grid


def indicator_rows(indicators: list[DeclaredIndicator], table: TableSpec) -> list[Row]:
    """Rows under the table's categories (in the template's order), targets carried, weights proposed."""
    placed = [(place_indicator(item, table), item) for item in indicators]
    order = _category_order(table)
    placed.sort(key=lambda pair: order.get(pair[0], (len(order), 0)))
    level1, level2 = (table.levels + ("", ""))[:2]
    name_key, target_column = table.key_of("text"), target_key(table)
    rows = []
    for (first, second), item in placed:
        values = {level1: first, name_key: item.name, DECLARED_TARGET: item.target}
        if level2:
            values[level2] = second
        if target_column:
            values[target_column] = item.target
        rows.append(Row({k: v for k, v in values.items() if k}))
    _add_empty_categories(rows, table)
    propose_weights(rows, table)
    return rows


def place_indicator(item: DeclaredIndicator, table: TableSpec) -> tuple[str, str]:
    """(一级, 二级) in this table for a declared indicator: by its name's words, else by its group."""
    group = next(((first, second) for word, first, second in GROUP_MAP if word in item.group), None)
    for words, first, second in NAME_RULES:
        if any(w in item.name for w in words) and (group is None or first in (group[0], "满意")):
            group = (first, second)
            break
    if not table.categories:
        return item.group, ""
    if group is None:
        return table.categories[0].name, next(iter(table.categories[0].children), "")
    category = next((c for c in table.categories if group[0] in c.name), table.categories[0])
    declared = item.subgroup.removesuffix("指标")  # the declaration's own 二级, when it has one, comes first
    child = next((c for c in category.children if declared and declared in c), None) \
        or next((c for c in category.children if group[1] in c), next(iter(category.children), ""))
    return category.name, child


def _category_order(table: TableSpec) -> dict[tuple[str, str], tuple[int, int]]:
    order = {}
    for i, category in enumerate(table.categories):
        order[(category.name, "")] = (i, 0)
        for j, child in enumerate(category.children):
            order[(category.name, child)] = (i, j)
    return order


def _add_empty_categories(rows: list[Row], table: TableSpec) -> None:
    """A category the declaration has nothing for still gets one empty row, so its weight has a place."""
    level1 = table.levels[0] if table.levels else ""
    level2 = table.levels[1] if len(table.levels) > 1 else ""
    for index, category in enumerate(table.categories):
        if any(row.get(level1) == category.name for row in rows):
            continue
        values = {level1: category.name}
        if level2 and category.children:
            values[level2] = category.children[0]
        position = sum(1 for row in rows if _category_index(table, row.get(level1)) < index)
        rows.insert(position, Row(values))


def _category_index(table: TableSpec, name: str) -> int:
    return next((i for i, c in enumerate(table.categories) if c.name == name), len(table.categories))


def category_weights(table: TableSpec) -> dict[str, Decimal]:
    """The template's category weights; else the national rule's, with what is left of the table's
    total (a template that does not count the budget row: 100 − 90) going to 产出."""
    if any(c.weight is not None for c in table.categories):
        return {c.name: c.weight for c in table.categories if c.weight is not None}
    weights = {}
    for category in table.categories:
        weight = next((w for word, w in NATIONAL_WEIGHTS if word in category.name), None)
        if weight is not None:
            weights[category.name] = weight
    if weights and table.total_weight is not None and table.total_weight > sum(weights.values()):
        first = next(iter(weights))
        weights[first] += table.total_weight - sum(weights.values())
    return weights


def propose_weights(rows: list[Row], table: TableSpec) -> None:
    """Split each category's weight over its rows: whole points where they go evenly, else cents."""
    weight_key, level1 = table.key_of("weight"), (table.levels or ("",))[0]
    if not weight_key or not level1:
        return
    for name, weight in category_weights(table).items():
        members = [row for row in rows if row.get(level1) == name]
        for row, share in zip(members, split(weight, len(members))):
            row.values[weight_key] = format_plain(share.normalize())


def split(total: Decimal, count: int) -> list[Decimal]:
    """`total` in `count` shares adding up exactly: 50 over 3 → 17, 17, 16; 10 over 3 → 4, 3, 3."""
    if count <= 0:
        return []
    step = Decimal(1) if total == total.to_integral_value() and total >= count else CENT
    base = round_to(total / count, step, ROUND_DOWN)
    extra = int((total - base * count) / step)
    return [base + step if i < extra else base for i in range(count)]
