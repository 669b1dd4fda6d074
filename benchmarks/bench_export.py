"""How long the PDF export of a form takes, beside LibreOffice printing the same form's Excel export to PDF.

Run: python benchmarks/bench_export.py [--runs N] [FIXTURE.evd ...]
For each form (default: the 2021 seed form, the first SAST 2020 form and the first Form B), prints the
median of N runs of `write_pdf` (fonts already loaded, as in a running window), the first run of the
process (loading the font too), the pages, and the median of LibreOffice converting the `write_xlsx`
workbook of the same form to PDF (`soffice --headless --convert-to pdf`, warm profile), with the ratio.
Then the stress form: 5,000-character goals, two 2,000-character reasons, 200 indicators.
"""
from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from evaldesk.domain.form import Row  # noqa: E402
from evaldesk.storage.evd import load_form  # noqa: E402
from evaldesk.storage.templates import load_templates  # noqa: E402

DEFAULT = ["selfeval-2021-newenergy.evd", "selfeval-2020-sast-01.evd", "selfassess-2019-stec-01.evd"]
GROUPS = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]


def timed(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pdf_of(form) -> bytes:
    from evaldesk.export.pdf import write_pdf

    buffer = io.BytesIO()
    write_pdf([form], buffer)
    return buffer.getvalue()


def libreoffice_seconds(form, runs: int, work: Path) -> float | None:
    """Median time of LibreOffice printing the form's workbook to PDF; None without LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    from evaldesk.export.xlsx import write_xlsx

    book = work / "form.xlsx"
    with book.open("wb") as stream:
        write_xlsx([form], stream)
    profile = (work / "lo-profile").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(book)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)  # first start builds the profile
    return timed(lambda: subprocess.run(command, check=True, capture_output=True, timeout=180), runs)


def stress_form(form):
    long = "".join(f"第{i:04d}句，围绕绩效目标推进各项工作。" for i in range(500))
    form.fields["goal_expected"] = form.fields["goal_actual"] = long[:5000]
    form.tables["indicators"] = [
        Row({"level1": GROUPS[i * 4 // 200][0], "level2": GROUPS[i * 4 // 200][1], "name": f"指标{i:03d}",
             "target": "≥80%", "actual": "85%", "weight": "0.45", "score": "0.4",
             "deviation": long[:2000] if i in (5, 150) else f"说明{i:03d}"})
        for i in range(200)
    ]
    return form


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fixtures", nargs="*", default=DEFAULT)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    registry = load_templates()
    fixtures = ROOT / "tests" / "fixtures"
    from pypdf import PdfReader

    print(f"{'form':34} {'pages':>5} {'pdf first':>10} {'pdf median':>11} {'LibreOffice':>12} {'ratio':>7}")
    first_run = True
    for name in args.fixtures:
        form = load_form(fixtures / name, registry)
        start = time.perf_counter()
        pages = len(PdfReader(io.BytesIO(pdf_of(form))).pages)
        first = time.perf_counter() - start
        label = f"{first:9.3f}s" if first_run else f"{'':>9} "
        first_run = False
        median = timed(lambda: pdf_of(form), args.runs)
        with tempfile.TemporaryDirectory() as work:
            office = libreoffice_seconds(form, max(3, args.runs // 5), Path(work))
        office_text = f"{office:11.3f}s" if office is not None else f"{'(none)':>12}"
        ratio = f"{office / median:6.0f}×" if office is not None else ""
        print(f"{name:34} {pages:5d} {label} {median:10.3f}s {office_text} {ratio:>7}")
    form = stress_form(load_form(fixtures / DEFAULT[0], registry))
    pages = len(PdfReader(io.BytesIO(pdf_of(form))).pages)
    median = timed(lambda: pdf_of(form), max(3, args.runs // 3))
    print(f"{'stress (200 rows, long texts)':34} {pages:5d} {'':>10} {median:10.3f}s")


if __name__ == "__main__":
    main()
