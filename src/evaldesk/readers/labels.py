"""Reading a form typed by hand in the official layout: blocks are found by their labels, in the
order of the template's layout, not at fixed cell addresses.

Tolerated: extra blank rows, merged or unmerged label cells, a label and its value in one cell
(项目名称：…), amounts typed as text or with full-width digits, 万元/元 in the headers, 一级 labels
carrying their derived weight (投入与管理 (36分)). Printed derived figures (rate, budget score, totals,
group weights, grade) are collected, not trusted: the caller compares them with the recomputed ones.
"""
from __future__ import annotations

import re
import unicodedata

from ..domain import layout as lay
from ..domain.compute import compute
from ..domain.form import Form, Row, new_form
from ..domain.sheet import HEADER, LABEL, SIGNATURE, build_sheet
from ..domain.template import Template
from ..domain.value import Fresh, Value
from .grid import Grid, normalize, same_title, unit_in
from .label_tables import Printed, TableRows

_TICKED = "☑■√✓✔☒▣●"
ANNEX = re.compile(r"附件[\d一二三四五六七八九十]*[:：]?")
# Columns other issuers print beside 指标值: read into it as one text (≥ 95 %), as Shanghai forms print it.
EXTRA_COLUMNS = {"指标性质": "nature", "计算符号": "nature", "度量单位": "unit", "计量单位": "unit"}
_BOXES = "☐□" + _TICKED


class LabelRead(Value, mutable=True):
    form: Form
    printed: list[Printed] = Fresh(list)
    notes: list[str] = Fresh(list)
    unit_seen: str | None = None
    column_orders: dict[str, tuple[str, ...]] = Fresh(dict)  # each table's columns as the sheet has them


def read_by_labels(grid: Grid, template: Template) -> LabelRead:
    return _Reader(grid, template).read()


