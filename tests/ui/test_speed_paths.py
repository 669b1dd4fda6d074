"""What keeps the window fast at any size, checked by counting, not timing (benchmarks/ measures the time).

One keystroke repaints only the cells it changed and measures only their rows; opening a form asks the
model for about what the screen shows, however long the form; row heights are what Qt itself measures.
"""
import pytest
from PySide6.QtCore import Qt

from evaldesk.ui.delegates import CellDelegate
from evaldesk.ui.document import FormDocument, changed_runs
from evaldesk.ui.row_heights import RowHeights
from evaldesk.ui.table_model import TableModel

from ui_keys import press, type_text

SEED = "selfeval-2021-newenergy.evd"


def long_form(load_fixture, copies: int):
    """The seed form's seven indicators, `copies` times over: real texts, many rows."""
    form = load_fixture(SEED)
    rows = form.rows("indicators")
    form.tables["indicators"] = [row.copy() for _ in range(copies) for row in rows]
    return form


class Counts:
    """data() calls, Qt's own row measurements (the delegate's sizeHint) and the rows RowHeights measured."""

    def __init__(self, monkeypatch) -> None:
        self.data = 0
        self.qt_measured = 0
        self.rows: list[tuple[object, int]] = []  # (grid, row)
        data, size_hint, rows = TableModel.data, CellDelegate.sizeHint, RowHeights.rows

        def counted_data(model, index, role=Qt.ItemDataRole.DisplayRole):
            self.data += 1
            return data(model, index, role)

        def counted_size_hint(delegate, option, index):
            self.qt_measured += 1
            return size_hint(delegate, option, index)

        def counted_rows(heights, which, spans):
            which = list(which)
            self.rows.extend((heights.view, row) for row in which)
            return rows(heights, which, spans)

        monkeypatch.setattr(TableModel, "data", counted_data)
        monkeypatch.setattr(CellDelegate, "sizeHint", counted_size_hint)
        monkeypatch.setattr(RowHeights, "rows", counted_rows)

    def reset(self) -> None:
        self.data, self.qt_measured, self.rows = 0, 0, []


def open_form(window, qtbot, form):
    view = window.add_document(FormDocument(form))
    grid = view.tables["indicators"]
    qtbot.waitUntil(lambda: grid.unit_widths and not grid._pending, timeout=10000)  # measured at the page's widths
    qtbot.wait(50)
    return view, grid


def test_a_keystroke_repaints_and_measures_only_the_cells_it_changed(window, load_fixture, qtbot, monkeypatch):
    counts = Counts(monkeypatch)
    view, grid = open_form(window, qtbot, long_form(load_fixture, 30))
    model = grid.model()
    assert counts.qt_measured == 0  # no resizeRowsToContents: rows are measured from their texts
    repainted = []
    model.dataChanged.connect(lambda a, b, roles=(): repainted.extend(
        (r, c) for r in range(a.row(), b.row() + 1) for c in range(a.column(), b.column() + 1)))
    score, deviation = model.column_of("score"), model.column_of("deviation")
    grid.setFocus()
    grid.setCurrentIndex(model.index(3, score))  # 形成的工作报告和专报篇数, 10 points
    qtbot.wait(20)
    counts.reset()
    type_text(qtbot, "9")  # a point lost: a reason is now due, and 总分 moves
    qtbot.waitUntil(lambda: not grid._pending)
    total = model.rowCount() - 1
    assert sorted(repainted) == [(3, score), (3, deviation), (total, score)]
    assert sorted(set(counts.rows)) == [(grid, 3), (grid, total)]  # the two rows whose text changed, nothing else
    assert counts.qt_measured == 0
    press(qtbot, Qt.Key_Escape)


def test_opening_asks_the_model_for_what_the_screen_shows_not_for_every_row(window, load_fixture, qtbot, monkeypatch):
    counts = Counts(monkeypatch)
    calls = []
    for copies in (10, 100):  # 70 and 700 indicators
        counts.reset()
        open_form(window, qtbot, long_form(load_fixture, copies))
        calls.append(counts.data)
        assert counts.qt_measured == 0
        assert len(counts.rows) == len(set(counts.rows))  # each row measured once: one pass, not two
    assert calls[1] < calls[0] * 1.5 + 500, calls  # ten times the rows, about the same number of data() calls


