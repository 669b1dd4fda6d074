"""Editors for the form's fields, one per field type, each writing through the document as you type.

Each editor knows its field key, shows the form's text (`load`, called after every change, also after
undo) and sends every keystroke as a SetField that merges with the previous keystrokes while the editor
keeps the focus. Numbers that are not numbers turn red with the reason, and are kept as typed.
"""
from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLineEdit, QPlainTextEdit, QSizePolicy, QWidget

from ..domain.edits import SetField
from ..domain.places import field_place
from ..domain.template import FieldSpec
from . import look
from .numbers_check import number_problem

PLACEHOLDERS = {"date": "如 2021-12-31", "money": "金额", "number": "数字"}
YES_NO = ("", "是", "否")
UNDO_KEYS, REDO_KEYS = ("Ctrl+Z",), ("Ctrl+Y", "Ctrl+Shift+Z")  # the window's 撤销 and 重做, in every editor too


class FormUndoKeys:
    """Ctrl+Z / Ctrl+Y / Ctrl+Shift+Z in an editor undo and redo the form (the window's undo group), never the
    editor's own stack. Qt's text editors take these keys as their own before any shortcut sees them, so they
    are caught here as the editor's key presses: an event() seeing every event of every field (to let the
    keys pass to the window's shortcuts) cost 2.7 M instructions of each start."""

    def keyPressEvent(self, event) -> None:
        step = undo_step(event)
        if not step:
            super().keyPressEvent(event)
            return
        group = getattr(self.window(), "undo_group", None)  # the main window's; none in a lone editor
        if group is not None:
            group.undo() if step == "undo" else group.redo()
        event.accept()


class FieldEditor(FormUndoKeys):
    """What every field editor does: load the form's value, send typed values, start a new undo step on focus."""

    def init_field(self, doc, spec: FieldSpec) -> None:
        self.doc, self.spec = doc, spec
        self.loading = False
        self.bad = False
        self.merge_token = object()
        self.setAcceptDrops(False)  # a dropped .evd file opens as a form, never pastes its path here
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)  # fills its cell: no grid colour around it
        self.setObjectName(f"field_{spec.key}")
        self.setAccessibleName(spec.label)

    def current(self):
        return self.doc.form.fields.get(self.spec.key, [] if self.spec.multiple else "")

    def send(self, value) -> None:
        if self.loading or value == self.current():
            return
        self.doc.edit(SetField(self.spec.key, value), merge_key=(self.merge_token, self.spec.key))

    def focusInEvent(self, event) -> None:
        self.merge_token = object()  # a new visit to the field is a new undo step
        super().focusInEvent(event)


def undo_step(event) -> str:
    """"undo" or "redo" for a key press that belongs to the form's undo stack, else ""."""
    from PySide6.QtGui import QKeySequence  # at the first key, not at the start: its 70 standard keys are 5 M

    undo, redo = undo_keys()
    combined = event.keyCombination().toCombined()
    if event.matches(QKeySequence.Undo) or combined in undo:
        return "undo"
    if event.matches(QKeySequence.Redo) or combined in redo:
        return "redo"
    return ""


@cache
def undo_keys() -> tuple[frozenset[int], frozenset[int]]:
    """The keys that undo and redo everywhere, whatever the platform's own: as the window's 撤销 and 重做."""
    from PySide6.QtGui import QKeySequence

    def keys(*texts: str) -> frozenset[int]:
        return frozenset(QKeySequence(text)[0].toCombined() for text in texts)

    return keys(*UNDO_KEYS), keys(*REDO_KEYS)


def paint_base(widget, color) -> None:
    palette = widget.palette()
    palette.setColor(QPalette.Base, color)
    widget.setPalette(palette)


class LineField(FieldEditor, QLineEdit):
    hint = Signal(str)

    def __init__(self, doc, spec: FieldSpec, parent=None) -> None:
        QLineEdit.__init__(self, parent)
        self.init_field(doc, spec)
        self.setFrame(False)
        self.setTextMargins(4, 2, 4, 2)
        self.setPlaceholderText(PLACEHOLDERS.get(spec.type, ""))
        if spec.type in ("money", "number"):
            self.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.textEdited.connect(self._typed)
        self.load()

    def load(self) -> None:
        self._show(self.doc.form.text(self.spec.key) if self.hasFocus() else self._printed())
        self._check()

    def _printed(self) -> str:
        """An amount as the paper prints it (3,467,369.00) while the clerk is elsewhere; typed text otherwise."""
        typed = self.doc.form.text(self.spec.key)
        if self.spec.type != "money":
            return typed
        return look.shown_amount(typed, self.doc.figures.numbers.get(field_place(self.spec.key)))

    def _show(self, text: str) -> None:
        if self.text() != text:
            self.loading = True
            self.setText(text)
            self.loading = False

    def focusInEvent(self, event) -> None:
        self._show(self.doc.form.text(self.spec.key))  # edit what was typed, before Qt selects it for Tab
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.load()

    def _typed(self, text: str) -> None:
        self._check()
        self.send(text)

    def _check(self) -> None:
        kind = {"money": "money", "number": "number"}.get(self.spec.type, "")
        message = number_problem(self.text(), kind, self.doc.form.amount_unit)
        fixed = self.bad and not message
        if self.bad != bool(message):
            self.bad = bool(message)
            paint_base(self, look.BAD_BG if message else QColor("white"))
        self.setToolTip(message)
        if (message or fixed) and self.hasFocus():
            self.hint.emit(message)  # an empty hint clears the sentence about the typo just fixed


