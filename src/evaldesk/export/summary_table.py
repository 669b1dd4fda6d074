"""The rows of the 汇总表, shared by its Excel and PDF versions: what each column shows, in order."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ..domain.numbers import round_half_up, round_rate
from ..domain.overview import Overview
from ..domain.summary import Summary, Totals
from ..domain.value import Value

TITLE = "预算绩效表汇总表"
AMOUNT_UNIT = "元"
NOTE = ("说明：金额均已换算为元（万元表 × 10000）。执行率 = 全年执行数 ÷ 全年预算数；小计、合计的执行率"
        "由小计、合计金额计算，不是各项目执行率的平均数。标色的行有待处理的问题（见“问题”列）。")


class Column(Value):
    label: str
    width: float  # Excel character widths; the PDF scales them to the page
    kind: str = "text"  # text, money, rate, score, number


COLUMNS = (
    Column("序号", 5, "number"), Column("单位", 18), Column("项目名称", 30), Column("表单类型", 9),
    Column("年度", 6), Column("年初预算数", 17, "money"), Column("全年预算数", 17, "money"),
    Column("全年执行数", 17, "money"), Column("执行率", 9, "rate"), Column("预算得分", 8, "score"),
    Column("总分", 7, "score"), Column("等级", 6), Column("问题", 14), Column("文件", 22),
)
MONEY_COLUMNS = tuple(i for i, c in enumerate(COLUMNS) if c.kind == "money")


class SummaryRow(Value):
    kind: str  # entry, subtotal, total
    values: tuple[str | Decimal | int | None, ...]
    marked: bool = False  # a form with problems
    messages: tuple[str, ...] = ()


def summary_rows(summary: Summary) -> list[SummaryRow]:
    rows, number = [], 0
    for subtotal, entries in summary.groups:
        for entry in entries:
            number += 1
            view = entry.overview
            rows.append(SummaryRow("entry", _entry_values(number, view, entry.name), view.has_problems,
                                   view.problem_messages))
        if len(summary.groups) > 1:
            rows.append(SummaryRow("subtotal", _total_values(subtotal)))
    rows.append(SummaryRow("total", _total_values(summary.total)))
    return rows


def total_rate(totals: Totals) -> Decimal | None:
    rate = totals.execution_rate
    return None if rate is None else round_rate(rate, "half_up")


def _entry_values(number: int, view: Overview, name: str) -> tuple:
    score = lambda v: None if v is None else round_half_up(v)  # noqa: E731 - two uses, one line
    return (number, view.unit, view.project_name, view.kind_name, view.year, view.initial_budget,
            view.annual_budget, view.executed, view.printed_rate, score(view.budget_score),
            score(view.total_score), view.grade, view.problem_text, name)


def _total_values(totals: Totals) -> tuple:
    return (None, f"{totals.label}（{totals.count} 份）", "", "", "", totals.initial_budget, totals.annual_budget,
            totals.executed, total_rate(totals), None, None, "", "", "")


def subtitle(summary: Summary, when: datetime | None = None) -> str:
    when = when or datetime.now()
    marked = sum(1 for e in summary.entries if e.overview.has_problems)
    parts = [f"共 {len(summary.entries)} 份表单", f"其中 {marked} 份有问题" if marked else "均无问题"]
    if summary.damaged:
        parts.append(f"另有 {len(summary.damaged)} 个文件无法读取（见表后）")
    return "，".join(parts) + f"　　金额单位：{AMOUNT_UNIT}　　生成时间：{when:%Y-%m-%d %H:%M}"


def percent(value: Decimal | None) -> str:
    return "" if value is None else f"{round_half_up(value * 100)}%"
