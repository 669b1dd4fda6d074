"""The library with a unit's archive of 2,000 forms: how soon the list appears, and whether the window waits,
beside a floor measured in the same run.

Generates N forms (default 2,000) from the fixtures — different projects, years, units (元 and 万元),
scores — in sub-folders of a temporary library, then measures in fresh processes:
  cold      no index yet: every form is read (in the loader thread; the window keeps running);
  warm      a second start: the list from the index, then the folders checked (nothing to read);
  changed   a second start after 20 files were edited: only those are read again.
For each: opening the library page → all N rows shown and painted, wall and CPU time (all the process's
threads); launch → list shown (Python and Qt start-up included); launch → up to date (files checked, search
texts read); and the longest the window's event loop was kept waiting meanwhile (a 10 ms timer's largest gap).
The floor: a bare PySide6 process that reads the same N rows' texts from one JSON file into a QTableWidget
and shows it — what any Qt list of these rows costs. Floor and warm runs alternate, so both meet the same
load; on a shared machine wall times swell with it (wall − CPU is time spent waiting for a core).
Run: python benchmarks/bench_library.py [--forms 2000] [--runs 5] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
BOUND_S = 1.0  # the bound: the list appears within one second on a warm start

PROBE = r"""
import sys, time
started = float(sys.argv[1])
from PySide6.QtCore import QElapsedTimer, QTimer
from evaldesk.ui.app import make_application, make_window
from evaldesk.ui import year_actions
app = make_application()
window = make_window()
window.show()
app.processEvents()
ready, ready_cpu = time.time(), time.process_time()
clock, gaps, last = QElapsedTimer(), [], [0]
clock.start()
def tick():
    now = clock.elapsed(); gaps.append(now - last[0]); last[0] = now
timer = QTimer(); timer.setInterval(10); timer.timeout.connect(tick); timer.start()
view = year_actions.show_library(window)
shown = done = None
deadline = time.time() + 120
while time.time() < deadline:
    app.processEvents()
    if shown is None and view.proxy.rowCount() >= int(sys.argv[2]):
        app.processEvents()  # the paint the new rows asked for
        shown, shown_cpu = time.time(), time.process_time()
    if view.last_scan is not None and not view.is_loading():
        done = time.time(); break
    time.sleep(0.002)
print(f"shown={shown - started if shown else -1:.3f} done={done - started:.3f} read={view.last_scan.read} "
      f"ready={ready - started:.3f} ready_cpu={ready_cpu:.3f} shown_cpu={shown_cpu if shown else -1:.3f} "
      f"rows={view.model.rowCount()} stall_ms={max(gaps[1:] or [0])}")
window.close()
"""

FLOOR = r"""
import json, sys, time
started = float(sys.argv[1])
from evaldesk.ui import guard_singletons  # PySide6's refcount bug on CPython 3.11 (see evaldesk/ui/__init__.py)
guard_singletons()
from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem
app = QApplication([])
table = QTableWidget()
table.resize(1200, 700)
table.show()
app.processEvents()
ready, ready_cpu = time.time(), time.process_time()
rows = json.loads(open(sys.argv[2], encoding="utf-8").read())
table.setColumnCount(len(rows[0]))
table.setRowCount(len(rows))
for r, texts in enumerate(rows):
    for c, text in enumerate(texts):
        table.setItem(r, c, QTableWidgetItem(text))
app.processEvents()
shown, shown_cpu = time.time(), time.process_time()
print(f"shown={shown - started:.3f} done={shown - started:.3f} read=0 ready={ready - started:.3f} "
      f"ready_cpu={ready_cpu:.3f} shown_cpu={shown_cpu:.3f} rows={table.rowCount()} stall_ms=0")
