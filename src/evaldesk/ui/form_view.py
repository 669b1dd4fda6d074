"""The form on screen, block by block in the template's order, laid out on the paper's column grid.

One QGridLayout holds the whole page, its columns stretched like the template's `columns`, so label
cells, field editors and the grids (funds, indicators) line up as one table, as the paper does. The
grids take their column widths from the page's own columns after every resize.
"""
from __future__ import annotations

import string

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QSpacerItem, QWidget

from ..domain import layout as lay
from ..domain.places import Place
from . import look, proposals
from .field_editors import ComputedField, editor_for
from .funds_model import FundsModel
from .paper_view import PaperTableView, own_viewport
from .table_model import TableModel

PAPER_MIN_WIDTH = 960
PAPER_MAX_WIDTH = 1500
LINE = 1  # the printed table's lines: the 1 px gaps between cells, painted in the grid colour


class Paper(QWidget):
    """The page. Its columns get exact pixel widths from its width, so that the grids line up with the rows."""

    resized = Signal()

    def __init__(self, weights) -> None:
        super().__init__()
        self.weights = [float(w) for w in weights]
        self.unit_widths: list[int] = []
        self.bordered: list[QWidget] = []  # the cells of the printed table, framed by painted lines
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.Window, QColor("white"))
        self.setPalette(palette)

    def paintEvent(self, event) -> None:
        if not self.bordered:
            return
        area = QRect()
        for widget in self.bordered:
            area = area.united(widget.geometry())
        # A rectangle drawn with a brush of that colour and no pen, not fillRect: PySide6 tries fillRect's
        # QGradient and QImage overloads first and builds their enum types, 3 ms of the first screen
        painter = QPainter(self)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(look.GRID))
        painter.drawRect(area.adjusted(-LINE, -LINE, LINE, LINE))

    def column_widths(self, width: int) -> list[int]:
        margins = self.layout().contentsMargins()
        gaps = LINE * (len(self.weights) - 1)
        available = max(width - margins.left() - margins.right() - gaps, len(self.weights))
        total, edges, running = sum(self.weights), [0], 0.0
        for weight in self.weights:
            running += weight
            edges.append(round(available * running / total))
        return [b - a for a, b in zip(edges, edges[1:])]

    def minimumSizeHint(self):
        hint = super().minimumSizeHint()
        hint.setWidth(PAPER_MIN_WIDTH)
        return hint

    def resizeEvent(self, event) -> None:
        widths = self.column_widths(event.size().width())
        if widths != self.unit_widths:
            self.unit_widths = widths
            grid = self.layout()
            for column, width in enumerate(widths):
                grid.setColumnMinimumWidth(column, width)
                grid.setColumnStretch(column, 0)
            grid.invalidate()
            self.resized.emit()
        super().resizeEvent(event)