class _Reader:
    def __init__(self, grid: Grid, template: Template) -> None:
        self.grid, self.template = grid, template
        self.fields: dict = {}
        self.funds: dict[str, dict[str, str]] = {}
        self.tables: dict[str, list[Row]] = {t.key: [] for t in template.tables}
        self.printed: list[Printed] = []
        self.notes: list[str] = []
        self.units: list[str] = []
        self.cursor = 0  # the last row read: the next block is looked for below it
        self.column_orders: dict[str, tuple[str, ...]] = {}
        self.empty = new_form(template)
        self.empty.amount_unit = "元"  # labels are compared without their unit
        self.labels_by_block = _labels_by_block(self.empty)

    def read(self) -> LabelRead:
        blocks = self.template.blocks
        for index, block in enumerate(blocks):
            self.later = set().union(*(self.labels_by_block.get(i, set()) for i in range(index + 1, len(blocks))))
            getattr(self, "block_" + block.kind)(block)
        unit = self.units[0] if self.units else None
        if len(set(self.units)) > 1:
            self.notes.append(f"工作表“{self.grid.title}”的表头中同时出现了元和万元，按“{unit}”导入。")
        form = Form(self.template, unit or self.template.amount_unit, self.fields, self.funds, self.tables)
        return LabelRead(form, self.printed, self.notes, unit, self.column_orders)

    # ------------------------------------------------------------------------------ finding
    def fmt(self, text: str) -> str:
        return lay.fill(text, self.empty)

    def find(self, label: str) -> tuple[int, int] | None:
        """The label below the cursor (or anywhere, if the clerk moved the block up)."""
        position = self.grid.find(self.fmt(label), self.cursor) or self.grid.find(self.fmt(label))
        if position:
            self.grid.use(*position)
            unit = unit_in(self.grid.text(*position))
            if unit:
                self.units.append(unit)
        return position

    def find_inline(self, label: str) -> tuple[tuple[int, int], str] | None:
        """A cell holding label and value together: 项目名称：国内外科技交流合作."""
        want = normalize(self.fmt(label))
        for position in sorted(self.grid.texts):
            text = unicodedata.normalize("NFKC", self.grid.texts[position])
            head, colon, value = text.partition(":")
            if colon and normalize(head) == want and position[0] >= self.cursor and position not in self.grid.used:
                self.grid.use(*position)
                return position, value.strip()
        return None

    def right_of(self, row: int, col: int) -> tuple[int, int] | None:
        """The value cell right of a label: the next non-empty cell, unless it is another label."""
        for other in self.grid.row_cells(row):
            if other > self.grid.last_col(row, col):
                return None if self.is_label(row, other) else (row, other)
        return None

    def is_label(self, row: int, col: int) -> bool:
        return self.grid.norm(row, col) in self.all_labels

    @property
    def all_labels(self) -> set[str]:
        return set().union(*self.labels_by_block.values()) if self.labels_by_block else set()

    def text_down(self, row: int, col: int, columns: set[int]) -> tuple[str, int]:
        """The text at (row, col) and its continuation on the rows below (a long text cut over rows,
        or typed over several lines), as long as those rows hold nothing outside `columns`."""
        parts = [self.grid.use(row, col)]
        last = self.grid.last_row(row, col)
        for below in self.grid.rows():
            if below <= last:
                continue
            cells = self.grid.row_cells(below)
            if not set(cells) <= columns or col not in cells or self.is_label(below, col):
                break
            parts.append(self.grid.use(below, col))
            last = self.grid.last_row(below, col)
        return "".join(parts), last

    # ------------------------------------------------------------------------------ blocks
    def block_title(self, block: lay.TitleBlock) -> None:
        for line in block.lines:
            if not line.fields():
                position = self.grid.find(line.text) or self._containing(line.text)
                if position:
                    self.grid.use(*position)
                    self.cursor = max(self.cursor, position[0])
                continue
            self._title_field(line.text)

    def _containing(self, title: str) -> tuple[int, int] | None:
        want = normalize(title)
        hits = [pos for pos, text in self.grid.texts.items() if same_title(want, normalize(text))]
        if hits:  # 附件1 above the title: the attachment number of the filing, not part of the form
            for pos, text in self.grid.texts.items():
                if pos[0] < min(hits)[0] and ANNEX.fullmatch(normalize(text)):
                    self.grid.use(*pos)
        return min(hits) if hits else None

    def _title_field(self, text: str) -> None:
        """（{year} 年度） or 申报单位名称：{applicant}: the placeholder's value, from one cell or two."""
        pattern = _title_pattern(text)
        for position in sorted(self.grid.texts):
            match = pattern.fullmatch(unicodedata.normalize("NFKC", self.grid.texts[position]).strip())
            if match and position[0] <= self.cursor + 3:
                self.grid.use(*position)
                for key, value in match.groupdict().items():
                    value = value.strip()
                    if not value and (beside := self.right_of(*position)):
                        value = self.grid.use(*beside).strip()
                    if value:
                        self.fields[key] = value
                self.cursor = max(self.cursor, position[0])
                return

    def block_row(self, block: lay.RowBlock) -> None:
        for label, target in block.pairs():
            self.label_and_value(label.text, target)

    def label_and_value(self, label: str, target: lay.Slot | None) -> None:
        position = self.find(label)
        value_text, address = "", ""
        if position is None:
            inline = self.find_inline(label)
            if inline is None:
                if target:
                    self.notes.append(f"工作表“{self.grid.title}”中没有找到“{normalize(self.fmt(label))}”，该项留空。")
                return
            position, value_text = inline
            address = self.grid.address(*position)
        else:
            self.cursor = max(self.cursor, position[0])
            value = self.right_of(*position)
            if value is not None:
                columns = set(range(value[1], self.grid.last_col(*value) + 1))
                value_text, last = self.text_down(value[0], value[1], columns)
                value_text = value_text.strip()
                address = self.grid.address(*value)
                self.cursor = max(self.cursor, last)
        self.store(target, value_text, address)

    def store(self, target: lay.Slot | None, text: str, address: str) -> None:
        if target is None:
            return
        if target.kind == lay.FIELD:
            spec = self.template.field(target.key)
            if spec.type == "choice":
                self.fields[spec.key] = chosen_options(text, spec.options, spec.multiple)
            elif text:
                self.fields[spec.key] = text
        elif text:
            self.printed.append(Printed(target.key, text, address))

    def block_funds(self, block: lay.FundsBlock) -> None:
        funds = self.template.funds
        self.find(funds.label)
        header_row = self._header_row([c.label for c in funds.columns])
        if header_row is None:
            self.notes.append(f"工作表“{self.grid.title}”中没有找到资金表（年初预算数、全年预算数……），资金未导入。")
            return
        columns = self._columns(header_row, [c.label for c in funds.columns])
        self.cursor = header_row
        for row_spec in funds.rows:
            position = self._fund_row(row_spec.label)
            if position is None:
                continue
            row = position[0]
            self.cursor = max(self.cursor, row)
            for column, (first, last) in zip(funds.columns, columns):
                cell = self._in_range(row, first, last)
                if cell is None:
                    continue
                text = self.grid.use(*cell).strip()
                if column.role == "money":
                    self.funds.setdefault(row_spec.key, {})[column.key] = text
                elif funds.is_scored(row_spec.key):
                    what = {"weight": "budget_weight", "rate": "execution_rate", "score": "budget_score"}[column.role]
                    self.printed.append(Printed(what, text, self.grid.address(*cell)))

    def _fund_row(self, label: str) -> tuple[int, int] | None:
        bare = normalize(label).removeprefix("其中:")
        for candidate in (label, bare):
            position = self.grid.find(candidate, self.cursor + 1)
            if position:
                self.grid.use(*position)
                return position
        return None

    def block_goals(self, block: lay.GoalsBlock) -> None:
        self.find(block.label)
        left, right = self.template.field(block.left), self.template.field(block.right)
        heads = [self.find(left.label), self.find(right.label)]
        columns = {col for pos in heads if pos for col in range(pos[1], self.grid.last_col(*pos) + 1)}
        for spec, head in zip((left, right), heads):
            if head is None:
                continue
            below = self._first_below(head, columns)
            if below is not None:
                text, last = self.text_down(below[0], below[1], columns)
                self.fields[spec.key] = text.strip()
                self.cursor = max(self.cursor, last)
            self.cursor = max(self.cursor, head[0])

    def _first_below(self, head: tuple[int, int], columns: set[int]) -> tuple[int, int] | None:
        for row in self.grid.rows():
            if row <= self.grid.last_row(*head):
                continue
            cells = self.grid.row_cells(row)
            if head[1] in cells and set(cells) <= columns:
                return (row, head[1])
            if cells:
                return None
        return None

    # ------------------------------------------------------------------------------ tables
    def block_table(self, block: lay.TableBlock) -> None:
        spec = self.template.table(block.table)
        labels = [c.label for c in spec.columns]
        if spec.section_label:
            self.find(spec.section_label)
        header_row = self._header_row(labels)
        if header_row is None:
            self.notes.append(f"工作表“{self.grid.title}”中没有找到“{'、'.join(normalize(self.fmt(x)) for x in labels)}”表头，该表未导入。")
            return
        extras = self._extra_columns(header_row, labels)
        if extras:
            shown = "、".join(self.grid.norm(header_row, first) for first, _ in extras.values())
            self.notes.append(f"工作表“{self.grid.title}”的“{shown}”列已并入指标值（如 ≥95%）。")
        columns = self._columns(header_row, labels, [first for first, _ in extras.values()])
        found = sorted((first, c.key) for c, (first, last) in zip(spec.columns, columns) if last >= first)
        self.column_orders[spec.key] = tuple(key for _, key in found)
        self.cursor = header_row
        TableRows(self, spec, columns, extras).read(header_row)

    def _header_row(self, labels: list[str]) -> int | None:
        wanted = {normalize(self.fmt(label)) for label in labels}
        need = max(2, (len(wanted) + 1) // 2) if len(wanted) > 1 else 1
        for start in (self.cursor, 0):
            for row in self.grid.rows():
                if row > start and sum(self.grid.norm(row, c) in wanted for c in self.grid.row_cells(row)) >= need:
                    return row
        return None

    def _extra_columns(self, row: int, labels: list[str]) -> dict[str, tuple[int, int]]:
        """指标性质 (≥, =) and 度量单位 in columns of their own, where the template has none: their spans."""
        ours = {normalize(self.fmt(label)) for label in labels}
        found = {EXTRA_COLUMNS[self.grid.norm(row, col)]: col for col in self.grid.row_cells(row)
                 if self.grid.norm(row, col) in EXTRA_COLUMNS and self.grid.norm(row, col) not in ours}
        for col in found.values():
            self.grid.use(row, col)
        return {kind: (col, self.grid.last_col(row, col)) for kind, col in found.items()}

    def _columns(self, row: int, labels: list[str], others: list[int] = ()) -> list[tuple[int, int]]:
        """For each label, the sheet columns under it: from its cell to the next header cell."""
        found = {}
        for col in self.grid.row_cells(row):
            name = self.grid.norm(row, col)
            for index, label in enumerate(labels):
                if index not in found and normalize(self.fmt(label)) == name:
                    found[index] = col
                    self.grid.use(row, col)
                    unit = unit_in(self.grid.text(row, col))
                    if unit:
                        self.units.append(unit)
                    break
        starts = sorted([*found.values(), *others])
        spans = []
        for index in range(len(labels)):
            col = found.get(index)
            if col is None:
                spans.append((0, -1))
                self.notes.append(f"工作表“{self.grid.title}”第 {row} 行的表头中没有“{normalize(self.fmt(labels[index]))}”列，该列未导入。")
                continue
            later = [s for s in starts if s > col]
            spans.append((col, (later[0] - 1) if later else max(col, self.grid.last_col(row, col))))
        return spans

    def _in_range(self, row: int, first: int, last: int) -> tuple[int, int] | None:
        for col in self.grid.row_cells(row):
            if first <= col <= last:
                return (row, col)
        return None

    def block_notes(self, block: lay.NotesBlock) -> None:
        for position, text in sorted(self.grid.texts.items()):
            if position[0] > self.cursor and normalize(text).startswith(("说明", "注:", "注：")):
                self.grid.use(*position)
                self.cursor = position[0]
                return

    def block_signature(self, block: lay.SignatureBlock) -> None:
        items = [normalize(item) for item in block.items]
        for position, text in self.grid.texts.items():
            if position[0] > self.cursor and any(normalize(text).startswith(item) for item in items):
                self.grid.use(*position)


def _labels_by_block(empty: Form) -> dict[int, set[str]]:
    """Every label an empty form of the template prints, normalized, by layout block: where a table or
    a value stops. Taken from the printed sheet itself, so a label added to a template is known here."""
    labels: dict[int, set[str]] = {}
    for row in build_sheet(empty, compute(empty)).rows:
        for cell in row.cells:
            if cell.kind in (LABEL, HEADER, SIGNATURE) and cell.place is None and normalize(cell.text):
                labels.setdefault(row.block, set()).add(normalize(cell.text))
    return labels


def _title_pattern(text: str) -> re.Pattern:
    """A regex for a title line with {placeholders}: literal parts NFKC'd, spaces optional."""
    parts = re.split(r"\{(\w+)\}", unicodedata.normalize("NFKC", text))
    pattern = ""
    for index, part in enumerate(parts):
        if index % 2:
            pattern += f"(?P<{part}>.*?)"
        else:
            pattern += r"\s*".join(re.escape(ch) for ch in part if not ch.isspace())
    return re.compile(pattern)


def chosen_options(text: str, options: tuple[str, ...], multiple: bool):
    """The ticked options of a checkbox line (其他一次性项目 ☑ 结转项目 ☐ …, or the box first), or the option typed plainly."""
    flat = unicodedata.normalize("NFKC", text)
    # the box before its option (☑ 其他一次性项目, as many workbooks type it) or after it, as evaldesk prints
    boxes_first = flat.lstrip()[:1] in tuple(_BOXES)
    chosen = []
    for option in options:
        at = flat.find(option)
        if at < 0:
            continue
        before, after = flat[:at].rstrip(), flat[at + len(option):].lstrip()
        if (before[-1:] if boxes_first else after[:1]) in tuple(_TICKED):
            chosen.append(option)
        elif not any(box in flat for box in _BOXES) and flat.strip() == option:
            chosen.append(option)
    if multiple:
        return chosen
    return chosen[0] if chosen else ""
