"""A unit's own template without writing JSON: copy a template, change its name, title, conventions,
signature lines and amount unit, see a filled example under the new settings, save it to the unit's
templates folder. Also 文件 › 导入模板: a template file another unit gave, checked and kept.

Every setting is a key of the template's data (domain.conventions); the preview is the printed sheet
(domain.sheet) of the built-in example of the same kind, recomputed under the edited template.
"""
from __future__ import annotations

import hashlib
import html
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QTabWidget, QTextBrowser, QVBoxLayout,
                               QWidget)

from ..domain.compute import compute
from ..domain.conventions import (ROUNDING_WORDS, Conventions, conventions_of, describe, indicator_table,
                                  with_conventions)
from ..domain.numbers import format_score
from ..domain.sheet import DERIVED, build_sheet
from ..domain.template import Template, TemplateError
from ..storage import evd
from ..storage.templates import read_template_file, save_user_template
from .template_settings import ColumnOrder, GradeBands

RATE_DECIMALS = [("两位小数（86.20%）", 2), ("一位小数（86.2%）", 1), ("整数百分比（86%）", 0)]
RATE_ROUNDINGS = [(ROUNDING_WORDS[mode], mode) for mode in ("half_up", "up", "down")]
BUDGET_WEIGHTS = [("10 分", Decimal(10)), ("20 分", Decimal(20)), ("不评分", None)]
SCORE_DECIMALS = [("两位小数（8.62）", 2), ("一位小数（8.6）", 1), ("整数（9）", 0)]
BOUNDARIES = [("归上一档（恰好 90 分，属 90 分以上一档）", True), ("归下一档（恰好 90 分，属下面一档）", False)]
SEPARATOR = "、"
COLUMNS_ANCHOR, GRADE_ANCHOR = "columns", "grade"


def _combo(choices: list[tuple[str, object]]) -> QComboBox:
    box = QComboBox()
    for text, value in choices:
        box.addItem(text, value)
    return box


def _select(box: QComboBox, value: object, words=str) -> None:
    index = next((i for i in range(box.count()) if box.itemData(i) == value), -1)
    if index < 0 and value is not None:  # a weight or rounding the lists do not name: offered as it is
        box.addItem(words(value), value)
        index = box.count() - 1
    box.setCurrentIndex(index)