class FormView(QScrollArea):
    hint = Signal(str)  # a sentence for the status bar

    def __init__(self, document, parent=None) -> None:
        super().__init__(parent)
        own_viewport(self)
        self.document = document
        self.template = document.form.template
        self.fields: dict[str, list] = {}
        self.computed: list[ComputedField] = []
        self.labels: list[tuple[QLabel, str]] = []  # labels with {unit} or {field} to refill
        self.tables: dict[str, PaperTableView] = {}
        self.funds_view: PaperTableView | None = None
        self.last_grid: PaperTableView | None = None
        self._build()
        document.changed.connect(self.refresh)

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.paper = Paper(self.template.columns)
        self.paper.setObjectName("paper")
        self.paper.setMinimumWidth(PAPER_MIN_WIDTH)
        self.paper.setMaximumWidth(PAPER_MAX_WIDTH)
        self.grid = QGridLayout(self.paper)
        self.grid.setSpacing(LINE)
        self.grid.setContentsMargins(24, 16, 24, 24)
        self.grid.setSizeConstraint(QGridLayout.SetNoConstraint)
        self.row = 0
        for block in self.template.blocks:
            getattr(self, "_block_" + block.kind)(block)
        # Spare height goes below the form, never into the rows (a short text box stays its own size).
        self.grid.addItem(QSpacerItem(0, 0, QSizePolicy.Minimum, QSizePolicy.Expanding), self.row, 0)
        self.grid.setRowStretch(self.row, 1)
        holder = QWidget()
        outer = QHBoxLayout(holder)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.paper)
        holder.setAutoFillBackground(True)
        palette = holder.palette()
        palette.setColor(QPalette.Window, QColor("#d9dde2"))
        holder.setPalette(palette)
        self.setWidget(holder)
        self.setWidgetResizable(True)
        self.paper.resized.connect(self._sync_columns)

    def _fmt(self, text: str) -> str:
        return lay.fill(text, self.document.form)

    def _label(self, text: str, kind: str = "label") -> QLabel:
        label = QLabel(self._fmt(text))
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignCenter)
        label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        if kind == "label":
            label.setMargin(4)
            label.setAutoFillBackground(True)
            palette = label.palette()
            palette.setColor(QPalette.Window, look.LABEL_BG)
            label.setPalette(palette)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        else:
            label.setMargin(6)
        if "{" in text:
            self.labels.append((label, text))
        return label

    def _place(self, widget: QWidget, row: int, column: int, rows: int = 1, columns: int = 1) -> None:
        """Put a cell of the printed table on the page; the page paints the lines around it."""
        self.paper.bordered.append(widget)
        self.grid.addWidget(widget, row, column, rows, columns)

    def _editor(self, key: str):
        spec = self.template.field(key)
        editor = editor_for(self.document, spec)
        editor.hint.connect(self.hint)
        self.fields.setdefault(key, []).append(editor)
        return editor

    def _block_title(self, block: lay.TitleBlock) -> None:
        for line in block.lines:
            self.grid.addWidget(self._title_line(line), self.row, 0, 1, self.template.width)
            self.row += 1

    def _title_line(self, line: lay.TitleLine) -> QWidget:
        """A title line; a {field} inside it (（{year} 年度）) becomes a small box to type in, in place."""
        holder = QWidget()
        box = QHBoxLayout(holder)
        box.setContentsMargins(0, 2, 0, 2)
        style = line.style
        if style != "left":
            box.addStretch(1)
        for literal, key, _, _ in string.Formatter().parse(line.text):
            font = QFont(self.font())
            font.setPointSizeF(font.pointSizeF() * (1.6 if style == "title" else 1.15))
            font.setBold(style == "title")
            if literal:
                label = QLabel(literal)
                label.setFont(font)
                label.setContentsMargins(0, 6 if style == "title" else 0, 0, 6 if style == "title" else 2)
                box.addWidget(label)
            if key and self.template.has_field(key):
                editor = self._editor(key)
                editor.setFont(font)
                editor.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)
                if style == "left":
                    editor.setFixedWidth(420)
                else:
                    # （2021 年度）: a short blank to write on, centred, not a wide gap after the year
                    editor.setFixedWidth(editor.fontMetrics().horizontalAdvance("0") * 4 + 24)
                    editor.setAlignment(Qt.AlignCenter)
                editor.setStyleSheet(f"QLineEdit {{ border: none; border-bottom: 1px solid {look.GRID}; }}")
                box.addWidget(editor)
        box.addStretch(1)
        return holder

    def _block_row(self, block: lay.RowBlock) -> None:
        self._place_slots(block)

    def _block_goals(self, block: lay.GoalsBlock) -> None:
        self._place_slots(block)

    def _block_signature(self, block: lay.SignatureBlock) -> None:
        self._place_slots(block)

    def _place_slots(self, block: lay.Block) -> None:
        """The block's cells where the printed sheet has them: the same slots, so screen and paper agree."""
        for slot in block.slots:
            if slot.kind == lay.SIGNATURE:
                label = self._label(slot.text, "note")
                label.setAlignment(Qt.AlignLeft | (Qt.AlignTop if block.is_stamp_row(slot.row) else Qt.AlignVCenter))
                label.setMargin(8)
                if block.is_stamp_row(slot.row):
                    label.setMinimumHeight(96)  # room for the round stamp, as on paper
                self.grid.addWidget(label, self.row + slot.row, slot.col, slot.rowspan, slot.colspan)
                continue
            if slot.kind == lay.FIELD:
                widget = self._editor(slot.key)
            elif slot.kind == lay.COMPUTED:
                widget = ComputedField(self.document, slot.key)
                self.computed.append(widget)
            else:
                widget = self._label(slot.text)
            self._place(widget, self.row + slot.row, slot.col, slot.rowspan, slot.colspan)
        self.row += block.row_count

    def _block_funds(self, block: lay.FundsBlock) -> None:
        self.funds_view = self._grid_view(FundsModel(self.document))
        self.funds_view.setObjectName("funds")

    def _block_table(self, block: lay.TableBlock) -> None:
        spec = self.template.table(block.table)
        view = self._grid_view(TableModel(self.document, spec))
        view.setObjectName(f"table_{spec.key}")
        self.tables[spec.key] = view

    def _grid_view(self, model) -> PaperTableView:
        view = PaperTableView(model)
        view.hint.connect(self.hint)
        proposals.install(view)
        if isinstance(model, TableModel) and model.shows_declared:
            from . import declared_targets  # here: other forms never load it (2 ms of their start)

            declared_targets.install(view)
        self.paper.bordered.append(view)
        view.focused.connect(lambda v=view: setattr(self, "last_grid", v))
        self.grid.addWidget(view, self.row, 0, 1, self.template.width)
        self.row += 1
        return view

    def _block_notes(self, block: lay.NotesBlock) -> None:
        if block.text:
            label = self._label(block.text, "note")
            label.setAlignment(Qt.AlignLeft | Qt.AlignTop)
            label.setTextInteractionFlags(Qt.TextSelectableByMouse)
            self.grid.addWidget(label, self.row, 0, 1, self.template.width)
            self.row += 1

    # ------------------------------------------------------------------ following the document
    def refresh(self, touched=None) -> None:
        for editors in self.fields.values():
            for editor in editors:
                editor.load()
        for widget in self.computed:
            widget.load()
        for label, text in self.labels:
            shown = self._fmt(text)
            if label.text() != shown:
                label.setText(shown)

    def _sync_columns(self) -> None:
        widths = self.paper.unit_widths
        if not widths:
            return
        for view in self.grid_views():
            view.set_unit_widths(widths)

    def grid_views(self) -> list[PaperTableView]:
        return ([self.funds_view] if self.funds_view else []) + list(self.tables.values())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._sync_columns)

    def focus_first(self) -> None:
        """The cursor in the first field, ready for typing."""
        first = next(iter(self.fields.values()), None)
        if first:
            first[0].setFocus(Qt.OtherFocusReason)

    # ------------------------------------------------------------------ going to a place
    def focus_place(self, place: Place) -> bool:
        """Put the cursor where a problem is: a field's editor or a grid's cell."""
        if place.area == "field" and place.key in self.fields:
            widget = self.fields[place.key][0]
            widget.setFocus(Qt.OtherFocusReason)
            self.ensureWidgetVisible(widget, 50, 80)
            return True
        if place.area == "funds" and self.funds_view:
            return self._select(self.funds_view, self.funds_view.model().index_of(place))
        if place.area == "table" and place.key in self.tables:
            view = self.tables[place.key]
            return self._select(view, view.model().index_of(place))
        return False

    def _select(self, view: PaperTableView, index) -> bool:
        view.setFocus(Qt.OtherFocusReason)
        view.setCurrentIndex(index)
        rect = view.visualRect(index)
        top_left = view.viewport().mapTo(self.widget(), rect.topLeft())
        self.ensureVisible(top_left.x(), top_left.y() + rect.height() // 2, 50, rect.height() // 2 + 60)
        self.last_grid = view
        return True
