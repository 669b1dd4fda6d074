"""How long a recompute takes after one keystroke, on a form with 1,000 indicators.

Run: python benchmarks/bench_recompute.py
Prints the median time per edit (typing one score) of: the edit + a full `evaluate` (figures and problems
afresh), and the edit + the incremental `Recalculator.update` the window uses, for 10, 100 and 1,000 indicator
rows, side by side in one run, with their ratio. Figures go into the README.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from evaldesk.domain.edits import SetCell  # noqa: E402
from evaldesk.domain.form import Row, new_form  # noqa: E402
from evaldesk.domain.problems import evaluate  # noqa: E402
from evaldesk.domain.recalc import Recalculator  # noqa: E402
from evaldesk.storage.templates import load_templates  # noqa: E402

GROUPS = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]


def big_form(rows: int):
    form = new_form(load_templates().get("selfeval-national"))
    form.funds = {"total": {"initial": "530000", "annual": "412907", "executed": "147,663.64"}}
    form.tables["indicators"] = [
        Row({"level1": GROUPS[i * 4 // rows][0], "level2": GROUPS[i * 4 // rows][1], "name": f"指标{i}",
             "target": "≥80%", "weight": "0.09", "score": "0.08", "deviation": "" if i % 3 else "原因"})
        for i in range(rows)
    ]
    return form


def per_edit(form, recompute, repeats: int = 300) -> float:
    times = []
    rows = len(form.rows("indicators"))
    for i in range(repeats):
        edit = SetCell("indicators", (i * 7919) % rows, "score", f"0.0{i % 9}")
        start = time.perf_counter()
        _, touched = edit.apply(form)
        recompute(touched)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    print(f"{'rows':>5}  {'full evaluate':>14}  {'incremental':>12}  ratio")
    for rows in (10, 100, 1000):
        form = big_form(rows)
        full = per_edit(form, lambda touched: evaluate(form))
        recalc = Recalculator(form)
        incremental = per_edit(form, recalc.update)
        assert recalc.figures.printed() == evaluate(form)[0].printed()
        print(f"{rows:>5}  {full * 1e3:11.3f} ms  {incremental * 1e3:9.3f} ms  {full / incremental:5.1f}x")


if __name__ == "__main__":
    main()
