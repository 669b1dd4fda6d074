"""Proposed scores in the window: shown beside the 得分 cell, explained in its tooltip, accepted on request.

The proposal is painted in grey at the right of the 得分 cell (alone, in the cell's place, while no
score is typed); the tooltip gives its rule ("98% ÷ 100% × 10 = 9.80"). Ctrl+J accepts the proposal of
the current row, 编辑 → 采用全部建议得分 those of the whole form as one undo step. A score the clerk typed
is never overwritten: accepting fills only empty 得分 cells. 编辑 → 按“不适用”折算分值 rescales the weights
when indicators are marked 不适用 (one undo step).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QToolTip

from ..domain.edits import Batch, SetCell
from ..domain.scoring import Proposal
from ..domain.scoring_rescale import rescale_edit
from .delegates import CellDelegate
from .table_model import TableModel

ACCEPT_KEY = "Ctrl+J"
PROPOSAL_GREY = QColor("#8a8a8a")


def proposal_at(model, index) -> Proposal | None:
    """The proposal of the row behind a grid cell, when that cell is the row's 得分."""
    spec = model.column_spec(index.column()) if isinstance(model, TableModel) else None
    row = model.form_row(index.row()) if spec is not None else -1
    if row < 0 or spec.role != "score":
        return None
    found = model.document.recalc.proposals.get(model.spec.key)
    return found[row] if found is not None and row < len(found) else None


def _selected(option, index) -> bool:
    """Whether the grid paints the cell selected: what its selection model says (the option's State_Selected
    comes from it), asked without reading option.state, whose QStyle enum types cost ~12 ms of a start."""
    selection = option.widget.selectionModel() if option.widget is not None else None
    return selection is not None and selection.isSelected(index)


def label(proposal: Proposal) -> str:
    return f"建议 {proposal.proposed}"


class ProposalDelegate(CellDelegate):
    """The grid's cell delegate, for the 得分 column: the cell as usual, and the proposal beside its text."""

    def paint(self, painter, option, index) -> None:
        super().paint(painter, option, index)
        proposal = proposal_at(index.model(), index)
        if proposal is None or proposal.score is None:
            return
        typed = (index.data(Qt.EditRole) or "").strip()
        if typed == proposal.proposed:
            return
        painter.save()
        font = QFont(option.font)
        font.setPointSizeF(max(font.pointSizeF() * 0.85, 6))
        font.setItalic(True)
        painter.setFont(font)
        painter.setPen(QColor("#555555") if _selected(option, index) else PROPOSAL_GREY)
        area = QRect(option.rect).adjusted(2, 0, -3, 0)
        align = (Qt.AlignCenter if not typed else Qt.AlignRight | Qt.AlignBottom) | Qt.TextSingleLine
        painter.drawText(area, align, label(proposal) if not typed else f"({proposal.proposed})")
        painter.restore()

    def helpEvent(self, event, view, option, index) -> bool:
        proposal = proposal_at(index.model(), index) if index.isValid() else None
        if event.type() != QEvent.ToolTip or proposal is None:
            return super().helpEvent(event, view, option, index)
        tip = index.data(Qt.ToolTipRole)
        lines = [tip] if tip else []
        lines.append(f"建议得分 {proposal.proposed}：{proposal.rule}" if proposal.score is not None else f"无建议得分：{proposal.rule}")
        if proposal.score is not None:
            lines.append(f"按 {ACCEPT_KEY} 采用（已填的得分不会被改动）")
        QToolTip.showText(event.globalPos(), "\n".join(lines), view)
        return True


def install(view) -> None:
    """Give a table grid's 得分 column the proposal delegate (tables without proposals are left as they are)."""
    model = view.model()
    if not isinstance(model, TableModel) or model.spec.key not in model.document.recalc.proposals:
        return
    spec = model.spec
    if not spec.key_of("score"):
        return
    delegate = ProposalDelegate(view)
    delegate.hint.connect(view.hint)
    view.proposal_delegate = delegate  # kept alive with the view
    view.setItemDelegateForColumn(model.column_of(spec.key_of("score")), delegate)


# ------------------------------------------------------------------------------------- accepting


def accept_edits(document, only_table: str | None = None, only_row: int | None = None) -> list[SetCell]:
    """SetCell edits writing each proposal into its empty 得分 cell (the clerk's own scores stay)."""
    edits = []
    for key, found in document.recalc.proposals.items():
        if only_table is not None and key != only_table:
            continue
        rows = document.form.rows(key)
        for index, proposal in enumerate(found):
            if only_row is not None and index != only_row:
                continue
            place = proposal.where
            if proposal.score is not None and not rows[index].get(place.column).strip():
                edits.append(SetCell(key, index, place.column, proposal.proposed))
    return edits


def accept_row(window) -> None:
    from .menus import focused_table

    grid, document = focused_table(window), window.current_document()
    if grid is None or document is None:
        window.statusBar().showMessage("请先选中绩效指标表中的一行", 8000)
        return
    model = grid.model()
    row = model.form_row(grid.currentIndex().row())
    found = document.recalc.proposals.get(model.spec.key)
    if row < 0 or found is None:
        window.statusBar().showMessage("这一行没有建议得分", 8000)
        return
    proposal = found[row]
    edits = accept_edits(document, model.spec.key, row)
    if edits:
        document.edit(edits[0], label="采用建议得分")
        window.statusBar().showMessage(f"已采用建议得分 {proposal.proposed}：{proposal.rule}", 8000)
    elif proposal.score is None:
        window.statusBar().showMessage(f"这一行没有建议得分：{proposal.rule}", 8000)
    else:
        typed = model.rows[row].get(proposal.where.column)
        window.statusBar().showMessage(f"这一行已填得分 {typed}，不会被改动（建议 {proposal.proposed}）；如要采用，请先删除得分", 8000)


def accept_all(window) -> None:
    document = window.current_document()
    if document is None:
        return
    edits = accept_edits(document)
    if not edits:
        window.statusBar().showMessage("没有可采用的建议得分（已填的得分不会被改动）", 8000)
        return
    document.edit(Batch(edits, "采用全部建议得分"))
    window.statusBar().showMessage(f"已采用 {len(edits)} 项建议得分（可撤销）", 8000)


def rescale_not_applicable(window) -> None:
    document = window.current_document()
    if document is None:
        return
    edits = [e for e in (rescale_edit(document.form, key) for key in document.recalc.proposals) if e is not None]
    if not edits:
        window.statusBar().showMessage("没有标为“不适用”且仍有分值的指标，无需折算", 8000)
        return
    document.edit(edits[0] if len(edits) == 1 else Batch(edits, edits[0].label))
    window.statusBar().showMessage("已将“不适用”指标的分值改为 0，其余指标按比例折算（可撤销）", 8000)


def add_actions(window, menu, action) -> None:
    """The entries of the 编辑 menu; `action` is the menus' own action maker."""
    menu.addSeparator()
    action(window, menu, "采用本行建议得分(&J)", lambda: accept_row(window), ACCEPT_KEY, "accept_proposal")
    action(window, menu, "采用全部建议得分", lambda: accept_all(window), None, "accept_all_proposals")
    action(window, menu, "按“不适用”折算分值", lambda: rescale_not_applicable(window), None, "rescale_not_applicable")
