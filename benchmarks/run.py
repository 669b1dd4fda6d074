"""All of evaldesk's speed figures in one run, each beside its floor measured in the same run; writes the
README's Speed table.

    python benchmarks/run.py            # everything (a few minutes), then README.md's table is replaced
    python benchmarks/run.py --quick    # fewer runs, README untouched; the table goes to stdout

Whole processes against whole processes: start-up (to the first paint of the window) against a bare PySide6
window with a 100×8 table (bare_window.py), and against a peer that shows the same form's texts editable and
nothing more (form_floor.py: what any PySide6 program showing this form pays); `evaldesk check` against
`python -c pass` (all also counted in processor instructions by valgrind's callgrind when it is installed:
steady from run to run, unlike times); `evaldesk export --pdf` against LibreOffice converting evaldesk's own
workbook of the same form, both with a fresh profile (cold) and again (warm). The export of one text of
25,000, 100,000 and 400,000 characters beside the form as filed: how the extra time grows with the length (an
exponent of 1 is linear). In-process figures against a QTableWidget holding the same rows (window_bench.py),
with the processor time evaldesk used beside the wall-clock time (on a loaded machine the difference is time
spent waiting for a core). Runs of a figure and its floor alternate, so that both meet the same load. Medians,
with the spread.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIXTURES = ROOT / "tests" / "fixtures"
FORM = FIXTURES / "selfeval-2021-newenergy.evd"
PY = sys.executable
# `evaldesk` as the README's command line runs it: the console script pip installed beside this Python
# (imports evaldesk.cli directly), else `python -m evaldesk` (which also loads runpy)
SCRIPT = Path(PY).parent / ("evaldesk.exe" if os.name == "nt" else "evaldesk")
EVALDESK = [str(SCRIPT)] if SCRIPT.exists() else [PY, "-m", "evaldesk"]
BEGIN, END = "<!-- speed table: written by benchmarks/run.py -->", "<!-- end of speed table -->"


def env(home: str) -> dict:
    return dict(os.environ, EVALDESK_HOME=home, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))


CPU_SPENT: list[float] = []  # processor seconds of each process whole() ran, in order


def children_cpu() -> float:
    """Processor seconds (user + system) of the finished child processes so far; 0 where unknown (Windows)."""
    try:
        import resource
    except ImportError:
        return 0.0
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def whole(command: list[str], home: str, **kwargs) -> tuple[float, str]:
    """Seconds from spawning a process to its exit, and what it printed; its processor time goes to CPU_SPENT.
    On a loaded machine the wall time includes waiting for a core; the processor time does not."""
    start, cpu = time.time(), children_cpu()
    environment = kwargs.pop("env", None) or env(home)
    done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300, cwd=ROOT, **kwargs)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command} failed: {done.stdout}{done.stderr}")
    seconds = time.time() - start
    CPU_SPENT.append(children_cpu() - cpu)
    return seconds, done.stdout


def launch(command: list[str], home: str) -> tuple[float, float, float, float]:
    """(spawn → the window's first paint done, spawn → process gone, processor time of the whole process,
    processor time until the first paint)."""
    start = time.time()
    seconds, out = whole(command, home)
    report = dict(item.split("=", 1) for line in out.splitlines() if line.startswith("ready_at=") for item in line.split())
    if report.get("painted", "True") != "True":  # evaldesk says; the bare window reports only from its paint
        raise SystemExit(f"{command} reported before its first paint: {out}")
    return float(report["ready_at"]) - start, seconds, CPU_SPENT[-1], float(report["cpu"])


def instructions(command: list[str], environment: dict) -> int | None:
    """Processor instructions of one whole process, counted by valgrind's callgrind: the same from run to run
    whatever else the machine does (wall and processor times are not), so a ratio of two counts is steady.
    None without valgrind. About 50 times slower than the process itself."""
    if shutil.which("valgrind") is None:
        return None
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                          env=environment, capture_output=True, text=True, timeout=900, cwd=ROOT)
    counted = re.search(r"Collected : (\d+)", done.stderr)
    if counted is None:
        raise SystemExit(f"callgrind counted nothing for {command}: {done.stderr[-2000:]}")
    if "painted=False" in done.stdout:  # evaldesk reported before its first paint: the count would be short
        raise SystemExit(f"{command} reported before its first paint under callgrind: {done.stdout}")
    return int(counted.group(1))


def timed(command: list[str], home: str, **kwargs) -> tuple[float, float]:
    """(wall seconds, processor seconds) of one whole process."""
    seconds, _ = whole(command, home, **kwargs)
    return seconds, CPU_SPENT[-1]


def with_cpu(walls: list[float], cpus: list[float]) -> dict:
    return {**spread(walls), "cpu_median": statistics.median(cpus)} if any(cpus) else spread(walls)


def alternate(runs: int, *actions):
    """Run the actions in turn `runs` times; a list of timings per action."""
    results = [[] for _ in actions]
    for _ in range(runs):
        for found, action in zip(results, actions):
            found.append(action())
    return results


def spread(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"median": statistics.median(ordered), "min": ordered[0], "max": ordered[-1],
            "p95": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], "runs": len(ordered)}


def startup(runs: int, home: str) -> dict:
    app = [*EVALDESK, str(FORM)]  # as a clerk starts it: the `evaldesk` command (no runpy), a form named
    floor = [PY, str(HERE / "bare_window.py")]
    peer = [PY, str(HERE / "form_floor.py"), str(FORM)]  # the same form's texts, editable, and nothing more
    os.environ["EVALDESK_BENCH"] = "quit"
    try:
        launch(app, home), launch(floor, home), launch(peer, home)  # a warm disk cache, as on a second start
        ours, bare, form = alternate(runs, lambda: launch(app, home), lambda: launch(floor, home),
                                     lambda: launch(peer, home))
    finally:
        del os.environ["EVALDESK_BENCH"]
    to_paint = dict(env(home + "-counted"), EVALDESK_BENCH="ready")  # each ends at its first paint
    counted = {"instructions": instructions(app, to_paint), "floor_instructions": instructions(floor, to_paint),
               "peer_instructions": instructions(peer, to_paint)}
    return {"ready": with_cpu([r[0] for r in ours], [r[3] for r in ours]),
            "whole": with_cpu([r[1] for r in ours], [r[2] for r in ours]),
            "floor_ready": with_cpu([r[0] for r in bare], [r[3] for r in bare]),
            "floor_whole": with_cpu([r[1] for r in bare], [r[2] for r in bare]),
            "peer_ready": with_cpu([r[0] for r in form], [r[3] for r in form]), **counted}


def check(runs: int, home: str, work: Path) -> dict:
    folder = work / "forms"
    folder.mkdir()
    for path in sorted(FIXTURES.glob("*.evd")):
        shutil.copy(path, folder)
    count = len(list(folder.glob("*.evd")))
    one = [*EVALDESK, "check", str(FORM)]
    bare = [PY, "-c", "pass"]
    many = [*EVALDESK, "check", str(folder)]
    # As a clerk runs it: no EVALDESK_HOME, the settings and templates folders found from HOME (XDG)
    user = {key: value for key, value in env(home).items() if key != "EVALDESK_HOME" and not key.startswith("XDG_")}
    user["HOME"] = str(work / "clerk")
    ours, floor, batch = alternate(runs, lambda: timed(one, home, env=user), lambda: timed(bare, home, env=user),
                                   lambda: timed(many, home, env=user))
    figures = {key: with_cpu([w for w, _ in found], [c for _, c in found])
               for key, found in (("one", ours), ("floor", floor), ("folder", batch))}
    counted = {"instructions": instructions(one, user), "floor_instructions": instructions(bare, user)}
    return {**figures, "folder_files": count, **counted}


def export(runs: int, work: Path) -> dict | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    book = work / "form.xlsx"
    whole([PY, "-m", "evaldesk", "export", str(FORM), "--xlsx", str(book)], str(work / "home-xlsx"))
    pdf = [PY, "-m", "evaldesk", "export", str(FORM), "--pdf", str(work / "form.pdf")]
    counter = iter(range(10**6))

    def ours_cold() -> float:
        return whole(pdf, str(work / f"home-{next(counter)}"))[0]

    def office(profile: Path) -> float:
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                   "--outdir", str(work / "office"), str(book)]
        start = time.time()
        subprocess.run(command, check=True, capture_output=True, timeout=300)
        return time.time() - start

    warm_home = str(work / "home-warm")
    whole(pdf, warm_home)
    results = {"cold": spread([ours_cold() for _ in range(max(2, runs // 2))])}
    if soffice is None:
        results["warm"] = spread([whole(pdf, warm_home)[0] for _ in range(runs)])
        return results
    cold_office = [office(work / f"lo-{next(counter)}") for _ in range(max(2, runs // 2))]
    warm_profile = work / "lo-warm"
    office(warm_profile)
    ours, theirs = alternate(runs, lambda: whole(pdf, warm_home)[0], lambda: office(warm_profile))
    results.update(warm=spread(ours), office_cold=spread(cold_office), office_warm=spread(theirs))
    return results


BATCH = 500  # forms in the batch export; the issue measured 25.7 s (xlsx) and 27.2 s (PDF) for them in 2026-11
BATCH_TARGET = {"xlsx": 25.7 / 2, "pdf": 27.2 / 2}  # seconds: half of that


def batch(runs: int, work: Path) -> dict:
    """`evaldesk export FOLDER` of BATCH forms (the fixtures over and over) into one workbook, and into one PDF."""
    folder = work / "batch"
    folder.mkdir()
    fixtures = sorted(FIXTURES.glob("*.evd"))
    for index in range(BATCH):
        shutil.copy(fixtures[index % len(fixtures)], folder / f"{index:03d}-{fixtures[index % len(fixtures)].name}")
    home = str(work / "home-batch")
    found = {}
    for kind in ("xlsx", "pdf"):
        command = [PY, "-m", "evaldesk", "export", str(folder), f"--{kind}", str(work / f"batch.{kind}")]
        found[kind] = with_cpu(*zip(*(timed(command, home) for _ in range(runs))))
    return found


LONG = (25_000, 100_000, 400_000)  # characters of one 年度总体目标; the issue measured 100,000: 13 s xlsx, 31 s PDF
LONG_BEFORE = {"xlsx": 13.0, "pdf": 31.0}
LINEAR_ENOUGH = 1.15  # the growth exponent of the extra time: 1 is linear, 2 quadratic


def long_text(runs: int) -> dict:
    """The 2021 form exported (in one process, fonts loaded) as filed and with its 年度总体目标 one text of
    25,000, 100,000 and 400,000 characters. The extra time over the form as filed grows as length ** exponent:
    the exponent, fitted over the three lengths, is 1 when it grows linearly."""
    from bench_export import long_text_form, pdfs_of, xlsx_of

    from evaldesk.storage.evd import load_form
    from evaldesk.storage.templates import load_templates

    registry = load_templates()
    forms = {0: load_form(FORM, registry)}
    forms.update((length, long_text_form(load_form(FORM, registry), length)) for length in LONG)
    found = {}
    for kind, write in (("xlsx", xlsx_of), ("pdf", pdfs_of)):
        write([forms[0]])  # fonts and modules loaded, as in a running window
        actions = [lambda form=form: _seconds(lambda: write([form])) for form in forms.values()]
        found[kind] = dict(zip(forms, (spread(times) for times in alternate(runs, *actions))))
    return found


def _seconds(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def window(quick: bool) -> dict:
    args = ["--keys", "40", "--opens", "1", "--memory-keys", "600"] if quick else []
    done = subprocess.run([PY, str(HERE / "window_bench.py"), *args], capture_output=True, text=True, timeout=3600,
                          env=dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen")))
    if done.returncode:
        raise SystemExit(f"window_bench.py failed: {done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ the table
def ms(value: float) -> str:
    return f"{value * 1000:,.0f} ms" if value >= 0.0095 else f"{value * 1000:.1f} ms"


def fig(found: dict) -> str:
    cpu = f"; processor {ms(found['cpu_median'])}" if "cpu_median" in found else ""
    return f"{ms(found['median'])} ({ms(found['min'])}–{ms(found['max'])}{cpu})"


def processor_of(found: dict) -> str:
    return f", processor {ms(found['cpu_median'])}" if "cpu_median" in found else ""


def ratio(ours: dict, floor: dict) -> str:
    cpu = (f" (processor {ours['cpu_median'] / floor['cpu_median']:.1f}×)"
           if ours.get("cpu_median") and floor.get("cpu_median") else "")
    return f"{ours['median'] / floor['median']:.1f}×{cpu}"


def counted(found: dict, floor_key: str = "floor_instructions") -> str:
    """The instruction counts' ratio (callgrind): the steady one of the three."""
    ours, floor = found.get("instructions"), found.get(floor_key)
    if not ours or not floor:
        return ""
    return f"; instructions {ours / floor:.2f}× ({ours / 1e6:,.0f} M against {floor / 1e6:,.0f} M)"


