"""What an import gives: the form, and every sentence the clerk should read about it."""
from __future__ import annotations


from ..domain.form import Form
from ..domain.template import Template
from ..domain.value import Fresh, Value


class ImportResult(Value, mutable=True):
    form: Form
    notes: list[str] = Fresh(list)
    learned: Template | None = None  # the form's template when its conventions were learned from the sheet
