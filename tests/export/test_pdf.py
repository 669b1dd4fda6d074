"""The PDF a clerk prints and signs, read back with pypdf: every text there and in order, the font
embedded, pages numbered, the draft mark only when wanted, one bookmark per form in a batch."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_pdf_support import (
    FOOTER, assert_texts_in_order, embedded_fonts, export, page_texts, sheet_texts, squeeze, text_positions,
)

from evaldesk.cli import main
from evaldesk.domain.template import template_from_dict
from evaldesk.domain.edits import SetField
from evaldesk.export.pdf import DRAFT_MARK, FOOTER_Y, MARGIN_TOP, MARGIN_X, PAGE_HEIGHT, PAGE_WIDTH

FIXTURES = sorted(p.name for p in (Path(__file__).parents[1] / "fixtures").glob("*.evd"))


@pytest.mark.parametrize("name", FIXTURES)
def test_every_text_of_the_form_is_printed_in_reading_order(name, load_fixture):
    form = load_fixture(name)
    reader = export(form, draft=False)
    doc = "".join(page_texts(reader))
    assert_texts_in_order(doc, sheet_texts(form), max_gaps=len(reader.pages) + 1)


@pytest.mark.parametrize("name", FIXTURES)
def test_fonts_are_embedded_truetype_subsets(name, load_fixture):
    fonts = embedded_fonts(export(load_fixture(name)))
    assert fonts and all(fonts.values()), fonts
    assert all("+" in base for base in fonts)  # subset tag: only the characters used are shipped


@pytest.mark.parametrize("name", FIXTURES)
def test_pages_are_numbered_and_nothing_is_drawn_off_the_page(name, load_fixture):
    reader = export(load_fixture(name))
    count = len(reader.pages)
    for number, (page, text) in enumerate(zip(reader.pages, page_texts(reader)), start=1):
        assert FOOTER.findall(text) == [(str(number), str(count))]
        for x, y, piece in text_positions(page):
            assert MARGIN_X - 1 <= x <= PAGE_WIDTH - MARGIN_X, piece
            assert FOOTER_Y - 1 <= y <= PAGE_HEIGHT - MARGIN_TOP, piece


def test_seed_figures_appear_as_on_the_paper_form(load_fixture):
    doc = "".join(page_texts(export(load_fixture("selfeval-2021-newenergy.evd"))))
    # The header of the 2021 seed: amounts with thousands separators, the rate rounded up, the scores.
    assert_texts_in_order(doc, ["412,907.00", "147,663.64", "35.77%", "3.58", "总分", "100", "87.16"], max_gaps=0)


def test_signature_block_closes_the_last_page(load_fixture):
    texts = page_texts(export(load_fixture("selfeval-2020-sast-01.evd")))
    last = texts[-1]
    assert_texts_in_order(last, ["填报人：", "联系电话：", "单位负责人：", "填报日期：", "单位（盖章）："], max_gaps=0)
    assert all("填报人" not in text for text in texts[:-1])


def test_template_chooses_its_signature_lines_or_none(load_fixture):
    form = load_fixture("selfeval-2020-sast-01.evd")
    form.template = template_from_dict({**form.template.source, "signature": ["经办人", "审核人", "单位（盖章）"]})
    last = page_texts(export(form))[-1]
    assert_texts_in_order(last, ["经办人：", "审核人：", "单位（盖章）："], max_gaps=0)
    assert "填报人" not in last
    form.template = template_from_dict({**form.template.source, "signature": []})
    assert all("盖章" not in text for text in page_texts(export(form)))


def test_draft_mark_only_when_asked_or_when_the_form_has_problems(load_fixture):
    form = load_fixture("selfeval-2021-newenergy.evd")
    assert all(DRAFT_MARK not in text for text in page_texts(export(form)))  # a clean form: no mark
    assert all(DRAFT_MARK in text for text in page_texts(export(form, draft=True)))
    SetField("project_name", "").apply(form)  # a required field left empty: the form is not final
    assert all(DRAFT_MARK in text for text in page_texts(export(form)))
    assert all(DRAFT_MARK not in text for text in page_texts(export(form, draft=False)))


def test_batch_starts_each_form_on_a_new_page_with_a_bookmark(load_fixture):
    names = ["selfeval-2020-sast-01.evd", "selfassess-2019-stec-02.evd", "declaration-2018-sast-01.evd"]
    forms = [load_fixture(n) for n in names]
    reader = export(forms)
    texts = page_texts(reader)
    marks = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    assert [title for title, _ in marks] == [f.project_name for f in forms]
    firsts = [page for _, page in marks]
    assert firsts[0] == 0 and firsts == sorted(set(firsts))
    for form, first in zip(forms, firsts):
        assert FOOTER.search(texts[first]).group(1) == "1"  # each form numbers its own pages
        assert texts[first].startswith(squeeze(form.template.title))


def test_cli_exports_a_file_and_a_folder(tmp_path, fixture_path, capsys):
    out = tmp_path / "form.pdf"
    assert main(["export", str(fixture_path("selfeval-2021-newenergy.evd")), "--pdf", str(out)]) == 0
    assert "87.16" in "".join(page_texts(PdfReader(out)))
    batch = tmp_path / "all.pdf"
    assert main(["export", str(fixture_path("x").parent), "--pdf", str(batch), "--draft"]) == 0
    reader = PdfReader(batch)
    assert len(reader.outline) == len(FIXTURES)
    assert all(DRAFT_MARK in text for text in page_texts(reader))


def test_a_label_with_its_unit_in_brackets_prints_on_two_lines():
    """同名项目上年预算执行数（元） in its column: the name on one line (a little smaller), the unit on the
    next, never "同名项目上年预算执行 / 数 / （元）"."""
    from evaldesk.domain import sheet as sh
    from evaldesk.export.fonts import font_chain
    from evaldesk.export.pdf_grid import GridBuilder

    builder = GridBuilder(font_chain(), 510)
    cell = sh.Cell(0, "同名项目上年预算执行数（元）", sh.LABEL)
    para, _ = builder.paragraph(cell, 98.0)
    assert len(para.getActualLineWidths0()) == 2
