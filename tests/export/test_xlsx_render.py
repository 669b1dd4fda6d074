"""The exported workbooks as a printer shows them: LibreOffice prints each to PDF, as Excel would.

Every page must be A4 portrait, the page count what the layout gives (checked by eye on the rendered
pages when these numbers were set), and every text of the form on the pages — nothing cut off.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from evaldesk.domain.compute import compute
from evaldesk.domain.sheet import CHECKED, UNCHECKED, build_sheet
from evaldesk.export import xlsx_layout as layout
from evaldesk.export.xlsx import place_cells, write_xlsx
from evaldesk.storage.evd import load_form

pytestmark = pytest.mark.heavy

FIXTURES = Path(__file__).parents[1] / "fixtures"
PAGES = {  # as rendered and looked at
    "declaration-2018-sast-01": 2,
    "declaration-2018-sast-02": 2,
    "selfassess-2019-stec-01": 9,
    "selfassess-2019-stec-02": 4,
    "selfeval-2020-sast-01": 2,
    "selfeval-2020-sast-02": 3,
    "selfeval-2020-sast-03": 3,
    "selfeval-2020-sast-06": 3,
    "selfeval-2020-sast-14": 2,
    "selfeval-2021-newenergy": 3,
    "formula-like-text": 3,
}
A4 = (595, 842)
BOXES = (CHECKED, UNCHECKED)
FORMULA_LIKE = ['=HYPERLINK("http://x","y")', "+1", "-2", "@x"]


def _forms(registry) -> dict:
    forms = {path.stem: load_form(path, registry) for path in sorted(FIXTURES.glob("*.evd"))}
    tricky = load_form(FIXTURES / "selfeval-2021-newenergy.evd", registry)
    tricky.fields["project_name"] = FORMULA_LIKE[0]
    for row, text in zip(tricky.tables["indicators"][1:], FORMULA_LIKE[1:]):
        row.values["actual"] = text
    forms["formula-like-text"] = tricky
    return forms


@pytest.fixture(scope="module")
def printed(registry, tmp_path_factory):
    """Each form exported and printed to PDF by LibreOffice: name -> (form, pdf path)."""
    assert shutil.which("libreoffice"), "LibreOffice is missing: run scripts/system-deps.sh test"
    folder = tmp_path_factory.mktemp("render")
    forms = _forms(registry)
    books = []
    for name, form in forms.items():
        book = folder / f"{name}.xlsx"
        with book.open("wb") as stream:
            write_xlsx([form], stream)
        books.append(str(book))
    subprocess.run(
        ["libreoffice", "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", "pdf",
         "--outdir", str(folder), *books],
        check=True, capture_output=True, timeout=300,
    )
    return {name: (form, folder / f"{name}.pdf") for name, form in forms.items()}


def _pdf_text(path: Path) -> tuple[str, list]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    text = "".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", "", text), reader.pages


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_is_a4_portrait_and_the_page_count_is_the_layouts(printed, name):
    form, pdf = printed[name]
    _, pages = _pdf_text(pdf)
    for page in pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4
    assert len(pages) == PAGES[name]


def _without_boxes(text: str) -> str:
    return "".join(ch for ch in text if ch not in BOXES)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_all_the_text_of_the_form_is_on_the_pages(printed, name):
    form, pdf = printed[name]
    text, _ = _pdf_text(pdf)
    sheet = build_sheet(form, compute(form))
    placed, _, _ = place_cells(sheet, layout.column_widths(sheet.column_widths))
    # LibreOffice draws ☐ ☑ from a fallback font, and the PDF's text comes out with those runs at the
    # end of their line: compare the words without the boxes, and count the boxes apart.
    unboxed = _without_boxes(text)
    missing = [item.text for item in placed if item.text and _without_boxes(re.sub(r"\s+", "", item.text)) not in unboxed]
    assert missing == []
    for box in BOXES:
        assert text.count(box) == sum(item.text.count(box) for item in placed)
    assert "第1页，共" in text


def test_formula_like_text_prints_as_typed(printed):
    text, _ = _pdf_text(printed["formula-like-text"][1])
    for typed in FORMULA_LIKE:
        assert re.sub(r"\s+", "", typed) in text
