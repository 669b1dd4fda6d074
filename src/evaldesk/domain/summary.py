"""The 汇总表 a unit hands the finance office: one row per form, subtotals per kind, totals, grades.

All amounts are in 元 whatever unit each form is kept in, so 元 and 万元 forms add up correctly. The
execution rate of a subtotal or total is its executed sum over its budget sum — never a mean of rates.
"""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

from .overview import KIND_NAMES, Overview
from .value import Fresh, Value

ZERO = Decimal(0)
NO_GRADE = "未评分"


class Entry(Value):
    """One form of the summary: its file name and its overview."""

    name: str
    overview: Overview


class Damaged(Value):
    """A file that could not be read, and why (in the clerk's words)."""

    name: str
    reason: str


class Totals(Value):
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


class Summary(Value, mutable=True):
    groups: list[tuple[Totals, list[Entry]]]  # per form kind: its subtotal and its forms
    total: Totals
    grades: list[tuple[str, int]]  # grade (优 / 优秀: one band however templates name it) → scored forms, best first
    damaged: list[Damaged] = Fresh(list)

    @property
    def entries(self) -> list[Entry]:
        return [entry for _totals, entries in self.groups for entry in entries]

    @property
    def rated(self) -> list[Entry]:
        """Forms with an execution rate, for the chart of 执行率 per project."""
        return [e for e in self.entries if e.overview.execution_rate is not None]


def summarise(entries: list[Entry], damaged: list[Damaged] = ()) -> Summary:
    """Grouped by kind as the clerk names it (a 2018 and a 2021 申报表 are one group)."""
    order = list(dict.fromkeys(KIND_NAMES.values()))
    names = sorted({e.overview.kind_name for e in entries}, key=lambda n: (order.index(n) if n in order else len(order), n))
    groups = []
    for name in names:
        members = sorted((e for e in entries if e.overview.kind_name == name),
                         key=lambda e: (e.overview.unit, e.overview.year, e.overview.project_name, e.name))
        groups.append((totals(f"小计（{name}）", members), members))
    return Summary(groups, totals("合计", entries), grade_distribution(entries), list(damaged))


def totals(label: str, entries: list[Entry]) -> Totals:
    def add(values: list[Decimal | None]) -> Decimal | None:
        present = [v for v in values if v is not None]
        return sum(present, ZERO) if present else None

    overviews = [e.overview for e in entries]
    return Totals(label, len(entries), add([o.initial_budget for o in overviews]),
                  add([o.annual_budget for o in overviews]), add([o.executed for o in overviews]))


def grade_distribution(entries: list[Entry]) -> list[tuple[str, int]]:
    """How many scored forms got each grade, best first; a form that can be graded (its template has grade
    bands: not a declaration, a goal table or a mid-year monitoring form) but has no total yet is 未评分.
    Templates name the same band differently (优 and 优秀, 中 and 合格): see `grade_bands`."""
    scored = [e.overview for e in entries if e.overview.grade_scale]
    found = [(label, sum(names.values())) for label, names in grade_bands(scored)]
    missing = sum(1 for o in scored if not o.grade)
    return found + ([(NO_GRADE, missing)] if missing else [])


def grade_bands(views: list[Overview]) -> list[tuple[str, Counter]]:
    """The grades these forms got, best first, as bands: a band is known by its place in its template's
    scale, so 优 and 优秀 are one band, named by every name the forms use (优 / 优秀), with each name's count."""
    graded = [v for v in views if v.grade and v.grade_position >= 0]
    reference = _reference_scale(graded)
    bands: dict[int, Counter] = {}
    for view in graded:
        bands.setdefault(_band(view, reference), Counter())[view.grade] += 1
    found = [(" / ".join(sorted(names, key=lambda n: (-names[n], n))), names) for _band_index, names in sorted(bands.items())]
    unplaced = Counter(v.grade for v in views if v.grade and v.grade_position < 0)  # a grade no band of its template has
    return found + [(name, Counter({name: count})) for name, count in sorted(unplaced.items())]


def _reference_scale(views: list[Overview]) -> tuple[Decimal, ...]:
    """The scale most forms are graded on (by its number of bands): the others are read against it."""
    lengths = Counter(len(v.grade_scale) for v in views)
    if not lengths:
        return ()
    length = max(lengths, key=lambda n: (lengths[n], n))
    scales = Counter(v.grade_scale for v in views if len(v.grade_scale) == length)
    return tuple(Decimal(bound) for bound in scales.most_common(1)[0][0])


def _band(view: Overview, reference: tuple[Decimal, ...]) -> int:
    """The reference band a form's grade stands for: the same place in a scale of as many bands (优 and 优秀
    are both the first of four, whatever their bounds); else the band that holds the grade's lower bound."""
    if len(view.grade_scale) == len(reference):
        return view.grade_position
    bound = Decimal(view.grade_scale[view.grade_position])
    return next((i for i, lower in enumerate(reference) if bound >= lower), len(reference) - 1)
