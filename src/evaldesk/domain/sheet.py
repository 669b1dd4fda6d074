"""The printed form as a grid: the one layout that the Excel and PDF exports (and print preview) draw.

`build_sheet` turns a form, its figures and its template's layout into rows of cells with spans,
display texts and number values. Exporters only map cells to their medium; they never re-derive layout.
"""
from __future__ import annotations

from decimal import Decimal

from . import layout as lay
from .compute import Figures, Group, blank_table, group_label
from .form import Form, Row
from .numbers import NumberError, format_money, format_score, parse_amount
from .places import Place, cell_place, field_place, funds_place
from .template import ColumnSpec, TableSpec, Template
from .value import Fresh, Value

# The paper prints the box after its option (其他一次性项目 ☑), at full character size.
CHECKED, UNCHECKED = "☑", "☐"
BOXES_PER_LINE = 3
OPTION_GAP = "\u00a0" * 4  # no-break spaces: kept as typed where plain spaces would collapse into one
BLANK_ROWS_PER_GROUP = 3  # rows to write on under each category of a table nobody has filled yet
WRITING_LINES = 4  # an empty text to be written by hand gets room for four lines

# Cell kinds: how a cell looks. Exporters style by kind.
TITLE, SUBTITLE, HEADLINE = "title", "subtitle", "headline"  # headline: a left-aligned line under the title
LABEL, HEADER, VALUE, LONG, DERIVED = "label", "header", "value", "long", "derived"
NOTE, SIGNATURE = "note", "signature"
BORDERLESS = {TITLE, SUBTITLE, HEADLINE, NOTE, SIGNATURE}


class Cell(Value, mutable=True):
    col: int
    text: str = ""
    kind: str = VALUE
    colspan: int = 1
    value: Decimal | None = None  # the number behind a number cell
    number_format: str = ""  # "money", "rate", "score" for number cells
    rowspan: int = 1
    align: str = "center"
    place: Place | None = None  # the typed place this cell shows
    room: int = 1  # lines left free when the cell is empty: WRITING_LINES where a hand is to write the text

    @property
    def bordered(self) -> bool:
        return self.kind not in BORDERLESS


class SheetRow(Value, mutable=True):
    cells: list[Cell]
    role: str = ""  # title, fields, figures, long-field, funds, goals, goals-text, table-header, table-row, total, notes, signature, stamp
    repeat: bool = False  # repeat this row at the top of each printed page
    block: int = -1  # the layout block (template.blocks) the row belongs to


class Sheet(Value, mutable=True):
    title: str
    name: str  # a short name for the sheet: the project name
    column_widths: tuple[Decimal, ...]
    rows: list[SheetRow] = Fresh(list)

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
    for index, block in enumerate(template.blocks):
        builder.block = index
        getattr(builder, "block_" + block.kind)(block)
    return sheet


