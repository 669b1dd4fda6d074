"""Both papers of every form, side by side: the PDF, and the workbook printed by LibreOffice as Excel
would print it. They must be the same pages.

For every fixture and every blank template: the page counts are equal; each page of the workbook holds
the very rows the PDF's page holds (its first row, and every text the paginator put there); no page
holds only headers, a total or a signatures; every text of the form is printed once (repeated headers
and （续） labels aside); body text is 10.5 pt in both; no page says 草稿 unless asked.
LibreOffice is given the bundled Song face for 宋体 (a fontconfig file in a temporary HOME), as Windows
gives Excel SimSun: the same metrics the paginator measured with.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from evaldesk.domain.form import new_form
from evaldesk.domain.problems import evaluate
from evaldesk.domain.sheet import build_sheet
from evaldesk.export.fonts import font_chain
from evaldesk.export.lines import Measure
from evaldesk.export.pages import BODY_SIZE, LEAST_SIZE, paginate
from evaldesk.export.pdf import write_pdf
from evaldesk.export.xlsx import write_xlsx
from evaldesk.storage.evd import load_form
from evaldesk.storage.paths import fonts_dir

pytestmark = pytest.mark.heavy

FIXTURES = Path(__file__).parents[1] / "fixtures"
A4 = (595, 842)
ALONE = {"table-header", "total", "signature", "stamp", "notes", "title"}  # never all a page holds
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{fonts}</dir>
  <match target="pattern"><test name="family"><string>宋体</string></test>
    <edit name="family" mode="assign" binding="strong"><string>EvalDesk Song</string></edit></match>
  <match target="pattern"><test name="family"><string>SimSun</string></test>
    <edit name="family" mode="assign" binding="strong"><string>EvalDesk Song</string></edit></match>
</fontconfig>
"""


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _forms(registry) -> dict:
    forms = {path.stem: load_form(path, registry) for path in sorted(FIXTURES.glob("*.evd"))}
    for template in registry.templates.values():
        forms[f"blank-{template.id}"] = new_form(template)
    return forms


@pytest.fixture(scope="module")
def papers(registry, tmp_path_factory):
    """name -> (form, the pages, our PDF's reader, LibreOffice's PDF reader of the workbook)."""
    assert shutil.which("libreoffice"), "LibreOffice is missing: run scripts/system-deps.sh test"
    folder = tmp_path_factory.mktemp("papers")
    home = folder / "home"
    (home / ".config" / "fontconfig").mkdir(parents=True)
    (home / ".config" / "fontconfig" / "fonts.conf").write_text(FONTS_CONF.format(fonts=fonts_dir()), "utf-8")
    measure = Measure(font_chain())
    forms, books, pdfs = _forms(registry), [], {}
    for name, form in forms.items():
        book = folder / f"{name}.xlsx"
        with book.open("wb") as stream:
            write_xlsx([form], stream)
        books.append(str(book))
        buffer = io.BytesIO()
        write_pdf([form], buffer)
        pdfs[name] = PdfReader(io.BytesIO(buffer.getvalue()))
    out = folder / "lo"
    env = {**os.environ, "HOME": str(home)}
    subprocess.run(
        ["libreoffice", "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", "pdf",
         "--outdir", str(out), *books],
        check=True, capture_output=True, timeout=600, env=env,
    )
    return {name: (form, paginate(build_sheet(form, evaluate(form)[0]), measure), pdfs[name], PdfReader(out / f"{name}.pdf"))
            for name, form in forms.items()}


def names(registry_names=None):
    fixtures = [p.stem for p in sorted(FIXTURES.glob("*.evd"))]
    templates = sorted(p.stem for p in (Path(__file__).parents[2] / "src/evaldesk/resources/templates").glob("*.json"))
    return fixtures + [f"blank-{t}" for t in templates]


def page_texts(reader: PdfReader) -> list[str]:
    return [squeeze(page.extract_text()) for page in reader.pages]


