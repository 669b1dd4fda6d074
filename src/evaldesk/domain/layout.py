"""The form's layout, read once: typed blocks on the paper's column grid, every default resolved.

A template's "layout" list (JSON) becomes a tuple of blocks when the template is read. Each block knows
its cells' places on the grid (`Slot`s: row within the block, column, spans, and what the cell shows),
so the printed sheet (domain/sheet.py), the window (ui/form_view.py) and the workbook reader
(readers/labels.py) place the same things in the same cells without interpreting the JSON again. The
funds block and the tables are grids of their own; their column roles live on their specs (template.py).
"""
from __future__ import annotations

from .value import Value

TYPE_CHECKING = False  # typing itself is not imported at run time: `evaldesk check` does without it
if TYPE_CHECKING:
    from typing import Any

    from .form import Form
    from .template import Template

# What a slot shows.
LABEL, HEADER, FIELD, COMPUTED, SIGNATURE = "label", "header", "field", "computed", "signature"
COMPUTED_KEYS = ("execution_rate", "grade", "total_score")  # figures a row block may show (Figures.printed)
TITLE_STYLES = ("title", "subtitle", "left")
STAMP_WORD = "盖章"  # the last signature item that names a stamp gets the right half and room for it
# A title placeholder with nothing typed yet ("（{year} 年度）"): room to write four digits by hand.
TITLE_BLANK = "\u00a0" * 8


class LayoutError(ValueError):
    """A layout that cannot be used; the message says what is wrong, in Chinese."""


class Slot(Value):
    """One cell of a block on the paper's column grid."""

    row: int  # the row within its block
    col: int
    colspan: int
    kind: str  # LABEL, HEADER, FIELD, COMPUTED or SIGNATURE
    text: str = ""  # what a label, header or signature line prints; may hold {unit} and {field} placeholders
    key: str = ""  # the field or the computed figure it shows
    rowspan: int = 1


class TitleLine(Value):
    text: str
    style: str  # "title", "subtitle" or "left" (a line such as 申报单位名称：…, set to the left)

    def fields(self) -> list[str]:
        """The placeholders of the line, in order: （{year} 年度） → ["year"]."""
        from string import Formatter  # here: importing string compiles a pattern, at every start

        return [key for _, key, _, _ in Formatter().parse(self.text) if key]


class Block(Value):
    kind = ""

    @property
    def slots(self) -> tuple[Slot, ...]:
        return ()

    @property
    def row_count(self) -> int:
        return max((s.row + s.rowspan for s in self.slots), default=0)


class TitleBlock(Block):
    kind = "title"
    lines: tuple[TitleLine, ...] = ()


class RowBlock(Block):
    """One row of labels and values (项目名称 | value; 主管部门 | value | 实施单位 | value)."""
    kind = "row"
    cells: tuple[Slot, ...] = ()

    @property
    def slots(self) -> tuple[Slot, ...]:
        return self.cells

    def pairs(self) -> list[tuple[Slot, Slot | None]]:
        """Each label with the value slot right of it (None when another label or nothing follows)."""
        result = []
        for index, slot in enumerate(self.cells):
            if slot.kind == LABEL:
                after = self.cells[index + 1] if index + 1 < len(self.cells) else None
                result.append((slot, after if after is not None and after.kind in (FIELD, COMPUTED) else None))
        return result


class GoalsBlock(Block):
    """年度总体目标: a label over two rows, two headed long texts side by side."""
    kind = "goals"
    label: str = ""
    left: str = ""
    right: str = ""
    left_span: int = 1
    right_span: int = 1
    left_label: str = ""
    right_label: str = ""

    @property
    def slots(self) -> tuple[Slot, ...]:
        middle = 1 + self.left_span
        return (
            Slot(0, 0, 1, LABEL, self.label, rowspan=2),
            Slot(0, 1, self.left_span, HEADER, self.left_label),
            Slot(0, middle, self.right_span, HEADER, self.right_label),
            Slot(1, 1, self.left_span, FIELD, key=self.left),
            Slot(1, middle, self.right_span, FIELD, key=self.right),
        )


class FundsBlock(Block):
    kind = "funds"


class TableBlock(Block):
    kind = "table"
    table: str = ""


class NotesBlock(Block):
    kind = "notes"
    text: str = ""


