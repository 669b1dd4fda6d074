"""The printed form as a grid: the one layout that the Excel and PDF exports (and print preview) draw.

`build_sheet` turns a form, its figures and its template's layout into rows of cells with spans,
display texts and number values. Exporters only map cells to their medium; they never re-derive layout.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .compute import Figures, Group, group_label
from .form import Form, Row
from .numbers import NumberError, format_money, format_score, parse_amount
from .places import Place, cell_place, field_place, funds_place
from .template import ColumnSpec, TableSpec, Template

# ■/□ rather than ☑/☐: SimSun (宋体) and the bundled PDF font have these two and not the ballot boxes.
CHECKED, UNCHECKED = "■", "□"
BOXES_PER_LINE = 3
OPTION_GAP = "\u00a0" * 4  # no-break spaces: kept as typed where plain spaces would collapse into one

# Cell kinds: how a cell looks. Exporters style by kind.
TITLE, SUBTITLE, HEADLINE = "title", "subtitle", "headline"  # headline: a left-aligned line under the title
LABEL, HEADER, VALUE, LONG, DERIVED = "label", "header", "value", "long", "derived"
NOTE, SIGNATURE = "note", "signature"
BORDERLESS = {TITLE, SUBTITLE, HEADLINE, NOTE, SIGNATURE}


@dataclass
class Cell:
    col: int
    text: str = ""
    kind: str = VALUE
    colspan: int = 1
    value: Decimal | None = None  # the number behind a number cell
    number_format: str = ""  # "money", "rate", "score" for number cells
    rowspan: int = 1
    align: str = "center"
    place: Place | None = None  # the typed place this cell shows

    @property
    def bordered(self) -> bool:
        return self.kind not in BORDERLESS


@dataclass
class SheetRow:
    cells: list[Cell]
    role: str = ""  # title, fields, funds, goals, table-header, table-row, total, notes, signature, stamp
    repeat: bool = False  # repeat this row at the top of each printed page


@dataclass
class Sheet:
    title: str
    name: str  # a short name for the sheet: the project name
    column_widths: tuple[Decimal, ...]
    rows: list[SheetRow] = field(default_factory=list)

    @property
    def width(self) -> int:
        return len(self.column_widths)

    def texts(self) -> list[str]:
        """Every non-empty text, top to bottom, left to right: what a reader of the page sees."""
        return [cell.text for row in self.rows for cell in row.cells if cell.text]


def build_sheet(form: Form, figures: Figures) -> Sheet:
    template = form.template
    sheet = Sheet(title=template.title, name=form.project_name or template.title, column_widths=template.columns)
    builder = _Builder(form, figures, sheet)
    for block in template.layout:
        getattr(builder, "block_" + block["block"])(block)
    return sheet


class _Builder:
    def __init__(self, form: Form, figures: Figures, sheet: Sheet) -> None:
        self.form, self.figures, self.sheet = form, figures, sheet
        self.template: Template = form.template

    # ------------------------------------------------------------------ helpers
    def fmt(self, text: str) -> str:
        """Fill {unit}, {year} and any {field} placeholder of a template text."""
        values = {spec.key: self.form.text(spec.key) for spec in self.template.fields}
        values["unit"] = self.form.amount_unit
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return text

    def add(self, role: str, cells: list[Cell], repeat: bool = False) -> None:
        self.sheet.rows.append(SheetRow(cells, role, repeat))

    def field_cell(self, key: str, col: int, span: int) -> Cell:
        spec = self.template.field(key)
        text = self.form.text(key)
        place = field_place(key)
        if spec.type == "money":
            return _money_cell(col, span, text, self.form.amount_unit, place)
        if spec.type == "choice":
            chosen = self.form.fields.get(key, "")
            chosen = chosen if isinstance(chosen, list) else [chosen]
            boxes = [f"{CHECKED if o in chosen else UNCHECKED} {o}" for o in spec.options]
            # Three boxes a line, as on the paper form: a line break never falls inside an option.
            lines = [OPTION_GAP.join(boxes[i:i + BOXES_PER_LINE]) for i in range(0, len(boxes), BOXES_PER_LINE)]
            return Cell(col, "\n".join(lines), VALUE, span, align="left", place=place)
        long = spec.type == "longtext"
        # A value over several columns (项目名称, 主管部门 | 实施单位) starts at the left, as typed on paper;
        # a short one in a single column (a date) sits in the middle.
        left = long or span > 1 or len(text) > 12
        return Cell(col, text, LONG if long else VALUE, span, align="left" if left else "center", place=place)

    def computed_cell(self, key: str, col: int, span: int) -> Cell:
        if key == "execution_rate":
            return Cell(col, self.figures.execution_rate_text, DERIVED, span, self.figures.execution_rate, "rate")
        if key == "grade":
            return Cell(col, self.figures.grade, DERIVED, span)
        raise KeyError(key)

    # ------------------------------------------------------------------ blocks
    def block_title(self, block: dict) -> None:
        styles = {"title": TITLE, "subtitle": SUBTITLE, "left": HEADLINE}
        for line in block.get("lines", [{"text": self.template.title, "style": "title"}]):
            kind = styles.get(line.get("style", "title"), TITLE)
            align = "left" if kind == HEADLINE else "center"
            self.add("title", [Cell(0, self.fmt(line["text"]), kind, self.sheet.width, align=align)])

    def block_row(self, block: dict) -> None:
        cells, col = [], 0
        for spec in block["cells"]:
            span = spec.get("span", 1)
            if "label" in spec:
                cells.append(Cell(col, self.fmt(spec["label"]), LABEL, span))
            elif "field" in spec:
                cells.append(self.field_cell(spec["field"], col, span))
            else:
                cells.append(self.computed_cell(spec["computed"], col, span))
            col += span
        long = any(c.kind == LONG for c in cells)
        self.add("long-field" if long else "fields", cells)

    def block_funds(self, block: dict) -> None:
        funds = self.template.funds
        label_span = funds.label_span
        header = [Cell(0, self.fmt(funds.label), LABEL, label_span, rowspan=len(funds.rows) + 1),
                  Cell(label_span, "", HEADER)]
        col = label_span + 1
        for column in funds.columns:
            header.append(Cell(col, column.label, HEADER, column.span))
            col += column.span
        self.add("funds", header)
        for index, row in enumerate(funds.rows):
            cells = [Cell(label_span, row.label, LABEL, align="left")]
            col = label_span + 1
            for column in funds.columns:
                cells.append(self.funds_cell(row.key, column, col, scored=index == 0))
                col += column.span
            self.add("funds", cells)

    def funds_cell(self, row: str, column: ColumnSpec, col: int, scored: bool) -> Cell:
        figures = self.figures
        if column.role == "money":
            return _money_cell(col, column.span, self.form.fund(row, column.key), self.form.amount_unit, funds_place(row, column.key))
        if not scored:
            return Cell(col, "" if column.role == "rate" else "—", DERIVED, column.span)
        if column.role == "weight":
            return Cell(col, format_score(figures.budget_weight), DERIVED, column.span, figures.budget_weight, "score")
        if column.role == "rate":
            return Cell(col, figures.execution_rate_text, DERIVED, column.span, figures.execution_rate, "rate")
        return Cell(col, format_score(figures.budget_score), DERIVED, column.span, figures.budget_score, "score")

    def block_goals(self, block: dict) -> None:
        left_span, right_span = block.get("left_span", 1), block.get("right_span", 1)
        left, right = block["left"], block["right"]
        self.add("goals", [
            Cell(0, self.fmt(block["label"]), LABEL, rowspan=2),
            Cell(1, self.template.field(left).label, HEADER, left_span),
            Cell(1 + left_span, self.template.field(right).label, HEADER, right_span),
        ])
        self.add("goals-text", [
            Cell(1, self.form.text(left), LONG, left_span, align="left", place=field_place(left)),
            Cell(1 + left_span, self.form.text(right), LONG, right_span, align="left", place=field_place(right)),
        ])

    def block_table(self, block: dict) -> None:
        spec = self.template.table(block["table"])
        rows = self.form.rows(spec.key)
        total = bool(spec.total_label)
        start = 1 if spec.section_label else 0
        header = []
        if spec.section_label:
            header.append(Cell(0, spec.section_label, LABEL, rowspan=len(rows) + 1))
        col = start
        for column in spec.columns:
            header.append(Cell(col, self.fmt(column.label), HEADER, column.span))
            col += column.span
        self.add("table-header", header, repeat=True)
        merged = self.merged_levels(spec, rows)
        for index, row in enumerate(rows):
            self.add("table-row", self.table_cells(spec, row, index, start, merged))
        if total:
            self.add("total", self.total_cells(spec, start))

    def merged_levels(self, spec: TableSpec, rows: list[Row]) -> dict[tuple[str, int], Group]:
        return {(g.level, g.start): g for g in self.figures.groups.get(spec.key, [])}

    def table_cells(self, spec: TableSpec, row: Row, index: int, start: int, merged: dict) -> list[Cell]:
        cells, col = [], start
        for column in spec.columns:
            place = cell_place(spec.key, index, column.key)
            text = row.get(column.key)
            if column.role in ("level1", "level2"):
                group = merged.get((column.key, index))
                if group is not None:
                    label = group_label(spec, group) if column.role == "level1" and group.name else group.name
                    cells.append(Cell(col, label, LABEL, column.span, rowspan=group.stop - group.start, place=place))
            elif column.role in ("weight", "score"):
                value = self.figures.numbers.get(place)
                shown = format_score(value) if value is not None else text
                cells.append(Cell(col, shown, VALUE, column.span, value, "score" if value is not None else "", place=place))
            elif column.role == "money":
                cells.append(_money_cell(col, column.span, text, self.form.amount_unit, place))
            else:
                long = column.long or column.role == "deviation"
                cells.append(Cell(col, text, LONG if long else VALUE, column.span, align="left" if long else "center", place=place))
            col += column.span
        return cells

    def total_cells(self, spec: TableSpec, start: int) -> list[Cell]:
        figures = self.figures
        cells = [Cell(0, spec.total_label, LABEL, spec.total_span)]
        col = 0
        for column in spec.columns:
            if col + start >= spec.total_span:
                if column.role == "weight":
                    cells.append(Cell(col + start, format_score(figures.total_weight), DERIVED, column.span, figures.total_weight, "score"))
                elif column.role == "score":
                    cells.append(Cell(col + start, format_score(figures.total_score), DERIVED, column.span, figures.total_score, "score"))
                else:
                    cells.append(Cell(col + start, "", DERIVED, column.span))
            col += column.span
        return cells

    def block_notes(self, block: dict) -> None:
        text = self.fmt(block.get("text", self.template.notes))
        if text:
            self.add("notes", [Cell(0, text, NOTE, self.sheet.width, align="left")])

    def block_signature(self, block: dict) -> None:
        items = list(block.get("items", self.template.signature))
        if not items:
            return
        stamp = items.pop() if items and "盖章" in items[-1] else None
        half = self.sheet.width // 2
        for pair in (items[i:i + 2] for i in range(0, len(items), 2)):
            cells = [Cell(0, f"{pair[0]}：", SIGNATURE, half, align="left")]
            if len(pair) > 1:
                cells.append(Cell(half, f"{pair[1]}：", SIGNATURE, self.sheet.width - half, align="left"))
            self.add("signature", cells)
        if stamp:
            self.add("stamp", [Cell(half, f"{stamp}：", SIGNATURE, self.sheet.width - half, align="left")])


def _money_cell(col: int, span: int, text: str, unit: str, place: Place) -> Cell:
    try:
        value = parse_amount(text, unit) if text else None
    except NumberError:
        value = None
    shown = format_money(value) if value is not None else text
    return Cell(col, shown, VALUE, span, value, "money" if value is not None else "", align="right", place=place)
