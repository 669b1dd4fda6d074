"""The 汇总表 workbook as LibreOffice prints it: it opens, every page is A4 landscape, and the totals
and the charts' titles are on the pages (checked by eye on the rendered pages when this was written)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from evaldesk.domain.numbers import format_money
from evaldesk.domain.summary import summarise
from evaldesk.export.summary_xlsx import write_summary_xlsx
from evaldesk.storage.library import LibraryIndex

pytestmark = pytest.mark.heavy

FIXTURES = Path(__file__).parents[1] / "fixtures"


def test_libreoffice_opens_and_prints_the_summary(registry, tmp_path):
    assert shutil.which("libreoffice"), "LibreOffice is missing: run scripts/system-deps.sh test"
    scan = LibraryIndex(registry, tmp_path / "index.json").scan([FIXTURES])
    summary = summarise(scan.entries, scan.damaged)
    book = tmp_path / "汇总表.xlsx"
    with book.open("wb") as stream:
        write_summary_xlsx(summary, stream)
    subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(book)], check=True, capture_output=True,
                   timeout=240)
    reader = PdfReader(tmp_path / "汇总表.pdf")
    assert all((round(float(p.mediabox.width)), round(float(p.mediabox.height))) == (842, 595) for p in reader.pages)
    text = "".join(page.extract_text() for page in reader.pages)
    assert f"合计（{len(summary.entries)} 份）" in text
    assert format_money(summary.total.executed) in text and format_money(summary.total.annual_budget) in text
    assert "等级分布" in text and "各项目执行率" in text
