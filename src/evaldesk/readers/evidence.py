"""Which template a workbook was filled on, and where its printed figures disagree with ours.

The family shows in the title (财政项目支出绩效自评表, 项目绩效自我评价, 绩效目标申报表). Within a family the
templates differ in rules a sheet does not name — the rate's rounding, whether the budget's 10 points
count in 总分 — so each candidate recomputes the form and the one whose figures agree best with what
the sheet prints is chosen, and the choice is reported. A printed figure that still disagrees was typed
or copied by hand: the recomputed value is kept and the difference reported.
"""
from __future__ import annotations

import hashlib
from decimal import Decimal

from ..domain.compute import Figures, compute
from ..domain.conventions import conventions_of, describe, with_conventions
from ..domain.learning import learn_conventions
from ..domain.form import Form
from ..domain.numbers import NumberError, format_score, parse_number, round_half_up
from ..domain.template import Template
from .grid import Grid, normalize, same_title
from .labels import Printed

WHAT = {
    "execution_rate": "执行率", "budget_weight": "预算执行分值", "budget_score": "预算执行得分",
    "total_weight": "分值合计", "total_score": "得分合计", "grade": "绩效等级", "group": "一级指标分值",
    "goal_ratio": "权重比例合计", "indicator_score": "目标得分合计",
}
EVIDENCE = ("execution_rate", "budget_weight", "budget_score", "total_weight", "total_score")
PREFERRED = ("selfeval-national", "selfassess-shanghai", "declaration-shanghai")


def family_templates(grid: Grid, templates: list[Template]) -> list[Template]:
    """The templates whose title the sheet shows (the longest title that matches wins)."""
    top = [normalize(text) for (row, _), text in sorted(grid.texts.items()) if row <= _first_rows(grid)]
    matches = [t for t in templates if any(same_title(normalize(t.title), text) for text in top)]
    if not matches:
        return []
    longest = max(len(normalize(t.title)) for t in matches)
    family = next(t.family for t in matches if len(normalize(t.title)) == longest)
    return [t for t in templates if t.family == family]


def _first_rows(grid: Grid) -> int:
    rows = grid.rows()
    return rows[min(5, len(rows) - 1)] if rows else 0


def differences(form: Form, figures: Figures, printed: list[Printed]) -> list[tuple[Printed, str]]:
    """Each printed figure that disagrees with the recomputed one, with the recomputed text."""
    found = []
    for item in printed:
        expected = _expected(item, form, figures)
        if expected is not None and not _same(item, expected):
            found.append((item, expected))
    return found


def _expected(item: Printed, form: Form, figures: Figures) -> str | None:
    if item.what == "execution_rate":
        return figures.execution_rate_text or None
    if item.what == "grade":
        return figures.grade or None
    if item.what == "group":
        group = next((g for g in figures.groups.get(item.table, []) if g.start == item.row and g.level == "level1"), None)
        return format_score(group.weight) if group else None
    value = getattr(figures, item.what)
    return format_score(value) if value is not None else None


def _same(item: Printed, expected: str) -> bool:
    if item.what == "grade":
        return normalize(item.text) == normalize(expected)
    mine, theirs = _number(item.text), _number(expected)
    if mine is None or theirs is None:
        return normalize(item.text) == normalize(expected)
    return round_half_up(mine) == round_half_up(theirs)


def _number(text: str) -> Decimal | None:
    try:
        return parse_number(text.replace("%", "").replace("％", ""))
    except NumberError:
        return None


def choose(candidates: list[tuple[Template, Form, list[Printed]]], unit_seen: str | None):
    """The candidate whose recomputed figures disagree least with the printed ones; and why."""
    scored = []
    for order, (template, form, printed) in enumerate(candidates):
        evidence = [p for p in printed if p.what in EVIDENCE]
        misses = len(differences(form, compute(form), evidence))
        unit_hint = 0 if unit_seen in (None, template.amount_unit) else 1
        preferred = 0 if template.id in PREFERRED else 1
        scored.append(((misses, unit_hint, preferred, order), template, form, printed, len(evidence)))
    scored.sort(key=lambda item: item[0])
    best = scored[0]
    tied = [s for s in scored if s[0][0] == best[0][0]]
    decided_by_figures = len(tied) < len(scored)
    return best[1], best[2], best[3], decided_by_figures


def difference_notes(grid: Grid, form: Form, printed: list[Printed]) -> list[str]:
    notes = []
    for item, expected in differences(form, compute(form), printed):
        what = WHAT[item.what]
        notes.append(
            f"工作表“{grid.title}”{item.address} 的{what}为“{item.text}”，按表中数字重新计算为“{expected}”，已采用计算值。"
        )
    return notes


def learn_from_sheet(form: Form, printed: list[Printed], orders: dict[str, tuple[str, ...]] | None = None,
                     ) -> tuple[Template, list[str]] | None:
    """Where the chosen template does not reproduce the printed figures, the settings that do: the form
    takes a template with them (its id says it was learned), and the notes say what and on what evidence."""
    first = {}
    for item in printed:
        if item.what in EVIDENCE:
            first.setdefault(item.what, item.text)
    groups = [(_group_name(form, item), item.text) for item in printed if item.what == "group"]
    scored = form.template.scored_table
    order = (orders or {}).get(scored.key, ()) if scored else ()
    learned = learn_conventions(form, first, groups, order)
    if not learned.changed:
        return None
    base = form.template
    template = with_conventions(base, learned.conventions, id=f"{base.id}-learned-{_digest(learned.conventions)}",
                                name=f"{base.title}（推断：{learned.summary(conventions_of(base))}）")
    form.template = template
    notes = ["表中打印的数字与模板“" + base.name + "”的规则不一致，已找到能重现这些数字的规则：",
             *(f"  {line}" for line in learned.evidence),
             "已按这些规则导入（" + "；".join(describe(learned.conventions)) + "）。可将其保存为本单位的模板"
             "（窗口：导入后按提示保存；命令行：evaldesk import … --save-template）。"]
    return template, notes


def _group_name(form: Form, item: Printed) -> str:
    rows = form.rows(item.table)
    return rows[item.row].get("level1") if 0 <= item.row < len(rows) else ""


def _digest(conventions) -> str:
    return hashlib.sha1(repr(conventions).encode("utf-8")).hexdigest()[:6]
