"""不适用 indicators drop out and the other weights are rescaled to the table's total (biz.doczj.com, SCORING.md).

The rescaled weights are typed into the 分值 cells by one edit, so the clerk sees them, can undo them, and
they print where the paper prints 分值. The rounding remainder goes to the largest weight, so the total
stays exact (e.g. 100 with a 10-point row dropped: 20 → 22.22, 30 → 33.33, …, the largest takes the rest).
"""
from __future__ import annotations

from decimal import Decimal

from .compute import read_number
from .edits import Batch, SetCell
from .form import Form
from .numbers import format_plain, round_half_up
from .scoring import target_reading
from .targets import NOT_APPLICABLE

ZERO = Decimal(0)


def rescale_edit(form: Form, table: str) -> Batch | None:
    """The edit dropping the table's 不适用 rows (分值 0) and rescaling the others; None when there is nothing to do."""
    spec, settings = form.template.table(table), form.template.scoring
    weight_key = spec.key_of("weight")
    rows = form.rows(table)
    if not weight_key or settings.not_applicable != "rescale":
        return None
    weights = [read_number(row.get(weight_key), form.amount_unit, False)[0] for row in rows]
    dropped = {i for i, row in enumerate(rows) if target_reading(settings, row).kind == NOT_APPLICABLE and weights[i]}
    kept = [i for i, w in enumerate(weights) if w and i not in dropped]
    total = spec.total_weight if spec.total_weight is not None else sum((w or ZERO for w in weights), ZERO)
    left = sum((weights[i] for i in kept), ZERO)
    if not dropped or not kept or left <= 0:
        return None
    new = {i: round_half_up(weights[i] * total / left, settings.step) for i in kept}
    largest = max(kept, key=lambda i: weights[i])
    new[largest] += total - sum(new.values(), ZERO)
    edits = [SetCell(table, i, weight_key, "0") for i in sorted(dropped)]
    edits += [SetCell(table, i, weight_key, _plain(value)) for i, value in sorted(new.items())]
    return Batch(edits, "按“不适用”折算分值")


def _plain(value: Decimal) -> str:
    text = format_plain(value)
    return text.rstrip("0").rstrip(".") if "." in text else text