class GrowingText(FieldEditor, QPlainTextEdit):
    """A long text that grows with its content, never clipped: the page scrolls, not the box."""

    hint = Signal(str)
    MIN_LINES = 3

    def __init__(self, doc, spec: FieldSpec, parent=None) -> None:
        QPlainTextEdit.__init__(self, parent)
        self.init_field(doc, spec)
        self.setFrameShape(QPlainTextEdit.NoFrame)
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Minimum)  # fills its row beside a longer neighbour
        self.textChanged.connect(lambda: self.send(self.toPlainText()))
        self.document().documentLayout().documentSizeChanged.connect(self.fit_height)
        self.load()

    def text(self) -> str:
        return self.toPlainText()

    def load(self) -> None:
        text = self.doc.form.text(self.spec.key)
        if self.toPlainText() != text:
            self.loading = True
            self.setPlainText(text)
            self.loading = False

    def fit_height(self, *args) -> None:
        # Measure the laid-out blocks in pixels: Chinese glyphs come from a fallback font with taller lines.
        block, content = self.document().begin(), 0.0
        while block.isValid():
            content += self.blockBoundingRect(block).height()
            block = block.next()
        minimum = self.MIN_LINES * self.fontMetrics().lineSpacing()
        margins = self.contentsMargins()
        height = int(max(content, minimum) + 2 * self.document().documentMargin() + margins.top() + margins.bottom() + 4)
        if self.minimumHeight() != height:
            self.setMinimumHeight(height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_height()

    def sizeHint(self):
        # As tall as the text, not Qt's default 192 px box: a short answer takes a short row.
        hint = super().sizeHint()
        hint.setHeight(self.minimumHeight())
        return hint


class YesNoField(FieldEditor, QComboBox):
    hint = Signal(str)

    def __init__(self, doc, spec: FieldSpec, parent=None) -> None:
        QComboBox.__init__(self, parent)
        self.init_field(doc, spec)
        self.setFrame(False)
        self.addItems(list(spec.options or YES_NO))
        self.currentTextChanged.connect(self.send)
        self.load()

    def text(self) -> str:
        return self.currentText()

    def load(self) -> None:
        text = self.doc.form.text(self.spec.key)
        if self.currentText() != text:
            self.loading = True
            if self.findText(text) < 0:
                self.addItem(text)  # a value from an older file stays visible, never silently changed
            self.setCurrentText(text)
            self.loading = False


class ChoiceField(FieldEditor, QWidget):
    """Tick boxes as on the paper (☐ 结转项目 ☑ 其他一次性项目): one ticked, or several when `multiple`."""

    hint = Signal(str)
    PER_ROW = 3

    def __init__(self, doc, spec: FieldSpec, parent=None) -> None:
        QWidget.__init__(self, parent)
        self.init_field(doc, spec)
        self.setAutoFillBackground(True)
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.setFocusPolicy(Qt.NoFocus)
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        self.boxes: list[QCheckBox] = []
        for index, option in enumerate(spec.options):
            box = QCheckBox(option, self)
            box.toggled.connect(lambda checked, option=option: self._toggled(option, checked))
            grid.addWidget(box, index // self.PER_ROW, index % self.PER_ROW)
            self.boxes.append(box)
        self.load()

    def chosen(self) -> list[str]:
        value = self.current()
        return list(value) if isinstance(value, list) else ([value] if value else [])

    def text(self) -> str:
        return "、".join(self.chosen())

    def load(self) -> None:
        chosen = self.chosen()
        self.loading = True
        for box in self.boxes:
            if box.isChecked() != (box.text() in chosen):
                box.setChecked(box.text() in chosen)
        self.loading = False

    def _toggled(self, option: str, checked: bool) -> None:
        if self.loading:
            return
        self.merge_token = object()  # each tick is a step of its own: the boxes, not this widget, take focus
        chosen = [o for o in self.chosen() if o != option] + ([option] if checked else [])
        if self.spec.multiple:
            self.send([o for o in self.spec.options if o in chosen])
        else:
            self.send(option if checked else "")
            self.load()  # untick the others: one choice only

    def setFocus(self, *args) -> None:
        (next((b for b in self.boxes if b.isChecked()), None) or self.boxes[0]).setFocus(*args) if self.boxes else None


class ComputedField(QLineEdit):
    """A derived figure in a field's place (预算执行率, 绩效等级): grey, read-only, always current."""

    def __init__(self, doc, key: str, parent=None) -> None:
        super().__init__(parent)
        self.doc, self.key = doc, key
        self.setReadOnly(True)
        self.setFocusPolicy(Qt.NoFocus)
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.setAlignment(Qt.AlignCenter)
        self.setObjectName(f"computed_{key}")
        self.setToolTip("自动计算，不能填写")
        self.setFrame(False)
        paint_base(self, look.DERIVED_BG)
        self.load()

    def load(self) -> None:
        figures = self.doc.figures
        text = figures.printed()[self.key]
        if self.text() != text:
            self.setText(text)


def editor_for(doc, spec: FieldSpec, parent=None):
    if spec.type == "longtext":
        return GrowingText(doc, spec, parent)
    if spec.type == "yesno":
        return YesNoField(doc, spec, parent)
    if spec.type == "choice":
        return ChoiceField(doc, spec, parent)
    return LineField(doc, spec, parent)
