"""What an import gives: the form, and every sentence the clerk should read about it."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.form import Form


@dataclass
class ImportResult:
    form: Form
    notes: list[str] = field(default_factory=list)
