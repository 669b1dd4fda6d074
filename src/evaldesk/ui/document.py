"""One open form: the Form, its undo stack, its figures and problems, and where it lives on disk.

Every change goes through `edit()`: an undo command applies a core Edit, the document brings figures
and problems up to date incrementally (`Recalculator`: one cell re-read, one row re-checked) and tells
the views what was touched. Structural edits (rows inserted, removed, moved)
are announced before and after, so table models can wrap them in begin/end pairs.
"""
from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ..domain.edits import Batch, Edit, InsertRows, MoveRows, RemoveRows, Touched
from ..domain.form import Form
from ..domain.places import Place
from ..domain.problems import Problem
from ..domain.recalc import Recalculator
from ..storage import evd
from .commands import EditCommand

_untitled = itertools.count(1)


class FormDocument(QObject):
    rows_about_to_insert = Signal(str, int, int)  # table, index, count
    rows_inserted = Signal(str)
    rows_about_to_remove = Signal(str, int, int)
    rows_removed = Signal(str)
    rows_about_to_move = Signal(str, int, int, int)  # table, index, count, to
    rows_moved = Signal(str)
    changed = Signal(object)  # Touched, after the figures and problems are recomputed
    template_changed = Signal()  # before `changed`: the page must be rebuilt for the new template
    modified_changed = Signal(bool)
    path_changed = Signal()

    def __init__(self, form: Form, path: Path | None = None, parent: QObject | None = None, title: str = "") -> None:
        super().__init__(parent)
        self.form = form
        self.path = Path(path) if path else None
        self.untitled_name = title or f"未命名-{next(_untitled)}"
        self.recovered = False  # brought back from an autosave after a crash, not yet saved
        self.home_folder: Path | None = None  # where "save" proposes to put a new form (the library's folder)
        self.disk = evd.disk_state(self.path) if self.path else None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.recalc = Recalculator(form)
        self.figures, self.problems = self.recalc.figures, self.recalc.problems
        self._index_problems()

    # ------------------------------------------------------------------ state
    def _clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(not clean)

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def title(self) -> str:
        name = self.path.name if self.path else self.untitled_name
        return name + ("（已恢复）" if self.recovered else "")

    def mark_modified(self) -> None:
        """A recovered or copied form holds unsaved work although nothing was typed in this session."""
        self.undo_stack.resetClean()
        self.modified_changed.emit(True)

    def problems_at(self, place: Place) -> list[Problem]:
        return self._problems_by_place.get(place, [])

    def _index_problems(self) -> None:
        self._problems_by_place: dict[Place, list[Problem]] = {}
        for problem in self.problems:
            self._problems_by_place.setdefault(problem.where, []).append(problem)

    # ------------------------------------------------------------------ editing
    def edit(self, edit: Edit, merge_key: object = None, label: str = "") -> None:
        """The one way to change the form: as an undoable step. A keystroke of the typing session on top
        of the stack joins that step here, as QUndoStack's merge would: PySide6 keeps every command pushed
        alive, merged or not, so pushing each keystroke would keep thousands of dead commands."""
        typing = self._typing_step(merge_key)
        if typing is not None:
            typing.absorb(edit)
        else:
            self.undo_stack.push(EditCommand(self, edit, merge_key, label))

    def _typing_step(self, merge_key: object) -> EditCommand | None:
        stack = self.undo_stack
        index = stack.index()
        if merge_key is None or index == 0 or index != stack.count() or index == stack.cleanIndex():
            return None  # a saved state is kept apart: Qt's own merge then marks the form changed
        top = stack.command(index - 1)
        if isinstance(top, EditCommand) and top.merge_key == merge_key and not top.isObsolete():
            return top
        return None

    def apply_now(self, edit: Edit) -> Edit:
        """Apply an edit (from an undo command), recompute, announce; returns the inverse."""
        touched = Touched()
        template = self.form.template
        inverse = self._apply(edit, touched)
        before = self.problems
        self.figures, self.problems = self.recalc.update(touched)
        runs = changed_runs(before, self.problems)
        if runs:  # most keystrokes change no problem: then there is nothing to re-index
            self._index_problems()
            for old_start, old_stop, new_start, new_stop in runs:
                touched.places |= {p.where for p in before[old_start:old_stop]}
                touched.places |= {p.where for p in self.problems[new_start:new_stop]}
        if self.form.template is not template:
            self.template_changed.emit()
        self.changed.emit(touched)  # what was typed, and every place whose problems came or went
        return inverse

    def _apply(self, edit: Edit, touched: Touched) -> Edit:
        if isinstance(edit, Batch):
            inverses = [self._apply(part, touched) for part in edit.edits]
            return Batch(list(reversed(inverses)), edit.label)
        self._announce(edit, before=True)
        inverse, part = edit.apply(self.form)
        self._announce(edit, before=False)
        touched.places |= part.places
        touched.tables |= part.tables
        touched.everything |= part.everything
        return inverse

    def _announce(self, edit: Edit, before: bool) -> None:
        if isinstance(edit, InsertRows):
            self.rows_about_to_insert.emit(edit.table, edit.index, len(edit.rows)) if before else self.rows_inserted.emit(edit.table)
        elif isinstance(edit, RemoveRows):
            self.rows_about_to_remove.emit(edit.table, edit.index, edit.count) if before else self.rows_removed.emit(edit.table)
        elif isinstance(edit, MoveRows):
            self.rows_about_to_move.emit(edit.table, edit.index, edit.count, edit.to) if before else self.rows_moved.emit(edit.table)

    # ------------------------------------------------------------------ files
    def save(self, path: Path | None = None) -> None:
        """Save to `path` (or the current path); raises SaveError with a sentence for the clerk."""
        target = Path(path) if path else self.path
        if target is None:
            raise ValueError("no path to save to")
        same_file = self.path is not None and target == self.path
        self.disk = evd.save_form(self.form, target, expected=self.disk if same_file else None)
        self.recovered = False
        if target != self.path:
            self.path = target
            self.path_changed.emit()
        self.undo_stack.setClean()

    def changed_on_disk(self) -> bool:
        return self.path is not None and evd.changed_on_disk(self.path, self.disk)



RESYNC = 16  # how far apart two lists may drift before the rest of them counts as changed


def changed_runs(old: list, new: list) -> list[tuple[int, int, int, int]]:
    """The runs (old_start, old_stop, new_start, new_stop) where `old` became `new`; the rest pairs up equal.

    An edit changes a few problems in a list of thousands, here and there, and the list keeps its order:
    one walk along both lists finds the runs, comparing neighbours instead of hashing every problem."""
    runs, i, j = [], 0, 0
    while i < len(old) and j < len(new):
        if old[i] is new[j] or old[i] == new[j]:
            i, j = i + 1, j + 1
            continue
        skip = _resync(old, new, i, j) or (len(old) - i, len(new) - j)
        runs.append((i, i + skip[0], j, j + skip[1]))
        i, j = i + skip[0], j + skip[1]
    if i < len(old) or j < len(new):
        runs.append((i, len(old), j, len(new)))
    return runs


def _resync(old: list, new: list, i: int, j: int) -> tuple[int, int] | None:
    """The fewest items to skip in each list (old, new) after which they agree again."""
    for step in range(1, RESYNC):
        for a in range(step + 1):
            b = step - a
            if i + a < len(old) and j + b < len(new) and (old[i + a] is new[j + b] or old[i + a] == new[j + b]):
                return a, b
    return None
