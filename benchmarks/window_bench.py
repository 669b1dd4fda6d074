"""In-process figures of the window beside their floors, side by side in one process (run by run.py).

For 20, 200 and 2,000 indicators: opening the form until its rows are measured and painted, against a
QTableWidget filled with the same rows and shown; one keystroke in a score cell until the new total is
painted, against a QTableWidget re-summing its score column on itemChanged; then, at the largest size,
jumping to rows far apart (as the problems list does) and the memory after thousands of keystrokes.
Prints one JSON object. Run: QT_QPA_PLATFORM=offscreen python benchmarks/window_bench.py [--sizes 20,200,2000]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "EVALDESK_HOME" not in os.environ:  # settings and autosaves of this run only, removed when it ends
    _HOME = tempfile.TemporaryDirectory(prefix="evaldesk-bench-")
    os.environ["EVALDESK_HOME"] = _HOME.name
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from bench_recompute import big_form  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem  # noqa: E402

from evaldesk.domain.places import cell_place  # noqa: E402
from evaldesk.ui.app import make_application, make_window  # noqa: E402
from evaldesk.ui.document import FormDocument  # noqa: E402

COLUMNS = ("level1", "level2", "name", "target", "actual", "weight", "score", "deviation")


def settle(app, grids=()) -> None:
    """Until the window has nothing left to do: measured rows, painted cells."""
    app.processEvents()
    while any(g._pending for g in grids):
        app.processEvents()
    app.processEvents()


def summary(seconds: list[float], cpu: list[float] | None = None) -> dict:
    """Wall-clock median, p95 and spread; with `cpu`, the median processor time this process used."""
    ordered = sorted(seconds)
    found = {"median": statistics.median(ordered), "p95": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))],
             "min": ordered[0], "max": ordered[-1], "runs": len(ordered)}
    if cpu:
        found["cpu_median"] = statistics.median(cpu)
    return found


# ------------------------------------------------------------------ evaldesk
def open_app(app, window, rows: int):
    form = big_form(rows)
    start, used = time.perf_counter(), time.process_time()
    view = window.add_document(FormDocument(form))
    grid = view.tables["indicators"]
    while not (grid.unit_widths and not grid._pending):
        app.processEvents()
    settle(app, view.grid_views())
    view.opened_cpu = time.process_time() - used
    return time.perf_counter() - start, view


def close_all(window) -> None:
    for document in window.documents():
        document.undo_stack.setClean()
    while window.tabs.count():
        window.close_tab(0)
    QApplication.processEvents()


def keystrokes(app, view, count: int) -> list[float]:
    grid = view.tables["indicators"]
    model = grid.model()
    index = model.index(model.rowCount() // 2, model.column_of("score"))
    view.focus_place(cell_place("indicators", index.row() - 1, "score"))
    grid.edit(index)
    settle(app, [grid])
    editor = grid.indexWidget(index)
    times, cpu = [], []
    for i in range(count):
        start, used = time.perf_counter(), time.process_time()
        QTest.keyClick(editor, Qt.Key.Key_Backspace if i % 2 else Qt.Key.Key_5)
        settle(app, [grid])
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - used)
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    settle(app, [grid])
    return times, cpu


def jumps(app, view, rows: int, count: int) -> tuple[list[float], list[float]]:
    times, cpu = [], []
    for i in range(count):
        row = (i * 7919) % rows
        start, used = time.perf_counter(), time.process_time()
        view.focus_place(cell_place("indicators", row, "score"))
        settle(app, view.grid_views())
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - used)
    return times, cpu


def resident_mb() -> float:
    with open("/proc/self/statm") as stat:
        return int(stat.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


# ------------------------------------------------------------------ the floor: a QTableWidget
def open_floor(app, rows: int):
    form = big_form(rows)
    start = time.perf_counter()
    table = QTableWidget(rows + 2, len(COLUMNS))
    table.setWordWrap(True)
    for r, row in enumerate(form.rows("indicators")):
        for c, key in enumerate(COLUMNS):
            table.setItem(r + 1, c, QTableWidgetItem(row.get(key)))
    table.setItem(rows + 1, COLUMNS.index("score"), QTableWidgetItem(""))
    table.resize(1280, 860)
    table.show()
    settle(app)
    return time.perf_counter() - start, table


def floor_keystrokes(app, table, rows: int, count: int) -> list[float]:
    score = COLUMNS.index("score")

    def resum(item) -> None:
        if item.column() != score or item.row() > rows:
            return
        total = 0.0
        for r in range(1, rows + 1):
            try:
                total += float(table.item(r, score).text())
            except ValueError:
                pass
        table.item(rows + 1, score).setText(f"{total:.2f}")

    table.itemChanged.connect(resum)
    item = table.item(rows // 2, score)
    table.scrollToItem(item)
    times, cpu = [], []
    for i in range(count):
        start, used = time.perf_counter(), time.process_time()
        item.setText("0.08" if i % 2 else "0.085")
        settle(app)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - used)
    return times, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="20,200,2000")
    parser.add_argument("--keys", type=int, default=120)
    parser.add_argument("--opens", type=int, default=3)
    parser.add_argument("--memory-keys", type=int, default=3000)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    app = make_application()
    window = make_window()
    window.show()
    window.activateWindow()
    settle(app)
    results: dict = {"open": {}, "open_floor": {}, "key": {}, "key_floor": {}}
    for rows in sizes:
        opened, opened_cpu, floor_opened = [], [], []
        for _ in range(args.opens):  # alternate, so that both see the same load on a shared machine
            seconds, table = open_floor(app, rows)
            floor_opened.append(seconds)
            table.close()
            table.deleteLater()
            seconds, view = open_app(app, window, rows)
            opened.append(seconds)
            opened_cpu.append(view.opened_cpu)
            close_all(window)
        results["open"][rows], results["open_floor"][rows] = summary(opened, opened_cpu), summary(floor_opened)
        seconds, view = open_app(app, window, rows)
        results["key"][rows] = summary(*keystrokes(app, view, args.keys))
        if rows == max(sizes):
            results["jump"] = summary(*jumps(app, view, rows, 40))
            keystrokes(app, view, 200)
            before = resident_mb()
            keystrokes(app, view, args.memory_keys)
            results["memory"] = {"keys": args.memory_keys, "before_mb": before, "after_mb": resident_mb()}
        close_all(window)
        seconds, table = open_floor(app, rows)
        results["key_floor"][rows] = summary(*floor_keystrokes(app, table, rows, args.keys))
        table.close()
        table.deleteLater()
    window.session.end_clean()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
