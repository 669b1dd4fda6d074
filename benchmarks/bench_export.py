"""How long the PDF export of a form takes, beside LibreOffice printing the same form's Excel export to PDF.

Run: python benchmarks/bench_export.py [--runs N] [FIXTURE.evd ...]
For each form (default: the 2021 seed form, the first SAST 2020 form and the first Form B), prints the
median of N runs of `write_pdf` (fonts already loaded, as in a running window), the first run of the
process (loading the font too), the pages, and the median of LibreOffice converting the `write_xlsx`
workbook of the same form to PDF (`soffice --headless --convert-to pdf`, warm profile), with the ratio.
Then the stress form: 5,000-character goals, two 2,000-character reasons, 200 indicators; a batch of
--batch forms (the fixtures over and over) written as one workbook and one PDF; and one form whose
年度总体目标 is a single 25,000- and 100,000-character text, to show that the time grows linearly.
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


def xlsx_of(forms) -> bytes:
    from evaldesk.export.xlsx import write_xlsx

    buffer = io.BytesIO()
    write_xlsx(forms, buffer)
    return buffer.getvalue()


def pdfs_of(forms) -> bytes:
    from evaldesk.export.pdf import write_pdf

    buffer = io.BytesIO()
    write_pdf(forms, buffer)
    return buffer.getvalue()


def long_text_form(form, length: int):
    sentence = "围绕年度绩效目标，推进各项工作并按期完成，"
    form.fields["goal_expected"] = (sentence * (length // len(sentence) + 1))[:length]
    return form


def batch_and_long(registry, fixtures: Path, batch: int) -> None:
    names = sorted(p.name for p in fixtures.glob("*.evd"))
    forms = [load_form(fixtures / names[i % len(names)], registry) for i in range(batch)]
    for label, write in (("xlsx", xlsx_of), ("pdf", pdfs_of)):
        seconds = timed(lambda: write(forms), 1)
        print(f"{f'batch of {batch} forms, {label}':34} {'':>5} {'':>10} {seconds:10.3f}s  ({seconds / batch * 1000:.0f} ms a form)")
    for length in (25_000, 100_000):
        form = long_text_form(load_form(fixtures / DEFAULT[0], registry), length)
        for label, write in (("xlsx", xlsx_of), ("pdf", pdfs_of)):
            try:
                seconds = timed(lambda: write([form]), 1)
                shown = f"{seconds:10.3f}s"
            except Exception as error:  # the format cannot hold it: refused, say so
                shown = f"refused: {error}"[:60]
            print(f"{f'one {length:,}-character text, {label}':34} {'':>5} {'':>10} {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fixtures", nargs="*", default=DEFAULT)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--batch", type=int, default=500, help="forms in the batch export (0: skip)")
    parser.add_argument("--no-libreoffice", action="store_true", help="skip the LibreOffice comparison")
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
            office = None if args.no_libreoffice else libreoffice_seconds(form, max(3, args.runs // 5), Path(work))
        office_text = f"{office:11.3f}s" if office is not None else f"{'(none)':>12}"
        ratio = f"{office / median:6.0f}×" if office is not None else ""
        print(f"{name:34} {pages:5d} {label} {median:10.3f}s {office_text} {ratio:>7}")
    form = stress_form(load_form(fixtures / DEFAULT[0], registry))
    pages = len(PdfReader(io.BytesIO(pdf_of(form))).pages)
    median = timed(lambda: pdf_of(form), max(3, args.runs // 3))
    print(f"{'stress (200 rows, long texts)':34} {pages:5d} {'':>10} {median:10.3f}s")
    xlsx_median = timed(lambda: xlsx_of([load_form(fixtures / DEFAULT[0], registry)]), args.runs)
    print(f"{'xlsx of ' + DEFAULT[0]:34} {'':>5} {'':>10} {xlsx_median:10.3f}s")
    if args.batch:
        batch_and_long(registry, fixtures, args.batch)


if __name__ == "__main__":
    main()