class _Builder:
    def __init__(self, form: Form, figures: Figures, sheet: Sheet) -> None:
        self.form, self.figures, self.sheet = form, figures, sheet
        self.template: Template = form.template
        self.block = -1

    # ------------------------------------------------------------------ helpers
    def fmt(self, text: str) -> str:
        return lay.fill(text, self.form)

    def add(self, role: str, cells: list[Cell], repeat: bool = False) -> None:
        self.sheet.rows.append(SheetRow(cells, role, repeat, self.block))

    def field_cell(self, key: str, col: int, span: int) -> Cell:
        spec = self.template.field(key)
        text = self.form.text(key)
        place = field_place(key)
        if spec.type == "money":
            return _money_cell(col, span, text, self.form.amount_unit, place)
        if spec.type == "choice":
            chosen = self.form.fields.get(key, "")
            chosen = chosen if isinstance(chosen, list) else [chosen]
            boxes = [f"{o} {CHECKED if o in chosen else UNCHECKED}" for o in spec.options]
            # Three boxes a line, as on the paper form: a line break never falls inside an option.
            lines = [OPTION_GAP.join(boxes[i:i + BOXES_PER_LINE]) for i in range(0, len(boxes), BOXES_PER_LINE)]
            return Cell(col, "\n".join(lines), VALUE, span, align="left", place=place)
        long = spec.type == "longtext"
        # A value over several columns (项目名称, 主管部门 | 实施单位) starts at the left, as typed on paper;
        # a short one in a single column (a date) sits in the middle.
        left = long or span > 1 or len(text) > 12
        return Cell(col, text, LONG if long else VALUE, span, align="left" if left else "center", place=place,
                    room=WRITING_LINES if long else 1)

    def computed_cell(self, key: str, col: int, span: int) -> Cell:
        if key == "execution_rate":
            return Cell(col, self.figures.execution_rate_text, DERIVED, span, self.figures.execution_rate, "rate")
        if key == "total_score":
            value = self.figures.total_score
            return Cell(col, format_score(value), DERIVED, span, value, "score" if value is not None else "")
        return Cell(col, self.figures.grade, DERIVED, span)

    def slot_cell(self, slot: lay.Slot) -> Cell:
        if slot.kind == lay.FIELD:
            cell = self.field_cell(slot.key, slot.col, slot.colspan)
        elif slot.kind == lay.COMPUTED:
            cell = self.computed_cell(slot.key, slot.col, slot.colspan)
        elif slot.kind == lay.SIGNATURE:
            cell = Cell(slot.col, slot.text, SIGNATURE, slot.colspan, align="left")
        else:
            cell = Cell(slot.col, self.fmt(slot.text), HEADER if slot.kind == lay.HEADER else LABEL, slot.colspan)
        cell.rowspan = slot.rowspan
        return cell

    def slot_rows(self, block: lay.Block) -> list[list[Cell]]:
        rows: list[list[Cell]] = [[] for _ in range(block.row_count)]
        for slot in block.slots:
            rows[slot.row].append(self.slot_cell(slot))
        return rows

    # ------------------------------------------------------------------ blocks
    def block_title(self, block: lay.TitleBlock) -> None:
        styles = {"title": TITLE, "subtitle": SUBTITLE, "left": HEADLINE}
        for line in block.lines:
            kind = styles[line.style]
            align = "left" if kind == HEADLINE else "center"
            self.add("title", [Cell(0, lay.fill(line.text, self.form, title=True), kind, self.sheet.width, align=align)])

    def block_row(self, block: lay.RowBlock) -> None:
        cells = self.slot_rows(block)[0]
        if any(c.kind == LONG for c in cells):
            self.add("long-field", cells)
        else:  # a row of figures only (自评总分 | 98.45 | 自评等级 | 优)
            self.add("figures" if all(c.kind in (LABEL, DERIVED) for c in cells) else "fields", cells)

    def block_goals(self, block: lay.GoalsBlock) -> None:
        header, texts = self.slot_rows(block)
        self.add("goals", header)
        self.add("goals-text", texts)

    def block_signature(self, block: lay.SignatureBlock) -> None:
        for index, cells in enumerate(self.slot_rows(block)):
            self.add("stamp" if block.is_stamp_row(index) else "signature", cells)

    def block_notes(self, block: lay.NotesBlock) -> None:
        text = self.fmt(block.text)
        if text:
            self.add("notes", [Cell(0, text, NOTE, self.sheet.width, align="left")])

    def block_funds(self, block: lay.FundsBlock) -> None:
        funds = self.template.funds
        label_span = funds.label_span
        header = [Cell(0, self.fmt(funds.label), LABEL, label_span, rowspan=len(funds.rows) + 1),
                  Cell(label_span, "", HEADER)]
        col = label_span + 1
        for column in funds.columns:
            header.append(Cell(col, column.label, HEADER, column.span))
            col += column.span
        self.add("funds", header)
        for row in funds.rows:
            cells = [Cell(label_span, row.label, LABEL, align="left")]
            col = label_span + 1
            for column in funds.columns:
                cells.append(self.funds_cell(row.key, column, col, scored=funds.is_scored(row.key)))
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

    def block_table(self, block: lay.TableBlock) -> None:
        spec = self.template.table(block.table)
        rows = self.form.rows(spec.key)
        blank = blank_table(spec, rows)
        printed = self.printed_rows(spec, rows, _untouched(spec, rows))
        start = 1 if spec.section_label else 0
        header = []
        if spec.section_label:
            header.append(Cell(0, spec.section_label, LABEL, rowspan=len(printed) + 1))
        col = start
        for column in spec.columns:
            header.append(Cell(col, self.fmt(column.label), HEADER, column.span))
            col += column.span
        self.add("table-header", header, repeat=True)
        merged = self.merged_levels(spec, printed)
        for position, index in enumerate(printed):
            row = rows[index] if index is not None else Row()
            self.add("table-row", self.table_cells(spec, row, index, position, start, merged, blank))
        if spec.total_label:
            self.add("total", self.total_cells(spec, start, blank))

    def printed_rows(self, spec: TableSpec, rows: list[Row], untouched: bool) -> list[int | None]:
        """The form's rows in print order; in a table nobody has filled yet, each innermost category with
        nothing typed under it gets empty rows to write on (None), up to BLANK_ROWS_PER_GROUP."""
        if not untouched:
            return list(range(len(rows)))
        levels = self.figures.groups.get(spec.key, [])
        innermost = [g for g in levels if g.level == spec.levels[-1]] if spec.levels else []
        spans = [(g.start, g.stop) for g in innermost] or [(0, len(rows))]
        printed: list[int | None] = []
        for first, stop in spans:
            empty = not any(_typed(spec, row) for row in rows[first:stop])
            room = BLANK_ROWS_PER_GROUP - (stop - first) if empty else 0
            printed += list(range(first, stop)) + [None] * max(0, room)
        return printed

    def merged_levels(self, spec: TableSpec, printed: list[int | None]) -> dict[tuple[str, int], tuple[Group, int]]:
        """Category cells by (level, first printed row): the group and the printed rows it covers
        (its rows, and the empty rows printed under them)."""
        position = {index: p for p, index in enumerate(printed) if index is not None}
        merged = {}
        for group in self.figures.groups.get(spec.key, []):
            first, stop = position[group.start], position[group.stop - 1] + 1
            while stop < len(printed) and printed[stop] is None:
                stop += 1
            merged[(group.level, first)] = (group, stop - first)
        return merged

    def table_cells(self, spec: TableSpec, row: Row, index: int | None, position: int, start: int,
                    merged: dict, blank: bool) -> list[Cell]:
        cells, col = [], start
        for column in spec.columns:
            place = cell_place(spec.key, index, column.key) if index is not None else None
            text = row.get(column.key)
            if column.is_level:
                found = merged.get((column.key, position))
                if found is not None:
                    group, rowspan = found
                    label = group_label(spec, group, blank) if column.role == "level1" and group.name else group.name
                    cells.append(Cell(col, label, LABEL, column.span, rowspan=rowspan, place=place))
                elif index is None and not any(position in range(p, p + n) for (k, p), (_, n) in merged.items() if k == column.key):
                    cells.append(Cell(col, "", LABEL, column.span))
            elif column.is_figure and place is not None:
                value = self.figures.numbers.get(place)
                shown = format_score(value) if value is not None else text
                cells.append(Cell(col, shown, DERIVED if column.derived else VALUE, column.span, value,
                                  "score" if value is not None else "", place=place))
            elif column.role == "money" and place is not None:
                cells.append(_money_cell(col, column.span, text, self.form.amount_unit, place))
            else:  # a filled table's empty 偏差原因 means nothing to say: room to write only on a blank one
                cells.append(Cell(col, text, LONG if column.long else VALUE, column.span,
                                  align="left" if column.long else "center", place=place,
                                  room=WRITING_LINES if column.long and blank else 1))
            col += column.span
        return cells

    def total_cells(self, spec: TableSpec, start: int, blank: bool) -> list[Cell]:
        """The 总分 / 合计 row; left empty on a form nobody has filled yet (the budget's 10 is no total)."""
        figures = self.figures
        cells = [Cell(0, spec.total_label, LABEL, spec.total_span)]
        totals = {"weight": figures.total_weight, "score": figures.total_score,
                  "ratio": figures.goal_ratio, "weighted": figures.indicator_score}
        col = 0
        for column in spec.columns:
            if col + start >= spec.total_span:
                value = None if blank else totals.get(column.role)
                cells.append(Cell(col + start, format_score(value), DERIVED, column.span, value, "score" if value is not None else ""))
            col += column.span
        return cells


def _typed(spec: TableSpec, row: Row) -> dict[str, str]:
    return {c.key: row.get(c.key) for c in spec.columns if not c.is_level and row.get(c.key)}


def _untouched(spec: TableSpec, rows: list[Row]) -> bool:
    """Nothing typed in the table beyond what a new form starts with (its template's default rows)."""
    defaults = [Row(values) for values in spec.default_rows]
    return all(_typed(spec, row) == (_typed(spec, defaults[i]) if i < len(defaults) else {}) for i, row in enumerate(rows))


def _money_cell(col: int, span: int, text: str, unit: str, place: Place) -> Cell:
    try:
        value = parse_amount(text, unit) if text else None
    except NumberError:
        value = None
    shown = format_money(value) if value is not None else text
    return Cell(col, shown, VALUE, span, value, "money" if value is not None else "", align="right", place=place)