def growth_exponent(medians: dict[int, float]) -> float:
    """The least-squares slope of log(extra time) over log(length): the extra over length 0 grows as length ** it."""
    import math

    points = [(math.log(n), math.log(max(t - medians[0], 1e-6))) for n, t in medians.items() if n]
    mean_x, mean_y = (sum(p[i] for p in points) / len(points) for i in (0, 1))
    return (sum((x - mean_x) * (y - mean_y) for x, y in points) / sum((x - mean_x) ** 2 for x, _ in points))


def mark(ok: bool) -> str:
    return "yes" if ok else "**no**"


def table(found: dict) -> str:
    start, chk, win, exp = found["startup"], found["check"], found["window"], found["export"]
    rows = [("what", "evaldesk: median (min–max)", "floor in the same run", "ratio", "target", "met")]
    cpu_ratio = (f"; whole processes: processor {start['whole']['cpu_median'] / start['floor_whole']['cpu_median']:.1f}×"
                 if "cpu_median" in start["whole"] and "cpu_median" in start["floor_whole"] else "")
    rows.append(("launch → the form's first paint done (editable), 2021 form",
                 fig(start["ready"]) + f"; whole process {ms(start['whole']['median'])}{processor_of(start['whole'])}",
                 f"bare PySide6 window, 100×8 table: {fig(start['floor_ready'])}; whole "
                 f"{ms(start['floor_whole']['median'])}{processor_of(start['floor_whole'])}",
                 ratio(start["ready"], start["floor_ready"]) + cpu_ratio + counted(start), "≤ 1.5×",
                 mark(start["ready"]["median"] <= 1.5 * start["floor_ready"]["median"])))
    peer_counts = (f"; it against the bare window: {start['peer_instructions'] / start['floor_instructions']:.2f}× in instructions"
                   if start.get("peer_instructions") and start.get("floor_instructions") else "")
    rows.append(("the same launch, against a peer showing the same form's texts", fig(start["ready"]),
                 f"form_floor.py: the form's texts in one QTableView through an editable Python model: "
                 f"{fig(start['peer_ready'])}{peer_counts}",
                 ratio(start["ready"], start["peer_ready"]) + counted(start, "peer_instructions"), "–", "–"))
    for size in sorted(win["key"], key=int):
        key, floor = win["key"][size], win["key_floor"][size]
        rows.append((f"one score keystroke → new total painted, {int(size):,} indicators",
                     fig(key) + f", p95 {ms(key['p95'])}", f"QTableWidget re-summing the same rows: {fig(floor)}",
                     ratio(key, floor), "16 ms, p95 25 ms" if int(size) >= 2000 else "–",
                     mark(key["median"] <= 0.016 and key["p95"] <= 0.025) if int(size) >= 2000 else "–"))
    for size in sorted(win["open"], key=int):
        opened, floor = win["open"][size], win["open_floor"][size]
        rows.append((f"open a form of {int(size):,} indicators", fig(opened), f"QTableWidget filled and shown: {fig(floor)}",
                     ratio(opened, floor), "1 s" if int(size) >= 2000 else "–",
                     mark(opened["median"] <= 1.0) if int(size) >= 2000 else "–"))
    jump, memory = win["jump"], win["memory"]
    rows.append(("jump to a far row (problems list, find), 2,000 indicators", fig(jump) + f", p95 {ms(jump['p95'])}",
                 "–", "–", "50 ms", mark(jump["median"] <= 0.05)))
    growth = memory["after_mb"] - memory["before_mb"]
    rows.append((f"memory over {memory['keys']:,} keystrokes, 2,000 indicators",
                 f"{memory['before_mb']:.0f} MB → {memory['after_mb']:.0f} MB ({growth:+.1f} MB)", "–", "–", "flat",
                 mark(growth < 5)))
    rows.append(("`evaldesk check`, one file, whole process", fig(chk["one"]), f"`python -c pass`: {fig(chk['floor'])}",
                 ratio(chk["one"], chk["floor"]) + counted(chk), "≤ 3×",
                 mark(chk["one"]["median"] <= 3 * chk["floor"]["median"])))
    rows.append((f"`evaldesk check` a folder of {chk['folder_files']} forms, one process", fig(chk["folder"]),
                 "–", f"{chk['folder']['median'] / chk['folder_files'] * 1000:.0f} ms a form", "–", "–"))
    if "office_warm" in exp:
        rows.append(("PDF of the 2021 form, whole process, warm", fig(exp["warm"]),
                     f"LibreOffice converting evaldesk's workbook of it: {fig(exp['office_warm'])}",
                     ratio(exp["warm"], exp["office_warm"]), "–", "–"))
        rows.append(("the same, cold (fresh home / fresh LibreOffice profile)", fig(exp["cold"]),
                     f"LibreOffice: {fig(exp['office_cold'])}", ratio(exp["cold"], exp["office_cold"]), "–", "–"))
    for kind in ("xlsx", "pdf"):
        done = found["long"][kind]
        medians = {length: done[length]["median"] for length in (0, *LONG)}
        exponent = growth_exponent(medians)
        rows.append((f"one 100,000-character 年度总体目标, {kind}, in one process",
                     f"{fig(done[100_000])}; " + ", ".join(f"{n:,} characters: {ms(medians[n])}" for n in LONG if n != 100_000)
                     + f"; the form as filed: {ms(medians[0])}",
                     f"the issue's measurement in 2026-11: {LONG_BEFORE[kind]:.0f} s",
                     f"extra time grows as length^{exponent:.2f} (1: linear)", f"linear (≤ {LINEAR_ENOUGH})",
                     mark(exponent <= LINEAR_ENOUGH and medians[100_000] < LONG_BEFORE[kind])))
    for kind, label in (("xlsx", "one workbook"), ("pdf", "one PDF")):
        done = found["batch"][kind]
        rows.append((f"export {BATCH} forms to {label}, whole process", fig(done),
                     f"the issue's measurement in 2026-11: {BATCH_TARGET[kind] * 2:.1f} s",
                     f"{done['median'] / BATCH * 1000:.0f} ms a form", f"≤ {BATCH_TARGET[kind]:.2f} s (half)",
                     mark(done["median"] <= BATCH_TARGET[kind])))
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "| " + " | ".join("---" for _ in rows[0]) + " |")
    machine = f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} when the run ended"
    return (f"{BEGIN}\nMeasured by `python benchmarks/run.py` on {time.strftime('%Y-%m-%d')} ({machine}; offscreen; "
            f"Python {sys.version.split()[0]}). A ratio below 1 means evaldesk is faster.\n\n" + "\n".join(lines) + f"\n{END}")


def write_readme(text: str) -> None:
    readme = ROOT / "README.md"
    content = readme.read_text(encoding="utf-8")
    if BEGIN in content and END in content:
        head, rest = content.split(BEGIN, 1)
        content = head + text + rest.split(END, 1)[1]
    else:
        raise SystemExit(f"README.md has no {BEGIN!r} … {END!r} to replace")
    readme.write_text(content, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs; print the table, leave README.md alone")
    parser.add_argument("--json", help="also write the raw figures to this file")
    args = parser.parse_args()
    runs = 3 if args.quick else 9
    with tempfile.TemporaryDirectory(prefix="evaldesk-bench-") as work:
        work = Path(work)
        home = str(work / "home")
        found = {"startup": startup(runs, home), "check": check(runs, home, work)}
        found["export"] = export(max(3, runs // 2), work)
        found["batch"] = batch(1 if args.quick else 3, work)
        found["long"] = long_text(3 if args.quick else 7)
        found["window"] = window(args.quick)
    text = table(found)
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps(found, indent=2), encoding="utf-8")
    if not args.quick:
        write_readme(text)


if __name__ == "__main__":
    main()