"""


def generate(folder: Path, count: int) -> None:
    from evaldesk.storage.evd import load_form, save_form
    from evaldesk.storage.templates import load_templates

    registry = load_templates(Path("/nonexistent"))
    bases = [load_form(p, registry) for p in sorted(FIXTURES.glob("*.evd"))]
    names = [form.project_name[:12] for form in bases]
    rng = random.Random(12)
    for number in range(count):
        form = bases[number % len(bases)]
        year = str(2019 + number % 4)
        form.fields["project_name"] = f"{year} 年第 {number} 号项目（{names[number % len(bases)]}）"
        if "year" in form.fields:
            form.fields["year"] = year
        for row in form.rows(form.template.scored_table.key) if form.template.scored_table else []:
            if row.get("score") and row.get("weight"):
                row.values["score"] = str(max(0, int(float(row.get("weight"))) - rng.randint(0, 2)))
        target = folder / year / f"form-{number:04d}.evd"
        target.parent.mkdir(parents=True, exist_ok=True)
        save_form(form, target)


def launch(home: Path, count: int, probe: str = PROBE, argument: str = "") -> dict[str, float]:
    env = dict(os.environ, EVALDESK_HOME=str(home))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.time()
    done = subprocess.run([sys.executable, "-c", probe, str(started), argument or str(count)], env=env,
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    line = next((l for l in done.stdout.splitlines() if l.startswith("shown=")), "")
    if not line:
        raise SystemExit(f"no report from the library probe: {done.stdout}{done.stderr}")
    return {k: float(v) for k, v in (part.split("=") for part in line.split())}


def touch(library: Path, count: int) -> None:
    for path in sorted(library.rglob("*.evd"))[:count]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("号项目", "号项目 ", 1), encoding="utf-8")


def index_alone(home: Path, library: Path) -> tuple[float, float, int]:
    os.environ["EVALDESK_HOME"] = str(home)
    from evaldesk.storage.library import LibraryIndex
    from evaldesk.storage.paths import library_index_file
    from evaldesk.storage.templates import load_templates

    registry = load_templates(Path("/nonexistent"))
    started = time.perf_counter()
    index = LibraryIndex(registry)
    cached = index.cached([library])
    first = time.perf_counter() - started
    index.scan([library])
    return first, time.perf_counter() - started, library_index_file().stat().st_size if cached else 0


def floor_rows(home: Path, library: Path, target: Path) -> None:
    """The texts of the rows the library shows, for the floor's QTableWidget."""
    os.environ["EVALDESK_HOME"] = str(home)
    from evaldesk.storage.library import LibraryIndex
    from evaldesk.storage.templates import load_templates
    from evaldesk.ui.library_model import cells

    items = LibraryIndex(load_templates(Path("/nonexistent"))).cached([library])
    target.write_text(json.dumps([list(cells(item)[0]) for item in items], ensure_ascii=False), encoding="utf-8")


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"


def report(label: str, results: list[dict[str, float]]) -> None:
    own = [r["shown"] - r["ready"] for r in results]
    own_cpu = [r["shown_cpu"] - r["ready_cpu"] for r in results]
    stalls = [r["stall_ms"] for r in results]
    print(f"{label:22s} open → list: wall {_spread(own)}, CPU {_spread(own_cpu)} | launch → list: wall "
          f"{_spread([r['shown'] for r in results])}, CPU {_spread([r['shown_cpu'] for r in results])}"
          + (f" | up to date {_spread([r['done'] for r in results])}, files read {int(results[0]['read'])}, "
             f"longest stall {statistics.median(stalls):.0f} ms (worst {max(stalls):.0f})" if label != "floor" else ""))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--forms", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="generate the forms here once and reuse them in later runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        library = home / "forms"  # paths.library_dir() under EVALDESK_HOME
        started = time.perf_counter()
        reused = bool(args.keep and args.keep.is_dir())
        if reused:
            shutil.copytree(args.keep, library)
        else:
            generate(library, args.forms)
            if args.keep:
                shutil.copytree(library, args.keep)
        size = sum(p.stat().st_size for p in library.rglob("*.evd"))
        print(f"{'copied' if reused else 'generated'} {args.forms} forms ({size / 1e6:.0f} MB) in {time.perf_counter() - started:.1f} s")
        load = [os.getloadavg()[0]]
        cold = launch(home, args.forms)
        report("cold", [cold])
        rows_file = Path(tmp) / "rows.json"
        floor_rows(home, library, rows_file)
        floor, warm = [], []
        for _ in range(args.runs):  # alternating: both meet the same load
            floor.append(launch(home, args.forms, FLOOR, str(rows_file)))
            warm.append(launch(home, args.forms))
            load.append(os.getloadavg()[0])
        report("floor", floor)
        report("warm", warm)
        changed = []
        for _ in range(max(1, args.runs // 2)):
            touch(library, 20)
            changed.append(launch(home, args.forms))
        report("changed", changed)
        first, whole, index_size = index_alone(home, library)
        print(f"index alone (no Qt): list from the index {first * 1000:.0f} ms, checked against the folders "
              f"{whole * 1000:.0f} ms; index file {index_size / 1e6:.1f} MB")
        own = max(r["shown"] - r["ready"] for r in warm)
        own_cpu = max(r["shown_cpu"] - r["ready_cpu"] for r in warm)
        print(f"bound {BOUND_S:.1f} s, warm, from opening the library to the list: "
              f"{'met' if own <= BOUND_S else 'NOT met'} (worst {own:.2f} s wall, {own_cpu:.2f} s CPU); "
              f"load average {min(load):.1f}–{max(load):.1f} on {os.cpu_count()} cores during the runs")
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