class TemplateEditor(QDialog):
    saved = Signal(object)  # the Template, once written to the unit's templates folder

    def __init__(self, registry, base_id: str = "", parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建本单位模板")
        self.resize(1100, 720)
        self.registry = registry
        self.base = _combo([(t.name, t.id) for t in registry])
        self.name, self.title, self.signature, self.notes = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.notes.setPlaceholderText("如：一级指标分值统一设置为：产出指标50分、效益指标30分、满意度指标10分、预算资金执行率10分")
        self.unit = _combo([("元", "元"), ("万元", "万元")])
        self.rate_decimals, self.rate_rounding = _combo(RATE_DECIMALS), _combo(RATE_ROUNDINGS)
        self.budget_weight, self.score_decimals = _combo(BUDGET_WEIGHTS), _combo(SCORE_DECIMALS)
        self.budget_counted = QCheckBox("预算执行得分计入总分")
        self.weights_in_label = QCheckBox("一级指标名称后印分值，如“产出指标(50分)”")
        self.boundary = _combo(BOUNDARIES)
        self.column_order, self.grade_bands = ColumnOrder(), GradeBands()
        self.categories = QWidget()
        self.category_form = QFormLayout(self.categories)
        self.category_form.setContentsMargins(0, 0, 0, 0)
        self.category_weights: dict[str, QDoubleSpinBox] = {}
        self.summary, self.problem = QLabel(), QLabel()
        self.problem.setStyleSheet("color: #a40000;")
        for label in (self.summary, self.problem):
            label.setWordWrap(True)
        self.preview = QTextBrowser()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Save).setText("保存到本单位模板")
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self.base.currentIndexChanged.connect(lambda _index: self.load_base())
        if base_id:
            _select(self.base, base_id)
        self.load_base()
        for widget in (self.name, self.title, self.signature, self.notes):
            widget.textChanged.connect(lambda _text: self.refresh())
        for box in (self.unit, self.rate_decimals, self.rate_rounding, self.budget_weight, self.score_decimals,
                    self.boundary):
            box.currentIndexChanged.connect(lambda _index: self.refresh())
        for check in (self.budget_counted, self.weights_in_label):
            check.toggled.connect(lambda _on: self.refresh())
        self.column_order.changed.connect(lambda: self.refresh(COLUMNS_ANCHOR))
        self.grade_bands.changed.connect(lambda: self.refresh(GRADE_ANCHOR))
        self.boundary.currentIndexChanged.connect(lambda _index: self.grade_bands.set_boundary(self.boundary.currentData()))

    def _lay_out(self) -> None:
        pages = (("名称与签字", (("复制自：", self.base), ("模板名称：", self.name), ("表名：", self.title),
                                  ("金额单位：", self.unit), ("签字栏（用“、”分隔）：", self.signature),
                                  ("表下注释：", self.notes))),
                 ("计分规则", (("执行率打印为：", self.rate_decimals), ("执行率取舍：", self.rate_rounding),
                                ("预算执行率分值：", self.budget_weight), ("", self.budget_counted),
                                ("预算执行得分保留：", self.score_decimals), ("一级指标分值：", self.categories),
                                ("", self.weights_in_label))),
                 ("列的次序与等级", (("指标表列的次序：", self.column_order), ("等级及分数线：", self.grade_bands),
                                     ("等级分界分数：", self.boundary))))
        self.pages = QTabWidget()
        for title, rows in pages:
            page = QWidget()
            form = QFormLayout(page)
            for label, widget in rows:
                form.addRow(label, widget)
            self.pages.addTab(page, title)
        left = QVBoxLayout()
        left.addWidget(self.pages)
        left.addWidget(self.summary)
        left.addWidget(self.problem)
        left.addStretch(1)
        left.addWidget(self.buttons)
        right = QVBoxLayout()
        right.addWidget(QLabel("预览（示例表按新设置重新计算）："))
        right.addWidget(self.preview)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)

    # ------------------------------------------------------------------------------ the settings shown
    @property
    def base_template(self) -> Template:
        return self.registry.get(self.base.currentData())

    def load_base(self) -> None:
        """Show the copied template's own settings; the name says it is the unit's copy."""
        base = self.base_template
        c = conventions_of(base)
        widgets = (self.name, self.title, self.signature, self.notes, self.unit, self.rate_decimals, self.rate_rounding,
                   self.budget_weight, self.score_decimals, self.boundary, self.budget_counted, self.weights_in_label)
        for widget in widgets:
            widget.blockSignals(True)
        self.name.setText(f"{base.title}（本单位）")
        self.title.setText(base.title)
        self.signature.setText(SEPARATOR.join(base.signature))
        self.notes.setText(base.notes)
        _select(self.unit, base.amount_unit)
        _select(self.rate_decimals, c.rate_decimals)
        _select(self.rate_rounding, c.rate_rounding, lambda mode: ROUNDING_WORDS.get(mode, mode))
        _select(self.budget_weight, c.budget_weight, lambda weight: f"{format_score(weight)} 分")
        _select(self.score_decimals, c.score_decimals)
        _select(self.boundary, c.boundary_to_upper)
        self.budget_counted.setChecked(c.budget_counted)
        self.weights_in_label.setChecked(c.weights_in_label)
        for widget in widgets:
            widget.blockSignals(False)
        self._category_rows(c)
        self.column_order.load(indicator_table(base), c.column_order)
        self.grade_bands.load(c.grade_bands, c.boundary_to_upper)
        scored = base.execution_rate is not None
        for widget in (self.rate_decimals, self.rate_rounding, self.budget_weight, self.budget_counted,
                       self.score_decimals):
            widget.setEnabled(scored)
        self.refresh()

    def _category_rows(self, c: Conventions) -> None:
        while self.category_form.rowCount():
            self.category_form.removeRow(0)
        self.category_weights = {}
        for name, weight in c.category_weights:
            spin = QDoubleSpinBox()
            spin.setRange(0, 100)
            spin.setDecimals(1)
            spin.setSpecialValueText("不限")
            spin.setValue(float(weight) if weight is not None else 0)
            spin.valueChanged.connect(lambda _value: self.refresh())
            self.category_weights[name] = spin
            self.category_form.addRow(name + "：", spin)
        self.weights_in_label.setEnabled(bool(c.category_weights))

    def conventions(self) -> Conventions:
        c = conventions_of(self.base_template)
        weights = tuple((name, Decimal(str(spin.value())).normalize() if spin.value() else None)
                        for name, spin in self.category_weights.items())
        return Conventions(
            rate_rounding=self.rate_rounding.currentData() if c.rate_rounding != "whole_percent" else c.rate_rounding,
            rate_decimals=self.rate_decimals.currentData(),
            budget_weight=self.budget_weight.currentData(),
            budget_counted=self.budget_counted.isChecked(),
            score_decimals=self.score_decimals.currentData(),
            score_basis=c.score_basis, score_capped=c.score_capped, full_marks_from=c.full_marks_from,
            category_weights=weights, weights_in_label=self.weights_in_label.isChecked(),
            boundary_to_upper=self.boundary.currentData(),
            column_order=self.column_order.order(), grade_bands=self.grade_bands.bands() if c.grade_bands else (),
        )

    def template(self) -> Template:
        """The edited template; TemplateError when a setting makes it unusable."""
        name = self.name.text().strip()
        if not name or not self.title.text().strip():
            raise TemplateError("模板名称和表名都不能为空")
        base = self.base_template
        digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
        signature = [s.strip() for s in self.signature.text().replace(",", SEPARATOR).split(SEPARATOR) if s.strip()]
        return with_conventions(base, self.conventions(), id=f"unit-{base.family}-{digest}", name=name,
                                title=self.title.text().strip(), amount_unit=self.unit.currentData(),
                                signature=signature, notes=self.notes.text().strip(),
                                description=SEPARATOR.join(describe(self.conventions())))

    # ------------------------------------------------------------------------------ preview and saving
    def refresh(self, anchor: str = "") -> None:
        """Check the settings, describe them and preview the example under them: scrolled to `anchor`
        (the part of the paper the setting changed), else where the clerk left it."""
        try:
            template = self.template()
        except TemplateError as error:
            self.problem.setText(str(error))
            self.buttons.button(QDialogButtonBox.Save).setEnabled(False)
            return
        self.problem.setText("")
        self.buttons.button(QDialogButtonBox.Save).setEnabled(True)
        self.summary.setText("\n".join(describe(self.conventions()) + self._stale_notes()))
        scrolled = self.preview.verticalScrollBar().value()
        self.preview.setHtml(preview_html(template, self.registry))
        if anchor:
            self.preview.scrollToAnchor(anchor)
        else:
            self.preview.verticalScrollBar().setValue(scrolled)

    def _stale_notes(self) -> list[str]:
        """Footnotes that state the copied template's grade bands (等级…90（含）-100分为优秀) no longer
        tell the truth once the bands change: said, for the clerk to rewrite them."""
        base = self.base_template
        changed = self.conventions().grade_bands != conventions_of(base).grade_bands
        if changed and "等级" in self.notes.text() and self.notes.text().strip() == base.notes.strip():
            return ["注意：表下注释仍写着原来的等级分数线，请在“名称与签字”页一并修改。"]
        return []

    def save(self) -> None:
        try:
            template = self.template()
            path = save_user_template(template)
        except (TemplateError, OSError) as error:
            self.problem.setText(f"未能保存：{getattr(error, 'strerror', None) or error}")
            return
        self.registry.templates[template.id] = template
        self.saved_path = path
        self.saved.emit(template)
        self.accept()