class SignatureBlock(Block):
    """Lines to sign on, two a row; a last line naming a stamp (单位（盖章）) on the right half, alone."""
    kind = "signature"
    items: tuple[str, ...] = ()
    width: int = 1

    @property
    def stamp(self) -> str | None:
        return self.items[-1] if self.items and STAMP_WORD in self.items[-1] else None

    @property
    def slots(self) -> tuple[Slot, ...]:
        half = self.width // 2
        lines = list(self.items[:-1] if self.stamp else self.items)
        slots = []
        for index, item in enumerate(lines):
            right = index % 2 == 1
            slots.append(Slot(index // 2, half if right else 0, self.width - half if right else half, SIGNATURE, f"{item}："))
        if self.stamp:
            slots.append(Slot((len(lines) + 1) // 2, half, self.width - half, SIGNATURE, f"{self.stamp}："))
        return tuple(slots)

    def is_stamp_row(self, row: int) -> bool:
        return self.stamp is not None and row == self.row_count - 1


BLOCKS = {cls.kind: cls for cls in (TitleBlock, RowBlock, GoalsBlock, FundsBlock, TableBlock, NotesBlock, SignatureBlock)}


# ---------------------------------------------------------------------------------------- filling


def fill(text: str, form: "Form", title: bool = False) -> str:
    """A template text with its placeholders filled from the form: {unit} the form's amount unit, {field}
    the field's typed text. In a title line an empty field leaves a blank to write on by hand."""
    values = {spec.key: form.text(spec.key) or (TITLE_BLANK if title else "") for spec in form.template.fields}
    values["unit"] = form.amount_unit
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError, AttributeError):
        return text


# ---------------------------------------------------------------------------------------- reading


def read_blocks(template: "Template", raw: Any) -> tuple[Block, ...]:
    """The layout list of a template file as typed blocks, checked against the template's fields,
    tables and width; raises LayoutError with a sentence naming the block."""
    if not isinstance(raw, list):
        raise LayoutError("模板的“layout”应是一个列表")
    return tuple(_block(template, item, index) for index, item in enumerate(raw))


def _block(t: "Template", raw: Any, index: int) -> Block:
    where = f"版面第 {index + 1} 块"
    if not isinstance(raw, dict):
        raise LayoutError(f"{where}应是一个对象")
    kind = raw.get("block")
    if kind not in BLOCKS:
        raise LayoutError(f"{where}的 block 只能是 {'、'.join(BLOCKS)} 之一，而不是 {kind!r}")
    return getattr(_Reader(t, raw, where), "read_" + kind)()


class _Reader:
    def __init__(self, template: "Template", raw: dict, where: str) -> None:
        self.t, self.raw, self.where = template, raw, where

    def text(self, key: str) -> str:
        value = self.raw.get(key)
        if not isinstance(value, str):
            raise LayoutError(f"{self.where}缺少文字“{key}”")
        return value

    def span(self, value: Any, what: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise LayoutError(f"{self.where}的 {what} 应为正整数")
        return value

    def field(self, key: Any) -> str:
        if not isinstance(key, str) or not self.t.has_field(key):
            raise LayoutError(f"{self.where}引用了不存在的字段“{key}”")
        return key

    def fits(self, width: int) -> None:
        if width != self.t.width:
            raise LayoutError(f"{self.where}共占 {width} 列，与模板的 {self.t.width} 列不符")

    def read_title(self) -> TitleBlock:
        raw_lines = self.raw.get("lines", [{"text": self.t.title, "style": "title"}])
        if not isinstance(raw_lines, list):
            raise LayoutError(f"{self.where}的 lines 应是一个列表")
        lines = []
        for line in raw_lines:
            if not isinstance(line, dict) or not isinstance(line.get("text"), str):
                raise LayoutError(f"{self.where}的每一行标题都要有 text")
            style = line.get("style", "title")
            if style not in TITLE_STYLES:
                raise LayoutError(f"{self.where}的标题样式只能是 {'、'.join(TITLE_STYLES)} 之一，而不是 {style!r}")
            lines.append(TitleLine(line["text"], style))
        return TitleBlock(lines=tuple(lines))

    def read_row(self) -> RowBlock:
        cells = self.raw.get("cells")
        if not isinstance(cells, list) or not cells:
            raise LayoutError(f"{self.where}缺少 cells")
        slots, col = [], 0
        for cell in cells:
            if not isinstance(cell, dict):
                raise LayoutError(f"{self.where}的单元格应是对象")
            span = self.span(cell.get("span", 1), "span")
            if "label" in cell:
                slots.append(Slot(0, col, span, LABEL, str(cell["label"])))
            elif "field" in cell:
                slots.append(Slot(0, col, span, FIELD, key=self.field(cell["field"])))
            elif cell.get("computed") in COMPUTED_KEYS:
                slots.append(Slot(0, col, span, COMPUTED, key=cell["computed"]))
            else:
                raise LayoutError(f"{self.where}的单元格应有 label、field 或 computed（{'、'.join(COMPUTED_KEYS)}）")
            col += span
        self.fits(col)
        return RowBlock(cells=tuple(slots))

    def read_goals(self) -> GoalsBlock:
        left, right = self.field(self.raw.get("left")), self.field(self.raw.get("right"))
        left_span = self.span(self.raw.get("left_span", 1), "left_span")
        right_span = self.span(self.raw.get("right_span", 1), "right_span")
        self.fits(1 + left_span + right_span)
        return GoalsBlock(label=self.text("label"), left=left, right=right, left_span=left_span,
                          right_span=right_span, left_label=self.t.field(left).label,
                          right_label=self.t.field(right).label)

    def read_funds(self) -> FundsBlock:
        if self.t.funds is None:
            raise LayoutError(f"{self.where}是资金表，但模板没有 funds 定义")
        if self.t.funds.width != self.t.width:
            raise LayoutError(f"资金表共占 {self.t.funds.width} 列，与模板的 {self.t.width} 列不符")
        return FundsBlock()

    def read_table(self) -> TableBlock:
        key = self.raw.get("table")
        if key not in [table.key for table in self.t.tables]:
            raise LayoutError(f"{self.where}引用了不存在的表格“{key}”")
        return TableBlock(table=key)

    def read_notes(self) -> NotesBlock:
        return NotesBlock(text=str(self.raw.get("text", self.t.notes)))

    def read_signature(self) -> SignatureBlock:
        items = self.raw.get("items", list(self.t.signature))
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise LayoutError(f"{self.where}的 items 应是文字列表")
        return SignatureBlock(items=tuple(items), width=self.t.width)
