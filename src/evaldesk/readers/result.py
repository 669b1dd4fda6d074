"""What an import gives: the form, and every sentence the clerk should read about it."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.form import Form
from ..domain.template import Template


@dataclass
class ImportResult:
    form: Form
    notes: list[str] = field(default_factory=list)
    learned: Template | None = None  # the form's template when its conventions were learned from the sheet
