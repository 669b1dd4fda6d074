"""Smoke test of a frozen evaldesk folder, the same on Linux (tests/packaging) and Windows (CI).

    python packaging/smoke_test.py DIST/evaldesk [--fixtures tests/fixtures] [--work DIR]

What a clerk would notice, run against the frozen exes only (no Python of ours on the path):
  1. `evaldesk-cli --version` prints the package version;
  2. `evaldesk-cli export FORM --xlsx --pdf` for every fixture exits 0, and the workbook opens with openpyxl
     and the PDF with pypdf, both showing the form's project name;
  3. the windowed `evaldesk FORM` starts offscreen with the form ready to edit, and quits by itself
     (EVALDESK_BENCH=quit, see evaldesk/ui/app.py); a second launch with a file hands it to the
     running window and exits 0;
  4. nothing is written inside the app folder (it may be read-only: Program Files, a locked-down PC).
Forms and exports go to a folder with Chinese characters and spaces, like C:\\Users\\张三\\文档\\绩效 自评\\.
Prints the timings it measured; exits 1 with the failures listed.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHINESE_FOLDER = Path("张三") / "文档" / "绩效 自评"
TIMEOUT_S = 120


@dataclass
class Report:
    failures: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def check(self, ok: bool, message: str) -> bool:
        if not ok:
            self.failures.append(message)
        return ok


def exe_path(app_dir: Path, name: str) -> Path:
    return app_dir / (name + ".exe" if os.name == "nt" else name)


def package_version() -> str:
    text = (ROOT / "src" / "evaldesk" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__\s*=\s*"([^"]+)"', text).group(1)


def frozen_env(home: Path) -> dict[str, str]:
    """A clean environment: no PYTHONPATH back into the source tree, settings in `home`, no screen."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "EVALDESK_"))}
    env.update(EVALDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen", PYTHONUTF8="1")
    return env


def run(command: list[str], env: dict[str, str], report: Report, label: str) -> subprocess.CompletedProcess | None:
    started = time.perf_counter()
    try:
        done = subprocess.run(command, env=env, capture_output=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        report.failures.append(f"{label}: still running after {TIMEOUT_S} s")
        return None
    report.timings[label] = time.perf_counter() - started
    out, err = (stream.decode("utf-8", "replace") for stream in (done.stdout, done.stderr))
    report.check(done.returncode == 0, f"{label}: exit {done.returncode}\n{out}\n{err}")
    return done


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def check_version(app_dir: Path, env: dict[str, str], report: Report) -> None:
    done = run([str(exe_path(app_dir, "evaldesk-cli")), "--version"], env, report, "cli --version")
    if done is not None:
        printed = done.stdout.decode("utf-8", "replace")
        report.check(package_version() in printed, f"--version printed {printed!r}, not {package_version()}")


def project_name(form_path: Path) -> str:
    return json.loads(form_path.read_text(encoding="utf-8-sig")).get("fields", {}).get("project_name", "")


def check_export(app_dir: Path, form: Path, out_dir: Path, env: dict[str, str], report: Report) -> None:
    xlsx, pdf = out_dir / (form.stem + ".xlsx"), out_dir / (form.stem + ".pdf")
    command = [str(exe_path(app_dir, "evaldesk-cli")), "export", str(form), "--xlsx", str(xlsx), "--pdf", str(pdf)]
    if run(command, env, report, f"export {form.name}") is None:
        return
    name = project_name(form)
    if report.check(xlsx.exists(), f"{xlsx.name} not written"):
        report.check(name in workbook_texts(xlsx), f"{xlsx.name} does not show the project name {name!r}")
    if report.check(pdf.exists(), f"{pdf.name} not written"):
        pages, text = pdf_text(pdf)
        report.check(pages >= 1, f"{pdf.name} has no page")
        report.check(squeeze(name)[:4] in squeeze(text), f"{pdf.name} does not show the project name {name!r}")


def workbook_texts(path: Path) -> set[str]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    return {str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value}


def pdf_text(path: Path) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    return len(reader.pages), "".join(page.extract_text() or "" for page in reader.pages)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def window_env(home: Path, bench: str) -> dict[str, str]:
    """EVALDESK_BENCH=quit: the window reports `ready_at=… editable=True` once the form is on screen,
    then quits; EVALDESK_BENCH=1 reports and stays open. LOGNAME gives this run its own single-instance
    name (getpass reads it first), so a window a person has open on this machine is never involved."""
    env = frozen_env(home)
    env.update(EVALDESK_BENCH=bench, LOGNAME=f"evaldesk-smoke-{os.getpid()}")
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    env["TMPDIR"] = str(home / "tmp")  # where Qt puts the local socket on Linux
    return env


def ready_report(stdout: bytes) -> dict[str, str]:
    text = stdout.decode("utf-8", "replace") if isinstance(stdout, bytes) else stdout
    return dict(re.findall(r"(\w+)=(\S+)", text))


def check_window(app_dir: Path, form: Path, home: Path, report: Report) -> None:
    """The windowed exe opens a form offscreen, shows it ready to edit, and quits with 0."""
    launched = time.time()
    done = run([str(exe_path(app_dir, "evaldesk")), str(form)], window_env(home, "quit"), report, "window")
    if done is None or done.returncode != 0:
        return
    ready = ready_report(done.stdout)
    if report.check(ready.get("editable") == "True", f"the window did not show {form.name} ready to edit: {ready}"):
        report.timings["window: launch to editable form"] = float(ready["ready_at"]) - launched


def check_second_launch(app_dir: Path, forms: list[Path], home: Path, report: Report) -> None:
    """A second launch with a file (a double-clicked .evd) hands it to the running window and exits 0;
    the running window carries on."""
    env = window_env(home, "1")
    first = subprocess.Popen([str(exe_path(app_dir, "evaldesk")), str(forms[0])], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        line = read_line(first, TIMEOUT_S)
        if not report.check("editable=True" in line, f"the first window did not come up: {line!r}"):
            return
        line = read_line(first, TIMEOUT_S)  # the window listens just after its first paint, then says so
        if not report.check("listening=True" in line, f"the first window does not listen for files: {line!r}"):
            return
        run([str(exe_path(app_dir, "evaldesk")), str(forms[-1])], env, report, "second launch with a file")
        time.sleep(0.5)
        report.check(first.poll() is None, f"the running window ended (exit {first.poll()}) when handed a file")
    finally:
        first.kill()
        first.wait()


def read_line(process: subprocess.Popen, timeout: float) -> str:
    """One line of output, waiting at most `timeout` (a thread: Windows pipes cannot be polled)."""
    lines: list[bytes] = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return lines[0].decode("utf-8", "replace") if lines else ""


def smoke(app_dir: Path, fixtures: Path, work: Path) -> Report:
    report = Report()
    folder = work / CHINESE_FOLDER
    forms_dir, out_dir, home = folder / "表单", folder / "导出", work / "home"
    for made in (forms_dir, out_dir, home):
        made.mkdir(parents=True, exist_ok=True)
    forms = [Path(shutil.copy2(f, forms_dir)) for f in sorted(fixtures.glob("*.evd"))]
    report.check(bool(forms), f"no .evd fixture in {fixtures}")
    before = snapshot(app_dir)
    env = frozen_env(home)
    check_version(app_dir, env, report)
    for form in forms:
        check_export(app_dir, form, out_dir, env, report)
    if forms:
        check_window(app_dir, forms[0], home / "window", report)
        check_second_launch(app_dir, forms, home / "second", report)
    if x86_64(exe_path(app_dir, "evaldesk-cli")):
        report.check(any(app_dir.rglob("_rl_accel*")), "reportlab's accelerator (_rl_accel) is not in the app")
    changed = sorted(set(snapshot(app_dir).items()) ^ set(before.items()))
    report.check(not changed, f"the app wrote into its own folder: {changed[:5]}")
    return report


def x86_64(exe: Path) -> bool:
    """Whether the app is built for x86-64 (where rl_accel has wheels): a Windows exe, or an ELF file whose
    e_machine is 62. Read from the file, as the smoke test may run on another architecture than the app."""
    head = exe.read_bytes()[:20] if exe.exists() else b""
    return sys.platform == "win32" or head[:4] == b"\x7fELF" and int.from_bytes(head[18:20], "little") == 62


def folder_size(folder: Path) -> int:
    """Bytes on disk; symbolic links (PyInstaller makes some on Linux) are not counted twice."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("app_dir", type=Path, help="the frozen folder (dist/evaldesk)")
    parser.add_argument("--fixtures", type=Path, default=ROOT / "tests" / "fixtures")
    parser.add_argument("--work", type=Path, help="where forms and exports go (default: a temporary folder)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="evaldesk-smoke-"))
    report = smoke(args.app_dir.resolve(), args.fixtures.resolve(), work.resolve())
    print(f"app folder: {folder_size(args.app_dir) / 2**20:.1f} MB")
    for label, seconds in report.timings.items():
        print(f"{label}: {seconds:.2f} s")
    for failure in report.failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    print("smoke test: " + ("passed" if not report.failures else f"{len(report.failures)} failed"))
    return 1 if report.failures else 0


if __name__ == "__main__":
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8", errors="replace")
        sys.stderr.reconfigure(encoding="utf-8", errors="replace")
    sys.exit(main())
