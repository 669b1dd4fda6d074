"""The 汇总表 a unit hands the finance office: one row per form, subtotals per kind, totals, grades.

All amounts are in 元 whatever unit each form is kept in, so 元 and 万元 forms add up correctly. The
execution rate of a subtotal or total is its executed sum over its budget sum — never a mean of rates.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from .overview import KIND_NAMES, Overview

ZERO = Decimal(0)
NO_GRADE = "未评分"
# Grades in the order a reader expects them, across the bands of the built-in templates.
GRADE_ORDER = ("优", "优秀", "良", "良好", "中", "合格", "差", "不合格")


@dataclass(frozen=True)
class Entry:
    """One form of the summary: its file name and its overview."""

    name: str
    overview: Overview


@dataclass(frozen=True)
class Damaged:
    """A file that could not be read, and why (in the clerk's words)."""

    name: str
    reason: str


@dataclass(frozen=True)
class Totals:
    label: str
    count: int
    initial_budget: Decimal | None
    annual_budget: Decimal | None
    executed: Decimal | None

    @property
    def execution_rate(self) -> Decimal | None:
        if self.executed is None or not self.annual_budget:
            return None
        return self.executed / self.annual_budget


@dataclass
class Summary:
    groups: list[tuple[Totals, list[Entry]]]  # per form kind: its subtotal and its forms
    total: Totals
    grades: list[tuple[str, int]]  # grade → number of scored forms, in GRADE_ORDER
    damaged: list[Damaged] = field(default_factory=list)

    @property
    def entries(self) -> list[Entry]:
        return [entry for _totals, entries in self.groups for entry in entries]

    @property
    def rated(self) -> list[Entry]:
        """Forms with an execution rate, for the chart of 执行率 per project."""
        return [e for e in self.entries if e.overview.execution_rate is not None]


def summarise(entries: list[Entry], damaged: list[Damaged] = ()) -> Summary:
    kinds = sorted({e.overview.kind for e in entries}, key=lambda k: list(KIND_NAMES).index(k) if k in KIND_NAMES else 99)
    groups = []
    for kind in kinds:
        members = sorted((e for e in entries if e.overview.kind == kind),
                         key=lambda e: (e.overview.unit, e.overview.year, e.overview.project_name, e.name))
        groups.append((totals(f"小计（{KIND_NAMES.get(kind, kind)}）", members), members))
    return Summary(groups, totals("合计", entries), grade_distribution(entries), list(damaged))


def totals(label: str, entries: list[Entry]) -> Totals:
    def add(values: list[Decimal | None]) -> Decimal | None:
        present = [v for v in values if v is not None]
        return sum(present, ZERO) if present else None

    overviews = [e.overview for e in entries]
    return Totals(label, len(entries), add([o.initial_budget for o in overviews]),
                  add([o.annual_budget for o in overviews]), add([o.executed for o in overviews]))


def grade_distribution(entries: list[Entry]) -> list[tuple[str, int]]:
    """How many scored forms got each grade; a form that can be scored but has no total yet is 未评分."""
    counts = Counter(e.overview.grade or NO_GRADE for e in entries if e.overview.kind != "declaration")
    known = [g for g in GRADE_ORDER if g in counts]
    others = sorted(g for g in counts if g not in GRADE_ORDER and g != NO_GRADE)
    return [(g, counts[g]) for g in known + others + ([NO_GRADE] if NO_GRADE in counts else [])]
