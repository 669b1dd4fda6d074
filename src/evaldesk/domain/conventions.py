"""An issuer's conventions: how the same form is printed and scored by one issuer and another.

The figures a form derives are the same everywhere (执行率 = 全年执行数 ÷ 全年预算数, a goal's score from
its indicators); what differs between issuers is a handful of settings — the rate printed as a whole
percent, to one decimal or two; the budget row worth 10 or 20 points, or not counted; its score kept to an
integer or to one decimal; the category weights and whether their labels print them; where a total on a
grade boundary belongs. `Conventions` names those settings; they live in the template's data and are read
from it and written back into it here, so that the editor and the importer change the same few keys.
"""
from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from .numbers import format_score
from .template import LEVEL_ROLES, TableSpec, Template, template_from_dict
from .value import Value

HUNDRED = Decimal(100)
WEIGHT_IN_LABEL = "{name}({weight}分)"


class Conventions(Value):
    rate_rounding: str = "half_up"  # half_up, up, down (whole_percent: the legacy 96.00%)
    rate_decimals: int = 2
    budget_weight: Decimal | None = None  # the budget row's 分值 (10, 20); None: the form has no budget row
    budget_counted: bool = True  # its score counts in 总分
    score_decimals: int = 2
    score_basis: str = "ratio"  # ratio: 分值 × the exact rate; printed_rate: × the rate as printed
    score_capped: bool = True
    full_marks_from: Decimal | None = None  # full marks from this rate on (0.80), else 分值 × 执行率
    category_weights: tuple[tuple[str, Decimal | None], ...] = ()
    weights_in_label: bool = False  # 产出指标(50分)
    boundary_to_upper: bool = True  # a total on a band's bound (90) belongs to the band above (优)
    column_order: tuple[str, ...] = ()  # the indicator table's columns, left to right (三级指标 | 分值 | 年度指标值 …)
    grade_bands: tuple[tuple[str, Decimal], ...] = ()  # highest first: (优, 90), (良, 80), (中, 60), (差, 0)


def conventions_of(template: Template) -> Conventions:
    rate, score, funds, table = template.execution_rate, template.budget_score, template.funds, template.scored_table
    indicators = indicator_table(template)
    counted = bool(score and score.rule != "none" and score.counts_in_total)
    return Conventions(
        rate_rounding=rate.rounding if rate else "half_up",
        rate_decimals=rate.decimals if rate else 2,
        budget_weight=funds.weight if funds and score and score.rule != "none" else None,
        budget_counted=counted,
        score_decimals=score.decimals if score else 2,
        score_basis=score.basis if score else "ratio",
        score_capped=score.capped if score else True,
        full_marks_from=score.threshold if score and score.rule == "full_at_threshold" else None,
        category_weights=tuple((c.name, c.weight) for c in table.categories) if table else (),
        weights_in_label=bool(table and "{weight}" in table.group_label),
        boundary_to_upper=all(b.includes_minimum for b in template.grade_bands),
        column_order=tuple(c.key for c in indicators.columns) if indicators else (),
        grade_bands=tuple((b.label, b.minimum) for b in template.grade_bands),
    )


def indicator_table(template: Template) -> TableSpec | None:
    """The table whose column order is a convention: the scored one, else the first with categories."""
    return template.scored_table or next((t for t in template.tables if t.levels), None)


def with_conventions(template: Template, conventions: Conventions, **identity: str) -> Template:
    """The template with these conventions (and, given, a new id, name or title), read afresh from its
    data so that every check a template file gets applies to it too."""
    return template_from_dict(apply_to_data(template.source, conventions, **identity))


def apply_to_data(source: dict[str, Any], c: Conventions, **identity: str) -> dict[str, Any]:
    data = copy.deepcopy(source)
    if "title" in identity:
        _retitle(data, source.get("title", ""), identity["title"])
    if identity.get("notes"):
        _footnote(data, identity["notes"])
    data.update(identity)
    if "execution_rate" in data:
        data["execution_rate"].update(rounding=c.rate_rounding, decimals=c.rate_decimals)
    if "budget_score" in data and "funds" in data:
        score = data["budget_score"]
        score.update(decimals=c.score_decimals, basis=c.score_basis, capped=c.score_capped,
                     counts_in_total=c.budget_counted and c.budget_weight is not None)
        if c.budget_weight is not None:
            data["funds"]["weight"] = str(c.budget_weight)
            score["rule"] = "proportional" if c.full_marks_from is None else "full_at_threshold"
            if c.full_marks_from is not None:
                score["threshold"] = str(c.full_marks_from)
        else:
            score["rule"] = "none"
    table = _scored_table(data)
    if table is not None:
        _apply_to_table(table, c)
    indicators = table or next((t for t in data.get("tables", ()) if _has_levels(t)), None)
    if c.column_order and indicators is not None:
        _reorder(data, indicators, c.column_order)
    if c.grade_bands:
        data["grade_bands"] = [{"min": format_score(minimum), "label": name} for name, minimum in c.grade_bands]
    for band in data.get("grade_bands", ()):
        band["min_included"] = c.boundary_to_upper
    return data


def _retitle(data: dict[str, Any], old: str, new: str) -> None:
    """The title the paper prints is a line of the layout's title block: renamed with the template."""
    for block in data.get("layout", ()):
        for line in block.get("lines", ()) if block.get("block") == "title" else ():
            if line.get("text") == old:
                line["text"] = new