AWKWARD = ["", "\n", "a\n", "\nb", "a\n\nb", "x" * 300, "中文" * 80, " lead", "trail ", "a\u2028b", "a\tb", "&<>"]


def settled(qtbot, grids) -> None:
    qtbot.waitUntil(lambda: all(not g._pending and g.unit_widths for g in grids), timeout=10000)


def assert_rows_as_qt_measures_them(grids) -> None:
    for grid in grids:
        for row in range(grid.model().rowCount()):
            qt = max(grid.sizeHintForRow(row), grid.verticalHeader().sectionSizeHint(row))
            assert grid.rowHeight(row) == qt, (grid.objectName(), row)


@pytest.mark.parametrize("percent", [100, 50, 200])
def test_rows_are_as_tall_as_qt_itself_measures_them(window, form_copy, qtbot, percent):
    from evaldesk.ui import zoom

    window.open_path(form_copy("selfassess-2019-stec-01.evd"))  # long texts that wrap, merged categories
    grids = window.current_view().grid_views()
    settled(qtbot, grids)
    zoom.set_zoom(window, percent)  # other fonts: every text measured afresh (bold ones too)
    settled(qtbot, grids)
    assert_rows_as_qt_measures_them(grids)


def test_rows_with_empty_blank_and_multi_line_texts_are_as_tall_as_qt_measures_them(window, form_copy, qtbot):
    window.open_path(form_copy("selfassess-2019-stec-01.evd"))
    grids = window.current_view().grid_views()
    settled(qtbot, grids)
    model = window.current_view().tables["indicators"].model()
    editable = [c for c in range(model.columnCount()) if model.is_editable(1, c)]
    for row, text in enumerate(AWKWARD, start=1):
        if row < model.rowCount() - 1:
            for column in editable:
                model.set_text(model.index(row, column), text)
    assert any(model.shown_text(5, column) == "a\n\nb" for column in editable)  # the texts went in
    settled(qtbot, grids)
    assert_rows_as_qt_measures_them(grids)


@pytest.mark.parametrize("old, new", [
    ("abcdefgh", "abcdefgh"), ("abcdefgh", "abXdefgh"), ("abcdefgh", "abdefgh"), ("abcdefgh", "aXbcdefghY"),
    ("abcdefgh", ""), ("", "abc"), ("abcabcabc", "abcXabcabY"), ("aaaa", "aaa"), ("abcdefghijklmnopqrstuvwxyz", "zyx"),
])
def test_changed_runs_turn_one_list_into_the_other_and_leave_the_rest(old, new):
    runs = changed_runs(list(old), list(new))
    rebuilt = list(old)
    for old_start, old_stop, new_start, new_stop in reversed(runs):
        rebuilt[old_start:old_stop] = new[new_start:new_stop]
    assert rebuilt == list(new)
    assert sum(stop - start for start, stop, _, _ in runs) <= max(len(old), 1) and (runs == []) == (old == new)


def test_keystrokes_of_one_typing_session_keep_one_undo_command_alive(window, load_fixture, qtbot):
    """Memory stays flat over thousands of keystrokes: PySide6 keeps every QUndoCommand it was pushed,
    even one Qt merged away, so the typing session's keystrokes join its step without a push each; the
    step still undoes to the text before typing, and Esc still leaves nothing behind."""
    import gc

    from evaldesk.ui.commands import EditCommand

    def alive() -> int:
        gc.collect()
        return sum(isinstance(o, EditCommand) for o in gc.get_objects())

    view, grid = open_form(window, qtbot, long_form(load_fixture, 2))
    model, document = grid.model(), view.document
    score = model.column_of("score")
    before = model.data(model.index(3, score))
    grid.setFocus()
    grid.setCurrentIndex(model.index(3, score))
    qtbot.wait(20)
    baseline = alive()
    type_text(qtbot, "9")
    for _ in range(100):
        type_text(qtbot, "5")
        press(qtbot, Qt.Key_Backspace)
    qtbot.waitUntil(lambda: not grid._pending)
    assert model.data(model.index(3, score)) == "9"
    assert document.undo_stack.count() == 1 and alive() == baseline + 1
    press(qtbot, Qt.Key_Return)
    document.undo_stack.undo()
    assert model.data(model.index(3, score)) == before  # one step back to the text before typing
