"""Undo commands: each one applies one core Edit and keeps its inverse (see evaldesk.domain.edits)."""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from ..domain.edits import Edit

TYPING_ID = 1  # commands that may merge: consecutive keystrokes in one editor


class EditCommand(QUndoCommand):
    """redo applies the edit and keeps its inverse; undo applies that inverse."""

    def __init__(self, document, edit: Edit, merge_key: object = None, label: str = "") -> None:
        super().__init__(label or edit.label)
        self.document = document
        self.edit = edit
        self.inverse: Edit | None = None
        self.merge_key = merge_key
        self.first_edit = edit
        self.drop_on_undo = False  # Esc: undone and taken off the stack, leaving no step to redo

    def redo(self) -> None:
        self.inverse = self.document.apply_now(self.edit)

    def undo(self) -> None:
        # The inverse of the inverse is the edit again (with the latest typed value after a merge).
        self.edit = self.document.apply_now(self.inverse)
        if self.drop_on_undo:
            self.setObsolete(True)

    def absorb(self, edit: Edit) -> None:
        """One more keystroke of this typing session (Document.edit): applied now, undone with the rest."""
        self.document.apply_now(edit)
        self.edit = edit

    def id(self) -> int:
        return TYPING_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Keystrokes in the same editor become one step: keep our inverse (the text before typing)."""
        if not isinstance(other, EditCommand) or other.merge_key != self.merge_key:
            return False
        self.edit = other.edit
        return True