def preview_html(template: Template, registry) -> str:
    """The built-in example of the template's kind, filled, as it prints under the template."""
    example = next((p for p in evd.example_files() if p.stem == f"example-{template.family}"), None)
    if example is None:
        return "<p>（没有这类表的示例）</p>"
    form = evd.load_form(example, registry)
    form.template = template
    figures = compute(form)
    return sheet_html(build_sheet(form, figures), figures.grade)


def sheet_html(sheet, grade: str = "") -> str:
    """The sheet as an HTML table; the indicator table's header row and the grade's row carry anchors
    (COLUMNS_ANCHOR, GRADE_ANCHOR) for the preview to show what a setting just changed."""
    rows, anchored = [], set()
    for row in sheet.rows:
        cells = "".join(_cell_html(cell) for cell in row.cells)
        anchor = COLUMNS_ANCHOR if row.role == "table-header" else \
            GRADE_ANCHOR if grade and any(c.kind == DERIVED and c.text == grade for c in row.cells) else ""
        if anchor and anchor not in anchored:
            anchored.add(anchor)
            cells = cells.replace(">", f'><a name="{anchor}"></a>', 1)
        rows.append(f"<tr>{cells}</tr>")
    return f'<table border="1" cellspacing="0" cellpadding="3" width="100%">{"".join(rows)}</table>'


