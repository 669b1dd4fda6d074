"""The rows of one table in a hand-typed sheet (readers.labels): from below its header to its total row
or the next block; 一级/二级 names merged or left blank below belong to the group above; a row with
text only in the long columns is the rest of a text cut over rows."""
from __future__ import annotations

import re

from ..domain.form import Row
from ..domain.template import TableSpec
from ..domain.value import Value
from .grid import normalize

# The figure a total row prints under each column role (a goals table adds up 权重比例 and the goals' scores).
TOTALS = {"weight": "total_weight", "score": "total_score", "ratio": "goal_ratio", "weighted": "indicator_score"}
CONTINUED = "（续）"  # a group name printed again at the top of a page (export.pages)
# 投入与管理 (36分): a 一级 name carrying its derived weight, as clerks type it and the export prints it
GROUP_WEIGHT = re.compile(r"\s*[(（]\s*([\d.０-９．]+)\s*分\s*[)）]\s*$")


class Printed(Value, mutable=True):
    """A figure the sheet prints, to be checked against the recomputed one."""

    what: str  # execution_rate, budget_weight, budget_score, total_weight, total_score, grade, group
    text: str
    address: str
    table: str = ""
    row: int = -1


class TableRows:
    """The rows of one table, from below its header to its total row or the next block."""

    def __init__(self, reader, spec: TableSpec, columns: list[tuple[int, int]],
                 extras: dict[str, tuple[int, int]] | None = None) -> None:
        self.reader, self.grid, self.spec = reader, reader.grid, spec
        self.columns = dict(zip((c.key for c in spec.columns), columns))
        self.extras = extras or {}
        self.target = next((c.key for c in spec.columns if re.search("指标值|目标值", c.label)), None)
        self.roles = {c.key: c.role for c in spec.columns}
        self.derived = {c.key for c in spec.columns if c.derived}  # printed figures, recomputed, never read in
        self.stops = reader.later | {normalize(spec.total_label)} - {""}
        self.carried: set[str] = set()  # level columns of the row being read that were marked （续）
        self.section_again = normalize(spec.section_label + CONTINUED) if spec.section_label else None

    def read(self, header_row: int) -> None:
        rows: list[dict[str, str]] = []
        previous: dict[str, str] = {}
        for row in self.grid.rows():
            if row <= header_row:
                continue
            names = {self.grid.norm(row, c) for c in self.grid.row_cells(row)}
            for col in self.grid.row_cells(row):  # 绩效指标（续）: the section label printed again on the next page
                if self.grid.norm(row, col) == self.section_again:
                    self.grid.use(row, col)
            if self.spec.total_label and normalize(self.spec.total_label) in names:
                self.total(row)
                break
            if names & self.stops or any(n.startswith("说明") for n in names):
                break
            self.carried: set[str] = set()
            values = self.values(row, len(rows))
            self.reader.cursor = row
            if not any(v.strip() for v in values.values()) or self.repeated_header(values):
                continue
            if rows and self.continues(values):
                for key in self.long_keys:
                    rows[-1][key] = rows[-1].get(key, "") + values.get(key, "")
                continue
            typed_level = any(values.get(level) for level in self.spec.levels)
            self.inherit(values, previous)
            if typed_level or any(v for k, v in values.items() if k not in self.spec.levels):
                rows.append(values)
                previous = values
        table = self.reader.tables[self.spec.key]
        table += [Row({k: v.strip() for k, v in values.items() if v.strip()}) for values in rows]

    @property
    def long_keys(self) -> list[str]:
        return [c.key for c in self.spec.columns if c.long]

    def continues(self, values: dict[str, str]) -> bool:
        """A row with text only in the long columns (and group names marked （续）): the rest of a
        text cut over rows or pages at export."""
        return all(not v.strip() for k, v in values.items() if k not in self.long_keys and k not in self.carried)

    def repeated_header(self, values: dict[str, str]) -> bool:
        """The table's header printed again at the top of a page."""
        labels = {c.key: normalize(c.label.split("{")[0]) for c in self.spec.columns}
        same = sum(1 for k, v in values.items() if v.strip() and labels[k] and normalize(v).startswith(labels[k]))
        return same * 2 > len(values)

    def values(self, row: int, index: int) -> dict[str, str]:
        values = {}
        for key, (first, last) in self.columns.items():
            cell = self.reader._in_range(row, first, last)
            text = self.grid.use(*cell) if cell else ""
            if key in self.derived:
                text = ""
            if key not in self.long_keys:
                text = text.strip()
            if key in self.spec.levels and text.endswith(CONTINUED):
                text = text[: -len(CONTINUED)].strip()
                self.carried.add(key)
            if self.roles[key] == "level1" and text:
                text = self.group_name(text, self.grid.address(*cell), index)
            values[key] = text
        if self.extras and self.target:
            nature, unit = (self.extra(row, kind) for kind in ("nature", "unit"))
            if values[self.target]:
                values[self.target] = _with_sign_and_unit(values[self.target], nature, unit)
        return values

    def extra(self, row: int, kind: str) -> str:
        first, last = self.extras.get(kind, (0, -1))
        cell = self.reader._in_range(row, first, last)
        return self.grid.use(*cell).strip() if cell else ""

    def group_name(self, text: str, address: str, index: int) -> str:
        """投入与管理 (36分) → 投入与管理; the 36 is kept to be checked against the rows' weights."""
        match = GROUP_WEIGHT.search(text)
        if not match:
            return text
        self.reader.printed.append(Printed("group", match.group(1), address, self.spec.key, index))
        return text[: match.start()].strip()

    def inherit(self, values: dict[str, str], previous: dict[str, str]) -> None:
        """Merged (or left blank below) 一级/二级 cells: the row belongs to the group above."""
        levels = self.spec.levels
        for depth, level in enumerate(levels):
            if values.get(level):
                for inner in levels[depth + 1:]:
                    previous = {**previous, inner: ""}
                continue
            values[level] = previous.get(level, "")

    def total(self, row: int) -> None:
        for key, role in self.roles.items():
            first, last = self.columns[key]
            cell = self.reader._in_range(row, first, last)
            if cell and role in TOTALS:
                self.reader.printed.append(Printed(TOTALS[role], self.grid.use(*cell), self.grid.address(*cell)))
        for col in self.grid.row_cells(row):
            if normalize(self.spec.total_label) == self.grid.norm(row, col):
                self.grid.use(row, col)
        self.reader.cursor = row


def _with_sign_and_unit(value: str, nature: str, unit: str) -> str:
    """95 with ≥ and % → ≥95%; a sign or unit the value already carries is not added twice; 定性 is no sign."""
    sign = nature if nature in ("=", "≥", "≤", ">", "<", "＝", "≧", "≦") else ""
    if sign and not value.startswith(sign):
        value = sign + value
    return value if not unit or value.endswith(unit) else value + unit