@pytest.mark.parametrize("name", names())
def test_the_workbook_prints_the_pdfs_pages(papers, name):
    form, pages, ours, office = papers[name]
    assert len(ours.pages) == len(pages.pages)
    assert len(office.pages) == len(ours.pages), f"PDF {len(ours.pages)} pages, workbook {len(office.pages)}"
    for page in office.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4
    our_texts, office_texts = page_texts(ours), page_texts(office)
    for number, (page, mine, theirs) in enumerate(zip(pages.pages, our_texts, office_texts), start=1):
        for text in page.first_texts():  # the same first row
            assert squeeze(text) in mine and squeeze(text) in theirs, (number, text)
        for piece in page.pieces:  # and the same rows all down the page
            if piece.text and len(squeeze(piece.text)) >= 4:
                assert squeeze(piece.text) in theirs, (number, piece.text[:40])
        assert f"第{number}页共{len(pages.pages)}页" in mine and f"第{number}页共{len(pages.pages)}页" in theirs


@pytest.mark.parametrize("name", names())
def test_no_page_holds_only_headers_a_total_or_signatures(papers, name):
    form, pages, _, _ = papers[name]
    sheet = build_sheet(form, evaluate(form)[0])
    for number, page in enumerate(pages.pages, start=1):
        roles = [sheet.rows[s.row].role for s in page.slices if not s.repeated]
        assert roles and not set(roles) <= ALONE, (number, roles)
        headers = {"table-header", "goals", "funds", "title"}
        assert sheet.rows[page.slices[-1].row].role not in {"table-header", "title"} or number == len(pages.pages)
        assert not (page.slices[-1].repeated or roles[-1] in headers and len(roles) == 1), (number, roles)


@pytest.mark.parametrize("name", names())
def test_every_text_is_printed_once_and_the_signatures_come_after_two_indicator_rows(papers, name):
    form, pages, _, office = papers[name]
    sheet = build_sheet(form, evaluate(form)[0])
    printed = Counter()
    for page in pages.pages:
        parts = {}
        for piece in page.pieces:
            if not piece.repeat:
                parts.setdefault(id(piece.cell), []).append(piece.text)
        printed.update("".join(p) for p in parts.values())
    whole: dict[int, str] = {}
    for page in pages.pages:
        for piece in page.pieces:
            if not piece.repeat:
                whole[id(piece.cell)] = whole.get(id(piece.cell), "") + piece.text
    expected = Counter(c.text for row in sheet.rows for c in row.cells if c.text)
    assert Counter(t for t in whole.values() if t) == expected
    last = pages.pages[-1]
    roles = [sheet.rows[s.row].role for s in last.slices if not s.repeated]
    closing = ("signature", "stamp", "total", "notes")
    tail = [r.role for r in sheet.rows][::-1]
    tail = tail[:next((i for i, role in enumerate(tail) if role not in closing), len(tail))]
    after_table = len(tail) < len(sheet.rows) and sheet.rows[-len(tail) - 1].role == "table-row" if tail else False
    if after_table:  # the total and the signatures go with at least two indicator rows
        assert roles.count("table-row") >= min(2, sum(r.role == "table-row" for r in sheet.rows)), roles
    else:  # other rows (偏差原因, 纠偏措施) come between: the last page still holds more than the closing lines
        assert any(role not in closing for role in roles), roles


def _sizes(reader: PdfReader) -> Counter:
    sizes = Counter()

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            sizes[round(size * scale, 1)] += len(text.strip())

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return sizes


@pytest.mark.parametrize("name", names())
def test_body_text_is_10_5_pt_in_both_and_no_draft_mark_unasked(papers, name):
    _, _, ours, office = papers[name]
    for reader in (ours, office):
        sizes = _sizes(reader)
        assert sizes.most_common(1)[0][0] == BODY_SIZE, sizes
        assert min(sizes) >= LEAST_SIZE - 0.05, sizes
        assert all("草稿" not in text for text in page_texts(reader))
