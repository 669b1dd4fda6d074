"""A long editing session in the real window: thousands of edits, undos and redos on one form end with
the same document as replaying them on the core alone, and the window's memory levels off."""
from __future__ import annotations

import gc
import random
from pathlib import Path

import pytest

from evaldesk.domain.edits import InsertRows, RemoveRows, SetCell, SetField
from evaldesk.domain.form import Row
from evaldesk.storage import evd

pytestmark = pytest.mark.heavy

ACTIONS = 4000
SEED = "selfeval-2021-newenergy.evd"
TEXTS = ["新能源", "", "=1+1", "完成率 95%", "\ud800坏字", "甲\x0b乙", "一" * 300, "9" * 26, "1,234.50", "—"]


def rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


class CoreReplay:
    """The same session on the core alone: edits applied to a Form, undo and redo by their inverses."""

    def __init__(self, form) -> None:
        self.form, self.done, self.undone = form, [], []

    def edit(self, edit) -> None:
        self.done.append((edit, edit.apply(self.form)[0]))
        self.undone.clear()

    def undo(self) -> None:
        if self.done:
            edit, inverse = self.done.pop()
            inverse.apply(self.form)
            self.undone.append(edit)

    def redo(self) -> None:
        if self.undone:
            self.edit_keep(self.undone.pop())

    def edit_keep(self, edit) -> None:
        self.done.append((edit, edit.apply(self.form)[0]))


def next_edit(chance: random.Random, form, fields: list[str]):
    rows = form.tables["indicators"]
    kind = chance.random()
    if kind < 0.35:
        return SetField(chance.choice(fields), chance.choice(TEXTS) + str(chance.randint(0, 99)))
    if kind < 0.85 and rows:
        column = chance.choice(["name", "target", "actual", "weight", "score", "deviation"])
        value = str(chance.randint(0, 100)) if column in ("weight", "score") else chance.choice(TEXTS)
        return SetCell("indicators", chance.randrange(len(rows)), column, value)
    if kind < 0.93 or len(rows) < 3:
        return InsertRows("indicators", chance.randint(0, len(rows)), [Row({"name": "新增指标", "weight": "1"})])
    return RemoveRows("indicators", chance.randrange(len(rows) - 1), 1)


def test_thousands_of_edits_undos_and_redos_in_the_window_equal_the_core_replay(window, form_copy, registry, qtbot):
    path = form_copy(SEED)
    document = window.open_path(path)
    core = CoreReplay(evd.load_form(path, registry))
    fields = [f.key for f in document.form.template.fields if not f.multiple]
    undo, redo = window.actions_by_name["undo"], window.actions_by_name["redo"]
    chance = random.Random(2026)
    memory = []
    for step in range(ACTIONS):
        action = chance.random()
        if action < 0.6:
            edit = next_edit(chance, core.form, fields)
            core.edit(edit)
            document.edit(_copy(edit))  # the call every editor, paste and menu command makes
        elif action < 0.85:
            undo.trigger()
            core.undo()
        else:
            redo.trigger()
            core.redo()
        if step % 500 == 499:
            qtbot.wait(1)  # let the views repaint what changed
            gc.collect()
            memory.append(rss_mb())
    assert document.form.same_content(core.form)
    assert document.undo_stack.count() > 100
    view = window.current_view()
    shown = view.fields["project_name"][0]
    assert _text_of(shown) == document.form.fields.get("project_name", "")
    growth = memory[-1] - memory[len(memory) // 2]
    print(f"memory (MB) every 500 actions: {[round(m) for m in memory]}")
    assert growth < 40, memory  # the second half of the session adds no more than the undo steps' share
    document.save()
    assert evd.load_form(path, registry).same_content(core.form)


def _copy(edit):
    if isinstance(edit, InsertRows):
        return InsertRows(edit.table, edit.index, [row.copy() for row in edit.rows])
    return edit


def _text_of(widget) -> str:
    for getter in ("toPlainText", "text"):
        if hasattr(widget, getter):
            return getattr(widget, getter)()
    raise AssertionError(f"cannot read {type(widget).__name__}")
