"""The declared target beside the current one, in a self-evaluation made from a declaration.

The 年度指标值 cell shows the target as it stands and, under it in small type, the target as declared
(申报值 …). Once the clerk changes the target, that line turns amber and says 已改, and the cell gets a
corner mark; the tooltip names both values. A screen aid only: the paper prints the template's columns.
"""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QBrush, QFont, QFontMetrics, QPolygon
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem

from . import look
from .delegates import CellDelegate, LongCellEditor
from .table_model import DECLARED, EDIT

ITEM = QStyle.ControlElement.CE_ItemViewItem
HAS_FOCUS = QStyle.StateFlag.State_HasFocus
WRAP = int(Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
HORIZONTAL = int(Qt.AlignmentFlag.AlignHorizontal_Mask)
PAD = 4  # px between the declared line and the cell's edges, as the style leaves beside a cell's text
MARK = 7  # px: the corner mark of a changed target


def small_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(max(font.pointSizeF() * 0.85, 6))
    return small


class DeclaredTargetDelegate(CellDelegate):
    """The grid's cell delegate for the 年度指标值 column: the cell as usual above, the declared target below."""

    def paint(self, painter, option, index) -> None:
        declared = index.data(DECLARED)
        if declared is None:
            return super().paint(painter, option, index)
        current = index.data(EDIT) or ""
        option = QStyleOptionViewItem(option)
        self.initStyleOption(option, index)
        cell, text = QRect(option.rect), option.text
        font, line = small_font(option.font), look.declared_line(declared, current)
        below = _line_height(font, line, cell.width() - 2 * PAD)
        style = option.widget.style() if option.widget else QApplication.style()
        option.text = ""
        style.drawControl(ITEM, option, painter, option.widget)  # background, selection and focus: the whole cell
        option.text, option.backgroundBrush = text, QBrush()
        option.state &= ~HAS_FOCUS
        option.rect = cell.adjusted(0, 0, 0, -below)
        style.drawControl(ITEM, option, painter, option.widget)  # the target, in the cell's upper part
        changed = declared != current
        painter.save()
        painter.setFont(font)
        painter.setPen(look.DECLARED_CHANGED if changed else look.DECLARED_SAME)
        align = WRAP | (int(option.displayAlignment) & HORIZONTAL)  # under the target, aligned as it is
        painter.drawText(QRect(cell.left() + PAD, cell.bottom() - below, cell.width() - 2 * PAD, below), align, line)
        if changed:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(look.DECLARED_CHANGED)
            corner = cell.topRight()
            painter.drawPolygon(QPolygon([corner, corner - QPoint(MARK, 0), corner + QPoint(0, MARK)]))
        painter.restore()

    def updateEditorGeometry(self, editor, option, index) -> None:
        """While the target is typed, the declared one stays in sight below the editor."""
        super().updateEditorGeometry(editor, option, index)
        declared = index.data(DECLARED)
        if declared is None or isinstance(editor, LongCellEditor):
            return
        rect = editor.geometry()
        line = look.declared_line(declared, index.data(EDIT) or "")
        rect.setHeight(max(rect.height() - _line_height(small_font(option.font), line, rect.width() - 2 * PAD),
                           editor.sizeHint().height()))
        editor.setGeometry(rect)


def _line_height(font: QFont, line: str, width: int) -> int:
    return QFontMetrics(font).boundingRect(QRect(0, 0, max(width, 8), 1000), WRAP, line).height() + PAD


def install(view) -> None:
    """Give the target column the delegate, in a grid whose model `shows_declared`."""
    delegate = DeclaredTargetDelegate(view)
    delegate.hint.connect(view.hint)
    view.declared_delegate = delegate  # kept alive with the view
    view.setItemDelegateForColumn(view.model().declared_column, delegate)
