"""The grid models behave as Qt models must, and show what the paper shows."""
from PySide6.QtCore import Qt

from evaldesk.domain.edits import InsertRows, MoveRows, RemoveRows
from evaldesk.domain.form import Row, new_form
from evaldesk.ui.document import FormDocument
from evaldesk.ui.funds_model import FundsModel
from evaldesk.ui.paper_view import PaperTableView
from evaldesk.ui.table_model import TableModel


def test_indicator_model_passes_qt_model_checks_through_row_edits(qtmodeltester, load_fixture):
    document = FormDocument(load_fixture("selfeval-2021-newenergy.evd"))
    model = TableModel(document, document.form.template.table("indicators"))
    qtmodeltester.check(model, force_py=True)
    document.edit(InsertRows("indicators", 2, [Row({"level1": "产出指标", "level2": "质量指标"})]))
    document.edit(MoveRows("indicators", 0, 1, 3))
    document.edit(RemoveRows("indicators", 1, 2))
    document.undo_stack.undo()
    qtmodeltester.check(model, force_py=True)


def test_funds_model_passes_qt_model_checks(qtmodeltester, load_fixture):
    document = FormDocument(load_fixture("selfeval-2021-newenergy.evd"))
    qtmodeltester.check(FundsModel(document), force_py=True)


def test_indicator_grid_shows_merged_categories_and_the_printed_total(load_fixture):
    document = FormDocument(load_fixture("selfeval-2021-newenergy.evd"))
    model = TableModel(document, document.form.template.table("indicators"))
    last = model.rowCount() - 1
    assert model.index(0, 0).data() == "绩效指标"
    assert model.index(last, 0).data() == "总分"
    assert model.index(last, model.column_of("weight")).data() == "100"
    assert model.index(last, model.column_of("score")).data() == "87.16"
    assert (1, model.column_of("level1"), 4, 1) in model.spans()  # 产出指标 over its four rows
    assert (2, model.column_of("level2"), 2, 1) in model.spans()  # 质量指标 over two


def test_group_weight_in_the_label_follows_typed_weights(registry):
    document = FormDocument(new_form(registry.get("selfassess-shanghai")))
    model = TableModel(document, document.form.template.table("indicators"))
    weight = model.column_of("weight")
    for row, value in zip(range(1, 7), ["8", "6", "8", "5", "5", "4"]):
        assert model.setData(model.index(row, weight), value, Qt.EditRole)
    assert model.index(1, model.column_of("level1")).data() == "投入与管理 (36分)"


def test_typing_a_score_repaints_exactly_the_cells_it_changed(load_fixture, qtbot):
    """Model/view as STYLE.md asks: dataChanged for exactly the cells an edit changes, no row or column more."""
    document = FormDocument(load_fixture("selfeval-2021-newenergy.evd"))
    model = TableModel(document, document.form.template.table("indicators"))
    qtbot.addWidget(PaperTableView(model))
    repainted = []

    def note(top_left, bottom_right, roles=()):
        repainted.extend((r, c) for r in range(top_left.row(), bottom_right.row() + 1)
                         for c in range(top_left.column(), bottom_right.column() + 1))

    model.dataChanged.connect(note)
    score, deviation = model.column_of("score"), model.column_of("deviation")
    model.setData(model.index(3, score), "9", Qt.EditRole)  # 形成的工作报告和专报篇数: 10 → 9, a reason is now due
    total = model.rowCount() - 1
    assert sorted(repainted) == [(3, score), (3, deviation), (total, score)]  # typed, now tinted, 总分 86.16
    assert model.index(total, score).data() == "86.16"


def test_a_weight_typed_repaints_the_category_label_that_shows_it(registry, qtbot):
    document = FormDocument(new_form(registry.get("selfassess-shanghai")))
    model = TableModel(document, document.form.template.table("indicators"))
    weight, level1 = model.column_of("weight"), model.column_of("level1")
    repainted = set()
    model.dataChanged.connect(lambda a, b, roles=(): repainted.update(
        (r, c) for r in range(a.row(), b.row() + 1) for c in range(a.column(), b.column() + 1)))
    model.setData(model.index(1, weight), "8", Qt.EditRole)
    assert model.index(1, level1).data() == "投入与管理 (8分)"
    assert (1, weight) in repainted and (1, level1) in repainted
    assert (model.rowCount() - 1, weight) in repainted  # 合计
    repainted.clear()
    model.setData(model.index(1, weight), "8", Qt.EditRole)  # the same text again: nothing changed, nothing repainted
    assert not repainted