def _footnote(data: dict[str, Any], text: str) -> None:
    """Footnotes stating the issuer's rules print under the table: the layout gets a notes block (before
    the signature lines) if it has none."""
    layout = data.setdefault("layout", [])
    notes = [block for block in layout if block.get("block") == "notes"]
    for block in notes:
        block.pop("text", None)  # the template's notes, now these
    if not notes:
        at = next((i for i, block in enumerate(layout) if block.get("block") == "signature"), len(layout))
        layout.insert(at, {"block": "notes"})


def _has_levels(table: dict[str, Any]) -> bool:
    return any(col.get("role") in LEVEL_ROLES for col in table.get("columns", ()))


def _scored_table(data: dict[str, Any]) -> dict[str, Any] | None:
    return next((t for t in data.get("tables", ()) if any(col.get("role") == "weight" for col in t.get("columns", ()))),
                None)


def _apply_to_table(table: dict[str, Any], c: Conventions) -> None:
    weights = dict(c.category_weights)
    for category in table.get("categories", ()):
        if category.get("name") in weights:
            weight = weights[category["name"]]
            if weight is None:
                category.pop("weight", None)
            else:
                category["weight"] = str(weight)
    counted = c.budget_weight if c.budget_counted and c.budget_weight is not None else Decimal(0)
    if "total_weight" in table:
        table["total_weight"] = format_score(HUNDRED - counted)
    label = table.get("group_label", "{name}")
    if c.weights_in_label and "{weight}" not in label:
        table["group_label"] = WEIGHT_IN_LABEL
    elif not c.weights_in_label and "{weight}" in label:
        table["group_label"] = "{name}"


def _reorder(data: dict[str, Any], table: dict[str, Any], order: tuple[str, ...]) -> None:
    """Columns in the issuer's order (those it does not name keep theirs, after), each with its width on
    the paper (a wide 指标解释 stays wide wherever it goes); the 总分 label then stops before the first
    weight or score column, wherever that now is."""
    columns, widths = table["columns"], data.get("columns", [])
    start = 1 if table.get("section_label") else 0
    slices, at = {}, start
    for column in columns:
        span = int(column.get("span", 1))
        slices[column["key"]] = widths[at:at + span]
        at += span
    rank = {key: index for index, key in enumerate(order)}
    columns.sort(key=lambda col: rank.get(col["key"], len(order)))
    if at == len(widths):  # a table spans the whole grid (checked when read): its widths move with it
        data["columns"] = widths[:start] + [width for column in columns for width in slices[column["key"]]]
    for column in columns:
        if column.get("role") in ("weight", "score"):
            table["total_span"] = min(int(table.get("total_span", 0)), start)
            break
        start += int(column.get("span", 1))


RATE_WORDS = {0: "整数百分比", 1: "保留一位小数", 2: "保留两位小数"}
ROUNDING_WORDS = {"half_up": "四舍五入", "up": "向上进位", "down": "向下舍去", "whole_percent": "四舍五入到整数百分比"}
SCORE_WORDS = {0: "取整数", 1: "保留一位小数", 2: "保留两位小数"}


def describe(c: Conventions) -> list[str]:
    """The conventions in a clerk's words, one line each."""
    lines = [f"执行率：{RATE_WORDS[c.rate_decimals]}，{ROUNDING_WORDS[c.rate_rounding]}"]
    if c.budget_weight is None:
        lines.append("预算执行率：不评分")
    else:
        basis = "按打印的执行率" if c.score_basis == "printed_rate" else "按执行率"
        if c.full_marks_from is not None:
            basis += f"，执行率达到 {format_score(c.full_marks_from * HUNDRED)}% 得满分"
        cap = "不超过分值" if c.score_capped else "不设上限"
        counted = "计入总分" if c.budget_counted else "不计入总分"
        lines.append(f"预算执行率分值 {format_score(c.budget_weight)} 分，得分 = 分值 × 执行率（{basis}，{cap}，"
                     f"{SCORE_WORDS[c.score_decimals]}），{counted}")
    weighted = [f"{name} {format_score(weight)}" for name, weight in c.category_weights if weight is not None]
    if weighted:
        lines.append(f"一级指标分值：{'、'.join(weighted)}" + ("（印在指标名称中）" if c.weights_in_label else ""))
    if c.grade_bands:
        bands = band_ranges(c.grade_bands, c.boundary_to_upper)
        lines.append("等级：" + "，".join(f"{name} {words}" for (name, _), words in zip(c.grade_bands, bands)))
    else:
        lines.append("等级：分界分数归上一档" if c.boundary_to_upper else "等级：分界分数归下一档")
    return lines


def band_ranges(bands: tuple[tuple[str, Decimal], ...], boundary_to_upper: bool) -> list[str]:
    """Each band's scores in words, highest band first: 90 分及以上、80（含）–90 分、60 分以下; with the
    boundary to the band below: 90 分以上、80–90（含）分、60 分及以下."""
    words = []
    for index, (_, minimum) in enumerate(bands):
        low = format_score(minimum)
        high = format_score(bands[index - 1][1]) if index else ""
        if not index:
            words.append(f"{low} 分及以上" if boundary_to_upper else f"{low} 分以上")
        elif minimum <= 0 and index == len(bands) - 1:
            words.append(f"{high} 分以下" if boundary_to_upper else f"{high} 分及以下")
        else:
            words.append(f"{low}（含）–{high} 分" if boundary_to_upper else f"{low}–{high}（含）分")
    return words
