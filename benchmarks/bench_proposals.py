"""How long proposed scores take on a form with 1,000 indicators, against the live-editing budget.

Run: python benchmarks/bench_proposals.py
The budget is one frame (16 ms): a keystroke's recompute must fit in it. Prints, for 10, 100 and 1,000
indicator rows whose 年度指标值/实际完成值 mix every kind the rules read (≥, ≤, ＝0, ranges, deadlines,
qualitative words, unreadable text): all proposals afresh (the cells read for the first time, and again
with the reader's cache warm), and the median keystroke in a 年度指标值, 实际完成值 or 得分 cell with the
incremental recompute the window uses (figures, problems and proposals), the same with scoring switched
off in the template (the cost of proposals), and the full evaluate; and 采用全部建议得分 on the whole form.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from evaldesk.domain.compute import table_figures  # noqa: E402
from evaldesk.domain.edits import Batch, SetCell  # noqa: E402
from evaldesk.domain.form import Row, new_form  # noqa: E402
from evaldesk.domain.problems import evaluate  # noqa: E402
from evaldesk.domain.recalc import Recalculator  # noqa: E402
from evaldesk.domain.scoring import form_proposals  # noqa: E402
from evaldesk.domain.targets import read  # noqa: E402
from evaldesk.domain.template import template_from_dict  # noqa: E402
from evaldesk.storage.templates import load_templates  # noqa: E402

BUDGET_MS = 16.0
GROUPS = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]
CELLS = [("≥{n}%", "{m}%"), ("≤{n}万元", "{m}万元"), ("＝0", "{z}"), ("{a}-{b}人", "{m}人"), ("12月底前", "11月{d}日"),
         ("及时", "比较及时"), ("满意", "满意"), ("不少于{n}篇", "{m}篇"), ("重要活动{n}场次", "完成"), ("≥{n}次", ">{n}次")]


def cells(i: int) -> tuple[str, str]:
    target, actual = CELLS[i % len(CELLS)]
    values = dict(n=50 + i % 50, m=40 + i % 70, z=i % 2, a=3 + i % 3, b=8 + i % 4, d=1 + i % 28)
    return target.format(**values), actual.format(**values)


def big_form(rows: int, scoring: bool = True):
    template = load_templates().get("selfeval-national")
    if not scoring:
        template = template_from_dict({**template.source, "scoring": {"enabled": False}})
    form = new_form(template)
    form.funds = {"total": {"initial": "530000", "annual": "412907", "executed": "147,663.64"}}
    form.tables["indicators"] = [
        Row({"level1": GROUPS[i * 4 // rows][0], "level2": GROUPS[i * 4 // rows][1], "name": f"指标{i}",
             "target": cells(i)[0], "actual": cells(i)[1], "weight": "0.09", "score": "" if i % 4 else "0.08",
             "deviation": "" if i % 3 else "原因"})
        for i in range(rows)
    ]
    return form


def afresh(form) -> tuple[float, float]:
    read.cache_clear()
    start = time.perf_counter()
    form_proposals(form, table_figures(form))
    cold = time.perf_counter() - start
    warm = statistics.median(_timed(lambda: form_proposals(form, table_figures(form))) for _ in range(5))
    return cold, warm


def _timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def per_keystroke(form, recompute, repeats: int = 300) -> float:
    rows, columns = len(form.rows("indicators")), ("target", "actual", "score")
    times = []
    for i in range(repeats):
        column = columns[i % 3]
        text = {"target": f"≥{60 + i % 40}%", "actual": f"{50 + i % 60}%", "score": f"0.0{i % 9}"}[column]
        edit = SetCell("indicators", (i * 7919) % rows, column, text)
        start = time.perf_counter()
        _, touched = edit.apply(form)
        recompute(touched)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def accept_all(form) -> float:
    """The menu's 采用全部建议得分 on the form: one batch of SetCell edits, then the incremental recompute."""
    recalc = Recalculator(form)
    edits = [SetCell("indicators", p.where.row, "score", p.proposed) for p in recalc.proposals["indicators"]
             if p.score is not None and not form.rows("indicators")[p.where.row].get("score")]
    start = time.perf_counter()
    _, touched = Batch(edits, "采用全部建议得分").apply(form)
    recalc.update(touched)
    return time.perf_counter() - start


def main() -> None:
    print(f"budget per keystroke: {BUDGET_MS:.0f} ms (one frame)")
    print(f"{'rows':>5}  {'afresh, cold':>12}  {'afresh, warm':>12}  {'keystroke':>10}  {'(no scoring)':>12}  "
          f"{'full evaluate':>13}  {'accept all':>10}")
    for rows in (10, 100, 1000):
        form = big_form(rows)
        cold, warm = afresh(form)
        recalc = Recalculator(form)
        incremental = per_keystroke(form, recalc.update)
        assert recalc.proposals == form_proposals(form, table_figures(form))
        plain_form = big_form(rows, scoring=False)
        without = per_keystroke(plain_form, Recalculator(plain_form).update)
        full = per_keystroke(form, lambda touched: evaluate(form), repeats=30)
        accepted = accept_all(big_form(rows))
        print(f"{rows:>5}  {cold * 1e3:9.2f} ms  {warm * 1e3:9.2f} ms  {incremental * 1e3:7.3f} ms  "
              f"{without * 1e3:9.3f} ms  {full * 1e3:10.2f} ms  {accepted * 1e3:7.2f} ms")
        if rows == 1000:
            verdict = "within" if incremental * 1e3 < BUDGET_MS else "OVER"
            print(f"1,000 rows: a keystroke's recompute with proposals takes {incremental * 1e3:.3f} ms, {verdict} the budget")


if __name__ == "__main__":
    main()