def _cell_html(cell) -> str:
    bold = ' style="font-weight:bold"' if cell.kind in ("title", "label", "header") else ""
    text = html.escape(cell.text).replace("\n", "<br>")
    return f'<td colspan="{cell.colspan}" rowspan="{cell.rowspan}" align="{cell.align}"{bold}>{text}</td>'


# ---------------------------------------------------------------------------------------------- window


def open_editor(window) -> TemplateEditor:
    """文件 › 新建本单位模板: the editor beside the window (not modal), on the current form's template."""
    document = window.current_document()
    editor = TemplateEditor(window.registry, document.form.template.id if document else "", window)
    editor.saved.connect(lambda template: _saved(window, template, editor.saved_path))
    window.template_editor = editor
    editor.show()
    return editor


def _saved(window, template: Template, path: Path) -> None:
    window.start.show_template(template)
    window.dialogs.info(window, "模板已保存", f"模板“{template.name}”已保存到本单位模板文件夹：\n{path}\n新建表单时可以选用。")


def offer_learned_template(window, template: Template) -> None:
    """After an import whose printed figures taught the issuer's conventions: keep them as the unit's template?"""
    answer = window.dialogs.ask(window, "保存为本单位模板", f"导入的表按推断出的规则计算（“{template.name}”）。\n"
                                "是否保存为本单位的模板，以后新建表单时选用？",
                                [("save", "保存为本单位模板"), ("cancel", "不保存")], "save")
    if answer != "save":
        return
    try:
        path = save_user_template(template)
    except OSError as error:
        window.dialogs.error(window, "模板未能保存", f"无法写入本单位模板文件夹：{error.strerror or error}")
        return
    window.registry.templates[template.id] = template
    window.start.show_template(template)
    window.dialogs.info(window, "模板已保存", f"模板“{template.name}”已保存到本单位模板文件夹：\n{path}")


def import_template(window) -> Template | None:
    """文件 › 导入模板: a template file from another unit, checked, then kept in this unit's folder."""
    path = window.dialogs.open_template_file(window)
    if path is None:
        return None
    try:
        template = read_template_file(path)
        if template.id in window.registry.builtin:
            raise TemplateError(f"模板编号“{template.id}”与内置模板相同，不能导入")
        saved = save_user_template(template)
    except TemplateError as error:
        window.dialogs.error(window, "无法导入模板", str(error))
        return None
    except OSError as error:
        window.dialogs.error(window, "无法导入模板", f"无法写入本单位模板文件夹：{error.strerror or error}")
        return None
    window.registry.templates[template.id] = template
    window.start.show_template(template)
    window.dialogs.info(window, "模板已导入", f"模板“{template.name}”已导入（{saved}），新建表单时可以选用。")
    return template
